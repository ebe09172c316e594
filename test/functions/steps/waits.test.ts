/**
 * The callback waits: request-approval and await-outcome (the Lambdas of `.waitForTaskToken` tasks) and
 * record-decision (after the approval wait resumes). Task tokens go to the table and to Step Functions only.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/adapters/clock';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { NotFoundError } from '../../../functions/core/errors';
import type { RecordedDecision } from '../../../functions/core/inspection';
import { approvalIdFor, decisionOutput } from '../../../functions/core/approvals';
import { remeasureMovedWaits } from '../../../functions/app/moved-deadlines';
import { handler as awaitOutcome } from '../../../functions/steps/await-outcome';
import { handler as recordDecision } from '../../../functions/steps/record-decision';
import { handler as requestApproval } from '../../../functions/steps/request-approval';
import {
  assuranceVisit,
  at,
  context,
  inadequateFullInspection,
  MAIL,
  personalDataIn,
  sentEmails,
  stored,
  SUMMARY,
  useStepEnvironment,
} from './step-harness';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  ses.restore();
  sfn.restore();
});

useStepEnvironment({ now: '2026-12-24T10:00:00.000Z', ses, sfn });

beforeEach(() => {
  sfn.on(SendTaskSuccessCommand).resolves({});
});

/** Shaped like a real task token: long, base64-like. */
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAcwR3Zk0m9Xq7P+token/one==';
const NEW_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAdQ2x1Lk8n7Wp6O+token/two==';

/** Info lines on stdout, warn and error lines on stderr (both silenced by the step harness). */
function logged(): string {
  const calls = [...vi.mocked(process.stdout.write).mock.calls, ...vi.mocked(process.stderr.write).mock.calls];
  return calls.map(([line]) => String(line)).join('');
}

function taskSuccesses(): { taskToken?: string; output: unknown }[] {
  return sfn.commandCalls(SendTaskSuccessCommand).map((call) => ({
    taskToken: call.args[0].input.taskToken,
    output: JSON.parse(call.args[0].input.output ?? 'null') as unknown,
  }));
}

