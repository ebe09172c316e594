/**
 * The Powertools logger with our allow-list as its formatter: one JSON line per log call. Powertools adds the
 * timestamp, and (once `injectLambdaContext` has run) the request id and cold-start flag of the invocation and the
 * X-Ray trace id. Of everything else, only the allow-listed fields below are kept: events are never logged, since
 * they may hold children's initials, email addresses or free-text concerns. A field not on the list is dropped,
 * whatever the caller passes (an `error` object too: its message may quote input; log `errorName` and
 * `errorStack: stackFrames(error)` instead).
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** A type, not an interface, so that it is assignable to Powertools' `LogAttributes`. */
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

function clean(fields: LogAttributes): LogFields {
  const kept: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === 'string') kept[key] = value.slice(0, MAX_TEXT);
    else if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
  }
  return kept as LogFields;
}

/**
 * Powertools' own keys for what it knows about the invocation (level, timestamp, service, cold start, request id,
 * trace id), then the allow-listed fields. The message is ours: callers pass constant text, never input.
 */
export class AllowListFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...clean(additionalLogAttributes),
      },
    });
  }
}

/** `Error: message\n    at f (...)` → `    at f (...)`: where it happened, not what the input said. */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.join('\n') || undefined;
}

/** A logger with the allow-list formatter; `logger` below is the one the handlers share. */
export function createLogger(): Logger {
  return new Logger({ serviceName: 'sccif-workflows', logFormatter: new AllowListFormatter() });
}

export const logger: Logger = createLogger();
