/** How approvals are named and what a decided one resumes the run with (functions/core/approvals.ts). */
import { describe, expect, it } from 'vitest';
import { approvalFollows, approvalIdFor, consideredNotRecorded, decisionOutput } from '../../functions/core/approvals';
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