describe('request-approval', () => {
  /** The assurance visit's case review: due within 5 working days of the end of the visit (Wed 23 Dec 2026). */
  const caseReview = (inspectionId: string, taskToken = TOKEN) => ({
    inspectionId,
    process: 'assurance-visit',
    stepId: 'case-review',
    taskToken,
    dueAt: '2027-01-04T23:59:59.000Z',
    seconds: 3600,
    kind: 'case-review',
  });

  it('asks the manager once, by the opaque approval id, and never shows the task token', async () => {
    // Prepare
    const record = await stored(assuranceVisit());
    const approvalId = approvalIdFor(record.id, 'assurance-visit', 'case-review');

    // Act
    const output = await requestApproval(caseReview(record.id), context);

    // Assess
    expect(approvalId).toMatch(/^apr-[0-9a-f]{24}$/);
    expect(output).toEqual({ approvalId, status: 'requested' });
    const emails = sentEmails(ses);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toBe(MAIL.manager);
    expect(emails[0]!.text).toContain(`https://sccif.example.gov.uk/app/approvals/${approvalId}`);
    expect(emails[0]!.text).toContain('Monday 4 January 2027 at 23:59 (London time)');
    // Why the decision is needed, before the link is opened; the summary of concerns (free text) stays on the page.
    expect(emails[0]!.text).toMatch(/It follows the assurance visit that ended on \w+day \d+ \w+ 202\d \(lead inspector: .+\), which found serious or widespread concerns\./);
    expect(emails[0]!.text).not.toContain(SUMMARY);
    for (const place of [JSON.stringify(output), emails[0]!.text, emails[0]!.subject, logged(), JSON.stringify(await repository().listAudit(record.id))]) {
      expect(place).not.toContain(TOKEN);
    }
    expect(await repository().getApproval(approvalId)).toMatchObject({ status: 'pending', taskToken: TOKEN, escalations: 0, stepId: 'case-review' });
    expect((await repository().requireInspection(record.id)).status).toBe('awaiting-approval');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('re-opens the approval with the new token after an escalation without emailing the manager again', async () => {
    // Prepare
    const record = await stored(assuranceVisit());
    await requestApproval(caseReview(record.id), context);
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-05T00:00:05.000Z'));

    // Act
    await requestApproval(caseReview(record.id, NEW_TOKEN), context);

    // Assess
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const approval = await repository().getApproval(approvalIdFor(record.id, 'assurance-visit', 'case-review'));
    expect(approval).toMatchObject({ status: 'pending', taskToken: NEW_TOKEN, escalations: 1 });
  });

  it('re-opens the approval with the new token and due instant after its deadline moved, not counted as an escalation', async () => {
    // Prepare
    const record = await stored(assuranceVisit());
    await requestApproval(caseReview(record.id), context);

    // Act: the wait measured again (DeadlineMoved) with the corrected due instant.
    await requestApproval({ ...caseReview(record.id, NEW_TOKEN), dueAt: '2026-12-30T23:59:59.000Z' }, context);

    // Assess
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const approval = await repository().getApproval(approvalIdFor(record.id, 'assurance-visit', 'case-review'));
    expect(approval).toMatchObject({ status: 'pending', taskToken: NEW_TOKEN, dueAt: '2026-12-30T23:59:59.000Z', escalations: 0 });
  });

  it('fails the pending approval with DeadlineMoved when a correction moves its step, and leaves a wait on an unmoved step alone', async () => {
    // Prepare: the visit ended on Wed 23 Dec; the case review is pending, and the draft report's QA (day 4) awaited.
    const before = await stored(assuranceVisit({ actuals: { 'assurance-visit': { 'visit-end': parseLocalDate('2026-12-23') } } }));
    await requestApproval(caseReview(before.id), context);
    await repository().storeStepToken(before.id, 'assurance-visit', 'draft-report-qa', NEW_TOKEN, '2026-12-24T10:00:00.000Z');
    sfn.on(SendTaskFailureCommand).resolves({});
    const after = await repository().recordActual(before.id, 'assurance-visit', 'visit-end', parseLocalDate('2026-12-21'), '2026-12-24T10:00:00.000Z');

    // Act
    const moved = await remeasureMovedWaits(before, after);

    // Assess
    expect(moved.find((deadline) => deadline.stepId === 'case-review')).toMatchObject({ from: '2027-01-04T23:59:59.000Z', to: '2026-12-30T23:59:59.000Z' });
    const failures = sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input);
    expect(failures).toEqual([
      {
        taskToken: TOKEN,
        error: 'DeadlineMoved',
        cause: 'the deadline of assurance-visit case-review moved from 2027-01-04T23:59:59.000Z to 2026-12-30T23:59:59.000Z',
      },
    ]);
    expect(await repository().getStepToken(before.id, 'assurance-visit', 'draft-report-qa')).toBe(NEW_TOKEN);
  });

  it('fails a wait on the report to the provider once when the correction moves it and the later stages it holds back', async () => {
    // Prepare: the report to the provider is awaited; its final report and publication also count from the visit's end.
    const before = await stored(assuranceVisit({ actuals: { 'assurance-visit': { 'visit-end': parseLocalDate('2026-12-23') } } }));
    await repository().storeStepToken(before.id, 'assurance-visit', 'report-to-provider', NEW_TOKEN, '2026-12-24T10:00:00.000Z');
    sfn.on(SendTaskFailureCommand).resolves({});
    const after = await repository().recordActual(before.id, 'assurance-visit', 'visit-end', parseLocalDate('2026-12-21'), '2026-12-24T10:00:00.000Z');

    // Act
    const moved = await remeasureMovedWaits(before, after);

    // Assess
    expect(moved.map((deadline) => deadline.stepId)).toEqual(expect.arrayContaining(['report-to-provider', 'final-report-to-provider', 'publish']));
    const failed = sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input.taskToken);
    expect(failed.filter((token) => token === NEW_TOKEN)).toHaveLength(1);
    expect(await repository().getStepToken(before.id, 'assurance-visit', 'report-to-provider')).toBeUndefined();
  });

  it('is harmless when retried with the same token', async () => {
    const record = await stored(assuranceVisit());
    await requestApproval(caseReview(record.id), context);
    await requestApproval(caseReview(record.id), context);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await repository().getApproval(approvalIdFor(record.id, 'assurance-visit', 'case-review'))).toMatchObject({ escalations: 0 });
  });

  it('answers the wait at once with the recorded decision when the manager has already decided, and sends no email', async () => {
    // Prepare: the manager decided while the previous wait was timing out
    const record = await stored(assuranceVisit());
    const approvalId = approvalIdFor(record.id, 'assurance-visit', 'case-review');
    await repository().openApproval({ ...caseReview(record.id), process: 'assurance-visit', kind: 'case-review', approvalId, now: '2026-12-24T09:00:00.000Z' });
    const decision: RecordedDecision = {
      approvalId,
      kind: 'case-review',
      decision: 'monitoring-visit',
      rationale: 'Serious concerns about restraint; a monitoring visit is needed.',
      decidedBy: 'manager-1',
      decidedAt: '2026-12-24T09:30:00.000Z',
    };
    await repository().decideApproval(approvalId, { expectedToken: TOKEN, decision });

    // Act
    const output = await requestApproval(caseReview(record.id, NEW_TOKEN), context);

    // Assess
    expect(output).toEqual({ approvalId, status: 'answered' });
    expect(taskSuccesses()).toEqual([
      {
        taskToken: NEW_TOKEN,
        output: { approvalId, decision: 'monitoring-visit', decidedAt: '2026-12-24T09:30:00.000Z' },
      },
    ]);
    expect(taskSuccesses()[0]!.output).toEqual(decisionOutput({ approvalId, decision }));
    // Execution history keeps task outputs: no rationale, no manager's id.
    expect(JSON.stringify(taskSuccesses())).not.toContain(decision.rationale);
    expect(JSON.stringify(taskSuccesses())).not.toContain('manager-1');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it.each([
    [{ taskToken: undefined }, 'taskToken'],
    [{ taskToken: 42 }, 'taskToken'],
    [{ kind: 'coffee-break' }, 'kind'],
    [{ dueAt: '2027-01-04 23:59' }, 'dueAt'],
  ])('rejects %j with a ValidationError naming %s, without echoing the token', async (change, field) => {
    const running = requestApproval({ ...caseReview('insp-1'), ...change }, context);
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field }] });
    const error = (await running.catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('await-outcome', () => {
  const wait = (inspectionId: string, outcomeOf = 'full-inspection', process = 'full-inspection', stepId = 'report-to-provider') => ({
    inspectionId,
    process,
    stepId,
    taskToken: TOKEN,
    dueAt: '2027-01-08T23:59:59.000Z',
    seconds: 3600,
    outcomeOf,
  });

  it('answers the wait at once with the workflow outcome when the inspector recorded it first', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection({ status: 'awaiting-outcome' }));

    // Act
    const output = await awaitOutcome(wait(record.id), context);

    // Assess: judgements and flags only, never the summary of concerns
    expect(output).toEqual({ status: 'answered' });
    expect(taskSuccesses()).toEqual([{ taskToken: TOKEN, output: { process: 'full-inspection', overall: 'inadequate', secure: false } }]);
    expect(personalDataIn(taskSuccesses()[0]!.output, record)).toEqual([]);
    expect(await repository().getOutcomeToken(record.id, 'full-inspection')).toBeUndefined();
  });

  it('stores the token and waits when the outcome is not recorded yet', async () => {
    // Prepare
    const { outcome: _none, ...record } = inadequateFullInspection({ status: 'in-progress' });
    await stored(record);

    // Act
    const output = await awaitOutcome(wait(record.id), context);

    // Assess
    expect(output).toEqual({ status: 'waiting' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(await repository().getOutcomeToken(record.id, 'full-inspection')).toBe(TOKEN);
    expect((await repository().requireInspection(record.id)).status).toBe('awaiting-outcome');
    expect(logged()).not.toContain(TOKEN);
    expect(JSON.stringify(await repository().requireInspection(record.id))).not.toContain(TOKEN);
  });

  it('answers a monitoring-visit wait from the monitoring outcome', async () => {
    const record = await stored(
      assuranceVisit({
        monitoringOutcome: {
          outcome: { process: 'monitoring-visit', outcome: 'full-inspection', visitDate: parseLocalDate('2027-02-10') },
          recordedBy: 'inspector-1',
          recordedAt: '2027-02-10T17:00:00.000Z',
        },
      }),
    );
    await awaitOutcome(wait(record.id, 'monitoring-visit', 'monitoring-visit', 'monitoring-visit-latest'), context);
    expect(taskSuccesses()[0]!.output).toEqual({ process: 'monitoring-visit', outcome: 'full-inspection', secure: true });
  });

  it('does not fail when the wait it answers has already timed out', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    const record = await stored(inadequateFullInspection());
    await expect(awaitOutcome(wait(record.id), context)).resolves.toEqual({ status: 'answered' });
  });

  it('fails with a NotFoundError for a missing inspection, storing no token', async () => {
    await expect(awaitOutcome(wait('insp-missing'), context)).rejects.toBeInstanceOf(NotFoundError);
    expect(await repository().getOutcomeToken('insp-missing', 'full-inspection')).toBeUndefined();
  });

  it('rejects an outcome of a process that has none, naming outcomeOf', async () => {
    await expect(awaitOutcome(wait('insp-1', 'inadequate'), context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'outcomeOf' }],
    });
  });
});

