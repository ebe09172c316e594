/**
 * Correcting the children recorded at an inspection (their initials, whether each is looked after, who placed them)
 * after it was logged: what the correction owes to those the DCS alert reached, or should have.
 *
 * The seeds say who is alerted (SCCIF 15.3: the DCS of every placing authority and of the host authority; 15.4: whoever
 * placed a child who is not looked after) but are silent on a mistake in the record they are chosen from. The rule here:
 * - before the alerts were sent, nothing more: the alert step reads the children when it runs;
 * - once they were sent (and not withdrawn by an amendment of the judgement, core/amendments.ts), every recipient the
 *   corrected children call for who has not been alerted is sent the same alert now (late if past its due day: the
 *   notifications list says so), and every recipient alerted who is no longer one is told the alert was sent to them in
 *   error and asked to delete it, without a word about any child. The host authority stays a recipient whatever the
 *   children (15.3).
 *
 * Pure: no clock, no I/O.
 */
import { londonDateOf, type LocalDate } from './calendar';
import { ALERT_CORRECTION_DUTY } from './amendments';
import { alertAddressee, alertEventFor, alertPlan, type PlannedAlert } from './alerts';
import type { AlertAddressee, DcsAlertSentInErrorInput, EmailTemplateInput } from './email-content';
import { inspectionEndDate, type InspectionRecord } from './inspection';
import { ALERT_SENT_IN_ERROR_DUTY, alertsSentInError, DCS_ALERT_DUTY, type OutboxEmail } from './inspection-views';

export { ALERT_SENT_IN_ERROR_DUTY, alertsSentInError };
import type { LocalAuthorityDirectory } from './local-authorities';
import type { Child } from './schemas';

type StoredEmail = Pick<OutboxEmail, 'duty' | 'status' | 'recipientKey' | 'to' | 'recipient' | 'sentAt'> & { template?: EmailTemplateInput };

/** A notice to send: the outbox key and address of the alert sent in error, and the email. */
export interface PlannedNotice {
  recipientKey: string;
  to: string;
  recipient: OutboxEmail['recipient'];
  template: DcsAlertSentInErrorInput;
}

export interface ChildrenCorrectionPlan {
  /** Whether the alerts had gone out (and stand): only then does a correction send anything. */
  alertsSent: boolean;
  /** The alerts the corrected children call for that nobody has sent yet. */
  alerts: PlannedAlert[];
  /** The notices to those alerted who are recipients no longer. */
  notices: PlannedNotice[];
}

function addresseeOf(email: StoredEmail): AlertAddressee {
  if (email.template?.template === 'dcsAlert') return email.template.recipient;
  if (email.recipient.kind === 'placer') return { kind: 'placer', name: 'Sir or Madam' };
  return alertAddressee({
    kind: 'dcs',
    authorityCode: email.recipient.authorityCode ?? '',
    authorityName: email.recipient.authorityName ?? email.recipient.authorityCode ?? 'your authority',
    email: email.to,
    roles: email.recipient.roles ?? ['placing'],
  });
}

/**
 * What correcting the record's children to `children` sends, from the outbox (`emails`: who was alerted) and the
 * corrected record. A recipient already told of an error is not told again; one alerted before keeps their alert (the
 * outbox key): a recipient removed and then added again is not alerted a second time.
 */
export function childrenCorrectionPlan(
  record: InspectionRecord,
  children: readonly Child[],
  emails: readonly StoredEmail[],
  directory: LocalAuthorityDirectory,
  correctedOn: LocalDate,
): ChildrenCorrectionPlan {
  const alerts = emails.filter((email) => email.duty === DCS_ALERT_DUTY);
  const withdrawn = emails.some((email) => email.duty === ALERT_CORRECTION_DUTY);
  const alertsSent = !withdrawn && alerts.some((email) => email.status === 'sent');
  if (!alertsSent) return { alertsSent, alerts: [], notices: [] };

  const planned = alertPlan({ ...record, children: [...children] }, directory);
  const wanted = new Set(planned.map((alert) => alert.recipientKey));
  const alerted = new Set(alerts.map((email) => email.recipientKey));
  const told = alertsSentInError(emails);
  const notices = alerts
    .filter((email) => email.status === 'sent' && !wanted.has(email.recipientKey) && !told.has(email.recipientKey))
    .map((email): PlannedNotice => {
      const alert = email.template?.template === 'dcsAlert' ? email.template : undefined;
      return {
        recipientKey: email.recipientKey,
        to: email.to,
        recipient: email.recipient,
        template: {
          template: 'dcsAlertSentInError',
          inspectionId: record.id,
          establishment: { urn: record.establishment.urn, name: record.establishment.name },
          event: alert?.event ?? alertEventFor(record.process),
          eventEndDate: alert?.eventEndDate ?? inspectionEndDate(record),
          alertSentOn: londonDateOf(email.sentAt ?? `${correctedOn}T12:00:00Z`),
          correctedOn,
          leadInspectorName: alert?.leadInspectorName ?? record.inspectorName,
          recipient: addresseeOf(email),
        },
      };
    });
  return { alertsSent, alerts: planned.filter((alert) => !alerted.has(alert.recipientKey)), notices };
}

/** Two lists of children alike: the same initials and placements in the same order (emails compared in lower case). */
export function sameChildren(a: readonly Child[], b: readonly Child[]): boolean {
  const key = ({ initials, placement }: Child) =>
    placement.lookedAfter ? `${initials}|la|${placement.placingAuthority}` : `${initials}|placer|${placement.placedBy.name}|${placement.placedBy.email.toLowerCase()}`;
  return a.length === b.length && a.every((child, index) => key(child) === key(b[index]!));
}
