/**
 * The runtime on in-memory adapters (`inMemory: true`, the bench's national year) gives the handlers the same valid
 * configuration as the runtime with servers: the user pool's settings, which the template cannot resolve locally,
 * have their stand-ins, so no handler fails with a ConfigurationError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../infra/local/runtime';
import { fullInspectionRequest, loggedInspection, quietInfoLines, repositoryRoot, users } from './harness';

describe('the in-memory runtime', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    quietInfoLines();
    runtime = await LocalRuntime.start({ repositoryRoot, inMemory: true, realTime: false, startAt: new Date('2027-03-01T09:00:00Z') });
  }, 120_000);
  afterAll(async () => runtime?.stop());

  it('logs an inspection and lists it, the handlers configured as on AWS', async () => {
    const id = await loggedInspection(runtime, fullInspectionRequest('2027-03-01', '2027-03-03'));
    const response = await runtime.callApi({ method: 'GET', path: '/inspections', user: users.manager });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toContain(id);
  });
});
