/** Return visits (functions/core/return-visits.ts). */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { returnInspectionOf, returnReasonFor } from '../../functions/core/return-visits';
import { inadequateFullInspection } from '../functions/steps/step-harness';

describe('returnInspectionOf: the deadline a return inspection discharges on the earlier record', () => {
  const scheduled = (latest: string) => ({ latest: parseLocalDate(latest), scheduledAt: '2026-12-23T10:00:00.000Z' });
  const logged = (process: 'full-inspection' | 'rfc-inspection', inspectionStart: string, urn = 'SC123456') => ({
    process,
    establishment: { urn },
    dates: { inspectionStart: parseLocalDate(inspectionStart) },
  });

  it('is the one due first when a return full inspection and the 16-week one are both due', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-02-08'))).toEqual({
      ok: true,
      value: { visit: 'return-full-inspection', processes: ['inadequate'], stepId: 'monitoring-visit-latest' },
    });
  });

  it('skips the one already carried out', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-10') } },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-04-05'))).toMatchObject({
      ok: true,
      value: { visit: 'full-inspection', stepId: 'full-inspection-latest' },
    });
  });

  it("is an RFC's next inspection (§45) for an RFC inspection, on the day after the earlier one ended", () => {
    const original = inadequateFullInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC123456', name: 'Ash Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      scheduled: { 'next-inspection': { visit: 'next-inspection', ...scheduled('2027-12-22') } },
    });
    expect(returnInspectionOf(original, logged('rfc-inspection', '2026-12-23'))).toEqual({
      ok: true,
      value: { visit: 'next-inspection', processes: ['rfc-inspection'], stepId: 'next-inspection-latest' },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-23'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });

  it('refuses a start on the day the earlier inspection ended, and another establishment, naming the field', () => {
    const original = inadequateFullInspection({ scheduled: { 'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') } } });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-22'))).toMatchObject({ ok: false, error: { field: 'dates.inspectionStart' } });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-01-11', 'SC000001'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });
});

describe('returnReasonFor: why a case review is held or a return visit is due', () => {
  it.each([
    ['full-inspection', 'inadequate-judgement'],
    ['interim-inspection', 'interim-decline'],
    ['assurance-visit', 'assurance-visit-serious-concerns'],
    ['rfc-inspection', 'inadequate-judgement'],
  ] as const)('is %s → %s', (process, reason) => {
    expect(returnReasonFor(process)).toBe(reason);
  });
});
