/**
 * Records a manager's decision on the inspection once the approval wait has resumed. Only the case review marks its
 * own step done: other approvals are due with a report step (e.g. 'report-to-provider') that the decision does not
 * discharge.
 *
 * The run carries the option chosen only (decisionOutput: execution history keeps it); the rationale and who decided
 * are read from the stored approval, which must be this inspection's approval of this kind, decided as the run says.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { repository } from '../adapters/repository';
import { londonDateOf } from '../core/calendar';
import { NotFoundError, ValidationError } from '../core/errors';
import type { RecordedDecision } from '../core/inspection';
import { APPROVAL_KINDS, APPROVAL_OPTIONS, type ApprovalKind, type ApprovalOption } from '../core/schemas';
import { checkProcessOf, InspectionIdText, InstantText, ProcessIdText, StepIdText } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

const ALL_OPTIONS = APPROVAL_KINDS.flatMap((kind) => APPROVAL_OPTIONS[kind]) as [ApprovalOption, ...ApprovalOption[]];

/** The decision as request-approval and decide-approval send it (decisionOutput in core/step-rules.ts). */
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
  .superRefine((input, ctx) => {
    const options: readonly string[] = APPROVAL_OPTIONS[input.kind];
    if (!options.includes(input.decision.decision)) {
      ctx.addIssue({
        code: 'custom',
        path: ['decision', 'decision'],
        message: `must be one of the ${input.kind} options: ${options.map((option) => JSON.stringify(option)).join(', ')}`,
      });
    }
  });
export type Input = z.infer<typeof Input>;

/** The step that a decision discharges: the case review is the only approval that is a step of its own. */
const DECISION_STEP = 'case-review';

/** The decision as the manager recorded it on the approval the run was answered from. */
async function storedDecision({ inspectionId, process, kind, decision }: Input): Promise<RecordedDecision> {
  const approval = await repository().getApproval(decision.approvalId);
  if (!approval) throw new NotFoundError(`approval ${decision.approvalId} not found`);
  if (approval.inspectionId !== inspectionId || approval.process !== process || approval.kind !== kind) {
    throw new ValidationError([
      { field: 'decision.approvalId', message: `is not the ${kind} approval of the ${process} run of inspection ${inspectionId}` },
    ]);
  }
  const recorded = approval.decision;
  if (!recorded) {
    throw new ValidationError([{ field: 'decision.approvalId', message: `approval ${decision.approvalId} has no decision recorded` }]);
  }
  // A decided approval never changes: a run resumed with another option was wired wrongly, and a retry cannot help.
  if (recorded.decision !== decision.decision) {
    throw new ValidationError([{ field: 'decision.decision', message: `is not the option recorded on approval ${decision.approvalId}` }]);
  }
  return { ...recorded, approvalId: decision.approvalId, kind };
}

export async function lambdaHandler({ inspectionId, process, kind, stepId, decision }: Input, _context?: Context) {
  const at = systemClock.now().toISOString();
  const store = repository();
  const before = await store.requireInspection(inspectionId);
  checkProcessOf(before, process);
  const recorded = await storedDecision({ inspectionId, process, kind, stepId, decision });
  const alreadyRecorded = before.decisions[kind]?.approvalId === decision.approvalId;

  let record = await store.recordDecision(inspectionId, kind, recorded, at);
  if (stepId === DECISION_STEP && !record.actuals[process]?.[DECISION_STEP]) {
    record = await store.recordActual(inspectionId, process, DECISION_STEP, londonDateOf(recorded.decidedAt), at);
  }
  // Takes the approval off the queue if it is somehow still pending; a decided approval stays decided.
  await store.closeApproval(decision.approvalId).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  if (record.status !== 'in-progress') await store.setStatus(inspectionId, 'in-progress', at);
  if (!alreadyRecorded) {
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'decision-recorded',
      detail: { approvalId: decision.approvalId, kind, decision: decision.decision },
    });
  }
  return { decision: decision.decision };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'record-decision' });
