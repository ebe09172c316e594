/**
 * POST /establishments (managers): adds an entry to the register (RegisterEntry). 201 with the stored entry; the
 * same entry sent again is 200; another entry with the URN is 409; an unknown host authority is 400.
 */
import { systemClock } from '../adapters/clock';
import { addEstablishment } from '../app';
import { RegisterEntry } from '../core/establishments';
import { httpHandler, respond } from '../middleware/http';

export const handler = httpHandler({
  name: 'add-establishment',
  groups: ['managers'],
  body: RegisterEntry,
  fn: async ({ body, user }) => {
    const result = await addEstablishment(body, user, systemClock.now());
    return respond(result.created ? 201 : 200, result.entry);
  },
});
