/**
 * V8 flags for the processes of a test run: vitest and its worker threads (test/run-tests.mjs) and the local runtimes
 * the tests start (test/support/runtime-process.ts). `npm start` runs without them.
 *
 * A test run is many short programs on a 2-core machine that its processes keep busy:
 * - `--single-threaded-gc`: the garbage is collected on the thread that made it, without V8's helper threads. With
 *   two vitest workers, Chromium and the runtimes already on both cores, the helpers mostly waited for each other: the
 *   vitest process's helper threads took ~9 s of CPU less in a whole run and its workers no more.
 * - `--interrupt-budget` four times V8's default (67,584): a function is optimized (TurboFan, on a helper thread) after
 *   four times as much work in it. Most test code runs a few times and is done; what runs hot (dynalite, the state
 *   machine engine, the fuzzers) is still optimized, a little later.
 * Measured 2026-11-30, by turns, 3 rounds of 63 files (handlers, adapters, workflows, fuzz, stack): 78.0 s of CPU
 * without them, 70.4 s with the first, 66.5 s with both.
 */
export const TEST_NODE_FLAGS = ['--single-threaded-gc', '--interrupt-budget=270336'];
