/**
 * Visits due outside the inadequate pathway on the plan and the due list (decidedVisitsOf, inspectionPlan): an interim
 * inspection's return visit decided at its case review (SCCIF 15.1), and the monitoring visit after serious concerns at
 * an assurance visit (assurance visits guidance 2021). Found by a new-user walk: only the escalations knew of them.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { dailyDigest } from '../../functions/core/daily-digest';
import { dueListEntry, dueRows } from '../../functions/core/due-list';
import { decidedVisitsOf } from '../../functions/core/establishment-history';
import { timelineFor, type InspectionRecord, type RecordedDecision } from '../../functions/core/inspection';
import { inspectionPlan } from '../../functions/core/inspection-plan';
import type { RegisterEntry } from '../../functions/core/establishments';
import { caseReviewDecision, inspectionRecord } from '../adapters/inspection-fixtures';

const day = parseLocalDate;

/** An interim inspection of 21-22 December 2026 judged declined, its case review decided on 23 December. */
function interim(decision: RecordedDecision['decision'], overrides: Partial<InspectionRecord> = {}, returnVisitWindow?: { earliestWeeks: number; latestWeeks: number }): InspectionRecord {
  return inspectionRecord({
    id: 'insp-interim',
    process: 'interim-inspection',
    status: 'in-progress',
    outcome: {
      outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T15:00:00.000Z',
    },
    decisions: {
      'interim-case-review': {
        approvalId: 'appr-1',
        kind: 'interim-case-review',
        decision,
        rationale: 'The provider is addressing the concerns.',
        decidedBy: 'manager-1',
        decidedAt: '2026-12-23T10:00:00.000Z',
        ...(returnVisitWindow ? { returnVisitWindow } : {}),
      },
    },
    ...overrides,
  } as Partial<InspectionRecord>);
}

/** An assurance visit announced on 21 December 2026 that found serious or widespread concerns. */
function assurance(overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  return inspectionRecord({
    id: 'insp-assurance',
    process: 'assurance-visit',
    establishment: { urn: 'SC123456', name: 'Willow House', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    dates: { day1: day('2026-12-21') },
    status: 'in-progress',
    outcome: {
      outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, summaryOfConcerns: 'Restraint records incomplete.' },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-23T15:00:00.000Z',
    },
    ...overrides,
  } as Partial<InspectionRecord>);
}

const stepDay = (record: InspectionRecord, process: 'interim-inspection' | 'assurance-visit', id: string) =>
  timelineFor(record, process).steps.find((step) => step.id === id)?.dueLondonDate;

const plan2026 = (records: readonly InspectionRecord[], today?: string) =>
  inspectionPlan({ type: 'childrens-home', registered: day('2020-01-06'), year: 2026, decidedVisits: decidedVisitsOf(records, today === undefined ? undefined : day(today)) });