describe('record-decision', () => {
  const RATIONALE = 'Concerns are serious but leadership is responsive.';

  /** An approval the manager has decided (as decide-approval stores it); the run resumes with decisionOutput. */
  async function decided(
    inspectionId: string,
    process: 'inadequate' | 'interim-inspection',
    kind: 'case-review' | 'interim-case-review',
    option = kind === 'case-review' ? 'monitoring-visit' : 'inadequate-pathway-and-alert-las',
    enforcement?: RecordedDecision['enforcement'],
  ) {
    const approvalId = approvalIdFor(inspectionId, process, kind);
    await repository().openApproval({
      approvalId,
      inspectionId,
      process,
      kind,
      stepId: kind === 'case-review' ? 'case-review' : 'report-to-provider',
      dueAt: '2026-12-23T23:59:59.000Z',
      taskToken: TOKEN,
      now: '2026-12-23T09:00:00.000Z',
    });
    await repository().decideApproval(approvalId, {
      expectedToken: TOKEN,
      decision: {
        approvalId,
        kind,
        decision: option,
        rationale: RATIONALE,
        ...(enforcement === undefined ? {} : { enforcement }),
        decidedBy: 'manager-1',
        decidedByName: 'Sam Okafor',
        decidedAt: '2026-12-24T00:30:00.000Z',
      } as RecordedDecision,
    });
    return approvalId;
  }

  /** What the run carries: the option and when, never the rationale or the manager. */
  const decision = (approvalId: string, option = 'monitoring-visit') => ({ approvalId, decision: option, decidedAt: '2026-12-24T00:30:00.000Z' });

  it('records the case review decision, marks the case review done on its London day and resumes the inspection', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection({ status: 'awaiting-approval' }));
    const approvalId = await decided(record.id, 'inadequate', 'case-review');

    // Act
    const output = await recordDecision(
      { inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(approvalId) },
      context,
    );

    // Assess
    expect(output).toEqual({ decision: 'monitoring-visit' });
    const after = await repository().requireInspection(record.id);
    // The rationale and who decided come from the stored approval.
    expect(after.decisions['case-review']).toEqual({ kind: 'case-review', ...decision(approvalId), rationale: RATIONALE, decidedBy: 'manager-1', decidedByName: 'Sam Okafor' });
    expect(after.actuals.inadequate).toEqual({ 'case-review': '2026-12-24' });
    expect(after.status).toBe('in-progress');
    expect(await repository().getApproval(approvalId)).toMatchObject({ status: 'decided' });
  });

  it('refuses a decision for an approval of another inspection, naming decision.approvalId, and records nothing', async () => {
    const record = await stored(inadequateFullInspection());
    const other = await stored(inadequateFullInspection());
    const approvalId = await decided(other.id, 'inadequate', 'case-review');
    const running = recordDecision(
      { inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(approvalId) },
      context,
    );
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'decision.approvalId' }] });
    expect((await repository().requireInspection(record.id)).decisions).toEqual({});
  });

  it('refuses a decision the approval does not hold (ValidationError naming decision.decision), and an unknown approval (NotFoundError)', async () => {
    const record = await stored(inadequateFullInspection());
    const approvalId = await decided(record.id, 'inadequate', 'case-review');
    const event = { inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review' };
    await expect(recordDecision({ ...event, decision: decision(approvalId, 'full-inspection') }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'decision.decision' }],
    });
    await expect(recordDecision({ ...event, decision: decision('apr-unknown') }, context)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect((await repository().requireInspection(record.id)).decisions).toEqual({});
  });

  it('does not mark the report step an approval is due with as done', async () => {
    const record = await stored(inadequateFullInspection({ process: 'interim-inspection' }));
    const approvalId = await decided(record.id, 'interim-inspection', 'interim-case-review');
    await recordDecision(
      {
        inspectionId: record.id,
        process: 'interim-inspection',
        kind: 'interim-case-review',
        stepId: 'report-to-provider',
        decision: decision(approvalId, 'inadequate-pathway-and-alert-las'),
      },
      context,
    );
    const after = await repository().requireInspection(record.id);
    expect(after.actuals).toEqual(record.actuals);
    expect(after.actuals['interim-inspection']).toBeUndefined();
    expect(after.decisions['interim-case-review']?.decision).toBe('inadequate-pathway-and-alert-las');
  });

  it('records the same decision once when retried, and outputs the decision only', async () => {
    const record = await stored(inadequateFullInspection());
    const approvalId = await decided(record.id, 'inadequate', 'case-review');
    const event = { inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(approvalId) };
    await recordDecision(event, context);
    const retried = await recordDecision(event, context);
    expect(retried).toEqual({ decision: 'monitoring-visit' });
    expect(personalDataIn(retried, record)).toEqual([]);
    expect((await repository().listAudit(record.id)).filter((item) => item.event === 'decision-recorded')).toHaveLength(1);
  });

  it('tells the lead inspector the decision; the compliance inspectors too when it decided enforcement; once each when retried (found by a new-user walk)', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'priya.shah@ofsted.example' }));
    const approvalId = await decided(record.id, 'inadequate', 'case-review', 'monitoring-visit', { actions: ['compliance-notice'], against: ['establishment'] });
    const event = { inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(approvalId) };
    await recordDecision(event, context);
    await recordDecision(event, context);
    const emails = sentEmails(ses);
    expect(emails.map(({ to, subject }) => [to, subject])).toEqual([
      ['priya.shah@ofsted.example', `Urgent case review decided, URN ${record.establishment.urn}`],
      [MAIL.complianceInspectors, `Urgent case review decided, URN ${record.establishment.urn}`],
    ]);
    const [toLead, toCompliance] = emails;
    expect(toLead?.text).toContain('Sam Okafor recorded the decision of the urgent case review');
    expect(toLead?.text).toContain('Carry out a monitoring visit');
    expect(toLead?.text).toContain('A compliance notice, against the establishment');
    expect(toLead?.text).toContain(RATIONALE);
    expect(toCompliance?.text).toContain('Dear Social care compliance inspectors,');
    expect(toLead?.text).toContain(`/app/establishments/${record.establishment.urn}`);
    // They open no inspection or establishment page: no links, and a reply reaches the lead inspector.
    expect(toCompliance?.text).not.toContain('/app/');
    expect(toCompliance?.text).toContain('A manager records each action on the establishment’s page when it is issued');
    expect(ses.commandCalls(SendEmailCommand)[1]?.args[0].input.ReplyToAddresses).toEqual(['priya.shah@ofsted.example']);
    // No child, by their initials, and not the summary of concerns.
    for (const { text } of emails) {
      for (const child of record.children) expect(text).not.toMatch(new RegExp(`\\b${child.initials}\\b`));
      expect(text).not.toContain(SUMMARY);
    }
  });

  it('no enforcement decided: the lead inspector only, without the words on following it up; no address for them: nobody', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'priya.shah@ofsted.example' }));
    const approvalId = await decided(record.id, 'inadequate', 'case-review', 'monitoring-visit', 'none');
    await recordDecision({ inspectionId: record.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(approvalId) }, context);
    expect(sentEmails(ses).map(({ to }) => to)).toEqual(['priya.shah@ofsted.example']);
    expect(sentEmails(ses)[0]?.text).toContain('No enforcement action');
    expect(sentEmails(ses)[0]?.text).not.toContain('Social care compliance handbook');
    ses.resetHistory();
    const unknown = await stored(inadequateFullInspection());
    const other = await decided(unknown.id, 'inadequate', 'case-review', 'monitoring-visit', 'none');
    await recordDecision({ inspectionId: unknown.id, process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: decision(other) }, context);
    expect(sentEmails(ses)).toEqual([]);
  });

  it('rejects an option of another kind of approval, naming decision.decision', async () => {
    const running = recordDecision(
      {
        inspectionId: 'insp-1',
        process: 'rfc-inspection',
        kind: 'rfc-case-discussion',
        stepId: 'report-to-provider',
        decision: decision('apr-1', 'monitoring-visit'),
      },
      context,
    );
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'decision.decision' }] });
  });

  it('rejects a decision without its instant, naming decision.decidedAt', async () => {
    const { decidedAt: _none, ...partial } = decision('apr-1');
    const running = recordDecision(
      { inspectionId: 'insp-1', process: 'inadequate', kind: 'case-review', stepId: 'case-review', decision: partial },
      context,
    );
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'decision.decidedAt' }] });
  });
});
