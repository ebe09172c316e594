/**
 * The bounds on the dates people give: an inspection or a visit happens within a year either side of today (London),
 * and what follows an inspection cannot precede it. A date outside is a typo (2099 for 2026, a day and month swapped
 * into another year), and every deadline, wait and letter counted from it would be wrong.
 *
 * Pure: "today" is an argument (the application layer passes the London date of its injected clock). Each function
 * returns the message of a `FieldError` (the caller names the field), or undefined when the date is in bounds.
 */
import { addCalendarMonths, formatLondonDate, type LocalDate } from './calendar';

/** How far from today an inspection or visit date may be, either side: a year ("within a year of today"). */
export const INSPECTION_DATE_WINDOW = { months: 12, words: 'a year' } as const;

/** The first and last day an inspection or visit date may be, given today (London). 29 Feb ± a year is 28 Feb. */
export function inspectionDateWindow(today: LocalDate): { earliest: LocalDate; latest: LocalDate } {
  return {
    earliest: addCalendarMonths(today, -INSPECTION_DATE_WINDOW.months),
    latest: addCalendarMonths(today, INSPECTION_DATE_WINDOW.months),
  };
}

/** An inspection or visit date more than a year before or after today (both ends allowed): why it is refused. */
export function outsideInspectionDateWindow(date: LocalDate, today: LocalDate): string | undefined {
  const { earliest, latest } = inspectionDateWindow(today);
  if (date >= earliest && date <= latest) return undefined;
  return (
    `must be within ${INSPECTION_DATE_WINDOW.words} of today (${formatLondonDate(today)}): ` +
    `from ${formatLondonDate(earliest)} to ${formatLondonDate(latest)}, not ${formatLondonDate(date)}`
  );
}

/** A date before the day it follows (`what` in words, e.g. "the last day of the inspection"): why it is refused. */
export function beforeDate(date: LocalDate, earliest: LocalDate, what: string): string | undefined {
  if (date >= earliest) return undefined;
  return `cannot be before ${what} (${formatLondonDate(earliest)}), not ${formatLondonDate(date)}`;
}
