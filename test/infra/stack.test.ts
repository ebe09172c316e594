import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VARIABLE_OF, type Config } from '../../functions/adapters/config';
import { buildApp, unusableSettings } from '../../infra/build-app';
import { RATE_LIMIT_PER_5_MINUTES } from '../../infra/constructs/api';
import { HANDLERS, handlerEntry, isWebHandler, routePaths, type HandlerDefinition } from '../../functions/handlers';
import { LONG_CLOCK_PROCESSES, SETTING_READERS } from '../../infra/stack';
import { NonUkRegionError } from '../../infra/region';
import { LONGEST_RUN_DAYS } from '../../functions/core/long-clocks';
import { SES_BOUNCE_RATE_ALARM, SES_COMPLAINT_RATE_ALARM } from '../../infra/constructs/operations';
import { localStateMachines, type CfnTemplate } from '../../infra/local/template';
import { loadTemplate } from '../../infra/local/template-cache';
import { nagReport } from '../../infra/nag';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

type AjvLike = { addKeyword(definition: unknown): AjvLike; getKeyword(name: string): unknown };
/**
 * asl-validator builds a new ajv, with its 15 schemas and their formats, on every call and compiles the schema of
 * a state machine again: ~0.4 s a machine, most of the ASL test. Within this file its ajv is built once (the schemas
 * and formats are the same for every call; adding ajv-formats' keywords again is skipped, as ajv refuses a keyword
 * twice): same results, same messages (checked with valid and broken definitions, with and without this).
 * It is built without ajv's code optimization (`code.optimize: false`), which only simplifies the generated
 * validator: ~0.3 s less to compile, the same results and messages (checked on six valid and broken definitions).
 */
function sharedAjvFor(validatorPath: string): () => void {
  const ajv = createRequire(validatorPath)('ajv') as { default: new (...args: unknown[]) => AjvLike };
  const original = ajv.default;
  let shared: AjvLike | undefined;
  ajv.default = new Proxy(original, {
    construct(target, args) {
      if (shared) return shared;
      const [options, ...rest] = args as [Record<string, any> | undefined, ...unknown[]];
      const instance = Reflect.construct(target, [{ ...options, code: { ...options?.code, optimize: false } }, ...rest]) as AjvLike;
      const addKeyword = instance.addKeyword.bind(instance);
      instance.addKeyword = (definition) => {
        const names = [typeof definition === 'string' ? definition : (definition as { keyword: string | string[] }).keyword].flat();
        return names.every((name) => instance.getKeyword(name)) ? instance : addKeyword(definition);
      };
      return (shared = instance);
    },
  });
  // The next file in this worker (vitest.config.ts: not isolated) gets ajv as it was.
  return () => {
    ajv.default = original;
  };
}
afterAll(sharedAjvFor(require.resolve('asl-validator')));
const validateAsl = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

type State = Record<string, unknown> & { Type: string };

