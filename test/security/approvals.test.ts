/**
 * Approvals and decisions through the local runtime's API, against real runs waiting for them:
 *
 *   - a decision is taken once: reused by another manager, or changed by the same one, it is refused (409);
 *   - a decision on an approval whose run has ended is refused as gone (410);
 *   - an unknown id, a forged one (random text, a task token pasted as the id, path traversal) is 404, never 5xx;
 *   - an inspector never approves (403), nor does a manager who led or logged the inspection (403);
 *   - no response, of the JSON API or the web pages, ever carries a task token.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import { addWorkingDays, londonDateOf, londonTimeOn, type LocalDate } from '../../functions/core/calendar';
import type { LocalUser } from '../../infra/local/api-gateway';
import { binaryString } from '../support/binary-string';
import { assuranceVisitBody, CONCERNS, USERS } from '../reliability/e2e-flows';
import { advanceTo, advanceUntil, execution, request, runRetries, startTestRuntime, type Answer, type TestRuntime } from '../reliability/runtime-driver';

let rt: TestRuntime;
const responses: { path: string; answer: Answer }[] = [];

beforeAll(async () => {
  // In memory: who may decide, and what a decision does to its run, is the handlers' and the runs' alone.
  rt = await startTestRuntime('2027-02-01T08:00:00Z', 'in-memory');
}, 120_000);

afterAll(async () => {
  await rt?.stop();
});

beforeEach(() => {
  if (!process.env.DEBUG_LOGS) {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  }
  return () => {
    vi.restoreAllMocks();
  };
});

/** Every task token the runs have handed out (waits keep one per attempt). */
function tokens(): string[] {
  return [
    ...new Set(
      rt.calls
        .map((entry) => (entry.input as { taskToken?: unknown } | null)?.taskToken)
        .filter((token): token is string => typeof token === 'string' && token.length > 8),
    ),
  ];
}

async function api(user: LocalUser | undefined, method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await request(rt.runtime, user, method, path, body);
  await runRetries(rt.runtime);
  responses.push({ path, answer });
  expect(answer.status, `${method} ${path}: ${answer.raw.slice(0, 300)}`).toBeLessThan(500);
  return answer;
}

const decisionPath = (approvalId: string) => `/approvals/${encodeURIComponent(approvalId)}/decision`;
const DECISION = { decision: 'monitoring-visit', enforcement: 'none', rationale: 'Serious concerns: a monitoring visit within 6 to 8 weeks.' };

/** Logs an assurance visit and records serious concerns: its run waits for the manager's case review. */
async function waitingForCaseReview(day1: LocalDate, loggedBy: LocalUser, recordedBy: LocalUser = loggedBy): Promise<{ inspectionId: string; approvalId: string }> {
  await advanceTo(rt.runtime, londonTimeOn(day1, '08:30'));
  const logged = await api(loggedBy, 'POST', '/inspections', assuranceVisitBody(day1, loggedBy.id));
  expect(logged.status, logged.raw).toBe(201);
  const inspectionId = String(logged.body.id);
  await advanceTo(rt.runtime, londonTimeOn(addWorkingDays(day1, 2).date, '16:00'));
  const outcome = await api(recordedBy, 'POST', `/inspections/${inspectionId}/outcome`, {
    process: 'assurance-visit',
    seriousOrWidespreadConcerns: true,
    concernsSerious: true,
    summaryOfConcerns: CONCERNS,
  });
  expect(outcome.status, outcome.raw).toBe(200);
  // The run asks for the case review (beside the report stages, so the run's last state entered may be another).
  expect(execution(rt.runtime, inspectionId, 'assurance-visit')?.events.some((event) => event.type === 'StateEntered' && event.state === 'Request approval: Case review')).toBe(true);
  const queue = await api(USERS.manager, 'GET', '/approvals');
  const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
  expect(approval).toBeDefined();
  return { inspectionId, approvalId: approval!.approvalId };
}

function nextDay1(): LocalDate {
  return addWorkingDays(londonDateOf(rt.runtime.clock.now()), 1).date;
}

