/**
 * Correcting the children recorded at an inspection (their initials, whether each is looked after, who placed them)
 * after it was logged: what the correction owes to those the DCS alert reached, or should have.
 *
 * The seeds say who is alerted (SCCIF 15.3: the DCS of every placing authority and of the host authority; 15.4: whoever
 * placed a child who is not looked after) but are silent on a mistake in the record they are chosen from. The rule here:
 * - before the alerts were sent, nothing more: the alert step reads the children when it runs;
 * - once they were sent (and not withdrawn by an amendment of the judgement, core/amendments.ts), every recipient the
 *   corrected children call for who has no alert standing is sent the same alert now (late if past its due day: the
 *   notifications list says so; one told of an error before is told this alert replaces that notice), and every
 *   recipient whose alert stands who is no longer one is told the alert was sent to them in error and asked to delete it,
 *   without a word about any child (a parent's notice withdraws the copy of the report that followed it too). The host
 *   authority stays a recipient whatever the children (15.3). A person who placed a child alerted now under the name of
 *   one alerted before had their email address corrected: the old address, which may be a stranger's, is told only that
 *   an email about the home (by its URN) reached it in error and is to be deleted, naming no one and nothing found.
 * What else a correction sends (the provider's updated copy, the lead inspector's emails, a parent's copy of a report
 * already published) is app/correct-children.ts's.
 *
 * Pure: no clock, no I/O.
 */
import { londonDateOf, type LocalDate } from './calendar';
import { ALERT_CORRECTION_DUTY } from './amendments';
import { alertAddressee, alertEventFor, alertPlan, type PlannedAlert } from './alerts';
import type { AlertAddressee, DcsAlertSentInErrorInput, EmailTemplateInput } from './email-content';
import { inspectionEndDate, type InspectionRecord } from './inspection';
import { ALERT_SENT_IN_ERROR_DUTY, alertsSentInError, DCS_ALERT_DUTY, type OutboxEmail } from './inspection-views';
import type { LocalAuthorityDirectory } from './local-authorities';
import type { Child } from './schemas';

export { ALERT_SENT_IN_ERROR_DUTY, alertsSentInError };

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
 * An alert's outbox key carries its generation: the first alert to a recipient is keyed as alertRecipientKey gives it
 * (`la:E08000025`), a later one, after the earlier was withdrawn as sent in error, `la:E08000025~2`, and so on. A notice
 * of an alert sent in error is keyed as the alert it withdraws. So a recipient removed by one correction and added back by
 * another is alerted again (found by a new-user walk: it was not, and the duty of SCCIF 15.3 was left unmet).
 */
export function alertKeyOf(baseKey: string, generation: number): string {
  return generation <= 1 ? baseKey : `${baseKey}~${generation}`;
}

function generationOf(key: string): { base: string; generation: number } {
  const match = /^(.*)~(\d+)$/.exec(key);
  return match ? { base: match[1]!, generation: Number(match[2]) } : { base: key, generation: 1 };
}

