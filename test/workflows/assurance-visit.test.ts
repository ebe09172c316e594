import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, formatDateInWords, isWorkingDay, londonDateOf, londonTimeOn } from '../../functions/core/calendar';
import { timelineFor } from '../../functions/core/inspection';
import {
  activeStates,
  advanceUntil,
  api,
  assuranceVisitRequest,
  currentState,
  execution,
  executionsOf,
  outbox,
  record,
  recordOnTime,
  startRuntime,
  users,
} from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Friday 18 December 2026, 08:00 London: the visit is announced this morning (day 1).
  runtime = await startRuntime('2026-12-18T08:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

function due(timeline: ReturnType<typeof timelineFor>, stepId: string) {
  const step = timeline.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step;
}

describe('assurance visit without serious concerns', () => {
  let inspectionId: string;

  it('starts the run when the visit is logged and emails the provider letter on day 1', async () => {
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', assuranceVisitRequest('2026-12-18'));
    expect(logged.status).toBe(201);
    inspectionId = String(logged.body.id);
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('RUNNING');
    const letters = (await outbox(inspectionId)).filter((email) => email.duty === 'provider-letter');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.to).toBe('registered.manager@elmhouse.example');
    expect(currentState(execution(runtime, inspectionId, 'assurance-visit'))).toBe('Await visit outcome');
    // Logged on its day 1, the visit was announced: logging it recorded the call, which the letter follows.
    expect((await record(runtime, inspectionId)).actuals['assurance-visit']).toMatchObject({ announce: '2026-12-18', 'provider-letter': '2026-12-18' });
  });

  it('runs the report timeline to publication as each stage is recorded on its statutory deadline', async () => {
    // Day 3 (Tue 22 Dec 2026): the visit ends, recorded by the lead inspector, with no serious concerns.
    await runtime.advanceTo(new Date('2026-12-22T15:00:00Z'));
    const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'assurance-visit',
      seriousOrWidespreadConcerns: false,
    });
    expect(outcome.status).toBe(200);
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/visit-end`, { on: '2026-12-22' })).status).toBe(200);

    const recordedOn: Record<string, string> = {};
    // Day 4: the draft report goes to quality assurance (its wait escalates like the report stages'; nothing is sent).
    for (const stepId of ['draft-report-qa', 'report-to-provider', 'final-report-to-provider', 'publish']) {
      recordedOn[stepId] = await recordOnTime(runtime, inspectionId, stepId, 'assurance-visit', users.inspector);
    }
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'assurance-visit')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('SUCCEEDED');

    const done = await record(runtime, inspectionId);
    const timeline = timelineFor({ ...done, actuals: { 'assurance-visit': { 'visit-end': done.actuals['assurance-visit']!['visit-end']! } } }, 'assurance-visit');
    for (const stepId of ['report-to-provider', 'final-report-to-provider', 'publish']) {
      // Each stage was recorded on the day the regulations module says it is due (18 / 30 / 38 working days).
      expect(done.actuals['assurance-visit']?.[stepId], stepId).toBe(due(timeline, stepId).dueLondonDate);
    }
    const reports = (await outbox(inspectionId)).filter((email) => email.duty.startsWith('report:'));
    expect(reports.map((email) => email.duty).sort()).toEqual([
      'report:assurance-visit:final-report-to-provider',
      'report:assurance-visit:publish',
      'report:assurance-visit:report-to-provider',
    ]);
    for (const email of reports) {
      // The provider is told on the day the stage is recorded, not by the system at the end of its due day.
      const stepId = email.duty.split(':')[2]!;
      expect(londonDateOf(String(email.sentAt)), stepId).toBe(recordedOn[stepId]);
    }
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dcs-alert' || email.duty.startsWith('escalation:'))).toBe(false);
  });
});

describe('assurance visit with serious concerns', () => {
  let inspectionId: string;

  it('alerts the host and every placing authority, and the parents of a child not looked after, by the end of the next working day', async () => {
    await runtime.advanceTo(new Date('2027-03-01T08:00:00Z'));
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', assuranceVisitRequest('2027-03-01'));
    expect(logged.status).toBe(201);
    inspectionId = String(logged.body.id);

    // Day 3 (Wed 3 March 2027): the visit ends with serious concerns.
    await runtime.advanceTo(new Date('2027-03-03T16:00:00Z'));
    const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'assurance-visit',
      seriousOrWidespreadConcerns: true,
      concernsSerious: true,
      summaryOfConcerns: 'Restraint is not recorded or reviewed; staffing falls below the minimum at night.',
    });
    expect(outcome.status).toBe(200);
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/visit-end`, { on: '2027-03-03' })).status).toBe(200);

    const emails = await outbox(inspectionId);
    const alerts = emails.filter((email) => email.duty === 'dcs-alert');
    const timeline = timelineFor(await record(runtime, inspectionId), 'assurance-visit');
    const alertDue = due(timeline, 'dcs-alert');
    expect(alerts.map((email) => email.recipient.authorityCode ?? email.recipient.kind).sort()).toEqual(
      ['E08000003', 'E09000007', 'E10000016', 'placer'].sort(),
    );
    for (const alert of alerts) {
      expect(alert.status).toBe('sent');
      expect(Date.parse(String(alert.sentAt))).toBeLessThanOrEqual(Date.parse(alertDue.due));
    }
    const inbox = await runtime.inbox();
    for (const alert of alerts) {
      expect(inbox.some((mail) => mail.destination.to.includes(alert.to) && mail.messageId === alert.messageId)).toBe(true);
    }
    expect(emails.filter((email) => email.duty === 'dcs-alert-provider-copy').map((email) => email.to)).toEqual([
      'registered.manager@elmhouse.example',
    ]);
    expect(emails.some((email) => email.duty === 'dfe-serious-concerns')).toBe(true);
    // No child's initials in any subject.
    for (const mail of inbox) expect(mail.subject).not.toMatch(/\b(AB|CD|EF|GH)\b/);
  });

  it('waits for the manager’s case review; the inspector cannot approve it', async () => {
    // The report's clock does not wait for the case review: both are waiting side by side, and the report recorded as
    // sent while the review is pending goes to the provider at once.
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toEqual(
      expect.arrayContaining(['Request approval: Case review', 'Await recorded: report to provider']),
    );
    expect((await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/report-to-provider`, { on: '2027-03-03' })).status).toBe(200);
    const report = (await outbox(inspectionId)).find((email) => email.duty === 'report:assurance-visit:report-to-provider');
    expect(report?.status).toBe('sent');
    expect(londonDateOf(String(report?.sentAt))).toBe('2027-03-03');
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toContain('Request approval: Case review');
    const queue = await api(runtime, users.manager, 'GET', '/approvals');
    expect(queue.status).toBe(200);
    const approvals = queue.body.items as { approvalId: string; inspectionId: string }[];
    const approval = approvals.find((item) => item.inspectionId === inspectionId);
    expect(approval).toBeDefined();
    expect(JSON.stringify(queue.body)).not.toMatch(/taskToken/i);

    const asInspector = await api(runtime, users.inspector, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'monitoring-visit',
      enforcement: 'none',
      rationale: 'Serious concerns about restraint and night staffing.',
    });
    expect(asInspector.status).toBe(403);

    const decided = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'monitoring-visit',
      enforcement: 'none',
      rationale: 'Serious concerns about restraint and night staffing: monitor within 6 to 8 weeks.',
    });
    expect(decided.status).toBe(200);
    const again = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'enforcement-action',
      enforcement: { actions: ['restriction-of-accommodation'], against: ['establishment'] },
      rationale: 'Changing my mind after the decision was made.',
    });
    expect(again.status).toBe(409);
  });

  it('tells DfE the proposed actions and schedules the monitoring visit inside 6 to 8 weeks', async () => {
    const done = await record(runtime, inspectionId);
    const timeline = timelineFor(done, 'assurance-visit');
    expect(done.scheduled['monitoring-visit']).toMatchObject({
      earliest: due(timeline, 'monitoring-visit-earliest').dueLondonDate,
      latest: due(timeline, 'monitoring-visit-latest').dueLondonDate,
    });
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dfe-proposed-actions')).toBe(true);
    expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('RUNNING');
  });

  it('tells DfE the monitoring outcome, and the provider once the monitoring report is recorded as published', async () => {
    await runtime.advanceTo(new Date('2027-04-20T10:00:00Z'));
    const monitoring = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      // Sufficient steps: no further visit, so the assurance visit's run ends (further monitoring: the test below).
      outcome: 'sufficient-steps-taken',
      visitDate: '2027-04-20',
    });
    expect(monitoring.status).toBe(200);
    expect(execution(runtime, inspectionId, 'monitoring-visit')?.status).toBe('SUCCEEDED');
    // The visit is recorded on its day in the monitoring visit's timeline and in the assurance visit's.
    const visited = await record(runtime, inspectionId);
    expect(visited.actuals['monitoring-visit']?.['monitoring-visit-latest']).toBe('2027-04-20');
    expect(visited.actuals['assurance-visit']?.['monitoring-visit-latest']).toBe('2027-04-20');
    const dfeNotice = (await outbox(inspectionId)).find((email) => email.duty === 'dfe-monitoring-outcome');
    // DfE is told the outcome as the assurance guidance says ("The lead inspector will inform the DfE of monitoring
    // visit outcomes"), citing it, not SCCIF 15.1's next steps after an inadequate judgement.
    const dfeText = (await runtime.inbox()).find((mail) => mail.messageId === dfeNotice?.messageId)?.body.text ?? '';
    expect(dfeText).toContain('after serious or widespread concerns at an assurance visit');
    expect(dfeText).toContain('Serious and widespread concerns: next steps');
    expect(dfeText).not.toContain('15.1');
    expect((await outbox(inspectionId)).some((email) => email.duty === 'report:monitoring-visit:publish')).toBe(false);

    const published = await recordOnTime(runtime, inspectionId, 'publish', 'monitoring-visit', users.inspector);
    const report = (await outbox(inspectionId)).find((email) => email.duty === 'report:monitoring-visit:publish');
    expect(report && londonDateOf(String(report.sentAt))).toBe(published);

    // The draft report's quality assurance, recorded late: the run ends only once it is (it was escalated meanwhile).
    await recordOnTime(runtime, inspectionId, 'draft-report-qa', 'assurance-visit', users.inspector);
    expect((await outbox(inspectionId)).some((email) => email.duty.startsWith('escalation:assurance-visit:draft-report-qa:'))).toBe(true);
    await recordOnTime(runtime, inspectionId, 'final-report-to-provider', 'assurance-visit', users.inspector);
    await recordOnTime(runtime, inspectionId, 'publish', 'assurance-visit', users.inspector);
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'assurance-visit')?.status !== 'RUNNING');
    expect(execution(runtime, inspectionId, 'assurance-visit')?.status).toBe('SUCCEEDED');
  });
});

/** Logs an assurance visit announced on the next working day and records its outcome at the end of day 3. */
async function visitWithConcerns(concernsSerious: boolean): Promise<string> {
  let day1 = addCalendarDays(londonDateOf(runtime.clock.now()), 1);
  while (!isWorkingDay(day1)) day1 = addCalendarDays(day1, 1);
  await runtime.advanceTo(new Date(`${day1}T08:00:00Z`));
  const logged = await api(runtime, users.inspector, 'POST', '/inspections', assuranceVisitRequest(day1));
  expect(logged.status).toBe(201);
  const inspectionId = String(logged.body.id);
  const visitEnd = due(timelineFor(await record(runtime, inspectionId), 'assurance-visit'), 'visit-end').dueLondonDate;
  await runtime.advanceTo(new Date(`${visitEnd}T15:00:00Z`));
  const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
    process: 'assurance-visit',
    seriousOrWidespreadConcerns: true,
    concernsSerious,
    summaryOfConcerns: 'Restraint is not recorded or reviewed; staffing falls below the minimum at night.',
  });
  expect(outcome.status).toBe(200);
  return inspectionId;
}

async function decideCaseReview(inspectionId: string, body: Record<string, unknown>) {
  await advanceUntil(runtime, () => activeStates(execution(runtime, inspectionId, 'assurance-visit')).includes('Request approval: Case review'));
  const queue = await api(runtime, users.manager, 'GET', '/approvals');
  const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
  expect(approval).toBeDefined();
  return api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, body);
}

describe('the case review decides what follows an assurance visit (AV 2021: "allows the manager to decide which action to take")', () => {
  it('"no further action" on serious concerns schedules nothing and emails no one; the monitoring window leaves the timeline', async () => {
    const inspectionId = await visitWithConcerns(true);
    expect(due(timelineFor(await record(runtime, inspectionId), 'assurance-visit'), 'monitoring-visit-latest')).toBeDefined();
    const decided = await decideCaseReview(inspectionId, {
      decision: 'no-further-action',
      enforcement: 'none',
      rationale: 'The home put the restraint records right during the visit; night staffing is now at the minimum.',
    });
    expect(decided.status).toBe(200);
    const sentBefore = (await outbox(inspectionId)).length;
    await advanceUntil(runtime, () =>
      execution(runtime, inspectionId, 'assurance-visit')?.events.some((event) => event.type === 'StateEntered' && event.state === 'No further action') ?? false,
    );
    const after = await record(runtime, inspectionId);
    expect(after.scheduled).toEqual({});
    expect(execution(runtime, inspectionId, 'monitoring-visit')).toBeUndefined();
    expect((await outbox(inspectionId)).length).toBe(sentBefore);
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dfe-proposed-actions')).toBe(false);
    // The monitoring visit no longer applies: on the timeline as not required, with the decision and its day, so
    // never due, overdue or escalated.
    const decidedOn = formatDateInWords(londonDateOf(after.decisions['case-review']!.decidedAt));
    expect(due(timelineFor(after, 'assurance-visit'), 'monitoring-visit-latest').notRequired).toBe(
      `not required: the case review decided "no further action" on ${decidedOn}, so no monitoring visit follows`,
    );
    await runtime.advanceTo(new Date(Date.parse(due(timelineFor(after, 'assurance-visit'), 'monitoring-visit-latest').due) + 86_400_000));
    const shown = await api(runtime, users.manager, 'GET', `/inspections/${inspectionId}`);
    const window = (shown.body.timelines as { process: string; steps: { id: string; status: string }[] }[])
      .find((timeline) => timeline.process === 'assurance-visit')
      ?.steps.find((step) => step.id === 'monitoring-visit-latest');
    expect(window?.status).toBe('not-required');
    expect((await outbox(inspectionId)).some((email) => email.duty.includes('monitoring-visit-latest'))).toBe(false);
  });

  it('a "monitoring visit" decision schedules one though the inspector did not flag the concerns as serious; its outcome is ungraded and followed up', async () => {
    const inspectionId = await visitWithConcerns(false);
    const decided = await decideCaseReview(inspectionId, {
      decision: 'monitoring-visit',
      enforcement: { actions: ['restriction-of-accommodation'], against: ['establishment'] },
      rationale: 'Widespread concerns about night staffing: check within 6 to 8 weeks.',
    });
    expect(decided.status).toBe(200);
    await advanceUntil(runtime, () => execution(runtime, inspectionId, 'monitoring-visit')?.status === 'RUNNING');
    const scheduled = await record(runtime, inspectionId);
    expect(scheduled.scheduled['monitoring-visit']?.latest).toBe(due(timelineFor(scheduled, 'assurance-visit'), 'monitoring-visit-latest').dueLondonDate);

    // No graded outcome after an assurance visit (no "improved judgement", no "inadequate judgement stands").
    const visitDate = londonDateOf(runtime.clock.now());
    const graded = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      outcome: 'full-inspection',
      visitDate,
    });
    expect(graded.status).toBe(400);
    expect(graded.body.errors).toEqual([{ field: 'outcome', message: expect.stringMatching(/no graded judgement.*"sufficient-steps-taken" or "further-monitoring"/) }]);

    const further = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate,
    });
    expect(further.status).toBe(200);
    expect(JSON.stringify(further.body)).not.toMatch(/Inadequate judgement stands/);
    await advanceUntil(runtime, () =>
      execution(runtime, inspectionId, 'assurance-visit')?.events.some((event) => event.type === 'StateEntered' && event.state === 'Further monitoring decided') ?? false,
    );
    expect((await outbox(inspectionId)).some((email) => email.duty === 'dfe-monitoring-outcome')).toBe(true);
    // The 2nd visit begins at once, in its own run, 6 to 8 weeks from the 1st by default.
    const second = `${inspectionId}--monitoring-visit-2`;
    await advanceUntil(runtime, () => executionsOf(runtime, 'monitoring-visit').some((run) => run.executionArn.endsWith(`:${second}`) && run.status === 'RUNNING'));
    const begun = await record(runtime, inspectionId);
    expect(begun.monitoringVisitNumber).toBe(2);
    expect(begun.scheduled['further-monitoring']).toMatchObject({ earliest: addCalendarDays(visitDate, 42), latest: addCalendarDays(visitDate, 56) });
    const today = londonDateOf(runtime.clock.now());
    // The 1st visit's report is still the 1st visit's: asked for without the visit, the answer says which to send.
    const unnamed = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, { on: today, process: 'monitoring-visit' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([
      { field: 'visit', message: 'is required: the 2nd monitoring visit has no outcome yet; for the report of the 1st monitoring visit send "visit": 1' },
    ]);
    const published = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/publish`, { on: today, process: 'monitoring-visit', visit: 1 });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await advanceUntil(runtime, async () => (await outbox(inspectionId)).some((email) => email.duty === 'report:monitoring-visit:publish'));
    expect((await record(runtime, inspectionId)).monitoringVisits?.[0]?.actuals.publish).toBe(today);
  });
});

