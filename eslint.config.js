// ESLint 9 flat config: the recommended rules of ESLint and typescript-eslint (no type information: fast), and the
// layer boundaries (STYLE §15 and §18): layers only point down (api and web → app → core/adapters), the core is pure,
// and nothing the Lambda functions or state machines are built from imports the CDK app.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A relative import that climbs out of the importing folder into one of these folders of functions/ (or the root). */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/**
 * Classic zod (`zod`, `zod/v4`, `zod/v3`): it attaches its methods to every schema instance, so it cannot be
 * tree-shaken (about 100 KB of each Lambda bundle and half its import time, issue 14). Runtime code uses `zod/mini`;
 * tests may build their own schemas with classic zod.
 */
const ZOD_CLASSIC = {
  regex: '^zod(/v3|/v4|/v4/classic|/classic)?(/index(\\.c?js)?)?$',
  caseSensitive: true,
  message: "Runtime code imports 'zod/mini' (functions: z.optional(x), .check(z.minLength(n))): classic zod is not tree-shakeable and adds ~100 KB to each Lambda bundle.",
};

const CDK_APP = {
  regex: into('infra'),
  message: 'The CDK app (infra/) imports runtime code, never the reverse: move what both need under functions/.',
};

export default defineConfig([
  globalIgnores(['node_modules/', '.cache/', 'cdk.out/', 'coverage/', 'test-results/', '.local-data/', 'functions/web/compiled-templates.cjs']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring something away, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  // Plain JavaScript run by node itself (`npm start`'s launcher, infra/local/start.mjs): Node's globals.
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', performance: 'readonly', console: 'readonly' } },
  },

  {
    files: ['test/**/*.ts'],
    rules: {
      // The test helpers hand back parsed JSON responses as `any` (`body.timeline[0].due`) on purpose: the tests
      // assert on the shape. The code under functions/, infra/ and workflows/ has none.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // The core is pure (STYLE §15): no AWS SDK, middy, CDK, constructs or Lambda types, no layer above it, and no clock.
  {
    files: ['functions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@aws-sdk|@middy|@aws-lambda-powertools)/|^(aws-cdk-lib|constructs|aws-lambda)(/|$)',
              caseSensitive: true,
              message: 'The core is pure: AWS, middy, CDK and Lambda belong in adapters, middleware and handlers.',
            },
            {
              regex: into('adapters', 'middleware', 'app', 'api', 'web', 'steps'),
              caseSensitive: true,
              message: 'The core is the bottom layer: it imports nothing from the layers above it.',
            },
            { ...CDK_APP, caseSensitive: true },
            ZOD_CLASSIC,
            {
              regex: '^date-holidays$',
              caseSensitive: true,
              message: 'The calendar reads the generated table (bank-holidays.ts, `npm run -s holidays`): date-holidays is a devDependency.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'The core does not read the clock: take the time as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The core does not read the clock: take the time as an argument.' },
        { selector: 'ImportExpression', message: 'The core imports statically (so the import rules can see it).' },
        { selector: "CallExpression[callee.name='require']", message: 'The core imports statically (so the import rules can see it).' },
      ],
    },
  },

  // The web pages and the JSON API are peers over the application layer (functions/app): neither imports the other.
  {
    files: ['functions/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: into('api'), caseSensitive: true, message: 'The web pages call functions/app, not the API handlers.' }, ZOD_CLASSIC] },
      ],
    },
  },
  {
    files: ['functions/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: into('web'), caseSensitive: true, message: 'The API handlers call functions/app, not the web pages.' }, ZOD_CLASSIC] },
      ],
    },
  },

  // Nothing the functions or the state machines are built from imports the CDK app (the core's rule above says so too).
  {
    files: ['functions/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['functions/core/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ ...CDK_APP, caseSensitive: true }] }],
    },
  },

  // What is bundled into a Lambda or runs in the local runtime has no classic zod (the web and API folders and the
  // core say so in their own rules above, since a later no-restricted-imports would replace theirs).
  {
    files: ['functions/**/*.ts', 'infra/**/*.ts'],
    ignores: ['functions/core/**', 'functions/web/**', 'functions/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ZOD_CLASSIC] }],
    },
  },
]);
