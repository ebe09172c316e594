/**
 * Configuration from the environment, through one schema, read once per cold start (at the first use, so that
 * importing a module never throws). Each function is given only the variables it uses: infra/stack.ts sets them
 * where it grants the access they go with (the table, mail, starting runs) or, for plain settings, on the handlers
 * that read them. So a variable is required only when it is used: a missing one throws a ConfigurationError naming
 * it, and a malformed one (an address that is not one, say) names it and the rule at the first read.
 */
import * as z from 'zod';
import { isProcessId, type ProcessId } from '../core/regulations';

/** The deployment is misconfigured. Not an SccifError: callers of the API see a plain 500, operators see the log. */
export class ConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

export type StateMachineArns = Readonly<Partial<Record<ProcessId, string>>>;

const EmailAddress = z.email({ error: 'must be an email address' });

const AbsoluteUrl = z
  .string()
  .refine((value) => URL.canParse(value), { error: 'must be an absolute URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const ARN_MAP_RULE = 'must be a JSON object of process id to state machine ARN';

const StateMachineArnMap = z
  .string()
  .transform((text, context): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      context.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(z.string(), z.string().regex(/^arn:[\w-]+:states:/, { error: ARN_MAP_RULE }), { error: ARN_MAP_RULE }),
  )
  .check((context) => {
    const unknown = Object.keys(context.value).filter((key) => !isProcessId(key));
    if (unknown.length > 0) context.issues.push({ code: 'custom', message: `names unknown processes: ${unknown.join(', ')}`, input: context.value });
  })
  .transform((arns) => Object.freeze(arns as Partial<Record<ProcessId, string>>) as StateMachineArns);

/** Every variable any function reads, with its rule. */
const Environment = z.object({
  TABLE_NAME: z.string(),
  MAIL_FROM: EmailAddress,
  /** SES configuration set whose events reach record-email-event; optional locally. */
  MAIL_CONFIGURATION_SET: z.string().optional(),
  /** Base URL of the web pages, for links in emails (a trailing slash is dropped). */
  APP_BASE_URL: AbsoluteUrl,
  DFE_EMAIL: EmailAddress,
  MANAGER_EMAIL: EmailAddress,
  SENIOR_MANAGER_EMAIL: EmailAddress,
  /** State machine (alias) ARN per process id, as a JSON object. */
  STATE_MACHINE_ARNS: StateMachineArnMap,
});

export type VariableName = keyof z.input<typeof Environment>;
type Variables = z.output<typeof Environment>;

/** The configuration's names for the variables (what the code reads, `config.tableName`, is what infra sets). */
const NAMES = {
  tableName: 'TABLE_NAME',
  mailFrom: 'MAIL_FROM',
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  appBaseUrl: 'APP_BASE_URL',
  dfeEmail: 'DFE_EMAIL',
  managerEmail: 'MANAGER_EMAIL',
  seniorManagerEmail: 'SENIOR_MANAGER_EMAIL',
  stateMachineArns: 'STATE_MACHINE_ARNS',
} as const satisfies Record<string, VariableName>;

type Names = typeof NAMES;
export type Config = { readonly [K in keyof Names]: Variables[Names[K]] };

/** The variable behind each configuration value, e.g. for infra to check what a handler's code reads. */
export const VARIABLE_OF: Readonly<Record<keyof Config, VariableName>> = NAMES;

type Environment = Readonly<Record<string, string | undefined>>;

function message(error: z.ZodError): string {
  return error.issues.map((issue) => `environment variable ${String(issue.path[0])} ${issue.message}`).join('; ');
}

/** Builds a config over an environment; `config` below is the one over process.env. */
export function createConfig(env: Environment = process.env): Config {
  let read: Partial<Variables> | undefined;
  /** The variables that are set (empty counts as unset), parsed once; a failure is not kept. */
  const variables = (): Partial<Variables> => {
    if (read) return read;
    const set = Object.entries(env)
      .map(([name, value]) => [name, value?.trim()] as const)
      .filter(([name, value]) => name in Environment.shape && value !== undefined && value !== '');
    const parsed = Environment.partial().safeParse(Object.fromEntries(set));
    if (!parsed.success) throw new ConfigurationError(message(parsed.error), { cause: parsed.error });
    return (read = parsed.data);
  };
  const value = <K extends keyof Names>(key: K): Config[K] => {
    const name = NAMES[key];
    const found = variables()[name];
    if (found === undefined && !Environment.shape[name].safeParse(undefined).success) throw new ConfigurationError(`environment variable ${name} is not set`);
    return found as Config[K];
  };
  const config = {} as Config;
  for (const key of Object.keys(NAMES) as (keyof Names)[]) {
    Object.defineProperty(config, key, { enumerable: true, get: () => value(key) });
  }
  return Object.freeze(config);
}

export const config: Config = createConfig();
