/**
 * Property-based fuzzing of every API handler (functions/handlers.ts), called with API-Gateway events as the Cognito
 * authorizer passes them, against a real DynamoDB API (dynalite) and Step Functions mocked at the SDK client.
 *
 * For every route, FUZZ_RUNS random requests (random JSON, random text, invalid JSON, bodies over the size limit,
 * wrong types, unknown fields, impossible dates, lower-case initials, forged path ids, missing or forged claims and
 * groups) and FUZZ_VALID_RUNS valid-shaped requests, each with one field broken. Properties:
 *
 *   - the handler always returns a response (no unhandled exception), never a 5xx unless a dependency failure was
 *     injected, and never a task token;
 *   - an invalid request is refused with the 4xx its first fault calls for, a 400 naming the offending field
 *     (errors[].field);
 *   - an invalid request leaves the table exactly as it was (a snapshot of every item before and after: no partial record);
 *   - a valid request does what the route says (201 then 200 on replay, 409 on a conflicting replay, ...).
 */
import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import { isWorkingDay, parseLocalDate } from '../../functions/core/calendar';
import type { InspectionRecord } from '../../functions/core/inspection';
import { APPROVAL_KINDS, APPROVAL_OPTIONS, type ApprovalKind } from '../../functions/core/schemas';
import { MAX_BODY_BYTES } from '../../functions/middleware/http';
import { HANDLERS, handlerEntry, isWebHandler, type ApiHandler, type ApiHandlerId } from '../../functions/handlers';
import { apiGatewayEvent, matchRoute } from '../../infra/local/api-gateway';
import { inspectionRecord, newEmail } from '../adapters/inspection-fixtures';
import {
  anyText,
  decision,
  decisionMutation,
  forgedClaims,
  forgedId,
  initials,
  instant,
  instantBetween,
  loggedInspection,
  loggedInspectionMutation,
  namesField,
  outcome,
  outcomeMutation,
  OUTCOME_KEYS,
  phoneCall,
  phoneCallMutation,
  randomBody,
  recordId,
  type Json,
  type JsonObject,
  type Mutation,
  type OutcomeProcess,
} from './arbitraries';
import {
  acceptEverything,
  AUTHORITY_CODES,
  checkOptions,
  FUZZ_RUNS,
  FUZZ_VALID_RUNS,
  quietRun,
  startFuzzEnvironment,
  timeLimit,
  type FuzzEnvironment,
  type TableSnapshot,
} from './fuzz-harness';

const NOW = '2026-12-23T10:00:00.000Z';

/** NOW moved by whole days, as an ISO-8601 instant. */
const daysFromNow = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();
/**
 * Inspection dates generated around NOW: about 15 months either side, so that most are within the year the route
 * accepts and some fall outside it on each side.
 */
const DATES_AROUND_NOW = { min: daysFromNow(-460).slice(0, 10), max: daysFromNow(460).slice(0, 10) };
/** What the route accepts at NOW (Wed 23 Dec 2026, London): a year either side, both ends included (worked out by hand). */
const DATE_WINDOW = { earliest: '2025-12-23', latest: '2027-12-23' };
/** The alerts to the ALERTED authorities were sent at 17:00 on Tue 22 Dec 2026 (see seed()). */
const ALERTS_SENT_AT = '2026-12-22T17:00:00.000Z';
/** Calls generated around NOW: before the alerts were sent, between them and now, and in the future. */
const CALLED_AROUND_NOW = instantBetween(daysFromNow(-2), daysFromNow(1));

// ---------------------------------------------------------------------------------------------------------------
// Callers

interface User {
  id: string;
  email: string;
  name: string;
  groups: readonly ('inspectors' | 'managers')[];
}

const INSPECTOR: User = { id: 'fz-inspector', email: 'ann.inspector@ofsted.example', name: 'Ann Inspector', groups: ['inspectors'] };
const MANAGER: User = { id: 'fz-manager', email: 'sam.manager@ofsted.example', name: 'Sam Manager', groups: ['managers'] };
/** In both groups: may log an inspection, may never decide on it. */
const INSPECTING_MANAGER: User = { id: 'fz-both', email: 'alex.both@ofsted.example', name: 'Alex Both', groups: ['inspectors', 'managers'] };

/** The authorizer's claims for a user; the group claim in each of the shapes API Gateway may pass it. */
const validAuthorizer = (user: User) =>
  fc.constantFrom('comma', 'brackets', 'array').map((style) => ({
    claims: {
      sub: user.id,
      email: user.email,
      name: user.name,
      'cognito:groups': style === 'comma' ? user.groups.join(',') : style === 'brackets' ? `[${user.groups.join(' ')}]` : [...user.groups],
    },
  }));

// ---------------------------------------------------------------------------------------------------------------
// Sending requests

const ROUTES = HANDLERS.filter((handler) => handler.kind === 'api') as unknown as readonly (ApiHandler & { id: ApiHandlerId })[];
const route = (id: ApiHandlerId): ApiHandler => ROUTES.find((candidate) => candidate.id === id)!;

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const handlers = new Map<string, Handler>();

/** Task tokens of the fixtures: no response may ever carry one. */
const TOKENS = new Set<string>();

interface Request {
  route: ApiHandler;
  method?: string;
  path?: string;
  /** The one of the route's resource paths the request matched (a web area has several); by default its first. */
  resourcePath?: string;
  pathParameters: Record<string, string> | null;
  query?: Record<string, string> | null;
  body: string | null;
  base64?: boolean;
  headers?: Record<string, string>;
  authorizer: unknown;
}

interface Answer {
  status: number;
  raw: string;
  json: any;
  headers: Record<string, unknown>;
}

/**
 * Bodies over the size limit, built once per size with their base64 form. A new string of 256 KiB cost ~2 ms of CPU
 * here (the page faults of a fresh large object, each of its copies too): 600 of them, at 450 sizes, were a fifth of
 * this file's CPU. The sizes run from one byte over the limit to 50,000 over, as the random sizes did.
 */
const OVER_THE_LIMIT = [1, 2, 3, 64, 1_000, 4_096, 10_000, 25_000, 49_999, 50_000];
const hugeBodies = new Map<string, string>();
const hugeBase64 = new Map<string, string>();
/** A JSON body, or a form, of `over` bytes more than the limit allows. */
const hugeBody = (shape: 'json' | 'form', over: number): string => {
  const key = `${shape} ${over}`;
  let text = hugeBodies.get(key);
  if (text === undefined) {
    text = shape === 'json' ? `{"a":"${'x'.repeat(MAX_BODY_BYTES + over)}"}` : `a=${'x'.repeat(MAX_BODY_BYTES + over)}`;
    hugeBodies.set(key, text);
    hugeBase64.set(text, Buffer.from(text, 'utf8').toString('base64'));
  }
  return text;
};
const base64Of = (text: string): string => hugeBase64.get(text) ?? Buffer.from(text, 'utf8').toString('base64');

