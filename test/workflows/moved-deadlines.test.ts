/**
 * A manager's correction moves a waited step's deadline earlier: the run waiting on it measures the deadline again
 * (DeadlineMoved, core/moved-deadlines.ts) and escalates at the new deadline, not at the one measured when the wait
 * began. The synthesized state machines on the virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, addWorkingDays, londonDateOf, londonTimeOn, parseLocalDate } from '../../functions/core/calendar';
import {
  activeStates,
  advanceUntil,
  api,
  assuranceVisitRequest,
  execution,
  executionsOf,
  inadequateWithMonitoringVisitDecided,
  loggedInspection,
  outbox,
  record,
  startRuntime,
  timelineStep,
  users,
} from './harness';

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
    // Logged the day before: the lead inspector records the call that announces it on day 1 (the letter follows it).
    const inspectionId = await loggedInspection(runtime, assuranceVisitRequest('2027-01-05'));
    await runtime.advanceTo(new Date('2027-01-05T09:05:00Z'));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/announce`, { on: '2027-01-05' })).status).toBe(200);
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
    await runtime.advanceTo(new Date(londonTimeOn(addWorkingDays(parseLocalDate('2027-01-29'), 1).date, '09:00')));
    const escalations = await escalationsOf(inspectionId, 'report-to-provider');
    expect(escalations.map((email) => email.duty)).toContain('escalation:assurance-visit:report-to-provider:2027-02-01');
    expect(escalations.every((email) => email.status === 'sent')).toBe(true);
    // And the run still waits for the report to be recorded.
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toContain('Await recorded: report to provider');
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('RUNNING');
  });
});

describe('a manager changes the window of the next monitoring visit after the lead inspector recorded further monitoring', () => {
  it('keeps the new window, refuses the lead inspector, and escalates the visit when the new window closes', async () => {
    // A full inspection judged inadequate; the urgent case review decides a monitoring visit.
    const end = londonDateOf(runtime.clock.now());
    const inspectionId = await inadequateWithMonitoringVisitDecided(runtime);

    // Six weeks on, the lead inspector records further monitoring with the default window (6 to 8 weeks).
    const visitDay = addCalendarDays(end, 42);
    await runtime.advanceTo(new Date(londonTimeOn(visitDay, '15:00')));
    const visit = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      visitDate: visitDay,
      outcome: 'further-monitoring',
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    await advanceUntil(runtime, () => activeStates(executionsOf(runtime, 'monitoring-visit').find((run) => run.executionArn.endsWith('-2'))).includes('Await monitoring outcome'));
    expect((await timelineStep(runtime, inspectionId, 'monitoring-visit', 'monitoring-visit-latest'))?.due.slice(0, 10)).toBe(addCalendarDays(visitDay, 56));

    // The window is a manager's: the lead inspector is refused, and nothing changes.
    const change = { earliestWeeks: 3, latestWeeks: 4, reason: 'The notice of proposal needs an earlier check.' };
    const refused = await api(runtime, users.inspector, 'PATCH', `/inspections/${inspectionId}/next-visit-window`, change);
    expect(refused.status).toBe(403);
    const changed = await api(runtime, users.manager, 'PATCH', `/inspections/${inspectionId}/next-visit-window`, change);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const latest = addCalendarDays(visitDay, 28);
    expect(changed.body).toEqual({ visit: 2, earliestWeeks: 3, latestWeeks: 4, earliest: addCalendarDays(visitDay, 21), latest, changed: true, leadInspectorEmailed: true });
    expect((await api(runtime, users.manager, 'PATCH', `/inspections/${inspectionId}/next-visit-window`, change)).body).toMatchObject({ changed: false, leadInspectorEmailed: true });
    // The lead inspector, who makes the visit, is told once (the same request again sends nothing more).
    const notices = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('window-change:'));
    expect(notices.map(({ duty, recipientKey, status }) => ({ duty, recipientKey, status }))).toEqual([{ duty: 'window-change:1:visit-2', recipientKey: 'lead-inspector', status: 'sent' }]);
    expect(notices[0]?.to).toBe((await record(runtime, inspectionId)).inspectorEmail);
    expect(notices[0]?.subject).toMatch(/^Monitoring visit window changed, URN /);
    expect((await timelineStep(runtime, inspectionId, 'monitoring-visit', 'monitoring-visit-latest'))?.due.slice(0, 10)).toBe(latest);
    expect((await record(runtime, inspectionId)).scheduled['further-monitoring']).toMatchObject({ earliest: addCalendarDays(visitDay, 21), latest });

    // Not visited by the new latest day: escalated the working day after it, four weeks before the old window closed.
    const after = addWorkingDays(latest, 1).date;
    await runtime.advanceTo(new Date(londonTimeOn(after, '09:00')));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:monitoring-visit:monitoring-visit-latest'));
    expect(escalations.map((email) => email.duty)).toContain(`escalation:monitoring-visit:monitoring-visit-latest:${after}:visit-2`);
  });
});
