/**
 * RFC framework §42: an inadequate judgement of a family centre whose last inspection was judged inadequate makes the
 * case discussion mandatory. When the system holds that last inspection, "No" (or no answer) is refused naming the
 * question, and the outcome form starts with the answer the records give (found by a new-user walk).
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { RecordedOutcome } from '../../../functions/core/inspection';
import { errorSummaryOf, getPage, postForm, textOf, useWebHarness } from '../web/web-harness';
import { rfcInadequateOutcome } from '../../support/outcomes';
import { repository } from '../../../functions/adapters/repository';
import type { LocalUser } from '../../../infra/local/api-gateway';
import { INSPECTOR, pendingApproval, post, storedInspection } from './api-harness';

const COMPLIANCE: LocalUser = { id: 'compliance-1', email: 'cora.compliance@ofsted.example', name: 'Cora Compliance', groups: ['compliance-inspectors'] };

useWebHarness('2027-09-20T10:00:00.000Z');

const CENTRE = { urn: 'SC123456', name: 'Willow Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' } as const;
const judged = (overall: string): RecordedOutcome =>
  ({
    outcome: { process: 'rfc-inspection', overall, assessment: overall, helpedAndProtected: overall, leadersAndManagers: overall, partners: overall, ...(overall === 'inadequate' ? { summaryOfConcerns: 'Assessments are not completed.' } : {}) },
    recordedBy: INSPECTOR.id,
    recordedAt: '2026-12-22T17:30:00.000Z',
  }) as RecordedOutcome;
// With no answer to the last inspection's question: each test gives its own.
const { lastInspectionInadequate: _answer, ...inadequate } = rfcInadequateOutcome({ immediateRiskOfHarm: false });

async function centreInspectedTwice(earlier: string) {
  await storedInspection({ id: 'insp-earlier', process: 'rfc-inspection', establishment: CENTRE, status: 'in-progress', outcome: judged(earlier) });
  await storedInspection({
    id: 'insp-0001',
    process: 'rfc-inspection',
    establishment: CENTRE,
    status: 'awaiting-outcome',
    followUpOf: 'insp-earlier',
    dates: { inspectionStart: parseLocalDate('2027-09-13'), inspectionEnd: parseLocalDate('2027-09-15') },
  });
}

describe('the last inspection of a family centre, judged inadequate (§42)', () => {
  it('refuses "No", and no answer, naming the question and the inspection; accepts "Yes", with the case discussion mandatory', async () => {
    await centreInspectedTwice('inadequate');
    const no = await post('/inspections/insp-0001/outcome', INSPECTOR, { ...inadequate, lastInspectionInadequate: false });
    expect(no.status).toBe(400);
    expect(no.body.errors).toEqual([
      {
        field: 'lastInspectionInadequate',
        message: 'must be true: the last inspection of this centre (insp-earlier, ended Tue 22 Dec 2026) was judged inadequate overall, so the case discussion is mandatory (residential family centres framework §42)',
      },
    ]);
    expect((await post('/inspections/insp-0001/outcome', INSPECTOR, inadequate)).status).toBe(400);
    const yes = await post('/inspections/insp-0001/outcome', INSPECTOR, { ...inadequate, lastInspectionInadequate: true });
    expect(yes.status).toBe(200);
    expect(yes.body.followUps).toEqual(expect.arrayContaining([expect.objectContaining({ process: 'rfc-case-discussion', title: 'Case discussion with a social care compliance inspector (mandatory)' })]));
  });

  it('leaves the answer to the inspector when the last inspection was not inadequate, and the form starts with it', async () => {
    await centreInspectedTwice('requires-improvement');
    const { html } = await getPage('/app/inspections/insp-0001/outcome', INSPECTOR);
    expect(html).toMatch(/name="lastInspectionInadequate"[^>]*value="no"[^>]*checked/);
    expect((await post('/inspections/insp-0001/outcome', INSPECTOR, { ...inadequate, lastInspectionInadequate: false })).status).toBe(200);
  });

  it('starts the form with "Yes" when it was inadequate', async () => {
    await centreInspectedTwice('inadequate');
    const { html } = await getPage('/app/inspections/insp-0001/outcome', INSPECTOR);
    expect(html).toMatch(/name="lastInspectionInadequate"[^>]*value="yes"[^>]*checked/);
    expect(textOf(html)).toContain("From the records: the centre's last inspection (insp-earlier, ended Tuesday 22 December 2026) was judged inadequate overall.");
  });
});

describe('the same refusal on the form, in its words', () => {
  it('says to answer yes, naming the inspection', async () => {
    await centreInspectedTwice('inadequate');
    const form: Record<string, string> = {
      overall: 'inadequate',
      assessment: 'inadequate',
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'inadequate',
      partners: 'requires-improvement',
      summaryOfConcerns: 'Assessments are still not completed.',
      immediateRiskOfHarm: 'no',
      breachOfRegulationsConstitutingOffence: 'no',
      breachOfRegistrationConditions: 'no',
      lastInspectionInadequate: 'no',
    };
    const { html } = await postForm('/app/inspections/insp-0001/outcome', INSPECTOR, form);
    expect(errorSummaryOf(html).map(({ text }) => text)).toEqual([
      'Answer yes: the last inspection of this centre (insp-earlier, ended Tue 22 Dec 2026) was judged inadequate overall, so the case discussion is mandatory (§42)',
    ]);
  });
});

describe("the compliance inspector's case discussion page", () => {
  it("shows the centre's last inspection and what its case discussion decided (RFC §43-44: the history they weigh; found by a new-user walk)", async () => {
    await centreInspectedTwice('inadequate');
    await repository().recordDecision('insp-earlier', 'rfc-case-discussion', { approvalId: 'apr-earlier', kind: 'rfc-case-discussion', decision: 'requirements-only', rationale: 'Requirements are enough for now.', decidedBy: 'compliance-1', decidedAt: '2026-12-24T10:00:00.000Z' } as never, '2026-12-24T10:00:00.000Z');
    await pendingApproval({ approvalId: 'apr-0002', process: 'rfc-inspection', kind: 'rfc-case-discussion', stepId: 'case-discussion' });
    const { status, html } = await getPage('/app/approvals/apr-0002', COMPLIANCE);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('Last inspection insp-earlier, ended Tuesday 22 December 2026: judged inadequate overall; its case discussion decided: set requirements only');
  });
});
