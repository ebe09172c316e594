/**
 * The embedded local runtime: dynalite (DynamoDB API), aws-ses-v2-local (SES API with an inbox), the synthesized
 * state machines run by aws-local-stepfunctions with every Task mapped to its real handler, and a Step Functions API
 * endpoint, all on 127.0.0.1 in this process. Handlers run unchanged: only the SDK endpoints differ (set through
 * the SDK's own AWS_ENDPOINT_URL_* variables), and their settings are the ones the stack gives them on AWS.
 */
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLERS, handlerEntry, type HandlerDefinition } from '../../functions/handlers';
import { apiGatewayEvent, matchRoute, pathExists, type ApiRequest, type ApiResponse } from './api-gateway';
import { localLambdaContext, LocalStepFunctions, type LocalHandler } from './engine';
import { startStepFunctionsServer } from './sfn-api';
import { LOCAL_REGION, localStateMachines, resolveIntrinsics, type CfnTemplate } from './template';
import { loadTemplate } from './template-cache';
import { runHandler, VirtualClock } from './virtual-clock';

export interface LocalRuntimeOptions {
  repositoryRoot: string;
  /** Where the virtual clock starts (default: now). */
  startAt?: Date;
  /** `true` (default): time flows as real time between advances; `false`: time only moves when advanced. */
  realTime?: boolean;
  /** Keep DynamoDB data in this folder between runs (dynalite's LevelDB store); in memory by default. */
  dataDir?: string;
  /** Wraps each handler, e.g. to inject faults in tests. */
  wrapHandler?: (handlerId: string, handler: LocalHandler) => LocalHandler;
  /** Seed the reference data (local authorities) from config/local-authorities.json. Default true. */
  seedReferenceData?: boolean;
  /** Ports of the side servers on 127.0.0.1 (0 or absent: any free port). */
  ports?: SidePorts;
}

export interface SidePorts {
  dynamodb?: number;
  ses?: number;
  stepFunctions?: number;
}

/** A port the runtime was asked to use is taken: `npm start` says so in one line. */
export class PortInUseError extends Error {
  constructor(
    readonly component: string,
    readonly port: number,
  ) {
    super(`${component}: port ${port} on 127.0.0.1 is in use`);
    this.name = new.target.name;
  }
}

/** Fails with PortInUseError when `port` (not 0) cannot be bound on 127.0.0.1. */
export function ensurePortFree(component: string, port: number | undefined): Promise<void> {
  if (!port) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(component, port) : error));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

interface Closable {
  close(callback?: (error?: Error) => void): unknown;
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
    readonly urls: { dynamodb: string; ses: string; stepFunctions: string },
    readonly environment: Record<string, string>,
    private readonly servers: Closable[],
    private readonly handlers: ReadonlyMap<string, LocalHandler>,
  ) {}

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
    const event = apiGatewayEvent(request, matched.route, matched.pathParameters);
    return (await runHandler(matched.route.id, () => handler(event, localLambdaContext(matched.route.id)))) as ApiResponse;
  }

  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const ports = options.ports ?? {};
    // Before anything starts: a taken port is one clear error, not a stack trace from deep inside a server.
    await ensurePortFree('DynamoDB', ports.dynamodb);
    await ensurePortFree('SES', ports.ses);
    await ensurePortFree('Step Functions', ports.stepFunctions);
    const { template } = await loadTemplate(options.repositoryRoot);
    const servers: Closable[] = [];

    // DynamoDB API (dynalite), in memory unless a data folder is given.
    const { default: dynalite } = await import('dynalite');
    const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: options.dataDir } : {}) });
    stampVirtualDates(dynamoServer);
    const dynamodb = await listen(dynamoServer, ports.dynamodb);
    servers.push(dynamoServer);

    // SES API with an inbox (aws-ses-v2-local), bound to loopback only.
    const { default: sesServer } = (await import('aws-ses-v2-local')) as unknown as {
      default: (config: { host: string; port: number }) => Promise<Server>;
    };
    const ses = await sesServer({ host: '127.0.0.1', port: ports.ses ?? 0 });
    stampVirtualDates(ses);
    servers.push(ses);
    const sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;

    const table = tableDefinition(template);
    const environment: Record<string, string> = {
      ...handlerEnvironment(template),
      TABLE_NAME: table.logicalId,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
      AWS_ENDPOINT_URL_SESV2: sesUrl,
      AWS_ENDPOINT_URL_SFN: 'pending',
      // The SDK warns once per process that its releases after January 2027 need Node 22: the Lambdas run Node 22;
      // this runtime runs on the Node 20 of the machine (package.json engines), so the warning says nothing new here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    Object.assign(process.env, environment);

    const client = new DynamoDBClient({ region: LOCAL_REGION, endpoint: dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await client.send(new CreateTableCommand(table.input));
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    } finally {
      client.destroy();
    }

    // Every handler, imported from the same modules the Lambda bundles are built from.
    const handlers = new Map<string, LocalHandler>();
    for (const handler of HANDLERS as readonly HandlerDefinition[]) {
      const module = (await import(pathToFileURL(path.join(options.repositoryRoot, handlerEntry(handler))).href)) as {
        handler?: LocalHandler;
      };
      if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(handler)} exports no handler`);
      handlers.set(handler.id, options.wrapHandler ? options.wrapHandler(handler.id, module.handler) : module.handler);
    }

    const engine = new LocalStepFunctions({ machines: localStateMachines(template), handlers });
    const { server: sfnServer, url: stepFunctions } = await startStepFunctionsServer(engine, ports.stepFunctions);
    stampVirtualDates(sfnServer);
    servers.push(sfnServer);
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctions;
    environment.AWS_ENDPOINT_URL_SFN = stepFunctions;

    if (options.seedReferenceData ?? true) {
      const { repository } = await import('../../functions/adapters/repository');
      const { LocalAuthorities } = await import('../../functions/core/schemas');
      const authorities = LocalAuthorities.parse(
        JSON.parse(readFileSync(path.join(options.repositoryRoot, 'config/local-authorities.json'), 'utf8')),
      );
      await repository().putLocalAuthorities(authorities);
    }

    // Last: from here on Date, setTimeout and clearTimeout are the virtual clock's.
    const clock = VirtualClock.install({ start: options.startAt, realTime: options.realTime ?? true });
    return new LocalRuntime(engine, clock, { dynamodb, ses: sesUrl, stepFunctions }, environment, servers, handlers);
  }

  /** Resolves once no handler is running and the event loop has had a few quiet turns. */
  async settle(): Promise<void> {
    let quietTurns = 0;
    while (quietTurns < 8) {
      await this.clock.realTurn();
      quietTurns = this.engine.busy === 0 ? quietTurns + 1 : 0;
    }
  }

  advanceTo(target: Date): Promise<void> {
    return this.clock.advanceTo(target, { settle: () => this.settle() });
  }

  advanceBy(milliseconds: number): Promise<void> {
    return this.clock.advanceBy(milliseconds, { settle: () => this.settle() });
  }

  advanceToNextTimer(): Promise<Date | undefined> {
    return this.clock.advanceToNextTimer({ settle: () => this.settle() });
  }

  /** The emails in the local SES inbox. */
  async inbox(): Promise<{ messageId: string; from: string; destination: { to: string[] }; subject: string; body: { text?: string; html?: string } }[]> {
    const response = await fetch(`${this.urls.ses}/store`);
    return ((await response.json()) as { emails: never[] }).emails;
  }

  async stop(): Promise<void> {
    this.engine.stopAll();
    this.clock.uninstall();
    await Promise.all(this.servers.map(close));
  }
}
