/**
 * A step a person does is a recorded fact with its date, never simulated: the synthesized state machines, on the
 * virtual clock, wait for each report stage to be recorded (early, on the day, late or never), escalate when it is
 * late, tell the provider when it is recorded, and never let a pending approval hold a report's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, addWorkingDays, isWorkingDay, londonDateOf, londonTimeOn, type LocalDate } from '../../functions/core/calendar';
import { timelineFor } from '../../functions/core/inspection';
import { activeStates, advanceUntil, api, assuranceVisitRequest, execution, fullInspectionRequest, outbox, record, startRuntime, users } from './harness';
import { rfcInadequateOutcome } from '../support/outcomes';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Monday 4 January 2027, 09:00 London.
  runtime = await startRuntime('2027-01-04T09:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

const today = () => londonDateOf(runtime.clock.now());

async function logged(body: Record<string, unknown>): Promise<string> {
  const answer = await api(runtime, users.inspector, 'POST', '/inspections', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
}

async function outcome(inspectionId: string, body: Record<string, unknown>) {
  const answer = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

async function recordStep(inspectionId: string, stepId: string, on: string, who = users.inspector) {
  return api(runtime, who, 'POST', `/inspections/${inspectionId}/steps/${stepId}`, { on });
}

async function dueDay(inspectionId: string, process: 'full-inspection' | 'interim-inspection' | 'rfc-inspection', stepId: string): Promise<LocalDate> {
  const step = timelineFor(await record(runtime, inspectionId), process).steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`no ${stepId}`);
  return step.dueLondonDate;
}

async function reportEmails(inspectionId: string, stepId: string) {
  return (await outbox(inspectionId)).filter((email) => email.duty.endsWith(`:${stepId}`) && email.duty.startsWith('report:'));
}

describe('a full inspection’s report stages, recorded early, late and never', () => {
  let inspectionId: string;

  it('waits for the report to be recorded and tells the provider on the day it is recorded, two working days early', async () => {
    // The inspection ended on Mon 4 Jan 2027: the report is due at the provider by Mon 18 Jan (§81, 10 working days).
    inspectionId = await logged(fullInspectionRequest('2027-01-01', '2027-01-04'));
    await outcome(inspectionId, { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' });
    expect(await dueDay(inspectionId, 'full-inspection', 'report-to-provider')).toBe('2027-01-18');
    expect(activeStates(execution(runtime, inspectionId, 'full-inspection'))).toContain('Await recorded: report to provider');

    // Nothing is sent by the system itself: the day before the inspector records it, no report email exists.
    await runtime.advanceTo(new Date('2027-01-14T09:00:00Z'));
    expect(await reportEmails(inspectionId, 'report-to-provider')).toEqual([]);

    const recorded = await recordStep(inspectionId, 'report-to-provider', '2027-01-14');
    expect(recorded.status).toBe(200);
    const [email] = await reportEmails(inspectionId, 'report-to-provider');
    expect(email?.status).toBe('sent');
    expect(londonDateOf(String(email?.sentAt))).toBe('2027-01-14');
    // Comments within 5 working days of receiving it: Thu 21 Jan, counted from the day it was recorded.
    expect((await runtime.inbox()).find((mail) => mail.messageId === email?.messageId)?.body.text).toContain('Thursday 21 January 2027');
    expect(await dueDay(inspectionId, 'full-inspection', 'provider-comments')).toBe('2027-01-21');
    expect(activeStates(execution(runtime, inspectionId, 'full-inspection'))).toContain('Await recorded: publish report');
  });

  it('escalates publication when nobody records it by its deadline, reminds daily, and keeps waiting', async () => {
    // §82: published within 25 working days of Mon 4 Jan: Mon 8 Feb 2027.
    const publishDue = await dueDay(inspectionId, 'full-inspection', 'publish');
    expect(publishDue).toBe('2027-02-08');
    await runtime.advanceTo(new Date(londonTimeOn(addWorkingDays(publishDue, 1).date, '09:00')));
    const escalations = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:full-inspection:publish'));
    // Publication is the lead inspector's step to record: they are escalated to with the managers.
    expect(escalations.map((email) => email.recipientKey).sort()).toEqual(['lead-inspector', 'manager', 'senior-manager']);
    await runtime.advanceTo(new Date(londonTimeOn(addWorkingDays(publishDue, 2).date, '09:00')));
    const reminded = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:full-inspection:publish'));
    expect(reminded).toHaveLength(6); // two working days, three recipients each
    expect(await reportEmails(inspectionId, 'publish')).toEqual([]);
    expect(execution(runtime, inspectionId, 'full-inspection')?.status).toBe('RUNNING');
    const list = await api(runtime, users.manager, 'GET', '/inspections');
    expect((list.body.items as { id: string; risk: string }[]).find((row) => row.id === inspectionId)?.risk).toBe('overdue');
  });

  it('tells the provider when publication is recorded late, shows it done late, and completes the inspection', async () => {
    const on = today();
    expect((await recordStep(inspectionId, 'publish', on)).status).toBe(200);
    const [published] = await reportEmails(inspectionId, 'publish');
    expect(londonDateOf(String(published?.sentAt))).toBe(on);
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'full-inspection')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'full-inspection')?.status).toBe('SUCCEEDED');

    const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
    const steps = (shown.body.timelines as { steps: { id: string; done: string | null; doneLateByWorkingDays?: number; recordable: boolean }[] }[])[0]!.steps;
    expect(steps.find((step) => step.id === 'publish')).toMatchObject({ done: on, doneLateByWorkingDays: 2, recordable: true });
    expect(steps.find((step) => step.id === 'report-to-provider')).toMatchObject({ done: '2027-01-14', recordable: true });
    expect(steps.find((step) => step.id === 'report-to-provider')?.doneLateByWorkingDays).toBeUndefined();
    expect(shown.body.inspection).toMatchObject({ status: 'complete' });
  });

  it('refuses a second, different date for a recorded step; a manager corrects it with a reason, kept in the audit trail', async () => {
    const again = await recordStep(inspectionId, 'report-to-provider', '2027-01-15');
    expect(again.status).toBe(409);
    expect((await record(runtime, inspectionId)).actuals['full-inspection']?.['report-to-provider']).toBe('2027-01-14');
    const corrected = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, {
      on: '2027-01-15',
      correction: true,
      reason: 'The report went out on the Friday morning.',
    });
    expect(corrected.status).toBe(200);
    expect((await record(runtime, inspectionId)).actuals['full-inspection']?.['report-to-provider']).toBe('2027-01-15');
    // The stage's email is not sent again as it was; the provider is told the correction once, with the deadline
    // for comments counted from the corrected day (5 working days from Fri 15 Jan: Fri 22 Jan 2027).
    expect(await reportEmails(inspectionId, 'report-to-provider')).toHaveLength(1);
    const corrections = () => outbox(inspectionId).then((emails) => emails.filter((email) => email.duty.startsWith('report-correction:')));
    const [correction, ...more] = await corrections();
    expect(more).toEqual([]);
    expect(correction).toMatchObject({ duty: 'report-correction:full-inspection:report-to-provider:2027-01-15', recipientKey: 'provider', status: 'sent' });
    expect(correction?.subject).toMatch(/^Corrected: Report for your comments: full inspection ended \d+ \w+ 20\d\d, URN SC\d{6}$/);
    const text = (await runtime.inbox()).find((email) => email.messageId === correction?.messageId)?.body.text ?? '';
    expect(text).toContain('This corrects our earlier email: the day we sent you the report was Friday 15 January 2027.');
    expect(text).toContain('Please send us any comments by Friday 22 January 2027');
    // The same correction again sends nothing more.
    const repeated = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, {
      on: '2027-01-15',
      correction: true,
      reason: 'The report went out on the Friday morning.',
    });
    expect(repeated.status).toBe(200);
    expect(await corrections()).toHaveLength(1);

    // Corrected back to the 14th, then to the 15th again: each correction is emailed, also to a day emailed before
    // (found by a new-user walk: the provider was left with the deadline of the correction before).
    for (const on of ['2027-01-14', '2027-01-15']) {
      const again = await api(runtime, users.manager, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, { on, correction: true, reason: 'The date changed once more.' });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    }
    expect((await corrections()).map(({ duty, status }) => [duty, status])).toEqual([
      ['report-correction:full-inspection:report-to-provider:2027-01-14:2', 'sent'],
      ['report-correction:full-inspection:report-to-provider:2027-01-15', 'sent'],
      ['report-correction:full-inspection:report-to-provider:2027-01-15:3', 'sent'],
    ]);
    const last = (await corrections()).at(-1);
    expect((await runtime.inbox()).find((email) => email.messageId === last?.messageId)?.body.text).toContain('Please send us any comments by Friday 22 January 2027');
  });
});

describe('a pending approval never holds a report’s statutory clock', () => {
  it('interim inspection: the report goes to the provider on its day while the case review is undecided (§91)', async () => {
    const end = today();
    const inspectionId = await logged({ ...fullInspectionRequest(addCalendarDays(end, -1), end), process: 'interim-inspection' });
    await outcome(inspectionId, {
      process: 'interim-inspection',
      effectiveness: 'declined',
      summaryOfConcerns: 'Staff do not follow the missing-from-care protocol.',
    });
    const due = await dueDay(inspectionId, 'interim-inspection', 'report-to-provider');
    await runtime.advanceTo(new Date(londonTimeOn(due, '10:00')));
    expect(activeStates(execution(runtime, inspectionId, 'interim-inspection'))).toEqual(
      expect.arrayContaining(['Request approval: Urgent case review', 'Await recorded: report to provider']),
    );

    expect((await recordStep(inspectionId, 'report-to-provider', due)).status).toBe(200);

    const [email] = await reportEmails(inspectionId, 'report-to-provider');
    expect(email?.status).toBe('sent');
    expect(londonDateOf(String(email?.sentAt))).toBe(due);
    expect(activeStates(execution(runtime, inspectionId, 'interim-inspection'))).toContain('Request approval: Urgent case review');
    // The case review is due under its own step (by the end of the next working day, SCCIF 15.3), so recording the
    // report does not silence it: it was escalated when it passed, and the list shows the inspection overdue.
    const escalated = (await outbox(inspectionId)).filter((mail) => mail.duty.startsWith('escalation:interim-inspection:case-review'));
    expect(escalated.length).toBeGreaterThanOrEqual(2);
    const list = await api(runtime, users.manager, 'GET', '/inspections');
    expect((list.body.items as { id: string; risk: string }[]).find((row) => row.id === inspectionId)?.risk).toBe('overdue');
  });

  it('family centre: the report goes to the provider on its day while the case discussion is undecided (RFC §63)', async () => {
    const end = today();
    const inspectionId = await logged({
      ...fullInspectionRequest(addCalendarDays(end, -1), end, 'residential-family-centre'),
      process: 'rfc-inspection',
      children: [],
    });
    await outcome(inspectionId, rfcInadequateOutcome({ immediateRiskOfHarm: true }));
    const due = await dueDay(inspectionId, 'rfc-inspection', 'report-to-provider');
    await runtime.advanceTo(new Date(londonTimeOn(due, '10:00')));
    expect(activeStates(execution(runtime, inspectionId, 'rfc-inspection'))).toEqual(
      expect.arrayContaining(['Request approval: Case discussion', 'Await recorded: report to provider']),
    );

    expect((await recordStep(inspectionId, 'report-to-provider', due)).status).toBe(200);

    const [email] = await reportEmails(inspectionId, 'report-to-provider');
    expect(londonDateOf(String(email?.sentAt))).toBe(due);
    expect(activeStates(execution(runtime, inspectionId, 'rfc-inspection'))).toContain('Request approval: Case discussion');

    // The case discussion is due under its own step (with the report, §42/§63): the day after, it is escalated.
    await runtime.advanceTo(new Date(londonTimeOn(addWorkingDays(due, 1).date, '10:00')));
    const escalated = (await outbox(inspectionId)).filter((mail) => mail.duty.startsWith('escalation:rfc-inspection:case-discussion'));
    // To the compliance inspectors who decide it too (found by a new-user walk: only the managers were told).
    expect(escalated.map((mail) => mail.recipientKey).sort()).toEqual(['compliance-inspectors', 'manager', 'senior-manager']);

    // Then the case discussion is decided (by a social care compliance inspector, RFC §42-44) and the report
    // published: the run waits for the next inspection (§45).
    const queue = await api(runtime, users.complianceInspector, 'GET', '/approvals');
    const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
    const decided = await api(runtime, users.complianceInspector, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'requirements-only',
      rationale: 'Requirements set; no enforcement at this stage.',
    });
    expect(decided.status).toBe(200);
    const publishDue = await dueDay(inspectionId, 'rfc-inspection', 'publish');
    await runtime.advanceTo(new Date(londonTimeOn(publishDue, '10:00')));
    expect((await recordStep(inspectionId, 'publish', publishDue)).status).toBe(200);
    // The 12-month check is a long clock (a schedule that starts a later run): this run is done (long-clocks.test.ts).
    expect(execution(runtime, inspectionId, 'rfc-inspection')?.status).toBe('SUCCEEDED');
    expect(runtime.scheduler.list().map((schedule) => schedule.target.name)).toContain(`${inspectionId}--rfc-inspection--next-inspection-latest`);
  });
});

describe('every recordable step of an assurance visit: recorded on the day, early, late or never', () => {
  type Mode = 'on the day' | 'early' | 'late' | 'never';
  // The order the steps fall due; steps others count from (the visit's end, the reports) are never left unrecorded.
  const PLAN: [string, Mode][] = [
    ['announce', 'on the day'],
    ['annex-a-due', 'late'],
    ['visit-end', 'on the day'],
    ['draft-report-qa', 'never'],
    ['report-to-provider', 'early'],
    ['provider-comments', 'on the day'],
    ['final-report-to-provider', 'late'],
    ['complaint-window', 'never'],
    ['publish', 'on the day'],
  ];
  const previousWorkingDay = (date: LocalDate): LocalDate => {
    let day = addCalendarDays(date, -1);
    while (!isWorkingDay(day)) day = addCalendarDays(day, -1);
    return day;
  };
  let inspectionId: string;

  it('takes each recorded day as the fact, counts later steps from it, and escalates only what is late or missing', async () => {
    const day1 = addWorkingDays(today(), 1).date;
    await runtime.advanceTo(new Date(londonTimeOn(day1, '08:00')));
    inspectionId = await logged(assuranceVisitRequest(day1));
    const recordedOn: Record<string, LocalDate> = {};
    for (const [stepId, mode] of PLAN) {
      const due = timelineFor(await record(runtime, inspectionId), 'assurance-visit').steps.find((step) => step.id === stepId)!.dueLondonDate;
      if (mode === 'never') continue;
      const on = mode === 'early' ? previousWorkingDay(due) : mode === 'late' ? addWorkingDays(due, 1).date : due;
      if (on > today()) await runtime.advanceTo(new Date(londonTimeOn(on, '16:00')));
      if (stepId === 'visit-end') {
        await outcome(inspectionId, { process: 'assurance-visit', seriousOrWidespreadConcerns: false });
      }
      const answer = await recordStep(inspectionId, stepId, on);
      expect(answer.status, `${stepId}: ${JSON.stringify(answer.body)}`).toBe(200);
      recordedOn[stepId] = on;
    }
    // The run waits on for the draft report's quality assurance, never recorded (escalated, not done by the system).
    const waitingOnlyForQa = () => {
      const waits = activeStates(execution(runtime, inspectionId, 'assurance-visit')).filter((state) => state.startsWith('Await '));
      return waits.length === 1 && waits[0] === 'Await recorded: draft report QA';
    };
    await advanceUntil(runtime, waitingOnlyForQa);
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('RUNNING');

    const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
    const steps = (shown.body.timelines as { steps: { id: string; status: string; done: string | null; doneLateByWorkingDays?: number }[] }[])[0]!.steps;
    const byId = Object.fromEntries(steps.map((step) => [step.id, step]));
    for (const [stepId, mode] of PLAN) {
      const step = byId[stepId]!;
      if (mode === 'never') {
        expect(step.done, stepId).toBeNull();
        continue;
      }
      expect(step.done, stepId).toBe(recordedOn[stepId]);
      expect(step.doneLateByWorkingDays, stepId).toBe(mode === 'late' ? 1 : undefined);
    }
    // The comments count from the day the report was recorded (early), not from its due day.
    expect(byId['provider-comments']!.status).toBe('done');
    const comments = timelineFor(await record(runtime, inspectionId), 'assurance-visit').steps.find((step) => step.id === 'provider-comments')!;
    expect(comments.anchor).toMatchObject({ date: recordedOn['report-to-provider'], basis: 'actual' });

    // Escalated: the draft report never recorded and the final report (recorded a day late); never the steps recorded
    // in time.
    const escalated = new Set((await outbox(inspectionId)).filter((email) => email.duty.startsWith('escalation:')).map((email) => email.duty.split(':')[2]));
    expect([...escalated].sort()).toEqual(['draft-report-qa', 'final-report-to-provider']);
    // Provider emails went out on the recorded days.
    for (const stepId of ['report-to-provider', 'final-report-to-provider', 'publish']) {
      const [email] = await reportEmails(inspectionId, stepId);
      expect(londonDateOf(String(email?.sentAt)), stepId).toBe(recordedOn[stepId]);
    }
    // The draft report never recorded keeps the inspection overdue (an inspector's duty); the provider's complaint
    // window does not.
    expect(byId['draft-report-qa']!.status).toBe('overdue');
    const list = await api(runtime, users.manager, 'GET', '/inspections');
    expect((list.body.items as { id: string; risk: string }[]).find((row) => row.id === inspectionId)?.risk).toBe('overdue');
  }, 120_000); // five weeks of recorded and missed steps: 18 s at a load average of 15, over 30 s in a full run beside other work

  it('shows the inspection complete once its last Ofsted duty is recorded, late', async () => {
    expect((await recordStep(inspectionId, 'draft-report-qa', today())).status).toBe(200);
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'assurance-visit')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('SUCCEEDED');
    const list = await api(runtime, users.manager, 'GET', '/inspections');
    expect((list.body.items as { id: string; risk: string; status: string }[]).find((row) => row.id === inspectionId)).toMatchObject({
      risk: 'complete',
      status: 'complete',
    });
  });
});
