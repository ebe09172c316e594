/**
 * GET /establishments/{urn}[?year=YYYY] (inspectors, managers): the entry with its inspection history, current
 * judgement, open processes, registered-manager vacancy warnings and the plan of an inspection year (default: this one).
 */
import { systemClock } from '../adapters/clock';
import { EstablishmentQuery, getEstablishment } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'get-establishment',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters, queryStringParameters }) => {
    const query = parseWith(EstablishmentQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return getEstablishment(pathParameters.urn ?? '', systemClock.now(), query.value);
  },
});
