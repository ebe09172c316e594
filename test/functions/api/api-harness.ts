/**
 * The API handlers as the local runtime and API Gateway call them: the real repository and session store on the table
 * in memory (test/support/memory-table.ts: held to DynamoDB's contract beside dynalite), the local authorities
 * of config/local-authorities.json, Step Functions mocked at the SDK client, and events built by
 * infra/local/api-gateway.ts so their shape is exactly what the Cognito authorizer passes.
 *
 * Every response is checked for task tokens: none may ever reach a browser.
 */
import { readFileSync } from 'node:fs';
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { repository, type OpenApproval } from '../../../functions/adapters/repository';
import { handler as addEstablishment } from '../../../functions/api/add-establishment';
import { handler as amendOutcome } from '../../../functions/api/amend-outcome';
import { handler as changeEnforcementAction } from '../../../functions/api/change-enforcement-action';
import { handler as changeEstablishment } from '../../../functions/api/change-establishment';
import { handler as listEnforcementActions } from '../../../functions/api/list-enforcement-actions';
import { handler as listRequirements } from '../../../functions/api/list-requirements';
import { handler as markRequirementMet } from '../../../functions/api/mark-requirement-met';
import { handler as recordEnforcementAction } from '../../../functions/api/record-enforcement-action';
import { handler as recordRequirement } from '../../../functions/api/record-requirement';
import { handler as getEstablishment } from '../../../functions/api/get-establishment';
import { handler as importRegister } from '../../../functions/api/import-register';
import { handler as inspectionPlan } from '../../../functions/api/inspection-plan';
import { handler as listEstablishments } from '../../../functions/api/list-establishments';
import { handler as logEstablishmentInspection } from '../../../functions/api/log-establishment-inspection';
import { handler as decideApproval } from '../../../functions/api/decide-approval';
import { handler as getInspection } from '../../../functions/api/get-inspection';
import { handler as listApprovals } from '../../../functions/api/list-approvals';
import { handler as listInspections } from '../../../functions/api/list-inspections';
import { handler as listNotifications } from '../../../functions/api/list-notifications';
import { handler as logInspection } from '../../../functions/api/log-inspection';
import { handler as recordCall } from '../../../functions/api/record-call';
import { handler as recordReportCopy } from '../../../functions/api/record-report-copy';
import { handler as changeNextVisitWindow } from '../../../functions/api/change-next-visit-window';
import { handler as correctChildren } from '../../../functions/api/correct-children';
import { handler as withdrawInspection } from '../../../functions/api/withdraw-inspection';
import { handler as recordOutcome } from '../../../functions/api/record-outcome';
import { handler as recordStep } from '../../../functions/api/record-step';
import { handler as web } from '../../../functions/web/handler';
import { handler as webApiReference } from '../../../functions/web/web-api-reference';
import { handler as webApprovals } from '../../../functions/web/web-approvals';
import { handler as webCorrections } from '../../../functions/web/web-corrections';
import { handler as webRegister } from '../../../functions/web/web-register';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord } from '../../../functions/core/inspection';
import { DCS_ALERT_DUTY } from '../../../functions/core/inspection-views';
import { placerCopies } from '../../../functions/core/reports';
import { LocalAuthorities } from '../../../functions/core/schemas';
import type { ApiHandlerId } from '../../../functions/handlers';
import { apiGatewayEvent, matchRoute, type ApiRequest, type LocalUser } from '../../../infra/local/api-gateway';
import { inspectionRecord, newEmail } from '../../adapters/inspection-fixtures';
import { NO_DYNAMODB_ENDPOINT, startMemoryTable, type MemoryTable } from '../../support/memory-table';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export const HANDLERS: Record<ApiHandlerId, ApiHandler> = {
  'log-inspection': logInspection,
  'list-inspections': listInspections,
  'get-inspection': getInspection,
  'record-outcome': recordOutcome,
  'record-step': recordStep,
  'amend-outcome': amendOutcome,
  'record-call': recordCall,
  'record-report-copy': recordReportCopy,
  'change-next-visit-window': changeNextVisitWindow,
  'correct-children': correctChildren,
  'withdraw-inspection': withdrawInspection,
  'list-notifications': listNotifications,
  'list-approvals': listApprovals,
  'decide-approval': decideApproval,
  'list-establishments': listEstablishments,
  'add-establishment': addEstablishment,
  'import-register': importRegister,
  'get-establishment': getEstablishment,
  'change-establishment': changeEstablishment,
  'inspection-plan': inspectionPlan,
  'log-establishment-inspection': logEstablishmentInspection,
  'record-enforcement-action': recordEnforcementAction,
  'list-enforcement-actions': listEnforcementActions,
  'change-enforcement-action': changeEnforcementAction,
  'record-requirement': recordRequirement,
  'list-requirements': listRequirements,
  'mark-requirement-met': markRequirementMet,
  web,
  'web-approvals': webApprovals,
  'web-corrections': webCorrections,
  'web-register': webRegister,
  'web-api-reference': webApiReference,
};

