/**
 * The two end-to-end flows the reliability and security suites run through the local runtime's API:
 *
 *   A. an assurance visit to a secure children's home that finds serious concerns: provider letter, LA alerts (two
 *      placing authorities, the host, a parent), provider copy, DfE, case review, monitoring visit, reports;
 *   B. a full inspection of a secure children's home judged inadequate: the inadequate pathway (alerts, DfE, urgent
 *      case review, monitoring visit), and the inspection's own reports.
 *
 * Children are known by initials only (QX, ZJ, MW, KB), and the free text people type (concerns, rationale) names
 * them, as it would in life: none of it may reach a log line, an execution name or the execution history.
 * Each flow can replace how it logs the inspection, records the outcome or decides the case review (the duplicate
 * delivery tests send those requests several times at once).
 */
import { expect } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import { addCalendarDays, addWorkingDays, isWorkingDay, londonDateOf, londonTimeOn, type LocalDate } from '../../functions/core/calendar';
import { executionNameFor } from '../../functions/core/inspection';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';
import type { ProcessId } from '../../functions/core/regulations';
import type { LocalUser } from '../../infra/local/api-gateway';
import type { LocalRuntime } from '../../infra/local/runtime';
import { activeStates, advanceTo, advanceUntil, call, currentState, execution, executionsOf, lastStateEntered, type Answer } from './runtime-driver';

/** Users whose identity-provider ids are their email addresses (as with a federated sign-in). */
export const USERS = {
  inspector: { id: 'ines.inspector@ofsted.example', email: 'ines.inspector@ofsted.example', name: 'Ines Inspector', groups: ['inspectors'] },
  manager: { id: 'maya.manager@ofsted.example', email: 'maya.manager@ofsted.example', name: 'Maya Manager', groups: ['managers'] },
  otherManager: { id: 'omar.manager@ofsted.example', email: 'omar.manager@ofsted.example', name: 'Omar Manager', groups: ['managers'] },
  /** A manager who also inspects. */
  inspectingManager: { id: 'ida.both@ofsted.example', email: 'ida.both@ofsted.example', name: 'Ida Both', groups: ['inspectors', 'managers'] },
} satisfies Record<string, LocalUser>;

export const INITIALS = ['QX', 'ZJ', 'MW', 'KB'];
export const PARENT_EMAIL = 'parent.of.zj@family.example';

let keys = 0;
const idempotencyKey = (label: string) => `${label}-${Date.now().toString(36)}-${(keys += 1)}`;