function allStates(definition: Record<string, unknown>): [string, State][] {
  const found: [string, State][] = [];
  const visit = (states: Record<string, State>) => {
    for (const [name, state] of Object.entries(states)) {
      found.push([name, state]);
      for (const branch of (state.Branches as { States: Record<string, State> }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(definition.States as Record<string, State>);
  return found;
}

let app: App;
let template: Template;
let machines: ReturnType<typeof localStateMachines>;
/** The commands started while the app below was synthesized. */
let spawnedBySynthesis: string[] = [];

// The app as the local runtime synthesizes it (infra/local/synthesize.ts): the same context and options.
beforeAll(() => {
  // CDK calls child_process's spawnSync through the module object (CommonJS), so a spy on that object sees its calls.
  const spawnSync = vi.spyOn(require('node:child_process') as typeof import('node:child_process'), 'spawnSync');
  try {
    app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }), {
      repositoryRoot,
      placeholders: 'allowed',
    });
    spawnedBySynthesis = spawnSync.mock.calls.map(([command]) => String(command));
  } finally {
    spawnSync.mockRestore();
  }
  const stack = app.node.findChild('SccifWorkflows');
  template = Template.fromStack(stack as never, { skipCyclicalDependenciesCheck: false });
  machines = localStateMachines(template.toJSON() as CfnTemplate);
}, 60_000);

describe('the local runtime’s template cache (infra/local/template-cache.ts)', () => {
  // Here rather than in template-cache.test.ts: this file's synthesis is the one to compare with (a synthesis is ~2.5 s).
  it('gives back, from the cache, the template a synthesis of the current sources gives', async () => {
    await loadTemplate(repositoryRoot);
    const { template: cachedTemplate, cached } = await loadTemplate(repositoryRoot);
    expect(cached).toBe(true);
    expect(cachedTemplate).toEqual(JSON.parse(JSON.stringify(template.toJSON())));
  }, 120_000);
});

describe('synthesis', () => {
  it('starts no process: CDK does not look for a TypeScript compiler once per function (infra/constructs/function.ts)', () => {
    expect(spawnedBySynthesis).toEqual([]);
  });

  it('stays a Lambda short of CloudFormation’s 500 resources a stack (each Lambda brings ~9: role, policy, logs, alarms, route)', () => {
    // 477 on 2026-12-01 (504 before the test-invoke permissions went; 12 fewer since a state machine has one alarm, not three): past 490, split the stack or drop resources first.
    const count = Object.keys(template.toJSON().Resources as object).length;
    console.info(`the stack has ${count} resources (CloudFormation allows 500)`);
    expect(count).toBeLessThanOrEqual(490);
  });
});

describe('the inspection table', () => {
  it('keeps point-in-time recovery, deletion protection and a customer-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('rotates its key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('the functions', () => {
  it('builds one function per handler: Node.js 22 on ARM64 with tracing', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': Match.anyValue() } });
    expect(Object.keys(functions)).toHaveLength(HANDLERS.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });
});

/**
 * The stack built with -c opsEmail and -c appBaseUrl set, for the tests of each: two settings that touch different
 * resources (the operations topic's subscription, the app client's URLs), so one stack serves both. It is built while
 * the CLI's CDK_DEFAULT_REGION says us-east-1, for the region test (the stack deploys to London all the same).
 *
 * Not synthesized: the tests read the resources they are about, each resolved as synthesis writes it into the
 * template (`_toCloudFormation`, then the stack's token resolution). How those resources reach the template is
 * checked on this file's synthesized template; a second synthesis of the whole stack cost ~1.5 s of CPU.
 */
let withSettings: Stack | undefined;
function stackWithSettings(): Stack {
  if (withSettings) return withSettings;
  const saved = process.env.CDK_DEFAULT_REGION;
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  try {
    withSettings = buildApp(
      new App({
        context: {
          'aws:cdk:bundling-stacks': [],
          opsEmail: 'duty-ops@ofsted.example.org',
          appBaseUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com/v1/',
        },
        builtinCloudFormationValidation: false,
      }),
      { repositoryRoot, placeholders: 'allowed' },
    ).node.findChild('SccifWorkflows') as Stack;
  } finally {
    if (saved === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = saved;
  }
  return withSettings;
}

/** The template entries (Type, Properties, ...) of the stack's resources of one type, resolved as synthesis writes them. */
function resolvedResources(stack: Stack, type: string): Record<string, any>[] {
  return stack.node
    .findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct) && construct.cfnResourceType === type)
    .flatMap((resource) => {
      const rendered = stack.resolve((resource as unknown as { _toCloudFormation(): object })._toCloudFormation()) as { Resources: Record<string, object> };
      return Object.values(rendered.Resources);
    });
}

/** The names of the variables a handler's function is given (NODE_OPTIONS aside). */
function variablesOf(handlerId: string): string[] {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': handlerId } }));
  const variables = (fn?.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
  return Object.keys(variables)
    .filter((name) => name !== 'NODE_OPTIONS')
    .sort();
}

/**
 * The variables each handler's code may read: every `config.<value>` in the files of ours its bundle is built from
 * (esbuild's metafile). An over-estimate where a module serves several handlers (the workflow client starts runs
 * and answers waits), never an under-estimate.
 */
async function variablesReadByCode(): Promise<Map<string, Set<string>>> {
  const result = await build({
    absWorkingDir: repositoryRoot,
    entryPoints: HANDLERS.map((handler) => handlerEntry(handler)),
    outdir: 'unused',
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  const reads = new Map<string, Set<string>>();
  for (const output of Object.values(result.metafile.outputs)) {
    const handler = HANDLERS.find((candidate) => handlerEntry(candidate) === output.entryPoint);
    if (!handler) continue;
    const variables = new Set<string>();
    for (const input of Object.keys(output.inputs)) {
      if (!input.startsWith('functions/') || input === 'functions/adapters/config.ts') continue;
      for (const [, key] of readFileSync(path.join(repositoryRoot, input), 'utf8').matchAll(/\bconfig\.(\w+)/g)) {
        const variable = VARIABLE_OF[key as keyof Config];
        if (variable) variables.add(variable);
      }
    }
    reads.set(handler.id, variables);
  }
  return reads;
}

describe('the functions’ environment: each gets only what it uses, set where its access is granted', () => {
  const handlers = HANDLERS as readonly HandlerDefinition[];
  const granted = (handler: HandlerDefinition, ...access: HandlerDefinition['access'][number][]) =>
    handler.access.some((what) => access.includes(what));

  it('gives a read-only function its table name and nothing else', () => {
    expect(variablesOf('list-inspections')).toEqual(['TABLE_NAME']);
    expect(variablesOf('measure-time-left')).toEqual(['TABLE_NAME']);
  });

  it('gives the sender and configuration set only to the functions granted sending, and to all of them', () => {
    for (const handler of handlers) {
      const variables = variablesOf(handler.id);
      const mail = granted(handler, 'mail');
      expect(variables.includes('MAIL_FROM'), handler.id).toBe(mail);
      expect(variables.includes('MAIL_CONFIGURATION_SET'), handler.id).toBe(mail);
    }
    expect(variablesOf('list-approvals')).not.toContain('MAIL_FROM');
  });

  it('gives the table name with a table grant, and the state machines with the StartExecution or stop-runs grant', () => {
    for (const handler of handlers) {
      expect(variablesOf(handler.id).includes('TABLE_NAME'), handler.id).toBe(granted(handler, 'table-read', 'table-write'));
      expect(variablesOf(handler.id).includes('STATE_MACHINE_ARNS'), handler.id).toBe(granted(handler, 'start-execution', 'stop-runs'));
    }
    expect(variablesOf('decide-approval')).not.toContain('STATE_MACHINE_ARNS');
  });

  it('gives the DfE and managers’ addresses and the base URL only to the handlers that email them', () => {
    expect(variablesOf('inform-dfe')).toEqual(['DFE_EMAIL', 'MAIL_CONFIGURATION_SET', 'MAIL_FROM', 'TABLE_NAME']);
    expect(variablesOf('escalate-overdue')).toEqual([
      'APP_BASE_URL',
      // The family centre's case discussion, overdue, is escalated to the compliance inspectors who decide it.
      'COMPLIANCE_INSPECTORS_EMAIL',
      'MAIL_CONFIGURATION_SET',
      'MAIL_FROM',
      'MANAGER_EMAIL',
      'SENIOR_MANAGER_EMAIL',
      'TABLE_NAME',
    ]);
    expect(variablesOf('send-provider-letter')).toEqual(['MAIL_CONFIGURATION_SET', 'MAIL_FROM', 'TABLE_NAME']);
    // The web pages send mail since a manager's amendment of judgements may withdraw alerts (issue 10, item 4), and
    // sign browsers in themselves (their own URL, the managed login's domain, the token issuer, the app client).
    expect(variablesOf('web')).toEqual([
      'APP_BASE_URL',
      'AUTH_BASE_URL',
      'AUTH_CLIENT_ID',
      'AUTH_ISSUER',
      'MAIL_CONFIGURATION_SET',
      'MAIL_FROM',
      'STATE_MACHINE_ARNS',
      'TABLE_NAME',
    ]);
    // The other areas' pages send no mail and start no run: they sign in and read and write the table.
    for (const id of ['web-approvals', 'web-register', 'web-api-reference']) {
      expect(variablesOf(id), id).toEqual(['APP_BASE_URL', 'AUTH_BASE_URL', 'AUTH_CLIENT_ID', 'AUTH_ISSUER', 'TABLE_NAME']);
    }
  });

  it('matches what each handler’s code reads: no variable it cannot use, and every setting it reads', async () => {
    const reads = await variablesReadByCode();
    expect([...reads.keys()].sort()).toEqual(handlers.map((handler) => handler.id).sort());
    const settings = new Set<string>(Object.keys(SETTING_READERS).map((setting) => VARIABLE_OF[setting as keyof Config]));
    for (const handler of handlers) {
      const read = reads.get(handler.id)!;
      const given = variablesOf(handler.id);
      expect(given.filter((variable) => !read.has(variable)), `${handler.id} is given but never reads`).toEqual([]);
      const settingsRead = [...read].filter((variable) => settings.has(variable));
      expect(settingsRead.filter((variable) => !given.includes(variable)), `${handler.id} reads but is not given`).toEqual([]);
    }
  }, 30_000);
});

describe('the state machines', () => {
  it('are Standard, logged, traced and encrypted with the customer-managed key', () => {
    const resources = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(resources)).toHaveLength(6);
    for (const resource of Object.values(resources)) {
      expect(resource.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
        EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY' },
      });
    }
  });

  it('are each published as a version behind the live alias', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachineVersion', 6);
    template.resourceCountIs('AWS::StepFunctions::StateMachineAlias', 6);
    template.allResourcesProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      RoutingConfiguration: [Match.objectLike({ Weight: 100 })],
    });
  });

  it('resolve to ASL that asl-validator accepts', () => {
    for (const machine of machines) {
      const { isValid, errors } = validateAsl(machine.definition);
      expect({ machine: machine.name, errors }).toEqual({ machine: machine.name, errors: [] });
      expect(isValid).toBe(true);
    }
  });

  it('give every Task a jittered retry and a catch (its own, or its Parallel’s: a Catch may not leave a branch)', () => {
    const caught = (states: Record<string, State>, parallelCatches: boolean, machine: string) => {
      for (const [name, state] of Object.entries(states)) {
        const catches = (state.Catch as { ErrorEquals: string[] }[] | undefined) ?? [];
        const catchesAll = catches.some((c) => c.ErrorEquals.includes('States.ALL'));
        if (state.Type === 'Parallel') {
          // A Parallel inside a branch is covered by the Parallel around it (a Catch may not leave a branch).
          expect(catchesAll || parallelCatches, `${machine} › ${name} has no Catch of States.ALL`).toBe(true);
          for (const branch of state.Branches as { States: Record<string, State> }[]) caught(branch.States, true, machine);
        }
        if (state.Type !== 'Task') continue;
        const retries = (state.Retry as { JitterStrategy?: string }[] | undefined) ?? [];
        expect({ state: `${machine} › ${name}`, jittered: retries.some((retry) => retry.JitterStrategy === 'FULL') }).toEqual({
          state: `${machine} › ${name}`,
          jittered: true,
        });
        expect(catchesAll || parallelCatches, `${machine} › ${name} has no Catch`).toBe(true);
      }
    };
    for (const machine of machines) caught(machine.definition.States as Record<string, State>, false, machine.name);
  });

  it('give every approval and outcome wait a timeout at its statutory deadline, escalating on timeout', () => {
    let waits = 0;
    for (const machine of machines) {
      for (const [name, state] of allStates(machine.definition)) {
        if (state.Type !== 'Task' || !String(state.Resource).endsWith('.waitForTaskToken')) continue;
        waits += 1;
        expect(state.TimeoutSecondsPath ?? state.TimeoutSeconds, `${machine.name} › ${name}`).toBeDefined();
        const onTimeout = (state.Catch as { ErrorEquals: string[]; Next: string }[]).find((c) => c.ErrorEquals.includes('States.Timeout'));
        expect(onTimeout?.Next, `${machine.name} › ${name}`).toMatch(/^Escalate overdue/);
      }
    }
    expect(waits).toBeGreaterThanOrEqual(8);
  });

  it('give every task that waits for a child run an explicit timeout (the local engine would stop it after 60 s)', () => {
    let syncTasks = 0;
    for (const machine of machines) {
      for (const [name, state] of allStates(machine.definition)) {
        if (state.Type !== 'Task' || !String(state.Resource).includes('.sync')) continue;
        syncTasks += 1;
        expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, `${machine.name} › ${name}`).toBeDefined();
      }
    }
    expect(syncTasks).toBeGreaterThan(0);
  });

  it('are named in handler settings and IAM by ARNs of the form …:stateMachine:<name>', () => {
    const environment = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'log-inspection' } }))[0]
      ?.Properties.Environment.Variables.STATE_MACHINE_ARNS;
    const text = JSON.stringify(environment);
    expect(text).toContain(':stateMachine:sccif-inadequate:live');
    expect(text).not.toContain('stateMachine/');
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('stateMachine/');
  });

  it('use JSONPath only: no JSONata, no variables, no $$.State', () => {
    for (const machine of machines) {
      const text = JSON.stringify(machine.definition);
      expect(text).not.toMatch(/JSONata|"Assign"|\$\$\.State|\{%/);
    }
  });
});

