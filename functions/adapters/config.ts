/**
 * Configuration from the environment (set by infra/stack.ts next to the grants that need it).
 *
 * Each value is read lazily the first time it is used and memoised; a missing or malformed variable throws a
 * ConfigurationError naming the variable, so a misconfigured function fails at its first invocation with a message
 * an operator can act on. Only successful reads are memoised: fixing the environment fixes the next call.
 */
import { z } from 'zod';
import { isProcessId, type ProcessId } from '../core/regulations';

/** The deployment is misconfigured. Not an SccifError: callers of the API see a plain 500, operators see the log. */
export class ConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

export type StateMachineArns = Readonly<Partial<Record<ProcessId, string>>>;

export interface Config {
  readonly tableName: string;
  readonly mailFrom: string;
  /** SES configuration set whose events reach record-email-event; optional locally. */
  readonly mailConfigurationSet: string | undefined;
  readonly appBaseUrl: string;
  readonly dfeEmail: string;
  readonly managerEmail: string;
  readonly seniorManagerEmail: string;
  /** State machine (alias) ARN per process id, from the JSON object in STATE_MACHINE_ARNS. */
  readonly stateMachineArns: StateMachineArns;
}

type Environment = Readonly<Record<string, string | undefined>>;

const EmailAddress = z.email();
const StateMachineArnMap = z.record(z.string(), z.string().regex(/^arn:[\w-]+:states:/));

function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function required(env: Environment, name: string): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

function email(env: Environment, name: string): string {
  const value = required(env, name);
  if (!EmailAddress.safeParse(value).success) {
    throw new ConfigurationError(`environment variable ${name} must be an email address`);
  }
  return value;
}

function url(env: Environment, name: string): string {
  const value = required(env, name);
  if (!URL.canParse(value)) throw new ConfigurationError(`environment variable ${name} must be an absolute URL`);
  return value.replace(/\/+$/, '');
}

function stateMachineArns(env: Environment, name: string): StateMachineArns {
  const text = required(env, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`environment variable ${name} is not valid JSON`, { cause: error });
  }
  const parsed = StateMachineArnMap.safeParse(json);
  if (!parsed.success) {
    throw new ConfigurationError(`environment variable ${name} must be a JSON object of process id to state machine ARN`);
  }
  const unknown = Object.keys(parsed.data).filter((key) => !isProcessId(key));
  if (unknown.length > 0) {
    throw new ConfigurationError(`environment variable ${name} names unknown processes: ${unknown.join(', ')}`);
  }
  return Object.freeze(parsed.data as Partial<Record<ProcessId, string>>);
}

/** Builds a config over an environment; `config` below is the one over process.env. */
export function createConfig(env: Environment = process.env): Config {
  const memo = new Map<keyof Config, unknown>();
  const lazy = <K extends keyof Config>(key: K, load: () => Config[K]): Config[K] => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Config[K];
  };
  return {
    get tableName() {
      return lazy('tableName', () => required(env, 'TABLE_NAME'));
    },
    get mailFrom() {
      return lazy('mailFrom', () => email(env, 'MAIL_FROM'));
    },
    get mailConfigurationSet() {
      return lazy('mailConfigurationSet', () => read(env, 'MAIL_CONFIGURATION_SET'));
    },
    get appBaseUrl() {
      return lazy('appBaseUrl', () => url(env, 'APP_BASE_URL'));
    },
    get dfeEmail() {
      return lazy('dfeEmail', () => email(env, 'DFE_EMAIL'));
    },
    get managerEmail() {
      return lazy('managerEmail', () => email(env, 'MANAGER_EMAIL'));
    },
    get seniorManagerEmail() {
      return lazy('seniorManagerEmail', () => email(env, 'SENIOR_MANAGER_EMAIL'));
    },
    get stateMachineArns() {
      return lazy('stateMachineArns', () => stateMachineArns(env, 'STATE_MACHINE_ARNS'));
    },
  };
}

export const config: Config = createConfig();
