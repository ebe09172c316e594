/**
 * The synthesized template, cached by a hash of everything it is synthesized from: `npm start` loads aws-cdk-lib
 * and synthesizes (about 1.4 s of its start) only when a source changed since the last start.
 *
 * The key covers every file under infra/, functions/ (the handler registry, functions/handlers.ts, and the
 * regulations the workflows read), workflows/ and config/; cdk.json, package.json and package-lock.json; the versions
 * of aws-cdk-lib and constructs actually installed (node_modules can differ from the lock); the context passed in and
 * the CDK_DEFAULT_ACCOUNT variable the stack reads. The cache lives in node_modules/.cache/sccif-template/ (`npm ci` clears it); delete the
 * folder to force a synthesis.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from './template';

export const TEMPLATE_CACHE_DIR = (repositoryRoot: string) => path.join(repositoryRoot, 'node_modules/.cache/sccif-template');

const SOURCE_FOLDERS = ['infra', 'functions', 'workflows', 'config'];
const SOURCE_FILES = [
  'cdk.json',
  'package.json',
  'package-lock.json',
  'node_modules/aws-cdk-lib/package.json',
  'node_modules/constructs/package.json',
];

/** Written from other sources at start (functions/cli/web-templates.ts), and no input to the stack. */
const GENERATED = new Set(['compiled-templates.cjs']);

function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.') && !GENERATED.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)]));
}

/** A hash of the template's sources, in a stable order. */
export function templateSourceHash(repositoryRoot: string, context: Record<string, unknown> = {}): string {
  const hash = createHash('sha256');
  const files = [
    ...SOURCE_FOLDERS.flatMap((folder) => filesUnder(path.join(repositoryRoot, folder))),
    ...SOURCE_FILES.map((file) => path.join(repositoryRoot, file)),
  ].sort();
  for (const file of files) {
    hash.update(path.relative(repositoryRoot, file)).update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  // A function's asset hash takes in its bundling options, which name the project root: two checkouts of the same
  // sources sharing one node_modules (a symlink, a git worktree) must not take each other's template.
  hash.update(JSON.stringify({ repositoryRoot: path.resolve(repositoryRoot), context, account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }));
  return hash.digest('hex').slice(0, 32);
}

/** The template for the current sources: from the cache, or synthesized (and cached) when they changed. */
export async function loadTemplate(
  repositoryRoot: string,
  context: Record<string, unknown> = {},
): Promise<{ template: CfnTemplate; cached: boolean }> {
  const folder = TEMPLATE_CACHE_DIR(repositoryRoot);
  const file = path.join(folder, `${templateSourceHash(repositoryRoot, context)}.json`);
  try {
    return { template: JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate, cached: true };
  } catch {
    // A miss (or an unreadable entry): synthesize.
  }
  const { synthesizeTemplate } = await import('./synthesize');
  const template = synthesizeTemplate(repositoryRoot, context);
  try {
    // One entry, the template of the sources as they are now, written whole (a rename) for parallel starts.
    mkdirSync(folder, { recursive: true });
    for (const stale of readdirSync(folder)) rmSync(path.join(folder, stale), { force: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(template));
    renameSync(partial, file);
  } catch {
    // A read-only checkout still runs: it synthesizes at every start.
  }
  return { template, cached: false };
}