/** The alarms whose metric is `metricName` (in `namespace`), with their dimensions. */
function alarmsOn(namespace: string, metricName: string): Record<string, any>[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: namespace, MetricName: metricName } }));
}

const YEAR_SECONDS = LONGEST_RUN_DAYS * 86_400;

describe('operations: one encrypted topic, alarms on everything that can fail, and the run-status rule', () => {
  const topicRef = () => ({ Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] });

  it('has one operations topic, KMS-encrypted, TLS only, subscribed by the -c opsEmail address with a dead-letter queue', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'sccif-operations@ofsted.example.org',
      TopicArn: topicRef(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('takes the subscription from -c opsEmail', () => {
    expect(resolvedResources(stackWithSettings(), 'AWS::SNS::Subscription')).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ Protocol: 'email', Endpoint: 'duty-ops@ofsted.example.org' }) }),
    ]);
  }, 60_000);

  it('lets CloudWatch use the topic’s key, from this account only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('alarms on every state machine’s failed, timed-out and aborted runs: one alarm a machine, on their sum', () => {
    const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
    const mathAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) => alarm.Properties.Metrics !== undefined);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      const watched = mathAlarms.flatMap((alarm) =>
        (alarm.Properties.Metrics as any[]).flatMap((query) =>
          query.MetricStat?.Metric.Namespace === 'AWS/States' && query.MetricStat.Metric.MetricName === metric ? [query.MetricStat.Metric.Dimensions[0].Value.Ref as string] : [],
        ),
      );
      expect(watched.sort(), metric).toEqual([...machines].sort());
    }
    for (const alarm of mathAlarms) {
      // The alarm is on the expression (the sum), the three metrics only feed it; any one run not succeeding alarms.
      const returned = (alarm.Properties.Metrics as any[]).filter((query) => query.ReturnData !== false);
      expect(returned).toEqual([expect.objectContaining({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)' })]);
      expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
  });

  it('alarms on every function’s errors', () => {
    const functions = Object.keys(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': Match.anyValue() } }));
    const watched = alarmsOn('AWS/Lambda', 'Errors').map((alarm) => alarm.Properties.Dimensions[0].Value.Ref as string);
    expect(watched.sort()).toEqual(functions.sort());
  });

  it('alarms on every dead-letter queue as soon as one message is in it', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(6);
    const alarms = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(alarms.map((alarm) => alarm.Properties.Dimensions[0].Value['Fn::GetAtt'][0] as string).sort()).toEqual(queues.sort());
    for (const alarm of alarms) expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms on SES bounce and complaint rates before AWS reviews the account (5 %, 0.1 %)', () => {
    expect(alarmsOn('AWS/SES', 'Reputation.BounceRate').map((alarm) => alarm.Properties.Threshold)).toEqual([SES_BOUNCE_RATE_ALARM]);
    expect(alarmsOn('AWS/SES', 'Reputation.ComplaintRate').map((alarm) => alarm.Properties.Threshold)).toEqual([SES_COMPLAINT_RATE_ALARM]);
    expect(SES_BOUNCE_RATE_ALARM).toBeLessThan(0.05);
    expect(SES_COMPLAINT_RATE_ALARM).toBeLessThan(0.001);
  });

  it('sends every alarm to the operations topic, and only there', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(40);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([topicRef()]);
  });

  it('routes failed, timed-out and aborted runs of our state machines to record-run-failure, with a dead-letter queue', () => {
    const [fn] = Object.keys(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'record-run-failure' } }));
    const rules = Object.values(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.states'] } } }));
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties;
    expect(rule.EventPattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect(rule.EventPattern.detail.status).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(JSON.stringify(rule.EventPattern.detail.stateMachineArn)).toMatch(/stateMachine:sccif-rfc-inspection"/);
    expect(rule.EventPattern.detail.stateMachineArn).toHaveLength(6);
    expect(rule.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, DeadLetterConfig: { Arn: expect.anything() }, RetryPolicy: expect.anything() }),
    ]);
  });

  it('gives record-run-failure and record-email-event an on-failure destination (SQS) after Lambda’s retries', () => {
    for (const handlerId of ['record-run-failure', 'record-email-event']) {
      const [fn] = Object.keys(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': handlerId } }));
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fn },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      });
    }
  });

  it('gives OPS_TOPIC_ARN, with the publish grant, only to the functions granted operations notices', () => {
    for (const handler of HANDLERS as readonly HandlerDefinition[]) {
      expect(variablesOf(handler.id).includes('OPS_TOPIC_ARN'), handler.id).toBe(handler.access.some((what) => what === 'operations-notice'));
    }
    expect(variablesOf('record-run-failure')).toEqual(['OPS_TOPIC_ARN', 'TABLE_NAME']);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: topicRef() })]) },
    });
  });
});

