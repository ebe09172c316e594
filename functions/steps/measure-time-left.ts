/**
 * How long a callback wait may last: until the step's statutory due instant, or, once it is overdue, until the next
 * escalation (ESCALATION_CADENCE in core/escalations.ts); sooner when a step the run waits for only after this one
 * (a later report stage: watchedSteps) falls due or owes its next escalation first. `dueAt` is always the wait's own
 * step's statutory due instant.
 * A wait that starts when its step is already overdue, its cadence's latest escalation never sent, finds no
 * escalation for the day in the outbox (the managers' key of escalate-overdue's duty) and lasts only until that day's
 * catch-up: at once, or on the next working day (owedNow).
 */
import * as z from 'zod/mini';
import { owedNow } from '../app/owed-escalations';
import { waitTimeLeft, type TimeLeft } from '../core/escalations';
import { InspectionIdText, ProcessIdText, StepIdText, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText, visitNumber: VisitNumber });
export type Input = z.infer<typeof Input>;

export async function lambdaHandler({ process, stepId }: Input, step: InspectionStep): Promise<TimeLeft> {
  const unsent = (await owedNow(step, process, stepId)).filter(({ sent }) => !sent).map(({ escalation }) => escalation);
  return waitTimeLeft(process, step.timeline, stepId, step.now, unsent);
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'measure-time-left' });
