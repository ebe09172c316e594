/**
 * The forms of enforcement actions, requirements and the register (peers of their API routes): each records through
 * the same operation, re-shows a bad form with the field named and nothing written, and is refused (403) to those
 * who may not use it.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord } from '../../../functions/core/inspection';
import type { EnforcementConsidered } from '../../../functions/core/schemas';
import { call, get, INSPECTOR, MANAGER, OTHER_INSPECTOR, OTHER_MANAGER, pendingApproval, post, storedInspection, WILLOW_REGISTER_ENTRY } from '../api/api-harness';
import { errorSummaryOf, getPage, inlineErrorOf, open, postForm, textOf, useWebHarness } from './web-harness';

useWebHarness('2027-01-13T10:00:00.000Z');

const willow = WILLOW_REGISTER_ENTRY;

async function reviewedInspection(enforcement: EnforcementConsidered = { actions: ['suspension'], against: ['establishment', 'registered-manager'] }): Promise<InspectionRecord> {
  return storedInspection({
    id: 'insp-willow',
    status: 'in-progress',
    dates: { inspectionStart: parseLocalDate('2026-12-21'), inspectionEnd: parseLocalDate('2026-12-22') },
    decisions: {
      'case-review': {
        approvalId: 'apr-willow',
        kind: 'case-review',
        decision: 'monitoring-visit',
        rationale: 'Serious concerns about restraint.',
        enforcement,
        decidedBy: 'manager-2',
        decidedAt: '2027-01-05T10:00:00.000Z',
      },
    },
  });
}

const day = (prefix: string, text: string) => {
  const [year = '', month = '', date = ''] = text.split('-');
  return { [`${prefix}-day`]: date, [`${prefix}-month`]: month, [`${prefix}-year`]: year };
};

const NEW_ACTION = '/app/establishments/SC123456/enforcement-actions/new';

/** The log form's fields for a full inspection of 11 and 12 January 2027, one child placed by E08000003. */
function fullInspectionForm(idempotencyKey: string) {
  return {
    idempotencyKey,
    process: 'full-inspection',
    ...day('inspection-start', '2027-01-11'),
    ...day('inspection-end', '2027-01-12'),
    'children-1-initials': 'AB',
    'children-1-looked-after': 'yes',
    'children-1-placing-authority': 'E08000003',
  };
}

