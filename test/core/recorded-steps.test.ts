import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { stepStatus } from '../../functions/core/inspection-views';
import { planStepRecord, stepCorrectionKey, stepCorrections, stepNotes, StepRecorded, type StepRecordInput } from '../../functions/core/recorded-steps';
import { buildTimeline, PROCESSES, type Timeline } from '../../functions/core/regulations';
import { timelineView } from '../../functions/app/timeline-view';

/**
 * A full inspection that ended on Thursday 25 March 2027, its judgements recorded that day (unless `actuals` says
 * otherwise): report to the provider due by Monday 12 April (§81, Easter).
 */
function fullInspection(actuals: Record<string, string | undefined> = {}): Timeline {
  const recorded = { 'judgements-recorded': '2027-03-25', ...actuals };
  return buildTimeline(PROCESSES['full-inspection'], {
    anchors: { 'inspection-end': parseLocalDate('2027-03-25') },
    actuals: Object.fromEntries(Object.entries(recorded).flatMap(([id, date]) => (date === undefined ? [] : [[id, parseLocalDate(date)]]))),
  });
}

function assuranceVisit(actuals: Record<string, string> = {}): Timeline {
  return buildTimeline(PROCESSES['assurance-visit'], {
    anchors: { day1: parseLocalDate('2027-03-22') },
    actuals: Object.fromEntries(Object.entries(actuals).map(([id, date]) => [id, parseLocalDate(date)])),
    conditions: { 'serious-concerns': true, 'monitoring-visit': true },
  });
}

function plan(overrides: Partial<StepRecordInput> & { body?: unknown }) {
  const { body, ...input } = overrides;
  return planStepRecord({
    timelines: [fullInspection()],
    stepId: 'report-to-provider',
    request: StepRecorded.parse(body ?? { on: '2027-04-06' }),
    now: new Date('2027-04-07T10:00:00Z'),
    callerIsManager: false,
    ...input,
  });
}

describe('which steps a person records', () => {
  it('marks the report stages and the inspector’s and provider’s steps recordable, and the system’s emails and the provider’s right to complain not', () => {
    const recordable = Object.fromEntries(assuranceVisit().steps.map((step) => [step.id, step.recordable]));
    expect(recordable).toEqual({
      announce: true,
      'annex-a-due': true,
      'provider-letter': false,
      'visit-end': true,
      'draft-report-qa': true,
      'report-to-provider': true,
      'provider-comments': true,
      'final-report-to-provider': true,
      'complaint-window': false,
      publish: true,
      'dcs-alert': false,
      'case-review': false,
      'monitoring-visit-earliest': false,
      'monitoring-visit-latest': false,
    });
  });
});

