/**
 * Performance bench of the local runtime and the Lambda bundles: `npm run -s bench [-- options]`.
 *
 * Sections (all by default; `--only 1,3` picks some):
 *   1  start-up of `npm start` (the runtime as a child process, as test/support/runtime-process.ts starts it)
 *   2  alert latency: POST /inspections + POST inadequate outcome → DCS alert in the local SES store (real time)
 *   3  the 16-week inadequate pathway on the virtual clock
 *   4  a simulated national inspection year on the virtual clock (scaled: --scale)
 *   5  state transitions per process (from section 4's histories) and the projected Step Functions Standard cost
 *   6  Lambda bundles: size and cold import time of every handler bundled as infra/constructs/function.ts does
 *
 * Sections 2-4 each run the in-process LocalRuntime in their own worker process (this file with `--worker`): the
 * runtime installs a fake clock on the process's globals and the handlers' SDK clients are created once per
 * process, so a fresh process per runtime keeps the sections independent. Handler info logs are filtered out in the
 * workers (sections 2 and 3 leave the handlers' log level alone; the year sets POWERTOOLS_LOG_LEVEL=WARN): lines
 * starting with {"level":"INFO" are dropped and counted; warn and error lines are counted and the first few shown.
 *
 * Section 4 splits the year across worker processes (--workers, default one per core) by establishment, each with
 * its own runtime on in-memory adapters (LocalRuntime's inMemory: the same ASL and handlers; a table on Maps, an
 * inbox and the Step Functions engine called in-process instead of over HTTP; --year-adapters servers for the old
 * way). `--json` prints the headline figures as one JSON object on the last line (README's Performance table).
 *
 * Each section is guarded: a failure prints its error and the bench goes on; the exit code is 1 if any failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LocalRuntime } from '../../infra/local/runtime';
import type { LocalUser } from '../../infra/local/api-gateway';
import type { LocalDate } from '../../functions/core/calendar';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';

// Captured before any runtime installs its fake clock (sections 2-4 replace setTimeout on the globals).
const realSetTimeout = globalThis.setTimeout;
const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

const THIS_FILE = fileURLToPath(import.meta.url);
const REPOSITORY_ROOT = path.resolve(path.dirname(THIS_FILE), '../..');

// ---------------------------------------------------------------------------------------------------------------
// Options

const DEFAULTS = {
  starts: 5,
  alerts: 200,
  runs: 5,
  // Measured on this machine (2 cores): the full year (scale 1) takes well over 5 minutes, so a tenth by default.
  scale: 0.1,
  pricePer1000: 0.025,
  importRuns: 5,
  workers: os.availableParallelism(),
};

interface Options {
  only: Set<number>;
  starts: number;
  alerts: number;
  runs: number;
  scale: number;
  pricePer1000: number;
  importRuns: number;
  npmStart: boolean;
  /** Section 4: worker processes the year is split across. */
  workers: number;
  yearAdapters: 'in-memory' | 'servers';
  /** Print the headline figures as one JSON object on the last line. */
  json: boolean;
}

const USAGE = `Usage: npm run -s bench [-- options]
  --only 1,3            run only these sections (1 start-up, 2 alert latency, 3 inadequate pathway,
                        4 national year, 5 transitions and cost, 6 Lambda bundles); default: all
  --starts N            section 1: runtime starts (default ${DEFAULTS.starts})
  --no-npm              section 1: skip the rows measured through \`npm start\` itself
  --alerts N            section 2: inspections (default ${DEFAULTS.alerts})
  --runs N              section 3: runs of the 16-week pathway (default ${DEFAULTS.runs})
  --scale X             section 4: fraction of a national year (default ${DEFAULTS.scale}; 1 = the full year)
  --workers N           section 4: worker processes the year is split across, by establishment (default: the cores, ${DEFAULTS.workers})
  --year-adapters A     section 4: in-memory (default) or servers (dynalite, SES and Step Functions over HTTP)
  --price-per-1000 USD  section 5: Step Functions Standard price per 1,000 state transitions (default ${DEFAULTS.pricePer1000})
  --import-runs N       section 6: cold imports per bundle (default ${DEFAULTS.importRuns})
  --json                print the headline figures as one JSON object, the last line of the output
`;

function positiveNumber(name: string, text: string | undefined, fallback: number, integer = true): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got "${text}"`);
  }
  return value;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      starts: { type: 'string' },
      'no-npm': { type: 'boolean' },
      alerts: { type: 'string' },
      runs: { type: 'string' },
      scale: { type: 'string' },
      'price-per-1000': { type: 'string' },
      'import-runs': { type: 'string' },
      workers: { type: 'string' },
      'year-adapters': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const only = new Set<number>();
  for (const part of (values.only ?? '1,2,3,4,5,6').split(',')) {
    const section = Number(part.trim());
    if (!Number.isInteger(section) || section < 1 || section > 6) throw new Error(`--only takes section numbers 1 to 6, got "${part}"`);
    only.add(section);
  }
  const scale = positiveNumber('scale', values.scale, DEFAULTS.scale, false);
  if (scale > 1) throw new Error('--scale must be at most 1 (1 = a full national year)');
  const yearAdapters = values['year-adapters'] ?? 'in-memory';
  if (yearAdapters !== 'in-memory' && yearAdapters !== 'servers') throw new Error(`--year-adapters is in-memory or servers, got "${yearAdapters}"`);
  return {
    workers: positiveNumber('workers', values.workers, DEFAULTS.workers),
    yearAdapters,
    json: values.json ?? false,
    only,
    starts: positiveNumber('starts', values.starts, DEFAULTS.starts),
    alerts: positiveNumber('alerts', values.alerts, DEFAULTS.alerts),
    runs: positiveNumber('runs', values.runs, DEFAULTS.runs),
    scale,
    pricePer1000: positiveNumber('price-per-1000', values['price-per-1000'], DEFAULTS.pricePer1000, false),
    importRuns: positiveNumber('import-runs', values['import-runs'], DEFAULTS.importRuns),
    npmStart: !values['no-npm'],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and output

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[middle]! : (s[middle - 1]! + s[middle]!) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${fmt(ms)} ms`;
  if (ms < 120_000) return `${fmt(ms / 1000, 1)} s`;
  return `${fmt(ms / 60_000, 1)} min (${fmt(ms / 1000)} s)`;
}

/** A plain-text table: the first column left-aligned, the others right-aligned unless they hold text. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (leftColumns.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function heading(text: string): void {
  process.stdout.write(`\n${text}\n${'='.repeat(text.length)}\n`);
}

function note(text: string): void {
  process.stdout.write(`${text}\n`);
}

function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Machine-readable figures (`--json`): filled in by the sections that ran, printed as the last line

const figures: Record<string, number | string | boolean | null> = {};

function figure(name: string, value: number | string | boolean): void {
  figures[name] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Workers: an in-process LocalRuntime in a child process of its own

type WorkerName = 'alerts' | 'pathway' | 'year';

interface WorkerLogs {
  infoDropped: number;
  /** Handler invocations that hit middy's 30 s Lambda timeout. */
  timeouts: number;
  warn: number;
  error: number;
  samples: string[];
}

type WorkerMessage =
  | { type: 'progress'; text: string }
  | { type: 'result'; result: unknown; logs: WorkerLogs }
  | { type: 'error'; message: string; logs: WorkerLogs };

async function runWorker<T>(name: WorkerName, args: Record<string, unknown>): Promise<{ result: T; logs: WorkerLogs }> {
  const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, '--worker', name], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      BENCH_WORKER_ARGS: JSON.stringify(args),
      // The year is a simulation, not a latency measurement: its handlers log warnings and errors only (Powertools
      // reads this at start). Sections 2 and 3 keep the handlers' own level, as deployed.
      ...(name === 'year' ? { POWERTOOLS_LOG_LEVEL: 'WARN' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') progress(message.text);
      else if (message.type === 'result') {
        settled = true;
        resolve({ result: message.result as T, logs: message.logs });
      } else {
        settled = true;
        reject(new Error(`${message.message}${describeLogs(message.logs)}`));
      }
    });
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`worker ${name} exited with ${code ?? signal} before reporting:\n${output.trim()}`));
    });
  });
}

function describeLogs(logs: WorkerLogs): string {
  if (logs.warn === 0 && logs.error === 0) return '';
  return `\nhandler logs: ${logs.warn} warn, ${logs.error} error lines; first ones:\n  ${logs.samples.join('\n  ')}`;
}

function logsNote(logs: WorkerLogs): string {
  const samples = logs.samples.length > 0 ? `\n  first warn/error lines:\n    ${logs.samples.join('\n    ')}` : '';
  const timeouts = logs.timeouts > 0 ? ` ${logs.timeouts} handler invocations hit the 30 s Lambda timeout.` : '';
  return `Handler logs during the run: ${fmt(logs.infoDropped)} info lines suppressed, ${logs.warn} warn, ${logs.error} error.${timeouts}${samples}`;
}

/**
 * Inside a worker: drops the handlers' info lines (stdout), counts and samples warn/error lines (Powertools writes
 * those to stderr).
 */
function filterHandlerLogs(): WorkerLogs {
  const logs: WorkerLogs = { infoDropped: 0, timeouts: 0, warn: 0, error: 0, samples: [] };
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : '';
      if (text.startsWith('{"level":"INFO"')) {
        logs.infoDropped += 1;
        const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      const level = /^\{"level":"(WARN|ERROR)"/.exec(text)?.[1]?.toLowerCase() as 'warn' | 'error' | undefined;
      if (level) {
        logs[level] += 1;
        if (text.includes('"errorName":"TimeoutError"')) logs.timeouts += 1;
        if (logs.samples.length < 5) logs.samples.push(text.trim().slice(0, 400));
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return logs;
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stderr.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, () => resolve());
  });
}

