/**
 * Fault injection in the local runtime: the synthesized state machines and the real handlers, on a virtual clock,
 * with every handler wrapped (LocalRuntime's `wrapHandler`) and SES behind a throttling endpoint.
 *
 * On the in-memory runtime (its table, inbox and engine client): the faults here are the handlers' and SES's, which
 * the table's transport does not change. The handlers still send through an SDK SES client, to a loopback endpoint
 * that throttles and passes each SendEmail on to the runtime's inbox, so the SDK's handling of SES's 429 is what
 * is retried. On the servers (dynalite and the SES server over HTTP) this file was 17.7 s of CPU, 1.8 s of it the
 * DynamoDB client's path alone (profiled 2026-11-30). Outages of the servers themselves are outages.test.ts's.
 *
 * Whatever fails, and however often a task or a request is delivered:
 *   - exactly one email per duty and recipient reaches SES (the SES store, matched to the outbox by message id);
 *   - exactly one execution per inspection and process, each SUCCEEDED in the end state its process calls for;
 *   - no outbox item is left "sending" or "failed".
 * Step Functions retries States.TaskFailed with full-jitter back-off (2 s base): the driver fires those timers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SES_MAX_ATTEMPTS, useEmailService } from '../../functions/adapters/mailer';
import { repository } from '../../functions/adapters/repository';
import { addWorkingDays, londonDateOf, londonTimeOn, parseLocalDate } from '../../functions/core/calendar';
import type { InspectionRecord, RecordedDecision } from '../../functions/core/inspection';
import { approvalIdFor } from '../../functions/core/approvals';
import type { StepHandlerId } from '../../functions/handlers';
import { runHandler } from '../../infra/local/virtual-clock';
import { inspectionRecord } from '../adapters/inspection-fixtures';
import { zeroDelayRetries } from '../support/zero-delay-retries';
import {
  assuranceVisitFlow,
  CONCERNS,
  EXPECTED_RUNS,
  expectEmailsExactlyOnce,
  expectRuns,
  fullInspectionBody,
  inadequateInspectionFlow,
  secureHomeChildren,
  USERS,
} from './e2e-flows';
import {
  advanceTo,
  advanceUntil,
  call,
  execution,
  executionsOf,
  lastStateEntered,
  request,
  runRetries,
  startSesThrottle,
  startTestRuntime,
  type Answer,
  type SesThrottle,
  type TestRuntime,
} from './runtime-driver';

let rt: TestRuntime;
let ses: SesThrottle;

beforeAll(async () => {
  rt = await startTestRuntime('2027-01-04T08:00:00Z', 'in-memory');
  ses = await startSesThrottle(rt.runtime.inMemorySes!);
  // The handlers' SES client as the mailer configures it (SES_MAX_ATTEMPTS), sending to the throttling endpoint and
  // retrying throttled sends without the back-off sleep: these tests count sends, not how long the client waits.
  useEmailService(new SESv2Client({ endpoint: ses.url, retryStrategy: zeroDelayRetries(SES_MAX_ATTEMPTS) }));
}, 120_000);

afterAll(async () => {
  useEmailService(undefined);
  await rt?.stop();
  await ses?.close();
});

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  rt.plan = { mode: 'none', times: 0 };
  ses.throttleFirst = false;
  return () => {
    vi.restoreAllMocks();
  };
});

/** The step handlers the two flows run (the failure path, and SES events, have their own tests). */
const FLOW_STEPS: StepHandlerId[] = [
  'compute-timeline',
  'measure-time-left',
  'send-provider-letter',
  'alert-local-authorities',
  'forward-alert-to-provider',
  'inform-dfe',
  'request-approval',
  'await-outcome',
  'await-step',
  'record-decision',
  'schedule-visit',
  'escalate-overdue',
  'issue-report',
];

async function bothFlows(): Promise<{ assurance: string; inadequate: string }> {
  const assurance = await assuranceVisitFlow(rt.runtime);
  const inadequate = await inadequateInspectionFlow(rt.runtime, { lateCaseReview: true });
  return { assurance, inadequate };
}

async function expectEveryRunRight(ids: { assurance: string; inadequate: string }): Promise<void> {
  expectRuns(rt.runtime, ids.assurance, EXPECTED_RUNS.assurance);
  expectRuns(rt.runtime, ids.inadequate, EXPECTED_RUNS.inadequate);
  await expectEmailsExactlyOnce(rt.runtime, [ids.assurance, ids.inadequate]);
}

