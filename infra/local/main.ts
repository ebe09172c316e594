/**
 * `npm start`: the whole system on this machine, on 127.0.0.1. Options: --port N (or PORT), --data-dir DIR, and the
 * side servers' ports --dynamodb-port, --ses-port, --sfn-port, --scheduler-port, --sns-port (default: the API port
 * + 1, + 2, + 3, + 4, + 5; any free port when the API port is 0), --recurring-schedules on|off (default on: the
 * managers' daily digest fires each morning on the virtual clock) and --warm-up on|off (default on: see below).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensurePortFree, PortInUseError } from './ports';
import type { LocalRuntime as Runtime } from './runtime';

const started = performance.now();
/** Node's own setTimeout, taken before the runtime installs the virtual clock. */
const realSetTimeout = globalThis.setTimeout;
// See runtime.ts: the SDK's Node 22 notice is about its 2027 releases; the Lambdas already run Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'dynamodb-port': { type: 'string' },
    'ses-port': { type: 'string' },
    'sfn-port': { type: 'string' },
    'scheduler-port': { type: 'string' },
    'sns-port': { type: 'string' },
    'recurring-schedules': { type: 'string' },
    'warm-up': { type: 'string' },
  },
  strict: true,
});

function portOption(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || text.trim() === '') {
    process.stderr.write(`npm start: ${flag} must be a whole number from 0 to 65535, got "${text}"\n`);
    process.exit(2);
  }
  return port;
}

function onOffOption(flag: string, text: string | undefined): 'on' | 'off' {
  const value = text ?? 'on';
  if (value !== 'on' && value !== 'off') {
    process.stderr.write(`npm start: ${flag} must be on or off, got "${value}"\n`);
    process.exit(2);
  }
  return value;
}

const schedules = onOffOption('--recurring-schedules', values['recurring-schedules']);
const warmUp = onOffOption('--warm-up', values['warm-up']);

const port = portOption('--port (or PORT)', values.port ?? process.env.PORT, 3000);
const beside = (offset: number) => (port === 0 ? 0 : port + offset);
/** Each port `npm start` binds, with the flag that moves it (named when it is in use). */
const PORTS = [
  { component: 'API', flag: '--port (or PORT)', port },
  { component: 'DynamoDB', flag: '--dynamodb-port', port: portOption('--dynamodb-port', values['dynamodb-port'], beside(1)) },
  { component: 'SES', flag: '--ses-port', port: portOption('--ses-port', values['ses-port'], beside(2)) },
  { component: 'Step Functions', flag: '--sfn-port', port: portOption('--sfn-port', values['sfn-port'], beside(3)) },
  { component: 'EventBridge Scheduler', flag: '--scheduler-port', port: portOption('--scheduler-port', values['scheduler-port'], beside(4)) },
  { component: 'SNS', flag: '--sns-port', port: portOption('--sns-port', values['sns-port'], beside(5)) },
] as const;
const [, dynamodb, ses, stepFunctions, scheduler, sns] = PORTS;
const ports = { dynamodb: dynamodb.port, ses: ses.port, stepFunctions: stepFunctions.port, scheduler: scheduler.port, sns: sns.port };

/** A port in use stops the start with one line naming it and the flag that moves it. */
function portInUse(error: PortInUseError): void {
  const flag = PORTS.find((entry) => entry.component === error.component)?.flag ?? '--port';
  process.stderr.write(`npm start: ${error.message}; stop what uses it or choose another port with ${flag}\n`);
}

// Every port is checked before the runtime's modules load (the AWS SDK, the engine, the servers: most of a start's
// CPU), so that a port in use stops the start at once. The runtime checks its side ports again as it binds them.
try {
  for (const entry of PORTS) await ensurePortFree(entry.component, entry.port);
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  portInUse(error);
  process.exit(1);
}
const importing = performance.now();
const [{ LocalRuntime }, { LOCAL_ACCOUNTS, LocalServer }] = await Promise.all([import('./runtime'), import('./server')]);
// "ready in" leaves loading these modules out, as when they were imported before this file ran: the bench and the
// README compare it across versions (the load is in "since node started").
const importMs = performance.now() - importing;

