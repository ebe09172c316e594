/**
 * HTTP handlers: who may call, what body is accepted, and how every error becomes a status code, without leaking
 * what went wrong inside or what the caller sent.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../functions/core/errors';
import { httpHandler, MAX_BODY_BYTES, respond, type HttpInput } from '../../functions/middleware/http';

const Body = z.strictObject({ spokeTo: z.string().min(1), calledAt: z.iso.datetime() });
const context = { functionName: 'sccif-record-call', awsRequestId: 'req-1' } as Context;
const MANAGER_CLAIMS = { sub: 'user-1', email: 'manager@ofsted.example', 'cognito:groups': 'managers' };

function event(overrides: Partial<APIGatewayProxyEvent> & { claims?: Record<string, unknown> | null } = {}): APIGatewayProxyEvent {
  const { claims = MANAGER_CLAIMS, ...rest } = overrides;
  return {
    resource: '/inspections/{id}/calls',
    path: '/inspections/insp-1/calls',
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: 'insp-1' },
    stageVariables: null,
    body: JSON.stringify({ spokeTo: 'Duty manager', calledAt: '2026-12-24T10:00:00Z' }),
    isBase64Encoded: false,
    requestContext: { authorizer: claims === null ? undefined : { claims } } as APIGatewayProxyEvent['requestContext'],
    ...rest,
  };
}

let stdout: MockInstance;
let stderr: MockInstance;
/** Info lines go to stdout, warn and error lines to stderr (Powertools' console). */
const logged = () => [...stdout.mock.calls, ...stderr.mock.calls].map(([line]) => String(line)).join('');

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const echo = (groups: ('managers' | 'inspectors')[] = ['managers']) =>
  httpHandler({
    name: 'record-call',
    groups,
    body: Body,
    fn: async (input: HttpInput<z.output<typeof Body>>) => ({ received: input }),
  });

