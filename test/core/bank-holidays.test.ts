import Holidays from 'date-holidays';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { differences, FIRST_YEAR, LAST_YEAR, TABLE_FILE, tableModule } from '../../functions/cli/holidays';
import { BANK_HOLIDAY_YEARS } from '../../functions/core/bank-holidays';
import { bankHolidays, CalendarError, type LocalDate } from '../../functions/core/calendar';

/**
 * The installed date-holidays (GB, ENG), each year's holidays computed once for the file: the first two tests read all
 * 300 years, and date-holidays computes a year in ~2 ms (it was ~1 s of CPU for the file, twice over).
 */
function installedLibrary(): Holidays {
  const holidays = new Holidays('GB', 'ENG');
  const computed = new Map<string, ReturnType<Holidays['getHolidays']>>();
  const getHolidays = holidays.getHolidays.bind(holidays);
  holidays.getHolidays = (year, language) => {
    const key = `${String(year)} ${language ?? ''}`;
    if (!computed.has(key)) computed.set(key, getHolidays(year, language));
    return computed.get(key)!;
  };
  return holidays;
}
const library = installedLibrary();

describe('the bank-holiday table (functions/core/bank-holidays.ts, written by `npm run -s holidays`)', () => {
  it('equals date-holidays for every year it covers (run `npm run -s holidays` after upgrading date-holidays)', () => {
    expect(differences(bankHolidays, library)).toEqual([]);
  });

  it('is the module the script writes from the installed date-holidays', () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(tableModule(library));
  });

  it('fails when the library knows a holiday the table does not (a newly announced bank holiday)', () => {
    // A table without the 2027 early May bank holiday stands for a table written before date-holidays announced one:
    // the same finding as a newer date-holidays with a holiday the table lacks, from the installed library's years.
    const lacking = (year: number) => new Map([...bankHolidays(year)].filter(([date]) => date !== '2027-05-03'));
    expect(differences(lacking, library)).toEqual(['2027-05-03: date-holidays has "Early May bank holiday", the table nothing']);
  });

  it('fails when the table has a holiday the library does not', () => {
    const invented = (year: number) => (year === 2027 ? new Map([...bankHolidays(year), ['2027-06-07' as LocalDate, 'Example jubilee']]) : bankHolidays(year));
    expect(differences(invented, library)).toEqual(['2027-06-07: the table has "Example jubilee", date-holidays nothing']);
  });

  it('covers every year the calendar accepts, and refuses the others by name', () => {
    expect(BANK_HOLIDAY_YEARS).toEqual({ first: FIRST_YEAR, last: LAST_YEAR });
    expect([...bankHolidays(2022).values()]).toContain("Queen Elizabeth's Funeral Day");
    expect(() => bankHolidays(2200)).toThrow(CalendarError);
    expect(() => bankHolidays(2200)).toThrow('1900-2199 only, not 2200');
  });
});
