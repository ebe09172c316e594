/**
 * The layer boundaries are lint rules (eslint.config.js, run by `npm test`): STYLE §15, the core is pure (no AWS SDK,
 * middy, CDK, constructs or aws-lambda, no layer above it, no reading of the clock), and §18, layers only point down
 * (web and api are peers; nothing under functions/ or workflows/ imports infra/). This checks the rules themselves:
 * each example is linted as if it were the named file.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: REPOSITORY });
});

/** The boundary rules' findings for `source` as the file `filePath`, as `rule (error|warn)`. */
async function findings(source: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((message) => /restricted/.test(message.ruleId ?? ''))
    .map((message) => `${message.ruleId} (${message.severity === 2 ? 'error' : 'warn'})`);
}

const CORE = 'functions/core/calendar.ts';
const CORE_NESTED = 'functions/core/regulations/timeline.ts';

describe('the pure core (functions/core)', () => {
  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", CORE],
    ["import type { Context } from 'aws-lambda';", CORE],
    ["import middy from '@middy/core';", CORE],
    ["import { Stack } from 'aws-cdk-lib';", CORE],
    ["import { aws_sqs } from 'aws-cdk-lib/aws-sqs';", CORE],
    ["import { Construct } from 'constructs';", CORE],
    ["import {\n  SendEmailCommand,\n} from '@aws-sdk/client-sesv2';", CORE],
    ["export { marshall } from '@aws-sdk/util-dynamodb';", CORE],
    ["import '@aws-sdk/client-sfn';", CORE],
    ["import { repository } from '../adapters/repository';", CORE],
    ["import { config } from '../../adapters/config';", CORE_NESTED],
    ["import { logger } from '../middleware/logger';", CORE],
    ["import { logInspection } from '../app/log-inspection';", CORE],
    ["import { handler } from '../steps/inform-dfe';", CORE],
    ["import { HANDLERS } from '../../infra/handlers';", CORE],
    ["import type { Group } from '../../../infra/handlers';", CORE_NESTED],
    // The Lambdas ship the generated table, not date-holidays and the world's time zones it pulls in.
    ["import Holidays from 'date-holidays';", CORE],
  ])('refuses %j', async (source, file) => {
    expect(await findings(source, file)).toEqual(['no-restricted-imports (error)']);
  });

  it.each([
    "const sdk = await import('@aws-sdk/client-sfn');",
    "const sdk = require('@aws-sdk/client-sfn');",
    'const now = Date.now();',
    'const today = new Date();',
    'const today = new Date ( );',
    'const today = new Date;',
  ])('refuses %j (a dynamic import, or reading the clock)', async (source) => {
    expect(await findings(source, CORE)).toEqual(['no-restricted-syntax (error)']);
  });

  it.each([
    "import { DateTime } from 'luxon';",
    "import { BANK_HOLIDAYS } from './bank-holidays';",
    "import * as z from 'zod/mini';",
    "import { construct } from './constructs-free-helper';",
    "import { FULL_INSPECTION } from './regulations';",
    'const day = new Date(`${date}T00:00:00Z`);',
    'const utc = new Date(Date.UTC(y, m - 1, d));',
    'const found = directory.require(code);',
    '// never call Date.now() here',
    '/** no new Date() in the core */',
  ])('accepts %j', async (source) => {
    expect(await findings(source, CORE)).toEqual([]);
  });
});

describe('runtime code has no classic zod (issue 14: it is not tree-shakeable, ~100 KB a bundle)', () => {
  it.each([
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
  ])('refuses classic zod in %s', async (file) => {
    for (const source of ["import * as z from 'zod';", "import { z } from 'zod';", "import type * as z from 'zod';", "import * as z from 'zod/v4';", "import { z } from 'zod/v3';"]) {
      expect(await findings(source, file), source).toEqual(['no-restricted-imports (error)']);
    }
  });

  it.each(["import * as z from 'zod/mini';", "import * as z from 'zod/v4/mini';", "import type * as core from 'zod/v4/core';"])('accepts %j under functions/ and infra/', async (source) => {
    for (const file of [CORE, 'functions/web/approvals.ts', 'functions/api/log-inspection.ts', 'functions/steps/compute-timeline.ts', 'infra/local/server.ts']) {
      expect(await findings(source, file), file).toEqual([]);
    }
  });

  it('lets a test build its own schemas with classic zod', async () => {
    expect(await findings("import * as z from 'zod';", 'test/middleware/http.test.ts')).toEqual([]);
  });
});

describe('the web pages and the API are peers', () => {
  it('refuses a web page importing an API handler', async () => {
    expect(await findings("import { logInspection } from '../api/log-inspection';", 'functions/web/log-inspection-form.ts')).toEqual([
      'no-restricted-imports (error)',
    ]);
  });

  it('refuses an API handler importing a web page', async () => {
    const source = "import { inspectionPage } from '../web/inspection';";
    expect(await findings(source, 'functions/api/get-inspection.ts')).toEqual(['no-restricted-imports (error)']);
  });

  it('lets both import the application layer', async () => {
    const source = "import { logInspection } from '../app';";
    expect(await findings(source, 'functions/api/log-inspection.ts')).toEqual([]);
    expect(await findings(source, 'functions/web/log-inspection-form.ts')).toEqual([]);
  });
});

describe('nothing the functions or state machines are built from imports the CDK app', () => {
  it.each([
    ["import type { Group } from '../../infra/handlers';", 'functions/middleware/http.ts'],
    ["import type { StepHandlerId } from '../infra/handlers';", 'workflows/steps.ts'],
    ["import { SccifStack } from '../../infra/stack';", 'functions/steps/inform-dfe.ts'],
  ])('refuses %j in %s', async (source, file) => {
    expect(await findings(source, file)).toEqual(['@typescript-eslint/no-restricted-imports (error)']);
  });

  it('lets infra import the runtime code', async () => {
    expect(await findings("import { VARIABLE_OF } from '../functions/adapters/config';", 'infra/stack.ts')).toEqual([]);
  });
});