describe('recording a step', () => {
  it('records the report sent to the provider on a past day after the inspection', () => {
    const result = plan({});
    expect(result).toMatchObject({ change: 'record', process: 'full-inspection', on: '2027-04-06' });
  });

  it('changes nothing when the same day is recorded again (a retried request)', () => {
    expect(plan({ timelines: [fullInspection({ 'report-to-provider': '2027-04-06' })] }).change).toBe('none');
  });

  it('refuses a step the inspection does not have with a 404', () => {
    expect(() => plan({ stepId: 'visit-end' })).toThrowError(expect.objectContaining({ name: 'NotFoundError' }));
  });

  it('records the call announcing an assurance visit on its day 1 only: on another day, day 1 was that day (found by a new-user walk)', () => {
    expect(plan({ timelines: [assuranceVisit()], stepId: 'announce', body: { on: '2027-03-22' } })).toMatchObject({ change: 'record', on: '2027-03-22' });
    expect(() => plan({ timelines: [assuranceVisit()], stepId: 'announce', body: { on: '2027-03-23' } })).toThrowError(
      /^on: must be the day the visit is announced, .*: on another day, that was day 1 \(a manager withdraws the visit; log it again\)$/,
    );
    expect(() => plan({ timelines: [assuranceVisit()], stepId: 'announce', body: { on: '2027-03-19' } })).toThrowError(/^on: must be on or after the day the visit is announced/);
  });

  it('refuses a step the system does, naming stepId', () => {
    expect(() => plan({ timelines: [assuranceVisit()], stepId: 'dcs-alert', body: { on: '2027-03-25' } })).toThrowError(
      /stepId: "dcs-alert" is done by the system/,
    );
  });

  it('refuses a step another form records (the case review is the manager’s decision)', () => {
    expect(() => plan({ timelines: [assuranceVisit()], stepId: 'case-review', body: { on: '2027-03-25' } })).toThrowError(
      /stepId: "case-review" is recorded by the manager’s decision/,
    );
  });

  it('refuses a family centre’s case discussion: the social care compliance inspector’s decision records it (RFC framework §42)', () => {
    const rfc = buildTimeline(PROCESSES['rfc-inspection'], { anchors: { 'inspection-end': parseLocalDate('2027-03-25') }, conditions: { inadequate: true } });
    expect(() => plan({ timelines: [rfc], stepId: 'case-discussion', body: { on: '2027-03-26' } })).toThrowError(
      /stepId: "case-discussion" is recorded by the social care compliance inspector’s decision on the approval/,
    );
  });

  it('refuses a date in the future (London), naming on', () => {
    expect(() => plan({ body: { on: '2027-04-08' } })).toThrowError(/on: must not be in the future/);
  });

  it('refuses a date before the step’s anchor (the end of the inspection)', () => {
    expect(() => plan({ body: { on: '2027-03-24' } })).toThrowError(/on: must be on or after the end of the inspection/);
  });

  it('refuses the report to the provider before the judgements it gives are recorded, and on a day before them', () => {
    const unjudged = fullInspection({ 'judgements-recorded': undefined });
    expect(() => plan({ timelines: [unjudged] })).toThrowError(/stepId: "Report sent to the provider for a factual accuracy check" follows "Judgements recorded": record that first/);
    expect(() => plan({ timelines: [fullInspection({ 'judgements-recorded': '2027-04-07' })] })).toThrowError(/on: must be on or after the day of "Judgements recorded" \(Wed 7 Apr 2027\)/);
    const view = timelineView(unjudged, '2027-03-25T10:00:00Z').steps.find((step) => step.id === 'report-to-provider')!;
    expect(view.notYetRecordable).toBe('Can be recorded once “Judgements recorded” is recorded.');
  });

  it('refuses a step that counts from a step not yet recorded', () => {
    expect(() => plan({ stepId: 'provider-comments', body: { on: '2027-04-06' } })).toThrowError(/stepId: "Provider returns factual accuracy comments" counts from receiving the report: record "Report sent to the provider for a factual accuracy check" first/);
  });

  it('refuses provider comments dated before the report was sent', () => {
    const timelines = [fullInspection({ 'report-to-provider': '2027-04-06' })];
    expect(() => plan({ timelines, stepId: 'provider-comments', body: { on: '2027-04-05' } })).toThrowError(/on: must be on or after receiving the report/);
  });

  it('refuses a different date already recorded with a 409', () => {
    const timelines = [fullInspection({ 'report-to-provider': '2027-04-05' })];
    expect(() => plan({ timelines })).toThrowError(expect.objectContaining({ name: 'ConflictError' }));
  });

  it('lets a manager correct a recorded date, with a reason', () => {
    const timelines = [fullInspection({ 'report-to-provider': '2027-04-05' })];
    const body = { on: '2027-04-06', correction: true, reason: 'The report went out the next morning.' };
    expect(plan({ timelines, body, callerIsManager: true })).toMatchObject({
      change: 'record',
      on: '2027-04-06',
      correction: { from: '2027-04-05', reason: 'The report went out the next morning.' },
    });
    expect(() => plan({ timelines, body })).toThrowError(/only a manager may correct/);
  });

  it('refuses a correction that would put the report after the steps that follow it (found by a new-user walk), naming on', () => {
    const timelines = [fullInspection({ 'report-to-provider': '2027-04-01', 'provider-comments': '2027-04-05', publish: '2027-04-06' })];
    const body = (on: string) => ({ on, correction: true, reason: 'The report went out later than recorded.' });
    // After the provider's comments on it: refused, naming the comments' day.
    expect(() => plan({ timelines, body: body('2027-04-06'), callerIsManager: true })).toThrowError(
      /on: must be on or before Mon 5 Apr 2027, the day of "Provider returns factual accuracy comments", which follows it: correct that date first/,
    );
    // Up to the day of the comments: accepted.
    expect(plan({ timelines, body: body('2027-04-05'), callerIsManager: true })).toMatchObject({ change: 'record', on: '2027-04-05' });
    // The comments moved after publication: refused the same way.
    expect(() => plan({ timelines, stepId: 'provider-comments', body: body('2027-04-07'), callerIsManager: true, now: new Date('2027-04-08T10:00:00Z') })).toThrowError(
      /on: must be on or before Tue 6 Apr 2027, the day of "Final report published"/,
    );
  });

  it('needs a reason for a correction, naming reason', () => {
    expect(StepRecorded.safeParse({ on: '2027-04-06', correction: true }).error?.issues[0]?.path).toEqual(['reason']);
  });

  it('refuses a time of day on another day than "on", naming at', () => {
    expect(() => plan({ body: { on: '2027-04-06', at: '2027-04-05T12:00:00Z' } })).toThrowError(/at: must be a past instant on the day/);
  });

  it('asks which process when two timelines hold the step', () => {
    const timelines = [fullInspection(), { ...fullInspection(), process: 'interim-inspection' }];
    expect(() => plan({ timelines })).toThrowError('process: is required: "report-to-provider" is in more than one timeline of this inspection; give one of "full-inspection", "interim-inspection"');
    expect(plan({ timelines, body: { on: '2027-04-06', process: 'interim-inspection' } }).process).toBe('interim-inspection');
  });
});