describe('Record an enforcement action (managers)', () => {
  it('records a suspension linked to the case review; the establishment and the inspection show it', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const form = await getPage(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow' });
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="registered-manager"');

    const saved = await postForm(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment', ...day('issuedOn', '2027-01-06'), ...day('effectiveOn', '2027-01-07') });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/app/establishments/SC123456?done=enforcement#enforcement');
    expect(await repository().listEnforcementActions('SC123456')).toHaveLength(1);

    // It lands with a word that it saved (found by a new-user walk: no word at all).
    const establishment = textOf((await getPage('/app/establishments/SC123456', INSPECTOR, { done: 'enforcement' })).html);
    expect(establishment).toContain('Success Enforcement action recorded It is shown under "Enforcement actions" below.');
    // Its inspections are told apart by their first day (found by a new-user walk).
    expect(establishment).toContain("Full inspection of a children's home From Monday 21 December 2026");
    expect(establishment).toContain('Suspension');
    expect(establishment).toContain('considered at the case review of');
    expect(establishment).toContain('In force');
    expect(textOf((await getPage('/app/inspections/insp-willow', INSPECTOR)).html)).toContain('Suspension, against the establishment');
  });

  it('lists what the case review considered and is not recorded as issued yet, with the form filled in for a manager; gone once recorded (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const before = await getPage('/app/inspections/insp-willow', MANAGER);
    expect(textOf(before.html)).toContain(
      'No enforcement action recorded after this inspection. The case review of Tuesday 5 January 2027 considered suspension, against the establishment ' +
        'and the registered manager. Not recorded as issued yet: Suspension, against the establishment and the registered manager (record it once issued',
    );
    const link = /href="([^"]*enforcement-actions\/new\?[^"]*action=suspension[^"]*)"/.exec(before.html)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toBe(`${NEW_ACTION}?inspectionId=insp-willow&action=suspension&against=establishment%2Cregistered-manager&returnTo=insp-willow`);
    // An inspector reads the same, without the form (managers record enforcement).
    const read = await getPage('/app/inspections/insp-willow', INSPECTOR);
    expect(textOf(read.html)).toContain('Not recorded as issued yet: Suspension, against the establishment and the registered manager');
    expect(read.html).not.toContain('record it once issued');

    const form = await getPage(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment,registered-manager', returnTo: 'insp-willow' });
    // Opened from the inspection, it goes back there, and lands there once saved.
    expect(form.html).toMatch(/href="\/app\/inspections\/insp-willow#enforcement" class="govuk-back-link">Back to the inspection</);
    expect(form.html).toContain(`action="${NEW_ACTION}?returnTo=insp-willow"`);
    expect(form.html).toMatch(/value="insp-willow" checked/);
    expect(form.html).toMatch(/value="suspension" checked/);
    expect(form.html).toMatch(/value="establishment" checked/);
    expect(form.html).toMatch(/value="registered-manager" checked/);
    // Values that are not options fill in nothing.
    const odd = await getPage(NEW_ACTION, MANAGER, { action: 'closure', against: 'provider' });
    expect(odd.status).toBe(200);
    expect(odd.html).not.toMatch(/ checked/);

    const saved = await open({ method: 'POST', path: NEW_ACTION, user: MANAGER, query: { returnTo: 'insp-willow' }, form: { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment', ...day('issuedOn', '2027-01-06') } });
    expect(saved.location).toBe('/app/inspections/insp-willow?done=enforcement#enforcement');
    const after = textOf((await getPage('/app/inspections/insp-willow', MANAGER, { done: 'enforcement' })).html);
    expect(after).toContain('Success Enforcement action recorded');
    expect(after).toContain('The case review of Tuesday 5 January 2027 considered suspension, against the establishment and the registered manager.');
    expect(after).not.toContain('Not recorded as issued yet');
  });

  it('says when the case review considered no enforcement action', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection('none');
    const page = textOf((await getPage('/app/inspections/insp-willow', MANAGER)).html);
    expect(page).toContain('No enforcement action recorded after this inspection. The case review of Tuesday 5 January 2027 considered no enforcement action.');
    expect(page).not.toContain('Not recorded as issued yet');
  });

  it('re-shows the form naming the field, and writes nothing, for an action the case review did not consider', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const refused = await postForm(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action: 'cancellation', against: 'establishment', ...day('issuedOn', '2027-01-06') });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'action')).toContain('considered');
    expect(errorSummaryOf(refused.html)[0]?.href).toBe('#action');
    expect(await repository().listEnforcementActions('SC123456')).toEqual([]);
    // In the boxes' words, never the raw values (found by a new-user walk: considered: "compliance-notice").
    expect(inlineErrorOf(refused.html, 'action')).toMatch(/considered: suspension \(/);
  });

  it('names whom the case review considered in the boxes’ words, never the raw values', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection({ actions: ['suspension'], against: ['establishment'] });
    const body = new URLSearchParams({ inspectionId: 'insp-willow', action: 'suspension', ...day('issuedOn', '2027-01-06') });
    body.append('against', 'registered-manager');
    const refused = await postForm(NEW_ACTION, MANAGER, body);
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'against')).toMatch(/considered enforcement against the establishment only, not the registered manager$/);
  });

  it('does not offer the registered manager while the post is vacant, and refuses it if sent anyway', async () => {
    await post('/establishments', MANAGER, { ...willow, registeredManager: { status: 'vacant', since: '2026-10-01' } });
    await reviewedInspection();
    const form = await getPage(NEW_ACTION, MANAGER);
    expect(form.html).not.toContain('value="registered-manager"');
    expect(textOf(form.html)).toContain('post is vacant');
    const body = new URLSearchParams({ inspectionId: 'insp-willow', action: 'suspension', ...day('issuedOn', '2027-01-06') });
    body.append('against', 'registered-manager');
    const refused = await postForm(NEW_ACTION, MANAGER, body);
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'against')).toContain('vacant');
  });

  it('is for managers: an inspector gets 403 and nothing is written', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    expect((await getPage(NEW_ACTION, INSPECTOR)).status).toBe(403);
    expect((await postForm(NEW_ACTION, INSPECTOR, { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment', ...day('issuedOn', '2027-01-06') })).status).toBe(403);
    expect(await repository().listEnforcementActions('SC123456')).toEqual([]);
  });

  it('the dates form asks only for the dates the action has: a compliance notice is issued only, and withdrawn (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection({ actions: ['compliance-notice', 'suspension'], against: ['establishment'] });
    for (const action of ['compliance-notice', 'suspension']) {
      await postForm(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action, against: 'establishment', ...day('issuedOn', '2027-01-06') });
    }
    const notice = textOf((await getPage('/app/establishments/SC123456/enforcement-actions/insp-willow--compliance-notice--2027-01-06', MANAGER)).html);
    expect(notice).toContain('Record that it was withdrawn. It is issued only: it stays in force until it is withdrawn.');
    expect(notice).not.toContain('Date it ends');
    const suspension = textOf((await getPage('/app/establishments/SC123456/enforcement-actions/insp-willow--suspension--2027-01-06', MANAGER)).html);
    expect(suspension).toContain('Record when it took effect, when it ended or that it was withdrawn.');
    expect(suspension).toContain('Date it ends');
  });

  it('records a withdrawal on the action’s own form', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    await postForm(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment', ...day('issuedOn', '2027-01-06') });
    const path = '/app/establishments/SC123456/enforcement-actions/insp-willow--suspension--2027-01-06';
    expect((await getPage(path, MANAGER)).status).toBe(200);
    const bad = await postForm(path, MANAGER, { ...day('withdrawnOn', '2027-01-20') });
    expect(bad.status).toBe(400);
    expect(inlineErrorOf(bad.html, 'withdrawnOn')).toContain('future');
    expect((await postForm(path, MANAGER, { ...day('withdrawnOn', '2027-01-12') })).status).toBe(303);
    expect((await repository().listEnforcementActions('SC123456'))[0]?.withdrawnOn).toBe('2027-01-12');
    // Said as what it is now, not "Not in force" (found by a new-user walk), on the establishment and the inspection.
    for (const shown of ['/app/establishments/SC123456', '/app/inspections/insp-willow']) {
      expect((await getPage(shown, INSPECTOR)).html).toMatch(/govuk-tag--grey">\s*Withdrawn/);
    }
  });
});

