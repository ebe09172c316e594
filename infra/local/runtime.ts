/**
 * The embedded local runtime: dynalite (DynamoDB API), aws-ses-v2-local (SES API with an inbox), the synthesized
 * state machines run by aws-local-stepfunctions with every Task mapped to its real handler, and a Step Functions API
 * endpoint, all on 127.0.0.1 in this process. Handlers run unchanged: only the SDK endpoints differ (set through
 * the SDK's own AWS_ENDPOINT_URL_* variables), and their settings are the ones the stack gives them on AWS.
 */
import { LOCAL_ACCOUNTS } from './accounts';
import { LOCAL_CLIENT_ID } from './auth-server';
import { LOCAL_USER_POOL_ID, startDirectoryServer } from './directory-api';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HANDLERS, handlerEntry, type HandlerDefinition } from '../../functions/handlers';
import { apiGatewayEvent, matchRoute, pathExists, type ApiRequest, type ApiResponse } from './api-gateway';
import { localLambdaContext, LocalStepFunctions, type LocalHandler } from './engine';
import { deliverExecutionStatus, executionStatusRules } from './execution-status-rule';
import { LocalFaults } from './faults';
import { inProcessRequestHandler, serveInProcess } from './in-process-transport';
import { ExecutionJournal } from './journal';
import { startOperationsInbox, type OperationsNotice } from './operations-inbox';
import { recurringSchedules, RecurringSchedules } from './recurring-schedules';
import { startSchedulerServer, type LocalScheduler } from './scheduler-api';
import { deliverSesEvents, sesEventRules } from './ses-event-rule';
import { startSesServer } from './ses-server';
import { startStepFunctionsServer } from './sfn-api';
import { LOCAL_REGION, localStateMachines, resolveIntrinsics, type CfnTemplate } from './template';
import { ensurePortFree } from './ports';
import { tableActive } from './table-active';
import { loadTemplate } from './template-cache';
import type { InMemorySes } from './memory-ses';
import type { EmailService } from '../../functions/adapters/mailer';
import { runHandler, VirtualClock } from './virtual-clock';

/** What only the local runtime sets, in both its modes (servers and in-memory). */
const LOCAL_ONLY_ENVIRONMENT = {
  // The web pages trust the local server's x-sccif-* headers only here (functions/adapters/config.ts).
  LOCAL_RUNTIME: '1',
  // The SDK warns once per process that its releases after January 2027 need Node 22: the Lambdas run Node 22;
  // this runtime runs on the Node 20 of the machine (package.json engines), so the warning says nothing new here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // The web sign-in's identity provider is the local server's (it passes its URL in `settings`); without a server
  // (tests and the bench driving handlers directly) these stand in for the user pool's, which the template cannot
  // resolve locally: one unparsable variable would fail every handler's configuration.
  AUTH_BASE_URL: 'http://127.0.0.1/_local/auth',
  AUTH_ISSUER: 'http://127.0.0.1/_local/auth',
  AUTH_CLIENT_ID: LOCAL_CLIENT_ID,
  // The managers' directory (the daily digest's recipients): the local user pool of directory-api.ts.
  USER_POOL_ID: LOCAL_USER_POOL_ID,
} as const;

/** Node's own setInterval, taken before the virtual clock is installed. */
const realSetInterval = globalThis.setInterval;

