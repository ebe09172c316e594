/**
 * Property-based fuzzing of every step handler (functions/handlers.ts), called as Step Functions calls them, against a
 * real DynamoDB API (dynalite) with SES and Step Functions mocked at the SDK client.
 *
 * For every step, FUZZ_RUNS random payloads (any value at all, and the step's own fields each valid, invalid or
 * missing, with unknown fields) and FUZZ_VALID_RUNS valid-shaped payloads naming records in every state the
 * workflows reach. Properties:
 *
 *   - a step throws only named errors (ValidationError naming each offending field, NotFoundError, ConflictError,
 *     EmailSendError, ...), never a TypeError or any other accident: Step Functions routes on the error's name;
 *   - a payload with any invalid field is refused with a ValidationError that names every one of them;
 *   - a refused payload (ValidationError, NotFoundError) leaves the table exactly as it was: no partial record;
 *   - what a step returns (its output lands in the execution history) holds no address, no name, no initials and
 *     no summary of concerns, and never a task token.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import { parseLocalDate } from '../../functions/core/calendar';
import type { InspectionRecord, RecordedDecision } from '../../functions/core/inspection';
import { PROCESSES, type ProcessId } from '../../functions/core/regulations';
import { APPROVAL_KINDS, APPROVAL_OPTIONS, OUTCOME_PROCESSES, type ApprovalKind } from '../../functions/core/schemas';
import { approvalIdFor } from '../../functions/core/approvals';
import { VISIT_WINDOWS } from '../../functions/core/return-visits';
import { HANDLERS, handlerEntry, type StepHandlerId } from '../../functions/handlers';
import { inspectionRecord, newEmail } from '../adapters/inspection-fixtures';
import { anyText, instant, recordId } from './arbitraries';
import { checkOptions, quietRun, FUZZ_RUNS, FUZZ_VALID_RUNS, startFuzzEnvironment, timeLimit, type FuzzEnvironment, type TableSnapshot } from './fuzz-harness';

const NOW = '2027-01-05T10:00:00.000Z';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: records in the states the workflows reach, with personal data a step must never hand back

const SUMMARY = 'Staff did not follow the safeguarding policy after two incidents of self-harm.';
const PERSONAL = ['QX', 'ZJ', 'pat.parent@family.example', 'ri@willow.example', 'Pat Parent', SUMMARY, 'Rationale kept in the table'];

const CHILDREN: InspectionRecord['children'] = [
  { initials: 'QX', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
  { initials: 'ZJ', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat.parent@family.example' } } },
];

const SECURE = { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' } as const;

function decisionOf(inspectionId: string, process: ProcessId, kind: ApprovalKind, decision: string): RecordedDecision {
  return {
    approvalId: approvalIdFor(inspectionId, process, kind),
    kind,
    decision: decision as RecordedDecision['decision'],
    rationale: 'Rationale kept in the table',
    decidedBy: 'manager-1',
    decidedAt: '2027-01-04T10:00:00.000Z',
  };
}

const FIXTURES: InspectionRecord[] = [
  inspectionRecord({
    id: 'st-full-inadequate',
    executionName: 'st-full-inadequate--full-inspection',
    children: CHILDREN,
    status: 'in-progress',
    outcome: {
      outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: SUMMARY },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T16:00:00.000Z',
    },
    followUps: { inadequate: { executionName: 'st-full-inadequate--inadequate', startedAt: '2026-12-22T16:00:00.000Z', origin: 'full-inspection' } },
  }),
  inspectionRecord({
    id: 'st-secure-pathway',
    executionName: 'st-secure-pathway--full-inspection',
    establishment: SECURE,
    children: CHILDREN,
    status: 'in-progress',
    outcome: {
      outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: SUMMARY },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T16:00:00.000Z',
    },
    monitoringOutcome: {
      outcome: { process: 'monitoring-visit', outcome: 'full-inspection', visitDate: parseLocalDate('2027-01-04'), summaryOfConcerns: SUMMARY },
      recordedBy: 'inspector-1',
      recordedAt: '2027-01-04T16:00:00.000Z',
    },
    decisions: { 'case-review': decisionOf('st-secure-pathway', 'inadequate', 'case-review', 'monitoring-visit') },
    followUps: {
      inadequate: { executionName: 'st-secure-pathway--inadequate', startedAt: '2026-12-22T16:00:00.000Z', origin: 'full-inspection' },
      'monitoring-visit': { executionName: 'st-secure-pathway--monitoring-visit', startedAt: '2026-12-23T16:00:00.000Z', origin: 'inadequate' },
    },
  }),
  inspectionRecord({
    id: 'st-assurance-serious',
    process: 'assurance-visit',
    executionName: 'st-assurance-serious--assurance-visit',
    establishment: SECURE,
    dates: { day1: parseLocalDate('2026-12-21') },
    children: CHILDREN,
    status: 'in-progress',
    outcome: {
      outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, concernsSerious: true, summaryOfConcerns: SUMMARY },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-23T16:00:00.000Z',
    },
    decisions: { 'case-review': decisionOf('st-assurance-serious', 'assurance-visit', 'case-review', 'monitoring-visit') },
  }),
  inspectionRecord({
    id: 'st-assurance-clear',
    process: 'assurance-visit',
    executionName: 'st-assurance-clear--assurance-visit',
    establishment: SECURE,
    dates: { day1: parseLocalDate('2026-12-21') },
    children: CHILDREN,
  }),
  inspectionRecord({
    id: 'st-interim-declined',
    process: 'interim-inspection',
    executionName: 'st-interim-declined--interim-inspection',
    children: CHILDREN,
    status: 'awaiting-approval',
    outcome: {
      outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: SUMMARY },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T16:00:00.000Z',
    },
    decisions: {
      'interim-case-review': decisionOf('st-interim-declined', 'interim-inspection', 'interim-case-review', 'inadequate-pathway-without-alerting-las'),
    },
  }),
  inspectionRecord({
    id: 'st-rfc',
    process: 'rfc-inspection',
    executionName: 'st-rfc--rfc-inspection',
    establishment: { urn: 'SC222222', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
    children: CHILDREN,
  }),
];
const FIXTURE_IDS = FIXTURES.map((record) => record.id);

/** Task tokens handed to the steps: never in an output. */
const TOKENS = new Set<string>();

