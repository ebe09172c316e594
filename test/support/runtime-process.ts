/**
 * Starts the local runtime as a user does (`npm start`: infra/local/start.mjs, which runs infra/local/main.ts from its
 * cached bundle, in a child process on a free loopback port) and stops it with Ctrl-C (SIGINT), as a user would.
 *
 * From the bundle, not from the sources with tsx: a start took 10 s under tsx and 5 s from the bundle on a loaded
 * machine (the TypeScript loader resolving every module, and each handler's on its first call). The bundle is built
 * from the sources as they are now (runtime-bundle.mjs checks each file's hash), once for the worker, before the
 * first start.
 *
 * Started with `--recurring-schedules off` unless asked: the managers' daily digest, firing every virtual working day
 * as these tests move the clock through months, was half the CPU of the end-to-end files and is asserted by none of
 * them (test/workflows/daily-digest.test.ts tests the digest; test/e2e/local-ports.test.ts that `npm start` sends it).
 * And with `--warm-up off` unless asked: the warm-up a second after the ready line (every handler's module, the SES
 * package, the sign-in's RSA key) exists so that a person's first request does not wait; these processes load what
 * they use on first use. restarts.test.ts's five processes: 17.4 s -> 15.1 s of CPU (two runs each, loaded machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { runtimeBundle } from '../../infra/local/runtime-bundle.mjs';
import { TEST_NODE_FLAGS } from './node-flags.mjs';

export interface RuntimeProcess {
  base: string;
  ses: string;
  startupMs: number;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL): no shutdown, as a crash or a power cut. */
  kill(): Promise<void>;
}

let built: Promise<unknown> | undefined;

export async function startRuntimeProcess(options: { dataDir?: string; recurringSchedules?: boolean; warmUp?: boolean } = {}): Promise<RuntimeProcess> {
  // Built (when a source changed) outside the time a start is given.
  await (built ??= runtimeBundle());
  const started = performance.now();
  const dataDir = options.dataDir ? ['--data-dir', options.dataDir] : [];
  const schedules = ['--recurring-schedules', options.recurringSchedules ? 'on' : 'off'];
  const warmUp = ['--warm-up', options.warmUp ? 'on' : 'off'];
  const child: ChildProcess = spawn(process.execPath, [...TEST_NODE_FLAGS, 'infra/local/start.mjs', '--port', '0', ...dataDir, ...schedules, ...warmUp], {
    cwd: process.cwd(),
    // The handlers' INFO lines (one or more a step) are read by nothing here once the process is ready (see below):
    // written only with RUNTIME_LOG, where they are kept. WARN and ERROR lines are written as `npm start` writes them.
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...(process.env.RUNTIME_LOG ? {} : { LOG_LEVEL: 'WARN' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // RUNTIME_LOG=<file>: the child's output is appended there (handler logs, for a failing test).
  if (process.env.RUNTIME_LOG) {
    const log = createWriteStream(process.env.RUNTIME_LOG, { flags: 'a' });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
  }
  const base = await new Promise<string>((resolve, reject) => {
    // Kept until the ready line (its last 64 KB, for an error), not for the process's life: every step logs a line,
    // and the whole output was concatenated and searched again at each chunk of it.
    let output = '';
    let ready = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-65_536);
    };
    // Slow on a loaded machine (a start has taken over 90 s); one that does not start is killed, not left running.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runtime did not start:\n${output}`));
    }, 240_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready) return;
      keep(chunk);
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', keep);
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}:\n${output}`)));
  });
  const startupMs = Math.round(performance.now() - started);
  const health = (await (await fetch(`${base}/health`)).json()) as { components: { ses: string } };
  return {
    base,
    ses: health.components.ses,
    startupMs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
