/**
 * Which inspections' decisions reach the DfE (SCCIF 15.2: secure children's homes only), and what a refusal of reasons
 * naming a child says of where they go.
 */
import { describe, expect, it } from 'vitest';
import { notifiesDfe, rationaleKeptWords } from '../../functions/core/dfe-notices';
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
