/**
 * GET /establishments/{urn} (inspectors, managers): the entry with its inspection history, current judgement,
 * open processes, registered-manager vacancy warnings and this inspection year's plan.
 */
import { systemClock } from '../adapters/clock';
import { getEstablishment } from '../app';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'get-establishment',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters }) => getEstablishment(pathParameters.urn ?? '', systemClock.now()),
});