/** The fixtures, written by the repository into the emptied table (once: environment.reseed puts them back after). */
async function writeFixtures(): Promise<void> {
  const store = repository();
  for (const record of FIXTURES) await store.createInspection(record);
  // The DCS alert of the inadequate full inspection, sent (the provider copy forwards it; SES reports on it).
  const alert = newEmail({
    inspectionId: 'st-full-inadequate',
    recipientKey: 'la:E08000003',
    to: 'dcs@manchester.la.example',
    recipient: { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', roles: ['placing'] },
    createdAt: '2026-12-23T09:00:00.000Z',
  });
  await store.claimEmail(alert);
  await store.markEmailSent(alert, 'st-message-1', '2026-12-23T09:00:00.000Z');
  // Approvals: one pending, one decided for each fixture decision.
  for (const record of FIXTURES) {
    for (const [kind, recorded] of Object.entries(record.decisions) as [ApprovalKind, RecordedDecision][]) {
      const process: ProcessId = record.process === 'full-inspection' ? 'inadequate' : record.process;
      const taskToken = `AQCEAAAA-st-${recorded.approvalId}-token==`;
      TOKENS.add(taskToken);
      await store.openApproval({ approvalId: recorded.approvalId, inspectionId: record.id, process, kind, stepId: 'case-review', dueAt: NOW, taskToken, now: NOW });
      await store.decideApproval(recorded.approvalId, { expectedToken: taskToken, decision: recorded });
    }
  }
  const pendingToken = 'AQCEAAAA-st-pending-token==';
  TOKENS.add(pendingToken);
  await store.openApproval({
    approvalId: approvalIdFor('st-full-inadequate', 'inadequate', 'case-review'),
    inspectionId: 'st-full-inadequate',
    process: 'inadequate',
    kind: 'case-review',
    stepId: 'case-review',
    dueAt: NOW,
    taskToken: pendingToken,
    now: NOW,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Field specifications, written from what each step's payload means (not read from its zod schema)

interface Field {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
  optional?: boolean;
}

interface StepSpec {
  fields: Record<string, Field>;
  /** Unknown fields are refused (every step but record-email-event, whose event is AWS's). */
  strict: boolean;
  /** A rule across fields the schema checks: the field it names when the generated values break it. */
  crossField?: (payload: Record<string, unknown>) => string | undefined;
}

const PROCESS_IDS = Object.keys(PROCESSES) as ProcessId[];
const STEP_IDS = [...new Set(PROCESS_IDS.flatMap((process) => PROCESSES[process].steps.map((step) => step.id)))];

const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }));
const textOtherThan = (allowed: readonly string[]) => fc.oneof(anyText, fc.constantFrom('', ' ', 'INADEQUATE', 'full_inspection')).filter((text) => !allowed.includes(text));

const inspectionId: Field = {
  valid: fc.oneof({ arbitrary: fc.constantFrom(...FIXTURE_IDS), weight: 5 }, { arbitrary: recordId, weight: 1 }),
  invalid: fc.oneof(fc.constantFrom('', 'x'.repeat(129), 'has space', 'INSPECTION#st-rfc', '../st-rfc', 'st-rfc\n', 'ünïcode'), notString),
};
const enumField = (values: readonly string[]): Field => ({ valid: fc.constantFrom(...values), invalid: fc.oneof(textOtherThan(values), notString) });
const processField = (values: readonly string[] = PROCESS_IDS) => enumField(values);
const stepId: Field = {
  valid: fc.oneof({ arbitrary: fc.constantFrom(...STEP_IDS), weight: 5 }, { arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/), weight: 1 }),
  invalid: fc.oneof(fc.constantFrom('', 'Report-to-provider', 'report--to', '-report', 'report-', 'report_to', 'report to', 'ré'), notString),
};
/** Shaped like a real token (base64 text, longer than any word a step could echo): registered to be looked for. */
const taskToken: Field = {
  valid: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('')), minLength: 16, maxLength: 120 }).map((text) => {
    const token = `AQCE${text}`;
    TOKENS.add(token);
    return token;
  }),
  invalid: fc.oneof(fc.constant(''), fc.constant('t'.repeat(2049)), notString),
};
const dueAt: Field = { valid: instant, invalid: fc.oneof(fc.constantFrom('2027-01-05', '2027-01-05T10:00:00', 'tomorrow', '', '2027-02-30T10:00:00Z'), notString) };
const seconds: Field = {
  valid: fc.integer({ min: 1, max: 40_000_000 }),
  invalid: fc.oneof(fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, '60', null), fc.double({ max: 0, noNaN: true })),
};
const literal = (value: string): Field => ({ valid: fc.constant(value), invalid: fc.oneof(textOtherThan([value]), notString) });