describe('The establishment page’s inspection plan, year by year', () => {
  it('shows this year’s plan with links to the years either side, another year on ?year=, and refuses a year that is not one (400 naming it)', async () => {
    await post('/establishments', MANAGER, { ...willow, registeredOn: '2025-06-01', registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2025-06-01' } });
    const current = await getPage('/app/establishments/SC123456', INSPECTOR);
    const text = textOf(current.html);
    expect(text).toContain('Inspection plan 2026 to 2027');
    expect(current.html).toContain('href="/app/establishments/SC123456?year=2025#plan"');
    expect(current.html).toContain('href="/app/establishments/SC123456?year=2027#plan"');
    expect(text).not.toContain('This year');

    const next = await getPage('/app/establishments/SC123456', INSPECTOR, { year: '2027' });
    expect(textOf(next.html)).toContain('Inspection plan 2027 to 2028');
    expect(textOf(next.html)).toContain('1 April 2027 to');
    // The year before it is this one: one link to it, not two.
    expect(next.html.match(/href="\/app\/establishments\/SC123456#plan"/g)).toHaveLength(1);
    expect(textOf(next.html)).not.toContain('This year');
    const later = await getPage('/app/establishments/SC123456', INSPECTOR, { year: '2029' });
    expect(textOf(later.html)).toContain('This year’s plan (2026 to 2027)');
    expect(later.html).toContain('href="/app/establishments/SC123456?year=2028#plan"');

    // The year of registration has no year before it; a year before it has no plan, and says why.
    const first = await getPage('/app/establishments/SC123456', INSPECTOR, { year: '2025' });
    expect(textOf(first.html)).toContain('Inspection plan 2025 to 2026');
    expect(first.html).not.toContain('year=2024');
    const before = textOf((await getPage('/app/establishments/SC123456', INSPECTOR, { year: '2024' })).html);
    expect(before).toContain('No plan for this inspection year: the establishment was registered on Sunday 1 June 2025, in the inspection year 2025 to 2026.');

    // The plan page links the year before's windows that were not met (found by a new-user walk: gone on 1 April).
    expect((await getPage('/app/inspection-plan', INSPECTOR, { year: '2027' })).html).toContain('href="/app/inspection-plan?year=2026&amp;risk=overdue">Windows of the 2026 to 2027 plan that were not met<');
    // Not before the first year there is a plan for (found by a new-user walk: the links led year by year to a 400).
    const firstPlan = await getPage('/app/inspection-plan', INSPECTOR, { year: '2000' });
    expect(firstPlan.status).toBe(200);
    expect(firstPlan.html).not.toContain('plan that were not met');

    const bad = await getPage('/app/establishments/SC123456', INSPECTOR, { year: '27' });
    expect(bad.status).toBe(400);
    expect(textOf(bad.html)).toContain('must be a year YYYY');
    const api = await get('/establishments/SC123456', INSPECTOR, { year: '2027' });
    expect(api.body.plan.year).toBe(2027);
    const refused = await get('/establishments/SC123456', INSPECTOR, { year: 'next' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'year', message: expect.stringContaining('must be a year YYYY') }]);
  });
});

describe('Clearing an enforcement date on the form', () => {
  it('an emptied date is cleared; emptying only the day it took effect while it has an end re-shows the form naming it', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    await postForm(NEW_ACTION, MANAGER, { inspectionId: 'insp-willow', action: 'suspension', against: 'establishment', ...day('issuedOn', '2027-01-06'), ...day('effectiveOn', '2027-01-07'), ...day('endsOn', '2027-01-11') });
    const path = '/app/establishments/SC123456/enforcement-actions/insp-willow--suspension--2027-01-06';
    expect((await getPage(path, MANAGER)).html).toContain('Leave it empty to clear');
    const refused = await postForm(path, MANAGER, { ...day('endsOn', '2027-01-11') });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'effectiveOn')).toContain('end date');
    const changed = await postForm(path, MANAGER, { ...day('effectiveOn', '2027-01-07') });
    expect(changed.location).toBe('/app/establishments/SC123456?done=enforcement-changed#enforcement');
    expect(textOf((await getPage('/app/establishments/SC123456', MANAGER, { done: 'enforcement-changed' })).html)).toContain('Success Enforcement action updated');
    const [action] = await repository().listEnforcementActions('SC123456');
    expect(action).toMatchObject({ effectiveOn: '2027-01-07', version: 2 });
    expect(action).not.toHaveProperty('endsOn');
  });
});

describe('Requirements on the inspection page', () => {
  const NEW_REQUIREMENT = '/app/inspections/insp-willow/requirements/new';

  it('the lead inspector records a requirement and then records it met in full; the page shows both', async () => {
    await reviewedInspection();
    const saved = await postForm(NEW_REQUIREMENT, INSPECTOR, { kind: 'requirement', text: 'Review every restraint within 24 hours.', regulation: 'Regulation 20', ...day('dueOn', '2027-01-31') });
    expect(saved.location).toBe('/app/inspections/insp-willow?done=requirement#requirements');
    const [item] = await repository().listRequirements('insp-willow');
    expect(item).toMatchObject({ kind: 'requirement', dueOn: '2027-01-31' });
    const page = await getPage('/app/inspections/insp-willow', INSPECTOR, { done: 'requirement' });
    expect(textOf(page.html)).toContain('Success Requirement recorded');
    expect(textOf(page.html)).toContain('Review every restraint within 24 hours.');
    expect(page.html).toContain(`/app/inspections/insp-willow/requirements/${item?.id}/met`);

    const met = await postForm(`/app/inspections/insp-willow/requirements/${item?.id}/met`, INSPECTOR, day('metInFullOn', '2027-01-12'));
    expect(met.location).toBe('/app/inspections/insp-willow?done=requirement-met#requirements');
    const afterMet = textOf((await getPage('/app/inspections/insp-willow', INSPECTOR, { done: 'requirement-met' })).html);
    expect(afterMet).toContain('Success Requirement marked as met');
    expect(afterMet).toContain('Met in full on');
  });

  it('re-shows the form naming the due date when a requirement has none, writing nothing; another inspector gets 403', async () => {
    await reviewedInspection();
    const refused = await postForm(NEW_REQUIREMENT, INSPECTOR, { kind: 'requirement', text: 'Review every restraint within 24 hours.' });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'dueOn')).toContain('Due date is required for a requirement');
    expect((await postForm(NEW_REQUIREMENT, OTHER_INSPECTOR, { kind: 'recommendation', text: 'Share good practice with staff.' })).status).toBe(403);
    expect(await repository().listRequirements('insp-willow')).toEqual([]);
  });
});

