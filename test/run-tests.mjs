/**
 * `npm test`: the type-check and lint beside vitest, not before it.
 *
 * vitest is CPU-bound on this 2-core machine but leaves room at its start (the core project on one worker, the
 * process-starting files waiting on their children), and the type-check and lint took ~15 s before it started.
 * Beside it they cost ~8 s of wall less (measured 2026-11-30).
 *
 * What the user sees does not change:
 * - vitest's output streams live;
 * - the type-check's and lint's output is printed as one block when each ends;
 * - a type or lint error stops the tests at once: vitest is ended, the errors printed, and the exit code is 1, so a
 *   type error is reported within seconds, never only after the whole suite.
 * Arguments go to vitest (`npm test -- test/core`), as they did when the script was `... && vitest run`.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { TEST_NODE_FLAGS } from './support/node-flags.mjs';

const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Runs one command with its output kept (the checks) or passed through (vitest). */
function run(command, args, { keepOutput, env = {} }) {
  const child = spawn(command, args, {
    stdio: keepOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, ...env },
    // Its own process group, so that stopping it stops what it started (vitest's workers, the runtimes they started).
    detached: true,
  });
  let output = '';
  if (keepOutput) {
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
  }
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
  return { child, exited };
}

const running = (child) => child.exitCode === null && child.signalCode === null;

/** Stops a child's whole process group (vitest's workers, the runtimes and browsers they started) and waits for it. */
async function stop({ child, exited }, signal = 'SIGTERM') {
  if (!running(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
  // vitest ends its workers on SIGTERM; what has not ended after 10 s is killed.
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

// POSIX only (process groups), as is the rest of the tooling (.ci/run is bash).
// With the V8 flags of a test run (support/node-flags.mjs), which its worker threads share.
const vitest = run(process.execPath, [...TEST_NODE_FLAGS, 'node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { keepOutput: false });
let check;
let signalled = false;

// Ctrl-C, a closed terminal or a kill reaches this process's group, but the children run in their own groups: pass it
// on to each, wait for them, and exit as a process ended by that signal would (128 + its number). A SIGKILL cannot be
// passed on: kill this process's children's groups too (`kill -- -PGID` of each) if you ever must use it.
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
for (const [signal, number] of Object.entries(SIGNALS)) {
  process.on(signal, async () => {
    signalled = true;
    await Promise.all([stop(vitest, signal), check ? stop(check, signal) : undefined]);
    process.exit(128 + number);
  });
}

/**
 * The type-check, then lint (one after the other: in parallel they gained 1 s and mixed their load with vitest's).
 *
 * Beside vitest what counts is the CPU they take from it, not their own wall time, so the type-check (TypeScript 7, a Go
 * program) runs on one thread and collects its garbage less often: 7.6 s of CPU instead of 10.6 s on a quiet machine,
 * 7.1 s of wall instead of 5.6 s (measured 2026-11-30), with the same diagnostics (`--singleThreaded` only stops it
 * checking files in parallel; GOGC=400 lets its heap grow to ~850 MB before a collection, from ~800 MB).
 */
const CHECKS = [
  { name: 'type-check', script: 'typecheck', args: ['--singleThreaded'], env: { GOGC: '400' } },
  { name: 'lint', script: 'lint', args: [], env: {} },
];

async function checks() {
  for (const { name, script, args, env } of CHECKS) {
    const since = performance.now();
    check = run('npm', ['run', '-s', script, ...(args.length > 0 ? ['--', ...args] : [])], { keepOutput: true, env });
    const { code, output } = await check.exited;
    // Stopped by a signal: its handler reports by the exit code.
    if (signalled) await new Promise(() => undefined);
    if (code !== 0) {
      const stopped = running(vitest.child);
      await stop(vitest);
      process.stderr.write(`\n${output}\nnpm test: the ${name} failed (npm run -s ${script}, exit ${code})${stopped ? '; the tests were stopped' : ''}.\n`);
      process.exit(1);
    }
    // Printed after vitest's report, not into the middle of it.
    passed.push(`${output.trim() ? `${output.trim()}\n` : ''}npm test: the ${name} passed in ${seconds(since)}, beside vitest.`);
  }
}

const passed = [];
const [tests] = await Promise.all([vitest.exited, checks()]);
// Stopped by a signal: its handler reports by the exit code.
if (signalled) await new Promise(() => undefined);
process.stdout.write(`${passed.join('\n')}\nnpm test: ${tests.code === 0 ? 'everything passed' : 'the tests FAILED'} in ${seconds(started)}.\n`);
process.exit(tests.code);