/** Sends the event API Gateway would send, and checks what every response must be, whatever the request. */
async function send(request: Request, options: { failureInjected?: boolean } = {}): Promise<Answer> {
  const { route: target } = request;
  const base = apiGatewayEvent(
    { method: request.method ?? target.method, path: request.path ?? target.path, ...(request.body === null ? {} : { body: request.body }) },
    target,
    {},
    request.resourcePath ?? target.path,
  );
  const event = {
    ...base,
    headers: { ...base.headers, ...(request.headers ?? {}) },
    pathParameters: request.pathParameters,
    queryStringParameters: request.query ?? null,
    body: request.body === null ? null : request.base64 ? base64Of(request.body) : request.body,
    isBase64Encoded: request.base64 ?? false,
    requestContext: { ...base.requestContext, authorizer: request.authorizer },
  } as unknown as APIGatewayProxyEvent;
  const handler = handlers.get(target.id);
  if (!handler) throw new Error(`no handler loaded for ${target.id}`);

  let result: APIGatewayProxyResult;
  try {
    result = await handler(event, { functionName: `sccif-${target.id}`, awsRequestId: 'fuzz' } as Context);
  } catch (error) {
    throw new Error(`${target.id} threw instead of answering: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  expect(result, `${target.id} returned no response`).toBeTypeOf('object');
  expect(Number.isInteger(result.statusCode) && result.statusCode >= 100 && result.statusCode <= 599, `status ${result.statusCode}`).toBe(true);
  expect(typeof result.body, 'a string body').toBe('string');
  if (!options.failureInjected && result.statusCode >= 500) {
    throw new Error(`${target.id} answered ${result.statusCode} with no dependency failing: ${result.body.slice(0, 500)}`);
  }
  // A field the client sent may be named back ("taskToken: is not an allowed field"); nothing else says taskToken.
  if (!/taskToken/i.test(request.body ?? '')) expect(result.body).not.toMatch(/taskToken/i);
  // One assertion over every token (an expect per token, for the hundreds the fixtures hand out, was ~0.5 s of CPU).
  expect([...TOKENS].filter((token) => result.body.includes(token)), 'a task token in a response').toEqual([]);

  let json: any;
  if (!isWebHandler(target) && result.body !== '') {
    expect(String(result.headers?.['content-type'])).toContain('application/json');
    json = JSON.parse(result.body);
  }
  return { status: result.statusCode, raw: result.body, json, headers: (result.headers ?? {}) as Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------------------------
// What an answer must be

type Expectation =
  | { kind: 'reject'; status: number; fields?: string[]; anyField?: boolean; why: string }
  | { kind: 'accept'; statuses: number[]; /** Fields a 400 may name when the rules (not the schema) refuse it. */ ruleFields?: ReadonlySet<string> };

function check(answer: Answer, expectation: Expectation, context: string): void {
  const where = `${context}: answered ${answer.status} ${answer.raw.slice(0, 400)}`;
  if (expectation.kind === 'reject') {
    expect(answer.status, `${where} (expected ${expectation.status}: ${expectation.why})`).toBe(expectation.status);
    if (answer.json !== undefined) {
      expect(typeof answer.json.error, where).toBe('string');
      expect(typeof answer.json.message, where).toBe('string');
    }
    if (expectation.status === 400 && answer.json !== undefined) {
      const errors = answer.json.errors as { field: unknown; message: unknown }[] | undefined;
      expect(Array.isArray(errors) && errors.length > 0, `${where}: a 400 lists its errors`).toBe(true);
      for (const error of errors!) {
        expect(typeof error.field, where).toBe('string');
        expect(typeof error.message, where).toBe('string');
      }
      for (const field of expectation.fields ?? []) {
        expect(namesField(errors as { field: string }[], field), `${where}: the errors name ${field}`).toBe(true);
      }
    }
    if (expectation.status === 413 && answer.json !== undefined) expect(answer.json.message, where).toMatch(/body|bytes/);
    return;
  }
  if (answer.status === 400 && expectation.ruleFields) {
    const errors = (answer.json?.errors ?? []) as { field: string }[];
    expect(errors.length > 0, where).toBe(true);
    for (const error of errors) expect(expectation.ruleFields.has(error.field.split('.')[0]!), `${where}: ${error.field} is a field of the body`).toBe(true);
    return;
  }
  expect(expectation.statuses, where).toContain(answer.status);
}

// ---------------------------------------------------------------------------------------------------------------
// The environment and its fixtures

let environment: FuzzEnvironment;
let baseline: TableSnapshot & { writes: number };

/** The table as an invalid request must leave it (a snapshot compared with the one before). */
async function expectUnchanged(context: string): Promise<void> {
  await environment.expectUnchanged(baseline, context);
}

/**
 * A valid request may change the table: its result is the new baseline. When no write request reached dynalite since
 * the baseline (a read, a replay answered from the record), the table is the baseline still; expectUnchanged's snapshot
 * on every tenth check keeps the write count itself honest.
 */
async function acceptChanges(): Promise<void> {
  if (environment.writes === baseline.writes) return;
  baseline = await environment.baseline();
}

/** Called first in each property run (never in the middle of one): re-seeds the table once it has grown. */
async function compact(): Promise<void> {
  if (baseline.count > 120) await seed();
}

const FIXTURE_IDS = {
  full: 'fz-full',
  interim: 'fz-interim',
  rfc: 'fz-rfc',
  assurance: 'fz-assurance',
  alerted: 'fz-alerted',
} as const;

const ALERTED = ['E09000007', 'E08000003'];

function fixtureInspection(id: string, overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  return inspectionRecord({
    id,
    executionName: `${id}--${overrides.process ?? 'full-inspection'}`,
    inspectorId: INSPECTOR.id,
    loggedBy: INSPECTOR.id,
    children: [
      { initials: 'QX', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'ZJ', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat.parent@family.example' } } },
    ],
    ...overrides,
  });
}

const APPROVALS: { id: string; inspectionId: string; kind: ApprovalKind; state: 'pending' | 'decided' | 'closed' }[] = [
  { id: 'fz-apr-case-review', inspectionId: FIXTURE_IDS.full, kind: 'case-review', state: 'pending' },
  { id: 'fz-apr-interim', inspectionId: FIXTURE_IDS.interim, kind: 'interim-case-review', state: 'pending' },
  { id: 'fz-apr-rfc', inspectionId: FIXTURE_IDS.rfc, kind: 'rfc-case-discussion', state: 'pending' },
  { id: 'fz-apr-la', inspectionId: FIXTURE_IDS.alerted, kind: 'la-contact-arrangements', state: 'pending' },
  { id: 'fz-apr-decided', inspectionId: FIXTURE_IDS.full, kind: 'case-review', state: 'decided' },
  { id: 'fz-apr-closed', inspectionId: FIXTURE_IDS.assurance, kind: 'case-review', state: 'closed' },
];

const tokenFor = (approvalId: string) => `AQCEAAAAKgAAAAMAAAAAAAAAA${Buffer.from(approvalId).toString('base64url')}fuzztoken==`;

async function openApproval(approvalId: string, inspectionId: string, kind: ApprovalKind): Promise<void> {
  const taskToken = tokenFor(approvalId);
  TOKENS.add(taskToken);
  await repository().openApproval({
    approvalId,
    inspectionId,
    process: 'inadequate',
    kind,
    stepId: 'case-review',
    dueAt: '2026-12-29T23:59:59.000Z',
    taskToken,
    now: '2026-12-22T18:00:00.000Z',
  });
}

/** Fresh table: the directory, one inspection of each process, an alerted one, approvals in every state. */
async function seed(): Promise<void> {
  baseline = await environment.reseed(writeFixtures);
}

/** The fixtures, written by the repository into the emptied table (once: environment.reseed puts them back after). */
async function writeFixtures(): Promise<void> {
  const store = repository();
  await store.createInspection(fixtureInspection(FIXTURE_IDS.full));
  await store.createInspection(fixtureInspection(FIXTURE_IDS.interim, { process: 'interim-inspection' }));
  await store.createInspection(
    fixtureInspection(FIXTURE_IDS.rfc, {
      process: 'rfc-inspection',
      establishment: { urn: 'SC222222', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
    }),
  );
  await store.createInspection(
    fixtureInspection(FIXTURE_IDS.assurance, {
      process: 'assurance-visit',
      establishment: { urn: 'SC333333', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: parseLocalDate('2026-12-21') },
      followUps: { 'monitoring-visit': { executionName: `${FIXTURE_IDS.assurance}--monitoring-visit`, startedAt: NOW, origin: 'assurance-visit' } },
    }),
  );
  await store.createInspection(fixtureInspection(FIXTURE_IDS.alerted));
  for (const [index, code] of ALERTED.entries()) {
    const email = newEmail({
      inspectionId: FIXTURE_IDS.alerted,
      recipientKey: `la:${code}`,
      to: `dcs@${code.toLowerCase()}.la.example`,
      recipient: { kind: 'dcs', authorityCode: code, authorityName: code, roles: ['host'] },
      createdAt: ALERTS_SENT_AT,
    });
    await store.claimEmail(email);
    await store.markEmailSent(email, `fz-message-${index}`, ALERTS_SENT_AT);
  }
  for (const approval of APPROVALS) {
    await openApproval(approval.id, approval.inspectionId, approval.kind);
    if (approval.state === 'closed') await store.closeApproval(approval.id);
    if (approval.state === 'decided') {
      await store.decideApproval(approval.id, {
        expectedToken: tokenFor(approval.id),
        decision: {
          approvalId: approval.id,
          kind: approval.kind,
          decision: 'monitoring-visit',
          rationale: 'Decided before the fuzzing started.',
          decidedBy: 'fz-other-manager',
          decidedAt: '2026-12-22T19:00:00.000Z',
        },
      });
    }
  }
}

beforeAll(async () => {
  for (const target of ROUTES) {
    const module = (await import(/* @vite-ignore */ `../../${handlerEntry(target)}`)) as { handler?: Handler };
    if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(target)} exports no handler`);
    handlers.set(target.id, module.handler);
  }
  environment = await startFuzzEnvironment();
  await seed();
}, 60_000);

