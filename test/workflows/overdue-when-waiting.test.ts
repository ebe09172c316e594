/**
 * Steps overdue while a run waits on something else:
 * - a wait that starts when its step is already overdue: an inadequate outcome recorded on a Sunday for an inspection
 *   that ended on Thursday, so the urgent case review (due by the end of the next working day, Friday) is overdue
 *   before it is asked for. The managers hear of it on Monday, the first working day of the wait, not on Tuesday;
 * - a later step whose deadline passes while the run still waits on an earlier one: publication (25 working days)
 *   while the report to the provider (10) is awaited. Its escalations go as its deadline passes, not only once the
 *   run reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { activeStates, api, execution, fullInspectionRequest, INADEQUATE_FULL_INSPECTION, loggedInspection, outbox, startRuntime, timelineStep, users } from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Thursday 26 November 2026, the last day on site.
  runtime = await startRuntime('2026-11-26T15:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

async function caseReviewEmails(inspectionId: string) {
  return (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:inadequate:case-review'));
}

describe('a case review already overdue when it is asked for', () => {
  let inspectionId: string;

  it('asks the manager on Sunday, saying the decision is already overdue and since when', async () => {
    inspectionId = await loggedInspection(runtime, fullInspectionRequest('2026-11-24', '2026-11-26'));
    await runtime.advanceTo(new Date('2026-11-29T10:00:00Z'));
    const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION);
    expect(outcome.status).toBe(200);
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');
    const request = (await outbox(inspectionId)).find((email) => email.duty.startsWith('approval-request:inadequate'));
    expect(request?.subject).toMatch(/^Approval needed \(already overdue\): /);
    expect(JSON.stringify(request?.template)).toContain('"requestedAt":"2026-11-29T10:00');
    // Nothing on the weekend.
    expect(await caseReviewEmails(inspectionId)).toEqual([]);
  });

  it('escalates on Monday, its 1st working day overdue, once, then on Tuesday as the 2nd', async () => {
    await runtime.advanceTo(new Date('2026-11-30T12:00:00Z'));
    const monday = await caseReviewEmails(inspectionId);
    expect(monday.map((email) => [email.duty, email.recipient.kind]).sort()).toEqual([
      ['escalation:inadequate:case-review:2026-11-30', 'manager'],
      ['escalation:inadequate:case-review:2026-11-30', 'senior-manager'],
    ]);
    expect(monday.every((email) => (email.template as { workingDaysOverdue?: number }).workingDaysOverdue === 1)).toBe(true);
    expect(monday.every((email) => email.sentAt?.startsWith('2026-11-30T00:00'))).toBe(true);

    await runtime.advanceTo(new Date('2026-12-01T12:00:00Z'));
    const byDay = new Map<string, number[]>();
    for (const email of await caseReviewEmails(inspectionId)) {
      byDay.set(email.duty, [...(byDay.get(email.duty) ?? []), (email.template as { workingDaysOverdue: number }).workingDaysOverdue]);
    }
    expect(Object.fromEntries(byDay)).toEqual({
      'escalation:inadequate:case-review:2026-11-30': [1, 1],
      'escalation:inadequate:case-review:2026-12-01': [2, 2],
    });
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');
  });
});

describe('publication overdue while the report to the provider is still awaited', () => {
  let inspectionId: string;
  const escalations = async (stepId: string) =>
    (await outbox(inspectionId))
      .filter((email) => email.duty.startsWith(`escalation:full-inspection:${stepId}:`))
      .map((email) => `${email.duty.slice(`escalation:full-inspection:${stepId}:`.length)} ${email.recipient.kind}`)
      .sort();

  it('escalates the publication from its 1st working day overdue while the run waits on the report, and the report on its cadence only', async () => {
    // Ended Tue 1 Dec 2026, judged good: the report to the provider is due Tue 15 Dec, publication Fri 8 Jan 2027
    // (25 working days over Christmas); neither is recorded.
    inspectionId = await loggedInspection(runtime, fullInspectionRequest('2026-11-30', '2026-12-01'));
    const outcome = { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' };
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, outcome)).status).toBe(200);
    expect((await timelineStep(runtime, inspectionId, 'full-inspection', 'publish'))?.due).toBe('2027-01-08T23:59:59.000Z');

    await runtime.advanceTo(new Date('2027-01-11T12:00:00Z'));

    expect(activeStates(execution(runtime, inspectionId, 'full-inspection'))).toContain('Await recorded: report to provider');
    expect(await escalations('publish')).toEqual(['2027-01-11 inspector', '2027-01-11 manager', '2027-01-11 senior-manager']);
    // The report: daily for its first 5 working days overdue, then each 5th (31 Dec, 8 Jan); not on Monday 11 Jan.
    const reportDays = [...new Set((await escalations('report-to-provider')).map((line) => line.split(' ')[0]))];
    expect(reportDays).toEqual(['2026-12-16', '2026-12-17', '2026-12-18', '2026-12-21', '2026-12-22', '2026-12-31', '2027-01-08']);
  });

  it('once the report is recorded, the wait on the publication sends nothing twice that day, and its 2nd escalation the next', async () => {
    const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, { on: '2027-01-11' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    await runtime.advanceTo(new Date('2027-01-11T18:00:00Z'));
    expect(activeStates(execution(runtime, inspectionId, 'full-inspection'))).toContain('Await recorded: publish report');
    expect(await escalations('publish')).toEqual(['2027-01-11 inspector', '2027-01-11 manager', '2027-01-11 senior-manager']);

    await runtime.advanceTo(new Date('2027-01-12T12:00:00Z'));
    expect(await escalations('publish')).toEqual([
      '2027-01-11 inspector',
      '2027-01-11 manager',
      '2027-01-11 senior-manager',
      '2027-01-12 inspector',
      '2027-01-12 manager',
      '2027-01-12 senior-manager',
    ]);
  });
});

describe('a case review asked for already overdue on a working day', () => {
  let inspectionId: string;
  const escalations = async () =>
    (await caseReviewEmails(inspectionId)).map((email) => `${email.duty.slice('escalation:inadequate:case-review:'.length)} ${email.recipient.kind}`).sort();

  it('escalates that day to the senior manager only (the managers’ request says it is overdue), waits, and the next day to all', async () => {
    // Ended Thu 7 Jan 2027: the case review was due by the end of Fri 8 Jan; the outcome is recorded on Tue 12 Jan.
    inspectionId = await loggedInspection(runtime, fullInspectionRequest('2027-01-06', '2027-01-07'));
    await runtime.advanceTo(new Date('2027-01-12T14:00:00Z'));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);
    await runtime.advanceTo(new Date('2027-01-12T18:00:00Z'));
    const request = (await outbox(inspectionId)).find((email) => email.duty.startsWith('approval-request:inadequate'));
    expect(request?.subject).toMatch(/^Approval needed \(already overdue\): /);
    expect(await escalations()).toEqual(['2027-01-12 senior-manager']);
    // Still waiting for the decision (a wait that took the managers' missing email for an unsent escalation looped).
    expect(activeStates(execution(runtime, inspectionId, 'inadequate'))).toContain('Request approval: Urgent case review');

    await runtime.advanceTo(new Date('2027-01-13T12:00:00Z'));
    expect(await escalations()).toEqual(['2027-01-12 senior-manager', '2027-01-13 manager', '2027-01-13 senior-manager']);
  });
});