async function workerMain(name: WorkerName): Promise<void> {
  const logs = filterHandlerLogs();
  // The SDK warns once that Node 20 will stop being supported: noise here.
  process.removeAllListeners('warning');
  const args = JSON.parse(process.env.BENCH_WORKER_ARGS ?? '{}') as Record<string, unknown>;
  const report = (text: string) => void send({ type: 'progress', text });
  try {
    const result =
      name === 'alerts' ? await alertWorker(args, report) : name === 'pathway' ? await pathwayWorker(args, report) : await yearWorker(args, report);
    await send({ type: 'result', result, logs });
    process.exit(0);
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error), logs });
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shared: driving the API like the tests do

interface Api {
  runtime: LocalRuntime;
  call(user: LocalUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

function apiOf(runtime: LocalRuntime): Api {
  return {
    runtime,
    async call(user, method, requestPath, body) {
      const response = await runtime.callApi({
        method,
        path: requestPath,
        user,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
    },
  };
}

function expectStatus(what: string, response: { status: number; body: Record<string, unknown> }, ...allowed: number[]): void {
  if (!allowed.includes(response.status)) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 600)}`);
  }
}

function localAuthorityCodes(): string[] {
  const list = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'config/local-authorities.json'), 'utf8')) as { code: string }[];
  return list.map((authority) => authority.code);
}

const INADEQUATE_FULL = {
  process: 'full-inspection',
  overall: 'inadequate',
  helpedAndProtected: 'inadequate',
  leadersAndManagers: 'inadequate',
  summaryOfConcerns: 'Children go missing without a response; the fire doors are wedged open.',
};

const urnOf = (index: number) => `SC${String(100000 + (index % 900000)).padStart(6, '0')}`;

// ---------------------------------------------------------------------------------------------------------------
// Section 1: start-up

interface StartSample {
  wallMs: number;
  readyMs: number | undefined;
  stopMs: number;
}

/**
 * Spawns the runtime from its sources (`node --import tsx infra/local/main.ts --port 0`), or through `npm start`
 * itself (as test/support/runtime-process.ts does, without npm), and times launch → the first "API" line.
 * runtime-process.ts is not called directly because it does not expose main.ts's own "ready in N ms" figure.
 */
async function startOnce(viaNpm: boolean): Promise<StartSample> {
  const started = performance.now();
  const child: ChildProcess = viaNpm
    ? spawn('npm', ['start', '--', '--port', '0'], {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--port', '0'], {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  let wallMs = 0;
  let stopMs = Number.NaN;
  try {
    wallMs = await new Promise<number>((resolve, reject) => {
      const timer = realSetTimeout(() => reject(new Error(`runtime did not start in 60 s:\n${output}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/API\s+http:\/\/127\.0\.0\.1:\d+/.test(output)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`runtime exited with ${code}:\n${output}`));
      });
    });
  } finally {
    const stopping = performance.now();
    if (child.exitCode === null && child.signalCode === null) {
      // Ctrl-C, as a user stops it (the whole process group for npm → sh → tsx → node).
      if (viaNpm && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
      else child.kill('SIGINT');
    }
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      if (viaNpm) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    }
    stopMs = performance.now() - stopping;
  }
  const ready = /ready in (\d+) ms/.exec(output);
  return { wallMs, readyMs: ready ? Number(ready[1]) : undefined, stopMs };
}