/**
 * Both flows with SES throttling every first send (one per recipient and subject), and how many sends it throttled.
 * The first test below runs them so, with every handler failing once before its work besides: a failure before the
 * work sends nothing, so each email's first send is still the throttled one, and the SES test checks those runs
 * instead of running both flows once more (1.5 s of CPU). Run alone (-t), the SES test runs them itself.
 */
let throttledRuns: { ids: { assurance: string; inadequate: string }; throttled: number } | undefined;

async function bothFlowsWithSesThrottled(): Promise<{ ids: { assurance: string; inadequate: string }; throttled: number }> {
  ses.throttleFirst = true;
  const throttledBefore = ses.throttled;
  try {
    const ids = await bothFlows();
    return { ids, throttled: ses.throttled - throttledBefore };
  } finally {
    ses.throttleFirst = false;
  }
}

describe('every step handler failing before its work', () => {
  it.each([1, 2])(
    'fails %i time(s) per task: the retries deliver every email once and every run reaches its end',
    async (times) => {
      rt.plan = { mode: 'before', times };
      const from = rt.calls.length;
      let ids: { assurance: string; inadequate: string };
      if (times === 1) {
        throttledRuns = await bothFlowsWithSesThrottled();
        ids = throttledRuns.ids;
      } else ids = await bothFlows();
      rt.plan = { mode: 'none', times: 0 };

      await expectEveryRunRight(ids);
      const calls = rt.calls.slice(from);
      const failed = new Set(calls.filter((entry) => entry.injected === 'before').map((entry) => entry.handlerId));
      expect([...failed].sort()).toEqual([...FLOW_STEPS].sort());
      // Each task failed exactly `times` times, then succeeded.
      const byTask = new Map<string, { failures: number; successes: number }>();
      for (const entry of calls.filter((item) => item.kind === 'step')) {
        const { taskToken: _token, ...payload } = entry.input as Record<string, unknown>;
        const key = `${entry.handlerId}|${JSON.stringify(payload)}`;
        const counts = byTask.get(key) ?? { failures: 0, successes: 0 };
        if (entry.injected) counts.failures += 1;
        else if (entry.error === undefined) counts.successes += 1;
        byTask.set(key, counts);
      }
      for (const [key, counts] of byTask) {
        expect(counts.failures, key).toBe(times);
        expect(counts.successes, key).toBeGreaterThanOrEqual(1);
      }
    },
    240_000,
  );
});

describe('every step handler failing after its work', () => {
  it(
    'times out once after sending its email or writing its record: the retry sends nothing twice, and every run reaches its end',
    async () => {
      rt.plan = { mode: 'after', times: 1 };
      const from = rt.calls.length;
      // The flows with their requests delivered several times at once: the duplicate-delivery tests below check those.
      duplicateRuns = flowsWithDuplicateRequests();
      const runs = await duplicateRuns;
      const ids = { assurance: runs.assurance, inadequate: runs.inadequate };
      rt.plan = { mode: 'none', times: 0 };

      await expectEveryRunRight(ids);
      const failed = new Set(rt.calls.slice(from).filter((entry) => entry.injected === 'after').map((entry) => entry.handlerId));
      expect([...failed].sort()).toEqual([...FLOW_STEPS].sort());
    },
    240_000,
  );
});

describe('SES throttling every first send', () => {
  it(
    'retries each throttled send (429 TooManyRequestsException) and still sends every email exactly once',
    async () => {
      const { ids, throttled } = throttledRuns ?? (await bothFlowsWithSesThrottled());

      await expectEveryRunRight(ids);
      const outbox = [...(await repository().listEmails(ids.assurance)), ...(await repository().listEmails(ids.inadequate))];
      // Every email was throttled once (one per recipient and subject) before it went through.
      const distinct = new Set(outbox.map((email) => `${email.to}|${email.subject}`));
      expect(throttled).toBe(distinct.size);
    },
    240_000,
  );
});

