/**
 * Small rules the step handlers share: how a timeline is handed to a state machine, how long a wait may last, how an
 * approval is named and answered, and who an alert email is keyed to. Each lives here once, so a handler and the API
 * (decide-approval, record-outcome) cannot drift apart.
 *
 * Pure: no clock, no I/O. "Now" is always an argument.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  addCalendarDays,
  byEndOfNextWorkingDay,
  endOfLondonDay,
  isWorkingDay,
  londonDateOf,
  type Deadline,
  type LocalDate,
} from './calendar';
import type { AlertEvent, AlertRecipient as EmailAlertRecipient, AuthorityRole as EmailAuthorityRole, ReturnReason } from './email-content';
import { ValidationError } from './errors';
import type { AlertRecipient } from './recipients';
import { PROCESSES, type ProcessId, type Timeline, type TimelineStep } from './regulations';
import { APPROVAL_OPTIONS, InspectionIdText, type ApprovalKind, type ApprovalOption, type FieldError, type LoggableProcess } from './schemas';

export { InspectionIdText };
import { inspectionEndDate, timelinesFor, type InspectionRecord, type RecordedDecision, type ScheduledVisit } from './inspection';

// ---------------------------------------------------------------------------------------------------------------
// The fields every step payload carries


/** The state machine's process id. */
export const ProcessIdText = z.enum(Object.keys(PROCESSES) as [ProcessId, ...ProcessId[]]);

/** A step id of the regulations, e.g. `report-to-provider`. */
export const StepIdText = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a step id such as report-to-provider');

/** A Step Functions task token (1 to 2048 characters). Never logged, stored on the record, emailed or returned. */
export const TaskTokenText = z.string().min(1).max(2048);

/** An ISO-8601 instant with "Z" or an offset; handed on as UTC. */
export const InstantText = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());

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
  seconds: z.number().int().positive(),
};

/** The follow-up processes each logged process may run (a run of anything else is a wiring mistake). */
const FOLLOW_UPS: Record<LoggableProcess, readonly ProcessId[]> = {
  'full-inspection': ['inadequate', 'monitoring-visit'],
  'interim-inspection': ['inadequate', 'monitoring-visit'],
  'assurance-visit': ['monitoring-visit'],
  'rfc-inspection': [],
};

