/**
 * How long a callback wait may last: until the step's statutory due instant, or, once it is overdue, until the next
 * reminder (REMINDER in core/step-rules.ts). `dueAt` is always the statutory due instant.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { repository } from '../adapters/repository';
import { timelineFor } from '../core/inspection';
import { checkProcessOf, InspectionIdText, ProcessIdText, StepIdText, stepOf, timeLeft, type TimeLeft } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText });
export type Input = z.infer<typeof Input>;

export async function lambdaHandler({ inspectionId, process, stepId }: Input, _context?: Context): Promise<TimeLeft> {
  const now = systemClock.now();
  const record = await repository().requireInspection(inspectionId);
  checkProcessOf(record, process);
  return timeLeft(stepOf(timelineFor(record, process), stepId), now);
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'measure-time-left' });
