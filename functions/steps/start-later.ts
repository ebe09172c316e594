/**
 * A long clock (core/long-clocks.ts): starts a later run of the process at a step's due instant, through an
 * EventBridge Scheduler one-time schedule, so that no run waits past AWS's one-year limit. The due instant is the one
 * the state machine holds (computed once by compute-timeline). A due instant already past (or within the minute)
 * starts the run now instead. Either way the run's name is fixed, so a retry never starts a second run.
 */
import * as z from 'zod/mini';
import { schedules } from '../adapters/scheduler';
import { workflows } from '../adapters/workflows';
import { laterRunInput, laterRunName, scheduleNameFor } from '../core/long-clocks';
import { InspectionIdText, InstantText, ProcessIdText, StepIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText, dueAt: InstantText });
export type Input = z.infer<typeof Input>;

export type Output = { startsAt: string; how: 'scheduled' | 'started'; already: boolean };

/** A schedule needs a moment in the future; closer than this, the run starts at once. */
const SCHEDULE_LEAD_MS = 60_000;

export async function lambdaHandler({ inspectionId, process, stepId, dueAt }: Input, { now, at, store }: InspectionStep): Promise<Output> {
  const runName = laterRunName(inspectionId, process, stepId);
  const input = laterRunInput(inspectionId, stepId);
  const due = new Date(dueAt);
  const client = workflows();
  let result: Output;
  if (due.getTime() - now.getTime() < SCHEDULE_LEAD_MS) {
    const started = await client.startProcess({ processId: process, executionName: runName, input });
    result = { startsAt: at, how: 'started', already: started.alreadyStarted };
  } else {
    const scheduled = await schedules().startLater({
      scheduleName: scheduleNameFor(runName),
      at: due,
      stateMachineArn: client.stateMachineArn(process),
      executionName: runName,
      input,
    });
    result = { startsAt: due.toISOString(), how: 'scheduled', already: scheduled.alreadyScheduled };
  }
  if (!result.already) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'run-scheduled', detail: { process, stepId, startsAt: result.startsAt, how: result.how } });
  }
  return result;
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'start-later' });
