/**
 * The local runtime's journal in --data-dir (infra/local/journal.ts) keeps the EventBridge Scheduler one-time
 * schedules (the long clocks, start-later) across a restart: a schedule not yet fired fires after the restart (at once
 * when its instant passed while the runtime was down), a fired or deleted one never fires again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalStepFunctions } from '../../infra/local/engine';
import { ExecutionJournal } from '../../infra/local/journal';
import { LocalScheduler } from '../../infra/local/scheduler-api';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sccif-journal-'));
  dirs.push(dir);
  return dir;
}

/** The engine as the scheduler uses it: StartExecution by name, recorded. */
function engine() {
  const started: { stateMachineArn: string; name?: string; input?: string }[] = [];
  const fake = {
    startExecution: (request: { stateMachineArn: string; name?: string; input?: string }) => {
      started.push(request);
      return { executionArn: `arn:aws:states:eu-west-2:000000000000:execution:sccif-rfc-inspection:${request.name}` };
    },
  };
  return { started, engine: fake as unknown as LocalStepFunctions };
}

const MACHINE = 'arn:aws:states:eu-west-2:000000000000:stateMachine:sccif-rfc-inspection';

function createBody(at: string, name: string, actionAfterCompletion = 'DELETE') {
  return {
    ScheduleExpression: `at(${at})`,
    ScheduleExpressionTimezone: 'UTC',
    ActionAfterCompletion: actionAfterCompletion,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
      RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
      Input: JSON.stringify({ StateMachineArn: MACHINE, Name: name, Input: JSON.stringify({ inspectionId: 'insp-1', resumeAt: 'twelve-month-check' }) }),
    },
  };
}

describe('one-time schedules in the journal', () => {
  it('a schedule not yet fired when the runtime stops fires after the restart, once, with its run name and input', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: new Date('2027-01-04T09:00:00Z') });
    const dir = dataDir();
    const before = engine();
    const first = new LocalScheduler(before.engine, new ExecutionJournal(dir));
    first.create('insp-1--rfc-twelve-month-check', createBody('2028-01-04T09:00:00', 'insp-1--rfc-inspection--twelve-month-check'));
    first.stop();
    expect(before.started).toHaveLength(0);

    // The runtime was down past the instant: the restored schedule fires at once.
    vi.setSystemTime(new Date('2028-02-01T09:00:00Z'));
    const after = engine();
    const journal = new ExecutionJournal(dir);
    const second = new LocalScheduler(after.engine, journal);
    second.restore(journal.schedules());
    expect(second.list().map((schedule) => schedule.name)).toEqual(['insp-1--rfc-twelve-month-check']);
    await vi.advanceTimersByTimeAsync(0);

    expect(after.started).toEqual([
      { stateMachineArn: MACHINE, name: 'insp-1--rfc-inspection--twelve-month-check', input: JSON.stringify({ inspectionId: 'insp-1', resumeAt: 'twelve-month-check' }) },
    ]);
    // Deleted after completion: a third start has nothing to fire.
    expect(new ExecutionJournal(dir).schedules()).toEqual([]);
    second.stop();
  });

  it('a schedule that has fired, or was deleted, does not fire again after a restart', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: new Date('2027-01-04T09:00:00Z') });
    const dir = dataDir();
    const before = engine();
    const first = new LocalScheduler(before.engine, new ExecutionJournal(dir));
    first.create('kept', createBody('2027-01-05T09:00:00', 'run-kept', 'NONE'));
    first.create('deleted', createBody('2027-01-06T09:00:00', 'run-deleted'));
    first.delete('deleted');
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    expect(before.started.map((request) => request.name)).toEqual(['run-kept']);
    first.stop();

    const after = engine();
    const journal = new ExecutionJournal(dir);
    const second = new LocalScheduler(after.engine, journal);
    second.restore(journal.schedules());
    await vi.advanceTimersByTimeAsync(30 * 86_400_000);
    expect(after.started).toEqual([]);
    // The fired schedule (ActionAfterCompletion NONE) is still listed, as on AWS.
    expect(second.list().map((schedule) => [schedule.name, schedule.firedAt?.toISOString()])).toEqual([['kept', '2027-01-05T09:00:00.000Z']]);
  });
});
