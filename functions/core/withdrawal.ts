/**
 * Withdrawing an inspection logged by mistake (another home, wrong dates, logged twice). The seeds are silent on it:
 * they define what follows an inspection, not what follows a wrong entry. What we do, and why:
 * - a manager withdraws it, with a reason (the audit trail); its runs are stopped and its pending approvals closed,
 *   so nothing more is escalated, asked or sent about it;
 * - the register and the plan leave it out (core/establishment-history.ts): it did not happen as logged;
 * - the emails already sent outside Ofsted (the provider, local authorities, people who placed a child, the DfE) are
 *   not followed by an email of ours: the seeds define no such notice, and what to say depends on the mistake. The
 *   manager is shown who was told what, to tell them in person;
 * - the lead inspector is emailed (withdrawalNotice): the alerts name them as the contact, and they may be called.
 * Pure: the record and its outbox come in.
 */
import { formatDateInWords, londonDateOf } from './calendar';
import type { ApprovalNoLongerNeededInput, InspectionWithdrawnInput } from './email-content';
import { approvalRequestDuty } from './approvals';
import type { ApprovalKind } from './schemas';
import type { InspectionRecord } from './inspection';
import type { OutboxEmail, RecipientKind } from './inspection-views';
import { PROCESSES, type ProcessId } from './regulations';

/** Who is outside Ofsted among the recipients of our emails, in the order the lead inspector's email names them. */
const OUTSIDE_OFSTED_KINDS = ['provider', 'dcs', 'placer', 'dfe'] as const satisfies readonly RecipientKind[];
const OUTSIDE_OFSTED: ReadonlySet<RecipientKind> = new Set<RecipientKind>(OUTSIDE_OFSTED_KINDS);

/** The cause given to the stopped runs (Step Functions keeps it): no personal data, no reason text. */
export const WITHDRAWN_RUN_CAUSE = 'A manager withdrew the inspection: it was logged by mistake';

/** Why the inspection cannot be withdrawn now, or undefined when it can. */
export function withdrawalRefusal(record: Pick<InspectionRecord, 'withdrawal'>, reason: string): string | undefined {
  const earlier = record.withdrawal;
  // The same reason again is a retry: it completes what an interrupted request left undone.
  if (earlier && earlier.reason !== reason) {
    return `this inspection was already withdrawn on ${formatDateInWords(londonDateOf(earlier.withdrawnAt))} by ${earlier.withdrawnByName}, with the reason: ${earlier.reason}`;
  }
  return undefined;
}

/**
 * The emails sent outside Ofsted about the inspection, oldest first: whoever was told something of it, and so may need
 * telling that it was logged by mistake. Emails never sent (failed, being sent: no `sentAt`) told nobody.
 */
export function emailedOutsideOfsted<E extends Pick<OutboxEmail, 'recipient' | 'sentAt'>>(emails: readonly E[]): (E & { sentAt: string })[] {
  return emails
    .filter((email): email is E & { sentAt: string } => email.sentAt !== undefined && OUTSIDE_OFSTED.has(email.recipient.kind))
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** The outbox duty of the lead inspector's email: one per inspection (a withdrawal happens once). */
export const WITHDRAWAL_NOTICE_DUTY = 'withdrawal-notice';

/** Who outside Ofsted, by kind, in the words of the lead inspector's email. */
const KIND_WORDS: Record<(typeof OUTSIDE_OFSTED_KINDS)[number], string> = {
  provider: 'the provider',
  dcs: 'directors of children’s services',
  placer: 'people who placed a child',
  dfe: 'the Department for Education',
};

/**
 * The email telling the lead inspector that a manager withdrew their inspection; none when the record has no lead
 * inspector's address (a manager logged it) or the lead inspector withdrew it themselves.
 */
export function withdrawalNotice(
  record: InspectionRecord,
  emails: readonly Pick<OutboxEmail, 'recipient' | 'sentAt'>[],
  baseUrl: string,
): { to: string; template: InspectionWithdrawnInput } | undefined {
  const { withdrawal, inspectorEmail } = record;
  if (!withdrawal || !inspectorEmail || withdrawal.withdrawnBy === record.inspectorId) return undefined;
  const kinds = new Set(emailedOutsideOfsted(emails).map((email) => email.recipient.kind));
  return {
    to: inspectorEmail,
    template: {
      template: 'inspectionWithdrawn',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      processTitle: PROCESSES[record.process].title,
      dates: record.dates,
      leadInspectorName: record.inspectorName,
      withdrawnBy: withdrawal.withdrawnByName,
      withdrawnAt: withdrawal.withdrawnAt,
      reason: withdrawal.reason,
      emailedOutside: OUTSIDE_OFSTED_KINDS.filter((kind) => kinds.has(kind)).map((kind) => KIND_WORDS[kind]),
      baseUrl,
    },
  };
}

/** The outbox duty of the notice that a decision asked for is no longer needed: one per approval and recipient. */
export const approvalClosedDuty = (approvalId: string): string => `approval-closed:${approvalId}`;

/**
 * For each approval the withdrawal closed, a notice to whoever its request was emailed to (the request's recipients,
 * as its email greeted them): the decision is no longer needed.
 */
export function approvalClosedNotices(
  record: InspectionRecord,
  emails: readonly (Pick<OutboxEmail, 'duty' | 'recipientKey' | 'to' | 'recipient' | 'sentAt'> & { template?: unknown })[],
  closed: readonly { approvalId: string; process: ProcessId; kind: ApprovalKind }[],
  baseUrl: string,
): { duty: string; recipientKey: string; to: string; recipient: OutboxEmail['recipient']; template: ApprovalNoLongerNeededInput }[] {
  const { withdrawal } = record;
  if (!withdrawal) return [];
  return closed.flatMap(({ approvalId, process, kind }) =>
    emails
      .filter((email) => email.duty === approvalRequestDuty(process, kind) && email.sentAt !== undefined)
      .map((request) => {
        const asked = request.template as { managerName?: unknown } | undefined;
        return {
          duty: approvalClosedDuty(approvalId),
          recipientKey: request.recipientKey,
          to: request.to,
          recipient: request.recipient,
          template: {
            template: 'approvalNoLongerNeeded' as const,
            approvalKind: kind,
            process,
            inspectionId: record.id,
            establishment: { urn: record.establishment.urn, name: record.establishment.name },
            managerName: typeof asked?.managerName === 'string' ? asked.managerName : 'Regulatory Inspection Manager',
            askedAt: request.sentAt!,
            withdrawnBy: withdrawal.withdrawnByName,
            withdrawnAt: withdrawal.withdrawnAt,
            baseUrl,
          },
        };
      }),
  );
}
