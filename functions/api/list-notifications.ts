/**
 * GET /inspections/{id}/notifications (inspectors, managers): every email sent for the inspection with its
 * recipient, SES message id and delivery status; for the alerts to directors of children's services, whether the
 * "end of the next working day" duty was met (SCCIF 15.3); and the phone calls that confirm receipt
 * (listNotifications). Recipients' addresses only for the lead inspector and managers (app/access.ts).
 */
import { systemClock } from '../adapters/clock';
import { listNotifications } from '../app';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'list-notifications',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters, user }) => listNotifications(inspectionIdFrom(pathParameters), user, systemClock.now()),
});
