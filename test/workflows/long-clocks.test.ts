/**
 * Long clocks: no run waits past AWS's one-year limit on a Standard execution. A family centre judged inadequate is
 * next inspected within 12 months (RFC framework §45): the RFC run sets an EventBridge Scheduler one-time schedule for
 * that deadline and ends; at the deadline the (local) scheduler starts a later run of the same process, which checks
 * for the next inspection to be logged, escalating it on the escalation cadence until it is. All on the virtual clock, with the synthesized ASL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { londonDateOf, londonTimeOn, type LocalDate } from '../../functions/core/calendar';
import { timelineFor } from '../../functions/core/inspection';
import { LONGEST_RUN_DAYS, laterRunName } from '../../functions/core/long-clocks';
import { runHandler } from '../../infra/local/virtual-clock';
import { api, execution, executionsOf, fullInspectionRequest, outbox, record, startRuntime, urnOf, users } from './harness';
import { rfcInadequateOutcome } from '../support/outcomes';

const DAY_MS = 86_400_000;
let runtime: LocalRuntime;

beforeAll(async () => {
  // Monday 4 January 2027, 09:00 London: the last day of the inspection.
  runtime = await startRuntime('2027-01-04T09:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

async function dueOf(inspectionId: string, stepId: string): Promise<{ day: LocalDate; at: string }> {
  const step = timelineFor(await record(runtime, inspectionId), 'rfc-inspection').steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`no ${stepId}`);
  return { day: step.dueLondonDate, at: step.due };
}

describe('the family centre’s 12-month return after an inadequate judgement (RFC §45)', () => {
  let inspectionId: string;

  it('ends the RFC run once its reports and case discussion are done, with the 12-month check set as a schedule', async () => {
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
      ...fullInspectionRequest('2027-01-01', '2027-01-04', 'residential-family-centre'),
      process: 'rfc-inspection',
      children: [],
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    inspectionId = String(logged.body.id);
    const judged = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, rfcInadequateOutcome({ immediateRiskOfHarm: false }));
    expect(judged.status, JSON.stringify(judged.body)).toBe(200);

    // RFC framework §42-44: a social care compliance inspector decides the case discussion.
    const queue = await api(runtime, users.complianceInspector, 'GET', '/approvals');
    const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
    const decided = await api(runtime, users.complianceInspector, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'requirements-only',
      rationale: 'Requirements set; no enforcement at this stage.',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    for (const stepId of ['report-to-provider', 'publish']) {
      const { day } = await dueOf(inspectionId, stepId);
      await runtime.advanceTo(new Date(londonTimeOn(day, '10:00')));
      const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/${stepId}`, { on: day });
      expect(recorded.status, `${stepId}: ${JSON.stringify(recorded.body)}`).toBe(200);
    }

    const run = execution(runtime, inspectionId, 'rfc-inspection');
    expect(run?.status).toBe('SUCCEEDED');
    const next = await dueOf(inspectionId, 'next-inspection-latest');
    expect(next.day).toBe('2028-01-04');
    const [schedule] = runtime.scheduler.list();
    expect(schedule).toMatchObject({
      groupName: 'sccif-long-clocks',
      at: new Date(next.at),
      target: { name: laterRunName(inspectionId, 'rfc-inspection', 'next-inspection-latest') },
    });
    expect(JSON.parse(schedule!.target.input!)).toEqual({ inspectionId, resumeAt: 'next-inspection-latest' });
  });

  it('sets the clock once however often the step is retried', async () => {
    const { handler } = await import('../../functions/steps/start-later');
    const { at } = await dueOf(inspectionId, 'next-inspection-latest');
    const again = await runHandler('start-later', () =>
      handler({ inspectionId, process: 'rfc-inspection', stepId: 'next-inspection-latest', dueAt: at }, {} as never),
    );
    expect(again).toEqual({ startsAt: new Date(at).toISOString(), how: 'scheduled', already: true });
    expect(runtime.scheduler.list()).toHaveLength(1);
  });

  it('starts a later run at the deadline that escalates the missing next inspection until it is logged, and no run lasts a year', async () => {
    const next = await dueOf(inspectionId, 'next-inspection-latest');
    // The day before: nothing has started, nothing is escalated.
    await runtime.advanceTo(new Date(new Date(next.at).getTime() - DAY_MS));
    expect(executionsOf(runtime, 'rfc-inspection')).toHaveLength(1);

    await runtime.advanceTo(new Date(new Date(next.at).getTime() + 60_000));
    const laterName = laterRunName(inspectionId, 'rfc-inspection', 'next-inspection-latest');
    const later = () => runtime.engine.listExecutions().find((candidate) => candidate.name === laterName);
    expect(later()?.status).toBe('RUNNING');
    expect(later()?.startDate.toISOString()).toBe(new Date(next.at).toISOString());
    expect(later()?.events.filter((event) => event.type === 'StateEntered').map((event) => event.state).slice(0, 3)).toEqual([
      'Started at a step?',
      'Measure time left: Await recorded: next inspection',
      'Await recorded: next inspection',
    ]);
    expect(runtime.scheduler.list()).toEqual([]);
    expect(runtime.scheduler.fired).toHaveLength(1);

    const escalations = async () => (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:rfc-inspection:next-inspection-latest'));
    const first = await escalations();
    expect(first.map((email) => email.recipientKey).sort()).toEqual(['manager', 'senior-manager']);
    // At the deadline (the end of its day): named by the first working day it is overdue, sent within the minute.
    expect(Date.parse(String(first[0]?.sentAt)) - Date.parse(next.at)).toBeLessThanOrEqual(60_000);

    // Still not logged a week on: escalated again on the next working days (the cadence), not once only.
    await runtime.advanceTo(new Date(new Date(next.at).getTime() + 7 * DAY_MS));
    const days = [...new Set((await escalations()).map((email) => email.duty.split(':').at(-1)))].sort();
    expect(days).toEqual(['2028-01-05', '2028-01-06', '2028-01-07', '2028-01-10', '2028-01-11']);

    // The next inspection is logged as this one's return: the later run's wait is answered and it ends.
    const today = londonDateOf(runtime.clock.now());
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
      ...fullInspectionRequest(today, today, 'residential-family-centre', await urnOf(runtime, inspectionId)),
      process: 'rfc-inspection',
      children: [],
      followUpOf: inspectionId,
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    await runtime.settle();
    expect(later()?.status).toBe('SUCCEEDED');
    expect(later()?.events.some((event) => event.type === 'StateEntered' && event.state === 'Next inspection carried out')).toBe(true);

    for (const run of runtime.engine.listExecutions()) {
      // This inspection's runs have all ended; the next inspection's own run has just begun.
      if (run.name.startsWith(`${inspectionId}--`)) expect(run.status, run.name).toBe('SUCCEEDED');
      const lasted = (run.stopDate ?? runtime.clock.now()).getTime() - run.startDate.getTime();
      expect(lasted / DAY_MS, run.name).toBeLessThan(LONGEST_RUN_DAYS);
    }
    expect(await record(runtime, inspectionId)).toMatchObject({ status: expect.not.stringMatching(/^failed$/) });
  });
});
