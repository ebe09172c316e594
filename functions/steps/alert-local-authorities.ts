/**
 * SCCIF 15.3 / assurance visits "next steps": emails the director of children's services of every relevant local
 * authority (each placing authority and the host authority, each once) and, for a child who is not looked after,
 * whoever placed them (15.4), by the end of the next working day. Who is alerted, with what: alertPlan in
 * core/alerts.ts. Whether: the workflow (an interim inspection reaches this step only when its case review agreed).
 * With more placing authorities than the configured number, the output says contact arrangements are to be agreed
 * with the manager (15.3), and the workflow asks for them.
 *
 * Every recipient is tried even if one fails; then the step fails (EmailSendError) so Step Functions retries it, and
 * the retry sends only to those not yet sent (or held by an attempt that died: see EMAIL_CLAIM_LEASE_MS). The output counts recipients: no address, name or initials.
 */
import { replyToLeadInspector } from '../core/inspection';
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { alertPlan, contactArrangementsNeeded } from '../core/alerts';
import { londonDateOf } from '../core/calendar';
import { stepOf } from '../core/deadlines';
import { dcsAlert as dcsAlertEmail } from '../core/email-content';
import { DCS_ALERT_DUTY } from '../core/inspection-views';
import { InspectionIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(['inadequate', 'assurance-visit', 'interim-inspection']),
  duty: z.literal(DCS_ALERT_DUTY),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  recipients: number;
  sent: number;
  alreadySent: number;
  /** SCCIF 15.3: more placing authorities than configured: contact arrangements are agreed with the manager. */
  contactArrangementsNeeded: boolean;
}

export async function lambdaHandler({ inspectionId, process, duty }: Input, { now, at, store, record, timeline }: InspectionStep): Promise<Output> {
  const alerts = alertPlan(record, await store.listLocalAuthorities());
  const dueAt = stepOf(timeline, DCS_ALERT_DUTY).due;
  // Replies reach the lead inspector, who sends the alert (SCCIF 15.3), when their address is known.
  const replyTo = replyToLeadInspector(record);
  const result = await sendEach(
    alerts.map(({ recipientKey, to, recipient, template }) => ({ inspectionId, duty, recipientKey, to, ...replyTo, recipient, template, render: dcsAlertEmail, dueAt, now: at })),
  );
  const { recipients, sent, alreadySent, failed } = result;

  if (sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'dcs-alert-sent', detail: { process, sent, recipients, failed } });
  }
  result.settle((notSent, of) => `${notSent} of ${of} ${duty} emails of inspection ${inspectionId} were not sent; a retry sends only those`);
  // settle() threw unless every alert is sent: the step is done only then.
  if (!record.actuals[process]?.[DCS_ALERT_DUTY]) {
    await store.recordActual(inspectionId, process, DCS_ALERT_DUTY, londonDateOf(now), at);
  }
  const contactArrangements = contactArrangementsNeeded(record, config.contactArrangementsAbove);
  return { recipients, sent, alreadySent, contactArrangementsNeeded: contactArrangements };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'alert-local-authorities' });
