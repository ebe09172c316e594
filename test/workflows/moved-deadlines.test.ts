/**
 * A manager's correction moves a waited step's deadline earlier: the run waiting on it measures the deadline again
 * (DeadlineMoved, core/moved-deadlines.ts) and escalates at the new deadline, not at the one measured when the wait
 * began. The synthesized state machines on the virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addWorkingDays, londonTimeOn } from '../../functions/core/calendar';
import { activeStates, api, assuranceVisitRequest, execution, loggedInspection, outbox, startRuntime, timelineStep, users } from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Monday 4 January 2027, 09:00 London.
  runtime = await startRuntime('2027-01-04T09:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const escalationsOf = async (inspectionId: string, stepId: string) =>
  (await outbox(inspectionId)).filter((email) => email.duty.startsWith(`escalation:assurance-visit:${stepId}:`));

describe('a deadline moved earlier by a correction', () => {
  it('escalates the report at its corrected deadline, two working days before the one the wait began with', async () => {
    // Day 1 Tue 5 Jan 2027; the visit recorded as ending on day 3, Thu 7 Jan: the report is due 18 working days later.
    const inspectionId = await loggedInspection(runtime, assuranceVisitRequest('2027-01-05'));
    await runtime.advanceTo(new Date('2027-01-07T16:00:00Z'));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, { process: 'assurance-visit', seriousOrWidespreadConcerns: false })).status).toBe(200);
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/visit-end`, { on: '2027-01-07' })).status).toBe(200);
    const waitedFrom = await timelineStep(runtime, inspectionId, 'assurance-visit', 'report-to-provider');
    expect(waitedFrom?.due.slice(0, 10)).toBe('2027-02-02');
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toContain('Await recorded: report to provider');

    // The visit in fact ended on day 1: the report is due two working days earlier, Fri 29 Jan.
    const corrected = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/visit-end`, {
      on: '2027-01-05',
      correction: true,
      reason: 'The visit ended on its first day: the inspector left early.',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const moved = await timelineStep(runtime, inspectionId, 'assurance-visit', 'report-to-provider');
    expect(moved?.due.slice(0, 10)).toBe('2027-01-29');

    // The first working day after the corrected deadline (Mon 1 Feb), a day before the old one: escalated.
    await runtime.advanceTo(new Date(londonTimeOn(addWorkingDays('2027-01-29', 1).date, '09:00')));
    const escalations = await escalationsOf(inspectionId, 'report-to-provider');
    expect(escalations.map((email) => email.duty)).toContain('escalation:assurance-visit:report-to-provider:2027-02-01');
    expect(escalations.every((email) => email.status === 'sent')).toBe(true);
    // And the run still waits for the report to be recorded.
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toContain('Await recorded: report to provider');
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('RUNNING');
  });
});
