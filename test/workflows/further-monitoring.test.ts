/**
 * Further monitoring is repeatable (children's homes framework §74-77; SCCIF 15.1), on the virtual clock against the
 * synthesized state machines: each monitoring visit is numbered, runs as its own execution and records its own
 * outcome; further monitoring records the steps towards cancellation and the next visit's window; an improved
 * judgement is the inspection's current judgement with the original kept; a report not improved is published with the
 * original judgement (§75). The next visit begins as soon as further monitoring is recorded; each visit's report is
 * recorded against that visit (`"visit": n`), waited for by a run of its own, and told to the provider once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf, type LocalDate } from '../../functions/core/calendar';
import { monitoringReportExecutionName, monitoringVisitExecutionName } from '../../functions/core/monitoring-visits';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';
import {
  advanceUntil,
  api,
  execution,
  executionsOf,
  inadequateWithMonitoringVisitDecided,
  outbox,
  record,
  recordOnTime,
  startRuntime,
  users,
} from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime('2027-03-22T08:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const today = (): LocalDate => londonDateOf(runtime.clock.now());

/** A full inspection ending today, judged inadequate, its case review deciding a monitoring visit. */
async function inadequateWithMonitoringVisit(): Promise<string> {
  const inspectionId = await inadequateWithMonitoringVisitDecided(runtime);
  // The inspection's own report stages, recorded on their due days while the pathway goes on.
  await recordOnTime(runtime, inspectionId, 'report-to-provider', 'full-inspection', users.inspector);
  await recordOnTime(runtime, inspectionId, 'publish', 'full-inspection', users.inspector);
  return inspectionId;
}

