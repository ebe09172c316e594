/**
 * The bundle `npm start` runs (infra/local/start.mjs): the local runtime (infra/local/main.ts) built with esbuild and
 * cached, run with plain node: no tsx CLI (a second node process) and no TypeScript loader hooks resolving every
 * module of the AWS SDK. The bundle holds our code only (every package stays in node_modules), split so that what a
 * start does not need (the CDK synthesis on a template-cache miss, say) is a chunk loaded on first use.
 *
 * The cache (node_modules/.cache/sccif-runtime/, which `npm ci` clears) is checked at every start: the bundle is
 * built again when any file it was built from changed (each one's hash is kept in manifest.json), or this file,
 * tsconfig.json or the installed esbuild did. Delete the folder to force a build.
 *
 * Plain JavaScript, as node runs it before anything is built; its types are in runtime-bundle.d.mts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Builds kept besides the newest: a runtime still running from an older one may yet load its lazy chunks. */
const KEPT_BUILDS = 3;
/**
 * Read by every build, though esbuild's metafile does not list them: this builder and the installed esbuild (by
 * their absolute paths), and the root's tsconfig.json.
 */
const BUILD_FILES = [fileURLToPath(import.meta.url), createRequire(import.meta.url).resolve('esbuild/package.json'), 'tsconfig.json'];

function hashOf(root, file) {
  try {
    return createHash('sha256').update(readFileSync(path.resolve(root, file))).digest('hex');
  } catch {
    return '(missing)';
  }
}

/** The cached build, when every file it was built from is as it was then. */
function currentBuild(root, cacheDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  return manifest.inputs.every(([file, hash]) => hashOf(root, file) === hash) ? manifest : undefined;
}

/**
 * The sources' `import.meta.url` is their own file's URL, as under tsx (main.ts finds the repository, the web
 * templates, govuk-frontend from it): each file that reads it gets its own, relative to the bundle's folder (which
 * moves with the checkout), and the build's `define` points `import.meta.url` at it (in code, not in strings).
 */
const OWN_URL = '__sccifOwnFileUrl';
function ownFileUrl(outdir) {
  return {
    name: 'own-file-url',
    setup(build) {
      // Every bundled file (ours, and the engine's, should it ever read import.meta.url), or `define` leaves it a
      // name that is not declared.
      build.onLoad({ filter: /\.(ts|js|mjs)$/, namespace: 'file' }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const relative = JSON.stringify(path.relative(outdir, args.path).split(path.sep).join('/'));
        const own = `import { pathToFileURL as __sccifPathToFileUrl } from 'node:url';\nconst ${OWN_URL} = new URL(${relative}, __sccifPathToFileUrl(import.meta.dirname + '/')).href;\n`;
        return { contents: own + source, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

/**
 * Each file's hash as esbuild is about to read it (the first onLoad callback: it reads the file after this one has),
 * for the manifest. Hashed after the build, a file saved while it ran (an editor, beside a test run's build) was
 * recorded with its new hash beside a bundle of its old content: every later start took that stale bundle as
 * current (found 2026-11-30: a page failed on code the source no longer had). Hashed first, a file saved during the
 * build no longer matches its recorded hash, and the next start builds again.
 */
function hashesAsRead(read) {
  return {
    name: 'hashes-as-read',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        read.set(args.path, hashOf('/', args.path));
        return undefined;
      });
    },
  };
}

/**
 * Packages stay in node_modules, but for the Step Functions engine (aws-local-stepfunctions): it is bundled (its own
 * imports stay outside, as hoisted by npm), without three modules it loads at start and never calls here (over a
 * second of a loaded machine's start):
 * the Lambda client and credential providers it would use for a Task with no local handler (the runtime refuses to
 * start with one), and asl-validator, which runs only without `noValidate` (the engine is given it; the tests
 * validate the ASL). Each is replaced by a module that throws if it ever is called.
 */
const ENGINE = 'aws-local-stepfunctions';
const NEVER_CALLED = {
  '@aws-sdk/client-lambda': ['LambdaClient', 'InvokeCommand'],
  '@aws-sdk/credential-providers': ['fromCognitoIdentityPool'],
  'asl-validator': ['default'],
};
function packagesOutsideButTheEngine() {
  const inEngine = (importer) => importer.split(path.sep).includes(ENGINE);
  return {
    name: 'packages-outside-but-the-engine',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path in NEVER_CALLED && inEngine(args.importer)) return { path: args.path, namespace: 'never-called' };
        if (args.path === ENGINE) return undefined;
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'never-called' }, (args) => {
        const refuse = `function refuse() { throw new Error(${JSON.stringify(`the local runtime never calls ${args.path} (${ENGINE} imports it)`)}); }`;
        const exports = NEVER_CALLED[args.path].map((name) =>
          name === 'default' ? 'export default refuse;' : `export class ${name} { constructor() { refuse(); } }`,
        );
        return { contents: [refuse, ...exports].join('\n'), loader: 'js' };
      });
    },
  };
}

async function build(root, cacheDir, extraPlugins) {
  const { build: esbuild } = await import('esbuild');
  const builder = BUILD_FILES.map((file) => [file, hashOf(root, file)]);
  const read = new Map();
  mkdirSync(cacheDir, { recursive: true });
  const partial = path.join(cacheDir, `partial-${process.pid}`);
  // The chunks sit beside main.mjs, one level down from the cache folder, as the final folder will be.
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: 'infra/local/main.ts' },
    outdir: partial,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    define: { 'import.meta.url': OWN_URL },
    plugins: [hashesAsRead(read), ownFileUrl(partial), packagesOutsideButTheEngine(), ...extraPlugins],
  });
  const sources = Object.keys(result.metafile.inputs).map((file) => [file, read.get(path.resolve(root, file)) ?? hashOf(root, file)]);
  const inputs = [...sources, ...builder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const id = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  const folder = path.join(cacheDir, id);
  // Two starts beside each other (two test workers, say) may both build: the same inputs make the same build, so the
  // first one's folder is kept, not replaced under a runtime that may be loading from it.
  try {
    renameSync(partial, folder);
  } catch (error) {
    if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes(error.code)) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  // Written whole (a rename): a start running beside this one reads the old manifest or the new one.
  const manifest = path.join(cacheDir, 'manifest.json');
  writeFileSync(`${manifest}.${process.pid}`, JSON.stringify({ id, inputs }));
  renameSync(`${manifest}.${process.pid}`, manifest);
  pruneBuilds(cacheDir, id);
  return { id, inputs };
}

function pruneBuilds(cacheDir, newest) {
  const builds = readdirSync(cacheDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== newest && !entry.name.startsWith('partial-'))
    .map((entry) => ({ name: entry.name, modified: statSync(path.join(cacheDir, entry.name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const stale of builds.slice(KEPT_BUILDS)) rmSync(path.join(cacheDir, stale.name), { recursive: true, force: true });
}

/**
 * The bundle of `root`'s infra/local/main.ts for its sources as they are now: the cached one, or built (and cached)
 * when a file it was built from changed. `entry` is the file URL to import.
 */
export async function runtimeBundle({ root = REPOSITORY_ROOT, cacheDir = path.join(root, 'node_modules/.cache/sccif-runtime'), extraPlugins = [] } = {}) {
  const started = performance.now();
  const cached = currentBuild(root, cacheDir);
  const { id, inputs } = cached ?? (await build(root, cacheDir, extraPlugins));
  return {
    entry: pathToFileURL(path.join(cacheDir, id, 'main.mjs')).href,
    built: !cached,
    files: inputs.length,
    ms: Math.round(performance.now() - started),
  };
}