describe('an assurance visit logged before its day 1', () => {
  it('sends the provider no letter until the call that announces the visit is recorded, then sends it saying the visit was announced today', async () => {
    let day1 = addCalendarDays(londonDateOf(runtime.clock.now()), 1);
    while (!isWorkingDay(day1)) day1 = addCalendarDays(day1, 1);
    const request = assuranceVisitRequest(day1);
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', { ...request, establishment: { ...request.establishment, urn: 'SC123457', name: 'Ash House Secure Unit' } });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const inspectionId = String(logged.body.id);
    const letters = async () => (await outbox(inspectionId)).filter((email) => email.duty === 'provider-letter');
    expect((await record(runtime, inspectionId)).actuals['assurance-visit']).toBeUndefined();
    expect(activeStates(execution(runtime, inspectionId, 'assurance-visit'))).toContain('Await recorded: visit announced');
    expect(await letters()).toEqual([]);

    // Day 1, 09:05 London: the morning comes, and still no letter before the call is recorded.
    await runtime.advanceTo(new Date(londonTimeOn(day1, '09:05')));
    expect(await letters()).toEqual([]);
    const announced = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/steps/announce`, { on: day1 });
    expect(announced.status, JSON.stringify(announced.body)).toBe(200);
    await advanceUntil(runtime, async () => (await letters()).length === 1);
    const [letter] = await letters();
    expect(letter?.template).toMatchObject({ template: 'providerLetter', sentOn: day1 });
    expect(currentState(execution(runtime, inspectionId, 'assurance-visit'))).toBe('Await visit outcome');
  });
});