afterAll(async () => {
  await environment?.stop();
});

beforeEach(() => quietRun(environment, NOW));

// ---------------------------------------------------------------------------------------------------------------
// Random requests: one arbitrary per part of the request, each saying what it breaks

type BodyCase =
  | { kind: 'valid'; text: string; how: string }
  | { kind: 'blank' | 'not-json' | 'random-json'; text: string | null; how: string }
  | { kind: 'mutation'; text: string; mutation: Mutation; how: string }
  | { kind: 'huge'; text: string; how: string };

function classify(text: string | null, how: string): BodyCase {
  if (text === null || text.trim() === '') return { kind: 'blank', text, how };
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) return { kind: 'huge', text, how };
  try {
    JSON.parse(text);
  } catch {
    return { kind: 'not-json', text, how };
  }
  return { kind: 'random-json', text, how };
}

/** Bodies for a route whose valid body is `valid`: valid, broken at one field, random, blank, too big. */
function bodyCase(valid: fc.Arbitrary<JsonObject> | undefined, mutate: ((body: JsonObject) => fc.Arbitrary<Mutation>) | undefined): fc.Arbitrary<BodyCase> {
  const options: fc.WeightedArbitrary<BodyCase>[] = [
    { arbitrary: randomBody.map(({ text, how }) => classify(text, how)), weight: 2 },
    {
      arbitrary: fc.constantFrom(...OVER_THE_LIMIT).map((over) => ({ kind: 'huge' as const, text: hugeBody('json', over), how: 'over the size limit' })),
      weight: 1,
    },
  ];
  if (valid) options.push({ arbitrary: valid.map((body) => ({ kind: 'valid' as const, text: JSON.stringify(body), how: 'valid' })), weight: 2 });
  if (valid && mutate) {
    options.push({
      arbitrary: valid.chain(mutate).map((mutation): BodyCase => {
        const text = JSON.stringify(mutation.body);
        return mutation.status === 413 || Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES
          ? { kind: 'huge', text, how: mutation.how }
          : { kind: 'mutation', text, mutation, how: `${mutation.how} at ${mutation.field}` };
      }),
      weight: 5,
    });
  }
  return fc.oneof(...options);
}

type IdCase = { kind: 'existing' | 'unknown' | 'forged'; id: string | undefined };

function idCase(existing: readonly string[]): fc.Arbitrary<IdCase> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...existing).map((id) => ({ kind: 'existing' as const, id })), weight: 4 },
    { arbitrary: recordId.filter((id) => !existing.includes(id)).map((id) => ({ kind: 'unknown' as const, id })), weight: 1 },
    { arbitrary: forgedId.filter((id) => !existing.includes(id)).map((id) => ({ kind: 'forged' as const, id })), weight: 2 },
    { arbitrary: fc.constant({ kind: 'forged' as const, id: undefined }), weight: 1 },
  );
}

type AuthCase = { kind: 'valid'; authorizer: unknown; user: User } | { kind: 'forged'; authorizer: unknown; expected: 401 | 403; how: string };

function authCase(target: ApiHandler): fc.Arbitrary<AuthCase> {
  // Who the route lets in, by group membership (a route may name managers and compliance inspectors, say).
  const member = (user: { groups: readonly string[] }) => user.groups.some((group) => (target.groups as readonly string[]).includes(group));
  const users = [INSPECTOR, MANAGER, INSPECTING_MANAGER].filter(member);
  const outsider = [INSPECTOR, MANAGER].find((user) => !member(user));
  const options: fc.Arbitrary<AuthCase>[] = [
    fc.constantFrom(...users).chain((user) => validAuthorizer(user).map((authorizer) => ({ kind: 'valid' as const, authorizer, user }))),
    fc.constantFrom(...users).chain((user) => validAuthorizer(user).map((authorizer) => ({ kind: 'valid' as const, authorizer, user }))),
    forgedClaims(target.groups).map(({ authorizer, expected, how }) => ({ kind: 'forged' as const, authorizer, expected, how })),
  ];
  if (outsider) {
    options.push(
      validAuthorizer(outsider).map((authorizer) => ({ kind: 'forged' as const, authorizer, expected: 403 as const, how: `a member of ${outsider.groups.join(',')} only` })),
    );
  }
  return fc.oneof(...options);
}

/** A content-length header: absent, honest, unreadable, or claiming more than the limit. */
const lengthHeader = fc.oneof(
  { arbitrary: fc.constant<'absent' | 'honest' | 'garbage' | 'huge'>('absent'), weight: 4 },
  { arbitrary: fc.constantFrom<'absent' | 'honest' | 'garbage' | 'huge'>('honest', 'garbage', 'huge'), weight: 1 },
);

