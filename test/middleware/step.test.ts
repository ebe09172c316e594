/**
 * Step handlers: the event is parsed once, errors keep their names for Step Functions' Retry and Catch, and each
 * invocation logs one line without the payload.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as z from 'zod';
import { EmailSendError } from '../../functions/adapters/mailer';
import { NotFoundError, ValidationError } from '../../functions/core/errors';
import { LocalDateText } from '../../functions/core/schemas';
import { stepHandler } from '../../functions/middleware/step';

const Input = z.strictObject({
  inspectionId: z.string(),
  process: z.literal('full-inspection'),
  date: LocalDateText,
  children: z.array(z.strictObject({ initials: z.string() })).optional(),
});

const context = { functionName: 'sccif-compute-timeline', awsRequestId: 'req-1' } as Context;
let stdout: MockInstance;
let stderr: MockInstance;

/** Info lines go to stdout, warn and error lines to stderr (Powertools' console). */
function writtenLines(): string[] {
  return [...stdout.mock.calls, ...stderr.mock.calls].map(([line]) => String(line));
}

function loggedLines(): Record<string, unknown>[] {
  return writtenLines().map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('stepHandler', () => {
  it('passes the parsed input to the step and returns its result', async () => {
    // Prepare
    const fn = vi.fn(async (input: z.output<typeof Input>) => ({ seen: input.date }));
    const handler = stepHandler(Input, fn, { name: 'compute-timeline' });

    // Act
    const result = await handler({ inspectionId: 'insp-1', process: 'full-inspection', date: '2026-12-22' }, context);

    // Assess
    expect(result).toEqual({ seen: '2026-12-22' });
    expect(fn).toHaveBeenCalledWith({ inspectionId: 'insp-1', process: 'full-inspection', date: '2026-12-22' }, context);
  });

  it('throws a ValidationError naming each bad field, without calling the step', async () => {
    // Prepare
    const fn = vi.fn(async () => ({}));
    const handler = stepHandler(Input, fn);

    // Act
    const running = handler({ inspectionId: 'insp-1', process: 'rfc-inspection', date: '2027-02-30', extra: 1 }, context);

    // Assess
    await expect(running).rejects.toBeInstanceOf(ValidationError);
    const error = (await running.catch((caught: unknown) => caught)) as ValidationError;
    expect(error.name).toBe('ValidationError');
    expect(error.errors.map((entry) => entry.field).sort()).toEqual(['date', 'extra', 'process']);
    expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ['NotFoundError', new NotFoundError('inspection insp-1 not found')],
    ['EmailSendError', new EmailSendError('SES did not accept the email')],
    ['ApprovalClosed', Object.assign(new Error('closed'), { name: 'ApprovalClosed' })],
  ])('rethrows %s with its name intact, for the state machine to match', async (name, thrown) => {
    // Prepare
    const handler = stepHandler(Input, async () => {
      throw thrown;
    });

    // Act, Assess
    await expect(handler({ inspectionId: 'insp-1', process: 'full-inspection', date: '2026-12-22' }, context)).rejects.toMatchObject({ name });
  });

  it('logs one line per invocation with the handler, the ids and the outcome, never the payload', async () => {
    // Prepare
    const ok = stepHandler(Input, async () => ({ done: true }), { name: 'compute-timeline' });
    const failing = stepHandler(Input, async () => {
      throw new NotFoundError('inspection insp-2 not found');
    });
    const event = { inspectionId: 'insp-1', process: 'full-inspection', date: '2026-12-22', children: [{ initials: 'QZ' }] };

    // Act
    await ok(event, context);
    await failing({ ...event, inspectionId: 'insp-2' }, context).catch(() => undefined);

    // Assess
    const [success, failure] = loggedLines();
    expect(loggedLines()).toHaveLength(2);
    expect(success).toMatchObject({
      level: 'INFO',
      function_request_id: 'req-1',
      handler: 'compute-timeline',
      inspectionId: 'insp-1',
      process: 'full-inspection',
      status: 'ok',
    });
    expect(success?.durationMs).toEqual(expect.any(Number));
    expect(success?.timestamp).toEqual(expect.any(String));
    expect(failure).toMatchObject({
      level: 'ERROR',
      function_request_id: 'req-1',
      handler: 'sccif-compute-timeline',
      inspectionId: 'insp-2',
      status: 'error',
      errorName: 'NotFoundError',
    });
    const written = writtenLines().join('');
    expect(written).not.toContain('QZ');
    expect(written).not.toContain('2026-12-22');
    expect(written).not.toContain('not found');
  });
});
