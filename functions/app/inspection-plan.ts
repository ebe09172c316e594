/**
 * The inspection plan's due list (GET /inspection-plan and its page): every window of every active establishment in
 * an inspection year, with where it stands today, the working days left and the RAG risk of the inspections list;
 * completed windows name the inspection that met them. Filterable by host local authority, type and risk.
 */
import { repository } from '../adapters/repository';
import { londonDateOf, type LocalDate } from '../core/calendar';
import type { InspectionRecord } from '../core/inspection';
import { inspectionYearOf, windowStatus, type PlanWindow, type WindowStatus } from '../core/inspection-plan';
import type { Risk } from '../core/inspection-views';
import { PLAN_CLOSING_SOON_WORKING_DAYS } from '../core/regulations/inspection-plan';
import type { EstablishmentKind } from '../core/schemas';
import { planOf } from './establishments';

import { InspectionPlanQuery } from './requests';

export interface DueRow extends PlanWindow {
  urn: string;
  name: string;
  kind: EstablishmentKind;
  hostAuthority: string;
  status: WindowStatus;
  workingDaysLeft: number;
  risk: Risk;
}

/** The RAG risk of a window, in the inspections list's words. */
export function riskOf(status: WindowStatus, workingDaysLeft: number): Risk {
  if (status === 'met') return 'complete';
  if (status === 'overdue') return 'overdue';
  return status === 'open' && workingDaysLeft <= PLAN_CLOSING_SOON_WORKING_DAYS ? 'due-soon' : 'on-track';
}

/** Rows on a page of the due list: a national register has thousands of windows (2,850 establishments: about 6,300). */
export const DUE_LIST_PAGE_SIZE = 50;

export interface DuePage {
  rows: DueRow[];
  /** The page shown (a page past the last shows the last). */
  page: number;
  pages: number;
  total: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  from: number;
  to: number;
}

/** One page of the due list, most urgent first as the list is. */
export function duePage(rows: readonly DueRow[], page: number): DuePage {
  const pages = Math.max(1, Math.ceil(rows.length / DUE_LIST_PAGE_SIZE));
  const shown = Math.min(Math.max(1, page), pages);
  const start = (shown - 1) * DUE_LIST_PAGE_SIZE;
  const slice = rows.slice(start, start + DUE_LIST_PAGE_SIZE);
  return { rows: slice, page: shown, pages, total: rows.length, from: slice.length > 0 ? start + 1 : 0, to: start + slice.length };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const RISK_ORDER: Record<Risk, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2, complete: 3 };

export async function inspectionPlanDue(query: InspectionPlanQuery, now: Date): Promise<{ year: number; today: LocalDate; rows: DueRow[] }> {
  const today = londonDateOf(now);
  const year = query.year ?? inspectionYearOf(today);
  const entries = (await repository().listEstablishments()).filter(
    (entry) =>
      entry.status !== 'closed' &&
      (!query.kind || entry.kind === query.kind) &&
      (!query.hostAuthority || entry.hostAuthority === query.hostAuthority) &&
      inspectionYearOf(entry.registeredOn) <= year,
  );
  const records = await allInspectionsByUrn();
  const rows: DueRow[] = [];
  for (const entry of entries) {
    for (const window of planOf(entry, records.get(entry.urn) ?? [], year, now).windows) {
      const { status, workingDaysLeft } = windowStatus(window, today);
      const risk = riskOf(status, workingDaysLeft);
      if (query.risk && risk !== query.risk) continue;
      rows.push({ ...window, urn: entry.urn, name: entry.name, kind: entry.kind, hostAuthority: entry.hostAuthority, status, workingDaysLeft, risk });
    }
  }
  // Code-unit order, not localeCompare: ISO days and URNs sort the same, and a national list has ~6,300 rows to sort.
  rows.sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || byText(a.closes, b.closes) || byText(a.urn, b.urn));
  return { year, today, rows };
}

/** Every inspection record, grouped by its establishment's URN (the list is paged 100 at a time). */
async function allInspectionsByUrn(): Promise<Map<string, InspectionRecord[]>> {
  const byUrn = new Map<string, InspectionRecord[]>();
  let cursor: string | undefined;
  do {
    const page = await repository().listInspections({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const record of page.items) {
      const list = byUrn.get(record.establishment.urn) ?? [];
      list.push(record);
      byUrn.set(record.establishment.urn, list);
    }
    cursor = page.cursor;
  } while (cursor);
  return byUrn;
}

