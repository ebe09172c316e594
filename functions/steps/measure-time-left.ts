/**
 * How long a callback wait may last: until the step's statutory due instant, or, once it is overdue, until the next
 * escalation (ESCALATION_CADENCE in core/escalations.ts). `dueAt` is always the statutory due instant.
 * A wait that starts when its step is already overdue finds no escalation for the day in the outbox (the managers'
 * key of escalate-overdue's duty) and lasts only until that day's escalation: at once, or on the next working day.
 */
import * as z from 'zod/mini';
import { stepOf } from '../core/deadlines';
import { owedEscalation, timeLeft, type TimeLeft } from '../core/escalations';
import { InspectionIdText, ProcessIdText, StepIdText, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText, visitNumber: VisitNumber });
export type Input = z.infer<typeof Input>;

export async function lambdaHandler({ inspectionId, process, stepId }: Input, { now, store, record, timeline }: InspectionStep): Promise<TimeLeft> {
  const step = stepOf(timeline, stepId);
  const owed = owedEscalation(record, process, timeline, stepId, now);
  if (!owed) return timeLeft(step, now);
  const sent = await store.findEmail({ inspectionId, duty: owed.duty, recipientKey: 'manager' });
  return timeLeft(step, now, sent ? undefined : owed.occasion);
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'measure-time-left' });
