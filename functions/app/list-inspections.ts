/**
 * The inspections list, newest first, each row with its next deadline and risk; optionally filtered by status,
 * process and risk. The query is what GET /inspections and the list page both take.
 *
 * The filter applies to each page the table returns, so a filtered page may hold fewer rows than `limit` (even none)
 * while a cursor says there is more: keep following the cursor.
 */
import { repository } from '../adapters/repository';
import { awaitedOf } from '../core/awaited';
import type { InspectionRecord } from '../core/inspection';
import { alertStep, filterSummaries, inspectionSummary, notificationLedger, type InspectionSummary } from '../core/inspection-views';
import { ListInspectionsQuery } from './requests';

export async function listInspections(query: ListInspectionsQuery, now: Date) {
  const page = await repository().listInspections({
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  // What each row awaits, and of whom (awaitedOf): the approvals still pending are read once for the page.
  const pending = page.items.length > 0 ? await repository().listPendingApprovals() : [];
  const rows = await Promise.all(
    page.items.map(async (record) => ({ ...(await withCallsOwed(record, inspectionSummary(record, now), now)), awaited: awaitedOf(record, pending) })),
  );
  const items = filterSummaries(rows, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.process ? { process: query.process } : {}),
    ...(query.risk ? { risk: query.risk } : {}),
  });
  return page.cursor ? { items, cursor: page.cursor } : { items };
}

/**
 * A complete inspection whose DCS alert still awaits phone calls confirming receipt (SCCIF 15.3) says how many (found
 * by a new-user walk: the list said "Complete" while the inspection's page named two calls still owed). Only complete
 * inspections with an alert step read their emails and calls; the others' pages say what they await.
 */
export async function withCallsOwed(record: InspectionRecord, summary: InspectionSummary, now: Date): Promise<InspectionSummary> {
  if (summary.status !== 'complete' || alertStep(record) === undefined) return summary;
  const [emails, calls] = await Promise.all([repository().listEmails(record.id), repository().listCalls(record.id)]);
  const owed = notificationLedger({ record, emails, calls, now }).summary.callsOutstanding;
  return owed > 0 ? { ...summary, callsOutstanding: owed } : summary;
}
