/**
 * The inspection plan's due list (GET /inspection-plan and its page): every window of every active establishment in
 * an inspection year, with where it stands today, the working days left and the RAG risk of the inspections list;
 * completed windows name the inspection that met them. Filterable by host local authority, type and risk.
 */
import { repository } from '../adapters/repository';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { ValidationError } from '../core/errors';
import { dueRows, filterDueRows, sortDueRows, type DueListEntry, type DueRow } from '../core/due-list';
import { inspectionYearOf } from '../core/inspection-plan';

import { InspectionPlanQuery } from './requests';

export { riskOf, type DueRow } from '../core/due-list';

/** Rows on a page of the due list: a national register has thousands of windows (2,850 establishments: about 6,300). */
export const DUE_LIST_PAGE_SIZE = 50;

export interface DuePage {
  rows: DueRow[];
  page: number;
  pages: number;
  total: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  from: number;
  to: number;
}

/**
 * One page of the due list, most urgent first as the list is. A page past the last is a 400 naming `page` (with how
 * many pages there are), as any other page number that cannot be shown: never the last page instead, unannounced.
 */
export function duePage(rows: readonly DueRow[], page: number): DuePage {
  const pages = Math.max(1, Math.ceil(rows.length / DUE_LIST_PAGE_SIZE));
  if (page > pages) {
    const there = pages === 1 ? 'there is only 1 page' : `there are ${pages} pages`;
    throw new ValidationError([{ field: 'page', message: `is ${page}, but ${there} of windows with these filters: choose a page from 1 to ${pages}` }]);
  }
  const shown = Math.max(1, page);
  const start = (shown - 1) * DUE_LIST_PAGE_SIZE;
  const slice = rows.slice(start, start + DUE_LIST_PAGE_SIZE);
  return { rows: slice, page: shown, pages, total: rows.length, from: slice.length > 0 ? start + 1 : 0, to: start + slice.length };
}

/**
 * The due list of an inspection year on the day of `now`: the year's stored due list (built on its first request,
 * then kept current by every write to the register and the inspections: functions/adapters/repository.ts), placed
 * on the day and filtered (core/due-list.ts). No plan is computed here: a request reads one partition.
 */
export async function inspectionPlanDue(query: InspectionPlanQuery, now: Date): Promise<{ year: number; today: LocalDate; rows: DueRow[] }> {
  const today = londonDateOf(now);
  const year = query.year ?? inspectionYearOf(today);
  const shards = await repository().dueList(year);
  return { year, today, rows: filterDueRows(placedOn(today, shards), query) };
}

/**
 * The whole list placed on a day, kept per container under the ids of the shard writes it was placed from and the
 * day: a request after no write reuses it; after a write, only the shard that changed is placed again.
 */
const placedShards = new Map<string, DueRow[]>();
let placedList: { key: string; rows: DueRow[] } | undefined;

function placedOn(today: LocalDate, shards: readonly { writeId: string; entries: readonly DueListEntry[] }[]): DueRow[] {
  const key = `${today}|${shards.map((shard) => shard.writeId).join('|')}`;
  if (placedList?.key === key) return placedList.rows;
  const keys = new Set(shards.map((shard) => `${today}|${shard.writeId}`));
  for (const stale of placedShards.keys()) if (!keys.has(stale)) placedShards.delete(stale);
  const parts = shards.map((shard) => {
    const shardKey = `${today}|${shard.writeId}`;
    let rows = placedShards.get(shardKey);
    if (!rows) placedShards.set(shardKey, (rows = dueRows(shard.entries, today)));
    return rows;
  });
  placedList = { key, rows: sortDueRows(parts.flat()) };
  return placedList.rows;
}
