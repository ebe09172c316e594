/**
 * The Lambda bundles stay small (issue 14): every handler bundled with the options the stack gives NodejsFunction
 * (infra/bundling.ts; esbuild's output is deterministic) must fit its budget. Sizes only: how fast a bundle imports is
 * measured by `npm run -s bench:lean`, not asserted by a timed test.
 *
 * Every handler is bundled in one esbuild run (an entry point each, no splitting: each output is the bundle that
 * handler's own build makes, byte for byte, and reads the same files; one run shares the parsing), and every test
 * reads that run.
 */
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLERS, isWebHandler } from '../../functions/handlers';
import { bundleBudgetBytes, lambdaBuildOptions } from '../../infra/bundling';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Handler = (typeof HANDLERS)[number];

interface Bundle {
  bytes: number;
  /** Every file the handler's build reads (tree-shaken away or not), from its entry point through the import graph. */
  inputs: string[];
  packages: Set<string>;
  /** The output's imports of the AWS SDK (kept outside the bundle), with how each is imported. */
  sdkImports: { path: string; kind: string }[];
  /** The files with code in the bundle (esbuild reads some files whose code tree shaking then drops entirely). */
  shipped: string[];
}

/** Every handler's bundle: what `lambdaBuildOptions` builds, but with an entry point per handler. */
async function bundleAll(handlers: readonly Handler[], root = ROOT): Promise<Map<string, Bundle>> {
  const entryOf = (handler: Handler) => (lambdaBuildOptions(root, handler).entryPoints as string[])[0]!;
  const result = await esbuild.build({
    ...lambdaBuildOptions(root, handlers[0]!),
    entryPoints: Object.fromEntries(handlers.map((handler) => [`${handler.id}/index`, entryOf(handler)])),
    // Each as the handler's own build names it (/bundle/index.mjs): the source-map comment is part of the bytes.
    outdir: '/bundle',
    outExtension: { '.js': '.mjs' },
    // The source maps without the sources in them: index.mjs is byte for byte the same (its last line names the map),
    // and writing every source into 46 maps was half the build's time.
    sourcesContent: false,
    write: false,
    metafile: true,
  });
  const { inputs, outputs } = result.metafile;
  const bundles = new Map<string, Bundle>();
  for (const handler of handlers) {
    const code = result.outputFiles.find((file) => file.path === `/bundle/${handler.id}/index.mjs`);
    const output = Object.entries(outputs).find(([file]) => file.endsWith(`/bundle/${handler.id}/index.mjs`))?.[1];
    const read = new Set<string>();
    const visit = (file: string) => {
      if (read.has(file) || !(file in inputs)) return;
      read.add(file);
      for (const imported of inputs[file]!.imports) if (!imported.external) visit(imported.path);
    };
    visit(output?.entryPoint ?? '(no output)');
    bundles.set(handler.id, {
      bytes: code?.contents.length ?? Number.NaN,
      inputs: [...read],
      packages: new Set([...read].flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? [])),
      shipped: Object.entries(output?.inputs ?? {}).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])),
      sdkImports: (output?.imports ?? []).filter((imported) => imported.path.startsWith('@aws-sdk/')).map(({ path, kind }) => ({ path, kind })),
    });
  }
  return bundles;
}

let built: Promise<Map<string, Bundle>> | undefined;
async function bundle(handler: Handler): Promise<Bundle> {
  const bundles = await (built ??= bundleAll(HANDLERS));
  const found = bundles.get(handler.id);
  if (!found) throw new Error(`no bundle for ${handler.id}`);
  return found;
}

describe('Lambda bundles', () => {
  it.each(HANDLERS.map((handler) => [handler.id, handler] as const))(
    '%s fits its budget (infra/bundling.ts: 250 KB, a Lambda of web pages 400 KB) and ships no date library and no classic zod',
    async (_id, handler) => {
      const { bytes, packages, shipped } = await bundle(handler);
      expect(bytes).toBeLessThanOrEqual(bundleBudgetBytes(handler));
      // zod/mini only (eslint.config.js): classic zod is not tree-shakeable, ~100 KB a bundle, and with it its locale.
      expect(shipped.filter((input) => /node_modules\/zod\/(v4\/classic|v3|v4\/locales)\//.test(input))).toEqual([]);
      // The calendar reads the generated bank-holiday table and Intl: neither date-holidays nor a date library.
      expect([...packages].filter((name) => /^(date-holidays|moment|moment-timezone|astronomia|luxon)$/.test(name))).toEqual([]);
    },
    120_000,
  );

  it.each(HANDLERS.filter(isWebHandler).map((handler) => [handler.id, handler] as const))(
    '%s: the web pages carry Nunjucks\' slim runtime and templates compiled at build time, not the template compiler',
    async (_id, handler) => {
      const { inputs } = await bundle(handler);
      expect(inputs).toContain('node_modules/nunjucks/browser/nunjucks-slim.min.js');
      expect(inputs.filter((input) => input.startsWith('node_modules/nunjucks/src/'))).toEqual([]);
    },
    120_000,
  );

  // esbuild's own account of each output's imports: a static import or a require() of the SDK has another kind.
  it.each(HANDLERS.map((handler) => [handler.id, handler] as const))(
    '%s does not load the AWS SDK at import: the adapters import it on first use (a dynamic import)',
    async (_id, handler) => {
      const { sdkImports } = await bundle(handler);
      expect(sdkImports.filter((imported) => imported.kind !== 'dynamic-import')).toEqual([]);
    },
    120_000,
  );
});
