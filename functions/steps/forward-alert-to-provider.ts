/**
 * SCCIF 15.3 ("shared with the provider") / assurance visits "next steps": forwards the alert to the provider, naming
 * the local authorities that were emailed (from the outbox: what was actually sent), never their addresses, and
 * counting, not naming, the people who placed children themselves (15.4).
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { londonDateOf } from '../core/calendar';
import { NotFoundError, ValidationError } from '../core/errors';
import { inspectionEndDate } from '../core/inspection';
import { DCS_ALERT_DUTY } from '../core/inspection-views';
import { alertEventFor, checkProcessOf, InspectionIdText } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(['inadequate', 'assurance-visit']),
  /** The duty of the alert being forwarded. */
  duty: z.literal(DCS_ALERT_DUTY),
});
export type Input = z.infer<typeof Input>;

export const PROVIDER_COPY_DUTY = 'dcs-alert-provider-copy';

export interface Output {
  status: SendOnceResult['status'];
  authorities: number;
  placers: number;
}

export async function lambdaHandler({ inspectionId, process, duty }: Input, _context?: Context): Promise<Output> {
  const at = systemClock.now().toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  const summaryOfConcerns = record.outcome?.outcome.summaryOfConcerns;
  if (summaryOfConcerns === undefined) {
    throw new ValidationError([{ field: 'outcome.summaryOfConcerns', message: 'is required to forward the alert (SCCIF 15.3)' }]);
  }

  const alerts = (await store.listEmails(inspectionId)).filter((email) => email.duty === duty && email.status === 'sent');
  const authorities = [
    ...new Set(
      alerts
        .filter((email) => email.recipient.kind === 'dcs')
        .map((email) => email.recipient.authorityName ?? email.recipient.authorityCode ?? email.recipientKey),
    ),
  ];
  const placers = alerts.filter((email) => email.recipient.kind === 'placer').length;
  if (authorities.length === 0) {
    throw new NotFoundError(`inspection ${inspectionId} has no ${duty} email sent to a local authority to forward`);
  }
  const firstSentAt = alerts
    .map((email) => email.sentAt)
    .filter((sentAt): sentAt is string => sentAt !== undefined)
    .sort()[0];
  const alertSentOn = record.actuals[process]?.[DCS_ALERT_DUTY] ?? londonDateOf(firstSentAt ?? at);

  const { status } = await sendOnce({
    inspectionId,
    duty: PROVIDER_COPY_DUTY,
    recipientKey: 'provider',
    to: record.provider.email,
    recipient: { kind: 'provider' },
    template: {
      template: 'providerCopyOfAlert',
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      providerName: record.provider.name,
      event: alertEventFor(record.process),
      eventEndDate: inspectionEndDate(record),
      summaryOfConcerns,
      alertSentOn,
      alertedAuthorities: authorities,
      placersAlerted: placers,
    },
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'dcs-alert-forwarded-to-provider',
      detail: { process, authorities: authorities.length, placers },
    });
  }
  return { status, authorities: authorities.length, placers };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'forward-alert-to-provider' });
