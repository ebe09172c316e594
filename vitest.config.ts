import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The web pages render precompiled templates: compiled again when a template changed (functions/cli/web-templates.ts).
    globalSetup: ['test/support/compile-templates.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest defaults to cores - 1 workers: one file at a time on a 2-core machine. One worker per core measured
    // 165 s -> 109 s for the same CPU here.
    maxWorkers: availableParallelism(),
  },
});
