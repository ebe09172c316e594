/**
 * GET/POST /app/follow-ups/{id}/report-copies: the lead inspector records the copy of the report they sent a person who placed a
 * child (SCCIF 15.4), with the schema and logic of POST /inspections/{id}/report-copies; the inspection page's
 * notifications link to it from the notice, and say when the copy was sent once it is recorded.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { INSPECTOR, MANAGER, OTHER_INSPECTOR, PLACER, reportCopyNoticeSent, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, postForm, textOf, useWebHarness } from './web-harness';

useWebHarness('2027-01-22T15:00:00.000Z', () => reportCopyNoticeSent('2027-01-20'));

const COPIES = '/app/follow-ups/insp-0001/report-copies';
const CHOICE = `${PLACER.recipientKey} full-inspection`;

function copyForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { recipientKey: CHOICE, 'sentOn-day': '21', 'sentOn-month': '1', 'sentOn-year': '2027', how: 'post', ...overrides };
}

describe('GET /app/follow-ups/{id}/report-copies', () => {
  it('offers each copy still to send by the person’s name, the one asked for chosen, and today’s date filled in', async () => {
    const { status, html } = await getPage(COPIES, INSPECTOR, { to: PLACER.recipientKey });

    expect(status).toBe(200);
    expect(html).toMatch(new RegExp(`value="${CHOICE}"[^>]*checked`));
    expect(textOf(html)).toContain('Pat Parent');
    expect(textOf(html)).toContain('published, on Wednesday 20 January 2027');
    const valueOf = (name: string) => new RegExp(`name="${name}"[^>]*?value="([^"]*)"`).exec(html)?.[1];
    expect([valueOf('sentOn-day'), valueOf('sentOn-month'), valueOf('sentOn-year')]).toEqual(['22', '1', '2027']);
  });

  it('is for the lead inspector and managers: another inspector gets 403', async () => {
    expect((await getPage(COPIES, MANAGER)).status).toBe(200);
    expect((await getPage(COPIES, OTHER_INSPECTOR)).status).toBe(403);
  });

  it('says there is nothing to record before anyone is told a copy is coming', async () => {
    await storedInspection({ id: 'insp-0002' });
    const { html } = await getPage('/app/follow-ups/insp-0002/report-copies', INSPECTOR);
    expect(textOf(html)).toContain('There is no copy of the report to record');
    expect(html).not.toContain('name="recipientKey"');
  });
});

describe('POST /app/follow-ups/{id}/report-copies', () => {
  it('records the copy and goes back to the inspection, whose notifications say when and how it was sent', async () => {
    const before = await getPage('/app/inspections/insp-0001', INSPECTOR);
    expect(textOf(before.html)).toContain('not recorded as sent yet');
    expect(before.html).toContain(`href="/app/follow-ups/insp-0001/report-copies?to=${encodeURIComponent(PLACER.recipientKey)}"`);

    const response = await postForm(COPIES, INSPECTOR, copyForm());

    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/inspections/insp-0001?done=report-copy');
    expect(await repository().listReportCopies('insp-0001')).toMatchObject([{ recipientKey: PLACER.recipientKey, sentOn: '2027-01-21', how: 'post', recordedBy: INSPECTOR.id }]);
    const after = await getPage('/app/inspections/insp-0001', INSPECTOR, { done: 'report-copy' });
    expect(textOf(after.html)).toContain('Copy of the report recorded as sent');
    expect(textOf(after.html)).toContain('The report itself was sent on Thursday 21 January 2027 by post');
    expect(after.html).not.toContain('/report-copies?to=');
  });

  it('names each missing answer beside its field, nothing stored', async () => {
    const response = await postForm(COPIES, INSPECTOR, { 'sentOn-day': '', 'sentOn-month': '', 'sentOn-year': '' });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select who you sent the report to', href: '#recipientKey' },
      { text: 'Enter the date you sent the report', href: '#sentOn-day' },
      { text: 'Select how you sent the report', href: '#how' },
    ]);
    expect(await repository().listReportCopies('insp-0001')).toEqual([]);
  });

  it('names the day and the missing means together, not in rounds (found by a walk: the day was refused only once the means was chosen)', async () => {
    const { how: _none, ...withoutHow } = copyForm({ 'sentOn-day': '19' });
    const response = await postForm(COPIES, INSPECTOR, withoutHow);

    expect(errorSummaryOf(response.html)).toEqual([
      { text: expect.stringContaining('before the report was published, on Wednesday 20 January 2027'), href: '#sentOn-day' },
      { text: 'Select how you sent the report', href: '#how' },
    ]);
  });

  it('refuses a day before the report was final, beside the date, as the API does', async () => {
    const response = await postForm(COPIES, INSPECTOR, copyForm({ 'sentOn-day': '19' }));

    expect(response.status).toBe(400);
    const [problem] = errorSummaryOf(response.html);
    expect(problem?.href).toBe('#sentOn-day');
    expect(problem?.text).toContain('before the report was published, on Wednesday 20 January 2027');
  });

  it('records a double click once; another day for a copy already recorded is refused, the first kept', async () => {
    expect((await postForm(COPIES, INSPECTOR, copyForm())).status).toBe(303);
    expect((await postForm(COPIES, INSPECTOR, copyForm())).status).toBe(303);
    expect(await repository().listReportCopies('insp-0001')).toHaveLength(1);
    const other = await postForm(COPIES, INSPECTOR, copyForm({ how: 'email' }));
    expect(other.status).toBe(400);
    expect(errorSummaryOf(other.html)).toEqual([{ text: expect.stringContaining('already recorded as sent on Thursday 21 January 2027 by post'), href: '#recipientKey' }]);
    expect((await repository().listReportCopies('insp-0001')).map((copy) => copy.how)).toEqual(['post']);
  });

  it('refuses another inspector (403), nothing stored', async () => {
    const response = await postForm(COPIES, OTHER_INSPECTOR, copyForm());
    expect(response.status).toBe(403);
    expect(await repository().listReportCopies('insp-0001')).toEqual([]);
  });
});
