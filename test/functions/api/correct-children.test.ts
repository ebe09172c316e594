/**
 * PATCH /inspections/{id}/children: a manager corrects the children recorded when the inspection was logged. Before the
 * alerts are sent nobody is emailed; after, whom the correction adds is alerted and whom it removes is told the alert
 * reached them in error (core/children-corrections.ts), each once.
 */
import { readFileSync } from 'node:fs';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { inspectionRecord as record, newEmail } from '../../adapters/inspection-fixtures';
import { call, get, INSPECTOR, MANAGER, sentAlert, storedInspection, useApiHarness } from './api-harness';

process.env.MAIL_FROM = 'sccif@notifications.example.gov.uk';

useApiHarness('2026-12-23T15:00:00.000Z');
const ses = mockClient(SESv2Client);
beforeAll(() => ses.reset());
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message' });
});
afterAll(() => ses.restore());

const PATH = '/inspections/insp-0001/children';
const patch = (user: typeof MANAGER, body: unknown) => call({ method: 'PATCH', path: PATH, user, body: JSON.stringify(body) });
const REASON = "The placing authority was logged as Manchester: the home's records say Birmingham.";
/** The fixture's child (placed by Manchester), as it should have been logged: placed by Birmingham. */
const corrected = { children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }], reason: REASON };
const sentEmails = () =>
  ses.commandCalls(SendEmailCommand).map((sent) => ({
    to: sent.args[0].input.Destination?.ToAddresses?.[0],
    subject: sent.args[0].input.Content?.Simple?.Subject?.Data ?? '',
    text: sent.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '',
  }));

/** The fixture's inadequate full inspection whose alerts went to Camden (host) and Manchester (placing). */
async function alerted() {
  await storedInspection({
    status: 'in-progress',
    inspectorEmail: INSPECTOR.email,
    outcome: { outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Restraint is used without review.' }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:30:00.000Z' },
    followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:31:00.000Z', origin: 'full-inspection' } },
  });
  await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-camden', ['host']);
  await sentAlert('insp-0001', 'E08000003', '2026-12-23T09:00:00.000Z', 'msg-manchester', ['placing']);
}

