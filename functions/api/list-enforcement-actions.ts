/**
 * GET /establishments/{urn}/enforcement-actions[?inspectionId=] (inspectors, managers): the establishment's
 * enforcement actions with their dates, the case review each is linked to, and whether each is in force today.
 */
import * as z from 'zod';
import { systemClock } from '../adapters/clock';
import { listEnforcementActions } from '../app';
import { ValidationError } from '../core/errors';
import { InspectionIdText, parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

const Query = z.strictObject({ inspectionId: InspectionIdText.optional() });

export const handler = httpHandler({
  name: 'list-enforcement-actions',
  groups: ['inspectors', 'managers'],
  fn: async ({ pathParameters, queryStringParameters }) => {
    const query = parseWith(Query, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return listEnforcementActions(pathParameters.urn ?? '', systemClock.now(), query.value.inspectionId);
  },
});
