/**
 * What the fuzz suites share: run counts from the environment, a real DynamoDB API (dynalite) behind the handlers'
 * own module-scope repository, SES and Step Functions mocked at the SDK client, and a snapshot of the whole table
 * (every item as dynalite stores it) so that a property can say "this input left nothing behind".
 *
 *   FUZZ_RUNS        random inputs per handler (default 100: `npm test` stays fast; `npm run fuzz` sends 10,000)
 *   FUZZ_VALID_RUNS  valid-shaped inputs per handler (default 20; `npm run fuzz` sends 1,000)
 *
 * `npm run fuzz` runs 10,000 and 1,000 of each.
 *
 * Why the defaults were not lowered (measured 29 Nov 2026, bugs planted one at a time; "#n" is the input at which
 * fast-check first failed, for seeds 11, 22 and 33, random / valid-shaped property):
 *   - log-inspection writes the record before refusing it (half-written): #2, #3, #23 / #1, #1, #4
 *   - log-inspection throws (500) on a date past the window instead of a 400: #2, #3, #23 / #7, #1, #5
 *   - compute-timeline returns the children's initials: #31, #35, #38 / #1, #4, #5
 *   - send-daily-digest without its scheduledTime runs for "now" (the bug fixed in 7cd55a1): random #7, #3, #1
 *   - a retried log-inspection starts a second execution: failing-dependency property #1 for every seed
 *   - the return-inspection check not named beside out-of-window dates (fixed in 2f80c7c): random #122 for seed 22,
 *     not in 400 for 11 and 33; valid-shaped: not in 100 for 11, 33, 44
 *   - a "__proto__" key dropped by amend-outcome's schema (fixed in 75b11cc): not in 400 (seed 101, 202), #692 (seed 55)
 * The first five would still be found by 40 / 10; the last two are found by chance at 100 (and at 40 less often):
 * `npm test` runs a new seed each time, `npm run fuzz` is what finds them reliably.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CognitoIdentityProviderClient, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { vi } from 'vitest';
import { systemClock } from '../../functions/adapters/clock';
import { repository } from '../../functions/adapters/repository';
import type { LocalAuthority } from '../../functions/core/schemas';
import { inProcessRequestHandler, serveInProcess } from '../../infra/local/in-process-transport';
import { tableActive } from '../../infra/local/table-active';
import { canonical, emptyTable, restoreTable, snapshotTable, startDynalite, storedItems, type TableSnapshot as StoredTable, type WireItem } from '../adapters/local-dynamodb';
import { tableLayout } from '../support/table-layout';

function runCount(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return value;
}

// npm test runs a sample; `npm run fuzz` runs the full 10,000 random and 1,000 valid-shaped inputs per handler.
export const FUZZ_RUNS = runCount('FUZZ_RUNS', 100);
export const FUZZ_VALID_RUNS = runCount('FUZZ_VALID_RUNS', 20);

/** A test's time limit, from the number of inputs it sends (dynalite answers in a few ms). */
export function timeLimit(runs: number, perRunMs = 100): number {
  return Math.max(30_000, runs * perRunMs);
}

/** Long strings (bodies over the size limit) cut down, so a failure report stays readable. */
function shorten(text: string, limit = 300): string {
  return text.replace(/(.)\1{40,}/g, (run, char: string) => `${char}…×${run.length}`).slice(0, limit * 10);
}

/** A failure report with the seed and path to replay it (FUZZ_SEED, FUZZ_PATH), the input shortened, and why. */
function report(details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const input = details.counterexample === null ? 'none' : shorten(fc.stringify(details.counterexample));
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `Property failed after ${details.numRuns} inputs (FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''})\n` +
      `Input: ${input}\nCause: ${shorten(cause, 400)}`,
    { cause: details.errorInstance },
  );
}

/** fast-check's settings for a property of `runs` inputs; FUZZ_SEED (and FUZZ_PATH) replay a reported failure. */
export function checkOptions<T = unknown>(runs: number): fc.Parameters<T> {
  const replay =
    process.env.FUZZ_SEED === undefined
      ? {}
      : { seed: Number(process.env.FUZZ_SEED), ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) };
  return { numRuns: runs, endOnFailure: true, reporter: report, ...replay } as fc.Parameters<T>;
}

