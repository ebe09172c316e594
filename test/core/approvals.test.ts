/** How approvals are named and what a decided one resumes the run with (functions/core/approvals.ts). */
import { describe, expect, it } from 'vitest';
import { approvalFollows, approvalIdFor, consideredNotRecorded, decisionOutput, decisionRecordedEmails } from '../../functions/core/approvals';
import { inspectionRecord } from '../adapters/inspection-fixtures';
import type { InspectionRecord, RecordedDecision } from '../../functions/core/inspection';
import type { EnforcementAction, EnforcementConsidered } from '../../functions/core/schemas';

describe('approvals', () => {
  it('names an approval opaquely and the same way every time, by inspection, process and kind', () => {
    const id = approvalIdFor('insp-1', 'inadequate', 'case-review');
    expect(id).toMatch(/^apr-[0-9a-f]{24}$/);
    expect(approvalIdFor('insp-1', 'inadequate', 'case-review')).toBe(id);
    expect(approvalIdFor('insp-1', 'assurance-visit', 'case-review')).not.toBe(id);
  });

  it('answers a wait with the decision only once there is one, without the rationale or who decided (execution history keeps it)', () => {
    const decision: RecordedDecision = {
      approvalId: 'apr-1',
      kind: 'case-review',
      decision: 'full-inspection',
      rationale: 'The home needs a full inspection soon.',
      decidedBy: 'manager-1',
      decidedAt: '2026-12-24T09:30:00.000Z',
    };
    expect(decisionOutput({ approvalId: 'apr-1' })).toBeUndefined();
    expect(decisionOutput({ approvalId: 'apr-1', decision })).toEqual({
      approvalId: 'apr-1',
      decision: 'full-inspection',
      decidedAt: '2026-12-24T09:30:00.000Z',
    });
  });
});

describe('approvalFollows: what an approval request says the decision follows', () => {
  const recorded = { recordedBy: 'inspector-1', recordedAt: '2026-12-22T15:00:00.000Z' };

  it('names the inspection, its last day, its lead inspector and its judgement', () => {
    const record = inspectionRecord({
      outcome: { outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Fire doors.' }, ...recorded },
    } as Partial<InspectionRecord>);
    expect(approvalFollows(record)).toEqual({ activity: 'full-inspection', endedOn: '2026-12-22', leadInspector: 'Ann Inspector', found: 'judged the home inadequate overall' });
  });

  it('an interim decline with enough cause for concern, and an assurance visit’s serious concerns, in words; no free text', () => {
    const interim = inspectionRecord({
      process: 'interim-inspection',
      outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', enoughCauseForConcern: true, summaryOfConcerns: 'Staffing.' }, ...recorded },
    } as Partial<InspectionRecord>);
    expect(approvalFollows(interim).found).toBe("judged the home's effectiveness declined, with enough cause for concern");
    expect(JSON.stringify(approvalFollows(interim))).not.toContain('Staffing');
    const withoutOutcome = inspectionRecord();
    expect(approvalFollows(withoutOutcome)).not.toHaveProperty('found');
  });

  it('lists the actions a case review considered that are not recorded as issued yet, in its order; none when it considered none', () => {
    const enforcement: EnforcementConsidered = { actions: ['compliance-notice', 'suspension', 'notice-of-proposal-to-cancel'], against: ['establishment'] };
    expect(consideredNotRecorded(enforcement, [])).toEqual(['compliance-notice', 'suspension', 'notice-of-proposal-to-cancel']);
    expect(consideredNotRecorded(enforcement, [{ action: 'suspension' }, { action: 'cancellation' }])).toEqual(['compliance-notice', 'notice-of-proposal-to-cancel']);
    expect(consideredNotRecorded(enforcement, ['notice-of-proposal-to-cancel', 'compliance-notice', 'suspension'].map((action) => ({ action: action as EnforcementAction })))).toEqual([]);
    expect(consideredNotRecorded('none', [])).toEqual([]);
  });
});

describe('who is told of a decision recorded', () => {
  const settings = { complianceInspectorsEmail: 'compliance@ofsted.example', baseUrl: 'https://sccif.example.gov.uk' };
  const decided = (kind: RecordedDecision['kind'], decision: RecordedDecision['decision'], enforcement?: EnforcementConsidered): RecordedDecision => ({
    approvalId: 'apr-1',
    kind,
    decision,
    rationale: 'Reasons enough for the decision.',
    ...(enforcement === undefined ? {} : { enforcement }),
    decidedBy: 'decider-1',
    decidedAt: '2027-01-05T10:00:00.000Z',
  });
  const whom = (record: InspectionRecord, process: Parameters<typeof decisionRecordedEmails>[1], decision: RecordedDecision) =>
    decisionRecordedEmails(record, process, decision, settings).map((email) => [email.recipient.kind, email.to, email.template.enforcementDecided]);
  const withLead = inspectionRecord({ inspectorEmail: 'lead@ofsted.example' });

  it('the lead inspector always (when their address is known); the compliance inspectors when enforcement or compliance action was decided', () => {
    expect(whom(withLead, 'inadequate', decided('case-review', 'monitoring-visit', 'none'))).toEqual([['inspector', 'lead@ofsted.example', false]]);
    expect(whom(withLead, 'inadequate', decided('case-review', 'full-inspection', { actions: ['suspension'], against: ['establishment'] }))).toEqual([
      ['inspector', 'lead@ofsted.example', true],
      ['compliance-inspectors', 'compliance@ofsted.example', true],
    ]);
    expect(whom(withLead, 'interim-inspection', decided('interim-case-review', 'compliance-action-without-alerting-las')).map(([kind]) => kind)).toEqual(['inspector', 'compliance-inspectors']);
    expect(whom(withLead, 'inadequate', decided('la-contact-arrangements', 'inspector-contacts-all')).map(([kind]) => kind)).toEqual(['inspector']);
    // No address for the lead inspector: the compliance inspectors still hear of enforcement; nobody of the rest.
    expect(whom(inspectionRecord(), 'assurance-visit', decided('case-review', 'enforcement-action', { actions: ['compliance-notice'], against: ['establishment'] }))).toEqual([
      ['compliance-inspectors', 'compliance@ofsted.example', true],
    ]);
    expect(whom(inspectionRecord(), 'assurance-visit', decided('case-review', 'no-further-action', 'none'))).toEqual([]);
  });

  it("not the compliance inspectors of a family centre's case discussion: they decided it; the decider is named, or by role", () => {
    const [only, ...rest] = decisionRecordedEmails(withLead, 'rfc-inspection', decided('rfc-case-discussion', 'enforcement-action'), settings);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ recipient: { kind: 'inspector' }, duty: 'decision:rfc-inspection:rfc-case-discussion', recipientKey: 'lead-inspector:apr-1' });
    expect(only?.template).toMatchObject({ decidedBy: 'A social care compliance inspector', decision: 'Take enforcement action', enforcementDecided: true });
  });
});
