/**
 * The layer boundaries are lint rules (oxlint.config.js, run by `npm test`): STYLE §15, the core is pure (no AWS SDK,
 * middy, CDK, constructs or aws-lambda, no layer above it, no reading of the clock), and §18, layers only point down
 * (web and api are peers; nothing under functions/ or workflows/ imports infra/). This checks the rules themselves:
 * each example is linted as if it were in the named file's folder (which is what the rules look at).
 *
 * oxlint has no API to lint a text as a named file, and starting it for each of the ~110 examples would take longer
 * than the rest of this file: every example is written once, in the named file's folder of a temporary copy of the
 * configuration, and linted by one run of oxlint, before the first test.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/** Every example this file lints, as [source, the file it is linted as]: added by the tables below as they are read. */
const EXAMPLES: [string, string][] = [];
const example = (source: string, file: string): [string, string] => {
  EXAMPLES.push([source, file]);
  return [source, file];
};

/** The boundary rules' findings for each example, by its index in EXAMPLES, as `rule (error|warn)`. */
let found: Map<number, string[]>;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sccif-lint-'));
  for (const file of ['oxlint.config.js', 'oxlint-plugin.js']) copyFileSync(join(REPOSITORY, file), join(folder, file));
  const names = EXAMPLES.map(([source, file], index) => {
    // The same folder, so the same rules; a name of its own, so that each example is its own file.
    const name = join(dirname(file), `${index}-${basename(file)}`);
    mkdirSync(join(folder, dirname(name)), { recursive: true });
    writeFileSync(join(folder, name), `${source}\n`);
    return name;
  });
  const oxlint = join(REPOSITORY, 'node_modules/oxlint/bin/oxlint');
  // Exit 1 when it finds something, which most examples are written to make it do: the report says what it found.
  const { stdout } = await promisify(execFile)(process.execPath, [oxlint, '-c', 'oxlint.config.js', '-f', 'json', '.'], { cwd: folder }).catch(
    (error: { code?: number; stdout?: string; stderr?: string }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw new Error(`oxlint failed (exit ${error.code}): ${error.stderr}`);
    },
  );
  const { diagnostics } = JSON.parse(stdout) as { diagnostics: { code: string; severity: string; filename: string }[] };
  found = new Map(names.map((_, index) => [index, []]));
  for (const diagnostic of diagnostics) {
    const index = names.indexOf(diagnostic.filename);
    if (index < 0) throw new Error(`oxlint reported a file that is not an example: ${diagnostic.filename}`);
    // `eslint(no-restricted-imports)`, `typescript(no-require-imports)`, `sccif(restricted-syntax)`.
    const [, plugin, rule] = /^(\w+)\((.+)\)$/.exec(diagnostic.code) ?? [];
    const id = plugin === 'eslint' ? rule : `${plugin}/${rule}`;
    if (/restricted/.test(id ?? '')) found.get(index)!.push(`${id} (${diagnostic.severity})`);
  }
}, 60_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The boundary rules' findings for `source` linted as the file `file` (an example of the tables below), sorted. */
function findings(source: string, file: string): string[] {
  const index = EXAMPLES.findIndex(([s, f]) => s === source && f === file);
  const linted = found.get(index);
  // An example is added while the tests are collected (in a table or a describe block), before they run.
  if (!linted) throw new Error(`not an example linted before the tests: ${JSON.stringify(source)} as ${file}`);
  return [...linted].sort();
}

const CORE = 'functions/core/calendar.ts';
const CORE_NESTED = 'functions/core/regulations/timeline.ts';

describe('the pure core (functions/core)', () => {
  it.each([
    example("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", CORE),
    example("import type { Context } from 'aws-lambda';", CORE),
    example("import middy from '@middy/core';", CORE),
    example("import { Stack } from 'aws-cdk-lib';", CORE),
    example("import { aws_sqs } from 'aws-cdk-lib/aws-sqs';", CORE),
    example("import { Construct } from 'constructs';", CORE),
    example("import {\n  SendEmailCommand,\n} from '@aws-sdk/client-sesv2';", CORE),
    example("export { marshall } from '@aws-sdk/util-dynamodb';", CORE),
    example("import '@aws-sdk/client-sfn';", CORE),
    example("import { repository } from '../adapters/repository';", CORE),
    example("import { config } from '../../adapters/config';", CORE_NESTED),
    example("import { logger } from '../middleware/logger';", CORE),
    example("import { logInspection } from '../app/log-inspection';", CORE),
    example("import { handler } from '../steps/inform-dfe';", CORE),
    example("import { HANDLERS } from '../../infra/handlers';", CORE),
    example("import type { Group } from '../../../infra/handlers';", CORE_NESTED),
    // The Lambdas ship the generated table, not date-holidays and the world's time zones it pulls in.
    example("import Holidays from 'date-holidays';", CORE),
  ])('refuses %j', (source, file) => {
    expect(findings(source, file)).toEqual(['no-restricted-imports (error)']);
  });

  it.each([
    example("const sdk = require('@aws-sdk/client-sfn');", CORE),
    example("const sdk = require('./calendar');", CORE),
    example("const helpers = await import('./calendar');", CORE),
    example('const now = Date.now();', CORE),
    example('const today = new Date();', CORE),
    example('const today = new Date ( );', CORE),
    example('const today = new Date;', CORE),
  ])('refuses %j (a dynamic import, or reading the clock)', (source, file) => {
    expect(findings(source, file)).toEqual(['sccif/restricted-syntax (error)']);
  });

  const DYNAMIC_SDK = example("const sdk = await import('@aws-sdk/client-sfn');", CORE);
  it('refuses a dynamic import of a restricted module twice: as a dynamic import and as the module', () => {
    expect(findings(...DYNAMIC_SDK)).toEqual(['no-restricted-imports (error)', 'sccif/restricted-syntax (error)']);
  });

  it.each([
    example("import { DateTime } from 'luxon';", CORE),
    example("import { BANK_HOLIDAYS } from './bank-holidays';", CORE),
    example("import * as z from 'zod/mini';", CORE),
    example("import { construct } from './constructs-free-helper';", CORE),
    example("import { FULL_INSPECTION } from './regulations';", CORE),
    example('const day = new Date(`${date}T00:00:00Z`);', CORE),
    example('const utc = new Date(Date.UTC(y, m - 1, d));', CORE),
    example('const found = directory.require(code);', CORE),
    example('// never call Date.now() here', CORE),
    example('/** no new Date() in the core */', CORE),
  ])('accepts %j', (source, file) => {
    expect(findings(source, file)).toEqual([]);
  });
});

