/**
 * Starts the local runtime as a user does (`infra/local/main.ts` in a child process on a free loopback port) and
 * stops it with Ctrl-C (SIGINT), as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface RuntimeProcess {
  base: string;
  ses: string;
  startupMs: number;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL): no shutdown, as a crash or a power cut. */
  kill(): Promise<void>;
}

export interface RuntimeProcessOptions {
  dataDir?: string;
}

/** A child process with its output kept from the start, for the "API http://…" line and for errors. */
function spawnChild(args: string[], stdin: 'ignore' | 'pipe'): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  // RUNTIME_LOG=<file>: the child's output is appended there (handler logs, for a failing test).
  if (process.env.RUNTIME_LOG) {
    const log = createWriteStream(process.env.RUNTIME_LOG, { flags: 'a' });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
  }
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function commandLine(options: RuntimeProcessOptions): string[] {
  return ['--port', '0', ...(options.dataDir ? ['--data-dir', options.dataDir] : [])];
}

/** Resolves once the child prints its API address; a child that does not start is killed, not left running. */
async function serving(child: ChildProcess, output: () => string, started: number): Promise<RuntimeProcess> {
  const base = await new Promise<string>((resolve, reject) => {
    const found = () => /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    // Slow on a loaded machine (a start has taken over 90 s).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runtime did not start:\n${output()}`));
    }, 240_000);
    const check = () => {
      const url = found();
      if (url === undefined) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(url);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}:\n${output()}`)));
    check();
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

export async function startRuntimeProcess(options: RuntimeProcessOptions = {}): Promise<RuntimeProcess> {
  const started = performance.now();
  const { child, output } = spawnChild(['infra/local/main.ts', ...commandLine(options)], 'ignore');
  return serving(child, output, started);
}

export interface SpareRuntimeProcess {
  /** Runs main.ts in the spare with these options (once); `startupMs` counts from here. */
  start(options?: RuntimeProcessOptions): Promise<RuntimeProcess>;
  /** Ends a spare that was never started. */
  discard(): Promise<void>;
}

/**
 * A process that loads the runtime's code now and starts it later (test/support/runtime-preload.ts): for a test that
 * restarts the runtime again and again, the next process loads while the current one works. It opens nothing until
 * `start`, so it may load while another runtime still holds the data folder it will start on.
 */
export function prepareRuntimeProcess(): SpareRuntimeProcess {
  const { child, output } = spawnChild(['test/support/runtime-preload.ts'], 'pipe');
  let used = false;
  return {
    start(options = {}) {
      if (used) throw new Error('a spare runtime process starts once');
      used = true;
      const started = performance.now();
      child.stdin!.end(`${JSON.stringify(commandLine(options))}\n`);
      return serving(child, output, started);
    },
    async discard() {
      if (used || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
