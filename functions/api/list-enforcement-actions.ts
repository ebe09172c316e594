/**
 * GET /establishments/{urn}/enforcement-actions[?inspectionId=] (inspectors, managers): the establishment's
 * enforcement actions with their dates, the case review each is linked to, and whether each is in force today.
 */
import { systemClock } from '../adapters/clock';
import { ListEnforcementActionsQuery, listEnforcementActions } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'list-enforcement-actions',
  groups: ['inspectors', 'managers'],
  fn: async ({ pathParameters, queryStringParameters }) => {
    const query = parseWith(ListEnforcementActionsQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return listEnforcementActions(pathParameters.urn ?? '', systemClock.now(), query.value.inspectionId);
  },
});
