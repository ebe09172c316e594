/**
 * The state-machine client: starts process runs (idempotent by execution name), answers callback waits, and stops
 * the runs of an inspection a manager withdraws.
 * An answer to a wait that has ended (timed out, closed, token invalid) is a result, not an exception.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { ProcessId } from '../core/regulations';
import { config, ConfigurationError, type StateMachineArns } from './config';
import { resetOnNewContainer } from './container';
import { withLocalTransport } from './sdk-transport';

export type TaskResponse =
  | { delivered: true }
  | { delivered: false; reason: 'task-timed-out' | 'invalid-token' | 'task-does-not-exist' };

export interface StartProcess {
  processId: ProcessId;
  /** Letters, digits, `-` and `_`; the same name never starts a second run. */
  executionName: string;
  input: unknown;
}

/** The container's SFN client, created on first use: importing this module builds nothing. */
/**
 * The SDK module, loaded on first use (a dynamic import): a handler that never calls Step Functions, or not yet,
 * does not pay for loading it at cold start. The bench reports what the first call pays instead.
 */
let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
const sfnSdk = () => (sdk ??= import('@aws-sdk/client-sfn'));
let sfn: SFNClient | undefined;
resetOnNewContainer(() => {
  sfn?.destroy();
  sfn = undefined;
  defaultClient = undefined;
});

const UNDELIVERED: Record<string, Extract<TaskResponse, { delivered: false }>['reason']> = {
  TaskTimedOut: 'task-timed-out',
  InvalidToken: 'invalid-token',
  TaskDoesNotExist: 'task-does-not-exist',
};

/**
 * `arn:aws:states:<region>:<account>:stateMachine:<name>[:<alias>]` → the execution ARN of `executionName`.
 * Derived rather than described: the functions are granted StartExecution only.
 */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const [arn, partition, service, region, account, , name] = stateMachineArn.split(':');
  return [arn, partition, service, region, account, 'execution', name, executionName].join(':');
}

/** `arn:aws:states:<region>:<account>:stateMachine:<name>[:<alias>]` without its alias: the state machine's ARN. */
export const unqualified = (stateMachineArn: string): string => stateMachineArn.split(':').slice(0, 7).join(':');

/** What the client needs of Step Functions: the SDK client's `send` (the local runtime passes its engine's). */
export type StepFunctionsPort = Pick<SFNClient, 'send'>;

export class WorkflowClient {
  private readonly given: StepFunctionsPort | undefined;
  private readonly arns: () => StateMachineArns;

  constructor(options: { client?: StepFunctionsPort; stateMachineArns?: StateMachineArns } = {}) {
    this.given = options.client;
    const fixed = options.stateMachineArns;
    this.arns = fixed ? () => fixed : () => config.stateMachineArns;
  }

  /** The state machine (alias) ARN of a process, from STATE_MACHINE_ARNS. */
  stateMachineArn(processId: ProcessId): string {
    const arn = this.arns()[processId];
    if (!arn) throw new ConfigurationError(`environment variable STATE_MACHINE_ARNS has no state machine for ${processId}`);
    return arn;
  }

  /** Starts a run; a run of the same name (a retry) is reported as `alreadyStarted`, never as an error. */
  async startProcess({ processId, executionName, input }: StartProcess): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    const stateMachineArn = this.stateMachineArn(processId);
    const { StartExecutionCommand } = await sfnSdk();
    const client = await this.client();
    try {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
      return { executionArn: started.executionArn ?? executionArnFor(stateMachineArn, executionName), alreadyStarted: false };
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        return { executionArn: executionArnFor(stateMachineArn, executionName), alreadyStarted: true };
      }
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<TaskResponse> {
    const { SendTaskSuccessCommand } = await sfnSdk();
    const client = await this.client();
    return this.answer(() => client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  /** `error` is the name the state machine's Catch matches; `cause` is free text (keep personal data out of it). */
  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<TaskResponse> {
    const { SendTaskFailureCommand } = await sfnSdk();
    const client = await this.client();
    return this.answer(() => client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  /** The state machine (alias) ARNs of every process. */
  stateMachineArns(): string[] {
    return Object.values(this.arns());
  }

  /** The given client, else the container's, created on first use. */
  async client(): Promise<StepFunctionsPort> {
    if (this.given) return this.given;
    const { SFNClient } = await sfnSdk();
    return (sfn ??= new SFNClient(withLocalTransport({})));
  }

  private async answer(send: () => Promise<unknown>): Promise<TaskResponse> {
    try {
      await send();
      return { delivered: true };
    } catch (error) {
      const reason = error instanceof Error ? UNDELIVERED[error.name] : undefined;
      if (reason) return { delivered: false, reason };
      throw error;
    }
  }
}

let defaultClient: WorkflowClient | undefined;

/** The container's workflow client over the module SFN client and STATE_MACHINE_ARNS. */
export function workflows(): WorkflowClient {
  defaultClient ??= new WorkflowClient();
  return defaultClient;
}

/** Replaces the container's workflow client (the local runtime's in-process engine); `undefined` restores it. */
export function useWorkflows(replacement: WorkflowClient | undefined): void {
  defaultClient = replacement;
}

/**
 * Stops every running run of an inspection (`<inspectionId>--…`: its process, its follow-ups, their later runs), on
 * every state machine; `cause` is free text (keep personal data out of it). A run that ended meanwhile is not an
 * error. Answers the names of the runs stopped, so that a retry stops what is left and reports nothing twice. A
 * function, not a method of the client: only the withdrawal's Lambdas carry it.
 */
export async function stopRunsOf(runs: WorkflowClient, inspectionId: string, cause: string): Promise<string[]> {
  const { ListExecutionsCommand, StopExecutionCommand } = await sfnSdk();
  const client = await runs.client();
  const prefix = `${inspectionId}--`;
  const running: string[] = [];
  // Executions are listed by the state machine, not by the alias the runs were started through (all of them).
  for (const arn of new Set(runs.stateMachineArns().map(unqualified))) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 1000, nextToken }));
      for (const run of page.executions ?? []) {
        if (run.status === 'RUNNING' && run.name?.startsWith(prefix) && run.executionArn) running.push(run.executionArn);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const stopped: string[] = [];
  for (const executionArn of running) {
    try {
      await client.send(new StopExecutionCommand({ executionArn, error: 'InspectionWithdrawn', cause }));
      stopped.push(executionArn.split(':').at(-1) ?? executionArn);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionDoesNotExist')) throw error;
    }
  }
  return stopped;
}
