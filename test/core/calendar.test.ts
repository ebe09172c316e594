/**
 * The statutory calendar, checked against golden tables worked out by hand from the Time rules in DOMAIN.md and the
 * England and Wales bank holidays (gov.uk), then against properties that must hold for any day from 2020 to 2035.
 *
 * Days of the week used below (worked out from 1 Jan 2026 = Thu, 1 Jan 2027 = Fri, 1 Jan 2028 = Sat):
 *   Dec 2026: Fri 18, Mon 21, Tue 22, Wed 23, Thu 24, Fri 25 (Christmas), Sat 26, Sun 27, Mon 28 (Boxing Day
 *             substitute), Tue 29, Wed 30, Thu 31; Jan 2027: Fri 1 (New Year), Mon 4.
 *   Easter 2026: Fri 3 Apr (Good Friday), Mon 6 Apr (Easter Monday). Easter 2027: Fri 26 Mar, Mon 29 Mar.
 *   Dec 2027: Fri 24, Sat 25, Sun 26, Mon 27 and Tue 28 (substitutes), Wed 29; Jan 2028: Sat 1, Mon 3 (substitute).
 *   BST: 2026-03-29 to 2026-10-25; 2027-03-28 to 2027-10-31. 23:59:59 London is 22:59:59Z in BST, 23:59:59Z in GMT.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchorBasisWords,
  addCalendarDays,
  addWorkingDays,
  bankHolidayName,
  bankHolidays,
  BST_RULE_YEARS,
  byEndOfNextWorkingDay,
  CalendarError,
  endOfLondonDay,
  formatLondonDate,
  intlLondonWallClock,
  isWorkingDay,
  lastWorkingDayWords,
  londonDateOf,
  londonTimeOn,
  londonWallClock,
  onWorkingDayNumber,
  parseLocalDate,
  withinMonths,
  withinWeeks,
  withinWorkingDays,
  workingDayOnOrBefore,
  workingDaysBetween,
  type Anchor,
  type Deadline,
  type LocalDate,
  type LondonTime,
} from '../../functions/core/calendar';

const day = (text: string): LocalDate => parseLocalDate(text);
const given = (date: string, label = 'the end of the visit'): Anchor => ({ label, date: day(date), basis: 'given' });

describe('parseLocalDate', () => {
  it.each(['2027-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', 'abc', '', '2026-12-28T00:00'])(
    'rejects %j',
    (text) => {
      expect(() => parseLocalDate(text)).toThrow(CalendarError);
    },
  );

  it.each(['2028-02-29', '2026-12-28', '2027-12-31', '2026-01-01'])('accepts %s', (text) => {
    expect(parseLocalDate(text)).toBe(text);
  });

  it('says why an impossible date is rejected', () => {
    expect(() => parseLocalDate('2027-02-30')).toThrow(/not a real calendar date/);
    expect(() => parseLocalDate('2026-1-1')).toThrow(/YYYY-MM-DD/);
  });
});

describe('England and Wales bank holidays, substitute days included', () => {
  it.each([
    {
      year: 2026,
      // Boxing Day is Sat 26 Dec, so Mon 28 Dec is the bank holiday (the 26th itself is not).
      dates: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    },
    {
      year: 2027,
      // Christmas Sat 25 and Boxing Day Sun 26 Dec move to Mon 27 and Tue 28 Dec.
      dates: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
    },
    {
      year: 2028,
      // New Year's Day is Sat 1 Jan, so Mon 3 Jan is the bank holiday.
      dates: ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'],
    },
  ])('are exactly the eight gov.uk dates in $year', ({ year, dates }) => {
    expect([...bankHolidays(year).keys()].sort()).toEqual(dates);
  });

  it('does not call a weekend day that is replaced by a substitute day a bank holiday', () => {
    expect(bankHolidayName(day('2026-12-26'))).toBeUndefined();
    expect(bankHolidayName(day('2027-12-25'))).toBeUndefined();
    expect(bankHolidayName(day('2028-01-01'))).toBeUndefined();
    expect(bankHolidayName(day('2026-12-28'))).toMatch(/substitute/i);
  });
});

describe('a working day is Monday to Friday and not an England and Wales bank holiday', () => {
  it.each([
    // 2026
    { date: '2026-01-01', why: "New Year's Day (Thu)" },
    { date: '2026-04-03', why: 'Good Friday' },
    { date: '2026-04-06', why: 'Easter Monday' },
    { date: '2026-05-04', why: 'Early May bank holiday' },
    { date: '2026-05-25', why: 'Spring bank holiday' },
    { date: '2026-08-31', why: 'Summer bank holiday' },
    { date: '2026-12-25', why: 'Christmas Day (Fri)' },
    { date: '2026-12-28', why: 'Boxing Day substitute (26th is a Saturday)' },
    // 2027
    { date: '2027-01-01', why: "New Year's Day (Fri)" },
    { date: '2027-03-26', why: 'Good Friday' },
    { date: '2027-03-29', why: 'Easter Monday' },
    { date: '2027-05-03', why: 'Early May bank holiday' },
    { date: '2027-05-31', why: 'Spring bank holiday' },
    { date: '2027-08-30', why: 'Summer bank holiday' },
    { date: '2027-12-27', why: 'Christmas Day substitute (25th is a Saturday)' },
    { date: '2027-12-28', why: 'Boxing Day substitute (26th is a Sunday)' },
    // 2028
    { date: '2028-01-03', why: "New Year's Day substitute (1st is a Saturday)" },
    { date: '2028-04-14', why: 'Good Friday' },
    { date: '2028-04-17', why: 'Easter Monday' },
    { date: '2028-05-01', why: 'Early May bank holiday' },
    { date: '2028-05-29', why: 'Spring bank holiday' },
    { date: '2028-08-28', why: 'Summer bank holiday' },
    { date: '2028-12-25', why: 'Christmas Day (Mon)' },
    { date: '2028-12-26', why: 'Boxing Day (Tue)' },
  ])('$date is not a working day: $why', ({ date }) => {
    expect(isWorkingDay(day(date))).toBe(false);
  });

  it.each([
    { date: '2026-12-26', why: 'Saturday (Boxing Day itself)' },
    { date: '2026-12-27', why: 'Sunday' },
    { date: '2027-12-25', why: 'Saturday (Christmas Day itself)' },
    { date: '2027-12-26', why: 'Sunday (Boxing Day itself)' },
    { date: '2028-01-01', why: "Saturday (New Year's Day itself)" },
    { date: '2026-03-29', why: 'Sunday (BST starts)' },
    { date: '2026-07-04', why: 'Saturday' },
  ])('$date is not a working day: $why', ({ date }) => {
    expect(isWorkingDay(day(date))).toBe(false);
  });

  it.each([
    { date: '2026-12-22', why: 'Tuesday before Christmas' },
    { date: '2026-12-24', why: 'Christmas Eve (Thu) is not a bank holiday' },
    { date: '2026-12-29', why: 'Tuesday after the substitute day' },
    { date: '2026-12-31', why: "New Year's Eve (Thu)" },
    { date: '2027-03-25', why: 'Thursday before Good Friday' },
    { date: '2027-03-30', why: 'Tuesday after Easter Monday' },
    { date: '2027-12-24', why: 'Christmas Eve (Fri)' },
    { date: '2027-12-29', why: 'Wednesday after both substitute days' },
    { date: '2028-01-04', why: 'Tuesday after the New Year substitute' },
    { date: '2028-02-29', why: 'leap day (Tue)' },
    { date: '2026-07-01', why: 'Wednesday' },
  ])('$date is a working day: $why', ({ date }) => {
    expect(isWorkingDay(day(date))).toBe(true);
  });
});

describe('addWorkingDays counts the N-th working day after the day (the day itself never counts)', () => {
  it.each([
    // Easter 2026: Fri 3 Apr and Mon 6 Apr are bank holidays.
    { from: '2026-04-01', n: 1, expected: '2026-04-02', why: 'Wed → Thu' },
    { from: '2026-04-01', n: 2, expected: '2026-04-07', why: 'Thu 2; then skip Good Fri 3, Sat 4, Sun 5, Easter Mon 6 → Tue 7' },
    { from: '2026-04-02', n: 1, expected: '2026-04-07', why: 'skip Fri 3 (GF), Sat, Sun, Mon 6 (EM)' },
    { from: '2026-04-02', n: 2, expected: '2026-04-08', why: 'Tue 7, Wed 8' },
    { from: '2026-03-31', n: 5, expected: '2026-04-09', why: 'Apr 1, 2, 7, 8, 9' },
    // Easter 2027: Fri 26 Mar and Mon 29 Mar are bank holidays.
    { from: '2027-03-25', n: 1, expected: '2027-03-30', why: 'skip Fri 26 (GF), Sat 27, Sun 28, Mon 29 (EM)' },
    { from: '2027-03-25', n: 10, expected: '2027-04-12', why: 'Mar 30, 31, Apr 1, 2, 5, 6, 7, 8, 9, 12' },
    { from: '2027-03-24', n: 2, expected: '2027-03-30', why: 'Thu 25; skip 26-29; Tue 30' },
    // Christmas 2026 from Tue 22 Dec: Fri 25 is Christmas, Mon 28 the Boxing Day substitute, Fri 1 Jan New Year.
    { from: '2026-12-22', n: 1, expected: '2026-12-23', why: 'Wed 23' },
    { from: '2026-12-22', n: 2, expected: '2026-12-24', why: 'Wed 23, Thu 24' },
    { from: '2026-12-22', n: 3, expected: '2026-12-29', why: '23, 24; skip Fri 25, Sat 26, Sun 27, Mon 28 (sub); Tue 29' },
    { from: '2026-12-22', n: 4, expected: '2026-12-30', why: '23, 24, 29, 30' },
    { from: '2026-12-22', n: 5, expected: '2026-12-31', why: '23, 24, 29, 30, 31' },
    { from: '2026-12-22', n: 6, expected: '2027-01-04', why: '... 31; skip Fri 1 Jan, Sat 2, Sun 3; Mon 4' },
    { from: '2026-12-22', n: 7, expected: '2027-01-05', why: '... Mon 4, Tue 5' },
    { from: '2026-12-22', n: 8, expected: '2027-01-06', why: '... Mon 4, Tue 5, Wed 6' },
    // Christmas 2027: Sat 25, Sun 26, then Mon 27 and Tue 28 are both substitute days.
    { from: '2027-12-23', n: 1, expected: '2027-12-24', why: 'Thu 23 → Fri 24' },
    { from: '2027-12-24', n: 1, expected: '2027-12-29', why: 'skip Sat 25, Sun 26, Mon 27 (sub), Tue 28 (sub)' },
    { from: '2027-12-24', n: 3, expected: '2027-12-31', why: 'Wed 29, Thu 30, Fri 31' },
    // New Year 2028: Sat 1 Jan, so Mon 3 Jan is the substitute day.
    { from: '2027-12-24', n: 4, expected: '2028-01-04', why: '29, 30, 31; skip Sat 1, Sun 2, Mon 3 (sub); Tue 4' },
    { from: '2027-12-31', n: 1, expected: '2028-01-04', why: 'skip Sat 1, Sun 2, Mon 3 (sub)' },
    { from: '2027-12-30', n: 2, expected: '2028-01-04', why: 'Fri 31, then Tue 4' },
    // Zero working days is the day itself.
    { from: '2026-12-25', n: 0, expected: '2026-12-25', why: 'nothing to count' },
  ])('$n working days after $from is $expected ($why)', ({ from, n, expected }) => {
    expect(addWorkingDays(day(from), n).date).toBe(expected);
  });

  it('lists the days it passed over, with the reason (Christmas 2026)', () => {
    const { skipped } = addWorkingDays(day('2026-12-22'), 6);
    expect(skipped.map((skippedDay) => skippedDay.date)).toEqual([
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
      '2026-12-28',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(skipped.find((skippedDay) => skippedDay.date === '2026-12-26')?.reason).toBe('Saturday');
    expect(skipped.find((skippedDay) => skippedDay.date === '2026-12-27')?.reason).toBe('Sunday');
    expect(skipped.find((skippedDay) => skippedDay.date === '2026-12-25')?.reason).toMatch(/christmas/i);
  });

  it('passes over Good Friday and Easter Monday (Easter 2027)', () => {
    const { skipped } = addWorkingDays(day('2027-03-25'), 1);
    expect(skipped.map((skippedDay) => skippedDay.date)).toEqual(['2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29']);
    expect(skipped[0]?.reason).toMatch(/good friday/i);
    expect(skipped[3]?.reason).toMatch(/easter monday/i);
  });

  it('passes over both substitute days of Christmas 2027 and the New Year 2028 substitute', () => {
    const { skipped } = addWorkingDays(day('2027-12-24'), 4);
    expect(skipped.map((skippedDay) => skippedDay.date)).toEqual([
      '2027-12-25',
      '2027-12-26',
      '2027-12-27',
      '2027-12-28',
      '2028-01-01',
      '2028-01-02',
      '2028-01-03',
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s working days', (n) => {
    expect(() => addWorkingDays(day('2026-12-22'), n)).toThrow(CalendarError);
  });
});

describe('workingDaysBetween counts the working days after the first day up to and including the second', () => {
  it.each([
    { from: '2026-12-22', to: '2026-12-31', expected: 5, why: '23, 24, 29, 30, 31' },
    { from: '2026-12-24', to: '2026-12-29', expected: 1, why: '25-28 are not working days' },
    { from: '2026-12-25', to: '2026-12-28', expected: 0, why: 'Sat, Sun, substitute Monday' },
    { from: '2027-03-25', to: '2027-04-12', expected: 10, why: 'Easter 2027' },
    { from: '2027-04-12', to: '2027-03-25', expected: -10, why: 'backwards' },
    { from: '2027-12-24', to: '2028-01-04', expected: 4, why: '29, 30, 31, Jan 4' },
    { from: '2026-07-01', to: '2026-07-01', expected: 0, why: 'same day' },
  ])('$from → $to is $expected ($why)', ({ from, to, expected }) => {
    expect(workingDaysBetween(day(from), day(to))).toBe(expected);
  });
});

describe('the last working day up to a day (a window closing on a weekend or a bank holiday)', () => {
  it.each([
    { date: '2027-03-29', last: '2027-03-25', words: 'the last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter Monday are not working days' },
    { date: '2027-05-31', last: '2027-05-28', words: 'the last working day by then is Friday 28 May 2027, as the weekend and the Spring bank holiday are not working days' },
    { date: '2029-03-31', last: '2029-03-29', words: 'the last working day by then is Thursday 29 March 2029, as Good Friday and the weekend are not working days' },
    { date: '2026-12-27', last: '2026-12-24', words: 'the last working day by then is Thursday 24 December 2026, as Christmas Day and the weekend are not working days' },
    { date: '2027-06-05', last: '2027-06-04', words: 'the last working day by then is Friday 4 June 2027, as Saturday is not a working day' },
    { date: '2027-06-06', last: '2027-06-04', words: 'the last working day by then is Friday 4 June 2027, as Saturday and Sunday are not working days' },
    { date: '2026-12-28', last: '2026-12-24', words: 'the last working day by then is Thursday 24 December 2026, as Christmas Day, the weekend and Boxing Day (substitute day) are not working days' },
  ])('$date: $last', ({ date, last, words }) => {
    expect(workingDayOnOrBefore(day(date))).toBe(last);
    expect(lastWorkingDayWords(day(date))).toBe(words);
  });

  it('is the day itself, with no words, on a working day', () => {
    expect(workingDayOnOrBefore(day('2027-03-24'))).toBe('2027-03-24');
    expect(lastWorkingDayWords(day('2027-03-24'))).toBeUndefined();
  });

  it('is always a working day on or before the day, with no working day between them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), (offset) => {
        const date = addCalendarDays(day('2020-01-01'), offset);
        const last = workingDayOnOrBefore(date);
        expect(isWorkingDay(last)).toBe(true);
        expect(last <= date).toBe(true);
        expect(workingDaysBetween(last, date)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('"within N working days of X" is due by 23:59:59 London on the N-th working day after X', () => {
  it.each([
    { from: '2026-12-22', n: 3, due: '2026-12-29T23:59:59.000Z', why: 'Christmas 2026, GMT' },
    { from: '2026-12-22', n: 5, due: '2026-12-31T23:59:59.000Z', why: '23, 24, 29, 30, 31' },
    { from: '2026-12-22', n: 18, due: '2027-01-20T23:59:59.000Z', why: '5 in Dec, then Jan 4-8, 11-15, 18, 19, 20' },
    { from: '2027-03-25', n: 10, due: '2027-04-12T22:59:59.000Z', why: 'Easter 2027, in BST' },
    { from: '2027-03-25', n: 25, due: '2027-05-04T22:59:59.000Z', why: '24th is Fri 30 Apr; Mon 3 May is a bank holiday' },
    { from: '2026-03-27', n: 1, due: '2026-03-30T22:59:59.000Z', why: 'Fri in GMT → Mon in BST' },
    { from: '2026-10-23', n: 1, due: '2026-10-26T23:59:59.000Z', why: 'Fri in BST → Mon in GMT' },
  ])('$n working days from $from: due $due ($why)', ({ from, n, due }) => {
    expect(withinWorkingDays(given(from), n).due).toBe(due);
  });

  it('says which rule and which anchor produced it, and what it passed over', () => {
    const deadline = withinWorkingDays(given('2026-12-22'), 3);
    expect(deadline.dueLondonDate).toBe('2026-12-29');
    expect(deadline.rule).toBe('within 3 working days of the end of the visit');
    expect(deadline.explanation).toContain('Tue 22 Dec 2026');
    expect(deadline.explanation).toContain('= Tue 29 Dec 2026');
    expect(deadline.explanation).toContain('2 weekend days');
    expect(deadline.explanation).toContain('Fri 25 Dec 2026');
    expect(deadline.explanation).toContain('Mon 28 Dec 2026');
    expect(deadline.anchor).toEqual(given('2026-12-22'));
  });

  it('writes "1 working day" in the singular', () => {
    expect(withinWorkingDays(given('2026-12-22'), 1).rule).toBe('within 1 working day of the end of the visit');
  });
});

describe('"by the end of the next working day following X"', () => {
  it.each([
    { from: '2026-12-24', due: '2026-12-29T23:59:59.000Z', why: 'Thu → skip Fri 25, Sat, Sun, Mon 28 (sub) → Tue 29' },
    { from: '2026-12-18', due: '2026-12-21T23:59:59.000Z', why: 'Fri → Mon' },
    { from: '2026-07-03', due: '2026-07-06T22:59:59.000Z', why: 'Fri → Mon, in BST' },
    { from: '2026-07-04', due: '2026-07-06T22:59:59.000Z', why: 'Sat → Mon' },
    { from: '2026-08-31', due: '2026-09-01T22:59:59.000Z', why: 'from the summer bank holiday (Mon) → Tue' },
    { from: '2027-03-26', due: '2027-03-30T22:59:59.000Z', why: 'from Good Friday → skip Sat, Sun, Easter Mon → Tue, BST' },
    { from: '2027-12-24', due: '2027-12-29T23:59:59.000Z', why: 'Fri → skip Sat, Sun, Mon 27, Tue 28 → Wed 29' },
    { from: '2027-12-31', due: '2028-01-04T23:59:59.000Z', why: 'Fri → skip Sat 1, Sun 2, Mon 3 (sub) → Tue 4' },
  ])('from $from: due $due ($why)', ({ from, due }) => {
    expect(byEndOfNextWorkingDay(given(from)).due).toBe(due);
  });

  it('names the rule and the anchor', () => {
    const deadline = byEndOfNextWorkingDay(given('2026-12-24', 'the visit'));
    expect(deadline.rule).toBe('by the end of the next working day following the visit');
    expect(deadline.explanation).toContain('Thu 24 Dec 2026');
    expect(deadline.explanation).toContain('= Tue 29 Dec 2026');
  });
});

describe('"within N weeks of X" is due by the end of the calendar day 7×N days after X', () => {
  it.each([
    { from: '2026-12-22', weeks: 6, due: '2027-02-02T23:59:59.000Z', why: '22 Dec + 42 = Dec 64 = Jan 33 = Feb 2' },
    { from: '2026-12-22', weeks: 8, due: '2027-02-16T23:59:59.000Z', why: '22 Dec + 56 = Jan 47 = Feb 16' },
    { from: '2026-12-22', weeks: 16, due: '2027-04-13T22:59:59.000Z', why: '+112: Jan 103, Feb 72, Mar 44, Apr 13; BST' },
    { from: '2027-03-25', weeks: 6, due: '2027-05-06T22:59:59.000Z', why: 'GMT anchor, BST due: Apr 36 = May 6' },
    { from: '2027-03-25', weeks: 8, due: '2027-05-20T22:59:59.000Z', why: 'Apr 50 = May 20' },
    { from: '2027-03-25', weeks: 16, due: '2027-07-15T22:59:59.000Z', why: '25+112 = 137 − 31 − 30 − 31 − 30 = Jul 15' },
    { from: '2026-02-20', weeks: 6, due: '2026-04-03T22:59:59.000Z', why: 'Feb 62 = Mar 34 = Apr 3: Good Friday still counts' },
    { from: '2026-09-10', weeks: 8, due: '2026-11-05T23:59:59.000Z', why: 'BST anchor, GMT due: Oct 36 = Nov 5' },
  ])('$weeks weeks from $from: due $due ($why)', ({ from, weeks, due }) => {
    expect(withinWeeks(given(from), weeks).due).toBe(due);
  });

  it('moves the UTC instant by an hour when the clocks go forward between anchor and due day', () => {
    // 2027-03-25 is GMT; 6 weeks later is in BST.
    expect(endOfLondonDay(day('2027-03-25'))).toBe('2027-03-25T23:59:59.000Z');
    expect(withinWeeks(given('2027-03-25'), 6).due).toBe('2027-05-06T22:59:59.000Z');
  });

  it('counts calendar days, weekends and bank holidays included, and says so', () => {
    const deadline = withinWeeks(given('2026-12-22', 'the inspection'), 6);
    expect(deadline.rule).toBe('within 6 weeks of the inspection');
    expect(deadline.explanation).toContain('42 calendar days');
    expect(deadline.explanation).toContain('Tue 22 Dec 2026');
    expect(deadline.explanation).toContain('Tue 2 Feb 2027');
  });
});

describe('"within N months of X"', () => {
  it('12 months from the leap day 2028-02-29 is 2029-02-28 (clamped to the end of February)', () => {
    const deadline = withinMonths(given('2028-02-29'), 12);
    expect(deadline.dueLondonDate).toBe('2029-02-28');
    expect(deadline.due).toBe('2029-02-28T23:59:59.000Z');
    expect(deadline.rule).toBe('within 12 months of the end of the visit');
  });

  it('12 months from 2026-06-15 is 2027-06-15, in BST', () => {
    expect(withinMonths(given('2026-06-15'), 12).due).toBe('2027-06-15T22:59:59.000Z');
  });
});

describe('londonTimeOn turns a London wall-clock time into a UTC instant', () => {
  it.each([
    { date: '2026-01-15', time: '09:00', instant: '2026-01-15T09:00:00.000Z', why: 'GMT' },
    { date: '2026-01-15', time: '13:00', instant: '2026-01-15T13:00:00.000Z', why: 'GMT' },
    { date: '2026-07-01', time: '09:00', instant: '2026-07-01T08:00:00.000Z', why: 'BST' },
    { date: '2026-07-01', time: '13:00', instant: '2026-07-01T12:00:00.000Z', why: 'BST' },
    { date: '2026-03-28', time: '09:00', instant: '2026-03-28T09:00:00.000Z', why: 'last GMT day' },
    { date: '2026-03-29', time: '09:00', instant: '2026-03-29T08:00:00.000Z', why: 'clocks went forward at 01:00Z' },
    { date: '2026-03-29', time: '13:00', instant: '2026-03-29T12:00:00.000Z', why: 'BST change day' },
    { date: '2026-10-24', time: '09:00', instant: '2026-10-24T08:00:00.000Z', why: 'last full BST day' },
    { date: '2026-10-25', time: '09:00', instant: '2026-10-25T09:00:00.000Z', why: 'clocks went back at 01:00Z' },
    { date: '2026-10-25', time: '13:00', instant: '2026-10-25T13:00:00.000Z', why: 'GMT change day' },
    { date: '2027-03-28', time: '09:00', instant: '2027-03-28T08:00:00.000Z', why: 'BST change day' },
    { date: '2027-03-28', time: '13:00', instant: '2027-03-28T12:00:00.000Z', why: 'BST change day' },
    { date: '2027-10-31', time: '09:00', instant: '2027-10-31T09:00:00.000Z', why: 'GMT change day' },
    { date: '2027-10-31', time: '13:00', instant: '2027-10-31T13:00:00.000Z', why: 'GMT change day' },
  ] as const)('$time London on $date is $instant ($why)', ({ date, time, instant }) => {
    expect(londonTimeOn(day(date), time as LondonTime)).toBe(instant);
  });
});

describe('endOfLondonDay is 23:59:59 London', () => {
  it.each([
    { date: '2026-01-15', instant: '2026-01-15T23:59:59.000Z' },
    { date: '2026-03-28', instant: '2026-03-28T23:59:59.000Z' },
    { date: '2026-03-29', instant: '2026-03-29T22:59:59.000Z' },
    { date: '2026-10-24', instant: '2026-10-24T22:59:59.000Z' },
    { date: '2026-10-25', instant: '2026-10-25T23:59:59.000Z' },
    { date: '2027-03-28', instant: '2027-03-28T22:59:59.000Z' },
    { date: '2027-10-30', instant: '2027-10-30T22:59:59.000Z' },
    { date: '2027-10-31', instant: '2027-10-31T23:59:59.000Z' },
  ])('on $date it is $instant', ({ date, instant }) => {
    expect(endOfLondonDay(day(date))).toBe(instant);
  });
});

describe('londonDateOf gives the London calendar day of an instant', () => {
  it.each([
    { instant: '2026-07-01T23:30:00Z', date: '2026-07-02', why: '00:30 BST on the 2nd' },
    { instant: '2026-07-01T23:00:00Z', date: '2026-07-02', why: 'midnight BST' },
    { instant: '2026-07-01T22:59:59Z', date: '2026-07-01', why: '23:59:59 BST' },
    { instant: '2026-07-01T23:30:00.000Z', date: '2026-07-02', why: 'toISOString form' },
    { instant: '2026-01-15T23:30:00Z', date: '2026-01-15', why: 'GMT: London = UTC' },
    { instant: '2026-03-28T23:30:00Z', date: '2026-03-28', why: 'still GMT until 01:00Z on the 29th' },
    { instant: '2026-10-24T23:30:00Z', date: '2026-10-25', why: '00:30 BST on the 25th' },
    { instant: '2026-12-31T23:59:59Z', date: '2026-12-31', why: 'GMT' },
  ])('$instant is London $date ($why)', ({ instant, date }) => {
    expect(londonDateOf(instant)).toBe(date);
  });

  it('accepts a Date as well', () => {
    expect(londonDateOf(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
  });

  it('rejects text that is not an instant', () => {
    expect(() => londonDateOf('not a date')).toThrow(CalendarError);
  });
});

describe('London wall-clock time by the summer-time rule agrees with Node\'s time-zone data (Intl)', () => {
  const HOUR = 3_600_000;
  const years = Array.from({ length: BST_RULE_YEARS.last - BST_RULE_YEARS.first + 1 }, (_, index) => BST_RULE_YEARS.first + index);

  const DAY = 24 * HOUR;
  /** 01:00 UTC on the last Sunday of a month (0-based): when the clocks change, by the Summer Time Order 2002. */
  const lastSundayAtOne = (year: number, month: number) => {
    const last = Date.UTC(year, month + 1, 0, 1);
    return last - new Date(last).getUTCDay() * DAY;
  };
  const mismatch = (ms: number) => {
    const [rule, intl] = [londonWallClock(ms), intlLondonWallClock(ms)];
    return JSON.stringify(rule) === JSON.stringify(intl) ? [] : [`${new Date(ms).toISOString()}: ${JSON.stringify(rule)} but Intl ${JSON.stringify(intl)}`];
  };

  it.each(years)('%i: twice a day all year, the millisecond either side of both changes, and each quarter hour for two hours around them, read the same', (year) => {
    const changes = [lastSundayAtOne(year, 2), lastSundayAtOne(year, 9)];
    const instants: number[] = [];
    // Twice a day: a Node release whose time-zone data moves a change to another day fails here.
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY) instants.push(ms + 30 * 60_000, ms + 12.5 * HOUR);
    // The millisecond either side of each change: one moved by any time less than the half day between the samples
    // above (another hour, another minute) reads differently on one side of it and fails here. And each quarter hour
    // for two hours either side, for the wall-clock fields around it. (Each minute instead was 4 s of the core tests'
    // CPU, each one an Intl call, for no change this does not find.)
    for (const change of changes) for (let ms = change - 2 * HOUR; ms <= change + 2 * HOUR; ms += 15 * 60_000) instants.push(ms - 1, ms);
    expect(instants.flatMap(mismatch)).toEqual([]);
  });

  it('outside the rule\'s years reads Intl: 1990 and 2150', () => {
    for (const ms of [Date.UTC(1990, 6, 1, 12), Date.UTC(1990, 11, 1, 12), Date.UTC(2150, 6, 1, 12)]) {
      expect(londonWallClock(ms)).toEqual(intlLondonWallClock(ms));
    }
    expect(londonDateOf('1995-10-22T23:30:00Z')).toBe(intlLondonWallClock(Date.UTC(1995, 9, 22, 23, 30)).day === 23 ? '1995-10-23' : '1995-10-22');
  });

  it('refuses an invalid instant as Intl does', () => {
    expect(() => londonWallClock(Number.NaN)).toThrow(RangeError);
  });
});

