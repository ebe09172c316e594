/**
 * The logger writes allow-listed fields only: nothing from an event can slip into a log line. What it knows about the
 * invocation (timestamp, request id, cold start, trace id) is added to every line, in the shape Powertools' Logger
 * wrote before it (functions/middleware/logger.ts says why it went).
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createLogger, stackFrames, type LogFields } from '../../functions/middleware/logger';

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
const context = {
  functionName: 'sccif-send-provider-letter',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:sccif-send-provider-letter',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
} as Context;

let stdout: MockInstance;
let stderr: MockInstance;

/** Every line written to stdout (info) or stderr (warn, error), parsed. */
function lines(): Record<string, unknown>[] {
  return [...stdout.mock.calls, ...stderr.mock.calls].map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

function written(): string {
  return [...stdout.mock.calls, ...stderr.mock.calls].map(([line]) => String(line)).join('');
}

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1`);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('logger', () => {
  it('writes one JSON line with the level, the message, the invocation and the allow-listed fields', () => {
    // Prepare
    const logger = createLogger();
    logger.addContext(context);

    // Act
    logger.info('step finished', { handler: 'send-provider-letter', inspectionId: 'insp-1', status: 'ok', durationMs: 12 });

    // Assess
    expect(lines()).toEqual([
      {
        level: 'INFO',
        message: 'step finished',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'sccif-workflows',
        cold_start: true,
        function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        xray_trace_id: TRACE_ID,
        handler: 'send-provider-letter',
        inspectionId: 'insp-1',
        status: 'ok',
        durationMs: 12,
      },
    ]);
  });

  it('flags the cold start on the first invocation only', () => {
    // Prepare
    const logger = createLogger();

    // Act
    logger.addContext(context);
    logger.info('step finished');
    logger.addContext({ ...context, awsRequestId: 'second' });
    logger.info('step finished');

    // Assess
    expect(lines().map((line) => [line.cold_start, line.function_request_id])).toEqual([
      [true, 'c6af9ac6-7b61-11e6-9a41-93e812345678'],
      [false, 'second'],
    ]);
  });

  it('drops every field that is not on the allow-list, and values that are not plain text or numbers', () => {
    // Prepare
    const logger = createLogger();
    const smuggled = {
      inspectionId: 'insp-1',
      to: 'dcs@camden.example',
      children: [{ initials: 'AB' }],
      body: '{"summaryOfConcerns":"..."}',
      approvalId: { nested: 'AB' },
      durationMs: Number.NaN,
    } as unknown as LogFields;

    // Act
    logger.error('request finished', smuggled);

    // Assess
    expect(lines()).toHaveLength(1);
    const { timestamp, ...line } = lines()[0]!;
    expect(timestamp).toEqual(expect.any(String));
    expect(line).toEqual({ level: 'ERROR', message: 'request finished', service: 'sccif-workflows', xray_trace_id: TRACE_ID, inspectionId: 'insp-1' });
    expect(written()).not.toContain('AB');
    expect(written()).not.toContain('camden');
  });

  it('drops an error object, whose message may quote input, and has no persistent keys that could carry anything', () => {
    // Prepare
    const logger = createLogger();

    // Act
    logger.error('step failed', new Error('could not send to dcs@camden.example about QX'));
    logger.warn('step failed', { error: new Error('camden'), errorName: 'EmailSendError' });

    // Assess
    expect(lines().map((line) => line.errorName)).toEqual([undefined, 'EmailSendError']);
    expect(written()).not.toContain('camden');
    expect(written()).not.toContain('QX');
    // Powertools' appendKeys and appendPersistentKeys added keys to every line; this logger has no such thing.
    expect('appendKeys' in logger || 'appendPersistentKeys' in logger).toBe(false);
  });

  it('writes INFO to stdout and WARN and ERROR to stderr, as Powertools did', () => {
    // Prepare
    const logger = createLogger();

    // Act
    logger.info('request finished');
    logger.warn('sign-in refused by the identity provider');
    logger.error('step failed');

    // Assess
    expect(stdout.mock.calls.map(([line]) => JSON.parse(String(line)).level)).toEqual(['INFO']);
    expect(stderr.mock.calls.map(([line]) => JSON.parse(String(line)).level)).toEqual(['WARN', 'ERROR']);
    expect(stdout.mock.calls[0]![0]).toMatch(/^\{.*\}\n$/);
  });

  it.each([
    ['POWERTOOLS_LOG_LEVEL', 'WARN', ['WARN', 'ERROR']],
    ['LOG_LEVEL', 'ERROR', ['ERROR']],
    ['AWS_LAMBDA_LOG_LEVEL', 'WARN', ['WARN', 'ERROR']],
    ['AWS_LAMBDA_LOG_LEVEL', 'FATAL', []],
    ['POWERTOOLS_LOG_LEVEL', 'SILENT', []],
  ])('keeps to the log level in %s=%s, as Powertools did', (name, level, written) => {
    // Prepare
    vi.stubEnv(name, level);
    const logger = createLogger();

    // Act
    logger.info('request finished');
    logger.warn('sign-in refused by the identity provider');
    logger.error('step failed');

    // Assess
    expect(lines().map((line) => line.level)).toEqual(written);
  });

  it('has no cold start under provisioned concurrency, and no trace id outside X-Ray', () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
    const logger = createLogger();
    logger.addContext(context);

    // Act
    logger.info('step finished');

    // Assess
    expect(lines()[0]).toMatchObject({ cold_start: false, function_request_id: context.awsRequestId });
    expect(lines()[0]).not.toHaveProperty('xray_trace_id');
  });

  it('keeps the frames of a stack but not its message line, which may quote input', () => {
    // Prepare
    const error = new Error('could not send to dcs@camden.example');

    // Act
    const frames = stackFrames(error);

    // Assess
    expect(frames).toMatch(/^\s+at /);
    expect(frames).not.toContain('camden');
    expect(stackFrames('not an error')).toBeUndefined();
  });
});
