/**
 * API Gateway (REST, v1 proxy) handlers:
 * `export const handler = httpHandler({ groups: ['managers'], body: Schema, fn: async ({ body, user }) => ... })`.
 *
 * Middlewares, in order: `injectLambdaContext` (request id, cold start), `httpLogging` (one line: handler, ids from the path, status, duration; never the event),
 * `httpErrors` (SccifError → its status and `{ error, message }`; anything else → a 500 that says nothing),
 * `authenticate` (Cognito claims → the caller: id, name, email and groups; 401 without, 403 outside the route's
 * groups) and `jsonBody` (size limit, JSON, then the zod schema; 400 naming each field).
 */
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Caller } from '../app/caller';
import { ForbiddenError, SccifError, UnauthorizedError, ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import type { Group } from '../handlers';
import { injectLambdaContext, logger, stackFrames, type LogFields } from './logger';

/** API Gateway's own limit is 10 MB; nothing we accept comes near this. */
export const MAX_BODY_BYTES = 256 * 1024;

export class PayloadTooLargeError extends SccifError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
}

export type { Caller } from '../app/caller';

export interface HttpInput<B> {
  body: B;
  pathParameters: Record<string, string>;
  queryStringParameters: Record<string, string>;
  user: Caller;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

/** A response with a status other than 200. */
export function respond<T>(status: number, body: T): HttpResult<T> {
  return { status, body };
}

type BodyOf<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

const HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What the middlewares learnt about a request, keyed by its event (safe with concurrent invocations). */
const parsedRequests = new WeakMap<object, { caller?: Caller; body?: unknown }>();

function stateOf(event: object): { caller?: Caller; body?: unknown } {
  let state = parsedRequests.get(event);
  if (!state) {
    state = {};
    parsedRequests.set(event, state);
  }
  return state;
}

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...HEADERS }, body: statusCode === 204 ? '' : JSON.stringify(body ?? null) };
}

function isHttpResult(value: unknown): value is HttpResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const status = (value as { status?: unknown }).status;
  return (
    keys.every((key) => key === 'status' || key === 'body') &&
    typeof status === 'number' &&
    Number.isInteger(status) &&
    status >= 100 &&
    status <= 599
  );
}

/** `a,b`, `[a b]` (how API Gateway flattens a list claim), or a real array. */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string' && group !== '');
  if (typeof claim !== 'string') return [];
  return claim
    .trim()
    .replace(/^\[/, '')
    .replace(/\]$/, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
}

function identifiersOf(event: APIGatewayProxyEvent | undefined): LogFields {
  const id = event?.pathParameters?.id;
  if (typeof id !== 'string' || !SAFE_ID.test(id)) return {};
  const resource = event?.resource ?? '';
  if (resource.startsWith('/inspections/')) return { inspectionId: id };
  if (resource.startsWith('/approvals/')) return { approvalId: id };
  return {};
}

export function httpLogging(name?: string): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const started = new WeakMap<object, number>();
  const finish = (
    request: { event: APIGatewayProxyEvent; context: Context; response: APIGatewayProxyResult | null; error: Error | null },
    key: object,
  ) => {
    const statusCode = request.response?.statusCode ?? 500;
    const error = request.error;
    const fields = {
      handler: name ?? (request.context.functionName || 'api'),
      ...identifiersOf(request.event),
      status: statusCode,
      durationMs: Math.round(performance.now() - (started.get(key) ?? performance.now())),
      ...(error ? { errorName: error.name } : {}),
      ...(error && statusCode >= 500 ? { errorStack: stackFrames(error) } : {}),
    } satisfies LogFields;
    if (statusCode >= 500) logger.error('request finished', fields);
    else logger.info('request finished', fields);
  };
  return {
    name: 'httpLogging',
    before(request) {
      started.set(request, performance.now());
    },
    after(request) {
      finish(request, request);
    },
    onError(request) {
      finish(request, request);
    },
  };
}