describe('The register forms (managers)', () => {
  it('a manager changes the registered manager to vacant; the page then shows the vacancy', async () => {
    await post('/establishments', MANAGER, willow);
    const form = await getPage('/app/establishments/SC123456/edit', MANAGER);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="version" value="1"');
    const saved = await postForm('/app/establishments/SC123456/edit', MANAGER, {
      version: '1',
      name: 'Willow House',
      hostAuthority: 'E09000007',
      ...day('registeredOn', '2019-06-01'),
      providesEducation: 'no',
      managerStatus: 'vacant',
      ...day('managerSince', '2026-11-02'),
      providerName: 'Willow Care Ltd',
      providerEmail: 'ri@willow.example',
      status: 'active',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/app/establishments/SC123456?done=changed');
    const changed = textOf((await getPage('/app/establishments/SC123456', INSPECTOR, { done: 'changed' })).html);
    expect(changed).toContain('Success Register entry changed The entry below shows your changes.');
    expect(changed).toContain('Vacant since Monday 2 November 2026');
    // A `done` the page does not know (or one of Object's own names) shows no banner.
    expect(textOf((await getPage('/app/establishments/SC123456', INSPECTOR, { done: 'toString' })).html)).not.toContain('Success');
    // The register's list says the day in words too, not 2026-11-02 (found by a new-user walk).
    expect(textOf((await getPage('/app/establishments', INSPECTOR)).html)).toContain('Vacant since Monday 2 November 2026');
    expect((await repository().getEstablishment('SC123456'))?.version).toBe(2);
  });

  it('saved with nothing changed: says so, writes nothing, keeps the version (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const unchanged = await postForm('/app/establishments/SC123456/edit', MANAGER, {
      version: '1',
      name: 'Willow House',
      hostAuthority: 'E09000007',
      ...day('registeredOn', '2019-06-01'),
      providesEducation: 'no',
      managerStatus: 'in-post',
      managerName: 'Sam Patel',
      ...day('managerSince', '2020-01-06'),
      providerName: 'Willow Care Ltd',
      providerEmail: 'ri@willow.example',
      status: 'active',
    });
    expect(unchanged.location).toBe('/app/establishments/SC123456?done=unchanged');
    expect(textOf((await getPage('/app/establishments/SC123456', MANAGER, { done: 'unchanged' })).html)).toContain('Nothing changed Every field was as the register already had it');
    expect((await repository().getEstablishment('SC123456'))?.version).toBe(1);
  });

  it('refuses a cleared name and a registered manager "since" in the future, naming each; nothing is written (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const edit = {
      version: '1',
      name: 'Willow House',
      hostAuthority: 'E09000007',
      ...day('registeredOn', '2019-06-01'),
      providesEducation: 'no',
      managerStatus: 'in-post',
      managerName: 'Sam Patel',
      ...day('managerSince', '2020-01-06'),
      providerName: 'Willow Care Ltd',
      providerEmail: 'ri@willow.example',
      status: 'active',
    };
    const cleared = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, name: '' });
    expect(cleared.status).toBe(400);
    expect(errorSummaryOf(cleared.html)).toEqual([{ text: 'Enter the name', href: '#name' }]);

    const future = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, ...day('managerSince', '2028-10-20') });
    expect(future.status).toBe(400);
    expect(errorSummaryOf(future.html)[0]).toMatchObject({ href: '#managerSince-day' });
    expect(errorSummaryOf(future.html)[0]?.text).toContain('is in the future (Friday 20 October 2028; today is Wednesday 13 January 2027): record the change once it has happened');
    expect(errorSummaryOf(future.html)[0]?.text).toMatch(/^In post, or vacant, since is in the future/);
    // A registration still to come, too (found by a new-user walk: the home lost its plan).
    const registered = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, ...day('registeredOn', '2027-06-01') });
    expect(registered.status).toBe(400);
    expect(errorSummaryOf(registered.html)[0]).toMatchObject({ href: '#registeredOn-day' });
    expect(errorSummaryOf(registered.html)[0]?.text).toContain('is in the future (Tuesday 1 June 2027; today is Wednesday 13 January 2027)');
    expect((await repository().getEstablishment('SC123456'))?.version).toBe(1);
    // The API says the same, naming the field.
    const added = await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', registeredManager: { status: 'vacant', since: '2027-02-01' } });
    expect(added.status).toBe(400);
    expect(added.body.errors).toEqual([{ field: 'registeredManager.since', message: expect.stringContaining('is in the future') }]);
  });

  it('refuses a post changed between in post and vacant without its own day: the vacancy would count from the manager’s first day (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const edit = { version: '1', name: 'Willow House', hostAuthority: 'E09000007', ...day('registeredOn', '2019-06-01'), providesEducation: 'no', providerName: 'Willow Care Ltd', providerEmail: 'ri@willow.example', status: 'active' };
    // Sam Patel has been in post since 6 January 2020; the post falls vacant, the day left as it was.
    const kept = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, managerStatus: 'vacant', ...day('managerSince', '2020-01-06') });
    expect(kept.status).toBe(400);
    expect(errorSummaryOf(kept.html)).toEqual([
      { href: '#managerSince-day', text: 'In post, or vacant, since is still Monday 6 January 2020, the day the previous manager began: enter the day the post fell vacant' },
    ]);
    expect((await repository().getEstablishment('SC123456'))?.registeredManager).toEqual({ status: 'in-post', name: 'Sam Patel', since: '2020-01-06' });
    // With the day it fell vacant, it is saved; a name corrected alone keeps its day.
    expect((await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, managerStatus: 'vacant', ...day('managerSince', '2027-01-04') })).status).toBe(303);
    const named = await post('/establishments', MANAGER, { ...willow, urn: 'SC123457' });
    expect(named.status).toBe(201);
    const corrected = await call({ method: 'PATCH', path: '/establishments/SC123457', user: MANAGER, body: JSON.stringify({ version: 1, change: { registeredManager: { status: 'in-post', name: 'Sam Patell', since: '2020-01-06' } } }) });
    expect(corrected.status).toBe(200);
  });

  it('refuses a manager in post since before the registration, naming the field; a vacancy likewise (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const edit = { version: '1', name: 'Willow House', hostAuthority: 'E09000007', ...day('registeredOn', '2019-06-01'), providesEducation: 'no', managerStatus: 'in-post', managerName: 'Sam Patel', providerName: 'Willow Care Ltd', providerEmail: 'ri@willow.example', status: 'active' };
    const early = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, ...day('managerSince', '2019-05-31') });
    expect(early.status).toBe(400);
    expect(errorSummaryOf(early.html)).toEqual([
      { href: '#managerSince-day', text: 'In post, or vacant, since is before the registration (Saturday 1 June 2019): nobody is the registered manager of a home before it is registered' },
    ]);
    expect((await repository().getEstablishment('SC123456'))?.version).toBe(1);
    // On the day of the registration is right.
    expect((await postForm('/app/establishments/SC123456/edit', MANAGER, { ...edit, ...day('managerSince', '2019-06-01') })).status).toBe(303);
    // The API names the field.
    const added = await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', registeredManager: { status: 'in-post', name: 'Ann Lee', since: '2019-05-01' } });
    expect(added.status).toBe(400);
    expect(added.body.errors).toEqual([{ field: 'registeredManager.since', message: expect.stringContaining('is before the registration (Saturday 1 June 2019)') }]);
    const vacant = await post('/establishments', MANAGER, { ...willow, urn: 'SC123458', registeredManager: { status: 'vacant', since: '2019-05-01' } });
    expect(vacant.body.errors).toEqual([{ field: 'registeredManager.since', message: 'a post cannot be vacant before the registration' }]);
  });

  it('a change against an old version is refused (409) and a bad email names the field; nothing is written', async () => {
    await post('/establishments', MANAGER, willow);
    const base = { name: 'Willow House', hostAuthority: 'E09000007', ...day('registeredOn', '2019-06-01'), providesEducation: 'no', managerStatus: 'in-post', managerName: 'Sam Patel', ...day('managerSince', '2020-01-06'), providerName: 'Willow Care Ltd', status: 'active' };
    const bad = await postForm('/app/establishments/SC123456/edit', MANAGER, { ...base, version: '1', providerEmail: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(inlineErrorOf(bad.html, 'providerEmail')).toBeDefined();
    expect((await postForm('/app/establishments/SC123456/edit', MANAGER, { ...base, version: '7', providerEmail: 'ri@willow.example' })).status).toBe(409);
    expect((await repository().getEstablishment('SC123456'))?.version).toBe(1);
    expect((await getPage('/app/establishments/SC123456/edit', INSPECTOR)).status).toBe(403);
  });

  it('imports a CSV; a bad row is named by line and nothing is imported; inspectors get 403', async () => {
    const header = 'URN,Setting name,Provision type,Local authority,Registration date,Registered manager,Registered manager since,Manager vacant since,Provider contact,Provider email';
    const good = "SC100001,Oak House,Children's home,Camden,01/06/2019,Sam Patel,06/01/2020,,Oak Care Ltd,office@oak.example";
    const bad = "SC100003,Cedar,Children's home,Atlantis,2020-01-01,A Person,2020-01-01,,Cedar Ltd,c@cedar.example";
    const refused = await postForm('/app/establishments/import', MANAGER, { csv: [header, good, bad].join('\n') });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'csv')).toContain('line 3');
    expect(await repository().listEstablishments()).toEqual([]);
    const imported = await postForm('/app/establishments/import', MANAGER, { csv: [header, good].join('\n') });
    expect(imported.status).toBe(200);
    expect(textOf(imported.html)).toContain('Imported 1 entry: 1 new, 0 replaced.');
    expect((await getPage('/app/establishments/import', INSPECTOR)).status).toBe(403);
  });
});

