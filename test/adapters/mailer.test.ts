/**
 * The mailer over a real outbox (dynalite) and a mocked SES client: each email is sent at most once per
 * (inspection, duty, recipient), whatever retries happen.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmailInFlightError, EmailSendError, outboxTag, sendOnce, type SendOnceRequest } from '../../functions/adapters/mailer';
import { InspectionRepository } from '../../functions/adapters/repository';
import { approvalRequest } from '../../functions/core/email-content';
import { ValidationError } from '../../functions/core/errors';
import { approvalTemplate } from './inspection-fixtures';
import { startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb';

const ses = mockClient(SESv2Client);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  ses.restore();
});

let dynamo: LocalDynamoDb;
let repo: InspectionRepository;

const request = (overrides: Partial<Pick<SendOnceRequest, 'to' | 'now'>> = {}): SendOnceRequest => ({
  inspectionId: 'insp-0001',
  duty: 'approval-request',
  recipientKey: 'manager',
  to: 'manager@ofsted.example',
  recipient: { kind: 'manager' },
  template: approvalTemplate,
  render: approvalRequest,
  dueAt: '2026-12-23T23:59:59.000Z',
  now: '2026-12-22T17:00:00.000Z',
  ...overrides,
});

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(async () => {
  repo = new InspectionRepository({ client: dynamo.client, tableName: await dynamo.createTable() });
});

afterEach(() => {
  ses.reset();
  vi.restoreAllMocks();
});

const deps = () => ({ repository: repo, from: 'sccif@ofsted.example', configurationSet: 'sccif-events' });

describe('sendOnce', () => {
  it('sends one email from the configured address, in the configuration set, tagged with its outbox item', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const result = await sendOnce(request(), deps());

    // Assess
    expect(result).toEqual({ status: 'sent', messageId: 'ses-1' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'sccif@ofsted.example',
      Destination: { ToAddresses: ['manager@ofsted.example'] },
      ConfigurationSetName: 'sccif-events',
      EmailTags: [{ Name: 'outbox', Value: outboxTag(request()) }],
    });
    expect(input.EmailTags?.[0]?.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(input.Content?.Simple?.Subject?.Data).toContain('SC123456');
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain('Sam Okafor');
    expect(input.Content?.Simple?.Body?.Html?.Data).toContain('<');
    const [email] = await repo.listEmails('insp-0001');
    expect(email).toMatchObject({ status: 'sent', messageId: 'ses-1', attempts: 1, dueAt: '2026-12-23T23:59:59.000Z' });
  });

  it('leaves out the configuration set when none is configured', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendOnce(request(), { ...deps(), configurationSet: undefined });

    // Assess
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });

  it('does not send again when the step is retried after a successful send', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await sendOnce(request(), deps());

    // Act
    const retry = await sendOnce(request({ now: '2026-12-22T17:00:10.000Z' }), deps());

    // Assess
    expect(retry).toEqual({ status: 'already-sent', messageId: 'ses-1' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('sends exactly one email when SES throttles the first attempt and the step retries', async () => {
    // Prepare: the mock bypasses the SDK's own retry, so the throttle reaches the mailer as the step would see it
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'ses-2' });

    // Act
    const first = sendOnce(request(), deps());
    await expect(first).rejects.toBeInstanceOf(EmailSendError);
    const failed = await repo.listEmails('insp-0001');
    const retry = await sendOnce(request({ now: '2026-12-22T17:00:02.000Z' }), deps());

    // Assess
    await expect(first).rejects.toMatchObject({ name: 'EmailSendError', cause: { name: 'ThrottlingException' } });
    expect(failed[0]).toMatchObject({ status: 'failed', lastError: 'ThrottlingException: Maximum sending rate exceeded.' });
    expect(retry).toEqual({ status: 'sent', messageId: 'ses-2' });
    const attempts = await Promise.allSettled(ses.commandCalls(SendEmailCommand).map((call) => call.returnValue));
    expect(attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'fulfilled']);
    const [email] = await repo.listEmails('insp-0001');
    expect(email).toMatchObject({ status: 'sent', attempts: 2, messageId: 'ses-2' });
  });

  it('does not resend while the claim of an attempt that may still be sending is younger than the lease, and fails retryably', async () => {
    // Prepare: an attempt died after SES accepted the email but before it was marked sent
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-3' });
    vi.spyOn(repo, 'markEmailSent').mockRejectedValueOnce(new Error('Task timed out'));
    await expect(sendOnce(request(), deps())).rejects.toThrow('Task timed out');

    // Act: a retry 4 minutes later, inside the 5-minute lease
    const retry = sendOnce(request({ now: '2026-12-22T17:04:00.000Z' }), { ...deps(), inFlightPauses: [] });

    // Assess
    await expect(retry).rejects.toBeInstanceOf(EmailInFlightError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('sends again once the claim is older than the lease (the rare duplicate SES cannot prevent), and the email is sent', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolvesOnce({ MessageId: 'ses-4' }).resolves({ MessageId: 'ses-5' });
    vi.spyOn(repo, 'markEmailSent').mockRejectedValueOnce(new Error('Task timed out'));
    await expect(sendOnce(request(), deps())).rejects.toThrow('Task timed out');

    // Act: a retry 6 minutes later
    const retry = await sendOnce(request({ now: '2026-12-22T17:06:00.000Z' }), { ...deps(), inFlightPauses: [] });

    // Assess
    expect(retry).toEqual({ status: 'sent', messageId: 'ses-5' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    const [email] = await repo.listEmails('insp-0001');
    expect(email).toMatchObject({ status: 'sent', attempts: 2, claimedAt: '2026-12-22T17:06:00.000Z' });
  });

  it('waits for a duplicate attempt that is sending the same email, and reports it already sent', async () => {
    // Prepare: another attempt holds the claim and marks it sent 150 ms later
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-6' });
    const held = await repo.claimEmail({ ...request(), subject: 'held', createdAt: request().now });
    expect(held.claim).toBe('claimed');
    setTimeout(() => void repo.markEmailSent(request(), 'ses-other', request().now), 150);

    // Act
    const result = await sendOnce(request(), { ...deps(), inFlightPauses: [100, 200, 400] });

    // Assess
    expect(result).toEqual({ status: 'already-sent', messageId: 'ses-other' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('refuses an address that is not an email address before claiming or sending anything', async () => {
    // Act
    const sending = sendOnce(request({ to: 'manager at ofsted' }), deps());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(ValidationError);
    await expect(sending).rejects.toMatchObject({ errors: [{ field: 'to' }] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(await repo.listEmails('insp-0001')).toEqual([]);
  });
});
