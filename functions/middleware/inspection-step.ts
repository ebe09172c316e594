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
import { ValidationError } from '../core/errors';
import { checkProcessOf } from '../core/follow-ups';
import { asOfMonitoringVisit } from '../core/monitoring-visits';
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

/**
 * Loads the inspection a step works on; NotFoundError when there is none, ValidationError for a foreign process. With
 * `visitNumber` (an earlier monitoring visit's report, waited for while a later visit is current) the record is as it stood
 * for that visit (asOfMonitoringVisit), so that the step reads the visit's own timeline, report and duties.
 */
export async function loadInspectionStep({
  inspectionId,
  process,
  visitNumber,
}: {
  inspectionId: string;
  process: ProcessId;
  visitNumber?: number | undefined;
}): Promise<InspectionStep> {
  const now = systemClock.now();
  const store = repository();
  const loaded = await store.requireInspection(inspectionId);
  checkProcessOf(loaded, process);
  const record = visitNumber === undefined ? loaded : visitOf(loaded, process, visitNumber);
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

function visitOf(record: InspectionRecord, process: ProcessId, visit: number): InspectionRecord {
  const view = process === 'monitoring-visit' ? asOfMonitoringVisit(record, visit) : undefined;
  if (!view) throw new ValidationError([{ field: 'visitNumber', message: `inspection ${record.id} has no monitoring visit ${visit}` }]);
  return view;
}

export function inspectionStepHandler<S extends z.core.$ZodType<{ inspectionId: string; process: ProcessId; visitNumber?: number | undefined }>, R>(
  schema: S,
  fn: (input: z.output<S>, step: InspectionStep, context: Context) => Promise<R>,
  options: { name: string },
) {
  return stepHandler(schema, async (input, context) => fn(input, await loadInspectionStep(input), context), options);
}
