/** When the managers are escalated to and how each escalation is keyed (functions/core/escalations.ts). */
import { describe, expect, it } from 'vitest';
import { isWorkingDay, londonDateOf, parseLocalDate } from '../../functions/core/calendar';
import {
  askedAlreadyOverdue,
  escalationRecipients,
  catchUpsDue,
  escalatesToLeadInspector,
  escalationDuty,
  escalationOccasion,
  firstWorkingDayOverdue,
  heldBackBy,
  nextEscalation,
  owedEscalations,
  timeLeft,
  waitTimeLeft,
  watchedSteps,
} from '../../functions/core/escalations';
import { timelineFor } from '../../functions/core/inspection';
import { inadequateFullInspection } from '../functions/steps/step-harness';
import { buildTimeline, PROCESSES, type ProcessId } from '../../functions/core/regulations';

const HOUR_MS = 3_600_000;

/** Every escalation of a step from its deadline until `until`, as the wait loop meets them (timeLeft, then escalate). */
function escalationsUntil(step: { due: string }, until: string) {
  const sent = new Map<string, { day: string; number: number; at: string }>();
  let now = new Date(Date.parse(step.due) - HOUR_MS);
  for (;;) {
    now = new Date(now.getTime() + timeLeft(step, now).seconds * 1000);
    if (now.getTime() > Date.parse(until)) break;
    const occasion = escalationOccasion(step, now);
    // The outbox keys each by its duty: a second one for the same day would send nothing.
    if (occasion) sent.set(escalationDuty('inadequate', 'case-review', occasion.day), { day: occasion.day, number: occasion.number, at: now.toISOString() });
  }
  return [...sent.values()];
}

