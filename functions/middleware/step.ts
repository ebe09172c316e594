/**
 * Step Functions Lambda steps: `export const handler = stepHandler(InputSchema, async (input, context) => ...)`.
 *
 * Middlewares, in order: `injectLambdaContext` (request id, cold start), `stepLogging` (one line per
 * invocation: handler, ids, outcome, duration; never the payload) and `parseStepInput` (the event through the zod schema; a ValidationError naming every field otherwise).
 * Errors are rethrown untouched: Step Functions matches Retry and Catch on the error's `name`.
 */
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { injectLambdaContext, logger, stackFrames, type LogFields } from './logger';

/** Ids we log are our own identifiers; anything else (or anything odd) is left out. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The allow-listed identifiers found in an event: never anything else from it. */
export function identifiersOf(event: unknown): LogFields {
  if (typeof event !== 'object' || event === null) return {};
  const source = event as Record<string, unknown>;
  const fields: LogFields = {};
  for (const key of ['inspectionId', 'approvalId', 'process', 'stepId', 'duty'] as const) {
    const value = source[key];
    if (typeof value === 'string' && SAFE_ID.test(value)) fields[key] = value;
  }
  return fields;
}

/** Logs one line when the step ends, with its outcome. */
export function stepLogging(name?: string): MiddlewareObj<unknown, unknown> {
  const started = new WeakMap<object, number>();
  const handlerName = (context: Context) => name ?? (context.functionName || 'step');
  return {
    name: 'stepLogging',
    before(request) {
      started.set(request, performance.now());
    },
    after(request) {
      logger.info('step finished', {
        handler: handlerName(request.context),
        ...identifiersOf(request.event),
        status: 'ok',
        durationMs: Math.round(performance.now() - (started.get(request) ?? performance.now())),
      } satisfies LogFields);
    },
    onError(request) {
      const error = request.error;
      logger.error('step failed', {
        handler: handlerName(request.context),
        ...identifiersOf(request.event),
        status: 'error',
        durationMs: Math.round(performance.now() - (started.get(request) ?? performance.now())),
        errorName: error?.name ?? 'Error',
        ...(error?.name === 'ValidationError' ? {} : { errorStack: stackFrames(error) }),
      } satisfies LogFields);
    },
  };
}

/** Replaces the event with the schema's output, or throws a ValidationError naming each field. */
export function parseStepInput<S extends z.core.$ZodType>(schema: S): MiddlewareObj<unknown, unknown> {
  return {
    name: 'parseStepInput',
    before(request) {
      const parsed = parseWith(schema, request.event);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      request.event = parsed.value;
    },
  };
}

export type StepFunction<S extends z.core.$ZodType, R> = (input: z.output<S>, context: Context) => Promise<R>;

export function stepHandler<S extends z.core.$ZodType, R>(
  schema: S,
  fn: StepFunction<S, R>,
  options: { name?: string } = {},
): MiddyfiedHandler<unknown, R> {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger))
    .use(stepLogging(options.name))
    .use(parseStepInput(schema))
    .handler((event, context) => fn(event as z.output<S>, context));
}
