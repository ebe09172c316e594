/**
 * After a recorded change, the runs waiting on a step whose deadline moved measure it again (core/moved-deadlines.ts):
 * each waiting task is failed with DEADLINE_MOVED, which the wait catches to measure the time left and wait again.
 * A wait that has ended meanwhile is not delivered to, and changes nothing; a wait that begins later measures the
 * deadline as it is then. The cause names the step and the instants only (execution history keeps it).
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { approvalIdFor } from '../core/approvals';
import type { InspectionRecord } from '../core/inspection';
import { stepWaitKey } from '../core/monitoring-visits';
import { APPROVAL_WAIT_STEP, DEADLINE_MOVED, movedDeadlines, OUTCOME_STEP_OF, stepsHolding, type MovedDeadline } from '../core/moved-deadlines';
import type { ProcessId } from '../core/regulations';
import type { ApprovalKind } from '../core/schemas';

/** A waiting task, and how to forget its token once it is failed. */
type Wait = { token: string; clear?: () => Promise<unknown> };

/**
 * The task tokens of the waits measuring the step (a recorded-step wait, an outcome wait, a pending approval), and of
 * the waits of earlier steps that hold it (stepsHolding: the report to the provider's, when publication moved).
 */
async function waitsOn(inspectionId: string, { process, stepId, visit }: MovedDeadline): Promise<Wait[]> {
  const waits: Wait[] = [];
  for (const measured of [stepId, ...stepsHolding(process, stepId)]) waits.push(...(await waitsMeasuring(inspectionId, process, measured, visit)));
  return waits;
}

/** The task tokens of the waits measuring one step: a recorded-step wait, an outcome wait, a pending approval. */
async function waitsMeasuring(
  inspectionId: string,
  process: ProcessId,
  stepId: string,
  visit: number | undefined,
): Promise<Wait[]> {
  const store = repository();
  const waits: Wait[] = [];
  const key = stepWaitKey(stepId, visit);
  const step = await store.getStepToken(inspectionId, process, key);
  if (step !== undefined) waits.push({ token: step, clear: () => store.clearStepToken(inspectionId, process, key, step) });
  if (visit !== undefined) return waits;
  if (OUTCOME_STEP_OF[process] === stepId) {
    const outcome = await store.getOutcomeToken(inspectionId, process);
    if (outcome !== undefined) waits.push({ token: outcome, clear: () => store.clearOutcomeToken(inspectionId, process, outcome) });
  }
  for (const kind of Object.keys(APPROVAL_WAIT_STEP) as ApprovalKind[]) {
    if (APPROVAL_WAIT_STEP[kind] !== stepId) continue;
    const approval = await store.getApproval(approvalIdFor(inspectionId, process, kind));
    // Re-opened by the new wait with its new token and due instant (openApproval).
    if (approval?.status === 'pending') waits.push({ token: approval.taskToken });
  }
  return waits;
}

/** Fails every wait on a step whose deadline the change moved; returns the steps it found moved. */
export async function remeasureMovedWaits(before: InspectionRecord, after: InspectionRecord): Promise<MovedDeadline[]> {
  const moved = movedDeadlines(before, after);
  for (const deadline of moved) {
    for (const { token, clear } of await waitsOn(after.id, deadline)) {
      await workflows().sendTaskFailure(token, DEADLINE_MOVED, `the deadline of ${deadline.process} ${deadline.stepId} moved from ${deadline.from} to ${deadline.to}`);
      await clear?.();
    }
  }
  return moved;
}
