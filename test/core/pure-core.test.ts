/**
 * STYLE §15: the core is pure. No AWS SDK, middy, CDK or Lambda types, and no reading of the clock: time comes in as
 * arguments, so the same inputs always give the same deadlines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const CORE = join(REPOSITORY, 'functions', 'core');

const FORBIDDEN_MODULES: { pattern: RegExp; name: string }[] = [
  { pattern: /^@aws-sdk\//, name: '@aws-sdk/*' },
  { pattern: /^@middy\//, name: '@middy/*' },
  { pattern: /^aws-cdk-lib(\/|$)/, name: 'aws-cdk-lib' },
  { pattern: /^constructs(\/|$)/, name: 'constructs' },
  { pattern: /^aws-lambda(\/|$)/, name: 'aws-lambda' },
];

const CLOCK_READS: { pattern: RegExp; name: string }[] = [
  { pattern: /\bDate\.now\s*\(/, name: 'Date.now()' },
  { pattern: /\bnew\s+Date\s*\(\s*\)/, name: 'new Date()' },
  { pattern: /\bnew\s+Date\b(?!\s*\()/, name: 'new Date (without parentheses)' },
];

function typeScriptFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFilesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Drops comments so that prose such as "never call Date.now()" is not mistaken for code. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier: `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`. */
function importedModules(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g),
  ];
  return specifiers.map((match) => match[1]!);
}

/** What is wrong with a core file, one line per problem. */
function impurities(source: string): string[] {
  const code = withoutComments(source);
  const problems: string[] = [];
  for (const specifier of importedModules(code)) {
    const forbidden = FORBIDDEN_MODULES.find(({ pattern }) => pattern.test(specifier));
    if (forbidden) problems.push(`imports ${specifier} (${forbidden.name} is not allowed in the core)`);
  }
  for (const { pattern, name } of CLOCK_READS) {
    if (pattern.test(code)) problems.push(`reads the clock with ${name}; take the time as an argument`);
  }
  return problems;
}

describe('the pure core (functions/core)', () => {
  const files = typeScriptFilesUnder(CORE);

  it('has TypeScript files to check', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((file) => relative(REPOSITORY, file))).toContain(join('functions', 'core', 'calendar.ts'));
  });

  it('imports no AWS SDK, middy, CDK, constructs or aws-lambda, and never reads the clock', () => {
    const problems = files.flatMap((file) =>
      impurities(readFileSync(file, 'utf8')).map((problem) => `${relative(REPOSITORY, file)}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });
});

describe('the purity check itself', () => {
  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", '@aws-sdk/client-dynamodb'],
    ["import type { Context } from 'aws-lambda';", 'aws-lambda'],
    ["import middy from '@middy/core';", '@middy/core'],
    ["import { Stack } from 'aws-cdk-lib';", 'aws-cdk-lib'],
    ["import { aws_sqs } from 'aws-cdk-lib/aws-sqs';", 'aws-cdk-lib/aws-sqs'],
    ["import { Construct } from 'constructs';", 'constructs'],
    ["import {\n  SendEmailCommand,\n} from '@aws-sdk/client-sesv2';", '@aws-sdk/client-sesv2'],
    ["export { marshall } from '@aws-sdk/util-dynamodb';", '@aws-sdk/util-dynamodb'],
    ["import '@aws-sdk/client-sfn';", '@aws-sdk/client-sfn'],
    ["const sdk = await import('@aws-sdk/client-sfn');", '@aws-sdk/client-sfn'],
  ])('notices %j', (source, specifier) => {
    expect(impurities(source)).toEqual([expect.stringContaining(`imports ${specifier}`)]);
  });

  it.each(['const now = Date.now();', 'const today = new Date();', 'const today = new Date ( );', 'const today = new Date;'])(
    'notices the clock being read in %j',
    (source) => {
      expect(impurities(source)).toEqual([expect.stringContaining('reads the clock')]);
    },
  );

  it.each([
    "import { DateTime } from 'luxon';",
    "import Holidays from 'date-holidays';",
    "import { z } from 'zod';",
    "import { construct } from './constructs-free-helper';",
    'const day = new Date(`${date}T00:00:00Z`);',
    'const utc = new Date(Date.UTC(y, m - 1, d));',
    '// never call Date.now() here',
    '/** no new Date() in the core */',
  ])('accepts %j', (source) => {
    expect(impurities(source)).toEqual([]);
  });
});