describe('the dead-letter queues', () => {
  it('are retained, TLS only and encrypted with the customer-managed key', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.DeletionPolicy, id).toBe('Retain');
      expect(queue.Properties.KmsMasterKeyId, id).toBeDefined();
    }
    for (const policy of Object.values(template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    }
  });

  it('have a key that lets EventBridge (this account’s rules) and SNS (the operations topic) write to them', () => {
    const statements = Object.values(template.findResources('AWS::KMS::Key')).flatMap((key) => key.Properties.KeyPolicy.Statement as Record<string, any>[]);
    const forService = (service: string) => statements.find((statement) => statement.Principal?.Service === service);
    expect(forService('events.amazonaws.com')).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() }, ArnLike: { 'aws:SourceArn': expect.anything() } },
    });
    expect(JSON.stringify(forService('events.amazonaws.com')!.Condition.ArnLike)).toContain(':rule/*');
    expect(forService('sns.amazonaws.com')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { ArnLike: { 'aws:SourceArn': { Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] } } },
    });
    // The queues EventBridge writes to are encrypted with that key.
    const keyOf = (statement: Record<string, any>) =>
      Object.entries(template.findResources('AWS::KMS::Key')).find(([, key]) => (key.Properties.KeyPolicy.Statement as unknown[]).includes(statement))?.[0];
    const eventsKey = keyOf(forService('events.amazonaws.com')!);
    for (const rule of Object.values(template.findResources('AWS::Events::Rule'))) {
      const queueId = rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      expect(template.toJSON().Resources[queueId].Properties.KmsMasterKeyId, queueId).toEqual({ 'Fn::GetAtt': [eventsKey, 'Arn'] });
    }
  });
});

