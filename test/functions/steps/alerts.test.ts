/**
 * alert-local-authorities, forward-alert-to-provider and inform-dfe: who is told when a home is judged inadequate or
 * serious concerns are found (SCCIF 15.2-15.4; assurance visits "next steps"), each exactly once.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sendOnce } from '../../../functions/adapters/mailer';
import { repository } from '../../../functions/adapters/repository';
import { reportCopyForPlacer } from '../../../functions/core/email-content';
import { placerCopies } from '../../../functions/core/reports';
import { parseLocalDate } from '../../../functions/core/calendar';
import { NotFoundError } from '../../../functions/core/errors';
import type { RecordedOutcome } from '../../../functions/core/inspection';
import { handler as alertLocalAuthorities } from '../../../functions/steps/alert-local-authorities';
import { handler as recordEmailEvent } from '../../../functions/steps/record-email-event';
import { handler as forwardAlert } from '../../../functions/steps/forward-alert-to-provider';
import { handler as informDfe } from '../../../functions/steps/inform-dfe';
import { handler as issueReport } from '../../../functions/steps/issue-report';
import { approvalTemplate, caseReviewDecision } from '../../adapters/inspection-fixtures';
import {
  assuranceVisit,
  context,
  inadequateFullInspection,
  MAIL,
  personalDataIn,
  sentEmails,
  stored,
  SUMMARY,
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

// Wed 23 Dec 2026, the day after the inspection ended
useStepEnvironment({ now: '2026-12-23T10:00:00.000Z', ses, sfn });


const alertEvent = (inspectionId: string, process: 'inadequate' | 'assurance-visit' = 'inadequate') => ({
  inspectionId,
  process,
  duty: 'dcs-alert',
});

describe('alert-local-authorities', () => {
  it('alerts the host and every placing authority once, and whoever placed a child who is not looked after', async () => {
    // Prepare: Camden hosts the home and places a child; Manchester places two; a parent placed two children
    const record = await stored(inadequateFullInspection());

    // Act
    const output = await alertLocalAuthorities(alertEvent(record.id), context);

    // Assess
    expect(output).toEqual({ recipients: 3, sent: 3, alreadySent: 0, contactArrangementsNeeded: false });
    expect(sentEmails(ses).map((email) => email.to)).toEqual([
      'dcs@camden.la.example',
      'dcs@manchester.la.example',
      'pat.parent@family.example',
    ]);
    const emails = await repository().listEmails(record.id);
    expect(emails.map(({ recipientKey, recipient, dueAt, status }) => ({ recipientKey, recipient, dueAt, status }))).toEqual([
      {
        recipientKey: 'la:E08000003',
        recipient: { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', roles: ['placing'] },
        dueAt: '2026-12-23T23:59:59.000Z',
        status: 'sent',
      },
      {
        recipientKey: 'la:E09000007',
        recipient: { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host', 'placing'] },
        dueAt: '2026-12-23T23:59:59.000Z',
        status: 'sent',
      },
      { recipientKey: expect.stringMatching(/^placer:[0-9a-f]{16}$/), recipient: { kind: 'placer' }, dueAt: '2026-12-23T23:59:59.000Z', status: 'sent' },
    ]);
  });

  it('says what was found, with the summary of concerns, and keeps children out of the email', async () => {
    const record = await stored(inadequateFullInspection());
    await alertLocalAuthorities(alertEvent(record.id), context);
    const [camden] = sentEmails(ses);
    expect(camden!.subject).toBe('Ofsted alert: home judged inadequate (indicative judgement), URN SC123456');
    expect(camden!.text).toContain(SUMMARY);
    expect(camden!.text).toContain('children placed by your authority live at this home, and the home is in your area');
    for (const email of sentEmails(ses)) expect(email.text).not.toMatch(/\b(AB|CD|EF|GH|JK)\b/);
  });

  it('is answered to the lead inspector: Reply-To their address, which a local authority’s email names; none without it', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    await alertLocalAuthorities(alertEvent(record.id), context);
    const inputs = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.ReplyToAddresses)).toEqual([['ann.inspector@ofsted.example'], ['ann.inspector@ofsted.example'], ['ann.inspector@ofsted.example']]);
    const [camden] = sentEmails(ses);
    expect(camden!.text).toContain('To reach the lead inspector, Ann Inspector, reply to this email (ann.inspector@ofsted.example).');
    expect(camden!.text).toContain('Lead inspector: Ann Inspector (ann.inspector@ofsted.example)');

    ses.resetHistory();
    const unknown = await stored(inadequateFullInspection());
    await alertLocalAuthorities(alertEvent(unknown.id), context);
    expect(ses.commandCalls(SendEmailCommand).every((call) => call.args[0].input.ReplyToAddresses === undefined)).toBe(true);
    expect(sentEmails(ses)[0]!.text).not.toContain('reply to this email');
  });

  it('marks the alert step done on the day it was sent', async () => {
    const record = await stored(inadequateFullInspection());
    await alertLocalAuthorities(alertEvent(record.id), context);
    const after = await repository().requireInspection(record.id);
    expect(after.actuals.inadequate).toEqual({ 'dcs-alert': '2026-12-23' });
  });

  it('sends one email per recipient when the step runs twice', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection());
    await alertLocalAuthorities(alertEvent(record.id), context);

    // Act
    const retried = await alertLocalAuthorities(alertEvent(record.id), context);

    // Assess
    expect(retried).toEqual({ recipients: 3, sent: 0, alreadySent: 3, contactArrangementsNeeded: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect((await repository().listAudit(record.id)).filter((event) => event.event === 'dcs-alert-sent')).toHaveLength(1);
  });

  it('puts no address, name or initials in its output', async () => {
    const record = await stored(inadequateFullInspection());
    const output = await alertLocalAuthorities(alertEvent(record.id), context);
    expect(personalDataIn(output, record)).toEqual([]);
  });

  it('alerts every other recipient when SES throttles one, then fails so the retry sends that one only', async () => {
    // Prepare: SES throttles the first send (Camden)
    ses.reset();
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'ses-after-throttle' });
    const record = await stored(inadequateFullInspection());

    // Act
    const first = alertLocalAuthorities(alertEvent(record.id), context);
    await expect(first).rejects.toMatchObject({ name: 'EmailSendError' });
    const afterFirst = await repository().requireInspection(record.id);
    const retried = await alertLocalAuthorities(alertEvent(record.id), context);

    // Assess: Camden is tried twice, each recipient is emailed once, and the step is done only when all were sent
    expect(sentEmails(ses).map((email) => email.to)).toEqual([
      'dcs@camden.la.example',
      'dcs@manchester.la.example',
      'pat.parent@family.example',
      'dcs@camden.la.example',
    ]);
    expect(afterFirst.actuals.inadequate).toBeUndefined();
    expect(retried).toEqual({ recipients: 3, sent: 1, alreadySent: 2, contactArrangementsNeeded: false });
    const emails = await repository().listEmails(record.id);
    expect(emails.map((email) => [email.recipientKey.slice(0, 12), email.status, email.attempts])).toEqual([
      ['la:E08000003', 'sent', 1],
      ['la:E09000007', 'sent', 2],
      [expect.stringMatching(/^placer:/), 'sent', 1],
    ]);
  });

  it('does not email a recipient whose claim an attempt holds within the lease, and fails retryably without marking the duty done', async () => {
    // Prepare: an earlier attempt sent Manchester's alert; another claimed Camden's 2 minutes ago (lease: 5 minutes)
    const record = await stored(inadequateFullInspection());
    const claim = (recipientKey: string, createdAt = '2026-12-23T09:58:00.000Z') =>
      repository().claimEmail({
        inspectionId: record.id,
        duty: 'dcs-alert',
        recipientKey,
        to: 'earlier@attempt.example',
        recipient: { kind: 'dcs' },
        template: approvalTemplate,
        subject: 'earlier attempt',
        createdAt,
      });
    await claim('la:E08000003');
    await repository().markEmailSent({ inspectionId: record.id, duty: 'dcs-alert', recipientKey: 'la:E08000003' }, 'ses-0', '2026-12-23T09:00:01.000Z');
    await claim('la:E09000007');

    // Act: the mailer looks at Camden's claim again after each of its pauses (~3 s in all), on a fake clock
    const looks = vi.spyOn(repository(), 'claimEmail');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const attempt = alertLocalAuthorities(alertEvent(record.id), context).finally(() => {
      settled = true;
    });
    attempt.catch(() => {});
    try {
      while (!settled) {
        await vi.advanceTimersToNextTimerAsync();
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      vi.useRealTimers();
    }

    // Assess: only the parent is emailed now; the step fails (retryable) and is not marked done while Camden's is held
    await expect(attempt).rejects.toMatchObject({ name: 'EmailSendError', cause: { name: 'EmailInFlightError' } });
    // Camden's claim was looked at once and again after each of the 5 pauses; the parent's and Manchester's once each
    expect(looks.mock.calls.filter(([email]) => email.recipientKey === 'la:E09000007')).toHaveLength(6);
    expect(sentEmails(ses).map((email) => email.to)).toEqual(['pat.parent@family.example']);
    expect((await repository().requireInspection(record.id)).actuals.inadequate).toBeUndefined();
  });

  it('emails a recipient again whose claim is older than the lease (its attempt died), and marks the duty done', async () => {
    // Prepare: an attempt claimed Camden's alert an hour ago and died
    const record = await stored(inadequateFullInspection());
    await repository().claimEmail({
      inspectionId: record.id,
      duty: 'dcs-alert',
      recipientKey: 'la:E09000007',
      to: 'earlier@attempt.example',
      recipient: { kind: 'dcs' },
      template: approvalTemplate,
      subject: 'earlier attempt',
      createdAt: '2026-12-23T09:00:00.000Z',
    });

    // Act
    const output = await alertLocalAuthorities(alertEvent(record.id), context);

    // Assess
    expect(output).toEqual({ recipients: 3, sent: 3, alreadySent: 0, contactArrangementsNeeded: false });
    expect((await repository().requireInspection(record.id)).actuals.inadequate).toMatchObject({ 'dcs-alert': expect.any(String) });
  });

  it('alerts by the end of the next working day after an assurance visit with serious concerns', async () => {
    // Prepare: the visit ended Wed 23 Dec 2026; the alert is due Thu 24 Dec
    const record = await stored(assuranceVisit());

    // Act
    await alertLocalAuthorities(alertEvent(record.id, 'assurance-visit'), context);

    // Assess
    const [email] = await repository().listEmails(record.id);
    expect(email!.dueAt).toBe('2026-12-24T23:59:59.000Z');
    expect(sentEmails(ses)[0]!.subject).toBe('Ofsted alert: serious or widespread concerns at an assurance visit, URN SC654321');
  });

  // Whether an interim decline is alerted is the workflow's decision, made once: test/workflows/interim-inspection.test.ts.

  it('refuses to alert without a summary of the main concerns, naming the field', async () => {
    const { outcome: _none, ...record } = inadequateFullInspection();
    await stored(record);
    await expect(alertLocalAuthorities(alertEvent(record.id), context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'outcome.summaryOfConcerns' }],
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it.each([
    [{ inspectionId: 'insp-1', process: 'inadequate', duty: 'dcs-alerts' }, 'duty'],
    [{ inspectionId: 'insp-1', process: 'full-inspection', duty: 'dcs-alert' }, 'process'],
    [{ inspectionId: 'insp-1', process: 'inadequate' }, 'duty'],
  ])('rejects %j with a ValidationError naming %s', async (event, field) => {
    await expect(alertLocalAuthorities(event, context)).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field }] });
  });
});

describe('an alert not delivered (record-email-event)', () => {
  /** SES's event for one email, as EventBridge delivers it (the fields the handler reads). */
  const event = (eventType: 'Bounce' | 'Delivery', messageId: string, timestamp: string) => ({
    source: 'aws.ses',
    'detail-type': `Email ${eventType}`,
    detail: { eventType, mail: { timestamp: '2026-12-23T10:00:01.000Z', messageId }, [eventType === 'Bounce' ? 'bounce' : 'delivery']: { timestamp } },
  });

  it('tells the lead inspector once, naming whom it did not reach and the address; a delivered alert tells nobody (found by a new-user walk)', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    await alertLocalAuthorities(alertEvent(record.id), context);
    const emails = await repository().listEmails(record.id);
    const placer = emails.find((email) => email.recipient.kind === 'placer')!;
    const camden = emails.find((email) => email.recipientKey === 'la:E09000007')!;
    ses.resetHistory();

    await recordEmailEvent(event('Delivery', camden.messageId!, '2026-12-23T10:00:04.000Z'), context);
    expect(sentEmails(ses)).toEqual([]);

    const bounced = event('Bounce', placer.messageId!, '2026-12-23T10:00:05.000Z');
    await recordEmailEvent(bounced, context);
    // EventBridge may deliver the same event again: no second notice.
    await recordEmailEvent(bounced, context);
    const notices = sentEmails(ses);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: 'ann.inspector@ofsted.example', subject: 'Alert not delivered, URN SC123456' });
    expect(notices[0]!.text).toContain('was not delivered to Pat Parent, who placed a child at the home themselves: the email to pat.parent@family.example bounced on Wednesday 23 December 2026 at 10:00 (London time).');
    expect(notices[0]!.text).not.toMatch(/\b(AB|CD|EF|GH|JK)\b/);
    const notice = (await repository().listEmails(record.id)).find((email) => email.duty === 'alert-not-delivered');
    expect(notice).toMatchObject({ recipientKey: placer.recipientKey, recipient: { kind: 'inspector' }, status: 'sent' });
  });

  it('sends the copy of the report to the person who placed a child with the lead inspector as its Reply-To (found by a new-user walk: no way to reply)', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    await alertLocalAuthorities(alertEvent(record.id), context);
    await repository().recordActual(record.id, 'full-inspection', 'publish', parseLocalDate('2026-12-23'), '2026-12-23T10:00:00.000Z');
    ses.resetHistory();

    await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'publish' }, context);

    const toPlacer = ses.commandCalls(SendEmailCommand).find((call) => call.args[0].input.Content?.Simple?.Subject?.Data?.startsWith('The inspection report is ready'));
    expect(toPlacer?.args[0].input.ReplyToAddresses).toEqual(['ann.inspector@ofsted.example']);
    expect(toPlacer?.args[0].input.Content?.Simple?.Body?.Text?.Data).toContain('reply to this email (it goes to ann.inspector@ofsted.example)');
    // The copy says the lead inspector sends the report itself: they are told to whom, once (found by a new-user walk).
    const tasks = sentEmails(ses).filter((email) => email.to === 'ann.inspector@ofsted.example');
    expect(tasks.map((email) => email.subject)).toEqual(['Send the report to the person who placed a child, URN SC123456']);
    expect(tasks[0]!.text).toMatch(/that you will send them a copy of the report \(SCCIF[^)]*15\.4\); if our email does not reach them, we tell you, so that you can post the report:\n+- .+ \(.+@.+\)\n/);
    expect(tasks[0]!.text).not.toMatch(/\b(AB|CD|EF|GH|JK)\b/);
    ses.resetHistory();
    await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'publish' }, context);
    expect(sentEmails(ses)).toEqual([]);
  });

  it('tells the lead inspector once when the copy of the report to that person bounces too, under its own duty (found by a new-user walk)', async () => {
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    await alertLocalAuthorities(alertEvent(record.id), context);
    const placer = (await repository().listEmails(record.id)).find((email) => email.recipient.kind === 'placer')!;
    await recordEmailEvent(event('Bounce', placer.messageId!, '2026-12-23T10:00:05.000Z'), context);
    // Published: the copy notice goes to the same address (placerCopies), and bounces.
    const [copy] = placerCopies(record, 'full-inspection', [placer], parseLocalDate('2027-01-29'));
    await sendOnce({ inspectionId: record.id, ...copy!, recipient: { kind: 'placer' }, render: reportCopyForPlacer, now: '2027-01-29T10:00:00.000Z' });
    const sentCopy = (await repository().listEmails(record.id)).find((email) => email.duty === 'report-copy:full-inspection')!;
    ses.resetHistory();

    const bounced = event('Bounce', sentCopy.messageId!, '2027-01-29T10:00:05.000Z');
    await recordEmailEvent(bounced, context);
    await recordEmailEvent(bounced, context);

    const notices = sentEmails(ses);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: 'ann.inspector@ofsted.example', subject: 'Copy of the report not delivered, URN SC123456' });
    expect(notices[0]!.text).toContain('They must still be sent a copy of the report');
    const duties = (await repository().listEmails(record.id)).filter((email) => email.recipient.kind === 'inspector').map((email) => email.duty).sort();
    expect(duties).toEqual(['alert-not-delivered', 'report-copy-not-delivered:full-inspection']);
  });

  it('tells nobody when the lead inspector has no address on the record (the page still shows the alert not received)', async () => {
    const record = await stored(inadequateFullInspection());
    await alertLocalAuthorities(alertEvent(record.id), context);
    const camden = (await repository().listEmails(record.id)).find((email) => email.recipientKey === 'la:E09000007')!;
    ses.resetHistory();
    expect(await recordEmailEvent(event('Bounce', camden.messageId!, '2026-12-23T10:00:05.000Z'), context)).toEqual({ recorded: true, status: 'bounced' });
    expect(sentEmails(ses)).toEqual([]);
  });
});

