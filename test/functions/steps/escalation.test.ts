/**
 * When things go wrong: escalate-overdue (a deadline passed and the step is not done) and record-failure (a step
 * failed after its retries).
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/adapters/clock';
import { repository } from '../../../functions/adapters/repository';
import { approvalIdFor } from '../../../functions/core/approvals';
import { handler as escalateOverdue } from '../../../functions/steps/escalate-overdue';
import { handler as recordFailure } from '../../../functions/steps/record-failure';
import {
  at,
  context,
  inadequateFullInspection,
  MAIL,
  personalDataIn,
  sentEmails,
  stored,
  throttled,
  useStepEnvironment,
} from './step-harness';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  ses.restore();
  sfn.restore();
});

// Tue 29 Dec 2026: the LA alert was due by the end of Wed 23 Dec
useStepEnvironment({ now: '2026-12-29T09:00:00.000Z', ses, sfn });


const overdueAlert = (inspectionId: string) => ({ inspectionId, process: 'inadequate', stepId: 'dcs-alert' });

/**
 * A family centre judged inadequate at the inspection that ended Tue 22 Dec 2026, its case discussion (due with the
 * report, by Fri 8 Jan 2027) asked of the compliance inspectors at `askedAt`.
 */
async function caseDiscussionAsked(askedAt: string) {
  const record = await stored(
    inadequateFullInspection({
      process: 'rfc-inspection',
      executionName: 'insp-0001--rfc-inspection',
      establishment: { urn: 'SC765432', name: 'Harbour Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      outcome: { outcome: { process: 'rfc-inspection', overall: 'inadequate' }, recordedBy: 'inspector-1', recordedAt: '2026-12-22T17:00:00.000Z' } as never,
      followUps: {},
      decisions: {},
    }),
  );
  await repository().openApproval({
    approvalId: approvalIdFor(record.id, 'rfc-inspection', 'rfc-case-discussion'),
    inspectionId: record.id,
    process: 'rfc-inspection',
    kind: 'rfc-case-discussion',
    stepId: 'case-discussion',
    dueAt: '2027-01-08T23:59:59.000Z',
    taskToken: 'token-1',
    now: askedAt,
  });
  return record;
}

/** The managers asked for the urgent case review (due by the end of Wed 23 Dec) at `now`: its approval opened. */
const askManagers = (inspectionId: string, now: string) =>
  repository().openApproval({
    approvalId: approvalIdFor(inspectionId, 'inadequate', 'case-review'),
    inspectionId,
    process: 'inadequate',
    kind: 'case-review',
    stepId: 'case-review',
    dueAt: '2026-12-23T23:59:59.000Z',
    taskToken: 'token-1',
    now,
  });

describe('escalate-overdue', () => {
  it('emails the manager and a senior manager how many working days the step is overdue', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection());

    // Act
    const output = await escalateOverdue(overdueAlert(record.id), context);

    // Assess: 24 Dec and 29 Dec are working days after the due day (Christmas, a weekend and 28 Dec are not)
    expect(output).toEqual({ escalated: true, workingDaysOverdue: 2 });
    const emails = sentEmails(ses);
    expect(emails.map((email) => email.to)).toEqual([MAIL.manager, MAIL.seniorManager]);
    expect(emails[0]!.subject).toBe('Escalation: overdue step "Directors of children’s services of every relevant local authority emailed" (2 working days overdue), URN SC123456');
    expect(emails[0]!.text).toContain('is 2 working days overdue');
    expect(emails[0]!.text).toContain('https://sccif.example.gov.uk/app/inspections/');
    // The senior manager's (senior HMI's) is a copy for information, addressed to them.
    expect(emails[1]!.subject).toBe('Copy for information: escalation: overdue step "Directors of children’s services of every relevant local authority emailed" (2 working days overdue), URN SC123456');
    expect(emails[1]!.text).toMatch(/^Dear Senior Manager,\n+This is a copy for your information/);
    expect(emails[0]!.text).not.toContain('copy for your information');
    expect(personalDataIn(output, record)).toEqual([]);
    const escalations = await repository().listEmails(record.id);
    expect(escalations.map((email) => [email.duty, email.recipientKey, email.recipient.kind])).toEqual([
      // the latest escalation at or before now: Tue 29 Dec, its 2nd working day overdue
      ['escalation:inadequate:dcs-alert:2026-12-29', 'manager', 'manager'],
      ['escalation:inadequate:dcs-alert:2026-12-29', 'senior-manager', 'senior-manager'],
    ]);
  });

  it('says when a step that cannot be recorded yet can be, not "please record it now" (found by a new-user walk)', async () => {
    // Prepare: the report went to the provider on Wed 27 Jan 2027, late; the final report was due by Fri 29 Jan (25
    // working days after Tue 22 Dec 2026), and the provider's comments are due by Wed 3 Feb.
    vi.mocked(systemClock.now).mockReturnValue(at('2027-02-01T09:00:00.000Z'));
    const record = await stored(
      inadequateFullInspection({
        outcome: { ...inadequateFullInspection().outcome!, outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } },
        inspectorEmail: 'ines.inspector@ofsted.example',
        inspectorName: 'Ines Inspector',
        actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never, 'report-to-provider': '2027-01-27' as never } },
      }),
    );

    // Act
    const output = await escalateOverdue({ inspectionId: record.id, process: 'full-inspection', stepId: 'publish' }, context);

    // Assess
    expect(output).toEqual({ escalated: true, workingDaysOverdue: 1 });
    const emails = sentEmails(ses);
    const lead = emails.find((email) => email.to === 'ines.inspector@ofsted.example')!;
    expect(lead.text).toContain('This step is yours to record, as the lead inspector: please record it as soon as it can be (below).');
    expect(lead.text).not.toContain('please record it now');
    for (const email of emails) {
      expect(email.text).toContain('It cannot be recorded yet. It can be recorded once “Provider returns factual accuracy comments” is recorded, or from Thursday 4 February 2027.');
    }
  });

  it('escalates the publication, due while the report to the provider is still awaited, as its own step as its deadline passes, then only within the report’s escalations (found by new-user walks)', async () => {
    // Prepare: a full inspection that ended Tue 22 Dec 2026, judged good; the report to the provider (due Fri 8 Jan
    // 2027) is not recorded, and publication was due by the end of Fri 29 Jan (25 working days).
    const record = await stored(
      inadequateFullInspection({
        outcome: { ...inadequateFullInspection().outcome!, outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } },
        inspectorEmail: 'ines.inspector@ofsted.example',
        inspectorName: 'Ines Inspector',
        actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never } },
      }),
    );
    const waitOnReport = { inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' };
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-29T00:00:00.000Z'));
    const friday = await escalateOverdue(waitOnReport, context);
    const fridayEmails = sentEmails(ses).length;

    // Act: the wait wakes as publication's deadline passes, on Tuesday (publication's 2nd working day overdue) and on
    // Friday (the report's 20th)
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-29T23:59:59.000Z'));
    const deadline = await escalateOverdue(waitOnReport, context);
    vi.mocked(systemClock.now).mockReturnValue(at('2027-02-02T00:00:00.000Z'));
    const tuesday = await escalateOverdue(waitOnReport, context);
    const beforeFriday = sentEmails(ses).length;
    vi.mocked(systemClock.now).mockReturnValue(at('2027-02-05T00:00:00.000Z'));
    const nextFriday = await escalateOverdue(waitOnReport, context);

    // Assess: Friday was the report's 15th working day overdue (the weekly cadence); the publication is escalated on
    // Monday 1 Feb, its 1st working day overdue, to the managers and its lead inspector; the report not again off its
    // cadence. The publication cannot be recorded before the report: after its first, the report's escalations name it.
    expect(friday).toEqual({ escalated: true, workingDaysOverdue: 15 });
    // Still Friday: the report's 15th is owed again, and its emails not sent twice (below).
    expect(deadline).toEqual({ escalated: true, workingDaysOverdue: 15, alsoEscalated: [{ stepId: 'publish', workingDaysOverdue: 1 }] });
    expect(tuesday).toEqual({ escalated: false });
    expect(nextFriday).toEqual({ escalated: true, workingDaysOverdue: 20 });
    const duties = (await repository().listEmails(record.id)).map((email) => `${email.duty} ${email.recipientKey}`).sort();
    expect(duties).toEqual([
      'escalation:full-inspection:publish:2027-02-01 lead-inspector',
      'escalation:full-inspection:publish:2027-02-01 manager',
      'escalation:full-inspection:publish:2027-02-01 senior-manager',
      'escalation:full-inspection:report-to-provider:2027-01-29 lead-inspector',
      'escalation:full-inspection:report-to-provider:2027-01-29 manager',
      'escalation:full-inspection:report-to-provider:2027-01-29 senior-manager',
      'escalation:full-inspection:report-to-provider:2027-02-05 lead-inspector',
      'escalation:full-inspection:report-to-provider:2027-02-05 manager',
      'escalation:full-inspection:report-to-provider:2027-02-05 senior-manager',
    ]);
    const publication = sentEmails(ses).slice(fridayEmails);
    expect(publication[0]!.subject).toBe('Escalation: overdue step "Final report published" (first working day overdue), URN SC123456');
    expect(publication[0]!.text).toContain('It cannot be recorded yet.');
    // Friday's report escalation stands for the publication; the one of 29 January, before its deadline, did not name it.
    const report = sentEmails(ses).slice(beforeFriday);
    expect(report.map((email) => email.subject)).toContain('Escalation: overdue step "Report sent to the provider for a factual accuracy check" (20 working days overdue), URN SC123456');
    for (const email of report) {
      expect(email.text).toContain('Until it is recorded, this step cannot be recorded either. It is overdue too, and this escalation stands for it:');
      expect(email.text).toContain('Final report published: due by Friday 29 January 2027 at 23:59 (London time)');
    }
    expect(sentEmails(ses).slice(0, fridayEmails).some((email) => email.text.includes('Until it is recorded'))).toBe(false);
  });

  it('escalates the awaited step too when its wait woke after its cadence’s occasion went unsent (a wait begun late)', async () => {
    const record = await stored(inadequateFullInspection({ actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never } } }));
    vi.mocked(systemClock.now).mockReturnValue(at('2027-02-01T09:00:00.000Z'));
    const output = await escalateOverdue({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);
    expect(output).toEqual({ escalated: true, workingDaysOverdue: 16, alsoEscalated: [{ stepId: 'publish', workingDaysOverdue: 1 }] });
  });

  it('escalates at most once a day, and again the next working day', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection());
    await escalateOverdue(overdueAlert(record.id), context);
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-29T21:00:00.000Z'));

    // Act
    const sameDay = await escalateOverdue(overdueAlert(record.id), context);
    const afterSameDay = ses.commandCalls(SendEmailCommand).length;
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-30T09:00:00.000Z'));
    const nextDay = await escalateOverdue(overdueAlert(record.id), context);

    // Assess
    expect(sameDay).toEqual({ escalated: true, workingDaysOverdue: 2 });
    expect(afterSameDay).toBe(2);
    expect(nextDay).toEqual({ escalated: true, workingDaysOverdue: 3 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
  });

  it('sends nothing twice when the deadline’s 23:59:59 timeout is retried after midnight, and counts it as the 1st working day overdue', async () => {
    // Prepare: the wait timed out at the deadline (end of Wed 23 Dec); the first attempt sent, then timed out
    const record = await stored(inadequateFullInspection());
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-23T23:59:59.400Z'));
    const first = await escalateOverdue(overdueAlert(record.id), context);

    // Act: Step Functions retries 40 seconds later, on Thu 24 Dec
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-24T00:00:40.000Z'));
    const retried = await escalateOverdue(overdueAlert(record.id), context);

    // Assess: both are Thursday's escalation, its 1st working day overdue (never "0 working days")
    expect(first).toEqual({ escalated: true, workingDaysOverdue: 1 });
    expect(retried).toEqual({ escalated: true, workingDaysOverdue: 1 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(sentEmails(ses)[0]!.text).toContain('Its deadline has passed: Thursday 24 December 2026 is its first working day overdue.');
    expect((await repository().listEmails(record.id)).map((email) => email.duty)).toEqual([
      'escalation:inadequate:dcs-alert:2026-12-24',
      'escalation:inadequate:dcs-alert:2026-12-24',
    ]);
  });

  it('spares the managers an escalation the day they were asked for the decision already overdue (the request said so), not the senior manager', async () => {
    // The urgent case review was due by the end of Wed 23 Dec; the managers were asked for it on Tue 29 Dec, overdue.
    const record = await stored(inadequateFullInspection({ decisions: {} }));
    const caseReview = { inspectionId: record.id, process: 'inadequate', stepId: 'case-review' };
    await askManagers(record.id, '2026-12-29T08:59:00.000Z');

    expect(await escalateOverdue(caseReview, context)).toEqual({ escalated: true, workingDaysOverdue: 2 });
    expect(sentEmails(ses).map((email) => email.to)).toEqual([MAIL.seniorManager]);
    // The next working day, all of them.
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-30T09:00:00.000Z'));
    await escalateOverdue(caseReview, context);
    expect(sentEmails(ses).map((email) => email.to)).toEqual([MAIL.seniorManager, MAIL.manager, MAIL.seniorManager]);
  });

  it('escalates a family centre’s case discussion to the compliance inspectors who decide it too, linking its approval (found by a new-user walk)', async () => {
    const record = await caseDiscussionAsked('2026-12-22T18:00:00.000Z');
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-11T09:00:00.000Z'));

    await escalateOverdue({ inspectionId: record.id, process: 'rfc-inspection', stepId: 'case-discussion' }, context);

    const emails = sentEmails(ses);
    expect(emails.map((email) => email.to)).toEqual([MAIL.manager, MAIL.seniorManager, MAIL.complianceInspectors]);
    expect(emails[0]!.text).toContain('It is done when the Social Care Compliance Inspector decides it, on its approval;');
    expect(emails[2]!.text).toMatch(/^Dear Social Care Compliance Inspector,/);
    // The approval's link goes to those who decide it only.
    expect(emails.map((email) => email.text.includes(`/app/approvals/${approvalIdFor(record.id, 'rfc-inspection', 'rfc-case-discussion')}`))).toEqual([false, false, true]);
  });

  it('spares the compliance inspectors the escalation the day they were asked for the case discussion already overdue', async () => {
    const record = await caseDiscussionAsked('2027-01-11T08:00:00.000Z');
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-11T09:00:00.000Z'));

    await escalateOverdue({ inspectionId: record.id, process: 'rfc-inspection', stepId: 'case-discussion' }, context);

    expect(sentEmails(ses).map((email) => email.to)).toEqual([MAIL.manager, MAIL.seniorManager]);
  });

  it('escalates to the managers as usual when they were asked before the deadline', async () => {
    const record = await stored(inadequateFullInspection({ decisions: {} }));
    await askManagers(record.id, '2026-12-22T18:00:00.000Z');
    await escalateOverdue({ inspectionId: record.id, process: 'inadequate', stepId: 'case-review' }, context);
    expect(sentEmails(ses).map((email) => email.to)).toEqual([MAIL.manager, MAIL.seniorManager]);
  });

  it('sends nothing before the deadline (a check called early)', async () => {
    const record = await stored(inadequateFullInspection());
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-23T23:59:58.000Z'));
    expect(await escalateOverdue(overdueAlert(record.id), context)).toEqual({ escalated: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('does not escalate a step that is done', async () => {
    const record = await stored(inadequateFullInspection({ actuals: { inadequate: { 'dcs-alert': '2026-12-23' } as never } }));
    const output = await escalateOverdue(overdueAlert(record.id), context);
    expect(output).toEqual({ escalated: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('emails the senior manager even when the manager’s email is throttled, then fails so the retry sends it', async () => {
    // Prepare
    ses.reset();
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'ses-escalation' });
    const record = await stored(inadequateFullInspection());

    // Act
    await expect(escalateOverdue(overdueAlert(record.id), context)).rejects.toMatchObject({ name: 'EmailSendError' });
    const retried = await escalateOverdue(overdueAlert(record.id), context);

    // Assess
    expect(retried).toEqual({ escalated: true, workingDaysOverdue: 2 });
    expect(sentEmails(ses).map((email) => email.to)).toEqual([MAIL.manager, MAIL.seniorManager, MAIL.manager]);
    expect((await repository().listEmails(record.id)).map((email) => email.status)).toEqual(['sent', 'sent']);
  });

  it('rejects a step the timeline does not have, naming stepId', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(
      escalateOverdue({ inspectionId: record.id, process: 'inadequate', stepId: 'publish' }, context),
    ).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'stepId' }] });
  });

  it('rejects a step id that is not a step id, naming stepId', async () => {
    await expect(escalateOverdue({ inspectionId: 'insp-1', process: 'inadequate', stepId: 'DCS Alert' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'stepId' }],
    });
  });
});

