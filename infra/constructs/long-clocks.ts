/**
 * Long clocks (functions/core/long-clocks.ts): waits longer than a Step Functions run may last (one year) become
 * EventBridge Scheduler one-time schedules, in one schedule group, that start a later run of the process. The
 * schedules run with one role that may start only the processes named here; what they could not start waits in an
 * alarmed dead-letter queue.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { VARIABLE_OF } from '../../functions/adapters/config';
import type { ProcessId } from '../../functions/core/regulations';
import type { Operations } from './operations';
import { aliasArn } from './workflow';

export interface LongClocksProps {
  operations: Operations;
  /** The processes a schedule may start (those whose workflows set a long clock). */
  processes: readonly ProcessId[];
}

export class LongClocks extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: LongClocksProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: 'sccif-long-clocks' });
    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge Scheduler: starts the later runs of SCCIF processes that long clocks set',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: props.processes.map((processId) => aliasArn(this, processId)),
      }),
    );
    this.deadLetters = props.operations.deadLetterQueue(this, 'Undelivered', {
      what: 'later runs EventBridge Scheduler could not start after a day of retries',
    });
    this.deadLetters.grantSendMessages(this.role);
  }

  /** Lets a function delete the group's schedules (a withdrawn inspection's later runs), and tells it the group. */
  grantCancelLater(fn: lambda.Function): void {
    this.group.grant(fn, 'scheduler:DeleteSchedule');
    fn.addEnvironment(VARIABLE_OF.scheduleGroup, this.group.scheduleGroupName);
  }

  /**
   * Lets a function create one-time schedules in the group with the role, and tells it the group, the role and the
   * dead-letter queue (SCHEDULE_GROUP, SCHEDULER_ROLE_ARN, SCHEDULER_DLQ_ARN): the grant and the names go together.
   */
  grantStartLater(fn: lambda.Function): void {
    this.group.grant(fn, 'scheduler:CreateSchedule');
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    fn.addEnvironment(VARIABLE_OF.scheduleGroup, this.group.scheduleGroupName);
    fn.addEnvironment(VARIABLE_OF.schedulerRoleArn, this.role.roleArn);
    fn.addEnvironment(VARIABLE_OF.schedulerDlqArn, this.deadLetters.queueArn);
  }
}
