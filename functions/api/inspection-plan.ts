/**
 * GET /inspection-plan?year=YYYY[&hostAuthority=][&kind=][&risk=][&page=N] (inspectors, managers): every window of
 * every open establishment in the inspection year (default: the current one), with its status, working days left and
 * risk, most urgent first; met windows name the inspection that met them. With `page`, one page of
 * DUE_LIST_PAGE_SIZE rows and the paging (page, pages, total, from, to).
 */
import { systemClock } from '../adapters/clock';
import { duePage, InspectionPlanQuery, inspectionPlanDue } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'inspection-plan',
  groups: ['inspectors', 'managers'],
  fn: async ({ queryStringParameters }) => {
    const query = parseWith(InspectionPlanQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    const due = await inspectionPlanDue(query.value, systemClock.now());
    return query.value.page === undefined ? due : { ...due, ...duePage(due.rows, query.value.page) };
  },
});
