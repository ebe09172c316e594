/**
 * vitest globalSetup, once before any test file, while `npm test` type-checks and lints on the other core
 * (test/run-tests.mjs):
 * - the web pages' precompiled templates, written again when a template changed;
 * - the synthesized template (infra/local/template-cache.ts) and the local runtime's bundle
 *   (infra/local/runtime-bundle.mjs), each built when a source changed.
 * After `npm ci` (which clears both caches) the test files and the runtimes they start would otherwise each miss at
 * the same time and each synthesize or bundle again: two to four syntheses of ~3 s of CPU each on a clean clone.
 * The files still check what they checked: stack.test synthesizes for itself and compares the cache to it, and
 * runtime-bundle.test checks that a changed source is bundled again.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { refreshCompiledTemplates } from '../../functions/cli/web-templates';
import { runtimeBundle } from '../../infra/local/runtime-bundle.mjs';
import { loadTemplate } from '../../infra/local/template-cache';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function setup(): Promise<void> {
  // The runtime bundle includes the compiled templates.
  await refreshCompiledTemplates();
  await Promise.all([loadTemplate(repositoryRoot), runtimeBundle()]);
}
