/**
 * Computes the timeline of a process run from the regulations and the record (anchors, conditions, actual dates),
 * for the state machine's Wait states: `{ process, deadlines: { <camelCaseStepId>: <due ISO instant> } }`.
 *
 * A follow-up run (the inadequate pathway, a monitoring visit) is recorded on the inspection the first time its
 * timeline is computed, so the inspection's views list its deadlines too.
 */
import * as z from 'zod/mini';
import { deadlinesOf } from '../core/deadlines';
import { followUpOrigin, outcomeRecordedFor } from '../core/follow-ups';
import { executionNameFor, timelineFor } from '../core/inspection';
import { InspectionIdText, ProcessIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText });
export type Input = z.infer<typeof Input>;

export interface Output {
  process: Input['process'];
  deadlines: Record<string, string>;
}

export async function lambdaHandler({ inspectionId, process }: Input, { at, store, record: loaded }: InspectionStep): Promise<Output> {
  let record = loaded;

  if (process !== record.process && !record.followUps[process]) {
    const origin = followUpOrigin(record, process);
    const run = { executionName: executionNameFor(inspectionId, process), startedAt: at, origin };
    const followUp = await store.recordFollowUp(inspectionId, process, run, at);
    record = followUp.record;
    if (followUp.started) {
      await store.audit(inspectionId, { at, actor: 'system', event: 'follow-up-recorded', detail: { process, origin } });
    }
  }

  // The outcome arrived while the run was waiting for it: the inspection is no longer waiting.
  if (record.status === 'awaiting-outcome' && outcomeRecordedFor(record, process)) {
    record = await store.setStatus(inspectionId, 'in-progress', at);
    await store.audit(inspectionId, { at, actor: 'system', event: 'status-changed', detail: { process, status: 'in-progress' } });
  }

  // Built from the record as it is now (with the follow-up run and status just recorded), not as it was loaded.
  return { process, deadlines: deadlinesOf(timelineFor(record, process)) };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'compute-timeline' });