describe('Log an inspection from the register', () => {
  it('picks the establishment on the register: nothing retyped, the provider contact from its entry', async () => {
    await post('/establishments', MANAGER, willow);
    const form = await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC123456' });
    // A text field (URN or name), filled in from ?urn=: no list of the whole register in the page.
    expect(form.html).toMatch(/name="establishment-register"[^>]*value="SC123456"/);
    expect(form.html).not.toContain('<option value="SC123456"');
    // The establishment as the register has it, not empty fields for one typed by hand (found by a new-user walk).
    const text = textOf(form.html);
    expect(text).toContain("Willow House (SC123456) Children's home, Camden: from the register.");
    expect(text).toContain('Leave these blank to use the provider contact on the register: Willow Care Ltd, ri@willow.example.');
    expect(form.html).not.toContain('name="establishment-name"');
    expect(form.html).not.toContain('name="establishment-host-authority"');
    // A URN not on the register: the fields to type it by hand.
    expect((await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC999999' })).html).toContain('name="establishment-name"');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)?.[1] ?? 'web-key-00000001';
    const logged = await postForm('/app/inspections/new', INSPECTOR, { ...fullInspectionForm(key), 'establishment-register': 'SC123456' });
    expect(logged.status).toBe(303);
    const [record] = await repository().inspectionsOfEstablishment('SC123456');
    expect(record?.establishment).toEqual({ urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E09000007' });
    expect(record?.provider).toEqual({ name: 'Willow Care Ltd', email: 'ri@willow.example' });
  });

  it('offers a home picked on the register only the processes for its type, and words a refused one without raw values (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const form = await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC123456' });
    const offered = [...form.html.matchAll(/name="process" type="radio" value="([a-z-]+)"/g)].map((match) => match[1]);
    expect(offered).toEqual(['full-inspection', 'interim-inspection']);
    // No assurance visit for it, so no day 1 either; a secure home is offered both.
    expect(form.html).not.toContain('name="day1-day"');
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123459', name: 'Hawthorn Secure Unit', kind: 'secure-childrens-home' });
    const secure = await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC123459' });
    expect(secure.html).toContain('name="day1-day"');
    expect([...secure.html.matchAll(/name="process" type="radio" value="([a-z-]+)"/g)].map((match) => match[1])).toEqual(['assurance-visit', 'full-inspection', 'interim-inspection']);
    // Every process while nothing is picked.
    expect([...(await getPage('/app/inspections/new', INSPECTOR)).html.matchAll(/name="process" type="radio"/g)]).toHaveLength(4);

    // A crafted (or stale) form: the refusal is on the process, in words.
    const refused = await postForm('/app/inspections/new', INSPECTOR, { ...fullInspectionForm('web-key-00000008'), process: 'rfc-inspection', 'establishment-register': 'SC123456' });
    expect(refused.status).toBe(400);
    const [problem] = errorSummaryOf(refused.html);
    expect(problem?.href).toBe('#process');
    expect(problem?.text).toBe("The inspection chosen is only for a residential family centre, not a children's home");
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('with no process chosen for a home picked on the register, shows the other problems too (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const form = { ...fullInspectionForm('web-key-00000009'), process: '', 'establishment-register': 'SC123456', 'inspection-end-day': '31', 'inspection-end-month': '2' };
    const refused = await postForm('/app/inspections/new', INSPECTOR, form);
    expect(refused.status).toBe(400);
    expect(errorSummaryOf(refused.html)).toEqual([
      { text: 'Select what is being inspected', href: '#process' },
      { text: 'Last day on site must be a real date', href: '#inspection-end-day' },
    ]);
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('finds the establishment by part of its name, without script: the matches are listed to choose from, then it is logged', async () => {
    await post('/establishments', MANAGER, willow);
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', name: 'Willowbrook Lodge' });
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123458', name: 'Oak House' });
    const visit = fullInspectionForm('web-key-00000003');
    const searched = await postForm('/app/inspections/new', INSPECTOR, { ...visit, 'establishment-register': 'willow' });
    expect(searched.status).toBe(400);
    expect(inlineErrorOf(searched.html, 'establishment-register-match')).toContain('choose the establishment from the 2 that match');
    expect(searched.html).toContain('value="SC123456"');
    expect(searched.html).toContain('value="SC123457"');
    expect(searched.html).not.toContain('value="SC123458"');
    // The matches to choose from, not beside empty fields for an establishment typed by hand (found by a new-user walk);
    // the processes for their type only (all children's homes here), and no day 1.
    expect(searched.html).not.toContain('name="establishment-name"');
    expect([...searched.html.matchAll(/name="process" type="radio" value="([a-z-]+)"/g)].map((match) => match[1])).toEqual(['full-inspection', 'interim-inspection']);
    expect(searched.html).not.toContain('name="day1-day"');
    expect((await repository().listInspections()).items).toEqual([]);

    const logged = await postForm('/app/inspections/new', INSPECTOR, { ...visit, 'establishment-register': 'willow', 'establishment-register-match': 'SC123457' });
    expect(logged.status).toBe(303);
    expect((await repository().inspectionsOfEstablishment('SC123457')).map((record) => record.establishment.name)).toEqual(['Willowbrook Lodge']);
  });

  it('shows the rest of the form’s problems with a search’s answer, not after it (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', name: 'Willowbrook Lodge' });
    const impossible = { ...fullInspectionForm('web-key-00000007'), 'inspection-end-day': '31', 'inspection-end-month': '2', 'children-1-initials': '' };

    const two = await postForm('/app/inspections/new', INSPECTOR, { ...impossible, 'establishment-register': 'willow' });
    expect(two.status).toBe(400);
    const hrefs = errorSummaryOf(two.html).map((item) => item.href);
    expect(hrefs[0]).toBe('#establishment-register-match');
    expect(hrefs).toEqual(expect.arrayContaining(['#inspection-end-day', '#children-1-initials']));
    // The provider's fields, left blank, are the register's: no error about them, nor about the by-hand establishment.
    expect(hrefs.join(' ')).not.toMatch(/provider|establishment-(urn|name|kind|host)/);

    const one = await postForm('/app/inspections/new', INSPECTOR, { ...impossible, 'establishment-register': 'willowbrook' });
    expect(one.html).toMatch(/value="SC123457" checked/);
    expect(errorSummaryOf(one.html).map((item) => item.href)).toEqual(expect.arrayContaining(['#inspection-end-day', '#children-1-initials']));
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('says when an inspection logged without "Return inspection of" was found to be the return inspection of the one waiting for it (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    // Judged inadequate in October; its monitoring visit scheduled a full inspection, due by 1 February 2027.
    await storedInspection({
      id: 'insp-0001',
      status: 'in-progress',
      dates: { inspectionStart: parseLocalDate('2026-10-12'), inspectionEnd: parseLocalDate('2026-10-14') },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-10-14T15:00:01.000Z', origin: 'full-inspection' } },
      scheduled: { 'full-inspection': { visit: 'full-inspection', latest: parseLocalDate('2027-02-01'), scheduledAt: '2026-12-01T10:00:00.000Z' } },
    } as Partial<InspectionRecord>);

    const logged = await postForm('/app/inspections/new', INSPECTOR, { ...fullInspectionForm('web-key-00000011'), 'establishment-register': 'SC123456' });
    expect(logged.status, logged.html).toBe(303);
    expect(logged.location).toMatch(/\?done=logged-return$/);
    const text = textOf((await getPage(logged.location!.split('?')[0]!, INSPECTOR, { done: 'logged-return' })).html);
    expect(text).toContain('Inspection logged as a return inspection');
    expect(text).toContain('Return inspection of');
  });

  it('shows a day more than a year away with a search’s answer too, not in a second round (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', name: 'Willowbrook Lodge' });
    const far = { ...fullInspectionForm('web-key-00000010'), 'inspection-end-year': '2062' };

    const searched = await postForm('/app/inspections/new', INSPECTOR, { ...far, 'establishment-register': 'willowbrook' });
    expect(searched.html).toMatch(/value="SC123457" checked/);
    const summary = errorSummaryOf(searched.html);
    expect(summary.map((item) => item.href)).toContain('#inspection-end-day');
    expect(summary.map((item) => item.text).join(' ')).toMatch(/must be within a year of today/);
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('keeps a register search answered, and the match chosen, when "Add another child" is pressed: nothing logged', async () => {
    await post('/establishments', MANAGER, willow);
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123457', name: 'Willowbrook Lodge' });
    const visit = fullInspectionForm('web-key-00000006');
    const added = await postForm('/app/inspections/new', INSPECTOR, { ...visit, 'establishment-register': 'willow', 'establishment-register-match': 'SC123457', 'add-child': 'yes' });
    expect(added.status).toBe(200);
    expect(errorSummaryOf(added.html)).toEqual([]);
    expect(added.html).toMatch(/value="SC123457" checked/);
    expect(added.html).toContain('value="SC123456"');
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('shows a single name match as the result to confirm, chosen, not under "There is a problem"; sent again, it is logged', async () => {
    await post('/establishments', MANAGER, willow);
    await post('/establishments', MANAGER, { ...willow, urn: 'SC123458', name: 'Oak House' });
    const visit = fullInspectionForm('web-key-00000005');
    const searched = await postForm('/app/inspections/new', INSPECTOR, { ...visit, 'establishment-register': 'willow' });
    expect(searched.status).toBe(200);
    expect(errorSummaryOf(searched.html)).toEqual([]);
    expect(textOf(searched.html)).not.toContain('There is a problem');
    expect(textOf(searched.html)).toContain('The establishment on the register that matches');
    expect(searched.html).toMatch(/value="SC123456" checked/);
    expect((await repository().listInspections()).items).toEqual([]);

    const logged = await postForm('/app/inspections/new', INSPECTOR, { ...visit, 'establishment-register': 'willow', 'establishment-register-match': 'SC123456' });
    expect(logged.status).toBe(303);
    expect(await repository().inspectionsOfEstablishment('SC123456')).toHaveLength(1);
  });

  it('the plan page counts its windows in plain words, and a page past the last says so (400 naming the page), not the last page', async () => {
    await post('/establishments', MANAGER, willow);
    const plan = await getPage('/app/inspection-plan', MANAGER, { year: '2026' });
    expect(plan.status).toBe(200);
    expect(textOf(plan.html)).toMatch(/Showing (1 window|all \d+ windows)\./);
    expect(textOf(plan.html)).not.toMatch(/Showing 1 to/);

    const past = await getPage('/app/inspection-plan', MANAGER, { year: '2026', page: '99' });
    expect(past.status).toBe(400);
    expect(errorSummaryOf(past.html)[0]?.text).toContain('is 99, but there is only 1 page of windows with these filters: choose a page from 1 to 1');
  });

  it('names the choices of a filter in words, never the raw values, when a value in the address is not one of them', async () => {
    const plan = await getPage('/app/inspection-plan', MANAGER, { kind: 'x', risk: 'y' });
    const register = await getPage('/app/establishments', MANAGER, { kind: 'x' });
    const inspections = await getPage('/app/inspections', MANAGER, { status: 'x', process: 'y' });

    expect(errorSummaryOf(plan.html).map((item) => item.text)).toEqual([
      "Type must be one of: Children's home, Secure children's home or Residential family centre",
      'Risk must be one of: Overdue, Closing soon, On track or Complete',
    ]);
    expect(errorSummaryOf(register.html).map((item) => item.text)).toEqual(["Type must be one of: Children's home, Secure children's home or Residential family centre"]);
    expect(errorSummaryOf(inspections.html).map((item) => item.text).join(' ')).toContain('Status must be one of: Awaiting outcome, In progress, Awaiting approval, Complete, Failed or Withdrawn');
    for (const { html } of [plan, register, inspections]) expect(errorSummaryOf(html).map((item) => item.text).join(' ')).not.toMatch(/childrens-home|due-soon|in-progress|full-inspection/);
  });

  it('takes a URN typed in lower case or with spaces', async () => {
    await post('/establishments', MANAGER, willow);
    const logged = await postForm('/app/inspections/new', INSPECTOR, { ...fullInspectionForm('web-key-00000004'), 'establishment-register': ' sc123456 ' });
    expect(logged.status).toBe(303);
    expect(await repository().inspectionsOfEstablishment('SC123456')).toHaveLength(1);
  });

  it('an establishment not on the register is named on the form, and nothing is logged', async () => {
    const refused = await postForm('/app/inspections/new', INSPECTOR, {
      idempotencyKey: 'web-key-00000002',
      process: 'full-inspection',
      'establishment-register': 'SC999999',
      ...day('inspection-start', '2027-01-11'),
      ...day('inspection-end', '2027-01-12'),
    });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'establishment-register')).toContain('not on the register');
    expect((await repository().listInspections()).items).toEqual([]);
  });

  it('asks before logging by hand, under a new URN, an establishment named as one on the register; logged once confirmed (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, willow);
    const byHand = {
      ...fullInspectionForm('web-key-00000005'),
      // The register's name in other case and spacing, under another URN.
      'establishment-name': ' willow  HOUSE ',
      'establishment-urn': 'SC765432',
      'establishment-kind': 'childrens-home',
      'establishment-host-authority': 'E09000007',
      'provider-name': 'Willow Care Ltd',
      'provider-email': 'ri@willow.example',
    };
    const asked = await postForm('/app/inspections/new', INSPECTOR, byHand);
    expect(asked.status).toBe(400);
    expect(inlineErrorOf(asked.html, 'establishment-different')).toContain(
      'The register has an establishment named "willow HOUSE": Willow House (SC123456), Camden. To log an inspection of it, enter its URN in "Establishment on the register".',
    );
    expect(asked.html).toContain('Yes, it is a different establishment');
    expect((await repository().listInspections()).items).toEqual([]);

    const confirmed = await postForm('/app/inspections/new', INSPECTOR, { ...byHand, 'establishment-different': 'yes' });
    expect(confirmed.status).toBe(303);
    expect((await repository().inspectionsOfEstablishment('SC765432')).map((record) => record.establishment.name)).toEqual(['willow  HOUSE']);
    // A name the register does not hold is logged at once, as before.
    const other = await postForm('/app/inspections/new', INSPECTOR, { ...byHand, idempotencyKey: 'web-key-00000006', 'establishment-name': 'Rowan Lodge', 'establishment-urn': 'SC765433' });
    expect(other.status).toBe(303);
  });
});

