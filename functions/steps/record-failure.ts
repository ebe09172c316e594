/**
 * The failure path of every state machine: a step failed after its retries. The inspection is marked failed, the
 * failure is audited (by error name only), the run's pending approvals are closed (a decision on them is refused as
 * gone, 410, instead of being stored for a run that will never read it) and the manager is emailed once per process
 * run, naming the next deadline now at risk (atRiskAfterFailure in core/escalations.ts). A missing inspection is not
 * an error here: there is nothing to mark, and the run ends either way.
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { approvalIdFor } from '../core/approvals';
import { escalation as escalationEmail } from '../core/email-content';
import { NotFoundError } from '../core/errors';
import { atRiskAfterFailure, escalation, failureDuty } from '../core/escalations';
import { APPROVAL_KINDS } from '../core/schemas';
import { InspectionIdText, ProcessIdText } from '../core/step-payloads';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: ProcessIdText,
  /** The error name Step Functions caught, e.g. `States.TaskFailed` or `EmailSendError`. */
  error: z.string().check(z.maxLength(1000)),
});
export type Input = z.infer<typeof Input>;

export type Output = { recorded: false } | { recorded: true; email: SendOnceResult['status'] };

/** Error names are identifiers; anything else is not repeated in the audit or the email. */
function errorName(error: string): string {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(error) ? error : 'an unnamed error';
}

const ignoreNotFound = (caught: unknown) => {
  if (!(caught instanceof NotFoundError)) throw caught;
};

export async function lambdaHandler({ inspectionId, process, error }: Input): Promise<Output> {
  const at = systemClock.now().toISOString();
  const store = repository();
  const name = errorName(error);
  // Not the inspection-step prologue: a missing inspection ends the run quietly, and no process check can fail it.
  let record = await store.getInspection(inspectionId);
  if (!record) return { recorded: false };
  if (record.status !== 'failed') {
    try {
      record = await store.setStatus(inspectionId, 'failed', at);
    } catch (caught) {
      if (caught instanceof NotFoundError) return { recorded: false };
      throw caught;
    }
    await store.audit(inspectionId, { at, actor: 'system', event: 'workflow-failed', detail: { process, error: name } });
  }
  // The approvals this run asked for (ids are derived from inspection, process and kind); a decided one stays decided.
  for (const kind of APPROVAL_KINDS) await store.closeApproval(approvalIdFor(inspectionId, process, kind)).catch(ignoreNotFound);

  const { status } = await sendOnce({
    inspectionId,
    duty: failureDuty(process),
    recipientKey: 'manager',
    to: config.managerEmail,
    recipient: { kind: 'manager' },
    render: escalationEmail,
    template: escalation({
      inspectionId,
      process,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      step: atRiskAfterFailure(record, process, name, at),
      baseUrl: config.appBaseUrl,
    }),
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'failure-notice-sent', detail: { process, error: name } });
  }
  return { recorded: true, email: status };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'record-failure' });