export interface LocalRuntimeOptions {
  repositoryRoot: string;
  /** Where the virtual clock starts (default: now). */
  startAt?: Date;
  /** `true` (default): time flows as real time between advances; `false`: time only moves when advanced. */
  realTime?: boolean;
  /** Keep DynamoDB data in this folder between runs (dynalite's LevelDB store); in memory by default. */
  dataDir?: string;
  /**
   * Settings that differ from the synthesized template's locally: the local server's own URL (APP_BASE_URL, for
   * links in emails) and its identity provider (AUTH_*), in place of the deployment's.
   */
  settings?: Record<string, string>;
  /** Wraps each handler, e.g. to inject faults in tests. */
  wrapHandler?: (handlerId: string, handler: LocalHandler) => LocalHandler;
  /** Seed the reference data (local authorities) from config/local-authorities.json. Default true. */
  seedReferenceData?: boolean;
  /**
   * `true`: the handlers' repository, mailer and workflow client talk to an in-memory table on Maps (memory-dynamodb.ts,
   * held to the repository's contract tests), an in-memory SES inbox and the engine itself, with no HTTP servers and no
   * SDK request pipeline.
   * The same ASL and handlers run; only the adapters' transport differs. For long simulations (the bench's year);
   * the default (`false`) serves the real AWS APIs on loopback, as `npm start` and the end-to-end tests need.
   */
  inMemory?: boolean;
  /** Ports of the side servers on 127.0.0.1 (0 or absent: any free port). */
  ports?: SidePorts;
  /**
   * Fire the template's recurring schedules (the managers' daily digest, infra/local/recurring-schedules.ts) on the
   * virtual clock. `npm start` does; off by default, so that a test of one process finds only that process's
   * emails in the inbox.
   */
  recurringSchedules?: boolean;
  /**
   * Send the template's SES event rules (record-email-event) an event for each email the local SES accepts, as SES's
   * mailbox simulator would (ses-event-rule.ts), so that emails show as delivered or bounced. `npm start` does; off by
   * default, so that a test's notifications stay as its emails left them.
   */
  sesEvents?: boolean;
  /**
   * `true` (default): the runtime's own SDK clients (the handlers', its set-up's) reach its AWS API servers in memory
   * (in-process-transport.ts), skipping loopback TCP; the servers listen on their ports all the same, for everyone
   * else. `false`: over TCP, as another process reaches them (test/workflows/runtime-clock.test.ts keeps that path).
   */
  inProcessTransport?: boolean;
}

export interface SidePorts {
  dynamodb?: number;
  ses?: number;
  stepFunctions?: number;
  /** EventBridge Scheduler (the long clocks' one-time schedules). */
  scheduler?: number;
  /** SNS (the operations topic). */
  sns?: number;
}

interface Closable {
  close(callback?: (error?: Error) => void): unknown;
}

/**
 * The side servers (DynamoDB, SES and its inbox, Step Functions) answer only requests addressed to them on loopback:
 * a page on another site that rebinds its DNS name to 127.0.0.1 sends its own Host header, and is refused (403).
 */
