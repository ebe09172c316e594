/**
 * Assurance visit, day 1: the letter to the provider confirming the arrangements and the information due by 13:00
 * ("The start of the visit"). Sent once; the step is marked done on the London day it was sent.
 */
import { replyToLeadInspector } from '../core/inspection';
import * as z from 'zod/mini';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { londonDateOf } from '../core/calendar';
import { stepOf } from '../core/deadlines';
import { emailDeadline, providerLetter } from '../core/email-content';
import { InspectionIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: z.literal('assurance-visit') });
export type Input = z.infer<typeof Input>;

const STEP = 'provider-letter';

export async function lambdaHandler(
  { inspectionId, process }: Input,
  { now, at, store, record, timeline }: InspectionStep,
): Promise<{ status: SendOnceResult['status'] }> {
  const { steps } = timeline;

  const { status } = await sendOnce({
    inspectionId,
    duty: STEP,
    recipientKey: 'provider',
    to: record.provider.email,
    recipient: { kind: 'provider' },
    ...replyToLeadInspector(record),
    render: providerLetter,
    template: {
      template: 'providerLetter',
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      providerName: record.provider.name,
      leadInspectorName: record.inspectorName,
      ...(record.inspectorEmail ? { leadInspectorEmail: record.inspectorEmail } : {}),
      annexADue: emailDeadline(steps, 'annex-a-due'),
      visitEnd: emailDeadline(steps, 'visit-end'),
      sentOn: londonDateOf(now),
      sentAt: now.toISOString(),
    },
    dueAt: stepOf(timeline, STEP).due,
    now: at,
  });

  if (!record.actuals[process]?.[STEP]) {
    await store.recordActual(inspectionId, process, STEP, londonDateOf(now), at);
  }
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'provider-letter-sent', detail: { process } });
  }
  return { status };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'send-provider-letter' });