async function visitOn(inspectionId: string, instant: string, body: Record<string, unknown>) {
  await runtime.advanceTo(new Date(instant));
  return api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/outcome`, { process: 'monitoring-visit', visitDate: today(), ...body });
}

function monitoringRun(inspectionId: string, number: number) {
  const name = monitoringVisitExecutionName(inspectionId, number);
  return executionsOf(runtime, 'monitoring-visit').find((run) => run.executionArn.endsWith(`:${name}`));
}

function reportRun(inspectionId: string, number: number) {
  const name = monitoringReportExecutionName(inspectionId, number);
  return executionsOf(runtime, 'monitoring-visit').find((run) => run.executionArn.endsWith(`:${name}`));
}

type VisitShown = { title: string; current: boolean; outcome?: { outcome: string }; report?: { title: string; dueLondonDate: LocalDate; done?: LocalDate } };

/** The inspector records visit `number`'s report as published on the day given (its due day by default). */
async function publishVisit(inspectionId: string, number: number, on?: LocalDate) {
  const visit = ((await inspectionShown(inspectionId)).inspection.monitoringVisits as VisitShown[])[number - 1];
  expect(visit?.report, `visit ${number} has a report to publish`).toBeDefined();
  const day = on ?? visit!.report!.dueLondonDate;
  if (day > today()) await runtime.advanceTo(new Date(`${day}T09:00:00Z`));
  const answer = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, { on: day, process: 'monitoring-visit', visit: number });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return day;
}

const providerReports = async (inspectionId: string) =>
  (await outbox(inspectionId)).filter((email) => email.duty.startsWith('report:monitoring-visit:publish') && email.recipientKey === 'provider').map((email) => email.duty);

async function inspectionShown(inspectionId: string) {
  const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
  expect(shown.status).toBe(200);
  return shown.body as {
    inspection: { currentJudgement: { overall: string; original?: string; from: Record<string, unknown> } | null; monitoringVisits: Record<string, unknown>[] };
    timelines: { process: string; steps: { id: string; title: string; dueLondonDate: string }[] }[];
  };
}

function stepShown(shown: Awaited<ReturnType<typeof inspectionShown>>, process: string, stepId: string) {
  return shown.timelines.find((timeline) => timeline.process === process)?.steps.find((step) => step.id === stepId);
}

describe('further monitoring twice, then an improved judgement', () => {
  it('numbers each visit, starts each in its own run with the window set at the previous visit, and shows the improved judgement as current', async () => {
    const inspectionId = await inadequateWithMonitoringVisit();

    // 1st visit, 7 weeks on: further monitoring, a notice of proposal to cancel, the next visit 4 to 6 weeks on.
    const first = await visitOn(inspectionId, '2027-05-10T15:00:00Z', {
      outcome: 'further-monitoring',
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
      nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // The 2nd visit begins at once; the 1st visit's report is waited for by a run of its own, beside it.
    await advanceUntil(runtime, () => monitoringRun(inspectionId, 2)?.status === 'RUNNING');
    expect(monitoringRun(inspectionId, 1)?.status).toBe('SUCCEEDED');
    expect(reportRun(inspectionId, 1)?.status).toBe('RUNNING');

    const afterFirst = await record(runtime, inspectionId);
    expect(afterFirst.monitoringVisitNumber).toBe(2);
    expect(afterFirst.monitoringVisits?.map((visit) => [visit.number, visit.outcome.outcome.outcome, visit.actuals.publish])).toEqual([
      [1, 'further-monitoring', undefined],
    ]);
    expect(afterFirst.scheduled['further-monitoring']).toMatchObject({ earliest: '2027-06-07', latest: '2027-06-21' });
    const secondShown = await inspectionShown(inspectionId);
    expect(stepShown(secondShown, 'monitoring-visit', 'monitoring-visit-latest')).toMatchObject({
      title: '2nd monitoring visit carried out',
      dueLondonDate: '2027-06-21',
    });
    // The 1st visit's report: 25 working days from its visit (Monday 31 May 2027 is a bank holiday), §75's wording.
    expect((secondShown.inspection.monitoringVisits as VisitShown[])[0]?.report).toMatchObject({
      title: '1st monitoring visit report published with the original judgement (inadequate)',
      dueLondonDate: '2027-06-15',
    });

    // 2nd visit, before the 1st visit's report is out: further monitoring again; the next window the default 6 to 8 weeks.
    const second = await visitOn(inspectionId, '2027-06-14T15:00:00Z', {
      outcome: 'further-monitoring',
      stepsTowardsCancellation: ['notice-of-decision-to-cancel'],
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    // Posting it again, once the 3rd visit has begun, is refused as the 3rd visit's, and starts nothing.
    await advanceUntil(runtime, () => monitoringRun(inspectionId, 3)?.status === 'RUNNING');
    const again = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      visitDate: '2027-06-14',
      outcome: 'further-monitoring',
      stepsTowardsCancellation: ['notice-of-decision-to-cancel'],
    });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ field: 'visitDate', message: 'must be after the 2nd monitoring visit on Mon 14 Jun 2027: this is the 3rd' }]);
    await advanceUntil(runtime, () => monitoringRun(inspectionId, 3)?.status === 'RUNNING');
    expect((await record(runtime, inspectionId)).scheduled['further-monitoring']).toMatchObject({ earliest: '2027-07-26', latest: '2027-08-09' });
    expect(reportRun(inspectionId, 2)?.status).toBe('RUNNING');

    // Two reports awaited: one asked for without its visit is refused, naming the field (found by a new-user walk).
    const unnamed = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, { on: today(), process: 'monitoring-visit' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([
      { field: 'visit', message: 'is required: more than one monitoring visit\'s report is awaited: send "visit" with the number of the visit it belongs to (1 or 2)' },
    ]);

    // The two reports, each recorded against its visit: the provider is told of each, once.
    const firstPublished = await publishVisit(inspectionId, 1);
    await advanceUntil(runtime, () => reportRun(inspectionId, 1)?.status === 'SUCCEEDED');
    expect(await providerReports(inspectionId)).toEqual(['report:monitoring-visit:publish']);
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, { on: firstPublished, process: 'monitoring-visit', visit: 1 })).status).toBe(200);
    // The 2nd visit's report goes a working day late: its escalation names the visit.
    const secondDue = ((await inspectionShown(inspectionId)).inspection.monitoringVisits as VisitShown[])[1]!.report!.dueLondonDate;
    await runtime.advanceTo(new Date(`${addCalendarDays(secondDue, 1)}T12:00:00Z`));
    await runtime.settle();
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:monitoring-visit:publish:') && email.recipientKey === 'manager');
    expect(escalations.map((email) => email.duty)).toEqual([`escalation:monitoring-visit:publish:${addCalendarDays(secondDue, 1)}:visit-2`]);
    await publishVisit(inspectionId, 2, today());
    await advanceUntil(runtime, () => reportRun(inspectionId, 2)?.status === 'SUCCEEDED');
    expect(await providerReports(inspectionId)).toEqual(['report:monitoring-visit:publish', 'report:monitoring-visit:publish:visit-2']);
    const published = await record(runtime, inspectionId);
    expect(published.monitoringVisits?.map((visit) => visit.actuals.publish)).toEqual([firstPublished, today()]);
    // The current (3rd) visit has nothing recorded of the earlier ones' reports.
    expect(published.actuals['monitoring-visit']?.publish).toBeUndefined();

    // 3rd visit: the concerns are put right and every condition of §74/§76 holds: an improved judgement.
    const third = await visitOn(inspectionId, '2027-08-02T15:00:00Z', {
      outcome: 'improved-judgement',
      improvedJudgement: 'requires-improvement',
      ...EVERY_IMPROVED_CONDITION,
    });
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'inadequate')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'inadequate')?.status).toBe('SUCCEEDED');
    expect(await providerReports(inspectionId)).toEqual([
      'report:monitoring-visit:publish',
      'report:monitoring-visit:publish:visit-2',
      'report:monitoring-visit:publish:visit-3',
    ]);

    // Three runs, one per visit, each with its own name, and one for each earlier visit's report.
    const runs = executionsOf(runtime, 'monitoring-visit').filter((run) => run.executionArn.includes(`:${inspectionId}--`));
    expect(runs.map((run) => run.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(new Set(runs.map((run) => run.executionArn)).size).toBe(5);

    const shown = await inspectionShown(inspectionId);
    expect(shown.inspection.currentJudgement).toEqual({
      overall: 'requires-improvement',
      from: { kind: 'monitoring-visit', number: 3, visitDate: '2027-08-02' },
      original: 'inadequate',
    });
    expect(shown.inspection.monitoringVisits.map((visit) => [visit.title, (visit.outcome as { outcome: string }).outcome])).toEqual([
      ['1st monitoring visit', 'further-monitoring'],
      ['2nd monitoring visit', 'further-monitoring'],
      ['3rd monitoring visit', 'improved-judgement'],
    ]);
    expect(shown.inspection.monitoringVisits[0]).toMatchObject({ stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] });
    // The improved report says nothing of the original judgement; the page names the current one.
    expect(stepShown(shown, 'monitoring-visit', 'publish')?.title).toBe('3rd monitoring visit report published');
  }, 180_000);
});

describe('further monitoring, then a full inspection', () => {
  it('schedules the full inspection within 16 weeks of the original inspection from the 2nd visit', async () => {
    const inspectionId = await inadequateWithMonitoringVisit();
    const { dates } = await record(runtime, inspectionId);
    const originalEnd = 'inspectionEnd' in dates ? dates.inspectionEnd : undefined;
    expect((await visitOn(inspectionId, '2027-05-10T15:00:00Z', { outcome: 'further-monitoring', stepsTowardsCancellation: ['cancellation-considered'] })).status).toBe(200);
    await advanceUntil(runtime, () => monitoringRun(inspectionId, 2)?.status === 'RUNNING');
    await publishVisit(inspectionId, 1);

    const second = await visitOn(inspectionId, '2027-06-24T15:00:00Z', { outcome: 'full-inspection' });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await advanceUntil(runtime, async () => (await record(runtime, inspectionId)).scheduled['full-inspection'] !== undefined);
    const scheduled = await record(runtime, inspectionId);
    // 15.1 (b): "usually within 16 weeks from the original inspection".
    expect(scheduled.scheduled['full-inspection']?.latest).toBe(addCalendarDays(originalEnd!, 16 * 7));
    expect(execution(runtime, inspectionId, 'inadequate')?.events.some((event) => event.type === 'StateEntered' && event.state === 'Schedule full inspection')).toBe(true);
    expect(monitoringRun(inspectionId, 2)?.status).toBe('SUCCEEDED');
    expect(monitoringRun(inspectionId, 3)).toBeUndefined();
    // The report of a visit that did not improve the judgement is published with the original judgement (§75).
    const shown = await inspectionShown(inspectionId);
    expect(stepShown(shown, 'monitoring-visit', 'publish')?.title).toBe('2nd monitoring visit report published with the original judgement (inadequate)');
  }, 180_000);
});

describe('a monitoring visit that does not improve the judgement (§75)', () => {
  it('shows its report step as published with the original judgement, the original judgement still current, and one escalation of the late return visit', async () => {
    const inspectionId = await inadequateWithMonitoringVisit();
    // The 8-week return passes with the monitoring visit not yet recorded: one escalation, naming the return visit.
    const returnBy = (await record(runtime, inspectionId)).scheduled['monitoring-visit']!.latest!;
    await runtime.advanceTo(new Date(`${addCalendarDays(returnBy, 1)}T09:00:00Z`));
    await runtime.settle();
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:') && email.duty.includes('monitoring-visit-latest'));
    expect(escalations.length).toBeGreaterThan(0);
    expect(escalations.every((email) => email.duty.startsWith('escalation:inadequate:monitoring-visit-latest'))).toBe(true);
    expect(new Set(escalations.map((email) => `${email.duty}|${email.recipientKey}`)).size).toBe(escalations.length);

    const visit = await visitOn(inspectionId, `${addCalendarDays(returnBy, 1)}T15:00:00Z`, { outcome: 'further-monitoring', stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] });
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    await advanceUntil(runtime, () => monitoringRun(inspectionId, 2)?.status === 'RUNNING');
    const shown = await inspectionShown(inspectionId);
    expect((shown.inspection.monitoringVisits as VisitShown[])[0]?.report?.title).toBe('1st monitoring visit report published with the original judgement (inadequate)');
    expect(shown.inspection.currentJudgement).toEqual({ overall: 'inadequate', from: { kind: 'original' } });
    // The 1st visit is the pathway's return visit, shown there; the monitoring visit's timeline shows the 2nd.
    expect(stepShown(shown, 'inadequate', 'monitoring-visit-latest')).toBeDefined();
    expect(stepShown(shown, 'monitoring-visit', 'monitoring-visit-latest')?.title).toBe('2nd monitoring visit carried out');
  }, 180_000);
});