async function sectionStartup(options: Options): Promise<void> {
  heading('1. Start-up: `npm start` to ready');
  const variants: { label: string; viaNpm: boolean }[] = [{ label: 'node --import tsx infra/local/main.ts', viaNpm: false }];
  if (options.npmStart) variants.push({ label: 'npm start (npm + node, cached bundle)', viaNpm: true });
  const rows: string[][] = [];
  for (const variant of variants) {
    const samples: StartSample[] = [];
    for (let run = 1; run <= options.starts; run += 1) {
      const sample = await startOnce(variant.viaNpm);
      samples.push(sample);
      progress(`${variant.label}: start ${run}/${options.starts}: ${fmt(sample.wallMs)} ms to the API line, ready in ${sample.readyMs ?? '?'} ms`);
    }
    const walls = samples.map((sample) => sample.wallMs);
    // `npm start` as a user types it when measured (the last variant), else node + tsx directly.
    figure('startReadySeconds', Math.round(median(walls)) / 1000);
    figure('startVia', variant.viaNpm ? 'npm start' : 'node --import tsx infra/local/main.ts');
    const readies = samples.flatMap((sample) => (sample.readyMs === undefined ? [] : [sample.readyMs]));
    const before = samples.flatMap((sample) => (sample.readyMs === undefined ? [] : [sample.wallMs - sample.readyMs]));
    rows.push([
      variant.label,
      String(samples.length),
      fmt(median(walls)),
      fmt(max(walls)),
      fmt(median(readies)),
      fmt(max(readies)),
      fmt(median(before)),
      fmt(median(samples.map((sample) => sample.stopMs))),
    ]);
  }
  note(
    table(
      ['launch', 'runs', 'to "API" line p50 ms', 'max ms', '"ready in" p50 ms', 'max ms', 'not in "ready in" p50 ms', 'Ctrl-C to exit p50 ms'],
      rows,
    ),
  );
  note(
    'To "API" line: spawn → the first "API http://…" line on stdout (wall). "ready in": main.ts\'s own figure, taken from ' +
      'the first statement of its body to listening; an ES module\'s body runs only after all its static imports have ' +
      'loaded, so node + tsx start-up and loading the import graph (aws-cdk-lib, the SDK, every handler\'s imports) ' +
      'are not in it: that is the "not in" column (wall − ready). The first row is how test/support/runtime-process.ts ' +
      'launches it; the second is `npm start -- --port 0` (npm, then node running the cached bundle: infra/local/start.mjs).',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Section 2: alert latency (worker)

interface AlertResult {
  startupMs: number;
  firstAlertMs: number[];
  allAlertsMs: number[];
  logMs: number[];
  outcomeMs: number[];
  pollMs: number;
}

async function alertWorker(args: Record<string, unknown>, report: (text: string) => void): Promise<AlertResult> {
  const count = Number(args.alerts);
  const { LocalRuntime } = await import('../../infra/local/runtime');
  const { users, fullInspectionRequest } = await import('../workflows/harness');
  const { addCalendarDays, londonDateOf } = await import('../../functions/core/calendar');
  const started = performance.now();
  const runtime = await LocalRuntime.start({ repositoryRoot: REPOSITORY_ROOT, realTime: true });
  const startupMs = performance.now() - started;
  const api = apiOf(runtime);
  const codes = localAuthorityCodes();
  const pollMs = 2;
  const result: AlertResult = { startupMs, firstAlertMs: [], allAlertsMs: [], logMs: [], outcomeMs: [], pollMs };
  try {
    for (let index = 0; index < count; index += 1) {
      const urn = urnOf(index);
      const host = codes[index % codes.length]!;
      const placing = [codes[(index * 7 + 1) % codes.length]!, codes[(index * 13 + 2) % codes.length]!];
      const expectedAuthorities = new Set([host, ...placing]).size;
      const today = londonDateOf(runtime.clock.now());
      const base = fullInspectionRequest(addCalendarDays(today, -2), today);
      const body = {
        ...base,
        establishment: { ...base.establishment, urn, name: `Bench Home ${index}`, hostAuthority: host },
        children: placing.map((code, child) => ({ initials: `B${String.fromCharCode(65 + child)}`, placement: { lookedAfter: true, placingAuthority: code } })),
      };
      const since = Math.floor(runtime.clock.now().getTime() / 1000) - 2;

      const t0 = performance.now();
      const logged = await api.call(users.inspector, 'POST', '/inspections', body);
      const t1 = performance.now();
      expectStatus('POST /inspections', logged, 201);
      const outcome = await api.call(users.inspector, 'POST', `/inspections/${String(logged.body.id)}/outcome`, INADEQUATE_FULL);
      const t2 = performance.now();
      expectStatus('POST outcome', outcome, 200);

      let first: number | undefined;
      for (;;) {
        const response = await fetch(`${runtime.urls.ses}/store?since=${since}`);
        const { emails } = (await response.json()) as { emails: { subject: string; destination: { to: string[] } }[] };
        const now = performance.now();
        const alerts = emails.filter(
          (email) => email.subject.includes(`URN ${urn}`) && email.destination.to.some((to) => to.startsWith('dcs@')),
        );
        if (alerts.length > 0 && first === undefined) first = now - t0;
        if (alerts.length >= expectedAuthorities) {
          result.firstAlertMs.push(first ?? now - t0);
          result.allAlertsMs.push(now - t0);
          break;
        }
        if (now - t0 > 60_000) throw new Error(`no DCS alert for ${urn} within 60 s (${alerts.length}/${expectedAuthorities})`);
        await sleep(pollMs);
      }
      result.logMs.push(t1 - t0);
      result.outcomeMs.push(t2 - t1);
      if ((index + 1) % 50 === 0 || index + 1 === count) report(`alert latency: ${index + 1}/${count} inspections`);
    }
  } finally {
    await runtime.stop();
  }
  return result;
}

async function sectionAlerts(options: Options): Promise<void> {
  heading('2. Alert latency: inadequate full inspection → DCS alert in the local SES store');
  const { result, logs } = await runWorker<AlertResult>('alerts', { alerts: options.alerts });
  figure('alertP50Ms', Math.round(percentile(result.allAlertsMs, 50)));
  figure('alertP95Ms', Math.round(percentile(result.allAlertsMs, 95)));
  figure('alerts', result.allAlertsMs.length);
  const row = (label: string, values: number[]) => [
    label,
    String(values.length),
    fmt(values[0] ?? Number.NaN),
    fmt(percentile(values, 50)),
    fmt(percentile(values, 95)),
    fmt(max(values)),
  ];
  note(
    table(
      ['measure (ms)', 'n', 'first', 'p50', 'p95', 'max'],
      [
        row('POST /inspections → first DCS alert stored', result.firstAlertMs),
        row('POST /inspections → every DCS alert stored', result.allAlertsMs),
        row('  of which POST /inspections (201)', result.logMs),
        row('  of which POST outcome (200)', result.outcomeMs),
      ],
    ),
  );
  note(
    `In-process LocalRuntime (realTime: true; runtime start ${fmt(result.startupMs)} ms, not counted), one inspection at a ` +
      `time, each for a different home (host + 2 placing authorities), the outcome posted as soon as the log returns; ` +
      `the SES store polled with GET /store?since=… every ${result.pollMs} ms. "first" is the first, cold inspection.`,
  );
  note(logsNote(logs));
}

// ---------------------------------------------------------------------------------------------------------------
// Section 3: the 16-week inadequate pathway (worker)

interface PathwayRun {
  wallMs: number;
  virtualDays: number;
  inspectionEnd: string;
  finishedAt: string;
  stateEntered: number;
}

interface PathwayResult {
  startupMs: number;
  runs: PathwayRun[];
}

async function pathwayWorker(args: Record<string, unknown>, report: (text: string) => void): Promise<PathwayResult> {
  const runs = Number(args.runs);
  const { LocalRuntime } = await import('../../infra/local/runtime');
  const { users, fullInspectionRequest, execution, advanceUntil } = await import('../workflows/harness');
  const { addCalendarDays, londonDateOf, isWorkingDay, nextWorkingDay } = await import('../../functions/core/calendar');
  const first = '2027-04-08' as LocalDate; // a Thursday
  const started = performance.now();
  const runtime = await LocalRuntime.start({ repositoryRoot: REPOSITORY_ROOT, startAt: new Date(`${first}T07:00:00Z`), realTime: false });
  const startupMs = performance.now() - started;
  const api = apiOf(runtime);
  const settled = async <T>(promise: Promise<T>) => {
    const value = await promise;
    await runtime.settle();
    return value;
  };
  const out: PathwayRun[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      // One after another in the same runtime, each starting 18 weeks after the previous one (after it has finished).
      let day = addCalendarDays(first, run * 18 * 7);
      if (!isWorkingDay(day)) day = nextWorkingDay(day);
      await runtime.advanceTo(new Date(`${day}T14:00:00Z`));
      const virtualStart = runtime.clock.now().getTime();
      const t0 = performance.now();

      const base = fullInspectionRequest(addCalendarDays(day, -2), day);
      const logged = await settled(
        api.call(users.inspector, 'POST', '/inspections', { ...base, establishment: { ...base.establishment, urn: urnOf(run) } }),
      );
      expectStatus('POST /inspections', logged, 201);
      const id = String(logged.body.id);
      expectStatus('POST outcome', await settled(api.call(users.inspector, 'POST', `/inspections/${id}/outcome`, INADEQUATE_FULL)), 200);

      const queue = await api.call(users.manager, 'GET', '/approvals');
      const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === id);
      if (!approval) throw new Error(`run ${run + 1}: no pending case review`);
      expectStatus(
        'POST decision',
        await settled(
          api.call(users.manager, 'POST', `/approvals/${approval.approvalId}/decision`, {
            decision: 'monitoring-visit',
            enforcement: 'none',
            rationale: 'Concerns about missing-from-care responses and fire safety are serious.',
          }),
        ),
        200,
      );

      // The inspection's own report stages, recorded at once (sent, commented on by the provider and published the day
      // the inspection ended: publication follows the provider's comments), so the runs that wait for them end and
      // only the pathway is measured.
      for (const stepId of ['report-to-provider', 'provider-comments', 'publish']) {
        expectStatus(
          `POST step ${stepId}`,
          await settled(api.call(users.inspector, 'POST', `/inspections/${id}/steps/${stepId}`, { on: day, process: 'full-inspection' })),
          200,
        );
      }

      const inspection = await api.call(users.manager, 'GET', `/inspections/${id}`);
      const scheduled = (inspection.body.inspection as { scheduled: Record<string, { earliest: string } | undefined> }).scheduled['monitoring-visit'];
      if (!scheduled) throw new Error(`run ${run + 1}: no monitoring visit scheduled`);
      await runtime.advanceTo(new Date(`${scheduled.earliest}T12:00:00Z`));
      expectStatus(
        'POST monitoring outcome',
        await settled(
          api.call(users.inspector, 'POST', `/inspections/${id}/outcome`, {
            process: 'monitoring-visit',
            outcome: 'full-inspection',
            visitDate: londonDateOf(runtime.clock.now()),
          }),
        ),
        200,
      );
      // The monitoring report, recorded as published the day of the visit: what follows the visit does not wait for it.
      expectStatus(
        'POST monitoring report published',
        await settled(
          api.call(users.inspector, 'POST', `/inspections/${id}/steps/publish`, { on: londonDateOf(runtime.clock.now()), process: 'monitoring-visit' }),
        ),
        200,
      );
      // The full inspection the visit scheduled, within the 16 weeks: the pathway waits for it to be logged (a step a
      // person does is a recorded fact), then ends. Logged 12 weeks after the inspection, as its return inspection.
      const returnStart = addCalendarDays(day, 12 * 7);
      await runtime.advanceTo(new Date(`${addCalendarDays(returnStart, 1)}T16:00:00Z`));
      const returnBase = fullInspectionRequest(returnStart, addCalendarDays(returnStart, 1));
      expectStatus(
        'POST return inspection',
        await settled(api.call(users.inspector, 'POST', '/inspections', { ...returnBase, establishment: { ...returnBase.establishment, urn: urnOf(run) }, followUpOf: id })),
        201,
      );
      await advanceUntil(runtime, () => execution(runtime, id, 'inadequate')?.status !== 'RUNNING', 200);
      const pathway = execution(runtime, id, 'inadequate');
      if (pathway?.status !== 'SUCCEEDED') throw new Error(`run ${run + 1}: the inadequate pathway ended ${pathway?.status}`);
      const wallMs = performance.now() - t0;
      const stateEntered = runtime.engine
        .listExecutions()
        .filter((candidate) => candidate.name.startsWith(id))
        .reduce((sum, candidate) => sum + candidate.events.filter((event) => event.type === 'StateEntered').length, 0);
      out.push({
        wallMs,
        virtualDays: (runtime.clock.now().getTime() - virtualStart) / 86_400_000,
        inspectionEnd: day,
        finishedAt: runtime.clock.now().toISOString(),
        stateEntered,
      });
      report(`16-week pathway: run ${run + 1}/${runs}: ${fmt(wallMs)} ms`);
    }
  } finally {
    await runtime.stop();
  }
  return { startupMs, runs: out };
}

async function sectionPathway(options: Options): Promise<void> {
  heading('3. The 16-week inadequate pathway on the virtual clock');
  const { result, logs } = await runWorker<PathwayResult>('pathway', { runs: options.runs });
  const walls = result.runs.map((run) => run.wallMs);
  figure('pathwayMs', Math.round(median(walls)));
  note(
    table(
      ['run', 'inspection ended', 'pathway done (virtual)', 'virtual days', 'states entered', 'wall ms'],
      result.runs.map((run, index) => [
        String(index + 1),
        run.inspectionEnd,
        run.finishedAt.slice(0, 16).replace('T', ' '),
        fmt(run.virtualDays, 1),
        String(run.stateEntered),
        fmt(run.wallMs),
      ]),
      [0, 1, 2],
    ),
  );
  note(
    table(
      ['', 'runs', 'median wall ms', 'min', 'max'],
      [['16-week inadequate pathway', String(walls.length), fmt(median(walls)), fmt(Math.min(...walls)), fmt(max(walls))]],
    ),
  );
  note(
    `In-process LocalRuntime (realTime: false), one runtime (start ${fmt(result.startupMs)} ms, not counted), runs in sequence ` +
      `18 weeks apart. Each: log full inspection → inadequate outcome → approve the urgent case review ("monitoring-visit") ` +
      `→ clock to the monitoring window → monitoring outcome "full-inspection" → timer by timer until the inadequate ` +
      `execution succeeds. "states entered" counts every execution of that inspection.`,
  );
  note(logsNote(logs));
}

// ---------------------------------------------------------------------------------------------------------------
// Section 4: a simulated national inspection year (worker)

type SimProcess = 'full-inspection' | 'interim-inspection' | 'assurance-visit' | 'rfc-inspection';
type MonitoringChoice = 'further-monitoring' | 'improved-judgement' | 'full-inspection' | 'sufficient-steps-taken';

interface PlannedInspection {
  key: number;
  /** The establishment (home, secure home or family centre): the year is split across workers by it. */
  home: number;
  process: SimProcess;
  /** Last day on site (for an assurance visit: day 1, the day it is announced and logged). */
  date: LocalDate;
  /** Assurance visits: the day the outcome is recorded (day 3). */
  outcomeDate?: LocalDate;
  inadequate: boolean;
  grade?: 'outstanding' | 'good' | 'requires-improvement';
  interim?: 'improved' | 'sustained';
  seriousConcerns?: boolean;
  /**
   * The outcome of each monitoring visit, 1st first: further monitoring (§77; assurance visits, next steps) is followed
   * by the next visit, whose outcome is the next in the list.
   */
  monitoring?: MonitoringChoice[];
  rfcDecision?: 'enforcement-action' | 'requirements-only';
  /** A return inspection (§45's next RFC inspection, §77's full inspection): the plan key of the inspection it follows. */
  followUpOf?: number;
}

