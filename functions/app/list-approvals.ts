/**
 * The managers' queue: the pending approvals, earliest due first, each with the inspection it is about.
 * Never a task token: each row is built field by field from the queue, which holds none.
 *
 * `canDecide` is false on a manager's own inspections (they led or logged it, recorded or amended its judgements:
 * access.ts fourEyesRefusal): a decision needs someone else.
 * It is false too when the inspection cannot be read (it should always exist: approvals are opened by its run).
 */
import { repository, type ApprovalSummary } from '../adapters/repository';
import type { InspectionRecord } from '../core/inspection';
import { decides } from './approval-kinds';
import { fourEyesRefusal } from './access';
import type { Caller } from './caller';

function approvalRow(approval: ApprovalSummary, record: InspectionRecord | undefined, caller: Caller) {
  const own = record !== undefined && fourEyesRefusal(record, caller) !== undefined;
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
  };
}

export async function listApprovals(caller: Caller) {
  const approvals = await repository().listPendingApprovals();
  const ids = [...new Set(approvals.map((approval) => approval.inspectionId))];
  const records = new Map<string, InspectionRecord | undefined>(
    await Promise.all(ids.map(async (id) => [id, await repository().getInspection(id)] as const)),
  );
  // Each caller sees the kinds they decide: managers the case reviews, compliance inspectors the case discussions.
  return {
    items: approvals
      .filter((approval) => decides(caller, approval.kind))
      .map((approval) => approvalRow(approval, records.get(approval.inspectionId), caller)),
  };
}