export const MAIL = {
  from: 'sccif@ofsted.example',
  dfe: 'secure.homes@dfe.example',
  manager: 'rim@ofsted.example',
  seniorManager: 'senior.rim@ofsted.example',
} as const;

/** A small directory keeps every snapshot cheap: Camden and Leeds host, Manchester, Kent and Birmingham place. */
export const AUTHORITIES: LocalAuthority[] = [
  { code: 'E09000007', name: 'Camden', dcs: { name: 'Director, Camden', email: 'dcs@camden.la.example' } },
  { code: 'E08000003', name: 'Manchester', dcs: { name: 'Director, Manchester', email: 'dcs@manchester.la.example' } },
  { code: 'E08000035', name: 'Leeds', dcs: { email: 'dcs@leeds.la.example' } },
  { code: 'E10000016', name: 'Kent', dcs: { email: 'dcs@kent.la.example' } },
  { code: 'E08000025', name: 'Birmingham', dcs: { email: 'dcs@birmingham.la.example' } },
];
export const AUTHORITY_CODES = AUTHORITIES.map((authority) => authority.code);

export const STATE_MACHINE_ARNS = {
  'assurance-visit': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-assurance-visit:live',
  'full-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-full-inspection:live',
  'interim-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-interim-inspection:live',
  'rfc-inspection': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-rfc-inspection:live',
  inadequate: 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-inadequate:live',
  'monitoring-visit': 'arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-monitoring-visit:live',
};

export interface TableSnapshot {
  count: number;
  /** sha256 of every item, sorted by key: any new, changed or deleted item changes it. */
  digest: string;
  keys: Map<string, string>;
}

/** How two snapshots differ, for a failure message: the keys of new, changed and deleted items. */
export function describeChange(before: TableSnapshot, after: TableSnapshot): string {
  const added = [...after.keys.keys()].filter((key) => !before.keys.has(key));
  const removed = [...before.keys.keys()].filter((key) => !after.keys.has(key));
  const changed = [...after.keys.keys()].filter((key) => before.keys.has(key) && before.keys.get(key) !== after.keys.get(key));
  return `items ${before.count} → ${after.count}; new: [${added.join(', ')}]; changed: [${changed.join(', ')}]; deleted: [${removed.join(', ')}]`;
}

/** The DynamoDB API operations that change a table. */
const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|CreateTable|DeleteTable)$/;

export interface FuzzEnvironment {
  client: DynamoDBClient;
  tableName: string;
  /** Write requests dynalite has received (conditional writes that failed included). */
  readonly writes: number;
  ses: AwsClientStub<SESv2Client>;
  sfn: AwsClientStub<SFNClient>;
  /** EventBridge Scheduler (long clocks) and SNS (operations notices), accepting everything. */
  scheduler: AwsClientStub<SchedulerClient>;
  sns: AwsClientStub<SNSClient>;
  /** Drops and re-creates the table (the handlers' TABLE_NAME) with the directory only; resets the mocks. */
  reset(): Promise<void>;
  /**
   * The table as `seed` leaves it (after a reset), and the mocks reset. The first call runs `seed` (the fixtures
   * written by the repository, as the handlers write them) and keeps every item it wrote; later calls put those
   * items back in dynalite's store, deleting what the runs since added and rewriting what they changed (restoreTable,
   * instead of the seed's dozens of requests), then check by a snapshot that the table is exactly as seeded. Returns
   * that snapshot as the new baseline.
   */
  reseed(seed: () => Promise<void>): Promise<TableSnapshot & { writes: number }>;
  /** Every item of the table, as dynalite stores it. */
  snapshot(): Promise<TableSnapshot>;
  /**
   * Fails when the table differs from `baseline`. The snapshot is taken whenever a write request reached dynalite since
   * the baseline, and on every `crossCheckEvery`-th call anyway (so the write count itself is checked).
   */
  expectUnchanged(baseline: TableSnapshot & { writes: number }, context: string): Promise<void>;
  /** A snapshot and the write count it was taken at. */
  baseline(): Promise<TableSnapshot & { writes: number }>;
  stop(): Promise<void>;
}

