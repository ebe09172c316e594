/**
 * SCCIF 15.3 / assurance visits "next steps": emails the director of children's services of every relevant local
 * authority (each placing authority and the host authority, each once) and, for a child who is not looked after,
 * whoever placed them (15.4), by the end of the next working day.
 *
 * Every recipient is tried even if one fails; then the step fails (EmailSendError) so Step Functions retries it, and
 * the retry sends only to those not yet sent. The output counts recipients: no address, name or initials.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { EmailSendError, sendOnce } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { londonDateOf } from '../core/calendar';
import { ValidationError } from '../core/errors';
import { inspectionEndDate, timelineFor } from '../core/inspection';
import { DCS_ALERT_DUTY } from '../core/inspection-views';
import { alertRecipients } from '../core/recipients';
import {
  alertAddressee,
  alertEventFor,
  alertRecipientKey,
  checkProcessOf,
  InspectionIdText,
  stepOf,
} from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(['inadequate', 'assurance-visit']),
  duty: z.literal(DCS_ALERT_DUTY),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  recipients: number;
  sent: number;
  alreadySent: number;
  /** Claimed by an earlier attempt that may have sent it: never sent twice, shown in the notifications list. */
  inFlight: number;
  /** 15.3: after an interim decline, LAs are alerted only where the case review agreed. */
  skipped?: true;
}

function isRetryable(error: unknown): boolean {
  return !(error instanceof Error && (error.name === 'ValidationError' || error.name === 'NotFoundError'));
}

export async function lambdaHandler({ inspectionId, process, duty }: Input, _context?: Context): Promise<Output> {
  const now = systemClock.now();
  const at = now.toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);

  if (record.decisions['interim-case-review']?.decision === 'start-inadequate-pathway-without-alerting-las') {
    return { recipients: 0, sent: 0, alreadySent: 0, inFlight: 0, skipped: true };
  }
  const summaryOfConcerns = record.outcome?.outcome.summaryOfConcerns;
  if (summaryOfConcerns === undefined) {
    throw new ValidationError([
      { field: 'outcome.summaryOfConcerns', message: 'is required to alert local authorities: the alert must include a summary of the main concerns (SCCIF 15.3)' },
    ]);
  }

  const directory = await store.listLocalAuthorities();
  const recipients = alertRecipients({ hostAuthority: record.establishment.hostAuthority, children: record.children }, directory);
  const dueAt = stepOf(timelineFor(record, process), DCS_ALERT_DUTY).due;
  const event = alertEventFor(record.process);
  const eventEndDate = inspectionEndDate(record);
  const establishment = { urn: record.establishment.urn, name: record.establishment.name };

  const counts = { sent: 0, alreadySent: 0, inFlight: 0 };
  const failures: unknown[] = [];
  for (const recipient of recipients) {
    const dcsName = recipient.kind === 'dcs' ? directory.get(recipient.authorityCode)?.dcs.name : undefined;
    try {
      const { status } = await sendOnce({
        inspectionId,
        duty,
        recipientKey: alertRecipientKey(recipient),
        to: recipient.email,
        recipient:
          recipient.kind === 'dcs'
            ? { kind: 'dcs', authorityCode: recipient.authorityCode, authorityName: recipient.authorityName, roles: recipient.roles }
            : { kind: 'placer' },
        template: {
          template: 'dcsAlert',
          inspectionId,
          establishment,
          event,
          eventEndDate,
          summaryOfConcerns,
          leadInspectorName: record.inspectorName,
          recipient: alertAddressee(recipient, dcsName),
        },
        dueAt,
        now: at,
      });
      if (status === 'sent') counts.sent += 1;
      else if (status === 'already-sent') counts.alreadySent += 1;
      else counts.inFlight += 1;
    } catch (error) {
      failures.push(error);
    }
  }

  if (counts.sent > 0) {
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'dcs-alert-sent',
      detail: { process, sent: counts.sent, recipients: recipients.length, failed: failures.length },
    });
  }
  if (failures.length > 0) {
    const retryable = failures.find(isRetryable);
    if (retryable === undefined) throw failures[0];
    throw new EmailSendError(
      `${failures.length} of ${recipients.length} ${duty} emails of inspection ${inspectionId} were not sent; a retry sends only those`,
      { cause: retryable },
    );
  }
  if (!record.actuals[process]?.[DCS_ALERT_DUTY] && (counts.inFlight === 0 || (await everyAlertSent(inspectionId, duty, recipients)))) {
    await store.recordActual(inspectionId, process, DCS_ALERT_DUTY, londonDateOf(now), at);
  }
  return { recipients: recipients.length, ...counts };
}

/**
 * True when the outbox holds a sent alert for every recipient. A duplicate delivery of this task may be sending some
 * of the alerts at the same time (each attempt sees the other's as in flight): whichever attempt finishes last sees
 * them all sent and marks the step done, so the duty is not left looking undone (and escalated) after it was met.
 */
async function everyAlertSent(inspectionId: string, duty: string, recipients: readonly Parameters<typeof alertRecipientKey>[0][]): Promise<boolean> {
  const keys = new Set(recipients.map(alertRecipientKey));
  const sent = new Set(
    (await repository().listEmails(inspectionId))
      .filter((email) => email.duty === duty && email.status === 'sent' && keys.has(email.recipientKey))
      .map((email) => email.recipientKey),
  );
  return sent.size === keys.size;
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'alert-local-authorities' });
