/**
 * Runs the synthesized state machines locally with aws-local-stepfunctions, every Task mapped to its real handler.
 * It adds what the local engine lacks and AWS has: executions by name (same name, same input ⇒ same execution),
 * `.waitForTaskToken` with real tokens and SendTaskSuccess/Failure, and the Step Functions start-execution
 * integrations (fire-and-forget and `.sync:2`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import './promise-with-resolvers';
import { StateMachine } from 'aws-local-stepfunctions';
import { localExecutionArn, type LocalStateMachineDefinition } from './template';
import { runHandler } from './virtual-clock';

/** A Lambda handler as the runtime calls it. */
export type LocalHandler = (event: unknown, context: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface ExecutionEvent {
  type: string;
  timestamp: number;
  state?: string;
  error?: string;
}

export interface LocalExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  events: ExecutionEvent[];
  done: Promise<void>;
}

export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export class ExecutionAlreadyExists extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}
export class StateMachineDoesNotExist extends Error {
  override readonly name = 'StateMachineDoesNotExist';
}
export class ExecutionDoesNotExist extends Error {
  override readonly name = 'ExecutionDoesNotExist';
}
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}
export class TaskTimedOut extends Error {
  override readonly name = 'TaskTimedOut';
}

const TOKEN_PLACEHOLDER = '__local_task_token__';
/** What a Task of a stopped run waits for. */
const NEVER: Promise<never> = new Promise(() => undefined);
const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:\d+:function:([A-Za-z0-9_-]+)$/;
const WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const START_EXECUTION = /^arn:aws:states:::states:startExecution(\.sync(:2)?)?$/;

interface TaskState {
  Type: 'Task';
  Resource: string;
  Parameters?: Record<string, unknown>;
}

function taskStates(definition: Record<string, unknown>): Map<string, TaskState> {
  const found = new Map<string, TaskState>();
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') found.set(name, state as unknown as TaskState);
      for (const branch of (state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) {
        visit(branch.States);
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
      if (processor) visit(processor.States);
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return found;
}

function replaceToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((item) => replaceToken(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceToken(item, token)]));
  }
  return value;
}

interface PendingTask {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  executionArn: string;
  state: string;
}

