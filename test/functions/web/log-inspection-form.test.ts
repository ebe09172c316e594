/**
 * GET/POST /app/inspections/new: the log form checks what POST /inspections checks (InspectionLogged and the route's
 * rules), shows every problem in an error summary linked to its field and inline, and logs one inspection per form.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { INSPECTOR, sfnCalls, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, hiddenValueOf, inlineErrorOf, postForm, textOf, titleOf, useWebHarness } from './web-harness';

const harness = useWebHarness('2026-12-23T10:00:00.000Z');

/** A full inspection of Willow House in Camden, one child placed by Manchester, as a browser posts the form. */
function logForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    idempotencyKey: 'web-form-key-0001',
    process: 'full-inspection',
    'establishment-name': 'Willow House',
    'establishment-urn': 'SC123456',
    'establishment-kind': 'childrens-home',
    'establishment-host-authority': 'E09000007',
    'provider-name': 'Willow Care Ltd',
    'provider-email': 'ri@willow.example',
    'day1-day': '',
    'day1-month': '',
    'day1-year': '',
    'inspection-start-day': '21',
    'inspection-start-month': '12',
    'inspection-start-year': '2026',
    'inspection-end-day': '22',
    'inspection-end-month': '12',
    'inspection-end-year': '2026',
    'children-1-initials': 'AB',
    'children-1-looked-after': 'yes',
    'children-1-placing-authority': 'E08000003',
    'children-1-placer-name': '',
    'children-1-placer-email': '',
    'children-2-initials': '',
    ...overrides,
  };
}

describe('GET /app/inspections/new', () => {
  it('offers the local authorities of the reference data and a fresh idempotency key', async () => {
    const first = await getPage('/app/inspections/new', INSPECTOR);
    const second = await getPage('/app/inspections/new', INSPECTOR);

    expect(first.html).toContain('<option value="E09000007">Camden</option>');
    const key = hiddenValueOf(first.html, 'idempotencyKey');
    expect(key).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(hiddenValueOf(second.html, 'idempotencyKey')).not.toBe(key);
  });

  it('asks for children by initials only, one row to start with and a button to add another', async () => {
    const { html } = await getPage('/app/inspections/new', INSPECTOR);

    expect(html).toContain('id="children-1-initials"');
    expect(html).not.toContain('id="children-2-initials"');
    expect(html).toMatch(/<button type="submit" value="yes" name="add-child" class="govuk-button govuk-button--secondary"[^>]*>\s*Add another child\s*<\/button>/);
    // Nothing is focused on a new form.
    expect(html).not.toContain('autofocus');
    // The host authority's list and one child's: not six children's lists of every local authority.
    expect(html.match(/<option value="E09000007"/g)).toHaveLength(2);
  });
});

