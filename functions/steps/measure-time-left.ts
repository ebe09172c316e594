/**
 * How long a callback wait may last: until the step's statutory due instant, or, once it is overdue, until the next
 * escalation (ESCALATION_CADENCE in core/escalations.ts). `dueAt` is always the statutory due instant.
 */
import * as z from 'zod/mini';
import { stepOf } from '../core/deadlines';
import { timeLeft, type TimeLeft } from '../core/escalations';
import { InspectionIdText, ProcessIdText, StepIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText });
export type Input = z.infer<typeof Input>;

export async function lambdaHandler({ stepId }: Input, { now, timeline }: InspectionStep): Promise<TimeLeft> {
  return timeLeft(stepOf(timeline, stepId), now);
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'measure-time-left' });
