/**
 * Lean figures: `npm run -s bench:lean [-- --only bundles,start] [--runs N] [--json]`.
 *
 *   bundles  every handler bundled with the options of infra/bundling.ts (as the stack bundles it): index.mjs bytes,
 *            its budget, and the median cold `import()` of the bundle in a fresh node process
 *   start    `npm start` (PORT chosen here) until `GET /health` answers 200, in seconds: the first run after clearing
 *            the template cache (a miss), then the others (hits)
 *
 * Prints a table per section and, with --json, one JSON object as the last line.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { HANDLERS } from '../../functions/handlers';
import { bundleBudgetBytes, lambdaBuildOptions } from '../../infra/bundling';
import { TEMPLATE_CACHE_DIR } from '../../infra/local/template-cache';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'bundles,start' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '3190' },
    json: { type: 'boolean', default: false },
  },
});
const sections = new Set(values.only.split(','));
const runs = Number(values.runs);
const figures: Record<string, unknown> = {};

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function importMs(file: string): Promise<number> {
  const script = `const t=performance.now();import(${JSON.stringify(pathToFileURL(file).href)}).then(()=>process.stdout.write(String(performance.now()-t)),(e)=>{console.error(e);process.exit(1)})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1', NODE_OPTIONS: '', AWS_REGION: 'eu-west-2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`${file}: ${err.slice(0, 400)}`))));
  });
}

async function bundles(): Promise<void> {
  // Inside the repository so that the external @aws-sdk/* imports resolve from its node_modules.
  const outRoot = path.join(ROOT, 'node_modules/.cache/sccif-bundles');
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });
  writeFileSync(path.join(outRoot, 'package.json'), '{"type":"module"}\n');
  const rows: { handler: string; bytes: number; budget: number; importMs: number }[] = [];
  for (const handler of HANDLERS) {
    const outfile = path.join(outRoot, handler.id, 'index.mjs');
    await esbuild.build({ ...lambdaBuildOptions(ROOT, handler), outfile });
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) samples.push(await importMs(outfile));
    rows.push({ handler: handler.id, bytes: statSync(outfile).size, budget: bundleBudgetBytes(handler), importMs: median(samples) });
  }
  console.log(`\nBundles (index.mjs; import = median of ${runs} cold import() in a new node ${process.version} process)`);
  console.log(`${'handler'.padEnd(26)}${'KB'.padStart(9)}${'budget KB'.padStart(11)}${'import ms'.padStart(11)}`);
  for (const row of rows) {
    console.log(
      `${row.handler.padEnd(26)}${(row.bytes / 1000).toFixed(1).padStart(9)}${(row.budget / 1000).toFixed(0).padStart(11)}${row.importMs.toFixed(1).padStart(11)}`,
    );
  }
  const bytes = rows.map((row) => row.bytes);
  const imports = rows.map((row) => row.importMs);
  console.log(
    `max ${(Math.max(...bytes) / 1000).toFixed(1)} KB, min ${(Math.min(...bytes) / 1000).toFixed(1)} KB; ` +
      `import median over handlers ${median(imports).toFixed(1)} ms, max ${Math.max(...imports).toFixed(1)} ms`,
  );
  Object.assign(figures, {
    bundleMaxBytes: Math.max(...bytes),
    bundleMinBytes: Math.min(...bytes),
    importP50Ms: Number(median(imports).toFixed(1)),
    importMaxMs: Number(Math.max(...imports).toFixed(1)),
    bundles: Object.fromEntries(rows.map((row) => [row.handler, { bytes: row.bytes, importMs: Number(row.importMs.toFixed(1)) }])),
  });
}

/** `npm start` until /health answers 200, in seconds. */
async function startOnce(port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output.slice(-800)}`);
      if (performance.now() - started > 60_000) throw new Error(`npm start not ready in 60 s: ${output.slice(-800)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.status === 200) return (performance.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

async function start(): Promise<void> {
  const port = Number(values.port);
  rmSync(TEMPLATE_CACHE_DIR(ROOT), { recursive: true, force: true });
  const miss = await startOnce(port);
  const hits: number[] = [];
  for (let run = 0; run < runs; run += 1) hits.push(await startOnce(port));
  console.log(`\nStart (npm start → GET /health 200, PORT=${port})`);
  console.log(`cache miss ${miss.toFixed(2)} s; cache hit median ${median(hits).toFixed(2)} s (${hits.map((s) => s.toFixed(2)).join(', ')})`);
  Object.assign(figures, { startMissSeconds: Number(miss.toFixed(2)), startReadySeconds: Number(median(hits).toFixed(2)) });
}

if (sections.has('bundles')) await bundles();
if (sections.has('start')) await start();
if (values.json) console.log(JSON.stringify(figures));