describe('httpHandler', () => {
  it('answers 200 with JSON, no-store, and hands the step the caller, parameters and parsed body', async () => {
    // Act
    const response = await echo()(event({ queryStringParameters: { limit: '5' } }), context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(JSON.parse(response.body)).toEqual({
      received: {
        body: { spokeTo: 'Duty manager', calledAt: '2026-12-24T10:00:00Z' },
        pathParameters: { id: 'insp-1' },
        queryStringParameters: { limit: '5' },
        user: { id: 'user-1', email: 'manager@ofsted.example', groups: ['managers'] },
      },
    });
  });

  it('answers with the status the step chose', async () => {
    // Prepare
    const handler = httpHandler({ groups: ['managers'], fn: async () => respond(201, { id: 'call-1' }) });

    // Act
    const response = await handler(event({ body: null }), context);

    // Assess
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toEqual({ id: 'call-1' });
  });

  it.each([
    ['a comma-separated string', 'inspectors,managers'],
    ['API Gateway’s flattened list', '[inspectors managers]'],
    ['an array', ['inspectors', 'managers']],
  ])('reads the groups claim as %s', async (_label, groups) => {
    // Act
    const response = await echo()(event({ claims: { sub: 'user-1', 'cognito:groups': groups } }), context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).received.user).toEqual({ id: 'user-1', groups: ['inspectors', 'managers'] });
  });

  it.each([
    ['no authorizer', null],
    ['no subject', { email: 'manager@ofsted.example', 'cognito:groups': 'managers' }],
  ])('answers 401 with %s', async (_label, claims) => {
    // Act
    const response = await echo()(event({ claims }), context);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'UnauthorizedError' });
  });

  it('answers 403 to a caller in none of the route’s groups', async () => {
    // Act
    const response = await echo(['managers'])(event({ claims: { sub: 'user-2', 'cognito:groups': 'inspectors' } }), context);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ error: 'ForbiddenError', message: 'this needs membership of one of the groups: managers' });
  });

  it('answers 400 naming the body when it is not JSON', async () => {
    // Act
    const response = await echo()(event({ body: '{"spokeTo": ' }), context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: 'ValidationError',
      message: 'body: is not valid JSON',
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    });
  });

  it('answers 400 naming each field that breaks the schema', async () => {
    // Act
    const response = await echo()(event({ body: JSON.stringify({ spokeTo: '', calledAt: 'yesterday', initials: 'AB' }) }), context);

    // Assess
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error).toBe('ValidationError');
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['calledAt', 'initials', 'spokeTo']);
  });

  it('answers 400 naming the body when a body is required and none was sent', async () => {
    // Act
    const response = await echo()(event({ body: null }), context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'body', message: 'is required: send a JSON object' }]);
  });

  it('answers 413 when Content-Length is over 256 KiB', async () => {
    // Act
    const response = await echo()(event({ headers: { 'Content-Length': String(MAX_BODY_BYTES + 1) } }), context);

    // Assess
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'PayloadTooLargeError' });
  });

  it('answers 413 when the body itself is over 256 KiB, whatever the headers say', async () => {
    // Act
    const response = await echo()(event({ headers: {}, body: JSON.stringify({ spokeTo: 'x'.repeat(MAX_BODY_BYTES), calledAt: '' }) }), context);

    // Assess
    expect(response.statusCode).toBe(413);
  });

  it('measures a base64 body decoded: 256 KiB of JSON is read, a byte more is 413, and so is text that is longer than its bytes', async () => {
    // Prepare: a body of exactly the limit, then one byte over; 0xFF bytes, under the limit, become U+FFFD (3 bytes each) as text.
    const body = (length: number) => {
      const prefix = '{"spokeTo":"';
      const suffix = '","calledAt":"2026-12-24T10:00:00Z"}';
      return Buffer.from(`${prefix}${'x'.repeat(length - prefix.length - suffix.length)}${suffix}`).toString('base64');
    };
    const invalidUtf8 = Buffer.alloc(MAX_BODY_BYTES / 2, 0xff).toString('base64');

    // Act
    const [atLimit, overLimit, widened] = await Promise.all(
      [body(MAX_BODY_BYTES), body(MAX_BODY_BYTES + 1), invalidUtf8].map((encoded) => echo()(event({ headers: {}, body: encoded, isBase64Encoded: true }), context)),
    );

    // Assess
    expect(atLimit!.statusCode).toBe(200);
    expect(JSON.parse(atLimit!.body).received.body.spokeTo).toHaveLength(MAX_BODY_BYTES - 48);
    expect(overLimit!.statusCode).toBe(413);
    expect(widened!.statusCode).toBe(413);
  });

  it.each([
    [404, 'NotFoundError', new NotFoundError('inspection insp-1 not found')],
    [409, 'ConflictError', new ConflictError('the outcome is already recorded')],
  ])('answers %i for a %s with its message', async (status, name, error) => {
    // Prepare
    const handler = httpHandler({
      groups: ['managers'],
      fn: async () => {
        throw error;
      },
    });

    // Act
    const response = await handler(event(), context);

    // Assess
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: name, message: error.message });
  });

  it('answers 500 without saying what went wrong, and logs the error name and frames but not the event', async () => {
    // Prepare
    const handler = httpHandler({
      name: 'record-call',
      groups: ['managers'],
      body: Body,
      fn: async () => {
        throw new TypeError('cannot read dcs@camden.example of undefined');
      },
    });

    // Act
    const response = await handler(event({ body: JSON.stringify({ spokeTo: 'Ms QZ Example', calledAt: '2026-12-24T10:00:00Z' }) }), context);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: 'InternalError', message: 'Something went wrong; the error was logged' });
    const line = JSON.parse(logged().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'ERROR', function_request_id: 'req-1', handler: 'record-call', inspectionId: 'insp-1', status: 500, errorName: 'TypeError' });
    expect(line.errorStack).toMatch(/\s+at /);
    expect(logged()).not.toContain('camden');
    expect(logged()).not.toContain('QZ');
  });

  it('logs one line for a handled request, with its status', async () => {
    // Act
    await echo()(event(), context);

    // Assess
    const lines = logged().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', function_request_id: 'req-1', handler: 'record-call', inspectionId: 'insp-1', status: 200 });
    expect(lines[0]).not.toContain('Duty manager');
  });
});
