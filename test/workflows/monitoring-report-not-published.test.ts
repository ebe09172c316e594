/**
 * A regulatory inspection manager may decide not to publish a monitoring report in exceptional circumstances, with
 * a reason (SCCIF 15.1): the publish step is then "not required", never overdue, and the provider is not told it is
 * published. On the synthesized state machines and a virtual clock (its own runtime: the clock moves months).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import {
  activeStates,
  advanceUntil,
  api,
  execution,
  inadequateWithMonitoringVisitDecided,
  outbox,
  startRuntime,
  timelineStep,
  users,
} from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime('2027-03-22T08:00:00Z'); // Monday 22 March 2027
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const step = (inspectionId: string, process: string, stepId: string) => timelineStep(runtime, inspectionId, process, stepId);

/** A full inspection ending at `instant`, judged inadequate, its case review deciding a monitoring visit, whose run waits. */
async function awaitingMonitoringOutcome(instant: string): Promise<string> {
  await runtime.advanceTo(new Date(instant));
  const inspectionId = await inadequateWithMonitoringVisitDecided(runtime, 1);
  await advanceUntil(runtime, () => activeStates(execution(runtime, inspectionId, 'monitoring-visit')).includes('Await monitoring outcome'));
  return inspectionId;
}

describe('a monitoring report not published in exceptional circumstances (SCCIF 15.1)', () => {
  it('is a manager’s decision with a reason: the publish step is "not required", never overdue, and the provider is not told', async () => {
    const inspectionId = await awaitingMonitoringOutcome('2027-04-19T08:00:00Z');

    await runtime.advanceTo(new Date('2027-06-07T09:00:00Z'));
    const visit = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      // A full inspection follows (further monitoring would begin the 2nd visit, which keeps the 1st's decision in
      // its history: test/workflows/further-monitoring.test.ts).
      outcome: 'full-inspection',
      visitDate: '2027-06-07',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    await advanceUntil(runtime, () => activeStates(execution(runtime, inspectionId, 'inadequate')).includes('Await recorded: monitoring visit publish report'));

    const body = { on: '2027-06-08', process: 'monitoring-visit', notPublished: true, reason: 'A criminal investigation is under way.' };
    await runtime.advanceTo(new Date('2027-06-08T09:00:00Z'));
    const byInspector = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, body);
    expect(byInspector.status).toBe(403);
    const noReason = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/publish`, { ...body, reason: undefined });
    expect(noReason.status).toBe(400);
    const byManager = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/publish`, body);
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(200);
    const inspection = (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`)).body.inspection as Record<string, unknown>;
    expect(inspection.monitoringReportNotPublished).toMatchObject({ reason: 'A criminal investigation is under way.', on: '2027-06-08' });

    // Months later: not required, with the reason, never overdue; nobody was told it is published
    await runtime.advanceTo(new Date('2027-09-01T09:00:00Z'));
    expect(await step(inspectionId, 'monitoring-visit', 'publish')).toMatchObject({
      status: 'not-required',
      notRequired: 'not required: the manager decided on Tuesday 8 June 2027 not to publish the report (A criminal investigation is under way.)',
    });
    expect((await outbox(inspectionId)).filter((email) => email.duty.startsWith('report:monitoring-visit:publish') || email.duty.startsWith('escalation:monitoring-visit:publish'))).toEqual([]);
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).not.toContain('Await recorded: monitoring visit publish report');
    const { repository } = await import('../../functions/adapters/repository');
    const audit = await repository().listAudit(inspectionId);
    expect(audit.find((event) => event.event === 'monitoring-report-not-published')?.detail).toMatchObject({ reason: 'A criminal investigation is under way.' });
  }, 180_000);

  it('may be decided for an earlier visit once the next has begun: its report run ends, the provider is not told, the next visit goes on', async () => {
    const inspectionId = await awaitingMonitoringOutcome('2027-10-04T08:00:00Z');
    await runtime.advanceTo(new Date('2027-11-22T09:00:00Z'));
    const visit = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate: '2027-11-22',
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    const reportRun = () => runtime.engine.listExecutions().find((run) => run.executionArn.endsWith(`:${inspectionId}--monitoring-visit-report`));
    await advanceUntil(runtime, () => reportRun()?.status === 'RUNNING');

    await runtime.advanceTo(new Date('2027-11-24T09:00:00Z'));
    const body = { on: '2027-11-24', process: 'monitoring-visit', visit: 1, notPublished: true, reason: 'A criminal investigation is under way.' };
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, body)).status).toBe(403);
    const byManager = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/publish`, body);
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(200);
    await advanceUntil(runtime, () => reportRun()?.status === 'SUCCEEDED');
    const inspection = (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`)).body.inspection as { monitoringVisits: Record<string, unknown>[]; monitoringReportNotPublished?: unknown };
    expect(inspection.monitoringVisits[0]).toMatchObject({ notPublished: { reason: 'A criminal investigation is under way.', on: '2027-11-24' } });
    // The decision is the 1st visit's: the 2nd visit's report is still to be published.
    expect(inspection.monitoringReportNotPublished ?? null).toBeNull();
    expect(inspection.monitoringVisits[1]).toMatchObject({ current: true });
    expect((await outbox(inspectionId)).filter((email) => email.duty.startsWith('report:monitoring-visit:publish'))).toEqual([]);
  }, 180_000);
});
