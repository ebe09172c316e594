/**
 * Step Functions Lambda steps that work on one inspection:
 * `export const handler = inspectionStepHandler(InputSchema, async (input, step) => ...)`.
 *
 * The prologue every such step shares, written once: the clock read once, the inspection loaded, the process the
 * state machine named checked against it (checkProcessOf), and the process's timeline built from the record on first
 * use. Logging and parsing are stepHandler's.
 */
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { repository, type InspectionRepository } from '../adapters/repository';
import { checkProcessOf } from '../core/follow-ups';
import { timelineFor, type InspectionRecord } from '../core/inspection';
import type { ProcessId, Timeline } from '../core/regulations';
import { stepHandler } from './step';

export interface InspectionStep {
  /** The instant of this attempt, and the same as UTC ISO-8601. */
  now: Date;
  at: string;
  store: InspectionRepository;
  /** The inspection as loaded when the step started. */
  record: InspectionRecord;
  /** The timeline of the step's process, built from `record` on first use. */
  readonly timeline: Timeline;
}

/** Loads the inspection a step works on; NotFoundError when there is none, ValidationError for a foreign process. */
export async function loadInspectionStep({ inspectionId, process }: { inspectionId: string; process: ProcessId }): Promise<InspectionStep> {
  const now = systemClock.now();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  let timeline: Timeline | undefined;
  return {
    now,
    at: now.toISOString(),
    store,
    record,
    get timeline() {
      return (timeline ??= timelineFor(record, process));
    },
  };
}

export function inspectionStepHandler<S extends z.core.$ZodType<{ inspectionId: string; process: ProcessId }>, R>(
  schema: S,
  fn: (input: z.output<S>, step: InspectionStep, context: Context) => Promise<R>,
  options: { name: string },
) {
  return stepHandler(schema, async (input, context) => fn(input, await loadInspectionStep(input), context), options);
}
