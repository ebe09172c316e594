/**
 * GET /app/inspections and GET /app/inspections/{id}: the list with its next deadlines, risk tags and filters (the
 * API's query and listing), and an inspection with its timeline (every step with its due date, rule and source) and
 * its notifications ledger (the "next working day" duty and the phone follow-ups of SCCIF 15.3).
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { INADEQUATE_ON_22_DECEMBER, newEmail } from '../../adapters/inspection-fixtures';
import { fixNow, get, INSPECTOR, MANAGER, OTHER_INSPECTOR, pendingApproval, sentAlert, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, h1Of, postForm, rowWith, textOf, useWebHarness } from './web-harness';

useWebHarness('2026-12-23T10:00:00.000Z');

describe('GET /app/inspections', () => {
  it('shows each inspection with its URN, process, status, next deadline and an "On track" tag', async () => {
    // The judgements were recorded on the last day: the report to the provider is next.
    await storedInspection({ actuals: { 'full-inspection': { 'judgements-recorded': parseLocalDate('2026-12-22') } } });

    const { html } = await getPage('/app/inspections', INSPECTOR);

    const row = textOf(rowWith(html, 'Willow House'));
    expect(row).toContain('Willow House URN SC123456; from');
    expect(row).toContain("Full inspection of a children's home");
    expect(row).toContain("Awaiting the outcome of the full inspection of a children's home from the lead inspector");
    expect(row).toContain('Report sent to the provider for a factual accuracy check');
    expect(row).toContain('Due Friday 8 January 2027');
    expect(row).toContain('9 working days left');
    expect(rowWith(html, 'Willow House')).toMatch(/govuk-tag--green">\s*On track/);
    expect(html).toContain('href="/app/inspections/insp-0001"');
  });

  it('tells an inspection and its return inspection apart: each row says its first day, and the return inspection says so (found by a new-user walk)', async () => {
    await storedInspection();
    await storedInspection({ id: 'insp-0002', executionName: 'insp-0002--full-inspection', followUpOf: 'insp-0001', dates: { inspectionStart: parseLocalDate('2027-02-01'), inspectionEnd: parseLocalDate('2027-02-03') } });

    const { html } = await getPage('/app/inspections', INSPECTOR);

    const rows = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) => textOf(match[1] ?? '')).filter((row) => row.includes('Willow House'));
    expect(rows).toHaveLength(2);
    const original = rows.find((row) => row.includes('from Monday 21 December 2026'));
    const again = rows.find((row) => row.includes('from Monday 1 February 2027'));
    expect(original).not.toContain('Return inspection');
    expect(again).toContain("Full inspection of a children's home Return inspection");
  });

  it('tags an overdue deadline red and a deadline within 2 working days orange', async () => {
    await storedInspection({ actuals: { 'full-inspection': { 'judgements-recorded': parseLocalDate('2026-12-22') } } });
    await storedInspection({
      actuals: { 'full-inspection': { 'judgements-recorded': parseLocalDate('2026-12-08') } },
      id: 'insp-0002',
      idempotencyKey: 'log-insp-0002',
      executionName: 'insp-0002--full-inspection',
      establishment: { urn: 'SC223344', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E09000007' },
      dates: { inspectionStart: parseLocalDate('2026-12-07'), inspectionEnd: parseLocalDate('2026-12-08') },
    });
    fixNow('2027-01-06T10:00:00.000Z');

    const { html } = await getPage('/app/inspections', MANAGER);

    expect(rowWith(html, 'Birch Lodge')).toMatch(/govuk-tag--red">\s*Overdue/);
    expect(textOf(rowWith(html, 'Birch Lodge'))).toContain('working days overdue');
    expect(rowWith(html, 'Willow House')).toMatch(/govuk-tag--orange">\s*Due soon/);
  });

  it('tags an inspection whose judgements were not recorded by the end of the next working day overdue (SCCIF 15.3)', async () => {
    await storedInspection();
    fixNow('2026-12-24T10:00:00.000Z');

    const { html } = await getPage('/app/inspections', MANAGER);

    expect(rowWith(html, 'Willow House')).toMatch(/govuk-tag--red">\s*Overdue/);
    expect(textOf(rowWith(html, 'Willow House'))).toContain('Judgements recorded');
  });

  it('filters by status and by process with a GET form', async () => {
    await storedInspection();
    await storedInspection({
      id: 'insp-0002',
      idempotencyKey: 'log-insp-0002',
      executionName: 'insp-0002--full-inspection',
      status: 'complete',
      establishment: { urn: 'SC223344', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E09000007' },
      // Weeks earlier: its next deadline is overdue.
      dates: { inspectionStart: '2026-10-05' as never, inspectionEnd: '2026-10-06' as never },
    });

    const complete = await getPage('/app/inspections', INSPECTOR, { status: 'complete', process: '' });
    const rfc = await getPage('/app/inspections', INSPECTOR, { process: 'rfc-inspection' });

    expect(complete.html).toContain('<form method="get" action="/app/inspections"');
    expect(complete.html).toMatch(/<option value="complete" selected>Complete<\/option>/);
    expect(textOf(complete.html)).toContain('Birch Lodge');
    expect(textOf(complete.html)).not.toContain('Willow House');
    expect(textOf(rfc.html)).toContain('No inspections match these filters.');
    // By risk too, as the API (found by a new-user walk: the page had no risk filter).
    const risks = ((await get('/inspections', INSPECTOR)).body as { items: { id: string; risk: string }[] }).items;
    const willowRisk = risks.find((item) => item.id === 'insp-0001')?.risk ?? '';
    expect(risks.find((item) => item.id === 'insp-0002')?.risk).not.toBe(willowRisk);
    const byRisk = await getPage('/app/inspections', INSPECTOR, { risk: willowRisk });
    expect(byRisk.html).toMatch(new RegExp(`<option value="${willowRisk}" selected>`));
    expect(textOf(byRisk.html)).toContain('Willow House');
    expect(textOf(byRisk.html)).not.toContain('Birch Lodge');
    const badRisk = await getPage('/app/inspections', INSPECTOR, { risk: 'red' });
    expect(badRisk.status).toBe(400);
    expect(errorSummaryOf(badRisk.html)[0]?.href).toBe('#risk');
  });

  it('says when there are no inspections yet', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(textOf(html)).toContain('No inspections have been logged yet.');
  });

  it('answers 400 with an error summary for a filter that is not an option', async () => {
    const response = await getPage('/app/inspections', INSPECTOR, { status: 'lost' });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)[0]?.href).toBe('#status');
  });
});

describe('GET /app/inspections/{id}', () => {
  it('shows the details, children by initials only and never the provider’s address', async () => {
    await storedInspection({
      children: [
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
        { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat@parent.example' } } },
      ],
    });

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const text = textOf(html);
    expect(h1Of(html)).toEqual(['Willow House']);
    expect(text).toContain('Provider Willow Care Ltd');
    expect(text).toContain('Lead inspector Ann Inspector');
    expect(text).toContain('Host local authority Camden');
    expect(text).toContain('AB: looked after, placed by Manchester');
    expect(text).toContain('CD: not looked after');
    expect(html).not.toContain('Pat Parent');
    expect(html).not.toContain('pat@parent.example');
    expect(html).not.toContain('ri@willow.example');
  });

  it('shows the timeline: each step with its due date in words, status, rule, anchor and source paragraph', async () => {
    await storedInspection();

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const text = textOf(html);
    expect(text).toContain("Timeline: Full inspection of a children's home");
    expect(html).toContain('class="app-timeline"');
    expect(text).toContain('Report sent to the provider for a factual accuracy check On track');
    expect(text).toContain('Due by Friday 8 January 2027 at 23:59 (London time): 9 working days left.');
    expect(text).toContain('Rule: Within 10 working days of the end of the inspection. Counted from the end of the inspection: Tuesday 22 December 2026');
    expect(text).toContain("Source: Inspections of children's homes: framework for inspection (Ofsted, 2015), §81.");
    expect(text).toContain('How this date was worked out');
  });

  it('says on the form of a step past its deadline that it is overdue, and not before (found by a new-user walk)', async () => {
    await storedInspection({ actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never } } });
    const href = '/app/inspections/insp-0001/steps/report-to-provider';
    fixNow('2027-01-07T10:00:00.000Z');
    expect(textOf((await getPage(href, INSPECTOR, { process: 'full-inspection' })).html)).toContain('Due by Friday 8 January 2027 at 23:59 (London time): within 10 working days');
    fixNow('2027-01-11T10:00:00.000Z');
    expect(textOf((await getPage(href, INSPECTOR, { process: 'full-inspection' })).html)).toContain('Due by Friday 8 January 2027 at 23:59 (London time), now overdue: within 10 working days');
  });

  it('shows a corrected date as a correction: the banner says so, and the step says who corrected it, when, from which date and why (found by a new-user walk)', async () => {
    fixNow('2027-01-07T10:00:00.000Z');
    // Judged on the last day: the report to the provider follows the judgements.
    await storedInspection({ actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never } } });
    const href = '/app/inspections/insp-0001/steps/report-to-provider';
    const day = (date: string) => ({ 'on-day': date.slice(8), 'on-month': date.slice(5, 7), 'on-year': date.slice(0, 4) });
    // Not recorded yet, the form starts at today (London), as the calls form does (found by a new-user walk).
    const blank = (await getPage(href, INSPECTOR, { process: 'full-inspection' })).html;
    expect([/name="on-day"[^>]*value="7"/, /name="on-month"[^>]*value="1"/, /name="on-year"[^>]*value="2027"/].every((pattern) => pattern.test(blank))).toBe(true);
    const recorded = await postForm(href, INSPECTOR, { process: 'full-inspection', ...day('2027-01-06') });
    expect(recorded.headers?.location).toBe('/app/inspections/insp-0001?done=step');
    // The same form sent again (a double click) changes nothing, as the API answers it: not a correction without its reason.
    const again = await postForm(href, INSPECTOR, { process: 'full-inspection', ...day('2027-01-06') });
    expect(again.status, again.html).toBe(303);
    expect(again.headers?.location).toBe('/app/inspections/insp-0001?done=step');
    // The correction form starts from the date recorded.
    const form = (await getPage(href, MANAGER, { process: 'full-inspection' })).html;
    expect(form).toMatch(/name="on-day"[^>]*value="6"/);
    expect(form).toMatch(/name="on-month"[^>]*value="1"/);
    expect(form).toMatch(/name="on-year"[^>]*value="2027"/);
    // A reason of a word says nothing, and one naming a child (the fixture's AB) would stay in the history: both refused, nothing changes.
    const short = await postForm(href, MANAGER, { process: 'full-inspection', ...day('2027-01-05'), reason: 'Typo.' });
    expect(errorSummaryOf(short.html).map((item) => item.text)).toEqual(['Enter a reason of at least 10 characters']);
    const named = await postForm(href, MANAGER, { process: 'full-inspection', ...day('2027-01-05'), reason: 'A.B. was visited that day, so the 5th.', note: 'AB moved.' });
    expect(errorSummaryOf(named.html).map((item) => item.text)).toEqual([
      "The note names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child",
      "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child",
    ]);
    expect((await repository().requireInspection('insp-0001')).actuals['full-inspection']?.['report-to-provider']).toBe('2027-01-06');
    const corrected = await postForm(href, MANAGER, { process: 'full-inspection', ...day('2027-01-05'), reason: 'The report went on the 5th; the 6th was typed.', note: 'The provider confirmed the day.' });
    expect(corrected.status, corrected.html).toBe(303);
    expect(corrected.headers?.location).toBe('/app/inspections/insp-0001?done=correction');

    const text = textOf((await getPage('/app/inspections/insp-0001', INSPECTOR, { done: 'correction' })).html).replace(/\s+/g, ' ');
    expect(text).toContain('Date corrected The step shows the corrected date, with the date it replaced and your reason');
    expect(text).toContain(
      'Report sent to the provider for a factual accuracy check Done on Tuesday 5 January 2027. ' +
        `Date corrected by ${MANAGER.name} on Thursday 7 January 2027: it was Wednesday 6 January 2027 (The report went on the 5th; the 6th was typed.). ` +
        `Note by ${MANAGER.name} on Thursday 7 January 2027: The provider confirmed the day.`,
    );
  });

  it('shows a done step with its day', async () => {
    await storedInspection({ actuals: { 'full-inspection': { 'report-to-provider': parseLocalDate('2027-01-05') } } });

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(textOf(html)).toContain('Report sent to the provider for a factual accuracy check Done on Tuesday 5 January 2027.');
  });

  it('shows the ledger: the DCS alert met, its address, and the phone follow-up outstanding with a link to record a call', async () => {
    await storedInspection();
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const alertRow = rowWith(html, 'Alert to the director of children');
    expect(textOf(alertRow)).toContain("Director of children's services, Camden Host authority dcs@e09000007.la.example");
    expect(alertRow).toMatch(/govuk-tag--green">\s*Met/);
    const followUp = rowWith(html, 'Record a phone call');
    expect(followUp).toMatch(/govuk-tag--red">\s*Outstanding/);
    expect(followUp).toContain('href="/app/follow-ups/insp-0001/calls?authority=E09000007"');
  });

  it('says what to do when an alert bounced: phone the authority and have its address corrected; a delivered one says nothing more (found by a new-user walk)', async () => {
    await storedInspection();
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');
    await sentAlert('insp-0001', 'E08000003', '2026-12-23T09:00:00.000Z', 'msg-2');
    expect((await repository().recordEmailEvent('msg-1', { status: 'bounced', at: '2026-12-23T09:00:05.000Z' })).recorded).toBe(true);
    expect((await repository().recordEmailEvent('msg-2', { status: 'delivered', at: '2026-12-23T09:00:05.000Z' })).recorded).toBe(true);

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(textOf(rowWith(html, 'dcs@e09000007.la.example'))).toContain(
      "Bounced Not received: the address refused it. Give the alert by phone (record the call below) and have the authority's address corrected in the local authority directory.",
    );
    const delivered = textOf(rowWith(html, 'dcs@e08000003.la.example'));
    expect(delivered).toContain('Delivered');
    expect(delivered).not.toContain('Not received');
    // Sent in time, but it reached no one: past the deadline the duty is not met by it (it was tagged "Met").
    expect(rowWith(html, 'dcs@e09000007.la.example')).toMatch(/govuk-tag--grey">\s*Pending/);
    fixNow('2026-12-28T10:00:00.000Z');
    const past = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    expect(rowWith(past, 'dcs@e09000007.la.example')).toMatch(/govuk-tag--red">\s*Missed: not received/);
    expect(textOf(past)).toContain('Sent but not received (the address refused it): 1.');

    // The phone call that confirms receipt gives the alert: after the deadline, late.
    await repository().addCall('insp-0001', { authorityCode: 'E09000007', calledAt: '2026-12-28T09:00:00.000Z', spokeTo: 'Duty manager', outcome: 'receipt-confirmed', recordedBy: 'inspector-1', recordedAt: '2026-12-28T09:05:00.000Z' });
    const called = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    expect(rowWith(called, 'dcs@e09000007.la.example')).toMatch(/govuk-tag--red">\s*Missed: sent late/);
    expect(textOf(called)).not.toContain('Sent but not received');
    expect(textOf(rowWith(called, 'dcs@e09000007.la.example'))).toContain('Not received: the address refused it. Receipt was confirmed by phone on Monday 28 December 2026 at 09:00 (London time).');
  });

  it('shows the escalations of one step as one row, every one of them listed under a details element (found by a new-user walk: ~90 rows)', async () => {
    await storedInspection();
    const days = ['2027-01-05', '2027-01-06', '2027-01-07'];
    const escalations = days.flatMap((day) =>
      (['manager', 'senior-manager'] as const).map((kind) =>
        newEmail({ inspectionId: 'insp-0001', duty: `escalation:full-inspection:report-to-provider:${day}`, recipientKey: kind, to: `${kind}@ofsted.example`, recipient: { kind }, createdAt: `${day}T08:00:00.000Z` }),
      ),
    );
    const once = newEmail({ inspectionId: 'insp-0001', duty: 'escalation:full-inspection:publish:2027-01-07', recipientKey: 'manager', to: 'manager@ofsted.example', recipient: { kind: 'manager' }, createdAt: '2027-01-07T08:00:00.000Z' });
    let sequence = 0;
    for (const email of [...escalations, once]) {
      await repository().claimEmail(email);
      await repository().markEmailSent(email, `msg-e${(sequence += 1)}`, email.createdAt);
    }
    await repository().recordEmailEvent('msg-e1', { status: 'delivered', at: '2027-01-05T08:00:05.000Z' });

    const { html } = await getPage('/app/inspections/insp-0001', MANAGER);
    const table = html.slice(html.indexOf('>Emails</caption>'), html.indexOf('Every escalation email ('));
    const grouped = textOf(rowWith(table, '(6 emails)'));
    expect(grouped).toMatch(/^Escalation: .+ overdue \(6 emails\)/);
    expect(grouped).toContain('From Tuesday 5 January 2027 at 08:00 (London time) to Thursday 7 January 2027 at 08:00 (London time)');
    expect(grouped).toContain('Delivered: 1; Sent, awaiting delivery report: 5');
    // A step escalated once keeps its own row; no other escalation row is in the table.
    expect(table.match(/Escalation: /g)).toHaveLength(2);
    expect(textOf(html)).toContain('Every escalation email (7)');
  });

  it('says to send the copy of the report another way when that email to a person who placed a child bounced, not to phone about the alert (found by a new-user walk)', async () => {
    await storedInspection();
    const copy = newEmail({ inspectionId: 'insp-0001', duty: 'report-copy:full-inspection', recipientKey: 'placer:0123456789abcdef', to: 'pat@family.example', recipient: { kind: 'placer' }, createdAt: '2027-01-29T09:00:00.000Z' });
    await repository().claimEmail(copy);
    await repository().markEmailSent(copy, 'msg-copy', '2027-01-29T09:00:00.000Z');
    await repository().recordEmailEvent('msg-copy', { status: 'bounced', at: '2027-01-29T09:00:05.000Z' });

    const row = textOf(rowWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Notice of the report to the person'));

    expect(row).toContain('Bounced Not received: the address refused it. Send them the copy of the report another way, for example by post or through the home (SCCIF 15.4).');
    expect(row).not.toContain('what the alert says');
    // Delivered or not, the email is not the report: the lead inspector sends it (found by a new-user walk).
    expect(row).toContain('The report itself is sent by the lead inspector (SCCIF 15.4)');
  });

  it('offers a manager who may decide it the inspection’s pending case review from its page; not the lead inspector (found by a new-user walk)', async () => {
    await storedInspection({ status: 'awaiting-approval', outcome: INADEQUATE_ON_22_DECEMBER });
    await pendingApproval();

    const manager = (await getPage('/app/inspections/insp-0001', MANAGER)).html;
    expect(manager).toMatch(/<a href="\/app\/approvals\/apr-0001"[^>]*class="govuk-button"[^>]*>\s*Decide the case review/);
    expect((await getPage('/app/inspections/insp-0001', INSPECTOR)).html).not.toContain('/app/approvals/apr-0001');

    // The manager who recorded the judgements may not decide it (four eyes): no link.
    await storedInspection({ id: 'insp-0002', status: 'awaiting-approval', outcome: { ...INADEQUATE_ON_22_DECEMBER!, recordedBy: MANAGER.id } });
    await pendingApproval({ approvalId: 'apr-0002', inspectionId: 'insp-0002' });
    expect((await getPage('/app/inspections/insp-0002', MANAGER)).html).not.toContain('Decide the case review');
  });

  it('before the alerts go: says they are about to, and offers a call only to an authority whose alert has gone (found by a new-user walk)', async () => {
    await storedInspection({
      status: 'awaiting-approval',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-23T09:59:00.000Z', origin: 'full-inspection' } },
    });

    const before = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    expect(textOf(before)).toContain('No emails have been sent for this inspection yet. The alerts below are sent by the system, usually within seconds');
    expect(before).not.toContain('/calls?authority=');
    expect(textOf(rowWith(before, 'Host authority'))).toContain('Once the alert to them is sent');

    await sentAlert('insp-0001', 'E09000007', '2026-12-23T10:00:00.000Z', 'msg-1');
    const after = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    expect(textOf(after)).not.toContain('The alerts below are sent by the system');
    expect(after).toContain('/calls?authority=E09000007');
    expect(after).not.toContain('/calls?authority=E08000003');
  });

  it('names the provider address that bounced, and says what to do about a bounce and about an email marked as spam', async () => {
    await storedInspection();
    const toProvider = (duty: string, to: string) => newEmail({ inspectionId: 'insp-0001', duty, recipientKey: 'provider', to, recipient: { kind: 'provider' }, createdAt: '2026-12-23T09:00:00.000Z' });
    const bounced = toProvider('dcs-alert-copy', 'office@willow.example');
    const complained = toProvider('report:full-inspection:report-to-provider', 'ri@willow.example');
    const toPlacer = newEmail({ inspectionId: 'insp-0001', recipientKey: 'placer:0123456789abcdef', to: 'pat@family.example', recipient: { kind: 'placer' }, createdAt: '2026-12-23T09:00:00.000Z' });
    for (const [email, id] of [[bounced, 'msg-b'], [complained, 'msg-c'], [toPlacer, 'msg-p']] as const) {
      await repository().claimEmail(email);
      await repository().markEmailSent(email, id, '2026-12-23T09:00:00.000Z');
    }
    await repository().recordEmailEvent('msg-b', { status: 'bounced', at: '2026-12-23T09:00:05.000Z' });
    await repository().recordEmailEvent('msg-p', { status: 'bounced', at: '2026-12-23T09:00:05.000Z' });
    await repository().recordEmailEvent('msg-c', { status: 'complained', at: '2026-12-23T09:00:05.000Z' });

    const { html } = await getPage('/app/inspections/insp-0001', MANAGER);

    expect(textOf(rowWith(html, 'office@willow.example'))).toContain(
      "The provider office@willow.example Wednesday 23 December 2026 at 09:00 (London time) Bounced Not received: the address refused it. Contact the provider another way, and have their address corrected for later inspections (the register's provider contact, when the home is on the register).",
    );
    // A placer's address is the one the inspection was logged with: nothing corrects it; a call tells them instead.
    expect(textOf(html)).toContain(
      'Bounced Not received: the address refused it. Phone the person who placed the child (or reach them through the home) and tell them what the alert says, then record the call below.',
    );
    const placerRow = textOf(rowWith(html, 'Placed a child themselves'));
    expect(placerRow).toContain('Placed a child themselves; their alert email was not delivered (SCCIF 15.4) Outstanding No calls recorded');
    expect(rowWith(html, 'Placed a child themselves')).toContain('/calls?authority=placer%3A0123456789abcdef');
    expect(textOf(rowWith(html, 'ri@willow.example'))).toContain(
      'Marked as spam by the recipient Received, but the recipient marked it as spam: later emails may not reach them. Ask them to accept emails from this service.',
    );
    // Another inspector sees who, never the address.
    expect((await getPage('/app/inspections/insp-0001', OTHER_INSPECTOR)).html).not.toContain('office@willow.example');
  });

  it('never shows a placer’s address, and says when an alert duty was missed', async () => {
    await storedInspection();
    const placer = newEmail({
      inspectionId: 'insp-0001',
      recipientKey: 'placer:pat@parent.example',
      to: 'pat@parent.example',
      recipient: { kind: 'placer' },
      createdAt: '2026-12-24T09:00:00.000Z',
      dueAt: '2026-12-23T23:59:59.000Z',
    });
    await repository().claimEmail(placer);
    await repository().markEmailSent(placer, 'msg-2', '2026-12-24T09:00:00.000Z');
    fixNow('2026-12-24T10:00:00.000Z');

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(html).not.toContain('pat@parent.example');
    const row = rowWith(html, 'The person who placed a child who is not looked after');
    expect(row).toMatch(/govuk-tag--red">\s*Missed: sent late/);
    // Named as the parent's alert, not the director's.
    expect(textOf(row)).toContain('Alert to the person who placed a child');
    expect(textOf(row)).not.toContain('director of children');
  });

  it('says an alert the late judgements set off is being sent, for the two minutes the run takes to send it; not sent after (found by a new-user walk)', async () => {
    await storedInspection({
      // Recorded after the alert's deadline (the end of Wed 23 Dec, the working day after the inspection).
      outcome: { ...INADEQUATE_ON_22_DECEMBER, recordedAt: '2026-12-24T10:00:00.000Z' },
      // The pathway the judgements started, whose run sends the alerts.
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-24T10:00:01.000Z', origin: 'full-inspection' } },
    });
    const unsentTable = (html: string) => textOf(html.slice(html.indexOf('Alerts not sent yet'), html.indexOf('</table>', html.indexOf('Alerts not sent yet'))));

    fixNow('2026-12-24T10:00:30.000Z');
    const page = (await getPage('/app/inspections/insp-0001', MANAGER)).html;
    const moments = unsentTable(page);
    expect(moments).toContain('Missed: being sent now');
    expect(moments).not.toContain('Missed: not sent');
    // The summary agrees with the rows (found by a new-user walk: it counted them as not sent).
    expect(textOf(page)).toContain('Not sent in time: 0. Being sent now, after their deadline: 2 (load the page again in a moment to see them sent).');

    fixNow('2026-12-24T10:05:00.000Z');
    const later = unsentTable((await getPage('/app/inspections/insp-0001', MANAGER)).html);
    expect(later).toContain('Missed: not sent');
    expect(later).not.toContain('being sent');
  });

  it('offers "Record outcome" to the lead inspector and managers while no outcome is recorded, never to another inspector', async () => {
    await storedInspection();

    const inspector = await getPage('/app/inspections/insp-0001', INSPECTOR);
    const manager = await getPage('/app/inspections/insp-0001', MANAGER);
    const other = await getPage('/app/inspections/insp-0001', OTHER_INSPECTOR);

    expect(inspector.html).toContain('href="/app/inspections/insp-0001/outcome"');
    expect(manager.html).toContain('href="/app/inspections/insp-0001/outcome"');
    expect(other.status).toBe(200);
    expect(other.html).not.toContain('href="/app/inspections/insp-0001/outcome"');
  });

  it('shows recipients’ addresses to the lead inspector and managers only; another inspector sees who, not the address', async () => {
    await storedInspection({ status: 'in-progress' });
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const inspector = await getPage('/app/inspections/insp-0001', INSPECTOR);
    const manager = await getPage('/app/inspections/insp-0001', MANAGER);
    const other = await getPage('/app/inspections/insp-0001', OTHER_INSPECTOR);

    expect(inspector.html).toContain('dcs@e09000007.la.example');
    expect(manager.html).toContain('dcs@e09000007.la.example');
    expect(textOf(other.html)).toContain("Director of children's services");
    expect(other.html).not.toContain('dcs@e09000007.la.example');
    expect(other.html).not.toContain('Record a phone call');
  });

  it('shows managers’ decisions and scheduled visits', async () => {
    await storedInspection({
      decisions: {
        'case-review': {
          approvalId: 'apr-0001',
          kind: 'case-review',
          decision: 'monitoring-visit',
          rationale: 'Serious concerns; leadership responsive.',
          decidedBy: MANAGER.id,
          decidedAt: '2026-12-23T09:00:00.000Z',
        },
      },
      scheduled: {
        'monitoring-visit': {
          visit: 'monitoring-visit',
          earliest: parseLocalDate('2027-02-02'),
          latest: parseLocalDate('2027-02-16'),
          scheduledAt: '2026-12-23T09:30:00.000Z',
        },
      },
    });

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const text = textOf(html);
    expect(text).toContain('Decision Carry out a monitoring visit');
    expect(text).toContain('Reasons Serious concerns; leadership responsive.');
    expect(textOf(rowWith(html, 'Monitoring visit'))).toBe('Monitoring visit Tuesday 2 February 2027 Tuesday 16 February 2027 Not yet');
  });
});

describe('a window on the timeline', () => {
  it('says "Visited" on the day the visit was recorded, not "Done" nor "Window closed" (the window ran on; found by a new-user walk)', async () => {
    fixNow('2027-02-10T10:00:00.000Z');
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-05') } },
    });

    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html).replace(/\s+/g, ' ');

    expect(text).toContain('Return visit window opens (monitoring visit or full inspection) Visited on Friday 5 February 2027.');
    expect(text).not.toContain('Window closed');
  });

  it('says a visit before the window opened came early, not that the window closed before it opened (found by a new-user walk)', async () => {
    fixNow('2027-02-10T10:00:00.000Z');
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2026-12-30') } },
    });

    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html).replace(/\s+/g, ' ');

    expect(text).toContain('Return visit window opens (monitoring visit or full inspection) Visited before the window on Wednesday 30 December 2026. Window would have opened on Tuesday 2 February 2027.');
    expect(text).not.toContain('Window closed on Wednesday 30 December 2026');
  });
});

describe('time left in words', () => {
  it('says a step overdue with no working day since its deadline is overdue, not due today (a Friday deadline at the weekend)', async () => {
    const { workingDaysLeft } = await import('../../../functions/web/render');
    expect(workingDaysLeft(0, true)).toBe('overdue, no working day since the deadline');
    expect(workingDaysLeft(0)).toBe('due today');
    expect(workingDaysLeft(-2, true)).toBe('2 working days overdue');
    expect(workingDaysLeft(3)).toBe('3 working days left');
  });
});
