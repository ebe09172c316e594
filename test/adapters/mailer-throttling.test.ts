/**
 * SES throttling is retried by the SDK client itself (maxAttempts 4), against a local HTTP endpoint given the way
 * the local runtime gives it: AWS_ENDPOINT_URL_SESV2. A throttled first send still produces exactly one email.
 */
import { createServer, type Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectionRepository } from '../../functions/adapters/repository';
import { approvalRequest } from '../../functions/core/email-content';
import { zeroDelayRetries } from '../support/zero-delay-retries';
import { approvalTemplate } from './inspection-fixtures';
import { startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb';

const ENV = ['AWS_ENDPOINT_URL_SESV2', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

let ses: Server;
let dynamo: LocalDynamoDb;
const received: { status: number }[] = [];
/** How many requests to throttle before accepting. */
let throttleNext = 0;

beforeAll(async () => {
  ses = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (throttleNext > 0) {
        throttleNext -= 1;
        received.push({ status: 429 });
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
        return;
      }
      received.push({ status: 200 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: `local-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => ses.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SESV2 = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  process.env.AWS_REGION = 'eu-west-2';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  delete process.env.AWS_SESSION_TOKEN;
  dynamo = await startLocalDynamoDb();
});

afterAll(async () => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await dynamo.stop();
  await new Promise<void>((resolve) => ses.close(() => resolve()));
});

describe('the SES client of the mailer', () => {
  it('retries a throttled send inside one attempt, so exactly one email is accepted', async () => {
    // Prepare: the mailer module is loaded after the endpoint is set, as in a Lambda container; its client's attempts
    // with the standard strategy's decisions but no back-off sleep
    const { sendOnce, SES_MAX_ATTEMPTS } = await import('../../functions/adapters/mailer');
    const ses = new SESv2Client({ retryStrategy: zeroDelayRetries(SES_MAX_ATTEMPTS) });
    const repository = new InspectionRepository({ client: dynamo.client, tableName: await dynamo.createTable() });
    throttleNext = 1;

    // Act
    const result = await sendOnce(
      {
        inspectionId: 'insp-0001',
        duty: 'approval-request',
        recipientKey: 'manager',
        to: 'manager@ofsted.example',
        recipient: { kind: 'manager' },
        template: approvalTemplate,
        render: approvalRequest,
        now: '2026-12-22T17:00:00.000Z',
      },
      { repository, ses, from: 'sccif@ofsted.example', configurationSet: undefined },
    );

    // Assess
    expect(received).toEqual([{ status: 429 }, { status: 200 }]);
    expect(result).toEqual({ status: 'sent', messageId: 'local-2' });
    const [email] = await repository.listEmails('insp-0001');
    expect(email).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('gives up after SES_MAX_ATTEMPTS (4) throttled requests, leaving the email failed for the step to retry', async () => {
    // Prepare
    const { EmailSendError, sendOnce, SES_MAX_ATTEMPTS } = await import('../../functions/adapters/mailer');
    const ses = new SESv2Client({ retryStrategy: zeroDelayRetries(SES_MAX_ATTEMPTS) });
    const repository = new InspectionRepository({ client: dynamo.client, tableName: await dynamo.createTable() });
    received.length = 0;
    throttleNext = 4;

    // Act
    const sending = sendOnce(
      {
        inspectionId: 'insp-0002',
        duty: 'approval-request',
        recipientKey: 'manager',
        to: 'manager@ofsted.example',
        recipient: { kind: 'manager' },
        template: approvalTemplate,
        render: approvalRequest,
        now: '2026-12-22T17:00:00.000Z',
      },
      { repository, ses, from: 'sccif@ofsted.example', configurationSet: undefined },
    );

    // Assess
    await expect(sending).rejects.toBeInstanceOf(EmailSendError);
    expect(received).toEqual([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }]);
    const [email] = await repository.listEmails('insp-0002');
    expect(email).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
