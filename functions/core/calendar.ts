/**
 * The statutory calendar: England-and-Wales working days, reasoned in Europe/London.
 *
 * Dates are London calendar days held as `LocalDate` strings (YYYY-MM-DD); instants are UTC ISO-8601 strings.
 * Every deadline function returns a `Deadline` that explains itself: the rule, the anchor and the days it skipped.
 * Pure: no clock, no I/O. Bank holidays come from the generated table in bank-holidays.ts (`npm run -s holidays`
 * writes it from date-holidays: GB, ENG, public holidays incl. substitute days).
 */
import { BANK_HOLIDAY_DIGITS, BANK_HOLIDAY_NAMES, BANK_HOLIDAY_YEARS, BANK_HOLIDAYS } from './bank-holidays';

export const LONDON = 'Europe/London';

/** A London calendar day, `YYYY-MM-DD`. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };
/** A wall-clock time in London, `HH:MM`. */
export type LondonTime = `${number}${number}:${number}${number}`;

export class CalendarError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalendarError';
  }
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as 2027-02-30. */
export function parseLocalDate(text: string): LocalDate {
  const match = LOCAL_DATE.exec(text);
  if (!match) throw new CalendarError(`"${text}" is not a date in the form YYYY-MM-DD`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) {
    throw new CalendarError(`"${text}" is not a real calendar date`);
  }
  if (y < 1900 || y > 2199) throw new CalendarError(`"${text}" is outside the supported years 1900-2199`);
  return text as LocalDate;
}

export function isLocalDate(text: string): text is LocalDate {
  try {
    parseLocalDate(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calendar answers never change, and a simulated year asks the same ones thousands of times (a timeline is rebuilt
 * at every step; London-time arithmetic through Intl and, under the local runtime's fake clock, every `new Date` are slow):
 * each is computed once per process. Bounded: the cache starts again when full. Results are immutable values.
 */
function memoised<A extends (string | number)[], R>(compute: (...args: A) => R, limit = 50_000): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = args.join('|');
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const value = compute(...args);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}

const DAY_MS = 86_400_000;

function toUtcMidnight(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtcMidnight(value: Date): LocalDate {
  return value.toISOString().slice(0, 10) as LocalDate;
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return calendarDaysAfterDate(date, days);
}

const calendarDaysAfterDate = memoised((date: LocalDate, days: number): LocalDate => {
  const next = toUtcMidnight(date);
  next.setUTCDate(next.getUTCDate() + days);
  return fromUtcMidnight(next);
});

/** Same day-of-month N months later; clamps to the month's last day (29 Feb + 12 months = 28 Feb). */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  return monthsAfter(date, months);
}

const monthsAfter = memoised((date: LocalDate, months: number): LocalDate => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(target / 12);
  const targetMonth = target - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromUtcMidnight(new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))));
});

