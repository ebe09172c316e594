/**
 * SES sending events, locally (infra/local/ses-event-rule.ts): each email the local SES accepts reaches the
 * template's rule target (record-email-event) as the event SES's mailbox simulator would send, so that the
 * notifications list shows "Delivered" or "Bounced" locally as on AWS, never "awaiting delivery report" for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../infra/local/runtime';
import { loadTemplate } from '../../infra/local/template-cache';
import { sesEvent, sesEventRules, SIMULATOR, simulatedEventTypes } from '../../infra/local/ses-event-rule';
import { runHandler } from '../../infra/local/virtual-clock';
import { Input as RecordEmailEventInput } from '../../functions/steps/record-email-event';
import { approvalRequest } from '../../functions/core/email-content';
import { approvalTemplate } from '../adapters/inspection-fixtures';
import { quietInfoLines, repositoryRoot } from './harness';

describe('the SES event rules read from the synthesized template', () => {
  it('finds the configuration set’s rule and its target, record-email-event, and the set the handlers send in', async () => {
    const { template } = await loadTemplate(repositoryRoot);
    const rules = sesEventRules(template);
    expect(rules.map((rule) => rule.targets)).toEqual([['record-email-event']]);
    const sets = Object.values(template.Resources)
      .map((resource) => (resource.Properties as { Environment?: { Variables?: Record<string, unknown> } } | undefined)?.Environment?.Variables?.MAIL_CONFIGURATION_SET)
      .filter((value) => value !== undefined);
    expect(sets.length).toBeGreaterThan(0);
    const named = [...(rules[0]?.configurationSets ?? [])];
    expect(named).toHaveLength(1);
    for (const set of sets) expect(set).toEqual({ Ref: named[0] });
  });

  it('follows the mailbox simulator: its bounce address bounces, its complaint address is delivered then complained of, any other is delivered', () => {
    expect(simulatedEventTypes(['dcs@camden.la.example'])).toEqual(['Delivery']);
    expect(simulatedEventTypes([' Bounce@Simulator.AmazonSES.com'])).toEqual(['Bounce']);
    expect(simulatedEventTypes([SIMULATOR.complaint])).toEqual(['Delivery', 'Complaint']);
  });

  it('sends events the handler accepts, with the instant, message id and configuration set', () => {
    const at = new Date('2027-01-13T16:00:01.000Z');
    for (const type of ['Delivery', 'Bounce', 'Complaint'] as const) {
      const event = sesEvent(type, { messageId: 'local-1', recipients: ['a@b.example'], configurationSet: 'Set' }, at);
      const parsed = RecordEmailEventInput.parse(event);
      expect(parsed.detail).toMatchObject({ eventType: type, mail: { messageId: 'local-1', timestamp: at.toISOString(), tags: { 'ses:configuration-set': ['Set'] } } });
      const own = { Delivery: parsed.detail.delivery, Bounce: parsed.detail.bounce, Complaint: parsed.detail.complaint }[type];
      expect(own?.timestamp).toBe(at.toISOString());
    }
  });
});

describe('the local runtime with SES events on', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    quietInfoLines();
    runtime = await LocalRuntime.start({ repositoryRoot, startAt: new Date('2027-01-13T16:00:00Z'), realTime: false, seedReferenceData: false, sesEvents: true });
  }, 90_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('records each email as delivered, or bounced for the simulator’s bounce address, once the event arrives', async () => {
    const [{ sendOnce }, { repository }] = await Promise.all([import('../../functions/adapters/mailer'), import('../../functions/adapters/repository')]);
    const send = (recipientKey: string, to: string) =>
      runHandler('test-send', () =>
        sendOnce({
          inspectionId: 'insp-ses-1',
          duty: 'approval-request',
          recipientKey,
          to,
          recipient: { kind: 'manager' },
          template: approvalTemplate,
          render: approvalRequest,
          now: new Date().toISOString(),
        }),
      );
    await send('manager', 'maya.manager@ofsted.local');
    await send('bounced', SIMULATOR.bounce);
    // Nothing yet: the events come after the sender has recorded the message id, as EventBridge's do.
    expect((await runHandler('test-read', () => repository().listEmails('insp-ses-1'))).map((email) => email.delivery)).toEqual([undefined, undefined]);

    await runtime.advanceBy(10_000);
    const emails = await runHandler('test-read', () => repository().listEmails('insp-ses-1'));
    expect(Object.fromEntries(emails.map((email) => [email.to, email.delivery?.status]))).toEqual({ 'maya.manager@ofsted.local': 'delivered', [SIMULATOR.bounce]: 'bounced' });
    // At the virtual instant the email was accepted, plus the wait before the first attempt.
    for (const email of emails) expect(Date.parse(email.delivery!.at) - Date.parse(email.sentAt!)).toBeLessThan(10_000);
  });
});
