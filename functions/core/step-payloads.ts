/**
 * The fields every step payload carries, parsed once at the handler's boundary: the ids the state machine passes and
 * what a callback wait (workflows/steps.ts waitWithEscalation) adds.
 */
import * as z from 'zod/mini';
import { PROCESSES, type ProcessId } from './regulations';
import { InspectionIdText } from './schemas';

export { InspectionIdText };

/** The state machine's process id. */
export const ProcessIdText = z.enum(Object.keys(PROCESSES) as [ProcessId, ...ProcessId[]]);

/** A step id of the regulations, e.g. `report-to-provider`. */
export const StepIdText = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a step id such as report-to-provider'));

/**
 * An earlier monitoring visit's number, on the steps of the run that waits for its report while a later visit is
 * current (workflows/steps.ts monitoringVisits); absent on every other step, which works on the current visit.
 */
export const VisitNumber = z.optional(z.number().check(z.int(), z.gte(1), z.lte(99)));

/** A Step Functions task token (1 to 2048 characters). Never logged, stored on the record, emailed or returned. */
export const TaskTokenText = z.string().check(z.minLength(1), z.maxLength(2048));

/** An ISO-8601 instant with "Z" or an offset; handed on as UTC. */
export const InstantText = z.pipe(z.iso.datetime({ offset: true }), z.transform((text: string) => new Date(text).toISOString()));

/**
 * What every callback wait (workflows/steps.ts waitWithEscalation) passes its handler, with the task token; the
 * handler adds what it waits for (`{ ...CALLBACK_WAIT_FIELDS, kind }`).
 */
export const CALLBACK_WAIT_FIELDS = {
  inspectionId: InspectionIdText,
  process: ProcessIdText,
  stepId: StepIdText,
  taskToken: TaskTokenText,
  dueAt: InstantText,
  /** The task's timeout (seconds until the deadline or the next reminder); passed for TimeoutSecondsPath, unused here. */
  seconds: z.number().check(z.int(), z.gt(0)),
};