/** The decision a resumed approval wait carries (decisionOutput). */
const decision: Field = {
  valid: fc.record({
    approvalId: fc.oneof(
      fc.constantFrom(...FIXTURES.flatMap((record) => Object.values(record.decisions).map((recorded) => recorded.approvalId))),
      fc.constant(approvalIdFor('st-full-inadequate', 'inadequate', 'case-review')),
      recordId,
    ),
    decision: fc.constantFrom(...new Set(APPROVAL_KINDS.flatMap((kind) => APPROVAL_OPTIONS[kind]))),
    decidedAt: instant,
  }),
  invalid: fc.oneof(
    notString.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
    fc.record({ approvalId: fc.constant(''), decision: fc.constant('monitoring-visit'), decidedAt: instant }),
    fc.record({ approvalId: recordId, decision: fc.constantFrom('approve', 'yes', ''), decidedAt: instant }),
    fc.record({ approvalId: recordId, decision: fc.constant('monitoring-visit'), decidedAt: fc.constantFrom('2027-01-05', 'now') }),
    fc.record({ approvalId: recordId, decision: fc.constant('monitoring-visit') }),
    fc.record({ approvalId: recordId, decision: fc.constant('monitoring-visit'), decidedAt: instant, rationale: fc.constant('not part of the run any more') }),
  ),
};

