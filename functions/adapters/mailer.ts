/**
 * Sends each email at most once per (inspection, duty, recipient), through an outbox item in the table:
 *
 *   validate → render → claim the outbox item → SES SendEmail → mark sent (with the SES message id)
 *
 * A step retried by Step Functions calls this again: a sent item is not resent, a failed one is reclaimed and sent,
 * and an item left "sending" (the previous attempt died after SES may have accepted it) is never resent: a missing
 * email is visible in the notifications list, a duplicate alert to a director of children's services is not
 * recoverable. SES throttling is retried inside the SDK client (maxAttempts 4): nothing was sent, so it is safe.
 */
import { createHash } from 'node:crypto';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { renderEmail, type EmailTemplateInput } from '../core/email-content';
import { NON_RETRYABLE_ERRORS, SccifError, ValidationError } from '../core/errors';
import { config } from './config';
import { repository, type EmailKey, type EmailRecipient, type InspectionRepository } from './repository';

/** SES did not accept the email. The outbox item is marked failed, so the step's retry reclaims and resends it. */
export class EmailSendError extends SccifError {
  readonly status = 502;
}

export interface SendOnceRequest extends EmailKey {
  to: string;
  recipient: EmailRecipient;
  template: EmailTemplateInput;
  /** The deadline the email discharges, when it has one (shown in the notifications list). */
  dueAt?: string;
  /** UTC instant of this attempt: stored as createdAt (first attempt) and sentAt. */
  now: string;
}

export interface SendOnceResult {
  status: 'sent' | 'already-sent' | 'in-flight';
  messageId?: string;
}

export interface MailerDependencies {
  repository: InspectionRepository;
  ses: SESv2Client;
  from: string;
  configurationSet: string | undefined;
}

/** The container's SES client, created on first use: importing this module builds nothing. */
let ses: SESv2Client | undefined;

const EmailAddress = z.email();

/** SES tag values allow letters, digits, `_` and `-`: a hash of the outbox key, so events lead back to the item. */
export function outboxTag(key: EmailKey): string {
  return createHash('sha256')
    .update(`INSPECTION#${key.inspectionId}\nEMAIL#${key.duty}#${key.recipientKey}`)
    .digest('hex')
    .slice(0, 40);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function sendOnce(request: SendOnceRequest, dependencies: Partial<MailerDependencies> = {}): Promise<SendOnceResult> {
  if (!EmailAddress.safeParse(request.to).success) {
    throw new ValidationError([{ field: 'to', message: 'must be an email address, e.g. name@example.org' }]);
  }
  const store = dependencies.repository ?? repository();
  const client = dependencies.ses ?? (ses ??= new SESv2Client({ maxAttempts: 4 }));
  const from = dependencies.from ?? config.mailFrom;
  const configurationSet = 'configurationSet' in dependencies ? dependencies.configurationSet : config.mailConfigurationSet;

  // Rendered before the claim: a template error must not leave an item "sending" for ever.
  const email = renderEmail(request.template);
  const key: EmailKey = { inspectionId: request.inspectionId, duty: request.duty, recipientKey: request.recipientKey };
  const { claim, email: outbox } = await store.claimEmail({
    ...key,
    to: request.to,
    recipient: request.recipient,
    template: request.template,
    subject: email.subject,
    createdAt: request.now,
    ...(request.dueAt === undefined ? {} : { dueAt: request.dueAt }),
  });
  if (claim === 'already-sent') return { status: 'already-sent', ...(outbox.messageId ? { messageId: outbox.messageId } : {}) };
  if (claim === 'in-flight') return { status: 'in-flight' };

  let messageId: string | undefined;
  try {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [request.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          },
        },
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
        EmailTags: [{ Name: 'outbox', Value: outboxTag(key) }],
      }),
    );
    messageId = sent.MessageId;
  } catch (error) {
    await store.markEmailFailed(key, describe(error));
    throw new EmailSendError(`SES did not accept the ${request.duty} email of inspection ${request.inspectionId}`, { cause: error });
  }
  // If this write fails the item stays "sending": the retry reports in-flight rather than sending twice.
  await store.markEmailSent(key, messageId, request.now);
  return { status: 'sent', ...(messageId ? { messageId } : {}) };
}

function isRetryable(error: unknown): boolean {
  return !(error instanceof Error && NON_RETRYABLE_ERRORS.includes(error.name));
}

export interface SendEachResult {
  /** How many emails there were to send. */
  recipients: number;
  sent: number;
  alreadySent: number;
  /** Claimed by an earlier attempt that may have sent it: never sent twice, shown in the notifications list. */
  inFlight: number;
  /** How many were not sent: `settle` throws for them. */
  failed: number;
  /**
   * Throws when any email was not sent, after the caller has recorded what was: the first non-retryable error when
   * every failure is one, else an EmailSendError (`message` names what was not sent) so Step Functions retries the
   * step, and the retry sends only those not yet sent.
   */
  settle(message: (failed: number, recipients: number) => string): void;
}

/**
 * Sends each email once (sendOnce), trying every recipient even when one fails; the failures are collected for
 * `settle`, so the caller can audit what was sent before the step fails.
 */
export async function sendEach(requests: readonly SendOnceRequest[], dependencies: Partial<MailerDependencies> = {}): Promise<SendEachResult> {
  const counts = { sent: 0, alreadySent: 0, inFlight: 0 };
  const failures: unknown[] = [];
  for (const request of requests) {
    try {
      const { status } = await sendOnce(request, dependencies);
      if (status === 'sent') counts.sent += 1;
      else if (status === 'already-sent') counts.alreadySent += 1;
      else counts.inFlight += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  return {
    recipients: requests.length,
    ...counts,
    failed: failures.length,
    settle(message) {
      if (failures.length === 0) return;
      const retryable = failures.find(isRetryable);
      if (retryable === undefined) throw failures[0];
      throw new EmailSendError(message(failures.length, requests.length), { cause: retryable });
    },
  };
}
