/** Numbered monitoring visits, the current judgement and one return visit shown once (functions/core/monitoring-visits.ts). */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { ordinalOf, outcomeNotYetRecordable, processHolding, timelineFor, timelinesFor, type InspectionRecord, type RecordedOutcome } from '../../functions/core/inspection';
import { nextDeadline } from '../../functions/core/inspection-views';
import {
  asOfMonitoringVisit,
  awaitedEarlierReports,
  earlierVisitReports,
  begunMonitoringVisit,
  changedMonitoringWindow,
  closedMonitoringVisit,
  currentJudgement,
  furtherMonitoringVisits,
  monitoringReportExecutionName,
  monitoringVisitExecutionName,
  monitoringVisitsOf,
  nextMonitoringVisit,
  stepWaitKey,
  visitDuty,
  visitOfDuty,
  windowChangeNotice,
} from '../../functions/core/monitoring-visits';
import { owedEscalation } from '../../functions/core/escalations';
import { emailDeadline, escalation } from '../../functions/core/email-content';
import { currentJudgementOf, inadequateJudgementsOf, pastInspectionsOf } from '../../functions/core/establishment-history';
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

/** The 2nd visit begun by the 1st visit's further monitoring (window 4 to 6 weeks from 8 Feb 2027), not yet recorded. */
function secondBegun(): InspectionRecord {
  return inspectionRecord({
    ...legacy(further),
    monitoringOutcome: undefined,
    actuals: {},
    monitoringVisitNumber: 2,
    monitoringVisits: [closedMonitoringVisit(legacy(further))!],
    followUps: { ...legacy(further).followUps, 'monitoring-visit': { ...run, executionName: 'insp-0001--monitoring-visit-2' } },
  });
}

