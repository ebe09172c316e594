/**
 * The Lambda of a `.waitForTaskToken` approval task: opens (or re-opens, after an escalation) the approval with the
 * wait's task token and asks the manager once. If the manager has already decided, the wait is answered at once.
 *
 * The task token goes to the approval item and to Step Functions only: never to an email, a log line or the output.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { sendOnce } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { emailDeadline } from '../core/email-content';
import { timelineFor } from '../core/inspection';
import { APPROVAL_KINDS, type ApprovalKind } from '../core/schemas';
import {
  approvalIdFor,
  CALLBACK_WAIT_FIELDS,
  checkProcessOf,
  decisionOutput,
  MANAGER_ROLE_NAME,
  stepOf,
} from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  ...CALLBACK_WAIT_FIELDS,
  kind: z.enum(APPROVAL_KINDS as [ApprovalKind, ...ApprovalKind[]]),
});
export type Input = z.infer<typeof Input>;

/** Ignored by the state machine (the decision arrives by SendTaskSuccess); token-free all the same. */
export interface Output {
  approvalId: string;
  status: 'requested' | 'answered';
}

export async function lambdaHandler(input: Input, _context?: Context): Promise<Output> {
  const { inspectionId, process, stepId, taskToken, dueAt, kind } = input;
  const at = systemClock.now().toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  const timeline = timelineFor(record, process);
  stepOf(timeline, stepId);

  const approvalId = approvalIdFor(inspectionId, process, kind);
  const approval = await store.openApproval({ approvalId, inspectionId, process, kind, stepId, dueAt, taskToken, now: at });

  const decided = decisionOutput(approval);
  if (decided) {
    const response = await workflows().sendTaskSuccess(taskToken, decided);
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'approval-answered-from-record',
      detail: { approvalId, kind, delivered: response.delivered },
    });
    return { approvalId, status: 'answered' };
  }

  // A re-request after an escalation finds the email already sent: the manager is asked once.
  const { status } = await sendOnce({
    inspectionId,
    duty: `approval-request:${process}:${kind}`,
    recipientKey: 'manager',
    to: config.managerEmail,
    recipient: { kind: 'manager' },
    template: {
      template: 'approvalRequest',
      approvalId,
      approvalKind: kind,
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      managerName: MANAGER_ROLE_NAME,
      deadline: emailDeadline(timeline.steps, stepId),
      baseUrl: config.appBaseUrl,
    },
    dueAt,
    now: at,
  });
  if (record.status !== 'awaiting-approval') await store.setStatus(inspectionId, 'awaiting-approval', at);
  await store.audit(inspectionId, {
    at,
    actor: 'system',
    event: 'approval-requested',
    detail: { approvalId, kind, stepId, escalations: approval.escalations, email: status },
  });
  return { approvalId, status: 'requested' };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'request-approval' });
