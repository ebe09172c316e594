import type { App } from 'aws-cdk-lib';
import { acknowledgeNagFindings } from './nag';
import { deploymentRegion } from './region';
import { DEFAULT_SETTINGS } from './settings';
import { SccifStack, type SccifSettings } from './stack';

export { DEFAULT_SETTINGS } from './settings';

/**
 * The settings that say where mail goes or where people are sent: each must be given, and real, outside the local
 * runtime. The others (a count, a domain prefix) have defaults that are fine anywhere.
 */
const ADDRESS_SETTINGS = ['mailFrom', 'appBaseUrl', 'dfeEmail', 'managerEmail', 'seniorManagerEmail', 'complianceInspectorsEmail', 'opsEmail'] as const satisfies readonly (keyof SccifSettings)[];

/** The documentation domains (RFC 2606): an address or URL there reaches nobody. */
const PLACEHOLDER_DOMAIN = /(^|\.)example\.(org|com|net)$/i;

function domainOf(name: keyof SccifSettings, value: string): string {
  if (name === 'appBaseUrl') return URL.canParse(value) ? new URL(value).hostname : '';
  return /^[^@\s]+@([^@\s]+)$/.exec(value)?.[1] ?? '';
}

/**
 * The settings that are missing, malformed or placeholders (example.org/.com/.net), each with the `-c` to set: a
 * deployment without them would send DfE and manager mail to nobody.
 */
export function unusableSettings(given: Partial<Record<keyof SccifSettings, unknown>>): string[] {
  return ADDRESS_SETTINGS.flatMap((name) => {
    const value = given[name];
    if (typeof value !== 'string' || value.trim() === '') return [`${name} (missing: -c ${name}=...)`];
    const domain = domainOf(name, value);
    if (domain === '') return [`${name} ("${value}" is not ${name === 'appBaseUrl' ? 'an absolute URL' : 'an email address'})`];
    if (PLACEHOLDER_DOMAIN.test(domain)) return [`${name} ("${value}" is a placeholder address)`];
    return [];
  });
}

export class SettingsError extends Error {
  constructor(problems: readonly string[]) {
    super(
      `cannot synthesize for AWS: set real values for ${problems.length === 1 ? 'this setting' : 'these settings'} ` +
        `(cdk deploy -c name=value): ${problems.join('; ')}`,
    );
    this.name = 'SettingsError';
  }
}

/**
 * Adds the SCCIF stack to an app: used by infra/app.ts, the tests and the local runtime alike. Outside the local
 * runtime (and tests: `placeholders: 'allowed'`) every setting must be given and real, or synthesis stops with one
 * message listing them all.
 */
export function buildApp(app: App, options: { repositoryRoot: string; placeholders?: 'allowed' | 'refused' }): App {
  const given = Object.fromEntries(
    (Object.keys(DEFAULT_SETTINGS) as (keyof SccifSettings)[]).map((name) => [name, app.node.tryGetContext(name) as unknown]),
  ) as Partial<Record<keyof SccifSettings, unknown>>;
  if ((options.placeholders ?? 'refused') === 'refused') {
    const problems = unusableSettings(given);
    if (problems.length > 0) throw new SettingsError(problems);
  }
  const settings = Object.fromEntries(
    (Object.keys(DEFAULT_SETTINGS) as (keyof SccifSettings)[]).map((name) => {
      const value = given[name];
      return [name, typeof value === 'string' && value.length > 0 ? value : DEFAULT_SETTINGS[name]];
    }),
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
