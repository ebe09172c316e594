/**
 * A manager withdraws an inspection logged by mistake (POST /inspections/{id}/withdrawal, core/withdrawal.ts): its
 * runs are stopped on the engine, its pending approval closed, nothing more is escalated or sent about it, nothing
 * more is recorded on it, and the run stopped for it does not mark it failed nor tell operations. The synthesized
 * state machines on the virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf, londonTimeOn } from '../../functions/core/calendar';
import { timelineFor } from '../../functions/core/inspection';
import { laterRunName } from '../../functions/core/long-clocks';
import { rfcInadequateOutcome } from '../support/outcomes';
import { nextEscalation } from '../../functions/core/escalations';
import {
  activeStates,
  api,
  approvalsOf,
  execution,
  executionsOf,
  fullInspectionRequest,
  INADEQUATE_FULL_INSPECTION,
  loggedInspection,
  outbox,
  record,
  startRuntime,
  urnOf,
  users,
} from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Monday 4 January 2027, 09:00 London.
  runtime = await startRuntime('2027-01-04T09:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const REASON = 'Logged against the wrong home: the inspection was of another home.';

describe('withdrawing an inspection logged by mistake', () => {
  let inspectionId = '';

  it('stops its runs, closes its case review, and lists the local authorities already alerted', async () => {
    const end = londonDateOf(runtime.clock.now());
    inspectionId = await loggedInspection(runtime, fullInspectionRequest(addCalendarDays(end, -2), end));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);
    const [review] = await approvalsOf(runtime, users.manager, inspectionId);
    expect(review).toBeDefined();
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('RUNNING');
    const noticesBefore = runtime.operationsNotices.length;

    const answer = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: REASON });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'withdrawn', alreadyWithdrawn: false, approvalsClosed: 1, laterRunsCancelled: 0 });
    expect([...(answer.body.runsStopped as string[])].sort()).toEqual([`${inspectionId}--full-inspection`, `${inspectionId}--inadequate`]);
    // The DCS of the host and of the other placing authority were alerted: the manager is shown them, nobody is emailed.
    const told = answer.body.emailedOutsideOfsted as { duty: string; recipient: { kind: string; authorityCode?: string } }[];
    expect(told.filter((email) => email.duty === 'dcs-alert').map((email) => email.recipient.authorityCode).sort()).toEqual(['E08000025', 'E08000035']);

    expect(execution(runtime, inspectionId, 'full-inspection')?.status).toBe('ABORTED');
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('ABORTED');
    expect(await approvalsOf(runtime, users.manager, inspectionId)).toEqual([]);
    // A manager deciding it from the approval email's link is told why it closed.
    const late = await api(runtime, users.manager, 'POST', `/approvals/${review!.approvalId}/decision`, {
      decision: 'monitoring-visit',
      enforcement: 'none',
      rationale: 'Serious concerns: a monitoring visit within 6 to 8 weeks.',
    });
    expect(late.status).toBe(410);
    expect(JSON.stringify(late.body)).toContain('the inspection was withdrawn on Mon 4 Jan 2027 by Maya Manager (logged by mistake)');
    // The stopped runs' status changes neither mark it failed nor tell operations: a person stopped them, on purpose.
    const stored = await record(runtime, inspectionId);
    expect(stored.status).toBe('withdrawn');
    expect(stored.withdrawal).toMatchObject({ withdrawnBy: users.manager.id, withdrawnByName: 'Maya Manager', reason: REASON });
    expect(runtime.operationsNotices.slice(noticesBefore)).toEqual([]);
    // Its lead inspector, who logged it, is told, once.
    expect(answer.body.leadInspectorEmailed).toBe(true);
    const notices = (await outbox(inspectionId)).filter((email) => email.duty === 'withdrawal-notice');
    expect(notices).toEqual([expect.objectContaining({ to: users.inspector.email, status: 'sent' })]);
    // Whoever was asked for the case review is told it is no longer needed, once.
    expect(answer.body.decisionsNoLongerNeeded).toBe(1);
    const requests = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('approval-request:'));
    const closedNotices = (await outbox(inspectionId)).filter((email) => email.duty === `approval-closed:${review!.approvalId}`);
    expect(closedNotices.map((email) => [email.to, email.status])).toEqual(requests.map((email) => [email.to, 'sent']));
    const inbox = await runtime.inbox();
    const noLongerNeeded = inbox.find((mail) => mail.messageId === closedNotices[0]?.messageId);
    expect(noLongerNeeded?.subject).toMatch(/^Decision no longer needed, URN SC65\d{4}$/);
    expect(noLongerNeeded?.body.text).toContain("withdrew the inspection on Monday 4 January 2027 at");
  });

  it('sends nothing more about it, and shows it withdrawn with no deadline', async () => {
    const sent = (await outbox(inspectionId)).length;
    await runtime.advanceTo(new Date('2027-03-01T09:00:00Z'));
    await runtime.settle();
    expect((await outbox(inspectionId)).length).toBe(sent);
    const detail = await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`);
    expect(detail.body.inspection).toMatchObject({ status: 'withdrawn', withdrawal: { withdrawnByName: 'Maya Manager', reason: REASON } });
    const rows = await api(runtime, users.inspector, 'GET', '/inspections');
    const row = (rows.body.items as { id: string; status: string; nextDeadline?: unknown }[]).find((item) => item.id === inspectionId);
    expect(row).toMatchObject({ status: 'withdrawn' });
    expect(row?.nextDeadline).toBeUndefined();
    // Weeks past the deadlines it had: nothing of it is overdue.
    expect(row).not.toMatchObject({ risk: 'overdue' });
  });

  it('refuses anything more recorded on it (409 naming who withdrew it), from the lead inspector or a manager', async () => {
    for (const [who, path, body] of [
      [users.inspector, `/inspections/${inspectionId}/steps/report-to-provider`, { on: '2027-02-01' }],
      [users.manager, `/inspections/${inspectionId}/calls`, { authorityCode: 'E08000035', calledAt: '2027-01-05T10:00:00Z', spokeTo: 'Duty manager', outcome: 'receipt-confirmed' }],
      [users.inspector, `/inspections/${inspectionId}/requirements`, { kind: 'recommendation', text: 'Review the missing-from-care procedure.', regulation: 'Regulation 12' }],
    ] as const) {
      const refused = await api(runtime, who, 'POST', path, body);
      expect(refused.status, `${path}: ${JSON.stringify(refused.body)}`).toBe(409);
      expect(JSON.stringify(refused.body)).toContain('withdrawn on Mon 4 Jan 2027 by Maya Manager');
    }
  });

  it('answers the same request again as done, refuses another reason (409), an inspector (403) and a short reason (400)', async () => {
    const again = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: REASON });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyWithdrawn: true, runsStopped: [], approvalsClosed: 0 });
    expect((await outbox(inspectionId)).filter((email) => email.duty === 'withdrawal-notice' || email.duty.startsWith('approval-closed:'))).toHaveLength(2);
    const other = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: 'Logged twice by mistake, a different reason.' });
    expect(other.status).toBe(409);
    expect(JSON.stringify(other.body)).toContain(`already withdrawn on Monday 4 January 2027 by Maya Manager, with the reason: ${REASON}`);
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: REASON })).status).toBe(403);
    const short = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: 'oops' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('reason');
    const child = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/withdrawal`, { reason: 'Logged by mistake: JK was never placed there.' });
    expect(child.status).toBe(400);
    expect(JSON.stringify(child.body)).toContain('reason');
  });
});

describe('withdrawing a family centre’s inspection whose 12-month clock is set (a schedule, not a run)', () => {
  it('deletes the schedule of the later run, so that it never starts', async () => {
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
      ...fullInspectionRequest('2027-03-01', '2027-03-03', 'residential-family-centre'),
      establishment: { urn: 'SC765432', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E08000035' },
      process: 'rfc-inspection',
      children: [],
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const id = String(logged.body.id);
    await runtime.advanceTo(new Date('2027-03-03T16:00:00Z'));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${id}/outcome`, rfcInadequateOutcome({ immediateRiskOfHarm: false }))).status).toBe(200);
    const [approval] = await approvalsOf(runtime, users.complianceInspector, id);
    const decided = await api(runtime, users.complianceInspector, 'POST', `/approvals/${approval!.approvalId}/decision`, { decision: 'requirements-only', rationale: 'Requirements set; no enforcement at this stage.' });
    expect(decided.status).toBe(200);
    for (const stepId of ['report-to-provider', 'publish']) {
      const day = timelineFor(await record(runtime, id), 'rfc-inspection').steps.find((step) => step.id === stepId)!.dueLondonDate;
      await runtime.advanceTo(new Date(londonTimeOn(day, '10:00')));
      expect((await api(runtime, users.inspector, 'POST', `/inspections/${id}/steps/${stepId}`, { on: day })).status).toBe(200);
    }
    const laterRun = laterRunName(id, 'rfc-inspection', 'next-inspection-latest');
    expect(runtime.scheduler.list().map((schedule) => schedule.target.name)).toContain(laterRun);

    const answer = await api(runtime, users.manager, 'POST', `/inspections/${id}/withdrawal`, { reason: 'Logged twice: the other record is the inspection.' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ laterRunsCancelled: 1, runsStopped: [] });
    expect(runtime.scheduler.list().map((schedule) => schedule.target.name)).not.toContain(laterRun);
  });
});

const DAY_MS = 86_400_000;

/** The days the earlier inspection's return was escalated on (to the managers), in order. */
async function returnEscalationDays(inspectionId: string): Promise<string[]> {
  const prefix = 'escalation:inadequate:monitoring-visit-latest:';
  return (await outbox(inspectionId))
    .filter((email) => email.duty.startsWith(prefix) && email.recipientKey === 'manager')
    .map((email) => email.duty.slice(prefix.length))
    .sort();
}