/** Days since 1970-01-01 (UTC midnight), by arithmetic: no Date object (slow under the local runtime's fake clock). */
function epochDayOf(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: LocalDate): number {
  return (((epochDayOf(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

const holidaysByYear = new Map<number, ReadonlyMap<LocalDate, string>>();
let packedYears: readonly string[] | undefined;

/** England and Wales bank holidays of a year (date → name), substitute days included; weekdays only. */
export function bankHolidays(year: number): ReadonlyMap<LocalDate, string> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    packedYears ??= BANK_HOLIDAYS.split(' ');
    const encoded = packedYears[year - BANK_HOLIDAY_YEARS.first];
    if (encoded === undefined || year < BANK_HOLIDAY_YEARS.first) {
      throw new CalendarError(`bank holidays are known for ${BANK_HOLIDAY_YEARS.first}-${BANK_HOLIDAY_YEARS.last} only, not ${year}`);
    }
    const entries: [LocalDate, string][] = [];
    // Each holiday is two digits: day of the year × the number of names + the name's index (bank-holidays.ts).
    const base = BANK_HOLIDAY_DIGITS.length;
    for (let index = 0; index + 2 <= encoded.length; index += 2) {
      const value = BANK_HOLIDAY_DIGITS.indexOf(encoded[index]!) * base + BANK_HOLIDAY_DIGITS.indexOf(encoded[index + 1]!);
      const day = Math.floor(value / BANK_HOLIDAY_NAMES.length);
      entries.push([fromUtcMidnight(new Date(Date.UTC(year, 0, day))), BANK_HOLIDAY_NAMES[value % BANK_HOLIDAY_NAMES.length]!]);
    }
    holidays = new Map(entries);
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

export function bankHolidayName(date: LocalDate): string | undefined {
  return bankHolidays(Number(date.slice(0, 4))).get(date);
}

/** A working day is Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: LocalDate): boolean {
  return !isWeekend(date) && bankHolidayName(date) === undefined;
}

export interface SkippedDay {
  date: LocalDate;
  reason: string;
}

function whyNotWorking(date: LocalDate): string {
  return bankHolidayName(date) ?? (dayOfWeek(date) === 0 ? 'Sunday' : 'Saturday');
}

/** The N-th working day after `date` (the day itself never counts), with the non-working days passed over. */
export function addWorkingDays(date: LocalDate, workingDays: number): { date: LocalDate; skipped: readonly SkippedDay[] } {
  return workingDaysAfter(date, workingDays);
}

const workingDaysAfter = memoised(countWorkingDaysAfter);

function countWorkingDaysAfter(date: LocalDate, workingDays: number): { date: LocalDate; skipped: readonly SkippedDay[] } {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new CalendarError(`working days must be a whole number of at least 0, got ${workingDays}`);
  }
  let current = date;
  let counted = 0;
  const skipped: SkippedDay[] = [];
  while (counted < workingDays) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current)) counted += 1;
    else skipped.push({ date: current, reason: whyNotWorking(current) });
  }
  return Object.freeze({ date: current, skipped: Object.freeze(skipped) });
}

export function nextWorkingDay(date: LocalDate): LocalDate {
  return addWorkingDays(date, 1).date;
}

/** `date` itself when it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(date: LocalDate): LocalDate {
  let current = date;
  while (!isWorkingDay(current)) current = addCalendarDays(current, -1);
  return current;
}

/**
 * For a last day that is not a working day (a deadline or window counted in calendar weeks or months), the last working
 * day up to it and why: "the last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter
 * Monday are not working days". Nothing for a working day. A visit or an inspection is made on a working day, so the
 * planner reads here the day it really must happen by (found by new-user walks: a window closed on Easter Monday
 * without a word, then "the last working day is Thursday" without Good Friday).
 */
export function lastWorkingDayWords(date: LocalDate): string | undefined {
  if (isWorkingDay(date)) return undefined;
  const last = workingDayOnOrBefore(date);
  const weekendDays: string[] = [];
  // In order: each holiday by name, "the weekend" once where it falls.
  const reasons: string[] = [];
  for (let day = addCalendarDays(last, 1); day <= date; day = addCalendarDays(day, 1)) {
    const holiday = bankHolidayName(day);
    if (holiday !== undefined) reasons.push(/bank holiday/i.test(holiday) ? `the ${holiday}` : holiday);
    else {
      weekendDays.push(WEEKDAY_NAMES[dayOfWeek(day)]!);
      if (reasons.at(-1) !== 'the weekend') reasons.push('the weekend');
    }
  }
  // A weekend alone is its days ("Saturday and Sunday"); among holidays, "the weekend".
  const named = reasons.length === 1 && weekendDays.length > 0 ? weekendDays : reasons;
  const verb = named.length === 1 ? 'is not a working day' : 'are not working days';
  return `the last working day by then is ${formatDateInWords(last)}, as ${listWords(named)} ${verb}`;
}

/** "A", "A and B", "A, B and C". */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A last day in words and, when it is not a working day, its last working day: "Monday 29 March 2027 (the last …)". */
export function dateWithLastWorkingDay(date: LocalDate): string {
  const last = lastWorkingDayWords(date);
  return last ? `${formatDateInWords(date)} (${last})` : formatDateInWords(date);
}


/** Mondays to Fridays after `start` up to and including `end` (start before end): five in every whole week. */
function weekdaysBetween(start: LocalDate, end: LocalDate): number {
  const first = epochDayOf(start);
  const days = epochDayOf(end) - first;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  // The days left over after the whole weeks, by their day of the week (1970-01-01 was a Thursday).
  for (let day = first + weeks * 7 + 1; day <= first + days; day += 1) {
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * Working days after `from` up to and including `to` (negative when `to` is before `from`). Counted by weeks and
 * by each year's bank holidays, not day by day: a date decades away (the calendar allows 1900-2199) costs as much
 * as one next week.
 */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  if (to === from) return 0;
  const forward = to > from;
  const [start, end] = forward ? [from, to] : [to, from];
  let count = weekdaysBetween(start, end);
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year += 1) {
    // bankHolidays holds weekdays only; a date is a holiday of the year it falls in (as isWorkingDay reads it).
    for (const date of bankHolidays(year).keys()) {
      if (date > start && date <= end && Number(date.slice(0, 4)) === year) count -= 1;
    }
  }
  return forward ? count : -count;
}

// ---------------------------------------------------------------------------------------------------------------
// London time: British Summer Time by its rule, checked against the time-zone data Node ships (Intl); no date library.

/** A moment as a London wall clock shows it. */
export interface LondonWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/**
 * The years in which London keeps British Summer Time by one rule: from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October (the Summer Time Order 2002, and the same rule since 1996). Node's time-zone
 * data agrees for every one of these years, to the minute around each change and at every hour of the year
 * (test/core/calendar.test.ts, which fails if a Node release brings another rule). Outside them: Intl.
 *
 * Why a rule and not Intl throughout: building an `Intl.DateTimeFormat` for Europe/London loads ICU's zone data,
 * which cost every Lambda more at import than all the rest of this module (issue 14: cold import under 60 ms).
 */
export const BST_RULE_YEARS = { first: 1996, last: 2099 } as const;

const HOUR_MS = 3_600_000;

/** 01:00 UTC on the last Sunday of a month (0-based), as epoch ms. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0, 1);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

const summerTimeOf = memoised((year: number): readonly [number, number] => [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)]);

/** London's offset from UTC at an instant, in ms (0 in winter, 3,600,000 in summer). */
function londonOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  // Not a number (an invalid instant) goes to Intl too, which refuses it (RangeError) as before.
  if (!(year >= BST_RULE_YEARS.first && year <= BST_RULE_YEARS.last)) return intlOffsetMs(epochMs);
  const [starts, ends] = summerTimeOf(year);
  return epochMs >= starts && epochMs < ends ? HOUR_MS : 0;
}