interface YearPlan {
  scale: number;
  counts: Record<SimProcess, number> & {
    inadequateFull: number;
    seriousAssurance: number;
    inadequateRfc: number;
    /** Monitoring visits, every visit counted (a 2nd after further monitoring). */
    monitoringVisits: number;
    /** Of them, 2nd (or later) visits after further monitoring. */
    furtherMonitoringVisits: number;
    /** Full inspections logged as the return inspection a monitoring visit's outcome "full-inspection" requires. */
    returnFullInspections: number;
  };
  inspections: PlannedInspection[];
  /** Executions each process should have (from the plan's mix). */
  expectedExecutions: Record<string, number>;
}

const YEAR_START = '2027-04-01' as LocalDate;
const YEAR_END = '2028-03-31' as LocalDate;
const FULL_SIZE = { homes: 2800, secureHomes: 14, familyCentres: 50, inadequateShare: 0.05, rfcInadequateShare: 0.1 };

/** k of n items, evenly spread: item i is picked when the running share k/n crosses a whole number. */
const picked = (index: number, k: number, n: number) => Math.floor(((index + 1) * k) / n) > Math.floor((index * k) / n);
/** How many of n items fall in a share: at least one, so that every path runs even at a small scale. */
const shareOf = (n: number, share: number) => Math.min(n, Math.max(1, Math.round(n * share)));

async function planYear(scale: number): Promise<YearPlan> {
  const { addCalendarDays, addCalendarMonths, isWorkingDay, addWorkingDays, nextWorkingDay } = await import('../../functions/core/calendar');
  const days: LocalDate[] = [];
  for (let day = YEAR_START; day <= YEAR_END; day = addCalendarDays(day, 1)) if (isWorkingDay(day)) days.push(day);
  const homes = Math.max(1, Math.round(FULL_SIZE.homes * scale));
  const secure = Math.max(1, Math.round(FULL_SIZE.secureHomes * scale));
  const centres = Math.max(1, Math.round(FULL_SIZE.familyCentres * scale));
  const inspections: PlannedInspection[] = [];
  const grades = ['good', 'good', 'requires-improvement', 'outstanding', 'good'] as const;
  // After an inadequate judgement (SCCIF 15.1; §74-77): further monitoring then an improved judgement at the 2nd
  // visit, an improved judgement at the 1st, or a full inspection within 16 weeks (logged as a return inspection).
  const monitoringMix: MonitoringChoice[][] = [['further-monitoring', 'improved-judgement'], ['improved-judgement'], ['full-inspection']];
  // After serious assurance-visit concerns: sufficient steps taken at the 1st visit, or at the 2nd after further monitoring.
  const assuranceMonitoringMix: MonitoringChoice[][] = [['sufficient-steps-taken'], ['further-monitoring', 'sufficient-steps-taken']];
  let key = 0;
  let inadequateFull = 0;
  const inadequateHomes = shareOf(homes, FULL_SIZE.inadequateShare);
  const inadequateCentres = shareOf(centres, FULL_SIZE.rfcInadequateShare);
  for (let home = 0; home < homes; home += 1) {
    // The full inspection on an evenly spread working day; the interim one about half a year later (wrapping round).
    const fullDay = Math.floor((home * days.length) / homes);
    const interimDay = (fullDay + Math.floor(days.length / 2)) % days.length;
    const inadequate = picked(home, inadequateHomes, homes);
    inspections.push({
      key: key++,
      home,
      process: 'full-inspection',
      date: days[fullDay]!,
      inadequate,
      ...(inadequate ? { monitoring: monitoringMix[inadequateFull % monitoringMix.length]! } : { grade: grades[home % grades.length]! }),
    });
    if (inadequate) inadequateFull += 1;
    inspections.push({
      key: key++,
      home,
      process: 'interim-inspection',
      date: days[interimDay]!,
      inadequate: false,
      interim: home % 3 === 0 ? 'improved' : 'sustained',
    });
  }
  let seriousAssurance = 0;
  for (let visit = 0; visit < secure; visit += 1) {
    // Day 1 on a working day spread over the year (not in the last week, so day 3 stays in the year).
    const day1 = days[Math.floor(((visit + 0.5) * (days.length - 5)) / secure)]!;
    const serious = visit % 2 === 0;
    inspections.push({
      key: key++,
      home: homes + visit,
      process: 'assurance-visit',
      date: day1,
      outcomeDate: addWorkingDays(day1, 2).date,
      inadequate: false,
      seriousConcerns: serious,
      ...(serious ? { monitoring: assuranceMonitoringMix[seriousAssurance % assuranceMonitoringMix.length]! } : {}),
    });
    if (serious) seriousAssurance += 1;
  }
  let inadequateRfc = 0;
  const rfcReturns: PlannedInspection[] = [];
  for (let centre = 0; centre < centres; centre += 1) {
    const inadequate = picked(centre, inadequateCentres, centres);
    const inspection: PlannedInspection = {
      key: key++,
      home: homes + secure + centre,
      process: 'rfc-inspection',
      date: days[Math.floor(((centre + 0.3) * days.length) / centres)]!,
      inadequate,
      ...(inadequate
        ? { rfcDecision: inadequateRfc % 2 === 0 ? ('requirements-only' as const) : ('enforcement-action' as const) }
        : { grade: grades[centre % grades.length]! }),
    };
    inspections.push(inspection);
    if (inadequate) {
      inadequateRfc += 1;
      // §45: the next inspection within 12 months, logged as the return inspection of this one about 11 months on.
      rfcReturns.push({
        key: 0,
        home: inspection.home,
        process: 'rfc-inspection',
        date: nextWorkingDay(addCalendarMonths(inspection.date, 11)),
        inadequate: false,
        grade: 'requires-improvement',
        followUpOf: inspection.key,
      });
    }
  }
  for (const inspection of rfcReturns) inspections.push({ ...inspection, key: key++ });
  // Executions each process should have: every visit of each planned list of monitoring outcomes is its own run; a
  // monitoring outcome "full-inspection" brings a return full inspection; an inadequate RFC inspection sets a long
  // clock (a later run at its 12-month deadline, rfc-inspection again) and its next inspection is logged.
  const planned = inspections.flatMap((inspection) => inspection.monitoring ?? []);
  const monitoringVisits = planned.length;
  const returnFullInspections = planned.filter((outcome) => outcome === 'full-inspection').length;
  return {
    scale,
    counts: {
      'full-inspection': homes,
      'interim-inspection': homes,
      'assurance-visit': secure,
      'rfc-inspection': centres,
      inadequateFull,
      seriousAssurance,
      inadequateRfc,
      monitoringVisits,
      furtherMonitoringVisits: inspections.reduce((total, inspection) => total + Math.max(0, (inspection.monitoring?.length ?? 0) - 1), 0),
      returnFullInspections,
    },
    inspections,
    expectedExecutions: {
      'full-inspection': homes + returnFullInspections,
      'interim-inspection': homes,
      'assurance-visit': secure,
      'rfc-inspection': centres + 2 * inadequateRfc,
      // Every urgent case review decides a monitoring visit here.
      inadequate: inadequateFull,
      // One run per visit, and one more for the report of each visit followed by another (further monitoring).
      'monitoring-visit': monitoringVisits + inspections.reduce((total, inspection) => total + Math.max(0, (inspection.monitoring?.length ?? 0) - 1), 0),
    },
  };
}

interface YearResult {
  scale: number;
  counts: YearPlan['counts'];
  expectedExecutions: Record<string, number>;
  /** Worker processes the year was split across (by establishment), and how the handlers' adapters ran. */
  workers: number;
  adapters: 'in-memory' | 'servers';
  startupMs: number;
  wallMs: number;
  drivenWallMs: number;
  /** CPU (user + system) the workers spent driving the year, summed over workers. */
  drivenCpuMs: number;
  apiCalls: number;
  virtualStart: string;
  virtualEnd: string;
  statuses: Record<string, number>;
  /** Per process: StateEntered count of each execution. */
  transitions: Record<string, number[]>;
  failures: { name: string; error?: string; cause?: string }[];
  peakRssMiB: number;
  monthly: { month: string; wallMs: number; executions: number }[];
}

