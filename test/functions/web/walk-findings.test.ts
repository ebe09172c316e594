/**
 * What a new user's walk through the pages found, each fixed and held here: the status says what is awaited and of
 * whom (the same words on the list and the inspection page); the monitoring visit's button says why it shows before
 * the case review decides; the approvals carry their deadline's status; a compliance inspector decides the case
 * discussions on the approvals pages and sees nothing else; the clock panel shows only to a signed-in user.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { INADEQUATE_ON_22_DECEMBER, newEmail } from '../../adapters/inspection-fixtures';
import type { InspectionRecord } from '../../../functions/core/inspection';
import { fixNow, get, INSPECTOR, MANAGER, pendingApproval, post, sentAlert, sfnCalls, storedInspection, WILLOW_REGISTER_ENTRY } from '../api/api-harness';
import { errorSummaryOf, getPage, h1Of, navigationOf, open, postForm, rowWith, textOf, useWebHarness } from './web-harness';
import type { LocalUser } from '../../../infra/local/api-gateway';

// The sender of the lead inspector's notice of a changed window (read with the rest of the configuration, once).
process.env.MAIL_FROM = 'sccif@notifications.example.gov.uk';
const harness = useWebHarness('2026-12-23T10:00:00.000Z');

const COMPLIANCE: LocalUser = { id: 'compliance-1', email: 'cora.compliance@ofsted.example', name: 'Cora Compliance', groups: ['compliance-inspectors'] };

/** The timeline item (li) holding this title. */
function itemWith(html: string, title: string): string {
  return [...html.matchAll(/<li class="app-timeline__item">([\s\S]*?)<\/li>/g)].map((match) => match[1] ?? '').find((item) => item.includes(title)) ?? '';
}

