/**
 * The bounds on the dates people give (issue 10, "Dates are bounded"): an inspection or visit date within a year
 * either side of today (London), both ends allowed; what follows an inspection not before it.
 *
 * Days used below: Mon 21 Dec 2026 is today; a year before is Sun 21 Dec 2025, a year after Tue 21 Dec 2027.
 * Leap years: 2028 has 29 Feb (a Tuesday); a year either side of it is 28 Feb (2027: Sun, 2029: Wed).
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import {
  beforeDate,
  INSPECTION_DATE_WINDOW,
  inspectionDateWindow,
  outsideInspectionDateWindow,
} from '../../functions/core/date-bounds';

const day = (text: string): LocalDate => parseLocalDate(text);

describe('inspection and visit dates: within a year of today (London)', () => {
  it('is a year either side', () => {
    expect(INSPECTION_DATE_WINDOW).toEqual({ months: 12, words: 'a year' });
  });

  it.each([
    // today, date, accepted
    ['2026-12-21', '2026-12-21', true],
    ['2026-12-21', '2025-12-21', true], // exactly a year before
    ['2026-12-21', '2025-12-20', false], // a day beyond
    ['2026-12-21', '2027-12-21', true], // exactly a year after
    ['2026-12-21', '2027-12-22', false], // a day beyond
    ['2026-12-21', '2099-01-01', false],
    ['2026-12-21', '1999-12-21', false],
    // Today is a leap day: a year either side is 28 Feb.
    ['2028-02-29', '2027-02-28', true],
    ['2028-02-29', '2027-02-27', false],
    ['2028-02-29', '2029-02-28', true],
    ['2028-02-29', '2029-03-01', false],
    // The date is a leap day.
    ['2029-02-28', '2028-02-29', true], // a year before 28 Feb 2029 is 28 Feb 2028
    ['2029-03-01', '2028-02-29', false], // a year before 1 Mar 2029 is 1 Mar 2028
    ['2027-03-01', '2028-02-29', true], // a year after 1 Mar 2027 is 1 Mar 2028
    ['2027-02-28', '2028-02-29', false], // a year after 28 Feb 2027 is 28 Feb 2028
  ] as const)('today %s: %s is %s', (today, date, accepted) => {
    expect(outsideInspectionDateWindow(day(date), day(today)) === undefined).toBe(accepted);
  });

  it('gives the first and last allowed days, clamping a leap day to 28 Feb', () => {
    expect(inspectionDateWindow(day('2026-12-21'))).toEqual({ earliest: '2025-12-21', latest: '2027-12-21' });
    expect(inspectionDateWindow(day('2028-02-29'))).toEqual({ earliest: '2027-02-28', latest: '2029-02-28' });
  });

  it('says the rule, today, the allowed days and the date given', () => {
    expect(outsideInspectionDateWindow(day('2099-01-01'), day('2026-12-21'))).toBe(
      'must be within a year of today (Mon 21 Dec 2026): from Sun 21 Dec 2025 to Tue 21 Dec 2027, not Thu 1 Jan 2099',
    );
  });
});

describe('a date that follows another: not before it', () => {
  it.each([
    ['2026-12-22', '2026-12-22', true], // the same day
    ['2026-12-23', '2026-12-22', true],
    ['2026-12-21', '2026-12-22', false],
  ] as const)('%s after %s is %s', (date, earliest, accepted) => {
    expect(beforeDate(day(date), day(earliest), 'the last day of the inspection') === undefined).toBe(accepted);
  });

  it('says what it cannot precede, and both days', () => {
    expect(beforeDate(day('2026-12-21'), day('2026-12-22'), 'the last day of the inspection')).toBe(
      'cannot be before the last day of the inspection (Tue 22 Dec 2026), not Mon 21 Dec 2026',
    );
  });
});
