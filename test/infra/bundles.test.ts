/**
 * The Lambda bundles stay small (issue 14): every handler bundled with the options the stack gives NodejsFunction
 * (infra/bundling.ts; esbuild's output is deterministic) must fit its budget. Sizes only: how fast a bundle imports is
 * measured by `npm run -s bench:lean`, not asserted by a timed test.
 *
 * Every handler is bundled in one esbuild run (an entry point each, no splitting: each output is the bundle that
 * handler's own build makes, byte for byte, and reads the same files; one run shares the parsing), and every test
 * reads that run. That run writes no source maps (a third of esbuild's work): each bundle's size counts the one line
 * its own build adds to name its map, and a test checks a handler's own build gives that bundle, byte for byte.
 */
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLERS, isWebHandler } from '../../functions/handlers';
import { BUNDLE_ALIASES, bundleBudgetBytes, lambdaBuildOptions, MIDDY_STREAMING_STUB } from '../../infra/bundling';
import { pipeline, Readable, ReadableStream, STREAMING_NOT_BUNDLED } from '../../infra/middy-streaming-stub';

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
  /** Everything the output imports at run time that is not bundled (node builtins, the SDK), as written. */
  externalImports: string[];
  /** The files that import the stub of middy's streaming imports (infra/middy-streaming-stub.ts). */
  stubImporters: string[];
  code: string;
}

/** The last line of a handler's own bundle, which names its source map (index.mjs.map). */
const SOURCE_MAP_LINE = '//# sourceMappingURL=index.mjs.map\n';

/** Every handler's bundle: what `lambdaBuildOptions` builds, but with an entry point per handler. */
async function bundleAll(handlers: readonly Handler[], root = ROOT): Promise<Map<string, Bundle>> {
  const entryOf = (handler: Handler) => (lambdaBuildOptions(root, handler).entryPoints as string[])[0]!;
  const result = await esbuild.build({
    ...lambdaBuildOptions(root, handlers[0]!),
    entryPoints: Object.fromEntries(handlers.map((handler) => [`${handler.id}/index`, entryOf(handler)])),
    // Each as the handler's own build names it (/bundle/index.mjs).
    outdir: '/bundle',
    outExtension: { '.js': '.mjs' },
    // No source maps: index.mjs is the same without its last line (SOURCE_MAP_LINE), which `code` puts back.
    sourcemap: false,
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
      bytes: code ? code.contents.length + Buffer.byteLength(SOURCE_MAP_LINE) : Number.NaN,
      inputs: [...read],
      packages: new Set([...read].flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? [])),
      shipped: Object.entries(output?.inputs ?? {}).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])),
      sdkImports: (output?.imports ?? []).filter((imported) => imported.path.startsWith('@aws-sdk/')).map(({ path, kind }) => ({ path, kind })),
      externalImports: (output?.imports ?? []).map((imported) => imported.path),
      stubImporters: [...read].filter((input) => inputs[input]!.imports.some((imported) => `./${imported.path}` === MIDDY_STREAMING_STUB)),
      code: code ? code.text + SOURCE_MAP_LINE : '',
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
  it('are each what the handler’s own build makes, byte for byte, its last line naming its source map', async () => {
    const handler = HANDLERS.find((candidate) => candidate.id === 'measure-time-left')!;
    const own = await esbuild.build({ ...lambdaBuildOptions(ROOT, handler), outfile: '/bundle/index.mjs', write: false });
    const ownCode = own.outputFiles.find((file) => file.path === '/bundle/index.mjs')!;
    expect(own.outputFiles.map((file) => file.path).sort()).toEqual(['/bundle/index.mjs', '/bundle/index.mjs.map']);
    const { bytes, code } = await bundle(handler);
    expect(code.endsWith(SOURCE_MAP_LINE)).toBe(true);
    expect(code).toBe(ownCode.text);
    expect(bytes).toBe(ownCode.contents.length);
  }, 120_000);

  it.each(HANDLERS.map((handler) => [handler.id, handler] as const))(
    '%s fits its budget (infra/bundling.ts: 250 KB, a Lambda of web pages 400 KB) and ships no date library and no classic zod',
    async (_id, handler) => {
      const { bytes, packages, shipped } = await bundle(handler);
      expect(bytes).toBeLessThanOrEqual(bundleBudgetBytes(handler));
      // zod/mini only (oxlint.config.js): classic zod is not tree-shakeable, ~100 KB a bundle, and with it its locale.
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

  // functions/core/schemas.ts builds each schema in `schema(() => …)`, which esbuild drops from a bundle that never
  // uses it. No step takes an inspection's children or an inspector id: those schemas are for logging inspections.
  it.each(HANDLERS.filter((handler) => handler.kind === 'step').map((handler) => [handler.id, handler] as const))(
    '%s leaves out the schemas it never uses (the initials and inspector id of a logged inspection)',
    async (_id, handler) => {
      const { code } = await bundle(handler);
      expect(code).not.toContain('capital letters A-Z, never a name');
      expect(code).not.toContain('must be an inspector id');
    },
    120_000,
  );

  it.each(HANDLERS.filter((handler) => handler.kind === 'step').map((handler) => [handler.id, handler] as const))(
    '%s carries no Powertools (functions/middleware/logger.ts is our own)',
    async (_id, handler) => {
      const { packages } = await bundle(handler);
      expect([...packages].filter((name) => name.startsWith('@aws-lambda-powertools/'))).toEqual([]);
    },
    120_000,
  );

  it.each(HANDLERS.map((handler) => [handler.id, handler] as const))(
    "%s loads none of middy's streaming imports (node:stream, stream/promises, stream/web): only middy gets their stub",
    async (_id, handler) => {
      const { externalImports, stubImporters } = await bundle(handler);
      expect(externalImports.filter((imported) => imported in BUNDLE_ALIASES)).toEqual([]);
      // The alias applies to the whole bundle: any other importer would get a stub that throws.
      expect(stubImporters).toEqual(['node_modules/@middy/core/index.js']);
    },
    120_000,
  );
});