describe('a step that keeps failing', () => {
  it(
    'ends the run on the failure path once: the inspection is marked failed and the manager told once, even when record-failure fails too',
    async () => {
      // Telling the provider of the report fails every time, record-failure once.
      // A transient failure never ends a run (it loops through operations, see outages.test.ts): an error retrying
      // cannot fix does.
      rt.plan = { mode: 'before', times: 1, timesFor: { 'issue-report': 1_000, 'record-failure': 1 }, errorNameFor: { 'issue-report': 'ValidationError' } };
      const lastDay = addWorkingDays(londonDateOf(rt.runtime.clock.now()), 1).date;
      await advanceTo(rt.runtime, londonTimeOn(lastDay, '15:00'));
      const logged = await call(rt.runtime, USERS.inspector, 'POST', '/inspections', fullInspectionBody(lastDay, lastDay, USERS.inspector.id));
      expect(logged.status, logged.raw).toBe(201);
      const inspectionId = String(logged.body.id);
      const outcome = await call(rt.runtime, USERS.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
        process: 'full-inspection',
        overall: 'good',
        helpedAndProtected: 'good',
        leadersAndManagers: 'good',
      });
      expect(outcome.status, outcome.raw).toBe(200);
      const sent = await call(rt.runtime, USERS.inspector, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, { on: lastDay });
      expect(sent.status, sent.raw).toBe(200);
      await advanceUntil(rt.runtime, () => execution(rt.runtime, inspectionId, 'full-inspection')?.status !== 'RUNNING', 'the run ends');
      rt.plan = { mode: 'none', times: 0 };

      const run = execution(rt.runtime, inspectionId, 'full-inspection');
      expect(run?.status).toBe('FAILED');
      // The local engine names the execution's error ExecutionError; the Fail state's own error is in its event.
      expect(run?.events.find((event) => event.type === 'ExecutionFailed')?.error).toBe('WorkflowFailed');
      expect(lastStateEntered(run)).toBe('Workflow failed');
      expect(executionsOf(rt.runtime, inspectionId)).toHaveLength(1);
      expect((await repository().requireInspection(inspectionId)).status).toBe('failed');
      const outbox = await repository().listEmails(inspectionId);
      expect(outbox.filter((email) => email.duty === 'failure:full-inspection').map((email) => email.status)).toEqual(['sent']);
      for (const email of outbox) expect(email.status).toBe('sent');
      const inbox = await rt.runtime.inbox();
      for (const email of outbox) expect(inbox.filter((message) => message.messageId === email.messageId)).toHaveLength(1);
    },
    240_000,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Duplicate deliveries

function statuses(answers: Answer[]): number[] {
  return answers.map((answer) => answer.status).sort();
}

interface DuplicateRuns {
  /** The assurance visit whose log, outcome and decision requests were each sent several times at once. */
  assurance: string;
  /** The answers to each round of duplicate decisions (one round: the case review). */
  assuranceDecisions: Answer[][];
  /** The inadequate pathway whose case review three managers decided at once (late: after its escalations). */
  inadequate: string;
}

/**
 * Both flows with duplicate requests: the assurance visit's POST /inspections ×5, POST outcome ×3 and POST decision ×3
 * at once, and the inadequate pathway's case review decided by three managers at once, each hook checking the
 * answers. The test of every handler failing after its work runs them so (its fault plan applies to step handlers,
 * not to these requests), and the tests below check those runs: two runs of the flows fewer (1.4 s of CPU). Run alone
 * (-t), a test below runs them itself, without faults.
 */
let duplicateRuns: Promise<DuplicateRuns> | undefined;

async function flowsWithDuplicateRequests(): Promise<DuplicateRuns> {
  const assuranceDecisions: Answer[][] = [];
  const assurance = await assuranceVisitFlow(rt.runtime, {
    log: async (runtime, body) => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => request(runtime, USERS.inspector, 'POST', '/inspections', body)));
      await runRetries(runtime);
      expect(statuses(answers), answers.map((answer) => answer.raw).join('\n')).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      return answers.find((answer) => answer.status === 201)!;
    },
    outcome: async (runtime, id, body, user) => {
      const answers = await Promise.all(Array.from({ length: 3 }, () => request(runtime, user, 'POST', `/inspections/${id}/outcome`, body)));
      await runRetries(runtime);
      expect(statuses(answers), answers.map((answer) => answer.raw).join('\n')).toEqual([200, 409, 409]);
      return answers.find((answer) => answer.status === 200)!;
    },
    decide: async (runtime, approvalId, body) => {
      const answers = await Promise.all(Array.from({ length: 3 }, () => request(runtime, USERS.manager, 'POST', `/approvals/${approvalId}/decision`, body)));
      await runRetries(runtime);
      assuranceDecisions.push(answers);
      // The same manager's same decision, sent again, is answered as the first was.
      expect(statuses(answers), answers.map((answer) => answer.raw).join('\n')).toEqual([200, 200, 200]);
      return answers[0]!;
    },
  });
  const inadequate = await inadequateInspectionFlow(rt.runtime, {
    lateCaseReview: true,
    decide: async (runtime, approvalId, body) => {
      const managers = [USERS.manager, USERS.otherManager, USERS.inspectingManager];
      const answers = await Promise.all(
        managers.map((manager, index) => request(runtime, manager, 'POST', `/approvals/${approvalId}/decision`, { ...body, rationale: `${body.rationale} (${index})` })),
      );
      await runRetries(runtime);
      expect(statuses(answers), answers.map((answer) => answer.raw).join('\n')).toEqual([200, 409, 409]);
      return answers.find((answer) => answer.status === 200)!;
    },
  });
  return { assurance, assuranceDecisions, inadequate };
}

