/**
 * Records a manager's decision on the inspection once the approval wait has resumed, and marks done the step it is
 * due under when the decision is that step (decisionDischarges: the case reviews, the case discussion); then tells the
 * lead inspector, and the compliance inspectors when it decided enforcement (decisionRecordedEmails).
 *
 * The run carries the option chosen only (decisionOutput: execution history keeps it); the rationale and who decided
 * are read from the stored approval, which must be this inspection's approval of this kind, decided as the run says
 * (decisionOnRecord in core/approvals.ts).
 */
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { decisionDischarges, decisionOnRecord, decisionRecordedEmails, describeEnforcement } from '../core/approvals';
import { decisionRecorded as decisionRecordedEmail } from '../core/email-content';
import { londonDateOf } from '../core/calendar';
import { NotFoundError } from '../core/errors';
import { APPROVAL_KINDS, APPROVAL_OPTIONS, type ApprovalKind, type ApprovalOption } from '../core/schemas';
import { InspectionIdText, InstantText, ProcessIdText, StepIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

const ALL_OPTIONS = APPROVAL_KINDS.flatMap((kind) => APPROVAL_OPTIONS[kind]) as [ApprovalOption, ...ApprovalOption[]];

/** The decision as request-approval and decide-approval send it (decisionOutput in core/approvals.ts). */
const Decision = z.strictObject({
  approvalId: InspectionIdText,
  decision: z.enum([...new Set(ALL_OPTIONS)] as [ApprovalOption, ...ApprovalOption[]]),
  decidedAt: InstantText,
});

export const Input = z
  .strictObject({
    inspectionId: InspectionIdText,
    process: ProcessIdText,
    kind: z.enum(APPROVAL_KINDS as [ApprovalKind, ...ApprovalKind[]]),
    stepId: StepIdText,
    decision: Decision,
  })
  .check(z.superRefine((input, ctx) => {
    const options: readonly string[] = APPROVAL_OPTIONS[input.kind];
    if (!options.includes(input.decision.decision)) {
      ctx.addIssue({
        code: 'custom',
        path: ['decision', 'decision'],
        message: `must be one of the ${input.kind} options: ${options.map((option) => JSON.stringify(option)).join(', ')}`,
      });
    }
  }));
export type Input = z.infer<typeof Input>;

export async function lambdaHandler(input: Input, { at, store, record: before }: InspectionStep) {
  const { inspectionId, process, kind, stepId, decision } = input;
  const recorded = decisionOnRecord(await store.getApproval(decision.approvalId), input);
  const alreadyRecorded = before.decisions[kind]?.approvalId === decision.approvalId;

  let record = await store.recordDecision(inspectionId, kind, recorded, at);
  if (decisionDischarges(process, stepId) && !record.actuals[process]?.[stepId]) {
    record = await store.recordActual(inspectionId, process, stepId, londonDateOf(recorded.decidedAt), at);
  }
  // Takes the approval off the queue if it is somehow still pending; a decided approval stays decided.
  await store.closeApproval(decision.approvalId).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  if (record.status !== 'in-progress') await store.setStatus(inspectionId, 'in-progress', at);
  if (!alreadyRecorded) {
    // The decision and its reasons on the audit trail (SCCIF 15.1: what the case review decided, and why).
    const detail = {
      approvalId: decision.approvalId,
      kind,
      decision: decision.decision,
      ...(recorded.enforcement === undefined ? {} : { enforcement: describeEnforcement(recorded.enforcement) }),
      rationale: recorded.rationale,
      decidedBy: recorded.decidedBy,
    };
    await store.audit(inspectionId, { at, actor: 'system', event: 'decision-recorded', detail });
  }
  // The lead inspector is told, and the compliance inspectors when it decided enforcement (once each: a retry sends
  // only what was not sent).
  const emails = decisionRecordedEmails(record, process, recorded, { complianceInspectorsEmail: config.complianceInspectorsEmail, baseUrl: config.appBaseUrl });
  const sent = await sendEach(emails.map((email) => ({ inspectionId, ...email, render: decisionRecordedEmail, now: at })));
  sent.settle((notSent, of) => `${notSent} of ${of} emails telling the decision of inspection ${inspectionId} were not sent`);
  return { decision: decision.decision };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'record-decision' });
