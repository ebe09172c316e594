/**
 * The Lambda of a `.waitForTaskToken` outcome wait: stores the task token where record-outcome finds it, then reads
 * the record again. An outcome the inspector recorded before the run got here answers the wait at once; otherwise the
 * inspection is awaiting its outcome (record-outcome answers later).
 *
 * The task token goes to its own item and to Step Functions only: never to the record, a log line or the output.
 */
import * as z from 'zod/mini';
import { workflows } from '../adapters/workflows';
import { workflowOutcome } from '../core/inspection';
import { OUTCOME_PROCESSES } from '../core/schemas';
import { CALLBACK_WAIT_FIELDS } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({
  ...CALLBACK_WAIT_FIELDS,
  outcomeOf: z.enum(OUTCOME_PROCESSES),
});
export type Input = z.infer<typeof Input>;

/** Ignored by the state machine (the outcome arrives by SendTaskSuccess). */
export interface Output {
  status: 'waiting' | 'answered';
}

export async function lambdaHandler(input: Input, { at, store }: InspectionStep): Promise<Output> {
  const { inspectionId, stepId, taskToken, outcomeOf } = input;

  await store.storeOutcomeToken(inspectionId, outcomeOf, taskToken, at);
  // Read again after the token is stored: an outcome recorded in between is either seen here or sees the token.
  const record = await store.requireInspection(inspectionId);
  const outcome = workflowOutcome(record, outcomeOf);
  if (outcome) {
    const response = await workflows().sendTaskSuccess(taskToken, outcome);
    await store.clearOutcomeToken(inspectionId, outcomeOf, taskToken);
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'outcome-wait-answered-from-record',
      detail: { outcomeOf, stepId, delivered: response.delivered },
    });
    return { status: 'answered' };
  }

  if (record.status !== 'awaiting-outcome') await store.setStatus(inspectionId, 'awaiting-outcome', at);
  await store.audit(inspectionId, { at, actor: 'system', event: 'outcome-awaited', detail: { outcomeOf, stepId } });
  return { status: 'waiting' };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'await-outcome' });
