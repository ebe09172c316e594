/**
 * A spare `npm start` process (test/support/runtime-process.ts, `prepareRuntimeProcess`): it loads the local runtime's
 * code first — everything `infra/local/main.ts` imports before its first statement, and the handler modules
 * `LocalRuntime.start` imports — says so, then waits for its command line on stdin and runs main.ts with it.
 *
 * Loading touches no data: no server listens, no data folder is opened and the clock is not installed until main.ts
 * runs, so a spare loaded while an older runtime still runs on the same data folder starts as a fresh process would.
 * The modules are the ones main.ts would load (same file URLs, so the same module instances), in the same order
 * relative to the start: the web templates are refreshed before any handler is imported, as importHandlers does.
 */
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HANDLERS, handlerEntry, type HandlerDefinition } from '../../functions/handlers';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const main = path.join(repositoryRoot, 'infra/local/main.ts');

await Promise.all([import('../../infra/local/runtime'), import('../../infra/local/server'), import('dynalite'), import('aws-ses-v2-local')]);
const { refreshCompiledTemplates } = await import('../../functions/cli/web-templates');
await refreshCompiledTemplates();
for (const handler of HANDLERS as readonly HandlerDefinition[]) await import(pathToFileURL(path.join(repositoryRoot, handlerEntry(handler))).href);
process.stdout.write('PRELOADED\n');

const lines = createInterface({ input: process.stdin });
const commandLine = await new Promise<string[]>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as string[])));
lines.close();
process.argv = [process.argv[0]!, main, ...commandLine];
await import(pathToFileURL(main).href);