describe('onWorkingDayNumber: day 1 is the anchor day, later days are working days', () => {
  const visitAnnounced = given('2026-12-18', 'the day the visit is announced');

  it.each([
    { dayNumber: 1, at: '09:00', date: '2026-12-18', due: '2026-12-18T09:00:00.000Z', why: 'the anchor day, GMT' },
    { dayNumber: 1, at: '13:00', date: '2026-12-18', due: '2026-12-18T13:00:00.000Z', why: 'the anchor day, GMT' },
    { dayNumber: 1, at: undefined, date: '2026-12-18', due: '2026-12-18T23:59:59.000Z', why: 'end of the anchor day' },
    { dayNumber: 2, at: undefined, date: '2026-12-21', due: '2026-12-21T23:59:59.000Z', why: 'Fri → Mon' },
    { dayNumber: 3, at: undefined, date: '2026-12-22', due: '2026-12-22T23:59:59.000Z', why: 'Mon 21, Tue 22' },
    { dayNumber: 4, at: undefined, date: '2026-12-23', due: '2026-12-23T23:59:59.000Z', why: 'Mon 21, Tue 22, Wed 23' },
    { dayNumber: 6, at: undefined, date: '2026-12-29', due: '2026-12-29T23:59:59.000Z', why: '21, 22, 23, 24, skip 25-28, 29' },
  ] as const)('day $dayNumber from Fri 2026-12-18 is $date ($why)', ({ dayNumber, at, date, due }) => {
    const deadline = onWorkingDayNumber(visitAnnounced, dayNumber, at as LondonTime | undefined);
    expect(deadline.dueLondonDate).toBe(date);
    expect(deadline.due).toBe(due);
  });

  it('puts 09:00 on day 1 in BST at 08:00Z', () => {
    expect(onWorkingDayNumber(given('2026-07-01'), 1, '09:00').due).toBe('2026-07-01T08:00:00.000Z');
  });

  it('names the time, the day number and the anchor in the rule', () => {
    const annexADue = onWorkingDayNumber(visitAnnounced, 1, '13:00').rule;
    expect(annexADue).toContain('13:00 London time on day 1');
    expect(annexADue).toContain('the day the visit is announced');
    const visitEnds = onWorkingDayNumber(visitAnnounced, 3).rule;
    expect(visitEnds).toContain('by the end of day 3');
    expect(visitEnds).toContain('the day the visit is announced');
  });

  it('refuses day 0', () => {
    expect(() => onWorkingDayNumber(visitAnnounced, 0)).toThrow(CalendarError);
  });
});

