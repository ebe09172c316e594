/**
 * POST /inspections/{id}/withdrawal: what the handler asks of Step Functions and EventBridge Scheduler (mocked at the
 * SDK clients), and what the register and the plan say of a withdrawn inspection. The runs themselves being stopped
 * on the engine: test/workflows/withdrawal.test.ts.
 */
import { DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ExecutionDoesNotExist, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { planOf } from '../../../functions/app/establishments';
import { scheduleNameFor } from '../../../functions/core/long-clocks';
import { get, MANAGER, post, STATE_MACHINE_ARNS, storedInspection, useApiHarness, WILLOW_REGISTER_ENTRY } from './api-harness';

const NOW = '2027-01-05T10:00:00.000Z';
const harness = useApiHarness(NOW);
const scheduler = mockClient(SchedulerClient);
process.env.SCHEDULE_GROUP = 'sccif-long-clocks';
afterAll(() => scheduler.restore());

const REASON = 'Logged twice by mistake: the other record is the right one.';
const machine = (process: keyof typeof STATE_MACHINE_ARNS) => STATE_MACHINE_ARNS[process].split(':').slice(0, 7).join(':');
const run = (process: keyof typeof STATE_MACHINE_ARNS, name: string, status = 'RUNNING') => ({
  executionArn: `${machine(process).replace(':stateMachine:', ':execution:')}:${name}`,
  name,
  status,
  stateMachineArn: machine(process),
  startDate: new Date(NOW),
});

beforeEach(() => {
  scheduler.reset();
  scheduler.on(DeleteScheduleCommand).resolves({});
});

describe('withdrawing: the runs and the later runs', () => {
  it('stops the running runs of this inspection only, on every state machine, and cancels the later runs it scheduled', async () => {
    await storedInspection({ id: 'insp-0001', process: 'rfc-inspection', status: 'in-progress' });
    await repository().audit('insp-0001', { at: NOW, actor: 'system', event: 'run-scheduled', detail: { process: 'rfc-inspection', stepId: 'next-inspection', startsAt: '2027-12-01T09:00:00.000Z', how: 'scheduled' } });
    // Started at once (a due instant already past): nothing to cancel.
    await repository().audit('insp-0001', { at: NOW, actor: 'system', event: 'run-scheduled', detail: { process: 'rfc-inspection', stepId: 'earlier-step', startsAt: NOW, how: 'started' } });
    harness.sfn.on(ListExecutionsCommand).callsFake((input: { stateMachineArn: string }) => ({
      executions:
        input.stateMachineArn === machine('rfc-inspection')
          ? [
              run('rfc-inspection', 'insp-0001--rfc-inspection'),
              run('rfc-inspection', 'insp-0001--rfc-inspection--next-inspection', 'SUCCEEDED'),
              // Another inspection whose id starts with this one's.
              run('rfc-inspection', 'insp-00012--rfc-inspection'),
            ]
          : input.stateMachineArn === machine('monitoring-visit')
            ? [run('monitoring-visit', 'insp-0001--monitoring-visit')]
            : [],
    }));
    harness.sfn
      .on(StopExecutionCommand)
      .resolves({ stopDate: new Date(NOW) })
      // Ended between the listing and the stop: not an error.
      .on(StopExecutionCommand, { executionArn: run('monitoring-visit', 'insp-0001--monitoring-visit').executionArn })
      .rejects(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));

    const answer = await post('/inspections/insp-0001/withdrawal', MANAGER, { reason: REASON });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'withdrawn', runsStopped: ['insp-0001--rfc-inspection'], laterRunsCancelled: 1 });
    // Every state machine listed, by its own ARN (not the alias the runs were started through), running runs only.
    const listed = harness.sfn.commandCalls(ListExecutionsCommand).map((call) => call.args[0].input);
    expect(listed.map((input) => input.stateMachineArn).sort()).toEqual(Object.keys(STATE_MACHINE_ARNS).map((process) => machine(process as keyof typeof STATE_MACHINE_ARNS)).sort());
    expect(listed.every((input) => input.statusFilter === 'RUNNING')).toBe(true);
    const stops = harness.sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input);
    expect(stops.map((input) => input.executionArn?.split(':').at(-1)).sort()).toEqual(['insp-0001--monitoring-visit', 'insp-0001--rfc-inspection']);
    expect(stops[0]).toMatchObject({ error: 'InspectionWithdrawn' });
    expect(stops[0]?.cause).not.toContain(REASON);
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: scheduleNameFor('insp-0001--rfc-inspection--next-inspection'), GroupName: 'sccif-long-clocks' },
    ]);
  });

  it('counts a schedule already gone (fired, or cancelled by an interrupted request) as nothing to cancel', async () => {
    await storedInspection({ id: 'insp-0001', process: 'rfc-inspection', status: 'in-progress' });
    await repository().audit('insp-0001', { at: NOW, actor: 'system', event: 'run-scheduled', detail: { process: 'rfc-inspection', stepId: 'next-inspection', startsAt: '2027-12-01T09:00:00.000Z', how: 'scheduled' } });
    harness.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: "no schedule", Message: "no schedule", $metadata: {} }));
    const answer = await post('/inspections/insp-0001/withdrawal', MANAGER, { reason: REASON });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ runsStopped: [], laterRunsCancelled: 0 });
  });
});

describe('withdrawing: the register and the plan', () => {
  it('leaves the withdrawn inspection out of the establishment’s judgement, history and plan', async () => {
    expect((await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY)).status).toBe(201);
    harness.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const judged = await storedInspection({
      id: 'insp-0001',
      status: 'in-progress',
      outcome: {
        outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Staff do not report missing children.' },
        recordedBy: 'inspector-1',
        recordedAt: '2026-12-22T17:00:00.000Z',
      },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:00:01.000Z', origin: 'full-inspection' } },
    });
    const before = await get('/establishments/SC123456', MANAGER);
    expect(before.body.currentJudgement).toMatchObject({ judgement: 'inadequate', inspectionId: judged.id });
    const withoutIt = planOf({ ...WILLOW_REGISTER_ENTRY, kind: 'childrens-home' } as Parameters<typeof planOf>[0], [], before.body.plan.year, new Date(NOW));
    expect(before.body.plan.windows).not.toEqual(withoutIt.windows);

    expect((await post('/inspections/insp-0001/withdrawal', MANAGER, { reason: REASON })).status).toBe(200);
    const after = await get('/establishments/SC123456', MANAGER);
    expect(after.body.currentJudgement).toBeUndefined();
    expect(after.body.plan.windows).toEqual(withoutIt.windows);
    expect(after.body.openProcesses).toEqual([]);
    expect(after.body.inspections).toEqual([expect.objectContaining({ id: judged.id, status: 'withdrawn' })]);
  });
});
