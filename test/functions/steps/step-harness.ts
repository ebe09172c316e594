/**
 * What every step-handler test needs: the handlers' own module-scope repository on the table in memory
 * (test/support/memory-table.ts: held to DynamoDB's contract beside dynalite), the configuration a deployed step gets from the stack, the
 * local authority directory, and records in the states the workflows reach. SES and Step Functions are mocked with
 * aws-sdk-client-mock by each test file (and reset after each test).
 *
 * The SDK resolves endpoint, region and credentials on the first request, and config reads the environment on first
 * use: setting the environment in beforeAll, before any handler runs, is enough.
 */
import {
  SendEmailCommand,
  type SendEmailCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type SESv2ClientResolvedConfig,
} from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { systemClock } from '../../../functions/adapters/clock';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord, RecordedOutcome } from '../../../functions/core/inspection';
import type { LocalAuthority } from '../../../functions/core/schemas';
import { inspectionRecord } from '../../adapters/inspection-fixtures';
import { NO_DYNAMODB_ENDPOINT, startMemoryTable } from '../../support/memory-table';

export const MAIL = {
  from: 'sccif@ofsted.example',
  dfe: 'secure.homes@dfe.example',
  manager: 'rim@ofsted.example',
  seniorManager: 'senior.rim@ofsted.example',
  complianceInspectors: 'social.care.compliance@ofsted.example',
} as const;

const ENVIRONMENT = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  MAIL_FROM: MAIL.from,
  APP_BASE_URL: 'https://sccif.example.gov.uk',
  DFE_EMAIL: MAIL.dfe,
  MANAGER_EMAIL: MAIL.manager,
  SENIOR_MANAGER_EMAIL: MAIL.seniorManager,
  COMPLIANCE_INSPECTORS_EMAIL: MAIL.complianceInspectors,
  STATE_MACHINE_ARNS: '{}',
} as const;

const SAVED = [...Object.keys(ENVIRONMENT), 'TABLE_NAME', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_SESSION_TOKEN', 'MAIL_CONFIGURATION_SET'];

/** The directory the tests alert from: Camden hosts the fixture home, Manchester and Leeds place children in it. */
export const AUTHORITIES: LocalAuthority[] = [
  { code: 'E09000007', name: 'Camden', dcs: { name: 'Director, Camden', email: 'dcs@camden.la.example' } },
  { code: 'E08000003', name: 'Manchester', dcs: { name: 'Director, Manchester', email: 'dcs@manchester.la.example' } },
  { code: 'E08000035', name: 'Leeds', dcs: { email: 'dcs@leeds.la.example' } },
  { code: 'E06000001', name: 'Hartlepool', dcs: { email: 'dcs@hartlepool.la.example' } },
];

export interface StepEnvironment {
  stop(): Promise<void>;
}

let tables = 0;

export async function startStepEnvironment(): Promise<StepEnvironment> {
  const saved = Object.fromEntries(SAVED.map((name) => [name, process.env[name]]));
  const table = await startMemoryTable(`inspections-steps-${(tables += 1)}`);
  Object.assign(process.env, ENVIRONMENT, { TABLE_NAME: table.tableName, AWS_ENDPOINT_URL_DYNAMODB: NO_DYNAMODB_ENDPOINT });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.MAIL_CONFIGURATION_SET;
  await repository().putLocalAuthorities(AUTHORITIES);
  return {
    async stop() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      table.stop();
    },
  };
}

/**
 * Registers the hooks every step-handler test file shares: the environment for the file; before each test logs
 * silenced, "now" at `now` (when given) and `ses` accepting every email (when given); after each test the SDK mocks
 * reset and every spy restored.
 */
export function useStepEnvironment(options: { now?: string; ses?: SesStub; sfn?: { reset(): void } } = {}): void {
  let environment: StepEnvironment | undefined;
  beforeAll(async () => {
    environment = await startStepEnvironment();
  });
  afterAll(async () => {
    await environment?.stop();
  });
  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    if (options.now) vi.spyOn(systemClock, 'now').mockReturnValue(at(options.now));
    if (options.ses) acceptEmails(options.ses);
  });
  afterEach(() => {
    options.ses?.reset();
    options.sfn?.reset();
    vi.restoreAllMocks();
  });
}

export const context = { functionName: 'sccif-step', awsRequestId: 'req-1' } as Context;

