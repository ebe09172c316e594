/**
 * The log: one JSON line per log call, in the shape of the Powertools Logger that wrote it before (2026-11-29):
 * `level`, `message`, `timestamp`, `service`, then, once `injectLambdaContext` has run, the invocation's `cold_start`
 * and `function_request_id`, the X-Ray `xray_trace_id`, and then the allow-listed fields below. INFO goes to stdout,
 * WARN and ERROR to stderr. Of everything else only the allow-listed fields are kept: events are never logged, since
 * they may hold children's initials, email addresses or free-text concerns. A field not on the list is dropped,
 * whatever the caller passes (an `error` object too: its message may quote input; log `errorName` and
 * `errorStack: stackFrames(error)` instead).
 *
 * Why not Powertools' Logger any more: our allow-list already replaced its formatter, and what it still did for us
 * is the few lines below (the JSON line, the level threshold, the cold start, the request and trace ids). Loading it
 * was 24 KB and ~9 ms of every handler's cold import, about an eighth of it (issue 14). What we give up: its
 * POWERTOOLS_DEV pretty printing, debug sampling, log buffering and persistent keys, none of which we used; the
 * level is still read from Lambda's AWS_LAMBDA_LOG_LEVEL, POWERTOOLS_LOG_LEVEL or LOG_LEVEL, as Powertools read it.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** A type, not an interface, so that it is assignable to `LogAttributes`. */
export type LogFields = {
  handler?: string;
  inspectionId?: string;
  approvalId?: string;
  process?: string;
  stepId?: string;
  duty?: string;
  /** `ok`/`error` for steps, the HTTP status code for the API. */
  status?: string | number;
  durationMs?: number;
  errorName?: string;
  /** Stack frames only: the message line is removed, since messages may quote input. */
  errorStack?: string;
};

/** Whatever a caller passes: only the allow-listed fields are written. */
export type LogAttributes = Readonly<Record<string, unknown>>;

const ALLOWED: ReadonlySet<string> = new Set<keyof LogFields>([
  'handler',
  'inspectionId',
  'approvalId',
  'process',
  'stepId',
  'duty',
  'status',
  'durationMs',
  'errorName',
  'errorStack',
]);

const MAX_TEXT = 2000;

function clean(fields: LogAttributes | Error | undefined): LogFields {
  if (!fields || fields instanceof Error) return {};
  const kept: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === 'string') kept[key] = value.slice(0, MAX_TEXT);
    else if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
  }
  return kept as LogFields;
}

type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Powertools' level numbers, so that the same settings give the same threshold. */
const LEVELS: Readonly<Partial<Record<string, number>>> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };

/**
 * As Powertools chose it: Lambda's own log level (AWS_LAMBDA_LOG_LEVEL, its advanced logging controls) when set,
 * else POWERTOOLS_LOG_LEVEL or LOG_LEVEL, else INFO.
 */
function thresholdFrom(env: NodeJS.ProcessEnv): number {
  const lambdaLevel = env.AWS_LAMBDA_LOG_LEVEL === 'FATAL' ? 'CRITICAL' : (env.AWS_LAMBDA_LOG_LEVEL ?? '');
  return LEVELS[lambdaLevel] ?? LEVELS[env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL || ''] ?? LEVELS.INFO!;
}

/** The Root of the X-Ray trace header Lambda sets for each invocation (`Root=1-…;Parent=…;Sampled=1`). */
function traceIdFrom(env: NodeJS.ProcessEnv): string | undefined {
  const header = env._X_AMZN_TRACE_ID ?? '';
  if (!header.includes('=')) return header || undefined;
  return /(?:^|;)Root=([^;]*)/.exec(header)?.[1] || undefined;
}

export class Logger {
  /** As Powertools: only an on-demand environment has a cold start (not provisioned concurrency). */
  private coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
  private invocation: { cold_start: boolean; function_request_id: string } | undefined;
  private readonly threshold = thresholdFrom(process.env);
  /** Every invocation writes its line here, so it is opened now; stderr only when something goes wrong. */
  private readonly stdout = process.stdout;

  constructor(private readonly serviceName: string) {}

  /** The invocation's request id, and whether it is the environment's first (what `injectLambdaContext` adds). */
  addContext(context: Pick<Context, 'awsRequestId'>): void {
    this.invocation = { cold_start: this.coldStart, function_request_id: context.awsRequestId };
    this.coldStart = false;
  }

  info(message: string, fields?: LogAttributes | Error): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields?: LogAttributes | Error): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields?: LogAttributes | Error): void {
    this.write('ERROR', message, fields);
  }

  /** The message is ours: callers pass constant text, never input. Empty values are left out, as Powertools did. */
  private write(level: LogLevel, message: string, fields: LogAttributes | Error | undefined): void {
    if (LEVELS[level]! < this.threshold) return;
    const line: Record<string, unknown> = {
      level,
      message,
      // Always UTC. (Powertools wrote a local offset where TZ named another zone; Lambda's TZ is UTC.)
      timestamp: new Date().toISOString(),
      service: this.serviceName,
      ...this.invocation,
      xray_trace_id: traceIdFrom(process.env),
      ...clean(fields),
    };
    for (const key of Object.keys(line)) if (line[key] === undefined || line[key] === null || line[key] === '') delete line[key];
    (level === 'INFO' ? this.stdout : process.stderr).write(`${JSON.stringify(line)}\n`);
  }
}

/** Middleware, first in every handler: the invocation's request id and cold start on each line it logs. */
export function injectLambdaContext(target: Logger): MiddlewareObj {
  return {
    before(request) {
      target.addContext(request.context);
    },
  };
}

/** `Error: message\n    at f (...)` → `    at f (...)`: where it happened, not what the input said. */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.join('\n') || undefined;
}

/** A logger for the service; `logger` below is the one the handlers share. */
export function createLogger(): Logger {
  return new Logger('sccif-workflows');
}

export const logger: Logger = createLogger();
