/**
 * SCCIF 15.3 ("shared with the provider") / assurance visits "next steps": forwards the alert to the provider, naming
 * the local authorities that were emailed (from the outbox: what was actually sent), never their addresses, and
 * counting, not naming, the people who placed children themselves (15.4). What it says: providerCopyOfAlert in
 * core/alerts.ts.
 */
import { replyToLeadInspector } from '../core/inspection';
import * as z from 'zod/mini';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { PROVIDER_COPY_DUTY, providerCopyOfAlert } from '../core/alerts';
import { providerCopyOfAlert as providerCopyOfAlertEmail } from '../core/email-content';
import { DCS_ALERT_DUTY } from '../core/inspection-views';
import { InspectionIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export { PROVIDER_COPY_DUTY };

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(['inadequate', 'assurance-visit', 'interim-inspection']),
  /** The duty of the alert being forwarded. */
  duty: z.literal(DCS_ALERT_DUTY),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  status: SendOnceResult['status'];
  authorities: number;
  placers: number;
}

export async function lambdaHandler({ inspectionId, process, duty }: Input, { at, store, record }: InspectionStep): Promise<Output> {
  const copy = providerCopyOfAlert(record, process, await store.listEmails(inspectionId), duty, at);
  const { authorities, placers } = copy;
  const { status } = await sendOnce({
    inspectionId,
    duty: PROVIDER_COPY_DUTY,
    recipientKey: 'provider',
    to: record.provider.email,
    recipient: { kind: 'provider' },
    ...replyToLeadInspector(record),
    template: copy.template,
    render: providerCopyOfAlertEmail,
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'dcs-alert-forwarded-to-provider', detail: { process, authorities, placers } });
  }
  return { status, authorities, placers };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'forward-alert-to-provider' });
