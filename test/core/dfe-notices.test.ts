/**
 * Which inspections' decisions reach the DfE (SCCIF 15.2: secure children's homes only), and what a refusal of reasons
 * naming a child says of where they go.
 */
import { describe, expect, it } from 'vitest';
import { dfeNotice, notifiesDfe, rationaleKeptWords } from '../../functions/core/dfe-notices';
import type { InspectionRecord } from '../../functions/core/inspection';
import { inspectionRecord } from '../adapters/inspection-fixtures';

describe('rationaleKeptWords', () => {
  const of = (kind: 'childrens-home' | 'secure-childrens-home' | 'residential-family-centre') => {
    const record = inspectionRecord();
    return { ...record, establishment: { ...record.establishment, kind } };
  };

  it("says the reasons are quoted to the DfE for a secure children's home only (found by a new-user walk: said of every home)", () => {
    expect(notifiesDfe(of('secure-childrens-home'))).toBe(true);
    expect(rationaleKeptWords(of('secure-childrens-home'))).toBe('they are recorded with the decision and quoted to the DfE, so give them without identifying any child, by name or by initials');
    for (const kind of ['childrens-home', 'residential-family-centre'] as const) {
      expect(notifiesDfe(of(kind))).toBe(false);
      expect(rationaleKeptWords(of(kind))).toBe('they are recorded with the decision, so give them without identifying any child, by name or by initials');
    }
  });
});

describe('dfeNotice: a monitoring visit’s outcome', () => {
  const visit = { outcome: { process: 'monitoring-visit', outcome: 'sufficient-steps-taken', visitDate: '2027-03-02' }, recordedBy: 'inspector-1', recordedAt: '2027-03-02T15:00:00.000Z' };
  const after = (overrides: Partial<InspectionRecord>) =>
    inspectionRecord({
      process: 'assurance-visit',
      followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-30T10:00:00.000Z', origin: 'assurance-visit' } },
      monitoringOutcome: visit,
      ...overrides,
    } as Partial<InspectionRecord>);

  it('gives the visit’s number once further monitoring numbered them, and none before', () => {
    expect(dfeNotice(after({ monitoringVisitNumber: 2 }), 'monitoring-outcome')).toMatchObject({ visitNumber: 2, visitDate: '2027-03-02' });
    expect(dfeNotice(after({}), 'monitoring-outcome')).not.toHaveProperty('visitNumber');
  });
});
