/**
 * Long clocks: a run of a process started at a later instant by an EventBridge Scheduler one-time schedule, for waits
 * longer than a Step Functions execution may last (one year). The schedule starts the run through the universal
 * target `sfn:startExecution`, so the run has the name we give it: a schedule that fires twice (or a step that is
 * retried after it fired) never starts a second run. The schedule's name is derived from the run's, so creating it
 * again is a ConflictException, which is the answer "already scheduled".
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { config } from './config';
import { resetOnNewContainer } from './container';
import { withLocalTransport } from './sdk-transport';

export interface ScheduledStart {
  /** Schedule name: letters, digits, `.`, `_`, `-`; at most 64 characters. */
  scheduleName: string;
  /** When the run starts (UTC). */
  at: Date;
  stateMachineArn: string;
  executionName: string;
  input: unknown;
}

/** The container's Scheduler client, created on first use: importing this module builds nothing. */
/** The SDK module, loaded on first use (a dynamic import), not at cold start. */
let sdk: Promise<typeof import('@aws-sdk/client-scheduler')> | undefined;
const schedulerSdk = () => (sdk ??= import('@aws-sdk/client-scheduler'));
let scheduler: SchedulerClient | undefined;
resetOnNewContainer(() => {
  scheduler?.destroy();
  scheduler = undefined;
  defaultScheduler = undefined;
});

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, to the second (EventBridge Scheduler's one-time expression). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

export class Scheduler {
  constructor(private readonly given?: SchedulerClient) {}

  /** Creates the one-time schedule; one that exists already is reported as `alreadyScheduled`, never as an error. */
  async startLater(start: ScheduledStart): Promise<{ alreadyScheduled: boolean }> {
    const { CreateScheduleCommand } = await schedulerSdk();
    const client = await this.client();
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: start.scheduleName,
          GroupName: config.scheduleGroup,
          ScheduleExpression: atExpression(start.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          // Gone once it has fired; the run's name still keeps a late retry from starting a second one.
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
            RoleArn: config.schedulerRoleArn,
            Input: JSON.stringify({ StateMachineArn: start.stateMachineArn, Name: start.executionName, Input: JSON.stringify(start.input) }),
            // A day of retries (throttling, a brief outage), then the dead-letter queue, which is alarmed.
            RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
            DeadLetterConfig: { Arn: config.schedulerDlqArn },
          },
        }),
      );
      return { alreadyScheduled: false };
    } catch (error) {
      if (error instanceof Error && error.name === 'ConflictException') {
        return { alreadyScheduled: true };
      }
      throw error;
    }
  }

  /** Deletes a schedule that has not fired yet (a withdrawn inspection's later run); one already gone is `cancelled: false`. */
  async cancel(scheduleName: string): Promise<{ cancelled: boolean }> {
    const { DeleteScheduleCommand } = await schedulerSdk();
    const client = await this.client();
    try {
      await client.send(new DeleteScheduleCommand({ Name: scheduleName, GroupName: config.scheduleGroup }));
      return { cancelled: true };
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return { cancelled: false };
      throw error;
    }
  }

  private async client(): Promise<SchedulerClient> {
    const { SchedulerClient } = await schedulerSdk();
    return this.given ?? (scheduler ??= new SchedulerClient(withLocalTransport({ maxAttempts: 4 })));
  }
}

let defaultScheduler: Scheduler | undefined;

export function schedules(): Scheduler {
  defaultScheduler ??= new Scheduler();
  return defaultScheduler;
}