describe('"Add another child" (POST /app/inspections/new with add-child)', () => {
  it('shows the form again as it was sent, with one more row, focused: nothing checked, nothing logged, the same key', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'provider-email': 'not an address', 'add-child': 'yes' }));

    expect(response.status).toBe(200);
    expect(errorSummaryOf(response.html)).toEqual([]);
    expect(hiddenValueOf(response.html, 'idempotencyKey')).toBe('web-form-key-0001');
    // Rows 1 and 2 were sent (row 2 blank); row 3 is new and focused.
    expect(response.html).toMatch(/id="children-1-initials"[^>]* value="AB"/);
    expect(response.html).toMatch(/<option value="E08000003" selected>Manchester<\/option>/);
    expect(response.html).toContain('id="children-2-initials"');
    expect(response.html).toMatch(/id="children-3-initials"[^>]* autofocus="autofocus"/);
    expect(response.html.match(/autofocus=/g)).toHaveLength(1);
    expect(response.html).not.toContain('id="children-4-initials"');
    expect(response.html).toContain('value="not an address"');
    expect((await repository().listInspections()).items).toHaveLength(0);
    expect(sfnCalls.started(harness)).toHaveLength(0);
  });

  it('logs every child of a home with more than six, each placing authority alerted later from the record', async () => {
    const authorities = ['E08000003', 'E08000025', 'E08000035', 'E10000016', 'E09000007', 'E08000003', 'E08000025', 'E08000035'];
    const rows = Object.fromEntries(
      authorities.flatMap((code, index) => [
        [`children-${index + 1}-initials`, `C${String.fromCharCode(65 + index)}`],
        [`children-${index + 1}-looked-after`, 'yes'],
        [`children-${index + 1}-placing-authority`, code],
      ]),
    );

    const response = await postForm('/app/inspections/new', INSPECTOR, logForm(rows));

    expect(response.status).toBe(303);
    const record = await repository().requireInspection(response.location?.split('/')[3]?.split('?')[0] ?? '');
    expect(record.children.map((child) => [child.initials, child.placement.lookedAfter && child.placement.placingAuthority])).toEqual(
      authorities.map((code, index) => [`C${String.fromCharCode(65 + index)}`, code]),
    );
  });

  it('shown again with an error, keeps every row sent and points at the eighth child’s field', async () => {
    const response = await postForm(
      '/app/inspections/new',
      INSPECTOR,
      logForm({ 'children-8-initials': 'GH', 'children-8-looked-after': 'yes', 'children-8-placing-authority': '' }),
    );

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Select the placing local authority of child 8', href: '#children-8-placing-authority' }]);
    expect(response.html).toContain('id="children-7-initials"');
    expect(response.html).toMatch(/id="children-8-initials"[^>]* value="GH"/);
    expect(response.html).not.toContain('id="children-9-initials"');
    expect(response.html).not.toContain('autofocus');
  });

  it('ignores a row number past what one inspection takes (a crafted form): no row shown for it, nothing logged from it', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'children-201-initials': 'ZZ', 'children-201-looked-after': 'no', 'add-child': 'yes' }));

    expect(response.status).toBe(200);
    expect(response.html).not.toContain('children-201');
    expect(response.html).toContain('id="children-3-initials"');
  });
});

