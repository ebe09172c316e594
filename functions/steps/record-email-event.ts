/**
 * SES delivery events (through EventBridge) recorded on the outbox item they belong to: delivered, bounced,
 * complained, rejected. The event is AWS's, so unknown fields are let through; only what is used is checked. An alert
 * (SCCIF 15.3, 15.4) bounced or rejected is told to the lead inspector (core/alert-delivery.ts), once.
 *
 * The message index (gsi2) is written after SES accepts the email and is eventually consistent: an event for a message
 * not found yet is an EmailNotYetKnownError, which EventBridge retries.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { sendOnce } from '../adapters/mailer';
import { repository, type DeliveryStatus, type OutboxItem } from '../adapters/repository';
import { alertNotDeliveredNotice, mayNotBeDelivered } from '../core/alert-delivery';
import { alertNotDelivered } from '../core/email-content';
import { SccifError } from '../core/errors';
import { InstantText } from '../core/step-payloads';
import { stepHandler } from '../middleware/step';

/** The message is not (yet) in the index: retry later. */
export class EmailNotYetKnownError extends SccifError {
  override readonly name = 'EmailNotYetKnownError';
  readonly status = 503;
}

const Timestamped = z.looseObject({ timestamp: InstantText });

export const Input = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: z.looseObject({
    eventType: z.string().check(z.minLength(1)),
    mail: z.looseObject({ messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,256}$/, 'must be an SES message id')), timestamp: InstantText }),
    delivery: z.optional(Timestamped),
    bounce: z.optional(Timestamped),
    complaint: z.optional(Timestamped),
  }),
});
export type Input = z.infer<typeof Input>;

export type Output =
  | { recorded: true; status: DeliveryStatus }
  | { recorded: false; status: DeliveryStatus; reason: 'superseded' }
  | { recorded: false; ignored: string };

/** The SES event types that change what the notifications list shows, and where each carries its instant. */
const STATUS_OF: Record<string, { status: DeliveryStatus; at: (detail: Input['detail']) => string | undefined }> = {
  Delivery: { status: 'delivered', at: (detail) => detail.delivery?.timestamp },
  Bounce: { status: 'bounced', at: (detail) => detail.bounce?.timestamp },
  Complaint: { status: 'complained', at: (detail) => detail.complaint?.timestamp },
  // A Reject event has no instant of its own: SES rejects at once.
  Reject: { status: 'rejected', at: () => undefined },
};

export async function lambdaHandler({ detail }: Input, _context?: Context): Promise<Output> {
  const mapping = Object.hasOwn(STATUS_OF, detail.eventType) ? STATUS_OF[detail.eventType] : undefined;
  // 'Send' and the rest (opens, clicks, delays) do not change the delivery status.
  if (!mapping) return { recorded: false, ignored: detail.eventType.slice(0, 64) };

  const { messageId } = detail.mail;
  const status = mapping.status;
  const at = mapping.at(detail) ?? detail.mail.timestamp;
  const store = repository();
  const result = await store.recordEmailEvent(messageId, { status, at });
  if (!result.recorded) {
    if (result.reason === 'unknown-message') throw new EmailNotYetKnownError(`no email with SES message id ${messageId} yet`);
    return { recorded: false, status, reason: result.reason };
  }
  await store.audit(result.email.inspectionId, {
    at,
    actor: 'system',
    event: `email-${status}`,
    detail: { duty: result.email.duty },
  });
  await tellLeadInspectorIfAlertNotDelivered(result.email);
  return { recorded: true, status };
}

/**
 * An alert, or a copy of the report to a person who placed a child, bounced or rejected: the lead inspector is
 * emailed, once per email (the outbox key is its recipient key, under a duty of its own). A failure to send throws,
 * and EventBridge retries the event: recording it again is harmless, and the notice is sent once.
 */
async function tellLeadInspectorIfAlertNotDelivered(email: OutboxItem): Promise<void> {
  if (!mayNotBeDelivered(email.duty)) return;
  const record = await repository().getInspection(email.inspectionId);
  const notice = record && alertNotDeliveredNotice(record, email, config.appBaseUrl);
  if (!record || !notice) return;
  await sendOnce({
    inspectionId: record.id,
    duty: notice.duty,
    recipientKey: notice.recipientKey,
    to: notice.to,
    recipient: { kind: 'inspector' },
    template: notice.template,
    render: alertNotDelivered,
    now: systemClock.now().toISOString(),
  });
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'record-email-event' });
