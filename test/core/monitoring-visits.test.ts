/** Numbered monitoring visits, the current judgement and one return visit shown once (functions/core/monitoring-visits.ts). */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { ordinalOf, outcomeNotYetRecordable, processHolding, timelineFor, timelinesFor, type InspectionRecord, type RecordedOutcome } from '../../functions/core/inspection';
import {
  begunMonitoringVisit,
  closedMonitoringVisit,
  currentJudgement,
  monitoringVisitExecutionName,
  monitoringVisitsOf,
  nextMonitoringVisit,
} from '../../functions/core/monitoring-visits';
import { currentJudgementOf, pastInspectionsOf } from '../../functions/core/establishment-history';
import { EVERY_IMPROVED_CONDITION, inspectionRecord } from '../adapters/inspection-fixtures';

const INADEQUATE: InspectionRecord['outcome'] = {
  outcome: {
    process: 'full-inspection',
    overall: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'inadequate',
    summaryOfConcerns: 'Fire doors wedged open.',
  },
  recordedBy: 'inspector-1',
  recordedAt: '2026-12-22T15:00:00.000Z',
} as InspectionRecord['outcome'];

const run = { executionName: 'insp-0001--monitoring-visit', startedAt: '2027-01-05T09:00:00.000Z', origin: 'inadequate' as const };

function visit(outcome: Omit<RecordedOutcome<'monitoring-visit'>['outcome'], 'process'>): RecordedOutcome<'monitoring-visit'> {
  return { outcome: { process: 'monitoring-visit', ...outcome }, recordedBy: 'inspector-1', recordedAt: `${outcome.visitDate}T15:00:00.000Z` };
}

/** A record from before further monitoring was repeatable: one monitoring outcome, no number, no earlier visits. */
function legacy(outcome: RecordedOutcome<'monitoring-visit'>): InspectionRecord {
  return inspectionRecord({
    outcome: INADEQUATE,
    followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: run.startedAt, origin: 'full-inspection' }, 'monitoring-visit': run },
    monitoringOutcome: outcome,
    actuals: { 'monitoring-visit': { 'monitoring-visit-latest': outcome.outcome.visitDate, publish: parseLocalDate('2027-03-01') } },
  });
}

const further = visit({ outcome: 'further-monitoring', visitDate: parseLocalDate('2027-02-08'), stepsTowardsCancellation: ['notice-of-proposal-to-cancel'], nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 } });

