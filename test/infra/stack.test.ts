import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { HANDLERS } from '../../functions/handlers';
import { localStateMachines, type CfnTemplate } from '../../infra/local/template';
import { nagReport } from '../../infra/nag';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
) => { isValid: boolean; errors: unknown[] };

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

beforeAll(() => {
  app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }), {
    repositoryRoot,
  });
  const stack = app.node.findChild('SccifWorkflows');
  template = Template.fromStack(stack as never, { skipCyclicalDependenciesCheck: false });
  machines = localStateMachines(template.toJSON() as CfnTemplate);
}, 60_000);

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

  it('give every Task a jittered retry and a catch', () => {
    for (const machine of machines) {
      for (const [name, state] of allStates(machine.definition)) {
        if (state.Type !== 'Task') continue;
        const retries = (state.Retry as { JitterStrategy?: string }[] | undefined) ?? [];
        const catches = (state.Catch as unknown[] | undefined) ?? [];
        expect({ state: `${machine.name} › ${name}`, jittered: retries.some((retry) => retry.JitterStrategy === 'FULL') }).toEqual({
          state: `${machine.name} › ${name}`,
          jittered: true,
        });
        expect(catches.length, `${machine.name} › ${name} has no Catch`).toBeGreaterThan(0);
      }
    }
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

describe('the API', () => {
  it('puts every route behind the Cognito authorizer', () => {
    const methods = template.findResources('AWS::ApiGateway::Method');
    const routes = Object.values(methods).filter((method) => method.Properties.HttpMethod !== 'OPTIONS');
    expect(routes).toHaveLength(HANDLERS.filter((handler) => handler.kind === 'api').length);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('COGNITO_USER_POOLS');
  });

  it('has the inspectors and managers groups, MFA and a strong password policy', () => {
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
