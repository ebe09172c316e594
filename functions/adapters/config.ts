/**
 * Configuration from the environment, through one schema, read once per cold start (at the first use, so that
 * importing a module never throws). Each function is given only the variables it uses: infra/stack.ts sets them
 * where it grants the access they go with (the table, mail, starting runs) or, for plain settings, on the handlers
 * that read them. So a variable is required only when it is used: a missing one throws a ConfigurationError naming
 * it, and a malformed one (an address that is not one, say) names it and the rule at the first read.
 */
import * as z from 'zod/mini';
import { isProcessId, type ProcessId } from '../core/regulations';
import { resetOnNewContainer } from './container';

/** The deployment is misconfigured. Not an SccifError: callers of the API see a plain 500, operators see the log. */
export class ConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

export type StateMachineArns = Readonly<Partial<Record<ProcessId, string>>>;

const EmailAddress = z.email({ error: 'must be an email address' });

const AbsoluteUrl = z.pipe(
  z.string().check(z.refine((value) => URL.canParse(value), { error: 'must be an absolute URL' })),
  z.transform((value: string) => value.replace(/\/+$/, '')),
);

const ARN_MAP_RULE = 'must be a JSON object of process id to state machine ARN';

const StateMachineArnMap = z.pipe(
  z
    .pipe(
      z.pipe(
        z.string(),
        z.transform((text: string, context): unknown => {
          try {
            return JSON.parse(text);
          } catch {
            context.issues.push({ code: 'custom', message: 'is not valid JSON', input: text });
            return z.NEVER;
          }
        }),
      ),
      z.record(z.string(), z.string().check(z.regex(/^arn:[\w-]+:states:/, { error: ARN_MAP_RULE })), { error: ARN_MAP_RULE }),
    )
    .check((context) => {
      const unknown = Object.keys(context.value).filter((key) => !isProcessId(key));
      if (unknown.length > 0) context.issues.push({ code: 'custom', message: `names unknown processes: ${unknown.join(', ')}`, input: context.value });
    }),
  z.transform((arns: Record<string, string>) => Object.freeze(arns as Partial<Record<ProcessId, string>>) as StateMachineArns),
);

/** Every variable any function reads, with its rule. */
const Environment = z.object({
  TABLE_NAME: z.string(),
  MAIL_FROM: EmailAddress,
  /** SES configuration set whose events reach record-email-event; optional locally. */
  MAIL_CONFIGURATION_SET: z.optional(z.string()),
  /** Base URL of the web pages, for links in emails (a trailing slash is dropped). */
  APP_BASE_URL: AbsoluteUrl,
  DFE_EMAIL: EmailAddress,
  MANAGER_EMAIL: EmailAddress,
  SENIOR_MANAGER_EMAIL: EmailAddress,
  /** Social care compliance inspectors: they hold a family centre's case discussion (RFC framework §42-44). */
  COMPLIANCE_INSPECTORS_EMAIL: EmailAddress,
  /** State machine (alias) ARN per process id, as a JSON object. */
  STATE_MACHINE_ARNS: StateMachineArnMap,
  /**
   * SCCIF 15.3: "where there are a large number of placing authorities" the inspector agrees contact arrangements
   * with the manager: more placing authorities than this raises that approval (default 10).
   */
  CONTACT_ARRANGEMENTS_ABOVE: z._default(
    z.coerce.number({ error: 'must be a whole number' }).check(z.int({ error: 'must be a whole number' }), z.gte(1, { error: 'must be at least 1' })),
    10,
  ),
  /** SNS topic for operations notices: a channel that does not depend on SES. Optional: unset, notices are logged. */
  OPS_TOPIC_ARN: z.optional(z.string().check(z.regex(/^arn:[\w-]+:sns:[\w-]+:\d{12}:[\w-]+$/, { error: 'must be an SNS topic ARN' }))),
  /** EventBridge Scheduler: the group long clocks are created in, the role they start runs with, their DLQ. */
  SCHEDULE_GROUP: z.string().check(z.regex(/^[0-9a-zA-Z._-]{1,64}$/, { error: 'must be a schedule group name' })),
  SCHEDULER_ROLE_ARN: z.string().check(z.regex(/^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'must be an IAM role ARN' })),
  SCHEDULER_DLQ_ARN: z.string().check(z.regex(/^arn:[\w-]+:sqs:[\w-]+:\d{12}:[\w-]+$/, { error: 'must be an SQS queue ARN' })),
  /** The Cognito user pool whose `managers` group the daily digest goes to (set with the directory grant). */
  USER_POOL_ID: z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, { error: 'must be a Cognito user pool id' })),
  /** The OAuth 2.0 authorization server of the web sign-in: the Cognito user pool domain (managed login). */
  AUTH_BASE_URL: AbsoluteUrl,
  /** The ID tokens' issuer, whose `/.well-known/jwks.json` holds the signing keys (the user pool's). */
  AUTH_ISSUER: AbsoluteUrl,
  /** The web pages' app client (public: authorization code with PKCE, no secret). */
  AUTH_CLIENT_ID: z.string().check(z.regex(/^[\w-]{1,128}$/, { error: 'must be an app client id' })),
  /**
   * "1" in the local runtime only (infra/local/runtime.ts sets it; the stack never does): the web pages then trust
   * the local server's x-sccif-* headers (virtual clock, inbox). On AWS those headers are a client's and ignored.
   */
  LOCAL_RUNTIME: z.optional(z.literal('1', { error: 'must be "1" or unset' })),
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
  complianceInspectorsEmail: 'COMPLIANCE_INSPECTORS_EMAIL',
  stateMachineArns: 'STATE_MACHINE_ARNS',
  contactArrangementsAbove: 'CONTACT_ARRANGEMENTS_ABOVE',
  opsTopicArn: 'OPS_TOPIC_ARN',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
  userPoolId: 'USER_POOL_ID',
  authBaseUrl: 'AUTH_BASE_URL',
  authIssuer: 'AUTH_ISSUER',
  authClientId: 'AUTH_CLIENT_ID',
  localRuntime: 'LOCAL_RUNTIME',
} as const satisfies Record<string, VariableName>;

type Names = typeof NAMES;
export type Config = { readonly [K in keyof Names]: Variables[Names[K]] };

/** The variable behind each configuration value, e.g. for infra to check what a handler's code reads. */
export const VARIABLE_OF: Readonly<Record<keyof Config, VariableName>> = NAMES;

type Environment = Readonly<Record<string, string | undefined>>;

function message(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `environment variable ${String(issue.path[0])} ${issue.message}`).join('; ');
}

/** Builds a config over an environment; `config` below is the one over process.env. */
export function createConfig(env: Environment = process.env): Config {
  return configReader(env).config;
}

/** A config over an environment, and how to forget what it read (read again at the next use). */
function configReader(env: Environment): { config: Config; forget: () => void } {
  let read: Partial<Variables> | undefined;
  /** The variables that are set (empty counts as unset), parsed once; a failure is not kept. */
  const variables = (): Partial<Variables> => {
    if (read) return read;
    const set = Object.entries(env)
      .map(([name, value]) => [name, value?.trim()] as const)
      .filter(([name, value]) => name in Environment.shape && value !== undefined && value !== '');
    const parsed = z.partial(Environment).safeParse(Object.fromEntries(set));
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
  return {
    config: Object.freeze(config),
    forget: () => {
      read = undefined;
    },
  };
}

const processConfig = configReader(process.env);
resetOnNewContainer(processConfig.forget);

/** The configuration over process.env, read at the first use and kept for the container (see container.ts). */
export const config: Config = processConfig.config;
