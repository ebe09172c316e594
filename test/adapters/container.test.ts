/** A container's state: read once and kept (as on AWS) until startNewContainer(), which the shared test files rely on. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { config } from '../../functions/adapters/config';
import { startNewContainer } from '../../functions/adapters/container';
import { repository } from '../../functions/adapters/repository';
import { sessionStore } from '../../functions/adapters/sessions';
import { workflows } from '../../functions/adapters/workflows';

afterEach(() => {
  vi.unstubAllEnvs();
  startNewContainer();
});

describe('container state', () => {
  it('reads the environment once: a later change is not seen until a new container reads it again', () => {
    vi.stubEnv('TABLE_NAME', 'sccif-first');
    startNewContainer();
    expect(config.tableName).toBe('sccif-first');

    vi.stubEnv('TABLE_NAME', 'sccif-second');
    expect(config.tableName).toBe('sccif-first');

    startNewContainer();
    expect(config.tableName).toBe('sccif-second');
  });

  it('keeps one repository, session store and workflow client per container, and a new container builds new ones', () => {
    const before = { repository: repository(), sessions: sessionStore(), workflows: workflows() };
    expect(repository()).toBe(before.repository);
    expect(sessionStore()).toBe(before.sessions);
    expect(workflows()).toBe(before.workflows);

    startNewContainer();
    expect(repository()).not.toBe(before.repository);
    expect(sessionStore()).not.toBe(before.sessions);
    expect(workflows()).not.toBe(before.workflows);
  });
});
