/**
 * What people do is recorded as a fact with its date: the lead inspector or a manager records that a step happened
 * (provider-side steps too, such as comments received or Annex A received). This module says which steps can be
 * recorded, checks a record against the timeline, and says what it changes; the app layer stores it and answers the
 * state machine's wait for it.
 *
 * Pure: no clock, no I/O. "Today" is an argument.
 */
import * as z from 'zod/mini';
import { addCalendarDays, formatDateInWords, formatLondonDate, londonDateOf, type LocalDate } from './calendar';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { notRecordableReason, PROCESSES, type ProcessId, type Timeline, type TimelineStep } from './regulations';
import { LocalDateText, RATIONALE_MIN_CHARACTERS, text } from './schemas';

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
    /**
     * An earlier monitoring visit's step (its report published), by the visit's number, once a later visit has begun
     * (further monitoring); absent for the current visit's steps.
     */
    visit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(99))),
    /** A manager changes a date already recorded; the reason is kept in the audit trail. */
    correction: z.optional(z.literal(true)),
    /**
     * SCCIF 15.1: a regulatory inspection manager decides, in exceptional circumstances, not to publish a monitoring
     * visit's report (step `publish` of `monitoring-visit`, on the day of the decision); the reason is required.
     */
    notPublished: z.optional(z.literal(true)),
    /** A manager's reason (a correction, a report not published), as long as a decision's: "x" says nothing. */
    reason: z.optional(text({ min: RATIONALE_MIN_CHARACTERS, max: 500, multiline: true })),
  })
  .check(z.superRefine((value, ctx) => {
    if (value.correction && value.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required with "correction": say why the date changes' });
    }
    if (value.notPublished && value.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required with "notPublished": say which exceptional circumstances (SCCIF 15.1)' });
    }
    if (value.visit !== undefined && value.process !== 'monitoring-visit') {
      ctx.addIssue({ code: 'custom', path: ['process'], message: 'must be "monitoring-visit" with "visit"' });
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

/** Why a step cannot be recorded (yet), naming the field of the request that would change it. */
export interface NotYetRecordable {
  field: 'stepId' | 'on';
  message: string;
  /** When it can be recorded, for a page: "Can be recorded once …". */
  inWords: string;
  /** The step of the timeline that must be recorded first, when that is what stands in the way. */
  blockedBy?: string;
}

/** The step of the timeline a step counts from, when its anchor is a step (not the inspection's dates). */
function countedFromStep(timeline: Timeline, step: TimelineStep): TimelineStep | undefined {
  const anchor = PROCESSES[timeline.process as ProcessId]?.steps.find((candidate) => candidate.id === step.id)?.anchor;
  return typeof anchor === 'object' ? timeline.steps.find((candidate) => candidate.id === anchor.step) : undefined;
}

/**
 * Why a step of a timeline cannot be recorded as done on `day` (the day a request gives, or today for a page's "Record
 * as done"), in the order a person would put it right: it counts from a step not recorded yet; a step it follows
 * (`after`) is not recorded yet, or was recorded after `day`; the provider's comments it follows are still within
 * their time on `day`. Undefined when nothing stands in the way.
 */
export function notYetRecordable(timeline: Timeline, step: TimelineStep, day: LocalDate): NotYetRecordable | undefined {
  if (step.anchor.basis === 'planned') {
    // Named by the title of the step it counts from ("“Report sent to the provider …” is recorded"): its label as an
    // anchor ("receiving the report") is not a thing one records (found by a new-user walk).
    const counted = countedFromStep(timeline, step);
    const first = counted ? `record "${counted.title}" first` : 'record that first';
    return {
      field: 'stepId',
      message: `"${step.title}" counts from ${step.anchor.label}: ${first}`,
      inWords: `Can be recorded once ${counted ? `“${counted.title}”` : step.anchor.label} is recorded.`,
      ...(counted ? { blockedBy: counted.id } : {}),
    };
  }
  for (const id of step.after ?? []) {
    const before = timeline.steps.find((candidate) => candidate.id === id);
    if (!before || before.notRequired !== undefined) continue;
    if (before.done !== undefined) {
      if (before.done > day) {
        const on = formatLondonDate(before.done);
        return {
          field: 'on',
          message: `must be on or after the day of "${before.title}" (${on})`,
          inWords: `Can be recorded from ${formatDateInWords(before.done)}, the day of “${before.title}”.`,
        };
      }
      continue;
    }
    // The provider's time is over once its deadline's day has passed: the report goes on without their comments.
    if (before.actor === 'provider' && before.anchor.basis !== 'planned') {
      if (day > before.dueLondonDate) continue;
      return {
        field: 'on',
        message: `must be after ${formatLondonDate(before.dueLondonDate)}, the last day for "${before.title}", unless that is recorded first`,
        // The page's words use the long date, as its other texts do (found by a new-user walk: "or after Tue 23 Mar 2027"),
        // and name the first day it can be ("or after Wednesday 6 January" left open whether the 6th counted: it does not).
        inWords: `Can be recorded once “${before.title}” is recorded, or from ${formatDateInWords(addCalendarDays(before.dueLondonDate, 1))}.`,
      };
    }
    return {
      field: 'stepId',
      message: `"${step.title}" follows "${before.title}": record that first`,
      inWords: `Can be recorded once “${before.title}” is recorded.`,
      blockedBy: before.id,
    };
  }
  return undefined;
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
      // Names the values to give, as a field's choices are named elsewhere (found by a walk: "is in full-inspection and
      // monitoring-visit" left the field's value to be guessed).
      {
        field: 'process',
        message: `is required: "${stepId}" is in more than one timeline of this inspection; give one of ${holding.map((timeline) => `"${timeline.process}"`).join(', ')}`,
      },
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
  const beforeAnchor = () =>
    new ValidationError([{ field: 'on', message: `must be on or after ${step.anchor.label} (${formatLondonDate(step.anchor.date)})` }]);
  // A day before what the step counts from, when that has happened (the end of the inspection), is refused as such
  // before what it follows is asked for: the earlier rule is the one to put right.
  if (step.anchor.basis !== 'planned' && on < step.anchor.date) throw beforeAnchor();
  // The call that announces an assurance visit is its day 1: on another day, day 1 was that day (found by a new-user
  // walk: a call recorded the day after day 1 was accepted, and the provider's letter then named the wrong day).
  if (definition.onAnchorDay && on !== step.anchor.date) {
    throw new ValidationError([
      {
        field: 'on',
        message: `must be ${step.anchor.label}, ${formatLondonDate(step.anchor.date)}: on another day, that was day 1 (a manager withdraws the visit; log it again)`,
      },
    ]);
  }
  const blocked = step.done === undefined || request.correction ? notYetRecordable(timeline, step, on) : undefined;
  if (blocked) throw new ValidationError([{ field: blocked.field, message: blocked.message }]);
  if (on < step.anchor.date) throw beforeAnchor();
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
  const overtaken = laterStepBefore(timeline, process, stepId, on);
  if (overtaken) {
    throw new ValidationError([
      {
        field: 'on',
        message: `must be on or before ${formatLondonDate(overtaken.done!)}, the day of "${overtaken.title}", which follows it: correct that date first`,
      },
    ]);
  }
  return { change: 'record', process, step, on, correction: { from: recorded, reason: request.reason! } };
}

/**
 * A step recorded before `day` that follows step `stepId` (it counts from it, or is done after it): a correction moving
 * `stepId` past it would put the two in an impossible order (the provider's comments before the report they answer).
 */
function laterStepBefore(timeline: Timeline, process: ProcessId, stepId: string, day: LocalDate): TimelineStep | undefined {
  const following = new Set(
    PROCESSES[process].steps
      .filter((definition) => (typeof definition.anchor === 'object' && definition.anchor.step === stepId) || definition.after?.includes(stepId))
      .map((definition) => definition.id),
  );
  return timeline.steps.find((candidate) => following.has(candidate.id) && candidate.done !== undefined && candidate.done < day);
}

/** A manager's correction of a recorded step's date, as the audit trail keeps it (app/record-step.ts). */
export interface StepCorrection {
  /** The UTC instant of the correction. */
  at: string;
  /** Who corrected it, by name (absent on entries from before names were kept). */
  byName?: string;
  from: LocalDate;
  to: LocalDate;
  reason: string;
}

/** An audit entry as this module reads one (the adapters' AuditEvent). */
interface AuditEntry {
  at: string;
  event: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** The audit event of a corrected step. */
export const STEP_CORRECTED_EVENT = 'step-record-corrected';

/** Which step a correction is of: the process, the step, and for a monitoring visit's step its visit (1 unless said). */
export function stepCorrectionKey(process: string, stepId: string, visit?: number): string {
  return process === 'monitoring-visit' ? `${process}:${stepId}:visit-${visit ?? 1}` : `${process}:${stepId}`;
}

/** The text of an audit detail's value, when it is one. */
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The entries of an audit trail that `read` takes, grouped by the step they are of (stepCorrectionKey), oldest first. */
function byStep<T extends { at: string }>(events: readonly AuditEntry[], read: (entry: AuditEntry & { detail: NonNullable<AuditEntry['detail']> }) => T | undefined): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const entry of events) {
    const { detail } = entry;
    const [process, stepId] = [textOf(detail?.process), textOf(detail?.stepId)];
    if (!detail || !process || !stepId) continue;
    const item = read({ ...entry, detail });
    if (!item) continue;
    const key = stepCorrectionKey(process, stepId, typeof detail.visit === 'number' ? detail.visit : undefined);
    grouped.set(key, [...(grouped.get(key) ?? []), item]);
  }
  for (const list of grouped.values()) list.sort((a, b) => a.at.localeCompare(b.at));
  return grouped;
}

/**
 * The corrections of recorded steps' dates in an audit trail, oldest first, by stepCorrectionKey: the page shows each
 * beside its step, so that a corrected date is seen to be one (the trail keeps the date it replaced and why).
 */
export function stepCorrections(events: readonly AuditEntry[]): Map<string, StepCorrection[]> {
  return byStep(events, ({ at, event, detail }) => {
    const [from, to, reason, byName] = [detail.from, detail.on, detail.reason, detail.byName].map(textOf);
    if (event !== STEP_CORRECTED_EVENT || !from || !to || reason === undefined) return undefined;
    return { at, ...(byName ? { byName } : {}), from: from as LocalDate, to: to as LocalDate, reason };
  });
}

/** A note recorded with a step (its date recorded, corrected, or its report decided not to be published). */
export interface StepNote {
  /** The UTC instant it was recorded. */
  at: string;
  /** Who recorded it, by name (absent on entries from before names were kept). */
  byName?: string;
  note: string;
}

/** The audit events a step's note is kept with (app/record-step.ts). */
const EVENTS_WITH_NOTES = new Set(['step-recorded', STEP_CORRECTED_EVENT, 'monitoring-report-not-published']);

/**
 * The notes recorded with steps in an audit trail, oldest first, by stepCorrectionKey: the page shows each beside its
 * step (found by a new-user walk: a note was kept in the trail and shown nowhere).
 */
export function stepNotes(events: readonly AuditEntry[]): Map<string, StepNote[]> {
  return byStep(events, ({ at, event, detail }) => {
    const [note, byName] = [textOf(detail.note), textOf(detail.byName)];
    if (!EVENTS_WITH_NOTES.has(event) || !note) return undefined;
    return { at, ...(byName ? { byName } : {}), note };
  });
}
