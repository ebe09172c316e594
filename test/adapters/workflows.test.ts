/**
 * The state-machine client over a mocked SFN client: starting a run is idempotent by name, and answering a wait
 * that has ended is a result, not an exception.
 */
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../functions/adapters/config';
import { executionArnFor, WorkflowClient } from '../../functions/adapters/workflows';

const sfn = mockClient(SFNClient);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  sfn.restore();
});

const MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:sccif-inadequate:live';
const workflows = new WorkflowClient({ stateMachineArns: { inadequate: MACHINE } });

afterEach(() => {
  sfn.reset();
});

const metadata = { $metadata: {} };

describe('startProcess', () => {
  it('starts the process’s state machine with the execution name and the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date(0) });

    // Act
    const started = await workflows.startProcess({
      processId: 'inadequate',
      executionName: 'insp-0001--inadequate',
      input: { inspectionId: 'insp-0001' },
    });

    // Assess
    expect(started).toEqual({ executionArn: 'arn:exec', alreadyStarted: false });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: MACHINE,
      name: 'insp-0001--inadequate',
      input: '{"inspectionId":"insp-0001"}',
    });
  });

  it('treats a run of the same name as already started, with its execution ARN', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...metadata }));

    // Act
    const started = await workflows.startProcess({ processId: 'inadequate', executionName: 'insp-0001--inadequate', input: {} });

    // Assess
    expect(started).toEqual({
      executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:sccif-inadequate:insp-0001--inadequate',
      alreadyStarted: true,
    });
  });

  it('rethrows any other error', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new SFNServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', ...metadata }));

    // Act, Assess
    await expect(workflows.startProcess({ processId: 'inadequate', executionName: 'x', input: {} })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('names the variable when a process has no state machine configured', async () => {
    // Act
    const starting = workflows.startProcess({ processId: 'monitoring-visit', executionName: 'x', input: {} });

    // Assess
    await expect(starting).rejects.toBeInstanceOf(ConfigurationError);
    await expect(starting).rejects.toThrow(/STATE_MACHINE_ARNS.*monitoring-visit/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('derives the execution ARN from a state machine ARN with or without an alias', () => {
    expect(executionArnFor('arn:aws:states:eu-west-2:1:stateMachine:m', 'run')).toBe('arn:aws:states:eu-west-2:1:execution:m:run');
    expect(executionArnFor('arn:aws:states:eu-west-2:1:stateMachine:m:live', 'run')).toBe('arn:aws:states:eu-west-2:1:execution:m:run');
  });
});

describe('answering a wait', () => {
  it('delivers a task success with the output as JSON', async () => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const answer = await workflows.sendTaskSuccess('token-1', { decision: 'monitoring-visit' });

    // Assess
    expect(answer).toEqual({ delivered: true });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({
      taskToken: 'token-1',
      output: '{"decision":"monitoring-visit"}',
    });
  });

  it('delivers a task failure with its error name and cause', async () => {
    // Prepare
    sfn.on(SendTaskFailureCommand).resolves({});

    // Act
    const answer = await workflows.sendTaskFailure('token-1', 'ApprovalClosed', 'the approval was closed');

    // Assess
    expect(answer).toEqual({ delivered: true });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toEqual({
      taskToken: 'token-1',
      error: 'ApprovalClosed',
      cause: 'the approval was closed',
    });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'timed out', ...metadata }), 'task-timed-out'],
    ['InvalidToken', new InvalidToken({ message: 'invalid', ...metadata }), 'invalid-token'],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'gone', ...metadata }), 'task-does-not-exist'],
  ] as const)('reports %s as not delivered', async (_name, error, reason) => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).rejects(error);
    sfn.on(SendTaskFailureCommand).rejects(error);

    // Act
    const success = await workflows.sendTaskSuccess('token-1', {});
    const failure = await workflows.sendTaskFailure('token-1', 'E', 'c');

    // Assess
    expect(success).toEqual({ delivered: false, reason });
    expect(failure).toEqual({ delivered: false, reason });
  });

  it('rethrows an error that says nothing about the task', async () => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).rejects(new SFNServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'slow down', ...metadata }));

    // Act, Assess
    await expect(workflows.sendTaskSuccess('token-1', {})).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
