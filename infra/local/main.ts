/**
 * `npm start`: the whole system on this machine, on 127.0.0.1. Options: --port N (or PORT), --data-dir DIR.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { LocalRuntime } from './runtime';
import { LOCAL_ACCOUNTS, LocalServer } from './server';

const started = performance.now();
const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
  strict: true,
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`npm start: --port must be a whole number from 0 to 65535, got "${values.port ?? process.env.PORT}"\n`);
  process.exit(2);
}

const server = new LocalServer();
const url = await server.listen(port);
const runtime = await LocalRuntime.start({
  repositoryRoot: fileURLToPath(new URL('../..', import.meta.url)),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  settings: server.handlerSettings(),
  // The managers' daily digest fires at its schedule's occurrences on the virtual clock, as on AWS.
  recurringSchedules: true,
});
server.serve(runtime);
const readyMs = Math.round(performance.now() - started);

process.stdout.write(
  [
    `SCCIF Workflows is running locally (ready in ${readyMs} ms).`,
    `  API           ${url}   (the API Gateway routes: /inspections, /approvals, ...)`,
    `  Health        ${url}/health`,
    `  Clock         ${url}/_local/clock   (POST /_local/clock/advance { "days": n } | { "to": ISO } | { "toNextDeadline": true })`,
    `  Email inbox   ${runtime.urls.ses}/   (also ${url}/_local/inbox)`,
    `  Operations    ${url}/_local/operations   (notices to the operations topic, SNS)`,
    `  Faults        ${url}/_local/faults   (POST { "service": "ses" | "dynamodb" | "stepfunctions", "mode": "refuse" | "throttle" | "slow", "forMinutes": n }; GET; DELETE)`,
    `  Sign in       POST ${url}/_local/sign-in { "email", "password" } → Bearer token; or HTTP Basic`,
    ...LOCAL_ACCOUNTS.map((account) => `                ${account.groups.join(',').padEnd(10)} ${account.email} / ${account.password}`),
    `Stop with Ctrl-C.`,
    '',
  ].join('\n'),
);

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
