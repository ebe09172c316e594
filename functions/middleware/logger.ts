/**
 * One JSON line per log call, carrying only allow-listed fields. Events are never logged: they may hold children's
 * initials, email addresses or free-text concerns. A field not on the list is dropped, whatever the caller passes.
 */
export interface LogFields {
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
}

export type LogLevel = 'info' | 'warn' | 'error';

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

function clean(fields: Record<string, unknown>): LogFields {
  const kept: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === 'string') kept[key] = value.slice(0, MAX_TEXT);
    else if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
  }
  return kept as LogFields;
}

/** `Error: message\n    at f (...)` → `    at f (...)`: where it happened, not what the input said. */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.join('\n') || undefined;
}

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  return {
    log(level, message, fields = {}) {
      write(JSON.stringify({ level, message, ...clean(fields as Record<string, unknown>) }));
    },
  };
}

export const logger: Logger = createLogger();
