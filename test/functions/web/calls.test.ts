/**
 * GET/POST /app/inspections/{id}/calls: a phone call confirming receipt of an alert (SCCIF 15.3), with the schema
 * and logic of POST /inspections/{id}/calls; the inspection page's ledger shows the follow-up.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { newEmail } from '../../adapters/inspection-fixtures';
import { INSPECTOR, MANAGER, OTHER_INSPECTOR, post, sentAlert, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, inlineErrorOf, postForm, textOf, useWebHarness } from './web-harness';

useWebHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
});

const CALLS = '/app/follow-ups/insp-0001/calls';

function callForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    authorityCode: 'E09000007',
    'calledAt-day': '23',
    'calledAt-month': '12',
    'calledAt-year': '2026',
    'calledAt-time': '09:30',
    spokeTo: 'Duty officer, children’s services',
    outcome: 'receipt-confirmed',
    notes: '',
    ...overrides,
  };
}

describe('the calls form’s old address, /app/inspections/{id}/calls (before it moved to web-register.ts)', () => {
  it('sends a GET to the new address with its query (303), and a form posted there on to it (308)', async () => {
    const page = await getPage('/app/inspections/insp-0001/calls', INSPECTOR, { authority: 'E09000007' });
    expect([page.status, page.location]).toEqual([303, '/app/follow-ups/insp-0001/calls?authority=E09000007']);
    const posted = await postForm('/app/inspections/insp-0001/calls', INSPECTOR, callForm());
    expect([posted.status, posted.location]).toEqual([308, CALLS]);
  });
});

describe('GET /app/follow-ups/{id}/calls', () => {
  it('offers only the local authorities that were alerted', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const { html } = await getPage(CALLS, INSPECTOR, { authority: 'E09000007' });

    expect(html).toContain('<option value="E09000007" selected>Camden</option>');
    expect(html).not.toContain('value="E08000003"');
  });

  it('starts the date at today in London and leaves the time to the inspector', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const { html } = await getPage(CALLS, INSPECTOR, { authority: 'E09000007' });

    const valueOf = (name: string) => new RegExp(`name="${name}"[^>]*?value="([^"]*)"`).exec(html)?.[1];
    expect([valueOf('calledAt-day'), valueOf('calledAt-month'), valueOf('calledAt-year')]).toEqual(['23', '12', '2026']);
    expect(html).toMatch(/name="calledAt-time"(?![^>]*value="[^"])/);
  });

  it('says there is nothing to call about before any alert', async () => {
    const { html } = await getPage(CALLS, INSPECTOR);

    expect(textOf(html)).toContain('No local authority has been alerted for this inspection yet');
    expect(html).not.toContain('name="authorityCode"');
  });

  it('is for the lead inspector and managers: another inspector gets 403 (app/access.ts)', async () => {
    expect((await getPage(CALLS, INSPECTOR)).status).toBe(200);
    expect((await getPage(CALLS, MANAGER)).status).toBe(200);
    expect((await getPage(CALLS, OTHER_INSPECTOR)).status).toBe(403);
  });

  it('refuses another inspector’s call (403) and stores nothing', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, OTHER_INSPECTOR, callForm());

    expect(response.status).toBe(403);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
  });
});

describe('POST /app/follow-ups/{id}/calls', () => {
  it('records the call (London time, stored as UTC) and answers 303; the ledger shows the follow-up as recorded', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, INSPECTOR, callForm());

    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/inspections/insp-0001?done=call');
    expect(await repository().listCalls('insp-0001')).toMatchObject([
      { authorityCode: 'E09000007', calledAt: '2026-12-23T09:30:00.000Z', outcome: 'receipt-confirmed', recordedBy: INSPECTOR.id },
    ]);
    const page = await getPage('/app/inspections/insp-0001', INSPECTOR, { done: 'call' });
    expect(textOf(page.html)).toContain('Phone call recorded');
    expect(page.html).toMatch(/govuk-tag--green">\s*Receipt confirmed/);
  });

  it('refuses a call to an authority that was not alerted, as the API does', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, INSPECTOR, callForm({ authorityCode: 'E08000003' }));

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)[0]?.href).toBe('#authorityCode');
  });

  it('refuses another call at the minute of one recorded, beside the time, and keeps the first (found by a new-user walk)', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');
    expect((await postForm(CALLS, INSPECTOR, callForm())).status).toBe(303);
    // The same call again (a double click) is recorded once, as before.
    expect((await postForm(CALLS, INSPECTOR, callForm())).status).toBe(303);
    const other = await postForm(CALLS, INSPECTOR, callForm({ spokeTo: 'Someone else entirely' }));
    expect(other.status).toBe(400);
    const [problem] = errorSummaryOf(other.html);
    expect(problem?.href).toBe('#calledAt-day');
    expect(problem?.text).toContain('is already recorded');
    expect(await repository().listCalls('insp-0001')).toHaveLength(1);
  });

  it('refuses a call in the future', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    // Later today: the time is what is wrong (found by a new-user walk: the date was named).
    const later = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-time': '15:00' }));
    expect(errorSummaryOf(later.html)).toEqual([{ text: 'Time of the call must be in the past: record a call once it has been made', href: '#calledAt-time' }]);

    const tomorrow = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-day': '24', 'calledAt-time': '09:00' }));
    expect(errorSummaryOf(tomorrow.html)).toEqual([{ text: 'Date of the call must be in the past: record a call once it has been made', href: '#calledAt-day' }]);
  });

  it('refuses a call before the alert email it confirms was sent, saying when it was sent, as the API does', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-time': '08:59' }));

    expect(response.status).toBe(400);
    // On the alert's own day, the time is what is wrong: named (found by a new-user walk: the date was).
    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'Time of the call cannot be before the alert email it confirms was sent, on Wednesday 23 December 2026 at 09:00 (London time)',
        href: '#calledAt-time',
      },
    ]);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
    // A day before the alert's: the date.
    const dayBefore = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-day': '22', 'calledAt-time': '10:00' }));
    expect(errorSummaryOf(dayBefore.html).map((item) => item.href)).toEqual(['#calledAt-day']);
  });

  it('shows a time before the alert, or in the future, with the other problems, not after them (found by a new-user walk)', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const early = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-time': '08:59', outcome: '' }));
    expect(errorSummaryOf(early.html).map((item) => item.href)).toEqual(['#calledAt-time', '#outcome']);
    expect(errorSummaryOf(early.html)[0]?.text).toMatch(/cannot be before the alert email it confirms was sent/);

    // Whom the call was to not chosen yet: the time is still checked against the clock.
    const later = await postForm(CALLS, INSPECTOR, callForm({ authorityCode: '', 'calledAt-time': '15:00' }));
    expect(errorSummaryOf(later.html)).toEqual([
      { text: 'Select the local authority you called', href: '#authorityCode' },
      { text: 'Time of the call must be in the past: record a call once it has been made', href: '#calledAt-time' },
    ]);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
  });

  it('asks for a real date and a time on the 24-hour clock', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, INSPECTOR, callForm({ 'calledAt-day': '32', 'calledAt-time': '9.75' }));

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Date of the call must be a real date', href: '#calledAt-day' },
      { text: 'Time of the call must be a time on the 24-hour clock, for example 09:15', href: '#calledAt-time' },
    ]);
    expect(inlineErrorOf(response.html, 'calledAt')).toBe('Date of the call must be a real date');
  });

  it('asks for everything missing', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const response = await postForm(CALLS, INSPECTOR, {});

    // Who you spoke to is asked for once the outcome says someone answered (below).
    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select the local authority you called', href: '#authorityCode' },
      { text: 'Enter the date of the call', href: '#calledAt-day' },
      { text: 'Select the outcome of the call', href: '#outcome' },
    ]);
  });

  it('records a call no one answered without asking who answered; any other outcome asks for it (found by a new-user walk)', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    const confirmed = await postForm(CALLS, INSPECTOR, callForm({ spokeTo: '' }));
    expect(confirmed.status).toBe(400);
    expect(errorSummaryOf(confirmed.html)).toEqual([{ text: 'Enter who you spoke to, unless no one answered', href: '#spokeTo' }]);

    expect((await postForm(CALLS, INSPECTOR, callForm({ spokeTo: '', outcome: 'no-answer' }))).status).toBe(303);
    const calls = await repository().listCalls('insp-0001');
    expect(calls).toHaveLength(1);
    expect(calls[0]).not.toHaveProperty('spokeTo');
    const page = textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(page).toMatch(/Wednesday 23 December 2026 at 09:30 \(London time\): No answer(?!, spoke to)/);
    // An unanswered call leaves the call owed, and the page says to whom beside the status (found by a new-user walk).
    expect(page).toMatch(/Phone calls still to make\s+Camden: to confirm receipt of the alert \(SCCIF 15\.3\)/);
    // A name given with "no answer" is whom the caller tried to reach, not someone spoken to (found by a new-user walk).
    expect((await postForm(CALLS, INSPECTOR, callForm({ spokeTo: 'Duty desk', outcome: 'no-answer', 'calledAt-time': '09:40' }))).status).toBe(303);
    expect(textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html)).toContain('09:40 (London time): No answer, tried to reach Duty desk');
  });
});

describe('a call to a person who placed a child whose alert was not delivered (SCCIF 15.4; found by a new-user walk)', () => {
  const PLACER = 'placer:0123456789abcdef';
  const PLACER_CALLS = '/app/follow-ups/insp-0002/calls';

  async function bouncedPlacerAlert(): Promise<void> {
    await storedInspection({
      id: 'insp-0002',
      executionName: 'insp-0002--full-inspection',
      children: [{ initials: 'GH', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'Pat@family.example' } } }],
    });
    const alert = newEmail({ inspectionId: 'insp-0002', recipientKey: PLACER, to: 'pat@family.example', recipient: { kind: 'placer' }, createdAt: '2026-12-23T09:00:00.000Z' });
    await repository().claimEmail(alert);
    await repository().markEmailSent(alert, 'msg-placer', '2026-12-23T09:00:00.000Z');
    await repository().recordEmailEvent('msg-placer', { status: 'bounced', at: '2026-12-23T09:00:05.000Z' });
    // The lead inspector's notice of it shares its key (found by a walk: the form then named no one).
    const notice = newEmail({ inspectionId: 'insp-0002', duty: 'alert-not-delivered', recipientKey: PLACER, to: INSPECTOR.email, recipient: { kind: 'inspector' }, createdAt: '2026-12-23T09:00:06.000Z' });
    await repository().claimEmail(notice);
    await repository().markEmailSent(notice, 'msg-notice', '2026-12-23T09:00:06.000Z');
  }

  it('is offered by name, recorded, and tells them: the follow-up confirmed, the alert met', async () => {
    await bouncedPlacerAlert();
    const before = await getPage('/app/inspections/insp-0002', INSPECTOR);
    expect(textOf(before.html)).toContain('Phone calls outstanding (receipt not confirmed yet): 1.');
    // Named beside the status, whatever it is (found by a new-user walk: named only in the calls table).
    expect(textOf(before.html)).toMatch(/Phone calls still to make\s+Pat Parent: to tell a parent whose alert was not delivered \(SCCIF 15\.4\)/);

    const form = await getPage(PLACER_CALLS, INSPECTOR, { authority: PLACER });
    expect(form.html).toContain(`<option value="${PLACER}" selected>Pat Parent, who placed a child (their alert was not delivered)</option>`);
    expect(textOf(form.html)).toContain('the call tells them what the alert says (SCCIF 15.4)');

    const posted = await postForm(PLACER_CALLS, INSPECTOR, callForm({ authorityCode: PLACER, spokeTo: 'Pat Parent' }));
    expect(posted.status).toBe(303);
    expect(await repository().listCalls('insp-0002')).toMatchObject([{ placer: PLACER, outcome: 'receipt-confirmed', calledAt: '2026-12-23T09:30:00.000Z' }]);

    const after = await getPage('/app/inspections/insp-0002', INSPECTOR);
    expect(textOf(after.html)).toContain('Phone calls outstanding (receipt not confirmed yet): 0.');
    expect(textOf(after.html)).toMatch(/Pat Parent Placed a child themselves; their alert email was not delivered \(SCCIF 15\.4\) Told by phone .*: Told them what the alert says, spoke to Pat Parent/);
    expect(textOf(after.html)).not.toContain('Sent but not received');
    // The bounced row no longer asks for the call (found by a new-user walk).
    expect(textOf(after.html)).toContain('Not received: the address refused it. They were told by phone on Wednesday 23 December 2026 at 09:30 (London time).');
    expect(textOf(after.html)).not.toContain('then record the call below');
    expect(textOf(after.html)).not.toContain('Phone calls still to make');
  });

  it('refuses a placer whose alert was delivered, and a call naming both an authority and a placer (the API names the field)', async () => {
    await bouncedPlacerAlert();
    const body = { calledAt: '2026-12-23T09:30:00Z', spokeTo: 'Pat Parent', outcome: 'receipt-confirmed' };
    const unknown = await post('/inspections/insp-0002/calls', INSPECTOR, { ...body, placer: 'placer:ffffffffffffffff' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'placer', message: expect.stringContaining(`is not an alert to a person who placed a child that was not delivered`) }]);
    const both = await post('/inspections/insp-0002/calls', INSPECTOR, { ...body, placer: PLACER, authorityCode: 'E09000007' });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ field: 'placer', message: 'is not allowed with authorityCode: a call is to one of them' }]);
    expect((await post('/inspections/insp-0002/calls', INSPECTOR, { ...body, placer: PLACER })).status).toBe(201);
  });
});
