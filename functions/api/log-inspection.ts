/**
 * POST /inspections (inspectors): logs an inspection and starts its process (logInspection).
 *
 * Idempotent by the client's key: a retried POST finds the record it created (200, same id) and a different body
 * under the same key is a conflict (409); a new inspection is a 201. The lead inspector's name in letters is the
 * caller's name claim, else the local part of their email.
 */
import { systemClock } from '../adapters/clock';
import { logInspection } from '../app';
import { InspectionLogged } from '../core/schemas';
import { httpHandler, respond } from '../middleware/http';

export const handler = httpHandler({
  name: 'log-inspection',
  groups: ['inspectors'],
  body: InspectionLogged,
  fn: async ({ body, user }) => {
    const logged = await logInspection(body, user, systemClock.now());
    return respond(logged.created ? 201 : 200, logged.inspection);
  },
});
