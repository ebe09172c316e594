/**
 * The inspections list, newest first, each row with its next deadline and risk; optionally filtered by status,
 * process and risk. The query is what GET /inspections and the list page both take.
 *
 * The filter applies to each page the table returns, so a filtered page may hold fewer rows than `limit` (even none)
 * while a cursor says there is more: keep following the cursor.
 */
import { repository } from '../adapters/repository';
import { awaitedOf } from '../core/awaited';
import { filterSummaries, inspectionSummary } from '../core/inspection-views';
import { ListInspectionsQuery } from './requests';

export async function listInspections(query: ListInspectionsQuery, now: Date) {
  const page = await repository().listInspections({
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  // What each row awaits, and of whom (awaitedOf): the approvals still pending are read once for the page.
  const pending = page.items.length > 0 ? await repository().listPendingApprovals() : [];
  const rows = page.items.map((record) => ({ ...inspectionSummary(record, now), awaited: awaitedOf(record, pending) }));
  const items = filterSummaries(rows, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.process ? { process: query.process } : {}),
    ...(query.risk ? { risk: query.risk } : {}),
  });
  return page.cursor ? { items, cursor: page.cursor } : { items };
}
