/**
 * The SCCIF Workflows stack: the inspection table, email, one function per handler, one state machine per process,
 * and the authenticated HTTP API. Settings come from CDK context (cdk.json or `-c key=value`).
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { assuranceVisitDefinition } from '../workflows/assurance-visit';
import { fullInspectionDefinition } from '../workflows/full-inspection';
import { inadequatePathwayDefinition } from '../workflows/inadequate-pathway';
import { interimInspectionDefinition } from '../workflows/interim-inspection';
import { monitoringVisitDefinition } from '../workflows/monitoring-visit';
import { rfcInspectionDefinition } from '../workflows/rfc-inspection';
import type { FollowUpMachines, WorkflowFunctions } from '../workflows/steps';
import { VARIABLE_OF } from '../functions/adapters/config';
import type { ProcessId } from '../functions/core/regulations';
import { RUN_ENDINGS } from '../functions/core/run-endings';
import { Api } from './constructs/api';
import { DailyDigest } from './constructs/daily-digest';
import { InspectionTable } from './constructs/data';
import { HandlerFunction } from './constructs/function';
import { LongClocks } from './constructs/long-clocks';
import { Mail } from './constructs/mail';
import { Operations } from './constructs/operations';
import { aliasArn, executionsArn, stateMachineArn, Workflow } from './constructs/workflow';
import { HANDLERS, type HandlerDefinition, type HandlerId, type StepHandlerId } from '../functions/handlers';

export interface SccifSettings {
  /** Address the system sends from; its domain becomes the SES identity. */
  mailFrom: string;
  /**
   * Where the web pages are served, without `/app`: API Gateway's stage URL (`https://<id>.execute-api.<region>.
   * amazonaws.com/v1`) or a custom domain. Links in emails, and the sign-in's callback and sign-out URLs, start here.
   */
  appBaseUrl: string;
  /** The Cognito managed login's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  authDomainPrefix: string;
  dfeEmail: string;
  managerEmail: string;
  seniorManagerEmail: string;
  /** The social care compliance inspectors' address: a family centre's case discussion is theirs (RFC framework §42-44). */
  complianceInspectorsEmail: string;
  /** More placing authorities than this: the inspector agrees contact arrangements with the manager (SCCIF 15.3). */
  contactArrangementsAbove: string;
  /** Operations: the email address subscribed to the operations topic (alarms, failed runs). */
  opsEmail: string;
}

/**
 * The settings that go with no grant, and the handlers whose code reads each: only those are given it. (The sender
 * address goes with the mail grant; the operations address is the topic's subscription, which no handler reads.)
 * test/infra/stack.test.ts checks this against what each handler's code reads.
 */
export const SETTING_READERS = {
  appBaseUrl: ['request-approval', 'record-decision', 'escalate-overdue', 'record-failure', 'send-daily-digest', 'record-email-event', 'change-next-visit-window', 'correct-children', 'issue-report', 'withdraw-inspection', 'web', 'web-approvals', 'web-register', 'web-api-reference', 'web-corrections'],
  dfeEmail: ['inform-dfe'],
  managerEmail: ['request-approval', 'escalate-overdue', 'record-failure'],
  seniorManagerEmail: ['escalate-overdue'],
  complianceInspectorsEmail: ['request-approval', 'escalate-overdue', 'record-decision'],
  contactArrangementsAbove: ['alert-local-authorities', 'correct-children', 'web-corrections'],
} as const satisfies Record<Exclude<keyof SccifSettings, 'mailFrom' | 'opsEmail' | 'authDomainPrefix'>, readonly HandlerId[]>;

type Setting = keyof typeof SETTING_READERS;

function settingsReadBy(handlerId: string): Setting[] {
  return (Object.keys(SETTING_READERS) as Setting[]).filter((setting) =>
    (SETTING_READERS[setting] as readonly string[]).includes(handlerId),
  );
}

export interface SccifStackProps extends StackProps {
  settings: SccifSettings;
  repositoryRoot: string;
}

/** Processes started from the API, in the order they may start one another. */
export const PROCESS_ORDER: readonly ProcessId[] = [
  'monitoring-visit',
  'inadequate',
  'assurance-visit',
  'full-inspection',
  'interim-inspection',
  'rfc-inspection',
];

