import Holidays from 'date-holidays';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { differences, FIRST_YEAR, LAST_YEAR, TABLE_FILE, tableModule } from '../../functions/cli/holidays';
import { BANK_HOLIDAY_YEARS } from '../../functions/core/bank-holidays';
import { bankHolidays, CalendarError } from '../../functions/core/calendar';

describe('the bank-holiday table (functions/core/bank-holidays.ts, written by `npm run -s holidays`)', () => {
  it('equals date-holidays for every year it covers (run `npm run -s holidays` after upgrading date-holidays)', () => {
    expect(differences(bankHolidays)).toEqual([]);
  });

  it('is the module the script writes from the installed date-holidays', () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(tableModule());
  });

  it('fails when the library knows a holiday the table does not (a newly announced bank holiday)', () => {
    const newer = new Holidays('GB', 'ENG');
    // Not a real holiday: what a date-holidays release announcing one would add.
    newer.setHoliday('2027-06-07', { name: 'Example jubilee', type: 'public' });
    expect(differences(bankHolidays, newer)).toEqual(['2027-06-07: date-holidays has "Example jubilee", the table nothing']);
  });

  it('covers every year the calendar accepts, and refuses the others by name', () => {
    expect(BANK_HOLIDAY_YEARS).toEqual({ first: FIRST_YEAR, last: LAST_YEAR });
    expect([...bankHolidays(2022).values()]).toContain("Queen Elizabeth's Funeral Day");
    expect(() => bankHolidays(2200)).toThrow(CalendarError);
    expect(() => bankHolidays(2200)).toThrow('1900-2199 only, not 2200');
  });
});