describe("middy without its streaming imports (infra/middy-streaming-stub.ts)", () => {
  /** Runs `main.mjs` of these files in a new node process; its stdout. */
  const run = (files: Record<string, string>): string => {
    const directory = mkdtempSync(path.join(tmpdir(), 'sccif-bundle-'));
    try {
      for (const [name, code] of Object.entries(files)) writeFileSync(path.join(directory, name), code);
      return execFileSync(process.execPath, [path.join(directory, 'main.mjs')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };

  it('a bundled step handler runs through middy (a bad event gives its 400 naming the field, as without the stub) and its error keeps its name in the minified bundle (Retry and Catch match it)', async () => {
    // Prepare: the bundle as the stack builds it.
    const { code } = await bundle(HANDLERS.find((handler) => handler.id === 'measure-time-left')!);
    const main = [
      "const { handler } = await import('./index.mjs');",
      "await handler({}, { functionName: 'measure-time-left', awsRequestId: 'r-1' }).then(() => process.stdout.write('resolved'), (error) => process.stdout.write(`${error.name} ${error.status} ${error.message}`));",
    ].join('\n');

    // Act, Assess
    expect(run({ 'index.mjs': code, 'main.mjs': main })).toMatch(/^ValidationError 400 inspectionId: /);
  }, 120_000);

  it("a handler that streamed its response (middy's streamifyResponse) fails at once, naming the stub", async () => {
    // Prepare: middy bundled with the handlers' options, and Lambda's streaming globals as the runtime provides them.
    const { outputFiles } = await esbuild.build({
      ...lambdaBuildOptions(ROOT, HANDLERS[0]),
      entryPoints: undefined,
      stdin: {
        contents: [
          "import middy from '@middy/core';",
          'globalThis.awslambda = { streamifyResponse: (fn) => fn, HttpResponseStream: { from: (stream) => stream } };',
          "const handler = middy({ streamifyResponse: true }).handler(async () => 'a streamed body');",
          'handler({}, { write() {}, end() {} }, {}).then(() => process.stdout.write("streamed"), (error) => process.stdout.write(error.message));',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'js',
      },
      sourcemap: false,
      write: false,
    });

    // Act, Assess
    expect(run({ 'main.mjs': outputFiles![0]!.text })).toContain(STREAMING_NOT_BUNDLED);
  }, 120_000);

  it('every part of the stub throws, naming why', () => {
    expect(() => Readable.from()).toThrow(STREAMING_NOT_BUNDLED);
    expect(() => pipeline()).toThrow(STREAMING_NOT_BUNDLED);
    expect(() => new ReadableStream()).toThrow(STREAMING_NOT_BUNDLED);
    expect(() => ({}) instanceof ReadableStream).toThrow(STREAMING_NOT_BUNDLED);
  });
});
