/**
 * POST /establishments/{urn}/inspections (inspectors): logs an inspection of an establishment on the register and
 * starts its process. The body is POST /inspections' without `establishment` (from the register) and with
 * `provider` optional (the register's provider contact); the same rules, statuses and idempotency apply.
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { logInspectionOfEstablishment } from '../app';
import { httpHandler, respond } from '../middleware/http';

export const handler = httpHandler({
  name: 'log-establishment-inspection',
  groups: ['inspectors'],
  body: z.record(z.string(), z.unknown()),
  fn: async ({ body, pathParameters, user }) => {
    const logged = await logInspectionOfEstablishment(pathParameters.urn ?? '', body, user, systemClock.now());
    return respond(logged.created ? 201 : 200, logged.inspection);
  },
});
