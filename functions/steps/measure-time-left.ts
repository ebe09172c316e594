/**
 * How long a callback wait may last: until the step's statutory due instant, or, once it is overdue, until the next
 * escalation (ESCALATION_CADENCE in core/escalations.ts). `dueAt` is always the statutory due instant.
 * A wait that starts when its step is already overdue finds no escalation for the day in the outbox (the managers'
 * key of escalate-overdue's duty) and lasts only until that day's escalation: at once, or on the next working day.
 */
import * as z from 'zod/mini';
import { stepOf } from '../core/deadlines';
import { escalationDuty, escalationOccasion, timeLeft, type TimeLeft } from '../core/escalations';
import { processHolding, timelineFor } from '../core/inspection';
import { InspectionIdText, ProcessIdText, StepIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText });
export type Input = z.infer<typeof Input>;

export async function lambdaHandler({ inspectionId, process: asked, stepId }: Input, { now, store, record, timeline }: InspectionStep): Promise<TimeLeft> {
  const step = stepOf(timeline, stepId);
  // Escalated as escalate-overdue does: as the step of the process that holds it, and not once it is done.
  const process = processHolding(record, asked, stepId);
  const owed = record.actuals[process]?.[stepId] ? undefined : escalationOccasion(process === asked ? step : stepOf(timelineFor(record, process), stepId), now);
  if (!owed) return timeLeft(step, now);
  const sent = await store.findEmail({ inspectionId, duty: escalationDuty(process, stepId, owed.day), recipientKey: 'manager' });
  return timeLeft(step, now, sent ? undefined : owed);
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'measure-time-left' });