describe('POST /app/inspections/new', () => {
  it('logs the inspection, starts its process and answers 303 to its page', async () => {
    // Act
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm());

    // Assess
    expect(response.status).toBe(303);
    expect(response.location).toMatch(/^\/app\/inspections\/insp-[0-9a-f]{20}\?done=logged$/);
    const id = response.location?.split('/')[3]?.split('?')[0] ?? '';
    const record = await repository().requireInspection(id);
    expect(record).toMatchObject({
      process: 'full-inspection',
      establishment: { name: 'Willow House', urn: 'SC123456', kind: 'childrens-home', hostAuthority: 'E09000007' },
      inspectorId: INSPECTOR.id,
      inspectorName: 'Ann Inspector',
      dates: { inspectionStart: '2026-12-21', inspectionEnd: '2026-12-22' },
      children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }],
    });
    expect(sfnCalls.started(harness)).toHaveLength(1);

    const page = await getPage(`/app/inspections/${id}`, INSPECTOR, { done: 'logged' });
    expect(page.html).toContain('govuk-notification-banner--success');
    expect(textOf(page.html)).toContain('Inspection logged');
  });

  it('logs one inspection when the same form is sent twice (same idempotency key)', async () => {
    const first = await postForm('/app/inspections/new', INSPECTOR, logForm());
    const second = await postForm('/app/inspections/new', INSPECTOR, logForm());

    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
    expect((await repository().listInspections()).items).toHaveLength(1);
  });

  it('refuses the same inspection logged again from another form, with a link to the one already logged', async () => {
    const first = await postForm('/app/inspections/new', INSPECTOR, logForm());
    const id = first.location!.split('/').pop()!.split('?')[0]!;
    const again = await postForm('/app/inspections/new', INSPECTOR, logForm({ idempotencyKey: 'web-form-key-0002' }));

    expect(again.status).toBe(400);
    expect(errorSummaryOf(again.html)).toEqual([
      {
        text: `These days overlap inspection ${id} of this establishment (Full inspection of a children's home, Mon 21 Dec 2026 to Tue 22 Dec 2026), already logged: open it (above), or ask a manager to withdraw it if it was logged by mistake`,
        href: '#inspection-start-day',
      },
    ]);
    expect(again.html).toContain(`<a class="govuk-link" href="/app/inspections/${id}">open inspection ${id}</a>`);
    expect((await repository().listInspections()).items).toHaveLength(1);
  });

  it('re-renders with 400, an error summary linking to the date and an inline error for an impossible date (30/02/2027)', async () => {
    // Act
    const response = await postForm(
      '/app/inspections/new',
      INSPECTOR,
      logForm({ 'inspection-end-day': '30', 'inspection-end-month': '02', 'inspection-end-year': '2027' }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(titleOf(response.html)).toBe('Error: Log an inspection – SCCIF Workflows – GOV.UK');
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Last day on site must be a real date', href: '#inspection-end-day' }]);
    expect(inlineErrorOf(response.html, 'inspection-end')).toBe('Last day on site must be a real date');
    expect(response.html).toMatch(/id="inspection-end-day" name="inspection-end-day" type="text" value="30"/);
    expect((await repository().listInspections()).items).toHaveLength(0);
  });

  it('asks for a year of 4 numbers when one is typed short ("27"), as the GOV.UK date pattern does (found by a new-user walk)', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'inspection-end-day': '12', 'inspection-end-month': '1', 'inspection-end-year': '27' }));

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Last day on site must have a year of 4 numbers, for example 2027', href: '#inspection-end-day' }]);
  });

  it('says in the form’s words that the last day on site cannot come before the first', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'inspection-end-day': '20' }));

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Last day on site must be the same as or after the first day on site', href: '#inspection-end-day' }]);
  });

  it('keeps what was typed and the same idempotency key when the form is shown again', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'establishment-urn': 'nope' }));

    expect(response.status).toBe(400);
    expect(hiddenValueOf(response.html, 'idempotencyKey')).toBe('web-form-key-0001');
    expect(response.html).toContain('value="Willow House"');
    expect(response.html).toMatch(/<option value="E09000007" selected>Camden<\/option>/);
  });

  it('names every missing field in the order of the form', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, { idempotencyKey: 'web-form-key-0002', process: 'full-inspection' });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Enter the establishment name', href: '#establishment-name' },
      { text: 'Enter the URN', href: '#establishment-urn' },
      { text: 'Select the type of establishment', href: '#establishment-kind' },
      { text: 'Select the host local authority', href: '#establishment-host-authority' },
      { text: 'Enter the provider name', href: '#provider-name' },
      { text: 'Enter the provider email address', href: '#provider-email' },
      { text: 'Enter the first day on site', href: '#inspection-start-day' },
      { text: 'Enter the last day on site', href: '#inspection-end-day' },
    ]);
    expect(inlineErrorOf(response.html, 'establishment-name')).toBe('Enter the establishment name');
  });

  it('asks for the process before anything else', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ process: '' }));

    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Select what is being inspected', href: '#process' }]);
  });

  it('with no process chosen, shows the other fields’ problems too, not in a second round (found by a new-user walk)', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ process: '', 'inspection-end-day': '30', 'inspection-end-month': '02', 'inspection-end-year': '2027' }));

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select what is being inspected', href: '#process' },
      { text: 'Last day on site must be a real date', href: '#inspection-end-day' },
    ]);
    expect((await repository().listInspections()).items).toHaveLength(0);
  });

  it('applies the rules of POST /inspections: an assurance visit is announced on a working day', async () => {
    const response = await postForm(
      '/app/inspections/new',
      INSPECTOR,
      logForm({
        process: 'assurance-visit',
        'establishment-kind': 'secure-childrens-home',
        'day1-day': '26',
        'day1-month': '12',
        'day1-year': '2026',
      }),
    );

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'Day 1 of the assurance visit: an assurance visit is announced on a working day: 2026-12-26 is a Saturday',
        href: '#day1-day',
      },
    ]);
  });

  it('applies the date bounds of POST /inspections: day 1 within a year of today, in the same words, and logs nothing', async () => {
    // Act: today is Wed 23 Dec 2026
    const response = await postForm(
      '/app/inspections/new',
      INSPECTOR,
      logForm({ process: 'assurance-visit', 'establishment-kind': 'secure-childrens-home', 'day1-day': '5', 'day1-month': '1', 'day1-year': '2099' }),
    );

    // Assess
    const message =
      'Day 1 of the assurance visit must be within a year of today (Wed 23 Dec 2026): from Tue 23 Dec 2025 to Thu 23 Dec 2027, not Mon 5 Jan 2099';
    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: message, href: '#day1-day' }]);
    expect(inlineErrorOf(response.html, 'day1')).toBe(message);
    expect((await repository().listInspections()).items).toHaveLength(0);
    expect(sfnCalls.started(harness)).toEqual([]);
  });

  it('applies the schema’s cross-field rule: a full inspection is not for a residential family centre', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'establishment-kind': 'residential-family-centre' }));

    expect(errorSummaryOf(response.html)[0]?.href).toBe('#establishment-kind');
    expect(inlineErrorOf(response.html, 'establishment-kind')).toBe("The inspection chosen is only for a children's home or a secure children's home, not a residential family centre");
    expect(inlineErrorOf(response.html, 'establishment-kind')).not.toMatch(/"[a-z-]+"/);
  });

  it('points a child’s problem at that child’s row, whichever rows were left blank', async () => {
    const response = await postForm(
      '/app/inspections/new',
      INSPECTOR,
      logForm({
        'children-1-initials': '',
        'children-1-looked-after': '',
        'children-1-placing-authority': '',
        'children-3-initials': 'cd',
        'children-3-looked-after': 'no',
        'children-3-placer-name': 'A parent',
      }),
    );

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Enter the email address of the person who placed child 3', href: '#children-3-placer-email' },
    ]);
    expect(inlineErrorOf(response.html, 'children-3-placer-email')).toBe('Enter the email address of the person who placed child 3');
  });

  it('upper-cases initials typed in lower case, and never echoes a name typed as initials', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'children-1-initials': 'Jonathan' }));

    const [problem] = errorSummaryOf(response.html);
    expect(problem?.href).toBe('#children-1-initials');
    expect(problem?.text).not.toContain('JONATHAN');
    // In the form's words, not "Initials of child 1 must be a child's initials" (found by a new-user walk).
    expect(problem?.text).toBe('Enter the initials of child 1 as 1 to 4 letters, for example JT: never a name');
  });

  it('logs initials typed with full stops or spaces, or in lower case, as capitals ("j. t." is JT; found by a new-user walk)', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'children-1-initials': 'j. t.' }));

    expect(response.status, response.html).toBe(303);
    const record = await repository().requireInspection(response.location?.split('/')[3]?.split('?')[0] ?? '');
    expect(record.children.map((child) => child.initials)).toEqual(['JT']);
  });

  it('rejects a local authority that is not in the reference data (the route’s rule)', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'children-1-placing-authority': 'E09999999' }));

    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'Placing local authority of child 1: "E09999999" is not a local authority in the reference data',
        href: '#children-1-placing-authority',
      },
    ]);
  });

  it('logs a return inspection with the reference of the earlier one, which then shows its 16-week deadline done', async () => {
    // Prepare: inspection insp-0001 of the same home ended in October; a full inspection is due within 16 weeks.
    await storedInspection({
      status: 'in-progress',
      dates: { inspectionStart: parseLocalDate('2026-10-12'), inspectionEnd: parseLocalDate('2026-10-14') },
      outcome: {
        outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Concerns.' },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-10-14T15:00:00.000Z',
      },
      scheduled: { 'full-inspection': { visit: 'full-inspection', latest: parseLocalDate('2027-02-01'), scheduledAt: '2026-12-01T10:00:00.000Z' } },
    });

    // Act
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'follow-up-of': ' insp-0001 ' }));

    // Assess
    expect(response.status).toBe(303);
    const id = response.location?.split('/')[3]?.split('?')[0] ?? '';
    expect((await repository().requireInspection(id)).followUpOf).toBe('insp-0001');
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBe('2026-12-21');
    const page = await getPage(`/app/inspections/${id}`, INSPECTOR);
    // The earlier inspection in brief, not its reference alone (found by a new-user walk).
    expect(textOf(page.html)).toContain("Return inspection of Full inspection of a children's home from Monday 12 October 2026, judged inadequate (insp-0001)");
  });

  it('shows the error on the reference field when the earlier inspection does not exist', async () => {
    const response = await postForm('/app/inspections/new', INSPECTOR, logForm({ 'follow-up-of': 'insp-none' }));

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Return inspection of: no inspection insp-none', href: '#follow-up-of' }]);
    expect((await repository().listInspections()).items).toHaveLength(0);
  });
});
