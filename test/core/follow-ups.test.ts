/** The process runs of one inspection (functions/core/follow-ups.ts). */
import { describe, expect, it } from 'vitest';
import { followUpOrigin } from '../../functions/core/follow-ups';
import { assuranceVisit, inadequateFullInspection } from '../functions/steps/step-harness';

describe('follow-ups', () => {
  it('takes the origin of a follow-up from the record', () => {
    const full = inadequateFullInspection();
    expect(followUpOrigin(full, 'inadequate')).toBe('full-inspection');
    expect(followUpOrigin(full, 'monitoring-visit')).toBe('inadequate');
    expect(followUpOrigin(assuranceVisit(), 'monitoring-visit')).toBe('assurance-visit');
  });
});