function headersFor(kind: 'absent' | 'honest' | 'garbage' | 'huge', body: string | null): Record<string, string> {
  switch (kind) {
    case 'absent':
      return {};
    case 'honest':
      return { 'Content-Length': String(Buffer.byteLength(body ?? '', 'utf8')) };
    case 'garbage':
      return { 'content-length': 'twelve' };
    case 'huge':
      return { 'content-length': String(MAX_BODY_BYTES + 1) };
  }
}

/**
 * The first fault a request meets, in the order the middlewares and the handler look: claims (401/403), size (413),
 * JSON and schema (400 naming the field), the path id (404), then the route's own rules.
 */
function expectationFor(
  target: ApiHandler,
  parts: { auth: AuthCase; length: 'absent' | 'honest' | 'garbage' | 'huge'; body: BodyCase | undefined; id: IdCase | undefined },
  routeRules: () => Expectation,
): Expectation {
  const { auth, length, body, id } = parts;
  if (auth.kind === 'forged') return { kind: 'reject', status: auth.expected, why: auth.how };
  if (length === 'huge') return { kind: 'reject', status: 413, why: 'content-length over the limit' };
  if (body?.kind === 'huge') return { kind: 'reject', status: 413, why: body.how };
  const parsesBody = target.method === 'POST' || target.method === 'PATCH';
  if (parsesBody && body) {
    if (body.kind === 'blank' || body.kind === 'not-json') return { kind: 'reject', status: 400, fields: ['body'], why: body.how };
    // A JSON object to an establishment's inspections is read only once the URN is found on the register (404 here).
    if (target.id === 'log-establishment-inspection' && body.kind === 'random-json') return { kind: 'accept', statuses: [400, 404] };
    if (target.id !== 'decide-approval') {
      if (body.kind === 'random-json') return { kind: 'reject', status: 400, anyField: true, why: body.how };
      if (body.kind === 'mutation') return { kind: 'reject', status: 400, fields: [body.mutation.field], why: body.how };
    }
  }
  if (id && id.kind !== 'existing') return { kind: 'reject', status: 404, why: `path id ${JSON.stringify(id.id)?.slice(0, 40)}` };
  if (target.id === 'decide-approval' && body) {
    if (body.kind === 'random-json') return { kind: 'reject', status: 400, anyField: true, why: body.how };
    if (body.kind === 'mutation') return { kind: 'reject', status: 400, fields: [body.mutation.field], why: body.how };
  }
  return routeRules();
}

async function checkRequest(request: Request, expectation: Expectation, context: string): Promise<Answer> {
  const answer = await send(request);
  check(answer, expectation, context);
  if (expectation.kind === 'reject') await expectUnchanged(context);
  else await acceptChanges();
  return answer;
}

const isWeekday = (date: string) => isWorkingDay(parseLocalDate(date));

/**
 * A logged body's own rules the schema cannot check: its dates within a year of today (London), an assurance visit
 * announced on a working day.
 */
function loggedRules(body: JsonObject): Expectation {
  const dates = body.dates as Record<string, string>;
  const fields = Object.entries(dates)
    .filter(([, date]) => date < DATE_WINDOW.earliest || date > DATE_WINDOW.latest)
    .map(([key]) => `dates.${key}`);
  if (body.process === 'assurance-visit' && dates.day1 !== undefined && !isWeekday(dates.day1)) fields.push('dates.day1');
  if (fields.length > 0) return { kind: 'reject', status: 400, fields, why: 'a date more than a year from today, or day 1 not a working day' };
  return { kind: 'accept', statuses: [201, 200, 409] };
}

function callRules(body: JsonObject): Expectation {
  const fields: string[] = [];
  const calledAt = Date.parse(String(body.calledAt));
  const alerted = ALERTED.includes(String(body.authorityCode));
  if (!alerted) fields.push('authorityCode');
  if (calledAt > Date.parse(NOW) + 5 * 60_000) fields.push('calledAt');
  // The alerts were sent on the minute: the route compares to the minute.
  else if (alerted && calledAt < Date.parse(ALERTS_SENT_AT)) fields.push('calledAt');
  if (fields.length > 0) return { kind: 'reject', status: 400, fields, why: 'not alerted, in the future or before the alert was sent' };
  return { kind: 'accept', statuses: [201, 200] };
}

/** Fields a 400 of an amendment may name: those of the outcome, the reason and the call to the registered manager. */
const AMENDMENT_KEYS: ReadonlySet<string> = new Set([...OUTCOME_KEYS, 'reason', 'registeredManagerCalledOn']);

const OUTCOME_OF_FIXTURE: Record<string, OutcomeProcess[]> = {
  [FIXTURE_IDS.full]: ['full-inspection'],
  [FIXTURE_IDS.alerted]: ['full-inspection'],
  [FIXTURE_IDS.interim]: ['interim-inspection'],
  [FIXTURE_IDS.rfc]: ['rfc-inspection'],
  [FIXTURE_IDS.assurance]: ['assurance-visit', 'monitoring-visit'],
};

const INSPECTION_IDS = Object.values(FIXTURE_IDS);
const APPROVAL_IDS = APPROVALS.map((approval) => approval.id);

