/**
 * Decisions the seeds give to people, and steps that are chased (issue 11, §5 and §10), on the synthesized state
 * machines and a virtual clock:
 *  - judgements not recorded by the end of the next working day after a full inspection escalate to the lead
 *    inspector and the managers (SCCIF 15.3: an inadequate judgement's alert would have been due by then);
 *  - more placing authorities than configured raise the contact-arrangements approval (15.3);
 *  - a manager may decide not to publish a monitoring report, with a reason (15.1): "not required", never overdue;
 *  - a social care compliance inspector, not a manager, decides a family centre's case discussion (RFC §42-44).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import {
  activeStates,
  advanceUntil,
  api,
  approvalsOf,
  execution,
  fullInspectionRequest,
  INADEQUATE_FULL_INSPECTION,
  loggedInspection,
  outbox,
  startRuntime,
  timelineStep,
  users,
} from './harness';
import { rfcInadequateOutcome } from '../support/outcomes';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime('2027-03-22T08:00:00Z'); // Monday 22 March 2027
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const today = () => londonDateOf(runtime.clock.now());
const logged = (body: Record<string, unknown>) => loggedInspection(runtime, body);
const step = (inspectionId: string, process: string, stepId: string) => timelineStep(runtime, inspectionId, process, stepId);
const approvals = (user: (typeof users)[keyof typeof users], inspectionId: string) => approvalsOf(runtime, user, inspectionId);

describe('judgements not recorded by the end of the next working day (SCCIF 15.3)', () => {
  it('escalate to the lead inspector and the managers; recorded late, they show late and so does the alert', async () => {
    const inspectionId = await logged(fullInspectionRequest(addCalendarDays(today(), -1), today()));
    expect(await step(inspectionId, 'full-inspection', 'judgements-recorded')).toMatchObject({ due: '2027-03-23T23:59:59.000Z' });

    // Wednesday morning: the judgements were due by the end of Tuesday; Wednesday is their 1st working day overdue
    await runtime.advanceTo(new Date('2027-03-24T09:00:00Z'));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty === 'escalation:full-inspection:judgements-recorded:2027-03-24');
    expect(escalations.map((email) => [email.recipientKey, email.to]).sort()).toEqual([
      ['lead-inspector', users.inspector.email],
      ['manager', expect.any(String)],
      ['senior-manager', expect.any(String)],
    ]);
    // The judgements are the lead inspector's to record: their email greets them and asks them to, not the manager.
    const inbox = await runtime.inbox();
    const sent = (recipientKey: string) => inbox.find((mail) => mail.messageId === escalations.find((email) => email.recipientKey === recipientKey)?.messageId);
    expect(sent('lead-inspector')?.subject).toMatch(/^Escalation: your overdue step "Judgements recorded" \(first working day overdue\), URN SC65\d{4}$/);
    expect(sent('lead-inspector')?.body.text).toMatch(/^Dear Ines Inspector,\n+This step is yours to record, as the lead inspector/);
    expect(sent('manager')?.body.text).toMatch(/^Dear Regulatory Inspection Manager,\n/);

    // Recorded on Wednesday: done late by a working day; the inadequate judgement's alert goes out late too
    const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION);
    expect(recorded.status).toBe(200);
    expect(await step(inspectionId, 'full-inspection', 'judgements-recorded')).toMatchObject({ status: 'done', done: '2027-03-24', doneLateByWorkingDays: 1 });
    const ledger = (await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}/notifications`)).body;
    expect(ledger.summary).toMatchObject({ alertsLate: 2, alertsSentOnTime: 0 });
  });
});

describe('contact arrangements when there are many placing authorities (SCCIF 15.3)', () => {
  it('are asked of the manager, due with the alert, once more than 10 placing authorities are alerted (the alert itself is not held)', async () => {
    await runtime.advanceTo(new Date('2027-04-12T08:00:00Z'));
    const codes = ['E06000001', 'E06000002', 'E06000003', 'E06000004', 'E06000005', 'E06000006', 'E06000007', 'E06000008', 'E06000009', 'E06000010', 'E06000011'];
    const inspectionId = await logged({
      ...fullInspectionRequest(addCalendarDays(today(), -1), today()),
      children: codes.map((code, index) => ({ initials: `A${String.fromCharCode(65 + index)}`, placement: { lookedAfter: true, placingAuthority: code } })),
    });
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);

    const alerts = (await outbox(inspectionId)).filter((email) => email.duty === 'dcs-alert');
    expect(alerts).toHaveLength(12); // the host and 11 placing authorities, without waiting for the arrangements
    const pending = await approvals(users.manager, inspectionId);
    expect(pending.map((item) => item.kind)).toContain('la-contact-arrangements');
    expect(pending.find((item) => item.kind === 'la-contact-arrangements')?.dueAt).toBe('2027-04-13T22:59:59.000Z');
  });

  it('are not asked for 10 placing authorities or fewer', async () => {
    const inspectionId = await logged(fullInspectionRequest(addCalendarDays(today(), -1), today()));
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, INADEQUATE_FULL_INSPECTION)).status).toBe(200);
    expect((await approvals(users.manager, inspectionId)).map((item) => item.kind)).toEqual(['case-review']);
  });
});

describe("a family centre's case discussion is decided by a social care compliance inspector (RFC framework §42-44)", () => {
  it('is in the compliance inspector’s queue, not the managers’; a manager’s decision is refused', async () => {
    const inspectionId = await logged({
      ...fullInspectionRequest(addCalendarDays(today(), -1), today(), 'residential-family-centre'),
      process: 'rfc-inspection',
      children: [],
    });
    const recorded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, rfcInadequateOutcome({ immediateRiskOfHarm: true }));
    expect(recorded.status).toBe(200);
    await advanceUntil(runtime, () => activeStates(execution(runtime, inspectionId, 'rfc-inspection')).includes('Request approval: Case discussion'));

    expect(await approvals(users.manager, inspectionId)).toEqual([]);
    const [discussion] = await approvals(users.complianceInspector, inspectionId);
    expect(discussion?.kind).toBe('rfc-case-discussion');
    // The request goes to the social care compliance inspectors' address, not the managers' (RFC framework §42-44).
    const requests = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('approval-request:rfc-inspection:rfc-case-discussion'));
    expect(requests.map((email) => [email.recipientKey, email.to])).toEqual([['compliance-inspectors', 'social-care-compliance@ofsted.example.org']]);
    const decision = { decision: 'enforcement-action', rationale: 'Immediate risk of harm: enforcement is considered.' };
    const byManager = await api(runtime, users.manager, 'POST', `/approvals/${discussion!.approvalId}/decision`, decision);
    expect(byManager.status).toBe(403);
    const byCompliance = await api(runtime, users.complianceInspector, 'POST', `/approvals/${discussion!.approvalId}/decision`, decision);
    expect(byCompliance.status, JSON.stringify(byCompliance.body)).toBe(200);
    expect(await step(inspectionId, 'rfc-inspection', 'case-discussion')).toMatchObject({ status: 'done' });
    // The inspection keeps who decided, by name as well as by id, for its page's Decisions section.
    const inspection = await api(runtime, users.inspector, 'GET', `/inspections/${inspectionId}`);
    const { decisions } = inspection.body.inspection as { decisions: Record<string, unknown> };
    expect(decisions['rfc-case-discussion']).toMatchObject({ decidedBy: users.complianceInspector.id, decidedByName: 'Cora Compliance' });
  });
});
