/**
 * The managers' daily digest (issue 15, item 6): each working morning, the inspection-plan windows closing within
 * PLAN_CLOSING_SOON_WORKING_DAYS working days, and the registered-manager vacancies that have passed 20 or 26 weeks
 * (children's homes framework §67, §88) and were not yet announced to that manager. Pure: the caller passes the day,
 * the due rows, the vacancy warnings and what was already announced.
 *
 * - Nothing to say (no window closing soon, no new vacancy warning, no return visit first overdue today, no window
 *   closed unmet since the last working day) → no digest.
 * - Each overdue return visit after an inadequate judgement is named in every digest sent; another window that closed
 *   unmet is named on the first working day after it closed (the last day of an inspection year's, on the first
 *   working day of the next), then counted with the other overdue windows.
 * - Not a working day (weekend, bank holiday) → no digest: what happens meanwhile is in the next working day's
 *   digest (a vacancy threshold reached on a Saturday is announced on Monday, as it was not announced before).
 * - Each vacancy threshold is announced once per vacancy (its URN, the day the post fell vacant, the weeks): when a
 *   vacancy is first seen past 26 weeks, the 20-week warning is announced with it and only the 26-week one is shown.
 * - Establishments appear by name and URN; children never (the plan and the register hold none).
 */
import { isWorkingDay, nextWorkingDay, type LocalDate } from './calendar';
import type { DailyDigestInput, DigestOverdueReturn, DigestVacancy, DigestWindow } from './email-content';
import type { VacancyWarning } from './establishments';
import { inspectionYearOf, isReturnWindow } from './inspection-plan';
import { PLAN_CLOSING_SOON_WORKING_DAYS, type PlanWindowId } from './regulations/inspection-plan';

/** The due-list row fields the digest reads (functions/app/inspection-plan.ts DueRow has them all). */
export interface DigestDueRow {
  id: PlanWindowId;
  urn: string;
  name: string;
  title: string;
  opens: LocalDate;
  closes: LocalDate;
  source: string;
  status: 'met' | 'overdue' | 'open' | 'not-yet-open';
  workingDaysLeft: number;
}

export interface DigestVacancyWarning extends Pick<VacancyWarning, 'urn' | 'weeks' | 'reachedOn' | 'message'> {
  /** The day the post fell vacant: with the URN and the weeks, it names the announcement. */
  vacantSince: LocalDate;
}

export interface DigestRequest {
  /** The London day the digest is for (the schedule's day, not the day a retry happens to run). */
  today: LocalDate;
  rows: readonly DigestDueRow[];
  /**
   * On the first working day of an inspection year, the rows of the year before (placed on `today`): its windows that
   * closed unmet on the last day of that year are news that day, though no longer on this year's plan.
   */
  previousYearRows?: readonly DigestDueRow[];
  vacancies: readonly DigestVacancyWarning[];
  /** Keys (vacancyAnnouncementKey) already announced to this recipient. */
  announced: ReadonlySet<string>;
  /** The manager it goes to, by name, when the directory has it. */
  managerName?: string;
  baseUrl: string;
}

export type DigestDecision =
  | { send: false; reason: 'not-a-working-day' | 'nothing-to-say' }
  | {
      send: true;
      template: DailyDigestInput;
      /** The vacancy announcements this digest makes: recorded once it is sent. */
      announces: string[];
    };

/** At most this many windows are listed; the rest are counted, with a link to the plan filtered to them. */
export const DIGEST_MAX_WINDOWS = 50;

/** Names one announcement of one vacancy threshold. */
export function vacancyAnnouncementKey(warning: Pick<DigestVacancyWarning, 'urn' | 'vacantSince' | 'weeks'>): string {
  return `${warning.urn}#${warning.vacantSince}#${warning.weeks}`;
}

/**
 * A window closing within the horizon: not met, not overdue, and closing in at most PLAN_CLOSING_SOON_WORKING_DAYS
 * working days, open or not yet (a short window, a one-week return visit, is named before it opens).
 */
export function closingSoon(row: DigestDueRow): boolean {
  return (row.status === 'open' || row.status === 'not-yet-open') && row.workingDaysLeft <= PLAN_CLOSING_SOON_WORKING_DAYS;
}

