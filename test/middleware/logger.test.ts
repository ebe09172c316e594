/** The logger writes allow-listed fields only: nothing from an event can slip into a log line. */
import { describe, expect, it } from 'vitest';
import { createLogger, stackFrames, type LogFields } from '../../functions/middleware/logger';

function capture() {
  const lines: string[] = [];
  return { logger: createLogger((line) => lines.push(line)), lines };
}

describe('logger', () => {
  it('writes one JSON line with the level, the message and the allow-listed fields', () => {
    // Prepare
    const { logger, lines } = capture();

    // Act
    logger.log('info', 'step finished', { handler: 'send-provider-letter', inspectionId: 'insp-1', status: 'ok', durationMs: 12 });

    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'info',
      message: 'step finished',
      handler: 'send-provider-letter',
      inspectionId: 'insp-1',
      status: 'ok',
      durationMs: 12,
    });
  });

  it('drops every field that is not on the allow-list, and values that are not plain text or numbers', () => {
    // Prepare
    const { logger, lines } = capture();
    const smuggled = {
      inspectionId: 'insp-1',
      to: 'dcs@camden.example',
      children: [{ initials: 'AB' }],
      body: '{"summaryOfConcerns":"..."}',
      approvalId: { nested: 'AB' },
      durationMs: Number.NaN,
    } as unknown as LogFields;

    // Act
    logger.log('error', 'request finished', smuggled);

    // Assess
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'error', message: 'request finished', inspectionId: 'insp-1' });
    expect(lines[0]).not.toContain('AB');
    expect(lines[0]).not.toContain('camden');
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
