/**
 * The managers' queue: the pending approvals, earliest due first, each with the inspection it is about.
 * Never a task token: each row is built field by field from the queue, which holds none.
 *
 * `canDecide` is false on a manager's own inspections (they led or logged it, recorded or amended its judgements:
 * access.ts fourEyesRefusal): a decision needs someone else.
 * It is false too when the inspection cannot be read (it should always exist: approvals are opened by its run).
 */
import { repository, type ApprovalSummary } from '../adapters/repository';
import { timelineFor, type InspectionRecord } from '../core/inspection';
import { stepStatus } from '../core/inspection-views';
import { decides } from './approval-kinds';
import { fourEyesRefusal } from './access';
import type { Caller } from './caller';

/**
 * Where the approval's deadline stands, from the same timeline step the inspection page shows (its due instant, rule
 * and working days): the step classified as still open, since the decision is still awaited.
 */
function deadlineOf(approval: ApprovalSummary, record: InspectionRecord | undefined, now: Date) {
  if (!record) return undefined;
  try {
    const step = timelineFor(record, approval.process).steps.find((candidate) => candidate.id === approval.stepId);
    if (!step) return undefined;
    const { done: _done, ...open } = step;
    const { status, workingDaysLeft } = stepStatus(open, now);
    return { due: step.due, rule: step.rule, status, workingDaysLeft };
  } catch {
    return undefined;
  }
}

function approvalRow(approval: ApprovalSummary, record: InspectionRecord | undefined, caller: Caller, now: Date) {
  const own = record !== undefined && fourEyesRefusal(record, caller) !== undefined;
  const deadline = deadlineOf(approval, record, now);
  return {
    approvalId: approval.approvalId,
    inspectionId: approval.inspectionId,
    establishment: record ? { name: record.establishment.name, urn: record.establishment.urn } : null,
    kind: approval.kind,
    process: approval.process,
    stepId: approval.stepId,
    dueAt: approval.dueAt,
    createdAt: approval.createdAt,
    escalations: approval.escalations,
    canDecide: record !== undefined && !own,
    ...(deadline ? { deadline } : {}),
  };
}

export async function listApprovals(caller: Caller, now: Date) {
  const approvals = await repository().listPendingApprovals();
  const ids = [...new Set(approvals.map((approval) => approval.inspectionId))];
  const records = new Map<string, InspectionRecord | undefined>(
    await Promise.all(ids.map(async (id) => [id, await repository().getInspection(id)] as const)),
  );
  // Each caller sees the kinds they decide: managers the case reviews, compliance inspectors the case discussions.
  return {
    items: approvals
      .filter((approval) => decides(caller, approval.kind))
      .map((approval) => approvalRow(approval, records.get(approval.inspectionId), caller, now)),
  };
}
