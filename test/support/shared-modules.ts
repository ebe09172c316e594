/**
 * Setup for the test files that share one worker's module graph (the `shared` project in vitest.config.ts): it runs
 * before each such file and leaves, after the file, what the next one would have found in a fresh process.
 *
 * - The handlers' container state (configuration read from the environment, SDK clients bound to the file's dynalite
 *   endpoint, the default repository and its reference cache) is dropped: functions/adapters/container.ts.
 * - process.env is put back as it was before the file (harnesses assign to it; vi.stubEnv is undone too).
 * - Real timers, spies restored, stubbed globals undone.
 *
 * Not here: an SDK client class mocked with aws-sdk-client-mock (`mockClient(SESv2Client)`) is restored by the file
 * that mocked it (`afterAll(() => ses.restore())`); one left mocked makes the next file's `mockClient` of the same
 * class throw "already wrapped". Restoring them here would mean importing every SDK client before every file.
 */
import { afterAll, vi } from 'vitest';
import { startNewContainer } from '../../functions/adapters/container';

const environment = { ...process.env };
startNewContainer();

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  startNewContainer();
});
