/**
 * The due list (GET /inspection-plan, its page and the managers' daily digest) as a stored projection: for each
 * establishment and inspection year, its plan windows (`dueListEntry`), kept by the repository's writers whenever the
 * register or an inspection changes (functions/adapters/repository.ts, "the stored due list"); then, on a request,
 * where each window stands today (`dueRows`). Pure: the register entry, the records and today's London date come in.
 *
 * What is stored does not depend on the day it is read: every recorded inspection meets its window, a future one
 * too (an assurance visit's planned end, a monitoring visit recorded ahead); `dueRows` then counts a window met only
 * from the day of the inspection that met it, which is what planning with the history "as of today" gives (a window's
 * meeting inspection is the first, or the second, in its window: if that one is after today, so are the later ones).
 */
import { workingDaysBetween, type LocalDate } from './calendar';
import { decidedVisitsOf, inadequateJudgementsOf, pastInspectionsOf } from './establishment-history';
import type { RegisterEntry } from './establishments';
import type { InspectionRecord } from './inspection';
import { inspectionPlan, inspectionYearOf, windowStatus, type PlanWindow, type WindowStatus } from './inspection-plan';
import type { Risk } from './inspection-views';
import { PLAN_CLOSING_SOON_WORKING_DAYS } from './regulations/inspection-plan';
import type { EstablishmentKind } from './schemas';

/** One establishment in one inspection year's stored due list. */
export interface DueListEntry {
  urn: string;
  name: string;
  kind: EstablishmentKind;
  hostAuthority: string;
  /** Its windows, met by every recorded inspection; none when it is not listed (closed, or registered after the year). */
  windows: PlanWindow[];
}

export interface DueRow extends PlanWindow {
  urn: string;
  name: string;
  kind: EstablishmentKind;
  hostAuthority: string;
  status: WindowStatus;
  workingDaysLeft: number;
  risk: Risk;
}

export interface DueFilter {
  hostAuthority?: string;
  kind?: EstablishmentKind;
  risk?: Risk;
}

/**
 * The RAG risk of a window, in the inspections list's words: due soon when it closes within the horizon, open or about
 * to open (found by a new-user walk: a one-week return visit window was first named the day it opened).
 */
export function riskOf(status: WindowStatus, workingDaysLeft: number): Risk {
  if (status === 'met') return 'complete';
  if (status === 'overdue') return 'overdue';
  return workingDaysLeft <= PLAN_CLOSING_SOON_WORKING_DAYS ? 'due-soon' : 'on-track';
}

/** An establishment's entry in a year's due list, from its register entry and all its inspection records. */
export function dueListEntry(entry: RegisterEntry, records: readonly InspectionRecord[], year: number): DueListEntry {
  const { urn, name, kind, hostAuthority } = entry;
  const listed = entry.status !== 'closed' && inspectionYearOf(entry.registeredOn) <= year;
  // Inspections before the registration (a registration date corrected later) meet no window of this registration.
  const since = (day: LocalDate) => day >= entry.registeredOn;
  const windows = listed
    ? inspectionPlan({
        type: kind,
        registered: entry.registeredOn,
        year,
        history: pastInspectionsOf(records).filter((past) => since(past.date)),
        providesEducation: kind !== 'residential-family-centre' && entry.providesEducation,
        inadequateJudgements: inadequateJudgementsOf(records).filter((judged) => since(judged.date)),
        decidedVisits: decidedVisitsOf(records).filter((visit) => since(visit.knownFrom)),
      }).windows
    : [];
  return { urn, name, kind, hostAuthority, windows };
}

/** A stored window as it stands on a day: met only from the day of the inspection that met it. */
export function windowAsOf(window: PlanWindow, today: LocalDate): PlanWindow {
  if (!window.met || window.met.on <= today) return window;
  const { met: _later, ...unmet } = window;
  return unmet;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const RISK_ORDER: Record<Risk, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2, complete: 3 };

/**
 * The due list on a day: every window of the listed establishments with its status, working days left and risk,
 * most urgent first (risk, then closing day, then URN), filtered by host authority, type and risk.
 */
export function dueRows(entries: Iterable<DueListEntry>, today: LocalDate, filter: DueFilter = {}): DueRow[] {
  // A national list has ~6,300 windows closing on a few dozen days: count the working days to each day once.
  const left = new Map<LocalDate, number>();
  const workingDaysTo = (closes: LocalDate) => {
    let days = left.get(closes);
    if (days === undefined) left.set(closes, (days = workingDaysBetween(today, closes)));
    return days;
  };
  const rows: DueRow[] = [];
  for (const entry of entries) {
    if ((filter.kind && entry.kind !== filter.kind) || (filter.hostAuthority && entry.hostAuthority !== filter.hostAuthority)) continue;
    for (const stored of entry.windows) {
      const window = windowAsOf(stored, today);
      const { status, workingDaysLeft } = windowStatus(window, today, workingDaysTo(window.closes));
      const risk = riskOf(status, workingDaysLeft);
      if (filter.risk && risk !== filter.risk) continue;
      rows.push({ ...window, urn: entry.urn, name: entry.name, kind: entry.kind, hostAuthority: entry.hostAuthority, status, workingDaysLeft, risk });
    }
  }
  return sortDueRows(rows);
}

/** Most urgent first: risk, then closing day, then URN (sorts in place and returns the list). */
export function sortDueRows(rows: DueRow[]): DueRow[] {
  // Code-unit order, not localeCompare: ISO days and URNs sort the same, and a national list has ~6,300 rows to sort.
  return rows.sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || byText(a.closes, b.closes) || byText(a.urn, b.urn) || byText(a.id, b.id));
}

/** The rows a filter keeps, in their order. */
export function filterDueRows(rows: readonly DueRow[], filter: DueFilter): DueRow[] {
  if (!filter.kind && !filter.hostAuthority && !filter.risk) return [...rows];
  return rows.filter(
    (row) =>
      (!filter.kind || row.kind === filter.kind) &&
      (!filter.hostAuthority || row.hostAuthority === filter.hostAuthority) &&
      (!filter.risk || row.risk === filter.risk),
  );
}
