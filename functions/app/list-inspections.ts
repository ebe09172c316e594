/**
 * The inspections list, newest first, each row with its next deadline and risk; optionally filtered by status,
 * process and risk. The query is what GET /inspections and the list page both take.
 *
 * The filter applies to each page the table returns, so a filtered page may hold fewer rows than `limit` (even none)
 * while a cursor says there is more: keep following the cursor.
 */
import * as z from 'zod';
import { repository } from '../adapters/repository';
import { awaitedOf } from '../core/awaited';
import type { InspectionStatus } from '../core/inspection';
import { filterSummaries, inspectionSummary, RISKS } from '../core/inspection-views';
import { LOGGABLE_PROCESSES } from '../core/schemas';

/** Every status, from a record keyed by the type: a status added to InspectionStatus and not listed fails to compile. */
const STATUSES: Record<InspectionStatus, true> = {
  'awaiting-outcome': true,
  'in-progress': true,
  'awaiting-approval': true,
  complete: true,
  failed: true,
};
export const INSPECTION_STATUSES = Object.keys(STATUSES) as [InspectionStatus, ...InspectionStatus[]];

const MAX_LIMIT = 100;

export const ListInspectionsQuery = z.strictObject({
  status: z.enum(INSPECTION_STATUSES).optional(),
  process: z.enum(LOGGABLE_PROCESSES).optional(),
  risk: z.enum(RISKS).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LIMIT))
    .optional(),
  cursor: z.string().min(1).max(4096).optional(),
});
export type ListInspectionsQuery = z.output<typeof ListInspectionsQuery>;

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
