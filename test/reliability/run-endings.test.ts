/**
 * The stack's EventBridge rule on Step Functions execution status (FAILED, TIMED_OUT, ABORTED → record-run-failure),
 * emulated by the local runtime from the synthesized template (infra/local/execution-status-rule.ts): a run that ends
 * badly marks its inspection failed and tells operations through the operations topic (SNS), never by email.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import { addCalendarDays, londonDateOf, nextWorkingDay } from '../../functions/core/calendar';
import { executionStatusRules } from '../../infra/local/execution-status-rule';
import { loadTemplate } from '../../infra/local/template-cache';
import { fullInspectionBody, USERS } from './e2e-flows';
import { advanceUntil, call, execution, repositoryRoot, startTestRuntime, type TestRuntime } from './runtime-driver';

let rt: TestRuntime;

beforeAll(async () => {
  // In memory: how runs end is the engine's and the handlers' alone (faults of the servers: faults and outages).
  rt = await startTestRuntime('2027-03-01T08:00:00Z', 'in-memory');
}, 120_000);

afterAll(async () => {
  await rt?.stop();
});

beforeEach(() => {
  if (!process.env.DEBUG_LOGS) {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  }
  rt.plan = { mode: 'none', times: 0 };
  return () => {
    vi.restoreAllMocks();
  };
});

async function logFullInspection(): Promise<string> {
  const lastDay = nextWorkingDay(londonDateOf(rt.runtime.clock.now()));
  const logged = await call(rt.runtime, USERS.inspector, 'POST', '/inspections', fullInspectionBody(addCalendarDays(lastDay, -2), lastDay, USERS.inspector.id));
  expect(logged.status, logged.raw).toBe(201);
  return String(logged.body.id);
}

const noticesAbout = (inspectionId: string) => rt.runtime.operationsNotices.filter((notice) => notice.message.includes(inspectionId));

describe('the execution-status rule, read from the template', () => {
  it('is the stack’s rule: FAILED, TIMED_OUT and ABORTED runs of the SCCIF state machines go to record-run-failure', async () => {
    // The synthesized template of the sources as they are now: the runtime's own, from the cache keyed by their hash
    // (infra/local/template-cache.ts), not synthesized again (loading aws-cdk-lib was 2.7 s of this file's 4 s).
    const rules = executionStatusRules((await loadTemplate(repositoryRoot)).template);
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect([...rule!.statuses].sort()).toEqual(['ABORTED', 'FAILED', 'TIMED_OUT']);
    expect(rule!.targets).toEqual(['record-run-failure']);
    expect([...(rule!.stateMachineArns ?? [])].every((arn) => /:stateMachine:sccif-/.test(arn))).toBe(true);
    expect(rule!.stateMachineArns?.size).toBe(rt.runtime.engine.stateMachineArns().length);
  });
});

describe('a local run that ends badly', () => {
  it('stopped by a person (ABORTED): the inspection is marked failed and operations are told, by SNS', async () => {
    const inspectionId = await logFullInspection();
    const run = execution(rt.runtime, inspectionId, 'full-inspection')!;
    expect(run.status).toBe('RUNNING');
    const emailsBefore = (await rt.runtime.inbox()).length;

    rt.runtime.engine.stopExecution(run.executionArn);
    await advanceUntil(rt.runtime, async () => (await repository().requireInspection(inspectionId)).status === 'failed', 'the inspection is marked failed');

    expect(execution(rt.runtime, inspectionId, 'full-inspection')?.status).toBe('ABORTED');
    const calls = rt.calls.filter((entry) => entry.handlerId === 'record-run-failure');
    expect(calls.map((entry) => (entry.input as { detail: { status: string; name: string } }).detail)).toEqual([
      expect.objectContaining({ status: 'ABORTED', name: run.name }),
    ]);
    expect(noticesAbout(inspectionId).length).toBeGreaterThan(0);
    // Operations hear through SNS: no email was sent for it.
    expect((await rt.runtime.inbox()).length).toBe(emailsBefore);
  }, 120_000);

  it('failed for good (FAILED): record-run-failure gets the event after the run recorded its own failure', async () => {
    rt.plan = { mode: 'before', times: 0, timesFor: { 'compute-timeline': 1_000 }, errorNameFor: { 'compute-timeline': 'ValidationError' } };
    const inspectionId = await logFullInspection();
    await advanceUntil(rt.runtime, () => execution(rt.runtime, inspectionId, 'full-inspection')?.status !== 'RUNNING', 'the run ends');
    rt.plan = { mode: 'none', times: 0 };
    await rt.runtime.settle();

    expect(execution(rt.runtime, inspectionId, 'full-inspection')?.status).toBe('FAILED');
    const events = rt.calls
      .filter((entry) => entry.handlerId === 'record-run-failure')
      .map((entry) => (entry.input as { detail: { status: string; name: string } }).detail)
      .filter((detail) => detail.name.startsWith(inspectionId));
    expect(events).toEqual([expect.objectContaining({ status: 'FAILED' })]);
    expect((await repository().requireInspection(inspectionId)).status).toBe('failed');
    expect(noticesAbout(inspectionId).length).toBeGreaterThan(0);
  }, 120_000);
});