describe('an interim inspection’s return visit decided at the case review', () => {
  it('is a window of the plan, as the interim timeline has it (the weeks the case review set), until the visit is recorded', () => {
    const record = interim('return-visit-and-alert-las', {}, { earliestWeeks: 4, latestWeeks: 5 });
    const [visit] = decidedVisitsOf([record]);
    expect(visit).toMatchObject({
      id: 'interim-return-visit',
      inspectionId: 'insp-interim',
      knownFrom: '2026-12-23',
      opens: { on: stepDay(record, 'interim-inspection', 'return-visit-earliest') },
      closes: { on: stepDay(record, 'interim-inspection', 'return-visit') },
    });
    expect(visit?.closes.on).toBe('2027-01-26');
    const window = plan2026([record]).windows.find((planned) => planned.id === 'interim-return-visit');
    expect(window).toMatchObject({ title: 'Return visit after an interim inspection, decided at the case review', opens: '2027-01-19', closes: '2027-01-26' });
    expect(window?.explanation).toContain('the interim inspection of Tue 22 Dec 2026 (declined in effectiveness); its case review of Wed 23 Dec 2026 decided a return visit');
    expect(window?.explanation).toContain('within 5 weeks of the end of the inspection');
    // In words, not the steps' ids (found on the walk: "`return-visit-earliest`" on the establishment page).
    expect(window?.rule).toBe(
      'the return visit an interim inspection’s case review decides takes place in the window it sets: the window opens 4 weeks after the end of the inspection; the visit is due within 5 weeks of the end of the inspection',
    );
    expect(window).not.toHaveProperty('met');
  });

  it('is met by the return visit recorded on its step, and late after its window', () => {
    const done = interim('return-visit-without-alerting-las', { actuals: { 'interim-inspection': { 'return-visit': day('2027-02-08') } } });
    expect(plan2026([done]).windows.find((planned) => planned.id === 'interim-return-visit')?.met).toEqual({
      on: '2027-02-08',
      kind: 'return-visit',
      inspectionId: 'insp-interim',
      // The default 6 to 8 weeks: 22 December 2026 + 6 weeks is 2 February 2027.
    });
    const late = interim('return-visit-without-alerting-las', { actuals: { 'interim-inspection': { 'return-visit': day('2027-02-17') } } });
    expect(plan2026([late]).windows.find((planned) => planned.id === 'interim-return-visit')?.met).toMatchObject({ late: true });
    // Recorded ahead of the day the plan is read: not met yet.
    expect(plan2026([done], '2027-02-05').windows.find((planned) => planned.id === 'interim-return-visit')).not.toHaveProperty('met');
  });

  it('is no window when the case review decided compliance action only, or the inadequate pathway (its own windows), or before it decided', () => {
    expect(decidedVisitsOf([interim('compliance-action-and-alert-las')])).toEqual([]);
    expect(decidedVisitsOf([interim('inadequate-pathway-and-alert-las')])).toEqual([]);
    expect(decidedVisitsOf([interim('return-visit-and-alert-las', { decisions: {} })])).toEqual([]);
  });

  it('is met by nothing else: a monitoring visit or a full inspection of the home in the window is not the return visit', () => {
    const record = interim('return-visit-and-alert-las');
    const planned = inspectionPlan({
      type: 'childrens-home',
      registered: day('2020-01-06'),
      year: 2026,
      history: [{ date: day('2027-02-03'), kind: 'monitoring' }, { date: day('2027-02-04'), kind: 'full' }],
      decidedVisits: decidedVisitsOf([record]),
    });
    expect(planned.windows.find((window) => window.id === 'interim-return-visit')).not.toHaveProperty('met');
  });

  it('is listed in the inspection year it was decided in when its window opens in the next', () => {
    const march = interim('return-visit-and-alert-las', {
      dates: { inspectionStart: day('2027-03-08'), inspectionEnd: day('2027-03-09') },
      outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' }, recordedBy: 'inspector-1', recordedAt: '2027-03-09T15:00:00.000Z' },
    } as Partial<InspectionRecord>);
    const decided = { ...march, decisions: { 'interim-case-review': { ...march.decisions['interim-case-review']!, decidedAt: '2027-03-10T10:00:00.000Z' } } };
    const window = plan2026([decided]).windows.find((planned) => planned.id === 'interim-return-visit');
    expect(window?.opens).toBe('2027-04-20');
    expect(window?.knownFrom).toBe('2027-03-10');
  });

  it('is none once the inspection is withdrawn', () => {
    expect(decidedVisitsOf([interim('return-visit-and-alert-las', { status: 'withdrawn' })])).toEqual([]);
  });
});

describe('the monitoring visit after serious concerns at an assurance visit', () => {
  it('is due while the case review has not decided, with its window from the assurance timeline', () => {
    const record = assurance();
    const [visit] = decidedVisitsOf([record]);
    expect(visit).toMatchObject({
      id: 'assurance-monitoring-visit',
      opens: { on: stepDay(record, 'assurance-visit', 'monitoring-visit-earliest') },
      closes: { on: stepDay(record, 'assurance-visit', 'monitoring-visit-latest') },
    });
    expect(visit?.because).toContain('(its case review has not yet decided the action)');
    const window = plan2026([record]).windows.find((planned) => planned.id === 'assurance-monitoring-visit');
    expect(window?.title).toBe('Monitoring visit after serious concerns at an assurance visit');
    expect(window?.source).toContain('ssurance');
  });

  it('is none once the case review decided against a monitoring visit, or without serious concerns', () => {
    expect(decidedVisitsOf([assurance({ decisions: { 'case-review': caseReviewDecision({ decision: 'no-further-action' }) } })])).toEqual([]);
    expect(decidedVisitsOf([assurance({ decisions: { 'case-review': caseReviewDecision({ decision: 'enforcement-action' }) } })])).toEqual([]);
    const calm = assurance({ outcome: { outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: false }, recordedBy: 'inspector-1', recordedAt: '2026-12-23T15:00:00.000Z' } });
    expect(decidedVisitsOf([calm])).toEqual([]);
  });

  it('is met by the monitoring visit its run recorded, and says what the case review decided', () => {
    const visited = assurance({
      decisions: { 'case-review': caseReviewDecision({ decision: 'monitoring-visit' }) },
      followUps: { 'monitoring-visit': { executionName: 'insp-assurance--monitoring-visit', startedAt: '2026-12-30T10:00:00.000Z', origin: 'assurance-visit' } },
      monitoringOutcome: { outcome: { process: 'monitoring-visit', outcome: 'sufficient-steps-taken', visitDate: day('2027-02-09') }, recordedBy: 'inspector-1', recordedAt: '2027-02-09T15:00:00.000Z' },
    } as Partial<InspectionRecord>);
    const window = plan2026([visited]).windows.find((planned) => planned.id === 'assurance-monitoring-visit');
    expect(window?.explanation).toContain('its case review of Wed 23 Dec 2026 decided a monitoring visit');
    expect(window?.met).toEqual({ on: '2027-02-09', kind: 'monitoring', inspectionId: 'insp-assurance' });
  });
});

