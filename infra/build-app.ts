import type { App } from 'aws-cdk-lib';
import { acknowledgeNagFindings } from './nag';
import { deploymentRegion } from './region';
import { SccifStack, type SccifSettings } from './stack';

/** Placeholders for synthesis; a deployment sets real values with `-c mailFrom=...` etc. */
export const DEFAULT_SETTINGS: SccifSettings = {
  mailFrom: 'sccif-workflows@notifications.example.org',
  appBaseUrl: 'https://sccif-workflows.example.org',
  dfeEmail: 'secure-homes@dfe.example.org',
  managerEmail: 'regulatory-inspection-managers@ofsted.example.org',
  seniorManagerEmail: 'senior-hmi@ofsted.example.org',
  opsEmail: 'sccif-operations@ofsted.example.org',
};

function setting(app: App, name: keyof SccifSettings): string {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.length > 0 ? value : DEFAULT_SETTINGS[name];
}

/** Adds the SCCIF stack to an app: used by infra/app.ts, the tests and the local runtime alike. */
export function buildApp(app: App, options: { repositoryRoot: string }): App {
  const settings = Object.fromEntries(
    (Object.keys(DEFAULT_SETTINGS) as (keyof SccifSettings)[]).map((name) => [name, setting(app, name)]),
  ) as unknown as SccifSettings;
  const stack = new SccifStack(app, 'SccifWorkflows', {
    settings,
    repositoryRoot: options.repositoryRoot,
    // The account is the CLI's; the region is ours to choose (infra/region.ts): children's data stays in the UK.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: deploymentRegion(app) },
  });
  acknowledgeNagFindings(stack);
  return app;
}
