/**
 * Drives the local runtime (real ASL, real handlers, dynalite, aws-ses-v2-local) on a virtual clock that moves only
 * when a test moves it, with every handler wrapped: a fault plan can make step handlers fail before or after their
 * work, and every call (input, output, error) is recorded.
 *
 * Step Functions retries (2 s base, 1 minute at most) wait on the virtual clock: runRetries() fires every timer due
 * within 2 minutes. Every statutory deadline and reminder is hours away in these flows, so it never fires one. (The
 * SDK's own back-off inside a handler runs on the real clock: see infra/local/virtual-clock.ts.)
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { wallClock } from '../../functions/adapters/clock';
import type { EmailService } from '../../functions/adapters/mailer';
import { sessionStore } from '../../functions/adapters/sessions';
import { IDLE_LIMIT_MS, SESSION_COOKIE } from '../../functions/web/session';
import { executionNameFor } from '../../functions/core/inspection';
import type { ProcessId } from '../../functions/core/regulations';
import { HANDLERS } from '../../functions/handlers';
import type { LocalUser } from '../../infra/local/api-gateway';
import type { LocalExecution, LocalHandler } from '../../infra/local/engine';
import { LocalRuntime } from '../../infra/local/runtime';
import { localExecutionArn } from '../../infra/local/template';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

const STEP_IDS: ReadonlySet<string> = new Set(HANDLERS.filter((handler) => handler.kind === 'step').map((handler) => handler.id));

/** A transient failure, as a Lambda timeout or a network error looks: not a named error, so Step Functions retries. */
export class InjectedFault extends Error {
  constructor(message: string, name = 'InjectedFault') {
    super(message);
    this.name = name;
  }
}

export interface FaultPlan {
  /** `before`: throw before the handler runs; `after`: run it (side effects and all), then throw. */
  mode: 'none' | 'before' | 'after';
  /** How many deliveries of each task (handler and payload) fail. */
  times: number;
  /** Other counts for some handlers (e.g. one that keeps failing). */
  timesFor?: Record<string, number>;
  /**
   * The error name some handlers fail with (default InjectedFault, which Step Functions retries and, after the
   * retries, loops on through operations): e.g. ValidationError, which retrying cannot fix, to reach the failure path.
   */
  errorNameFor?: Record<string, string>;
}

export interface HandlerCall {
  handlerId: string;
  kind: 'step' | 'api';
  input: unknown;
  output?: unknown;
  error?: string;
  injected?: 'before' | 'after';
}

export interface TestRuntime {
  runtime: LocalRuntime;
  /** The fault plan applied to step handlers from now on. */
  plan: FaultPlan;
  /** Every handler call, in order. */
  calls: HandlerCall[];
  /** The handlers themselves, unwrapped: to deliver a task twice. */
  originals: Map<string, LocalHandler>;
  stop(): Promise<void>;
}

/** A task's identity across retries: the handler and its payload, without the task token (each attempt has its own). */
function taskKey(handlerId: string, event: unknown): string {
  const { taskToken: _token, ...rest } = (event ?? {}) as Record<string, unknown>;
  return `${handlerId}|${JSON.stringify(rest)}`;
}

/**
 * `adapters`: 'servers' (dynalite, the SES server and Step Functions over HTTP, as `npm start` runs: for what faults
 * the servers or scans what passes through the SDK), or 'in-memory' (the runtime's in-memory table, inbox and engine
 * client: the same ASL and handlers, for what only the runs and the handlers decide).
 */
