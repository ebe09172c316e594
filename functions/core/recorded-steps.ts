/**
 * What people do is recorded as a fact with its date: the lead inspector or a manager records that a step happened
 * (provider-side steps too, such as comments received or Annex A received). This module says which steps can be
 * recorded, checks a record against the timeline, and says what it changes; the app layer stores it and answers the
 * state machine's wait for it.
 *
 * Pure: no clock, no I/O. "Today" is an argument.
 */
import * as z from 'zod/mini';
import { formatLondonDate, londonDateOf, type LocalDate } from './calendar';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { notRecordableReason, PROCESSES, type ProcessId, type Timeline, type TimelineStep } from './regulations';
import { LocalDateText, text } from './schemas';

const PROCESS_IDS = Object.keys(PROCESSES) as [ProcessId, ...ProcessId[]];

/** Free text kept on the record and in the audit trail (never in a log or an email subject). */
const Remark = text({ min: 1, max: 500, multiline: true });

/** The body of POST /inspections/{id}/steps/{stepId}. */
export const StepRecorded = z
  .strictObject({
    /** The London day the step happened. */
    on: LocalDateText,
    /** The instant, where the rule has a time of day (e.g. Annex A by 13:00 on day 1). */
    at: z.optional(z.pipe(z.iso.datetime({ offset: true }), z.transform((text: string) => new Date(text).toISOString()))),
    note: z.optional(Remark),
    /** Which timeline, where the inspection has several holding the same step id. */
    process: z.optional(z.enum(PROCESS_IDS)),
    /** A manager changes a date already recorded; the reason is kept in the audit trail. */
    correction: z.optional(z.literal(true)),
    /**
     * SCCIF 15.1: a regulatory inspection manager decides, in exceptional circumstances, not to publish a monitoring
     * visit's report (step `publish` of `monitoring-visit`, on the day of the decision); the reason is required.
     */
    notPublished: z.optional(z.literal(true)),
    reason: z.optional(Remark),
  })
  .check(z.superRefine((value, ctx) => {
    if (value.correction && value.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required with "correction": say why the date changes' });
    }
    if (value.notPublished && value.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required with "notPublished": say which exceptional circumstances (SCCIF 15.1)' });
    }
    if (value.notPublished && value.correction) {
      ctx.addIssue({ code: 'custom', path: ['notPublished'], message: 'cannot be combined with "correction"' });
    }
  }));
export type StepRecorded = z.infer<typeof StepRecorded>;

/** What recording a step changes. */
export type StepRecordPlan =
  | {
      change: 'record';
      process: ProcessId;
      step: TimelineStep;
      on: LocalDate;
      correction?: { from: LocalDate; reason: string };
      /** The manager decided not to publish the monitoring visit's report, for this reason (SCCIF 15.1). */
      notPublished?: { reason: string };
    }
  /** The same date again: a retried request changes nothing. */
  | { change: 'none'; process: ProcessId; step: TimelineStep; on: LocalDate };

export interface StepRecordInput {
  /** The inspection's timelines (the logged process first, then its follow-ups). */
  timelines: readonly Timeline[];
  stepId: string;
  request: StepRecorded;
  now: Date;
  callerIsManager: boolean;
}

/**
 * Checks a record of a step against the inspection's timelines. Throws NotFoundError for a step the inspection does
 * not have, ValidationError naming the field for a step the system does or a date out of bounds, ConflictError for
 * a different date already recorded (unless a manager corrects it).
 */
export function planStepRecord({ timelines, stepId, request, now, callerIsManager }: StepRecordInput): StepRecordPlan {
  const today = londonDateOf(now);
  const holding = timelines.filter(
    (timeline) => (request.process === undefined || timeline.process === request.process) && timeline.steps.some((step) => step.id === stepId),
  );
  if (holding.length === 0) {
    const where = request.process ? `the ${request.process} timeline of this inspection` : 'any timeline of this inspection';
    throw new NotFoundError(`step "${stepId}" is not in ${where}`);
  }
  if (holding.length > 1) {
    throw new ValidationError([
      { field: 'process', message: `is required: "${stepId}" is in ${holding.map((timeline) => timeline.process).join(' and ')}` },
    ]);
  }
  const timeline = holding[0]!;
  const process = timeline.process as ProcessId;
  const step = timeline.steps.find((candidate) => candidate.id === stepId)!;
  const definition = PROCESSES[process].steps.find((candidate) => candidate.id === stepId)!;
  const refusal = notRecordableReason(definition);
  if (refusal) throw new ValidationError([{ field: 'stepId', message: `"${stepId}" ${refusal}` }]);

  const on = request.on;
  if (on > today) {
    throw new ValidationError([{ field: 'on', message: `must not be in the future (today is ${formatLondonDate(today)}, London)` }]);
  }
  if (step.anchor.basis === 'planned') {
    throw new ValidationError([{ field: 'stepId', message: `"${stepId}" counts from ${step.anchor.label}: record that first` }]);
  }
  if (on < step.anchor.date) {
    throw new ValidationError([
      { field: 'on', message: `must be on or after ${step.anchor.label} (${formatLondonDate(step.anchor.date)})` },
    ]);
  }
  if (request.at !== undefined && (londonDateOf(request.at) !== on || Date.parse(request.at) > now.getTime())) {
    throw new ValidationError([{ field: 'at', message: `must be a past instant on the day given in "on" (${formatLondonDate(on)}, London)` }]);
  }

  if (request.notPublished) {
    if (process !== 'monitoring-visit' || stepId !== 'publish') {
      throw new ValidationError([
        { field: 'notPublished', message: `only a monitoring visit's report may go unpublished (SCCIF 15.1): use step "publish" with "process": "monitoring-visit"` },
      ]);
    }
    if (!callerIsManager) throw new ForbiddenError('only a regulatory inspection manager may decide not to publish a monitoring report (SCCIF 15.1)');
    if (step.done !== undefined) throw new ConflictError(`the monitoring report is already recorded as published (or not) on ${formatLondonDate(step.done)}`);
    return { change: 'record', process, step, on, notPublished: { reason: request.reason! } };
  }

  const recorded = step.done;
  if (recorded === undefined) return { change: 'record', process, step, on };
  if (recorded === on) return { change: 'none', process, step, on };
  if (!request.correction) {
    throw new ConflictError(
      `step "${stepId}" is already recorded as done on ${formatLondonDate(recorded)}; a manager may correct it with "correction": true and a "reason"`,
    );
  }
  if (!callerIsManager) throw new ConflictError(`step "${stepId}" is already recorded; only a manager may correct its date`);
  return { change: 'record', process, step, on, correction: { from: recorded, reason: request.reason! } };
}