/** One random request for a route, with what it must be answered. */
function randomRequest(target: ApiHandler): fc.Arbitrary<{ request: Request; expectation: Expectation; context: string }> {
  const common = fc.record({ auth: authCase(target), length: lengthHeader, base64: fc.boolean() });
  const build = (
    parts: { auth: AuthCase; length: 'absent' | 'honest' | 'garbage' | 'huge'; base64: boolean },
    body: BodyCase | undefined,
    id: IdCase | undefined,
    routeRules: () => Expectation,
    extra: Partial<Request> = {},
  ) => {
    const text = body?.text ?? null;
    const request: Request = {
      route: target,
      pathParameters: id ? (id.id === undefined ? null : { id: id.id }) : null,
      body: text,
      base64: parts.base64 && text !== null,
      headers: headersFor(parts.length, text),
      authorizer: parts.auth.authorizer,
      ...extra,
    };
    const expectation = expectationFor(target, { auth: parts.auth, length: parts.length, body, id }, routeRules);
    const context = `${target.id} [${parts.auth.kind === 'forged' ? parts.auth.how : 'signed in'}; body ${body?.how ?? 'none'}; id ${id ? `${id.kind} ${JSON.stringify(id.id)?.slice(0, 30)}` : 'none'}; length ${parts.length}]`;
    return { request, expectation, context };
  };
  const anyBody = bodyCase(undefined, undefined);

  switch (target.id as ApiHandlerId) {
    case 'log-inspection': {
      const valid = loggedInspection(AUTHORITY_CODES, DATES_AROUND_NOW);
      return fc.tuple(common, valid).chain(([parts, example]) =>
        bodyCase(fc.constant(example), loggedInspectionMutation).map((body) =>
          build(parts, body, undefined, () => (body.kind === 'valid' ? loggedRules(JSON.parse(body.text) as JsonObject) : { kind: 'accept', statuses: [201, 200, 409] })),
        ),
      );
    }
    case 'record-outcome':
      return fc.tuple(common, idCase(INSPECTION_IDS)).chain(([parts, id]) => {
        const processes = id.id !== undefined && Object.hasOwn(OUTCOME_OF_FIXTURE, id.id) ? OUTCOME_OF_FIXTURE[id.id]! : (['full-inspection'] as OutcomeProcess[]);
        return fc
          .constantFrom(...processes)
          .chain((process) => bodyCase(outcome(process), outcomeMutation))
          .map((body) => build(parts, body, id, () => ({ kind: 'accept', statuses: [200, 409], ruleFields: OUTCOME_KEYS })));
      });
    case 'amend-outcome':
      // The fixtures have no outcome recorded: a valid amendment is refused 409 (nothing to amend) unless the rules refuse it first.
      return fc.tuple(common, idCase(INSPECTION_IDS)).chain(([parts, id]) => {
        const processes = id.id !== undefined && Object.hasOwn(OUTCOME_OF_FIXTURE, id.id) ? OUTCOME_OF_FIXTURE[id.id]! : (['full-inspection'] as OutcomeProcess[]);
        const amendable = processes.filter((process) => process !== 'assurance-visit' && process !== 'monitoring-visit');
        return fc
          .constantFrom(...(amendable.length > 0 ? amendable : (['full-inspection'] as OutcomeProcess[])))
          .chain((process) =>
            bodyCase(
              outcome(process).map((body) => ({ ...body, reason: 'Quality assurance moderated the evidence.', registeredManagerCalledOn: '2026-12-22' })),
              outcomeMutation,
            ),
          )
          .map((body) => build(parts, body, id, () => ({ kind: 'accept', statuses: [200, 409], ruleFields: AMENDMENT_KEYS })));
      });
    case 'record-call':
      return fc.tuple(common, idCase([FIXTURE_IDS.alerted])).chain(([parts, id]) =>
        bodyCase(phoneCall(AUTHORITY_CODES, CALLED_AROUND_NOW), phoneCallMutation).map((body) =>
          build(parts, body, id, () => (body.kind === 'valid' ? callRules(JSON.parse(body.text) as JsonObject) : { kind: 'accept', statuses: [201, 200] })),
        ),
      );
    case 'record-report-copy':
      // No fixture's report is final (no notice that a copy is coming was sent): a valid copy is refused naming
      // recipientKey (400), or no such inspection (404).
      return fc.tuple(common, idCase(INSPECTION_IDS)).chain(([parts, id]) =>
        bodyCase(
          fc.record({
            recipientKey: fc.stringMatching(/^[0-9a-f]{16}$/).map((hex) => `placer:${hex}`),
            sentOn: fc.constantFrom('2026-12-22', '2026-12-23'),
            how: fc.constantFrom('email', 'post', 'by-hand'),
          }),
          undefined,
        ).map((body) => build(parts, body, id, () => ({ kind: 'accept', statuses: [400, 404] }))),
      );
    case 'change-next-visit-window':
      // No fixture has a monitoring visit begun by further monitoring: refused naming a field (400), no window to
      // change (409), or no such inspection (404).
      return fc.tuple(common, idCase(INSPECTION_IDS)).chain(([parts, id]) =>
        bodyCase(
          fc
            .integer({ min: 1, max: 26 })
            .chain((earliestWeeks) => fc.record({ earliestWeeks: fc.constant(earliestWeeks), latestWeeks: fc.integer({ min: earliestWeeks, max: 26 }), reason: fc.constant('Concerns need an earlier return.') })),
          undefined,
        ).map((body) => build(parts, body, id, () => ({ kind: 'accept', statuses: [400, 404, 409] }))),
      );
    case 'withdraw-inspection':
      // Withdrawing a fixture would change what the other routes answer: valid reasons go to an inspection never logged
      // (404); a body that is not one is refused naming its field (400) before the inspection is read.
      return fc.tuple(common, idCase(['fz-never-logged'])).chain(([parts, id]) =>
        bodyCase(fc.record({ reason: fc.constantFrom('Logged against the wrong home.', 'Logged twice by mistake.') }), undefined).map((body) =>
          build(parts, body, id, () => ({ kind: 'accept', statuses: [404] })),
        ),
      );
    case 'correct-children':
      // Correcting a fixture would change what the other routes answer: valid corrections go to an inspection never
      // logged (404); a body that is not one is refused naming its field (400) before the inspection is read.
      return fc.tuple(common, idCase(['fz-never-logged'])).chain(([parts, id]) =>
        bodyCase(
          fc.record({
            children: fc.array(
              fc.record({ initials: fc.constantFrom('JT', 'AB', 'K'), placement: fc.constantFrom(...AUTHORITY_CODES).map((code) => ({ lookedAfter: true, placingAuthority: code })) }),
              { maxLength: 3 },
            ),
            reason: fc.constantFrom('The placing authority was logged wrongly.', 'A child left before the inspection.'),
          }),
          undefined,
        ).map((body) => build(parts, body, id, () => ({ kind: 'accept', statuses: [404] }))),
      );
    case 'record-step':
      // Any step of any fixture on any day: recorded (200), refused naming a field (400), not the caller's (403),
      // not a step of the inspection (404) or a different day already recorded (409).
      return fc
        .tuple(common, idCase(INSPECTION_IDS), fc.constantFrom('report-to-provider', 'publish', 'visit-end', 'dcs-alert', 'no-such-step'))
        .chain(([parts, id, stepId]) =>
          bodyCase(fc.record({ on: fc.constantFrom('2026-12-22', '2027-01-04', '2027-01-05', '2027-01-06', '2030-01-01') }), undefined).map((body) =>
            build(parts, body, id, () => ({ kind: 'accept', statuses: [200, 400, 403, 404, 409] }), {
              pathParameters: id.id === undefined ? null : { id: id.id, stepId },
            }),
          ),
        );
    case 'decide-approval':
      // The family centre's case discussion is a compliance inspector's (RFC §42-44): refused to these users first.
      return fc.tuple(common, idCase(APPROVAL_IDS.filter((approvalId) => APPROVALS.find((approval) => approval.id === approvalId)?.kind !== 'rfc-case-discussion'))).chain(([parts, id]) => {
        const kind = APPROVALS.find((approval) => approval.id === id.id)?.kind ?? 'case-review';
        return bodyCase(decision(kind), (body) => decisionMutation(body, kind)).map((body) =>
          build(parts, body, id, () => ({ kind: 'accept', statuses: [200, 409, 410] })),
        );
      });
    case 'get-inspection':
    case 'list-notifications':
      return fc
        .tuple(common, idCase(INSPECTION_IDS), fc.option(anyBody, { nil: undefined }))
        .map(([parts, id, body]) => build(parts, body, id, () => ({ kind: 'accept', statuses: [200] })));
    case 'list-approvals':
      return fc
        .tuple(common, fc.option(anyBody, { nil: undefined }))
        .map(([parts, body]) => build(parts, body, undefined, () => ({ kind: 'accept', statuses: [200] })));
    case 'list-inspections':
      return fc
        .tuple(common, listQuery, fc.option(anyBody, { nil: undefined }))
        .map(([parts, query, body]) =>
          build(
            parts,
            body,
            undefined,
            () =>
              query.invalid.length > 0
                ? { kind: 'reject', status: 400, fields: query.invalid, why: `query ${JSON.stringify(query.query).slice(0, 80)}` }
                : query.forgedCursor
                  ? { kind: 'reject', status: 400, fields: ['cursor'], why: 'a cursor this list never returned' }
                  : { kind: 'accept', statuses: [200] },
            { query: query.query },
          ),
        );
    case 'list-establishments':
    case 'inspection-plan':
      // Random bodies are ignored on a GET; the register is empty in the fuzz table.
      return fc
        .tuple(common, fc.option(anyBody, { nil: undefined }))
        .map(([parts, body]) => build(parts, body, undefined, () => ({ kind: 'accept', statuses: [200] })));
    case 'get-establishment':
      return fc
        .tuple(common, fc.option(anyBody, { nil: undefined }), fc.constantFrom('SC999999', 'import', '', 'x'.repeat(300)))
        .map(([parts, body, urn]) =>
          build(parts, body, undefined, () => ({ kind: 'accept', statuses: [404] }), { pathParameters: { urn } }),
        );
    case 'add-establishment':
    case 'log-establishment-inspection':
    case 'change-establishment':
    case 'import-register':
      // Random bodies: refused naming a field (400), or about an establishment not on the register (404).
      return fc
        .tuple(common, anyBody)
        .map(([parts, body]) =>
          build(parts, body, undefined, () => ({ kind: 'accept', statuses: [400, 404] }), { pathParameters: { urn: 'SC999999' } }),
        );
    case 'record-enforcement-action':
    case 'change-enforcement-action':
    case 'list-enforcement-actions':
      // Random bodies: refused naming a field (400), or about an establishment not on the register (404).
      return fc
        .tuple(common, fc.option(anyBody, { nil: undefined }))
        .map(([parts, body]) =>
          build(parts, body, undefined, () => ({ kind: 'accept', statuses: [400, 404] }), { pathParameters: { urn: 'SC999999', actionId: 'x--suspension--2026-12-01' } }),
        );
    case 'record-requirement':
    case 'mark-requirement-met':
    case 'list-requirements':
      // Random bodies: refused naming a field (400), or about an inspection that does not exist (404).
      return fc
        .tuple(common, fc.option(anyBody, { nil: undefined }))
        .map(([parts, body]) =>
          build(parts, body, undefined, () => ({ kind: 'accept', statuses: [400, 404] }), { pathParameters: { id: 'no-such-inspection', requirementId: 'R-0123456789ab' } }),
        );
    case 'web':
    case 'web-approvals':
    case 'web-corrections':
    case 'web-register':
    case 'web-api-reference':
      throw new Error('the web pages have their own property');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// GET /inspections: query strings

const QUERY_VALUES = {
  status: { valid: ['awaiting-outcome', 'in-progress', 'awaiting-approval', 'complete', 'failed'], invalid: ['done', 'Complete', ''] },
  process: { valid: ['assurance-visit', 'full-inspection', 'interim-inspection', 'rfc-inspection'], invalid: ['inadequate', 'monitoring-visit', 'x'] },
  risk: { valid: ['overdue', 'due-soon', 'on-track', 'complete'], invalid: ['late', 'OVERDUE'] },
  limit: { valid: ['1', '5', '50', '100', '007'], invalid: ['0', '101', '-1', '1.5', 'ten', '', '99999', '1e2', ' 5'] },
} as const;

const listQuery = fc
  .record({
    known: fc.subarray(Object.keys(QUERY_VALUES) as (keyof typeof QUERY_VALUES)[]),
    invalidKeys: fc.subarray(Object.keys(QUERY_VALUES) as (keyof typeof QUERY_VALUES)[]),
    pick: fc.nat(),
    unknown: fc.option(
      fc.tuple(
        fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'Status'), anyText).filter((key) => key !== '' && !['status', 'process', 'risk', 'limit', 'cursor'].includes(key)),
        anyText,
      ),
      { nil: undefined },
    ),
    cursor: fc.option(fc.oneof(anyText.filter((text) => text !== ''), fc.constant('c'.repeat(5000))), { nil: undefined }),
  })
  .map(({ known, invalidKeys, pick, unknown, cursor }) => {
    const query: Record<string, string> = {};
    const invalid: string[] = [];
    for (const key of known) {
      const bad = invalidKeys.includes(key);
      const values: readonly string[] = bad ? QUERY_VALUES[key].invalid : QUERY_VALUES[key].valid;
      query[key] = values[pick % values.length]!;
      if (bad) invalid.push(key);
    }
    if (unknown) {
      Object.defineProperty(query, unknown[0], { value: unknown[1], enumerable: true, writable: true, configurable: true });
      invalid.push(unknown[0]);
    }
    if (cursor !== undefined) {
      query.cursor = cursor;
      if (cursor.length > 4096) invalid.push('cursor');
    }
    return { query, invalid, forgedCursor: cursor !== undefined };
  });