describe('the plan’s further monitoring visits (inadequateJudgementsOf; found by a new-user walk: the 2nd visit was on no plan)', () => {
  const windowOf = { number: 2, chosenOn: '2027-02-08', earliest: '2027-03-08', latest: '2027-03-22' };

  it('gives the next visit as soon as further monitoring is recorded, before its run begins it', () => {
    expect(inadequateJudgementsOf([legacy(further)])[0]?.furtherMonitoringVisits).toEqual([windowOf]);
  });

  it('gives the begun visit with the same window, and the day it was carried out once its outcome is recorded', () => {
    const begun = secondBegun();
    expect(inadequateJudgementsOf([begun])[0]?.furtherMonitoringVisits).toEqual([windowOf]);
    const recorded = { ...begun, monitoringOutcome: visit({ outcome: 'full-inspection', visitDate: parseLocalDate('2027-03-15') }) };
    expect(inadequateJudgementsOf([recorded])[0]?.furtherMonitoringVisits).toEqual([{ ...windowOf, done: '2027-03-15' }]);
  });

  it('gives none while no visit chose further monitoring', () => {
    expect(inadequateJudgementsOf([legacy(visit({ outcome: 'full-inspection', visitDate: parseLocalDate('2027-02-08') }))])[0]).not.toHaveProperty('furtherMonitoringVisits');
  });
});

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
    const begun = secondBegun();
    const steps = timelineFor(begun, 'monitoring-visit').steps;
    expect(steps.find((step) => step.id === 'monitoring-visit-latest')).toMatchObject({ title: '2nd monitoring visit carried out', dueLondonDate: '2027-03-22' });
    expect(steps.find((step) => step.id === 'monitoring-visit-earliest')).toMatchObject({ dueLondonDate: '2027-03-08' });
    expect(nextMonitoringVisit(begun)).toBeUndefined();
    expect(begunMonitoringVisit(begun)).toMatchObject({ number: 2, executionName: 'insp-0001--monitoring-visit-2' });
    // The 2nd visit is not the pathway's return visit: its window shows in its own timeline.
    expect(processHolding(begun, 'monitoring-visit', 'monitoring-visit-latest')).toBe('monitoring-visit');
  });

  it('lists every visit further monitoring began with its window and, once recorded, its day; none before further monitoring', () => {
    expect(furtherMonitoringVisits(legacy(further))).toEqual([]);
    expect(furtherMonitoringVisits(secondBegun())).toEqual([{ number: 2, earliest: '2027-03-08', latest: '2027-03-22' }]);
    const recorded = { ...secondBegun(), monitoringOutcome: visit({ outcome: 'sufficient-steps', visitDate: parseLocalDate('2027-03-10') } as never) };
    expect(furtherMonitoringVisits(recorded)).toEqual([{ number: 2, earliest: '2027-03-08', latest: '2027-03-22', done: '2027-03-10' }]);
  });

  it('changes the begun visit’s window (a manager, §71): the new days from the 1st visit, the weeks it had; refused with no begun visit or once it is recorded', () => {
    const begun = secondBegun();
    expect(changedMonitoringWindow(begun, { earliestWeeks: 2, latestWeeks: 3 })).toEqual({
      number: 2,
      executionName: 'insp-0001--monitoring-visit-2',
      earliest: '2027-02-22',
      latest: '2027-03-01',
      from: { earliestWeeks: 4, latestWeeks: 6 },
    });
    expect(changedMonitoringWindow(begun)).toMatchObject({ earliest: '2027-03-08', latest: '2027-03-22', from: { earliestWeeks: 4, latestWeeks: 6 } });
    expect(changedMonitoringWindow(legacy(further), { earliestWeeks: 2, latestWeeks: 3 })).toMatch(/^no monitoring visit has a window to change: /);
    const recorded = { ...begun, monitoringOutcome: visit({ outcome: 'sufficient-steps', visitDate: parseLocalDate('2027-03-10') } as never) };
    expect(changedMonitoringWindow(recorded, { earliestWeeks: 2, latestWeeks: 3 })).toBe(
      "the 2nd monitoring visit's outcome was recorded (visit on Wed 10 Mar 2027): its window can no longer change",
    );
  });

  it('tells the lead inspector of the latest change of the window, one duty per change, from and to in weeks and days; nothing without a change or their address', () => {
    const change = (at: string, from: [number, number], to: [number, number]) => ({
      at,
      by: 'manager-1',
      byName: 'Sam Okafor',
      reason: 'The notice of proposal needs an earlier check.',
      from: { earliestWeeks: from[0], latestWeeks: from[1] },
      to: { earliestWeeks: to[0], latestWeeks: to[1] },
    });
    const begun = secondBegun();
    const changedTwice = (record: InspectionRecord): InspectionRecord => ({
      ...record,
      monitoringVisits: [
        {
          ...record.monitoringVisits![0]!,
          outcome: { ...further, outcome: { ...further.outcome, nextVisitWindow: { earliestWeeks: 2, latestWeeks: 3 } } } as typeof further,
          windowChanges: [change('2027-02-09T10:00:00.000Z', [4, 6], [3, 4]), change('2027-02-10T10:00:00.000Z', [3, 4], [2, 3])],
        },
      ],
    });
    expect(windowChangeNotice({ ...begun, inspectorEmail: 'ann.inspector@ofsted.example' }, 'https://sccif.example.gov.uk')).toBeUndefined();
    expect(windowChangeNotice(changedTwice(begun), 'https://sccif.example.gov.uk')).toBeUndefined();
    expect(windowChangeNotice(changedTwice({ ...begun, inspectorEmail: 'ann.inspector@ofsted.example' }), 'https://sccif.example.gov.uk')).toEqual({
      duty: 'window-change:2:visit-2',
      to: 'ann.inspector@ofsted.example',
      template: {
        template: 'windowChanged',
        inspectionId: 'insp-0001',
        establishment: { urn: 'SC123456', name: 'Willow House' },
        leadInspectorName: 'Ann Inspector',
        changedBy: 'Sam Okafor',
        changedAt: '2027-02-10T10:00:00.000Z',
        visit: 2,
        countedFrom: '2027-02-08',
        from: { earliestWeeks: 3, latestWeeks: 4, earliest: '2027-03-01', latest: '2027-03-08' },
        to: { earliestWeeks: 2, latestWeeks: 3, earliest: '2027-02-22', latest: '2027-03-01' },
        reason: 'The notice of proposal needs an earlier check.',
        baseUrl: 'https://sccif.example.gov.uk',
      },
    });
    expect(visitOfDuty('window-change:2:visit-2')).toBe(2);

    // The window's steps, and an escalation of them, say the manager set the rule (the latest change), not the
    // regulations; a window never changed says nothing of the kind.
    const steps = timelineFor(changedTwice(begun), 'monitoring-visit').steps;
    const setBy =
      "a manager, Sam Okafor, who changed the window from 3–4 weeks to 2–3 weeks on Wednesday 10 February 2027 (Children's homes framework 2015 §71; SCCIF 15.1: the timing of visits after an inadequate judgement is set case by case). Reason: " +
      'The notice of proposal needs an earlier check.';
    expect(steps.filter((step) => step.ruleSetBy !== undefined).map((step) => [step.id, step.ruleSetBy, step.rule])).toEqual([
      ['monitoring-visit-earliest', setBy, 'opens 2 weeks after the 1st monitoring visit'],
      ['monitoring-visit-latest', setBy, 'within 3 weeks of the 1st monitoring visit'],
    ]);
    expect(emailDeadline(steps, 'monitoring-visit-latest').ruleSetBy).toBe(setBy);
    const escalated = escalation({
      template: 'escalation',
      inspectionId: 'insp-0001',
      establishment: { urn: 'SC123456', name: 'Willow House' },
      managerName: 'Sam Okafor',
      seniorManagerName: 'Ruth Adeyemi',
      step: emailDeadline(steps, 'monitoring-visit-latest'),
      workingDaysOverdue: 1,
      overdueOn: parseLocalDate('2027-03-02'),
      baseUrl: 'https://sccif.example.gov.uk',
    });
    expect(escalated.text).toContain(`Rule set by: ${setBy}`);
    expect(timelineFor(begun, 'monitoring-visit').steps.some((step) => step.ruleSetBy !== undefined)).toBe(false);
    expect(emailDeadline(timelineFor(begun, 'monitoring-visit').steps, 'monitoring-visit-latest')).not.toHaveProperty('ruleSetBy');
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
    // Numbered once further monitoring began: the report is named by its visit.
    expect(timelineFor(record, 'monitoring-visit').steps.find((step) => step.id === 'publish')?.title).toBe('2nd monitoring visit report published');
  });

  it('gives the establishment the improved judgement, and its plan every monitoring visit (found by a new-user walk)', () => {
    const improved = visit({ outcome: 'improved-judgement', visitDate: parseLocalDate('2027-04-05'), improvedJudgement: 'good', ...EVERY_IMPROVED_CONDITION });
    const record = inspectionRecord({
      ...legacy(further),
      monitoringOutcome: improved,
      monitoringVisitNumber: 2,
      monitoringVisits: [closedMonitoringVisit(legacy(further))!],
    });
    expect(currentJudgementOf([record])).toEqual({ judgement: 'good', words: 'good', inspectionId: record.id, on: '2027-04-05' });
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
      'Monitoring visit report published with the original judgement (inadequate)',
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

  it('shows the full inspection a visit scheduled (15.1 (b)) once, as the pathway’s 16-week step, and escalates it there (found by a new-user walk: twice on the page, both overdue)', () => {
    const record = legacy(visit({ outcome: 'full-inspection', visitDate: parseLocalDate('2027-02-08') }));
    expect(timelineFor(record, 'monitoring-visit').steps.map((step) => step.id)).toContain('full-inspection-latest');
    expect(processHolding(record, 'monitoring-visit', 'full-inspection-latest')).toBe('inadequate');
    const shown = timelinesFor(record).filter((timeline) => timeline.steps.some((step) => step.id === 'full-inspection-latest'));
    expect(shown.map((timeline) => timeline.process)).toEqual(['inadequate']);
    const due = timelineFor(record, 'inadequate').steps.find((step) => step.id === 'full-inspection-latest')!.due;
    const late = new Date(Date.parse(due) + 60_000);
    expect(owedEscalation(record, 'monitoring-visit', timelineFor(record, 'monitoring-visit'), 'full-inspection-latest', late)?.process).toBe('inadequate');
    // A monitoring visit that is not the pathway's (after an assurance visit) schedules no 16-week step to hold.
    const afterAssurance = { ...record, followUps: { 'monitoring-visit': { ...run, origin: 'assurance-visit' as const } } };
    expect(processHolding(afterAssurance, 'monitoring-visit', 'full-inspection-latest')).toBe('monitoring-visit');
  });

  it.each([
    ['monitoring-visit', 'Monitoring visit'],
    ['full-inspection', 'Return full inspection'],
  ] as const)('names the return visit once the urgent case review chose a %s (found by a new-user walk: its escalation still said "either")', (decision, visit) => {
    const decided = {
      ...legacy(further),
      decisions: { 'case-review': { approvalId: 'apr-1', kind: 'case-review' as const, decision, rationale: 'Serious concerns.', enforcement: 'none' as const, decidedBy: 'manager-1', decidedAt: '2026-12-23T09:00:00.000Z' } },
    };
    const steps = timelineFor(decided, 'inadequate').steps;
    expect(steps.find((step) => step.id === 'monitoring-visit-earliest')?.title).toBe(`${visit} window opens`);
    expect(steps.find((step) => step.id === 'monitoring-visit-latest')?.title).toBe(`${visit} carried out`);
    // The monitoring visit's report counts from the step as the page names it.
    expect(timelineFor(decided, 'monitoring-visit').steps.find((step) => step.id === 'publish')?.anchor?.label).toBe(`"${visit} carried out"`);
    // Once further monitoring numbered the visits, the pathway's visit is the 1st.
    const numbered = timelineFor({ ...decided, monitoringVisitNumber: 2 } as InspectionRecord, 'inadequate').steps;
    expect(numbered.find((step) => step.id === 'monitoring-visit-latest')?.title).toBe(decision === 'monitoring-visit' ? '1st monitoring visit carried out' : 'Return full inspection carried out');
  });

  it('counts its report from the step the page shows, the pathway’s return visit, not from a step shown nowhere (found by a new-user walk)', () => {
    const record = legacy(further);
    const returnVisit = timelineFor(record, 'inadequate').steps.find((step) => step.id === 'monitoring-visit-latest')!;
    const publish = timelineFor(record, 'monitoring-visit').steps.find((step) => step.id === 'publish')!;
    expect(returnVisit.title).toBe('Return visit carried out (monitoring visit or full inspection)');
    expect(publish.anchor).toEqual({ label: `"${returnVisit.title}"`, date: '2027-02-08', basis: 'actual' });
    // After an assurance visit the visit is the monitoring run's own step, shown with its own title.
    const afterAssurance = { ...record, followUps: { 'monitoring-visit': { ...run, origin: 'assurance-visit' as const } } };
    expect(timelineFor(afterAssurance, 'monitoring-visit').steps.find((step) => step.id === 'publish')?.anchor?.label).toBe('"Monitoring visit carried out"');
  });
});