describe('runtime code has no classic zod (issue 14: it is not tree-shakeable, ~100 KB a bundle)', () => {
  const CLASSIC = ["import * as z from 'zod';", "import { z } from 'zod';", "import type * as z from 'zod';", "import * as z from 'zod/v4';", "import { z } from 'zod/v3';"];
  const RUNTIME = [
    CORE,
    CORE_NESTED,
    'functions/web/approvals.ts',
    'functions/api/log-inspection.ts',
    'functions/app/requests.ts',
    'functions/steps/compute-timeline.ts',
    'functions/middleware/http.ts',
    'functions/adapters/config.ts',
    'infra/local/server.ts',
    'infra/bundling.ts',
  ];
  for (const file of RUNTIME) for (const source of CLASSIC) example(source, file);
  it.each(RUNTIME)('refuses classic zod in %s', (file) => {
    for (const source of CLASSIC) expect(findings(source, file), source).toEqual(['no-restricted-imports (error)']);
  });

  const MINI = ["import * as z from 'zod/mini';", "import * as z from 'zod/v4/mini';", "import type * as core from 'zod/v4/core';"];
  const SOME_RUNTIME = [CORE, 'functions/web/approvals.ts', 'functions/api/log-inspection.ts', 'functions/steps/compute-timeline.ts', 'infra/local/server.ts'];
  for (const source of MINI) for (const file of SOME_RUNTIME) example(source, file);
  it.each(MINI)('accepts %j under functions/ and infra/', (source) => {
    for (const file of SOME_RUNTIME) expect(findings(source, file), file).toEqual([]);
  });

  const TEST = example("import * as z from 'zod';", 'test/middleware/http.test.ts');
  it('lets a test build its own schemas with classic zod', () => {
    expect(findings(...TEST)).toEqual([]);
  });
});

describe('the web pages and the API are peers', () => {
  const WEB_TO_API = example("import { logInspection } from '../api/log-inspection';", 'functions/web/log-inspection-form.ts');
  const API_TO_WEB = example("import { inspectionPage } from '../web/inspection';", 'functions/api/get-inspection.ts');
  const APP = "import { logInspection } from '../app';";
  const [API_TO_APP, WEB_TO_APP] = [example(APP, 'functions/api/log-inspection.ts'), example(APP, 'functions/web/log-inspection-form.ts')];

  it('refuses a web page importing an API handler', () => {
    expect(findings(...WEB_TO_API)).toEqual(['no-restricted-imports (error)']);
  });

  it('refuses an API handler importing a web page', () => {
    expect(findings(...API_TO_WEB)).toEqual(['no-restricted-imports (error)']);
  });

  it('lets both import the application layer', () => {
    expect(findings(...API_TO_APP)).toEqual([]);
    expect(findings(...WEB_TO_APP)).toEqual([]);
  });
});

describe('nothing the functions or state machines are built from imports the CDK app', () => {
  it.each([
    example("import type { Group } from '../../infra/handlers';", 'functions/middleware/http.ts'),
    example("import type { StepHandlerId } from '../infra/handlers';", 'workflows/steps.ts'),
    example("import { SccifStack } from '../../infra/stack';", 'functions/steps/inform-dfe.ts'),
    example("import { HANDLERS } from '../../infra/handlers';", 'functions/web/approvals.ts'),
    example("import { HANDLERS } from '../../infra/handlers';", 'functions/api/log-inspection.ts'),
  ])('refuses %j in %s', (source, file) => {
    expect(findings(source, file)).toEqual(['no-restricted-imports (error)']);
  });

  const INFRA = example("import { VARIABLE_OF } from '../functions/adapters/config';", 'infra/stack.ts');
  it('lets infra import the runtime code', () => {
    expect(findings(...INFRA)).toEqual([]);
  });
});
