/**
 * The run waiting for a step a person does (await-step) is answered when the step is recorded: by the step's own
 * request (record-step), or by the logging of the inspection that carries it out (log-inspection: a return
 * inspection). A wait that starts later finds the step recorded itself.
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import type { LocalDate } from '../core/calendar';
import { stepWaitKey } from '../core/monitoring-visits';
import type { ProcessId } from '../core/regulations';

/**
 * Answers the run's wait for the step, if one is waiting, and forgets its token. An earlier monitoring visit's report
 * is waited for under its own key (stepWaitKey).
 */
export async function answerStepWait(inspectionId: string, process: ProcessId, stepId: string, done: LocalDate, visit?: number): Promise<void> {
  const store = repository();
  const key = stepWaitKey(stepId, visit);
  const token = await store.getStepToken(inspectionId, process, key);
  if (token === undefined) return;
  await workflows().sendTaskSuccess(token, { stepId, done });
  await store.clearStepToken(inspectionId, process, key, token);
}
