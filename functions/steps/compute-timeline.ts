/**
 * Computes the timeline of a process run from the regulations and the record (anchors, conditions, actual dates),
 * for the state machine's Wait states: `{ process, deadlines: { <camelCaseStepId>: <due ISO instant> } }`.
 *
 * A follow-up run (the inadequate pathway, a monitoring visit) is recorded on the inspection the first time its
 * timeline is computed, so the inspection's views list its deadlines too.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { repository } from '../adapters/repository';
import { executionNameFor, timelineFor } from '../core/inspection';
import {
  checkProcessOf,
  deadlinesOf,
  followUpOrigin,
  InspectionIdText,
  outcomeRecordedFor,
  ProcessIdText,
} from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText });
export type Input = z.infer<typeof Input>;

export interface Output {
  process: Input['process'];
  deadlines: Record<string, string>;
}

export async function lambdaHandler({ inspectionId, process }: Input, _context?: Context): Promise<Output> {
  const at = systemClock.now().toISOString();
  const store = repository();
  let record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);

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

  return { process, deadlines: deadlinesOf(timelineFor(record, process)) };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'compute-timeline' });
