/**
 * GET /inspections/{id}: an inspection with the timelines of its process and its follow-ups; children by initials and
 * placement only, the provider by name only.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { RecordedOutcome } from '../../../functions/core/inspection';
import { get, INSPECTOR, MANAGER, storedInspection, useApiHarness } from './api-harness';

useApiHarness('2026-12-23T10:00:00.000Z');

const inadequateOutcome = {
  outcome: {
    process: 'full-inspection',
    overall: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'requires-improvement',
    summaryOfConcerns: 'Restraint is not reviewed.',
  },
  recordedBy: INSPECTOR.id,
  recordedAt: '2026-12-22T17:00:00.000Z',
} as RecordedOutcome;

describe('GET /inspections/{id}', () => {
  it('shows the inspection and the timelines of its process and follow-ups, each step with where it stands', async () => {
    // Prepare
    await storedInspection({
      status: 'in-progress',
      children: [
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
        { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat.parent@example.org' } } },
      ],
      outcome: inadequateOutcome,
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
      actuals: { inadequate: { 'dcs-alert': parseLocalDate('2026-12-23') } },
    });

    // Act
    const response = await get('/inspections/insp-0001', MANAGER);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.inspection).toEqual({
      id: 'insp-0001',
      process: 'full-inspection',
      status: 'in-progress',
      withdrawal: null,
      establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E09000007' },
      provider: { name: 'Willow Care Ltd' },
      inspectorId: 'inspector-1',
      dates: { inspectionStart: '2026-12-21', inspectionEnd: '2026-12-22' },
      children: [
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
        { initials: 'CD', placement: { lookedAfter: false } },
      ],
      outcome: inadequateOutcome.outcome,
      monitoringOutcome: null,
      // §74: the judgement now (no monitoring visit has improved it), and the numbered monitoring visits (none yet).
      currentJudgement: { overall: 'inadequate', from: { kind: 'original' } },
      monitoringVisits: [],
      monitoringReportNotPublished: null,
      decisions: {},
      scheduled: {},
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
      followUpOf: null,
      returnInspections: [],
    });
    expect(response.raw).not.toContain('pat.parent@example.org');
    expect(response.raw).not.toContain('Pat Parent');
    expect(response.raw).not.toContain('ri@willow.example');

    expect(response.body.timelines.map((timeline: { process: string }) => timeline.process)).toEqual(['full-inspection', 'inadequate']);
    const alert = response.body.timelines[1].steps.find((step: { id: string }) => step.id === 'dcs-alert');
    // SCCIF 15.3: by the end of the next working day following the inspection (Tue 22 Dec): Wed 23 Dec, done that day.
    expect(alert).toMatchObject({
      status: 'done',
      workingDaysLeft: 0,
      due: '2026-12-23T23:59:59.000Z',
      dueLondonDate: '2026-12-23',
      rule: 'by the end of the next working day following the inspection',
      done: '2026-12-23',
    });
    expect(alert.source).toContain('15.3');
    expect(alert.explanation).toContain('Wed 23 Dec 2026');
    const caseReview = response.body.timelines[1].steps.find((step: { id: string }) => step.id === 'case-review');
    expect(caseReview).toMatchObject({ done: null });
    expect(['due-soon', 'on-track', 'overdue']).toContain(caseReview.status);
  });

  it('lists the return inspections logged of it (their followUpOf), first day first, with their overall judgement once recorded; the return inspection names it', async () => {
    await storedInspection({ status: 'complete', outcome: inadequateOutcome });
    const judgedGood = { ...inadequateOutcome, outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } } as RecordedOutcome;
    await storedInspection({ id: 'insp-0003', executionName: 'insp-0003--full-inspection', followUpOf: 'insp-0001', dates: { inspectionStart: parseLocalDate('2027-04-12'), inspectionEnd: parseLocalDate('2027-04-14') }, outcome: judgedGood });
    await storedInspection({ id: 'insp-0002', executionName: 'insp-0002--full-inspection', followUpOf: 'insp-0001', dates: { inspectionStart: parseLocalDate('2027-02-01'), inspectionEnd: parseLocalDate('2027-02-03') } });
    // Another inspection of the home, not a return inspection of this one.
    await storedInspection({ id: 'insp-0004', executionName: 'insp-0004--full-inspection' });
    // A return inspection logged by mistake and withdrawn: it carried nothing out, so it is not one of them.
    await storedInspection({
      id: 'insp-0005',
      executionName: 'insp-0005--full-inspection',
      followUpOf: 'insp-0001',
      status: 'withdrawn',
      withdrawal: { withdrawnBy: MANAGER.id, withdrawnByName: 'Sam Okafor', withdrawnAt: '2027-01-20T10:00:00.000Z', reason: 'Logged as the return of the wrong inspection.' },
      dates: { inspectionStart: parseLocalDate('2027-01-18'), inspectionEnd: parseLocalDate('2027-01-19') },
    });

    const original = await get('/inspections/insp-0001', MANAGER);
    expect(original.status).toBe(200);
    expect(original.body.inspection.returnInspections).toEqual([
      { id: 'insp-0002', process: 'full-inspection', inspectionStart: '2027-02-01' },
      { id: 'insp-0003', process: 'full-inspection', inspectionStart: '2027-04-12', overall: 'good' },
    ]);
    const later = await get('/inspections/insp-0003', MANAGER);
    expect(later.body.inspection).toMatchObject({ followUpOf: 'insp-0001', returnInspections: [] });
  });

  it('shows an inspection in progress as complete once every one of its deadlines is done', async () => {
    // Prepare: judged good on Tue 22 Dec; report, publication and the provider's steps all done.
    await storedInspection({
      status: 'in-progress',
      outcome: { ...inadequateOutcome, outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } },
      actuals: {
        'full-inspection': {
          'judgements-recorded': parseLocalDate('2026-12-22'),
          'report-to-provider': parseLocalDate('2026-12-23'),
          'provider-comments': parseLocalDate('2026-12-23'),
          publish: parseLocalDate('2026-12-23'),
          'complaint-window': parseLocalDate('2026-12-23'),
        },
      },
    });

    // Act
    const response = await get('/inspections/insp-0001', MANAGER);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.inspection.status).toBe('complete');
    expect(response.body.timelines.flatMap((timeline: { steps: { status: string }[] }) => timeline.steps.map((step) => step.status))).not.toContain('on-track');
  });

  it('is open to inspectors as well as managers', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await get('/inspections/insp-0001', INSPECTOR);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.inspection.outcome).toBeNull();
    expect(response.body.timelines).toHaveLength(1);
  });

  it('answers 404 for an inspection that does not exist', async () => {
    // Act
    const response = await get('/inspections/insp-unknown', MANAGER);

    // Assess
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'NotFoundError', message: 'inspection insp-unknown not found' });
  });

  it('answers 404, not 500, for an id no inspection can have (too long for a table key)', async () => {
    // Act
    const response = await get(`/inspections/${'x'.repeat(3000)}`, MANAGER);

    // Assess
    expect(response.status).toBe(404);
  });
});
