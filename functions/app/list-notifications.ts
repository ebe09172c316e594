/**
 * The notifications ledger of an inspection: every email sent for it with its recipient, SES message id and
 * delivery status; for the alerts to directors of children's services, whether the "end of the next working day"
 * duty was met (SCCIF 15.3); the phone calls that confirm receipt; and the copies of the report the lead inspector
 * recorded sending to people who placed a child (15.4).
 *
 * Recipients' email addresses are shown only to the lead inspector and managers (access.ts); anyone else gets the
 * same ledger without them (`addressesShown: false`).
 */
import { repository } from '../adapters/repository';
import { notificationLedger, type LedgerEmail, type NotificationLedger, type PlacerFollowUp, type UnsentAlert } from '../core/inspection-views';
import type { InspectionRecord } from '../core/inspection';
import { maySeeRecipients } from './access';
import type { Caller } from './caller';

/** The ledger as a caller may see it: without any recipient's address unless they may see them. */
export type LedgerView = Omit<NotificationLedger, 'emails' | 'unsentAlerts' | 'placerFollowUps'> & {
  addressesShown: boolean;
  emails: (Omit<LedgerEmail, 'to'> & { to?: string })[];
  unsentAlerts: (Omit<UnsentAlert, 'recipient'> & { recipient: UnsentAlert['recipient'] | { kind: 'placer' } })[];
  placerFollowUps: (Omit<PlacerFollowUp, 'name'> & { name?: string })[];
};

export function ledgerFor(ledger: NotificationLedger, record: Pick<InspectionRecord, 'inspectorId'>, caller: Caller): LedgerView {
  if (maySeeRecipients(record, caller)) return { addressesShown: true, ...ledger };
  return {
    addressesShown: false,
    ...ledger,
    emails: ledger.emails.map(({ to: _to, ...email }) => email),
    // A placer's name is theirs to see who may see the address (as the pages show it).
    placerFollowUps: ledger.placerFollowUps.map(({ name: _name, ...followUp }) => followUp),
    unsentAlerts: ledger.unsentAlerts.map((unsent) =>
      unsent.recipient.kind === 'placer' ? { ...unsent, recipient: { kind: 'placer' as const } } : unsent,
    ),
  };
}

export async function listNotifications(inspectionId: string, caller: Caller, now: Date) {
  const record = await repository().requireInspection(inspectionId);
  const [emails, calls, reportCopies] = await Promise.all([
    repository().listEmails(inspectionId),
    repository().listCalls(inspectionId),
    repository().listReportCopies(inspectionId),
  ]);
  return { inspectionId, ...ledgerFor(notificationLedger({ record, emails, calls, reportCopies, now }), record, caller) };
}