/**
 * The processes whose workflows set a long clock (WorkflowSteps.startLater): the only ones EventBridge Scheduler may
 * start. test/infra/stack.test.ts checks this against the state machines that invoke start-later.
 */
export const LONG_CLOCK_PROCESSES: readonly ProcessId[] = ['rfc-inspection'];

export class SccifStack extends Stack {
  readonly functions = new Map<string, HandlerFunction>();
  readonly workflows = new Map<ProcessId, Workflow>();
  readonly table: InspectionTable['table'];
  readonly operations: Operations;
  readonly dailyDigest: DailyDigest;

  constructor(scope: Construct, id: string, props: SccifStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'DataKey', {
      description: 'SCCIF Workflows: inspection records, state machine data and logs',
      enableKeyRotation: true,
    });
    // CloudWatch Logs may use the key only for this account's log groups in this region (AWS's documented condition).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` } },
      }),
    );
    const data = new InspectionTable(this, 'Data', { key });
    this.table = data.table;
    const mail = new Mail(this, 'Mail', { fromAddress: props.settings.mailFrom });
    const api = new Api(this, 'Api', { key, appBaseUrl: props.settings.appBaseUrl, authDomainPrefix: props.settings.authDomainPrefix });
    const operations = new Operations(this, 'Operations', { opsEmail: props.settings.opsEmail, dataKey: key });
    this.operations = operations;
    const longClocks = new LongClocks(this, 'LongClocks', { operations, processes: LONG_CLOCK_PROCESSES });

    for (const handler of HANDLERS as readonly HandlerDefinition[]) {
      const fn = new HandlerFunction(this, `Fn-${handler.id}`, {
        handler,
        logKey: key,
        repositoryRoot: props.repositoryRoot,
      });
      this.grant(handler, fn, { data, mail, operations, longClocks, api });
      for (const setting of settingsReadBy(handler.id)) fn.addEnvironment(VARIABLE_OF[setting], props.settings[setting]);
      this.functions.set(handler.id, fn);
      if (handler.kind === 'api') api.addRoute(handler, fn);
      operations.alarmOnFunction(handler.id, fn);
      if (handler.kind === 'api' && handler.authentication === 'web-session') api.bindWebSignIn(fn);
    }
    operations.alarmOnSesReputation();

    // Functions EventBridge invokes (asynchronously): what the rule cannot deliver, and what the function fails on
    // after Lambda's two retries, each wait in an alarmed dead-letter queue instead of being lost.
    const emailEvents = this.functions.get('record-email-event')!;
    mail.deliverEventsTo(
      emailEvents,
      operations.deadLetterQueue(this, 'UndeliveredEmailEvents', { what: 'SES events EventBridge could not deliver', eventBridge: true }),
    );
    this.failuresTo(emailEvents, operations.deadLetterQueue(this, 'FailedEmailEvents', { what: 'SES events record-email-event failed on' }));
    const runFailures = this.functions.get('record-run-failure')!;
    new events.Rule(this, 'RunEndedBadly', {
      description: 'A run of an SCCIF state machine failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: [...RUN_ENDINGS],
          stateMachineArn: PROCESS_ORDER.map((processId) => stateMachineArn(this, processId)),
        },
      },
      targets: [
        new targets.LambdaFunction(runFailures, {
          retryAttempts: 8,
          deadLetterQueue: operations.deadLetterQueue(this, 'UndeliveredRunEvents', {
            what: 'run status changes EventBridge could not deliver',
            eventBridge: true,
          }),
        }),
      ],
    });
    this.failuresTo(runFailures, operations.deadLetterQueue(this, 'FailedRunEvents', { what: 'run status changes record-run-failure failed on' }));

    // The managers' daily digest: a recurring schedule (Scheduler invokes the function asynchronously).
    const digest = this.functions.get('send-daily-digest')!;
    this.dailyDigest = new DailyDigest(this, 'DailyDigest', { fn: digest, operations });
    this.failuresTo(digest, operations.deadLetterQueue(this, 'FailedDigests', { what: 'daily digests send-daily-digest failed on' }));

    const stepFunctions = Object.fromEntries(
      HANDLERS.filter((handler) => handler.kind === 'step').map((handler) => [handler.id, this.fn(handler.id)]),
    ) as WorkflowFunctions;
    const followUps: FollowUpMachines = {};
    const definitions: Record<ProcessId, (scope: Construct) => sfn.IChainable> = {
      'monitoring-visit': (scope) => monitoringVisitDefinition(scope, stepFunctions),
      inadequate: (scope) => inadequatePathwayDefinition(scope, stepFunctions, followUps),
      'assurance-visit': (scope) => assuranceVisitDefinition(scope, stepFunctions, followUps),
      'full-inspection': (scope) => fullInspectionDefinition(scope, stepFunctions, followUps),
      'interim-inspection': (scope) => interimInspectionDefinition(scope, stepFunctions, followUps),
      'rfc-inspection': (scope) => rfcInspectionDefinition(scope, stepFunctions),
    };
    for (const processId of PROCESS_ORDER) {
      const workflow = new Workflow(this, `Workflow-${processId}`, { processId, key, build: definitions[processId] });
      followUps[processId] = workflow.stateMachine;
      this.workflows.set(processId, workflow);
      operations.alarmOnStateMachine(processId, workflow.stateMachine);
    }
  }

  /** An asynchronously invoked function's failures (after Lambda's two retries) go to a dead-letter queue. */
  private failuresTo(fn: HandlerFunction, queue: sqs.IQueue): void {
    fn.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(queue), retryAttempts: 2, maxEventAge: Duration.hours(6) });
  }

  private fn(id: StepHandlerId | string): lambda.IFunction {
    const fn = this.functions.get(id);
    if (!fn) throw new Error(`no function for handler ${id}`);
    return fn;
  }

  /** STATE_MACHINE_ARNS: each process's alias ARN, which the function starts runs through (and derives ARNs from). */
  private tellStateMachines(fn: HandlerFunction): void {
    fn.addEnvironment(VARIABLE_OF.stateMachineArns, JSON.stringify(Object.fromEntries(PROCESS_ORDER.map((processId) => [processId, aliasArn(this, processId)]))));
  }

  /** Each grant also sets the variables that go with it (the table's name, the sender, the state machines). */
  private grant(
    handler: HandlerDefinition,
    fn: HandlerFunction,
    { data, mail, operations, longClocks, api }: { data: InspectionTable; mail: Mail; operations: Operations; longClocks: LongClocks; api: Api },
  ) {
    for (const access of handler.access) {
      switch (access) {
        case 'table-read':
          data.grantRead(fn);
          break;
        case 'table-write':
          data.grantReadWrite(fn);
          break;
        case 'table-delete':
          data.grantDelete(fn);
          break;
        case 'mail':
          mail.grantSend(fn);
          break;
        case 'start-execution':
          // Named by ARN, not by construct: step functions are part of the state machines' definitions, so a
          // reference to the machines from here would be a dependency cycle.
          fn.addToRolePolicy(
            new iam.PolicyStatement({
              actions: ['states:StartExecution'],
              resources: PROCESS_ORDER.map((processId) => aliasArn(this, processId)),
            }),
          );
          this.tellStateMachines(fn);
          break;
        case 'stop-runs':
          // Lists each state machine's runs to find the inspection's (their names start with its id), stops them, and
          // deletes the schedules of its later runs.
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: ['states:ListExecutions'], resources: PROCESS_ORDER.map((processId) => stateMachineArn(this, processId)) }),
          );
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: PROCESS_ORDER.map((processId) => executionsArn(this, processId)) }),
          );
          this.tellStateMachines(fn);
          longClocks.grantCancelLater(fn);
          break;
        case 'task-response':
          fn.addToRolePolicy(
            new iam.PolicyStatement({
              actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
              resources: PROCESS_ORDER.map((processId) => stateMachineArn(this, processId)),
            }),
          );
          break;
        case 'operations-notice':
          operations.grantOperationsNotice(fn);
          break;
        case 'schedule':
          longClocks.grantStartLater(fn);
          break;
        case 'manager-directory':
          api.grantListGroupMembers(fn);
          break;
      }
    }
  }
}