/** The 2nd visit begun as soon as the 1st chose further monitoring, the 1st visit's report still to come. */
function secondBegunBeforeFirstReport(): InspectionRecord {
  const first = legacy(further);
  const closed = closedMonitoringVisit({ ...first, actuals: { 'monitoring-visit': { 'monitoring-visit-latest': further.outcome.visitDate } } })!;
  return inspectionRecord({
    ...first,
    monitoringOutcome: undefined,
    actuals: {},
    monitoringVisitNumber: 2,
    monitoringVisits: [closed],
    followUps: { ...first.followUps, 'monitoring-visit': { ...run, executionName: 'insp-0001--monitoring-visit-2' } },
  });
}

describe('an earlier visit’s report, waited for while the next visit is current (§71: every monitoring visit has a published report)', () => {
  it('reads the record as it stood for the 1st visit: its outcome, its steps, the visits before it; the current visit is the record itself', () => {
    const record = secondBegunBeforeFirstReport();
    const asOf = asOfMonitoringVisit(record, 1)!;
    expect(asOf.monitoringVisitNumber).toBe(1);
    expect(asOf.monitoringOutcome).toEqual(further);
    expect(asOf.monitoringVisits).toEqual([]);
    expect(asOf.actuals['monitoring-visit']).toEqual({ 'monitoring-visit-latest': '2027-02-08' });
    expect(asOf.followUps['monitoring-visit']?.executionName).toBe('insp-0001--monitoring-visit');
    expect(asOfMonitoringVisit(record, 2)).toBe(record);
    expect(asOfMonitoringVisit(record, 3)).toBeUndefined();
    // The record itself is not changed.
    expect(record.monitoringVisitNumber).toBe(2);
  });

  it('dates the 1st visit’s report from its own visit (25 working days from 8 Feb), worded by §75, and shows it due on the page’s list', () => {
    const visits = monitoringVisitsOf(secondBegunBeforeFirstReport());
    expect(visits[0]).toMatchObject({
      number: 1,
      current: false,
      report: { stepId: 'publish', title: '1st monitoring visit report published with the original judgement (inadequate)', dueLondonDate: '2027-03-15' },
    });
    expect(visits[0]?.report?.done).toBeUndefined();
    // Counted from the pathway's return visit, the step the page shows for the 1st visit.
    expect(earlierVisitReports(secondBegunBeforeFirstReport())[0]?.step.anchor?.label).toBe('"Return visit carried out (monitoring visit or full inspection)"');
    // The 2nd visit has no outcome yet: no report.
    expect(visits[1]).toMatchObject({ number: 2, current: true });
    expect(visits[1]?.report).toBeUndefined();
  });

  it('escalates the 1st visit’s late report under a duty of its own, and the 2nd visit’s under one naming it', () => {
    const record = secondBegunBeforeFirstReport();
    const asOf = asOfMonitoringVisit(record, 1)!;
    const owed = owedEscalation(asOf, 'monitoring-visit', timelineFor(asOf, 'monitoring-visit'), 'publish', new Date('2027-03-16T12:00:00Z'));
    expect(owed?.duty).toBe('escalation:monitoring-visit:publish:2027-03-16');
    // Recorded, nothing is owed.
    const published = { ...asOf, actuals: { ...asOf.actuals, 'monitoring-visit': { ...asOf.actuals['monitoring-visit'], publish: parseLocalDate('2027-03-16') } } };
    expect(owedEscalation(published, 'monitoring-visit', timelineFor(published, 'monitoring-visit'), 'publish', new Date('2027-03-17T12:00:00Z'))).toBeUndefined();
    const secondLate = owedEscalation(record, 'monitoring-visit', timelineFor(record, 'monitoring-visit'), 'monitoring-visit-latest', new Date('2027-03-23T12:00:00Z'));
    expect(secondLate?.duty).toBe('escalation:monitoring-visit:monitoring-visit-latest:2027-03-23:visit-2');
  });

  it('counts the 1st visit’s report among the inspection’s next deadlines, named by its visit, until it is recorded', () => {
    const begun = secondBegunBeforeFirstReport();
    // The inspection's and the pathway's own steps all done on their days: the monitoring visits' are what is left.
    const done = Object.fromEntries(
      timelinesFor(begun)
        .filter((timeline) => timeline.process !== 'monitoring-visit')
        .map((timeline) => [timeline.process, { ...begun.actuals[timeline.process as 'inadequate'], ...Object.fromEntries(timeline.steps.map((step) => [step.id, step.dueLondonDate])) }]),
    );
    const record = { ...begun, actuals: { ...begun.actuals, ...done } };
    expect(awaitedEarlierReports(record).map(({ number, step }) => [number, step.dueLondonDate])).toEqual([[1, '2027-03-15']]);
    const next = nextDeadline(record, '2027-03-16T09:00:00Z');
    expect(next).toMatchObject({ process: 'monitoring-visit', status: 'overdue', step: { id: 'publish', title: '1st monitoring visit report published with the original judgement (inadequate)' } });
    const published = { ...record, monitoringVisits: record.monitoringVisits!.map((visit) => ({ ...visit, actuals: { ...visit.actuals, publish: parseLocalDate('2027-03-16') } })) };
    expect(awaitedEarlierReports(published)).toEqual([]);
    // Still among the visit's reports once recorded, with its day: the page keeps it, so its date can be corrected.
    expect(earlierVisitReports(published).map(({ number, step, awaited }) => [number, step.done, awaited])).toEqual([[1, '2027-03-16', false]]);
    expect(earlierVisitReports(record).map(({ number, awaited }) => [number, awaited])).toEqual([[1, true]]);
    expect(nextDeadline(published, '2027-03-16T09:00:00Z')?.step.id).toBe('monitoring-visit-latest');
  });

  it('numbers the duties, wait keys and run names of a later visit only, so that each visit’s emails go once each', () => {
    expect(visitDuty({}, 'monitoring-visit', 'report:monitoring-visit:publish')).toBe('report:monitoring-visit:publish');
    expect(visitDuty({ monitoringVisitNumber: 1 }, 'monitoring-visit', 'dfe-monitoring-outcome')).toBe('dfe-monitoring-outcome');
    expect(visitDuty({ monitoringVisitNumber: 3 }, 'monitoring-visit', 'dfe-monitoring-outcome')).toBe('dfe-monitoring-outcome:visit-3');
    // Another process's duties are never numbered, whatever the visit.
    expect(visitDuty({ monitoringVisitNumber: 3 }, 'inadequate', 'escalation:inadequate:monitoring-visit-latest:2027-03-23')).toBe('escalation:inadequate:monitoring-visit-latest:2027-03-23');
    expect(visitOfDuty('dfe-monitoring-outcome:visit-3')).toBe(3);
    expect(visitOfDuty('escalation:monitoring-visit:publish:2027-03-16')).toBe(1);
    expect(stepWaitKey('publish')).toBe('publish');
    expect(stepWaitKey('publish', 1)).toBe('publish#visit-1');
    expect(monitoringReportExecutionName('insp-0001', 1)).toBe('insp-0001--monitoring-visit-report');
    expect(monitoringReportExecutionName('insp-0001', 2)).toBe('insp-0001--monitoring-visit-2-report');
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