describe('formatLondonDate', () => {
  it('writes the day of the week, the day, the month and the year', () => {
    expect(formatLondonDate(day('2026-12-22'))).toBe('Tue 22 Dec 2026');
    expect(formatLondonDate(day('2028-02-29'))).toBe('Tue 29 Feb 2028');
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Properties, for any day from 2020 to 2035

const FIRST = Date.UTC(2020, 0, 1);
const LAST = Date.UTC(2035, 11, 31);
const DAY_MS = 86_400_000;

const anyDay = fc
  .integer({ min: 0, max: (LAST - FIRST) / DAY_MS })
  .map((offset) => day(new Date(FIRST + offset * DAY_MS).toISOString().slice(0, 10)));
const workingDayCount = fc.integer({ min: 0, max: 60 });
const positiveWorkingDayCount = fc.integer({ min: 1, max: 60 });

/** The last Sunday of a month, worked out independently of luxon and of the calendar module. */
function lastSunday(year: number, monthIndex: number): string {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

/** Whether 23:59:59 London on `date` is BST: from the last Sunday of March to the day before the last Sunday of October. */
function endOfDayIsBst(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return date >= lastSunday(year, 2) && date < lastSunday(year, 9);
}

function daysStrictlyBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let current = addCalendarDays(from, 1); current < to; current = addCalendarDays(current, 1)) days.push(current);
  return days;
}

describe('properties of working-day arithmetic', () => {
  it('N ≥ 1 working days after any day is a working day', () => {
    fc.assert(
      fc.property(anyDay, positiveWorkingDayCount, (date, n) => {
        expect(isWorkingDay(addWorkingDays(date, n).date)).toBe(true);
      }),
    );
  });

  it('N ≥ 1 working days after a day is strictly later', () => {
    fc.assert(
      fc.property(anyDay, positiveWorkingDayCount, (date, n) => {
        expect(addWorkingDays(date, n).date > date).toBe(true);
      }),
    );
  });

  it('more working days lead to a strictly later day', () => {
    fc.assert(
      fc.property(anyDay, workingDayCount, workingDayCount, (date, a, b) => {
        fc.pre(a !== b);
        const [n, m] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(date, n).date < addWorkingDays(date, m).date).toBe(true);
      }),
    );
  });

  it('a later anchor never leads to an earlier day', () => {
    fc.assert(
      fc.property(anyDay, anyDay, workingDayCount, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(early, n).date <= addWorkingDays(late, n).date).toBe(true);
      }),
    );
  });

  it('workingDaysBetween undoes addWorkingDays', () => {
    fc.assert(
      fc.property(anyDay, workingDayCount, (date, n) => {
        expect(workingDaysBetween(date, addWorkingDays(date, n).date)).toBe(n);
      }),
    );
  });

  it('lists as skipped exactly the non-working days between the day and the result, in order', () => {
    fc.assert(
      fc.property(anyDay, workingDayCount, (date, n) => {
        const result = addWorkingDays(date, n);
        const nonWorking = daysStrictlyBetween(date, result.date).filter((between) => !isWorkingDay(between));
        expect(result.skipped.map((skippedDay) => skippedDay.date)).toEqual(nonWorking);
        for (const skippedDay of result.skipped) {
          // A skipped weekday can only be a bank holiday, so its reason is the holiday's name.
          const weekday = new Date(`${skippedDay.date}T00:00:00Z`).getUTCDay();
          if (weekday !== 0 && weekday !== 6) expect(skippedDay.reason).not.toMatch(/^(Saturday|Sunday)$/);
          expect(skippedDay.reason.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('properties of the end of a London day', () => {
  it('is 23:59:59Z in GMT and 22:59:59Z in BST, on the same UTC date', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        const expected = endOfDayIsBst(date) ? `${date}T22:59:59.000Z` : `${date}T23:59:59.000Z`;
        expect(endOfLondonDay(date)).toBe(expected);
      }),
    );
  });

  it('falls on the same London day', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        expect(londonDateOf(endOfLondonDay(date))).toBe(date);
      }),
    );
  });
});

describe('properties of deadlines: they explain themselves with the right numbers', () => {
  const anchorArbitrary = anyDay.map((date): Anchor => ({ label: 'the event', date, basis: 'given' }));

  function expectConsistent(deadline: Deadline, anchor: Anchor): void {
    expect(deadline.dueLondonDate).toBe(londonDateOf(deadline.due));
    expect(deadline.anchor).toEqual(anchor);
    expect(deadline.rule).toContain(anchor.label);
    expect(deadline.explanation).toContain(formatLondonDate(anchor.date));
    expect(deadline.explanation).toContain(formatLondonDate(deadline.dueLondonDate));
  }

  it('within N working days', () => {
    fc.assert(
      fc.property(anchorArbitrary, positiveWorkingDayCount, (anchor, n) => {
        const deadline = withinWorkingDays(anchor, n);
        expectConsistent(deadline, anchor);
        expect(deadline.due).toBe(endOfLondonDay(deadline.dueLondonDate));
        expect(deadline.rule).toContain(`within ${n} working day`);
        expect(deadline.explanation).toContain(`working day ${n} after`);
        expect(workingDaysBetween(anchor.date, deadline.dueLondonDate)).toBe(n);
      }),
    );
  });

  it('by the end of the next working day', () => {
    fc.assert(
      fc.property(anchorArbitrary, (anchor) => {
        const deadline = byEndOfNextWorkingDay(anchor);
        expectConsistent(deadline, anchor);
        expect(deadline.rule).toContain('next working day');
        expect(workingDaysBetween(anchor.date, deadline.dueLondonDate)).toBe(1);
        expect(isWorkingDay(deadline.dueLondonDate)).toBe(true);
      }),
    );
  });

  it('within N weeks', () => {
    fc.assert(
      fc.property(anchorArbitrary, fc.integer({ min: 1, max: 60 }), (anchor, weeks) => {
        const deadline = withinWeeks(anchor, weeks);
        expectConsistent(deadline, anchor);
        expect(deadline.rule).toContain(`within ${weeks} week`);
        expect(deadline.explanation).toContain(`${7 * weeks} calendar days`);
        const elapsed = (Date.parse(deadline.dueLondonDate) - Date.parse(anchor.date)) / DAY_MS;
        expect(elapsed).toBe(7 * weeks);
      }),
    );
  });

  it('within N months', () => {
    fc.assert(
      fc.property(anchorArbitrary, fc.integer({ min: 1, max: 36 }), (anchor, months) => {
        const deadline = withinMonths(anchor, months);
        expectConsistent(deadline, anchor);
        expect(deadline.rule).toContain(`within ${months} month`);
        expect(deadline.explanation).toContain(`${months} calendar month`);
      }),
    );
  });

  it('on working day number N', () => {
    fc.assert(
      fc.property(anchorArbitrary, positiveWorkingDayCount, fc.constantFrom(undefined, '09:00', '13:00'), (anchor, n, at) => {
        const deadline = onWorkingDayNumber(anchor, n, at as LondonTime | undefined);
        expectConsistent(deadline, anchor);
        expect(deadline.rule).toContain(`day ${n}`);
        expect(workingDaysBetween(anchor.date, deadline.dueLondonDate)).toBe(n - 1);
      }),
    );
  });
});

describe('anchorBasisWords: how an anchor’s day is known, on a given day', () => {
  it('says a planned day is planned until it passes, then that it was due and the dates counted from it will move', () => {
    const planned = { basis: 'planned' as const, date: parseLocalDate('2027-03-10') };
    expect(anchorBasisWords(planned, parseLocalDate('2027-03-09'))).toBe('the day it is planned');
    expect(anchorBasisWords(planned, parseLocalDate('2027-03-10'))).toBe('the day it is planned');
    expect(anchorBasisWords(planned, parseLocalDate('2027-03-11'))).toBe('the day it was due; it is not recorded yet, so this date moves once it is');
    expect(anchorBasisWords({ basis: 'actual', date: parseLocalDate('2027-03-10') }, parseLocalDate('2027-03-11'))).toBe('the day it happened');
    expect(anchorBasisWords({ basis: 'given', date: parseLocalDate('2027-03-10') }, parseLocalDate('2027-03-11'))).toBe('as entered');
  });
});
