/**
 * GET/POST /app/withdrawals/{inspectionId} (managers): the page says what withdrawing does and who outside Ofsted was
 * already emailed; the same rules and messages as the API; the inspection page then shows it withdrawn, with no way
 * to record anything more on it.
 */
import { ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { INSPECTOR, MANAGER, OTHER_MANAGER, pendingApproval, post, sentAlert, storedInspection, WILLOW_REGISTER_ENTRY } from '../api/api-harness';
import { errorSummaryOf, getPage, inlineErrorOf, postForm, textOf, useWebHarness } from './web-harness';
import { newEmail } from '../../adapters/inspection-fixtures';

const harness = useWebHarness('2027-01-05T10:00:00.000Z');

const PAGE = '/app/inspections/insp-0001';
const WITHDRAW = '/app/withdrawals/insp-0001';
const REASON = 'Logged against the wrong home: it was Rowan House.';

beforeEach(() => {
  // The inspection's run, on the full inspection's state machine.
  harness.sfn.on(ListExecutionsCommand).callsFake((input: { stateMachineArn: string }) => ({
    executions: input.stateMachineArn.endsWith(':sccif-full-inspection')
      ? [{ executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:insp-0001--full-inspection`, name: 'insp-0001--full-inspection', status: 'RUNNING', stateMachineArn: input.stateMachineArn, startDate: new Date() }]
      : [],
  }));
  harness.sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
});

describe('withdrawing an inspection from its page', () => {
  it('offers managers the button, not inspectors; the form is a manager’s only', async () => {
    await storedInspection({ status: 'awaiting-outcome' });
    expect((await getPage(PAGE, MANAGER)).html).toContain(`href="${WITHDRAW}"`);
    expect((await getPage(PAGE, INSPECTOR)).html).not.toContain(`href="${WITHDRAW}"`);
    expect((await getPage(WITHDRAW, INSPECTOR)).status).toBe(403);
  });

  it('says what withdrawing does, and lists who outside Ofsted was emailed (to tell them), not Ofsted’s own', async () => {
    await storedInspection({ status: 'in-progress', inspectorEmail: INSPECTOR.email });
    await sentAlert('insp-0001', 'E09000007', '2027-01-04T11:00:00.000Z', 'ses-1');
    await pendingApproval();
    const { status, html } = await getPage(WITHDRAW, MANAGER);
    expect(status).toBe(200);
    const text = textOf(html);
    // Which inspection it is, what waits on it, and who is told.
    expect(text).toContain('Reference insp-0001 First day on site Monday 21 December 2026 Last day on site Tuesday 22 December 2026 Lead inspector Ann Inspector Outcome Not recorded yet');
    expect(text).toContain('Waiting for a decision The case review: closed if you withdraw it');
    // Not a return inspection: nothing of another inspection opens again.
    expect(text).not.toContain('Return inspection of');
    expect(text).toContain('Its lead inspector, Ann Inspector, is emailed that it was withdrawn, with your reason.');
    expect(text).toContain('A withdrawn inspection cannot be restored');
    expect(text).toContain("Director of children's services, Camden (dcs@e09000007.la.example): Alert to the director of children's services, Monday 4 January 2027");
    expect(text).toContain('Withdrawing it sends them nothing. Tell them yourself');
  });

  it('names the person who placed a child, with their address, for the manager to tell them (found by a new-user walk)', async () => {
    await storedInspection({
      status: 'in-progress',
      inspectorEmail: INSPECTOR.email,
      children: [{ initials: 'KT', placement: { lookedAfter: false, placedBy: { name: 'Kelly Taylor', email: 'Kelly.Taylor@parent.example' } } }],
    });
    const alert = newEmail({
      inspectionId: 'insp-0001',
      recipientKey: 'placer:kt',
      to: 'kelly.taylor@parent.example',
      recipient: { kind: 'placer' },
      createdAt: '2027-01-04T11:00:00.000Z',
      dueAt: '2026-12-23T23:59:59.000Z',
    });
    await repository().claimEmail(alert);
    await repository().markEmailSent(alert, 'ses-2', '2027-01-04T11:00:00.000Z');

    const text = textOf((await getPage(WITHDRAW, MANAGER)).html);
    expect(text).toContain('Kelly Taylor (kelly.taylor@parent.example), who placed a child who is not looked after:');
    // Not on an inspector's view of the inspection page.
    expect(textOf((await getPage(PAGE, INSPECTOR)).html)).not.toContain('kelly.taylor@parent.example');
  });

  it('says what was judged, so that the manager knows what is being withdrawn', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: {
        outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Restraint.' },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-12-22T17:00:00.000Z',
      },
    });
    expect(textOf((await getPage(WITHDRAW, MANAGER)).html)).toContain('Outcome Judged inadequate overall, recorded on Tuesday 22 December 2026');
  });

  it('says, of a return inspection, which step of the inspection it returns to is marked not done again, due when, with a link to it', async () => {
    // The earlier inspection: judged inadequate on 14 October; the return visit due within 8 weeks.
    await storedInspection({
      id: 'insp-0000',
      status: 'in-progress',
      dates: { inspectionStart: parseLocalDate('2026-10-12'), inspectionEnd: parseLocalDate('2026-10-14') },
      outcome: {
        outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Children go missing.' },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-10-14T15:00:00.000Z',
      },
      followUps: { inadequate: { executionName: 'insp-0000--inadequate', startedAt: '2026-10-14T15:00:01.000Z', origin: 'full-inspection' } },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2026-12-21') } },
    });
    await storedInspection({ status: 'in-progress', followUpOf: 'insp-0000' });
    await repository().audit('insp-0000', {
      at: '2026-12-22T10:00:00.000Z',
      actor: INSPECTOR.id,
      event: 'return-inspection-logged',
      detail: { process: 'inadequate', stepId: 'monitoring-visit-latest', visit: 'return-full-inspection', inspectionId: 'insp-0001' },
    });
    const { html } = await getPage(WITHDRAW, MANAGER);
    expect(textOf(html)).toContain(
      "Return inspection of Willow House's inspection insp-0000. Withdrawing this one marks its step “Return visit carried out (monitoring visit or full inspection)” as not done: it is due by Wednesday 9 December 2026, and the managers are emailed from then until the real return inspection is logged.",
    );
    expect(html).toContain('<a class="govuk-link" href="/app/inspections/insp-0000">insp-0000</a>');
  });

  it('shows the API’s rules as form errors, and withdraws nothing', async () => {
    await storedInspection({ status: 'awaiting-outcome' });
    const missing = await postForm(WITHDRAW, MANAGER, {});
    expect(missing.status).toBe(400);
    expect(errorSummaryOf(missing.html)).toEqual([
      { text: 'Enter why the inspection is withdrawn', href: '#reason' },
      { text: 'Confirm that the inspection was logged by mistake and that the reason names no child', href: '#checked' },
    ]);
    // A good reason, not yet confirmed: nothing withdrawn (it cannot be undone, and no check finds a child's name).
    const unconfirmed = await postForm(WITHDRAW, MANAGER, { reason: REASON });
    expect(errorSummaryOf(unconfirmed.html)).toEqual([{ text: 'Confirm that the inspection was logged by mistake and that the reason names no child', href: '#checked' }]);
    expect(unconfirmed.html).toContain(REASON);
    const short = await postForm(WITHDRAW, MANAGER, { reason: 'Oops.', checked: 'yes' });
    expect(inlineErrorOf(short.html, 'reason')).toContain('Enter a reason of at least 10 characters');
    const child = await postForm(WITHDRAW, MANAGER, { reason: 'Logged by mistake: AB was never placed there.', checked: 'yes' });
    expect(inlineErrorOf(child.html, 'reason')).toContain('names a child of this inspection');
    expect((await repository().requireInspection('insp-0001')).status).toBe('awaiting-outcome');
    expect(harness.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it('withdraws it: the page says so, with the reason, and offers nothing more to record', async () => {
    await storedInspection({ status: 'awaiting-outcome', dates: { inspectionStart: '2026-12-21', inspectionEnd: '2026-12-22' } as never });
    await sentAlert('insp-0001', 'E09000007', '2027-01-04T11:00:00.000Z', 'ses-1');
    const before = await getPage(PAGE, MANAGER);
    expect(before.html).toContain('href="/app/inspections/insp-0001/outcome"');
    expect(textOf(before.html)).toContain('Phone calls still to make');

    const done = await postForm(WITHDRAW, MANAGER, { reason: REASON, checked: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${PAGE}?done=withdrawn`);
    expect(harness.sfn.commandCalls(StopExecutionCommand)).toHaveLength(1);

    const after = await getPage(PAGE, MANAGER, { done: "withdrawn" });
    const text = textOf(after.html);
    expect(text).toContain('Inspection withdrawn');
    expect(text).toContain('Withdrawn on Tuesday 5 January 2027 by Sam Okafor');
    expect(text).toContain(REASON);
    expect(text).toContain('Status Withdrawn');
    expect(after.html).not.toContain('href="/app/inspections/insp-0001/outcome"');
    expect(after.html).not.toContain(`href="${WITHDRAW}"`);
    expect(after.html).not.toContain('/requirements/new');
    expect(after.html).not.toContain('/enforcement-actions/new');
    // Its timeline owes nothing: what was still to do is not required, and says why.
    expect(text).not.toContain('overdue');
    expect(text).toContain('Judgements recorded Not required The inspection was withdrawn on Tuesday 5 January 2027 (logged by mistake).');

    // No call is owed on it any more, and the list says it is withdrawn, not complete.
    expect(text).not.toContain('Phone calls still to make');
    // The list leaves it out, saying so, unless withdrawn ones are asked for; then it says it is withdrawn, not complete.
    const list = textOf((await getPage('/app/inspections', MANAGER)).html);
    expect(list).not.toContain('Willow House URN');
    expect(list).toContain('Every inspection logged so far was withdrawn.');
    expect(list).toContain('1 withdrawn inspection (logged by mistake) is not listed here: list the withdrawn inspections.');
    const withdrawnList = textOf((await getPage('/app/inspections', MANAGER, { status: 'withdrawn' })).html);
    expect(withdrawnList).toContain('Withdrawn None: withdrawn Withdrawn');
    expect(withdrawnList).not.toContain('not listed here');

    // Its phone follow-up is not owed any more, and says so.
    expect(text).toContain('Not required: withdrawn');
    expect(text).not.toContain('Outstanding');
    expect(text).not.toContain('this authority was not alerted');

    // Its forms, opened from an old link, say it was withdrawn (not "permission", not "already done"), with the way back.
    for (const [path, who] of [
      [`${PAGE}/steps/report-to-provider?process=full-inspection`, INSPECTOR],
      [`${PAGE}/steps/report-to-provider?process=full-inspection`, MANAGER],
      [`${PAGE}/outcome`, INSPECTOR],
      ['/app/follow-ups/insp-0001/calls', INSPECTOR],
      ['/app/follow-ups/insp-0001/report-copies', INSPECTOR],
    ] as const) {
      const refused = await getPage(path, who);
      expect(refused.status, path).toBe(409);
      expect(textOf(refused.html), path).toContain('This inspection was withdrawn This inspection was withdrawn on Tue 5 Jan 2027 by Sam Okafor');
      expect(refused.html, path).toContain(`href="${PAGE}"`);
    }
    // The establishment's page tells its withdrawn inspections apart: why, and the reference.
    expect((await post('/establishments', MANAGER, WILLOW_REGISTER_ENTRY)).status).toBe(201);
    const establishment = textOf((await getPage('/app/establishments/SC123456', MANAGER)).html);
    expect(establishment).toContain(`reference insp-0001 Withdrawn on Tuesday 5 January 2027: ${REASON}`);

    // Its form now says it was withdrawn already.
    expect(textOf((await getPage(WITHDRAW, MANAGER)).html)).toContain(`This inspection was already withdrawn on Tuesday 5 January 2027 by Sam Okafor, with the reason: ${REASON} Back to the inspection`);
  });
});

describe('around a withdrawn inspection', () => {
  it('tells its lead inspector to ask a manager, while it stands; and nothing once withdrawn', async () => {
    await storedInspection({ status: 'awaiting-outcome' });
    const text = textOf((await getPage(PAGE, INSPECTOR)).html);
    expect(text).toContain('ask a manager to withdraw it, giving its reference (insp-0001)');
    await postForm(WITHDRAW, MANAGER, { reason: REASON, checked: 'yes' });
    expect(textOf((await getPage(PAGE, INSPECTOR)).html)).not.toContain('Logged by mistake?');
  });

  it('links to the inspection logged again on its days, once there is one', async () => {
    await storedInspection({ status: 'awaiting-outcome' });
    await postForm(WITHDRAW, MANAGER, { reason: REASON, checked: 'yes' });
    expect(textOf((await getPage(PAGE, MANAGER)).html)).not.toContain('Logged again as');
    await storedInspection({ id: 'insp-0002', idempotencyKey: 'log-insp-0002', status: 'awaiting-outcome' });
    const page = await getPage(PAGE, MANAGER);
    expect(textOf(page.html)).toContain("Logged again as Full inspection of a children's home from Monday 21 December 2026 (insp-0002)");
    expect(page.html).toContain('href="/app/inspections/insp-0002"');
    // And back.
    const again = await getPage('/app/inspections/insp-0002', MANAGER);
    expect(textOf(again.html)).toContain("Logged again after Full inspection of a children's home from Monday 21 December 2026 (insp-0001), withdrawn as logged by mistake");
    expect(again.html).toContain(`href="${PAGE}"`);
  });

  it('says why its approval is closed, to a manager who follows the approval email’s link, with the way to the inspection', async () => {
    await storedInspection({ status: 'awaiting-approval', inspectorId: 'inspector-1', loggedBy: 'inspector-1' });
    await pendingApproval();
    await postForm(WITHDRAW, MANAGER, { reason: REASON, checked: 'yes' });
    const closed = await getPage('/app/approvals/apr-0001', OTHER_MANAGER);
    expect(closed.status).toBe(410);
    expect(textOf(closed.html)).toContain(`This approval is closed The inspection was withdrawn on Tuesday 5 January 2027 at 10:00 (London time) by Sam Okafor, as logged by mistake: ${REASON} No decision is needed now.`);
    expect(closed.html).toContain(`href="${PAGE}"`);
  });
});
