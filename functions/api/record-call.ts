/**
 * POST /inspections/{id}/calls (the lead inspector and managers: app/access.ts): records a phone call to a local authority that was alerted for this
 * inspection (SCCIF 15.3: the alert email is followed up by phone to ensure receipt; recordCall), dated between the
 * alert email it confirms and now (400 naming calledAt otherwise). The same call (time and authority) posted twice
 * is stored once: 201 the first time, 200 after.
 */
import { systemClock } from '../adapters/clock';
import { recordCall } from '../app';
import { PhoneCallRecorded } from '../core/schemas';
import { httpHandler, respond } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'record-call',
  groups: ['inspectors', 'managers'],
  body: PhoneCallRecorded,
  fn: async ({ body, pathParameters, user }) => {
    const recorded = await recordCall({ inspectionId: inspectionIdFrom(pathParameters), call: body }, user, systemClock.now());
    return respond(recorded.created ? 201 : 200, recorded);
  },
});