// ---------------------------------------------------------------------------------------------------------------
// The properties

const JSON_ROUTES = ROUTES.filter((target) => !isWebHandler(target));

describe.each(JSON_ROUTES.map((target) => [target.id, target] as const))('%s: random requests', (id, target) => {
  it(
    `answers every one of ${FUZZ_RUNS} random requests with the right 4xx (naming the field), never a 5xx, never a partial record`,
    async () => {
      await seed();
      await fc.assert(
        fc.asyncProperty(randomRequest(target), async ({ request, expectation, context }) => {
          await compact();
          await checkRequest(request, expectation, context);
        }),
        checkOptions(FUZZ_RUNS),
      );
      expect(id).toBe(target.id);
    },
    timeLimit(FUZZ_RUNS),
  );
});

describe('web: random pages, methods, forms and claims', () => {
  const PAGES = [
    '',
    'inspections',
    'inspections/new',
    `inspections/${FIXTURE_IDS.full}`,
    `inspections/${FIXTURE_IDS.full}/outcome`,
    `inspections/${FIXTURE_IDS.assurance}/outcome`,
    `inspections/${FIXTURE_IDS.alerted}/calls`,
    'approvals',
    ...APPROVAL_IDS.map((id) => `approvals/${id}`),
    '_local/clock',
  ];
  const FORM_FIELDS = ['process', 'idempotencyKey', 'decision', 'rationale', 'authorityCode', 'calledAt', 'spokeTo', 'outcome', 'overall', 'day1', 'children', 'initials', 'days', 'to'];
  const form = fc.oneof(
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...FORM_FIELDS), anyText), fc.oneof(anyText, initials, instant, fc.constantFrom('2027-02-30', 'qx', 'monitoring-visit'))), { maxLength: 8 })
      .map((pairs) => new URLSearchParams(pairs).toString()),
    anyText,
    fc.constant(null),
    fc.constantFrom(...OVER_THE_LIMIT.filter((over) => over <= 1_000)).map((over) => hugeBody('form', over)),
  );
  const page = fc.oneof({ arbitrary: fc.constantFrom(...PAGES), weight: 3 }, { arbitrary: fc.tuple(fc.constantFrom(...PAGES), forgedId).map(([path, id]) => `${path}/${id}`), weight: 1 }, { arbitrary: forgedId, weight: 1 });
  const web = route('web');

  it(
    `answers every one of ${FUZZ_RUNS} random requests without a 5xx, and a refused one leaves no partial record`,
    async () => {
      await seed();
      await fc.assert(
        fc.asyncProperty(
          fc.record({ auth: authCase(web), page, method: fc.constantFrom('GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE'), form, base64: fc.boolean() }),
          async ({ auth, page: path, method, form: body, base64 }) => {
            await compact();
            const context = `web ${method} /app/${path.slice(0, 60)} [${auth.kind === 'forged' ? auth.how : 'signed in'}]`;
            // The Lambda of the page's area, as API Gateway routes it (every other /app path: `web`).
            const area = matchRoute(method, `/app/${path}`);
            const target = area && isWebHandler(area.route) ? area : { route: web, resourcePath: web.path, pathParameters: { proxy: path } };
            const answer = await send({
              route: target.route,
              method,
              path: `/app/${path}`,
              resourcePath: target.resourcePath,
              pathParameters: target.pathParameters,
              body,
              base64: base64 && body !== null,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              authorizer: auth.authorizer,
            });
            // The pages never read authorizer claims (their session is a cookie, issue 13): any claims, forged or not,
            // are answered as to someone signed out.
            expect([302, 303, 401, 403, 404, 405, 413], context).toContain(answer.status);
            if (answer.status >= 400) await expectUnchanged(`${context} → ${answer.status}`);
            else await acceptChanges();
          },
        ),
        checkOptions(FUZZ_RUNS),
      );
    },
    timeLimit(FUZZ_RUNS),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Valid-shaped requests, each with one field broken

const signedIn = (user: User) => ({
  claims: { sub: user.id, email: user.email, name: user.name, 'cognito:groups': user.groups.join(',') },
});

const postText = (id: ApiHandlerId, pathParameters: Record<string, string> | null, text: string, user: User) =>
  send({ route: route(id), pathParameters, body: text, authorizer: signedIn(user) });
const post = (id: ApiHandlerId, pathParameters: Record<string, string> | null, body: Json, user: User) => postText(id, pathParameters, JSON.stringify(body), user);

async function rejectsMutation(id: ApiHandlerId, pathParameters: Record<string, string> | null, mutation: Mutation, user: User): Promise<void> {
  const context = `${id}: ${mutation.how} at ${mutation.field}`;
  const text = JSON.stringify(mutation.body);
  const answer = await postText(id, pathParameters, text, user);
  const status = mutation.status ?? (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES ? 413 : 400);
  check(answer, { kind: 'reject', status, fields: status === 400 ? [mutation.field] : [], why: mutation.how }, context);
  await expectUnchanged(context);
}

describe('valid-shaped requests', () => {
  it(
    `POST /inspections: ${FUZZ_VALID_RUNS} valid inspections are logged once (201, replay 200, other body 409); each broken at one field is refused naming it`,
    async () => {
      await seed();
      let counter = 0;
      await fc.assert(
        fc.asyncProperty(
          loggedInspection(AUTHORITY_CODES, DATES_AROUND_NOW).chain((body) => fc.tuple(fc.constant(body), loggedInspectionMutation(body), fc.constantFrom(INSPECTOR, INSPECTING_MANAGER))),
          async ([generated, mutation, user]) => {
            await compact();
            counter += 1;
            const body: JsonObject = { ...generated, idempotencyKey: `${String(generated.idempotencyKey).slice(0, 100)}-${counter}` };
            await rejectsMutation('log-inspection', null, mutation, user);

            const rules = loggedRules(body);
            const first = await post('log-inspection', null, body, user);
            if (rules.kind === 'reject') {
              check(first, rules, 'log-inspection on a weekend or bank holiday, or more than a year from today');
              await expectUnchanged('log-inspection on a day that is not a working day, or more than a year from today');
              return;
            }
            expect(first.status, first.raw.slice(0, 300)).toBe(201);
            expect(first.json.id).toMatch(/^insp-[0-9a-f]{20}$/);
            expect(first.raw).not.toContain(String((body.provider as JsonObject).email));
            for (const child of body.children as { initials: string }[]) expect(first.raw).not.toMatch(new RegExp(`"${child.initials}"`));
            await acceptChanges();

            const replay = await post('log-inspection', null, body, user);
            expect(replay.status).toBe(200);
            expect(replay.json.id).toBe(first.json.id);
            const other = await post('log-inspection', null, { ...body, provider: { name: 'Someone Else Ltd', email: 'else@else.example' } }, user);
            check(other, { kind: 'reject', status: 409, why: 'same key, other body' }, 'log-inspection conflicting replay');
            await expectUnchanged('a conflicting replay');
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );

  it(
    `POST /inspections/{id}/outcome: ${FUZZ_VALID_RUNS} valid outcomes are recorded once and resume the run without free text; each broken at one field is refused naming it`,
    async () => {
      await seed();
      let counter = 0;
      const processes: OutcomeProcess[] = ['full-inspection', 'interim-inspection', 'rfc-inspection', 'assurance-visit', 'monitoring-visit'];
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...processes)
            .chain((process) => outcome(process))
            .chain((body) =>
              fc.tuple(fc.constant(body), outcomeMutation(body), fc.boolean(), outcome(body.process === 'rfc-inspection' ? 'interim-inspection' : 'rfc-inspection')),
            ),
          async ([generated, mutation, waiting, wrongBody]) => {
            await compact();
            counter += 1;
            // A summary the run's output can be searched for.
            const body: JsonObject =
              typeof generated.summaryOfConcerns === 'string' ? { ...generated, summaryOfConcerns: `Summary marker: ${generated.summaryOfConcerns}` } : generated;
            const id = `fz-outcome-${counter}`;
            const process = body.process as OutcomeProcess;
            const logged = process === 'monitoring-visit' ? 'full-inspection' : process;
            await repository().createInspection(
              fixtureInspection(id, {
                process: logged,
                ...(logged === 'assurance-visit'
                  ? { dates: { day1: parseLocalDate('2026-12-21') }, establishment: { urn: 'SC333333', name: 'Oak', kind: 'secure-childrens-home', hostAuthority: 'E09000007' } }
                  : {}),
                ...(logged === 'rfc-inspection'
                  ? { establishment: { urn: 'SC222222', name: 'Rowan', kind: 'residential-family-centre', hostAuthority: 'E09000007' } }
                  : {}),
                ...(process === 'monitoring-visit'
                  ? { followUps: { 'monitoring-visit': { executionName: `${id}--monitoring-visit`, startedAt: NOW, origin: 'inadequate' } } }
                  : {}),
              }),
            );
            const token = `AQCEAAAA-outcome-token-${counter}`;
            if (waiting) {
              TOKENS.add(token);
              await repository().storeOutcomeToken(id, process, token, NOW);
            }
            baseline = await environment.baseline();
            environment.sfn.resetHistory();

            await rejectsMutation('record-outcome', { id }, mutation, INSPECTOR);
            // Another process's outcome is refused naming `process`.
            const refused = await post('record-outcome', { id }, wrongBody, INSPECTOR);
            check(refused, { kind: 'reject', status: 400, fields: ['process'], why: 'the outcome of another process' }, 'record-outcome wrong process');
            await expectUnchanged('record-outcome with another process');

            const answer = await post('record-outcome', { id }, body, INSPECTOR);
            check(answer, { kind: 'accept', statuses: [200], ruleFields: OUTCOME_KEYS }, `record-outcome ${JSON.stringify(body).slice(0, 200)}`);
            if (answer.status === 400) {
              await expectUnchanged('an outcome the limiting rules refuse');
              return;
            }
            await acceptChanges();
            const resumed = environment.sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input as { taskToken?: string; output?: string });
            expect(resumed).toHaveLength(waiting ? 1 : 0);
            if (waiting) {
              expect(resumed[0]?.taskToken).toBe(token);
              // The run gets judgements and flags: never the summary of concerns.
              expect(resumed[0]?.output).not.toContain('Summary marker');
            }
            const again = await post('record-outcome', { id }, body, INSPECTOR);
            check(again, { kind: 'reject', status: 409, why: 'already recorded' }, 'record-outcome twice');
            await acceptChanges();
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );

  it(
    `POST /inspections/{id}/calls: ${FUZZ_VALID_RUNS} valid calls are stored once (201, then 200); each broken at one field is refused naming it`,
    async () => {
      await seed();
      await fc.assert(
        fc.asyncProperty(
          phoneCall(AUTHORITY_CODES, CALLED_AROUND_NOW).chain((body) => fc.tuple(fc.constant(body), phoneCallMutation(body))),
          async ([body, mutation]) => {
            await compact();
            const pathParameters = { id: FIXTURE_IDS.alerted };
            await rejectsMutation('record-call', pathParameters, mutation, INSPECTOR);
            const rules = callRules(body);
            const answer = await post('record-call', pathParameters, body, INSPECTOR);
            if (rules.kind === 'reject') {
              check(answer, rules, `record-call ${JSON.stringify(body)}`);
              await expectUnchanged('a call that cannot be recorded');
              return;
            }
            check(answer, { kind: 'accept', statuses: [201, 200] }, 'record-call');
            await acceptChanges();
            const again = await post('record-call', pathParameters, body, INSPECTOR);
            expect(again.status).toBe(200);
            expect(again.json.created).toBe(false);
            await expectUnchanged('the same call posted twice');
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );

  it(
    `POST /approvals/{id}/decision: ${FUZZ_VALID_RUNS} valid decisions are recorded once (replay 200, another 409, own inspection 403); each broken at one field is refused naming it`,
    async () => {
      await seed();
      let counter = 0;
      await fc.assert(
        fc.asyncProperty(
          // The family centre's case discussion is a compliance inspector's (RFC framework §42-44); the rest, managers'.
          fc.constantFrom(...APPROVAL_KINDS.filter((kind) => kind !== 'rfc-case-discussion')).chain((kind) =>
            decision(kind).chain((body) => fc.tuple(fc.constant(kind), fc.constant(body), decisionMutation(body, kind), fc.constantFrom('inspector', 'logger', 'neither'))),
          ),
          async ([kind, body, mutation, own]) => {
            await compact();
            counter += 1;
            const inspectionId = `fz-decided-${counter}`;
            const approvalId = `fz-apr-${counter}`;
            await repository().createInspection(
              fixtureInspection(inspectionId, {
                inspectorId: own === 'inspector' ? INSPECTING_MANAGER.id : INSPECTOR.id,
                loggedBy: own === 'logger' ? INSPECTING_MANAGER.id : INSPECTOR.id,
              }),
            );
            await openApproval(approvalId, inspectionId, kind);
            baseline = await environment.baseline();
            environment.sfn.resetHistory();

            await rejectsMutation('decide-approval', { id: approvalId }, mutation, MANAGER);
            if (own !== 'neither') {
              const refused = await post('decide-approval', { id: approvalId }, body, INSPECTING_MANAGER);
              check(refused, { kind: 'reject', status: 403, why: `the manager is the inspection's ${own}` }, 'deciding on one’s own inspection');
              await expectUnchanged('a refused decision on one’s own inspection');
            }
            const decided = await post('decide-approval', { id: approvalId }, body, MANAGER);
            expect(decided.status, decided.raw).toBe(200);
            expect(decided.json).toEqual({ approvalId, decision: body.decision, delivered: true });
            await acceptChanges();
            const resumed = environment.sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input as { taskToken?: string; output?: string });
            expect(resumed).toHaveLength(1);
            expect(resumed[0]?.taskToken).toBe(tokenFor(approvalId));

            const replay = await post('decide-approval', { id: approvalId }, body, MANAGER);
            expect(replay.status).toBe(200);
            const other = (APPROVAL_OPTIONS[kind] as readonly string[]).find((option) => option !== body.decision)!;
            const changed = await post('decide-approval', { id: approvalId }, { ...body, decision: other }, MANAGER);
            check(changed, { kind: 'reject', status: 409, why: 'already decided' }, 'a second, different decision');
            await expectUnchanged('a second, different decision');
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );

  it(
    `GET routes: ${FUZZ_VALID_RUNS} reads of existing and unknown records answer 200 or 404 and change nothing`,
    async () => {
      await seed();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<ApiHandlerId>('get-inspection', 'list-notifications', 'list-inspections', 'list-approvals'),
          fc.oneof(fc.constantFrom(...INSPECTION_IDS), recordId),
          fc.constantFrom(INSPECTOR, MANAGER, INSPECTING_MANAGER),
          fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          async (id, recordIdValue, user, limit) => {
            const target = route(id);
            if (!target.groups.some((group) => (user.groups as readonly string[]).includes(group))) return;
            const existing = (INSPECTION_IDS as readonly string[]).includes(recordIdValue);
            const hasId = target.path.includes('{id}');
            const answer = await send({
              route: target,
              pathParameters: hasId ? { id: recordIdValue } : null,
              query: limit === undefined ? null : { limit: String(limit) },
              body: null,
              authorizer: signedIn(user),
            });
            expect(answer.status, answer.raw.slice(0, 300)).toBe(hasId && !existing ? 404 : 200);
            if (id === 'get-inspection' && answer.status === 200) {
              // Placers' contact details and the provider's address stay in the record.
              expect(answer.raw).not.toContain('pat.parent@family.example');
              expect(answer.raw).not.toContain('ri@willow.example');
            }
            if (id === 'list-inspections' && answer.json.cursor) {
              const next = await send({ route: target, pathParameters: null, query: { cursor: answer.json.cursor, limit: String(limit ?? 1) }, body: null, authorizer: signedIn(user) });
              expect(next.status).toBe(200);
            }
            await expectUnchanged(`${id} read`);
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Dependency failures: the only 5xx

describe('a failing dependency', () => {
  it(
    `is the only way to a 5xx: ${FUZZ_VALID_RUNS} inspections logged while Step Functions fails answer a 500 that says nothing, and a retry heals the run`,
    async () => {
      await seed();
      let counter = 0;
      await fc.assert(
        fc.asyncProperty(
          loggedInspection(AUTHORITY_CODES, DATES_AROUND_NOW).filter((body) => loggedRules(body).kind === 'accept'),
          fc.constantFrom('ServiceUnavailable', 'ThrottlingException', 'InternalServerError', 'TypeError'),
          async (generated, errorName) => {
            await compact();
            counter += 1;
            const body = { ...generated, idempotencyKey: `failing-dependency-${counter}` };
            environment.sfn.on(StartExecutionCommand).rejects(Object.assign(new Error(`injected ${errorName}`), { name: errorName }));
            const failed = await send({ route: route('log-inspection'), pathParameters: null, body: JSON.stringify(body), authorizer: signedIn(INSPECTOR) }, { failureInjected: true });
            expect(failed.status).toBe(500);
            expect(failed.json).toEqual({ error: 'InternalError', message: 'Something went wrong; the error was logged' });
            acceptEverything(environment);
            const retried = await post('log-inspection', null, body, INSPECTOR);
            expect(retried.status).toBe(200);
            expect(environment.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
            await acceptChanges();
          },
        ),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );
});
