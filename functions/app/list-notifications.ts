/**
 * The notifications ledger of an inspection: every email sent for it with its recipient, SES message id and
 * delivery status; for the alerts to directors of children's services, whether the "end of the next working day"
 * duty was met (SCCIF 15.3); and the phone calls that confirm receipt.
 */
import { repository } from '../adapters/repository';
import { notificationLedger } from '../core/inspection-views';

export async function listNotifications(inspectionId: string, now: Date) {
  const record = await repository().requireInspection(inspectionId);
  const [emails, calls] = await Promise.all([repository().listEmails(inspectionId), repository().listCalls(inspectionId)]);
  return { inspectionId, ...notificationLedger({ record, emails, calls, now }) };
}
