/**
 * record-email-event: SES delivery events (through EventBridge) land on the outbox item of the email they are about.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { EmailNotYetKnownError, handler as recordEmailEvent } from '../../../functions/steps/record-email-event';
import { approvalTemplate } from '../../adapters/inspection-fixtures';
import { context, nextId, personalDataIn, useStepEnvironment } from './step-harness';

useStepEnvironment();


/** An email the mailer sent: claimed, then marked sent with its SES message id. */
async function sentEmail(): Promise<{ inspectionId: string; messageId: string }> {
  const inspectionId = nextId();
  const messageId = `0100019${Math.random().toString(16).slice(2, 10)}-aaaa-bbbb-cccc-000000`;
  const key = { inspectionId, duty: 'dcs-alert', recipientKey: 'la:E09000007' };
  await repository().claimEmail({
    ...key,
    to: 'dcs@camden.la.example',
    recipient: { kind: 'dcs', authorityCode: 'E09000007' },
    template: approvalTemplate,
    subject: 'Ofsted alert',
    createdAt: '2026-12-23T10:00:00.000Z',
  });
  await repository().markEmailSent(key, messageId, '2026-12-23T10:00:01.000Z');
  return { inspectionId, messageId };
}

/** An SES event as EventBridge delivers it (with the fields AWS adds that the handler does not use). */
function sesEvent(eventType: string, messageId: string, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'e1b2c3d4',
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-12-23T10:00:05Z',
    region: 'eu-west-2',
    resources: [],
    detail: {
      eventType,
      mail: {
        timestamp: '2026-12-23T10:00:01.000Z',
        source: 'sccif@ofsted.example',
        messageId,
        destination: ['dcs@camden.la.example'],
        tags: { outbox: ['abc'] },
      },
      ...extra,
    },
  };
}

describe('record-email-event', () => {
  it.each([
    ['Delivery', 'delivery', 'delivered', '2026-12-23T10:00:04.000Z'],
    ['Bounce', 'bounce', 'bounced', '2026-12-23T10:00:04.000Z'],
    ['Complaint', 'complaint', 'complained', '2026-12-23T10:00:04.000Z'],
  ])('records a %s event on the email as %s', async (eventType, field, status, timestamp) => {
    // Prepare
    const { inspectionId, messageId } = await sentEmail();

    // Act
    const output = await recordEmailEvent(sesEvent(eventType, messageId, { [field]: { timestamp, recipients: ['x'] } }), context);

    // Assess
    expect(output).toEqual({ recorded: true, status });
    const [email] = await repository().listEmails(inspectionId);
    expect(email!.delivery).toEqual({ status, at: timestamp });
    const audit = await repository().listAudit(inspectionId);
    expect(audit).toEqual([{ at: timestamp, actor: 'system', event: `email-${status}`, detail: { duty: 'dcs-alert' } }]);
    expect(personalDataIn(output)).toEqual([]);
  });

  it('records a Reject at the time SES took the email', async () => {
    const { inspectionId, messageId } = await sentEmail();
    await recordEmailEvent(sesEvent('Reject', messageId, { reject: { reason: 'Bad content' } }), context);
    const [email] = await repository().listEmails(inspectionId);
    expect(email!.delivery).toEqual({ status: 'rejected', at: '2026-12-23T10:00:01.000Z' });
  });

  it('ignores the Send event, which changes nothing the notifications list shows', async () => {
    const { inspectionId, messageId } = await sentEmail();
    const output = await recordEmailEvent(sesEvent('Send', messageId, { send: {} }), context);
    expect(output).toEqual({ recorded: false, ignored: 'Send' });
    const [email] = await repository().listEmails(inspectionId);
    expect(email!.delivery).toBeUndefined();
  });

  it('keeps the latest event when an older one arrives late', async () => {
    const { inspectionId, messageId } = await sentEmail();
    await recordEmailEvent(sesEvent('Bounce', messageId, { bounce: { timestamp: '2026-12-23T10:05:00.000Z' } }), context);
    const late = await recordEmailEvent(sesEvent('Delivery', messageId, { delivery: { timestamp: '2026-12-23T10:00:04.000Z' } }), context);
    expect(late).toEqual({ recorded: false, status: 'delivered', reason: 'superseded' });
    const [email] = await repository().listEmails(inspectionId);
    expect(email!.delivery).toEqual({ status: 'bounced', at: '2026-12-23T10:05:00.000Z' });
  });

  it('fails with a retryable EmailNotYetKnownError for a message the index does not hold yet', async () => {
    const running = recordEmailEvent(sesEvent('Delivery', 'not-yet-indexed', { delivery: { timestamp: '2026-12-23T10:00:04.000Z' } }), context);
    await expect(running).rejects.toBeInstanceOf(EmailNotYetKnownError);
    await expect(running).rejects.toMatchObject({ name: 'EmailNotYetKnownError' });
  });

  it.each([
    [(event: ReturnType<typeof sesEvent>) => ({ ...event, source: 'aws.s3' }), 'source'],
    [(event: ReturnType<typeof sesEvent>) => ({ ...event, detail: { ...event.detail, mail: { ...event.detail.mail, messageId: undefined } } }), 'detail.mail.messageId'],
    [(event: ReturnType<typeof sesEvent>) => ({ ...event, detail: { ...event.detail, delivery: { timestamp: 'yesterday' } } }), 'detail.delivery.timestamp'],
  ])('rejects a malformed event with a ValidationError naming the field (%#)', async (change, field) => {
    const event = change(sesEvent('Delivery', 'm-1', { delivery: { timestamp: '2026-12-23T10:00:04.000Z' } }));
    await expect(recordEmailEvent(event, context)).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field }] });
  });
});
