/**
 * A wait that starts when its step is already overdue: an inadequate outcome recorded on a Sunday for an inspection
 * that ended on Thursday, so the urgent case review (due by the end of the next working day, Friday) is overdue before
 * it is asked for. The managers hear of it on Monday, the first working day of the wait, not on Tuesday.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { activeStates, api, execution, fullInspectionRequest, INADEQUATE_FULL_INSPECTION, loggedInspection, outbox, startRuntime, users } from './harness';

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
