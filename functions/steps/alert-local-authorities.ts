/**
 * SCCIF 15.3 / assurance visits "next steps": emails the director of children's services of every relevant local
 * authority (each placing authority and the host authority, each once) and, for a child who is not looked after,
 * whoever placed them (15.4), by the end of the next working day. Who is alerted, with what: alertPlan in
 * core/alerts.ts. Whether: the workflow (an interim decline reaches this step only when its case review agreed).
 *
 * Every recipient is tried even if one fails; then the step fails (EmailSendError) so Step Functions retries it, and
 * the retry sends only to those not yet sent. The output counts recipients: no address, name or initials.
 */
import * as z from 'zod';
import { sendEach } from '../adapters/mailer';
import { alertPlan, everyAlertSent } from '../core/alerts';
import { londonDateOf } from '../core/calendar';
import { stepOf } from '../core/deadlines';
import { DCS_ALERT_DUTY } from '../core/inspection-views';
import { InspectionIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(['inadequate', 'assurance-visit']),
  duty: z.literal(DCS_ALERT_DUTY),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  recipients: number;
  sent: number;
  alreadySent: number;
  /** Claimed by an earlier attempt that may have sent it: never sent twice, shown in the notifications list. */
  inFlight: number;
}

export async function lambdaHandler({ inspectionId, process, duty }: Input, { now, at, store, record, timeline }: InspectionStep): Promise<Output> {
  const alerts = alertPlan(record, await store.listLocalAuthorities());
  const dueAt = stepOf(timeline, DCS_ALERT_DUTY).due;
  const result = await sendEach(alerts.map(({ recipientKey, to, recipient, template }) => ({ inspectionId, duty, recipientKey, to, recipient, template, dueAt, now: at })));
  const { recipients, sent, alreadySent, inFlight, failed } = result;

  if (sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'dcs-alert-sent', detail: { process, sent, recipients, failed } });
  }
  result.settle((notSent, of) => `${notSent} of ${of} ${duty} emails of inspection ${inspectionId} were not sent; a retry sends only those`);
  const keys = alerts.map((alert) => alert.recipientKey);
  if (!record.actuals[process]?.[DCS_ALERT_DUTY] && (inFlight === 0 || everyAlertSent(await store.listEmails(inspectionId), duty, keys))) {
    await store.recordActual(inspectionId, process, DCS_ALERT_DUTY, londonDateOf(now), at);
  }
  return { recipients, sent, alreadySent, inFlight };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'alert-local-authorities' });
