/**
 * GET/POST /app/inspections/{id}/outcome: the questions follow the process; the limiting rules of the frameworks
 * reject inconsistent judgements in plain words (POST /inspections/{id}/outcome's logic); a recorded outcome resumes
 * the run and shows on the inspection page with the verdict.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { INSPECTOR, MANAGER, OTHER_INSPECTOR, sfnCalls, storedInspection, waitingForOutcome } from '../api/api-harness';
import { EVERY_IMPROVED_CONDITION as EVERY_CONDITION, INADEQUATE_ON_22_DECEMBER } from '../../adapters/inspection-fixtures';
import { errorSummaryOf, getPage, h1Of, inlineErrorOf, postForm, textOf, useWebHarness } from './web-harness';

const harness = useWebHarness('2026-12-23T10:00:00.000Z');

const OUTCOME = '/app/inspections/insp-0001/outcome';

describe('an inspection still to happen (its dates in the future)', () => {
  it('offers no "Record outcome", and the form says why instead of asking: nothing is recorded from a crafted POST (409)', async () => {
    await storedInspection({ dates: { inspectionStart: parseLocalDate('2027-02-18'), inspectionEnd: parseLocalDate('2027-02-20') } });

    const inspection = await getPage('/app/inspections/insp-0001', INSPECTOR);
    expect(inspection.html).not.toContain('href="/app/inspections/insp-0001/outcome"');
    // The page says why, and from when, where the button would be (found by a new-user walk).
    expect(textOf(inspection.html)).toContain("The inspection's last day on site is Sat 20 Feb 2027: its outcome can be recorded from that day, not before");
    const form = await getPage(OUTCOME, INSPECTOR);
    expect(form.status).toBe(200);
    expect(h1Of(form.html)).toEqual(['The outcome cannot be recorded yet']);
    expect(textOf(form.html)).toContain("The inspection's last day on site is Sat 20 Feb 2027: its outcome can be recorded from that day, not before");
    expect(form.html).not.toContain('name="overall"');

    const posted = await postForm(OUTCOME, INSPECTOR, { overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Children go missing at night.' });
    expect(posted.status).toBe(409);
    expect(h1Of(posted.html)).toEqual(['The outcome cannot be recorded yet']);
    expect((await repository().getInspection('insp-0001'))?.outcome).toBeUndefined();
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });
});

describe('GET /app/inspections/{id}/outcome', () => {
  it('asks a full inspection for the three four-point judgements, helped and protected first (§50)', async () => {
    await storedInspection();

    const { html } = await getPage(OUTCOME, INSPECTOR);

    const order = ['helpedAndProtected', 'leadersAndManagers', 'overall'].map((name) => html.indexOf(`name="${name}"`));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('id="registeredManagerVacantSince-day"');
    expect(html).toContain('name="summaryOfConcerns"');
    // It goes as written to every authority alerted: no child is to be identified in it, not even by initials.
    expect(textOf(html)).toContain("every local authority alerted (not only a child's own) and to the provider: describe the concerns without identifying any child, by name or by initials.");
  });

  it('asks an RFC inspection for the five judgements and the four §42 questions', async () => {
    await storedInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC223344', name: 'Oak Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
    });

    const { html } = await getPage(OUTCOME, INSPECTOR);

    for (const name of ['assessment', 'helpedAndProtected', 'leadersAndManagers', 'partners', 'overall']) {
      expect(html).toContain(`name="${name}" type="radio" value="inadequate"`);
    }
    for (const name of ['immediateRiskOfHarm', 'breachOfRegulationsConstitutingOffence', 'breachOfRegistrationConditions', 'lastInspectionInadequate']) {
      expect(html).toContain(`name="${name}" type="radio" value="yes"`);
    }
    // The family centre process sends no alert: the summary is not promised to local authorities it never reaches.
    expect(textOf(html)).toContain("It is kept with the judgements on the inspection's record and is not emailed");
    expect(textOf(html)).not.toContain('every local authority alerted');
  });

  it('asks an assurance visit whether serious or widespread concerns were found', async () => {
    await storedInspection({
      process: 'assurance-visit',
      establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: parseLocalDate('2026-12-21') },
    });

    const { html } = await getPage(OUTCOME, INSPECTOR);

    expect(html).toContain('name="seriousOrWidespreadConcerns" type="radio" value="yes"');
    expect(html).toContain('name="concernsSerious" type="radio" value="no"');
  });

  it('asks for the monitoring visit’s outcome once the inspection’s own outcome is recorded', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:00:00.000Z', origin: 'inadequate' } },
    });

    const { html } = await getPage(OUTCOME, INSPECTOR);

    expect(h1Of(html)).toEqual(['Record the outcome of the monitoring visit']);
    expect(html).toContain('name="outcome" type="radio" value="improved-judgement"');
    expect(html).toContain('id="visitDate-day"');
    expect(html).toContain('name="concernsDiscrete" type="radio" value="yes"');
    // The visit's date starts as today in London (23 December 2026), as the other forms' dates do.
    expect(html).toMatch(/id="visitDate-day" name="visitDate-day" type="text" value="23"/);
    expect(html).toMatch(/id="visitDate-month" name="visitDate-month" type="text" value="12"/);
    expect(html).toMatch(/id="visitDate-year" name="visitDate-year" type="text" value="2026"/);
  });

  it('words an assurance visit’s monitoring visit for where it came from: further monitoring is another visit, no cancellation', async () => {
    await storedInspection({
      process: 'assurance-visit',
      establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: parseLocalDate('2026-12-14') },
      status: 'in-progress',
      outcome: { outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true, concernsSerious: true, summaryOfConcerns: 'Isolation is not recorded.' }, recordedBy: INSPECTOR.id, recordedAt: '2026-12-16T15:00:00.000Z' },
      followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:00:00.000Z', origin: 'assurance-visit' } },
    });

    const { html } = await getPage(OUTCOME, INSPECTOR);

    expect(textOf(html)).toContain('Further monitoring: another monitoring visit');
    expect(textOf(html)).toContain('Sufficient steps have been taken to safeguard and protect the welfare of children');
    expect(textOf(html)).not.toContain('steps towards cancelling the registration');
    expect(textOf(html)).toContain('Monitoring visit after serious concerns at an assurance visit');
  });

  it('says when there is no outcome left to record', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: {
        outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-12-22T17:00:00.000Z',
      },
    });

    const response = await getPage(OUTCOME, INSPECTOR);

    expect(h1Of(response.html)).toEqual(['The outcome has already been recorded']);
  });

  it('is for the lead inspector and managers: another inspector gets 403 (app/access.ts)', async () => {
    await storedInspection();

    expect((await getPage(OUTCOME, INSPECTOR)).status).toBe(200);
    expect((await getPage(OUTCOME, MANAGER)).status).toBe(200);
    expect((await getPage(OUTCOME, OTHER_INSPECTOR)).status).toBe(403);
  });
});

describe('POST /app/inspections/{id}/outcome', () => {
  it("rejects overall 'good' with helped and protected 'inadequate', in the framework's words (§37)", async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await postForm(OUTCOME, INSPECTOR, { helpedAndProtected: 'inadequate', leadersAndManagers: 'good', overall: 'good' });

    // Assess
    expect(response.status).toBe(400);
    const [problem, ...others] = errorSummaryOf(response.html);
    expect(others).toEqual([]);
    expect(problem).toEqual({
      text: "Overall 'good' is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate' (Children's homes framework 2015 §37)",
      href: '#overall',
    });
    expect(inlineErrorOf(response.html, 'overall')).toContain('§37');
    expect(response.html).toContain('name="overall" type="radio" value="good" checked');
    expect((await repository().requireInspection('insp-0001')).outcome).toBeUndefined();
  });

  it('asks for every unanswered judgement', async () => {
    await storedInspection();

    const response = await postForm(OUTCOME, INSPECTOR, {});

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select the judgement for helped and protected', href: '#helpedAndProtected' },
      { text: 'Select the judgement for leaders and managers', href: '#leadersAndManagers' },
      { text: 'Select the judgement for overall experiences and progress', href: '#overall' },
    ]);
  });

  it('requires the summary of concerns when overall is inadequate (SCCIF 15.3)', async () => {
    await storedInspection();

    const response = await postForm(OUTCOME, INSPECTOR, { helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', overall: 'inadequate' });

    expect(errorSummaryOf(response.html)).toEqual([
      {
        text:
          'Summary of the main concerns is required when overall is inadequate: local authorities must be sent a summary of the main concerns (SCCIF 15.3)',
        href: '#summaryOfConcerns',
      },
    ]);
  });

  it('refuses a summary naming a child by their initials in one sentence (it read "Summary …: names a child …: it is emailed …")', async () => {
    await storedInspection();

    const response = await postForm(OUTCOME, INSPECTOR, { helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', overall: 'inadequate', summaryOfConcerns: 'A.B went missing.' });

    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'Summary of the main concerns names a child of this inspection by their initials: it is emailed as written, so describe the concerns without identifying any child, by name or by initials',
        href: '#summaryOfConcerns',
      },
    ]);
  });

  it('shows every problem at once: an unanswered judgement and the summary inadequate calls for (found by a new-user walk: two rounds)', async () => {
    await storedInspection();

    const response = await postForm(OUTCOME, INSPECTOR, { leadersAndManagers: 'inadequate', overall: 'inadequate' });

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Select the judgement for helped and protected', href: '#helpedAndProtected' },
      {
        text:
          'Summary of the main concerns is required when overall is inadequate: local authorities must be sent a summary of the main concerns (SCCIF 15.3)',
        href: '#summaryOfConcerns',
      },
    ]);
  });

  it('rejects a vacancy date that does not exist, on the date input', async () => {
    await storedInspection();

    const response = await postForm(OUTCOME, INSPECTOR, {
      helpedAndProtected: 'good',
      leadersAndManagers: 'good',
      overall: 'good',
      'registeredManagerVacantSince-day': '31',
      'registeredManagerVacantSince-month': '4',
      'registeredManagerVacantSince-year': '2026',
    });

    expect(errorSummaryOf(response.html)).toEqual([
      { text: 'Date the registered manager post fell vacant must be a real date', href: '#registeredManagerVacantSince-day' },
    ]);
  });

  it('records the outcome, resumes the run and answers 303 to the inspection, which shows it with the verdict', async () => {
    // Prepare
    await storedInspection();
    await waitingForOutcome('insp-0001', 'full-inspection', 'TOKEN-outcome-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

    // Act
    const response = await postForm(OUTCOME, INSPECTOR, {
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'requires-improvement',
      overall: 'inadequate',
      summaryOfConcerns: 'Restraint is used too often; records are incomplete.',
    });

    // Assess
    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/inspections/insp-0001?done=outcome');
    expect((await repository().requireInspection('insp-0001')).outcome?.outcome).toMatchObject({ process: 'full-inspection', overall: 'inadequate' });
    expect(sfnCalls.succeeded(harness)).toHaveLength(1);

    const page = await getPage('/app/inspections/insp-0001', INSPECTOR, { done: 'outcome' });
    const text = textOf(page.html);
    expect(page.html).toContain('govuk-notification-banner--success');
    expect(text).toContain('Outcome recorded');
    expect(text).toContain('Overall experiences and progress Inadequate');
    expect(text).toContain('Next: Inadequate pathway.');
    expect(page.html).not.toContain('href="/app/inspections/insp-0001/outcome"');
  });

  it('answers 409 when the outcome was recorded meanwhile', async () => {
    await storedInspection();
    await postForm(OUTCOME, INSPECTOR, { helpedAndProtected: 'good', leadersAndManagers: 'good', overall: 'good' });

    const response = await postForm(OUTCOME, INSPECTOR, { helpedAndProtected: 'good', leadersAndManagers: 'good', overall: 'outstanding' });

    expect(response.status).toBe(409);
    expect(h1Of(response.html)).toEqual(['The outcome has already been recorded']);
  });

  it('records an assurance visit with no concerns from yes/no answers', async () => {
    await storedInspection({
      process: 'assurance-visit',
      establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: parseLocalDate('2026-12-21') },
    });

    const response = await postForm(OUTCOME, INSPECTOR, { seriousOrWidespreadConcerns: 'no' });

    expect(response.status).toBe(303);
    expect((await repository().requireInspection('insp-0001')).outcome?.outcome).toEqual({
      process: 'assurance-visit',
      seriousOrWidespreadConcerns: false,
    });
  });

  it('words the refusal of serious concerns without serious or widespread ones in the form’s questions, not the API’s field names', async () => {
    await storedInspection({
      process: 'assurance-visit',
      establishment: { urn: 'SC654321', name: 'Hill Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      dates: { day1: parseLocalDate('2026-12-21') },
    });

    const response = await postForm(OUTCOME, INSPECTOR, { seriousOrWidespreadConcerns: 'no', concernsSerious: 'yes' });

    expect(response.status).toBe(400);
    expect(inlineErrorOf(response.html, 'concernsSerious')).toContain('Answer no to “Are the concerns serious, not only widespread?”, or leave it blank: the visit found no serious or widespread concerns');
    expect(textOf(response.html)).not.toContain('seriousOrWidespreadConcerns');
    expect((await repository().requireInspection('insp-0001')).outcome).toBeUndefined();
  });

  it('refuses a monitoring visit dated before the inspection ended, on the date input, and records nothing', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:00:00.000Z', origin: 'inadequate' } },
    });

    const response = await postForm(OUTCOME, INSPECTOR, {
      outcome: 'further-monitoring',
      stepsTowardsCancellation: 'notice-of-proposal-to-cancel',
      'visitDate-day': '21',
      'visitDate-month': '12',
      'visitDate-year': '2026',
    });

    const message = 'Date of the monitoring visit cannot be before the last day of the inspection it follows (Tue 22 Dec 2026), not Mon 21 Dec 2026';
    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([{ text: message, href: '#visitDate-day' }]);
    expect(inlineErrorOf(response.html, 'visitDate')).toBe(message);
    expect((await repository().requireInspection('insp-0001')).monitoringOutcome).toBeUndefined();
  });

  it('rejects an improved judgement whose conditions are not all met (SCCIF 15.1)', async () => {
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE_ON_22_DECEMBER,
      followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:00:00.000Z', origin: 'inadequate' } },
    });

    const response = await postForm(OUTCOME, INSPECTOR, {
      outcome: 'improved-judgement',
      'visitDate-day': '2',
      'visitDate-month': '2',
      'visitDate-year': '2027',
      concernsDiscrete: 'yes',
      wouldOtherwiseBeHigher: 'yes',
      goodTrackRecord: 'yes',
      leadershipOrProtectionConcerns: 'yes',
      rectifiableQuickly: 'yes',
      allRequirementsMet: 'yes',
      improvedJudgement: 'good',
    });

    expect(response.status).toBe(400);
    expect(errorSummaryOf(response.html)).toEqual([
      {
        text: 'Concerns about leadership or protection must be no for an improved judgement: there are no concerns about leadership and management or the protection of children (SCCIF 15.1)',
        href: '#leadershipOrProtectionConcerns',
      },
    ]);
  });
});

describe('further monitoring and an improved judgement on the web (children’s homes framework §74-77)', () => {
  const INADEQUATE = {
    outcome: { process: 'full-inspection' as const, overall: 'inadequate' as const, helpedAndProtected: 'inadequate' as const, leadersAndManagers: 'inadequate' as const, summaryOfConcerns: 'Restraint.' },
    recordedBy: INSPECTOR.id,
    recordedAt: '2026-12-22T17:00:00.000Z',
  };
  const monitoringRun = { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-23T09:00:00.000Z', origin: 'inadequate' as const };

  it('lets a manager set the next visit’s window in weeks on the form (§71); the lead inspector has no such boxes', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    const visit = { outcome: 'further-monitoring', 'visitDate-day': '23', 'visitDate-month': '12', 'visitDate-year': '2026', stepsTowardsCancellation: 'cancellation-considered' };

    expect((await getPage(OUTCOME, INSPECTOR)).html).not.toContain('name="nextVisitWindow-earliestWeeks"');
    expect((await getPage(OUTCOME, MANAGER)).html).toContain('name="nextVisitWindow-earliestWeeks"');

    const fraction = await postForm(OUTCOME, MANAGER, { ...visit, 'nextVisitWindow-earliestWeeks': '4.5', 'nextVisitWindow-latestWeeks': '6' });
    expect(fraction.status).toBe(400);
    expect(errorSummaryOf(fraction.html)[0]).toMatchObject({ href: '#nextVisitWindow-earliestWeeks' });
    expect(inlineErrorOf(fraction.html, 'nextVisitWindow-earliestWeeks')).toContain('must be a whole number');

    const backwards = await postForm(OUTCOME, MANAGER, { ...visit, 'nextVisitWindow-earliestWeeks': '5', 'nextVisitWindow-latestWeeks': '3' });
    expect(backwards.status).toBe(400);
    expect(errorSummaryOf(backwards.html)).toEqual([{ text: "The next visit's window must open no later than the week it is due by", href: '#nextVisitWindow-earliestWeeks' }]);

    expect((await postForm(OUTCOME, MANAGER, { ...visit, 'nextVisitWindow-earliestWeeks': '4', 'nextVisitWindow-latestWeeks': '6' })).status).toBe(303);
    const recorded = await repository().requireInspection('insp-0001');
    expect(recorded.monitoringOutcome?.outcome).toMatchObject({ nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 } });
    // 4 to 6 weeks from Wed 23 Dec 2026.
    expect(textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html)).toContain('next visit between Wednesday 20 January 2027 and Wednesday 3 February 2027');
  });

  it('leaves out the answers of another outcome ticked before changing one’s mind (a radio cannot be unticked without script)', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    // "An improved judgement" was chosen, "Good" ticked; then "Further monitoring" chosen instead.
    const form = new URLSearchParams({ outcome: 'further-monitoring', 'visitDate-day': '23', 'visitDate-month': '12', 'visitDate-year': '2026', improvedJudgement: 'good', concernsDiscrete: 'yes' });
    form.append('stepsTowardsCancellation', 'cancellation-considered');

    expect((await postForm(OUTCOME, INSPECTOR, form)).status).toBe(303);
    const recorded = (await repository().requireInspection('insp-0001')).monitoringOutcome?.outcome;
    expect(recorded).toMatchObject({ outcome: 'further-monitoring', stepsTowardsCancellation: ['cancellation-considered'] });
    expect(recorded).not.toHaveProperty('improvedJudgement');
    // The conditions of an improved judgement answered on the way are not kept with another outcome.
    expect(recorded).not.toHaveProperty('concernsDiscrete');
  });

  it('shows the form again without those answers when it is refused (found by a new-user walk: "Good" stayed ticked)', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    // The visit's date is missing: the form comes back, with "Further monitoring" chosen and "Good" no longer ticked.
    const form = new URLSearchParams({ outcome: 'further-monitoring', improvedJudgement: 'good', goodTrackRecord: 'yes', 'nextVisitWindow-earliestWeeks': '4' });
    form.append('stepsTowardsCancellation', 'cancellation-considered');
    form.append('stepsTowardsCancellation', 'notice-of-proposal-to-cancel');
    const refused = await postForm(OUTCOME, MANAGER, form);
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/value="further-monitoring" checked/);
    expect(refused.html).not.toMatch(/value="good" checked/);
    // The conditions of an improved judgement are left out too; the steps ticked stay ticked (found by a new-user walk).
    expect(refused.html).not.toMatch(/name="goodTrackRecord"[^>]*value="yes" checked/);
    expect(refused.html).toMatch(/value="cancellation-considered" checked/);
    expect(refused.html).toMatch(/value="notice-of-proposal-to-cancel" checked/);
    expect(refused.html).toMatch(/name="nextVisitWindow-earliestWeeks"[^>]*value="4"/);
    // Chosen with an improved judgement, its grade stays ticked.
    const improved = await postForm(OUTCOME, MANAGER, { outcome: 'improved-judgement', improvedJudgement: 'good', goodTrackRecord: 'yes', 'nextVisitWindow-earliestWeeks': '4' });
    expect(improved.html).toMatch(/value="good" checked/);
    expect(improved.html).toMatch(/name="goodTrackRecord"[^>]*value="yes" checked/);
    expect(improved.html).not.toMatch(/name="nextVisitWindow-earliestWeeks"[^>]*value="4"/);
  });

  it("says on the form that a manager records an improved judgement (§76), and refuses the lead inspector's at the agreement's question", async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    const byAManager = /Only a manager records an improved judgement: the regulatory inspection manager must agree the concerns are discrete enough \(children's homes framework §76\)/;
    expect(textOf((await getPage(OUTCOME, INSPECTOR)).html)).toMatch(byAManager);
    expect(textOf((await getPage(OUTCOME, MANAGER)).html)).not.toMatch(byAManager);
    const improved = {
      outcome: 'improved-judgement',
      'visitDate-day': '23',
      'visitDate-month': '12',
      'visitDate-year': '2026',
      concernsDiscrete: 'yes',
      wouldOtherwiseBeHigher: 'yes',
      goodTrackRecord: 'yes',
      leadershipOrProtectionConcerns: 'no',
      rectifiableQuickly: 'yes',
      allRequirementsMet: 'yes',
      improvedJudgement: 'good',
    };

    const refused = await postForm(OUTCOME, INSPECTOR, improved);
    expect(refused.status).toBe(400);
    expect(errorSummaryOf(refused.html)).toEqual([
      { text: expect.stringMatching(/^Concerns discrete enough is the regulatory inspection manager's agreement \(children's homes framework §76\): ask a manager/), href: '#concernsDiscrete' },
    ]);
    expect((await repository().requireInspection('insp-0001')).monitoringOutcome).toBeUndefined();

    expect((await postForm(OUTCOME, MANAGER, improved)).status).toBe(303);
    expect((await repository().requireInspection('insp-0001')).monitoringOutcome).toMatchObject({ outcome: { improvedJudgement: 'good' }, recordedBy: MANAGER.id });
  });

  it('asks in plain words for what an improved judgement still needs: the new judgement, and each condition unanswered', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });

    const response = await postForm(OUTCOME, INSPECTOR, { outcome: 'improved-judgement', 'visitDate-day': '23', 'visitDate-month': '12', 'visitDate-year': '2026', stepsTowardsCancellation: 'cancellation-considered' });

    expect(response.status).toBe(400);
    const summary = errorSummaryOf(response.html).map((item) => item.text);
    expect(summary).toContain('Select yes or no: does the regulatory inspection manager agree the concerns are discrete enough? An improved judgement needs every condition to hold (SCCIF 15.1).');
    expect(summary).toContain("Select the new overall judgement: an improved judgement needs one (children's homes framework §74)");
    expect(summary.join(' ')).not.toMatch(/when outcome is|improved-judgement|stepsTowardsCancellation/);
  });

  it('refuses steps towards cancellation ticked with another outcome, naming the boxes (they can be unticked), and records nothing (found by a new-user walk)', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    const visit = { outcome: 'full-inspection', 'visitDate-day': '23', 'visitDate-month': '12', 'visitDate-year': '2026' };

    const ticked = await postForm(OUTCOME, INSPECTOR, { ...visit, stepsTowardsCancellation: 'cancellation-considered' });
    const message = 'Untick the steps towards cancellation, or choose further monitoring: they are recorded only with further monitoring';
    expect(ticked.status).toBe(400);
    expect(errorSummaryOf(ticked.html)).toEqual([{ text: message, href: '#stepsTowardsCancellation' }]);
    expect((await repository().requireInspection('insp-0001')).monitoringOutcome).toBeUndefined();

    // No outcome chosen: asked for as an outcome, not a judgement.
    const { outcome: _outcome, ...dateOnly } = visit;
    expect(errorSummaryOf((await postForm(OUTCOME, INSPECTOR, dateOnly)).html)).toContainEqual({ text: 'Select the outcome of the monitoring visit', href: '#outcome' });

    expect((await postForm(OUTCOME, INSPECTOR, visit)).status).toBe(303);
    expect((await repository().requireInspection('insp-0001')).monitoringOutcome?.outcome).not.toHaveProperty('stepsTowardsCancellation');
  });

  it('records further monitoring with the steps towards cancellation ticked, and refuses it without them', async () => {
    await storedInspection({ status: 'in-progress', outcome: INADEQUATE, followUps: { 'monitoring-visit': monitoringRun } });
    const visit = { outcome: 'further-monitoring', 'visitDate-day': '23', 'visitDate-month': '12', 'visitDate-year': '2026' };

    const without = await postForm(OUTCOME, INSPECTOR, visit);
    expect(without.status).toBe(400);
    expect(errorSummaryOf(without.html)[0]).toEqual({ text: 'Select the steps towards cancellation taken: further monitoring is recorded with them (§77)', href: '#stepsTowardsCancellation' });

    const form = new URLSearchParams({ ...visit, summaryOfConcerns: 'Night staffing still below the agreed level.' });
    form.append('stepsTowardsCancellation', 'cancellation-considered');
    form.append('stepsTowardsCancellation', 'notice-of-proposal-to-cancel');
    expect((await postForm(OUTCOME, INSPECTOR, form)).status).toBe(303);
    const recorded = await repository().requireInspection('insp-0001');
    expect(recorded.monitoringOutcome?.outcome).toMatchObject({ stepsTowardsCancellation: ['cancellation-considered', 'notice-of-proposal-to-cancel'] });

    const page = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);
    expect(page).toContain('1st monitoring visit (current)');
    expect(page).toContain('steps towards cancellation: cancellation of the registration considered at a case review, notice of proposal to cancel the registration served');
    // The visit's own summary of concerns is shown with it (found by a new-user walk).
    expect(page).toContain('summary of concerns: “Night staffing still below the agreed level.”');
    // 6 to 8 weeks from the visit, by default (§71).
    expect(page).toContain('next visit between Wednesday 3 February 2027 and Wednesday 17 February 2027');
  });

  it('shows an improved judgement awarded at the 2nd visit as the current judgement, the original kept', async () => {
    const first = {
      outcome: { process: 'monitoring-visit' as const, outcome: 'further-monitoring' as const, visitDate: parseLocalDate('2027-02-02'), stepsTowardsCancellation: ['notice-of-proposal-to-cancel' as const] },
      recordedBy: INSPECTOR.id,
      recordedAt: '2027-02-02T17:00:00.000Z',
    };
    await storedInspection({
      status: 'in-progress',
      outcome: INADEQUATE,
      followUps: { 'monitoring-visit': { ...monitoringRun, executionName: 'insp-0001--monitoring-visit-2' } },
      monitoringVisitNumber: 2,
      monitoringVisits: [{ number: 1, outcome: first, actuals: { publish: parseLocalDate('2027-03-01') }, executionName: 'insp-0001--monitoring-visit' }],
      monitoringOutcome: {
        outcome: { process: 'monitoring-visit', outcome: 'improved-judgement', visitDate: parseLocalDate('2027-03-25'), improvedJudgement: 'requires-improvement', ...EVERY_CONDITION },
        recordedBy: INSPECTOR.id,
        recordedAt: '2027-03-25T17:00:00.000Z',
      },
    });

    const page = textOf((await getPage('/app/inspections/insp-0001', MANAGER)).html);
    expect(page).toContain('Current judgement');
    expect(page).toContain('Requires improvement: an improved judgement awarded at the 2nd monitoring visit on Thursday 25 March 2027');
    expect(page).toContain('the original judgement was inadequate');
    expect(page).toContain('1st monitoring visit');
    expect(page).toContain('report published on Monday 1 March 2027');
    // The improved judgement ended the visits: none is "current" any more (found by a new-user walk).
    expect(page).toContain('2nd monitoring visit');
    expect(page).not.toContain('(current)');
    // The outcome's summary gives the new judgement in words, never its code (found by a walk).
    expect(page).toContain('New overall judgement Requires improvement');
    expect(page).not.toContain('requires-improvement');
  });
});
