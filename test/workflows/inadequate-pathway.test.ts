import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { timelineFor } from '../../functions/core/inspection';
import type { MonitoringOutcome } from '../../functions/core/regulations';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';
import {
  advanceUntil,
  api,
  currentState,
  execution,
  executionsOf,
  fullInspectionRequest,
  outbox,
  record,
  recordOnTime,
  startRuntime,
  users,
} from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime('2027-03-22T08:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const INADEQUATE = {
  process: 'full-inspection',
  overall: 'inadequate',
  helpedAndProtected: 'inadequate',
  leadersAndManagers: 'inadequate',
  summaryOfConcerns: 'Children go missing without a response; the fire doors are wedged open.',
};

/** Logs a full inspection that ends today (three days on site) and records an inadequate judgement. */
async function inadequateInspection(): Promise<string> {
  const today = londonDateOf(runtime.clock.now());
  const logged = await api(runtime, users.inspector, 'POST', '/inspections', fullInspectionRequest(addCalendarDays(today, -2), today));
  expect(logged.status).toBe(201);
  const inspectionId = String(logged.body.id);
  const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE);
  expect(outcome.status).toBe(200);
  return inspectionId;
}

async function approveCaseReview(inspectionId: string, decision: string) {
  const queue = await api(runtime, users.manager, 'GET', '/approvals');
  const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find(
    (item) => item.inspectionId === inspectionId,
  );
  expect(approval, 'a pending case review').toBeDefined();
  const decided = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
    decision,
    rationale: 'Concerns about missing-from-care responses and fire safety are serious.',
  });
  expect(decided.status).toBe(200);
}

async function recordMonitoringOutcome(inspectionId: string, outcome: MonitoringOutcome) {
  const improved = outcome === 'improved-judgement' ? EVERY_IMPROVED_CONDITION : {};
  return api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
    process: 'monitoring-visit',
    outcome,
    visitDate: londonDateOf(runtime.clock.now()),
    ...improved,
  });
}

describe('a full inspection judged inadequate', () => {
  let inspectionId: string;

  it('starts the inadequate pathway exactly once, even when the outcome is posted again', async () => {
    // Thursday 25 March 2027, 16:00: the last day on site.
    await runtime.advanceTo(new Date('2027-03-25T15:00:00Z'));
    inspectionId = await inadequateInspection();
    const again = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE);
    expect(again.status).toBe(409);
    const pathways = executionsOf(runtime, 'inadequate').filter((run) => run.name.startsWith(inspectionId));
    expect(pathways).toHaveLength(1);
    expect(pathways[0]?.status).toBe('RUNNING');
  });

  it('alerts the DCS of the host and every placing authority by the end of the next working day', async () => {
    const alerts = (await outbox(inspectionId)).filter((email) => email.duty === 'dcs-alert');
    expect(alerts.map((email) => email.recipient.authorityCode).sort()).toEqual(['E08000025', 'E08000035']);
    const alertDue = timelineFor(await record(runtime, inspectionId), 'inadequate').steps.find((step) => step.id === 'dcs-alert');
    for (const alert of alerts) expect(Date.parse(String(alert.sentAt))).toBeLessThanOrEqual(Date.parse(alertDue!.due));
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dcs-alert-provider-copy')).toBe(true);
  });

  it('escalates to the manager and a senior manager when the case review passes its deadline, and keeps waiting', async () => {
    expect(currentState(execution(runtime, inspectionId, 'inadequate'))).toBe('Request approval: Urgent case review');
    // The urgent case review is due by the end of Tuesday 30 March 2027 (Good Friday and Easter Monday pass over).
    await runtime.advanceTo(new Date('2027-03-31T09:00:00Z'));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:case-review'));
    expect(escalations.map((email) => email.recipient.kind).sort()).toEqual(['manager', 'manager']);
    expect(new Set(escalations.map((email) => email.to)).size).toBe(2);
    expect(currentState(execution(runtime, inspectionId, 'inadequate'))).toBe('Request approval: Urgent case review');
  });

  it('takes the monitoring outcome "schedule a full inspection" to a full inspection due within 16 weeks of the original inspection', async () => {
    await approveCaseReview(inspectionId, 'monitoring-visit');
    const scheduled = await record(runtime, inspectionId);
    const pathway = timelineFor(scheduled, 'inadequate');
    expect(scheduled.scheduled['monitoring-visit']).toMatchObject({
      earliest: pathway.steps.find((step) => step.id === 'monitoring-visit-earliest')?.dueLondonDate,
      latest: pathway.steps.find((step) => step.id === 'monitoring-visit-latest')?.dueLondonDate,
    });
    expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('RUNNING');
    // The inspection's own report stages, recorded on their due days while the pathway goes on.
    await recordOnTime(runtime, inspectionId, 'report-to-provider', 'full-inspection', users.inspector);
    await recordOnTime(runtime, inspectionId, 'publish', 'full-inspection', users.inspector);

    await runtime.advanceTo(new Date('2027-05-12T15:00:00Z'));
    expect((await recordMonitoringOutcome(inspectionId, 'full-inspection')).status).toBe(200);
    await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    const withFull = await record(runtime, inspectionId);
    expect(withFull.scheduled['full-inspection']?.latest).toBe(
      timelineFor(withFull, 'inadequate').steps.find((step) => step.id === 'full-inspection-latest')?.dueLondonDate,
    );
    expect(withFull.scheduled['full-inspection']?.latest).toBe('2027-07-15');

    // The full inspection takes place Mon 14 to Wed 16 June 2027 and is logged as the return inspection.
    await runtime.advanceTo(new Date('2027-06-16T15:00:00Z'));
    const returnInspection = await api(runtime, users.inspector, 'POST', '/inspections', {
      ...fullInspectionRequest('2027-06-14', '2027-06-16'),
      followUpOf: inspectionId,
    });
    expect(returnInspection.status).toBe(201);
    const carriedOut = (await record(runtime, inspectionId)).actuals;
    // Done in the pathway's timeline and in the monitoring visit's, which shows the same deadline.
    expect([carriedOut.inadequate?.['full-inspection-latest'], carriedOut['monitoring-visit']?.['full-inspection-latest']]).toEqual(['2027-06-14', '2027-06-14']);

    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'inadequate')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('SUCCEEDED');
    expect(runtime.clock.now().toISOString() >= '2027-07-15').toBe(true);
    // Carried out in time: the 16-week check at the deadline escalates nothing, and the inspection is complete.
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:full-inspection-latest'));
    expect(escalations).toEqual([]);
    const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
    expect(shown.body.inspection).toMatchObject({ status: 'complete' });
  });
});

describe.each([
  ['further-monitoring', 'Further monitoring, steps towards cancellation'],
  ['improved-judgement', 'Improved judgement awarded'],
] as const)('the monitoring outcome %s', (outcome, endState) => {
  it(`ends the pathway at "${endState}"`, async () => {
    const inspectionId = await inadequateInspection();
    await approveCaseReview(inspectionId, 'monitoring-visit');
    expect((await recordMonitoringOutcome(inspectionId, outcome)).status).toBe(200);
    // What follows the visit does not wait for its report; the pathway ends once the report is recorded as published.
    expect(execution(runtime, inspectionId, 'inadequate')?.events.some((event) => event.type === 'StateEntered' && event.state === endState)).toBe(true);
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('RUNNING');
    await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    const pathway = execution(runtime, inspectionId, 'inadequate');
    expect(pathway?.status).toBe('SUCCEEDED');
    expect(pathway?.events.some((event) => event.type === 'StateEntered' && event.state === endState)).toBe(true);
    expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('SUCCEEDED');
  });
});
