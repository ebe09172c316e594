/**
 * SES sending events, locally: for each email the local SES accepts, the event AWS would put on EventBridge for the
 * stack's configuration set (infra/constructs/mail.ts) reaches the rule's Lambda target (record-email-event), so the
 * notifications list says "Delivered" locally as on AWS, instead of "Sent, awaiting delivery report" for ever (found
 * by a new-user walk). The rules are read from the synthesized template, pattern and target alike, as
 * execution-status-rule.ts reads the run-failure rule.
 *
 * What happens to an email follows SES's mailbox simulator, so that a bounce or a complaint can be tried locally by
 * giving a recipient its address: bounce@simulator.amazonses.com bounces, complaint@simulator.amazonses.com is
 * delivered and then complained of, every other address is delivered (the local inbox has it).
 *
 * Delivery is asynchronous and retried, as EventBridge's is (the rule's target has 8 retries): the sender writes the
 * message id to the outbox just after SES answers, so the first attempt may find no email yet (EmailNotYetKnownError).
 */
import { randomUUID } from 'node:crypto';
import { deliverToTarget, lambdaTargetsOf } from './event-rule-targets';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveIntrinsics, type CfnTemplate } from './template';

const SOURCE = 'aws.ses';
/** The first attempt and the rule target's 8 retries (infra/constructs/mail.ts). */
const ATTEMPTS = 9;
/**
 * The wait before the first attempt: the sender records the message id just after SES answers, and an event before
 * that is an error in the log and a retry. Then before each retry, doubled at each (EventBridge backs off too; these
 * are short, for a local run).
 */
const FIRST_ATTEMPT_MS = 250;
const FIRST_RETRY_MS = 100;
const DELIVERY = {
  attempts: ATTEMPTS,
  waitBefore: (attempt: number) => (attempt === 1 ? FIRST_ATTEMPT_MS : FIRST_RETRY_MS * 2 ** (attempt - 2)),
  what: 'an SES event',
};

/** SES's mailbox simulator addresses, and what each makes happen. */
export const SIMULATOR = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' } as const;

export interface SesEventRule {
  /** The rule's logical id in the template. */
  id: string;
  /** The configuration sets the pattern names (every one when it names none). */
  configurationSets?: ReadonlySet<string>;
  /** Handler ids of the rule's Lambda targets. */
  targets: readonly string[];
}

/** An email the local SES accepted. */
export interface AcceptedEmail {
  messageId: string;
  /** Every recipient (to, cc and bcc). */
  recipients: readonly string[];
  configurationSet?: string;
}

/** Every enabled EventBridge rule of the template on SES events, with Lambda targets. */
export function sesEventRules(template: CfnTemplate): SesEventRule[] {
  const rules: SesEventRule[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const properties = resolveIntrinsics(resource.Properties ?? {}, template) as {
      State?: string;
      EventPattern?: { source?: string[]; detail?: { mail?: { tags?: Record<string, unknown> } } };
      Targets?: { Arn?: string }[];
    };
    const pattern = properties.EventPattern;
    if (properties.State === 'DISABLED' || !pattern?.source?.includes(SOURCE)) continue;
    const targets = lambdaTargetsOf(id, properties.Targets, 'SES events');
    const sets = pattern.detail?.mail?.tags?.['ses:configuration-set'];
    rules.push({
      id,
      ...(Array.isArray(sets) ? { configurationSets: new Set(sets.map(String)) } : {}),
      targets,
    });
  }
  return rules;
}

/** What SES's mailbox simulator does with an email: the event types it sends, in order. */
export function simulatedEventTypes(recipients: readonly string[]): ('Delivery' | 'Bounce' | 'Complaint')[] {
  const lower = recipients.map((recipient) => recipient.trim().toLowerCase());
  if (lower.includes(SIMULATOR.bounce)) return ['Bounce'];
  if (lower.includes(SIMULATOR.complaint)) return ['Delivery', 'Complaint'];
  return ['Delivery'];
}

/** The EventBridge event SES sends for an email (the fields record-email-event reads, and the usual envelope). */
export function sesEvent(eventType: 'Delivery' | 'Bounce' | 'Complaint', email: AcceptedEmail, at: Date): Record<string, unknown> {
  const timestamp = at.toISOString();
  const recipients = [...email.recipients];
  const detailOfType =
    eventType === 'Delivery'
      ? { delivery: { timestamp, recipients, smtpResponse: '250 2.6.0 Message received (local)' } }
      : eventType === 'Bounce'
        ? { bounce: { timestamp, bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress })) } }
        : { complaint: { timestamp, complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })) } };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': `Email ${eventType === 'Delivery' ? 'Delivered' : eventType === 'Bounce' ? 'Bounced' : 'Complaint Received'}`,
    source: SOURCE,
    account: LOCAL_ACCOUNT,
    time: timestamp.replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [],
    detail: {
      eventType,
      mail: {
        timestamp,
        messageId: email.messageId,
        destination: recipients,
        tags: email.configurationSet ? { 'ses:configuration-set': [email.configurationSet] } : {},
      },
      ...detailOfType,
    },
  };
}

/**
 * The listener the local SES calls for each email it accepts: each matching rule's targets get the simulator's events,
 * in order, through `invoke` (the engine's, so the runtime counts the work in flight); `now` is the virtual clock.
 */
export function deliverSesEvents(
  rules: readonly SesEventRule[],
  invoke: (handlerId: string, event: unknown) => Promise<unknown>,
  now: () => Date,
): (email: AcceptedEmail) => void {
  return (email) => {
    const matching = rules.filter((rule) => !rule.configurationSets || (email.configurationSet !== undefined && rule.configurationSets.has(email.configurationSet)));
    if (matching.length === 0) return;
    void (async () => {
      for (const eventType of simulatedEventTypes(email.recipients)) {
        const event = sesEvent(eventType, email, now());
        await Promise.all(matching.flatMap((rule) => rule.targets.map((target) => deliverToTarget(rule.id, target, event, invoke, DELIVERY))));
      }
    })();
  };
}