describe('every dead-letter queue can be written by what sends to it', () => {
  const resources = () => template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const queueKey = (queueId: string) => resources()[queueId]!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
  const statementsOfRole = (roleId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
  const actionsOf = (statement: Record<string, any>) => [statement.Action].flat() as string[];
  /** The role may send to the queue and encrypt with its key (a role's grant: the key policy lets the account's IAM decide). */
  const expectRoleWrites = (roleId: string, queueId: string) => {
    const statements = statementsOfRole(roleId);
    const names = (statement: Record<string, any>) => JSON.stringify(statement.Resource);
    expect(statements.some((statement) => actionsOf(statement).includes('sqs:SendMessage') && names(statement).includes(queueId)), `${roleId} → ${queueId}`).toBe(true);
    expect(
      statements.some((statement) => actionsOf(statement).some((action) => action.startsWith('kms:GenerateDataKey')) && names(statement).includes(queueKey(queueId))),
      `${roleId} encrypts for ${queueId}`,
    ).toBe(true);
  };

  it('Lambda’s on-failure destinations: the function’s role sends to the queue and uses its key', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) {
      const fn = resources()[config.Properties.FunctionName.Ref as string]!;
      const queueId = config.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
      expectRoleWrites(fn.Properties.Role['Fn::GetAtt'][0] as string, queueId);
    }
  });

  it('EventBridge Scheduler’s dead-letter queue: the schedules’ role sends to it and uses its key', () => {
    const [roleId] = Object.keys(
      template.findResources('AWS::IAM::Role', {
        Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
      }),
    );
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'start-later' } }));
    const queueId = fn!.Properties.Environment.Variables.SCHEDULER_DLQ_ARN['Fn::GetAtt'][0] as string;
    expectRoleWrites(roleId!, queueId);
  });

  it('EventBridge rules’ and the operations subscription’s queues: the queue policy lets the service send, and the key policy lets it encrypt', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const allowedTo = (queueId: string, service: string) =>
      policies.some(
        (policy) =>
          JSON.stringify(policy.Properties.Queues).includes(queueId) &&
          (policy.Properties.PolicyDocument.Statement as Record<string, any>[]).some(
            (statement) => statement.Effect === 'Allow' && statement.Principal?.Service === service && actionsOf(statement).includes('sqs:SendMessage'),
          ),
      );
    for (const rule of Object.values(template.findResources('AWS::Events::Rule'))) {
      const queueId = rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      expect(allowedTo(queueId, 'events.amazonaws.com'), queueId).toBe(true);
    }
    const [subscription] = Object.values(template.findResources('AWS::SNS::Subscription'));
    const queueId = subscription!.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
    expect(allowedTo(queueId, 'sns.amazonaws.com'), queueId).toBe(true);
    const keyStatements = resources()[queueKey(queueId)]!.Properties.KeyPolicy.Statement as Record<string, any>[];
    expect(keyStatements.some((statement) => statement.Principal?.Service === 'sns.amazonaws.com')).toBe(true);
  });
});

