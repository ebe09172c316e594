/** Return visits (functions/core/return-visits.ts). */
import { describe, expect, it } from 'vitest';
import { addCalendarDays, parseLocalDate } from '../../functions/core/calendar';
import { inadequateJudgementsOf, pastInspectionsOf } from '../../functions/core/establishment-history';
import { timelineFor, type RecordedOutcome } from '../../functions/core/inspection';
import { inspectionPlan, inspectionYearOf } from '../../functions/core/inspection-plan';
import { inspectionBrief, returnInspectionOf, returnReasonFor, scheduledVisitDone } from '../../functions/core/return-visits';
import { caseReviewDecision, inspectionRecord } from '../adapters/inspection-fixtures';
import { inadequateFullInspection } from '../functions/steps/step-harness';

describe('returnInspectionOf: the deadline a return inspection discharges on the earlier record', () => {
  const scheduled = (latest: string) => ({ latest: parseLocalDate(latest), scheduledAt: '2026-12-23T10:00:00.000Z' });
  const logged = (process: 'full-inspection' | 'rfc-inspection', inspectionStart: string, urn = 'SC123456') => ({
    process,
    establishment: { urn },
    dates: { inspectionStart: parseLocalDate(inspectionStart) },
  });

  it('is the one due first when a return full inspection and the 16-week one are both due', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-02-08'))).toEqual({
      ok: true,
      value: { visit: 'return-full-inspection', processes: ['inadequate'], stepId: 'monitoring-visit-latest' },
    });
  });

  it('skips the one already carried out', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-10') } },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-04-05'))).toMatchObject({
      ok: true,
      value: { visit: 'full-inspection', stepId: 'full-inspection-latest' },
    });
  });

  /** The monitoring visit of 8 February 2027 after the inadequate judgement, whose outcome scheduled a full inspection. */
  const visit: RecordedOutcome<'monitoring-visit'> = {
    outcome: { process: 'monitoring-visit', outcome: 'full-inspection', visitDate: parseLocalDate('2027-02-08') },
    recordedBy: 'inspector-1',
    recordedAt: '2027-02-08T15:00:00.000Z',
  };
  const monitoringRun = { executionName: 'insp-0001--monitoring-visit', startedAt: '2027-01-05T09:00:00.000Z', origin: 'inadequate' as const };

  it('marks the 16-week step done in the monitoring visit’s timeline too, which has it but does not show it (processHolding)', () => {
    const original = inadequateFullInspection({
      followUps: { 'monitoring-visit': monitoringRun },
      monitoringOutcome: visit,
      scheduled: { 'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') } },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-04-05'))).toEqual({
      ok: true,
      value: { visit: 'full-inspection', processes: ['inadequate', 'monitoring-visit'], stepId: 'full-inspection-latest' },
    });
  });

  it('meets the 16-week step on its first day, and the plan says so too: "Met", not "Met late" for ending after it (found by a new-user walk)', () => {
    const followUps = {
      inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T16:00:00.000Z', origin: 'full-inspection' as const },
      'monitoring-visit': monitoringRun,
    };
    const visited = inadequateFullInspection({ followUps, monitoringOutcome: visit });
    const latest = timelineFor(visited, 'inadequate').steps.find((step) => step.id === 'full-inspection-latest')!.dueLondonDate;
    const pending = { ...visited, scheduled: { 'full-inspection': { visit: 'full-inspection' as const, latest, scheduledAt: '2027-02-08T15:00:00.000Z' } } };
    // Begun on the step's last day, ended two days later.
    const returned = inspectionRecord({ id: 'insp-0002', dates: { inspectionStart: latest, inspectionEnd: addCalendarDays(latest, 2) }, followUpOf: pending.id });
    const found = returnInspectionOf(pending, logged('full-inspection', latest));
    expect(found).toMatchObject({ ok: true, value: { stepId: 'full-inspection-latest' } });
    const original = { ...pending, actuals: { inadequate: { 'full-inspection-latest': latest } } };
    expect(timelineFor(original, 'inadequate').steps.find((step) => step.id === 'full-inspection-latest')).toMatchObject({ done: latest, dueLondonDate: latest });

    const plan = inspectionPlan({
      type: 'childrens-home',
      registered: parseLocalDate('2025-06-01'),
      year: inspectionYearOf(latest),
      history: pastInspectionsOf([original, returned]),
      inadequateJudgements: inadequateJudgementsOf([original]),
    });
    const window = plan.windows.find((candidate) => candidate.id === 'return-full-inspection');
    expect(window?.closes).toBe(latest);
    expect(window?.met).toEqual({ on: latest, kind: 'full', inspectionId: 'insp-0002' });
  });

  it('gives the plan the return visit the case review chose, once it did, with the London day of the decision', () => {
    const followUps = { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T16:00:00.000Z', origin: 'full-inspection' as const } };
    expect(inadequateJudgementsOf([inadequateFullInspection({ followUps })])[0]).not.toHaveProperty('returnVisit');
    const decided = inadequateFullInspection({ followUps, decisions: { 'case-review': caseReviewDecision({ decision: 'full-inspection', decidedAt: '2026-12-23T23:30:00.000Z' }) } });
    expect(inadequateJudgementsOf([decided])[0]?.returnVisit).toEqual({ visit: 'full-inspection', decidedOn: '2026-12-23' });
    const noVisit = inadequateFullInspection({ followUps, decisions: { 'case-review': caseReviewDecision({ decision: 'enforcement-action' }) } });
    expect(inadequateJudgementsOf([noVisit])[0]).not.toHaveProperty('returnVisit');
  });

  it("is an RFC's next inspection (§45) for an RFC inspection, on the day after the earlier one ended", () => {
    const original = inadequateFullInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC123456', name: 'Ash Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      scheduled: { 'next-inspection': { visit: 'next-inspection', ...scheduled('2027-12-22') } },
    });
    expect(returnInspectionOf(original, logged('rfc-inspection', '2026-12-23'))).toEqual({
      ok: true,
      value: { visit: 'next-inspection', processes: ['rfc-inspection'], stepId: 'next-inspection-latest' },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-23'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });

  it('refuses a start on the day the earlier inspection ended, and another establishment, naming the field', () => {
    const original = inadequateFullInspection({ scheduled: { 'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') } } });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-22'))).toMatchObject({ ok: false, error: { field: 'dates.inspectionStart' } });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-01-11', 'SC000001'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });
});

