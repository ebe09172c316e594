/**
 * GET /establishments (inspectors, managers): the register, by URN; optionally filtered by kind, host local
 * authority and status (ListEstablishmentsQuery).
 */
import { ListEstablishmentsQuery, listEstablishments } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'list-establishments',
  groups: ['inspectors', 'managers'],
  fn: async ({ queryStringParameters }) => {
    const query = parseWith(ListEstablishmentsQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return listEstablishments(query.value);
  },
});