describe('long clocks: no run waits past AWS’s one-year limit', () => {
  it('declares no state machine timeout, task timeout or fixed wait longer than a year', () => {
    for (const machine of machines) {
      expect(machine.definition.TimeoutSeconds, machine.name).toBeLessThanOrEqual(YEAR_SECONDS);
      for (const [name, state] of allStates(machine.definition)) {
        for (const field of ['TimeoutSeconds', 'Seconds'] as const) {
          if (typeof state[field] === 'number') expect(state[field], `${machine.name} › ${name}`).toBeLessThanOrEqual(YEAR_SECONDS);
        }
      }
    }
    // The longest declared timeout is the limit itself: 365 days (it was 400, which AWS does not honour).
    expect(Math.max(...machines.map((machine) => Number(machine.definition.TimeoutSeconds)))).toBe(YEAR_SECONDS);
  });

  it('lets EventBridge Scheduler start only the processes that set a long clock, and those are the ones that call start-later', () => {
    const setting = machines.filter((machine) => JSON.stringify(machine.definition).includes(':function:start-later')).map((machine) => machine.name);
    expect(setting).toEqual(LONG_CLOCK_PROCESSES.map((processId) => `sccif-${processId}`));
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
    });
    const statementsOf = (roleId: string) =>
      Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
    // Two Scheduler roles: the long clocks' (starts runs) and the daily digest's (invokes its function only).
    const starting = Object.keys(roles).filter((roleId) => statementsOf(roleId).some((statement) => statement.Action === 'states:StartExecution'));
    expect(starting).toHaveLength(1);
    const starts = statementsOf(starting[0]!).filter((statement) => statement.Action === 'states:StartExecution');
    expect(starts).toHaveLength(1);
    expect(JSON.stringify(starts[0]!.Resource)).toContain(':stateMachine:sccif-rfc-inspection:live');
    expect(JSON.stringify(starts[0]!.Resource)).not.toContain('sccif-inadequate');
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'sccif-long-clocks' });
  });

  it('lets start-later create schedules in the group and pass only the scheduler role, to Scheduler only', () => {
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'start-later' } }));
    const roleId = fn!.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
    expect(statements.find((statement) => statement.Action === 'scheduler:CreateSchedule')?.Resource).toBeDefined();
    expect(statements.find((statement) => statement.Action === 'iam:PassRole')).toMatchObject({
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  });
});

describe('the managers’ daily digest (issue 15, item 6)', () => {
  const digestFunction = () => Object.keys(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'send-daily-digest' } }))[0]!;
  const schedule = () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    return schedules[0]!;
  };

  it('runs every day at 07:00 London time (the handler skips the days that are not working days)', () => {
    expect(schedule().Properties).toMatchObject({
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  it('invokes send-daily-digest with the instant it fired for, retries, and keeps what it cannot deliver in a dead-letter queue', () => {
    const target = schedule().Properties.Target;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [digestFunction(), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 6 * 3600, MaximumRetryAttempts: 10 });
    expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][1]).toBe('Arn');
  });

  it('gives the schedule’s role lambda:InvokeFunction on the digest function only, and SendMessage to its dead-letter queue', () => {
    const roleId = schedule().Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = template.toJSON().Resources[roleId];
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
    const invokes = statements.filter((statement) => statement.Action === 'lambda:InvokeFunction');
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0]!.Resource)).toContain(digestFunction());
    for (const statement of statements) {
      expect(JSON.stringify(statement.Action)).not.toMatch(/dynamodb|ses:|states:|\*"/);
      expect(statement.Resource).not.toBe('*');
    }
  });

  it('lets the digest function list the user pool’s group members (ListUsersInGroup on this pool only), and no other function', () => {
    const pools = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    expect(pools).toHaveLength(1);
    const listing = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Record<string, any>[])
        .filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:'))
        .map((statement) => ({ roles: policy.Properties.Roles as { Ref: string }[], statement })),
    );
    expect(listing).toHaveLength(1);
    expect(listing[0]!.statement).toMatchObject({ Action: 'cognito-idp:ListUsersInGroup', Effect: 'Allow', Resource: { 'Fn::GetAtt': [pools[0], 'Arn'] } });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'send-daily-digest' } }));
    expect(listing[0]!.roles).toEqual([{ Ref: fn!.Properties.Role['Fn::GetAtt'][0] }]);
    expect(fn!.Properties.Environment.Variables).toMatchObject({ USER_POOL_ID: { Ref: pools[0] } });
  });

  it('lets the digest function read and write the table and send email, and nothing else of the system', () => {
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { 'sccif:handler': 'send-daily-digest' } }));
    const roleId = fn!.Properties.Role['Fn::GetAtt'][0] as string;
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[])
      .flatMap((statement) => [statement.Action].flat() as string[]);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'ses:SendEmail']));
    expect(actions.filter((action) => /^(states|scheduler|sns|iam):/.test(action) || action === 'dynamodb:DeleteItem')).toEqual([]);
    expect(actions.filter((action) => action.startsWith('cognito-idp:'))).toEqual(['cognito-idp:ListUsersInGroup']);
    // Its recipients are the managers group's members, not the managers' shared address.
    expect(fn!.Properties.Environment.Variables).toMatchObject({ APP_BASE_URL: expect.any(String) });
    expect(fn!.Properties.Environment.Variables).not.toHaveProperty('MANAGER_EMAIL');
  });

  it('gives the function an on-failure destination after Lambda’s retries (Scheduler invokes it asynchronously)', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: digestFunction() },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
    });
  });
});

