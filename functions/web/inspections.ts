/**
 * GET /app/inspections: every inspection with its next deadline and risk, filtered by status and process with the
 * query the JSON API takes (ListInspectionsQuery) and the same listing (listInspections).
 */
import { INSPECTION_STATUSES, ListInspectionsQuery, listInspections } from '../app';
import type { Awaited } from '../core/awaited';
import { formatDateInWords } from '../core/calendar';
import { INSPECTION_RISKS, type InspectionSummary } from '../core/inspection-views';
import { LOGGABLE_PROCESSES, parseWith } from '../core/schemas';
import { fieldTable, formErrors, NO_ERRORS } from './form-errors';
import { processTitle, RISK_TAGS, STATUS_WORDS } from './labels';
import { page, type PageHandler } from './page';
import { statusWords, withCallsOwed } from './status-words';

/** Rows to collect before offering "Show more" (the table's pages are filtered after reading, so keep reading). */
const ROWS_PER_PAGE = 50;
const READS_PER_PAGE = 10;

const FILTER_FIELDS = fieldTable([
  { path: 'status', id: 'status', label: 'Status', choices: STATUS_WORDS },
  { path: 'process', id: 'process', label: 'Process', choices: Object.fromEntries(LOGGABLE_PROCESSES.map((process) => [process, processTitle(process)])) },
  { path: 'risk', id: 'risk', label: 'Risk', choices: Object.fromEntries(INSPECTION_RISKS.map((risk) => [risk, RISK_TAGS[risk].text])) },
  { path: 'cursor', id: 'status', label: 'The page of results' },
]);

function row(summary: InspectionSummary & { awaited: Awaited[] }, now: Date) {
  const next = summary.nextDeadline;
  return {
    id: summary.id,
    name: summary.establishment.name,
    urn: summary.establishment.urn,
    // An establishment's inspections are told apart by their first day, and a return inspection says so.
    started: formatDateInWords(summary.startedOn),
    process: processTitle(summary.process),
    returnInspection: summary.followUpOf !== undefined,
    status: withCallsOwed(statusWords(summary.status, summary.awaited, now, undefined, next), summary.status, summary.callsOutstanding),
    next: next
      ? {
          title: next.step.title,
          due: next.step.due,
          workingDaysLeft: next.workingDaysLeft,
          overdue: next.status === 'overdue',
          ...(next.process !== summary.process ? { followUp: processTitle(next.process) } : {}),
        }
      : undefined,
    risk: RISK_TAGS[summary.risk],
    withdrawn: summary.status === 'withdrawn',
  };
}

export const inspectionsPage: PageHandler = async ({ query, now }) => {
  const filters = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.process ? { process: query.process } : {}),
    // The API's risk filter too (found by a new-user walk: the page had none).
    ...(query.risk ? { risk: query.risk } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
  const options = {
    statuses: INSPECTION_STATUSES.map((value) => ({ value, text: STATUS_WORDS[value], selected: value === query.status })),
    processes: LOGGABLE_PROCESSES.map((value) => ({ value, text: processTitle(value), selected: value === query.process })),
    risks: INSPECTION_RISKS.map((value) => ({ value, text: RISK_TAGS[value].text, selected: value === query.risk })),
  };
  const parsed = parseWith(ListInspectionsQuery, filters);
  if (!parsed.ok) {
    const errors = formErrors(parsed.errors, FILTER_FIELDS.fieldsOf, FILTER_FIELDS.order);
    return page('inspections', 'Inspections', { errors, options, rows: [], filtered: true }, { nav: 'inspections', hasErrors: true });
  }

  const rows: (InspectionSummary & { awaited: Awaited[] })[] = [];
  let cursor = parsed.value.cursor;
  for (let read = 0; read < READS_PER_PAGE && rows.length < ROWS_PER_PAGE; read += 1) {
    const result = await listInspections({ ...parsed.value, ...(cursor ? { cursor } : {}), limit: 100 }, now);
    rows.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  const filtered = Boolean(parsed.value.status || parsed.value.process || parsed.value.risk);
  const { cursor: _cursor, ...kept } = filters;
  const more = cursor ? `/app/inspections?${new URLSearchParams({ ...kept, cursor }).toString()}` : undefined;
  // Withdrawn inspections (logged by mistake) are listed when asked for (status or risk "Withdrawn"), not among the
  // rest (found by a new-user walk: withdrawn rows among the live ones, under "their next deadline").
  const askedForWithdrawn = parsed.value.status === 'withdrawn' || parsed.value.risk === 'withdrawn';
  const shown = askedForWithdrawn ? rows : rows.filter((summary) => summary.status !== 'withdrawn');
  const withdrawnLeftOut = rows.length - shown.length;
  return page(
    'inspections',
    'Inspections',
    {
      errors: NO_ERRORS,
      options,
      rows: shown.map((summary) => row(summary, now)),
      filtered,
      more,
      ...(withdrawnLeftOut > 0 ? { withdrawnLeftOut, withdrawnHref: `/app/inspections?${new URLSearchParams({ ...kept, status: 'withdrawn' }).toString()}` } : {}),
    },
    { nav: 'inspections' },
  );
};