describe('numbered monitoring visits (children’s homes framework §77)', () => {
  it('names the 1st visit’s run as every run was named before, and later ones with their number', () => {
    expect(monitoringVisitExecutionName('insp-0001', 1)).toBe('insp-0001--monitoring-visit');
    expect(monitoringVisitExecutionName('insp-0001', 2)).toBe('insp-0001--monitoring-visit-2');
  });

  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
  ])('calls visit %i the %s', (number, words) => {
    expect(ordinalOf(number)).toBe(words);
  });

  it('reads a record from before further monitoring was repeatable as its 1st visit', () => {
    const record = legacy(further);
    expect(monitoringVisitsOf(record)).toMatchObject([{ number: 1, title: '1st monitoring visit', current: true, publishedOn: '2027-03-01' }]);
    expect(currentJudgement(record)).toEqual({ overall: 'inadequate', from: { kind: 'original' } });
  });

  it('begins the next visit from a further monitoring outcome: numbered, named, its window in the weeks set (4 to 6 from 8 Feb)', () => {
    const record = legacy(further);
    expect(nextMonitoringVisit(record)).toEqual({ number: 2, executionName: 'insp-0001--monitoring-visit-2', earliest: '2027-03-08', latest: '2027-03-22' });
    expect(closedMonitoringVisit(record)).toMatchObject({ number: 1, executionName: run.executionName, actuals: { publish: '2027-03-01' } });
  });

  it('defaults the next window to 6 to 8 weeks from the visit (§71)', () => {
    const record = legacy(visit({ outcome: 'further-monitoring', visitDate: parseLocalDate('2027-02-08'), stepsTowardsCancellation: ['cancellation-considered'] }));
    expect(nextMonitoringVisit(record)).toMatchObject({ earliest: '2027-03-22', latest: '2027-04-05' });
  });

  it('times the 2nd visit’s window from the 1st visit, titled by its number, and finds it begun on a retry', () => {
    const begun = inspectionRecord({
      ...legacy(further),
      monitoringOutcome: undefined,
      actuals: {},
      monitoringVisitNumber: 2,
      monitoringVisits: [closedMonitoringVisit(legacy(further))!],
      followUps: { ...legacy(further).followUps, 'monitoring-visit': { ...run, executionName: 'insp-0001--monitoring-visit-2' } },
    });
    const steps = timelineFor(begun, 'monitoring-visit').steps;
    expect(steps.find((step) => step.id === 'monitoring-visit-latest')).toMatchObject({ title: '2nd monitoring visit carried out', dueLondonDate: '2027-03-22' });
    expect(steps.find((step) => step.id === 'monitoring-visit-earliest')).toMatchObject({ dueLondonDate: '2027-03-08' });
    expect(nextMonitoringVisit(begun)).toBeUndefined();
    expect(begunMonitoringVisit(begun)).toMatchObject({ number: 2, executionName: 'insp-0001--monitoring-visit-2' });
    // The 2nd visit is not the pathway's return visit: its window shows in its own timeline.
    expect(processHolding(begun, 'monitoring-visit', 'monitoring-visit-latest')).toBe('monitoring-visit');
  });

  it('makes an improved judgement the current one, keeping the original (§74)', () => {
    const improved = visit({ outcome: 'improved-judgement', visitDate: parseLocalDate('2027-04-05'), improvedJudgement: 'good', ...EVERY_IMPROVED_CONDITION });
    const record = inspectionRecord({
      ...legacy(further),
      monitoringOutcome: improved,
      monitoringVisitNumber: 2,
      monitoringVisits: [closedMonitoringVisit(legacy(further))!],
    });
    expect(currentJudgement(record)).toEqual({ overall: 'good', from: { kind: 'monitoring-visit', number: 2, visitDate: '2027-04-05' }, original: 'inadequate' });
    expect(timelineFor(record, 'monitoring-visit').steps.find((step) => step.id === 'publish')?.title).toBe('Monitoring visit report published');
  });

  it('gives the establishment the improved judgement, and its plan every monitoring visit (found by a new-user walk)', () => {
    const improved = visit({ outcome: 'improved-judgement', visitDate: parseLocalDate('2027-04-05'), improvedJudgement: 'good', ...EVERY_IMPROVED_CONDITION });
    const record = inspectionRecord({
      ...legacy(further),
      monitoringOutcome: improved,
      monitoringVisitNumber: 2,
      monitoringVisits: [closedMonitoringVisit(legacy(further))!],
    });
    expect(currentJudgementOf([record])).toEqual({ judgement: 'good', inspectionId: record.id, on: '2027-04-05' });
    expect(currentJudgementOf([legacy(further)])).toMatchObject({ judgement: 'inadequate' });
    // The 1st visit, now an earlier one, still meets the return window it fell in; the 2nd only once it has happened.
    const visits = (today: string) => pastInspectionsOf([record], parseLocalDate(today)).filter((past) => past.kind === 'monitoring').map((past) => past.date);
    expect(visits('2027-03-01')).toEqual(['2027-02-08']);
    expect(visits('2027-04-05')).toEqual(['2027-02-08', '2027-04-05']);
  });

  it('closes the visit window on the day of the visit: "window opens" is done, never left open (found by a new-user walk)', () => {
    const steps = timelineFor(legacy(further), 'monitoring-visit').steps;
    expect(steps.find((step) => step.id === 'monitoring-visit-earliest')?.done).toBe('2027-02-08');
    const before = inspectionRecord({ ...legacy(further), monitoringOutcome: undefined, actuals: {} });
    expect(timelineFor(before, 'monitoring-visit').steps.find((step) => step.id === 'monitoring-visit-earliest')?.done).toBeUndefined();
  });

  it('titles the report of a visit that did not improve the judgement "with the original judgement" (§75)', () => {
    expect(timelineFor(legacy(further), 'monitoring-visit').steps.find((step) => step.id === 'publish')?.title).toBe(
      'Monitoring visit report published with the original judgement (inadequate, §75)',
    );
  });

  it('shows the 1st visit after an inadequate judgement once, as the pathway’s return visit, and escalates it there', () => {
    const record = legacy(further);
    expect(processHolding(record, 'monitoring-visit', 'monitoring-visit-latest')).toBe('inadequate');
    expect(processHolding(record, 'monitoring-visit', 'publish')).toBe('monitoring-visit');
    const shown = timelinesFor(record);
    expect(shown.find((timeline) => timeline.process === 'monitoring-visit')?.steps.map((step) => step.id)).not.toContain('monitoring-visit-latest');
    expect(shown.find((timeline) => timeline.process === 'inadequate')?.steps.map((step) => step.id)).toContain('monitoring-visit-latest');
  });
});

