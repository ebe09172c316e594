/**
 * How a Lambda handler is bundled, in one place: infra/constructs/function.ts gives these options to CDK's
 * NodejsFunction (which runs esbuild), and the bundle-budget test and the lean measurements run esbuild with the same
 * options directly (bundle output is deterministic, and CDK's bundling is slower). Also the budgets the test holds.
 */
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { handlerEntry, isWebHandler, type HandlerDefinition } from '../functions/handlers';

/** ESM bundles of CommonJS dependencies still call require(): give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as sccifCreateRequire } from 'module'; const require = sccifCreateRequire(import.meta.url);";

/** The Lambda Node.js runtime provides the AWS SDK v3: it is not bundled. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

export const BUNDLE_TARGET = 'node22';
/** Text as UTF-8, not \u escapes: the prose of letters and pages is full of ’ and – (smaller bundles). */
export const BUNDLE_CHARSET: 'utf8' | 'ascii' = 'utf8';
export const MAIN_FIELDS = ['module', 'main'];

/**
 * The largest a handler's index.mjs may be (bytes; KB = 1000 bytes): issue 14's targets, 250 KB a handler and 400 KB
 * for a Lambda of web pages (one per area: functions/handlers.ts).
 *
 * Three bundles are over them since the stored due list landed (issue 15, item 8; 2026-11-29), and are held where they
 * are so that they cannot grow unnoticed: the repository refreshes the due list on every plan-changing write, so the
 * plan's rules (core/due-list.ts, core/inspection-plan.ts; about 16 KB) are in every handler that writes through it.
 * web is 410.5 KB, amend-outcome 255.4 KB, import-register 253.1 KB. Next step: writers only mark an establishment's
 * entry stale (numbered as now) and the readers, which carry the plan anyway, recompute the few stale entries.
 */
const OVER_TARGET: Readonly<Record<string, number>> = { web: 415_000, 'amend-outcome': 260_000, 'import-register': 256_000 };
export const BUNDLE_TARGET_BYTES = { handler: 250_000, web: 400_000 } as const;

export function bundleBudgetBytes(handler: HandlerDefinition): number {
  return OVER_TARGET[handler.id] ?? (isWebHandler(handler) ? BUNDLE_TARGET_BYTES.web : BUNDLE_TARGET_BYTES.handler);
}

/** esbuild options equal to what NodejsFunction runs for a handler (infra/constructs/function.ts). */
export function lambdaBuildOptions(repositoryRoot: string, handler: HandlerDefinition): BuildOptions {
  return {
    entryPoints: [path.join(repositoryRoot, handlerEntry(handler))],
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    target: BUNDLE_TARGET,
    charset: BUNDLE_CHARSET,
    platform: 'node',
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNAL_MODULES,
    logLevel: 'silent',
  };
}
