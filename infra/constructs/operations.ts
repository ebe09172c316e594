/**
 * Operations: one SNS topic for the people who run the service (its email subscription is `-c opsEmail=`), encrypted
 * with its own key, and the CloudWatch alarms that publish to it: every state machine's failed, timed-out and aborted
 * runs, every function's errors, every dead-letter queue's depth, and SES's bounce and complaint rates. Functions that
 * must reach operations without SES are granted publishing by grantOperationsNotice(fn), which also sets OPS_TOPIC_ARN.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { VARIABLE_OF } from '../../functions/adapters/config';

/**
 * SES reviews an account whose bounce rate reaches 5 % or complaint rate 0.1 %, and may pause its sending above 10 %
 * and 0.5 %: the alarms go off before the review, while there is time to act.
 */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;

export interface OperationsProps {
  /** Who is told: the topic's email subscription (they confirm it once from the email SNS sends). */
  opsEmail: string;
  /** Encrypts the dead-letter queues (their messages are events about inspections). */
  dataKey: kms.Key;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly dataKey: kms.Key;
  /** Every dead-letter queue, with what it holds (infra/nag.ts acknowledges, for each, that it has no DLQ of its own). */
  readonly deadLetterQueues: { queue: sqs.Queue; what: string }[] = [];
  private readonly servicesWritingDeadLetters = new Set<string>();

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.dataKey = props.dataKey;
    this.key = new kms.Key(this, 'Key', {
      description: 'SCCIF Workflows: the operations topic',
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarms to the encrypted topic with its own principal: it needs the key, from this account.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'SCCIF Workflows operations',
      masterKey: this.key,
      enforceSSL: true,
    });
    // A notice SNS could not deliver (a full or refused mailbox) is kept for 14 days instead of being dropped.
    const undeliveredNotices = this.deadLetterQueue(this, 'UndeliveredNotices', {
      what: 'operations notices SNS could not deliver to the operations address',
      writer: { service: 'sns.amazonaws.com', sourceArn: this.topic.topicArn },
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail, { deadLetterQueue: undeliveredNotices }));
  }

  /** Lets a function publish operations notices, and tells it where (OPS_TOPIC_ARN): the grant and the name go together. */
  grantOperationsNotice(fn: lambda.Function): void {
    this.topic.grantPublish(fn);
    fn.addEnvironment(VARIABLE_OF.opsTopicArn, this.topic.topicArn);
  }

  /**
   * A dead-letter queue: retained, encrypted with the data key, TLS only, kept 14 days (SQS's longest), and alarmed as
   * soon as anything lands in it. A queue an AWS service writes to with its own principal (`eventBridge: true` for an
   * EventBridge rule target, or `writer`) gets a key policy that lets that service encrypt, for our resources only
   * (aws-cdk issues 20804 and 33169); roles that write (Lambda destinations, Scheduler) get grants instead.
   */
  deadLetterQueue(
    scope: Construct,
    id: string,
    options: { what: string; eventBridge?: boolean; writer?: { service: string; sourceArn: string } },
  ): sqs.Queue {
    const queue = new sqs.Queue(scope, id, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueues.push({ queue, what: options.what });
    if (options.eventBridge) {
      // Not the rules' ARNs: the rules depend on the queues, the queues on the key, so naming a rule in the key's
      // policy would be a cycle. This account's rules only.
      const rules = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: '*' });
      this.letServiceWriteDeadLetters({ service: 'events.amazonaws.com', sourceArn: rules });
    }
    if (options.writer) this.letServiceWriteDeadLetters(options.writer);
    this.alarm(`${id}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), {
      description: `Messages in the dead-letter queue: ${options.what}. Each is work that did not happen: read, fix, redrive.`,
    });
    return queue;
  }

  /**
   * Alarms on a state machine's runs that did not succeed: failed, timed out or stopped, one alarm on their sum (metric
   * math), whose reason names the figures. One alarm, not three: the stack is near CloudFormation's 500 resources, and
   * each of the three had the same action (the operations topic).
   */
  alarmOnStateMachine(id: string, machine: sfn.StateMachine): void {
    const period = { period: Duration.minutes(5), statistic: 'Sum' };
    const unsuccessful = new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
      usingMetrics: { failed: machine.metricFailed(period), timedOut: machine.metricTimedOut(period), aborted: machine.metricAborted(period) },
      label: `${id} runs failed, timed out or stopped`,
      period: Duration.minutes(5),
    });
    this.alarm(`${id}Unsuccessful`, unsuccessful, { description: `A run of ${id} failed, timed out or was stopped.` });
  }

  /** Alarms on a function's errors (an error a caller sees, or a step's attempt that failed). */
  alarmOnFunction(id: string, fn: lambda.IFunction): void {
    this.alarm(`${id}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), {
      description: `The ${id} function reported errors.`,
    });
  }

  /** Alarms on the account's SES bounce and complaint rates (SES reputation metrics). */
  alarmOnSesReputation(): void {
    const rate = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    this.alarm('SesBounceRate', rate('Reputation.BounceRate'), {
      threshold: SES_BOUNCE_RATE_ALARM,
      description: 'SES bounce rate is near the 5 % at which AWS reviews the account: check the DCS and provider addresses.',
    });
    this.alarm('SesComplaintRate', rate('Reputation.ComplaintRate'), {
      threshold: SES_COMPLAINT_RATE_ALARM,
      description: 'SES complaint rate is near the 0.1 % at which AWS reviews the account.',
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, options: { description: string; threshold?: number }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${id}`, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    return alarm;
  }

  private letServiceWriteDeadLetters({ service, sourceArn }: { service: string; sourceArn: string }): void {
    if (this.servicesWritingDeadLetters.has(service)) return;
    this.servicesWritingDeadLetters.add(service);
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      }),
    );
  }
}