const SAVED = [
  'TABLE_NAME',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'MAIL_FROM',
  'MAIL_CONFIGURATION_SET',
  'APP_BASE_URL',
  'DFE_EMAIL',
  'MANAGER_EMAIL',
  'SENIOR_MANAGER_EMAIL',
  'COMPLIANCE_INSPECTORS_EMAIL',
  'STATE_MACHINE_ARNS',
  'OPS_TOPIC_ARN',
  'SCHEDULE_GROUP',
  'SCHEDULER_ROLE_ARN',
  'SCHEDULER_DLQ_ARN',
  'USER_POOL_ID',
];

/** Step Functions and SES accept everything unless a test injects a failure. */
export function acceptEverything(environment: Pick<FuzzEnvironment, 'ses' | 'sfn'> & Partial<Pick<FuzzEnvironment, 'scheduler' | 'sns'>>): void {
  let messages = 0;
  environment.ses.reset();
  environment.ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `fuzz-${(messages += 1)}` }));
  environment.sfn.reset();
  environment.sfn.on(StartExecutionCommand).callsFake(async (input: { stateMachineArn: string; name: string }) => ({
    executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date(),
  }));
  environment.sfn.on(SendTaskSuccessCommand).resolves({});
  environment.sfn.on(SendTaskFailureCommand).resolves({});
  environment.scheduler?.reset();
  environment.scheduler?.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:eu-west-2:111111111111:schedule/sccif-long-clocks/fuzz' });
  environment.sns?.reset();
  environment.sns?.on(PublishCommand).resolves({ MessageId: 'fuzz-notice' });
}

/**
 * For each test: the handlers' log lines silenced (the properties do not need to see them), their clock fixed at
 * `now`, SES and Step Functions accepting everything. Returns the undo, for `beforeEach`.
 */
export function quietRun(environment: Pick<FuzzEnvironment, 'ses' | 'sfn'> & Partial<Pick<FuzzEnvironment, 'scheduler' | 'sns'>>, now: string): () => void {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(systemClock, 'now').mockImplementation(() => new Date(now));
  acceptEverything(environment);
  return () => {
    vi.restoreAllMocks();
  };
}

