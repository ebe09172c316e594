/**
 * Assurance visits (Timeframe): day 1 is the working day the visit is announced; every later day counts from it.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { day1NotAWorkingDay } from '../../functions/core/regulations';

describe('an assurance visit is announced on a working day', () => {
  it.each<[string, string | undefined]>([
    ['2026-12-18', undefined],
    ['2026-12-26', 'an assurance visit is announced on a working day: 2026-12-26 is a Saturday'],
    ['2026-12-27', 'an assurance visit is announced on a working day: 2026-12-27 is a Sunday'],
    ['2026-12-28', 'an assurance visit is announced on a working day: 2026-12-28 is a bank holiday (Boxing Day (substitute day))'],
    ['2026-12-29', undefined],
  ])('day 1 on %s: %s', (day1, refusal) => {
    expect(day1NotAWorkingDay(parseLocalDate(day1))).toBe(refusal);
  });
});