/** The London wall clock at an instant (milliseconds since the epoch). */
export function londonWallClock(epochMs: number): LondonWallClock {
  const wall = new Date(epochMs + londonOffsetMs(epochMs));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  };
}

let londonParts: Intl.DateTimeFormat | undefined;

/** The London wall clock by Intl (Node's time-zone data): the years outside the rule, and the rule's test. */
export function intlLondonWallClock(epochMs: number): LondonWallClock {
  londonParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(epochMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0 } = parts;
  return { year, month, day, hour, minute, second, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

function intlOffsetMs(epochMs: number): number {
  const wall = intlLondonWallClock(epochMs);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(?::(\d{2}))?(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * An ISO-8601 instant that carries its offset (`2026-12-23T10:00:00Z`, `2026-12-23T10:00+01:00`), as epoch ms;
 * undefined when it is not one or names an impossible date or time.
 */
export function parseInstant(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi = '0', s = '0', fraction = '', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [hoursOff, minutesOff] = [Number(offsetHours), Number(offsetMinutes)];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  // 24:00 is the end of the day (the next day's midnight), as ISO-8601 allows.
  const endOfDay = hour === 24 && minute === 0 && second === 0 && Number(fraction || 0) === 0;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59 || hoursOff > 23 || minutesOff > 59) return undefined;
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (hoursOff * 60 + minutesOff) * 60_000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC reads years 0-99 as 1900-1999.
  const epochMs = year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return epochMs - offsetMs;
}

/**
 * The instant a London wall-clock time names. In the autumn hour that happens twice the second (after the clocks go
 * back: GMT) is meant, as luxon read it before; a time in the spring-forward gap names nothing (undefined).
 */
function londonWallToEpoch(date: LocalDate, hour: number, minute: number, second: number): number | undefined {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offsets London has around that time, the smaller (winter) first: the instant whose wall clock reads `wall`.
  for (const offset of [...new Set([londonOffsetMs(wall - 3_600_000), londonOffsetMs(wall + 3_600_000)])].sort((a, b) => a - b)) {
    if (londonOffsetMs(wall - offset) === offset) return wall - offset;
  }
  return undefined;
}

/** The UTC instant of a London wall-clock time on a London day (BST/GMT handled). */
export function londonTimeOn(date: LocalDate, time: LondonTime | '23:59:59'): string {
  return londonInstantOf(date, time);
}

const londonInstantOf = memoised((date: LocalDate, time: LondonTime | '23:59:59'): string => {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  const [hour, minute, second] = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [99, 99, 99];
  if (!LOCAL_DATE.test(date) || hour > 23 || minute > 59 || second > 59) {
    throw new CalendarError(`${date} ${time} is not a valid London time`);
  }
  const epochMs = londonWallToEpoch(date, hour, minute, second);
  // In the spring-forward gap (01:00-01:59 on the last Sunday of March) the time does not exist: refuse it.
  if (epochMs === undefined) throw new CalendarError(`${date} ${time} does not exist in London (the clocks go forward)`);
  return new Date(epochMs).toISOString();
});

/** 23:59:59 London on `date`, as a UTC instant. */
export function endOfLondonDay(date: LocalDate): string {
  return londonTimeOn(date, '23:59:59');
}

/** The London calendar day of a UTC instant. */
const INSTANT_WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

export function londonDateOf(instant: string | Date): LocalDate {
  return typeof instant === 'string' ? londonDateOfText(instant) : londonDateOfMs(instant.getTime());
}

const londonDateOfText = memoised((instant: string) => londonDateOfInstant(instant));
const londonDateOfMs = memoised((ms: number) => londonDateOfInstant(new Date(ms)));

function londonDateOfInstant(instant: string | Date): LocalDate {
  if (typeof instant === 'string' && !INSTANT_WITH_OFFSET.test(instant)) {
    throw new CalendarError(`"${instant}" is not an instant: it needs a UTC offset or Z`);
  }
  const epochMs = typeof instant === 'string' ? parseInstant(instant) : instant.getTime();
  if (epochMs === undefined || Number.isNaN(epochMs)) throw new CalendarError(`"${String(instant)}" is not an ISO-8601 instant`);
  const wall = londonWallClock(epochMs);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` as LocalDate;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** "Wednesday 23 December 2026". */
export function inWords(weekday: number, year: number, month: number, day: number): string {
  return `${WEEKDAY_NAMES[weekday]} ${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** A London calendar day in words, as the pages and emails write it: "Wednesday 23 December 2026". */
export function formatDateInWords(date: LocalDate): string {
  const checked = parseLocalDate(date);
  const [year, month, day] = checked.split('-').map(Number) as [number, number, number];
  return inWords(dayOfWeek(checked), year, month, day);
}

/** "Tue 22 Dec 2026", in English whatever the server's locale (three-letter months: en-GB writes "Sept"). */
export function formatLondonDate(date: LocalDate): string {
  return londonDateText(date);
}

const londonDateText = memoised((date: LocalDate): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_NAMES[dayOfWeek(date)]!.slice(0, 3)} ${day} ${MONTH_NAMES[month - 1]!.slice(0, 3)} ${year}`;
});

// ---------------------------------------------------------------------------------------------------------------
// Deadlines that explain themselves

/** The event a deadline is counted from. */
export interface Anchor {
  /** Plain words, e.g. "the end of the visit". */
  label: string;
  date: LocalDate;
  /** `actual`: the event happened on this day; `planned`: the day it is due; `given`: supplied by the caller. */
  basis: 'actual' | 'planned' | 'given';
}

/** How an anchor's day is known, in words ("Counted from … (the day it happened)"): the pages and the emails say it. */
export const ANCHOR_BASIS_WORDS: Record<Anchor['basis'], string> = {
  actual: 'the day it happened',
  planned: 'the day it is planned',
  given: 'as entered',
};

/**
 * How an anchor's day is known, on `today`: a planned day already past is the day the step was due, and the dates
 * counted from it move once it is recorded (found by a new-user walk: "(the day it is planned)" beside a visit two
 * days overdue).
 */
export function anchorBasisWords(anchor: Pick<Anchor, 'basis' | 'date'>, today: LocalDate): string {
  return anchor.basis === 'planned' && anchor.date < today ? 'the day it was due; it is not recorded yet, so this date moves once it is' : ANCHOR_BASIS_WORDS[anchor.basis];
}

export interface Deadline {
  /** UTC instant by which the step is due. */
  due: string;
  dueLondonDate: LocalDate;
  /** The rule in words, e.g. "within 18 working days of the end of the visit". */
  rule: string;
  anchor: Anchor;
  /** How the date was reached: what was counted and what was skipped. */
  explanation: string;
}

function describeSkipped(skipped: readonly SkippedDay[]): string {
  const holidays = skipped.filter((day) => day.reason !== 'Saturday' && day.reason !== 'Sunday');
  const weekends = skipped.length - holidays.length;
  const parts: string[] = [];
  if (weekends > 0) parts.push(`${weekends} weekend day${weekends === 1 ? '' : 's'}`);
  for (const day of holidays) parts.push(`${formatLondonDate(day.date)} (${day.reason})`);
  return parts.length === 0 ? 'no non-working days passed over' : `passed over ${parts.join(', ')}`;
}

function anchorText(anchor: Anchor): string {
  return `${anchor.label} (${anchor.basis}: ${formatLondonDate(anchor.date)})`;
}

/** "within N working days of X": by the end of the N-th working day after the day of X. */
export function withinWorkingDays(anchor: Anchor, workingDays: number): Deadline {
  const { date, skipped } = addWorkingDays(anchor.date, workingDays);
  return {
    due: endOfLondonDay(date),
    dueLondonDate: date,
    rule: `within ${workingDays} working day${workingDays === 1 ? '' : 's'} of ${anchor.label}`,
    anchor,
    explanation:
      `end of the working day ${workingDays} after ${anchorText(anchor)} = ${formatLondonDate(date)}; ` +
      describeSkipped(skipped),
  };
}

/** "by the end of the next working day following X". */
export function byEndOfNextWorkingDay(anchor: Anchor): Deadline {
  const { date, skipped } = addWorkingDays(anchor.date, 1);
  return {
    due: endOfLondonDay(date),
    dueLondonDate: date,
    rule: `by the end of the next working day following ${anchor.label}`,
    anchor,
    explanation: `first working day after ${anchorText(anchor)} = ${formatLondonDate(date)}; ${describeSkipped(skipped)}`,
  };
}

/** A deadline N calendar days after the anchor's day (weekends and bank holidays count), with its rule in words. */
function calendarDaysAfter(anchor: Anchor, days: number, rule: string): Deadline {
  const date = addCalendarDays(anchor.date, days);
  return {
    due: endOfLondonDay(date),
    dueLondonDate: date,
    rule,
    anchor,
    explanation: `${days} calendar days after ${anchorText(anchor)} = ${formatLondonDate(date)} (calendar days: weekends and bank holidays count)`,
  };
}

/** "within N days of X" (calendar days, as children's homes framework §92 says of the interim report): by the end of the calendar day N days after the day of X. */
export function withinCalendarDays(anchor: Anchor, days: number): Deadline {
  return calendarDaysAfter(anchor, days, `within ${days} day${days === 1 ? '' : 's'} of ${anchor.label}`);
}

/** "within N weeks of X": by the end of the calendar day 7×N days after the day of X. */
export function withinWeeks(anchor: Anchor, weeks: number): Deadline {
  return calendarDaysAfter(anchor, 7 * weeks, `within ${weeks} week${weeks === 1 ? '' : 's'} of ${anchor.label}`);
}

/** "within N months of X": by the end of the same day of the month N months later (clamped to the month's end). */
export function withinMonths(anchor: Anchor, months: number): Deadline {
  const date = addCalendarMonths(anchor.date, months);
  return {
    due: endOfLondonDay(date),
    dueLondonDate: date,
    rule: `within ${months} month${months === 1 ? '' : 's'} of ${anchor.label}`,
    anchor,
    explanation: `${months} calendar month${months === 1 ? '' : 's'} after ${anchorText(anchor)} = ${formatLondonDate(date)}`,
  };
}

/**
 * Day N of a timetable counted in working days, where day 1 is the anchor's day: "day 3", "13:00 on day 1".
 * Without a time the step is due by the end of that day.
 */
export function onWorkingDayNumber(anchor: Anchor, dayNumber: number, at?: LondonTime): Deadline {
  if (!Number.isInteger(dayNumber) || dayNumber < 1) {
    throw new CalendarError(`a day number must be a whole number of at least 1, got ${dayNumber}`);
  }
  const { date, skipped } = addWorkingDays(anchor.date, dayNumber - 1);
  const due = at ? londonTimeOn(date, at) : endOfLondonDay(date);
  const when = at ? `${at} London time on day ${dayNumber}` : `by the end of day ${dayNumber}`;
  return {
    due,
    dueLondonDate: date,
    rule: `${when} (days are working days; day 1 is ${anchor.label})`,
    anchor,
    explanation:
      dayNumber === 1
        ? `day 1 is ${anchorText(anchor)}`
        : `day ${dayNumber} is the working day ${dayNumber - 1} after ${anchorText(anchor)} = ${formatLondonDate(date)}; ` +
          describeSkipped(skipped),
  };
}
