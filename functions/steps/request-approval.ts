/**
 * The Lambda of a `.waitForTaskToken` approval task: opens (or re-opens, after an escalation) the approval with the
 * wait's task token and asks the manager once. If the manager has already decided, the wait is answered at once.
 *
 * The task token goes to the approval item and to Step Functions only: never to an email, a log line or the output.
 */
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendOnce } from '../adapters/mailer';
import { workflows } from '../adapters/workflows';
import { approvalFollows, approvalIdFor, approvalRequest, approvalRequestDuty, DECIDERS, decisionOutput } from '../core/approvals';
import { stepOf } from '../core/deadlines';
import { approvalRequest as approvalRequestEmail, emailDeadline } from '../core/email-content';
import { APPROVAL_KINDS, type ApprovalKind } from '../core/schemas';
import { CALLBACK_WAIT_FIELDS } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

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

export async function lambdaHandler(input: Input, { at, store, record, timeline }: InspectionStep): Promise<Output> {
  const { inspectionId, process, stepId, taskToken, dueAt, kind } = input;
  stepOf(timeline, stepId);

  const approvalId = approvalIdFor(inspectionId, process, kind);
  const approval = await store.openApproval({ approvalId, inspectionId, process, kind, stepId, dueAt, taskToken, now: at });

  const decided = decisionOutput(approval);
  if (decided) {
    const response = await workflows().sendTaskSuccess(taskToken, decided);
    const detail = { approvalId, kind, delivered: response.delivered };
    await store.audit(inspectionId, { at, actor: 'system', event: 'approval-answered-from-record', detail });
    return { approvalId, status: 'answered' };
  }

  // A re-request after an escalation finds the email already sent: whoever decides is asked once. The family
  // centre's case discussion goes to the social care compliance inspectors (RFC framework §42-44), the rest to managers.
  const toComplianceInspectors = DECIDERS[kind] === 'compliance-inspectors';
  const { status } = await sendOnce({
    inspectionId,
    duty: approvalRequestDuty(process, kind),
    recipientKey: toComplianceInspectors ? 'compliance-inspectors' : 'manager',
    to: toComplianceInspectors ? config.complianceInspectorsEmail : config.managerEmail,
    recipient: { kind: toComplianceInspectors ? 'compliance-inspectors' : 'manager' },
    render: approvalRequestEmail,
    template: approvalRequest({
      approvalId,
      kind,
      process,
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      deadline: emailDeadline(timeline.steps, stepId),
      requestedAt: at,
      follows: approvalFollows(record),
      baseUrl: config.appBaseUrl,
    }),
    dueAt,
    now: at,
  });
  if (record.status !== 'awaiting-approval') await store.setStatus(inspectionId, 'awaiting-approval', at);
  const detail = { approvalId, kind, stepId, escalations: approval.escalations, email: status };
  await store.audit(inspectionId, { at, actor: 'system', event: 'approval-requested', detail });
  return { approvalId, status: 'requested' };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'request-approval' });