describe('the region: children’s data stays in the UK', () => {
  const synthFor = (context: Record<string, unknown>) =>
    buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false }), { repositoryRoot, placeholders: 'allowed' });

  it('deploys to London (eu-west-2) by default, whatever CDK_DEFAULT_REGION the CLI sets', () => {
    // Built while CDK_DEFAULT_REGION=us-east-1 (no -c region).
    expect(stackWithSettings().region).toBe('eu-west-2');
    expect((app.node.findChild('SccifWorkflows') as unknown as { region: string }).region).toBe('eu-west-2');
  });

  it('refuses a region outside the UK, in one message saying why and how to allow it', () => {
    expect(() => synthFor({ region: 'us-east-1' })).toThrow(NonUkRegionError);
    expect(() => synthFor({ region: 'eu-west-1' })).toThrow(/children's data must stay in the UK .*-c allowNonUkRegion=true/);
  });

  it('deploys outside the UK only when -c allowNonUkRegion=true says so', () => {
    const allowed = synthFor({ region: 'eu-west-1', allowNonUkRegion: 'true' });
    expect((allowed.node.findChild('SccifWorkflows') as unknown as { region: string }).region).toBe('eu-west-1');
    expect(() => synthFor({ region: 'eu-west-1', allowNonUkRegion: 'yes' })).toThrow(NonUkRegionError);
  });
});

describe('the API', () => {
  const resourcePathOf = (method: { Properties: { ResourceId: unknown } }): string => {
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const parts: string[] = [];
    let ref = (method.Properties.ResourceId as { Ref?: string }).Ref;
    while (ref && resources[ref]) {
      parts.unshift(String(resources[ref]!.Properties.PathPart));
      ref = (resources[ref]!.Properties.ParentId as { Ref?: string }).Ref;
    }
    return `/${parts.join('/')}`;
  };

  it('puts every JSON API route behind the Cognito authorizer, and the web pages behind none (they check their session)', () => {
    const methods = template.findResources('AWS::ApiGateway::Method');
    const routes = Object.values(methods).filter((method) => method.Properties.HttpMethod !== 'OPTIONS');
    const apiRoutes = HANDLERS.filter((handler) => handler.kind === 'api');
    expect(routes).toHaveLength(apiRoutes.flatMap((handler) => routePaths(handler)).length);
    const byPath = routes.map((route) => [resourcePathOf(route as never), route.Properties.AuthorizationType]);
    const isPage = (path: string) => path === '/app' || path.startsWith('/app/');
    // Every path of every web area (functions/handlers.ts), and no other.
    const pagePaths = apiRoutes.filter(isWebHandler).flatMap((handler) => routePaths(handler));
    expect(byPath.filter(([path]) => isPage(path)).sort()).toEqual(pagePaths.map((path) => [path, 'NONE']).sort());
    for (const [path, authorization] of byPath.filter(([path]) => !isPage(path))) {
      expect(authorization, path).toBe('COGNITO_USER_POOLS');
    }
  });

  it('signs browsers in with Cognito managed login on a user pool domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['sccif-workflows-', Match.anyValue()]] },
      ManagedLoginVersion: 2,
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  });

  it('offers browsers the authorization-code flow only, as a public client (PKCE), with callback and sign-out URLs from appBaseUrl', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = clients[0]!.Properties;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.GenerateSecret ?? false).toBe(false);
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(client.CallbackURLs).toEqual(['https://sccif-workflows.example.org/app/auth/callback']);
    expect(client.LogoutURLs).toEqual(['https://sccif-workflows.example.org/app/auth/signed-out']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.EnableTokenRevocation).toBe(true);
    // Refresh tokens live no longer than a session (8 hours).
    expect(client.RefreshTokenValidity).toBe(480);
    expect(client.TokenValidityUnits.RefreshToken).toBe('minutes');
  });

  it('takes the callback and sign-out URLs from -c appBaseUrl (API Gateway stage URL included)', () => {
    const [client, ...others] = resolvedResources(stackWithSettings(), 'AWS::Cognito::UserPoolClient');
    expect(others).toEqual([]);
    expect(client!.Properties.CallbackURLs).toEqual(['https://abc123.execute-api.eu-west-2.amazonaws.com/v1/app/auth/callback']);
    expect(client!.Properties.LogoutURLs).toEqual(['https://abc123.execute-api.eu-west-2.amazonaws.com/v1/app/auth/signed-out']);
  }, 60_000);

  it('serves the web pages’ fonts and images as binary', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: Match.arrayWith(['font/woff2', 'image/png']) });
  });

  it('lets DynamoDB expire sign-in sessions', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
  });

  it('has the inspectors and managers groups, MFA (required, by authenticator app) and a strong password policy', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'inspectors' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'managers' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it('never logs request bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ DataTraceEnabled: false })]),
    });
  });
});

describe('cdk-nag', () => {
  it('encrypts every log group with the customer-managed key', () => {
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
  });

  it('finds nothing unacknowledged in the AwsSolutions, NIST 800-53 rev 5 and Serverless packs', () => {
    expect(nagReport(app)).toEqual([]);
  });
});

