/**
 * CDK entry point (`cdk.json` → `npx tsx infra/app.ts`). `npx cdk synth` works offline; `npx cdk deploy` deploys.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app';
import { NonUkRegionError } from './region';

let app: App;
try {
  app = buildApp(new App(), { repositoryRoot: fileURLToPath(new URL('..', import.meta.url)) });
} catch (error) {
  // One clear line, not a stack trace: the region is a choice the person deploying has to make.
  if (!(error instanceof NonUkRegionError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Synthesis fails on any unacknowledged finding of these packs (acknowledgements and reasons: infra/nag.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new ServerlessChecks(app));
app.synth();