export function httpErrors(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    name: 'httpErrors',
    onError(request) {
      const error = request.error;
      if (error instanceof ValidationError) {
        request.response = json(error.status, { error: error.name, message: error.message, errors: error.errors });
      } else if (error instanceof SccifError) {
        request.response = json(error.status, { error: error.name, message: error.message });
      } else {
        request.response = json(500, { error: 'InternalError', message: 'Something went wrong; the error was logged' });
      }
    },
  };
}

/** The signed-in user from the Cognito claims the authorizer passed on: 401 without them. */
export function callerOf(event: APIGatewayProxyEvent): Caller {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  if (typeof claims !== 'object' || claims === null) throw new UnauthorizedError('sign in to use this service');
  const { sub, name, email, 'cognito:groups': groupClaim } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError('sign in to use this service');
  return {
    id: sub,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined,
    email: typeof email === 'string' && email !== '' ? email : undefined,
    groups: parseGroups(groupClaim),
  };
}

export function authenticate(groups: readonly Group[]): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    name: 'authenticate',
    before(request) {
      const caller = callerOf(request.event);
      if (!caller.groups.some((group) => (groups as readonly string[]).includes(group))) {
        throw new ForbiddenError(`this needs membership of one of the groups: ${groups.join(', ')}`);
      }
      stateOf(request.event).caller = caller;
    },
  };
}

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/**
 * A request's body as text, or `tooLarge()` thrown when it is over MAX_BODY_BYTES of UTF-8. A base64 body (API
 * Gateway's binary bodies) is refused on its decoded bytes, before they are made a string: the text of n bytes is never
 * shorter than n bytes in UTF-8 (an invalid sequence of up to 3 bytes becomes U+FFFD, 3 bytes), so the answer is the
 * one the text would give, without first building a string of a quarter of a megabyte or more.
 */
export function bodyText(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, tooLarge: () => Error): string {
  const raw = event.body ?? '';
  let text = raw;
  if (event.isBase64Encoded) {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
    text = bytes.toString('utf8');
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw tooLarge();
  return text;
}

/** Parses the JSON body with the schema; with no schema the body is ignored (GET routes). */
export function jsonBody(schema: z.core.$ZodType | undefined): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    name: 'jsonBody',
    before(request) {
      const { event } = request;
      const declared = Number(header(event, 'content-length'));
      if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
        throw new PayloadTooLargeError(`the body must be at most ${MAX_BODY_BYTES} bytes`);
      }
      const text = bodyText(event, () => new PayloadTooLargeError(`the body must be at most ${MAX_BODY_BYTES} bytes`));
      if (!schema) return;
      if (text.trim() === '') throw new ValidationError([{ field: 'body', message: 'is required: send a JSON object' }]);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }]);
      }
      const parsed = parseWith(schema, value);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      stateOf(event).body = parsed.value;
    },
  };
}

/**
 * The path or query parameters as a plain map. Without a prototype, so a parameter named `__proto__` is a key like
 * any other (and a query schema refuses it as unknown) instead of silently setting the map's prototype.
 */
function stringMap(values: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(values ?? {})) if (value !== undefined) result[key] = value;
  return result;
}

export interface HttpHandlerOptions<S extends z.core.$ZodType | undefined, R> {
  /** The handler id, for logs; defaults to the function name. */
  name?: string;
  groups: readonly Group[];
  body?: S;
  fn: (input: HttpInput<BodyOf<S>>) => Promise<R | HttpResult<R>>;
}

export function httpHandler<R, S extends z.core.$ZodType | undefined = undefined>(
  options: HttpHandlerOptions<S, R>,
): MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(httpLogging(options.name))
    .use(httpErrors())
    .use(authenticate(options.groups))
    .use(jsonBody(options.body))
    .handler(async (event) => {
      const state = stateOf(event);
      if (!state.caller) throw new UnauthorizedError('sign in to use this service');
      const result = await options.fn({
        body: state.body as BodyOf<S>,
        pathParameters: stringMap(event.pathParameters),
        queryStringParameters: stringMap(event.queryStringParameters),
        user: state.caller,
      });
      return isHttpResult(result) ? json(result.status, result.body) : json(200, result);
    });
}