describe('forward-alert-to-provider', () => {
  it('forwards the alert to the provider once, naming the authorities alerted and counting the placers', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    await alertLocalAuthorities(alertEvent(record.id), context);
    ses.resetHistory();

    // Act
    const output = await forwardAlert(alertEvent(record.id), context);
    const retried = await forwardAlert(alertEvent(record.id), context);

    // Assess
    expect(output).toEqual({ status: 'sent', authorities: 2, placers: 1 });
    expect(retried).toEqual({ status: 'already-sent', authorities: 2, placers: 1 });
    const [copy, ...others] = sentEmails(ses);
    expect(others).toEqual([]);
    expect(copy!.to).toBe(record.provider.email);
    // The host authority (Camden) first, then the placing authorities.
    expect(copy!.text).toMatch(/- Camden\n- Manchester\n/);
    expect(copy!.text).toContain('We also wrote to 1 person who placed a child in the home themselves (a child who is not looked after)');
    expect(copy!.text).toContain('Wednesday 23 December 2026');
    expect(copy!.text).not.toContain('la.example');
    expect(copy!.text).not.toContain('Pat Parent');
    // A reply reaches the lead inspector, named in the text when their address is known (found by a new-user walk).
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ReplyToAddresses).toEqual(['ann.inspector@ofsted.example']);
    expect(copy!.text).toContain(`reply to this email to reach the lead inspector, ${record.inspectorName} (ann.inspector@ofsted.example)`);
    expect(personalDataIn(output, record)).toEqual([]);
    const [email] = (await repository().listEmails(record.id)).filter((item) => item.duty === 'dcs-alert-provider-copy');
    expect(email).toMatchObject({ recipientKey: 'provider', recipient: { kind: 'provider' }, status: 'sent' });
  });

  it('fails with a NotFoundError when no alert was sent to forward', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(forwardAlert(alertEvent(record.id), context)).rejects.toBeInstanceOf(NotFoundError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('inform-dfe', () => {
  const secure = { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' } as const;

  it('tells DfE once that a secure children’s home was judged inadequate, and marks the step done', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection({ establishment: secure }));

    // Act
    const output = await informDfe({ inspectionId: record.id, process: 'inadequate', notice: 'inadequate-judgement' }, context);
    const retried = await informDfe({ inspectionId: record.id, process: 'inadequate', notice: 'inadequate-judgement' }, context);

    // Assess
    expect(output).toEqual({ status: 'sent' });
    expect(retried).toEqual({ status: 'already-sent' });
    const emails = sentEmails(ses);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: MAIL.dfe, subject: 'Secure children’s home judged inadequate, URN SC654321' });
    expect(emails[0]!.text).toContain(SUMMARY);
    const after = await repository().requireInspection(record.id);
    expect(after.actuals.inadequate).toEqual({ 'dfe-informed': '2026-12-23' });
    const [email] = await repository().listEmails(record.id);
    expect(email).toMatchObject({ duty: 'dfe-inadequate-judgement', recipientKey: 'dfe', dueAt: '2026-12-23T23:59:59.000Z' });
  });

  it('tells DfE of a decline at an interim inspection in its own words, not as a judgement of inadequate', async () => {
    const record = await stored(inadequateFullInspection({ process: 'interim-inspection', establishment: secure }));
    await informDfe({ inspectionId: record.id, process: 'inadequate', notice: 'inadequate-judgement' }, context);
    const [email] = sentEmails(ses);
    expect(email!.subject).toBe('Secure children’s home declined in effectiveness, URN SC654321');
    expect(email!.text).toContain('At the interim inspection that ended on Tuesday 22 December 2026, the inspector judged that the home has declined in effectiveness');
    expect(email!.text).not.toContain('judged the home inadequate');
  });

  it('skips a home that is not a secure children’s home', async () => {
    const record = await stored(inadequateFullInspection());
    const output = await informDfe({ inspectionId: record.id, process: 'inadequate', notice: 'inadequate-judgement' }, context);
    expect(output).toEqual({ skipped: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('tells DfE of serious concerns at an assurance visit', async () => {
    const record = await stored(assuranceVisit());
    await informDfe({ inspectionId: record.id, process: 'assurance-visit', notice: 'serious-concerns' }, context);
    const [email] = sentEmails(ses);
    expect(email!.subject).toBe('Serious or widespread concerns at a secure children’s home, URN SC654321');
    expect(email!.text).toContain('ended on Wednesday 23 December 2026');
  });

  it('tells DfE the actions the case review proposed, from the recorded decision', async () => {
    // Prepare
    const decision = caseReviewDecision({ decision: 'monitoring-visit', decidedAt: '2026-12-29T11:00:00.000Z' });
    const record = await stored(assuranceVisit({ decisions: { 'case-review': decision } }));

    // Act
    const output = await informDfe({ inspectionId: record.id, process: 'assurance-visit', notice: 'proposed-actions' }, context);

    // Assess
    expect(output).toEqual({ status: 'sent' });
    const [email] = sentEmails(ses);
    expect(email!.text).toContain('The case review held on Tuesday 29 December 2026 after serious or widespread concerns');
    expect(email!.text).toContain('decided to carry out a monitoring visit');
    expect(email!.text).toContain(decision.rationale);
  });

  it('cannot tell DfE the proposed actions before the case review decided them, naming what is missing', async () => {
    const record = await stored(assuranceVisit());
    await expect(
      informDfe({ inspectionId: record.id, process: 'assurance-visit', notice: 'proposed-actions' }, context),
    ).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'decisions.case-review' }] });
  });

  it('tells DfE the outcome of the monitoring visit', async () => {
    // Prepare
    const monitoringOutcome: RecordedOutcome<'monitoring-visit'> = {
      outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: parseLocalDate('2027-02-10'), summaryOfConcerns: 'Little progress.' },
      recordedBy: 'inspector-1',
      recordedAt: '2027-02-10T17:00:00.000Z',
    };
    const record = await stored(assuranceVisit({ monitoringOutcome }));

    // Act
    await informDfe({ inspectionId: record.id, process: 'monitoring-visit', notice: 'monitoring-outcome' }, context);

    // Assess
    const [email] = sentEmails(ses);
    expect(email!.text).toContain('We carried out a monitoring visit on Wednesday 10 February 2027');
    expect(email!.text).toContain('Little progress.');
  });

  it('rejects an unknown notice with a ValidationError naming it', async () => {
    await expect(informDfe({ inspectionId: 'insp-1', process: 'inadequate', notice: 'gossip' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'notice' }],
    });
  });
});
