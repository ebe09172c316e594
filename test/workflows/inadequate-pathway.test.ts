import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf, londonTimeOn } from '../../functions/core/calendar';
import { nextEscalation } from '../../functions/core/escalations';
import { timelineFor } from '../../functions/core/inspection';
import type { MonitoringOutcome } from '../../functions/core/regulations';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';
import {
  activeStates,
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
  urnOf,
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

async function pendingCaseReview(inspectionId: string): Promise<string> {
  const queue = await api(runtime, users.manager, 'GET', '/approvals');
  const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find(
    (item) => item.inspectionId === inspectionId,
  );
  expect(approval, 'a pending case review').toBeDefined();
  return approval!.approvalId;
}

async function approveCaseReview(inspectionId: string, decision: string, enforcement: unknown = 'none') {
  const decided = await api(runtime, users.manager, 'POST', `/approvals/${await pendingCaseReview(inspectionId)}/decision`, {
    decision,
    enforcement,
    rationale: 'Concerns about missing-from-care responses and fire safety are serious.',
  });
  expect(decided.status).toBe(200);
}

async function recordMonitoringOutcome(inspectionId: string, outcome: MonitoringOutcome) {
  const improved =
    outcome === 'improved-judgement'
      ? { ...EVERY_IMPROVED_CONDITION, improvedJudgement: 'requires-improvement' }
      : outcome === 'further-monitoring'
        ? { stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] }
        : {};
  // An improved judgement needs the regulatory inspection manager's agreement (§76): a manager records it.
  return api(runtime, outcome === 'improved-judgement' ? users.manager : users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
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
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');
    // The urgent case review is due by the end of Tuesday 30 March 2027 (Good Friday and Easter Monday pass over).
    await runtime.advanceTo(new Date('2027-03-31T09:00:00Z'));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:case-review'));
    // One escalation (Wednesday 31 March, its 1st working day overdue), to each manager by who they are.
    expect(escalations.map((email) => [email.duty, email.recipient.kind]).sort()).toEqual([
      ['escalation:inadequate:case-review:2027-03-31', 'manager'],
      ['escalation:inadequate:case-review:2027-03-31', 'senior-manager'],
    ]);
    expect(new Set(escalations.map((email) => email.to)).size).toBe(2);
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');
  });

  it('refuses "no further action" at the urgent case review (400 naming the decision, citing 15.1 and §71), and a review without the enforcement considered', async () => {
    const approvalId = await pendingCaseReview(inspectionId);
    const rationale = 'The home has already fixed the fire doors and responds to missing episodes.';
    const refused = await api(runtime, users.manager, 'POST', `/approvals/${approvalId}/decision`, { decision: 'no-further-action', enforcement: 'none', rationale });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'decision', message: expect.stringMatching(/SCCIF 15\.1; children's homes framework §71/) }]);
    const noEnforcement = await api(runtime, users.manager, 'POST', `/approvals/${approvalId}/decision`, { decision: 'monitoring-visit', rationale });
    expect(noEnforcement.status).toBe(400);
    expect(noEnforcement.body.errors).toEqual([{ field: 'enforcement', message: expect.stringMatching(/^is required/) }]);
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
      ...fullInspectionRequest('2027-06-14', '2027-06-16', 'childrens-home', await urnOf(runtime, inspectionId)),
      followUpOf: inspectionId,
    });
    expect(returnInspection.status).toBe(201);
    const carriedOut = (await record(runtime, inspectionId)).actuals;
    // Done in the pathway's timeline and in the monitoring visit's, which shows the same deadline.
    expect([carriedOut.inadequate?.['full-inspection-latest'], carriedOut['monitoring-visit']?.['full-inspection-latest']]).toEqual(['2027-06-14', '2027-06-14']);

    // Logging it answers the pathway's wait for the full inspection: the run ends that day, nothing escalated.
    await runtime.settle();
    const pathwayRun = execution(runtime, inspectionId, 'inadequate');
    expect(pathwayRun?.status).toBe('SUCCEEDED');
    expect(pathwayRun?.events.some((event) => event.type === 'StateEntered' && event.state === 'Full inspection carried out')).toBe(true);
    expect(londonDateOf(pathwayRun!.stopDate!)).toBe(londonDateOf(runtime.clock.now()));
    expect(londonDateOf(pathwayRun!.stopDate!) < '2027-07-15').toBe(true);
    await runtime.advanceTo(new Date('2027-07-20T09:00:00Z'));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:full-inspection-latest'));
    expect(escalations).toEqual([]);
    const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
    expect(shown.body.inspection).toMatchObject({ status: 'complete' });
  });
});

