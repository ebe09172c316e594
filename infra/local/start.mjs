/**
 * `npm start`: the local runtime (infra/local/main.ts, options and all: `npm start -- --port 4000`) run from its
 * cached bundle with plain node (runtime-bundle.mjs says why and when it is built again).
 *
 * The tests that start the runtime as a process run this file too (test/support/runtime-process.ts).
 */
import { runtimeBundle } from './runtime-bundle.mjs';

// Stack traces name the TypeScript sources, not the bundle.
process.setSourceMapsEnabled(true);
const bundle = await runtimeBundle();
if (bundle.built) process.stdout.write(`Built the local runtime from ${bundle.files} files in ${bundle.ms} ms (kept until one of them changes).\n`);
await import(bundle.entry);
