/**
 * Escalations: a step's deadline passes and it is not done, or a run stops after a step failed. The manager and a
 * senior manager are emailed when the deadline passes and at each REMINDER after it; a callback wait lasts until the
 * deadline, then until the next reminder.
 */
import {
  addCalendarDays,
  byEndOfNextWorkingDay,
  endOfLondonDay,
  isWorkingDay,
  londonDateOf,
  type Deadline,
  type LocalDate,
} from './calendar';
import { MANAGER_ROLE_NAME, SENIOR_MANAGER_ROLE_NAME } from './approvals';
import type { EmailDeadline, EmailEstablishment, EscalationInput } from './email-content';
import { timelineFor, type InspectionRecord } from './inspection';
import { PROCESSES, type ProcessId, type TimelineStep } from './regulations';

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

/** True when the step's lead inspector is escalated to as well as the managers (the judgements, SCCIF 15.3). */
export function escalatesToLeadInspector(process: ProcessId, stepId: string): boolean {
  return PROCESSES[process].steps.some((step) => step.id === stepId && step.escalatesToLeadInspector === true);
}

/** One escalation per occasion (see escalationOccasion): at most one a day, and none twice for one timeout. */
export function escalationDuty(process: ProcessId, stepId: string, occasion: LocalDate): string {
  return `escalation:${process}:${stepId}:${occasion}`;
}

/** The escalation email to both managers (by role), naming the step and how many working days it is overdue. */
export function escalation(request: {
  inspectionId: string;
  establishment: EmailEstablishment;
  step: EmailDeadline;
  workingDaysOverdue: number;
  baseUrl: string;
}): EscalationInput {
  return {
    template: 'escalation',
    inspectionId: request.inspectionId,
    establishment: request.establishment,
    managerName: MANAGER_ROLE_NAME,
    seniorManagerName: SENIOR_MANAGER_ROLE_NAME,
    step: request.step,
    workingDaysOverdue: request.workingDaysOverdue,
    baseUrl: request.baseUrl,
  };
}

/** The outbox duty of a failure notice: once per process run. */
export function failureDuty(process: ProcessId): string {
  return `failure:${process}`;
}

/**
 * What the manager is told is at risk when a run stops: the earliest deadline of the process not yet done (its rule
 * and source), or the failure itself, due now, when no deadline is left or the timeline cannot be built.
 */
export function atRiskAfterFailure(record: InspectionRecord, process: ProcessId, error: string, at: string): EmailDeadline {
  const stopped = `The ${process} workflow stopped after a step failed (${error})`;
  try {
    const open = timelineFor(record, process)
      .steps.filter((step) => step.kind === 'deadline' && !step.done)
      .sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0];
    if (open) return { id: open.id, title: `${stopped}; next step at risk: ${open.title}`, due: open.due, rule: open.rule, source: open.source };
  } catch {
    // A record the timeline cannot be built from is reported as the failure itself.
  }
  return { id: 'workflow-failed', title: stopped, due: at, rule: 'the run needs attention now', source: 'SCCIF Workflows' };
}

/** After a step's retries are spent on an outage, the run tells operations and tries the step again this much later. */
export const RETRY_AFTER_OUTAGE_MINUTES = 60;