export async function startTestRuntime(startAt: string, adapters: 'in-memory' | 'servers'): Promise<TestRuntime> {
  const calls: HandlerCall[] = [];
  const originals = new Map<string, LocalHandler>();
  const deliveries = new Map<string, number>();
  const state: { plan: FaultPlan } = { plan: { mode: 'none', times: 0 } };

  const runtime = await LocalRuntime.start({
    repositoryRoot,
    startAt: new Date(startAt),
    realTime: false,
    inMemory: adapters === 'in-memory',
    wrapHandler: (handlerId, handler) => {
      originals.set(handlerId, handler);
      const kind = STEP_IDS.has(handlerId) ? 'step' : 'api';
      return async (event, context) => {
        const call: HandlerCall = { handlerId, kind, input: structuredClone(event) };
        calls.push(call);
        const { plan } = state;
        const key = taskKey(handlerId, event);
        const delivery = kind === 'step' && plan.mode !== 'none' ? (deliveries.get(key) ?? 0) + 1 : 0;
        if (delivery > 0) deliveries.set(key, delivery);
        const times = plan.timesFor?.[handlerId] ?? plan.times;
        const inject = delivery > 0 && delivery <= times ? plan.mode : undefined;
        try {
          if (inject === 'before') {
            call.injected = 'before';
            throw new InjectedFault(`${handlerId} failed before its work (delivery ${delivery})`, plan.errorNameFor?.[handlerId]);
          }
          const output = await handler(event, context);
          call.output = structuredClone(output);
          if (inject === 'after') {
            call.injected = 'after';
            throw new InjectedFault(`${handlerId} timed out after its work (delivery ${delivery})`);
          }
          return output;
        } catch (error) {
          call.error = error instanceof Error ? error.name : String(error);
          throw error;
        }
      };
    },
  });
  return {
    runtime,
    get plan() {
      return state.plan;
    },
    set plan(plan: FaultPlan) {
      state.plan = plan;
      deliveries.clear();
    },
    calls,
    originals,
    stop: () => runtime.stop(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Moving time

const SHORT_MS = 2 * 60_000;

function msUntilNextTimer(runtime: LocalRuntime): number | undefined {
  const next = runtime.clock.nextTimerAt();
  return next === undefined ? undefined : next.getTime() - runtime.clock.now().getTime();
}

/** Fires every timer due within two minutes (retries, back-off), again and again, until only deadlines are left. */
export async function runRetries(runtime: LocalRuntime): Promise<void> {
  for (let fired = 0; fired < 5_000; fired += 1) {
    await runtime.settle();
    const wait = msUntilNextTimer(runtime);
    if (wait === undefined || wait > SHORT_MS) return;
    await runtime.clock.advanceTo(new Date(runtime.clock.now().getTime() + Math.max(0, wait)), { settle: () => runtime.settle() });
  }
  throw new Error('retries never stopped');
}

/** Moves the clock to `target`, firing every timer on the way and letting its work (and retries) finish. */
export async function advanceTo(runtime: LocalRuntime, target: Date | string): Promise<void> {
  const at = new Date(target);
  await runRetries(runtime);
  for (let fired = 0; fired < 10_000; fired += 1) {
    const next = runtime.clock.nextTimerAt();
    if (!next || next.getTime() > at.getTime()) break;
    await runtime.clock.advanceTo(next, { settle: () => runtime.settle() });
    await runRetries(runtime);
  }
  if (at.getTime() > runtime.clock.now().getTime()) await runtime.clock.advanceTo(at, { settle: () => runtime.settle() });
  await runRetries(runtime);
}

/** Moves the clock timer by timer until `done()` holds. */
export async function advanceUntil(runtime: LocalRuntime, done: () => boolean | Promise<boolean>, what: string, maxTimers = 3_000): Promise<void> {
  await runRetries(runtime);
  for (let fired = 0; fired < maxTimers; fired += 1) {
    if (await done()) return;
    const next = runtime.clock.nextTimerAt();
    if (!next) break;
    await runtime.clock.advanceTo(next, { settle: () => runtime.settle() });
    await runRetries(runtime);
  }
  if (!(await done())) throw new Error(`${what}: not reached; clock at ${runtime.clock.now().toISOString()}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The API

export interface Answer {
  status: number;
  body: any;
  raw: string;
}

/** Calls a route as API Gateway would (without settling: for concurrent requests). */
/**
 * The web pages authenticate their own session cookie (never the authorizer's claims): a page request is sent as a
 * signed-in browser's, with a session opened for the user as the sign-in's callback opens one.
 */
async function sessionCookieFor(user: LocalUser): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = wallClock.now().getTime();
  await sessionStore().create(
    id,
    { user: { id: user.id, email: user.email, name: user.name, groups: [...user.groups] }, csrfToken: randomBytes(32).toString('base64url'), tokensExpireAt: now + 3_600_000, createdAt: now, lastSeenAt: now, usableUntil: now + IDLE_LIMIT_MS },
    now,
  );
  return `${SESSION_COOKIE}=${id}`;
}

export async function request(runtime: LocalRuntime, user: LocalUser | undefined, method: string, path: string, body?: unknown): Promise<Answer> {
  const isPage = path === '/app' || path.startsWith('/app/');
  const response = await runtime.callApi({
    method,
    path,
    ...(user && !isPage ? { user } : {}),
    ...(user && isPage ? { headers: { 'content-type': 'application/json', cookie: await sessionCookieFor(user) } } : {}),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  let parsed: unknown;
  try {
    parsed = response.body === '' ? undefined : JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, body: parsed, raw: response.body };
}

/** Calls a route, then lets the runs it resumed work until only deadlines are left. */
export async function call(runtime: LocalRuntime, user: LocalUser | undefined, method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await request(runtime, user, method, path, body);
  await runRetries(runtime);
  return answer;
}

// ---------------------------------------------------------------------------------------------------------------
// Executions

export function execution(runtime: LocalRuntime, inspectionId: string, processId: ProcessId): LocalExecution | undefined {
  const arn = localExecutionArn(`sccif-${processId}`, executionNameFor(inspectionId, processId));
  return runtime.engine.listExecutions().find((candidate) => candidate.executionArn === arn);
}

export function executionsOf(runtime: LocalRuntime, inspectionId: string): LocalExecution[] {
  return runtime.engine.listExecutions().filter((candidate) => candidate.name.startsWith(`${inspectionId}--`));
}

/** The state the execution is in now: the last state entered (or retried), unless it has left it since. */
export function currentState(run: LocalExecution | undefined): string | undefined {
  let current: string | undefined;
  for (const event of run?.events ?? []) {
    if (event.type === 'StateEntered' || event.type === 'StateRetried') current = event.state;
    else if (event.state === current && /^State(Exited|Failed|Caught)$/.test(event.type)) current = undefined;
  }
  return current;
}

/**
 * Every state an execution is in now: entered and not yet left. Inside a Parallel several states are active at once
 * (the report stages wait beside an approval).
 */
export function activeStates(run: LocalExecution | undefined): string[] {
  const active: string[] = [];
  for (const event of run?.events ?? []) {
    if (event.type === 'StateEntered' && event.state) active.push(event.state);
    // A retried state is entered again (the engine may report its failed attempt before the retry).
    else if (event.type === 'StateRetried' && event.state && !active.includes(event.state)) active.push(event.state);
    else if (event.state && /^State(Exited|Failed|Caught)$/.test(event.type)) {
      const at = active.lastIndexOf(event.state);
      if (at >= 0) active.splice(at, 1);
    }
  }
  return active;
}

/** The last state an execution entered (its end state once it has stopped). */
export function lastStateEntered(run: LocalExecution | undefined): string | undefined {
  return [...(run?.events ?? [])].reverse().find((event) => event.type === 'StateEntered')?.state;
}

// ---------------------------------------------------------------------------------------------------------------
// SES throttling in front of the in-memory runtime's SES

export interface SesThrottle {
  url: string;
  /** Answer the first request per recipient and subject with 429 TooManyRequestsException. */
  throttleFirst: boolean;
  throttled: number;
  forwarded: number;
  close(): Promise<void>;
}

/**
 * A loopback endpoint for the SES v2 API in front of the in-memory runtime's SES (`LocalRuntime#inMemorySes`): with
 * `throttleFirst`, the first SendEmail per recipient and subject gets HTTP 429 TooManyRequestsException (SES v2's
 * throttling error); every other request's SendEmail input is sent to `target`, and its message id answered as SES
 * answers.
 */
export async function startSesThrottle(target: EmailService): Promise<SesThrottle> {
  const seen = new Set<string>();
  const proxy: SesThrottle = { url: '', throttleFirst: false, throttled: 0, forwarded: 0, close: async () => undefined };
  const answer = (outgoing: ServerResponse, status: number, body: unknown, errorType?: string) => {
    outgoing.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    outgoing.end(JSON.stringify(body));
  };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      let input: SendEmailCommandInput;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendEmailCommandInput;
      } catch (error) {
        answer(outgoing, 400, { message: (error as Error).message }, 'BadRequestException');
        return;
      }
      const key = `${input.Destination?.ToAddresses?.join(',')}|${input.Content?.Simple?.Subject?.Data}`;
      if (proxy.throttleFirst && !seen.has(key)) {
        seen.add(key);
        proxy.throttled += 1;
        answer(outgoing, 429, { message: 'Maximum sending rate exceeded.' }, 'TooManyRequestsException');
        return;
      }
      proxy.forwarded += 1;
      target
        .send(new SendEmailCommand(input))
        .then(({ MessageId }) => answer(outgoing, 200, { MessageId }))
        .catch((error: Error) => answer(outgoing, 400, { message: error.message }, error.name));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
