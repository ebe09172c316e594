/**
 * Notices to the Department for Education about a secure children's home (SCCIF 15.2; assurance visits "next
 * steps"): an inadequate judgement, serious or widespread concerns, the case review's proposed actions, and the
 * outcome of a monitoring visit (core/dfe-notices.ts). Other establishments are skipped.
 */
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { londonDateOf } from '../core/calendar';
import { dfeNotice as dfeNoticeEmail } from '../core/email-content';
import { DFE_INFORMED, dfeDuty, dfeNotice, dischargesDfeInformed, NOTICES, notifiesDfe } from '../core/dfe-notices';
import { visitDuty } from '../core/monitoring-visits';
import { InspectionIdText, ProcessIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export { NOTICES, type Notice } from '../core/dfe-notices';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, notice: z.enum(NOTICES) });
export type Input = z.infer<typeof Input>;

export type Output = { status: SendOnceResult['status'] } | { skipped: true };

export async function lambdaHandler({ inspectionId, process, notice }: Input, step: InspectionStep): Promise<Output> {
  const { now, at, store, record } = step;
  if (!notifiesDfe(record)) return { skipped: true };

  const tracked = dischargesDfeInformed(process, notice);
  const dueAt = tracked ? step.timeline.steps.find((candidate) => candidate.id === DFE_INFORMED)?.due : undefined;
  const { status } = await sendOnce({
    inspectionId,
    duty: visitDuty(record, process, dfeDuty(notice)),
    recipientKey: 'dfe',
    to: config.dfeEmail,
    recipient: { kind: 'dfe' },
    template: dfeNotice(record, notice),
    render: dfeNoticeEmail,
    ...(dueAt === undefined ? {} : { dueAt }),
    now: at,
  });
  if (tracked && !record.actuals[process]?.[DFE_INFORMED]) {
    await store.recordActual(inspectionId, process, DFE_INFORMED, londonDateOf(now), at);
  }
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'dfe-informed', detail: { process, notice } });
  }
  return { status };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'inform-dfe' });
