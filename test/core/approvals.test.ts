/** How approvals are named and what a decided one resumes the run with (functions/core/approvals.ts). */
import { describe, expect, it } from 'vitest';
import { approvalIdFor, decisionOutput } from '../../functions/core/approvals';
import type { RecordedDecision } from '../../functions/core/inspection';

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
