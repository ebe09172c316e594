/**
 * The local SNS endpoint for the operations topic: the Publish action of the SNS query API, on loopback. What the
 * handlers publish (notify-operations) lands in an operations inbox, listed at GET /_local/operations. Only Publish is
 * implemented; anything else is refused with the SNS error shape, so a handler calling more would fail loudly.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OperationsNotice {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  /** UTC instant (the runtime's clock). */
  at: string;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOperationsInbox(port = 0): Promise<{ server: Server; url: string; notices: OperationsNotice[] }> {
  const notices: OperationsNotice[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const requestId = randomUUID();
      const reply = (status: number, xml: string) => {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(xml);
      };
      const topicArn = form.get('TopicArn');
      const message = form.get('Message');
      if (form.get('Action') !== 'Publish' || !topicArn || message === null) {
        return reply(
          400,
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>${escapeXml(`local SNS supports Publish with TopicArn and Message only (got ${form.get('Action') ?? 'no action'})`)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
      const messageId = randomUUID();
      notices.push({ messageId, topicArn, ...(form.get('Subject') ? { subject: form.get('Subject')! } : {}), message, at: new Date().toISOString() });
      reply(200, `<PublishResponse><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, notices };
}
