/**
 * GET /inspections/{id}/notifications (inspectors, managers): every email sent for the inspection with its
 * recipient, SES message id and delivery status; for the alerts to directors of children's services, whether the
 * "end of the next working day" duty was met (SCCIF 15.3); and the phone calls that confirm receipt.
 */
import { systemClock } from '../adapters/clock';
import { repository } from '../adapters/repository';
import { notificationLedger } from '../core/inspection-views';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from './path-parameters';

async function listNotifications(id: string, now: Date) {
  const record = await repository().requireInspection(id);
  const [emails, calls] = await Promise.all([repository().listEmails(id), repository().listCalls(id)]);
  return { inspectionId: id, ...notificationLedger({ record, emails, calls, now }) };
}

export const handler = httpHandler({
  name: 'list-notifications',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters }) => listNotifications(inspectionIdFrom(pathParameters), systemClock.now()),
});
