/**
 * GET /app/approvals and GET/POST /app/approvals/{id}: the managers' queue and the decision page, with the logic of
 * GET /approvals and POST /approvals/{id}/decision: a rationale is required, nobody decides on their own inspection,
 * and a decision already made or an approval closed is said in plain words.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { INSPECTING_MANAGER, INSPECTOR, MANAGER, OTHER_MANAGER, pendingApproval, sfnCalls, storedInspection } from '../api/api-harness';
import { errorSummaryOf, getPage, h1Of, inlineErrorOf, postForm, textOf, useWebHarness } from './web-harness';

const harness = useWebHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
});

const RATIONALE = 'Serious concerns about restraint; leadership is responsive.';

describe('GET /app/approvals', () => {
  it('lists the pending approvals with the establishment, the kind in words, the due date, escalations and a Decide link', async () => {
    await pendingApproval();

    const { status, html } = await getPage('/app/approvals', MANAGER);

    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain('Willow House');
    expect(text).toContain('Case review');
    expect(text).toContain('Tuesday 29 December 2026 at 23:59 (London time)');
    expect(html).toContain('href="/app/approvals/apr-0001">Decide<span class="govuk-visually-hidden">');
  });

  it('shows "You cannot decide your own inspection" instead of the link on a manager’s own inspection', async () => {
    await harness.reset();
    await storedInspection({ inspectorId: INSPECTING_MANAGER.id, loggedBy: INSPECTING_MANAGER.id });
    await pendingApproval();

    const { html } = await getPage('/app/approvals', INSPECTING_MANAGER);

    expect(textOf(html)).toContain('You cannot decide your own inspection');
    expect(html).not.toContain('href="/app/approvals/apr-0001"');
  });

  it('says when nothing is waiting', async () => {
    const { html } = await getPage('/app/approvals', MANAGER);

    expect(textOf(html)).toContain('There are no decisions waiting for a manager.');
  });

  it('answers inspectors 403', async () => {
    expect((await getPage('/app/approvals', INSPECTOR)).status).toBe(403);
    expect((await getPage('/app/approvals/apr-0001', INSPECTOR)).status).toBe(403);
  });
});

describe('GET /app/approvals/{id}', () => {
  it('refuses "no further action" on the urgent case review, naming the decision field (SCCIF 15.1, §71)', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'no-further-action', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: expect.stringMatching(/§71/), href: '#decision' }]);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });

  it('offers the options of the approval’s kind in plain words, with the rule that set its due date', async () => {
    await pendingApproval();

    const { html } = await getPage('/app/approvals/apr-0001', MANAGER);

    const text = textOf(html);
    // After an inadequate judgement: the two return visits (never "no further action", §71) and the enforcement considered (§70).
    for (const option of ['Carry out a monitoring visit', 'Carry out a full inspection', 'Compliance notice', 'No enforcement action', 'The registered manager']) {
      expect(text).toContain(option);
    }
    expect(text).not.toContain('No further action');
    expect(html).toContain('name="decision" type="radio" value="monitoring-visit"');
    expect(text).toContain('By the end of the next working day following the inspection');
    expect(html).toContain('name="rationale"');
  });

  it('answers 404 for an approval that does not exist', async () => {
    expect((await getPage('/app/approvals/apr-missing', MANAGER)).status).toBe(404);
  });

  it('refuses a manager’s own inspection: 403', async () => {
    await harness.reset();
    await storedInspection({ inspectorId: INSPECTING_MANAGER.id, loggedBy: INSPECTING_MANAGER.id });
    await pendingApproval();

    const response = await getPage('/app/approvals/apr-0001', INSPECTING_MANAGER);

    expect(response.status).toBe(403);
    expect(h1Of(response.html)).toEqual(['You cannot decide your own inspection']);
  });
});

describe('POST /app/approvals/{id}', () => {
  it('requires a rationale: 400 with an error summary and an inline error', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: '  ' });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Enter the reasons for your decision', href: '#rationale' }]);
    expect(inlineErrorOf(response.html, 'rationale')).toBe('Enter the reasons for your decision');
    expect(response.html).toContain('name="decision" type="radio" value="monitoring-visit" checked');
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });

  it.each([
    [
      'that "No enforcement action" and enforcement actions cannot both be ticked',
      ['none', 'compliance-notice'],
      { text: 'Select either the enforcement actions considered or “No enforcement action”, not both', href: '#enforcementActions' },
    ],
    [
      'to untick whom it is against when "No enforcement action" is ticked with them and no action (found by a new-user walk)',
      ['none'],
      { text: 'Untick whom the enforcement is against, or tick the enforcement actions considered: with “No enforcement action” it is against no one', href: '#enforcementAgainst' },
    ],
  ])('says plainly %s', async (_, actions, problem) => {
    await pendingApproval();

    const response = await postForm(
      '/app/approvals/apr-0001',
      MANAGER,
      new URLSearchParams([
        ['decision', 'monitoring-visit'],
        ...actions.map((action): [string, string] => ['enforcementActions', action]),
        ['enforcementAgainst', 'establishment'],
        ['rationale', 'Serious concerns about night staffing.'],
      ]),
    );

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([problem]);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });

  it('says in the form’s words that no further action takes no enforcement action (found by a new-user walk: the API’s "none" and "no-further-action")', async () => {
    await storedInspection({ process: 'assurance-visit', dates: { day1: '2026-12-18' as never } });
    await pendingApproval({ process: 'assurance-visit' });

    const response = await postForm(
      '/app/approvals/apr-0001',
      MANAGER,
      new URLSearchParams([
        ['decision', 'no-further-action'],
        ['enforcementActions', 'compliance-notice'],
        ['enforcementAgainst', 'establishment'],
        ['rationale', 'The concerns were dealt with during the visit.'],
      ]),
    );

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select “No enforcement action”: the decision is no further action, so no enforcement action is taken', href: '#enforcementActions' },
    ]);
    expect(textOf(response.html)).not.toContain('"no-further-action"');
  });

  it('requires a rationale as long as the schema says', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: 'Too short' });

    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Reasons for the decision must be at least 10 characters', href: '#rationale' }]);
    // The hint says the same before the mistake (it said "at least 1 characters", read from the schema's wrong place).
    expect(textOf((await getPage('/app/approvals/apr-0001', MANAGER)).html)).toContain('Required, at least 10 characters.');
  });

  it('refuses reasons naming a child by their initials, in words that match the hint (which no longer says to use initials)', async () => {
    await pendingApproval();
    const hint = textOf((await getPage('/app/approvals/apr-0001', MANAGER)).html);
    expect(hint).toContain('They are recorded with the decision: do not identify any child, by name or by initials.');
    expect(hint).not.toContain('Use initials');
    // An ordinary children's home: nothing of the decision goes to the DfE (only a secure home's, SCCIF 15.2).
    expect(hint).not.toContain('DfE');

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: 'A B went missing twice.' });

    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'The reasons name a child of this inspection by their initials: they are recorded with the decision, so give them without identifying any child, by name or by initials',
        href: '#rationale',
      },
    ]);
  });

  it('requires a decision', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { enforcementActions: 'none', rationale: RATIONALE });

    expect(errorSummaryOf(response.html)).toEqual([{ text: 'Select a decision', href: '#decision' }]);
  });

  it('records the decision, resumes the run and answers 303 to the queue', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/approvals?done=decision&inspection=insp-0001');
    expect(await repository().getApproval('apr-0001')).toMatchObject({
      status: 'decided',
      decision: { decision: 'monitoring-visit', enforcement: 'none', rationale: RATIONALE, decidedBy: MANAGER.id },
    });
    expect(sfnCalls.succeeded(harness)).toHaveLength(1);
    const queue = await getPage('/app/approvals', MANAGER, { done: 'decision', inspection: 'insp-0001' });
    expect(textOf(queue.html)).toContain('The process that was waiting for it has been told. Go to the inspection.');
    expect(queue.html).toContain('href="/app/inspections/insp-0001">Go to the inspection</a>');
  });

  it('says "This decision has already been made" with 409 when another manager decided first', async () => {
    await pendingApproval();
    await postForm('/app/approvals/apr-0001', OTHER_MANAGER, { decision: 'full-inspection', enforcementActions: 'none', rationale: RATIONALE });

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(409);
    expect(h1Of(response.html)).toEqual(['This decision has already been made']);
    expect(textOf(response.html)).toContain('Decision: Carry out a full inspection.');
    // Who decided and when, and the inspection it was about (found by a new-user walk).
    expect(textOf(response.html)).toContain(`Enforcement considered: no enforcement action. Reasons: ${RATIONALE}`);
    expect(textOf(response.html)).toMatch(/Decided by Kim Lee on \w+day \d+ \w+ \d{4} at \d\d:\d\d \(London time\)\./);
    expect(response.html).toContain('href="/app/inspections/insp-0001"');
  });

  it('says the approval is closed with 410 when its run has ended', async () => {
    await pendingApproval();
    await repository().closeApproval('apr-0001');

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(410);
    expect(h1Of(response.html)).toEqual(['This approval is closed']);
  });

  it('refuses a decision on the manager’s own inspection: 403 in plain words', async () => {
    await harness.reset();
    await storedInspection({ inspectorId: INSPECTING_MANAGER.id, loggedBy: INSPECTING_MANAGER.id });
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', INSPECTING_MANAGER, { decision: 'monitoring-visit', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(403);
    expect(h1Of(response.html)).toEqual(['You cannot decide your own inspection']);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });
});

describe('the interim case review’s return visit window on the decision page (SCCIF 15.1, §71)', () => {
  const interimReview = async () => {
    await storedInspection({ process: 'interim-inspection', executionName: 'insp-0001--interim-inspection', status: 'awaiting-approval' });
    await pendingApproval({ process: 'interim-inspection', kind: 'interim-case-review', stepId: 'case-review' });
  };

  it('lets the manager set it in whole weeks with a return visit, and stores it with the decision', async () => {
    await interimReview();
    expect((await getPage('/app/approvals/apr-0001', MANAGER)).html).toContain('name="returnVisitWindow-earliestWeeks"');

    const response = await postForm('/app/approvals/apr-0001', MANAGER, {
      decision: 'return-visit-and-alert-las',
      'returnVisitWindow-earliestWeeks': '4',
      'returnVisitWindow-latestWeeks': '5',
      rationale: RATIONALE,
    });

    expect(response.status).toBe(303);
    expect((await repository().getApproval('apr-0001'))?.decision).toMatchObject({ returnVisitWindow: { earliestWeeks: 4, latestWeeks: 5 } });
  });

  it('words the return visit radios by the window the manager sets, and the recorded decision by the window chosen', async () => {
    await interimReview();
    const form = textOf((await getPage('/app/approvals/apr-0001', MANAGER)).html);
    expect(form).toContain('Alert the local authorities; schedule a return visit (in the weeks set below; 6 to 8 weeks after the inspection if left blank)');
    expect(form).not.toContain('(6 to 8 weeks)');

    await storedInspection({
      id: 'insp-0002',
      process: 'interim-inspection',
      executionName: 'insp-0002--interim-inspection',
      status: 'in-progress',
      decisions: {
        'interim-case-review': {
          approvalId: 'apr-0001',
          kind: 'interim-case-review',
          decision: 'return-visit-and-alert-las',
          rationale: RATIONALE,
          returnVisitWindow: { earliestWeeks: 4, latestWeeks: 5 },
          decidedBy: MANAGER.id,
          decidedAt: '2026-12-23T09:00:00.000Z',
        },
      },
    });
    const page = textOf((await getPage('/app/inspections/insp-0002', INSPECTOR)).html);
    expect(page).toContain('Alert the local authorities; schedule a return visit (4 to 5 weeks after the inspection)');
    expect(page).not.toContain('(6 to 8 weeks');
  });

  it('refuses a window without a return visit, or in part weeks, on its box', async () => {
    await interimReview();

    const noVisit = await postForm('/app/approvals/apr-0001', MANAGER, {
      decision: 'compliance-action-and-alert-las',
      'returnVisitWindow-earliestWeeks': '4',
      'returnVisitWindow-latestWeeks': '5',
      rationale: RATIONALE,
    });
    const partWeeks = await postForm('/app/approvals/apr-0001', MANAGER, {
      decision: 'return-visit-and-alert-las',
      'returnVisitWindow-earliestWeeks': '4.5',
      'returnVisitWindow-latestWeeks': '5',
      rationale: RATIONALE,
    });

    const reversed = await postForm('/app/approvals/apr-0001', MANAGER, {
      decision: 'return-visit-and-alert-las',
      'returnVisitWindow-earliestWeeks': '5',
      'returnVisitWindow-latestWeeks': '3',
      rationale: RATIONALE,
    });
    // In the form's words, not the API's field names (found by a new-user walk: "must not be after latestWeeks (3)").
    expect(inlineErrorOf(reversed.html, 'returnVisitWindow-earliestWeeks')).toBe('The return visit’s window must open no later than the week it is due by (week 3)');

    expect(noVisit.status).toBe(400);
    expect(errorSummaryOf(noVisit.html)[0]).toMatchObject({ href: '#returnVisitWindow-earliestWeeks' });
    expect(inlineErrorOf(partWeeks.html, 'returnVisitWindow-earliestWeeks')).toContain('must be a whole number');
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });
});

describe('an assurance visit’s case review deciding enforcement action', () => {
  it('says in the form’s words that enforcement action needs the actions, not the API’s value (found by a new-user walk)', async () => {
    await storedInspection({
      process: 'assurance-visit',
      executionName: 'insp-0001--assurance-visit',
      establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: '2026-12-14' as never },
      status: 'awaiting-approval',
      outcome: { outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, summaryOfConcerns: 'Isolation is not recorded.' }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-16T15:00:00.000Z' },
    });
    await pendingApproval({ process: 'assurance-visit', kind: 'case-review', stepId: 'case-review' });

    const response = await postForm('/app/approvals/apr-0001', MANAGER, { decision: 'enforcement-action', enforcementActions: 'none', rationale: RATIONALE });

    expect(response.status).toBe(400);
    expect(inlineErrorOf(response.html, 'enforcementActions')).toBe(
      'Select the enforcement actions to take: the decision is to take enforcement action, so it cannot be “No enforcement action”',
    );
    expect(textOf(response.html)).not.toContain('"enforcement-action"');
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });
});