// Further monitoring goes round to the next visit: test/workflows/further-monitoring.test.ts.
describe.each([['improved-judgement', 'Improved judgement awarded']] as const)('the monitoring outcome %s', (outcome, endState) => {
  it(`ends the pathway at "${endState}"`, async () => {
    const inspectionId = await inadequateInspection();
    await approveCaseReview(inspectionId, 'monitoring-visit');
    expect((await recordMonitoringOutcome(inspectionId, outcome)).status).toBe(200);
    // What follows the visit does not wait for its report; the pathway ends once the report is recorded as published.
    expect(execution(runtime, inspectionId, 'inadequate')?.events.some((event) => event.type === 'StateEntered' && event.state === endState)).toBe(true);
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('RUNNING');
    await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    // The return visit's 8-week clock runs beside the review; the visit was recorded, so it ends without escalating.
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'inadequate')?.status !== 'RUNNING');
    const pathway = execution(runtime, inspectionId, 'inadequate');
    expect(pathway?.status).toBe('SUCCEEDED');
    expect((await outbox(inspectionId)).some((email) => email.duty.startsWith('escalation:inadequate:monitoring-visit-latest'))).toBe(false);
    expect(pathway?.events.some((event) => event.type === 'StateEntered' && event.state === endState)).toBe(true);
    expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('SUCCEEDED');
  }, 120_000);
});

describe('the return visit whatever the state of the urgent case review (§71)', () => {
  it('escalates the return visit by name at 8 weeks while the review is undecided, lets the inspector record the monitoring visit, and the decision then follows it up', async () => {
    const inspectionId = await inadequateInspection();
    const pathway = timelineFor(await record(runtime, inspectionId), 'inadequate');
    const latest = pathway.steps.find((step) => step.id === 'monitoring-visit-latest')!;
    expect(latest.title).toMatch(/^Return visit carried out/);

    // Nobody decides the case review; the 8-week deadline passes.
    await runtime.advanceTo(new Date(Date.parse(latest.due) + 3_600_000));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:monitoring-visit-latest'));
    // The visit is the lead inspector's to carry out and record: they are escalated to with the managers.
    expect(escalations.map((email) => email.recipient.kind).sort()).toEqual(['inspector', 'manager', 'senior-manager']);
    expect(escalations.every((email) => /Return visit carried out \(monitoring visit or full inspection\)/.test(JSON.stringify(email.template)))).toBe(true);
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');

    // The inspector records the monitoring visit (carried out yesterday) though the review is still undecided.
    const visitDate = addCalendarDays(londonDateOf(runtime.clock.now()), -1);
    const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate,
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
    });
    expect(recorded.status).toBe(200);
    expect((await record(runtime, inspectionId)).actuals.inadequate?.['monitoring-visit-latest']).toBe(visitDate);

    // The late decision: enforcement and the monitoring visit already made; the run follows the recorded outcome.
    await approveCaseReview(inspectionId, 'monitoring-visit', { actions: ['compliance-notice', 'notice-of-proposal-to-cancel'], against: ['establishment', 'registered-manager'] });
    await advanceUntil(runtime, () =>
      execution(runtime, inspectionId, 'inadequate')?.events.some((event) => event.type === 'StateEntered' && event.state === 'Further monitoring, steps towards cancellation') ?? false,
    );
    const decided = await record(runtime, inspectionId);
    expect(decided.decisions['case-review']).toMatchObject({
      decision: 'monitoring-visit',
      enforcement: { actions: ['compliance-notice', 'notice-of-proposal-to-cancel'], against: ['establishment', 'registered-manager'] },
    });
    // The decision and its reasons on the audit trail.
    const { repository } = await import('../../functions/adapters/repository');
    const audit = (await repository().listAudit(inspectionId)).find((event) => event.event === 'decision-recorded');
    expect(audit?.detail).toMatchObject({
      decision: 'monitoring-visit',
      enforcement: 'a compliance notice and a notice of proposal to cancel the registration, against the establishment and the registered manager',
      rationale: expect.stringMatching(/fire safety/),
    });
  }, 120_000);

  it('routes a "full inspection" return visit chosen at the case review, with the enforcement considered, and refuses a monitoring visit then', async () => {
    const inspectionId = await inadequateInspection();
    await approveCaseReview(inspectionId, 'full-inspection', { actions: ['restriction-of-accommodation'], against: ['establishment'] });
    const run = execution(runtime, inspectionId, 'inadequate');
    expect(run?.events.some((event) => event.type === 'StateEntered' && event.state === 'Return full inspection scheduled')).toBe(true);
    expect(execution(runtime, inspectionId, 'monitoring-visit')).toBeUndefined();
    expect((await record(runtime, inspectionId)).scheduled['return-full-inspection']).toBeDefined();
    const monitoring = await recordMonitoringOutcome(inspectionId, 'further-monitoring');
    expect(monitoring.status).toBe(400);
    expect(monitoring.body.errors).toEqual([{ field: 'process', message: expect.stringMatching(/chose a full inspection as the return visit/) }]);

    // Not carried out by 8 weeks: escalated on its first working days overdue, not once only, until it is logged.
    const latest = timelineFor(await record(runtime, inspectionId), 'inadequate').steps.find((step) => step.id === 'monitoring-visit-latest')!;
    await runtime.advanceTo(new Date(Date.parse(latest.due) + 3 * 7 * DAY_MS));
    expect(escalationDays(await outbox(inspectionId), 'monitoring-visit-latest')).toEqual(escalationDaysExpected(latest.due, runtime.clock.now().getTime()));
    const toLog = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:monitoring-visit-latest'));
    expect(new Set(toLog.map((email) => email.template.template === 'escalation' && email.template.inspectionToLog))).toEqual(new Set(['the return full inspection']));
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Await recorded: return full inspection');
    await logReturnInspection(inspectionId);
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('SUCCEEDED');
  }, 120_000);
});

