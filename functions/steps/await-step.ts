/**
 * The Lambda of a `.waitForTaskToken` wait for a step a person does (a report sent, a report published): stores the
 * task token where recording the step finds it (functions/app recordStep), then reads the record again. A step
 * recorded before the run got here answers the wait at once; otherwise recording it later answers it.
 *
 * The task token goes to its own item and to Step Functions only: never to the record, a log line or the output.
 */
import * as z from 'zod/mini';
import { workflows } from '../adapters/workflows';
import { asOfMonitoringVisit, stepWaitKey } from '../core/monitoring-visits';
import { CALLBACK_WAIT_FIELDS, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ ...CALLBACK_WAIT_FIELDS, visitNumber: VisitNumber });
export type Input = z.infer<typeof Input>;

/** Ignored by the state machine (the answer arrives by SendTaskSuccess). */
export interface Output {
  status: 'waiting' | 'answered';
}

export async function lambdaHandler({ inspectionId, process, stepId, taskToken, visitNumber: visit }: Input, { at, store }: InspectionStep): Promise<Output> {
  // An earlier monitoring visit's report is waited for under its own key: the current visit may wait for its own.
  const key = stepWaitKey(stepId, visit);
  await store.storeStepToken(inspectionId, process, key, taskToken, at);
  // Read again after the token is stored: a step recorded in between is either seen here or sees the token.
  const again = await store.requireInspection(inspectionId);
  const done = (visit === undefined ? again : asOfMonitoringVisit(again, visit))?.actuals[process]?.[stepId];
  if (done === undefined) return { status: 'waiting' };
  await workflows().sendTaskSuccess(taskToken, { stepId, done });
  await store.clearStepToken(inspectionId, process, key, taskToken);
  return { status: 'answered' };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'await-step' });