describe('PATCH /inspections/{id}/children: refusals change nothing', () => {
  it('is for managers only', async () => {
    const before = await storedInspection();
    const response = await patch(INSPECTOR, corrected);
    expect(response.status).toBe(403);
    expect((await repository().getInspection('insp-0001'))?.children).toEqual(before.children);
  });

  it('names every field at fault: initials, an unknown placing authority, a short reason', async () => {
    await storedInspection();
    const response = await patch(MANAGER, { children: [{ initials: 'Alex', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }], reason: 'wrong' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['children.0.initials', 'reason']);
    const unknown = await patch(MANAGER, { children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E99999999' } }], reason: REASON });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'children.0.placement.placingAuthority', message: '"E99999999" is not a local authority in the reference data' }]);
  });

  it('refuses the children as recorded, and a reason naming a child by their initials', async () => {
    const before = await storedInspection();
    const same = await patch(MANAGER, { children: before.children, reason: REASON });
    expect(same.status).toBe(400);
    expect(same.body.errors).toEqual([{ field: 'children', message: 'are as recorded: a correction must change at least one child' }]);
    const naming = await patch(MANAGER, { ...corrected, reason: 'A.B. is placed by Birmingham, not Manchester.' });
    expect(naming.status).toBe(400);
    expect(naming.body.errors[0].field).toBe('reason');
    expect(JSON.stringify(naming.body)).not.toContain('A.B.');
  });

  it('refuses 409 on a withdrawn inspection', async () => {
    await storedInspection({ status: 'withdrawn', withdrawal: { withdrawnBy: 'manager-2', withdrawnByName: 'Kim Lee', withdrawnAt: '2026-12-23T10:00:00.000Z', reason: 'Logged against the wrong home.' } });
    expect((await patch(MANAGER, corrected)).status).toBe(409);
  });
});

describe('PATCH /inspections/{id}/children: what a correction owes', () => {
  it('before the alerts were sent: the record is corrected, its history kept, and nobody emailed', async () => {
    const before = await storedInspection();
    const response = await patch(MANAGER, corrected);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      changed: true,
      children: 1,
      alertsSent: false,
      alerts: { recipients: 0, sent: 0, alreadySent: 0 },
      sentInErrorNotices: { recipients: 0, sent: 0, alreadySent: 0 },
      providerCopyUpdated: false,
    });
    const record = await repository().getInspection('insp-0001');
    expect(record?.children).toEqual(corrected.children);
    expect(record?.childrenCorrections).toEqual([{ correctedBy: MANAGER.id, correctedByName: MANAGER.name, correctedAt: '2026-12-23T15:00:00.000Z', reason: REASON, before: before.children }]);
    const audit = await repository().listAudit('insp-0001');
    expect(audit.find((event) => event.event === 'children-corrected')?.detail).toEqual({ before: 1, after: 1, reason: REASON });
    expect(sentEmails()).toEqual([]);
  });

  it('a family centre (which alerts no local authority, RFC framework §40-45): corrected, nobody emailed, even once its report is published', async () => {
    await storedInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC765432', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      status: 'in-progress',
      actuals: { 'rfc-inspection': { publish: '2027-01-20' as never } },
    });
    const response = await patch(MANAGER, corrected);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ changed: true, alertsSent: false, providerCopyUpdated: false });
    expect(sentEmails()).toEqual([]);
  });

  it('after the alerts: Birmingham is alerted now, Manchester told its alert was sent in error; Camden, the host, nothing; again: nothing twice', async () => {
    await alerted();
    const first = await patch(MANAGER, corrected);
    const again = await patch(MANAGER, corrected);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ changed: true, alertsSent: true, alerts: { recipients: 1, sent: 1 }, sentInErrorNotices: { recipients: 1, sent: 1 } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, alerts: { recipients: 0, sent: 0 }, sentInErrorNotices: { recipients: 0, sent: 0 } });

    const sent = sentEmails();
    expect(sent.map((email) => email.to)).toEqual(['dcs@e08000003.la.example', 'dcs@birmingham.la.example', INSPECTOR.email]);
    const [notice, alert, lead] = sent;
    // The lead inspector, who telephones (SCCIF 15.3), is told whom: once.
    expect(lead?.subject).toBe('Children corrected after the alerts, URN SC123456');
    expect(lead?.text).toMatch(/The alert was sent now to:\n+- the director of children’s services, Birmingham\n/);
    expect(lead?.text).toContain('Please telephone the local authority alerted now to confirm receipt');
    expect(lead?.text).toContain('the director of children’s services, E08000003');
    expect(notice?.subject).toBe('Ofsted: earlier alert sent to you in error, URN SC123456');
    expect(notice?.text).toContain('sent to you in error');
    expect(notice?.text).toContain('Please delete our earlier email');
    expect(notice?.text).not.toMatch(/\bAB\b/);
    expect(notice?.text).not.toContain('Restraint');
    expect(alert?.subject).toMatch(/^Ofsted alert/);
    expect(alert?.text).toContain('Birmingham');
    expect(alert?.text).not.toMatch(/\bAB\b/);

    // The ledger: Birmingham's alert counted (late: due the 23rd at 23:59, sent the 23rd: on time); Manchester neither due
    // an alert nor a call any more.
    const ledger = await get(`/inspections/insp-0001/notifications`, MANAGER);
    const follow = ledger.body.phoneFollowUps.map((followUp: { authorityCode: string; required: boolean }) => [followUp.authorityCode, followUp.required]);
    expect(follow).toEqual(expect.arrayContaining([['E09000007', true], ['E08000025', true]]));
    expect(follow.map(([code]: [string]) => code)).not.toContain('E08000003');
    expect(ledger.body.summary).toMatchObject({ alertsDue: 2, alertsSentOnTime: 2, alertsMissing: 0 });
  });

  it('a correction taking the children past the number of placing authorities (10) asks the lead inspector to agree contact arrangements (SCCIF 15.3); not when they were past it already', async () => {
    await alerted();
    // Eleven children, each placed by another authority of the directory (config/local-authorities.json).
    const codes = (JSON.parse(readFileSync(new URL('../../../config/local-authorities.json', import.meta.url), 'utf8')) as { code: string }[]).map(({ code }) => code);
    const placedBy = (count: number) => codes.slice(0, count).map((code, index) => ({ initials: `A${String.fromCharCode(66 + index)}`, placement: { lookedAfter: true, placingAuthority: code } }));
    expect((await patch(MANAGER, { children: placedBy(11), reason: REASON })).status).toBe(200);
    const lead = sentEmails().find((email) => email.to === INSPECTOR.email);
    expect(lead?.text).toContain('The children now have 11 placing authorities, more than 10: please discuss with your manager how they are to be contacted');
    ses.resetHistory();
    expect((await patch(MANAGER, { children: placedBy(12), reason: `${REASON} And one more.` })).status).toBe(200);
    expect(sentEmails().find((email) => email.to === INSPECTOR.email)?.text).not.toContain('placing authorities, more than');
  });

  it('corrected back: the authority told of the error is alerted again, the one added told in its turn (found by a new-user walk)', async () => {
    await alerted();
    await patch(MANAGER, corrected);
    const back = await patch(MANAGER, { children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }], reason: 'Corrected back: the first record was right after all.' });
    expect(back.body).toMatchObject({ changed: true, alerts: { recipients: 1, sent: 1 }, sentInErrorNotices: { recipients: 1, sent: 1 } });
    expect(sentEmails().filter((email) => email.to !== INSPECTOR.email).map((email) => `${email.to} ${email.subject.startsWith('Ofsted alert') ? 'alert' : 'in error'}`)).toEqual([
      'dcs@e08000003.la.example in error',
      'dcs@birmingham.la.example alert',
      'dcs@birmingham.la.example in error',
      'dcs@manchester.la.example alert',
    ]);
    const outbox = await repository().listEmails('insp-0001');
    expect(outbox.filter((email) => email.duty === 'dcs-alert').map((email) => email.recipientKey).sort()).toEqual(['la:E08000003', 'la:E08000003~2', 'la:E08000025', 'la:E09000007']);
  });

  it('the provider, sent a copy of the alert, is sent an updated one naming the authorities it now stands with, once', async () => {
    await alerted();
    const copy = newEmail({
      inspectionId: 'insp-0001',
      duty: 'dcs-alert-provider-copy',
      recipientKey: 'provider',
      to: 'ri@willow.example',
      recipient: { kind: 'provider' },
      template: {
        template: 'providerCopyOfAlert',
        inspectionId: 'insp-0001',
        establishment: { urn: 'SC123456', name: 'Willow House' },
        providerName: 'Willow Care Ltd',
        event: 'inadequate-full-inspection',
        eventEndDate: '2026-12-22' as never,
        summaryOfConcerns: 'Restraint is used without review.',
        alertSentOn: '2026-12-23' as never,
        alertedAuthorities: ['E09000007', 'E08000003'],
        placersAlerted: 0,
      },
      createdAt: '2026-12-23T09:01:00.000Z',
    });
    await repository().claimEmail(copy);
    await repository().markEmailSent(copy, 'msg-copy', '2026-12-23T09:01:00.000Z');
    const first = await patch(MANAGER, corrected);
    const again = await patch(MANAGER, corrected);
    expect(first.body.providerCopyUpdated).toBe(true);
    expect(again.body.providerCopyUpdated).toBe(false);
    const updates = sentEmails().filter((email) => email.subject.startsWith('Updated copy'));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.to).toBe(record().provider.email);
    expect(updates[0]?.subject).toBe('Updated copy of Ofsted alert to local authorities, URN SC123456');
    expect(updates[0]?.text).toContain('This copy replaces the one we sent you before.');
    expect(updates[0]?.text).toContain('Birmingham');
    expect(updates[0]?.text).not.toContain('E08000003');
  });

  it('after the report was published: the alert added says the report confirmed the judgement, and a parent added is sent the report (found by a new-user walk)', async () => {
    await alerted();
    await repository().recordActual('insp-0001', 'full-inspection', 'publish', '2027-01-20' as never, '2027-01-20T10:00:00.000Z');
    const pat = { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'Pat Reed', email: 'pat.reed@family.example' } } };
    const response = await patch(MANAGER, { children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }, pat], reason: 'A second child, placed by a parent, was left out.' });
    expect(response.body).toMatchObject({ alerts: { recipients: 1, sent: 1 } });
    const sent = sentEmails().filter((email) => email.to !== INSPECTOR.email);
    expect(sent.map((email) => [email.to, email.subject])).toEqual([
      ['pat.reed@family.example', 'Ofsted: important information about a children’s home, URN SC123456'],
      ['pat.reed@family.example', 'The inspection report is ready: full inspection ended 22 December 2026, URN SC123456'],
    ]);
    expect(sent[0]?.text).toContain('Our report, published on Wednesday 20 January 2027, confirmed this judgement.');
    expect(sent[0]?.text).toContain('We are sending you a copy of the report in a separate email.');
    expect(sent[0]?.text).not.toContain('subject to confirmation');
    // The lead inspector, who sends the report itself, is told to whom.
    expect(sentEmails().filter((email) => email.to === INSPECTOR.email).map((email) => email.subject)).toEqual([
      'Send the report to the person who placed a child, URN SC123456',
      'Children corrected after the alerts, URN SC123456',
    ]);
  });

  it('after the alerts were withdrawn by an amendment: the record is corrected and nobody alerted', async () => {
    await alerted();
    const withdrawn = newEmail({ inspectionId: 'insp-0001', duty: 'dcs-alert-correction', recipientKey: 'la:E09000007', to: 'dcs@e09000007.la.example', recipient: { kind: 'dcs', authorityCode: 'E09000007' }, createdAt: '2026-12-23T12:00:00.000Z' });
    await repository().claimEmail(withdrawn);
    await repository().markEmailSent(withdrawn, 'msg-withdrawn', '2026-12-23T12:00:00.000Z');
    const response = await patch(MANAGER, corrected);
    expect(response.body).toMatchObject({ changed: true, alertsSent: false });
    expect(sentEmails()).toEqual([]);
  });
});