const DAY_MS = 86_400_000;

/** The days an overdue step of the pathway was escalated on (each to the managers), in order. */
function escalationDays(emails: { duty: string; recipientKey: string }[], stepId: string): string[] {
  const prefix = `escalation:inadequate:${stepId}:`;
  return emails.filter((email) => email.duty.startsWith(prefix) && email.recipientKey === 'manager').map((email) => email.duty.slice(prefix.length)).sort();
}

/** The working days the escalation cadence (core/escalations.ts) escalates a step due at `due` on, until `until`. */
function escalationDaysExpected(due: string, until: number): string[] {
  const days: string[] = [];
  for (let occasion = nextEscalation({ due }, new Date(Date.parse(due) - 1)); occasion.at <= until; occasion = nextEscalation({ due }, new Date(occasion.at))) {
    days.push(occasion.day);
  }
  return days;
}

/** Logs a full inspection, three days on site ending today, as the return inspection of `inspectionId`. */
async function logReturnInspection(inspectionId: string): Promise<void> {
  const today = londonDateOf(runtime.clock.now());
  const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
    ...fullInspectionRequest(addCalendarDays(today, -2), today, 'childrens-home', await urnOf(runtime, inspectionId)),
    followUpOf: inspectionId,
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  await runtime.settle();
}

describe('the full inspection within 16 weeks, not logged by its deadline (15.1 (b))', () => {
  it('is escalated at 16 weeks and on the escalation cadence after, not once only, until it is logged; then the pathway ends', async () => {
    const inspectionId = await inadequateInspection();
    await approveCaseReview(inspectionId, 'monitoring-visit');
    const opens = timelineFor(await record(runtime, inspectionId), 'inadequate').steps.find((step) => step.id === 'monitoring-visit-earliest')!;
    await runtime.advanceTo(new Date(londonTimeOn(opens.dueLondonDate, '15:00')));
    expect((await recordMonitoringOutcome(inspectionId, 'full-inspection')).status).toBe(200);
    await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    const latest = timelineFor(await record(runtime, inspectionId), 'inadequate').steps.find((step) => step.id === 'full-inspection-latest')!;

    // Four weeks past the deadline: daily for its first 5 working days overdue, then every 5th working day.
    await runtime.advanceTo(new Date(Date.parse(latest.due) + 4 * 7 * DAY_MS));
    const days = escalationDays(await outbox(inspectionId), 'full-inspection-latest');
    expect(days).toEqual(escalationDaysExpected(latest.due, runtime.clock.now().getTime()));
    expect(days.length).toBeGreaterThan(5);
    // Scheduling the next inspection is the managers': the lead inspector is not escalated to (types.ts).
    const kinds = new Set((await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:full-inspection-latest')).map((email) => email.recipient.kind));
    expect([...kinds].sort()).toEqual(['manager', 'senior-manager']);
    // Each says how the step is met: by logging the full inspection as this one's return inspection.
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:full-inspection-latest'));
    expect(escalations.map((email) => email.template.template === 'escalation' && email.template.inspectionToLog)).toEqual(escalations.map(() => 'the full inspection'));
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Await recorded: full inspection');

    // Logged at last: the wait is answered at once, the pathway ends, and nothing more is sent.
    await logReturnInspection(inspectionId);
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('SUCCEEDED');
    const sent = escalationDays(await outbox(inspectionId), 'full-inspection-latest');
    await runtime.advanceTo(new Date(runtime.clock.now().getTime() + 14 * DAY_MS));
    expect(escalationDays(await outbox(inspectionId), 'full-inspection-latest')).toEqual(sent);
  }, 120_000);
});
