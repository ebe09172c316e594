/**
 * `npm start` runs the local runtime from a cached esbuild bundle (infra/local/runtime-bundle.mjs): built again when
 * a source changes, and only then; the sources' import.meta.url is their own file's, as under tsx. A small
 * repository in a temporary folder stands in for ours (same layout: infra/local/main.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeBundle } from '../../infra/local/runtime-bundle.mjs';

describe('the bundle npm start runs', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sccif-runtime-bundle-'));
  const cacheDir = path.join(root, 'node_modules/.cache/sccif-runtime');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const run = (entry: string) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(entry)], { encoding: 'utf8' })) as Record<string, string>;

  write('tsconfig.json', '{}');
  write('README.md', 'not a source');
  write(
    'infra/local/main.ts',
    [
      "import { fileURLToPath } from 'node:url';",
      "import { word } from '../../functions/core/word';",
      'const here: string = fileURLToPath(import.meta.url);',
      "const mention = 'import.meta.url stays as written in a string';",
      'process.stdout.write(JSON.stringify({ word, here, mention }));',
    ].join('\n'),
  );
  write('functions/core/word.ts', "export const word: string = 'first';");

  it('is built on the first start, taken from the cache after, and built again when a source changes', async () => {
    const first = await runtimeBundle({ root, cacheDir });
    expect(first.built).toBe(true);
    expect(run(first.entry)).toEqual({
      word: 'first',
      here: path.join(root, 'infra/local/main.ts'),
      mention: 'import.meta.url stays as written in a string',
    });

    const again = await runtimeBundle({ root, cacheDir });
    expect(again).toMatchObject({ built: false, entry: first.entry });

    write('README.md', 'still not a source');
    expect((await runtimeBundle({ root, cacheDir })).built).toBe(false);

    write('functions/core/word.ts', "export const word: string = 'second';");
    const changed = await runtimeBundle({ root, cacheDir });
    expect(changed.built).toBe(true);
    expect(changed.entry).not.toBe(first.entry);
    expect(run(changed.entry).word).toBe('second');

    write('tsconfig.json', '{ "compilerOptions": {} }');
    expect((await runtimeBundle({ root, cacheDir })).built).toBe(true);
  }, 60_000);

  it('builds again after a source saved while the build ran: never a stale bundle taken as current', async () => {
    write('functions/core/word.ts', "export const word: string = 'read';");
    // Saved once esbuild has read every file, before the build returns (an editor, beside a test run's build).
    const saveDuringBuild = {
      name: 'save-during-build',
      setup(build: { onEnd: (callback: () => void) => void }) {
        build.onEnd(() => write('functions/core/word.ts', "export const word: string = 'saved during the build';"));
      },
    };
    const during = await runtimeBundle({ root, cacheDir, extraPlugins: [saveDuringBuild] });
    expect(during.built).toBe(true);
    expect(run(during.entry).word).toBe('read');
    const next = await runtimeBundle({ root, cacheDir });
    expect(next.built).toBe(true);
    expect(run(next.entry).word).toBe('saved during the build');
    expect((await runtimeBundle({ root, cacheDir })).built).toBe(false);
  }, 60_000);

  it("runs this repository's runtime from its bundle: /health answers 200 and a handler answers its route", async () => {
    // The bundle `npm start` runs, in the real cache inside the repository (its packages resolve from node_modules
    // above it). The suite's global set-up built it before any file ran, from an empty cache on a clean clone (CI), and
    // again whenever a source changed; building it a second time into a cache of this test's own (as this test did
    // until 2026-11-30) repeated that build for nothing the first test above does not check (built, then reused, then
    // built again on a change).
    const bundle = await runtimeBundle();
    const child = spawn(process.execPath, [fileURLToPath(bundle.entry), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout!.on('data', collect);
        child.stderr!.on('data', collect);
        child.once('exit', (code) => reject(new Error(`the runtime exited with ${code}:\n${output}`)));
      });
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const inspector = `Basic ${Buffer.from('ines.inspector@ofsted.local:inspector-pass').toString('base64')}`;
      const inspections = await fetch(`${base}/inspections`, { headers: { authorization: inspector } });
      expect(inspections.status).toBe(200);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  }, 240_000);
});