const messageId = fc.oneof(fc.constant('st-message-1'), fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/));
const sesEvent: Field = {
  valid: fc
    .record({
      eventType: fc.oneof(fc.constantFrom('Delivery', 'Bounce', 'Complaint', 'Reject', 'Send', 'Open', 'DeliveryDelay'), fc.stringMatching(/^[a-z]{1,20}$/)),
      mail: fc.record({ messageId, timestamp: instant, destination: fc.constant(['dcs@manchester.la.example']) }),
      delivery: fc.option(fc.record({ timestamp: instant }), { nil: undefined }),
      bounce: fc.option(fc.record({ timestamp: instant, bounceType: fc.constant('Permanent') }), { nil: undefined }),
      complaint: fc.option(fc.record({ timestamp: instant }), { nil: undefined }),
    })
    .map((detail) => JSON.parse(JSON.stringify(detail)) as unknown),
  invalid: fc.oneof(
    notString,
    fc.record({ eventType: fc.constant(''), mail: fc.record({ messageId, timestamp: instant }) }),
    fc.record({ eventType: fc.constant('Delivery'), mail: fc.record({ messageId: fc.constantFrom('', 'has space', 'x'.repeat(257), 'a/b'), timestamp: instant }) }),
    fc.record({ eventType: fc.constant('Delivery'), mail: fc.record({ messageId, timestamp: fc.constantFrom('yesterday', '2027-01-05') }) }),
    fc.record({ eventType: fc.constant('Delivery'), mail: fc.record({ messageId, timestamp: instant }), delivery: fc.record({ timestamp: fc.constant('soon') }) }),
    fc.record({ eventType: fc.constant('Bounce') }),
  ),
};

const runEvent: Field = {
  valid: fc
    .record({
      executionArn: fc.constantFrom(
        'arn:aws:states:eu-west-2:111111111111:execution:sccif-rfc-inspection:st-rfc--rfc-inspection',
        'arn:aws:states:eu-west-2:111111111111:execution:sccif-inadequate:st-full-inadequate--inadequate',
      ),
      name: fc.oneof(
        fc.constantFrom('st-rfc--rfc-inspection', 'st-full-inadequate--inadequate', 'st-rfc--rfc-inspection--next-inspection-latest', 'unknown--full-inspection'),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
      ),
      status: fc.constantFrom('FAILED', 'TIMED_OUT', 'ABORTED'),
      input: fc.option(fc.oneof(fc.constantFrom('{"inspectionId":"st-rfc"}', '{}', 'not json', '{"inspectionId":"has space"}'), anyText), { nil: null }),
      error: fc.option(fc.oneof(fc.constantFrom('States.TaskFailed', 'States.Timeout'), anyText), { nil: null }),
    })
    .map((detail) => JSON.parse(JSON.stringify(detail)) as unknown),
  invalid: fc.oneof(
    notString,
    fc.record({ executionArn: fc.constant('not an arn'), name: fc.constant('x'), status: fc.constant('FAILED') }),
    fc.record({ executionArn: fc.constant('arn:aws:states:eu-west-2:1:execution:m:x'), name: fc.constant('x'), status: fc.constantFrom('SUCCEEDED', 'RUNNING', '') }),
    fc.record({ executionArn: fc.constant('arn:aws:states:eu-west-2:1:execution:m:x'), name: fc.constantFrom('', 'n'.repeat(81)), status: fc.constant('FAILED') }),
  ),
};

const VISITS = Object.keys(VISIT_WINDOWS);
const NOTICES = ['inadequate-judgement', 'serious-concerns', 'proposed-actions', 'monitoring-outcome'];