export const STATE_MACHINE_ARNS = {
  'assurance-visit': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-assurance-visit:live',
  'full-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-full-inspection:live',
  'interim-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-interim-inspection:live',
  'rfc-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-rfc-inspection:live',
  inadequate: 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-inadequate:live',
  'monitoring-visit': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-monitoring-visit:live',
};

// ---------------------------------------------------------------------------------------------------------------
// Users, as the Cognito authorizer describes them

export const INSPECTOR: LocalUser = { id: 'inspector-1', email: 'ann.inspector@ofsted.example', name: 'Ann Inspector', groups: ['inspectors'] };
export const OTHER_INSPECTOR: LocalUser = { id: 'inspector-2', email: 'bo.inspector@ofsted.example', name: 'Bo Inspector', groups: ['inspectors'] };
export const MANAGER: LocalUser = { id: 'manager-1', email: 'sam.manager@ofsted.example', name: 'Sam Okafor', groups: ['managers'] };
export const OTHER_MANAGER: LocalUser = { id: 'manager-2', email: 'kim.manager@ofsted.example', name: 'Kim Lee', groups: ['managers'] };
/** A manager who also inspects: may log an inspection, may not approve its case review. */
export const INSPECTING_MANAGER: LocalUser = {
  id: 'manager-3',
  email: 'alex.manager@ofsted.example',
  name: 'Alex Manager',
  groups: ['inspectors', 'managers'],
};

// ---------------------------------------------------------------------------------------------------------------
// The environment

