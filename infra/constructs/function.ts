/**
 * The one Lambda function construct: Node.js 22 on ARM64, ESM bundled and minified with source maps, X-Ray tracing,
 * a log group with a retention period. Every handler of functions/handlers.ts is built with it. Its environment holds
 * only NODE_OPTIONS: the stack's grants add the variables that go with them, and the settings the handler reads.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { handlerEntry, isWebHandler, type HandlerDefinition } from '../../functions/handlers';
import { BUNDLE_ALIASES, BUNDLE_CHARSET, BUNDLE_TARGET, ESM_REQUIRE_BANNER, EXTERNAL_MODULES, MAIN_FIELDS } from '../bundling';

import { HANDLER_METADATA_KEY } from './handler-metadata';

export { HANDLER_METADATA_KEY };

export interface HandlerFunctionProps {
  handler: HandlerDefinition;
  /** Encrypts the function's log group. */
  logKey: kms.IKey;
  repositoryRoot: string;
}

/**
 * NodejsFunction looks for the project's `typescript` package in each function's constructor, for `preCompilation`
 * (which these functions do not use: esbuild compiles them), and keeps what it found only when it found one. The
 * type-check runs TypeScript 7 (typescript-native), so there is none: every function spawned `typescript --version`,
 * which is not a command, at every synthesis. 23 processes forked from the synthesizing one each time; in a test run
 * that process is a vitest worker of a gigabyte or more, and the forks were 3.4 s of its CPU (profiled 2026-11-30).
 *
 * Recorded once as `false`, "no compiler", which CDK's own `tscInstallation ?? detect()` keeps and its `tsc && ...`
 * reads as it read the failed detection: no pre-compilation step. The class is not exported (aws-cdk-lib's exports
 * map), so it is reached by its file; if a CDK release moves it, nothing is set and synthesis spawns as before
 * (test/infra/stack.test.ts fails then, so that it is looked at again).
 */
function recordNoTypeScriptCompiler(): void {
  try {
    const require = createRequire(import.meta.url);
    const bundlingFile = path.join(path.dirname(require.resolve('aws-cdk-lib')), 'aws-lambda-nodejs/lib/bundling.js');
    const { Bundling } = require(bundlingFile) as { Bundling?: { tscInstallation?: unknown } };
    if (Bundling && 'tscInstallation' in Bundling && Bundling.tscInstallation === undefined) Bundling.tscInstallation = false;
  } catch {
    // Moved in another CDK release: synthesis still works, spawning as before.
  }
}
recordNoTypeScriptCompiler();

export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.logKey,
    });
    super(scope, id, {
      entry: path.join(props.repositoryRoot, handlerEntry(props.handler)),
      handler: 'handler',
      description: props.handler.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: props.repositoryRoot,
      depsLockFilePath: path.join(props.repositoryRoot, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        // The same options as infra/bundling.ts, which the bundle-budget test builds with.
        target: BUNDLE_TARGET,
        charset: BUNDLE_CHARSET === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        // CDK passes these on as `--alias:from=to`; bundling runs in projectRoot, where the aliases resolve.
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
        // The web pages render templates precompiled at build time (functions/cli/web-templates.ts) with Nunjucks'
        // slim runtime: the compiled module goes beside the bundle's entry file, where functions/web/render.ts reads
        // it; GOV.UK Frontend's stylesheet, fonts and images go to govuk-frontend-dist/ (functions/web/assets.ts).
        ...(isWebHandler(props.handler)
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `"${inputDir}/node_modules/.bin/tsx" "${inputDir}/functions/cli/web-templates.ts" --out "${outputDir}/compiled-templates.cjs"`,
                  `cp -R "${inputDir}/node_modules/govuk-frontend/dist" "${outputDir}/govuk-frontend-dist"`,
                ],
              },
            }
          : {}),
      },
    });
    // Lets the local runtime map this function back to its handler module.
    (this.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, props.handler.id);
  }
}