async function yearWorker(args: Record<string, unknown>, report: (text: string) => void): Promise<YearResult> {
  const scale = Number(args.scale);
  const shard = Number(args.shard ?? 0);
  const shards = Number(args.shards ?? 1);
  const inMemory = args.adapters !== 'servers';
  const plan = await planYear(scale);
  // This worker's share of the year: the establishments whose index falls to it (each home's runs stay together).
  const inspections = plan.inspections.filter((item) => item.home % shards === shard);
  const { LocalRuntime } = await import('../../infra/local/runtime');
  const { users, fullInspectionRequest, assuranceVisitRequest } = await import('../workflows/harness');
  const { addCalendarDays, addWorkingDays } = await import('../../functions/core/calendar');
  const codes = localAuthorityCodes();
  const tag = shards > 1 ? `worker ${shard + 1}/${shards}: ` : '';

  const startedAt = performance.now();
  const runtime = await LocalRuntime.start({
    repositoryRoot: REPOSITORY_ROOT,
    startAt: new Date(`${addCalendarDays(YEAR_START, -1)}T12:00:00Z`),
    realTime: false,
    inMemory,
  });
  const startupMs = performance.now() - startedAt;
  let peakRssMiB = 0;
  const sampleMemory = () => {
    peakRssMiB = Math.max(peakRssMiB, process.memoryUsage().rss / 2 ** 20);
  };
  const api = apiOf(runtime);
  let apiCalls = 0;
  const call: Api['call'] = async (...callArgs) => {
    apiCalls += 1;
    return api.call(...callArgs);
  };

  // Actions by London day.
  type Action = () => Promise<void>;
  const agenda = new Map<LocalDate, Action[]>();
  const schedule = (day: LocalDate, action: Action) => {
    const list = agenda.get(day) ?? [];
    list.push(action);
    agenda.set(day, list);
  };
  const ids = new Map<number, string>();
  const byId = new Map<string, PlannedInspection>();
  /** Inspections whose next monitoring visit is awaited: the case review, or further monitoring's report, comes first. */
  const awaitingMonitoringSchedule = new Set<string>();
  /** Per inspection, the monitoring visits whose outcome the driver has planned (visit 1, 2, ...). */
  const monitoringVisitsPlanned = new Map<string, number>();
  /** Return inspections logged while the year runs (the full inspection after a monitoring visit's outcome). */
  let nextReturnKey = 10_000_000;

  const childrenFor = (index: number) => [
    { initials: 'AB', placement: { lookedAfter: true, placingAuthority: codes[(index * 7 + 1) % codes.length]! } },
    { initials: 'CD', placement: { lookedAfter: true, placingAuthority: codes[(index * 13 + 2) % codes.length]! } },
  ];

  const logInspection = async (item: PlannedInspection) => {
    let body: Record<string, unknown>;
    // One URN per establishment: its interim, return and next inspections are of the same home or centre.
    const establishment = {
      urn: urnOf(item.home),
      name: `Bench ${item.process === 'rfc-inspection' ? 'family centre' : item.process === 'assurance-visit' ? 'secure home' : 'home'} ${item.home}`,
      hostAuthority: codes[item.home % codes.length]!,
    };
    if (item.process === 'assurance-visit') {
      const base = assuranceVisitRequest(item.date);
      body = { ...base, establishment: { ...base.establishment, ...establishment }, children: childrenFor(item.key) };
    } else {
      const kind = item.process === 'rfc-inspection' ? 'residential-family-centre' : 'childrens-home';
      const base = fullInspectionRequest(addCalendarDays(item.date, -2), item.date, kind);
      body = {
        ...base,
        process: item.process,
        establishment: { ...base.establishment, ...establishment, kind },
        children: item.process === 'rfc-inspection' ? childrenFor(item.key).slice(0, 1) : childrenFor(item.key),
      };
      if (item.followUpOf !== undefined) {
        const original = ids.get(item.followUpOf);
        if (!original) throw new Error(`return inspection ${item.key}: inspection ${item.followUpOf} was not logged`);
        body.followUpOf = original;
      }
    }
    const logged = await call(users.inspector, 'POST', '/inspections', body);
    expectStatus(`POST /inspections (${item.process})`, logged, 201);
    const id = String(logged.body.id);
    ids.set(item.key, id);
    byId.set(id, item);
  };

  const outcomeBody = (item: PlannedInspection): Record<string, unknown> => {
    switch (item.process) {
      case 'full-inspection':
        if (item.inadequate) return INADEQUATE_FULL;
        return { process: 'full-inspection', overall: item.grade, helpedAndProtected: item.grade, leadersAndManagers: item.grade };
      case 'interim-inspection':
        return { process: 'interim-inspection', effectiveness: item.interim };
      case 'assurance-visit':
        return item.seriousConcerns
          ? {
              process: 'assurance-visit',
              seriousOrWidespreadConcerns: true,
              concernsSerious: true,
              summaryOfConcerns: 'Restraint is not recorded or reviewed; staffing falls below the minimum at night.',
            }
          : { process: 'assurance-visit', seriousOrWidespreadConcerns: false };
      case 'rfc-inspection': {
        const grade = item.inadequate ? 'inadequate' : item.grade;
        return {
          process: 'rfc-inspection',
          overall: grade,
          assessment: grade,
          helpedAndProtected: grade,
          leadersAndManagers: grade,
          partners: grade,
          ...(item.inadequate
            ? {
                immediateRiskOfHarm: false,
                breachOfRegulationsConstitutingOffence: false,
                breachOfRegistrationConditions: true,
                lastInspectionInadequate: false,
                summaryOfConcerns: 'Parents and babies are not supervised as the assessment plan requires.',
              }
            : {}),
        };
      }
    }
  };

  /**
   * The lead inspector records a step as done on the given day (the report stages, the end of a visit); a monitoring
   * visit's report against its visit (`visit`), since the next visit may have begun by then.
   */
  const recordStep = async (id: string, stepId: string, process: string, on: LocalDate, visit?: number) => {
    const body = { on, process, ...(visit === undefined ? {} : { visit }) };
    expectStatus(`POST step ${process} › ${stepId}`, await call(users.inspector, 'POST', `/inspections/${id}/steps/${stepId}`, body), 200);
  };

  /**
   * Each report stage of a process is recorded on its due day (the runs wait for them, as they wait for people), with
   * an assurance visit's draft report for quality assurance, and the provider's comments on theirs (publication follows
   * them).
   */
  const scheduleReportStages = async (id: string, process: string) => {
    const inspection = await call(users.inspector, 'GET', `/inspections/${id}`);
    const timeline = (inspection.body.timelines as { process: string; steps: { id: string; dueLondonDate: LocalDate }[] }[]).find(
      (candidate) => candidate.process === process,
    );
    const steps = timeline?.steps ?? [];
    const publishDue = steps.find((step) => step.id === 'publish')?.dueLondonDate;
    for (const step of steps) {
      if (['draft-report-qa', 'report-to-provider', 'provider-comments', 'final-report-to-provider', 'publish'].includes(step.id)) {
        // Where publication is due before the provider's last day for comments (a holiday between), they come back
        // by the day of publication.
        const on = step.id === 'provider-comments' && publishDue !== undefined && publishDue < step.dueLondonDate ? publishDue : step.dueLondonDate;
        schedule(on, () => recordStep(id, step.id, process, on));
      }
    }
  };

  /** A monitoring visit's report, recorded against its visit on its due day (the visit's own timeline gives it). */
  const scheduleMonitoringReport = async (id: string, visit: number) => {
    const inspection = await call(users.inspector, 'GET', `/inspections/${id}`);
    const visits = (inspection.body.inspection as { monitoringVisits: { number: number; report?: { dueLondonDate: LocalDate } }[] }).monitoringVisits;
    const due = visits.find((candidate) => candidate.number === visit)?.report?.dueLondonDate;
    if (!due) throw new Error(`inspection ${id}: monitoring visit ${visit} has no report to publish`);
    schedule(due, () => recordStep(id, 'publish', 'monitoring-visit', due, visit));
  };

  const recordOutcome = async (item: PlannedInspection) => {
    const id = ids.get(item.key);
    if (!id) throw new Error(`inspection ${item.key} was not logged`);
    expectStatus(`POST outcome (${item.process})`, await call(users.inspector, 'POST', `/inspections/${id}/outcome`, outcomeBody(item)), 200);
    // The assurance visit ends on the day its outcome is recorded (day 3); its reports count from that day.
    if (item.process === 'assurance-visit') await recordStep(id, 'visit-end', item.process, item.outcomeDate!);
    await scheduleReportStages(id, item.process);
    if (item.inadequate || item.seriousConcerns) awaitingMonitoringSchedule.add(id);
  };

  for (const item of inspections) {
    if (item.process === 'assurance-visit') {
      schedule(item.date, () => logInspection(item));
      schedule(item.outcomeDate!, () => recordOutcome(item));
    } else {
      schedule(item.date, async () => {
        await logInspection(item);
        await recordOutcome(item);
      });
    }
  }

  const decisionFor = (kind: string, item: PlannedInspection | undefined): string => {
    switch (kind) {
      case 'case-review':
        return 'monitoring-visit';
      case 'rfc-case-discussion':
        return item?.rfcDecision ?? 'requirements-only';
      case 'interim-case-review':
        return 'compliance-action-without-alerting-las';
      case 'la-contact-arrangements':
        return 'inspector-contacts-all';
      default:
        throw new Error(`unknown approval kind ${kind}`);
    }
  };

  const decideApprovals = async () => {
    for (let pass = 0; pass < 5; pass += 1) {
      // Managers decide the case reviews; a social care compliance inspector the family centres' case discussions.
      const items: { approvalId: string; inspectionId: string; kind: string; decider: (typeof users)[keyof typeof users] }[] = [];
      for (const decider of [users.manager, users.complianceInspector]) {
        const queue = await call(decider, 'GET', '/approvals');
        expectStatus('GET /approvals', queue, 200);
        for (const item of queue.body.items as { approvalId: string; inspectionId: string; kind: string; canDecide: boolean }[]) {
          if (item.canDecide) items.push({ ...item, decider });
        }
      }
      if (items.length === 0) return;
      for (const approval of items) {
        const decided = await call(approval.decider, 'POST', `/approvals/${approval.approvalId}/decision`, {
          decision: decisionFor(approval.kind, byId.get(approval.inspectionId)),
          // SCCIF 15.1 / §70: the urgent case review records the enforcement it considered.
          ...(approval.kind === 'case-review' ? { enforcement: 'none' } : {}),
          rationale: 'Decided at the case review with the regulatory inspection manager.',
        });
        expectStatus(`POST decision (${approval.kind})`, decided, 200);
      }
      await runtime.settle();
    }
  };

  /**
   * Once a monitoring visit is scheduled (the case review decided it, or further monitoring began the next visit),
   * the inspector carries it out on the day its window opens and records its outcome; its report
   * stages follow. After further monitoring the next visit is awaited; after "full-inspection" the return full
   * inspection is logged 4 weeks after the visit (inside the 16 weeks from the original inspection).
   */
  const scheduleMonitoringOutcomes = async () => {
    for (const id of [...awaitingMonitoringSchedule]) {
      const inspection = await call(users.manager, 'GET', `/inspections/${id}`);
      const view = inspection.body.inspection as {
        monitoringVisits: { number: number; current: boolean }[];
        scheduled: Record<string, { earliest: LocalDate } | undefined>;
      };
      const number = view.monitoringVisits.find((visit) => visit.current)?.number ?? 1;
      const planned = monitoringVisitsPlanned.get(id) ?? 0;
      if (number <= planned) continue; // the next visit has not begun yet
      const scheduled = view.scheduled[number === 1 ? 'monitoring-visit' : 'further-monitoring'];
      if (!scheduled) continue; // the case review is still pending
      awaitingMonitoringSchedule.delete(id);
      monitoringVisitsPlanned.set(id, number);
      const item = byId.get(id)!;
      const outcome = item.monitoring?.[number - 1];
      if (!outcome) throw new Error(`inspection ${id}: no outcome planned for monitoring visit ${number}`);
      const visitDate = scheduled.earliest;
      schedule(visitDate, async () => {
        expectStatus(
          `POST monitoring outcome (visit ${number}, ${outcome})`,
          // An improved judgement needs the regulatory inspection manager's agreement (§76): a manager records it.
          await call(outcome === 'improved-judgement' ? users.manager : users.inspector, 'POST', `/inspections/${id}/outcome`, {
            process: 'monitoring-visit',
            outcome,
            visitDate,
            ...(outcome === 'improved-judgement' ? { ...EVERY_IMPROVED_CONDITION, improvedJudgement: 'requires-improvement' } : {}),
            // §77: further monitoring after an inadequate judgement takes steps towards cancellation.
            ...(outcome === 'further-monitoring' && item.inadequate ? { stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] } : {}),
          }),
          200,
        );
        await scheduleMonitoringReport(id, number);
        // Further monitoring: the next visit begins at once, beside this one's report.
        if (outcome === 'further-monitoring') awaitingMonitoringSchedule.add(id);
        if (outcome === 'full-inspection') {
          const returnInspection: PlannedInspection = {
            key: nextReturnKey++,
            home: item.home,
            process: 'full-inspection',
            date: addWorkingDays(visitDate, 20).date,
            inadequate: false,
            grade: 'requires-improvement',
            followUpOf: item.key,
          };
          schedule(returnInspection.date, async () => {
            await logInspection(returnInspection);
            await recordOutcome(returnInspection);
          });
        }
      });
    }
  };

  let virtualEnd = '';
  let drivenWallMs = 0;
  let executions: ReturnType<LocalRuntime['engine']['listExecutions']> = [];
  const monthly: YearResult['monthly'] = [];
  let monthStarted = performance.now();
  let currentMonth = YEAR_START.slice(0, 7);
  const drivenStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  let drivenCpuMs = 0;
  try {
    while (agenda.size > 0) {
      const day = [...agenda.keys()].sort()[0]!;
      const actions = agenda.get(day)!;
      agenda.delete(day);
      if (day.slice(0, 7) !== currentMonth) {
        sampleMemory();
        const executions = runtime.engine.listExecutions().length;
        monthly.push({ month: currentMonth, wallMs: performance.now() - monthStarted, executions });
        report(
          `${tag}national year (scale ${scale}): ${currentMonth} done, ${fmt(executions)} executions, ` +
            `${duration(performance.now() - drivenStarted)} so far`,
        );
        monthStarted = performance.now();
        currentMonth = day.slice(0, 7);
      }
      await runtime.advanceTo(new Date(`${day}T08:00:00Z`));
      for (const action of actions) await action();
      await runtime.settle();
      await decideApprovals();
      await scheduleMonitoringOutcomes();
    }
    monthly.push({ month: currentMonth, wallMs: performance.now() - monthStarted, executions: runtime.engine.listExecutions().length });
    report(`${tag}national year: every action driven; advancing the clock until every execution has finished`);

    // The tail: follow-ups run on (up to 12 months after an inadequate residential family centre inspection).
    const cap = new Date(`${addCalendarDays(YEAR_END, 400)}T00:00:00Z`).getTime();
    const tailStarted = performance.now();
    while (runtime.engine.listExecutions().some((run) => run.status === 'RUNNING')) {
      const next = runtime.clock.nextTimerAt();
      if (!next || next.getTime() > cap) break;
      await runtime.advanceToNextTimer();
    }
    monthly.push({ month: 'tail', wallMs: performance.now() - tailStarted, executions: runtime.engine.listExecutions().length });
  } finally {
    sampleMemory();
    virtualEnd = runtime.clock.now().toISOString();
    drivenWallMs = performance.now() - drivenStarted;
    const cpu = process.cpuUsage(cpuStarted);
    drivenCpuMs = (cpu.user + cpu.system) / 1000;
    executions = runtime.engine.listExecutions();
    await runtime.stop();
  }

  const statuses: Record<string, number> = {};
  const transitions: Record<string, number[]> = {};
  const failures: YearResult['failures'] = [];
  for (const run of executions) {
    statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    const processId = run.stateMachineArn.split(':sccif-').pop() ?? run.stateMachineArn;
    (transitions[processId] ??= []).push(run.events.filter((event) => event.type === 'StateEntered').length);
    if (run.status !== 'SUCCEEDED' && failures.length < 10) {
      failures.push({ name: run.name, ...(run.error ? { error: run.error } : {}), ...(run.cause ? { cause: run.cause.slice(0, 300) } : {}) });
    }
  }
  return {
    scale,
    counts: plan.counts,
    expectedExecutions: plan.expectedExecutions,
    workers: shards,
    adapters: inMemory ? 'in-memory' : 'servers',
    startupMs,
    wallMs: performance.now() - startedAt,
    drivenWallMs,
    drivenCpuMs,
    apiCalls,
    virtualStart: `${YEAR_START}`,
    virtualEnd,
    statuses,
    transitions,
    failures,
    peakRssMiB,
    monthly,
  };
}