export interface ApiHarness {
  sfn: AwsClientStub<SFNClient>;
  /** Leaves the table (created once, the handlers' TABLE_NAME) holding the local authorities and nothing else. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const TABLE_NAME = 'sccif-api-test';
/** Where the web pages are served in these tests (as `-c appBaseUrl` on AWS). */
export const APP_BASE_URL = 'https://sccif.example.gov.uk';
/**
 * The web sign-in's identity provider: tests that sign in through it answer its endpoints with the local runtime's
 * provider (infra/local/auth-server.ts) behind a stubbed fetch; other tests open sessions directly.
 */
export const AUTH_BASE_URL = `${APP_BASE_URL}/_local/auth`;
const tokensSeen = new Set<string>();

/** Creates the table in memory and points the handlers' adapters at it. Call in beforeAll. */
export async function startApiHarness(): Promise<ApiHarness> {
  const table = await startMemoryTable(TABLE_NAME);
  Object.assign(process.env, {
    TABLE_NAME,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: NO_DYNAMODB_ENDPOINT,
    STATE_MACHINE_ARNS: JSON.stringify(STATE_MACHINE_ARNS),
    APP_BASE_URL,
    AUTH_BASE_URL,
    AUTH_ISSUER: AUTH_BASE_URL,
    AUTH_CLIENT_ID: 'sccif-local-web',
  });
  const sfn = mockClient(SFNClient);
  const authorities = LocalAuthorities.parse(JSON.parse(readFileSync(new URL('../../../config/local-authorities.json', import.meta.url), 'utf8')));
  let seeded: ReturnType<MemoryTable['snapshot']> | undefined;
  return {
    sfn,
    async reset() {
      // Put back to the local authorities alone: the first test seeds them; later ones restore that snapshot, which
      // rewrites only what a test changed. The repository's cached directory is dropped when the restore rewrote one of its items
      // (a test changed the directory): otherwise the cache holds the directory the table holds, and reading the 153
      // authorities again before every test cost ~10 ms of CPU each.
      if (seeded) {
        const rewritten = table.restore(seeded);
        if (rewritten.some(({ pk }) => pk === 'REFERENCE')) await repository().putLocalAuthorities([]);
      } else {
        await repository().putLocalAuthorities(authorities);
        seeded = table.snapshot();
      }
      tokensSeen.clear();
      sfn.reset();
      sfn.on(StartExecutionCommand).callsFake((input: { stateMachineArn: string; name: string }) => ({
        executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`,
        startDate: new Date(),
      }));
      sfn.on(SendTaskSuccessCommand).resolves({});
      sfn.on(SendTaskFailureCommand).resolves({});
    },
    async stop() {
      sfn.restore();
      table.stop();
    },
  };
}

/**
 * Registers the hooks every API test file shares: the harness for the file; before each test "now" fixed at `now`,
 * logs silenced, a fresh table and then `seed`; after each test real timers and mocks restored.
 */
export function useApiHarness(now: string, seed?: () => Promise<unknown>): Pick<ApiHarness, 'sfn' | 'reset'> {
  let harness: ApiHarness | undefined;
  const started = () => {
    if (!harness) throw new Error('useApiHarness: the harness starts in beforeAll; use it inside a test');
    return harness;
  };
  beforeAll(async () => {
    harness = await startApiHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });
  beforeEach(async () => {
    fixNow(now);
    silenceLogs();
    await started().reset();
    await seed?.();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  return {
    get sfn() {
      return started().sfn;
    },
    reset: () => started().reset(),
  };
}

/** What Step Functions answers when a wait has ended (timed out) before its answer arrives. */
export function taskTimedOut(): TaskTimedOut {
  return new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
}

/** The handlers log one line per request (errors on stderr); the tests do not need to see them. */
export function silenceLogs(): void {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}

/** Fixes "now" for the handlers (Date only: the timers stay real). */
export function fixNow(instant: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(instant));
}

// ---------------------------------------------------------------------------------------------------------------
// Calling the API

export interface Response<T = any> {
  status: number;
  headers: Record<string, string | number | boolean> | undefined;
  body: T;
  raw: string;
}

/** Calls the handler of the matching route with the event the local runtime (and API Gateway) would send. */
export async function call<T = any>(request: ApiRequest): Promise<Response<T>> {
  const matched = matchRoute(request.method, request.path);
  if (!matched) throw new Error(`no route for ${request.method} ${request.path}`);
  const event = apiGatewayEvent(request, matched.route, matched.pathParameters, matched.resourcePath) as unknown as APIGatewayProxyEvent;
  const result = await HANDLERS[matched.route.id as ApiHandlerId](event, { functionName: `sccif-${matched.route.id}` } as Context);
  // No response, whatever its status, carries a task token.
  expect(result.body).not.toMatch(/taskToken/i);
  for (const token of tokensSeen) expect(result.body).not.toContain(token);
  return { status: result.statusCode, headers: result.headers, body: result.body === '' ? undefined : JSON.parse(result.body), raw: result.body };
}

export const post = <T = any>(path: string, user: LocalUser | undefined, body: unknown) =>
  call<T>({ method: 'POST', path, ...(user ? { user } : {}), body: typeof body === 'string' ? body : JSON.stringify(body) });

export const get = <T = any>(path: string, user: LocalUser | undefined, query?: Record<string, string>) =>
  call<T>({ method: 'GET', path, ...(user ? { user } : {}), ...(query ? { query } : {}) });

// ---------------------------------------------------------------------------------------------------------------
// Data

/** A POST /establishments body: Willow House, the home of the stored and logged inspections, on the register. */
export const WILLOW_REGISTER_ENTRY = {
  urn: 'SC123456',
  name: 'Willow House',
  kind: 'childrens-home',
  hostAuthority: 'E09000007',
  registeredOn: '2019-06-01',
  registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2020-01-06' },
  providerContact: { name: 'Willow Care Ltd', email: 'ri@willow.example' },
};

/**
 * A POST /inspections body: a full inspection of a children's home in Camden, one child placed by Manchester. No
 * inspectorId: the lead inspector is whoever logs it.
 */
export function loggedInspection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    process: 'full-inspection',
    idempotencyKey: 'log-willow-0001',
    establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E09000007' },
    provider: { name: 'Willow Care Ltd', email: 'ri@willow.example' },
    dates: { inspectionStart: '2026-12-21', inspectionEnd: '2026-12-22' },
    children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }],
    ...overrides,
  };
}

/** Stores an inspection directly (as if logged), for routes that need one. */
export async function storedInspection(overrides: Partial<InspectionRecord> = {}): Promise<InspectionRecord> {
  const record = inspectionRecord(overrides);
  await repository().createInspection(record);
  return record;
}

/** A run waiting for the outcome: its task token stored as await-outcome stores it. */
export async function waitingForOutcome(inspectionId: string, outcomeOf: Parameters<ReturnType<typeof repository>['storeOutcomeToken']>[1], token: string) {
  tokensSeen.add(token);
  await repository().storeOutcomeToken(inspectionId, outcomeOf, token, '2026-12-22T17:00:00.000Z');
}

/** A pending approval, opened as request-approval opens it. */
export async function pendingApproval(overrides: Partial<OpenApproval> = {}) {
  const input: OpenApproval = {
    approvalId: 'apr-0001',
    inspectionId: 'insp-0001',
    process: 'inadequate',
    kind: 'case-review',
    stepId: 'case-review',
    dueAt: '2026-12-29T23:59:59.000Z',
    taskToken: 'TOKEN-case-review-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    now: '2026-12-22T18:00:00.000Z',
    ...overrides,
  };
  tokensSeen.add(input.taskToken);
  return repository().openApproval(input);
}

/** An alert email to a local authority's DCS, sent (as alert-local-authorities sends it). */
export async function sentAlert(
  inspectionId: string,
  authorityCode: string,
  sentAt: string,
  messageId: string,
  roles: ('host' | 'placing')[] = ['host'],
) {
  const email = newEmail({
    inspectionId,
    recipientKey: `la:${authorityCode}`,
    to: `dcs@${authorityCode.toLowerCase()}.la.example`,
    recipient: { kind: 'dcs', authorityCode, authorityName: authorityCode, roles },
    createdAt: sentAt,
    dueAt: '2026-12-23T23:59:59.000Z',
  });
  await repository().claimEmail(email);
  await repository().markEmailSent(email, messageId, sentAt);
}

/** A person who placed a child themselves (a placer key), alerted (SCCIF 15.4). */
export const PLACER = { name: 'Pat Parent', email: 'pat@parent.example', recipientKey: 'placer:00000000000000aa' } as const;

/**
 * The stored inspection with a child PLACER placed, and PLACER told, when the full inspection's report was final on
 * `issuedOn`, that a copy is coming (the notice issue-report sends: core/reports.ts placerCopies), sent.
 */
export async function reportCopyNoticeSent(issuedOn = '2027-01-20') {
  const record = await storedInspection({
    children: [
      { initials: 'AB', placement: { lookedAfter: false, placedBy: { name: PLACER.name, email: PLACER.email } } },
      { initials: 'CD', placement: { lookedAfter: true, placingAuthority: 'E09000007' } },
    ],
  });
  const recipient = { kind: 'placer' as const, name: PLACER.name };
  const alert = { duty: DCS_ALERT_DUTY, status: 'sent' as const, recipientKey: PLACER.recipientKey, to: PLACER.email, recipient };
  for (const notice of placerCopies(record, 'full-inspection', [alert], parseLocalDate(issuedOn))) {
    const email = newEmail({ ...notice, recipient, subject: 'A copy of the report', createdAt: `${issuedOn}T10:00:00.000Z` });
    await repository().claimEmail(email);
    await repository().markEmailSent(email, `ses-copy-${issuedOn}`, `${issuedOn}T10:00:01.000Z`);
  }
  return record;
}

export const sfnCalls = {
  started: ({ sfn }: Pick<ApiHarness, 'sfn'>) => sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input),
  succeeded: ({ sfn }: Pick<ApiHarness, 'sfn'>) => sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input),
};

export { SendTaskSuccessCommand, StartExecutionCommand };