describe('withdrawing a return full inspection logged of the wrong inspection', () => {
  it('opens the return again with a run waiting for it: escalated from 8 weeks on the cadence, not once, until the real one is logged', async () => {
    const end = londonDateOf(runtime.clock.now());
    const originalId = await loggedInspection(runtime, fullInspectionRequest(addCalendarDays(end, -2), end));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${originalId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);
    const [review] = (await approvalsOf(runtime, users.manager, originalId)).filter((item) => item.kind === 'case-review');
    const decided = await api(runtime, users.manager, 'POST', `/approvals/${review!.approvalId}/decision`, {
      decision: 'full-inspection',
      enforcement: 'none',
      rationale: 'A full inspection within 6 to 8 weeks, as the return visit.',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // A week later a full inspection is logged as its return inspection by mistake (it was of the other inspection).
    await runtime.advanceTo(new Date(runtime.clock.now().getTime() + 7 * DAY_MS));
    const today = londonDateOf(runtime.clock.now());
    const returnOf = async () => ({ ...fullInspectionRequest(addCalendarDays(today, -2), today, 'childrens-home', await urnOf(runtime, originalId)), followUpOf: originalId });
    const mistakenId = await loggedInspection(runtime, await returnOf());
    expect((await record(runtime, originalId)).actuals.inadequate?.['monitoring-visit-latest']).toBe(addCalendarDays(today, -2));

    const withdrawn = await api(runtime, users.manager, 'POST', `/inspections/${mistakenId}/withdrawal`, { reason: 'Logged as the return of the wrong inspection.' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const reopened = withdrawn.body.returnReopened as { inspectionId: string; stepId: string; watchedBy: string };
    expect(reopened).toMatchObject({ inspectionId: originalId, stepId: 'monitoring-visit-latest' });
    expect(reopened.watchedBy).toMatch(new RegExp(`^${originalId}--inadequate--monitoring-visit-latest-again-[0-9a-f]{6}$`));
    const watching = () => executionsOf(runtime, 'inadequate').find((run) => run.executionArn.endsWith(`:${reopened.watchedBy}`));
    expect(watching()?.status).toBe('RUNNING');
    expect(activeStates(watching())).toContain('Await recorded: again: monitoring-visit-latest');
    expect((await record(runtime, originalId)).actuals.inadequate?.['monitoring-visit-latest']).toBeUndefined();

    // Four weeks past the 8 weeks: escalated when it passed, then on the cadence (the pathway's own 8-week check sends
    // the first of them only).
    const latest = timelineFor(await record(runtime, originalId), 'inadequate').steps.find((step) => step.id === 'monitoring-visit-latest')!;
    await runtime.advanceTo(new Date(Date.parse(latest.due) + 4 * 7 * DAY_MS));
    const expected: string[] = [];
    for (let occasion = nextEscalation({ due: latest.due }, new Date(Date.parse(latest.due) - 1)); occasion.at <= runtime.clock.now().getTime(); occasion = nextEscalation({ due: latest.due }, new Date(occasion.at))) {
      expected.push(occasion.day);
    }
    const days = await returnEscalationDays(originalId);
    expect(days).toEqual(expected);
    expect(days.length).toBeGreaterThan(5);

    // The real return inspection, logged at last, answers the wait: the run ends and nothing more is sent.
    const realId = await loggedInspection(runtime, await returnOf());
    expect((await record(runtime, originalId)).actuals.inadequate?.['monitoring-visit-latest']).toBe(addCalendarDays(today, -2));
    expect(realId).not.toBe(mistakenId);
    expect(watching()?.status).toBe('SUCCEEDED');
    await runtime.advanceTo(new Date(runtime.clock.now().getTime() + 14 * DAY_MS));
    expect(await returnEscalationDays(originalId)).toEqual(days);
  }, 120_000);
});