/** A window past its close, as the digest names it. */
const closedWindow = ({ urn, name, title, closes, source }: DigestDueRow): DigestOverdueReturn => ({ urn, name, title, closes, source });

export function dailyDigest(request: DigestRequest): DigestDecision {
  if (!isWorkingDay(request.today)) return { send: false, reason: 'not-a-working-day' };

  const closing = request.rows
    .filter(closingSoon)
    .sort((a, b) => a.closes.localeCompare(b.closes) || a.urn.localeCompare(b.urn) || a.title.localeCompare(b.title));
  // A return visit after an inadequate judgement is owed until it is made (§71): each overdue one is named, not only
  // counted (found by a new-user walk: the digest never named one), and one first overdue today is news by itself.
  // The other overdue windows are counted and linked: they are on the plan every day.
  const overdueRows = request.rows.filter((row) => row.status === 'overdue');
  const returns = overdueRows.filter((row) => isReturnWindow(row.id)).sort((a, b) => a.closes.localeCompare(b.closes) || a.urn.localeCompare(b.urn));
  const newlyOverdue = returns.some((row) => nextWorkingDay(row.closes) === request.today);
  // Any other window that closed unmet since the last working day is named once, that day (found by a new-user walk:
  // 67 windows listed as closing on 31 March, and on 1 April no word of those that closed unmet); then only counted.
  const closedNow = (row: DigestDueRow) => row.status === 'overdue' && !isReturnWindow(row.id) && nextWorkingDay(row.closes) === request.today;
  const closedThisYear = overdueRows.filter(closedNow);
  const closedUnmet = [...closedThisYear, ...(request.previousYearRows ?? []).filter(closedNow)].sort(
    (a, b) => a.closes.localeCompare(b.closes) || a.urn.localeCompare(b.urn) || a.title.localeCompare(b.title),
  );
  const overdue = overdueRows.length - returns.length - closedThisYear.length;

  const fresh = request.vacancies.filter((warning) => !request.announced.has(vacancyAnnouncementKey(warning)));
  // Per vacancy, only the highest threshold not yet announced is shown; the lower ones are announced with it.
  const highest = new Map<string, DigestVacancyWarning>();
  for (const warning of fresh) {
    const vacancy = `${warning.urn}#${warning.vacantSince}`;
    const shown = highest.get(vacancy);
    if (!shown || warning.weeks > shown.weeks) highest.set(vacancy, warning);
  }
  const vacancies: DigestVacancy[] = [...highest.values()]
    .sort((a, b) => b.weeks - a.weeks || a.urn.localeCompare(b.urn))
    .map(({ urn, weeks, reachedOn, message }) => ({ urn, weeks, reachedOn, message }));

  if (closing.length === 0 && vacancies.length === 0 && !newlyOverdue && closedUnmet.length === 0) return { send: false, reason: 'nothing-to-say' };

  const windows: DigestWindow[] = closing.slice(0, DIGEST_MAX_WINDOWS).map((row) => ({
    urn: row.urn,
    name: row.name,
    title: row.title,
    ...(row.status === 'not-yet-open' ? { opens: row.opens } : {}),
    closes: row.closes,
    workingDaysLeft: row.workingDaysLeft,
    source: row.source,
  }));
  return {
    send: true,
    template: {
      template: 'dailyDigest',
      ...(request.managerName ? { managerName: request.managerName } : {}),
      day: request.today,
      horizonWorkingDays: PLAN_CLOSING_SOON_WORKING_DAYS,
      windows,
      moreWindows: closing.length - windows.length,
      overdueReturns: returns.map(closedWindow),
      closedUnmet: closedUnmet.slice(0, DIGEST_MAX_WINDOWS).map(closedWindow),
      moreClosedUnmet: Math.max(0, closedUnmet.length - DIGEST_MAX_WINDOWS),
      ...(closedUnmet[0] ? { closedUnmetYear: inspectionYearOf(closedUnmet[0].closes) } : {}),
      overdueWindows: overdue,
      vacancies,
      baseUrl: request.baseUrl,
    },
    announces: fresh.map(vacancyAnnouncementKey),
  };
}