export function refuseForeignHosts(server: Server): void {
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const host = (request.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('this local server answers only requests addressed to 127.0.0.1 or localhost\n');
      request.resume();
      return;
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
}

function listen(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${bound}`);
    });
  });
}

/**
 * The local AWS API servers answer with a Date header from the virtual clock, as AWS's agrees with Lambda's. Node
 * would stamp real time: after a jump of the virtual clock the SDK in a handler would measure a skew of days,
 * correct its clock offset and mark the failed request of that moment (an expected ConditionalCheckFailed, say) as
 * retryable, and retry a request that must not be retried.
 */
function stampVirtualDates(server: Server): void {
  server.prependListener('request', (_request, response: ServerResponse) => {
    response.setHeader('date', new Date().toUTCString());
  });
}

function close(server: Closable): Promise<void> {
  return new Promise((resolve) => {
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** The table as the stack defines it: keys and indexes are read from the synthesized template. */
function tableDefinition(template: CfnTemplate): { logicalId: string; input: CreateTableCommandInput } {
  const entry = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
  if (!entry) throw new Error('the stack has no DynamoDB table');
  const [logicalId, resource] = entry;
  const properties = resource.Properties as Record<string, unknown>;
  return {
    logicalId,
    input: {
      TableName: logicalId,
      KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
      AttributeDefinitions: properties.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      GlobalSecondaryIndexes: (properties.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map((index) => ({
        IndexName: index.IndexName as string,
        KeySchema: index.KeySchema as never,
        Projection: index.Projection as never,
      })),
      BillingMode: 'PAY_PER_REQUEST',
    },
  };
}

/**
 * The variables the handlers get on AWS, resolved with local names. Each function is given only the ones it uses;
 * here all handlers share one process, so they share the union (one value per variable, or the stack is wrong).
 */
function handlerEnvironment(template: CfnTemplate): Record<string, string> {
  const union: Record<string, string> = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !resource.Metadata?.['sccif:handler']) continue;
    const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [name, value] of Object.entries(resolveIntrinsics(variables, template) as Record<string, string>)) {
      if (name in union && union[name] !== value) throw new Error(`the functions disagree on ${name}: ${union[name]} and ${value}`);
      union[name] = value;
    }
  }
  return union;
}

export class LocalRuntime {
  private constructor(
    readonly engine: LocalStepFunctions,
    readonly clock: VirtualClock,
    readonly urls: { dynamodb: string; ses: string; stepFunctions: string; sns: string; scheduler: string },
    readonly environment: Record<string, string>,
    /** Faults injected into the local DynamoDB, SES and Step Functions endpoints (POST /_local/faults). */
    readonly faults: LocalFaults,
    /** What the handlers published to the operations topic (the local SNS endpoint), oldest first. */
    readonly operationsNotices: readonly OperationsNotice[],
    private readonly servers: Closable[],
    private readonly handlers: ReadonlyMap<string, LocalHandler>,
    /** EventBridge Scheduler: the long clocks, firing on the virtual clock. */
    readonly scheduler: LocalScheduler,
    private readonly journal?: ExecutionJournal,
    private readonly memory?: { ses: InMemorySes; restore: () => Promise<void> },
  ) {}

  /** How many unfinished executions the journal held at start (started again). */
  resumed = 0;
  /** EventBridge Scheduler's recurring schedules, when the runtime fires them (options.recurringSchedules). */
  schedules?: RecurringSchedules;
  private clockSaver?: NodeJS.Timeout;
  /** Loads what the runtime left to its first use (the handlers' modules, the SES package): see warmUp. */
  private deferred: (() => Promise<void>)[] = [];

  /**
   * Does now what start-up left to first use (the handlers' modules, the SES server's package), so that the first
   * request and the first email do not wait for them.
   */
  async warmUp(): Promise<void> {
    await Promise.all(this.deferred.map((load) => load()));
  }

  /** Calls the API handler of a route with the event API Gateway would send (404/405 when no route matches). */
  async callApi(request: ApiRequest): Promise<ApiResponse> {
    const matched = matchRoute(request.method, request.path);
    if (!matched) {
      const status = pathExists(request.path) ? 405 : 404;
      const message = status === 405 ? `${request.method} is not allowed on ${request.path}` : `no route ${request.path}`;
      return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: status === 405 ? 'MethodNotAllowed' : 'NotFound', message }) };
    }
    const handler = this.handlers.get(matched.route.id);
    if (!handler) throw new Error(`no handler for ${matched.route.id}`);
    const event = apiGatewayEvent(request, matched.route, matched.pathParameters, matched.resourcePath);
    return (await runHandler(matched.route.id, () => handler(event, localLambdaContext(matched.route.id)))) as ApiResponse;
  }

  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    if (options.inMemory) return LocalRuntime.startInMemory(options);
    const ports = options.ports ?? {};
    // Before anything starts: a taken port is one clear error, not a stack trace from deep inside a server.
    await ensurePortFree('DynamoDB', ports.dynamodb);
    await ensurePortFree('SES', ports.ses);
    await ensurePortFree('Step Functions', ports.stepFunctions);
    await ensurePortFree('EventBridge Scheduler', ports.scheduler);
    await ensurePortFree('SNS', ports.sns);
    const { template } = await loadTemplate(options.repositoryRoot);
    const servers: Closable[] = [];
    const faults = new LocalFaults();
    const inProcess = options.inProcessTransport ?? true;
    /** The handlers' SDK clients reach `server` in memory (unless told otherwise); it listens on its port all the same. */
    const serveHandlers = (server: Server) => {
      if (inProcess) serveInProcess(server);
    };

    // DynamoDB API (dynalite), in memory unless a data folder is given.
    const { default: dynalite } = await import('dynalite');
    const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: options.dataDir } : {}) });
    stampVirtualDates(dynamoServer);
    refuseForeignHosts(dynamoServer);
    faults.install(dynamoServer, 'dynamodb');
    const dynamodb = await listen(dynamoServer, ports.dynamodb);
    servers.push(dynamoServer);
    serveHandlers(dynamoServer);

    // SES API with an inbox (aws-ses-v2-local), bound to loopback only; the package loads on the first request
    // (ses-server.ts), or when `npm start` warms it once ready.
    const sesServer = await startSesServer(ports.ses);
    const ses = sesServer.server;
    stampVirtualDates(ses);
    refuseForeignHosts(ses);
    faults.install(ses, 'ses');
    servers.push(ses);
    serveHandlers(ses);
    const sesUrl = sesServer.url;

    // SNS (the operations topic): a Publish endpoint whose messages form the operations inbox.
    const operations = await startOperationsInbox(ports.sns);
    stampVirtualDates(operations.server);
    refuseForeignHosts(operations.server);
    servers.push(operations.server);
    serveHandlers(operations.server);

    const table = tableDefinition(template);
    const environment: Record<string, string> = {
      ...handlerEnvironment(template),
      TABLE_NAME: table.logicalId,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
      AWS_ENDPOINT_URL_SESV2: sesUrl,
      AWS_ENDPOINT_URL_SNS: operations.url,
      AWS_ENDPOINT_URL_SFN: 'pending',
      ...LOCAL_ONLY_ENVIRONMENT,
      ...(options.settings ?? {}),
    };
    Object.assign(process.env, environment);

    const client = new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      ...(inProcess ? { requestHandler: inProcessRequestHandler() } : {}),
    });
    try {
      await client.send(new CreateTableCommand(table.input));
      await tableActive(client, table.input.TableName!);
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    } finally {
      client.destroy();
    }

    const { handlers, load: loadHandlers } = await importHandlers(options);
    const journal = options.dataDir ? new ExecutionJournal(options.dataDir) : undefined;
    const engine: LocalStepFunctions = new LocalStepFunctions({
      machines: localStateMachines(template),
      handlers,
      ...(journal ? { journal } : {}),
      onFinished: deliverExecutionStatus(executionStatusRules(template), (handlerId, event) => engine.invokeHandler(handlerId, event)),
    });
    const { server: sfnServer, url: stepFunctions } = await startStepFunctionsServer(engine, ports.stepFunctions);
    stampVirtualDates(sfnServer);
    refuseForeignHosts(sfnServer);
    faults.install(sfnServer, 'stepfunctions');
    servers.push(sfnServer);
    serveHandlers(sfnServer);
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctions;
    environment.AWS_ENDPOINT_URL_SFN = stepFunctions;

    const { server: schedulerServer, url: schedulerUrl, scheduler } = await startSchedulerServer(engine, journal, ports.scheduler);
    stampVirtualDates(schedulerServer);
    refuseForeignHosts(schedulerServer);
    servers.push(schedulerServer);
    serveHandlers(schedulerServer);
    process.env.AWS_ENDPOINT_URL_SCHEDULER = schedulerUrl;
    environment.AWS_ENDPOINT_URL_SCHEDULER = schedulerUrl;

    // The user pool's directory (ListUsersInGroup: the daily digest's managers), from the local accounts.
    const directory = await startDirectoryServer(LOCAL_ACCOUNTS);
    stampVirtualDates(directory.server);
    servers.push(directory.server);
    serveHandlers(directory.server);
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = directory.url;
    environment.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = directory.url;

    if (options.seedReferenceData ?? true) await seedReferenceData(options.repositoryRoot);

    // Time never moves back across a restart: the clock starts at the later of now and where it stood.
    const saved = journal?.savedClock();
    const start = options.startAt ?? (saved && saved.getTime() > Date.now() ? saved : undefined);
    // Last: from here on Date, setTimeout and clearTimeout are the virtual clock's.
    const clock = VirtualClock.install({ start, realTime: options.realTime ?? true });
    const runtime = new LocalRuntime(engine, clock, { dynamodb, ses: sesUrl, stepFunctions, sns: operations.url, scheduler: schedulerUrl }, environment, faults, operations.notices, servers, handlers, scheduler, journal);
    runtime.deferred.push(sesServer.load, loadHandlers);
    if (journal) runtime.resume(journal);
    if (options.recurringSchedules) runtime.armSchedules(template);
    if (options.sesEvents) sesServer.onAccepted(deliverSesEvents(sesEventRules(template), (handlerId, event) => engine.invokeHandler(handlerId, event), () => new Date()));
    return runtime;
  }

  /** Arms the template's recurring schedules on the virtual clock; each occurrence invokes its handler. */
  private armSchedules(template: CfnTemplate): void {
    this.schedules = new RecurringSchedules(recurringSchedules(template), this.clock, (handlerId, event) => {
      const handler = this.handlers.get(handlerId);
      if (!handler) throw new Error(`no handler ${handlerId}`);
      return runHandler(handlerId, () => handler(event, localLambdaContext(handlerId)));
    });
    this.schedules.start();
  }

  /** Restores the executions that finished before a restart and starts again, by name and input, those that had not. */
  private resume(journal: ExecutionJournal): void {
    const { resume, finished } = journal.pending();
    for (const { started, finished: end } of finished.values()) {
      this.engine.restore({
        executionArn: started.executionArn,
        stateMachineArn: started.stateMachineArn,
        name: started.name,
        input: started.input,
        status: end.status,
        startDate: new Date(started.startDate),
        stopDate: new Date(end.stopDate),
        ...(end.output !== undefined ? { output: end.output } : {}),
        ...(end.error !== undefined ? { error: end.error } : {}),
        ...(end.cause !== undefined ? { cause: end.cause } : {}),
        events: end.events,
      });
    }
    for (const entry of resume) this.engine.startExecution({ stateMachineArn: entry.stateMachineArn, name: entry.name, input: entry.input });
    this.resumed = resume.length;
    this.scheduler.restore(journal.schedules());
    journal.saveClock(this.clock.now());
    // Saved every second of real time too (a kill loses at most that), on Node's own timer.
    this.clockSaver = realSetInterval(() => journal.saveClock(this.clock.now()), 1_000);
    this.clockSaver.unref();
  }

  /** The runtime with in-memory adapters (`inMemory: true`): no servers, the same template, ASL and handlers. */
  private static async startInMemory(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    if (options.dataDir) throw new Error('dataDir needs the DynamoDB server: it cannot be combined with inMemory');
    const { template } = await loadTemplate(options.repositoryRoot);
    const table = tableDefinition(template);
    const environment: Record<string, string> = {
      ...handlerEnvironment(template),
      TABLE_NAME: table.logicalId,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...LOCAL_ONLY_ENVIRONMENT,
      ...(options.settings ?? {}),
    };
    Object.assign(process.env, environment);

    const [{ InMemoryDynamoDb }, { InMemorySes }, { inProcessStepFunctions }, repositoryModule, sessionsModule, mailerModule, workflowsModule] = await Promise.all([
      import('./memory-dynamodb'),
      import('./memory-ses'),
      import('./sfn-api'),
      import('../../functions/adapters/repository'),
      import('../../functions/adapters/sessions'),
      import('../../functions/adapters/mailer'),
      import('../../functions/adapters/workflows'),
    ]);
    const dynamodb = new InMemoryDynamoDb();
    await dynamodb.createTable(table.input);
    const ses = new InMemorySes();
    repositoryModule.useRepository(new repositoryModule.InspectionRepository({ documents: dynamodb.documents, tableName: table.logicalId }));
    // The web pages' sessions are items of the same table.
    sessionsModule.useSessionStore(new sessionsModule.SessionStore(() => table.logicalId, dynamodb.documents));
    mailerModule.useEmailService(ses.client);

    const { handlers, load: loadHandlers } = await importHandlers(options);
    const engine: LocalStepFunctions = new LocalStepFunctions({
      machines: localStateMachines(template),
      handlers,
      onFinished: deliverExecutionStatus(executionStatusRules(template), (handlerId, event) => engine.invokeHandler(handlerId, event)),
    });
    workflowsModule.useWorkflows(new workflowsModule.WorkflowClient({ client: inProcessStepFunctions(engine) }));
    // EventBridge Scheduler (the long clocks, rare) stays on its loopback server.
    const { server: schedulerServer, url: schedulerUrl, scheduler } = await startSchedulerServer(engine);
    stampVirtualDates(schedulerServer);
    const inProcess = options.inProcessTransport ?? true;
    if (inProcess) serveInProcess(schedulerServer);
    process.env.AWS_ENDPOINT_URL_SCHEDULER = schedulerUrl;
    environment.AWS_ENDPOINT_URL_SCHEDULER = schedulerUrl;
    const restore = async () => {
      repositoryModule.useRepository(undefined);
      sessionsModule.useSessionStore(undefined);
      mailerModule.useEmailService(undefined);
      workflowsModule.useWorkflows(undefined);
    };

    // The operations topic (SNS, rare) stays on its loopback inbox too; faults apply to the servers only.
    const operations = await startOperationsInbox();
    if (inProcess) serveInProcess(operations.server);
    process.env.AWS_ENDPOINT_URL_SNS = operations.url;
    environment.AWS_ENDPOINT_URL_SNS = operations.url;
    const directory = await startDirectoryServer(LOCAL_ACCOUNTS);
    if (inProcess) serveInProcess(directory.server);
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = directory.url;
    environment.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = directory.url;

    if (options.seedReferenceData ?? true) await seedReferenceData(options.repositoryRoot);
    const clock = VirtualClock.install({ start: options.startAt, realTime: options.realTime ?? true });
    const inMemory = 'in-memory (no endpoint)';
    const runtime = new LocalRuntime(
      engine,
      clock,
      { dynamodb: inMemory, ses: inMemory, stepFunctions: inMemory, sns: operations.url, scheduler: schedulerUrl },
      environment,
      new LocalFaults(),
      operations.notices,
      [schedulerServer, operations.server, directory.server],
      handlers,
      scheduler,
      undefined,
      { ses, restore },
    );
    runtime.deferred.push(loadHandlers);
    if (options.recurringSchedules) runtime.armSchedules(template);
    return runtime;
  }

  /**
   * Resolves once no handler is running and the event loop has had a few quiet turns (for the work a finished
   * handler sets off: the next state's invocation starts a turn or two later). While handlers run it waits for the
   * engine to say it is idle rather than turning the event loop over and over.
   */
  async settle(): Promise<void> {
    let quietTurns = 0;
    while (quietTurns < 8) {
      if (this.engine.busy > 0) {
        await this.engine.idle();
        quietTurns = 0;
      }
      if (this.schedules && this.schedules.busy > 0) {
        await this.schedules.idle();
        quietTurns = 0;
      }
      await this.clock.realTurn();
      quietTurns = this.engine.busy === 0 && (this.schedules?.busy ?? 0) === 0 ? quietTurns + 1 : 0;
    }
  }

  async advanceTo(target: Date): Promise<void> {
    await this.clock.advanceTo(target, { settle: () => this.settle() });
    this.journal?.saveClock(this.clock.now());
  }

  async advanceBy(milliseconds: number): Promise<void> {
    await this.clock.advanceBy(milliseconds, { settle: () => this.settle() });
    this.journal?.saveClock(this.clock.now());
  }

  async advanceToNextTimer(): Promise<Date | undefined> {
    const next = await this.clock.advanceToNextTimer({ settle: () => this.settle() });
    this.journal?.saveClock(this.clock.now());
    return next;
  }

  /**
   * In-memory mode: the SES the handlers send through (the in-memory inbox), for a test that puts something in front
   * of it (test/reliability/runtime-driver.ts: SES throttling). `undefined` on the servers: their SES has a URL.
   */
  get inMemorySes(): EmailService | undefined {
    return this.memory?.ses.client;
  }

  /** The emails in the local SES inbox. */
  async inbox(): Promise<{ messageId: string; from: string; destination: { to: string[] }; subject: string; body: { text?: string; html?: string } }[]> {
    if (this.memory) return [...this.memory.ses.emails];
    const response = await fetch(`${this.urls.ses}/store`);
    return ((await response.json()) as { emails: never[] }).emails;
  }

  async stop(): Promise<void> {
    if (this.clockSaver) clearInterval(this.clockSaver);
    this.journal?.saveClock(this.clock.now());
    // The runs stopped now are unfinished, not aborted: the next start with the same data folder resumes them.
    this.journal?.close();
    this.scheduler.stop();
    this.schedules?.stop();
    this.engine.stopAll();
    // The aborted runs reach their next Task (see the engine's overrideFor) on the virtual clock, not Node's: its
    // timeout (up to 365 days) would otherwise overflow Node's timer with a TimeoutOverflowWarning.
    await this.clock.realTurn();
    this.clock.uninstall();
    await Promise.all(this.servers.map(close));
    await this.memory?.restore();
  }
}

/**
 * A handler's module (its entry, functions/handlers.ts), imported through a pattern per folder rather than a path
 * computed at run time: esbuild then puts every handler into the bundle `npm start` runs (infra/local/start.mjs),
 * each as a chunk of its own; under tsx (the tests) the same import loads the file.
 */
function importHandlerModule(handler: HandlerDefinition): Promise<{ handler?: LocalHandler }> {
  const entry = handlerEntry(handler);
  const [, folder, name] = /^functions\/(steps|api|web)\/([\w-]+)\.ts$/.exec(entry) ?? [];
  switch (folder) {
    case 'steps':
      return import(`../../functions/steps/${name}.ts`);
    case 'api':
      return import(`../../functions/api/${name}.ts`);
    case 'web':
      return import(`../../functions/web/${name}.ts`);
    default:
      throw new Error(`the local runtime cannot import ${entry}: handlers live in functions/steps, functions/api or functions/web`);
  }
}

/**
 * Every handler, from the same modules the Lambda bundles are built from, each imported on its first invocation (as
 * a Lambda's cold start): a start does not evaluate 23 handlers' modules before /health answers. `load` imports them
 * all now (LocalRuntime.warmUp; `npm start` calls it once ready).
 */
async function importHandlers(options: LocalRuntimeOptions): Promise<{ handlers: Map<string, LocalHandler>; load: () => Promise<void> }> {
  // The web pages render precompiled templates: compiled again first when a template changed since the last start.
  const { refreshCompiledTemplates } = await import('../../functions/cli/web-templates');
  await refreshCompiledTemplates();
  const handlers = new Map<string, LocalHandler>();
  const loaders: (() => Promise<LocalHandler>)[] = [];
  for (const handler of HANDLERS as readonly HandlerDefinition[]) {
    let loaded: Promise<LocalHandler> | undefined;
    const load = () =>
      (loaded ??= importHandlerModule(handler).then((module) => {
        if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(handler)} exports no handler`);
        return module.handler;
      }));
    loaders.push(load);
    const lazy: LocalHandler = async (event, context) => (await load())(event, context);
    handlers.set(handler.id, options.wrapHandler ? options.wrapHandler(handler.id, lazy) : lazy);
  }
  return {
    handlers,
    // One at a time: each import is mostly synchronous evaluation, and the server keeps answering between them.
    load: async () => {
      for (const load of loaders) await load();
    },
  };
}

/** The local authorities of config/local-authorities.json, through the handlers' own repository. */
async function seedReferenceData(repositoryRoot: string): Promise<void> {
  const { repository } = await import('../../functions/adapters/repository');
  const { LocalAuthorities } = await import('../../functions/core/schemas');
  const authorities = LocalAuthorities.parse(JSON.parse(readFileSync(path.join(repositoryRoot, 'config/local-authorities.json'), 'utf8')));
  await repository().putLocalAuthorities(authorities);
  // A few dozen fictional establishments (config/local-register.csv, the import's layout), once per data dir.
  if ((await repository().listEstablishments()).length === 0) {
    const { parseRegisterCsv } = await import('../../functions/core/register-import');
    const register = parseRegisterCsv(
      readFileSync(path.join(repositoryRoot, 'config/local-register.csv'), 'utf8'),
      new Map(authorities.map((authority) => [authority.name.trim().toLowerCase(), authority.code])),
    );
    if (!register.ok) throw new Error(`config/local-register.csv: ${JSON.stringify(register.problems[0])}`);
    await repository().importEstablishments(register.entries, new Date().toISOString());
  }
}
