/** Report stages (functions/core/reports.ts). */
import { describe, expect, it } from 'vitest';
import { complaintsCountFromPublication, reportStageFor } from '../../functions/core/reports';

describe('reports', () => {
  it('publishes the monitoring visit’s report, and counts complaints from publication for children’s homes only', () => {
    expect(reportStageFor('monitoring-visit-latest')).toBe('publish');
    expect(reportStageFor('case-review')).toBeUndefined();
    expect(complaintsCountFromPublication('full-inspection')).toBe(true);
    expect(complaintsCountFromPublication('interim-inspection')).toBe(true);
    expect(complaintsCountFromPublication('assurance-visit')).toBe(false);
    expect(complaintsCountFromPublication('rfc-inspection')).toBe(false);
  });
});
