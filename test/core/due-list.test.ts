/**
 * The stored due list's entries (core/due-list.ts): computed once from every recorded inspection, then placed on a
 * day; a window met by an inspection after that day reads as not met yet, exactly as planning "as of that day" does.
 */
import { describe, expect, it } from 'vitest';
import { planOf } from '../../functions/app/establishments';
import { parseLocalDate } from '../../functions/core/calendar';
import { dueListEntry, dueRows, filterDueRows, riskOf } from '../../functions/core/due-list';
import { RegisterEntry } from '../../functions/core/establishments';
import { windowStatus } from '../../functions/core/inspection-plan';
import { inspectionRecord } from '../adapters/inspection-fixtures';

const oak = RegisterEntry.parse({
  urn: 'SC100001',
  name: 'Oak House',
  kind: 'childrens-home',
  hostAuthority: 'E09000007',
  registeredOn: '2019-06-01',
  registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2020-01-06' },
  providerContact: { name: 'Oak Care Ltd', email: 'office@oak.example' },
});

const inspected = (id: string, end: string) =>
  inspectionRecord({ id, establishment: { urn: 'SC100001', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E09000007' }, dates: { inspectionStart: parseLocalDate(end), inspectionEnd: parseLocalDate(end) } });

describe('the due list placed on a day', () => {
  const records = [inspected('insp-1', '2026-06-10'), inspected('insp-2', '2027-01-20')];
  const stored = dueListEntry(oak, records, 2026);

  it.each(['2026-12-23', '2027-01-19', '2027-01-20', '2027-03-31'])('on %s equals the plan made with the history as of that day', (day) => {
    const today = parseLocalDate(day);
    const now = new Date(`${day}T12:00:00Z`);
    const expected = planOf(oak, records, 2026, now).windows.map((window) => {
      const { status, workingDaysLeft } = windowStatus(window, today);
      return { id: window.id, met: window.met, status, risk: riskOf(status, workingDaysLeft) };
    });
    const placed = dueRows([stored], today).map(({ id, met, status, risk }) => ({ id, met, status, risk }));
    expect(placed).toEqual(expect.arrayContaining(expected));
    expect(placed).toHaveLength(expected.length);
  });

  it('the second inspection is met only from the day of the later inspection', () => {
    const before = dueRows([stored], parseLocalDate('2027-01-19')).find((row) => row.id === 'second-inspection');
    const on = dueRows([stored], parseLocalDate('2027-01-20')).find((row) => row.id === 'second-inspection');
    expect(before?.met).toBeUndefined();
    expect(on?.met).toEqual({ on: '2027-01-20', kind: 'full', inspectionId: 'insp-2' });
  });

  it('a closed establishment, or one registered after the year, has no windows', () => {
    expect(dueListEntry({ ...oak, status: 'closed' }, records, 2026).windows).toEqual([]);
    expect(dueListEntry({ ...oak, registeredOn: parseLocalDate('2027-04-01') }, [], 2026).windows).toEqual([]);
  });

  it('an inspection before a corrected registration day meets nothing and breaks nothing', () => {
    const entry = dueListEntry({ ...oak, registeredOn: parseLocalDate('2026-07-01') }, records, 2026);
    expect(entry.windows.map((window) => window.id)).toEqual(['first-inspection']);
  });

  it('filters by type, authority and risk, keeping the order', () => {
    const rows = dueRows([stored, { ...stored, urn: 'SC100002', hostAuthority: 'E08000003' }], parseLocalDate('2026-12-23'));
    expect(filterDueRows(rows, { hostAuthority: 'E08000003' }).every((row) => row.urn === 'SC100002')).toBe(true);
    expect(filterDueRows(rows, { risk: 'complete' }).map((row) => row.urn)).toEqual(['SC100001', 'SC100002']);
  });
});
