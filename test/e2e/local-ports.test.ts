/**
 * `npm start`'s ports: the side servers (DynamoDB, SES, Step Functions, EventBridge Scheduler, SNS) on the API port
 * + 1 to + 5 unless a flag moves one, all printed at start; a port in use stops the start with one line naming it
 * and the flag that moves it, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeBundle } from '../../infra/local/runtime-bundle.mjs';

function listenOn(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A base port whose next five are free too (checked by binding them, then let go). */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const held = await Promise.all([0, 1, 2, 3, 4, 5].map((offset) => listenOn(base + offset)));
    await Promise.all(held.map((server) => server && new Promise((resolve) => server.close(resolve))));
    if (held.every(Boolean)) return base;
  }
}

function start(args: string[]) {
  // Node's warnings left on: a TimeoutOverflowWarning (or any other) at start or stop fails the first test.
  const { NODE_NO_WARNINGS: _silenced, ...env } = process.env;
  // What `npm start` runs: main.ts from its cached bundle (built before the tests, as test/support/runtime-process.ts does).
  const child = spawn(process.execPath, ['infra/local/start.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm start ports', () => {
  const blockers: Server[] = [];
  beforeAll(() => runtimeBundle(), 120_000);
  afterAll(async () => {
    await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('puts every side server on the API port + 1 to + 5 and prints them, or where a flag says', async () => {
    const base = await freeBase();
    const runtime = start(['--port', String(base), '--sns-port', '0']);
    try {
      const api = await new Promise<string>((resolve, reject) => {
        runtime.child.stdout!.on('data', () => {
          const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(runtime.output().stdout);
          if (match && /Stop with Ctrl-C/.test(runtime.output().stdout)) resolve(match[1]!);
        });
        void runtime.exited.then((code) => reject(new Error(`exited with ${code}: ${runtime.output().stderr}`)));
      });
      expect(api).toBe(`http://127.0.0.1:${base}`);
      const { components } = (await (await fetch(`${api}/health`)).json()) as { components: Record<string, string> };
      expect(components).toMatchObject({
        dynamodb: `http://127.0.0.1:${base + 1}`,
        ses: `http://127.0.0.1:${base + 2}`,
        stepFunctions: `http://127.0.0.1:${base + 3}`,
        scheduler: `http://127.0.0.1:${base + 4}`,
      });
      // --sns-port 0: any free port, still printed.
      expect(components.operationsTopic).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      for (const url of Object.values(components).filter((value) => /^http:\/\/127\.0\.0\.1:\d+$/.test(String(value)))) {
        expect(runtime.output().stdout).toContain(url);
      }

      // A plain `npm start` fires the managers' daily digest at its schedule's occurrence on the virtual clock (the
      // end-to-end tests start it with --recurring-schedules off; test/workflows/daily-digest.test.ts tests the digest).
      const manager = { authorization: `Basic ${Buffer.from('maya.manager@ofsted.local:manager-pass').toString('base64')}`, 'content-type': 'application/json' };
      const armed = (await (await fetch(`${api}/_local/schedules`, { headers: manager })).json()) as { next: { handlerId: string; at: string }[] };
      const digest = armed.next.find((schedule) => schedule.handlerId === 'send-daily-digest');
      expect(digest, JSON.stringify(armed)).toBeDefined();
      const moved = await fetch(`${api}/_local/clock/advance`, { method: 'POST', headers: manager, body: JSON.stringify({ to: new Date(Date.parse(digest!.at) + 1_000).toISOString() }) });
      expect(moved.status).toBe(200);
      const { fired } = (await (await fetch(`${api}/_local/schedules`, { headers: manager })).json()) as { fired: { handlerId: string; scheduledTime: string; error?: string; result?: { recipients: unknown[] } }[] };
      expect(fired).toEqual([expect.objectContaining({ handlerId: 'send-daily-digest', scheduledTime: `${digest!.at.slice(0, 19)}Z` })]);
      expect(fired[0]!.error).toBeUndefined();
      expect(fired[0]!.result?.recipients.length).toBeGreaterThan(0);
    } finally {
      runtime.child.kill('SIGINT');
      await runtime.exited;
    }
    expect(runtime.output().stderr).not.toMatch(/Warning/);
  }, 240_000);

  it('stops with one line naming a side port in use and the flag that moves it', async () => {
    const base = await freeBase();
    blockers.push((await listenOn(base + 4))!);
    const runtime = start(['--port', String(base)]);
    expect(await runtime.exited).toBe(1);
    const lines = runtime.output().stderr.trim().split('\n');
    expect(lines).toEqual([`npm start: EventBridge Scheduler: port ${base + 4} on 127.0.0.1 is in use; stop what uses it or choose another port with --scheduler-port`]);
  }, 240_000);

  // A bad value stops the start before anything is loaded or bound: exit 2 and one line naming the option and the value.
  it.each([
    [['--port', '70000'], 'npm start: --port (or PORT) must be a whole number from 0 to 65535, got "70000"'],
    [['--port', '3000.5'], 'npm start: --port (or PORT) must be a whole number from 0 to 65535, got "3000.5"'],
    [['--ses-port', 'abc'], 'npm start: --ses-port must be a whole number from 0 to 65535, got "abc"'],
    [['--recurring-schedules', 'yes'], 'npm start: --recurring-schedules must be on or off, got "yes"'],
    [['--warm-up', 'OFF'], 'npm start: --warm-up must be on or off, got "OFF"'],
  ])('refuses %j with one line', async (args, line) => {
    const runtime = start(args);
    expect(await runtime.exited).toBe(2);
    expect(runtime.output().stderr.trim().split('\n')).toEqual([line]);
    expect(runtime.output().stdout).toBe('');
  }, 60_000);
});