// The server listens first, so that its URL (with --port 0) is known to the handlers' settings and the local
// identity provider before the runtime starts; it answers 503 until the runtime is served.
const server = new LocalServer();
let runtime: Runtime;
let url: string;
try {
  await ensurePortFree('API', port);
  url = await server.listen(port);
  runtime = await LocalRuntime.start({
    repositoryRoot: fileURLToPath(new URL('../..', import.meta.url)),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ports,
    settings: server.handlerSettings(),
    // The managers' daily digest fires at its schedule's occurrences on the virtual clock, as on AWS. Off: the
    // end-to-end tests of one inspection's runs, which move the clock through months (a digest each working day
    // was half of their CPU); test/e2e/local-ports.test.ts checks that a plain `npm start` sends it.
    recurringSchedules: schedules === 'on',
    // Each email the local SES accepts is delivered (or bounced, to SES's simulator addresses) and its event recorded,
    // as on AWS: the notifications list says "Delivered", not "awaiting delivery report" for ever.
    sesEvents: true,
  });
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  // Taken since the check above.
  portInUse(error);
  await server.close();
  process.exit(1);
}
server.serve(runtime);
const readyMs = Math.round(performance.now() - started - importMs);
// performance.now() counts from the process's start: node's own start-up and loading the modules are in it too.
const sinceNodeStartedMs = Math.round(performance.now());

process.stdout.write(
  [
    `SCCIF Workflows is running locally (ready in ${readyMs} ms; ${sinceNodeStartedMs} ms since node started).`,
    `  API           ${url}   (the API Gateway routes: /inspections, /approvals, ...)`,
    `  Health        ${url}/health`,
    `  Clock         ${url}/_local/clock   (POST /_local/clock/advance { "days": n } | { "to": ISO } | { "toNextDeadline": true })`,
    `  Email inbox   ${runtime.urls.ses}/   (also ${url}/_local/inbox)`,
    `  Operations    ${url}/_local/operations   (notices to the operations topic, SNS)`,
    `  Faults        ${url}/_local/faults   (POST { "service": "ses" | "dynamodb" | "stepfunctions", "mode": "refuse" | "throttle" | "slow", "forMinutes": n }; GET; DELETE)`,
    `  AWS APIs      DynamoDB ${runtime.urls.dynamodb}   SES ${runtime.urls.ses}   Step Functions ${runtime.urls.stepFunctions}`,
    `                EventBridge Scheduler ${runtime.urls.scheduler}   SNS ${runtime.urls.sns}`,
    `                (--dynamodb-port, --ses-port, --sfn-port, --scheduler-port, --sns-port; default --port + 1 to + 5)`,
    `  Sign in       POST ${url}/_local/sign-in { "email", "password" } → Bearer token; or HTTP Basic`,
    ...LOCAL_ACCOUNTS.map((account) => `                ${account.groups.join(',').padEnd(10)} ${account.email} / ${account.password}`),
    `Stop with Ctrl-C.`,
    '',
  ].join('\n'),
);

// What start-up left to first use (the handlers' modules, the SES package, the sign-in's key) is done a second after the ready line, so
// that neither the first GET /health nor the first email waits for it. Off: each is left to its first use (the
// end-to-end tests' runtimes, started again and again, use a few handlers in each and never the sign-in's key).
if (warmUp === 'on') {
  realSetTimeout(() => {
    server.warmUp().catch((error: unknown) => process.stderr.write(`npm start: warming up: ${(error as Error).stack ?? String(error)}\n`));
  }, 1_000).unref();
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping...\n`);
  await server.close();
  await runtime.stop();
  process.stdout.write('stopped.\n');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
