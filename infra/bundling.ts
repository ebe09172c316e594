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
/**
 * ASCII, with \u escapes for the few ’ and – of the letters' and pages' prose: a bundle of one-byte characters is read
 * and compiled faster (2-4 ms of a cold import, measured 2026-11-29) for about 0.3 KB more than UTF-8.
 */
export const BUNDLE_CHARSET: 'utf8' | 'ascii' = 'ascii';
export const MAIN_FIELDS = ['module', 'main'];

/**
 * Imports replaced in every bundle, resolved from the repository root (esbuild resolves an alias in its working
 * directory: the repository root here and in CDK's local bundling). @middy/core imports node:stream, node:stream/promises
 * and node:stream/web for streamed responses only, which no handler uses: see infra/middy-streaming-stub.ts.
 */
export const MIDDY_STREAMING_STUB = './infra/middy-streaming-stub.ts';
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'node:stream': MIDDY_STREAMING_STUB,
  'node:stream/promises': MIDDY_STREAMING_STUB,
  'node:stream/web': MIDDY_STREAMING_STUB,
};

/**
 * The largest a handler's index.mjs may be (bytes; KB = 1000 bytes): issue 14's targets, 250 KB a handler and 400 KB
 * for a Lambda of web pages (one per area: functions/handlers.ts). Every bundle fits since the schemas moved to
 * zod/mini (2026-11-29: classic zod was ~100 KB of each bundle; largest now amend-outcome 193 KB, import-register
 * 197 KB, web 348 KB), so the three bundles held over their target since the stored due list (issue 15) are back
 * under it.
 */
export const BUNDLE_TARGET_BYTES = { handler: 250_000, web: 400_000 } as const;

export function bundleBudgetBytes(handler: HandlerDefinition): number {
  return isWebHandler(handler) ? BUNDLE_TARGET_BYTES.web : BUNDLE_TARGET_BYTES.handler;
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
    alias: { ...BUNDLE_ALIASES },
    absWorkingDir: repositoryRoot,
    logLevel: 'silent',
  };
}
