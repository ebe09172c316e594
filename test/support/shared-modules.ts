/**
 * Setup for the test files that share one worker's module graph (the `shared` project in vitest.config.ts): it runs
 * before each such file and leaves, after the file, what the next one would have found in a fresh process.
 *
 * - The handlers' container state (configuration read from the environment, SDK clients bound to the file's dynalite
 *   endpoint, the default repository and its reference cache) is dropped: functions/adapters/container.ts.
 * - process.env is put back as it was before the file (harnesses assign to it; vi.stubEnv is undone too).
 * - Real timers, spies restored, stubbed globals undone, and SDK clients mocked at their class (aws-sdk-client-mock's
 *   `mockClient(SESv2Client)`, which most files never restore: a second stub of the same class would throw).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, vi } from 'vitest';
import { startNewContainer } from '../../functions/adapters/container';

const MOCKABLE_CLIENTS = [CognitoIdentityProviderClient, DynamoDBClient, SchedulerClient, SESv2Client, SNSClient, SFNClient];

const environment = { ...process.env };
startNewContainer();

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  for (const client of MOCKABLE_CLIENTS) {
    // aws-sdk-client-mock stubs `send` on the class's prototype (sinon): the stub has `restore`, the SDK's own has not.
    const send: unknown = Object.hasOwn(client.prototype, 'send') ? client.prototype.send : undefined;
    if (typeof send === 'function' && 'restore' in send && typeof send.restore === 'function') (send.restore as () => void)();
  }
  startNewContainer();
});
