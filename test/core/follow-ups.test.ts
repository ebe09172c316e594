/** The process runs of one inspection (functions/core/follow-ups.ts). */
import { describe, expect, it } from 'vitest';
import { followUpOrigin, fullInspectionReturnRefusal, recordedReturnVisit } from '../../functions/core/follow-ups';
import type { EarlierMonitoringVisit, RecordedOutcome } from '../../functions/core/inspection';
import { assuranceVisit, inadequateFullInspection } from '../functions/steps/step-harness';

describe('follow-ups', () => {
  it('takes the origin of a follow-up from the record', () => {
    const full = inadequateFullInspection();
    expect(followUpOrigin(full, 'inadequate')).toBe('full-inspection');
    expect(followUpOrigin(full, 'monitoring-visit')).toBe('inadequate');
    expect(followUpOrigin(assuranceVisit(), 'monitoring-visit')).toBe('assurance-visit');
  });

  it('takes the return visit (§71) from the first monitoring visit recorded, and refuses a full inspection as the return once there is one', () => {
    const visit = (visitDate: string): RecordedOutcome<'monitoring-visit'> => ({
      outcome: { process: 'monitoring-visit', visitDate, outcome: 'further-monitoring', stepsTowardsCancellation: 'noi' } as never,
      recordedBy: 'inspector-1',
      recordedAt: `${visitDate}T17:00:00.000Z`,
    });
    const none = inadequateFullInspection();
    expect(recordedReturnVisit(none)).toBeUndefined();
    expect(fullInspectionReturnRefusal(none)).toBeUndefined();

    const current = inadequateFullInspection({ monitoringOutcome: visit('2027-02-09') });
    expect(recordedReturnVisit(current)).toBe('2027-02-09');
    expect(fullInspectionReturnRefusal(current)).toMatch(/^cannot be a full inspection: a monitoring visit on Tue 9 Feb 2027 is already recorded as the return visit/);

    // After further monitoring the 1st visit is an earlier one: still the return visit, not the current one.
    const first: EarlierMonitoringVisit = { number: 1, outcome: visit('2027-02-09'), actuals: {}, executionName: 'x--monitoring-visit' };
    const later = inadequateFullInspection({ monitoringVisits: [first], monitoringVisitNumber: 2, monitoringOutcome: visit('2027-03-09') });
    expect(recordedReturnVisit(later)).toBe('2027-02-09');
  });
});
