/**
 * An in-memory SES: SendEmail (v2, simple content) as an SDK client's `send`, kept in an inbox shaped like
 * aws-ses-v2-local's `GET /store`. Used by the local runtime's simulated year; adapter and end-to-end tests keep
 * aws-ses-v2-local over HTTP. Like SES, it accepts the email and returns a fresh message id: sending once per
 * outbox item is the mailer's contract (functions/adapters/mailer.ts), tested on both.
 */
import { randomUUID } from 'node:crypto';
import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailService } from '../../functions/adapters/mailer';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Unix seconds, as aws-ses-v2-local stamps it. */
  at: number;
}

export class InMemorySes {
  readonly emails: StoredEmail[] = [];

  readonly client: EmailService = {
    send: (async (command: { constructor: { name: string }; input: SendEmailCommand['input'] }) => {
      if (command.constructor.name !== 'SendEmailCommand') throw new Error(`the in-memory SES does not support ${command.constructor.name}`);
      const { FromEmailAddress, Destination, Content } = command.input;
      const simple = Content?.Simple;
      if (!FromEmailAddress || !simple?.Subject?.Data) {
        const error = new Error('SendEmail needs FromEmailAddress and Content.Simple.Subject');
        error.name = 'BadRequestException';
        throw error;
      }
      const messageId = randomUUID();
      this.emails.push({
        messageId,
        from: FromEmailAddress,
        destination: { to: Destination?.ToAddresses ?? [], cc: Destination?.CcAddresses ?? [], bcc: Destination?.BccAddresses ?? [] },
        subject: simple.Subject.Data,
        body: { text: simple.Body?.Text?.Data, html: simple.Body?.Html?.Data },
        at: Math.floor(Date.now() / 1000),
      });
      return { MessageId: messageId, $metadata: {} };
    }) as EmailService['send'],
  };
}