describe('record-failure', () => {
  const failure = (inspectionId: string, error = 'EmailSendError') => ({ inspectionId, process: 'inadequate', error });

  it('marks the inspection failed and tells the manager once what is at risk', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection());

    // Act
    const output = await recordFailure(failure(record.id), context);
    const retried = await recordFailure(failure(record.id), context);

    // Assess
    expect(output).toEqual({ recorded: true, email: 'sent' });
    expect(retried).toEqual({ recorded: true, email: 'already-sent' });
    expect((await repository().requireInspection(record.id)).status).toBe('failed');
    const emails = sentEmails(ses);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toBe(MAIL.manager);
    expect(emails[0]!.text).toContain('The inadequate workflow stopped after a step failed (EmailSendError)');
    expect(emails[0]!.text).toContain('next step at risk: Urgent case review held');
    const audit = await repository().listAudit(record.id);
    expect(audit.map(({ event, actor, detail }) => ({ event, actor, detail })).sort((a, b) => a.event.localeCompare(b.event))).toEqual([
      { event: 'failure-notice-sent', actor: 'system', detail: { process: 'inadequate', error: 'EmailSendError' } },
      { event: 'workflow-failed', actor: 'system', detail: { process: 'inadequate', error: 'EmailSendError' } },
    ]);
    expect(personalDataIn(output, record)).toEqual([]);
  });

  it('does not repeat an error text that is not an error name', async () => {
    const record = await stored(inadequateFullInspection());
    await recordFailure(failure(record.id, 'Cannot send to pat.parent@family.example'), context);
    expect(sentEmails(ses)[0]!.text).not.toContain('pat.parent');
    expect(JSON.stringify(await repository().listAudit(record.id))).not.toContain('pat.parent');
  });

  it('does not throw for an inspection that does not exist', async () => {
    await expect(recordFailure(failure('insp-gone'), context)).resolves.toEqual({ recorded: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(await repository().getInspection('insp-gone')).toBeUndefined();
  });

  it('rejects a payload without the error, naming it', async () => {
    await expect(recordFailure({ inspectionId: 'insp-1', process: 'inadequate' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'error' }],
    });
  });
});