/** A ValidationError naming `process` unless it is the logged process or one of its follow-ups. */
export function checkProcessOf(record: InspectionRecord, process: ProcessId): void {
  if (process === record.process || FOLLOW_UPS[record.process].includes(process)) return;
  throw new ValidationError([
    {
      field: 'process',
      message: `"${process}" is neither the logged process (${record.process}) nor one of its follow-ups (${
        FOLLOW_UPS[record.process].join(', ') || 'none'
      })`,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Timelines as the state machines read them

/**
 * `report-to-provider` → `reportToProvider`: JSONPath dot notation cannot address hyphenated keys. The same
 * conversion as `deadlineKey` in workflows/steps.ts, which handlers cannot import (it pulls in the CDK); a test keeps
 * the two in step on every step id of the regulations.
 */
export function deadlineKey(stepId: string): string {
  return stepId.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Every step of a timeline, by its camelCase key, with its due instant (UTC ISO-8601). */
export function deadlinesOf(timeline: Timeline): Record<string, string> {
  return Object.fromEntries(timeline.steps.map((step) => [deadlineKey(step.id), step.due]));
}

/** The step of a timeline the state machine named; a ValidationError naming `field` when there is none. */
export function stepOf(timeline: Timeline, stepId: string, field = 'stepId'): TimelineStep {
  const step = timeline.steps.find((candidate) => candidate.id === stepId);
  if (!step) {
    throw new ValidationError([
      {
        field,
        message: `"${stepId}" is not a step of this inspection's ${timeline.process} timeline (steps: ${timeline.steps
          .map((candidate) => candidate.id)
          .join(', ')})`,
      },
    ]);
  }
  return step;
}

// ---------------------------------------------------------------------------------------------------------------
// How long a wait may last

/**
 * REMINDER: once a step is overdue, the manager is reminded at the end of each working day after its deadline (London)
 * until the step is done. The next one follows the latest occasion (escalationOccasion), so a wait re-armed just after
 * midnight by a retry still reminds that same day.
 */
export function nextReminder(step: Pick<TimelineStep, 'due'>, now: Date): Deadline {
  return byEndOfNextWorkingDay({ label: 'the last escalation', date: escalationOccasion(step, now), basis: 'given' });
}

export interface TimeLeft {
  /** Whole seconds (at least 1) the wait may last: until the step is due, or until the next reminder once overdue. */
  seconds: number;
  /** The statutory due instant of the step, whether or not it has passed. */
  dueAt: string;
}

export function timeLeft(step: Pick<TimelineStep, 'due'>, now: Date): TimeLeft {
  const nowMs = now.getTime();
  const dueMs = Date.parse(step.due);
  const until = dueMs > nowMs ? dueMs : Date.parse(nextReminder(step, now).due);
  return { seconds: Math.max(1, Math.ceil((until - nowMs) / 1000)), dueAt: step.due };
}

// ---------------------------------------------------------------------------------------------------------------
// Follow-up runs and outcomes

/**
 * Which process started a follow-up run: the inadequate pathway comes from the logged inspection; a monitoring visit
 * comes from the inadequate pathway when there is one (or can be: only an assurance visit starts one directly), else
 * from the assurance visit's serious concerns.
 */
export function followUpOrigin(record: InspectionRecord, process: ProcessId): ProcessId {
  if (process !== 'monitoring-visit') return record.process;
  return record.followUps.inadequate || record.process !== 'assurance-visit' ? 'inadequate' : 'assurance-visit';
}

/** True when the outcome the process routes on is on the record (the monitoring visit has its own). */
export function outcomeRecordedFor(record: InspectionRecord, process: ProcessId): boolean {
  return process === 'monitoring-visit' ? record.monitoringOutcome !== undefined : record.outcome !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Approvals

/** Opaque and deterministic, so a retried or re-opened request finds the same approval. Never a task token. */
export function approvalIdFor(inspectionId: string, process: ProcessId, kind: ApprovalKind): string {
  return `apr-${createHash('sha256').update(`${inspectionId}|${process}|${kind}`).digest('hex').slice(0, 24)}`;
}

/**
 * What a decided approval resumes the run with (request-approval and decide-approval send the same shape): the
 * option chosen, to route on, and nothing a person wrote or is known by. Execution history keeps task outputs, so
 * the rationale (free text) and who decided (a user id, often an email address) stay in the table: record-decision
 * reads them from the stored approval.
 */
export interface DecisionOutput {
  approvalId: string;
  decision: RecordedDecision['decision'];
  decidedAt: string;
}

export function decisionOutput(approval: { approvalId: string; decision: RecordedDecision }): DecisionOutput;
export function decisionOutput(approval: { approvalId: string; decision?: RecordedDecision }): DecisionOutput | undefined;
export function decisionOutput(approval: { approvalId: string; decision?: RecordedDecision }): DecisionOutput | undefined {
  const recorded = approval.decision;
  if (!recorded) return undefined;
  return { approvalId: approval.approvalId, decision: recorded.decision, decidedAt: recorded.decidedAt };
}

/** Narrows a recorded decision to the options of a case review. */
export function isCaseReviewOption(option: string): option is ApprovalOption<'case-review'> {
  return (APPROVAL_OPTIONS['case-review'] as readonly string[]).includes(option);
}

/** Manager and senior manager are addressed by role: the configuration holds their addresses, not their names. */
export const MANAGER_ROLE_NAME = 'Regulatory Inspection Manager';
export const SENIOR_MANAGER_ROLE_NAME = 'Senior Manager';

// ---------------------------------------------------------------------------------------------------------------
// Alerts to directors of children's services (SCCIF 15.3, 15.4)

/** Why a case review is held or a return visit is due, from the process the inspector logged. */
export function returnReasonFor(loggedProcess: LoggableProcess): ReturnReason {
  switch (loggedProcess) {
    case 'assurance-visit':
      return 'assurance-visit-serious-concerns';
    case 'interim-inspection':
      return 'interim-decline';
    case 'full-inspection':
    case 'rfc-inspection':
      return 'inadequate-judgement';
  }
}

/** The event an alert reports, from the process the inspector logged. */
export function alertEventFor(loggedProcess: LoggableProcess): AlertEvent {
  switch (loggedProcess) {
    case 'full-inspection':
      return 'inadequate-full-inspection';
    case 'interim-inspection':
      return 'interim-decline-agreed-at-case-review';
    case 'assurance-visit':
      return 'assurance-visit-serious-concerns';
    case 'rfc-inspection':
      throw new ValidationError([
        { field: 'process', message: 'residential family centre inspections do not alert local authorities (RFC framework §40-45)' },
      ]);
  }
}

/** The outbox key of one alert recipient: the authority code, or a hash of the placer's address (no address in keys). */
export function alertRecipientKey(recipient: AlertRecipient): string {
  if (recipient.kind === 'dcs') return `la:${recipient.authorityCode}`;
  return `placer:${createHash('sha256').update(recipient.email.toLowerCase()).digest('hex').slice(0, 16)}`;
}

function emailRole(roles: readonly string[]): EmailAuthorityRole {
  const host = roles.includes('host');
  const placing = roles.includes('placing');
  if (host && placing) return 'placing-and-host';
  return host ? 'host' : 'placing';
}

/** The recipient as the alert email addresses it. */
export function alertAddressee(recipient: AlertRecipient, dcsName?: string): EmailAlertRecipient {
  if (recipient.kind === 'placer') return { kind: 'placer', name: recipient.name };
  return {
    kind: 'local-authority',
    authorityName: recipient.authorityName,
    role: emailRole(recipient.roles),
    ...(dcsName === undefined ? {} : { dcsName }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

export type ReportStage = 'report-to-provider' | 'final-report-to-provider' | 'publish';

/** The stage a report step issues; the monitoring visit's report is published when the visit is done. */
export function reportStageFor(stepId: string): ReportStage | undefined {
  switch (stepId) {
    case 'report-to-provider':
    case 'final-report-to-provider':
    case 'publish':
      return stepId;
    case 'monitoring-visit-latest':
      return 'publish';
    default:
      return undefined;
  }
}

/** True when complaints about a process's report count from its publication (children's homes framework §104). */
export function complaintsCountFromPublication(process: ProcessId): boolean {
  const window = PROCESSES[process].steps.find((step) => step.id === 'complaint-window');
  return window !== undefined && typeof window.anchor === 'object' && window.anchor.step === 'publish';
}

// ---------------------------------------------------------------------------------------------------------------
// Return visits

/**
 * The window of each kind of scheduled visit, as steps of the timeline of the process that schedules it.
 * §71 / SCCIF 15.1: the return within 6 to 8 weeks; 15.1 (b): a full inspection within 16 weeks of the original
 * inspection; RFC framework §45: the next inspection within 12 months. Further monitoring has no time limit.
 */
export const VISIT_WINDOWS: Record<ScheduledVisit['visit'], { earliest?: string; latest?: string }> = {
  'monitoring-visit': { earliest: 'monitoring-visit-earliest', latest: 'monitoring-visit-latest' },
  'return-full-inspection': { earliest: 'monitoring-visit-earliest', latest: 'monitoring-visit-latest' },
  'full-inspection': { latest: 'full-inspection-latest' },
  'next-inspection': { latest: 'next-inspection-latest' },
  'further-monitoring': {},
};

/**
 * The scheduled visits that only a later inspection carries out: the process that inspection is logged as, and the
 * process whose timeline holds the visit's deadline on the earlier inspection's record.
 */
export const RETURN_INSPECTIONS = {
  'return-full-inspection': { by: 'full-inspection', timeline: 'inadequate', words: 'return full inspection' },
  'full-inspection': { by: 'full-inspection', timeline: 'inadequate', words: 'full inspection within 16 weeks' },
  'next-inspection': { by: 'rfc-inspection', timeline: 'rfc-inspection', words: 'next inspection' },
} as const satisfies Partial<Record<ScheduledVisit['visit'], { by: LoggableProcess; timeline: ProcessId; words: string }>>;

export type ReturnVisit = keyof typeof RETURN_INSPECTIONS;

/**
 * The deadline an inspection logged as the return inspection of an earlier one discharges: the step, in the timeline
 * of the process that scheduled it first, then in every other timeline of the record that shows it (the monitoring
 * visit's shows the 16-week full inspection too).
 */
export interface ReturnInspectionOf {
  visit: ReturnVisit;
  stepId: string;
  processes: [ProcessId, ...ProcessId[]];
}

/** What the new inspection says of itself (POST /inspections). */
export interface LoggedReturnInspection {
  process: LoggableProcess;
  establishment: { urn: string };
  dates: { inspectionStart: LocalDate };
}

/**
 * Which due visit of `original` the inspection `logged` carries out, or why it cannot: another establishment, no such
 * visit scheduled, already carried out, or a start before the original inspection ended. With two due (a return full
 * inspection and the 16-week one), the one due first.
 */
export function returnInspectionOf(
  original: InspectionRecord,
  logged: LoggedReturnInspection,
): { ok: true; value: ReturnInspectionOf } | { ok: false; error: FieldError } {
  const refuse = (field: string, message: string) => ({ ok: false as const, error: { field, message } });
  if (original.establishment.urn !== logged.establishment.urn) {
    return refuse(
      'followUpOf',
      `inspection ${original.id} is of ${original.establishment.name} (URN ${original.establishment.urn}), not of URN ${logged.establishment.urn}`,
    );
  }
  const scheduled = (Object.keys(RETURN_INSPECTIONS) as ReturnVisit[]).filter(
    (visit) => RETURN_INSPECTIONS[visit].by === logged.process && original.scheduled[visit]?.latest !== undefined,
  );
  const words = [...new Set(Object.values(RETURN_INSPECTIONS).filter((entry) => entry.by === logged.process).map((entry) => entry.words))];
  if (scheduled.length === 0) {
    return refuse('followUpOf', `inspection ${original.id} has no ${words.join(' or ')} scheduled`);
  }
  const due = scheduled
    .filter((visit) => !original.actuals[RETURN_INSPECTIONS[visit].timeline]?.[VISIT_WINDOWS[visit].latest!])
    .sort((a, b) => original.scheduled[a]!.latest!.localeCompare(original.scheduled[b]!.latest!));
  const first = due[0];
  if (first === undefined) {
    const visit = scheduled[0]!;
    const done = original.actuals[RETURN_INSPECTIONS[visit].timeline]?.[VISIT_WINDOWS[visit].latest!];
    return refuse('followUpOf', `the ${RETURN_INSPECTIONS[visit].words} of inspection ${original.id} was already carried out on ${done}`);
  }
  const originalEnd = inspectionEndDate(original);
  if (logged.dates.inspectionStart <= originalEnd) {
    return refuse(
      'dates.inspectionStart',
      `"${logged.dates.inspectionStart}" is not after inspection ${original.id} ended on ${originalEnd}: a return inspection comes later`,
    );
  }
  const stepId = VISIT_WINDOWS[first].latest!;
  const primary: ProcessId = RETURN_INSPECTIONS[first].timeline;
  const others = timelinesFor(original)
    .filter((timeline) => timeline.process !== primary && timeline.steps.some((step) => step.id === stepId))
    .map((timeline) => timeline.process as ProcessId);
  return { ok: true, value: { visit: first, stepId, processes: [primary, ...others] } };
}

// ---------------------------------------------------------------------------------------------------------------
// Duties (outbox keys) that depend on the day

/**
 * Which escalation is due at `now`: one when the step's deadline passes, then one at each REMINDER (the end of every
 * working day after it). Named by the London day of the latest of those instants at or before `now` — not by the day
 * of `now`, which changes when a retry of a 23:59:59 timeout runs after midnight and would email the managers twice.
 */
export function escalationOccasion(step: Pick<TimelineStep, 'due'>, now: Date): LocalDate {
  const dueDay = londonDateOf(step.due);
  let day = londonDateOf(now);
  while (day > dueDay && (!isWorkingDay(day) || Date.parse(endOfLondonDay(day)) > now.getTime())) {
    day = addCalendarDays(day, -1);
  }
  return day > dueDay ? day : dueDay;
}

/** One escalation per occasion (see escalationOccasion): at most one a day, and none twice for one timeout. */
export function escalationDuty(process: ProcessId, stepId: string, occasion: LocalDate): string {
  return `escalation:${process}:${stepId}:${occasion}`;
}