describe('outcomeNotYetRecordable: an outcome is a fact recorded once the inspection has happened', () => {
  const full = inspectionRecord({ dates: { inspectionStart: parseLocalDate('2027-02-18'), inspectionEnd: parseLocalDate('2027-02-20') } });
  const assurance = inspectionRecord({ process: 'assurance-visit', dates: { day1: parseLocalDate('2027-02-18') } });

  it('refuses a full inspection’s judgements before its last day on site, naming that day and today', () => {
    expect(outcomeNotYetRecordable(full, full.process, parseLocalDate('2027-01-25'))).toBe(
      "the inspection's last day on site is Sat 20 Feb 2027: its outcome can be recorded from that day, not before (today is Mon 25 Jan 2027, London)",
    );
    expect(outcomeNotYetRecordable(full, full.process, parseLocalDate('2027-02-19'))).toMatch(/^the inspection's last day on site is Sat 20 Feb 2027/);
  });

  it('takes them on the last day on site and after', () => {
    expect(outcomeNotYetRecordable(full, full.process, parseLocalDate('2027-02-20'))).toBeUndefined();
    expect(outcomeNotYetRecordable(full, full.process, parseLocalDate('2027-03-01'))).toBeUndefined();
    // A monitoring visit's outcome is bounded by its own visit date instead (record-outcome.ts).
    expect(outcomeNotYetRecordable(full, 'monitoring-visit', parseLocalDate('2027-01-25'))).toBeUndefined();
  });

  it('takes an assurance visit’s outcome from the end of the visit (day 3: "Visit completes; verbal feedback given"), not during it', () => {
    // Day 1 Thu 18 Feb 2027, day 3 Mon 22 Feb: the alerts and DfE's notice say the visit "ended" on that day.
    expect(outcomeNotYetRecordable(assurance, assurance.process, parseLocalDate('2027-02-18'))).toBe(
      'the assurance visit ends on Mon 22 Feb 2027 (day 3; if it ended earlier, record "Visit completes" first): its outcome can be recorded from that day, not before (today is Thu 18 Feb 2027, London)',
    );
    expect(outcomeNotYetRecordable(assurance, assurance.process, parseLocalDate('2027-02-19'))).toMatch(/^the assurance visit ends on Mon 22 Feb 2027/);
    expect(outcomeNotYetRecordable(assurance, assurance.process, parseLocalDate('2027-02-22'))).toBeUndefined();
  });

  it('takes it from the day the visit ended when that was recorded earlier than day 3', () => {
    const endedEarly = inspectionRecord({ process: 'assurance-visit', dates: { day1: parseLocalDate('2027-02-18') }, actuals: { 'assurance-visit': { 'visit-end': parseLocalDate('2027-02-19') } } });
    expect(outcomeNotYetRecordable(endedEarly, endedEarly.process, parseLocalDate('2027-02-19'))).toBeUndefined();
    expect(outcomeNotYetRecordable(endedEarly, endedEarly.process, parseLocalDate('2027-02-18'))).toMatch(/^the assurance visit ends on Fri 19 Feb 2027/);
  });
});

describe('a monitoring visit after serious assurance-visit concerns is worded for where it came from', () => {
  const assurance = inspectionRecord({
    process: 'assurance-visit',
    establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    dates: { day1: parseLocalDate('2026-11-30') },
    actuals: { 'assurance-visit': { 'visit-end': parseLocalDate('2026-12-02') } },
    followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-10T09:00:00.000Z', origin: 'assurance-visit' } },
  });

  it('names the assurance visit, counts its window from the end of the visit and cites the assurance guidance, not SCCIF 15.1', () => {
    const timeline = timelineFor(assurance, 'monitoring-visit');

    expect(timeline.title).toBe('Monitoring visit after serious concerns at an assurance visit');
    const latest = timeline.steps.find((step) => step.id === 'monitoring-visit-latest')!;
    expect(latest.anchor).toMatchObject({ label: 'the end of the assurance visit', date: '2026-12-02' });
    expect(latest.sourceRef.document).toBe('assurance-visits-2021');
    expect(timeline.steps.map((step) => step.sourceRef.document)).not.toContain('sccif-15');
  });

  it('keeps the inadequate pathway’s words after an inadequate judgement', () => {
    const timeline = timelineFor(legacy(further), 'monitoring-visit');

    expect(timeline.title).toBe('Monitoring visit after an inadequate judgement');
    expect(timeline.steps.find((step) => step.id === 'monitoring-visit-latest')?.sourceRef).toEqual({ document: 'sccif-15', paragraph: '15.1' });
  });
});
