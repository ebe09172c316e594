/**
 * CDK entry point (`cdk.json` → `npx tsx infra/app.ts`). `npx cdk synth` works offline; `npx cdk deploy` deploys.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app';

const app = buildApp(new App(), { repositoryRoot: fileURLToPath(new URL('..', import.meta.url)) });
// Synthesis fails on any unacknowledged AwsSolutions finding (acknowledgements and reasons: infra/nag.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