describe('the report stages in their order (children’s homes framework §81-82, assurance visit timeframe)', () => {
  const NOW = new Date('2027-04-20T10:00:00Z');
  const publish = (actuals: Record<string, string>, on: string) => plan({ timelines: [fullInspection(actuals)], stepId: 'publish', body: { on }, now: NOW });

  it('refuses the publication before the report has gone to the provider for a factual accuracy check', () => {
    expect(() => publish({}, '2027-04-19')).toThrowError(/stepId: "(Final report|Report) published" follows "Report sent to the provider for a factual accuracy check": record that first/);
  });

  it('refuses it while the provider’s five working days for comments are running, unless their comments are recorded', () => {
    // Report sent Tuesday 6 April: comments due by Tuesday 13 April.
    expect(() => publish({ 'report-to-provider': '2027-04-06' }, '2027-04-13')).toThrowError(/on: must be after Tue 13 Apr 2027, the last day for "Provider returns factual accuracy comments"/);
    expect(publish({ 'report-to-provider': '2027-04-06' }, '2027-04-14')).toMatchObject({ change: 'record', on: '2027-04-14' });
    expect(publish({ 'report-to-provider': '2027-04-06', 'provider-comments': '2027-04-07' }, '2027-04-08')).toMatchObject({ change: 'record', on: '2027-04-08' });
  });

  it('refuses a publication dated before the comments it follows were received', () => {
    expect(() => publish({ 'report-to-provider': '2027-04-06', 'provider-comments': '2027-04-09' }, '2027-04-08')).toThrowError(
      /on: must be on or after the day of "Provider returns factual accuracy comments" \(Fri 9 Apr 2027\)/,
    );
  });

  it('keeps an assurance visit’s final report after the report for comments, and its publication after the final report', () => {
    const now = new Date('2027-06-01T10:00:00Z');
    const record = (actuals: Record<string, string>, stepId: string, on: string) => plan({ timelines: [assuranceVisit(actuals)], stepId, body: { on }, now });
    expect(() => record({ 'visit-end': '2027-03-24' }, 'final-report-to-provider', '2027-05-20')).toThrowError(/follows "Report sent to the provider for comments": record that first/);
    expect(() => record({ 'visit-end': '2027-03-24', 'report-to-provider': '2027-04-20', 'provider-comments': '2027-04-22' }, 'publish', '2027-05-20')).toThrowError(
      /follows "Final report sent to the provider": record that first/,
    );
    expect(record({ 'visit-end': '2027-03-24', 'report-to-provider': '2027-04-20', 'provider-comments': '2027-04-22', 'final-report-to-provider': '2027-05-03' }, 'publish', '2027-05-20')).toMatchObject({ change: 'record' });
  });

  it('closes the provider’s comments once the final report went ahead without them: not required, never overdue for ever', () => {
    const comments = (actuals: Record<string, string>) => fullInspection(actuals).steps.find((step) => step.id === 'provider-comments')!;
    const published = comments({ 'report-to-provider': '2027-04-06', publish: '2027-04-14' });
    expect(published.notRequired).toBe('not required: none were recorded, and “Final report published” went ahead on Wednesday 14 April 2027 once their time was over');
    expect(stepStatus(published, '2027-06-01T10:00:00Z').status).toBe('not-required');
    expect(stepStatus(comments({ 'report-to-provider': '2027-04-06' }), '2027-06-01T10:00:00Z').status).toBe('overdue');
    expect(comments({ 'report-to-provider': '2027-04-06', 'provider-comments': '2027-04-08', publish: '2027-04-14' }).notRequired).toBeUndefined();
  });

  it('says on the timeline when a step can be recorded: the API’s notYetRecordable, which the page shows instead of "Record as done"', () => {
    const view = (actuals: Record<string, string>, now: string) => timelineView(fullInspection(actuals), now).steps.find((step) => step.id === 'publish')!;
    expect(view({}, '2027-04-20T10:00:00Z').notYetRecordable).toBe('Can be recorded once “Report sent to the provider for a factual accuracy check” is recorded.');
    expect(view({ 'report-to-provider': '2027-04-06' }, '2027-04-12T10:00:00Z').notYetRecordable).toBe(
      'Can be recorded once “Provider returns factual accuracy comments” is recorded, or from Wednesday 14 April 2027.',
    );
    expect(view({ 'report-to-provider': '2027-04-06' }, '2027-04-14T10:00:00Z').notYetRecordable).toBeUndefined();
    expect(view({ 'report-to-provider': '2027-04-06', publish: '2027-04-14' }, '2027-04-15T10:00:00Z').notYetRecordable).toBeUndefined();
    // A step counted from one not yet recorded names that step by its title, not by its label as an anchor
    // ("once receiving the report is recorded", found by a new-user walk).
    const comments = timelineView(fullInspection({}), '2027-04-20T10:00:00Z').steps.find((step) => step.id === 'provider-comments')!;
    expect(comments.notYetRecordable).toBe('Can be recorded once “Report sent to the provider for a factual accuracy check” is recorded.');
  });
});