describe('escalations', () => {
  it('keys escalations by their working day, so there is at most one a working day', () => {
    expect(escalationDuty('inadequate', 'dcs-alert', parseLocalDate('2026-12-29'))).toBe('escalation:inadequate:dcs-alert:2026-12-29');
  });

  it('escalates a Monday step once as the deadline passes, named Tuesday, its 1st working day overdue; the next goes on Wednesday, never again on Tuesday at 23:59', () => {
    // Mon 7 Dec 2026, due by the end of the day (GMT)
    const monday = { due: '2026-12-07T23:59:59.000Z' };
    const sent = escalationsUntil(monday, '2026-12-10T12:00:00.000Z');
    expect(sent).toEqual([
      { day: '2026-12-08', number: 1, at: '2026-12-07T23:59:59.000Z' },
      { day: '2026-12-09', number: 2, at: '2026-12-09T00:00:00.000Z' },
      { day: '2026-12-10', number: 3, at: '2026-12-10T00:00:00.000Z' },
    ]);
    // A retry after midnight, and one later that Tuesday, find Tuesday's escalation: no second email.
    expect(escalationOccasion(monday, new Date('2026-12-08T00:00:40.000Z'))?.day).toBe('2026-12-08');
    expect(escalationOccasion(monday, new Date('2026-12-08T23:59:59.000Z'))?.day).toBe('2026-12-08');
    expect(escalationOccasion(monday, new Date('2026-12-07T23:59:58.000Z'))).toBeUndefined();
  });

  it('escalates a step already overdue when its wait starts on the first working day of the wait, counted from the deadline', () => {
    // A case review due by the end of Friday 27 November 2026, asked for on Sunday 29 November.
    const friday = { due: '2026-11-27T23:59:59.000Z' };
    const sunday = new Date('2026-11-29T10:00:00.000Z');
    const owed = escalationOccasion(friday, sunday);
    expect(owed).toMatchObject({ day: '2026-11-30', number: 1 });
    // Unsent: the wait lasts until Monday 00:00 London, not until Tuesday's escalation.
    expect(timeLeft(friday, sunday, owed).seconds).toBe((Date.parse('2026-11-30T00:00:00.000Z') - sunday.getTime()) / 1000);
    expect(timeLeft(friday, sunday).seconds).toBe((Date.parse('2026-12-01T00:00:00.000Z') - sunday.getTime()) / 1000);
    // Asked for on Monday at 10:00: at once, as Monday's (1st working day overdue).
    const monday = new Date('2026-11-30T10:00:00.000Z');
    expect(escalationOccasion(friday, monday)).toMatchObject({ day: '2026-11-30', number: 1 });
    expect(timeLeft(friday, monday, escalationOccasion(friday, monday)).seconds).toBe(1);
    // Asked for on a working day of the weekly phase (Thursday 10 December, the 9th working day overdue): that day's.
    expect(escalationOccasion(friday, new Date('2026-12-10T10:00:00.000Z'))).toMatchObject({ day: '2026-12-10', number: 9 });
  });

  it('counts a 13:00 deadline overdue on its own day', () => {
    const annexA = { due: '2027-03-01T13:00:00.000Z' };
    const monday = parseLocalDate('2027-03-01');
    expect(firstWorkingDayOverdue(annexA)).toBe(monday);
    expect(escalationOccasion(annexA, new Date('2027-03-01T13:00:01.000Z'))).toMatchObject({ day: '2027-03-01', number: 1 });
    expect(nextEscalation(annexA, new Date('2027-03-01T13:00:01.000Z'))).toMatchObject({ day: '2027-03-02', number: 2 });
  });

  it('skips weekends and bank holidays: a Wednesday 23 Dec 2026 deadline is late first on Thu 24 Dec, then on Tue 29 Dec', () => {
    const wednesday = { due: '2026-12-23T23:59:59.000Z' };
    expect(escalationsUntil(wednesday, '2026-12-30T12:00:00.000Z').map(({ day, number }) => [day, number])).toEqual([
      ['2026-12-24', 1],
      ['2026-12-29', 2],
      ['2026-12-30', 3],
    ]);
    // In BST the day starts at 23:00 UTC the evening before.
    expect(nextEscalation({ due: '2027-06-02T22:59:59.000Z' }, new Date('2027-06-02T23:30:00.000Z'))).toEqual({
      day: '2027-06-04',
      number: 2,
      at: Date.parse('2027-06-03T23:00:00.000Z'),
    });
  });

  it('escalates daily for the first week overdue, then weekly, on working days only, one a day at most', () => {
    // An urgent case review due Wed 23 Dec 2026 and never decided: twelve weeks of escalations.
    const sent = escalationsUntil({ due: '2026-12-23T23:59:59.000Z' }, '2027-03-17T12:00:00.000Z');
    expect(sent.map(({ number }) => number)).toEqual([1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(sent.every(({ day }) => isWorkingDay(parseLocalDate(day)))).toBe(true);
    expect(new Set(sent.map(({ at }) => londonDateOf(at))).size).toBe(sent.length);
  });
});

describe('escalatesToLeadInspector: the steps that are the lead inspector’s to do', () => {
  const escalated = (Object.keys(PROCESSES) as ProcessId[]).flatMap((process) =>
    PROCESSES[process].steps.filter((step) => escalatesToLeadInspector(process, step.id)).map((step) => `${process}:${step.id}`),
  );

  it('are the call announcing an assurance visit, the judgements, the reports and the return or monitoring visits, each the inspector’s in the timeline', () => {
    expect(escalated.sort()).toEqual(
      [
        'assurance-visit:announce',
        'assurance-visit:draft-report-qa',
        'assurance-visit:final-report-to-provider',
        'assurance-visit:monitoring-visit-latest',
        'assurance-visit:publish',
        'assurance-visit:report-to-provider',
        'assurance-visit:visit-end',
        'full-inspection:judgements-recorded',
        'full-inspection:publish',
        'full-inspection:report-to-provider',
        'inadequate:monitoring-visit-latest',
        'interim-inspection:judgements-recorded',
        'interim-inspection:publish',
        'interim-inspection:report-to-provider',
        'interim-inspection:return-visit',
        'monitoring-visit:monitoring-visit-latest',
        'monitoring-visit:publish',
        'rfc-inspection:publish',
        'rfc-inspection:report-to-provider',
      ].sort(),
    );
    for (const key of escalated) {
      const [process, stepId] = key.split(':') as [ProcessId, string];
      expect(PROCESSES[process].steps.find((step) => step.id === stepId)?.actor, key).toBe('inspector');
    }
  });

  it('are not the next inspection a timeline asks for: scheduling it is the managers’', () => {
    expect(escalated.filter((key) => /full-inspection-latest|next-inspection-latest/.test(key))).toEqual([]);
  });
});

describe('a wait escalates the later steps it holds back (watchedSteps)', () => {
  // A full inspection that ended Tue 22 Dec 2026: the report to the provider was due Fri 8 Jan 2027, publication Fri
  // 29 Jan (25 working days), whether or not the report went to the provider.
  const record = inadequateFullInspection();
  const timeline = timelineFor(record, 'full-inspection');
  const waitOnReport = (now: string, unsent: 'none' | 'all' = 'none') => {
    const owed = owedEscalations(record, 'full-inspection', timeline, 'report-to-provider', new Date(now));
    return { owed, left: waitTimeLeft('full-inspection', timeline, 'report-to-provider', new Date(now), unsent === 'all' ? owed : []) };
  };

  it('watches the step it waits on, then the later report stages not yet done', () => {
    expect(watchedSteps('full-inspection', timeline, 'report-to-provider', new Date('2027-01-05T12:00:00Z')).map((step) => step.id)).toEqual(['report-to-provider', 'publish']);
    const published = timelineFor(inadequateFullInspection({ actuals: { 'full-inspection': { publish: parseLocalDate('2027-01-20') } } }), 'full-inspection');
    expect(watchedSteps('full-inspection', published, 'report-to-provider', new Date('2027-01-05T12:00:00Z')).map((step) => step.id)).toEqual(['report-to-provider']);
    expect(watchedSteps('inadequate', timelineFor(record, 'inadequate'), 'case-review', new Date('2027-01-05T12:00:00Z')).map((step) => step.id)).toEqual(['case-review']);
  });

  it('watches a monitoring report while its visit is awaited only until the visit is due: then the visit is late, not the report', () => {
    // The monitoring visit is due by Tue 16 Feb 2027 (8 weeks after Tue 22 Dec 2026), its report 25 working days after
    // it: Tue 23 Mar when counted from that planned day. The report's clock starts with the visit (§71, §82).
    const visits = buildTimeline(PROCESSES['monitoring-visit'], { anchors: { 'inspection-end': parseLocalDate('2026-12-22') } });
    const watched = (now: string) => watchedSteps('monitoring-visit', visits, 'monitoring-visit-latest', new Date(now)).map((step) => step.id);
    expect(watched('2027-02-16T12:00:00Z')).toEqual(['monitoring-visit-latest', 'publish']);
    expect(watched('2027-02-17T00:00:00Z')).toEqual(['monitoring-visit-latest']);
    const owed = owedEscalations(record, 'monitoring-visit', visits, 'publish', new Date('2027-03-24T09:00:00Z'));
    expect(owed).toEqual([]);
  });

  it('wakes at the held step’s deadline when it comes before the awaited step’s next escalation, keeping the awaited step’s due instant', () => {
    // Fri 29 Jan 12:00: the report's 15th working day overdue was escalated at 00:00; its next is the 20th, Fri 5 Feb.
    const { owed, left } = waitOnReport('2027-01-29T12:00:00.000Z');
    expect(owed.map(({ step, occasion }) => [step.id, occasion.number])).toEqual([['report-to-provider', 15]]);
    expect(left).toEqual({ seconds: (Date.parse('2027-01-29T23:59:59.000Z') - Date.parse('2027-01-29T12:00:00.000Z')) / 1000, dueAt: '2027-01-08T23:59:59.000Z' });
  });

  it('owes the held step’s escalation once its deadline passes, under its own duty, and wakes at once for it when unsent', () => {
    const { owed, left } = waitOnReport('2027-02-01T09:00:00.000Z', 'all');
    expect(owed.map(({ duty, occasion }) => [duty, occasion.number])).toEqual([
      ['escalation:full-inspection:report-to-provider:2027-02-01', 16],
      ['escalation:full-inspection:publish:2027-02-01', 1],
    ]);
    expect(left.seconds).toBe(1);
    // Monday is not on the report's cadence (its 16th working day overdue): its escalation stands in for Friday's 15th,
    // owed only if that one was never sent (a wait begun late). Sent, the wait woken for the publication adds none.
    expect(owed[0]?.standsInFor).toBe('escalation:full-inspection:report-to-provider:2027-01-29');
    expect(owed[1]?.standsInFor).toBeUndefined();
    expect(catchUpsDue(owed, new Set(['escalation:full-inspection:report-to-provider:2027-01-29'])).map(({ step }) => step.id)).toEqual(['publish']);
    expect(catchUpsDue(owed, new Set()).map(({ step }) => step.id)).toEqual(['report-to-provider', 'publish']);
    // Both sent: the publication's 2nd escalation, Tue 2 Feb, comes before the report's 20th working day overdue.
    expect(waitOnReport('2027-02-01T09:00:00.000Z').left.seconds).toBe((Date.parse('2027-02-02T00:00:00.000Z') - Date.parse('2027-02-01T09:00:00.000Z')) / 1000);
  });
});

describe('a step held back by an overdue step (heldBackBy)', () => {
  // A full inspection that ended Tue 22 Dec 2026 whose judgements were never recorded (due Wed 23 Dec): the report to
  // the provider was due Fri 8 Jan 2027 and cannot be recorded before them, nor publication (due Fri 29 Jan) before it.
  const unjudged = inadequateFullInspection({ actuals: { 'full-inspection': { 'judgements-recorded': undefined as never } } });
  const timeline = timelineFor(unjudged, 'full-inspection');
  const owedOn = (stepId: string, now: string) => owedEscalations(unjudged, 'full-inspection', timeline, stepId, new Date(now)).map(({ step, occasion }) => [step.id, occasion.number]);
  const heldBack = (now: string) => heldBackBy(timeline, 'judgements-recorded', new Date(now)).map((step) => step.id);

  it('escalates the held step as its deadline passes, then not on its own while the step holding it back is overdue', () => {
    expect(owedOn('report-to-provider', '2027-01-08T23:59:59.000Z')).toEqual([['report-to-provider', 1]]);
    expect(owedOn('report-to-provider', '2027-01-12T09:00:00.000Z')).toEqual([]);
    expect(owedOn('report-to-provider', '2027-01-15T09:00:00.000Z')).toEqual([]);
    // The publication too: its first working day overdue (Mon 1 Feb), then nothing.
    expect(owedOn('publish', '2027-02-01T09:00:00.000Z')).toEqual([['publish', 1]]);
    expect(owedOn('publish', '2027-02-02T09:00:00.000Z')).toEqual([]);
  });

  it('names the overdue steps the judgements hold back, directly or through the report, not a step whose clock has not started', () => {
    expect(heldBack('2027-01-08T12:00:00.000Z')).toEqual([]);
    expect(heldBack('2027-01-12T09:00:00.000Z')).toEqual(['report-to-provider']);
    // The provider's comments count from the report not yet sent: only planned, never listed.
    expect(heldBack('2027-02-02T09:00:00.000Z')).toEqual(['report-to-provider', 'publish']);
    // The report holds the publication back directly (its escalations, once the judgements are recorded, name it).
    expect(heldBackBy(timeline, 'report-to-provider', new Date('2027-02-02T09:00:00.000Z')).map((step) => step.id)).toEqual(['publish']);
  });

  it('escalates the held step on its own again once the step holding it back is recorded', () => {
    const judged = inadequateFullInspection({ actuals: { 'full-inspection': { 'judgements-recorded': parseLocalDate('2027-02-01') } } });
    const own = timelineFor(judged, 'full-inspection');
    // Tue 2 Feb: the report is owed its 17th working day overdue (a catch-up for the 15th, never sent); the publication,
    // held back by the report now, is not (its first went on Monday).
    const owed = owedEscalations(judged, 'full-inspection', own, 'report-to-provider', new Date('2027-02-02T09:00:00.000Z'));
    expect(owed.map(({ step, occasion, standsInFor }) => [step.id, occasion.number, standsInFor])).toEqual([
      ['report-to-provider', 17, 'escalation:full-inspection:report-to-provider:2027-01-29'],
    ]);
    // The publication is held back by the report now, which is escalated and names it.
    expect(heldBackBy(own, 'report-to-provider', new Date('2027-02-02T09:00:00.000Z')).map((step) => step.id)).toEqual(['publish']);
  });
});

describe('askedAlreadyOverdue: the managers asked for the decision after its deadline, that day', () => {
  const step = { due: '2026-12-23T23:59:59.000Z' };
  it('holds on the occasion of the day they were asked (London), not before the deadline, nor on another day', () => {
    expect(askedAlreadyOverdue(step, { day: parseLocalDate('2026-12-29') }, '2026-12-29T08:59:00.000Z')).toBe(true);
    expect(askedAlreadyOverdue(step, { day: parseLocalDate('2026-12-30') }, '2026-12-29T08:59:00.000Z')).toBe(false);
    expect(askedAlreadyOverdue(step, { day: parseLocalDate('2026-12-23') }, '2026-12-23T18:00:00.000Z')).toBe(false);
    // Asked on Sunday 27 December: Tuesday's occasion (Monday 28 is a bank holiday) is news to them.
    expect(askedAlreadyOverdue(step, { day: parseLocalDate('2026-12-29') }, '2026-12-27T12:00:00.000Z')).toBe(false);
    // London's day, not UTC's: 00:30 on 1 July in London is 30 June 23:30 UTC.
    expect(askedAlreadyOverdue({ due: '2027-06-29T22:59:59.000Z' }, { day: parseLocalDate('2027-07-01') }, '2027-06-30T23:30:00.000Z')).toBe(true);
  });
});

describe('a deadline that passes on a weekend or bank holiday (a calendar-day rule: the interim report’s 25 days)', () => {
  // Due by the end of Saturday 26 December 2026 (Boxing Day); Monday 28 is the bank holiday in lieu.
  const step = { due: '2026-12-26T23:59:59.000Z' };
  it('is first escalated at 00:00 on its first working day overdue, not as it passes (found by a new-user walk: sent on a Saturday at 23:59)', () => {
    expect(escalationOccasion(step, new Date('2026-12-27T00:00:00.000Z'))).toBeUndefined();
    expect(nextEscalation(step, new Date('2026-12-27T00:00:00.000Z'))).toEqual({ day: '2026-12-29', number: 1, at: Date.parse('2026-12-29T00:00:00.000Z') });
    expect(escalationOccasion(step, new Date('2026-12-29T09:00:00.000Z'))).toMatchObject({ day: '2026-12-29', number: 1 });
    // The wait that times out as it passes waits again until then.
    expect(timeLeft(step, new Date('2026-12-26T23:59:59.000Z')).seconds).toBe(2 * 86_400 + 1);
  });

  it('is still first escalated as it passes on a working day', () => {
    const friday = { due: '2027-01-08T23:59:59.000Z' };
    expect(nextEscalation(friday, new Date('2027-01-08T12:00:00.000Z'))).toEqual({ day: '2027-01-11', number: 1, at: Date.parse(friday.due) });
  });
});

describe('escalationRecipients', () => {
  it('names the managers and the senior manager, the lead inspector for their own steps, and the compliance inspectors for their decisions', () => {
    expect(escalationRecipients({ askedToday: false, toLeadInspector: false })).toEqual(['manager', 'senior-manager']);
    expect(escalationRecipients({ askedToday: false, toLeadInspector: true })).toEqual(['manager', 'senior-manager', 'inspector']);
    expect(escalationRecipients({ decidedBy: 'compliance-inspectors', askedToday: false, toLeadInspector: false })).toEqual(['manager', 'senior-manager', 'compliance-inspectors']);
  });

  it('leaves out those who decide the step the day they were asked for it already overdue, never the senior manager', () => {
    expect(escalationRecipients({ decidedBy: 'managers', askedToday: true, toLeadInspector: false })).toEqual(['senior-manager']);
    expect(escalationRecipients({ decidedBy: 'compliance-inspectors', askedToday: true, toLeadInspector: false })).toEqual(['manager', 'senior-manager']);
    expect(escalationRecipients({ decidedBy: 'managers', askedToday: false, toLeadInspector: false })).toEqual(['manager', 'senior-manager']);
  });
});