let yearResult: YearResult | undefined;

/**
 * The year split across `options.workers` processes by establishment, each with its own runtime; their results
 * merged. `wallMs` is the parent's: launching the workers (and their runtimes) to the last result.
 */
async function runYear(options: Options): Promise<{ result: YearResult; logs: WorkerLogs }> {
  const started = performance.now();
  const runs = await Promise.all(
    Array.from({ length: options.workers }, (_, shard) =>
      runWorker<YearResult>('year', { scale: options.scale, shard, shards: options.workers, adapters: options.yearAdapters }),
    ),
  );
  const results = runs.map((run) => run.result);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const statuses: Record<string, number> = {};
  const transitions: Record<string, number[]> = {};
  for (const result of results) {
    for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    for (const [processId, counts] of Object.entries(result.transitions)) (transitions[processId] ??= []).push(...counts);
  }
  const first = results[0]!;
  yearResult = {
    ...first,
    workers: options.workers,
    startupMs: Math.max(...results.map((result) => result.startupMs)),
    wallMs: performance.now() - started,
    drivenWallMs: Math.max(...results.map((result) => result.drivenWallMs)),
    drivenCpuMs: sum(results.map((result) => result.drivenCpuMs)),
    apiCalls: sum(results.map((result) => result.apiCalls)),
    virtualEnd: results.map((result) => result.virtualEnd).sort().pop()!,
    statuses,
    transitions,
    failures: results.flatMap((result) => result.failures).slice(0, 10),
    peakRssMiB: Math.max(...results.map((result) => result.peakRssMiB)),
    // Month by month as the slowest worker saw it.
    monthly: results.reduce((slowest, result) => (result.drivenWallMs > slowest.drivenWallMs ? result : slowest)).monthly,
  };
  const logs: WorkerLogs = {
    infoDropped: sum(runs.map((run) => run.logs.infoDropped)),
    timeouts: sum(runs.map((run) => run.logs.timeouts)),
    warn: sum(runs.map((run) => run.logs.warn)),
    error: sum(runs.map((run) => run.logs.error)),
    samples: runs.flatMap((run) => run.logs.samples).slice(0, 5),
  };
  return { result: yearResult, logs };
}