describe('The vacancy read from the register', () => {
  const vacantWillow = { ...willow, registeredManager: { status: 'vacant', since: '2026-06-01' } };

  it('the case review form does not offer enforcement against the registered manager while the post is vacant', async () => {
    await post('/establishments', MANAGER, vacantWillow);
    await storedInspection({ id: 'insp-0001' });
    await pendingApproval();
    const form = await getPage('/app/approvals/apr-0001', OTHER_MANAGER);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="enforcementAgainst" type="checkbox" value="establishment"');
    expect(form.html).not.toContain('value="registered-manager"');
  });

  it('the outcome form does not ask for the vacancy: it says what the register holds, and the rules read it (§67)', async () => {
    await post('/establishments', MANAGER, vacantWillow);
    await storedInspection({ id: 'insp-0001', status: 'awaiting-outcome' });
    const form = await getPage('/app/inspections/insp-0001/outcome', INSPECTOR);
    expect(form.status).toBe(200);
    expect(form.html).not.toContain('name="registeredManagerVacantSince-day"');
    expect(textOf(form.html)).toContain('From the register: the post has been vacant since');
    // 1 June to 22 December 2026 is more than 26 weeks: leaders and managers cannot be judged good (§67).
    const refused = await postForm('/app/inspections/insp-0001/outcome', INSPECTOR, { helpedAndProtected: 'good', leadersAndManagers: 'good', overall: 'good', 'registeredManagerVacantSince-day': '', 'registeredManagerVacantSince-month': '', 'registeredManagerVacantSince-year': '' });
    expect(refused.status).toBe(400);
    expect(inlineErrorOf(refused.html, 'leadersAndManagers')).toBeDefined();
  });
});
