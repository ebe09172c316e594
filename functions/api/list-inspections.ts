/**
 * GET /inspections (inspectors, managers): the inspections list, newest first, each row with its next deadline and
 * risk; optionally filtered by status, process and risk (ListInspectionsQuery, listInspections). A filtered page may
 * hold fewer rows than `limit` (even none) while a cursor says there is more: keep following the cursor.
 */
import { systemClock } from '../adapters/clock';
import { ListInspectionsQuery, listInspections } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'list-inspections',
  groups: ['inspectors', 'managers'],
  fn: async ({ queryStringParameters }) => {
    const query = parseWith(ListInspectionsQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return listInspections(query.value, systemClock.now());
  },
});