async function sectionYear(options: Options): Promise<void> {
  heading(`4. A simulated national inspection year (scale ${options.scale})`);
  const { result, logs } = await runYear(options);
  const started = Object.values(result.statuses).reduce((sum, count) => sum + count, 0);
  const c = result.counts;
  note(
    table(
      ['mix (1 Apr 2027 – 31 Mar 2028, working days)', 'simulated', 'full year'],
      [
        ["children's homes: full inspections", fmt(c['full-inspection']), fmt(FULL_SIZE.homes)],
        ['  of which inadequate (case review + monitoring)', fmt(c.inadequateFull), fmt(FULL_SIZE.homes * FULL_SIZE.inadequateShare)],
        ['  return full inspections (monitoring outcome "full-inspection")', fmt(c.returnFullInspections), '-'],
        ['monitoring visits (inadequate + serious concerns), every visit', fmt(c.monitoringVisits), '-'],
        ['  of which 2nd visits after further monitoring', fmt(c.furtherMonitoringVisits), '-'],
        ["children's homes: interim inspections", fmt(c['interim-inspection']), fmt(FULL_SIZE.homes)],
        ["secure homes: assurance visits", fmt(c['assurance-visit']), fmt(FULL_SIZE.secureHomes)],
        ['  of which serious concerns', fmt(c.seriousAssurance), fmt(FULL_SIZE.secureHomes / 2)],
        ['residential family centre inspections', fmt(c['rfc-inspection']), fmt(FULL_SIZE.familyCentres)],
        ['  of which inadequate (case discussion)', fmt(c.inadequateRfc), fmt(FULL_SIZE.familyCentres * FULL_SIZE.rfcInadequateShare)],
        ['  their next inspections (logged about 11 months on, §45)', fmt(c.inadequateRfc), '-'],
      ],
    ),
  );
  process.stdout.write('\n');
  const stateTransitions = Object.values(result.transitions).reduce((sum, counts) => sum + counts.reduce((a, b) => a + b, 0), 0);
  figure('yearScale', result.scale);
  figure('yearAdapters', result.adapters);
  figure('yearWorkers', result.workers);
  figure('yearExecutions', started);
  figure('yearSucceeded', result.statuses.SUCCEEDED ?? 0);
  figure('yearWallSeconds', Math.round(result.wallMs) / 1000);
  figure('yearDrivingSeconds', Math.round(result.drivenWallMs) / 1000);
  figure('yearExecutionsPerSecond', Math.round((10 * started) / (result.wallMs / 1000)) / 10);
  figure('yearStateTransitions', stateTransitions);
  figure('yearCpuMicrosecondsPerTransition', Math.round((1000 * result.drivenCpuMs) / stateTransitions));
  const rows: string[][] = [
    ['scale', String(result.scale)],
    ['adapters', result.adapters === 'in-memory' ? 'in-memory (table, inbox, engine client)' : 'servers (dynalite, SES, SFN over HTTP)'],
    ['worker processes (split by establishment)', String(result.workers)],
    ['virtual clock', `${result.virtualStart} → ${result.virtualEnd.slice(0, 10)}`],
    ['wall time, launch to last result', duration(result.wallMs)],
    ['  of which runtime start (slowest worker)', duration(result.startupMs)],
    ['  of which driving the year + tail (slowest worker)', duration(result.drivenWallMs)],
    ['API calls made', fmt(result.apiCalls)],
    ['worker peak RSS', `${fmt(result.peakRssMiB)} MiB`],
    ['executions started', fmt(started)],
    ['executions per second (wall, launch to last result)', fmt(started / (result.wallMs / 1000), 1)],
    ['state transitions (StateEntered)', fmt(stateTransitions)],
    ['CPU per state transition (driving, all workers)', `${fmt((1000 * result.drivenCpuMs) / stateTransitions)} µs`],
    ['CPU per execution (driving, all workers)', `${fmt(result.drivenCpuMs / started, 1)} ms`],
    ...Object.entries(result.statuses)
      .sort()
      .map(([status, count]) => [`  ${status.toLowerCase()}`, fmt(count)]),
  ];
  if (result.scale < 1) {
    rows.push(['full-year wall time (LINEAR EXTRAPOLATION of the driving time)', `~${duration(result.drivenWallMs / result.scale)}`]);
  }
  note(table(['measure', 'value'], rows, [0]));
  const mismatched = Object.entries(result.expectedExecutions).filter(([processId, expected]) => (result.transitions[processId]?.length ?? 0) !== expected);
  if (mismatched.length > 0) {
    note(
      `Note: executions differ from the plan: ${mismatched
        .map(([processId, expected]) => `${processId} ${result.transitions[processId]?.length ?? 0} (planned ${expected})`)
        .join(', ')}`,
    );
  }
  for (const failure of result.failures) note(`  not succeeded: ${failure.name} ${failure.error ?? ''} ${failure.cause ?? ''}`);
  const slowest = [...result.monthly].filter((month) => month.month !== 'tail').sort((a, b) => b.wallMs - a.wallMs)[0];
  const first = result.monthly[0];
  const tail = result.monthly.find((month) => month.month === 'tail');
  note(
    `In-process LocalRuntime (realTime: false), one per worker process, each driving the establishments that fall to it; ` +
      `every outcome, approval, monitoring visit (each visit of further monitoring), report stage and return inspection ` +
      `posted through the API handlers on its day, the clock moved day ` +
      `by day (timers fire in order), then timer by timer until no execution runs. The same synthesized ASL and ` +
      `handlers as everywhere; with in-memory adapters the handlers' repository, mailer and workflow client talk to ` +
      `an in-memory table on Maps, an inbox and the Step Functions engine in-process instead of over HTTP (--year-adapters). ` +
      `Month wall times (slowest worker): first ${first ? `${first.month} ${duration(first.wallMs)}` : '-'}, slowest ` +
      `${slowest ? `${slowest.month} ${duration(slowest.wallMs)}` : '-'}, tail after the last action ${tail ? duration(tail.wallMs) : '-'}.`,
  );
  note(logsNote(logs));
  if (result.failures.length > 0 || (result.statuses.RUNNING ?? 0) > 0) {
    throw new Error(`${result.statuses.FAILED ?? 0} executions failed, ${result.statuses.RUNNING ?? 0} still running at the end`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Section 5: transitions and projected cost

async function sectionCost(options: Options): Promise<void> {
  heading('5. State transitions per process and the projected Step Functions Standard cost');
  if (!yearResult) {
    progress('section 5 needs section 4\'s executions: running the simulated year first');
    await runYear(options);
  }
  const result = yearResult!;
  const full = await planYear(1);
  const rows: string[][] = [];
  let totalTransitions = 0;
  let totalExecutions = 0;
  for (const [processId, counts] of Object.entries(result.transitions).sort()) {
    const perYear = full.expectedExecutions[processId] ?? counts.length / result.scale;
    const average = mean(counts);
    const transitions = average * perYear;
    totalTransitions += transitions;
    totalExecutions += perYear;
    rows.push([
      processId,
      fmt(counts.length),
      fmt(median(counts)),
      fmt(max(counts)),
      fmt(average, 1),
      fmt(perYear),
      fmt(transitions),
      `$${fmt((transitions / 1000) * options.pricePer1000, 2)}`,
    ]);
  }
  rows.push(['total', '', '', '', '', fmt(totalExecutions), fmt(totalTransitions), `$${fmt((totalTransitions / 1000) * options.pricePer1000, 2)}`]);
  figure('fullYearStateTransitions', Math.round(totalTransitions));
  figure('fullYearStepFunctionsUsd', Math.round((totalTransitions / 1000) * options.pricePer1000 * 100) / 100);
  note(
    table(
      ['process', 'executions (sim)', 'median', 'max', 'mean', 'executions / full year', 'transitions / year', 'USD / year'],
      rows,
    ),
  );
  note(
    `Transitions = StateEntered events per execution in section 4's histories (scale ${result.scale}). Executions per ` +
      `full year from the same mix at full size (2,800 homes × full + interim, 5% inadequate, 14 assurance visits, ` +
      `50 family centres, with every monitoring visit, return inspection and long-clock run the year drives); cost = mean transitions × executions × $${options.pricePer1000} per 1,000 transitions ` +
      `(--price-per-1000), before the free tier; Lambda, DynamoDB and SES are not included.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Section 6: Lambda bundles

interface ImportSample {
  spawnMs: number;
  importMs: number;
  /** After the import, in the same process: loading the SDK packages the bundle imports on first use. */
  firstUseMs: number;
}

/** The packages a bundle loads on first use (a dynamic `import("@aws-sdk/…")` in its code, not at import). */
function loadedOnFirstUse(file: string): string[] {
  return [...new Set([...readFileSync(file, 'utf8').matchAll(/import\("(@aws-sdk\/[^"]+)"\)/g)].map((match) => match[1]!))].sort();
}

function spawnImport(file: string | undefined, nodeOptions?: string, firstUse: readonly string[] = []): Promise<ImportSample> {
  // The first use's SDK packages are imported as the bundle's own dynamic import() would: after the bundle, in parallel.
  const script = file
    ? `const t=performance.now();import(${JSON.stringify(pathToFileURL(file).href)}).then(async()=>{const i=performance.now()-t;` +
      `const u=performance.now();await Promise.all(${JSON.stringify(firstUse)}.map((name)=>import(name)));` +
      `process.stdout.write(JSON.stringify([i,performance.now()-u]))},(e)=>{console.error(e);process.exit(1)})`
    : `process.stdout.write('[0,0]')`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', script], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1', NODE_OPTIONS: nodeOptions ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      const spawnMs = performance.now() - started;
      if (code !== 0) reject(new Error(`import of ${file ?? '(baseline)'} failed: ${err.trim().split('\n').slice(0, 6).join('\n')}`));
      else {
        const [importMs, firstUseMs] = JSON.parse(out) as [number, number];
        resolve({ spawnMs, importMs, firstUseMs });
      }
    });
  });
}

async function sectionBundles(options: Options): Promise<void> {
  heading('6. Lambda bundles (esbuild, the options of infra/constructs/function.ts)');
  const esbuild = await import('esbuild');
  const { HANDLERS, handlerEntry } = await import('../../functions/handlers');
  const { lambdaBuildOptions } = await import('../../infra/bundling');
  // Inside the repository so that the external @aws-sdk/* imports resolve from its node_modules (ESM ignores NODE_PATH).
  const outRoot = path.join(REPOSITORY_ROOT, 'test/bench/.bundles-tmp');
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });
  writeFileSync(path.join(outRoot, 'package.json'), '{"type":"module"}\n');
  const rows: string[][] = [];
  const problems: string[] = [];
  const packages = new Map<string, number[]>();
  const bundleBytes: number[] = [];
  const importMedians: number[] = [];
  const firstUseMedians: number[] = [];
  let built = 0;
  try {
    const baseline: number[] = [];
    for (let run = 0; run < options.importRuns; run += 1) baseline.push((await spawnImport(undefined)).spawnMs);
    const baselineMs = median(baseline);
    let totalKiB = 0;
    for (const handler of HANDLERS) {
      const entry = path.join(REPOSITORY_ROOT, handlerEntry(handler));
      const outfile = path.join(outRoot, handler.id, 'index.mjs');
      if (!existsSync(entry)) {
        rows.push([handler.id, handler.kind, 'missing entry', '', '', '', '', '', '', '']);
        problems.push(`${handler.id}: ${handlerEntry(handler)} does not exist`);
        continue;
      }
      const buildStarted = performance.now();
      let metafile: import('esbuild').Metafile | undefined;
      try {
        // Exactly the options the stack gives NodejsFunction (infra/bundling.ts); the metafile is only read to say what
        // the bundle is made of and does not change the output.
        ({ metafile } = await esbuild.build({ ...lambdaBuildOptions(REPOSITORY_ROOT, handler), outfile, metafile: true }));
      } catch (error) {
        rows.push([handler.id, handler.kind, 'build failed', '', '', '', '', '', '', '']);
        problems.push(`${handler.id}: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`);
        continue;
      }
      const buildMs = performance.now() - buildStarted;
      built += 1;
      const output = Object.values(metafile?.outputs ?? {}).find((candidate) => candidate.entryPoint !== undefined);
      const bytesByPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
        const name = match ? match[1]! : `(project) ${input.split('/').slice(0, 2).join('/')}`;
        bytesByPackage.set(name, (bytesByPackage.get(name) ?? 0) + bytesInOutput);
      }
      for (const [name, bytes] of bytesByPackage) {
        const list = packages.get(name) ?? [];
        list.push(bytes / 1024);
        packages.set(name, list);
      }
      const kib = statSync(outfile).size / 1024;
      bundleBytes.push(statSync(outfile).size);
      const mapKib = existsSync(`${outfile}.map`) ? statSync(`${outfile}.map`).size / 1024 : Number.NaN;
      totalKiB += kib;
      try {
        const plain: ImportSample[] = [];
        const withMaps: ImportSample[] = [];
        const firstUse = loadedOnFirstUse(outfile);
        for (let run = 0; run < options.importRuns; run += 1) plain.push(await spawnImport(outfile, undefined, firstUse));
        for (let run = 0; run < options.importRuns; run += 1) withMaps.push(await spawnImport(outfile, '--enable-source-maps'));
        importMedians.push(median(plain.map((sample) => sample.importMs)));
        firstUseMedians.push(median(plain.map((sample) => sample.importMs + sample.firstUseMs)));
        rows.push([
          handler.id,
          handler.kind,
          fmt(kib, 1),
          fmt(mapKib, 1),
          fmt(buildMs),
          fmt(median(plain.map((sample) => sample.spawnMs)) - baselineMs),
          fmt(median(plain.map((sample) => sample.importMs))),
          fmt(median(withMaps.map((sample) => sample.importMs))),
          `${fmt(median(plain.map((sample) => sample.firstUseMs)))} (${firstUse.map((name) => name.replace('@aws-sdk/', '')).join(', ') || 'none'})`,
          fmt(median(plain.map((sample) => sample.importMs + sample.firstUseMs))),
        ]);
      } catch (error) {
        rows.push([handler.id, handler.kind, fmt(kib, 1), fmt(mapKib, 1), fmt(buildMs), 'import failed', '', '', '', '']);
        problems.push(`${handler.id}: ${(error as Error).message}`);
      }
      progress(`bundle ${handler.id}: ${fmt(kib, 1)} KiB`);
    }
    // For scale: what loading the external SDK packages alone costs (the handlers import them from the Lambda runtime).
    const sdkFile = path.join(outRoot, 'sdk-reference.mjs');
    writeFileSync(
      sdkFile,
      ['client-dynamodb', 'lib-dynamodb', 'client-sesv2', 'client-sfn'].map((name) => `import '@aws-sdk/${name}';`).join('\n') + '\n',
    );
    try {
      const sdk: ImportSample[] = [];
      for (let run = 0; run < options.importRuns; run += 1) sdk.push(await spawnImport(sdkFile));
      rows.push([
        '(reference: the 4 @aws-sdk packages alone)',
        '',
        '',
        '',
        '',
        fmt(median(sdk.map((sample) => sample.spawnMs)) - baselineMs),
        fmt(median(sdk.map((sample) => sample.importMs))),
        '',
        '',
        '',
      ]);
    } catch (error) {
      problems.push(`SDK reference import: ${(error as Error).message}`);
    }
    note(
      table(
        [
          'handler',
          'kind',
          'index.mjs KiB',
          '.map KiB',
          'build ms',
          'process ms (spawn − baseline; includes the first use)',
          'import() ms in-process',
          'with --enable-source-maps',
          'SDK on first use ms (packages)',
          'import + first use ms',
        ],
        rows,
        [0, 1],
      ),
    );
    figure('bundleMaxBytes', max(bundleBytes));
    // The median over handlers of each one's median in-process import() time.
    figure('importP50Ms', Math.round(median(importMedians)));
    // What moved out of the import: the same, plus loading the SDK packages the handler's first call loads.
    figure('importWithFirstUseP50Ms', Math.round(median(firstUseMedians)));
    note(
      `Total bundle size ${fmt(totalKiB, 1)} KiB over ${HANDLERS.length} handlers. Import times are medians of ` +
        `${options.importRuns} cold \`node -e "import('file://…/index.mjs')"\` spawns on Node ${process.versions.node} ` +
        `(Lambda runs Node 22 on ARM64): wall time minus a baseline \`node -e\` spawn (median ${fmt(baselineMs)} ms), ` +
        `and the import() measured inside the process, also with NODE_OPTIONS=--enable-source-maps as the stack sets it. ` +
        `The adapters load the SDK on first use (a dynamic import()), not at import: "SDK on first use" is that cost, ` +
        `measured in the same process right after the import by importing the @aws-sdk/* packages the bundle's code ` +
        `imports dynamically, and "import + first use" is what a cold start whose first call reaches AWS pays in all ` +
        `(importWithFirstUseP50Ms). ` +
        `@aws-sdk/* is external (on Lambda the runtime provides it); here it resolves from the repository's ` +
        `node_modules, so its load time is included but its size is not. Bundles in ${path.relative(REPOSITORY_ROOT, outRoot)}/, deleted afterwards.`,
    );
    const heaviest = [...packages.entries()]
      .map(([name, sizes]) => ({ name, sizes, total: sizes.reduce((sum, size) => sum + size, 0) }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 10);
    process.stdout.write('\n');
    note(
      table(
        ['what the bundles are made of (esbuild metafile)', 'in bundles', 'median KiB per bundle', 'share of all bundle bytes'],
        heaviest.map(({ name, sizes, total }) => [name, `${sizes.length}/${built}`, fmt(median(sizes), 1), `${fmt((100 * total) / totalKiB, 1)}%`]),
      ),
    );
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const workerIndex = argv.indexOf('--worker');
  if (workerIndex >= 0) {
    await workerMain(argv[workerIndex + 1] as WorkerName);
    return;
  }
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const benchStarted = performance.now();
  figure('date', new Date().toISOString());
  figure('machine', `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB`);
  figure('node', process.versions.node);
  // The machine may be shared: the load when the bench started and ended says how far to trust the figures.
  figure('loadAverageAtStart', Math.round(os.loadavg()[0]! * 10) / 10);
  process.stdout.write(
    `SCCIF Workflows bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.versions.node}, ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB\n`,
  );
  const sections: [number, string, (options: Options) => Promise<void>][] = [
    [1, 'start-up', sectionStartup],
    [2, 'alert latency', sectionAlerts],
    [3, '16-week pathway', sectionPathway],
    [4, 'national year', sectionYear],
    [5, 'transitions and cost', sectionCost],
    [6, 'Lambda bundles', sectionBundles],
  ];
  const failed: string[] = [];
  const timings: string[][] = [];
  for (const [number, name, run] of sections) {
    if (!options.only.has(number)) continue;
    const started = performance.now();
    try {
      await run(options);
      timings.push([`${number}. ${name}`, duration(performance.now() - started), 'ok']);
    } catch (error) {
      failed.push(`${number}. ${name}`);
      timings.push([`${number}. ${name}`, duration(performance.now() - started), 'FAILED']);
      process.stdout.write(`\nSECTION ${number} (${name}) FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  heading('Bench run');
  note(table(['section', 'wall', 'result'], timings, [0, 2]));
  note(`Total ${duration(performance.now() - benchStarted)}.`);
  const args = argv.length > 0 ? ` -- ${argv.join(' ')}` : '';
  note(
    `\nHow to reproduce: npm ci && npm run -s bench${args}   (options: --only 1,3  --starts N  --alerts N  --runs N  ` +
      `--scale X  --price-per-1000 USD  --import-runs N  --no-npm; --help)`,
  );
  if (failed.length > 0) process.exitCode = 1;
  if (options.json) {
    figure('loadAverageAtEnd', Math.round(os.loadavg()[0]! * 10) / 10);
    figure('benchSeconds', Math.round(performance.now() - benchStarted) / 1000);
    figure('failedSections', failed.join(', '));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
}

await main();