export async function startFuzzEnvironment(): Promise<FuzzEnvironment> {
  const saved = Object.fromEntries(SAVED.map((name) => [name, process.env[name]]));
  const { server, store } = startDynalite();
  let writes = 0;
  server.on('request', (request: IncomingMessage) => {
    if (WRITES.test(String(request.headers['x-amz-target'] ?? ''))) writes += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The SDK clients of this process (the handlers' and the one below) reach dynalite in memory, not over loopback TCP.
  serveInProcess(server as unknown as HttpServer);
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A logger without `info`: the SDK's logger middleware then skips copying each output with the sensitive fields
  // hidden (`logger?.info?.(...)`), which for a Scan cost more than the Scan's own parsing.
  const quietLogger = { debug() {}, warn() {}, error() {} } as unknown as NonNullable<DynamoDBClientConfig['logger']>;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    logger: quietLogger,
    requestHandler: inProcessRequestHandler(),
  });
  const tableName = 'sccif-fuzz';
  let checks = 0;

  /** Creates the table as infra/constructs/data.ts lays it out (test/support/table-layout.ts; once: each reset empties it). */
  const createTable = async (): Promise<void> => {
    await client.send(new CreateTableCommand(tableLayout(tableName)));
    await tableActive(client, tableName);
  };
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    MAIL_FROM: MAIL.from,
    APP_BASE_URL: 'https://sccif.example.gov.uk',
    DFE_EMAIL: MAIL.dfe,
    MANAGER_EMAIL: MAIL.manager,
    SENIOR_MANAGER_EMAIL: MAIL.seniorManager,
    COMPLIANCE_INSPECTORS_EMAIL: 'social.care.compliance@ofsted.example',
    STATE_MACHINE_ARNS: JSON.stringify(STATE_MACHINE_ARNS),
    OPS_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111111111111:sccif-operations',
    SCHEDULE_GROUP: 'sccif-long-clocks',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/sccif-long-clocks',
    SCHEDULER_DLQ_ARN: 'arn:aws:sqs:eu-west-2:111111111111:sccif-long-clocks-undelivered',
    USER_POOL_ID: 'eu-west-2_fuzz',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.MAIL_CONFIGURATION_SET;
  const ses = mockClient(SESv2Client);
  const sfn = mockClient(SFNClient);
  const scheduler = mockClient(SchedulerClient);
  const sns = mockClient(SNSClient);
  // The managers' directory (the daily digest's recipients): one manager with a verified address.
  const cognito = mockClient(CognitoIdentityProviderClient);
  cognito
    .on(ListUsersInGroupCommand)
    .resolves({ Users: [{ Username: 'manager-1', Enabled: true, Attributes: [{ Name: 'sub', Value: 'manager-1' }, { Name: 'email', Value: MAIL.manager }, { Name: 'email_verified', Value: 'true' }] }] });
  let created = false;
  let seeded: { table: StoredTable; count: number; digest: string } | undefined;

  /**
   * Every item of the table, by key, with a hash of the item, read from dynalite's store (storedItems) rather than by a
   * Scan through its API: the snapshots were most of the harness's own requests, and each parsed every item again. An
   * item's stored bytes are a new Buffer at each write and never changed in place, so its hash is kept by Buffer.
   */
  const hashes = new WeakMap<Buffer, { key: string; hash: string }>();
  const scanItems = async () => {
    const items = new Map<string, { hash: string }>();
    for (const stored of await storedItems(store, tableName)) {
      let known = hashes.get(stored);
      if (!known) {
        const item = JSON.parse(stored.toString('utf8')) as WireItem;
        known = { key: `${item.pk?.S}|${item.sk?.S}`, hash: createHash('sha256').update(canonical(item)).digest('hex') };
        hashes.set(stored, known);
      }
      items.set(known.key, { hash: known.hash });
    }
    return items;
  };
  const digestOf = (items: Map<string, { hash: string }>) =>
    createHash('sha256')
      .update([...items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, { hash }]) => `${key}=${hash}`).join('\n'))
      .digest('hex');

  const environment: FuzzEnvironment = {
    client,
    tableName,
    get writes() {
      return writes;
    },
    ses,
    sfn,
    scheduler,
    sns,
    async reset() {
      // Emptied, not dropped and re-created: no waiting out dynalite's deferred table removal (see emptyTable).
      if (created) await emptyTable(client, tableName);
      else await createTable();
      created = true;
      await repository().putLocalAuthorities(AUTHORITIES);
      acceptEverything(environment);
    },
    async reseed(seed) {
      if (!seeded) {
        await environment.reset();
        await seed();
        const items = await scanItems();
        seeded = { table: await snapshotTable(store, tableName), count: items.size, digest: digestOf(items) };
      } else {
        await restoreTable(store, tableName, seeded.table);
        acceptEverything(environment);
      }
      const restored = await environment.baseline();
      if (restored.digest !== seeded.digest) throw new Error(`the table was not put back as seeded: ${restored.count} items, ${seeded.count} seeded`);
      return restored;
    },
    async snapshot() {
      const items = await scanItems();
      return { count: items.size, digest: digestOf(items), keys: new Map([...items].map(([key, { hash }]) => [key, hash])) };
    },
    async baseline() {
      const at = writes;
      return { ...(await environment.snapshot()), writes: at };
    },
    async expectUnchanged(baseline, context) {
      checks += 1;
      if (writes === baseline.writes && checks % 10 !== 0) return;
      const after = await environment.snapshot();
      if (after.digest !== baseline.digest) throw new Error(`${context} left a partial record: ${describeChange(baseline, after)}`);
    },
    async stop() {
      ses.restore();
      sfn.restore();
      scheduler.restore();
      sns.restore();
      // Left mocked, the next test file in this worker would see this file's one manager (test/support/shared-modules.ts).
      cognito.restore();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return environment;
}