/** Secure children's home in Camden; QX and MW placed by Manchester and Kent, ZJ by a parent, KB by Camden. */
export function secureHomeChildren() {
  return [
    { initials: 'QX', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
    { initials: 'ZJ', placement: { lookedAfter: false, placedBy: { name: 'Parent of ZJ', email: PARENT_EMAIL } } },
    { initials: 'MW', placement: { lookedAfter: true, placingAuthority: 'E10000016' } },
    { initials: 'KB', placement: { lookedAfter: true, placingAuthority: 'E09000007' } },
  ];
}

export function assuranceVisitBody(day1: LocalDate, inspectorId: string) {
  return {
    idempotencyKey: idempotencyKey('assurance'),
    process: 'assurance-visit',
    establishment: { urn: 'SC123456', name: 'Elm House Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    provider: { name: 'Elm House Trust', email: 'registered.manager@elmhouse.example' },
    inspectorId,
    dates: { day1 },
    children: secureHomeChildren(),
  };
}

export function fullInspectionBody(inspectionStart: LocalDate, inspectionEnd: LocalDate, inspectorId: string) {
  return {
    idempotencyKey: idempotencyKey('full'),
    process: 'full-inspection',
    establishment: { urn: 'SC654321', name: 'Birch Lodge Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    provider: { name: 'Birch Care Ltd', email: 'ri@birchcare.example' },
    inspectorId,
    dates: { inspectionStart, inspectionEnd },
    children: secureHomeChildren(),
  };
}

// Email addresses in the free text, for the log scan (test/security/pii-scan.test.ts); never the children's initials,
// which the API refuses there (core/alerts.ts childNamedIn): the scan finds those in the children's records.
export const CONCERNS = 'Two children were restrained without a record; one went missing twice at night. Contact parent.of.zj@family.example.';
export const RATIONALE = 'Two children are at risk; monitoring visit agreed with maya.manager@ofsted.example.';

export interface Hooks {
  /** Decide the case review only after its deadline has passed (the run escalates, then keeps waiting). */
  lateCaseReview?: boolean;
  /** Posts the POST /inspections body; answers the first response. */
  log?: (runtime: LocalRuntime, body: Record<string, unknown>) => Promise<Answer>;
  /** Posts an outcome as `user`: the lead inspector, or a manager for an improved judgement (§76). */
  outcome?: (runtime: LocalRuntime, inspectionId: string, body: Record<string, unknown>, user: LocalUser) => Promise<Answer>;
  decide?: (runtime: LocalRuntime, approvalId: string, body: Record<string, unknown>) => Promise<Answer>;
}

const defaultHooks: Required<Hooks> = {
  lateCaseReview: false,
  log: (runtime, body) => call(runtime, USERS.inspector, 'POST', '/inspections', body),
  outcome: (runtime, id, body, user) => call(runtime, user, 'POST', `/inspections/${id}/outcome`, body),
  decide: (runtime, approvalId, body) => call(runtime, USERS.manager, 'POST', `/approvals/${approvalId}/decision`, body),
};

function nextWorkingDayFrom(date: LocalDate): LocalDate {
  return isWorkingDay(date) ? date : addWorkingDays(date, 1).date;
}

async function pendingApproval(runtime: LocalRuntime, inspectionId: string): Promise<string> {
  const queue = await call(runtime, USERS.manager, 'GET', '/approvals');
  expect(queue.status).toBe(200);
  const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
  expect(approval, `a pending approval for ${inspectionId}`).toBeDefined();
  return approval!.approvalId;
}

async function monitoringOutcome(runtime: LocalRuntime, inspectionId: string, hooks: Required<Hooks>): Promise<void> {
  const record = await repository().requireInspection(inspectionId);
  const window = record.scheduled['monitoring-visit'];
  expect(window?.earliest, 'the monitoring visit is scheduled').toBeDefined();
  // The visit happens a few days into its window, in the afternoon.
  const visitDate = nextWorkingDayFrom(addCalendarDays(window!.earliest!, 3));
  await advanceTo(runtime, londonTimeOn(visitDate, '15:00'));
  expect(currentState(execution(runtime, inspectionId, 'monitoring-visit'))).toBe('Await monitoring outcome');
  // An outcome that ends the monitoring: further monitoring would begin a 2nd visit, and its run would not end here
  // (test/workflows/further-monitoring.test.ts runs that).
  const ending =
    record.process === 'assurance-visit'
      ? { outcome: 'sufficient-steps-taken' }
      : { outcome: 'improved-judgement', improvedJudgement: 'requires-improvement', ...EVERY_IMPROVED_CONDITION };
  // An improved judgement needs the regulatory inspection manager's agreement (§76): a manager records it.
  const user = record.process === 'assurance-visit' ? USERS.inspector : USERS.manager;
  const answer = await hooks.outcome(runtime, inspectionId, { process: 'monitoring-visit', ...ending, visitDate }, user);
  expect(answer.status, answer.raw).toBe(200);
}

/**
 * The lead inspector records a step through the API (POST /inspections/{id}/steps/{stepId}) on its due day, moving
 * the clock there, or today when that day has passed.
 */
export async function recordOnTime(
  runtime: LocalRuntime,
  inspectionId: string,
  stepId: string,
  process: ProcessId,
  user: LocalUser = USERS.inspector,
): Promise<LocalDate> {
  const detail = await call(runtime, user, 'GET', `/inspections/${inspectionId}`);
  const timeline = (detail.body.timelines as { process: string; steps: { id: string; dueLondonDate: LocalDate }[] }[]).find(
    (candidate) => candidate.process === process,
  );
  const due = timeline?.steps.find((step) => step.id === stepId)?.dueLondonDate;
  expect(due, `${process} › ${stepId} is on the timeline`).toBeDefined();
  const today = londonDateOf(runtime.clock.now());
  const on = due! > today ? due! : today;
  if (on > today) await advanceTo(runtime, londonTimeOn(on, '10:00'));
  const answer = await call(runtime, user, 'POST', `/inspections/${inspectionId}/steps/${stepId}`, { on, process });
  expect(answer.status, answer.raw).toBe(200);
  return on;
}

async function untilEveryRunEnds(runtime: LocalRuntime, inspectionId: string): Promise<void> {
  await advanceUntil(
    runtime,
    () => executionsOf(runtime, inspectionId).every((run) => run.status !== 'RUNNING'),
    `every run of ${inspectionId} ends`,
  );
}

/** A: assurance visit with serious concerns, from day 1 to publication and the monitoring visit. */
export async function assuranceVisitFlow(runtime: LocalRuntime, overrides: Hooks = {}): Promise<string> {
  const hooks = { ...defaultHooks, ...overrides };
  const day1 = nextWorkingDayFrom(addCalendarDays(londonDateOf(runtime.clock.now()), 1));
  await advanceTo(runtime, londonTimeOn(day1, '08:30'));

  const logged = await hooks.log(runtime, assuranceVisitBody(day1, USERS.inspector.id));
  expect(logged.status, logged.raw).toBe(201);
  const inspectionId = String(logged.body.id);
  expect(currentState(execution(runtime, inspectionId, 'assurance-visit'))).toBe('Await visit outcome');

  // Day 3: the visit ends with serious concerns.
  const day3 = addWorkingDays(day1, 2).date;
  await advanceTo(runtime, londonTimeOn(day3, '16:00'));
  const outcome = await hooks.outcome(runtime, inspectionId, {
    process: 'assurance-visit',
    seriousOrWidespreadConcerns: true,
    concernsSerious: true,
    summaryOfConcerns: CONCERNS,
  }, USERS.inspector);
  expect(outcome.status, outcome.raw).toBe(200);
  const visitEnded = await call(runtime, USERS.inspector, 'POST', `/inspections/${inspectionId}/steps/visit-end`, { on: day3 });
  expect(visitEnded.status, visitEnded.raw).toBe(200);
  // The case review and the report's clock run side by side.
  expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toEqual(
    expect.arrayContaining(['Request approval: Case review', 'Await recorded: report to provider']),
  );

  const decided = await hooks.decide(runtime, await pendingApproval(runtime, inspectionId), { decision: 'monitoring-visit', enforcement: 'none', rationale: RATIONALE });
  expect(decided.status, decided.raw).toBe(200);
  expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('RUNNING');

  await recordOnTime(runtime, inspectionId, 'draft-report-qa', 'assurance-visit');
  await recordOnTime(runtime, inspectionId, 'report-to-provider', 'assurance-visit');
  await recordOnTime(runtime, inspectionId, 'final-report-to-provider', 'assurance-visit');
  await monitoringOutcome(runtime, inspectionId, hooks);
  await recordOnTime(runtime, inspectionId, 'publish', 'assurance-visit');
  await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit');
  await untilEveryRunEnds(runtime, inspectionId);
  return inspectionId;
}

/** B: full inspection of a secure children's home judged inadequate, through the inadequate pathway. */
export async function inadequateInspectionFlow(runtime: LocalRuntime, overrides: Hooks = {}): Promise<string> {
  const hooks = { ...defaultHooks, ...overrides };
  const lastDay = nextWorkingDayFrom(addCalendarDays(londonDateOf(runtime.clock.now()), 1));
  await advanceTo(runtime, londonTimeOn(lastDay, '15:00'));

  const logged = await hooks.log(runtime, fullInspectionBody(addCalendarDays(lastDay, -2), lastDay, USERS.inspector.id));
  expect(logged.status, logged.raw).toBe(201);
  const inspectionId = String(logged.body.id);
  expect(currentState(execution(runtime, inspectionId, 'full-inspection'))).toBe('Await judgements');

  const outcome = await hooks.outcome(runtime, inspectionId, {
    process: 'full-inspection',
    overall: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'inadequate',
    summaryOfConcerns: CONCERNS,
  }, USERS.inspector);
  expect(outcome.status, outcome.raw).toBe(200);
  expect(currentState(execution(runtime, inspectionId, 'inadequate'))).toBe('Request approval: Urgent case review');
  if (hooks.lateCaseReview) {
    // The urgent case review is due by the end of the next working day: the morning after, it is overdue.
    const due = (await repository().requireInspection(inspectionId)).actuals.inadequate?.['case-review'];
    expect(due, 'the case review is not done yet').toBeUndefined();
    await advanceTo(runtime, londonTimeOn(addWorkingDays(lastDay, 2).date, '10:00'));
    const escalations = (await repository().listEmails(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:case-review'));
    expect(escalations.map((email) => email.recipientKey).sort()).toEqual(['manager', 'senior-manager']);
    expect(currentState(execution(runtime, inspectionId, 'inadequate'))).toBe('Request approval: Urgent case review');
  }

  const decided = await hooks.decide(runtime, await pendingApproval(runtime, inspectionId), { decision: 'monitoring-visit', enforcement: 'none', rationale: RATIONALE });
  expect(decided.status, decided.raw).toBe(200);
  expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('RUNNING');

  await recordOnTime(runtime, inspectionId, 'report-to-provider', 'full-inspection');
  await recordOnTime(runtime, inspectionId, 'publish', 'full-inspection');
  await monitoringOutcome(runtime, inspectionId, hooks);
  await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit');
  await untilEveryRunEnds(runtime, inspectionId);
  return inspectionId;
}

/** The runs each flow ends with, and the state each ends in. */
export const EXPECTED_RUNS: Record<'assurance' | 'inadequate', Partial<Record<ProcessId, string>>> = {
  assurance: { 'assurance-visit': 'Visit complete', 'monitoring-visit': 'Monitoring visit complete' },
  inadequate: {
    'full-inspection': 'Inspection complete',
    inadequate: 'Return visit followed up',
    'monitoring-visit': 'Monitoring visit complete',
  },
};

/** Exactly the expected runs, one per process, each SUCCEEDED in its expected end state. */
export function expectRuns(runtime: LocalRuntime, inspectionId: string, expected: Partial<Record<ProcessId, string>>): void {
  const runs = executionsOf(runtime, inspectionId);
  expect(runs.map((run) => run.name).sort()).toEqual(
    (Object.keys(expected) as ProcessId[]).map((process) => executionNameFor(inspectionId, process)).sort(),
  );
  for (const [process, endState] of Object.entries(expected) as [ProcessId, string][]) {
    const run = execution(runtime, inspectionId, process);
    expect(run?.status, `${process} of ${inspectionId}: ${run?.error ?? ''} ${run?.cause ?? ''}`).toBe('SUCCEEDED');
    expect(lastStateEntered(run), `${process} of ${inspectionId}`).toBe(endState);
  }
}

/**
 * Exactly one email per duty and recipient: every outbox item of these inspections is sent, its SES message is in
 * the inbox once, and the inbox holds no other message about these inspections.
 */
export async function expectEmailsExactlyOnce(runtime: LocalRuntime, inspectionIds: readonly string[]): Promise<number> {
  const inbox = await runtime.inbox();
  let total = 0;
  for (const inspectionId of inspectionIds) {
    const outbox = await repository().listEmails(inspectionId);
    expect(outbox.length).toBeGreaterThan(0);
    for (const email of outbox) {
      expect(email.status, `${email.duty} → ${email.recipientKey}: ${email.lastError ?? ''}`).toBe('sent');
      expect(inbox.filter((message) => message.messageId === email.messageId), `${email.duty} → ${email.recipientKey}`).toHaveLength(1);
    }
    const aboutThis = inbox.filter((message) => (message.body.text ?? '').includes(inspectionId));
    expect(aboutThis.length, `emails in the inbox about ${inspectionId}`).toBe(outbox.length);
    // Never the failure path.
    expect(outbox.some((email) => email.duty.startsWith('failure:'))).toBe(false);
    expect((await repository().requireInspection(inspectionId)).status).not.toBe('failed');
    total += outbox.length;
  }
  return total;
}