describe('duplicate deliveries of the same request', () => {
  it(
    'POST /inspections ×5, POST outcome ×3 and POST decision ×3 at once: one inspection, one run per process, one email per duty',
    async () => {
      const { assurance: inspectionId, assuranceDecisions: decisions } = await (duplicateRuns ??= flowsWithDuplicateRequests());
      expect(decisions).toHaveLength(1);
      expectRuns(rt.runtime, inspectionId, EXPECTED_RUNS.assurance);
      await expectEmailsExactlyOnce(rt.runtime, [inspectionId]);
      const recorded = rt.calls.filter((entry) => entry.handlerId === 'record-decision' && (entry.input as { inspectionId?: string }).inspectionId === inspectionId);
      expect(recorded.filter((entry) => entry.error === undefined)).toHaveLength(1);
    },
    240_000,
  );

  it(
    'three managers deciding the same case review at once: one decision stands (200), the others are refused (409)',
    async () => {
      const { inadequate: inspectionId } = await (duplicateRuns ??= flowsWithDuplicateRequests());
      expectRuns(rt.runtime, inspectionId, EXPECTED_RUNS.inadequate);
      await expectEmailsExactlyOnce(rt.runtime, [inspectionId]);
    },
    240_000,
  );
});

describe('duplicate deliveries of the same task', () => {
  it(
    'every step handler called twice at once with the same payload: one email per duty and recipient, the work recorded once',
    async () => {
      const today = londonDateOf(rt.runtime.clock.now());
      const id = `dup-${today}`;
      const day1 = addWorkingDays(today, 1).date;
      const visitEnd = addWorkingDays(day1, 2).date;
      const approvalId = approvalIdFor(id, 'assurance-visit', 'case-review');
      const record: InspectionRecord = inspectionRecord({
        id,
        process: 'assurance-visit',
        executionName: `${id}--assurance-visit`,
        establishment: { urn: 'SC777777', name: 'Ash Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
        provider: { name: 'Ash Trust', email: 'manager@ash.example' },
        inspectorId: USERS.inspector.id,
        loggedBy: USERS.inspector.id,
        dates: { day1 },
        children: secureHomeChildren() as InspectionRecord['children'],
        status: 'in-progress',
        outcome: {
          outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, concernsSerious: true, summaryOfConcerns: CONCERNS },
          recordedBy: USERS.inspector.id,
          recordedAt: `${visitEnd}T15:00:00.000Z`,
        },
        // The lead inspector recorded the end of the visit, and the report as sent on that day.
        actuals: { 'assurance-visit': { 'visit-end': parseLocalDate(visitEnd), 'report-to-provider': parseLocalDate(visitEnd) } },
      });
      await repository().createInspection(record);
      await advanceTo(rt.runtime, londonTimeOn(addWorkingDays(visitEnd, 1).date, '09:00'));

      const twice = async (handlerId: StepHandlerId, payload: Record<string, unknown>) => {
        const handler = rt.originals.get(handlerId)!;
        // Called directly, not by the engine: as the runtime calls a handler (its own timers on the real clock).
        const deliver = () => runHandler(handlerId, () => handler(structuredClone(payload), {}));
        const results = await Promise.allSettled([deliver(), deliver()]);
        await runRetries(rt.runtime);
        for (const result of results) {
          expect(result.status, `${handlerId}: ${result.status === 'rejected' ? String(result.reason) : ''}`).toBe('fulfilled');
        }
        return results.map((result) => (result as PromiseFulfilledResult<unknown>).value);
      };
      const base = { inspectionId: id, process: 'assurance-visit' };
      const dueAt = new Date(Date.parse(rt.runtime.clock.now().toISOString()) + 3 * 86_400_000).toISOString();

      await twice('compute-timeline', base);
      await twice('measure-time-left', { ...base, stepId: 'case-review' });
      await twice('send-provider-letter', base);
      await twice('alert-local-authorities', { ...base, duty: 'dcs-alert' });
      await twice('forward-alert-to-provider', { ...base, duty: 'dcs-alert' });
      await twice('inform-dfe', { ...base, notice: 'serious-concerns' });
      await twice('request-approval', { ...base, stepId: 'case-review', taskToken: 'duplicate-delivery-token-1', dueAt, seconds: 3_600, kind: 'case-review' });
      // A step already overdue (the announcement, 09:00 on day 1, never recorded): the case review is not due yet, and a
      // step is never escalated before its deadline.
      await twice('escalate-overdue', { ...base, stepId: 'announce' });
      const decision: RecordedDecision = {
        approvalId,
        kind: 'case-review',
        decision: 'monitoring-visit',
        rationale: 'Decided while the task was delivered twice.',
        decidedBy: USERS.manager.id,
        decidedAt: rt.runtime.clock.now().toISOString(),
      };
      expect((await repository().decideApproval(approvalId, { expectedToken: 'duplicate-delivery-token-1', decision })).decided).toBe(true);
      await twice('record-decision', { ...base, kind: 'case-review', stepId: 'case-review', decision: { approvalId, decision: 'monitoring-visit', decidedAt: decision.decidedAt } });
      await twice('inform-dfe', { ...base, notice: 'proposed-actions' });
      await twice('schedule-visit', { ...base, visit: 'monitoring-visit' });
      await twice('compute-timeline', { ...base, process: 'monitoring-visit' });
      await twice('await-outcome', {
        ...base,
        process: 'monitoring-visit',
        stepId: 'monitoring-visit-latest',
        taskToken: 'duplicate-delivery-token-2',
        dueAt,
        seconds: 3_600,
        outcomeOf: 'monitoring-visit',
      });
      await twice('await-step', { ...base, stepId: 'report-to-provider', taskToken: 'duplicate-delivery-token-3', dueAt, seconds: 3_600 });
      await twice('issue-report', { ...base, stepId: 'report-to-provider' });
      // The final report, recorded: the parent's copy goes with it (SCCIF 15.4).
      await repository().recordActual(id, 'assurance-visit', 'final-report-to-provider', londonDateOf(rt.runtime.clock.now()), rt.runtime.clock.now().toISOString());
      await twice('issue-report', { ...base, stepId: 'final-report-to-provider' });
      const sent = (await repository().listEmails(id)).find((email) => email.duty === 'dcs-alert');
      await twice('record-email-event', {
        source: 'aws.ses',
        'detail-type': 'SES Email Delivery',
        detail: { eventType: 'Delivery', mail: { messageId: sent!.messageId, timestamp: sent!.sentAt }, delivery: { timestamp: rt.runtime.clock.now().toISOString() } },
      });

      const after = await repository().requireInspection(id);
      // The work each step records, recorded once and not lost between the two deliveries.
      expect(after.actuals['assurance-visit']).toMatchObject({ 'provider-letter': expect.any(String), 'dcs-alert': expect.any(String), 'case-review': expect.any(String) });
      expect(after.decisions['case-review']).toMatchObject({ approvalId, rationale: decision.rationale, decidedBy: USERS.manager.id });
      expect(after.followUps['monitoring-visit']?.origin).toBe('assurance-visit');
      expect(await repository().getApproval(approvalId)).toMatchObject({ status: 'decided', escalations: 0 });
      await expectEmailsExactlyOnce(rt.runtime, [id]);
      const duties = (await repository().listEmails(id)).map((email) => `${email.duty}|${email.recipientKey}`);
      expect(new Set(duties).size).toBe(duties.length);
      // 4 alerts (3 authorities, the parent) + the provider letter + the provider's copy of the alert + DfE concerns +
      // the approval request + 2 escalations + DfE proposed actions + the report to the provider + the final report +
      // its copy for the parent who placed ZJ (SCCIF 15.4). The monitoring visit's window is never emailed (CHF §10:
      // unannounced).
      expect(duties.length).toBe(4 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 1);

      // The failure path, delivered twice: the manager is told once.
      await twice('record-failure', { ...base, error: 'States.TaskFailed' });
      const failures = (await repository().listEmails(id)).filter((email) => email.duty.startsWith('failure:'));
      expect(failures.map((email) => email.status)).toEqual(['sent']);
      const inbox = await rt.runtime.inbox();
      expect(inbox.filter((message) => message.messageId === failures[0]!.messageId)).toHaveLength(1);
    },
    120_000,
  );
});
