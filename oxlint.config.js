// oxlint (`npm run lint`, run by `npm test`): ESLint's and typescript-eslint's recommended rules (no type information),
// and the layer boundaries (STYLE §15 and §18): layers only point down (api and web → app → core/adapters), the core is
// pure, and nothing the Lambda functions or state machines are built from imports the CDK app.
//
// oxlint rather than ESLint (issue 14): the same rules, found the same problems (every rule's findings compared on a
// file planted with them), in ~1.5 s of CPU for the repository against ESLint's ~14 s with typescript-eslint's parser,
// on a clean clone where there is no lint cache. This file imports nothing, so that test/lint/boundaries.test.ts can
// lint its examples with a copy of it outside the repository.

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
  caseSensitive: true,
  message: 'The CDK app (infra/) imports runtime code, never the reverse: move what both need under functions/.',
};

/** The restricted imports of a folder: a later override replaces an earlier one's list, so each lists all of its own. */
const restrictedImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** The rules of ESLint's `recommended` and typescript-eslint's `recommended` (no type information) that oxlint has. */
const RECOMMENDED = [
  'for-direction', 'no-async-promise-executor', 'no-case-declarations', 'no-compare-neg-zero', 'no-cond-assign',
  'no-constant-binary-expression', 'no-constant-condition', 'no-control-regex', 'no-debugger', 'no-delete-var',
  'no-dupe-else-if', 'no-duplicate-case', 'no-empty', 'no-empty-character-class', 'no-empty-pattern',
  'no-empty-static-block', 'no-ex-assign', 'no-extra-boolean-cast', 'no-fallthrough', 'no-global-assign',
  'no-invalid-regexp', 'no-irregular-whitespace', 'no-loss-of-precision', 'no-misleading-character-class',
  'no-nonoctal-decimal-escape', 'no-prototype-builtins', 'no-regex-spaces', 'no-self-assign', 'no-shadow-restricted-names',
  'no-sparse-arrays', 'no-unexpected-multiline', 'no-unsafe-finally', 'no-unsafe-optional-chaining', 'no-unused-labels',
  'no-unused-private-class-members', 'no-useless-backreference', 'no-useless-catch', 'no-useless-escape', 'require-yield',
  'use-isnan', 'valid-typeof', 'no-array-constructor', 'no-unused-expressions', 'no-var', 'prefer-const',
  'prefer-rest-params', 'prefer-spread',
  'typescript/ban-ts-comment', 'typescript/no-duplicate-enum-values', 'typescript/no-empty-object-type',
  'typescript/no-explicit-any', 'typescript/no-extra-non-null-assertion', 'typescript/no-misused-new',
  'typescript/no-namespace', 'typescript/no-non-null-asserted-optional-chain', 'typescript/no-require-imports',
  'typescript/no-this-alias', 'typescript/no-unnecessary-type-constraint', 'typescript/no-unsafe-declaration-merging',
  'typescript/no-unsafe-function-type', 'typescript/no-wrapper-object-types', 'typescript/prefer-as-const',
  'typescript/prefer-namespace-keyword', 'typescript/triple-slash-reference',
];

/** What TypeScript checks itself in .ts files (typescript-eslint's eslint-recommended turns these off there). */
const JAVASCRIPT_ONLY = [
  'constructor-super', 'getter-return', 'no-class-assign', 'no-const-assign', 'no-dupe-class-members', 'no-dupe-keys',
  'no-func-assign', 'no-import-assign', 'no-new-native-nonconstructor', 'no-obj-calls', 'no-redeclare', 'no-setter-return',
  'no-this-before-super', 'no-undef', 'no-unreachable', 'no-unsafe-negation', 'no-with',
];

/** @type {import('oxlint').OxlintConfig} */
export default {
  plugins: ['typescript'],
  jsPlugins: ['./oxlint-plugin.js'],
  categories: { correctness: 'off' },
  env: { builtin: true },
  ignorePatterns: ['node_modules/', '.cache/', 'cdk.out/', 'coverage/', 'test-results/', '.local-data/', 'functions/web/compiled-templates.cjs'],
  rules: {
    ...Object.fromEntries(RECOMMENDED.map((rule) => [rule, 'error'])),
    // `_`-prefixed names are deliberately unused (destructuring something away, a required parameter).
    'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
  },
  overrides: [
    // Plain JavaScript run by node itself (`npm start`'s launcher, the test runner, this configuration): Node's globals.
    {
      files: ['**/*.js', '**/*.mjs'],
      env: { node: true },
      rules: Object.fromEntries(JAVASCRIPT_ONLY.map((rule) => [rule, 'error'])),
    },
    {
      files: ['test/**/*.ts'],
      rules: {
        // The test helpers hand back parsed JSON responses as `any` (`body.timeline[0].due`) on purpose: the tests
        // assert on the shape. The code under functions/, infra/ and workflows/ has none.
        'typescript/no-explicit-any': 'off',
      },
    },

    // Nothing the functions or the state machines are built from imports the CDK app; what is bundled into a Lambda or
    // runs in the local runtime has no classic zod.
    { files: ['workflows/**/*.ts'], rules: restrictedImports(CDK_APP) },
    { files: ['infra/**/*.ts'], rules: restrictedImports(ZOD_CLASSIC) },
    { files: ['functions/**/*.ts'], rules: restrictedImports(CDK_APP, ZOD_CLASSIC) },

    // The web pages and the JSON API are peers over the application layer (functions/app): neither imports the other.
    {
      files: ['functions/web/**/*.ts'],
      rules: restrictedImports({ regex: into('api'), caseSensitive: true, message: 'The web pages call functions/app, not the API handlers.' }, CDK_APP, ZOD_CLASSIC),
    },
    {
      files: ['functions/api/**/*.ts'],
      rules: restrictedImports({ regex: into('web'), caseSensitive: true, message: 'The API handlers call functions/app, not the web pages.' }, CDK_APP, ZOD_CLASSIC),
    },

    // The core is pure (STYLE §15): no AWS SDK, middy, CDK, constructs or Lambda types, no layer above it, and no clock.
    {
      files: ['functions/core/**/*.ts'],
      rules: {
        ...restrictedImports(
          {
            regex: '^(@aws-sdk|@middy|@aws-lambda-powertools)/|^(aws-cdk-lib|constructs|aws-lambda)(/|$)',
            caseSensitive: true,
            message: 'The core is pure: AWS, middy, CDK and Lambda belong in adapters, middleware and handlers.',
          },
          { regex: into('adapters', 'middleware', 'app', 'api', 'web', 'steps'), caseSensitive: true, message: 'The core is the bottom layer: it imports nothing from the layers above it.' },
          CDK_APP,
          ZOD_CLASSIC,
          {
            regex: '^date-holidays$',
            caseSensitive: true,
            message: 'The calendar reads the generated table (bank-holidays.ts, `npm run -s holidays`): date-holidays is a devDependency.',
          },
        ),
        'sccif/restricted-syntax': [
          'error',
          { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'The core does not read the clock: take the time as an argument.' },
          { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The core does not read the clock: take the time as an argument.' },
          { selector: 'ImportExpression', message: 'The core imports statically (so the import rules can see it).' },
          { selector: "CallExpression[callee.name='require']", message: 'The core imports statically (so the import rules can see it).' },
        ],
      },
    },
  ],
};