export interface LocalStepFunctionsOptions {
  machines: readonly LocalStateMachineDefinition[];
  handlers: ReadonlyMap<string, LocalHandler>;
  /** Called around every handler invocation, e.g. to count work in flight. */
  onInvoke?: (handlerId: string, phase: 'start' | 'end') => void;
  /** Told of every execution started (before it runs) and finished: the runtime's journal with --data-dir. */
  journal?: {
    recordStarted(entry: { stateMachineArn: string; executionArn: string; name: string; input: string; startDate: string }): void;
    recordFinished(entry: {
      executionArn: string;
      status: Exclude<ExecutionStatus, 'RUNNING'>;
      stopDate: string;
      output?: string;
      error?: string;
      cause?: string;
      events: ExecutionEvent[];
    }): void;
  };
  /**
   * Told of every execution that ends (succeeded, failed, aborted) while the runtime runs, after the journal: the
   * EventBridge rules on execution status (execution-status-rule.ts). Not told of runs stopped by the shutdown.
   */
  onFinished?: (execution: LocalExecution) => void;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, { definition: LocalStateMachineDefinition; engine: StateMachine; overrides: Record<string, (input: unknown) => Promise<unknown>> }>();
  private readonly executions = new Map<string, LocalExecution>();
  private readonly pendingTasks = new Map<string, PendingTask>();
  private readonly aborts = new Map<string, () => void>();
  private inFlight = 0;
  private shuttingDown = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalStepFunctionsOptions) {
    const missing: string[] = [];
    for (const machine of options.machines) {
      const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
      for (const [stateName, state] of taskStates(machine.definition)) {
        const override = this.overrideFor(machine.name, stateName, state);
        if (override) overrides[stateName] = override;
        else missing.push(`${machine.name} › ${stateName} (${state.Resource})`);
      }
      // The engine's own validation costs 80-225 ms per machine at every start; the same definitions are checked by
      // asl-validator in the infra tests and by AWS at deploy, so it is skipped here.
      const engine = new StateMachine(machine.definition as never, { validationOptions: { noValidate: true } });
      this.machines.set(machine.arn, { definition: machine, engine, overrides });
    }
    if (missing.length > 0) {
      throw new Error(`refusing to start: these Task states have no local handler and would call AWS:\n  ${missing.join('\n  ')}`);
    }
  }

  /** Handler invocations in flight (a state machine is idle when this is 0 and no timer is due). */
  get busy(): number {
    return this.inFlight;
  }

  /** Resolves when no handler invocation is in flight (at once if none is). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stateMachineArns(): string[] {
    return [...this.machines.keys()];
  }

  /** Invokes a handler outside any run (an EventBridge target), counted as work in flight like a task's. */
  invokeHandler(handlerId: string, event: unknown): Promise<unknown> {
    return this.invoke(handlerId, event);
  }

  private async invoke(handlerId: string, event: unknown): Promise<unknown> {
    const handler = this.options.handlers.get(handlerId);
    if (!handler) throw new Error(`no handler ${handlerId}`);
    this.inFlight += 1;
    this.options.onInvoke?.(handlerId, 'start');
    try {
      return await runHandler(handlerId, () => handler(event, localLambdaContext(handlerId)));
    } finally {
      this.inFlight -= 1;
      this.options.onInvoke?.(handlerId, 'end');
      if (this.inFlight === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  /**
   * A stopped run's Task never starts: the engine library resolves a Wait at once when its run is aborted and goes on
   * to the next state, whose handler would otherwise run (and send) while the runtime stops.
   */
  private overrideFor(machineName: string, stateName: string, state: TaskState) {
    const override = this.taskOverride(machineName, stateName, state);
    return override && ((input: unknown) => (this.shuttingDown ? NEVER : override(input)));
  }

  private taskOverride(machineName: string, stateName: string, state: TaskState) {
    const lambda = LAMBDA_ARN.exec(state.Resource);
    if (lambda && this.options.handlers.has(lambda[1]!)) {
      const handlerId = lambda[1]!;
      return (input: unknown) => this.invoke(handlerId, input);
    }
    if (state.Resource === WAIT_FOR_TOKEN) {
      const functionArn = String(state.Parameters?.FunctionName ?? '');
      const handlerId = LAMBDA_ARN.exec(functionArn)?.[1];
      if (!handlerId || !this.options.handlers.has(handlerId)) return undefined;
      return (input: unknown) => this.waitForToken(handlerId, stateName, input as { Payload?: unknown });
    }
    if (START_EXECUTION.test(state.Resource)) {
      const sync = state.Resource.includes('.sync');
      return (input: unknown) => this.startFromTask(input as { StateMachineArn: string; Name?: string; Input?: unknown }, sync);
    }
    void machineName;
    return undefined;
  }

  private async waitForToken(handlerId: string, stateName: string, input: { Payload?: unknown }): Promise<unknown> {
    // Opaque and unguessable, as AWS's are: two UUIDs (randomUUID draws from a cached pool, cheap at a year's rate).
    const token = `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const executionArn = String((input.Payload as { executionArn?: string } | undefined)?.executionArn ?? '');
    this.pendingTasks.set(token, { resolve, reject, executionArn, state: stateName });
    const settle = () => this.pendingTasks.delete(token);
    promise.then(settle, settle);
    try {
      await this.invoke(handlerId, replaceToken(input.Payload, token));
    } catch (error) {
      this.pendingTasks.delete(token);
      throw error;
    }
    return promise;
  }

  private async startFromTask(
    parameters: { StateMachineArn: string; Name?: string; Input?: unknown },
    sync: boolean,
  ): Promise<unknown> {
    const input = typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input ?? {});
    const started = this.startExecution({ stateMachineArn: parameters.StateMachineArn, name: parameters.Name, input });
    if (!sync) return { ExecutionArn: started.executionArn, StartDate: started.startDate.toISOString() };
    const execution = this.execution(started.executionArn);
    await execution.done;
    if (execution.status !== 'SUCCEEDED') {
      throw new TaskFailure('States.TaskFailed', `child execution ${execution.name} ${execution.status}: ${execution.error ?? ''}`);
    }
    return {
      ExecutionArn: execution.executionArn,
      Output: JSON.parse(execution.output ?? 'null') as unknown,
      Status: execution.status,
      StartDate: execution.startDate.toISOString(),
      StopDate: execution.stopDate?.toISOString(),
    };
  }

  /** StartExecution: a second start with the same name and input returns the first execution. */
  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): LocalExecution & { alreadyStarted: boolean } {
    const machine = this.machines.get(request.stateMachineArn) ?? this.machineByAlias(request.stateMachineArn);
    if (!machine) throw new StateMachineDoesNotExist(`State machine does not exist: ${request.stateMachineArn}`);
    const name = request.name ?? randomBytes(16).toString('hex');
    const input = request.input ?? '{}';
    const executionArn = localExecutionArn(machine.definition.name, name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input !== input) throw new ExecutionAlreadyExists(`Execution already exists: '${executionArn}'`);
      return { ...existing, alreadyStarted: true };
    }
    const parsedInput = JSON.parse(input) as never;
    this.options.journal?.recordStarted({ stateMachineArn: machine.definition.arn, executionArn, name, input, startDate: new Date().toISOString() });
    const run = machine.engine.run(parsedInput, {
      overrides: { taskResourceLocalHandlers: machine.overrides as never },
      context: { Task: { Token: TOKEN_PLACEHOLDER }, Execution: { Id: executionArn, Name: name, Input: parsedInput } } as never,
      noThrowOnAbort: true,
    });
    const execution: LocalExecution = {
      executionArn,
      stateMachineArn: machine.definition.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      events: [],
      done: Promise.resolve(),
    };
    execution.done = run.result.then(
      (output: unknown) => {
        if (execution.status === 'RUNNING') {
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output ?? null);
        }
        execution.stopDate = new Date();
      },
      (error: Error & { cause?: unknown }) => {
        execution.status = 'FAILED';
        execution.error = error.name;
        execution.cause = error.message;
        execution.stopDate = new Date();
      },
    ).then(() => {
      if (this.shuttingDown) return;
      this.journalFinished(execution);
      this.options.onFinished?.(execution);
    });
    void this.collectEvents(execution, run.eventLogs as AsyncGenerator<Record<string, unknown>>);
    this.executions.set(executionArn, execution);
    this.aborts.set(executionArn, () => {
      execution.status = 'ABORTED';
      run.abort();
    });
    return { ...execution, alreadyStarted: false };
  }

  private journalFinished(execution: LocalExecution): void {
    if (execution.status === 'RUNNING') return;
    this.options.journal?.recordFinished({
      executionArn: execution.executionArn,
      status: execution.status,
      stopDate: (execution.stopDate ?? new Date()).toISOString(),
      ...(execution.output !== undefined ? { output: execution.output } : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
      events: execution.events,
    });
  }

  /** Puts back an execution that finished before a restart (from the journal): listed, described, never run again. */
  restore(execution: Omit<LocalExecution, 'done'>): void {
    if (this.executions.has(execution.executionArn)) return;
    this.executions.set(execution.executionArn, { ...execution, done: Promise.resolve() });
  }

  private machineByAlias(arn: string) {
    // `arn:...:stateMachine:<name>:<alias or version>` starts the machine itself locally (one version exists).
    const base = arn.split(':').slice(0, 7).join(':');
    return this.machines.get(base);
  }

  private async collectEvents(execution: LocalExecution, events: AsyncGenerator<Record<string, unknown>>) {
    for await (const event of events) {
      const state = (event.state as { name?: string } | undefined)?.name;
      execution.events.push({
        type: String(event.type),
        timestamp: Number(event.timestamp),
        ...(state ? { state } : {}),
        ...(event.Error ? { error: String(event.Error) } : {}),
      });
    }
  }

  execution(executionArn: string): LocalExecution {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ExecutionDoesNotExist(`Execution does not exist: ${executionArn}`);
    return execution;
  }

  listExecutions(stateMachineArn?: string): LocalExecution[] {
    return [...this.executions.values()].filter(
      (execution) => !stateMachineArn || execution.stateMachineArn === stateMachineArn,
    );
  }

  stopExecution(executionArn: string): void {
    this.execution(executionArn);
    this.aborts.get(executionArn)?.();
  }

  sendTaskSuccess(token: string, output: string): void {
    const task = this.pendingTasks.get(token);
    if (!task) throw new InvalidToken('Invalid Token: the task is not waiting (done, timed out or unknown)');
    task.resolve(JSON.parse(output) as unknown);
  }

  sendTaskFailure(token: string, error = 'TaskFailed', cause = ''): void {
    const task = this.pendingTasks.get(token);
    if (!task) throw new InvalidToken('Invalid Token: the task is not waiting (done, timed out or unknown)');
    task.reject(new TaskFailure(error, cause));
  }

  /** Stops every running execution (for a clean shutdown). */
  stopAll(): void {
    this.shuttingDown = true;
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING') this.aborts.get(execution.executionArn)?.();
    }
  }
}

export function localLambdaContext(functionName: string) {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `local:${functionName}`,
    memoryLimitInMB: '512',
    // A UUID, as Lambda's request ids are (randomUUID draws from a cached pool: cheap at a simulated year's rate).
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