/**
 * What correcting the record's children to `children` sends, from the outbox (`emails`: who was alerted) and the
 * corrected record: each recipient the corrected children call for whose latest alert is not standing (never sent, or
 * withdrawn as sent in error) is alerted, under the next generation's key; each recipient whose latest alert stands and
 * who is no longer one is told it was sent in error, once (the notice's key is that alert's).
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

  const told = alertsSentInError(emails);
  // Each recipient's latest alert (by generation), sent or not.
  const latest = new Map<string, { generation: number; email: StoredEmail }>();
  for (const email of alerts) {
    const { base, generation } = generationOf(email.recipientKey);
    if ((latest.get(base)?.generation ?? 0) < generation) latest.set(base, { generation, email });
  }
  const standing = (base: string) => {
    const last = latest.get(base);
    return last !== undefined && !told.has(last.email.recipientKey);
  };

  const planned = alertPlan({ ...record, children: [...children] }, directory);
  const wanted = new Set(planned.map((alert) => alert.recipientKey));
  const sentOn = (duty: (candidate: string) => boolean, recipientKey: string): LocalDate | undefined => {
    const sentAt = emails.find((email) => duty(email.duty) && email.recipientKey === recipientKey && email.status === 'sent')?.sentAt;
    return sentAt === undefined ? undefined : londonDateOf(sentAt);
  };
  const owed = planned
    .filter((alert) => !standing(alert.recipientKey))
    .map((alert) => {
      const last = latest.get(alert.recipientKey);
      // Told of an error that was itself a mistake: the alert says it stands again.
      const noticeOn = last === undefined ? undefined : sentOn((duty) => duty === ALERT_SENT_IN_ERROR_DUTY, last.email.recipientKey);
      return {
        ...alert,
        recipientKey: alertKeyOf(alert.recipientKey, (last?.generation ?? 0) + 1),
        template: noticeOn === undefined ? alert.template : { ...alert.template, alertedAgainAfterNoticeOn: noticeOn },
      };
    });
  // A person who placed a child alerted now under the name of one alerted before: their address was corrected.
  const nameOf = (addressee: AlertAddressee) => (addressee.kind === 'placer' ? addressee.name.trim().toLowerCase() : undefined);
  const readdressed = new Set(owed.flatMap((alert) => nameOf(alert.template.recipient) ?? []));
  const notices = [...latest.entries()]
    .filter(([base, { email }]) => !wanted.has(base) && standing(base) && email.status === 'sent')
    .map(([, { email }]): PlannedNotice => {
      const alert = email.template?.template === 'dcsAlert' ? email.template : undefined;
      const addressee = addresseeOf(email);
      const placerName = alert === undefined ? undefined : nameOf(addressee);
      // A person who placed a child may have had the copy of the report after the alert (SCCIF 15.4): withdrawn with it.
      const reportCopySentOn = sentOn((duty) => duty.startsWith('report-copy:'), email.recipientKey);
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
          recipient: addressee,
          ...(reportCopySentOn === undefined ? {} : { reportCopySentOn }),
          ...(placerName !== undefined && readdressed.has(placerName) ? { addressCorrected: true as const } : {}),
        },
      };
    });
  return { alertsSent, alerts: owed, notices };
}

/**
 * Two lists of children alike: the same initials and placements, in any order (the order means nothing: found by a
 * new-user walk, the same children listed in another order were recorded as a correction); emails in any case.
 */
export function sameChildren(a: readonly Child[], b: readonly Child[]): boolean {
  const key = ({ initials, placement }: Child) =>
    placement.lookedAfter ? `${initials}|la|${placement.placingAuthority}` : `${initials}|placer|${placement.placedBy.name}|${placement.placedBy.email.toLowerCase()}`;
  const keys = (children: readonly Child[]) => children.map(key).sort().join('\n');
  return a.length === b.length && keys(a) === keys(b);
}

export interface ChildrenChanges {
  removed: Child[];
  added: Child[];
  /** The same initials, recorded with another placement (or another name or address of whoever placed them). */
  changed: { before: Child; after: Child }[];
}

/**
 * What a correction changed, from the list before to the list after: children alike are left out, the rest matched by
 * their initials, in order (two children with the same initials: first to first).
 */
export function childrenChanges(before: readonly Child[], after: readonly Child[]): ChildrenChanges {
  const unmatched = [...after];
  // First those alike (left out), then the rest by their initials.
  const rest = before.filter((child) => {
    const alike = unmatched.findIndex((other) => sameChildren([child], [other]));
    if (alike >= 0) unmatched.splice(alike, 1);
    return alike < 0;
  });
  const removed: Child[] = [];
  const changed: ChildrenChanges['changed'] = [];
  for (const child of rest) {
    const same = unmatched.findIndex((other) => other.initials === child.initials);
    if (same < 0) removed.push(child);
    else changed.push({ before: child, after: unmatched.splice(same, 1)[0]! });
  }
  return { removed, added: unmatched, changed };
}