const SPECS: Record<StepHandlerId, StepSpec> = {
  'compute-timeline': { strict: true, fields: { inspectionId, process: processField() } },
  'measure-time-left': { strict: true, fields: { inspectionId, process: processField(), stepId } },
  'send-provider-letter': { strict: true, fields: { inspectionId, process: literal('assurance-visit') } },
  'alert-local-authorities': { strict: true, fields: { inspectionId, process: processField(['inadequate', 'assurance-visit']), duty: literal('dcs-alert') } },
  'forward-alert-to-provider': { strict: true, fields: { inspectionId, process: processField(['inadequate', 'assurance-visit']), duty: literal('dcs-alert') } },
  'inform-dfe': { strict: true, fields: { inspectionId, process: processField(), notice: enumField(NOTICES) } },
  'request-approval': {
    strict: true,
    fields: { inspectionId, process: processField(), stepId, taskToken, dueAt, seconds, kind: enumField(APPROVAL_KINDS) },
  },
  'await-outcome': {
    strict: true,
    fields: { inspectionId, process: processField(), stepId, taskToken, dueAt, seconds, outcomeOf: enumField(OUTCOME_PROCESSES) },
  },
  'await-step': { strict: true, fields: { inspectionId, process: processField(), stepId, taskToken, dueAt, seconds } },
  'record-decision': {
    strict: true,
    fields: { inspectionId, process: processField(), kind: enumField(APPROVAL_KINDS), stepId, decision },
    // Only the options of the approval's own kind.
    crossField: (payload) => {
      const kind = payload.kind as ApprovalKind;
      const option = (payload.decision as { decision?: unknown }).decision;
      return (APPROVAL_OPTIONS[kind] as readonly unknown[]).includes(option) ? undefined : 'decision.decision';
    },
  },
  'schedule-visit': { strict: true, fields: { inspectionId, process: processField(), visit: enumField(VISITS) } },
  'escalate-overdue': { strict: true, fields: { inspectionId, process: processField(), stepId } },
  'issue-report': {
    strict: true,
    fields: {
      inspectionId,
      process: processField(['assurance-visit', 'full-inspection', 'interim-inspection', 'monitoring-visit', 'rfc-inspection']),
      stepId: enumField(['report-to-provider', 'final-report-to-provider', 'publish', 'monitoring-visit-latest']),
    },
  },
  'record-failure': {
    strict: true,
    fields: {
      inspectionId,
      process: processField(),
      error: { valid: fc.oneof(fc.constantFrom('States.TaskFailed', 'EmailSendError', 'States.Timeout'), fc.string({ maxLength: 1000 })), invalid: fc.oneof(fc.constant('e'.repeat(1001)), notString) },
    },
  },
  'notify-operations': {
    strict: true,
    fields: {
      inspectionId,
      process: processField(),
      state: { valid: fc.string({ minLength: 1, maxLength: 80 }), invalid: fc.oneof(fc.constant(''), fc.constant('s'.repeat(81)), notString) },
      error: { valid: fc.oneof(fc.constantFrom('States.TaskFailed', 'EmailSendError'), fc.string({ maxLength: 1000 })), invalid: fc.oneof(fc.constant('e'.repeat(1001)), notString) },
    },
  },
  'start-later': { strict: true, fields: { inspectionId, process: processField(), stepId, dueAt } },
  'send-daily-digest': { strict: true, fields: { scheduledTime: dueAt } },
  'record-run-failure': {
    strict: false,
    fields: {
      source: literal('aws.states'),
      'detail-type': literal('Step Functions Execution Status Change'),
      detail: runEvent,
    },
  },
  'record-email-event': {
    strict: false,
    fields: { source: literal('aws.ses'), 'detail-type': { valid: fc.constantFrom('SES Email Delivery', 'SES Email Bounce', ''), invalid: notString }, detail: sesEvent },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Payloads: every field valid, invalid or missing, with or without unknown fields

interface Payload {
  payload: unknown;
  /** Fields a ValidationError must name; empty when the payload is valid. */
  invalid: string[];
  how: string;
}

function structuredPayload(spec: StepSpec, validOnly: boolean): fc.Arbitrary<Payload> {
  const names = Object.keys(spec.fields);
  const choice = validOnly
    ? fc.constant<'valid' | 'invalid' | 'missing'>('valid')
    : fc.oneof(
        // Mostly broken somewhere: all-valid payloads have their own property.
        { arbitrary: fc.constant<'valid' | 'invalid' | 'missing'>('valid'), weight: 3 },
        { arbitrary: fc.constantFrom<'valid' | 'invalid' | 'missing'>('invalid', 'missing'), weight: 2 },
      );
  const perField = fc.tuple(...names.map((name) => choice.chain((kind) => (kind === 'valid' ? spec.fields[name]!.valid : kind === 'invalid' ? spec.fields[name]!.invalid : fc.constant(undefined)).map((value) => ({ name, kind, value })))));
  const extras = validOnly
    ? fc.constant([] as [string, unknown][])
    : fc.array(fc.tuple(fc.oneof(fc.constantFrom('taskTokenCopy', 'rationale', '__proto__', 'constructor', 'extra'), fc.string({ minLength: 1, maxLength: 10 })), fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 });
  return fc.tuple(perField, extras).map(([fields, extra]) => {
    const payload: Record<string, unknown> = {};
    const invalid: string[] = [];
    for (const { name, kind, value } of fields) {
      if (kind === 'missing') {
        if (!spec.fields[name]!.optional) invalid.push(name);
        continue;
      }
      Object.defineProperty(payload, name, { value, enumerable: true, writable: true, configurable: true });
      if (kind === 'invalid') invalid.push(name);
    }
    for (const [key, value] of extra) {
      if (Object.hasOwn(spec.fields, key) || Object.hasOwn(payload, key)) continue;
      Object.defineProperty(payload, key, { value, enumerable: true, writable: true, configurable: true });
      if (spec.strict) invalid.push(key);
    }
    if (invalid.length === 0 && spec.crossField) {
      const field = spec.crossField(payload);
      if (field) invalid.push(field);
    }
    return { payload, invalid, how: fields.map(({ name, kind }) => `${name}:${kind}`).join(' ') + (extra.length ? ` +${extra.map(([key]) => key).join(',')}` : '') };
  });
}

/** Anything at all: a step is called by Step Functions, but a wiring mistake can hand it anything. */
const anyPayload: fc.Arbitrary<Payload> = fc
  .oneof(fc.anything({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, null, '', [], {}, 'inspectionId', 42))
  .map((payload) => ({ payload, invalid: [], how: 'anything' }));

// ---------------------------------------------------------------------------------------------------------------
// Calling a step

/** The errors a step may throw: each is one the state machines route on by name. */
const NAMED_ERRORS = new Set(['ValidationError', 'NotFoundError', 'ConflictError', 'GoneError', 'EmailSendError', 'EmailNotYetKnownError']);
/** The errors that refuse a payload: nothing may have been written. */
const REFUSALS = new Set(['ValidationError', 'NotFoundError', 'EmailNotYetKnownError']);

type StepFunction = (event: unknown, context: unknown) => Promise<unknown>;
const steps = new Map<StepHandlerId, StepFunction>();
const STEP_IDS_ALL = HANDLERS.filter((handler) => handler.kind === 'step').map((handler) => handler.id as StepHandlerId);

let environment: FuzzEnvironment;
let baseline: TableSnapshot & { writes: number };

beforeAll(async () => {
  for (const id of STEP_IDS_ALL) {
    const module = (await import(/* @vite-ignore */ `../../${handlerEntry({ kind: 'step', id, description: '', access: [] })}`)) as { handler?: StepFunction };
    if (typeof module.handler !== 'function') throw new Error(`${id} exports no handler`);
    steps.set(id, module.handler);
  }
  environment = await startFuzzEnvironment();
}, 60_000);

afterAll(async () => {
  await environment?.stop();
});

beforeEach(() => quietRun(environment, NOW));

async function reseed(): Promise<void> {
  baseline = await environment.reseed(writeFixtures);
}

async function invoke(id: StepHandlerId, { payload, invalid, how }: Payload, validShaped: boolean): Promise<void> {
  const context = `${id} [${how}] ${(() => {
    try {
      return JSON.stringify(payload)?.slice(0, 300);
    } catch {
      return String(payload);
    }
  })()}`;
  const step = steps.get(id)!;
  let output: unknown;
  let failure: unknown;
  try {
    output = await step(payload, { functionName: `sccif-${id}`, awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 30_000 });
  } catch (error) {
    failure = error;
  }

  if (failure !== undefined) {
    const name = failure instanceof Error ? failure.name : typeof failure;
    if (!(failure instanceof Error) || !NAMED_ERRORS.has(name)) {
      const detail = failure instanceof Error ? `${failure.name}: ${failure.message}\n${failure.stack?.split('\n').slice(1, 4).join('\n')}` : String(failure);
      throw new Error(`${context} threw an unnamed error: ${detail}`);
    }
    if (name === 'ValidationError') {
      const errors = (failure as Error & { errors?: { field?: unknown }[] }).errors;
      expect(Array.isArray(errors) && errors.length > 0, `${context}: a ValidationError lists its fields`).toBe(true);
      // One assertion per check, not one per field, datum or token: vitest's expect() is costly enough to show in this file's profile.
      expect(errors!.filter((error) => typeof error.field !== 'string'), `${context}: every error names its field`).toEqual([]);
      const named = errors!.map((error) => String(error.field));
      const unnamed = invalid.filter((field) => !named.some((candidate) => candidate === field || candidate.startsWith(`${field}.`) || field.startsWith(`${candidate}.`)));
      expect(unnamed, `${context}: the ValidationError names every invalid field (it names ${named.join(', ')})`).toEqual([]);
    } else if (invalid.length > 0) {
      throw new Error(`${context}: invalid ${invalid.join(', ')} but threw ${name}: ${(failure as Error).message}`);
    }
    if (REFUSALS.has(name)) await environment.expectUnchanged(baseline, `${context} → ${name}`);
    else baseline = await environment.baseline();
    return;
  }

  if (invalid.length > 0) throw new Error(`${context}: invalid ${invalid.join(', ')} but the step succeeded with ${JSON.stringify(output)}`);
  if (!validShaped && !(typeof payload === 'object' && payload !== null)) throw new Error(`${context}: accepted a payload that is not an object`);
  // What a step returns lands in the execution history.
  const json = JSON.stringify(output ?? null);
  const held = PERSONAL.filter((personal) => new RegExp(`\\b${personal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(json));
  expect(held, `${context}: output ${json} holds personal data`).toEqual([]);
  expect([...TOKENS].filter((token) => json.includes(token)), `${context}: output holds a task token`).toEqual([]);
  baseline = await environment.baseline();
  if (baseline.count > 100) await reseed();
}

// ---------------------------------------------------------------------------------------------------------------
// The properties

describe.each(STEP_IDS_ALL.map((id) => [id] as const))('%s', (id) => {
  const spec = SPECS[id];

  it(
    `throws only named errors for ${FUZZ_RUNS} random payloads, naming every invalid field, and a refused payload leaves no partial record`,
    async () => {
      await reseed();
      await fc.assert(
        fc.asyncProperty(fc.oneof({ arbitrary: anyPayload, weight: 1 }, { arbitrary: structuredPayload(spec, false), weight: 4 }), async (payload) => {
          await invoke(id, payload, false);
        }),
        checkOptions(FUZZ_RUNS),
      );
    },
    timeLimit(FUZZ_RUNS),
  );

  it(
    `handles ${FUZZ_VALID_RUNS} valid-shaped payloads about records in every state: a result or a named refusal, never a partial record, never personal data in the output`,
    async () => {
      await reseed();
      await fc.assert(
        fc.asyncProperty(structuredPayload(spec, true), async (payload) => {
          await invoke(id, payload, true);
        }),
        checkOptions(FUZZ_VALID_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 300),
  );
});
