/**
 * GET/POST /app/corrections/{id}/judgements (managers): the judgements as recorded, the reason and the call
 * to the registered manager (§99); the same rules and messages as the API; the history on the inspection page.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { RecordedOutcome } from '../../../functions/core/inspection';
import { INSPECTOR, MANAGER, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, inlineErrorOf, postForm, textOf, useWebHarness } from './web-harness';

useWebHarness('2027-01-05T10:00:00.000Z');

const AMEND = '/app/corrections/insp-0001/judgements';
const good = { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } as const;
const recorded = { outcome: good, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:30:00.000Z' } as RecordedOutcome;
const call = { 'registeredManagerCalledOn-day': '4', 'registeredManagerCalledOn-month': '1', 'registeredManagerCalledOn-year': '2027' };

describe('the Amend judgements form', () => {
  it('shows managers a button on the inspection page while the report has not been sent, and inspectors none', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });

    expect((await getPage('/app/inspections/insp-0001', MANAGER)).html).toContain(`href="${AMEND}"`);
    expect((await getPage('/app/inspections/insp-0001', INSPECTOR)).html).not.toContain(`href="${AMEND}"`);
    expect((await getPage(AMEND, INSPECTOR)).status).toBe(403);
  });

  it('sends a bookmark of where the form was, under the inspection, to where it is (a Lambda of a manager’s corrections)', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });
    const moved = await getPage('/app/inspections/insp-0001/outcome/amendments', MANAGER);
    expect([moved.status, moved.location]).toEqual([303, AMEND]);
    const window = await getPage('/app/inspections/insp-0001/next-visit-window', MANAGER);
    expect([window.status, window.location]).toEqual([303, '/app/corrections/insp-0001/visit-window']);
  });

  it('sends a form posted to where it was (a page open from before the move) on to where it is, to be posted there (308)', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });
    const form = { helpedAndProtected: 'requires-improvement', leadersAndManagers: 'good', overall: 'requires-improvement', reason: 'Moderation found the safeguarding evidence weaker than recorded.', ...call };
    const moved = await postForm('/app/inspections/insp-0001/outcome/amendments', MANAGER, form);
    expect([moved.status, moved.location]).toEqual([308, AMEND]);
    // Nothing was amended on the way: the browser posts the same form there, which amends.
    expect((await repository().requireInspection('insp-0001')).amendments).toBeUndefined();
    const posted = await postForm(moved.location!, MANAGER, form);
    expect([posted.status, posted.location]).toEqual([303, '/app/inspections/insp-0001?done=amendment']);
    const window = await postForm('/app/inspections/insp-0001/next-visit-window', MANAGER, { earliestWeeks: '4' });
    expect([window.status, window.location]).toEqual([308, '/app/corrections/insp-0001/visit-window']);
  });

  it('shows no button once the report has been sent, and the form says why', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded, actuals: { 'full-inspection': { 'report-to-provider': parseLocalDate('2027-01-04') } } });

    expect((await getPage('/app/inspections/insp-0001', MANAGER)).html).not.toContain(`href="${AMEND}"`);
    const form = await getPage(AMEND, MANAGER);
    expect(textOf(form.html)).toContain('the report was sent to the provider on Monday 4 January 2027');
  });

  it('is filled in with the judgements as recorded', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });
    const { status, html } = await getPage(AMEND, MANAGER);
    expect(status).toBe(200);
    expect(html).toContain('name="overall" type="radio" value="good" checked');
    expect(html).toContain('name="reason"');
    expect(html).toContain('id="registeredManagerCalledOn-day"');
  });

  it('shows the same messages as the API in the error summary, and records nothing', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });

    const missing = await postForm(AMEND, MANAGER, { helpedAndProtected: 'requires-improvement', leadersAndManagers: 'good', overall: 'requires-improvement', ...call });
    expect(missing.status).toBe(400);
    expect(errorSummaryOf(missing.html)).toEqual([{ text: 'Enter the reason for the amendment', href: '#reason' }]);

    const response = await postForm(AMEND, MANAGER, {
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'good',
      overall: 'good',
      reason: 'Moderation.',
      'registeredManagerCalledOn-day': '6',
      'registeredManagerCalledOn-month': '1',
      'registeredManagerCalledOn-year': '2027',
    });

    expect(response.status).toBe(400);
    const summary = errorSummaryOf(response.html);
    expect(summary.map((item) => item.href)).toEqual(['#overall', '#registeredManagerCalledOn-day']);
    expect(inlineErrorOf(response.html, 'overall')).toContain('§37');
    expect(summary[1]?.text).toContain('must not be in the future');
    expect((await repository().requireInspection('insp-0001')).amendments).toBeUndefined();
  });

  it('amends the judgements and shows the amendment on the inspection page', async () => {
    await storedInspection({ status: 'in-progress', outcome: recorded });

    const response = await postForm(AMEND, MANAGER, {
      helpedAndProtected: 'requires-improvement',
      leadersAndManagers: 'good',
      overall: 'requires-improvement',
      reason: 'Moderation found the safeguarding evidence weaker than recorded.',
      ...call,
    });

    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/inspections/insp-0001?done=amendment');
    const page = textOf((await getPage('/app/inspections/insp-0001', MANAGER, { done: 'amendment' })).html);
    expect(page).toContain('Judgements amended');
    expect(page).toContain('Amendments to the judgements');
    expect(page).toContain('Overall experiences and progress: Good → Requires improvement');
    expect(page).toContain('Moderation found the safeguarding evidence weaker than recorded.');
    expect(page).toContain('Monday 4 January 2027');
    // By the manager's name, not their id (found by a new-user walk).
    expect(page).toMatch(/Amended .* by Sam Okafor/);
    expect(page).not.toContain(`by ${MANAGER.id}`);
  });
});
