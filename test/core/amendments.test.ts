/** Amending judgements after quality assurance (children's homes framework §99; RFC framework §67, §75). */
import { describe, expect, it } from 'vitest';
import {
  amendmentBlocked,
  amendmentConsequences,
  callDateErrors,
  changedJudgements,
  correctionPlan,
} from '../../functions/core/amendments';
import { parseLocalDate } from '../../functions/core/calendar';
import { renderEmail } from '../../functions/core/email-content';
import type { RecordedOutcome } from '../../functions/core/inspection';
import { OutcomeAmended, parseWith } from '../../functions/core/schemas';
import { inspectionRecord } from '../adapters/inspection-fixtures';

type Judgements = OutcomeAmended['judgements'];
const full = (overall: string, helpedAndProtected = overall): Judgements =>
  ({ process: 'full-inspection', overall, helpedAndProtected, leadersAndManagers: 'good', summaryOfConcerns: 'Concerns.' }) as Judgements;
const interim = (effectiveness: string): Judgements => ({ process: 'interim-inspection', effectiveness }) as Judgements;
const recorded = (outcome: Judgements): RecordedOutcome => ({ outcome, recordedBy: 'inspector-1', recordedAt: '2026-12-22T17:30:00.000Z' });
const day = parseLocalDate;

describe('what counts as a change', () => {
  it('is a change of a graded judgement, listed in the order of the form', () => {
    expect(changedJudgements(full('good'), full('requires-improvement'))).toEqual(['overall', 'helpedAndProtected']);
  });

  it('is not a change of the summary or the vacancy date alone', () => {
    expect(changedJudgements(full('good'), { ...full('good'), summaryOfConcerns: 'Other words.' } as Judgements)).toEqual([]);
  });
});

describe('when an amendment may be made', () => {
  it('needs a recorded outcome', () => {
    expect(amendmentBlocked(inspectionRecord())).toMatch(/no outcome has been recorded/);
  });

  it('is before the report is sent to the provider (§99)', () => {
    const record = inspectionRecord({ outcome: recorded(full('good')) });
    expect(amendmentBlocked(record)).toBeUndefined();
    expect(amendmentBlocked({ ...record, actuals: { 'full-inspection': { 'report-to-provider': day('2027-01-04') } } })).toMatch(/sent to the provider on Monday 4 January 2027/);
  });
});

describe('the call to the registered manager (§99)', () => {
  it.each([
    ['2026-12-22', []],
    ['2027-01-05', []],
    ['2027-01-06', ['must not be in the future (today is 2027-01-05 in London)']],
    ['2026-12-21', ['must not be before the inspection ended (2026-12-22)']],
  ])('called on %s', (calledOn, messages) => {
    expect(callDateErrors(day(calledOn), day('2026-12-22'), day('2027-01-05')).map((error) => error.message)).toEqual(messages);
  });
});

describe('what follows an amendment', () => {
  it('starts the inadequate pathway when a full inspection becomes inadequate overall', () => {
    expect(amendmentConsequences(full('good'), full('inadequate'))).toEqual({ startInadequatePathway: true, withdrawAlerts: false, considerCaseReview: false });
  });

  it('withdraws the alerts when a full inspection stops being inadequate overall', () => {
    expect(amendmentConsequences(full('inadequate'), full('requires-improvement'))).toEqual({ startInadequatePathway: false, withdrawAlerts: true, considerCaseReview: false });
  });

  it('does nothing more while overall stays inadequate', () => {
    expect(amendmentConsequences(full('inadequate', 'inadequate'), full('inadequate', 'requires-improvement'))).toEqual({
      startInadequatePathway: false,
      withdrawAlerts: false,
      considerCaseReview: false,
    });
  });

  it('withdraws the alerts when an interim decline is amended away, and asks for a case review to be considered when one appears (§89)', () => {
    expect(amendmentConsequences(interim('declined'), interim('sustained'))).toMatchObject({ withdrawAlerts: true, considerCaseReview: false });
    expect(amendmentConsequences(interim('improved'), interim('declined'))).toMatchObject({ withdrawAlerts: false, considerCaseReview: true });
  });
});

describe('the correction to an alert', () => {
  const record = inspectionRecord({ outcome: recorded(full('inadequate')) });
  const sentAlert = {
    duty: 'dcs-alert',
    status: 'sent' as const,
    recipientKey: 'la:E09000007',
    to: 'dcs@camden.example',
    recipient: { kind: 'dcs' as const, authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host' as const] },
    sentAt: '2026-12-23T09:00:00.000Z',
  };

  it('goes to every alert sent, under its recipient key, and to nobody else', () => {
    const plan = correctionPlan(
      record,
      [sentAlert, { ...sentAlert, recipientKey: 'la:E08000003', status: 'failed' }, { ...sentAlert, duty: 'report-to-provider', recipientKey: 'provider' }],
      full('requires-improvement'),
      day('2027-01-05'),
    );
    expect(plan.map((correction) => [correction.recipientKey, correction.to])).toEqual([['la:E09000007', 'dcs@camden.example']]);
    expect(plan[0]?.template).toMatchObject({ alertSentOn: '2026-12-23', amendedOn: '2027-01-05', judgementNow: 'requires improvement', event: 'inadequate-full-inspection' });
  });

  it('says the alert is withdrawn and the judgement now, with no child and no summary of concerns', () => {
    const [correction] = correctionPlan(record, [sentAlert], full('requires-improvement'), day('2027-01-05'));
    const email = renderEmail(correction!.template);
    expect(email.subject).toBe('Ofsted: earlier alert withdrawn, judgement amended, URN SC123456');
    expect(email.text).toContain('The earlier alert is withdrawn.');
    expect(email.text).toContain('it is now requires improvement');
    expect(email.text).toContain('Wednesday 23 December 2026');
    expect(email.text).not.toContain('AB');
    expect(email.text).not.toContain('Concerns.');
  });
});

describe('the amendment body (OutcomeAmended)', () => {
  it('is the outcome body plus the reason and the call, and names an unknown field, "__proto__" included', () => {
    const body = JSON.parse(
      '{"process":"full-inspection","overall":"good","helpedAndProtected":"good","leadersAndManagers":"good","reason":"Moderated.","registeredManagerCalledOn":"2026-12-22","__proto__":null}',
    );
    expect(parseWith(OutcomeAmended, body)).toEqual({ ok: false, errors: [{ field: '__proto__', message: 'is not an allowed field' }] });
    expect(parseWith(OutcomeAmended, [])).toEqual({ ok: false, errors: [{ field: '(root)', message: 'must be an object, got an array' }] });
  });
});