describe('scheduledVisitDone: the day a scheduled visit was carried out', () => {
  const visit = (visitDate: string, outcome: 'further-monitoring' | 'sufficient-steps' = 'further-monitoring') =>
    ({
      outcome: { process: 'monitoring-visit', outcome, visitDate: parseLocalDate(visitDate), stepsTowardsCancellation: ['cancellation-considered'] },
      recordedBy: 'inspector-1',
      recordedAt: `${visitDate}T15:00:00.000Z`,
    }) as RecordedOutcome<'monitoring-visit'>;

  it('is the monitoring visit’s own date: the 1st while it is current, then kept with the earlier visits; the 2nd is further monitoring', () => {
    expect(scheduledVisitDone(inadequateFullInspection(), 'monitoring-visit')).toBeUndefined();
    const first = inadequateFullInspection({ monitoringOutcome: visit('2027-01-14') });
    expect(scheduledVisitDone(first, 'monitoring-visit')).toBe('2027-01-14');
    expect(scheduledVisitDone(first, 'further-monitoring')).toBeUndefined();
    const second = inadequateFullInspection({
      monitoringVisitNumber: 2,
      monitoringVisits: [{ number: 1, outcome: visit('2027-01-14'), actuals: {}, executionName: 'insp-0001--monitoring-visit' }],
    });
    expect(scheduledVisitDone(second, 'monitoring-visit')).toBe('2027-01-14');
    expect(scheduledVisitDone(second, 'further-monitoring')).toBeUndefined();
    expect(scheduledVisitDone({ ...second, monitoringOutcome: visit('2027-02-04', 'sufficient-steps') }, 'further-monitoring')).toBe('2027-02-04');
  });

  it('is the day a return inspection’s deadline step was recorded done, in the timeline that scheduled it', () => {
    const original = inadequateFullInspection({ actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-10') } } });
    expect(scheduledVisitDone(original, 'return-full-inspection')).toBe('2027-02-10');
    expect(scheduledVisitDone(original, 'full-inspection')).toBeUndefined();
    expect(scheduledVisitDone(original, 'next-inspection')).toBeUndefined();
  });
});

describe('returnReasonFor: why a case review is held or a return visit is due', () => {
  it.each([
    ['full-inspection', 'inadequate-judgement'],
    ['interim-inspection', 'interim-decline'],
    ['assurance-visit', 'assurance-visit-serious-concerns'],
    ['rfc-inspection', 'inadequate-judgement'],
  ] as const)('is %s → %s', (process, reason) => {
    expect(returnReasonFor(process)).toBe(reason);
  });
});

describe('inspectionBrief', () => {
  it("names an interim inspection's recorded judgement of effectiveness (found by a new-user walk: 'judgements not recorded yet' of a decline)", () => {
    const interim = inspectionRecord({
      process: 'interim-inspection',
      outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' }, recordedBy: 'inspector-1', recordedAt: '2026-12-22T15:00:00.000Z' },
    } as never);
    expect(inspectionBrief(interim)).toMatchObject({ process: 'interim-inspection', effectiveness: 'declined' });
    expect(inspectionBrief(interim)).not.toHaveProperty('overall');
    expect(inspectionBrief(inspectionRecord())).not.toHaveProperty('effectiveness');
  });
});

describe('inadequateJudgementsOf', () => {
  it('says what an interim inspection whose case review chose the pathway judged (the plan names it), and nothing of a full inspection', () => {
    const startedAt = '2026-12-23T10:00:00.000Z';
    const interim = inspectionRecord({
      process: 'interim-inspection',
      outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' }, recordedBy: 'inspector-1', recordedAt: '2026-12-22T15:00:00.000Z' },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt, origin: 'interim-inspection' } },
    } as never);
    expect(inadequateJudgementsOf([interim])[0]?.judgedWords).toBe('judged to have declined in effectiveness at the interim inspection');
    const full = inspectionRecord({ followUps: { inadequate: { executionName: 'insp-0002--inadequate', startedAt, origin: 'full-inspection' } } } as never);
    expect(inadequateJudgementsOf([full])[0]).not.toHaveProperty('judgedWords');
  });
});