let sequence = 0;
/** A fresh inspection id per test: the table is shared by a test file. */
export function nextId(prefix = 'insp'): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Children of the fixture home: two placed by Manchester, one by Camden (the host), one by parents (not looked after). */
export const CHILDREN: InspectionRecord['children'] = [
  { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
  { initials: 'CD', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
  { initials: 'EF', placement: { lookedAfter: true, placingAuthority: 'E09000007' } },
  { initials: 'GH', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat.parent@family.example' } } },
  { initials: 'JK', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'Pat.Parent@family.example' } } },
];

export const INITIALS = ['AB', 'CD', 'EF', 'GH', 'JK'];

export const SUMMARY = 'Staff did not follow the safeguarding policy after two incidents of self-harm.';

/**
 * A full inspection of a children's home (ended Tue 22 Dec 2026), judged inadequate: its judgements recorded that day,
 * as recording the outcome records them (app/record-outcome.ts), beside the actuals the overrides give.
 */
export function inadequateFullInspection(overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  const id = overrides.id ?? nextId();
  const outcome: RecordedOutcome = {
    outcome: {
      process: 'full-inspection',
      overall: 'inadequate',
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'requires-improvement',
      summaryOfConcerns: SUMMARY,
    },
    recordedBy: 'inspector-1',
    recordedAt: '2026-12-22T16:00:00.000Z',
  };
  return inspectionRecord({
    id,
    executionName: `${id}--full-inspection`,
    children: CHILDREN,
    outcome,
    status: 'in-progress',
    ...overrides,
    actuals: {
      ...overrides.actuals,
      'full-inspection': { 'judgements-recorded': parseLocalDate('2026-12-22'), ...overrides.actuals?.['full-inspection'] },
    },
  });
}

/** An assurance visit to a secure children's home: day 1 is Mon 21 Dec 2026, the visit ends Wed 23 Dec. */
export function assuranceVisit(overrides: Partial<InspectionRecord> = {}, concerns = true): InspectionRecord {
  const id = overrides.id ?? nextId();
  const outcome: RecordedOutcome = {
    outcome: {
      process: 'assurance-visit',
      seriousOrWidespreadConcerns: concerns,
      concernsSerious: concerns,
      ...(concerns ? { summaryOfConcerns: SUMMARY } : {}),
    },
    recordedBy: 'inspector-1',
    recordedAt: '2026-12-23T16:00:00.000Z',
  };
  return inspectionRecord({
    id,
    process: 'assurance-visit',
    executionName: `${id}--assurance-visit`,
    establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
    dates: { day1: parseLocalDate('2026-12-21') },
    children: CHILDREN,
    outcome,
    status: 'in-progress',
    ...overrides,
  });
}

export async function stored(record: InspectionRecord): Promise<InspectionRecord> {
  const created = await repository().createInspection(record);
  if (!created.created) throw new Error(`inspection ${record.id} already exists`);
  return record;
}

/** Asserts a step's output is fit for the execution history: no address, no name, no initials. */
export function personalDataIn(output: unknown, record?: InspectionRecord): string[] {
  const json = JSON.stringify(output);
  const found: string[] = [];
  if (json.includes('@')) found.push('an email address');
  for (const initials of INITIALS) if (new RegExp(`\\b${initials}\\b`).test(json)) found.push(`initials ${initials}`);
  if (record) {
    for (const name of [record.provider.name, record.inspectorName, record.establishment.name, 'Pat Parent']) {
      if (json.includes(name)) found.push(`the name ${name}`);
    }
  }
  if (json.includes(SUMMARY)) found.push('the summary of concerns');
  return found;
}

/** Fixes the handlers' clock (systemClock) at an instant. */
export const at = (instant: string) => new Date(instant);

// ---------------------------------------------------------------------------------------------------------------
// SES, as the mailer's module client sees it (mocked by the test file with aws-sdk-client-mock)

type SesStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, SESv2ClientResolvedConfig>;

/** SES accepts every email, each with its own message id. */
export function acceptEmails(ses: SesStub): void {
  let count = 0;
  ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `ses-${(count += 1)}-${Math.random().toString(36).slice(2, 8)}` }));
}

/** The SendEmail requests made, oldest first: who to, subject and plain text. */
export function sentEmails(ses: SesStub): { to: string; subject: string; text: string }[] {
  return ses.commandCalls(SendEmailCommand).map((call) => {
    const input = call.args[0].input as SendEmailCommandInput;
    return {
      to: input.Destination?.ToAddresses?.[0] ?? '',
      subject: input.Content?.Simple?.Subject?.Data ?? '',
      text: input.Content?.Simple?.Body?.Text?.Data ?? '',
    };
  });
}

export const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
