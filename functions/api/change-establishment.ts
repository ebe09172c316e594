/**
 * PATCH /establishments/{urn} (managers): `{ version?, change: { ...fields } }`. The entry after the change is
 * checked as a whole (400 naming `change.<field>`); `version` from GET makes a concurrent change a 409.
 */
import { systemClock } from '../adapters/clock';
import { changeEstablishment, EstablishmentChange } from '../app';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'change-establishment',
  groups: ['managers'],
  body: EstablishmentChange,
  fn: ({ body, pathParameters, user }) => changeEstablishment(pathParameters.urn ?? '', body, user, systemClock.now()),
});
