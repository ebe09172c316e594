/**
 * The managers' daily digest (functions/steps/send-daily-digest.ts) on an EventBridge Scheduler recurring schedule:
 * every day at 07:00 London time (the schedule keeps London time across the clock changes), before the working day.
 * Every day, not MON-FRI: which days are working days (weekends and England's bank holidays) is the calendar's rule
 * (functions/core/calendar.ts), read by the handler, and a cron expression cannot know the bank holidays. The handler
 * sends nothing on a day that is not a working day.
 *
 * The schedule passes the instant it fired for (<aws.scheduler.scheduled-time>): the digest's day is that one, so a
 * late retry never becomes the next day's digest. Its own role may invoke this function only (the target's grant).
 * What Scheduler cannot deliver, and what the function fails on after Lambda's retries, wait in alarmed dead-letter
 * queues. The local runtime reads this schedule from the synthesized template and fires it on the virtual clock.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { Operations } from './operations';

/** When the digest runs: London time, every day (the handler skips the days that are not working days). */
export const DAILY_DIGEST_AT = { hour: '7', minute: '0', timeZone: 'Europe/London' } as const;

export interface DailyDigestProps {
  fn: lambda.IFunction;
  operations: Operations;
}

export class DailyDigest extends Construct {
  readonly schedule: scheduler.Schedule;
  /** The schedule's own role: it may invoke the digest function (and write its dead-letter queue), nothing else. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DailyDigestProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge Scheduler: invokes the managers’ daily digest',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const deadLetters = props.operations.deadLetterQueue(this, 'UndeliveredDigests', {
      what: 'daily digests EventBridge Scheduler could not deliver to the function',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'SCCIF: the managers’ daily digest of the inspection plan (windows closing soon, registered-manager vacancies)',
      schedule: scheduler.ScheduleExpression.cron({
        minute: DAILY_DIGEST_AT.minute,
        hour: DAILY_DIGEST_AT.hour,
        timeZone: TimeZone.of(DAILY_DIGEST_AT.timeZone),
      }),
      target: new targets.LambdaInvoke(props.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        role: this.role,
        deadLetterQueue: deadLetters,
        retryAttempts: 10,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
