/**
 * What the screens show at a given moment: step statuses, the next deadline, the inspections list, and the ledger
 * of alert emails and follow-up calls (SCCIF 15.3). Every `now` is given; the clock is never read.
 *
 * Days used below, worked out by hand (see test/core/calendar.test.ts):
 *   Dec 2026: Fri 18, Mon 21, Tue 22, Wed 23, Thu 24, Fri 25 (Christmas Day), Sat 26, Sun 27, Mon 28 (Boxing Day
 *             substitute), Tue 29, Wed 30, Thu 31; Jan 2027: Fri 1 (New Year's Day), Mon 4, ... Fri 8.
 *   Working days after Wed 23 Dec 2026: Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), Mon 4 Jan (5).
 *   BST ends Sun 25 Oct 2026: Fri 23 Oct 23:59:59 London = 22:59:59Z; Mon 26 Oct 23:59:59 London = 23:59:59Z.
 *   December is GMT: 23:59:59 London = 23:59:59Z.
 *
 * The inspection used for timelines ended Tue 22 Dec 2026 and was judged inadequate:
 *   inadequate pathway: case-review, dcs-alert (and dfe-informed for a secure home) by the end of the next working
 *   day = Wed 23 Dec 23:59:59Z; return window opens Tue 2 Feb 2027 (6 weeks), closes Tue 16 Feb 2027 (8 weeks).
 *   full inspection: report to the provider within 10 working days = Fri 8 Jan 2027 (Wed 23 Dec is the 1st, then
 *   24, 29, 30, 31 Dec, 4, 5, 6, 7 and 8 Jan).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfLondonDay, londonDateOf, londonTimeOn, parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { timelinesFor, type InspectionRecord } from '../../functions/core/inspection';
import {
  filterSummaries,
  inspectionStatus,
  inspectionSummary,
  nextDeadline,
  overdueDeadlineCount,
  BEING_SENT_MS,
  notificationLedger,
  overdueWorkingDays,
  STEP_STATUSES,
  stepStatus,
  type InspectionSummary,
  type OutboxEmail,
  type RecordedCall,
  type StepStatus,
} from '../../functions/core/inspection-views';
import { buildTimeline, PROCESSES, type TimelineStep } from '../../functions/core/regulations';
import type { Child } from '../../functions/core/schemas';

const day = (text: string): LocalDate => parseLocalDate(text);

/** A deadline step due by the end of a London day (or at a London time on it). */
function deadlineStep(dueDate: string, overrides: Partial<TimelineStep> & { at?: '13:00' } = {}): TimelineStep {
  const { at, ...rest } = overrides;
  const date = day(dueDate);
  return {
    id: 'dcs-alert',
    title: 'Directors of children’s services of every relevant local authority emailed',
    actor: 'system',
    kind: 'deadline',
    due: at ? londonTimeOn(date, at) : endOfLondonDay(date),
    dueLondonDate: date,
    rule: 'by the end of the next working day following the inspection',
    anchor: { label: 'the inspection', date: day('2026-12-22'), basis: 'given' },
    explanation: 'first working day after the inspection',
    source: "SCCIF: children's homes, section 15 'Inadequate judgements: next steps', 15.3",
    sourceRef: { document: 'sccif-15', paragraph: '15.3' },
    ...rest,
    recordable: rest.recordable ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A small factory of inspection records

const CAMDEN = 'E09000007';
const MANCHESTER = 'E08000003';
const KENT = 'E10000016';

const lookedAfter = (initials: string, placingAuthority: string): Child => ({
  initials,
  placement: { lookedAfter: true, placingAuthority },
});

const PLACER_NAME = 'A Parent';
const CHILDREN: Child[] = [
  lookedAfter('AB', MANCHESTER),
  lookedAfter('CD', KENT),
  { initials: 'EF', placement: { lookedAfter: false, placedBy: { name: PLACER_NAME, email: 'Parent@family.example' } } },
];

type RecordOverrides = Partial<InspectionRecord> & { inadequate?: boolean };

/** A full inspection of a children's home in Camden that ended Tue 22 Dec 2026; inadequate unless told otherwise. */
function fullInspectionRecord({ inadequate = true, ...overrides }: RecordOverrides = {}): InspectionRecord {
  return {
    id: 'insp-0001',
    process: 'full-inspection',
    idempotencyKey: 'log-insp-0001',
    requestHash: 'hash',
    establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: CAMDEN },
    provider: { name: 'Willow Care Ltd', email: 'ri@willow.example' },
    inspectorId: 'inspector-1',
    inspectorName: 'Ann Inspector',
    loggedBy: 'inspector-1',
    dates: { inspectionStart: day('2026-12-21'), inspectionEnd: day('2026-12-22') },
    children: CHILDREN,
    status: 'in-progress',
    createdAt: '2026-12-21T09:00:00.000Z',
    updatedAt: '2026-12-22T17:00:00.000Z',
    // The judgements were recorded on the last day (SCCIF 15.3: due by the end of the next working day).
    actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22') } },
    outcome: {
      outcome: inadequate
        ? {
            process: 'full-inspection',
            overall: 'inadequate',
            helpedAndProtected: 'inadequate',
            leadersAndManagers: 'requires-improvement',
            summaryOfConcerns: 'Safeguarding concerns.',
          }
        : { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T17:00:00.000Z',
    },
    decisions: {},
    scheduled: {},
    followUps: inadequate
      ? { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:00:01.000Z', origin: 'full-inspection' } }
      : {},
    executionName: 'insp-0001--full-inspection',
    ...overrides,
  };
}

/** Every step of both timelines done, on its due day. */
const ALL_DONE: InspectionRecord['actuals'] = {
  'full-inspection': {
    'judgements-recorded': day('2026-12-22'),
    'report-to-provider': day('2027-01-08'),
    'provider-comments': day('2027-01-15'),
    publish: day('2027-01-29'),
    'complaint-window': day('2027-02-12'),
  },
  inadequate: {
    'case-review': day('2026-12-23'),
    'dcs-alert': day('2026-12-23'),
    'monitoring-visit-earliest': day('2027-02-02'),
    'monitoring-visit-latest': day('2027-02-16'),
    'full-inspection-latest': day('2027-04-13'),
  },
};

// ---------------------------------------------------------------------------------------------------------------
// 1. stepStatus

describe("the provider's complaint window: a right, not a duty (children's homes framework §104)", () => {
  const complaintWindow = (record: InspectionRecord) =>
    timelinesFor(record)[0]!.steps.find((step) => step.id === 'complaint-window')!;
  const unpublished = fullInspectionRecord({ inadequate: false });
  const published = fullInspectionRecord({
    inadequate: false,
    actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22'), publish: day('2027-01-29') } },
  });

  it('is not yet open, never overdue, while the report it counts from is not published, long after its planned close', () => {
    expect(complaintWindow(unpublished).kind).toBe('right');
    expect(stepStatus(complaintWindow(unpublished), '2027-06-01T12:00:00Z').status).toBe('not-yet-open');
    expect(overdueWorkingDays(complaintWindow(unpublished), '2027-06-01T12:00:00Z')).toBe(0);
  });

  it('is open from publication until the end of the 10th working day after it, then closed', () => {
    const window = complaintWindow(published);
    expect(window.due).toBe('2027-02-12T23:59:59.000Z');
    expect(stepStatus(window, '2027-01-28T12:00:00Z').status).toBe('not-yet-open');
    expect(stepStatus(window, '2027-01-29T09:00:00Z').status).toBe('open');
    expect(stepStatus(window, '2027-02-12T23:59:59Z').status).toBe('open');
    expect(stepStatus(window, '2027-02-13T00:00:00Z').status).toBe('closed');
  });

  it('cannot be recorded as done, and is never the next deadline', () => {
    expect(complaintWindow(published).recordable).toBe(false);
    expect(nextDeadline(published, '2027-03-01T12:00:00Z')?.step.id).not.toBe('complaint-window');
  });
});

describe("the provider's factual accuracy comments: waiting for the report they answer (children's homes framework §82)", () => {
  const comments = (record: InspectionRecord) => timelinesFor(record)[0]!.steps.find((step) => step.id === 'provider-comments')!;
  const unsent = fullInspectionRecord({ inadequate: false });
  const sent = fullInspectionRecord({
    inadequate: false,
    actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22'), 'report-to-provider': day('2027-01-11') } },
  });

  it('is waiting, never on track nor overdue, while the report is not sent, before and long after its planned day', () => {
    expect(comments(unsent).anchor.basis).toBe('planned');
    for (const now of ['2026-12-23T12:00:00Z', '2027-06-01T12:00:00Z']) {
      expect(stepStatus(comments(unsent), now).status, now).toBe('waiting');
      expect(overdueWorkingDays(comments(unsent), now), now).toBe(0);
    }
  });

  it('counts from the day the report was sent once it is recorded: on track, due soon, then overdue', () => {
    const step = comments(sent);
    expect(step.anchor).toMatchObject({ basis: 'actual', date: '2027-01-11' });
    expect(step.dueLondonDate).toBe('2027-01-18');
    expect(stepStatus(step, '2027-01-11T12:00:00Z').status).toBe('on-track');
    expect(stepStatus(step, '2027-01-14T12:00:00Z').status).toBe('due-soon');
    expect(stepStatus(step, '2027-01-19T00:00:00Z').status).toBe('overdue');
  });

  it("does not hold an inspector's deadline counted from a planned day: Ofsted's own dates stay on the clock", () => {
    expect(stepStatus({ ...comments(unsent), actor: 'inspector' }, '2027-06-01T12:00:00Z').status).toBe('overdue');
  });
});

describe('a monitoring visit report: counted from the visit (homes framework §71, §82)', () => {
  // Inspection ended Tue 22 Dec 2026: the visit is due by Tue 16 Feb 2027 (8 weeks), its report 25 working days after it.
  const report = (actuals: Record<string, LocalDate> = {}) =>
    buildTimeline(PROCESSES['monitoring-visit'], { anchors: { 'inspection-end': day('2026-12-22') }, actuals }).steps.find((step) => step.id === 'publish')!;

  it('is a projection from the planned visit, on track, until the day the visit is due', () => {
    const planned = report();
    expect(planned.anchor).toMatchObject({ basis: 'planned', date: '2027-02-16' });
    expect(planned.countsFromVisit).toBe(true);
    expect(stepStatus(planned, '2027-02-01T12:00:00Z').status).toBe('on-track');
    expect(stepStatus(planned, '2027-02-16T23:00:00Z').status).toBe('on-track');
  });

  it("waits for the visit once the visit's day has passed without it, never overdue however late the visit is", () => {
    const planned = report();
    for (const now of ['2027-02-17T00:00:00Z', '2027-03-23T12:00:00Z', '2027-06-01T12:00:00Z']) {
      expect(stepStatus(planned, now).status, now).toBe('waiting');
      expect(overdueWorkingDays(planned, now), now).toBe(0);
    }
  });

  it('counts from the day of the visit once it is recorded: on track, then overdue 25 working days after it', () => {
    const step = report({ 'monitoring-visit-latest': day('2027-03-01') });
    expect(step.anchor).toMatchObject({ basis: 'actual', date: '2027-03-01' });
    expect(step.countsFromVisit).toBeUndefined();
    expect(step.dueLondonDate).toBe('2027-04-07');
    expect(stepStatus(step, '2027-03-02T12:00:00Z').status).toBe('on-track');
    expect(stepStatus(step, '2027-04-08T00:00:00Z').status).toBe('overdue');
  });

  it('is the only step that waits so: an assurance report counted from the planned end of the visit stays on the clock', () => {
    const assurance = buildTimeline(PROCESSES['assurance-visit'], { anchors: { day1: day('2027-01-04') } });
    const toProvider = assurance.steps.find((step) => step.id === 'report-to-provider')!;
    expect(toProvider.anchor.basis).toBe('planned');
    expect(toProvider.countsFromVisit).toBeUndefined();
    expect(stepStatus(toProvider, '2027-06-01T12:00:00Z').status).toBe('overdue');
  });
});

describe('stepStatus: where a deadline stands', () => {
  const dueWed23Dec = deadlineStep('2026-12-23');

  it('is due by 23:59:59 London on Wed 23 Dec 2026, which is 23:59:59Z in GMT', () => {
    expect(dueWed23Dec.due).toBe('2026-12-23T23:59:59.000Z');
  });

  it.each<[string, string, StepStatus, number]>([
    ['Fri 18 Dec: Mon 21, Tue 22 and Wed 23 are left', '2026-12-18T10:00:00Z', 'on-track', 3],
    ['Mon 21 Dec: two working days left', '2026-12-21T10:00:00Z', 'due-soon', 2],
    ['Tue 22 Dec: one working day left', '2026-12-22T10:00:00Z', 'due-soon', 1],
    ['the due day itself', '2026-12-23T09:00:00Z', 'due-soon', 0],
    ['the due instant itself (not yet past)', '2026-12-23T23:59:59Z', 'due-soon', 0],
    ['00:30 on Thu 24 Dec', '2026-12-24T00:30:00Z', 'overdue', -1],
    ['Tue 29 Dec: Christmas, the weekend and the substitute day do not count', '2026-12-29T09:00:00Z', 'overdue', -2],
    ['Mon 4 Jan 2027: New Year’s Day does not count', '2027-01-04T09:00:00Z', 'overdue', -5],
  ])('at %s (%s) is %s with %i working days left', (_when, now, status, workingDaysLeft) => {
    expect(stepStatus(dueWed23Dec, now)).toEqual({ status, workingDaysLeft });
  });

  it('accepts the moment as a Date as well as an instant with an offset', () => {
    expect(stepStatus(dueWed23Dec, new Date('2026-12-22T10:00:00Z'))).toEqual({ status: 'due-soon', workingDaysLeft: 1 });
    expect(stepStatus(dueWed23Dec, '2026-12-24T00:30:00+00:00').status).toBe('overdue');
  });

  it('refuses a moment without a zone', () => {
    expect(() => stepStatus(dueWed23Dec, '2026-12-22T10:00:00')).toThrow(/needs a UTC offset/);
  });

  it('does not count the Christmas bank holidays: due Tue 29 Dec, seen Thu 24 Dec, is due soon with 1 working day left', () => {
    expect(stepStatus(deadlineStep('2026-12-29'), '2026-12-24T12:00:00Z')).toEqual({ status: 'due-soon', workingDaysLeft: 1 });
  });

  it('is on track for Mon 4 Jan 2027 on Christmas Eve (29, 30, 31 Dec and 4 Jan left)', () => {
    expect(stepStatus(deadlineStep('2027-01-04'), '2026-12-24T12:00:00Z')).toEqual({ status: 'on-track', workingDaysLeft: 4 });
  });

  it.each<[string, string, string, StepStatus, number]>([
    // Fri 23 Oct is BST: due 22:59:59Z. 22:30Z is 23:30 London on the Friday.
    ['2026-10-23', '23:30 BST on the due Friday', '2026-10-23T22:30:00Z', 'due-soon', 0],
    // 23:30Z is already 00:30 on Sat 24 Oct in London: overdue although the UTC date is still the 23rd.
    ['2026-10-23', '00:30 BST on Saturday (still the 23rd in UTC)', '2026-10-23T23:30:00Z', 'overdue', 0],
    ['2026-10-23', 'Mon 26 Oct (GMT)', '2026-10-26T09:00:00Z', 'overdue', -1],
    // Mon 26 Oct is GMT: due 23:59:59Z, so 23:30Z is still the Monday evening.
    ['2026-10-26', '23:30 GMT on the due Monday, after the clocks went back', '2026-10-26T23:30:00Z', 'due-soon', 0],
  ])('across the end of BST: due %s, at %s (%s) is %s with %i left', (dueDate, _when, now, status, workingDaysLeft) => {
    expect(stepStatus(deadlineStep(dueDate), now)).toEqual({ status, workingDaysLeft });
  });

  it('is overdue after a 13:00 deadline on the same day, with 0 working days left', () => {
    // Annex A is due at 13:00 on day 1 (Tue 22 Dec 2026, GMT).
    const annexA = deadlineStep('2026-12-22', { id: 'annex-a-due', actor: 'provider', at: '13:00' });
    expect(annexA.due).toBe('2026-12-22T13:00:00.000Z');
    expect(stepStatus(annexA, '2026-12-22T12:59:00Z')).toEqual({ status: 'due-soon', workingDaysLeft: 0 });
    expect(stepStatus(annexA, '2026-12-22T13:30:00Z')).toEqual({ status: 'overdue', workingDaysLeft: 0 });
  });

  it.each(['2026-12-01T00:00:00Z', '2026-12-22T10:00:00Z', '2026-12-24T00:30:00Z', '2027-06-01T12:00:00Z'])(
    'is done at %s once the step is done, whatever the time',
    (now) => {
      const done = deadlineStep('2026-12-23', { done: day('2026-12-24') });
      expect(stepStatus(done, now).status).toBe('done');
      expect(overdueWorkingDays(done, now)).toBe(0);
    },
  );

  describe('a window-opens step (return visit not before Tue 2 Feb 2027) is never overdue', () => {
    const windowOpens = deadlineStep('2027-02-02', { id: 'monitoring-visit-earliest', kind: 'window-opens', actor: 'inspector' });

    it.each<[string, StepStatus]>([
      ['2026-12-24T10:00:00Z', 'not-yet-open'],
      ['2027-02-01T23:59:59Z', 'not-yet-open'],
      ['2027-02-02T00:00:00Z', 'window-open'],
      ['2027-02-03T09:00:00Z', 'window-open'],
      ['2027-06-01T09:00:00Z', 'window-open'],
    ])('at %s it is %s', (now, status) => {
      expect(stepStatus(windowOpens, now).status).toBe(status);
      expect(overdueWorkingDays(windowOpens, now)).toBe(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 5. overdueWorkingDays

describe('overdueWorkingDays: for escalation emails', () => {
  const dueWed23Dec = deadlineStep('2026-12-23');

  it.each([
    ['2026-12-22T10:00:00Z', 0],
    ['2026-12-23T23:59:59Z', 0],
    ['2026-12-24T00:30:00Z', 1],
    ['2026-12-28T09:00:00Z', 1], // Mon 28 Dec is the Boxing Day substitute: still one working day (Thu 24).
    ['2026-12-29T09:00:00Z', 2],
    ['2027-01-04T09:00:00Z', 5],
  ])('at %s the step due Wed 23 Dec is %i working days overdue', (now, days) => {
    expect(overdueWorkingDays(dueWed23Dec, now)).toBe(days);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. nextDeadline

describe('overdueDeadlineCount: how many of Ofsted’s open deadlines have passed', () => {
  // Judged good on Tue 22 Dec 2026: the report to the provider is due Fri 8 Jan 2027, publication Fri 29 Jan.
  const good = fullInspectionRecord({ inadequate: false });

  it('counts none before a deadline, then each one passed; one recorded as done is no longer counted', () => {
    expect(overdueDeadlineCount(good, '2027-01-08T12:00:00Z')).toBe(0);
    expect(overdueDeadlineCount(good, '2027-01-11T09:00:00Z')).toBe(1);
    expect(overdueDeadlineCount(good, '2027-02-01T09:00:00Z')).toBe(2);
    const sent = { ...good, actuals: { 'full-inspection': { ...good.actuals['full-inspection'], 'report-to-provider': day('2027-01-07') } } };
    expect(overdueDeadlineCount(sent, '2027-02-01T09:00:00Z')).toBe(1);
  });
});

describe('nextDeadline: the earliest deadline not yet done, across the logged process and its follow-ups', () => {
  it("leaves out the provider's own deadlines: no comments from the provider does not make the inspection overdue", () => {
    const withoutProviderSteps = { ...ALL_DONE, 'full-inspection': { ...ALL_DONE['full-inspection'] } };
    delete withoutProviderSteps['full-inspection']!['provider-comments'];
    delete withoutProviderSteps['full-inspection']!['complaint-window'];
    const record = fullInspectionRecord({ actuals: withoutProviderSteps });
    expect(nextDeadline(record, '2027-06-01T09:00:00Z')).toBeUndefined();
    expect(inspectionSummary(record, '2027-06-01T09:00:00Z').risk).toBe('complete');
  });

  it('is the urgent case review of the inadequate pathway, before the full inspection’s report', () => {
    const next = nextDeadline(fullInspectionRecord(), '2026-12-22T10:00:00Z');
    expect(next).toMatchObject({
      process: 'inadequate',
      step: { id: 'case-review', due: '2026-12-23T23:59:59.000Z', rule: 'by the end of the next working day following the inspection' },
      status: 'due-soon',
      workingDaysLeft: 1,
    });
  });

  it('skips the steps the record marks done, and the window that opens, to reach the report due Fri 8 Jan 2027', () => {
    const record = fullInspectionRecord({
      actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22') }, inadequate: { 'case-review': day('2026-12-23'), 'dcs-alert': day('2026-12-23') } },
    });
    // Thu 24 Dec to Fri 8 Jan: 29, 30, 31 Dec, 4, 5, 6, 7, 8 Jan.
    expect(nextDeadline(record, '2026-12-24T10:00:00Z')).toMatchObject({
      process: 'full-inspection',
      step: { id: 'report-to-provider', dueLondonDate: '2027-01-08' },
      status: 'on-track',
      workingDaysLeft: 8,
    });
  });

  it('includes DfE for a secure children’s home, overdue at 00:30 on Thu 24 Dec when not done', () => {
    const record = fullInspectionRecord({
      establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: CAMDEN },
      actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22') }, inadequate: { 'case-review': day('2026-12-23'), 'dcs-alert': day('2026-12-23') } },
    });
    expect(nextDeadline(record, '2026-12-24T00:30:00Z')).toMatchObject({
      process: 'inadequate',
      step: { id: 'dfe-informed' },
      status: 'overdue',
      workingDaysLeft: -1,
    });
  });

  it('says why the next step cannot be recorded yet, when it waits on another (and nothing of one that can be)', () => {
    const sent = fullInspectionRecord({ inadequate: false, actuals: { 'full-inspection': { 'judgements-recorded': day('2026-12-22'), 'report-to-provider': day('2027-01-05') } } });
    const next = nextDeadline(sent, '2027-01-06T10:00:00Z');
    expect(next?.step.id).toBe('publish');
    // The provider has 5 working days from Tue 5 Jan for comments: until Tue 12 Jan.
    expect(next?.notYetRecordable).toBe('Can be recorded once “Provider returns factual accuracy comments” is recorded, or from Wednesday 13 January 2027.');
    // Once their time is over, publication can be recorded.
    expect(nextDeadline(sent, '2027-01-13T10:00:00Z')).not.toHaveProperty('notYetRecordable');
    expect(nextDeadline(fullInspectionRecord({ inadequate: false }), '2026-12-22T18:00:00Z')).not.toHaveProperty('notYetRecordable');
  });

  it('is the report to the provider when the inspection was not inadequate: all 10 working days left on the last day', () => {
    const record = fullInspectionRecord({ inadequate: false });
    expect(nextDeadline(record, '2026-12-22T18:00:00Z')).toMatchObject({
      process: 'full-inspection',
      step: { id: 'report-to-provider' },
      status: 'on-track',
      workingDaysLeft: 10,
    });
  });

  it('is undefined when every deadline is done', () => {
    expect(nextDeadline(fullInspectionRecord({ actuals: ALL_DONE }), '2027-05-01T09:00:00Z')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. inspectionSummary, filterSummaries

describe('inspectionSummary: the row of the inspections list', () => {
  it('names the establishment, the status, the next deadline and the risk', () => {
    const row = inspectionSummary(fullInspectionRecord(), '2026-12-22T10:00:00Z');
    expect(row).toEqual({
      id: 'insp-0001',
      process: 'full-inspection',
      establishment: { name: 'Willow House', urn: 'SC123456', kind: 'childrens-home' },
      status: 'in-progress',
      startedOn: '2026-12-21',
      nextDeadline: expect.objectContaining({ process: 'inadequate', step: expect.objectContaining({ id: 'case-review' }) }),
      risk: 'due-soon',
    });
    // A return inspection names the inspection it returns to.
    expect(inspectionSummary(fullInspectionRecord({ followUpOf: 'insp-0000' }), '2026-12-22T10:00:00Z').followUpOf).toBe('insp-0000');
  });

  it('carries no children, no contacts and no emails', () => {
    const text = JSON.stringify(inspectionSummary(fullInspectionRecord(), '2026-12-22T10:00:00Z'));
    for (const secret of ['"AB"', '"CD"', 'initials', 'Parent@family.example', 'ri@willow.example', 'hostAuthority']) {
      expect(text).not.toContain(secret);
    }
  });

  it.each([
    ['2026-12-18T10:00:00Z', 'on-track'],
    ['2026-12-22T10:00:00Z', 'due-soon'],
    ['2026-12-24T00:30:00Z', 'overdue'],
  ])('at %s the risk is %s', (now, risk) => {
    expect(inspectionSummary(fullInspectionRecord(), now).risk).toBe(risk);
  });

  it('is complete, with no next deadline, when every deadline is done', () => {
    const row = inspectionSummary(fullInspectionRecord({ actuals: ALL_DONE }), '2027-05-01T09:00:00Z');
    expect(row.risk).toBe('complete');
    expect(row.status).toBe('complete');
    expect(row).not.toHaveProperty('nextDeadline');
  });
});

describe('inspectionStatus: the status to show', () => {
  const AFTER = '2027-05-01T09:00:00Z';

  it('is the stored status while a deadline is left', () => {
    for (const status of ['in-progress', 'awaiting-approval', 'failed'] as const) {
      expect(inspectionStatus(fullInspectionRecord({ status }), AFTER)).toBe(status);
    }
    expect(inspectionStatus(fullInspectionRecord({ status: 'awaiting-outcome', outcome: undefined }), AFTER)).toBe('awaiting-outcome');
  });

  it("is in progress, not awaiting the outcome, once the inspection's own outcome is recorded (a follow-up's run waiting for the monitoring visit's outcome stores awaiting-outcome)", () => {
    expect(inspectionStatus(fullInspectionRecord({ status: 'awaiting-outcome' }), AFTER)).toBe('in-progress');
    expect(inspectionSummary(fullInspectionRecord({ status: 'awaiting-outcome' }), AFTER).status).toBe('in-progress');
  });

  it('is complete once every deadline of every timeline is done, for a run in progress', () => {
    expect(inspectionStatus(fullInspectionRecord({ actuals: ALL_DONE }), AFTER)).toBe('complete');
  });

  it('is not complete while one deadline of a follow-up is left (the full inspection due within 16 weeks)', () => {
    const { 'full-inspection-latest': _left, ...inadequate } = ALL_DONE.inadequate!;
    const actuals = { ...ALL_DONE, inadequate };
    // The monitoring visit decided to schedule a full inspection (15.1 (b)): it is due, and not done.
    const monitoringOutcome = {
      outcome: { process: 'monitoring-visit', outcome: 'full-inspection', visitDate: day('2027-02-10') },
      recordedBy: 'inspector-1',
      recordedAt: '2027-02-10T16:00:00.000Z',
    } as InspectionRecord['monitoringOutcome'];
    expect(inspectionStatus(fullInspectionRecord({ actuals, monitoringOutcome }), AFTER)).toBe('in-progress');
    // Any other outcome makes no full inspection due: nothing is left.
    expect(inspectionStatus(fullInspectionRecord({ actuals }), AFTER)).toBe('complete');
  });

  it("is complete without the provider's own steps: no comments from the provider does not hold it open", () => {
    const { 'provider-comments': _none, 'complaint-window': _window, ...full } = ALL_DONE['full-inspection']!;
    const actuals = { ...ALL_DONE, 'full-inspection': full };
    expect(inspectionStatus(fullInspectionRecord({ actuals }), AFTER)).toBe('complete');
  });

  it('stays failed even when every deadline is done: a failed run needs a person', () => {
    expect(inspectionStatus(fullInspectionRecord({ actuals: ALL_DONE, status: 'failed' }), AFTER)).toBe('failed');
  });
});

describe('filterSummaries', () => {
  const row = (id: string, overrides: Partial<InspectionSummary>): InspectionSummary => ({
    id,
    process: 'full-inspection',
    establishment: { name: id, urn: 'SC123456', kind: 'childrens-home' },
    status: 'in-progress',
    startedOn: parseLocalDate('2026-12-01'),
    risk: 'on-track',
    ...overrides,
  });
  const rows = [
    row('a', { risk: 'overdue' }),
    row('b', { risk: 'due-soon', process: 'interim-inspection' }),
    row('c', { risk: 'complete', status: 'complete' }),
    row('d', { process: 'rfc-inspection', establishment: { name: 'd', urn: 'SC000001', kind: 'residential-family-centre' } }),
  ];
  const ids = (filtered: InspectionSummary[]) => filtered.map((r) => r.id);

  it.each([
    [{}, ['a', 'b', 'c', 'd']],
    [{ risk: 'overdue' as const }, ['a']],
    [{ risk: ['overdue', 'due-soon'] as const }, ['a', 'b']],
    [{ status: 'complete' as const }, ['c']],
    [{ process: 'full-inspection' as const }, ['a', 'c']],
    [{ process: 'full-inspection' as const, status: 'in-progress' as const }, ['a']],
    [{ process: 'rfc-inspection' as const, risk: 'overdue' as const }, []],
  ])('filter %j keeps %j', (filter, expected) => {
    expect(ids(filterSummaries(rows, filter))).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. notificationLedger

const DUE = '2026-12-23T23:59:59.000Z';

function alertEmail(authorityCode: string, overrides: Partial<OutboxEmail> = {}): OutboxEmail {
  return {
    duty: 'dcs-alert',
    recipientKey: `dcs:${authorityCode}`,
    to: `dcs@${authorityCode.toLowerCase()}.la.example`,
    recipient: { kind: 'dcs', authorityCode, authorityName: authorityCode, roles: authorityCode === CAMDEN ? ['host'] : ['placing'] },
    status: 'sent',
    sentAt: '2026-12-23T16:00:00.000Z',
    messageId: `msg-${authorityCode}`,
    dueAt: DUE,
    ...overrides,
  };
}

const placerEmail: OutboxEmail = {
  duty: 'dcs-alert',
  recipientKey: 'placer:parent@family.example',
  to: 'Parent@family.example',
  recipient: { kind: 'placer' },
  status: 'sent',
  sentAt: '2026-12-23T15:00:00.000Z',
  messageId: 'msg-placer',
  dueAt: DUE,
};

function call(authorityCode: string, outcome: RecordedCall['outcome'], calledAt = '2026-12-24T10:00:00.000Z'): RecordedCall {
  return { authorityCode, calledAt, spokeTo: 'Duty manager', outcome };
}

describe('notificationLedger: the "end of the next working day" alert duty (SCCIF 15.3)', () => {
  const ledgerOf = (emails: OutboxEmail[], now: string, calls: RecordedCall[] = [], record = fullInspectionRecord()) =>
    notificationLedger({ record, emails, calls, now });

  it('is met for an alert sent at 16:00 on Wed 23 Dec, due 23:59:59 London that day', () => {
    const [email] = ledgerOf([alertEmail(CAMDEN)], '2026-12-24T10:00:00Z').emails;
    expect(email?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'met' });
  });

  it('is missed (sent late) for an alert sent at 09:00 on Thu 24 Dec', () => {
    const [email] = ledgerOf([alertEmail(CAMDEN, { sentAt: '2026-12-24T09:00:00.000Z' })], '2026-12-24T10:00:00Z').emails;
    expect(email?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'missed', missedBecause: 'sent-late' });
  });

  it('is missed (not sent) when the alert failed and the deadline has passed', () => {
    const failed = alertEmail(CAMDEN, { status: 'failed', sentAt: undefined, messageId: undefined });
    const [email] = ledgerOf([failed], '2026-12-24T00:00:00Z').emails;
    expect(email?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'missed', missedBecause: 'not-sent' });
    expect(email?.delivery).toBe('failed');
  });

  it('is pending while the alert is still sending before the deadline', () => {
    const sending = alertEmail(CAMDEN, { status: 'sending', sentAt: undefined, messageId: undefined });
    const [email] = ledgerOf([sending], '2026-12-23T23:59:59Z').emails;
    expect(email?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'pending' });
  });

  it('takes the due instant from the dcs-alert step of the timeline when the email has none', () => {
    const [email] = ledgerOf([alertEmail(CAMDEN, { dueAt: undefined })], '2026-12-24T10:00:00Z').emails;
    expect(email?.alert).toEqual({ due: DUE, dueFrom: 'timeline', outcome: 'met' });
  });

  it('prefers the email’s own due instant to the timeline’s', () => {
    const [email] = ledgerOf([alertEmail(CAMDEN, { dueAt: '2026-12-23T12:00:00.000Z' })], '2026-12-24T10:00:00Z').emails;
    expect(email?.alert).toMatchObject({ due: '2026-12-23T12:00:00.000Z', outcome: 'missed', missedBecause: 'sent-late' });
  });

  it('judges no timing for emails of other duties', () => {
    const copy: OutboxEmail = {
      duty: 'forward-alert-to-provider',
      recipientKey: 'provider',
      to: 'ri@willow.example',
      recipient: { kind: 'provider' },
      status: 'sent',
      sentAt: '2026-12-24T09:00:00.000Z',
      messageId: 'msg-provider',
    };
    const [email] = ledgerOf([copy], '2026-12-24T10:00:00Z').emails;
    expect(email).toEqual({
      duty: 'forward-alert-to-provider',
      recipientKey: 'provider',
      to: 'ri@willow.example',
      recipient: { kind: 'provider' },
      messageId: 'msg-provider',
      sentAt: '2026-12-24T09:00:00.000Z',
      delivery: 'sent, awaiting delivery report',
    });
  });

  it('is not met by an alert the address refused: pending until the deadline, then missed as not received (found by a new-user walk: tagged "Met")', () => {
    for (const status of ['bounced', 'rejected'] as const) {
      const refused = alertEmail(CAMDEN, { delivery: { status, at: '2026-12-23T16:00:05.000Z' } });
      expect(ledgerOf([refused], '2026-12-23T18:00:00Z').emails[0]?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'pending' });
      expect(ledgerOf([refused], '2026-12-24T00:00:00Z').emails[0]?.alert).toEqual({ due: DUE, dueFrom: 'email', outcome: 'missed', missedBecause: 'not-received' });
    }
    // Complained: it was received (marked as spam).
    const complained = alertEmail(CAMDEN, { delivery: { status: 'complained', at: '2026-12-23T17:00:00.000Z' } });
    expect(ledgerOf([complained], '2026-12-24T00:00:00Z').emails[0]?.alert?.outcome).toBe('met');
  });

  it('counts a refused DCS alert as given when a call confirms receipt: in time it is met, after the deadline late; an unanswered call does not', () => {
    const refused = alertEmail(CAMDEN, { delivery: { status: 'bounced', at: '2026-12-23T16:00:05.000Z' } });
    const alertOf = (calls: RecordedCall[]) => ledgerOf([refused], '2026-12-24T12:00:00Z', calls).emails[0]?.alert;
    expect(alertOf([call(CAMDEN, 'receipt-confirmed', '2026-12-23T17:00:00.000Z')])).toEqual({ due: DUE, dueFrom: 'email', outcome: 'met' });
    expect(alertOf([call(CAMDEN, 'receipt-confirmed', '2026-12-24T10:00:00.000Z')])).toEqual({ due: DUE, dueFrom: 'email', outcome: 'missed', missedBecause: 'sent-late' });
    expect(alertOf([call(CAMDEN, 'no-answer', '2026-12-23T17:00:00.000Z')])).toMatchObject({ outcome: 'missed', missedBecause: 'not-received' });
    // A call to another authority is not this one's.
    expect(alertOf([call(MANCHESTER, 'receipt-confirmed', '2026-12-23T17:00:00.000Z')])).toMatchObject({ missedBecause: 'not-received' });
    // Sent again, to a corrected address, in time: the recipient's best result is met.
    const ledger = ledgerOf([refused, alertEmail(CAMDEN, { sentAt: '2026-12-23T20:00:00.000Z', messageId: 'msg-again' })], '2026-12-24T12:00:00Z', [], fullInspectionRecord());
    expect(ledger.summary).toMatchObject({ alertsNotReceived: 0 });
  });

  it.each<[Partial<OutboxEmail>, string]>([
    [{ delivery: { status: 'delivered', at: '2026-12-23T16:00:05.000Z' } }, 'delivered'],
    [{ delivery: { status: 'bounced', at: '2026-12-23T16:00:05.000Z' } }, 'bounced'],
    [{ delivery: { status: 'complained', at: '2026-12-23T17:00:00.000Z' } }, 'complained'],
    [{ delivery: { status: 'rejected', at: '2026-12-23T16:00:01.000Z' } }, 'rejected'],
    [{}, 'sent, awaiting delivery report'],
    [{ status: 'sending', sentAt: undefined }, 'sending'],
    [{ status: 'failed', sentAt: undefined }, 'failed'],
  ])('shows the delivery status of %j as %s', (overrides, delivery) => {
    const [email] = ledgerOf([alertEmail(CAMDEN, overrides)], '2026-12-23T18:00:00Z').emails;
    expect(email?.delivery).toBe(delivery);
    expect(email?.deliveryAt).toBe(overrides.delivery?.at);
  });
});

describe('notificationLedger: phone follow-up to confirm receipt (SCCIF 15.3)', () => {
  const emails = [alertEmail(CAMDEN), alertEmail(MANCHESTER), alertEmail(KENT), placerEmail];
  const followUps = (calls: RecordedCall[]) =>
    notificationLedger({ record: fullInspectionRecord(), emails, calls, now: '2026-12-24T12:00:00Z' }).phoneFollowUps;

  it('is recorded once a call confirmed receipt, attempted after only unanswered calls, outstanding with no call', () => {
    const rows = followUps([call(CAMDEN, 'receipt-confirmed'), call(MANCHESTER, 'no-answer')]);
    expect(rows.map((row) => [row.authorityCode, row.required, row.state])).toEqual([
      [CAMDEN, true, 'recorded'],
      [MANCHESTER, true, 'attempted'],
      [KENT, true, 'outstanding'],
    ]);
    expect(rows[0]).toMatchObject({ confirmedAt: '2026-12-24T10:00:00.000Z', roles: ['host'], authorityName: CAMDEN });
  });

  it.each<[RecordedCall['outcome'][], string]>([
    [['no-answer'], 'attempted'],
    [['message-left', 'wrong-contact'], 'attempted'],
    [['no-answer', 'receipt-confirmed'], 'recorded'],
    [[], 'outstanding'],
  ])('calls %j leave the follow-up %s', (outcomes, state) => {
    const calls = outcomes.map((outcome, index) => call(KENT, outcome, `2026-12-24T1${index}:00:00.000Z`));
    expect(followUps(calls).find((row) => row.authorityCode === KENT)?.state).toBe(state);
  });

  it('lists the calls oldest first', () => {
    const later = call(MANCHESTER, 'receipt-confirmed', '2026-12-24T15:00:00.000Z');
    const earlier = call(MANCHESTER, 'no-answer', '2026-12-24T09:00:00.000Z');
    const row = followUps([later, earlier]).find((candidate) => candidate.authorityCode === MANCHESTER);
    expect(row?.calls).toEqual([earlier, later]);
    expect(row?.confirmedAt).toBe('2026-12-24T15:00:00.000Z');
  });

  it('requires no follow-up for a placer (a child not looked after)', () => {
    expect(followUps([]).map((row) => row.authorityCode)).toEqual([CAMDEN, MANCHESTER, KENT]);
  });

  it('lists a call to an authority that was not alerted, as not required', () => {
    const rows = followUps([call('E06000052', 'receipt-confirmed')]);
    expect(rows.at(-1)).toMatchObject({ authorityCode: 'E06000052', required: false, state: 'recorded' });
  });
});

describe('notificationLedger: summary and alerts never queued', () => {
  it('counts each recipient once: on time, late, missing, and the calls outstanding', () => {
    const ledger = notificationLedger({
      record: fullInspectionRecord(),
      emails: [
        alertEmail(CAMDEN, { delivery: { status: 'delivered', at: '2026-12-23T16:00:04.000Z' } }),
        alertEmail(MANCHESTER, { sentAt: '2026-12-24T09:00:00.000Z' }),
        alertEmail(KENT, { status: 'failed', sentAt: undefined, messageId: undefined }),
        { ...placerEmail, delivery: { status: 'bounced', at: '2026-12-23T15:00:03.000Z' } },
      ],
      calls: [call(CAMDEN, 'receipt-confirmed'), call(MANCHESTER, 'no-answer')],
      now: '2026-12-24T12:00:00Z',
    });
    // The placer's alert bounced: sent on time, but it reached no one (not received).
    // Camden confirmed; Manchester was called with no answer, so its receipt is not confirmed either (SCCIF 15.3); and
    // the placer whose alert bounced is yet to be phoned (15.4).
    expect(ledger.summary).toEqual({ alertsDue: 4, alertsSentOnTime: 1, alertsLate: 1, alertsMissing: 1, alertsNotReceived: 1, alertsBeingSent: 0, callsOutstanding: 3 });
    expect(ledger.placerFollowUps).toEqual([{ placer: 'placer:parent@family.example', name: PLACER_NAME, state: 'outstanding', calls: [] }]);
    expect(ledger.unsentAlerts).toEqual([]);
    // In the order they were sent, the one not sent last.
    expect(ledger.emails.map((email) => [email.recipientKey, email.messageId, email.delivery, email.alert?.outcome])).toEqual([
      ['placer:parent@family.example', 'msg-placer', 'bounced', 'missed'],
      [`dcs:${CAMDEN}`, `msg-${CAMDEN}`, 'delivered', 'met'],
      [`dcs:${MANCHESTER}`, `msg-${MANCHESTER}`, 'sent, awaiting delivery report', 'missed'],
      [`dcs:${KENT}`, undefined, 'failed', 'missed'],
    ]);
  });

  it('a call telling a placer whose alert bounced what it says meets the duty, late once past its deadline (SCCIF 15.4; found by a new-user walk)', () => {
    const bounced = { ...placerEmail, delivery: { status: 'bounced' as const, at: '2026-12-23T15:00:03.000Z' } };
    const toPlacer = (outcome: RecordedCall['outcome'], calledAt: string): RecordedCall => ({ placer: 'placer:parent@family.example', calledAt, spokeTo: PLACER_NAME, outcome });
    const ledgerWith = (calls: RecordedCall[]) =>
      notificationLedger({ record: fullInspectionRecord(), emails: [bounced], calls, now: '2026-12-28T12:00:00Z' });

    const attempted = ledgerWith([toPlacer('no-answer', '2026-12-23T17:00:00.000Z')]);
    expect(attempted.placerFollowUps[0]).toMatchObject({ state: 'attempted' });
    expect(attempted.emails[0]?.alert).toMatchObject({ outcome: 'missed', missedBecause: 'not-received' });

    const inTime = ledgerWith([toPlacer('receipt-confirmed', '2026-12-23T18:00:00.000Z')]);
    expect(inTime.emails[0]?.alert?.outcome).toBe('met');
    expect(inTime.placerFollowUps[0]).toMatchObject({ state: 'recorded', confirmedAt: '2026-12-23T18:00:00.000Z' });
    expect(inTime.summary).toMatchObject({ alertsNotReceived: 0, alertsSentOnTime: 1 });

    const late = ledgerWith([toPlacer('receipt-confirmed', '2026-12-24T09:00:00.000Z')]);
    expect(late.emails[0]?.alert).toMatchObject({ outcome: 'missed', missedBecause: 'sent-late' });
    // A placer's call is never an authority's follow-up.
    expect(late.phoneFollowUps.every((followUp) => followUp.authorityCode !== undefined)).toBe(true);
    expect(late.phoneFollowUps.map((followUp) => followUp.authorityCode)).toEqual([CAMDEN, MANCHESTER, KENT]);
  });

  it('counts a failed alert retried in time as sent on time', () => {
    const ledger = notificationLedger({
      record: fullInspectionRecord(),
      emails: [
        alertEmail(CAMDEN, { status: 'failed', sentAt: undefined }),
        alertEmail(CAMDEN, { sentAt: '2026-12-23T17:00:00.000Z' }),
        alertEmail(MANCHESTER),
        alertEmail(KENT),
        placerEmail,
      ],
      calls: [],
      now: '2026-12-24T12:00:00Z',
    });
    expect(ledger.summary).toMatchObject({ alertsDue: 4, alertsSentOnTime: 4, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 3 });
  });

  it('reports the recipients the record requires that were never queued: missing once the deadline has passed', () => {
    const ledger = notificationLedger({ record: fullInspectionRecord(), emails: [alertEmail(CAMDEN)], calls: [], now: '2026-12-24T00:00:00Z' });
    expect(ledger.unsentAlerts).toEqual([
      { recipient: { kind: 'dcs', authorityCode: MANCHESTER, roles: ['placing'] }, due: DUE, outcome: 'missed', missedBecause: 'not-sent' },
      { recipient: { kind: 'dcs', authorityCode: KENT, roles: ['placing'] }, due: DUE, outcome: 'missed', missedBecause: 'not-sent' },
      { recipient: { kind: 'placer', to: 'parent@family.example' }, due: DUE, outcome: 'missed', missedBecause: 'not-sent' },
    ]);
    expect(ledger.summary).toEqual({ alertsDue: 4, alertsSentOnTime: 1, alertsLate: 0, alertsMissing: 3, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 3 });
  });

  it('says an alert past its deadline is being sent, not missing, for two minutes after the judgements that set it off were recorded (found by a new-user walk)', () => {
    // Judgements recorded after the deadline (Wed 23 Dec, 23:59:59 London): the run sends the alerts within seconds.
    const late = fullInspectionRecord();
    late.outcome = { ...late.outcome!, recordedAt: '2026-12-24T10:00:00.000Z' };
    const claimed = alertEmail(CAMDEN, { status: 'sending', sentAt: undefined, messageId: undefined });
    const failed = alertEmail(MANCHESTER, { status: 'failed', sentAt: undefined, messageId: undefined });
    const at = (now: string) => notificationLedger({ record: late, emails: [claimed, failed], calls: [], now });

    const moments = at('2026-12-24T10:01:59Z');
    expect(moments.emails.map((email) => email.alert?.missedBecause)).toEqual(['being-sent', 'not-sent']);
    expect(moments.unsentAlerts.map((alert) => alert.missedBecause)).toEqual(['being-sent', 'being-sent']);
    // The summary says so too: the failed one is not sent, the others are being sent (found by a new-user walk: it said 4 not sent).
    expect(moments.summary).toMatchObject({ alertsDue: 4, alertsMissing: 1, alertsBeingSent: 3 });

    const later = at('2026-12-24T10:02:01Z');
    expect(later.emails.map((email) => email.alert?.missedBecause)).toEqual(['not-sent', 'not-sent']);
    expect(later.unsentAlerts.map((alert) => alert.missedBecause)).toEqual(['not-sent', 'not-sent']);
    expect(BEING_SENT_MS).toBe(120_000);

    // A later run (a monitoring visit's) sends no alert: its start does not make a missing alert read as being sent.
    const base = fullInspectionRecord();
    const monitoring = { ...base, followUps: { ...base.followUps, 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2027-02-01T10:00:00.000Z', origin: 'inadequate' as const } } };
    const unsent = notificationLedger({ record: monitoring, emails: [], calls: [], now: '2027-02-01T10:00:30Z' }).unsentAlerts;
    expect(unsent.map((alert) => alert.missedBecause)).toEqual(['not-sent', 'not-sent', 'not-sent', 'not-sent']);
  });

  it('shows those recipients as pending before the deadline', () => {
    const ledger = notificationLedger({ record: fullInspectionRecord(), emails: [], calls: [], now: '2026-12-23T09:00:00Z' });
    expect(ledger.unsentAlerts.map((alert) => alert.outcome)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(ledger.summary).toEqual({ alertsDue: 4, alertsSentOnTime: 0, alertsLate: 0, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 3 });
  });

  it('requires no alert when the inspection was not inadequate', () => {
    const ledger = notificationLedger({ record: fullInspectionRecord({ inadequate: false }), emails: [], calls: [], now: '2027-01-04T09:00:00Z' });
    expect(ledger).toEqual({
      emails: [],
      unsentAlerts: [],
      phoneFollowUps: [],
      placerFollowUps: [],
      summary: { alertsDue: 0, alertsSentOnTime: 0, alertsLate: 0, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 0 },
    });
  });

  it('requires no alert after an interim decline whose case review chose not to alert local authorities, and says so as the timeline does', () => {
    const record = fullInspectionRecord({
      process: 'interim-inspection',
      outcome: {
        outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Leadership concerns.' },
        recordedBy: 'inspector-1',
        recordedAt: '2026-12-22T17:00:00.000Z',
      },
      decisions: {
        'interim-case-review': {
          approvalId: 'appr-1',
          kind: 'interim-case-review',
          decision: 'inadequate-pathway-without-alerting-las',
          rationale: 'Concerns are being addressed by the provider.',
          decidedBy: 'manager-1',
          decidedAt: '2026-12-23T10:00:00.000Z',
        },
      },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-23T10:00:01.000Z', origin: 'interim-inspection' } },
    });
    const ledger = notificationLedger({ record, emails: [], calls: [], now: '2027-01-04T09:00:00Z' });
    expect(ledger.unsentAlerts).toEqual([]);
    expect(ledger.summary.alertsDue).toBe(0);
    expect(ledger.alertNotRequired).toBe('not required, decided at the case review on Wednesday 23 December 2026');
    const alertStep = timelinesFor(record).find((timeline) => timeline.process === 'interim-inspection')?.steps.find((step) => step.id === 'dcs-alert');
    expect(alertStep?.notRequired).toBe(ledger.alertNotRequired);
    expect(stepStatus(alertStep!, '2027-01-04T09:00:00Z').status).toBe('not-required');
    expect(nextDeadline(record, '2027-01-04T09:00:00Z')?.step.id).not.toBe('dcs-alert');
  });

  it('owes no alert and no call after an interim decline until its case review agrees to alert; then each is owed (15.3)', () => {
    const interim = (decisions: InspectionRecord['decisions']) =>
      fullInspectionRecord({
        process: 'interim-inspection',
        outcome: {
          outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Leadership concerns.' },
          recordedBy: 'inspector-1',
          recordedAt: '2026-12-22T17:00:00.000Z',
        },
        decisions,
      });
    const undecided = notificationLedger({ record: interim({}), emails: [], calls: [], now: '2026-12-23T09:00:00Z' });
    expect(undecided.unsentAlerts).toEqual([]);
    expect(undecided.summary).toMatchObject({ alertsDue: 0, callsOutstanding: 0 });
    const agreed = interim({
      'interim-case-review': {
        approvalId: 'appr-1',
        kind: 'interim-case-review',
        decision: 'inadequate-pathway-and-alert-las',
        rationale: 'Serious decline: the authorities are told.',
        decidedBy: 'manager-1',
        decidedAt: '2026-12-23T10:00:00.000Z',
      },
    });
    const owed = notificationLedger({ record: agreed, emails: [], calls: [], now: '2026-12-23T10:30:00Z' });
    expect(owed.summary.alertsDue).toBeGreaterThan(0);
    expect(owed.unsentAlerts.length).toBe(owed.summary.alertsDue);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

describe('stepStatus for any moment', () => {
  const FROM = Date.parse('2026-01-01T00:00:00Z');
  const TO = Date.parse('2028-12-31T23:59:59Z');
  const DAY_MS = 24 * 60 * 60 * 1000;
  const DUE_DAYS = ['2026-03-27', '2026-10-23', '2026-10-26', '2026-12-23', '2026-12-29', '2027-01-04', '2027-03-29', '2027-12-24'];

  it('holds exactly one status, and workingDaysLeft agrees with overdue and due-soon', () => {
    fc.assert(
      fc.property(
        // Any moment from 2026 to 2028, or (more often) one within 20 days either side of the due instant.
        fc.oneof(
          { arbitrary: fc.integer({ min: FROM, max: TO }).map((at) => ({ at })), weight: 1 },
          { arbitrary: fc.integer({ min: -20 * DAY_MS, max: 20 * DAY_MS }).map((offset) => ({ offset })), weight: 3 },
        ),
        fc.constantFrom(...DUE_DAYS),
        fc.boolean(),
        fc.constantFrom<'deadline' | 'window-opens'>('deadline', 'window-opens'),
        fc.boolean(),
        (moment, dueDate, atOne, kind, done) => {
          const step = deadlineStep(dueDate, { kind, ...(atOne ? { at: '13:00' as const } : {}), ...(done ? { done: day(dueDate) } : {}) });
          const epochMs = 'at' in moment ? moment.at : Date.parse(step.due) + moment.offset;
          const now = new Date(epochMs);
          const { status, workingDaysLeft } = stepStatus(step, now);
          const pastDue = epochMs > Date.parse(step.due);

          const open = londonDateOf(now) >= step.dueLondonDate;
          const holds: Record<StepStatus, boolean> = {
            done,
            'not-required': false,
            overdue: !done && kind === 'deadline' && pastDue,
            'due-soon': !done && kind === 'deadline' && !pastDue && workingDaysLeft <= 2,
            'on-track': !done && kind === 'deadline' && !pastDue && workingDaysLeft > 2,
            waiting: false,
            'window-open': !done && kind === 'window-opens' && open,
            'not-yet-open': !done && kind === 'window-opens' && !open,
            open: false,
            closed: false,
          };
          expect(STEP_STATUSES.filter((candidate) => holds[candidate])).toEqual([status]);

          if (status === 'overdue') expect(workingDaysLeft).toBeLessThanOrEqual(0);
          if (status === 'due-soon') expect(workingDaysLeft).toBeGreaterThanOrEqual(0);
          if (status === 'due-soon') expect(workingDaysLeft).toBeLessThanOrEqual(2);
          if (status === 'on-track') expect(workingDaysLeft).toBeGreaterThan(2);
          if (status === 'window-open') expect(workingDaysLeft).toBeLessThanOrEqual(0);
          if (status === 'not-yet-open') expect(workingDaysLeft).toBeGreaterThanOrEqual(0);

          const overdueBy = overdueWorkingDays(step, now);
          expect(overdueBy).toBeGreaterThanOrEqual(0);
          expect(overdueBy).toBe(status === 'overdue' ? 0 - workingDaysLeft : 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
