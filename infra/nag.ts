/**
 * cdk-nag: every acknowledged finding, with its reason, in one place. `nagReport(app)` runs the packs on the
 * construct tree (the infra tests require 0 unacknowledged findings); `cdk synth` runs them too.
 */
import { Stack, Validations, type App } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { HANDLERS, isWebHandler, routePaths, type HandlerDefinition } from '../functions/handlers';
import type { Api } from './constructs/api';
import { stateMachineName } from './constructs/workflow';
import { PROCESS_ORDER, type SccifStack } from './stack';

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function logicalId(fn: lambda.IFunction): string {
  const stack = Stack.of(fn);
  return stack.resolve(stack.getLogicalId(fn.node.defaultChild as never)) as string;
}

export function acknowledgeNagFindings(stack: SccifStack): void {
  acknowledgeNistAndServerless(stack);
  acknowledgeWebSignIn(stack);
  acknowledge(
    stack,
    'AwsSolutions-L1',
    'Lambda runs Node.js 22 on purpose: the product pins the runtime the code is tested on; moving to a newer runtime is a tested change.',
  );
  acknowledge(
    stack,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS managed basic execution role only lets a function write its own logs; each function logs to its own log group.',
  );
  acknowledge(
    stack,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'API Gateway’s account-level CloudWatch role; AWS documents this managed policy as the way to enable API logging.',
  );
  // Named per role, never stack-wide: a new wildcard anywhere else still fails synthesis.
  for (const fn of stack.functions.values()) {
    acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) accepts no resource other than *.');
  }
  for (const workflow of stack.workflows.values()) {
    acknowledge(
      workflow,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (PutTraceSegments, PutTelemetryRecords) and Step Functions log delivery (logs:*LogDelivery*) accept no resource other than *.',
    );
  }
  acknowledge(
    stack,
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'Granted by key.grantEncryptDecrypt / table grants: the data key actions of the customer-managed key, on that key only.',
  );
  acknowledge(
    stack,
    'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    'Granted by key.grantEncryptDecrypt / table grants: re-encryption under the same customer-managed key only.',
  );
  const tableId = stack.resolve(stack.getLogicalId(stack.table.node.defaultChild as never)) as string;
  acknowledge(
    stack,
    `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
    'Table grants cover the table’s two indexes (GSI1: lists and the approval queue; GSI2: SES message ids).',
  );
  for (const { queue, what } of stack.operations.deadLetterQueues) {
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      `${queue.node.path} is itself a dead-letter queue (${what}); a DLQ for a DLQ would only move the same messages.`,
    );
    acknowledge(
      queue,
      'Serverless-SQSRedrivePolicy',
      `${queue.node.path} is itself a dead-letter queue (${what}), read by operators after its depth alarm, not by a consumer.`,
    );
  }
  acknowledge(
    stack.dailyDigest.role,
    `AwsSolutions-IAM5[Resource::<${logicalId(stack.functions.get('send-daily-digest')!)}.Arn>:*]`,
    'The schedule target’s grantInvoke covers the digest function and its versions (function ARN with :*); nothing wider.',
  );
  const monitoring = stack.workflows.get('monitoring-visit');
  const monitoringId = monitoring ? stack.resolve(stack.getLogicalId(monitoring.stateMachine.node.defaultChild as never)) : '';
  for (const workflow of stack.workflows.values()) {
    for (const fn of stack.functions.values()) {
      acknowledge(
        workflow,
        `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
        'LambdaInvoke grants invoke on the step function and its versions (function ARN with :*); nothing wider.',
      );
    }
    acknowledge(
      workflow,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${stack.region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${monitoringId}"}]}]}*]`,
      'The .sync start of the monitoring visit must describe and stop the executions it starts: their ARNs are only known at run time.',
    );
  }
  // Withdrawing an inspection stops its runs: which ones (their names) is known only when they are listed.
  for (const handler of (HANDLERS as readonly HandlerDefinition[]).filter((each) => each.access.includes('stop-runs'))) {
    for (const processId of PROCESS_ORDER) {
      acknowledge(
        stack.functions.get(handler.id)!,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${stack.region}:<AWS::AccountId>:execution:${stateMachineName(processId)}:*]`,
        'StopExecution on the runs of one state machine: the runs of a withdrawn inspection are named at run time (<inspectionId>--…).',
      );
    }
  }
}

/** The web pages' routes (every path of every area) have no API Gateway authorizer: the handlers authenticate each request. */
function acknowledgeWebSignIn(stack: SccifStack): void {
  const api = stack.node.tryFindChild('Api') as Api | undefined;
  if (!api) return;
  const reason =
    'Browsers never send an Authorization header when following a link: /app is authenticated by the web handlers from their ' +
    'session cookie (Cognito managed login, authorization code + PKCE, verified ID token; functions/web/session.ts).';
  for (const webRoute of (HANDLERS as readonly HandlerDefinition[]).filter(isWebHandler)) {
    for (const path of routePaths(webRoute)) {
      const method = api.restApi.root.resourceForPath(path).node.findChild(webRoute.method);
      acknowledge(method, 'AwsSolutions-APIG4', reason);
      acknowledge(method, 'AwsSolutions-COG4', reason);
    }
  }
}

/** Findings of the NIST 800-53 rev 5 and Serverless packs that are accepted, with the reason. */
function acknowledgeNistAndServerless(stack: SccifStack): void {
  const lambdaRuntime = 'Lambda runs Node.js 22 on purpose: the product pins the runtime the code is tested on.';
  acknowledge(stack, 'Serverless-LambdaLatestVersion', lambdaRuntime);
  const noDlq =
    'The functions are invoked synchronously (by Step Functions, which retries and catches every task, and by API Gateway); ' +
    'a dead-letter queue applies only to asynchronous invocations. The one asynchronous source, SES events through ' +
    'EventBridge, has its own dead-letter queue on the rule target.';
  acknowledge(stack, 'NIST.800.53.R5-LambdaDLQ', noDlq);
  acknowledge(stack, 'Serverless-LambdaDLQ', noDlq);
  acknowledge(
    stack,
    'NIST.800.53.R5-LambdaConcurrency',
    'No reserved concurrency: the account limit is ample for ~6,000 inspections a year and reserving per function would throttle an alert burst after many inadequate judgements.',
  );
  acknowledge(
    stack,
    'NIST.800.53.R5-LambdaInsideVPC',
    'The functions reach only AWS service endpoints (DynamoDB, SES, Step Functions) over TLS with IAM; there is no private resource to reach, so a VPC would add NAT cost and cold-start time without reducing exposure.',
  );
  acknowledge(
    stack,
    'NIST.800.53.R5-IAMNoInlinePolicy',
    'Inline policies are the least-privilege grants CDK generates (table.grantReadWriteData, identity.grantSendEmail, ...), one per role, scoped to named resources.',
  );
  acknowledge(
    stack,
    'NIST.800.53.R5-DynamoDBInBackupPlan',
    'Point-in-time recovery (35 days, continuous) and deletion protection are on for the table; an AWS Backup plan is an operations choice for the deploying account.',
  );
  acknowledge(
    stack,
    'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
    'Responses are per user and change with every decision; caching them would show stale deadlines and risk serving one user’s data to another.',
  );
  acknowledge(
    stack,
    'NIST.800.53.R5-APIGWSSLEnabled',
    'Client certificates authenticate API Gateway to HTTP back ends; every integration here is a Lambda function invoked with IAM.',
  );
}

/** Runs the AwsSolutions, NIST 800-53 rev 5 and Serverless packs on the app; returns the unacknowledged findings. */
export function nagReport(app: App): { rule: string; paths: string[] }[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(app).violations.map((violation) => ({
      rule: violation.ruleName,
      paths: violation.violatingResources.map((resource) => resource.constructPath ?? '(unknown)'),
    })),
  );
}
