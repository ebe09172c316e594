import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Pure core tests (functions/core: no I/O, no globals, no clock): they share a worker's module graph. */
const PURE = ['test/core/**/*.test.ts'];
/**
 * Everything else shares a worker's module graph too: handler, adapter, middleware, workflow and security tests (each
 * file with its own dynalite or local runtime and environment), and the files that start processes or servers of their
 * own build (e2e, browser, reliability, cli, infra), the fuzz and the lint tests. test/support/shared-modules.ts drops
 * the handlers' container state (configuration, SDK clients, the default repository) and puts the environment, timers,
 * spies and SDK mocks back after each file. Isolating the 24 process-starting files (a fresh worker and module graph
 * each) cost ~1 s of CPU per file for nothing they need (measured 2026-11-29: 13 files, 104 s -> 92 s CPU).
 */

export default defineConfig({
  test: {
    environment: 'node',
    // Once before the files: the web pages' precompiled templates, the synthesized template and the runtime's bundle, each
    // built again only when a source changed (so that no two files or runtimes build the same one at once).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest defaults to cores - 1 workers: one file at a time on a 2-core machine. One worker per core measured
    // 165 s -> 109 s for the same CPU here.
    maxWorkers: availableParallelism(),
    // Worker threads, not child processes: a file's tasks, results and modules reach the main process by message
    // passing inside one process instead of serialized over a pipe. The whole suite, forks then threads by turns
    // (2026-11-30, quiet machine): 135.4 / 138.2 s against 130.8 / 129.4 s of CPU, 73.5 / 74.9 s against
    // 71.0 / 70.4 s of wall. No test changes the working directory, exits or handles signals (what a thread cannot
    // do); each thread has its own copy of process.env, which shared-modules.ts puts back after each file as before.
    pool: 'threads',
    // The SDK's Node 22 notice (see infra/local/runtime.ts) says nothing to a test run.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Not isolated: each file importing the core again cost more than its tests (24 files: import 30 s, tests 25 s).
      { extends: true, test: { name: 'core', include: PURE, isolate: false } },
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: PURE, isolate: false, setupFiles: ['test/support/shared-modules.ts'] } },
    ],
  },
});