describe('the monitoring visits further monitoring began after an assurance visit', () => {
  it('are windows too, each met by its own visit (found by a new-user walk: the 2nd was on no plan and in no digest)', () => {
    const firstVisit = { outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: day('2027-01-12') }, recordedBy: 'inspector-1', recordedAt: '2027-01-13T15:00:00.000Z' };
    const chosen = assurance({
      decisions: { 'case-review': caseReviewDecision({ decision: 'monitoring-visit' }) },
      followUps: { 'monitoring-visit': { executionName: 'insp-assurance--monitoring-visit', startedAt: '2026-12-30T10:00:00.000Z', origin: 'assurance-visit' } },
      monitoringOutcome: firstVisit,
    } as Partial<InspectionRecord>);
    const windows = plan2026([chosen]).windows;
    expect(windows.find((planned) => planned.id === 'assurance-monitoring-visit')?.met?.on).toBe('2027-01-12');
    const second = windows.find((planned) => planned.id === 'further-monitoring-visit');
    expect(second).toMatchObject({ title: '2nd monitoring visit after serious concerns at an assurance visit (further monitoring)', opens: '2027-02-23', closes: '2027-03-09', knownFrom: '2027-01-12' });
    expect(second?.explanation).toContain('serious or widespread concerns at the assurance visit of');
    expect(second).not.toHaveProperty('met');

    // Begun, then carried out on 2 March 2027: met by it.
    const begun = {
      ...chosen,
      monitoringVisits: [{ number: 1, outcome: firstVisit, actuals: {}, executionName: 'insp-assurance--monitoring-visit' }],
      monitoringVisitNumber: 2,
      monitoringOutcome: { outcome: { process: 'monitoring-visit', outcome: 'sufficient-steps-taken', visitDate: day('2027-03-02') }, recordedBy: 'inspector-1', recordedAt: '2027-03-02T15:00:00.000Z' },
    } as InspectionRecord;
    const met = plan2026([begun]).windows;
    expect(met.find((planned) => planned.id === 'assurance-monitoring-visit')?.met?.on).toBe('2027-01-12');
    expect(met.find((planned) => planned.id === 'further-monitoring-visit')?.met).toEqual({ on: '2027-03-02', kind: 'monitoring', inspectionId: 'insp-assurance' });
    // Recorded ahead of the day the plan is read: not met yet.
    expect(plan2026([begun], '2027-03-01').windows.find((planned) => planned.id === 'further-monitoring-visit')).not.toHaveProperty('met');
  });
});

describe('on the due list and in the managers’ digest', () => {
  const entry: RegisterEntry = {
    urn: 'SC123456',
    name: 'Willow House',
    kind: 'childrens-home',
    hostAuthority: 'E09000007',
    registeredOn: day('2020-01-06'),
    status: 'active',
    providesEducation: false,
  } as RegisterEntry;

  it('is overdue after its window closes unmet, and named among the overdue return visits every digest', () => {
    const listed = dueListEntry(entry, [interim('return-visit-and-alert-las')], 2026);
    const rows = dueRows([listed], day('2027-03-01'));
    const row = rows.find((candidate) => candidate.id === 'interim-return-visit');
    expect(row).toMatchObject({ status: 'overdue', risk: 'overdue', closes: '2027-02-16' });
    // 17 February 2027 is the first working day after it closed: news by itself.
    const digest = dailyDigest({ today: day('2027-02-17'), rows: dueRows([listed], day('2027-02-17')), vacancies: [], announced: new Set(), baseUrl: 'https://sccif.example' });
    if (!digest.send) throw new Error('expected a digest');
    expect(digest.template.overdueReturns.map((visit) => visit.title)).toEqual(['Return visit after an interim inspection, decided at the case review']);
  });
});
