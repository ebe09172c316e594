/**
 * GET/POST /app/corrections/{inspectionId}/children (managers): the form starts from the children as recorded, says what
 * a correction sends once the alerts are out, shows the API's refusals beside their fields, and the inspection page
 * then shows the corrected children.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { alertPlan } from '../../../functions/core/alerts';
import { newEmail } from '../../adapters/inspection-fixtures';
import { INSPECTOR, MANAGER, sentAlert, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, inlineErrorOf, postForm, rowWith, textOf, useWebHarness } from './web-harness';

process.env.MAIL_FROM = 'sccif@notifications.example.gov.uk';

useWebHarness('2026-12-23T15:00:00.000Z');
const ses = mockClient(SESv2Client);
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message' });
});
afterAll(() => ses.restore());

const PAGE = '/app/inspections/insp-0001';
const FORM = '/app/corrections/insp-0001/children';
const REASON = "The placing authority was logged wrongly: the home's records say Birmingham.";
const SUMMARY = 'Restraint is used without review.';

describe('correcting the children from the inspection page', () => {
  it('offers managers the link, not inspectors; the form is a manager’s only, prefilled with the children as recorded', async () => {
    await storedInspection();
    expect((await getPage(PAGE, MANAGER)).html).toContain(`href="${FORM}"`);
    expect((await getPage(PAGE, INSPECTOR)).html).not.toContain(`href="${FORM}"`);
    expect((await getPage(FORM, INSPECTOR)).status).toBe(403);
    const { status, html } = await getPage(FORM, MANAGER);
    expect(status).toBe(200);
    expect(html).toMatch(/name="children-1-initials"[^>]*value="AB"/);
    expect(html).toMatch(/<option value="E08000003" selected>/);
    expect(textOf(html)).toContain('told the alert was sent to them in error');
  });

  it('shows refusals beside their fields, in the form’s words, and changes nothing', async () => {
    const before = await storedInspection();
    const same = await postForm(FORM, MANAGER, { 'children-1-initials': 'AB', 'children-1-looked-after': 'yes', 'children-1-placing-authority': 'E08000003', reason: REASON });
    expect(errorSummaryOf(same.html).map(({ text }) => text)).toEqual(['The children are as recorded: change at least one child, or go back to the inspection']);
    const bad = await postForm(FORM, MANAGER, { 'children-1-initials': 'Alex Brown', 'children-1-looked-after': 'yes', 'children-1-placing-authority': 'E08000025', reason: 'short' });
    expect(inlineErrorOf(bad.html, 'children-1-initials')).toContain('Enter the initials of child 1 as 1 to 4 letters');
    expect(inlineErrorOf(bad.html, 'reason')).toContain('Enter a reason of at least 10 characters');
    // A name with a space is not tidied into initials (found by a new-user walk: "Rob S" was saved as "ROBS").
    const name = await postForm(FORM, MANAGER, { 'children-1-initials': 'Rob S', 'children-1-looked-after': 'yes', 'children-1-placing-authority': 'E08000025', reason: REASON });
    expect(inlineErrorOf(name.html, 'children-1-initials')).toContain('Enter the initials of child 1 as 1 to 4 letters');
    expect((await repository().getInspection('insp-0001'))?.children).toEqual(before.children);
  });

  it('adds a row, then corrects: the alert to the authority added and the notice to the one removed, and the page says so', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: { outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: SUMMARY }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:30:00.000Z' },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:31:00.000Z', origin: 'full-inspection' } },
    });
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-camden', ['host']);
    await sentAlert('insp-0001', 'E08000003', '2026-12-23T09:00:00.000Z', 'msg-manchester', ['placing']);

    const form = { 'children-1-initials': 'AB', 'children-1-looked-after': 'yes', 'children-1-placing-authority': 'E08000025', reason: REASON };
    const added = await postForm(FORM, MANAGER, { ...form, 'add-child': 'yes' });
    expect(added.status).toBe(200);
    expect(added.html).toContain('name="children-2-initials"');
    const done = await postForm(FORM, MANAGER, { ...form, 'children-2-initials': 'c.d.', 'children-2-looked-after': 'yes', 'children-2-placing-authority': 'E09000007' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/app/inspections/insp-0001?done=children-emailed#children');

    const recipients = ses.commandCalls(SendEmailCommand).map((sent) => sent.args[0].input.Destination?.ToAddresses?.[0]);
    expect(recipients).toEqual(['dcs@e08000003.la.example', 'dcs@birmingham.la.example']);
    const page = textOf((await getPage(PAGE, MANAGER, { done: 'children-emailed' })).html);
    expect(page).toContain('Children corrected');
    expect(page).toContain('Birmingham');
    expect((await repository().getInspection('insp-0001'))?.children.map((child) => child.initials)).toEqual(['AB', 'CD']);
    // The alert Manchester was told it had in error met no duty (found by a new-user walk: it was tagged "Met").
    const html = (await getPage(PAGE, MANAGER)).html;
    const manchester = textOf(rowWith(html, 'dcs@e08000003.la.example'));
    expect(manchester).toContain('Alert to the director of children');
    expect(manchester).toContain('Sent in error');
    expect(manchester).not.toContain('Met');
    expect(manchester).not.toContain('Due by');
    expect(textOf(rowWith(html, 'dcs@birmingham.la.example'))).toContain('Met');
    // The history says what the correction changed (found by a new-user walk: only how many children there had been).
    const history = textOf(html.slice(html.indexOf('id="children-correction-1"'), html.indexOf('</div>', html.indexOf('id="children-correction-1"'))));
    expect(history).toContain(`Corrected on Wednesday 23 December 2026 by Sam Okafor: ${REASON}`);
    expect(history).toContain('Changed AB: looked after, placed by Birmingham (was looked after, placed by Manchester)');
    expect(history).toContain('Added CD: looked after, placed by Camden');
  });

  it("a parent's address corrected: the alert sent again to the new one, the old one asked to delete it; the page names the parent on both rows", async () => {
    await storedInspection({
      status: 'in-progress',
      inspectorEmail: 'lead.inspector@ofsted.example',
      children: [{ initials: 'AB', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat@old.example' } } }],
      outcome: { outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: SUMMARY }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:30:00.000Z' },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:31:00.000Z', origin: 'full-inspection' } },
    });
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-camden', ['host']);
    // The parent's alert as the alert step sends it: the same recipients, the same keys, the same template.
    const record = (await repository().getInspection('insp-0001'))!;
    const planned = alertPlan(record, await repository().listLocalAuthorities()).find((alert) => alert.recipient.kind === 'placer')!;
    const email = newEmail({ recipientKey: planned.recipientKey, to: planned.to, recipient: planned.recipient, template: planned.template, subject: 'Ofsted: important information' });
    await repository().claimEmail(email);
    await repository().markEmailSent(email, 'msg-pat', '2026-12-23T09:00:00.000Z');

    const done = await postForm(FORM, MANAGER, {
      'children-1-initials': 'AB',
      'children-1-looked-after': 'no',
      'children-1-placer-name': 'Pat Parent',
      'children-1-placer-email': 'pat@new.example',
      reason: "The parent's email address was logged wrongly.",
    });
    expect(done.status).toBe(303);
    const sent = ses.commandCalls(SendEmailCommand).map((call) => [call.args[0].input.Destination?.ToAddresses?.[0], call.args[0].input.Content?.Simple?.Subject?.Data]);
    expect(sent).toContainEqual(['pat@old.example', 'Ofsted: an email sent to this address in error, URN SC123456']);
    expect(sent).toContainEqual(['pat@new.example', 'Ofsted: important information about a children’s home, URN SC123456']);
    // The lead inspector is told of the address, not of a parent alerted in error.
    const toLead = ses.commandCalls(SendEmailCommand).find((call) => call.args[0].input.Content?.Simple?.Subject?.Data?.startsWith('Children corrected'));
    const leadText = toLead?.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(leadText).toContain('One person who placed a child had their email address corrected');
    expect(leadText).not.toContain('sent to them in error');
    const html = (await getPage(PAGE, MANAGER)).html;
    expect(textOf(rowWith(html, 'sent to an address since corrected'))).toContain('Pat Parent');
    expect(textOf(html)).toContain('Changed AB: the email address of the person who placed them corrected');
    expect(textOf(rowWith(html, 'sent to an address since corrected'))).toContain('Sent in error');
    expect(html).not.toContain('pat@old.example');
  });
});
