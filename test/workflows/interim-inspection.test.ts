/**
 * Interim inspection (SCCIF 15.1, 15.3; children's homes framework §69, §89): a decline, or enough cause for concern,
 * raises ONE urgent case review due by the end of the next working day. It decides whether the local authorities are
 * alerted (by that same end of day: a late review makes a late alert) and what follows: a return visit with its
 * window, compliance action, or the whole inadequate pathway (which then holds no case review or alert of its own).
 * Run on the synthesized state machines, on a virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { activeStates, advanceUntil, api, execution, fullInspectionRequest, outbox, record, startRuntime, users } from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Monday 22 March 2027: the case review and the alert are due by the end of Tuesday 23 March (GMT).
  runtime = await startRuntime('2027-03-22T08:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

type Step = { id: string; status: string; due: string; dueLondonDate: string; notRequired?: string; done: string | null };
type Timeline = { process: string; steps: Step[] };

async function interimInspection(outcome: Record<string, unknown>): Promise<string> {
  const today = londonDateOf(runtime.clock.now());
  const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
    ...fullInspectionRequest(addCalendarDays(today, -1), today),
    process: 'interim-inspection',
  });
  expect(logged.status).toBe(201);
  const inspectionId = String(logged.body.id);
  const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
    process: 'interim-inspection',
    summaryOfConcerns: 'Staff do not follow the missing-from-care protocol.',
    ...outcome,
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  return inspectionId;
}

async function pendingApprovals(inspectionId: string) {
  const queue = await api(runtime, users.manager, 'GET', '/approvals');
  return (queue.body.items as { approvalId: string; inspectionId: string; kind: string; dueAt: string; process: string }[]).filter(
    (item) => item.inspectionId === inspectionId,
  );
}

async function decide(inspectionId: string, decision: string) {
  const [approval] = await pendingApprovals(inspectionId);
  expect(approval?.kind).toBe('interim-case-review');
  const decided = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
    decision,
    rationale: 'Agreed at the urgent case review with the lead inspector.',
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
}

async function timelines(inspectionId: string): Promise<Timeline[]> {
  return (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`)).body.timelines as Timeline[];
}

async function step(inspectionId: string, process: string, stepId: string): Promise<Step | undefined> {
  return (await timelines(inspectionId)).find((timeline) => timeline.process === process)?.steps.find((candidate) => candidate.id === stepId);
}

async function ledger(inspectionId: string) {
  return (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}/notifications`)).body;
}

describe('an interim decline: one urgent case review, due by the end of the next working day (SCCIF 15.1, 15.3; §89)', () => {
  it('decided not to alert: the alert is "not required" in the timeline and the ledger alike, never overdue; a return visit follows in its window', async () => {
    const inspectionId = await interimInspection({ effectiveness: 'declined' });

    // One urgent case review, due with the alert by the end of the next working day
    const [review, ...others] = await pendingApprovals(inspectionId);
    expect(others).toEqual([]);
    expect(review).toMatchObject({ kind: 'interim-case-review', process: 'interim-inspection', dueAt: '2027-03-23T23:59:59.000Z' });
    expect(await step(inspectionId, 'interim-inspection', 'dcs-alert')).toMatchObject({ due: '2027-03-23T23:59:59.000Z', status: 'due-soon' });

    await decide(inspectionId, 'return-visit-without-alerting-las');

    // Days later: the alert is not required (with the day of the decision), never overdue, and nothing was sent
    await runtime.advanceTo(new Date('2027-03-26T12:00:00Z'));
    const alert = await step(inspectionId, 'interim-inspection', 'dcs-alert');
    expect(alert).toMatchObject({ status: 'not-required', notRequired: 'not required, decided at the case review on Monday 22 March 2027' });
    const notifications = await ledger(inspectionId);
    expect(notifications.alertNotRequired).toBe('not required, decided at the case review on Monday 22 March 2027');
    expect(notifications.summary).toMatchObject({ alertsDue: 0, alertsMissing: 0 });
    const emails = await outbox(inspectionId);
    expect(emails.filter((email) => email.duty.startsWith('dcs-alert') || email.duty.includes('escalation:interim-inspection:dcs-alert'))).toEqual([]);

    // The return visit and its window; no inadequate pathway, so no second "urgent case review"
    expect(await step(inspectionId, 'interim-inspection', 'return-visit-earliest')).toMatchObject({ dueLondonDate: '2027-05-03' });
    expect(await step(inspectionId, 'interim-inspection', 'return-visit')).toMatchObject({ dueLondonDate: '2027-05-17', status: 'on-track' });
    expect(execution(runtime, inspectionId, 'inadequate')).toBeUndefined();
    expect(activeStates(execution(runtime, inspectionId, 'interim-inspection'))).toContain('Await recorded: return visit');
    const inspection = (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`)).body.inspection as Record<string, unknown>;
    expect(inspection.status).not.toBe('awaiting-approval');

    // The decision and its reason are in the audit trail
    const { repository } = await import('../../functions/adapters/repository');
    const audit = await repository().listAudit(inspectionId);
    expect(audit.find((event) => event.event === 'decision-recorded')?.detail).toMatchObject({
      kind: 'interim-case-review',
      decision: 'return-visit-without-alerting-las',
      rationale: 'Agreed at the urgent case review with the lead inspector.',
    });
  });

  it('enough cause for concern without a decline raises the case review; decided late, it makes a late alert and the ledger says so; the whole pathway follows with no second review', async () => {
    await runtime.advanceTo(new Date('2027-04-05T08:00:00Z')); // Monday 5 April 2027 (BST)
    const inspectionId = await interimInspection({ effectiveness: 'sustained', enoughCauseForConcern: true });
    const [review] = await pendingApprovals(inspectionId);
    expect(review).toMatchObject({ kind: 'interim-case-review', dueAt: '2027-04-06T22:59:59.000Z' });

    // The review is held on Thursday, two days late: the escalation names it; the alert goes out then, late
    await runtime.advanceTo(new Date('2027-04-08T09:00:00Z'));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:interim-inspection:case-review'));
    expect(escalations.length).toBeGreaterThan(0);
    await decide(inspectionId, 'inadequate-pathway-and-alert-las');

    const alerts = (await outbox(inspectionId)).filter((email) => email.duty === 'dcs-alert');
    expect(alerts.map((email) => email.recipient.authorityCode).sort()).toEqual(['E08000025', 'E08000035']);
    const notifications = await ledger(inspectionId);
    expect(notifications.summary).toMatchObject({ alertsDue: 2, alertsLate: 2, alertsSentOnTime: 0 });
    expect((notifications.emails as { duty: string; alert?: { outcome: string; missedBecause?: string } }[]).filter((email) => email.duty === 'dcs-alert').map((email) => email.alert)).toEqual([
      expect.objectContaining({ outcome: 'missed', missedBecause: 'sent-late' }),
      expect.objectContaining({ outcome: 'missed', missedBecause: 'sent-late' }),
    ]);
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dcs-alert-provider-copy')).toBe(true);

    // The inadequate pathway runs without its own case review or alert: straight to the monitoring visit
    await advanceUntil(runtime, () => activeStates(execution(runtime, inspectionId, 'inadequate')).includes('Run monitoring visit'));
    const pathway = execution(runtime, inspectionId, 'inadequate');
    const entered = (pathway?.events ?? []).filter((event) => event.type === 'StateEntered').map((event) => event.state);
    expect(entered).not.toContain('Request approval: Urgent case review');
    expect(entered).not.toContain('Alert local authorities');
    expect(await pendingApprovals(inspectionId)).toEqual([]);
    const pathwaySteps = (await timelines(inspectionId)).find((timeline) => timeline.process === 'inadequate')!.steps.map((candidate) => candidate.id);
    expect(pathwaySteps).not.toContain('case-review');
    expect(pathwaySteps).not.toContain('dcs-alert');
    expect(pathwaySteps).toContain('monitoring-visit-latest');
    expect((await record(runtime, inspectionId)).decisions['case-review']).toBeUndefined();
  });

  it('compliance action with an alert: alerted on time, and nothing else is scheduled', async () => {
    await runtime.advanceTo(new Date('2027-04-12T08:00:00Z'));
    const inspectionId = await interimInspection({ effectiveness: 'declined' });
    await decide(inspectionId, 'compliance-action-and-alert-las');

    const notifications = await ledger(inspectionId);
    expect(notifications.summary).toMatchObject({ alertsDue: 2, alertsSentOnTime: 2 });
    expect(await step(inspectionId, 'interim-inspection', 'dcs-alert')).toMatchObject({ status: 'done' });
    expect(await step(inspectionId, 'interim-inspection', 'return-visit')).toBeUndefined();
    expect(execution(runtime, inspectionId, 'inadequate')).toBeUndefined();
    const states = (execution(runtime, inspectionId, 'interim-inspection')?.events ?? []).map((event) => event.state);
    expect(states).toContain('Compliance action');
  });

  it('a return visit and compliance action together (15.1: "scheduling ... and/or compliance action"): alerted, and the return visit tracked in its window', async () => {
    const inspectionId = await interimInspection({ effectiveness: 'declined' });
    await decide(inspectionId, 'return-visit-and-compliance-action-and-alert-las');

    expect(await step(inspectionId, 'interim-inspection', 'dcs-alert')).toMatchObject({ status: 'done' });
    expect(await step(inspectionId, 'interim-inspection', 'return-visit')).toMatchObject({ status: 'on-track' });
    expect(execution(runtime, inspectionId, 'inadequate')).toBeUndefined();
    expect(activeStates(execution(runtime, inspectionId, 'interim-inspection'))).toContain('Await recorded: return visit');
  });

  it('the manager sets the return visit’s window with the decision (4 to 5 weeks), and the run checks the visit at its end; a window without a return visit is a 400 naming it', async () => {
    const inspectionId = await interimInspection({ effectiveness: 'declined' });
    const [approval] = await pendingApprovals(inspectionId);
    const rationale = 'Agreed at the urgent case review with the lead inspector.';
    const refused = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'compliance-action-and-alert-las',
      rationale,
      returnVisitWindow: { earliestWeeks: 4, latestWeeks: 5 },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('returnVisitWindow');

    const decided = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'return-visit-and-alert-las',
      rationale,
      returnVisitWindow: { earliestWeeks: 4, latestWeeks: 5 },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // 4 and 5 weeks from the end of the inspection (today), not the default 6 to 8
    const ended = londonDateOf(runtime.clock.now());
    expect(await step(inspectionId, 'interim-inspection', 'return-visit-earliest')).toMatchObject({ dueLondonDate: addCalendarDays(ended, 28) });
    const latest = await step(inspectionId, 'interim-inspection', 'return-visit');
    expect(latest).toMatchObject({ dueLondonDate: addCalendarDays(ended, 35) });
    await runtime.advanceTo(new Date(Date.parse(latest!.due) + 9 * 3_600_000));
    expect(await step(inspectionId, 'interim-inspection', 'return-visit')).toMatchObject({ status: 'overdue' });
    const escalated = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:interim-inspection:return-visit'));
    // The return visit is the lead inspector's to carry out and record: they are escalated to with the managers.
    expect(escalated.map((email) => email.recipientKey).sort()).toEqual(['lead-inspector', 'manager', 'senior-manager']);

    // Not once only: on the escalation cadence while it stays undone (found by a new-user walk), until it is recorded.
    await runtime.advanceTo(new Date(Date.parse(latest!.due) + 14 * 86_400_000));
    const managersDays = async () =>
      (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:interim-inspection:return-visit') && email.recipientKey === 'manager').map((email) => email.duty);
    const twoWeeksOn = await managersDays();
    expect(twoWeeksOn.length).toBeGreaterThan(3);
    const on = londonDateOf(runtime.clock.now());
    const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/return-visit`, { on, process: 'interim-inspection' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(activeStates(execution(runtime, inspectionId, 'interim-inspection'))).not.toContain('Await recorded: return visit');
    await runtime.advanceTo(new Date(runtime.clock.now().getTime() + 14 * 86_400_000));
    expect(await managersDays()).toEqual(twoWeeksOn);
  });

  it('an improved or sustained judgement without cause for concern raises no case review and no alert step', async () => {
    const inspectionId = await interimInspection({ effectiveness: 'sustained' });
    expect(await pendingApprovals(inspectionId)).toEqual([]);
    expect(await step(inspectionId, 'interim-inspection', 'case-review')).toBeUndefined();
    expect(await step(inspectionId, 'interim-inspection', 'dcs-alert')).toBeUndefined();
  });
});