describe('who may decide', () => {
  it('an inspector can never approve (403), and the approval stays pending', async () => {
    const { approvalId } = await waitingForCaseReview(nextDay1(), USERS.inspector);
    const answer = await api(USERS.inspector, 'POST', decisionPath(approvalId), DECISION);
    expect(answer.status).toBe(403);
    expect((await repository().getApproval(approvalId))?.status).toBe('pending');
    // Decided by a manager, so the run moves on.
    expect((await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(200);
  }, 120_000);

  it.each([
    ['logged and led', USERS.inspectingManager, USERS.inspectingManager],
    // The case: a user in both groups recorded the judgement on another's inspection, then approved.
    ['recorded the judgement of (another inspector leads it)', USERS.inspector, USERS.inspectingManager],
  ] as const)('a manager cannot approve the case review of an inspection they %s (403)', async (_how, loggedBy, recordedBy) => {
    const { approvalId, inspectionId } = await waitingForCaseReview(nextDay1(), loggedBy, recordedBy);
    const record = await repository().requireInspection(inspectionId);
    expect([record.inspectorId, record.loggedBy, record.outcome?.recordedBy]).toContain(USERS.inspectingManager.id);

    const refused = await api(USERS.inspectingManager, 'POST', decisionPath(approvalId), DECISION);
    expect(refused.status, refused.raw).toBe(403);
    expect((await repository().getApproval(approvalId))?.status).toBe('pending');
    // The queue says so before they try.
    const queue = await api(USERS.inspectingManager, 'GET', '/approvals');
    expect((queue.body.items as { approvalId: string; canDecide: boolean }[]).find((item) => item.approvalId === approvalId)?.canDecide).toBe(false);

    expect((await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(200);
  }, 120_000);
});

describe('a decision is taken once', () => {
  it('another manager reusing it, or the same manager changing it, is refused (409); the same decision sent again is answered as the first', async () => {
    const { approvalId, inspectionId } = await waitingForCaseReview(nextDay1(), USERS.inspector);
    const first = await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ approvalId, decision: 'monitoring-visit', delivered: true });
    expect(execution(rt.runtime, inspectionId, 'monitoring-visit')?.status).toBe('RUNNING');

    expect((await api(USERS.otherManager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(409);
    expect((await api(USERS.otherManager, 'POST', decisionPath(approvalId), { ...DECISION, enforcement: { actions: ['suspension'], against: ['establishment'] } })).status).toBe(409);
    expect((await api(USERS.manager, 'POST', decisionPath(approvalId), { ...DECISION, decision: 'no-further-action' })).status).toBe(409);
    const replay = await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION);
    expect(replay.status).toBe(200);
    expect(replay.body.delivered).toBe(false);
    expect((await repository().getApproval(approvalId))?.decision).toMatchObject({ decision: 'monitoring-visit', decidedBy: USERS.manager.id });
  }, 120_000);

  it('a decision after the run that asked for it has ended is refused as gone (410)', async () => {
    const { approvalId, inspectionId } = await waitingForCaseReview(nextDay1(), USERS.inspector);
    // The case review passes its deadline; re-opening the wait fails for good (an error no retry can fix: a transient
    // one is retried through an outage loop for ever): the run ends on its failure path.
    rt.plan = { mode: 'before', times: 0, timesFor: { 'request-approval': 1_000 }, errorNameFor: { 'request-approval': 'ValidationError' } };
    await advanceUntil(rt.runtime, () => execution(rt.runtime, inspectionId, 'assurance-visit')?.status !== 'RUNNING', 'the run ends');
    rt.plan = { mode: 'none', times: 0 };
    expect(execution(rt.runtime, inspectionId, 'assurance-visit')?.status).toBe('FAILED');

    const late = await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION);
    expect(late.status, late.raw).toBe(410);
    expect((await api(USERS.otherManager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(410);
    const approval = await repository().getApproval(approvalId);
    expect(approval?.status).toBe('closed');
    expect(approval?.decision).toBeUndefined();
    // Off the queue.
    const queue = await api(USERS.manager, 'GET', '/approvals');
    expect((queue.body.items as { approvalId: string }[]).some((item) => item.approvalId === approvalId)).toBe(false);
  }, 120_000);
});

describe('ids that are not an approval', () => {
  it('an unknown id, a task token pasted as the id, path traversal and other forgeries are 404, never 5xx', async () => {
    const { approvalId } = await waitingForCaseReview(nextDay1(), USERS.inspector);
    const approval = await repository().getApproval(approvalId);
    const forged = [
      'apr-000000000000000000000000',
      approval!.taskToken,
      `${approvalId}x`,
      approvalId.toUpperCase(),
      '..',
      '../approvals',
      '../../inspections',
      `..%2F${approvalId}`,
      `${approvalId}/../${approvalId}`,
      `APPROVAL#${approvalId}`,
      `${approvalId}\u0000`,
      'x'.repeat(129),
      'x'.repeat(5000),
      '<script>alert(1)</script>',
      "apr' OR '1'='1",
    ];
    for (const id of forged) {
      const answer = await api(USERS.manager, 'POST', decisionPath(id), DECISION);
      expect(answer.status, `${JSON.stringify(id).slice(0, 60)} → ${answer.raw.slice(0, 200)}`).toBe(404);
      expect(answer.raw).not.toContain(id.length > 8 ? id : '\u0000never');
    }
    // Random text, as an attacker would try it.
    await fc.assert(
      fc.asyncProperty(binaryString({ minLength: 1, maxLength: 80 }), async (id) => {
        fc.pre(id !== approvalId);
        const answer = await api(USERS.manager, 'POST', decisionPath(id), DECISION);
        expect(answer.status, `${JSON.stringify(id)} → ${answer.raw.slice(0, 200)}`).toBe(404);
      }),
      { numRuns: 100 },
    );
    expect((await repository().getApproval(approvalId))?.status).toBe('pending');
    expect((await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(200);
  }, 120_000);
});

describe('task tokens', () => {
  it('never appear in a response: the JSON API, the web pages, any status', async () => {
    const { approvalId, inspectionId } = await waitingForCaseReview(nextDay1(), USERS.inspector);
    for (const path of ['/approvals', `/inspections/${inspectionId}`, `/inspections/${inspectionId}/notifications`, '/inspections']) {
      await api(USERS.manager, 'GET', path);
    }
    for (const path of ['/app/approvals', `/app/approvals/${approvalId}`, `/app/inspections/${inspectionId}`]) {
      const page = await api(USERS.manager, 'GET', path);
      expect(page.status, page.raw.slice(0, 300)).toBe(200);
    }
    expect((await api(USERS.manager, 'POST', decisionPath(approvalId), DECISION)).status).toBe(200);

    const handedOut = tokens();
    expect(handedOut.length).toBeGreaterThan(5);
    expect(responses.length).toBeGreaterThan(40);
    for (const { path, answer } of responses) {
      expect(answer.raw, path).not.toMatch(/taskToken/i);
      for (const token of handedOut) expect(answer.raw.includes(token), `${path} carries a task token`).toBe(false);
    }
  }, 120_000);
});