/** The value of a row of the inspection page's summary list ("Details"). */
function rowOfDetails(html: string, key: string): string {
  const match = new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`).exec(html);
  return match?.[1]?.trim() ?? '';
}

/** The value of the inspection page's "Status" row. */
function statusRowOf(html: string): string {
  return textOf(rowOfDetails(html, 'Status'));
}

const INADEQUATE: Partial<InspectionRecord> = {
  outcome: INADEQUATE_ON_22_DECEMBER,
  actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never } },
  followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
};

/** A full inspection judged good, its judgements recorded on 22 December 2026: nothing is awaited from a person. */
const GOOD: Partial<InspectionRecord> = {
  status: 'in-progress',
  outcome: { ...INADEQUATE.outcome!, outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' } },
  actuals: INADEQUATE.actuals!,
};

/**
 * The case review decided on a monitoring visit, whose run has started and waits for the visit's outcome (it stores
 * awaiting-outcome while it waits).
 */
const MONITORING_VISIT_DECIDED: Partial<InspectionRecord> = {
  ...INADEQUATE,
  status: 'awaiting-outcome',
  decisions: {
    'case-review': { approvalId: 'apr-0001', kind: 'case-review', decision: 'monitoring-visit', rationale: 'Serious concerns.', enforcement: 'none', decidedBy: MANAGER.id, decidedAt: '2026-12-23T09:00:00.000Z' },
  },
  actuals: { ...INADEQUATE.actuals, inadequate: { 'case-review': '2026-12-23' as never } },
  followUps: {
    ...INADEQUATE.followUps,
    'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:01:00.000Z', origin: 'inadequate' },
  },
};

/** The return window as the pathway (before the monitoring run starts) or the monitoring run's own timeline names its anchor. */
const monitoringWindow = (anchor = 'the inspection') =>
  `the monitoring visit (due 6 to 8 weeks after ${anchor}, Tuesday 22 December 2026: between Tuesday 2 February 2027 and Tuesday 16 February 2027), then its outcome from the lead inspector`;
const MONITORING_WINDOW = monitoringWindow();

describe('the status says what is awaited, and of whom', () => {
  it('before the outcome: the outcome of the inspection from the lead inspector, due by the judgements deadline', async () => {
    await storedInspection();

    const list = await getPage('/app/inspections', INSPECTOR);
    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(textOf(rowWith(list.html, 'Willow House'))).toContain("Awaiting the outcome of the full inspection of a children's home from the lead inspector, due Wednesday 23 December 2026");
    expect(statusRowOf(page.html)).toBe("Awaiting the outcome of the full inspection of a children's home from the lead inspector (Ann Inspector), due Wednesday 23 December 2026");
  });

  it('an assurance visit logged ahead of its day 1: the call announcing it, which the provider’s letter follows, then the outcome (found by a new-user walk)', async () => {
    const hill = { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' } as InspectionRecord['establishment'];
    await storedInspection({ process: 'assurance-visit', establishment: hill, dates: { day1: '2026-12-24' } as InspectionRecord['dates'] });

    const status = statusRowOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(status).toMatch(/^Awaiting the call announcing the visit from the lead inspector \(Ann Inspector\), due Thursday 24 December 2026: the provider’s letter follows it; and the outcome of the assurance visit/);
    const form = textOf((await getPage('/app/inspections/insp-0001/steps/announce', INSPECTOR, { process: 'assurance-visit' })).html);
    expect(form).toContain('Recording the call sends the provider the letter that confirms the arrangements');

    // Once the call is recorded, only the outcome is awaited.
    fixNow('2026-12-24T09:30:00.000Z');
    expect((await post('/inspections/insp-0001/steps/announce', INSPECTOR, { on: '2026-12-24' })).status).toBe(200);
    expect(statusRowOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html)).toMatch(/^Awaiting the outcome of the assurance visit/);
  });

  it('while the urgent case review is undecided: the decision from a manager and the monitoring visit in its 6-8 week window', async () => {
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval({ dueAt: '2026-12-23T23:59:59.000Z' });

    const list = await getPage('/app/inspections', INSPECTOR);
    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    // Undecided, the return visit may yet be a full inspection (found by a new-user walk).
    const returnVisit = MONITORING_WINDOW.replace('the monitoring visit (due', 'the return visit (a monitoring visit unless the urgent case review chooses a full inspection; due');
    const expected = `Awaiting the case review decision from a manager, due Wednesday 23 December 2026; and ${returnVisit}`;
    expect(textOf(rowWith(list.html, 'Willow House'))).toContain(expected);
    expect(statusRowOf(page.html)).toBe(expected.replace('from the lead inspector', 'from the lead inspector (Ann Inspector)'));
  });

  it('after the decision: the monitoring visit, never a bare "Awaiting outcome"', async () => {
    await storedInspection(MONITORING_VISIT_DECIDED);

    const list = await getPage('/app/inspections', INSPECTOR);
    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const window = monitoringWindow('the inspection');
    expect(textOf(rowWith(list.html, 'Willow House'))).toContain(`Awaiting ${window}`);
    expect(statusRowOf(page.html)).toBe(`Awaiting ${window.replace('lead inspector', 'lead inspector (Ann Inspector)')}`);
    expect(textOf(page.html)).not.toContain('Awaiting outcome');
    // The review has decided: nothing to explain about recording the visit before it. Before its window opens the
    // outcome is offered, not as the main action, saying when the window opens (found by a new-user walk).
    expect(textOf(page.html)).not.toContain('No manager has decided the urgent case review yet');
    expect(textOf(page.html)).toMatch(/The window for the monitoring visit opens on \w+day \d+ \w+ 2027: record its outcome once the visit has been made\./);
    expect(page.html).toMatch(/class="govuk-button govuk-button--secondary"[^>]*>\s*Record the outcome of the monitoring visit/);
    // In the window: the main action, nothing to explain.
    fixNow('2027-02-10T10:00:00.000Z');
    const inWindow = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    expect(inWindow).toMatch(/class="govuk-button"[^>]*>\s*Record the outcome of the monitoring visit/);
    expect(inWindow).not.toContain('id="record-outcome-why"');
  });

  it('names the last working day of a window closing on a bank holiday: 8 weeks after 1 February 2027 is Easter Monday (found by a new-user walk)', async () => {
    fixNow('2027-02-02T10:00:00.000Z');
    await storedInspection({
      dates: { inspectionStart: '2027-01-28' as never, inspectionEnd: '2027-02-01' as never },
      status: 'awaiting-approval',
      outcome: { ...INADEQUATE_ON_22_DECEMBER, recordedAt: '2027-02-01T16:00:00.000Z' },
      actuals: { 'full-inspection': { 'judgements-recorded': '2027-02-01' as never } },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2027-02-01T16:01:00.000Z', origin: 'full-inspection' } },
      scheduled: { 'monitoring-visit': { visit: 'monitoring-visit', earliest: '2027-03-15' as never, latest: '2027-03-29' as never, scheduledAt: '2027-02-01T16:01:00.000Z' } },
    });
    await pendingApproval({ dueAt: '2027-02-02T23:59:59.000Z', now: '2027-02-01T16:02:00.000Z' });

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(statusRowOf(page.html)).toContain(
      'between Monday 15 March 2027 and Monday 29 March 2027; the last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter Monday are not working days), then',
    );
    const visit = textOf(itemWith(page.html, 'Return visit carried out'));
    expect(visit).toContain('Due by Monday 29 March 2027 at 23:59 (London time)');
    expect(visit).toContain('The last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter Monday are not working days.');
    expect(textOf(rowWith(page.html, 'Monitoring visit'))).toContain(
      'Monday 29 March 2027 (the last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter Monday are not working days)',
    );
    // A deadline on a working day says nothing more.
    expect(textOf(itemWith(page.html, 'Urgent case review held'))).not.toContain('last working day');
  });

  it('after the outcome, the establishment page and GET /inspections/{id} agree with the list: no "awaiting outcome" left over', async () => {
    // The monitoring visit's run stores awaiting-outcome while it waits for the visit's outcome.
    await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY);
    await storedInspection(MONITORING_VISIT_DECIDED);

    const list = await getPage('/app/inspections', INSPECTOR);
    const establishment = await getPage('/app/establishments/SC123456', INSPECTOR);
    const api = await get('/inspections/insp-0001', INSPECTOR);

    const listed = textOf(rowWith(list.html, 'Willow House'));
    expect(listed).toContain(`Awaiting ${monitoringWindow('the inspection')}`);
    expect(textOf(rowWith(establishment.html, 'insp-0001'))).toContain(`Awaiting ${monitoringWindow('the inspection')}`);
    expect(textOf(establishment.html)).not.toContain('Awaiting outcome');
    // The framework's words, as a value starts on every page: "Inadequate", not "inadequate".
    expect(textOf(establishment.html)).toMatch(/Current judgement\s+Inadequate \(/);
    expect(api.body.inspection.status).toBe('in-progress');
  });

  it('says "now overdue" beside the awaited visit once it is past its deadline, not after the outcome that follows it', async () => {
    await storedInspection(MONITORING_VISIT_DECIDED);
    fixNow('2027-02-17T10:00:00.000Z');

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    // With how many deadlines have passed (found by a new-user walk: only one was named): the visit, the alert, and
    // both reports, none recorded in this record.
    expect(statusRowOf(page.html)).toMatch(
      /^Awaiting the monitoring visit, now overdue \(due 6 to 8 weeks after the inspection, .*\), then its outcome from the lead inspector \(Ann Inspector\)\. 4 deadlines are overdue: see the timelines below$/,
    );
    const overdueTags = page.html.match(/govuk-tag--red">\s*Overdue/g) ?? [];
    expect(overdueTags.length).toBeGreaterThanOrEqual(4);
  });

  it('shows the monitoring report as waiting for the overdue visit, with no due date or "On track", and the visit as the overdue step', async () => {
    await storedInspection(MONITORING_VISIT_DECIDED);
    fixNow('2027-03-24T10:00:00.000Z');

    const html = (await getPage('/app/inspections/insp-0001', INSPECTOR)).html;
    const report = itemWith(html, 'Monitoring visit report published');

    expect(report).toMatch(/govuk-tag--grey">\s*Cannot start yet/);
    expect(textOf(report)).toContain(
      'Counts from "Monitoring visit carried out", which was due by Tuesday 16 February 2027 and has not been recorded yet; then due within 25 working days of',
    );
    for (const word of ['Due by', 'On track', 'Overdue', 'Record as done']) expect(report).not.toContain(word);
    expect(itemWith(html, 'Monitoring visit carried out')).toContain('Overdue');
  });

  it('names a person\'s deadline due before the awaited visit: the report to the provider, overdue, as the list\'s next deadline', async () => {
    await storedInspection({ ...MONITORING_VISIT_DECIDED, actuals: { ...MONITORING_VISIT_DECIDED.actuals, inadequate: { 'case-review': '2026-12-23' as never, 'dcs-alert': '2026-12-22' as never } } });
    fixNow('2027-01-12T10:00:00.000Z');

    const list = await getPage('/app/inspections', INSPECTOR);
    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const before = 'Due before it: “Report sent to the provider for a factual accuracy check”, to be recorded by the lead inspector (Ann Inspector), due Friday 8 January 2027, now overdue';
    expect(statusRowOf(page.html)).toBe(`Awaiting ${MONITORING_WINDOW.replace('lead inspector', 'lead inspector (Ann Inspector)')}. ${before}`);
    expect(textOf(rowWith(list.html, 'Willow House'))).toContain('Report sent to the provider for a factual accuracy check');
  });

  it('when the review chose a full inspection as the return visit: the next report stage first, then that inspection, to be logged by an inspector', async () => {
    await storedInspection({
      ...INADEQUATE,
      // The decision recorded the review's day, and the alerts went out.
      actuals: { ...INADEQUATE.actuals, inadequate: { 'case-review': '2026-12-23' as never, 'dcs-alert': '2026-12-23' as never } },
      status: 'in-progress',
      decisions: {
        'case-review': { approvalId: 'apr-0001', kind: 'case-review', decision: 'full-inspection', rationale: 'Widespread concerns.', enforcement: 'none', decidedBy: MANAGER.id, decidedAt: '2026-12-23T09:00:00.000Z' },
      },
    });

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(statusRowOf(page.html)).toBe(
      'In progress: next, “Report sent to the provider for a factual accuracy check”, to be recorded by the lead inspector (Ann Inspector), due Friday 8 January 2027; ' +
        'then the return full inspection, to be logged by an inspector (within 8 weeks of the inspection), due Tuesday 16 February 2027',
    );
    // A button to log it, with this inspection as the one it returns to (found by a walk); for inspectors only.
    const href = '/app/inspections/new?urn=SC123456&amp;process=full-inspection&amp;followUpOf=insp-0001';
    expect(page.html).toContain(href);
    expect((await getPage('/app/inspections/insp-0001', MANAGER)).html).not.toContain('Log the return inspection');
    const form = await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC123456', process: 'full-inspection', followUpOf: 'insp-0001' });
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/name="follow-up-of"[^>]*value="insp-0001"/);
    expect(form.html).toMatch(/value="full-inspection" checked/);
    // Not on the register (logged by hand): the establishment and provider come from the earlier inspection, and the
    // register field is left empty (found by a new-user walk: it held the URN, which the register did not know).
    expect(form.html).toMatch(/name="establishment-name"[^>]*value="Willow House"/);
    expect(form.html).toMatch(/name="establishment-urn"[^>]*value="SC123456"/);
    expect(form.html).toMatch(/name="provider-email"[^>]*value="ri@willow.example"/);
    expect(form.html).not.toMatch(/name="establishment-register"[^>]*value="SC123456"/);
    // On the register: picked there, as from the establishment's page.
    expect((await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY)).status).toBe(201);
    const registered = await getPage('/app/inspections/new', INSPECTOR, { urn: 'SC123456', process: 'full-inspection', followUpOf: 'insp-0001' });
    expect(registered.html).toMatch(/name="establishment-register"[^>]*value="SC123456"/);
    expect(registered.html).not.toMatch(/name="establishment-name"[^>]*value="Willow House"/);
  });

  it('with nothing awaited from a person: "In progress", naming the next deadline and whose it is', async () => {
    await storedInspection(GOOD);

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    const list = await getPage('/app/inspections', INSPECTOR);

    const expected = 'In progress: next, “Report sent to the provider for a factual accuracy check”, to be recorded by the lead inspector (Ann Inspector), due Friday 8 January 2027';
    expect(statusRowOf(page.html)).toBe(expected);
    expect(textOf(rowWith(list.html, 'Willow House'))).toContain(expected.replace(' (Ann Inspector)', ''));
  });
});

describe('the status names a next step that cannot be recorded yet', () => {
  it('says what it waits on, in the words its timeline item gives (found by a new-user walk)', async () => {
    // The report went to the provider on 5 January: publication is next, but follows the provider's comments, which
    // are not in and whose time is not over (core/recorded-steps.ts notYetRecordable).
    await storedInspection({
      ...GOOD,
      actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never, 'report-to-provider': '2027-01-05' as never } },
    });
    fixNow('2027-01-06T10:00:00.000Z');

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);
    const list = await getPage('/app/inspections', INSPECTOR);

    const why = /Can be recorded once “Provider returns factual accuracy comments” is recorded, or from [^.]*2027\./.exec(textOf(itemWith(page.html, 'Final report published')))?.[0];
    expect(why, 'the timeline item says why').toBeDefined();
    const expected = new RegExp(`^In progress: next, “Final report published”, to be recorded by the lead inspector \\(Ann Inspector\\), due [^;]*2027; it ${why!.replace(/^C/, 'c').replace(/\.$/, '').replace(/[()]/g, '\\$&')}$`);
    expect(statusRowOf(page.html)).toMatch(expected);
    expect(textOf(rowWith(list.html, 'Willow House'))).toContain(`; it ${why!.replace(/^C/, 'c').replace(/\.$/, '')}`);
  });

  it('says nothing more of a next step that can be recorded now', async () => {
    await storedInspection(GOOD);

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(statusRowOf(page.html)).not.toContain('can be recorded');
  });
});

describe('a date counted from a planned day that has passed', () => {
  it('says the day was due and is not recorded yet, not that it is planned (found by a new-user walk)', async () => {
    await storedInspection(MONITORING_VISIT_DECIDED);
    fixNow('2027-02-10T10:00:00.000Z');
    const before = textOf(itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Monitoring visit report published'));
    expect(before).toMatch(/Counted from "Monitoring visit carried out": \w+day \d+ February 2027 \(the day it is planned\)/);

    // Past the 8 weeks (Tue 16 Feb 2027), the visit not recorded.
    fixNow('2027-02-20T10:00:00.000Z');
    const after = textOf(itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Monitoring visit report published'));
    expect(after).toMatch(/Counted from "Monitoring visit carried out": \w+day \d+ February 2027 \(the day it was due; it is not recorded yet, so this date moves once it is\)/);
  });
});

describe('the monitoring visit button before the case review decides', () => {
  it('is not offered before the visit window opens (found by a new-user walk: it came first on the page at the judgement)', async () => {
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval();
    // The inspection ended on Tuesday 22 December 2026: the window opens 6 weeks later, on Tuesday 2 February 2027.
    fixNow('2027-02-01T17:00:00.000Z');
    expect((await getPage('/app/inspections/insp-0001', INSPECTOR)).html).not.toContain('Record the outcome of the monitoring visit');
  });

  it('says why the visit may be recorded now (SCCIF 15.1, §71: the return within 6 to 8 weeks whatever the review decides)', async () => {
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval();
    fixNow('2027-02-02T10:00:00.000Z');

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(html).toContain('Record the outcome of the monitoring visit');
    const why = textOf(/<p class="govuk-inset-text" id="record-outcome-why">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
    expect(why).toContain('No manager has decided the urgent case review yet.');
    expect(why).toContain('Ofsted always returns within 6 to 8 weeks, whatever the review decides (SCCIF 15.1; children\'s homes framework §71)');
  });
});

describe('the approvals list shows each deadline with the timeline’s status', () => {
  it('tags an approval past its step’s due instant "Overdue", with the working days and the rule', async () => {
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval({ dueAt: '2026-12-23T23:59:59.000Z' });
    fixNow('2026-12-29T10:00:00.000Z');

    const { html } = await getPage('/app/approvals', MANAGER);

    const row = rowWith(html, 'Willow House');
    expect(row).toMatch(/govuk-tag--red">\s*Overdue/);
    expect(textOf(row)).toContain('Wednesday 23 December 2026 at 23:59 (London time)');
    expect(textOf(row)).toContain('2 working days overdue. By the end of the next working day following the inspection.');
  });

  it('tags one due today "Due soon"', async () => {
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval({ dueAt: '2026-12-23T23:59:59.000Z' });

    const { html } = await getPage('/app/approvals', MANAGER);

    expect(rowWith(html, 'Willow House')).toMatch(/govuk-tag--orange">\s*Due soon/);
    expect(textOf(rowWith(html, 'Willow House'))).toContain('Due today.');
  });
});

describe('a compliance inspector decides the case discussions on the approvals pages, and sees nothing else', () => {
  async function rfcCaseDiscussion() {
    await storedInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC900001', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      executionName: 'insp-0001--rfc-inspection',
      status: 'awaiting-approval',
      outcome: {
        outcome: {
          process: 'rfc-inspection',
          overall: 'inadequate',
          assessment: 'inadequate',
          helpedAndProtected: 'inadequate',
          leadersAndManagers: 'inadequate',
          partners: 'inadequate',
          immediateRiskOfHarm: true,
          summaryOfConcerns: 'Restraint.',
        },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-12-22T17:00:00.000Z',
      },
    });
    await pendingApproval({ approvalId: 'apr-rfc', process: 'rfc-inspection', kind: 'rfc-case-discussion', stepId: 'case-discussion' });
  }

  it('says who holds the case discussion and records its decision: a social care compliance inspector (RFC framework §42), not a manager', async () => {
    await rfcCaseDiscussion();

    const item = textOf(itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Case discussion held'));

    expect(item).toContain('Who: Social care compliance inspector.');
    expect(item).not.toMatch(/Who: Manager/);
  });

  it('once decided, the status names the next report stage before the next inspection within 12 months, not instead of it', async () => {
    await rfcCaseDiscussion();
    const record = (await repository().getInspection('insp-0001'))!;
    await harness.reset();
    await storedInspection({
      ...record,
      status: 'in-progress',
      actuals: { 'rfc-inspection': { 'case-discussion': '2026-12-23' as never } },
      decisions: { 'rfc-case-discussion': { approvalId: 'apr-rfc', kind: 'rfc-case-discussion', decision: 'requirements-only', rationale: 'Requirements will do.', enforcement: 'none', decidedBy: 'cora', decidedAt: '2026-12-23T09:00:00.000Z' } } as never,
    });

    const status = statusRowOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);

    expect(status).toMatch(/^In progress: next, “Report sent to the provider for a factual accuracy check”, to be recorded by the lead inspector \(Ann Inspector\), due .*; then the next inspection, to be logged by an inspector \(within 12 months of .*\), due .* 2027$/);
  });

  it('the Decisions section says who decided, by the name kept with the decision (none for a decision kept without it)', async () => {
    await rfcCaseDiscussion();
    const record = (await repository().getInspection('insp-0001'))!;
    const decision = { approvalId: 'apr-rfc', kind: 'rfc-case-discussion', decision: 'requirements-only', rationale: 'Requirements will do.', decidedBy: COMPLIANCE.id, decidedAt: '2026-12-23T09:00:00.000Z' };
    const pageWith = async (decided: Record<string, unknown>) => {
      await harness.reset();
      await storedInspection({ ...record, status: 'in-progress', decisions: { 'rfc-case-discussion': decided } as never });
      return textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    };

    expect(await pageWith({ ...decision, decidedByName: 'Cora Compliance' })).toContain('Decided by Cora Compliance');
    expect(await pageWith(decision)).not.toContain('Decided by');
  });

  it('has the approvals in the menu and only them; the home page is the approvals', async () => {
    await rfcCaseDiscussion();

    const queue = await getPage('/app/approvals', COMPLIANCE);
    const home = await getPage('/app/inspections', COMPLIANCE);

    expect(queue.status).toBe(200);
    expect(navigationOf(queue.html)).toEqual(['/app/approvals']);
    expect(textOf(queue.html)).toContain('Decisions waiting for a social care compliance inspector (RFC framework §42-44)');
    expect(queue.html).toContain('href="/app/approvals/apr-rfc">Decide');
    // The inspection page is for inspectors and managers: the name is not a link for them.
    expect(queue.html).not.toContain('href="/app/inspections/insp-0001"');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/app/approvals');
  });

  it('decides the case discussion with the form, and the decision is recorded', async () => {
    await rfcCaseDiscussion();
    // The inspection's status names who decides it, and the next inspection within 12 months (RFC §45).
    const status = statusRowOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(status).toContain('Awaiting the case discussion decision from a social care compliance inspector (RFC framework §42-44)');
    expect(status).toContain('; and the next inspection, to be logged by an inspector (within 12 months of');

    const form = await getPage('/app/approvals/apr-rfc', COMPLIANCE);
    expect(form.status).toBe(200);
    expect(h1Of(form.html)[0]).toContain('case discussion');
    expect(form.html).not.toContain('href="/app/inspections/insp-0001"');

    const decided = await postForm('/app/approvals/apr-rfc', COMPLIANCE, { decision: 'requirements-only', rationale: 'Requirements will address the concerns; no enforcement.' });

    expect(decided.status).toBe(303);
    expect(decided.location).toBe('/app/approvals?done=decision&inspection=insp-0001');
    expect((await repository().getApproval('apr-rfc'))?.decision).toMatchObject({ decision: 'requirements-only', decidedBy: COMPLIANCE.id, decidedByName: 'Cora Compliance' });
  });

  it('cannot open or decide a case review (a manager’s), nor any inspection, register or plan page (403)', async () => {
    await harness.reset();
    await storedInspection({ ...INADEQUATE, status: 'awaiting-approval' });
    await pendingApproval();

    const queue = await getPage('/app/approvals', COMPLIANCE);
    expect(textOf(queue.html)).toContain('There are no decisions waiting for a social care compliance inspector');
    expect((await getPage('/app/approvals/apr-0001', COMPLIANCE)).status).toBe(403);
    const posted = await postForm('/app/approvals/apr-0001', COMPLIANCE, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: 'Not mine to decide at all.' });
    expect(posted.status).toBe(403);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
    for (const path of ['/app/inspections/insp-0001', '/app/inspections/new', '/app/inspections/insp-0001/outcome', '/app/establishments', '/app/inspection-plan', '/app/api-reference', '/app/openapi.json']) {
      expect((await getPage(path, COMPLIANCE)).status, path).toBe(403);
    }
    // The refusal leads to their own page, the approvals (found by a new-user walk: "Go to the inspections" led there).
    const refused = await getPage('/app/inspections/insp-0001', COMPLIANCE);
    expect(refused.html).toContain('href="/app/approvals">Go to the approvals</a>');
    expect((await getPage('/app/approvals/apr-0001', MANAGER)).status).toBe(200);
    expect((await getPage('/app/no-such-page', MANAGER)).html).toContain('href="/app/inspections">Go to the inspections</a>');
    const outcome = await postForm('/app/inspections/insp-0001/outcome', COMPLIANCE, { overall: 'good' });
    expect(outcome.status).toBe(403);
  });

  it('a manager cannot decide the case discussion (a compliance inspector’s)', async () => {
    await rfcCaseDiscussion();

    expect(textOf((await getPage('/app/approvals', MANAGER)).html)).not.toContain('Rowan Family Centre');
    const refused = await getPage('/app/approvals/apr-rfc', MANAGER);
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain('The case discussion is decided by a social care compliance inspector');
  });
});

describe('the local clock panel', () => {
  const LOCAL = { 'x-sccif-local': '1', 'x-sccif-clock': '2026-12-23T10:00:00.000Z' };

  it('shows to a signed-in user, and never on the signed-out or sign-in pages (its button would answer 401)', async () => {
    const signedIn = await open({ path: '/app/inspections', user: INSPECTOR, headers: LOCAL });
    const signedOut = await open({ path: '/app/auth/signed-out', headers: LOCAL });
    const notSignedIn = await open({ path: '/app/inspections', headers: LOCAL });

    expect(signedIn.html).toContain('aria-label="Local runtime"');
    expect(signedOut.status).toBe(200);
    expect(signedOut.html).not.toContain('aria-label="Local runtime"');
    expect(signedOut.html).not.toContain('action="/app/_local/clock"');
    expect(notSignedIn.status).toBe(303);
  });
});

describe("the provider's complaint window is a right, not a duty (children's homes framework §104)", () => {
  const GOOD = { ...INADEQUATE.outcome!, outcome: { process: 'full-inspection' as const, overall: 'good' as const, helpedAndProtected: 'good' as const, leadersAndManagers: 'good' as const } };

  it('is "Not yet open", with no "Record as done", while the report is unpublished, long after its planned close', async () => {
    await storedInspection({ status: 'in-progress', outcome: GOOD, actuals: INADEQUATE.actuals! });
    fixNow('2027-06-01T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, 'Provider may complain about the report');

    expect(item).toMatch(/govuk-tag--grey">\s*Not yet open/);
    expect(item).not.toContain('Overdue');
    expect(item).not.toContain('Record as done');
    // The publication was planned for Friday 29 January 2027: long past, so said in the past, not "planned for".
    expect(textOf(item)).toContain('Not open until publication of the report, which was due by Friday 29 January 2027 and has not been recorded yet; then');
    expect(textOf(item)).not.toContain('(due by');
  });

  it('says when the window will open while the publication is still to come', async () => {
    await storedInspection({ status: 'in-progress', outcome: GOOD, actuals: INADEQUATE.actuals! });
    fixNow('2027-01-13T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, 'Provider may complain about the report');

    expect(textOf(item)).toContain('Not open until publication of the report (due by Friday 29 January 2027); then');
  });

  it('is "Open until …" after publication, then "Closed"', async () => {
    await storedInspection({ status: 'in-progress', outcome: GOOD, actuals: { 'full-inspection': { 'judgements-recorded': '2026-12-22' as never, publish: '2027-01-29' as never } } });
    fixNow('2027-02-01T10:00:00.000Z');
    const open = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, 'Provider may complain about the report');
    fixNow('2027-03-01T10:00:00.000Z');
    const closed = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, 'Provider may complain about the report');

    expect(open).toMatch(/govuk-tag--turquoise">\s*Open/);
    expect(textOf(open)).toContain('Open until Friday 12 February 2027');
    expect(closed).toMatch(/govuk-tag--grey">\s*Closed/);
    expect(textOf(closed)).toContain('Closed on Friday 12 February 2027 at 23:59 (London time).');
    expect(closed).not.toContain('Record as done');
  });
});

describe("the provider's factual accuracy comments wait for the report (children's homes framework §82)", () => {
  const GOOD = { ...INADEQUATE.outcome!, outcome: { process: 'full-inspection' as const, overall: 'good' as const, helpedAndProtected: 'good' as const, leadersAndManagers: 'good' as const } };
  const COMMENTS = 'Provider returns factual accuracy comments';
  /** The report sent to the provider on Mon 11 Jan 2027: their comments are due by Mon 18 Jan. */
  const REPORT_SENT_11_JANUARY = { status: 'in-progress' as const, outcome: GOOD, actuals: { 'full-inspection': { ...INADEQUATE.actuals!['full-inspection'], 'report-to-provider': '2027-01-11' as never } } };

  it('"Cannot start yet", with no due date, time left or "Record as done", while the report is not sent, even long after its planned day', async () => {
    await storedInspection({ status: 'in-progress', outcome: GOOD, actuals: INADEQUATE.actuals! });
    fixNow('2027-06-01T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, COMMENTS);

    expect(item).toMatch(/govuk-tag--grey">\s*Cannot start yet/);
    expect(textOf(item)).toContain('Starts on receiving the report, which was due by Friday 8 January 2027 and has not been recorded yet; then due');
    expect(item).not.toContain('Due by');
    expect(item).not.toContain('Overdue');
    expect(item).not.toContain('On track');
    expect(item).not.toContain('Record as done');
  });

  it('"Not received" in grey, not a red "Overdue", once their time is over with nothing recorded: theirs, not Ofsted\'s duty', async () => {
    await storedInspection(REPORT_SENT_11_JANUARY);
    fixNow('2027-01-20T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, COMMENTS);

    expect(item).toMatch(/govuk-tag--grey">\s*Not received/);
    expect(textOf(item)).toContain('Due by Monday 18 January 2027 at 23:59 (London time): nothing recorded by then.');
    expect(item).not.toContain('Overdue');
    expect(item).not.toContain('overdue');
    // They may still be recorded (comments that came late).
    expect(item).toContain('Record as done');
  });

  it('"Not received", not "Not required", once the final report went ahead without them (found by a new-user walk)', async () => {
    await storedInspection({
      ...REPORT_SENT_11_JANUARY,
      actuals: { 'full-inspection': { ...REPORT_SENT_11_JANUARY.actuals['full-inspection'], publish: '2027-01-25' as never } },
    });
    fixNow('2027-01-26T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, COMMENTS);

    expect(item).toMatch(/govuk-tag--grey">\s*Not received/);
    expect(item).not.toContain('Not required');
    expect(textOf(item)).toContain('None were recorded, and “Final report published” went ahead on Monday 25 January 2027 once their time was over');
  });

  it('offers no "Record as done" on the publication before the factual accuracy check, and says when it can be recorded', async () => {
    await storedInspection({ status: 'in-progress', outcome: GOOD, actuals: INADEQUATE.actuals! });
    fixNow('2027-01-05T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Final report published');

    expect(textOf(item)).toContain('Can be recorded once “Report sent to the provider for a factual accuracy check” is recorded.');
    expect(item).not.toContain('Record as done');
  });

  it('is due by a day counted from the day the report was sent, once it is recorded', async () => {
    await storedInspection(REPORT_SENT_11_JANUARY);
    fixNow('2027-01-12T10:00:00.000Z');

    const item = itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, COMMENTS);

    expect(item).toMatch(/govuk-tag--green">\s*On track/);
    expect(textOf(item)).toContain('Due by Monday 18 January 2027');
  });
});

describe('the inspection page names what it lists as a reader would', () => {
  it('numbers the scheduled further monitoring visit ("2nd monitoring visit"), not "Further monitoring"', async () => {
    await storedInspection({
      ...INADEQUATE,
      monitoringVisitNumber: 2,
      monitoringVisits: [
        {
          number: 1,
          outcome: {
            outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-01-26' as never, stepsTowardsCancellation: ['cancellation-considered'] },
            recordedBy: INSPECTOR.id,
            recordedAt: '2027-01-26T15:00:00.000Z',
          },
          actuals: {},
          executionName: 'insp-0001--monitoring-visit',
        },
      ],
      scheduled: {
        'monitoring-visit': { visit: 'monitoring-visit', earliest: '2027-02-02' as never, latest: '2027-02-16' as never, scheduledAt: '2026-12-23T09:30:00.000Z' },
        'further-monitoring': { visit: 'further-monitoring', earliest: '2027-03-09' as never, latest: '2027-03-23' as never, scheduledAt: '2027-02-20T09:30:00.000Z' },
      },
    });

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(textOf(rowWith(html, 'Tuesday 9 March 2027'))).toBe('2nd monitoring visit Tuesday 9 March 2027 Tuesday 23 March 2027 Not yet');
    // A visit carried out says when, and that it came early: its window alone read as a visit still to come (found by a new-user walk).
    expect(textOf(rowWith(html, 'Tuesday 2 February 2027'))).toBe('1st monitoring visit Tuesday 2 February 2027 Tuesday 16 February 2027 Tuesday 26 January 2027, before the window opened');
  });

  it('keeps a row for each visit further monitoring began, with the day it was carried out, after the next one is scheduled (found by a new-user walk)', async () => {
    const visit = (number: number, visitDate: string, earliestWeeks: number, latestWeeks: number) => ({
      number,
      outcome: {
        outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate, stepsTowardsCancellation: ['cancellation-considered'], nextVisitWindow: { earliestWeeks, latestWeeks } },
        recordedBy: INSPECTOR.id,
        recordedAt: `${visitDate}T15:00:00.000Z`,
      },
      actuals: {},
      executionName: `insp-0001--monitoring-visit${number === 1 ? '' : `-${number}`}`,
    });
    await storedInspection({
      ...MONITORING_VISIT_DECIDED,
      monitoringVisitNumber: 3,
      // The 1st on Tue 2 Feb 2027 set 1 to 2 weeks; the 2nd, on Fri 19 Feb (after its window closed on Tue 16 Feb), set 2 to 3.
      monitoringVisits: [visit(1, '2027-02-02', 1, 2), visit(2, '2027-02-19', 2, 3)] as never,
      scheduled: {
        'monitoring-visit': { visit: 'monitoring-visit', earliest: '2027-02-02' as never, latest: '2027-02-16' as never, scheduledAt: '2026-12-23T09:30:00.000Z' },
        'further-monitoring': { visit: 'further-monitoring', earliest: '2027-03-05' as never, latest: '2027-03-12' as never, scheduledAt: '2027-02-19T15:01:00.000Z' },
      },
    });

    const { html } = await getPage('/app/inspections/insp-0001', INSPECTOR);

    expect(textOf(rowWith(html, '2nd monitoring visit'))).toBe('2nd monitoring visit Tuesday 9 February 2027 Tuesday 16 February 2027 Friday 19 February 2027, after the window closed');
    expect(textOf(rowWith(html, '3rd monitoring visit'))).toBe('3rd monitoring visit Friday 5 March 2027 Friday 12 March 2027 Not yet');
  });

  it('names a report email by its stage as the timeline does ("Final report published"), not by its step id', async () => {
    await storedInspection({ status: 'in-progress' });
    const told = newEmail({ inspectionId: 'insp-0001', duty: 'report:full-inspection:publish', recipientKey: 'provider', to: 'ri@willow.example', recipient: { kind: 'provider' } });
    await repository().claimEmail(told);
    await repository().markEmailSent(told, 'msg-9', '2027-01-29T10:00:00.000Z');

    const { html } = await getPage('/app/inspections/insp-0001', MANAGER);

    expect(textOf(html)).toContain('To the provider: Final report published');
    expect(textOf(html)).not.toContain('Report stage: publish');
  });

  it('names a corrected report email as a correction of its stage, not by its duty', async () => {
    await storedInspection({ status: 'in-progress' });
    const corrected = newEmail({
      inspectionId: 'insp-0001',
      duty: 'report-correction:full-inspection:report-to-provider:2027-01-19',
      recipientKey: 'provider',
      to: 'ri@willow.example',
      recipient: { kind: 'provider' },
    });
    await repository().claimEmail(corrected);
    await repository().markEmailSent(corrected, 'msg-10', '2027-01-20T10:00:00.000Z');
    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);
    expect(text).toContain('To the provider, corrected: Report sent to the provider for a factual accuracy check');
    expect(text).not.toContain('report-correction:');
  });
});

describe('escalations in the notifications are labelled by who they went to', () => {
  it('shows the regulatory inspection managers and the senior manager (senior HMI) apart, never both as "Managers"', async () => {
    await storedInspection({ status: 'in-progress' });
    for (const [recipientKey, kind, to] of [
      ['manager', 'manager', 'rims@ofsted.example'],
      ['senior-manager', 'senior-manager', 'senior-hmi@ofsted.example'],
    ] as const) {
      const escalated = newEmail({ inspectionId: 'insp-0001', duty: 'escalation:full-inspection:publish:2027-02-01', recipientKey, to, recipient: { kind } });
      await repository().claimEmail(escalated);
      await repository().markEmailSent(escalated, `msg-${recipientKey}`, '2027-01-30T00:00:00.000Z');
    }

    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);

    expect(text).toContain('Escalation: Final report published overdue');
    expect(text).toContain('Regulatory inspection managers');
    expect(text).toContain('Senior manager (senior HMI)');
    expect(text).not.toMatch(/\bManagers\b/);
  });

  it('names the return visit as the urgent case review chose it, as its escalation emails do', async () => {
    await storedInspection(MONITORING_VISIT_DECIDED);
    const escalated = newEmail({ inspectionId: 'insp-0001', duty: 'escalation:inadequate:monitoring-visit-latest:2027-02-18', recipientKey: 'manager', to: 'rims@ofsted.example', recipient: { kind: 'manager' } });
    await repository().claimEmail(escalated);
    await repository().markEmailSent(escalated, 'msg-return', '2027-02-18T00:00:00.000Z');

    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);

    expect(text).toContain('Escalation: Monitoring visit carried out overdue');
    expect(text).not.toContain('(monitoring visit or full inspection)');
  });

  it("names the family centre's case discussion request as a compliance inspector's, sent to them, not a manager's sent to the lead inspector", async () => {
    await storedInspection({ status: 'awaiting-approval' });
    const requested = newEmail({
      inspectionId: 'insp-0001',
      duty: 'approval-request:rfc-inspection:rfc-case-discussion',
      recipientKey: 'compliance-inspectors',
      to: 'social-care-compliance@ofsted.example',
      recipient: { kind: 'compliance-inspectors' },
    });
    await repository().claimEmail(requested);
    await repository().markEmailSent(requested, 'msg-rfc', '2026-12-23T09:00:00.000Z');

    const text = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);

    expect(text).toContain('Request for a social care compliance inspector’s decision');
    expect(text).toContain('Social care compliance inspectors');
    expect(text).not.toContain('Request for a manager’s decision');
    expect(text).not.toContain('The lead inspector');
  });
});

describe('an earlier monitoring visit’s report, recorded from the page once the next visit has begun (further monitoring, §71, §77)', () => {
  const FURTHER = {
    outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-02-08', stepsTowardsCancellation: ['cancellation-considered'] },
    recordedBy: INSPECTOR.id,
    recordedAt: '2027-02-08T15:00:00.000Z',
  } as NonNullable<InspectionRecord['monitoringOutcome']>;
  const SECOND_BEGUN: Partial<InspectionRecord> = {
    ...MONITORING_VISIT_DECIDED,
    monitoringVisitNumber: 2,
    monitoringVisits: [{ number: 1, outcome: FURTHER, actuals: { 'monitoring-visit-latest': '2027-02-08' as never }, executionName: 'insp-0001--monitoring-visit' }],
    followUps: { ...MONITORING_VISIT_DECIDED.followUps, 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit-2', startedAt: '2027-02-08T15:01:00.000Z', origin: 'inadequate' } },
  };

  it('words the 2nd visit’s window in the weeks the manager set, not the usual 6 to 8 (found by a new-user walk)', async () => {
    await harness.reset();
    fixNow('2027-02-10T10:00:00.000Z');
    const setByManager = { ...FURTHER, outcome: { ...FURTHER.outcome, nextVisitWindow: { earliestWeeks: 3, latestWeeks: 4 } } } as typeof FURTHER;
    await storedInspection({ ...SECOND_BEGUN, monitoringVisits: [{ ...SECOND_BEGUN.monitoringVisits![0]!, outcome: setByManager }] });
    const page = await getPage('/app/inspections/insp-0001', MANAGER);
    // Numbered, as further monitoring numbered the visits (found by a new-user walk).
    expect(statusRowOf(page.html)).toContain('Awaiting the 2nd monitoring visit (due 3 to 4 weeks after the 1st monitoring visit, Monday 8 February 2027: between Monday 1 March 2027 and Monday 8 March 2027)');
    // Begun, not yet scheduled by the run (a moment after saving, found by a new-user walk): listed from the visits.
    const table = page.html.slice(page.html.indexOf('id="scheduled"'));
    expect(textOf(rowWith(table, '2nd monitoring visit'))).toMatch(/2nd monitoring visit\s+Monday 1 March 2027\s+Monday 8 March 2027\s+Not yet/);
  });

  it('lets a manager change the 2nd visit’s window after the lead inspector recorded further monitoring; the waiting run measures it again', async () => {
    await harness.reset();
    fixNow('2027-02-10T10:00:00.000Z');
    await storedInspection({ ...SECOND_BEGUN, status: 'awaiting-outcome', scheduled: { 'further-monitoring': { visit: 'further-monitoring', earliest: '2027-03-22' as never, latest: '2027-04-05' as never, scheduledAt: '2027-02-08T15:01:00.000Z' } } });
    await repository().storeOutcomeToken('insp-0001', 'monitoring-visit', 'token-visit-2', '2027-02-08T15:02:00.000Z');
    const href = '/app/corrections/insp-0001/visit-window';

    // Only a manager is offered it, and only a manager may open it.
    expect((await getPage('/app/inspections/insp-0001', MANAGER)).html).toContain(href);
    expect((await getPage('/app/inspections/insp-0001', INSPECTOR)).html).not.toContain(href);
    expect((await getPage(href, INSPECTOR)).status).toBe(403);
    const form = await getPage(href, MANAGER);
    expect(textOf(form.html)).toContain('The 2nd monitoring visit is now due between Monday 22 March 2027 and Monday 5 April 2027, counted from the visit on Monday 8 February 2027');
    expect(form.html).toMatch(/name="earliestWeeks"[^>]*value="6"/);

    // A window that closes before it opens, in the form's words; nothing changes.
    const wrong = await postForm(href, MANAGER, { earliestWeeks: '5', latestWeeks: '4', reason: 'Earlier check needed.' });
    expect(wrong.status).toBe(400);
    expect(errorSummaryOf(wrong.html)).toEqual([{ href: '#earliestWeeks', text: 'The window must open no later than the week the visit is due by' }]);

    const posted = await postForm(href, MANAGER, { earliestWeeks: '3', latestWeeks: '4', reason: 'The notice of proposal needs an earlier check.' });
    expect(posted.status, posted.html).toBe(303);
    const after = await repository().requireInspection('insp-0001');
    expect(after.monitoringVisits?.[0]?.outcome.outcome).toMatchObject({ nextVisitWindow: { earliestWeeks: 3, latestWeeks: 4 } });
    expect(after.scheduled['further-monitoring']).toMatchObject({ earliest: '2027-03-01', latest: '2027-03-08' });
    expect(harness.sfn.commandCalls(SendTaskFailureCommand).map((call) => [call.args[0].input.taskToken, call.args[0].input.error])).toEqual([['token-visit-2', 'DeadlineMoved']]);
    const shown = textOf((await getPage('/app/inspections/insp-0001', MANAGER, { done: 'window' })).html);
    expect(shown).toContain('Monitoring visit window changed');
    expect(shown).toContain('next visit between Monday 1 March 2027 and Monday 8 March 2027');
    // Who changed it, when, from what and why, beside the visit (found by a new-user walk: it was in no page).
    expect(shown).toContain(`window changed by ${MANAGER.name} on Wednesday 10 February 2027 from 6–8 weeks to 3–4 weeks (The notice of proposal needs an earlier check.)`);
    // The timeline's window steps say the manager set their rule, not the regulations (found by a new-user walk).
    const setBy =
      `Rule set by a manager, ${MANAGER.name}, who changed the window from 6–8 weeks to 3–4 weeks on Wednesday 10 February 2027 ` +
      "(Children's homes framework 2015 §71; SCCIF 15.1: the timing of visits after an inadequate judgement is set case by case). Reason: The notice of proposal needs an earlier check.";
    expect(shown.split(setBy).length - 1).toBe(2);
    expect((await repository().requireInspection('insp-0001')).monitoringVisits?.[0]?.windowChanges).toEqual([
      {
        at: '2027-02-10T10:00:00.000Z',
        by: MANAGER.id,
        byName: MANAGER.name,
        reason: 'The notice of proposal needs an earlier check.',
        from: { earliestWeeks: 6, latestWeeks: 8 },
        to: { earliestWeeks: 3, latestWeeks: 4 },
      },
    ]);

    // A window that would already have closed is refused in the form's words, with its dates; so are weeks out of range.
    const closed = await postForm(href, MANAGER, { earliestWeeks: '0', latestWeeks: '0', reason: 'Typed wrong.' });
    expect(errorSummaryOf(closed.html).map((item) => item.text)).toEqual([
      'The window must open at least 1 week after the earlier visit',
      'The visit must be due at least 1 week after the earlier visit',
    ]);
    // "-1" is a week below the least, not text; a reason of a word says nothing (found by a new-user walk).
    const negative = await postForm(href, MANAGER, { earliestWeeks: '-1', latestWeeks: '4', reason: 'Sooner.' });
    expect(errorSummaryOf(negative.html).map((item) => item.text)).toEqual([
      'The window must open at least 1 week after the earlier visit',
      'Enter a reason of at least 10 characters',
    ]);
    fixNow('2027-03-04T10:00:00.000Z');
    const past = await postForm(href, MANAGER, { earliestWeeks: '2', latestWeeks: '3', reason: 'Earlier still.' });
    expect(past.status).toBe(400);
    expect(errorSummaryOf(past.html).map((item) => item.text)).toEqual(['The window would close on Mon 1 Mar 2027, before today (Thu 4 Mar 2027): give a later week']);
    // The reason is kept in the history, so it names no child (the fixture's children are AB and CD).
    const named = await postForm(href, MANAGER, { earliestWeeks: '4', latestWeeks: '6', reason: 'AB went missing again.' });
    expect(errorSummaryOf(named.html).map((item) => item.text)).toEqual([
      "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child",
    ]);
  });

  it('emails the lead inspector the new window once; an email that fails is said on the page and sent by submitting the same weeks again', async () => {
    await harness.reset();
    fixNow('2027-02-10T10:00:00.000Z');
    const ses = mockClient(SESv2Client);
    try {
      ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailableException', $retryable: {} })).resolves({ MessageId: 'ses-window' });
      await storedInspection({ ...SECOND_BEGUN, inspectorEmail: INSPECTOR.email, scheduled: { 'further-monitoring': { visit: 'further-monitoring', earliest: '2027-03-22' as never, latest: '2027-04-05' as never, scheduledAt: '2027-02-08T15:01:00.000Z' } } });
      const href = '/app/corrections/insp-0001/visit-window';
      const change = { earliestWeeks: '3', latestWeeks: '4', reason: 'The notice of proposal needs an earlier check.' };

      // SES down: the window is changed all the same, and the page says the email was not sent and how to send it.
      const failed = await postForm(href, MANAGER, change);
      expect(failed.status, failed.html).toBe(303);
      expect(failed.headers?.location).toBe('/app/inspections/insp-0001?done=window-not-emailed');
      expect((await repository().requireInspection('insp-0001')).scheduled['further-monitoring']).toMatchObject({ earliest: '2027-03-01', latest: '2027-03-08' });
      expect(textOf((await getPage('/app/inspections/insp-0001', MANAGER, { done: 'window-not-emailed' })).html)).toContain(
        'the email telling the lead inspector could not be sent. Choose "Change the window" and submit the same weeks again to send it.',
      );

      // The same weeks again: sent, to the lead inspector, with the new window; a third time sends nothing more.
      const again = await postForm(href, MANAGER, change);
      expect(again.headers?.location).toBe('/app/inspections/insp-0001?done=window-emailed');
      expect(textOf((await getPage('/app/inspections/insp-0001', MANAGER, { done: 'window-emailed' })).html)).toContain('The lead inspector has been emailed the new window.');
      await postForm(href, MANAGER, change);
      const sent = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
      // The mock answers the client's send: the failed attempt and the one that went.
      expect(sent).toHaveLength(2);
      expect(sent.at(-1)?.Destination?.ToAddresses).toEqual([INSPECTOR.email]);
      expect(sent.at(-1)?.Content?.Simple?.Subject?.Data).toBe('Monitoring visit window changed, URN SC123456');
      expect(sent.at(-1)?.Content?.Simple?.Body?.Text?.Data).toContain('The visit is now due 3 to 4 weeks after the 1st monitoring visit on Monday 8 February 2027: between Monday 1 March 2027 and Monday 8 March 2027.');
      const outbox = await repository().listEmails('insp-0001');
      expect(outbox.map(({ duty, recipientKey, status }) => ({ duty, recipientKey, status }))).toEqual([{ duty: 'window-change:1:visit-2', recipientKey: 'lead-inspector', status: 'sent' }]);
      // The notifications list names it.
      expect(textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html)).toContain('To the lead inspector: the monitoring visit’s window changed (2nd monitoring visit)');

      // A second change is its own email, and the page keeps both changes with their reasons, oldest first.
      await postForm(href, MANAGER, { earliestWeeks: '4', latestWeeks: '5', reason: 'The provider asked for more time to act.' });
      expect((await repository().listEmails('insp-0001')).map((email) => email.duty).sort()).toEqual(['window-change:1:visit-2', 'window-change:2:visit-2']);
      const page = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);
      const first = page.indexOf(`window changed by ${MANAGER.name} on Wednesday 10 February 2027 from 6–8 weeks to 3–4 weeks (The notice of proposal needs an earlier check.)`);
      const second = page.indexOf(`window changed by ${MANAGER.name} on Wednesday 10 February 2027 from 3–4 weeks to 4–5 weeks (The provider asked for more time to act.)`);
      expect(first).toBeGreaterThan(-1);
      expect(second).toBeGreaterThan(first);
    } finally {
      ses.restore();
    }
  });

  it('says which visit its outcome form records: the 2nd, not "the monitoring visit" (found by a new-user walk)', async () => {
    await harness.reset();
    fixNow('2027-03-02T10:00:00.000Z');
    await storedInspection({ ...SECOND_BEGUN, status: 'awaiting-outcome' });
    expect((await getPage('/app/inspections/insp-0001', INSPECTOR)).html).toContain('Record the outcome of the 2nd monitoring visit');
    expect(h1Of((await getPage('/app/inspections/insp-0001/outcome', INSPECTOR)).html)).toEqual(['Record the outcome of the 2nd monitoring visit']);
  });

  it('says when the 1st visit’s report is due, links to record it, and records it against that visit, answering its run’s wait', async () => {
    await harness.reset();
    fixNow('2027-03-16T10:00:00.000Z');
    await storedInspection(SECOND_BEGUN);
    await repository().storeStepToken('insp-0001', 'monitoring-visit', 'publish#visit-1', 'token-report-1', '2027-02-08T15:02:00.000Z');

    const shown = await getPage('/app/inspections/insp-0001', INSPECTOR);
    const row = textOf(shown.html.slice(shown.html.indexOf('id="monitoring-visits"')));
    expect(row).toContain('1st monitoring visit on Monday 8 February 2027, outcome: further monitoring and steps towards cancelling the registration');
    expect(row).toContain('report overdue: it was due by Monday 15 March 2027');
    const href = '/app/inspections/insp-0001/steps/publish?process=monitoring-visit&amp;visit=1';
    expect(shown.html).toContain(href);
    // On the timeline too, with its rule, what it counts from (the 1st visit's day) and its record link.
    const timeline = shown.html.slice(shown.html.indexOf('id="timeline-monitoring-visit-1-report"'));
    expect(textOf(timeline.slice(0, timeline.indexOf('</ol>')))).toMatch(
      /Timeline: The 1st monitoring visit's report 1st monitoring visit report published with the original judgement \(inadequate\) Overdue Due by Monday 15 March 2027 at 23:59 \(London time\).*Counted from "1st monitoring visit carried out": Monday 8 February 2027/,
    );
    expect(timeline).toContain(href);

    const form = await getPage('/app/inspections/insp-0001/steps/publish', INSPECTOR, { process: 'monitoring-visit', visit: '1' });
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('1st monitoring visit');
    expect(h1Of(form.html)[0]).toContain('1st monitoring visit report published with the original judgement');
    expect((await getPage('/app/inspections/insp-0001/steps/publish', INSPECTOR, { process: 'monitoring-visit', visit: '7' })).status).toBe(404);

    const posted = await postForm('/app/inspections/insp-0001/steps/publish', INSPECTOR, { process: 'monitoring-visit', visit: '1', 'on-day': '16', 'on-month': '3', 'on-year': '2027' });
    expect(posted.status, posted.html).toBe(303);
    const after = await repository().requireInspection('insp-0001');
    expect(after.monitoringVisits?.[0]?.actuals.publish).toBe('2027-03-16');
    expect(after.actuals['monitoring-visit']).toBeUndefined();
    expect(sfnCalls.succeeded(harness).map((input) => input.taskToken)).toEqual(['token-report-1']);
    // Recorded: no link for the lead inspector any more, the day shown, the timeline kept with the day done.
    const again = await getPage('/app/inspections/insp-0001', INSPECTOR);
    expect(again.html).not.toContain(href);
    expect(textOf(again.html)).toContain('report published on Tuesday 16 March 2027');
    const doneTimeline = again.html.slice(again.html.indexOf('id="timeline-monitoring-visit-1-report"'));
    expect(textOf(doneTimeline.slice(0, doneTimeline.indexOf('</ol>')))).toContain('Done on Tuesday 16 March 2027');

    // A manager may correct its date there (found by a new-user walk: once recorded it had no link and no correction
    // line), and the correction and its note are shown beside it.
    const managers = await getPage('/app/inspections/insp-0001', MANAGER);
    expect(managers.html).toContain(href);
    // The run had told the provider the day it was published (issue-report: the 1st visit's duty has no visit number).
    const told = newEmail({ inspectionId: 'insp-0001', duty: 'report:monitoring-visit:publish', recipientKey: 'provider', to: 'ri@willow.example', recipient: { kind: 'provider' }, createdAt: '2027-03-16T10:00:00.000Z' });
    await repository().claimEmail(told);
    await repository().markEmailSent(told, 'ses-told', '2027-03-16T10:00:00.000Z');
    fixNow('2027-03-17T10:00:00.000Z');
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-corrected' });
    let corrected;
    try {
      corrected = await postForm('/app/inspections/insp-0001/steps/publish', MANAGER, {
        process: 'monitoring-visit',
        visit: '1',
        'on-day': '15',
        'on-month': '3',
        'on-year': '2027',
        reason: 'It went out on the 15th, late in the evening.',
        note: 'Checked against the publication log.',
      });
      // The provider is told the corrected day; a publication with no complaint window gives no deadline to replace
      // (found by a new-user walk: the provider kept the wrong day).
      const sent = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
      expect(sent.map((email) => email.Destination?.ToAddresses)).toEqual([['ri@willow.example']]);
      const text = sent[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
      expect(text).toContain('This corrects our earlier email: the day the report was published was Monday 15 March 2027.');
      expect(text).not.toContain('The deadline below');
    } finally {
      ses.restore();
    }
    expect(corrected.status, corrected.html).toBe(303);
    expect((await repository().listEmails('insp-0001')).map((email) => email.duty)).toContain('report-correction:monitoring-visit:publish:2027-03-15');
    expect((await repository().requireInspection('insp-0001')).monitoringVisits?.[0]?.actuals.publish).toBe('2027-03-15');
    const shownAfter = (await getPage('/app/inspections/insp-0001', MANAGER)).html;
    const correctedTimeline = textOf(shownAfter.slice(shownAfter.indexOf('id="timeline-monitoring-visit-1-report"'))).replace(/\s+/g, ' ');
    expect(correctedTimeline).toContain(
      'Done on Monday 15 March 2027. ' +
        `Date corrected by ${MANAGER.name} on Wednesday 17 March 2027: it was Tuesday 16 March 2027 (It went out on the 15th, late in the evening.). ` +
        `Note by ${MANAGER.name} on Wednesday 17 March 2027: Checked against the publication log.`,
    );
  });

  it('lets a manager record on the page that the report is not published, with the exceptional circumstances (SCCIF 15.1); the lead inspector is not offered it', async () => {
    await harness.reset();
    fixNow('2027-03-16T10:00:00.000Z');
    await storedInspection(SECOND_BEGUN);
    await repository().storeStepToken('insp-0001', 'monitoring-visit', 'publish#visit-1', 'token-report-1', '2027-02-08T15:02:00.000Z');
    const path = '/app/inspections/insp-0001/steps/publish';
    const query = { process: 'monitoring-visit', visit: '1' };
    expect((await getPage(path, INSPECTOR, query)).html).not.toContain('name="report"');
    const form = await getPage(path, MANAGER, query);
    expect(textOf(form.html)).toContain('A manager decided not to publish the report (exceptional circumstances, SCCIF 15.1)');
    // "Published" is the answer until a manager chooses otherwise.
    expect(form.html).toMatch(/value="published" checked/);

    const date = { 'on-day': '16', 'on-month': '3', 'on-year': '2027' };
    // Sent by the lead inspector anyway (a crafted form): refused, and not recorded as a publication instead.
    const crafted = await postForm(path, INSPECTOR, { ...query, ...date, report: 'not-published', reason: 'Exceptional circumstances.' });
    expect(crafted.status).toBe(403);
    expect((await repository().requireInspection('insp-0001')).monitoringVisits?.[0]?.actuals.publish).toBeUndefined();
    expect(sfnCalls.succeeded(harness)).toEqual([]);

    const noReason = await postForm(path, MANAGER, { ...query, ...date, report: 'not-published' });
    expect(noReason.status).toBe(400);
    expect(errorSummaryOf(noReason.html)).toEqual([{ text: 'Enter the exceptional circumstances in which the report is not published (SCCIF 15.1)', href: '#reason' }]);
    expect(noReason.html).toMatch(/value="not-published" checked/);

    const posted = await postForm(path, MANAGER, { ...query, ...date, report: 'not-published', reason: 'A criminal investigation is under way.' });
    expect(posted.status, posted.html).toBe(303);
    const after = await repository().requireInspection('insp-0001');
    expect(after.monitoringVisits?.[0]?.notPublished).toMatchObject({ on: '2027-03-16', reason: 'A criminal investigation is under way.' });
    expect(after.monitoringVisits?.[0]?.actuals.publish).toBe('2027-03-16');
    expect(sfnCalls.succeeded(harness).map((input) => input.taskToken)).toEqual(['token-report-1']);
    const shown = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);
    expect(shown).toContain('report not published: a manager decided so on Tuesday 16 March 2027 (A criminal investigation is under way.)');
    // Not also "published" on the decision's day.
    expect(shown).not.toContain('report published on Tuesday 16 March 2027');
    // A window whose day has come "opened"; one still to come "opens".
    expect(shown).toContain('Window opened on Tuesday 2 February 2027.');
    expect(shown).toContain('Window opens on Monday 22 March 2027.');
  });

  it('words a report the next visit overtook in the page’s words, not the API’s ("visit": 1)', async () => {
    await harness.reset();
    fixNow('2027-03-16T10:00:00.000Z');
    // The page was opened for the current (1st) visit's report; the 2nd visit began before it was sent.
    await storedInspection(SECOND_BEGUN);
    const posted = await postForm('/app/inspections/insp-0001/steps/publish', INSPECTOR, { process: 'monitoring-visit', 'on-day': '16', 'on-month': '3', 'on-year': '2027' });
    expect(posted.status).toBe(400);
    const [error] = errorSummaryOf(posted.html);
    expect(error?.text).toMatch(/go back to the inspection and use "Record report published" beside the visit under "Monitoring visits"$/);
    expect(error?.text).not.toMatch(/"visit"|send /);
  });
});

describe('an inspection and its return inspection link to each other (SCCIF 15.1 (b), §71; found by a walk)', () => {
  it('the original lists the return inspection with its judgement and takes the judgement now from it; the return inspection links back', async () => {
    await harness.reset();
    fixNow('2027-05-03T10:00:00.000Z');
    await storedInspection({ ...INADEQUATE, status: 'complete' });
    const judgedGood = {
      outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
      recordedBy: INSPECTOR.id,
      recordedAt: '2027-04-14T17:00:00.000Z',
    } as NonNullable<InspectionRecord['outcome']>;
    await storedInspection({
      id: 'insp-0002',
      executionName: 'insp-0002--full-inspection',
      followUpOf: 'insp-0001',
      status: 'in-progress',
      dates: { inspectionStart: '2027-04-12' as never, inspectionEnd: '2027-04-14' as never },
      outcome: judgedGood,
    });

    const original = await getPage('/app/inspections/insp-0001', MANAGER);
    expect(original.html).toContain('<a class="govuk-link" href="/app/inspections/insp-0002">Full inspection of a children&#39;s home from Monday 12 April 2027, judged good (insp-0002)</a>');
    const current = textOf(original.html.slice(original.html.indexOf('id="current-judgement"')));
    expect(current).toContain("Good: judged at the return inspection (full inspection of a children's home) from Monday 12 April 2027, reference insp-0002; this inspection judged inadequate");

    // Complete, with the phone follow-ups to the two alerted authorities still owed (SCCIF 15.3).
    expect(statusRowOf(original.html)).toBe('Complete; 2 phone calls to confirm receipt of the alert still to be made (SCCIF 15.3)');
    // The list says so too (found by a new-user walk: it said "Complete" alone), and the API's row counts them.
    const list = await getPage('/app/inspections', MANAGER);
    expect(textOf(rowWith(list.html, 'insp-0001'))).toContain('Complete; 2 phone calls to confirm receipt of the alert still to be made (SCCIF 15.3)');
    const listed = (await get('/inspections', MANAGER)).body as { items: { id: string; callsOutstanding?: number }[] };
    expect(listed.items.find((item) => item.id === 'insp-0001')?.callsOutstanding).toBe(2);
    expect(listed.items.find((item) => item.id === 'insp-0002')).not.toHaveProperty('callsOutstanding');

    const later = await getPage('/app/inspections/insp-0002', MANAGER);
    // The earlier inspection in brief: what, from which day, judged what (found by a new-user walk: its reference alone).
    expect(textOf(later.html)).toContain("Return inspection of Full inspection of a children's home from Monday 21 December 2026, judged inadequate (insp-0001)");
    expect(later.html).toContain('<a class="govuk-link" href="/app/inspections/insp-0001">Full inspection of a children&#39;s home from');
    expect(later.html).not.toContain('id="current-judgement"');
  });
});

describe('the inspection page links to its establishment’s page (found by a new-user walk)', () => {
  it('links the establishment’s name when its URN is on the register, and shows the name alone when it is not', async () => {
    await harness.reset();
    await storedInspection(INADEQUATE);
    const establishmentRow = async () => rowOfDetails((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Establishment');
    expect(await establishmentRow()).not.toContain('<a ');
    expect(await establishmentRow()).toContain('Willow House');

    expect((await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY)).status).toBe(201);
    expect(await establishmentRow()).toContain('<a class="govuk-link" href="/app/establishments/SC123456">Willow House</a>');
    expect((await getPage('/app/establishments/SC123456', INSPECTOR)).status).toBe(200);
  });
});

/** MONITORING_VISIT_DECIDED with its visit recorded on Monday 8 February 2027: the outcome, and more done steps of its run. */
function visitRecorded(outcome: Record<string, unknown>, recordedBy: string, runActuals: Record<string, string> = {}): Partial<InspectionRecord> {
  return {
    ...MONITORING_VISIT_DECIDED,
    monitoringOutcome: {
      outcome: { process: 'monitoring-visit', visitDate: '2027-02-08', ...outcome },
      recordedBy,
      recordedAt: '2027-02-08T15:00:00.000Z',
    } as unknown as NonNullable<InspectionRecord['monitoringOutcome']>,
    actuals: { ...MONITORING_VISIT_DECIDED.actuals, 'monitoring-visit': { 'monitoring-visit-latest': '2027-02-08', ...runActuals } as never },
  };
}

describe('a step a decision made unnecessary says why once, beside its "Not required" tag (found by a walk)', () => {
  it('the current monitoring visit’s report a manager decided not to publish (SCCIF 15.1)', async () => {
    await harness.reset();
    fixNow('2027-02-10T10:00:00.000Z');
    await storedInspection({
      ...visitRecorded({ outcome: 'full-inspection' }, INSPECTOR.id, { publish: '2027-02-10' }),
      monitoringReportNotPublished: { on: '2027-02-10' as never, reason: 'A criminal investigation is under way.', decidedBy: MANAGER.id, decidedAt: '2027-02-10T09:00:00.000Z' },
    });
    const item = textOf(itemWith((await getPage('/app/inspections/insp-0001', MANAGER)).html, 'Monitoring visit report published'));
    expect(item).toContain('Not required The manager decided on Wednesday 10 February 2027 not to publish the report (A criminal investigation is under way.).');
    expect(item).not.toMatch(/Not required Not required/);
  });
});

describe('a met window names what met it (found by a new-user walk: "by this inspection" on a register page)', () => {
  it('the return visit after an inadequate judgement, met by the monitoring visit, on the establishment page', async () => {
    await harness.reset();
    fixNow('2027-02-10T10:00:00.000Z');
    await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY);
    await storedInspection(visitRecorded({ outcome: 'sufficient-steps-taken' }, INSPECTOR.id));

    const page = await getPage('/app/establishments/SC123456', MANAGER);

    const row = rowWith(page.html, 'Return visit');
    expect(textOf(row)).toContain('Met by the monitoring visit on Monday 8 February 2027');
    expect(row).toContain('<a class="govuk-link" href="/app/inspections/insp-0001">the monitoring visit on Monday 8 February 2027</a>');
    expect(page.html).not.toMatch(/this inspection(?! year)/);
  });
});

describe('Scheduled visits the moment further monitoring is recorded (found by a new-user walk: only the 1st until a reload)', () => {
  it('lists the next visit from the recorded outcome before the run begins it, numbering both', async () => {
    await harness.reset();
    fixNow('2027-02-08T16:00:00.000Z');
    await storedInspection({
      ...visitRecorded(
        { outcome: 'further-monitoring', stepsTowardsCancellation: ['cancellation-considered'], nextVisitWindow: { earliestWeeks: 3, latestWeeks: 4 } },
        MANAGER.id,
      ),
      scheduled: { 'monitoring-visit': { visit: 'monitoring-visit', earliest: '2027-02-02' as never, latest: '2027-02-16' as never, scheduledAt: '2026-12-23T09:01:00.000Z' } },
    });

    const page = await getPage('/app/inspections/insp-0001', MANAGER);

    const table = page.html.slice(page.html.indexOf('id="scheduled"'));
    expect(textOf(rowWith(table, '1st monitoring visit'))).toContain('Monday 8 February 2027');
    expect(textOf(rowWith(table, '2nd monitoring visit'))).toMatch(/2nd monitoring visit\s+Monday 1 March 2027\s+Monday 8 March 2027/);
  });
});

describe('a walk of assurance visits and family centres (2026-12-01)', () => {
  it("cites an assurance visit's own guidance for its calls, not SCCIF 15.3", async () => {
    await storedInspection({
      process: 'assurance-visit',
      establishment: { urn: 'SC123456', name: 'Willow House', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: '2026-12-21' as never },
      status: 'in-progress',
      outcome: { outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, concernsSerious: true, summaryOfConcerns: 'Isolation is not recorded.' }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T15:00:00.000Z' },
    } as Partial<InspectionRecord>);
    await sentAlert('insp-0001', 'E09000007', '2026-12-22T15:05:00.000Z', 'ses-av-1');
    const text = textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(text).toContain('Phone calls to confirm receipt (Assurance visits guidance 2021 "Serious and widespread concerns: next steps")');
    expect(text).not.toContain('Phone calls to confirm receipt (SCCIF 15.3)');
    expect(text).toContain('Children placed in the home');
  });

  it('says the children are placed in the centre, of a family centre', async () => {
    await storedInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC765432', name: 'Rowan Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      children: [],
    } as Partial<InspectionRecord>);
    const text = textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(text).toContain('Children placed in the centre');
    // With none recorded, in the same words (found by a new-user walk: "placed in the home" under it).
    expect(text).toContain('No children were recorded as placed in the centre.');
    expect(text).not.toContain('Children placed in the home');
  });

  it('says so on the log form too, once a family centre inspection is chosen', async () => {
    const form = textOf((await postForm('/app/inspections/new', INSPECTOR, { process: 'rfc-inspection', 'add-child': 'yes' })).html);
    expect(form).toContain('Children placed in the centre');
    expect(form).not.toContain('Children placed in the home');
    expect(textOf((await getPage('/app/inspections/new', INSPECTOR)).html)).toContain('Children placed in the home');
  });
});

describe('a window of the next inspection year on this year’s plan (found by a new-user walk: "this inspection year")', () => {
  it('is marked as the next year’s, and the table is captioned by the plan’s years', async () => {
    // Registered on 20 October 2026, in the second half: its first inspection falls in 2027 to 2028 (§12).
    await post('/establishments', MANAGER, { ...WILLOW_REGISTER_ENTRY, registeredOn: '2026-10-20', registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2026-10-20' } });
    const page = await getPage('/app/establishments/SC123456', INSPECTOR);
    expect(page.status).toBe(200);
    const row = textOf(rowWith(page.html, 'First inspection of a newly registered home'));
    expect(row).toContain('Next inspection year');
    expect(row).toContain('Thursday 1 April 2027 to Thursday 30 September 2027');
    expect(textOf(page.html)).toContain('Inspection windows of the plan 2026 to 2027');
    expect(textOf(page.html)).not.toContain('this inspection year');
  });
});

/**
 * An interim inspection of 21-22 December 2026 judged declined, its case review decided on 23 December 2026 (with the
 * return visit's window in weeks, when given).
 */
function interimDecided(decision: string, returnVisitWindow?: { earliestWeeks: number; latestWeeks: number }): Partial<InspectionRecord> {
  return {
    process: 'interim-inspection',
    executionName: 'insp-0001--interim-inspection',
    status: 'in-progress',
    outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T15:00:00.000Z' },
    decisions: {
      'interim-case-review': {
        approvalId: 'apr-0001',
        kind: 'interim-case-review',
        decision,
        rationale: 'The case review weighed the decline and what the provider is doing about it.',
        ...(returnVisitWindow ? { returnVisitWindow } : {}),
        decidedBy: MANAGER.id,
        decidedAt: '2026-12-23T09:00:00.000Z',
      },
    },
  } as Partial<InspectionRecord>;
}

describe('an interim inspection’s return visit among the scheduled visits (found by a new-user walk: only its timeline steps showed it)', () => {
  it('is listed with its window, and when it was carried out', async () => {
    await storedInspection(interimDecided('return-visit-without-alerting-las', { earliestWeeks: 4, latestWeeks: 5 }));
    const row = textOf(rowWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Return visit (decided at the case review)'));
    expect(row).toContain('Tuesday 19 January 2027');
    expect(row).toContain('Tuesday 26 January 2027');
    expect(row).toContain('Not yet');

    await repository().recordActual('insp-0001', 'interim-inspection', 'return-visit', '2027-01-21' as never, '2027-01-21T17:00:00.000Z');
    const done = textOf(rowWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Return visit (decided at the case review)'));
    expect(done).toContain('Thursday 21 January 2027');
    expect(done).not.toContain('Not yet');
  });
});

describe('a plan window closing soon and a deadline due soon (found by a new-user walk: one visit "Due soon" on the plan, "On track" on its timeline)', () => {
  it('are worded apart: the plan says "Closing soon" of a window within its 10 working days', async () => {
    await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY);
    // Monday 22 March 2027: the inspection year's windows close on 31 March, within 10 working days.
    fixNow('2027-03-22T10:00:00.000Z');
    const row = textOf(rowWith((await getPage('/app/establishments/SC123456', INSPECTOR)).html, 'Full inspection'));
    expect(row).toContain('Closing soon');
    expect(row).not.toContain('Due soon');
    const plan = textOf((await getPage('/app/inspection-plan', INSPECTOR, { year: '2026' })).html);
    expect(plan).toContain('Closing soon');
    expect(plan).not.toContain('Due soon');
  });
});

describe('a return visit recorded before its window opened (found by two new-user walks: accepted silently)', () => {
  it('is asked to be confirmed as made early, then recorded', async () => {
    await storedInspection(interimDecided('return-visit-without-alerting-las', { earliestWeeks: 4, latestWeeks: 5 }));
    fixNow('2027-01-25T10:00:00.000Z');
    const href = '/app/inspections/insp-0001/steps/return-visit';
    const early = { process: 'interim-inspection', 'on-day': '12', 'on-month': '1', 'on-year': '2027' };

    const asked = await postForm(href, INSPECTOR, early);
    expect(asked.status).toBe(400);
    expect(errorSummaryOf(asked.html).map((item) => item.text)).toEqual([
      'The day is before the window opened, on Tuesday 19 January 2027: check it, and tick the box if the visit was made early',
    ]);
    expect(asked.html).toContain('The visit was made before its window opened');
    expect((await repository().requireInspection('insp-0001')).actuals['interim-inspection']?.['return-visit']).toBeUndefined();

    const confirmed = await postForm(href, INSPECTOR, { ...early, early: 'yes' });
    expect(confirmed.status).toBe(303);
    expect((await repository().requireInspection('insp-0001')).actuals['interim-inspection']?.['return-visit']).toBe('2027-01-12');
  });
});

describe('a decision to take compliance or enforcement action, with none recorded (found by a new-user walk: it led nowhere)', () => {
  it('is said in the enforcement section, with the form to record the action once issued, for a manager', async () => {
    await storedInspection(interimDecided('compliance-action-without-alerting-las'));
    const manager = (await getPage('/app/inspections/insp-0001', MANAGER)).html;
    expect(textOf(manager)).toContain('The case review of Wednesday 23 December 2026 decided to take compliance action. Not recorded as issued yet: The action taken (record it once issued');
    expect(manager).toContain('/app/establishments/SC123456/enforcement-actions/new?inspectionId=insp-0001');
    const inspector = textOf((await getPage('/app/inspections/insp-0001', INSPECTOR)).html);
    expect(inspector).toContain('decided to take compliance action');
    expect(inspector).not.toContain('record it once issued');
  });
});

describe('the full inspection a monitoring visit scheduled, among the scheduled visits (found by a new-user walk: "No earliest date" beside the plan’s window)', () => {
  it('is not before the day after that visit, as the plan’s window opens', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: {
        inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:00:01.000Z', origin: 'full-inspection' },
        'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2027-01-05T09:00:00.000Z', origin: 'inadequate' },
      },
      monitoringOutcome: { outcome: { process: 'monitoring-visit', outcome: 'full-inspection', visitDate: '2027-02-08' as never }, recordedBy: INSPECTOR.id, recordedAt: '2027-02-08T15:00:00.000Z' },
      scheduled: { 'full-inspection': { visit: 'full-inspection', latest: '2027-04-13' as never, scheduledAt: '2027-02-08T15:00:01.000Z' } },
    } as Partial<InspectionRecord>);
    const row = textOf(rowWith((await getPage('/app/inspections/insp-0001', INSPECTOR)).html, 'Full inspection'));
    expect(row).toContain('Tuesday 9 February 2027');
    expect(row).not.toContain('No earliest date');
  });
});