describe('the edge (issue 13, item 5)', () => {
  it('limits each client address with a rate-based WAF rule', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'rate-per-ip', Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: RATE_LIMIT_PER_5_MINUTES, AggregateKeyType: 'IP' } } }),
      ]),
    });
  });

  it('lets the API’s own body limit apply: the common rule set’s 8 KB body rule only counts', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'aws-common',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
  });
});

describe('identity and mail (issue 13, item 6)', () => {
  it('never offers the implicit flow, and lets users write no attribute (their name is printed in letters)', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients.length).toBeGreaterThan(0);
    for (const client of clients) {
      expect(client.Properties.AllowedOAuthFlows ?? []).not.toContain('implicit');
      expect(client.Properties.WriteAttributes).toEqual([]);
    }
  });

  it('protects the user pool from deletion', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('requires TLS for every email of the configuration set', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
  });

  it('refuses to synthesize for AWS with missing or placeholder addresses, listing them all in one message', () => {
    const attempt = (context: Record<string, string>) => () =>
      buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false }), { repositoryRoot });
    expect(attempt({})).toThrow(/mailFrom \(missing.*appBaseUrl \(missing.*dfeEmail \(missing.*managerEmail \(missing.*seniorManagerEmail \(missing/);
    expect(attempt({ mailFrom: 'sccif@notifications.ofsted.gov.uk', appBaseUrl: 'https://sccif.ofsted.gov.uk', dfeEmail: 'secure@dfe.example.com', managerEmail: 'rims@ofsted.gov.uk' })).toThrow(
      /^cannot synthesize for AWS: set real values for these settings \(cdk deploy -c name=value\): dfeEmail \("secure@dfe.example.com" is a placeholder address\); seniorManagerEmail \(missing.*complianceInspectorsEmail \(missing/,
    );
    expect(unusableSettings({ mailFrom: 'a@ofsted.gov.uk', appBaseUrl: 'https://sccif.ofsted.gov.uk', dfeEmail: 'b@education.gov.uk', managerEmail: 'c@ofsted.gov.uk', seniorManagerEmail: 'd@ofsted.gov.uk', complianceInspectorsEmail: 'f@ofsted.gov.uk', opsEmail: 'e@ofsted.gov.uk' })).toEqual([]);
    expect(unusableSettings({ mailFrom: 'a@ofsted.gov.uk', appBaseUrl: 'https://sccif.ofsted.gov.uk', dfeEmail: 'b@education.gov.uk', managerEmail: 'c@ofsted.gov.uk', seniorManagerEmail: 'd@ofsted.gov.uk', opsEmail: 'e@ofsted.gov.uk' })).toEqual(['complianceInspectorsEmail (missing: -c complianceInspectorsEmail=...)']);
  });
});

describe('least privilege (issue 13, item 7)', () => {
  const policies = () => Object.entries(template.findResources('AWS::IAM::Policy'));
  const actionsOf = (policy: { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }) =>
    policy.Properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat());
  const roleOfFunction = (id: string) => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((resource) => resource.Metadata?.['sccif:handler'] === id);
    if (!fn) throw new Error(`no Lambda function with the handler ${id} in the template`);
    return (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  };

  it('grants no function Scan or BatchWriteItem, and DeleteItem only to the handlers that clear a task token', () => {
    // And the web pages' Lambdas, which delete sessions that have ended (functions/web/session.ts). Logging a return
    // inspection answers the earlier run's wait (functions/app/step-waits.ts).
    const deleters = new Set(
      ['await-outcome', 'await-step', 'record-outcome', 'record-step', 'log-inspection', 'log-establishment-inspection', 'change-next-visit-window', 'web', 'web-approvals', 'web-register', 'web-api-reference', 'web-corrections'].map(roleOfFunction),
    );
    for (const [, policy] of policies()) {
      const actions = actionsOf(policy as never);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions).not.toContain('dynamodb:BatchWriteItem');
      const roles = (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref);
      if (actions.includes('dynamodb:DeleteItem')) expect(roles.every((role) => deleters.has(role)), roles.join()).toBe(true);
    }
  });

  it('gives a read-only function GetItem and Query and no write', () => {
    const role = roleOfFunction('list-inspections');
    const actions = policies()
      .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((entry) => entry.Ref === role))
      .flatMap(([, policy]) => actionsOf(policy as never));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action))).toEqual([]);
  });

  it('lets CloudWatch Logs use the key only under the encryption context of this account’s log groups', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0]!;
    const statements = key.Properties.KeyPolicy.Statement as { Principal?: { Service?: unknown }; Condition?: Record<string, unknown> }[];
    const logs = statements.filter((statement) => String(statement.Principal?.Service ?? '').startsWith('logs.'));
    expect(logs).toHaveLength(1);
    expect(Object.keys(logs[0]!.Condition?.ArnLike as object)).toEqual(['kms:EncryptionContext:aws:logs:arn']);
  });

  it('acknowledges the X-Ray and log-delivery wildcard per role, never for the whole stack', () => {
    const nag = readFileSync(path.join(repositoryRoot, 'infra/nag.ts'), 'utf8');
    expect(nag).not.toMatch(/acknowledge\(\s*stack,\s*'AwsSolutions-IAM5\[Resource::\*\]'/);
  });
});
