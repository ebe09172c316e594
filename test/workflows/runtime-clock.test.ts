/**
 * The local runtime's virtual clock, where it meets the AWS SDK inside handlers. Both cases below once hung a test
 * until the 30 s Lambda timeout (CI, inadequate-pathway.test.ts): a request retried as "clock skew corrected" after
 * a jump of the clock, and the retry's back-off sleeping on a clock that stood still.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalHandler } from '../../infra/local/engine';
import { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { api, execution, fullInspectionRequest, quietInfoLines, repositoryRoot, users } from './harness';

/** Handlers that sleep this long on setTimeout before doing their work, as a handler backing off would. */
const SLEEPERS = new Set(['list-inspections', 'compute-timeline']);
const SLEEP_MS = 40;
const slept: string[] = [];

let runtime: LocalRuntime;

beforeAll(async () => {
  quietInfoLines();
  runtime = await LocalRuntime.start({
    repositoryRoot,
    startAt: new Date('2027-01-11T09:00:00Z'),
    realTime: false,
    // The handlers' SDK clients over loopback TCP, as another process reaches the endpoints: the other runtime tests
    // take the in-memory transport (infra/local/in-process-transport.ts), this one keeps the network path tested.
    inProcessTransport: false,
    wrapHandler: (handlerId: string, handler: LocalHandler): LocalHandler =>
      SLEEPERS.has(handlerId)
        ? async (event, context) => {
            await new Promise((resolve) => setTimeout(resolve, SLEEP_MS));
            slept.push(handlerId);
            return handler(event, context);
          }
        : handler,
  });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

/** The Date header a local AWS API endpoint answers with (any request will do: an unsigned one is refused). */
function dateHeaderOf(url: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST' }, (response) => {
      response.resume();
      resolve(response.headers.date);
    });
    sent.on('error', reject);
    sent.end('{}');
  });
}

describe('the local AWS endpoints on the virtual clock', () => {
  it('answer with the virtual time in their Date header, as AWS agrees with Lambda on the time', async () => {
    await runtime.advanceBy(200 * 86_400_000);
    const expected = runtime.clock.now().toUTCString();
    expect(expected).toContain('2027');
    for (const url of [runtime.urls.dynamodb, runtime.urls.ses, runtime.urls.stepFunctions]) {
      expect(await dateHeaderOf(url), url).toBe(expected);
    }
  });

  it('do not make the SDK retry a failed conditional write as a clock-skew correction after the clock jumps', async () => {
    const client = new DynamoDBClient({ endpoint: runtime.urls.dynamodb });
    const put = (condition: boolean) =>
      client.send(
        new PutItemCommand({
          TableName: runtime.environment.TABLE_NAME,
          Item: { pk: { S: 'CLOCK#skew' }, sk: { S: 'CLOCK#skew' } },
          ...(condition ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
    try {
      expect((await put(false)).$metadata.attempts).toBe(1);
      await runtime.advanceBy(90 * 86_400_000);
      const failed = await put(true).then(
        () => undefined,
        (error: Error & { $metadata?: { attempts?: number } }) => error,
      );
      expect(failed?.name).toBe('ConditionalCheckFailedException');
      expect(failed?.$metadata?.attempts).toBe(1);
    } finally {
      client.destroy();
    }
  }, 10_000);
});

describe('a handler waiting on its own timer while the virtual clock stands still', () => {
  it('finishes an API call without the clock moving', async () => {
    const before = runtime.clock.now().toISOString();
    const listed = await api(runtime, users.manager, 'GET', '/inspections');
    expect(listed.status).toBe(200);
    expect(slept).toContain('list-inspections');
    expect(runtime.clock.now().toISOString()).toBe(before);
  }, 10_000);

  it('finishes a step, so the run moves on, without the clock moving', async () => {
    const before = runtime.clock.now().toISOString();
    const today = londonDateOf(runtime.clock.now());
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', fullInspectionRequest(addCalendarDays(today, -2), today));
    expect(logged.status).toBe(201);
    expect(slept).toContain('compute-timeline');
    const run = execution(runtime, String(logged.body.id), 'full-inspection');
    expect(run?.events.some((event) => event.type === 'StateExited' && event.state === 'Compute timeline')).toBe(true);
    expect(runtime.clock.now().toISOString()).toBe(before);
  }, 10_000);
});
