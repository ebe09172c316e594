/**
 * The Lambda bundles stay small (issue 14): every handler bundled with the options the stack gives NodejsFunction
 * (infra/bundling.ts; esbuild's output is deterministic) must fit its budget. Sizes only: how fast a bundle imports is
 * measured by `npm run -s bench:lean`, not asserted by a timed test.
 */
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLERS, isWebHandler } from '../../functions/handlers';
import { bundleBudgetBytes, lambdaBuildOptions } from '../../infra/bundling';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(handler: (typeof HANDLERS)[number]) {
  const result = await esbuild.build({ ...lambdaBuildOptions(ROOT, handler), outfile: '/bundle/index.mjs', write: false, metafile: true });
  const code = result.outputFiles.find((file) => file.path.endsWith('index.mjs'));
  const packages = new Set(
    Object.keys(result.metafile.inputs).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []),
  );
  // The files with code in the bundle (esbuild reads some files whose code tree shaking then drops entirely).
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))?.[1];
  const shipped = Object.entries(output?.inputs ?? {}).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : []));
  return { bytes: code?.contents.length ?? Number.NaN, packages, inputs: Object.keys(result.metafile.inputs), shipped };
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
    60_000,
  );

  it.each(HANDLERS.filter(isWebHandler).map((handler) => [handler.id, handler] as const))(
    '%s: the web pages carry Nunjucks\' slim runtime and templates compiled at build time, not the template compiler',
    async (_id, handler) => {
      const { inputs } = await bundle(handler);
      expect(inputs).toContain('node_modules/nunjucks/browser/nunjucks-slim.min.js');
      expect(inputs.filter((input) => input.startsWith('node_modules/nunjucks/src/'))).toEqual([]);
    },
    60_000,
  );

  it('no bundle loads the AWS SDK at import: the adapters import it on first use (a dynamic import)', async () => {
    for (const handler of HANDLERS) {
      const result = await esbuild.build({ ...lambdaBuildOptions(ROOT, handler), outfile: '/bundle/index.mjs', write: false });
      const code = result.outputFiles.find((file) => file.path.endsWith('index.mjs'))!.text;
      expect(code.match(/(?:from|import)\s*"@aws-sdk\/[^"]+"/g) ?? [], handler.id).toEqual([]);
    }
  }, 300_000);
});
