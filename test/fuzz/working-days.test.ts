/**
 * workingDaysBetween counts by weeks and by each year's bank holidays (a date decades away must not cost a walk over
 * every day in between: a record dated 2199 made every listing of it take most of a second). Property: it always
 * agrees with the definition, counting day by day with isWorkingDay, anywhere in the supported years.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, isWorkingDay, workingDaysBetween, type LocalDate } from '../../functions/core/calendar';
import { localDate } from './arbitraries';
import { checkOptions, FUZZ_VALID_RUNS, timeLimit } from './fuzz-harness';

function byDefinition(from: LocalDate, to: LocalDate): number {
  if (to === from) return 0;
  const forward = to > from;
  const [start, end] = forward ? [from, to] : [to, from];
  let count = 0;
  for (let day = addCalendarDays(start, 1); day <= end; day = addCalendarDays(day, 1)) if (isWorkingDay(day)) count += 1;
  return forward ? count : -count;
}

const date = localDate('1900-01-01', '2199-12-31') as fc.Arbitrary<LocalDate>;
/** The oracle walks every day: pairs decades apart are costly, so fewer of them. */
const FAR_RUNS = Math.max(5, Math.round(FUZZ_VALID_RUNS / 10));

describe('workingDaysBetween', () => {
  it(
    `agrees with counting day by day for ${FUZZ_VALID_RUNS * 2} pairs of nearby dates and ${FAR_RUNS} pairs decades apart`,
    () => {
      const nearby = fc.tuple(date, fc.integer({ min: -400, max: 400 })).map(([from, days]) => {
        const to = addCalendarDays(from, days);
        return [from, to < '1900-01-01' || to > '2199-12-31' ? from : to] as const;
      });
      fc.assert(
        fc.property(nearby, ([from, to]) => {
          expect(workingDaysBetween(from, to), `${from} → ${to}`).toBe(byDefinition(from, to));
        }),
        checkOptions(FUZZ_VALID_RUNS * 2),
      );
      fc.assert(
        fc.property(date, date, (from, to) => {
          expect(workingDaysBetween(from, to), `${from} → ${to}`).toBe(byDefinition(from, to));
        }),
        checkOptions(FAR_RUNS),
      );
    },
    timeLimit(FUZZ_VALID_RUNS, 100),
  );

  it('costs about as much for a date 170 years away as for one next week', () => {
    workingDaysBetween('2026-12-23' as LocalDate, '2199-12-31' as LocalDate); // bank holidays of every year, once
    const started = performance.now();
    for (let index = 0; index < 200; index += 1) workingDaysBetween('2026-12-23' as LocalDate, '2199-12-31' as LocalDate);
    // Day by day this was ~63,000 steps a call (~50 ms); by weeks and years it is ~200.
    expect((performance.now() - started) / 200).toBeLessThan(5);
  });
});