describe('a step recorded late', () => {
  it('shows done late by the working days between its due day and the day it was done', () => {
    // 10 working days after Thu 25 Mar 2027, passing over Easter: due Mon 12 Apr; done Wed 14 Apr is 2 working days late.
    const step = fullInspection({ 'report-to-provider': '2027-04-14' }).steps.find((candidate) => candidate.id === 'report-to-provider')!;
    expect(step.dueLondonDate).toBe('2027-04-12');
    expect(stepStatus(step, '2027-04-14T10:00:00Z')).toMatchObject({ status: 'done', doneLateByWorkingDays: 2 });
  });

  it('shows nothing late for a step done on its due day', () => {
    const step = fullInspection({ 'report-to-provider': '2027-04-12' }).steps.find((candidate) => candidate.id === 'report-to-provider')!;
    expect(stepStatus(step, '2027-04-14T10:00:00Z').doneLateByWorkingDays).toBeUndefined();
  });
});

describe('stepCorrections: the corrections of recorded dates in an audit trail, by step', () => {
  const corrected = (at: string, detail: Record<string, string | number>) => ({ at, actor: 'manager-1', event: 'step-record-corrected', detail });

  it('keys each by process and step, a monitoring visit’s by its visit (the 1st when the entry names none), oldest first', () => {
    const corrections = stepCorrections([
      { at: '2027-01-05T09:00:00.000Z', actor: 'inspector-1', event: 'step-recorded', detail: { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-06' } },
      corrected('2027-01-08T09:00:00.000Z', { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-04', from: '2027-01-05', reason: 'Second thoughts.', byName: 'Sam Okafor' }),
      corrected('2027-01-07T09:00:00.000Z', { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-05', from: '2027-01-06', reason: 'Typed wrong.' }),
      corrected('2027-03-01T09:00:00.000Z', { process: 'monitoring-visit', stepId: 'publish', visit: 2, on: '2027-02-26', from: '2027-02-27', reason: 'Published a day earlier.' }),
      corrected('2027-02-01T09:00:00.000Z', { process: 'monitoring-visit', stepId: 'publish', on: '2027-01-29', from: '2027-01-30', reason: 'Before visits were numbered.' }),
    ]);
    expect(corrections.get(stepCorrectionKey('full-inspection', 'report-to-provider'))).toEqual([
      { at: '2027-01-07T09:00:00.000Z', from: '2027-01-06', to: '2027-01-05', reason: 'Typed wrong.' },
      { at: '2027-01-08T09:00:00.000Z', byName: 'Sam Okafor', from: '2027-01-05', to: '2027-01-04', reason: 'Second thoughts.' },
    ]);
    expect(corrections.get(stepCorrectionKey('monitoring-visit', 'publish', 2))?.map((correction) => correction.reason)).toEqual(['Published a day earlier.']);
    expect(corrections.get(stepCorrectionKey('monitoring-visit', 'publish', 1))?.map((correction) => correction.reason)).toEqual(['Before visits were numbered.']);
    expect(stepCorrectionKey('monitoring-visit', 'publish')).toBe(stepCorrectionKey('monitoring-visit', 'publish', 1));
    expect(corrections.size).toBe(3);
  });

  it('skips an entry missing what it needs rather than showing half a correction', () => {
    expect(stepCorrections([corrected('2027-01-07T09:00:00.000Z', { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-05', reason: 'No from.' })]).size).toBe(0);
    expect(stepCorrections([{ at: '2027-01-07T09:00:00.000Z', event: 'step-record-corrected' }]).size).toBe(0);
  });
});

describe('stepNotes: the notes recorded with steps in an audit trail, by step', () => {
  it('keeps the notes of a step recorded, corrected or its report not published, by step and visit, oldest first', () => {
    const notes = stepNotes([
      { at: '2027-01-08T09:00:00.000Z', event: 'step-record-corrected', detail: { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-04', from: '2027-01-05', reason: 'Typed wrong.', note: 'Sent by post as well.', byName: 'Maya Manager' } },
      { at: '2027-01-05T09:00:00.000Z', event: 'step-recorded', detail: { process: 'full-inspection', stepId: 'report-to-provider', on: '2027-01-05', note: 'Sent from the secure mailbox.' } },
      { at: '2027-01-06T09:00:00.000Z', event: 'step-recorded', detail: { process: 'full-inspection', stepId: 'publish', on: '2027-01-06' } },
      { at: '2027-03-01T09:00:00.000Z', event: 'monitoring-report-not-published', detail: { process: 'monitoring-visit', stepId: 'publish', visit: 2, on: '2027-03-01', reason: 'Court order.', note: 'Legal advised.' } },
      { at: '2027-03-02T09:00:00.000Z', event: 'window-changed', detail: { process: 'monitoring-visit', stepId: 'publish', note: 'Not a step record.' } },
    ]);
    expect(notes.get(stepCorrectionKey('full-inspection', 'report-to-provider'))).toEqual([
      { at: '2027-01-05T09:00:00.000Z', note: 'Sent from the secure mailbox.' },
      { at: '2027-01-08T09:00:00.000Z', byName: 'Maya Manager', note: 'Sent by post as well.' },
    ]);
    expect(notes.get(stepCorrectionKey('monitoring-visit', 'publish', 2))).toEqual([{ at: '2027-03-01T09:00:00.000Z', note: 'Legal advised.' }]);
    // A step recorded without a note, and another event's note, give none.
    expect(notes.has(stepCorrectionKey('full-inspection', 'publish'))).toBe(false);
    expect(notes.has(stepCorrectionKey('monitoring-visit', 'publish', 1))).toBe(false);
    expect(notes.size).toBe(2);
  });
});
