/**
 * Sends each email at most once per (inspection, duty, recipient), through an outbox item in the table:
 *
 *   validate → render → claim the outbox item → SES SendEmail → mark sent (with the SES message id)
 *
 * A step retried by Step Functions calls this again: a sent item is not resent, a failed one is reclaimed and sent.
 * An item another attempt holds ("sending") is waited for briefly; while its claim is younger than the lease
 * (EMAIL_CLAIM_LEASE_MS) it is not sent, and EmailInFlightError (retryable) keeps the step from reporting success.
 * Once the claim is older than the lease its attempt is presumed dead and the email is sent again. SES has no
 * idempotency token, so if that attempt died after SES accepted the email (and before it was marked sent), the
 * recipient gets it twice: a rare duplicate is recoverable, a lost alert to a director of children's services is not.
 * SES calls time out (connect 2 s, request 5 s; 4 attempts stay inside the 30 s Lambda timeout), so a hung
 * connection fails the attempt cleanly instead of leaving a claim behind; the lease (5 minutes) is longer than any attempt can live.
 * SES throttling is retried inside the SDK client (maxAttempts 4): nothing was sent, so it is safe.
 */
import { createHash } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import type { EmailTemplate, EmailTemplateInput, RenderedEmail } from '../core/email-content';
import { NON_RETRYABLE_ERRORS, SccifError, ValidationError } from '../core/errors';
import { config } from './config';
import { resetOnNewContainer } from './container';
import { repository, type EmailKey, type EmailRecipient, type InspectionRepository } from './repository';
import { withLocalTransport } from './sdk-transport';

/** SES did not accept the email. The outbox item is marked failed, so the step's retry reclaims and resends it. */
export class EmailSendError extends SccifError {
  override readonly name = 'EmailSendError';
  readonly status = 502;
}

/** Another attempt holds the email's claim (younger than the lease): not sent now; a retry resolves it. */
export class EmailInFlightError extends SccifError {
  override readonly name = 'EmailInFlightError';
  readonly status = 503;
}

/** How long a "sending" claim protects an attempt: longer than a Lambda can run (30 s), short enough to recover soon. */
export const EMAIL_CLAIM_LEASE_MS = 5 * 60_000;

/** SES timeouts: well inside the 30 s Lambda timeout, with room for the SDK's retries of a throttled send. */
export const SES_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true } as const;

/**
 * A template input with its renderer (core/email-content.ts): each sender names the templates it sends, so its bundle
 * carries those and not every template (a switch over all of them would bring them all into every sender).
 */
export type RenderableEmail = {
  [Name in EmailTemplate]: {
    template: Extract<EmailTemplateInput, { template: Name }>;
    render: (input: Extract<EmailTemplateInput, { template: Name }>) => RenderedEmail;
  };
}[EmailTemplate];

export type SendOnceRequest = EmailKey &
  RenderableEmail & {
    to: string;
    /** Where a reply goes (e.g. the lead inspector), instead of the sending address nobody reads. */
    replyTo?: string;
    recipient: EmailRecipient;
    /** The deadline the email discharges, when it has one (shown in the notifications list). */
    dueAt?: string;
    /** UTC instant of this attempt: stored as createdAt (first attempt) and sentAt. */
    now: string;
  };

export interface SendOnceResult {
  status: 'sent' | 'already-sent';
  messageId?: string;
}

/** What the mailer needs of SES: the SDK client's `send` (the local runtime's simulated year passes an in-memory one). */
export type EmailService = Pick<SESv2Client, 'send'>;

export interface MailerDependencies {
  repository: InspectionRepository;
  ses: EmailService;
  from: string;
  configurationSet: string | undefined;
  /** Pauses (ms) between looks at a claim another attempt holds, before EmailInFlightError. */
  inFlightPauses: readonly number[];
}

/** Attempts of an SES request inside one send (throttling is retried by the client: nothing was sent). */
export const SES_MAX_ATTEMPTS = 4;

/** The SDK module, loaded on first use (a dynamic import): importing this module loads no SDK code. */
let sdk: Promise<typeof import('@aws-sdk/client-sesv2')> | undefined;
const sesSdk = () => (sdk ??= import('@aws-sdk/client-sesv2'));
/** The container's SES client, created on first use: importing this module builds nothing. */
let ses: SESv2Client | undefined;
let sesReplacement: EmailService | undefined;
resetOnNewContainer(() => {
  ses?.destroy();
  ses = undefined;
  sesReplacement = undefined;
});

/** Replaces the container's SES client (the local runtime's in-memory inbox); `undefined` restores it. */
export function useEmailService(replacement: EmailService | undefined): void {
  sesReplacement = replacement;
}

/** About 3 s in all: a duplicate delivery of the same step usually finishes its send by then. */
const IN_FLIGHT_PAUSES = [100, 200, 400, 800, 1_500];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const { SendEmailCommand, SESv2Client } = await sesSdk();
  const client =
    dependencies.ses ?? sesReplacement ?? (ses ??= new SESv2Client(withLocalTransport({ maxAttempts: SES_MAX_ATTEMPTS, requestHandler: SES_TIMEOUTS })));
  const from = dependencies.from ?? config.mailFrom;
  const configurationSet = 'configurationSet' in dependencies ? dependencies.configurationSet : config.mailConfigurationSet;

  // Rendered before the claim: a template error must not leave an item "sending" for ever.
  // RenderableEmail pairs each template with its own renderer; TypeScript cannot follow the pairing through a union.
  const email = (request.render as (input: EmailTemplateInput) => RenderedEmail)(request.template);
  const key: EmailKey = { inspectionId: request.inspectionId, duty: request.duty, recipientKey: request.recipientKey };
  const staleBefore = new Date(Date.parse(request.now) - EMAIL_CLAIM_LEASE_MS).toISOString();
  const pauses = dependencies.inFlightPauses ?? IN_FLIGHT_PAUSES;
  const claimIt = () =>
    store.claimEmail(
      {
        ...key,
        to: request.to,
        recipient: request.recipient,
        template: request.template,
        subject: email.subject,
        createdAt: request.now,
        ...(request.dueAt === undefined ? {} : { dueAt: request.dueAt }),
      },
      staleBefore,
    );
  let { claim, email: outbox } = await claimIt();
  for (const ms of pauses) {
    if (claim !== 'in-flight') break;
    await pause(ms);
    ({ claim, email: outbox } = await claimIt());
  }
  if (claim === 'already-sent') return { status: 'already-sent', ...(outbox.messageId ? { messageId: outbox.messageId } : {}) };
  if (claim === 'in-flight') {
    throw new EmailInFlightError(
      `the ${request.duty} email of inspection ${request.inspectionId} is claimed by another attempt since ${outbox.claimedAt ?? outbox.createdAt}; it is sent again once the claim is older than ${EMAIL_CLAIM_LEASE_MS / 60_000} minutes`,
    );
  }

  let messageId: string | undefined;
  try {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [request.to] },
        ...(request.replyTo ? { ReplyToAddresses: [request.replyTo] } : {}),
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
  /** How many were not sent, or held by another attempt: `settle` throws for them. */
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
  const counts = { sent: 0, alreadySent: 0 };
  const failures: unknown[] = [];
  for (const request of requests) {
    try {
      const { status } = await sendOnce(request, dependencies);
      if (status === 'sent') counts.sent += 1;
      else counts.alreadySent += 1;
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
