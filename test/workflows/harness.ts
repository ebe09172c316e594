/**
 * Execution tests run the synthesized state machines in the local runtime: real ASL, real handlers, dynalite,
 * aws-ses-v2-local, on a virtual clock that only moves when a test moves it.
 */
import { expect, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { LocalUser } from '../../infra/local/api-gateway';
import type { LocalExecution } from '../../infra/local/engine';
import { LocalRuntime } from '../../infra/local/runtime';
import { localExecutionArn } from '../../infra/local/template';
import { executionNameFor, type InspectionRecord } from '../../functions/core/inspection';
import type { ProcessId } from '../../functions/core/regulations';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';

export { activeStates } from '../reliability/runtime-driver';
export { recordOnTime } from '../reliability/e2e-flows';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export const users = {
  inspector: { id: 'user-ines', email: 'ines.inspector@ofsted.example', name: 'Ines Inspector', groups: ['inspectors'] },
  otherInspector: { id: 'user-oscar', email: 'oscar.inspector@ofsted.example', name: 'Oscar Inspector', groups: ['inspectors'] },
  manager: { id: 'user-maya', email: 'maya.manager@ofsted.example', name: 'Maya Manager', groups: ['managers'] },
  complianceInspector: { id: 'user-cora', email: 'cora.compliance@ofsted.example', name: 'Cora Compliance', groups: ['compliance-inspectors'] },
} satisfies Record<string, LocalUser>;

/**
 * The handlers' INFO lines ("step finished", "request finished": ~1,300 in a full run, 0.5 MB of CI output that no
 * test reads) are left out of these files' output, as the handler harnesses leave theirs out; WARN and ERROR lines go
 * to stderr and still show. The spy is put back after each file (test/support/shared-modules.ts).
 */
export function quietInfoLines(): void {
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string' || !chunk.startsWith('{"level":"INFO"')) return write(chunk, ...rest);
    (rest.find((item) => typeof item === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof process.stdout.write);
}

/**
 * The workflow scenarios run on the runtime's in-memory adapters (as the bench's year does): the same synthesized ASL
 * and handlers, the repository's own code on an in-memory table held to the repository's contract tests beside dynalite
 * (test/adapters/repository.test.ts). dynalite and the SES server stay under the handler, reliability, fuzz and
 * end-to-end tests (issue 14). Measured 2026-11-30: these files' CPU 43.7 s on the servers, 18.0 s in memory.
 * `SCCIF_RUNTIME_ADAPTERS=servers npx vitest run test/workflows` runs them on dynalite and the SES server.
 */
export async function startRuntime(startAt: string): Promise<LocalRuntime> {
  quietInfoLines();
  const inMemory = process.env.SCCIF_RUNTIME_ADAPTERS !== 'servers';
  return LocalRuntime.start({ repositoryRoot, startAt: new Date(startAt), realTime: false, inMemory });
}

export async function api(
  runtime: LocalRuntime,
  user: LocalUser | undefined,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await runtime.callApi({
    method,
    path,
    ...(user ? { user } : {}),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  await runtime.settle();
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

export function execution(runtime: LocalRuntime, inspectionId: string, processId: ProcessId): LocalExecution | undefined {
  const arn = localExecutionArn(`sccif-${processId}`, executionNameFor(inspectionId, processId));
  return runtime.engine.listExecutions().find((candidate) => candidate.executionArn === arn);
}

export function executionsOf(runtime: LocalRuntime, processId: ProcessId): LocalExecution[] {
  return runtime.engine.listExecutions().filter((candidate) => candidate.stateMachineArn.endsWith(`:sccif-${processId}`));
}

/** The state the execution is in now: the last state entered, unless it has left it since. */
export function currentState(run: LocalExecution | undefined): string | undefined {
  let current: string | undefined;
  for (const event of run?.events ?? []) {
    if (event.type === 'StateEntered') current = event.state;
    else if (event.state === current && /^State(Exited|Failed|Caught)$/.test(event.type)) current = undefined;
  }
  return current;
}

/** Moves the clock timer by timer until `done()` holds; fails after `maxTimers`. */
export async function advanceUntil(runtime: LocalRuntime, done: () => boolean | Promise<boolean>, maxTimers = 50): Promise<void> {
  await runtime.settle();
  for (let fired = 0; fired < maxTimers; fired += 1) {
    if (await done()) return;
    const next = await runtime.advanceToNextTimer();
    if (!next) break;
  }
  if (!(await done())) throw new Error(`condition not reached; clock at ${runtime.clock.now().toISOString()}`);
}

/** The home an inspection was logged of (its return inspection is logged of the same). */
export async function urnOf(runtime: LocalRuntime, inspectionId: string): Promise<string> {
  return (await record(runtime, inspectionId)).establishment.urn;
}

export async function record(runtime: LocalRuntime, inspectionId: string): Promise<InspectionRecord> {
  const { repository } = await import('../../functions/adapters/repository');
  return repository().requireInspection(inspectionId);
}

export async function outbox(inspectionId: string) {
  const { repository } = await import('../../functions/adapters/repository');
  return repository().listEmails(inspectionId);
}

let keyCounter = 0;
export function idempotencyKey(): string {
  keyCounter += 1;
  return `test-key-${Date.now()}-${keyCounter}`;
}

/** A secure children's home in Camden with children placed by Manchester and Kent, and one placed by parents. */
export function assuranceVisitRequest(day1: string) {
  return {
    idempotencyKey: idempotencyKey(),
    process: 'assurance-visit',
    establishment: { urn: 'SC123456', name: 'Elm House Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    provider: { name: 'Elm House Trust', email: 'registered.manager@elmhouse.example' },
    inspectorId: users.inspector.id,
    dates: { day1 },
    children: [
      { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'CD', placement: { lookedAfter: true, placingAuthority: 'E10000016' } },
      { initials: 'EF', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'GH', placement: { lookedAfter: false, placedBy: { name: 'Parent of GH', email: 'parent.gh@family.example' } } },
    ],
  };
}

/** A children's home in Leeds with children placed by Leeds (also host) and Birmingham. */
/**
 * Each request's own home (SC654321, SC654322, …): one home is not inspected twice on the same days (a second
 * log of the same days is refused as the same inspection logged again: app/log-inspection.ts).
 */
let homes = 0;
export const nextUrn = (): string => `SC${654321 + homes++}`;

export function fullInspectionRequest(inspectionStart: string, inspectionEnd: string, kind = 'childrens-home', urn = nextUrn()) {
  return {
    idempotencyKey: idempotencyKey(),
    process: 'full-inspection',
    establishment: { urn, name: 'Birch Lodge', kind, hostAuthority: 'E08000035' },
    provider: { name: 'Birch Care Ltd', email: 'ri@birchcare.example' },
    inspectorId: users.inspector.id,
    dates: { inspectionStart, inspectionEnd },
    children: [
      { initials: 'JK', placement: { lookedAfter: true, placingAuthority: 'E08000035' } },
      { initials: 'LM', placement: { lookedAfter: true, placingAuthority: 'E08000025' } },
    ],
  };
}

/** An inadequate full-inspection outcome, with the summary of concerns the LAs are sent (SCCIF 15.3). */
export const INADEQUATE_FULL_INSPECTION = {
  process: 'full-inspection',
  overall: 'inadequate',
  helpedAndProtected: 'inadequate',
  leadersAndManagers: 'requires-improvement',
  summaryOfConcerns: 'Children go missing and staff do not report it.',
};

export type TimelineStepAnswer = { id: string; status: string; due: string; notRequired?: string; done: string | null; doneLateByWorkingDays?: number };

/** Logs an inspection as the inspector (201 expected) and returns its id. */
export async function loggedInspection(runtime: LocalRuntime, body: Record<string, unknown>): Promise<string> {
  const answer = await api(runtime, users.inspector, 'POST', '/inspections', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
}

/** One step of one timeline of an inspection, as GET /inspections/{id} shows it. */
export async function timelineStep(runtime: LocalRuntime, inspectionId: string, process: string, stepId: string): Promise<TimelineStepAnswer | undefined> {
  const detail = await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`);
  return (detail.body.timelines as { process: string; steps: TimelineStepAnswer[] }[]).find((timeline) => timeline.process === process)?.steps.find((s) => s.id === stepId);
}

/** A user's approval queue, for one inspection. */
export async function approvalsOf(runtime: LocalRuntime, user: (typeof users)[keyof typeof users], inspectionId: string) {
  const queue = await api(runtime, user, 'GET', '/approvals');
  expect(queue.status).toBe(200);
  return (queue.body.items as { approvalId: string; inspectionId: string; kind: string; dueAt: string }[]).filter((item) => item.inspectionId === inspectionId);
}

/**
 * A full inspection ending today (its first day `daysBefore` earlier), judged inadequate by the lead inspector, its
 * urgent case review deciding a monitoring visit: the inspection's id.
 */
export async function inadequateWithMonitoringVisitDecided(runtime: LocalRuntime, daysBefore = 2): Promise<string> {
  const end = londonDateOf(runtime.clock.now());
  const inspectionId = await loggedInspection(runtime, fullInspectionRequest(addCalendarDays(end, -daysBefore), end));
  expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);
  const [review] = (await approvalsOf(runtime, users.manager, inspectionId)).filter((item) => item.kind === 'case-review');
  const decided = await api(runtime, users.manager, 'POST', `/approvals/${review!.approvalId}/decision`, {
    decision: 'monitoring-visit',
    enforcement: 'none',
    rationale: 'Serious concerns: a monitoring visit within 6 to 8 weeks.',
  });
  expect(decided.status).toBe(200);
  return inspectionId;
}

