/**
 * Escalations: a step's deadline passes and it is not done, or a run stops after a step failed. The managers are
 * emailed when the deadline passes and then on the working days of the CADENCE while it stays overdue; a callback
 * wait lasts until the deadline, then until the next escalation.
 */
import { endOfLondonDay, isWorkingDay, londonDateOf, londonTimeOn, nextWorkingDay, type LocalDate } from './calendar';
import { MANAGER_ROLE_NAME, SENIOR_MANAGER_ROLE_NAME } from './approvals';
import type { EmailDeadline, EmailEstablishment, EscalationInput } from './email-content';
import { stepOf } from './deadlines';
import { processHolding, timelineFor, type InspectionRecord } from './inspection';
import { visitDuty } from './monitoring-visits';
import { heldSteps } from './moved-deadlines';
import { notYetRecordable } from './recorded-steps';
import { PROCESSES, waitsForVisit, type ProcessId, type Timeline, type TimelineStep } from './regulations';

/**
 * CADENCE: the seeds give no rule for chasing a late step, so this is our choice: escalate what is late without
 * flooding. At most one escalation per overdue step per working day: on each of its first 5 working days overdue
 * (the next-working-day duties, SCCIF 15.3, are worth chasing daily), then once a week (every 5th working day) for as
 * long as it stays overdue. Never on a weekend or bank holiday.
 */
export const ESCALATION_CADENCE = { dailyForWorkingDays: 5, thenEveryWorkingDays: 5 } as const;

function escalatesOn(workingDayOverdue: number): boolean {
  const { dailyForWorkingDays, thenEveryWorkingDays } = ESCALATION_CADENCE;
  return workingDayOverdue <= dailyForWorkingDays || workingDayOverdue % thenEveryWorkingDays === 0;
}

/** One escalation: for the `number`-th working day the step is overdue (`day`), sent from `at` (epoch ms). */
export interface EscalationOccasion {
  day: LocalDate;
  number: number;
  at: number;
  /** A catch-up (a wait that began after the cadence's latest occasion): the day of the occasion it stands in for. */
  standsInFor?: LocalDate;
}

/**
 * The first working day a step is overdue: its own due day when the deadline falls within a working day (13:00 on
 * day 1), else the first working day after the due day (a deadline at the end of a day, or on a weekend).
 */
export function firstWorkingDayOverdue(step: Pick<TimelineStep, 'due'>): LocalDate {
  const dueDay = londonDateOf(step.due);
  if (isWorkingDay(dueDay) && Date.parse(step.due) < Date.parse(endOfLondonDay(dueDay))) return dueDay;
  return nextWorkingDay(dueDay);
}

/** Every working day a step is overdue, numbered from 1, lazily. */
function* overdueWorkingDays(step: Pick<TimelineStep, 'due'>): Generator<{ day: LocalDate; number: number }> {
  let day = firstWorkingDayOverdue(step);
  for (let number = 1; ; number += 1, day = nextWorkingDay(day)) yield { day, number };
}

/**
 * The escalations of an overdue step, in order, lazily: the first as the deadline passes (named by the first working
 * day the step is overdue) when it passes on a working day, each later one (and a first whose deadline passes on a
 * weekend or bank holiday: a calendar-day rule's, found by a new-user walk sent on a Saturday at 23:59) at the start
 * (00:00 London) of its working day.
 */
function* occasions(step: Pick<TimelineStep, 'due'>): Generator<EscalationOccasion> {
  const passesOnAWorkingDay = isWorkingDay(londonDateOf(step.due));
  for (const { day, number } of overdueWorkingDays(step)) {
    if (escalatesOn(number)) yield { day, number, at: number === 1 && passesOnAWorkingDay ? Date.parse(step.due) : Date.parse(londonTimeOn(day, '00:00')) };
  }
}

/** The working day `now` falls on, or the next one when it falls on a weekend or bank holiday. */
function workingDayFrom(now: Date): LocalDate {
  const today = londonDateOf(now);
  return isWorkingDay(today) ? today : nextWorkingDay(today);
}

/**
 * The escalation due at `now`: the latest occasion at or before it, or undefined before the deadline. Named by its
 * working day, so a retry (of a 23:59:59 timeout after midnight, or of a step on the same day) finds the same one and
 * emails nobody twice.
 * A wait that starts when its step is already overdue (a case review raised on Sunday for a review due on Friday)
 * finds the latest occasion's day gone: its escalation is for its own first working day (today, or the next working
 * day on a weekend), counted as the working days overdue are, so the managers hear of it on that day, not at the
 * cadence's next occasion.
 */
export function escalationOccasion(step: Pick<TimelineStep, 'due'>, now: Date): EscalationOccasion | undefined {
  let latest: EscalationOccasion | undefined;
  for (const occasion of occasions(step)) {
    if (occasion.at > now.getTime()) break;
    latest = occasion;
  }
  if (!latest) return undefined;
  const waitDay = workingDayFrom(now);
  if (latest.day >= waitDay) return latest;
  for (const { day, number } of overdueWorkingDays(step)) {
    if (day === waitDay) return { day, number, at: Math.max(now.getTime(), Date.parse(londonTimeOn(day, '00:00'))), standsInFor: latest.day };
  }
  throw new Error('unreachable: a working day after the first overdue one is overdue');
}

/** A step's escalation owed at `now`, with the process and timeline that hold the step. */
export interface OwedEscalation {
  process: ProcessId;
  timeline: Timeline;
  step: TimelineStep;
  occasion: EscalationOccasion;
  /** The outbox duty of this escalation (escalationDuty, numbered for a later monitoring visit: visitDuty). */
  duty: string;
  /**
   * A catch-up's: the duty of the cadence occasion it stands in for. Owed only when that one was never sent (the wait
   * began after it): a wait woken for another step it watches sends nothing off the cadence (catchUpsDue).
   */
  standsInFor?: string;
}

/**
 * The escalation a step of `asked`'s run owes at `now`, as escalate-overdue sends it and measure-time-left waits for
 * it: one event shown in two timelines (the 1st monitoring visit is the pathway's return visit) is escalated once, as
 * the step of the process that holds it; none once that step is done, and none before its deadline.
 */
export function owedEscalation(record: InspectionRecord, asked: ProcessId, own: Timeline, stepId: string, now: Date): OwedEscalation | undefined {
  const process = processHolding(record, asked, stepId);
  if (record.actuals[process]?.[stepId]) return undefined;
  const timeline = process === asked ? own : timelineFor(record, process);
  const step = stepOf(timeline, stepId);
  // A report counted from a visit now overdue is not late itself: the visit is escalated, not its report.
  if (waitsForVisit(step, londonDateOf(now))) return undefined;
  const occasion = escalationOccasion(step, now);
  if (!occasion) return undefined;
  // A step that cannot be recorded until an overdue step is escalates as its deadline passes (that is news), and then
  // only through that step's escalations, which name it (heldBackBy), until that step is recorded.
  if (occasion.number > 1 && overdueBlocker(timeline, step, now)) return undefined;
  const duty = (day: LocalDate) => visitDuty(record, process, escalationDuty(process, stepId, day));
  return { process, timeline, step, occasion, duty: duty(occasion.day), ...(occasion.standsInFor ? { standsInFor: duty(occasion.standsInFor) } : {}) };
}

/**
 * The step that must be recorded before `step` can be (notYetRecordable) when it is itself overdue and not done, or
 * undefined. Such a step is escalated once, as its deadline passes; after that the managers are chased about the step
 * that holds it back, whose escalations name it (found by a new-user walk: an interim inspection whose judgements were
 * never recorded sent 93 escalation emails in two months, a third for the judgements and two thirds for the report
 * stages that cannot be recorded before them).
 */
function overdueBlocker(timeline: Timeline, step: TimelineStep, now: Date): TimelineStep | undefined {
  if (!step.recordable) return undefined;
  const blockedBy = notYetRecordable(timeline, step, londonDateOf(now))?.blockedBy;
  const blocker = blockedBy === undefined ? undefined : timeline.steps.find((candidate) => candidate.id === blockedBy);
  if (!blocker || blocker.done !== undefined || blocker.notRequired !== undefined) return undefined;
  return Date.parse(blocker.due) < now.getTime() ? blocker : undefined;
}

/**
 * The overdue steps of `timeline` held back by `stepId` at `now`: each cannot be recorded until it is, directly or
 * through another such step (a publication after a report after the judgements), in timeline order, leaving out
 * a step whose deadline is only planned (counted from a step not recorded yet). After their
 * first escalation they are not escalated on their own (owedEscalation): the escalations of `stepId` name them.
 */
export function heldBackBy(timeline: Timeline, stepId: string, now: Date): TimelineStep[] {
  const heldBy = (step: TimelineStep): boolean => {
    const seen = new Set<string>();
    for (let blocker = overdueBlocker(timeline, step, now); blocker && !seen.has(blocker.id); blocker = overdueBlocker(timeline, blocker, now)) {
      if (blocker.id === stepId) return true;
      seen.add(blocker.id);
    }
    return false;
  };
  // Not a step whose deadline counts from one not recorded yet (the provider's comments, from the report): its day is
  // only planned, and it cannot be late before its clock starts.
  return timeline.steps.filter(
    (step) => step.done === undefined && step.notRequired === undefined && step.anchor.basis !== 'planned' && Date.parse(step.due) < now.getTime() && heldBy(step),
  );
}

/**
 * The owed escalations still owed once the outbox is read (`sent`: whether a duty's managers' email went): a catch-up
 * only when the occasion it stands in for was never sent. So a wait that begins late escalates that day, and a wait
 * woken for another step it watches (the publication, while the report is awaited) adds no escalation off the cadence.
 */
export function catchUpsDue(owed: readonly OwedEscalation[], sent: ReadonlySet<string>): OwedEscalation[] {
  return owed.filter((escalation) => escalation.standsInFor === undefined || !sent.has(escalation.standsInFor));
}

/**
 * The steps a wait on `stepId` watches at `now`: its own step, then each step the run waits for only after it
 * (heldSteps) that is still to be done. Their deadlines run while this wait lasts (the publication's while the report to
 * the provider is awaited), so the wait escalates each as it passes, under that step's own duty: when the run reaches
 * it, its wait finds the day's escalation sent and emails nobody twice. Not a report counted from a visit now overdue
 * (waitsForVisit: the monitoring report while its visit is awaited): its clock starts with the visit.
 */
export function watchedSteps(process: ProcessId, own: Timeline, stepId: string, now: Date): TimelineStep[] {
  const today = londonDateOf(now);
  const held = heldSteps(process, stepId).flatMap((id) =>
    own.steps.filter((step) => step.id === id && step.done === undefined && step.notRequired === undefined && !waitsForVisit(step, today)),
  );
  return [stepOf(own, stepId), ...held];
}

/** Every escalation a wait on `stepId` owes at `now`: its own step's first, then the held steps' (watchedSteps). */
export function owedEscalations(record: InspectionRecord, asked: ProcessId, own: Timeline, stepId: string, now: Date): OwedEscalation[] {
  return watchedSteps(asked, own, stepId, now).flatMap((step) => owedEscalation(record, asked, own, step.id, now) ?? []);
}

/**
 * How long a wait on `stepId` may last at `now`: the soonest timeLeft of the steps it watches, each woken for its
 * escalation in `unsent` (owed and never sent) at once. `dueAt` stays the wait's own step's statutory due instant.
 */
export function waitTimeLeft(asked: ProcessId, own: Timeline, stepId: string, now: Date, unsent: readonly OwedEscalation[]): TimeLeft {
  const lefts = watchedSteps(asked, own, stepId, now).map((step) => timeLeft(step, now, unsent.find((owed) => owed.step.id === step.id)?.occasion));
  return { seconds: Math.min(...lefts.map((left) => left.seconds)), dueAt: stepOf(own, stepId).due };
}

/** The next escalation after `now` (the first once the deadline passes, when `now` is before it). */
export function nextEscalation(step: Pick<TimelineStep, 'due'>, now: Date): EscalationOccasion {
  for (const occasion of occasions(step)) {
    if (occasion.at > now.getTime()) return occasion;
  }
  throw new Error('unreachable: the escalations of a step never end');
}

export interface TimeLeft {
  /** Whole seconds (at least 1) the wait may last: until the step is due, or until the next escalation once overdue. */
  seconds: number;
  /** The statutory due instant of the step, whether or not it has passed. */
  dueAt: string;
}

/**
 * How long a wait may last at `now`: until the step is due; once it is overdue, until the next escalation; and when
 * the escalation owed at `now` (escalationOccasion) was never sent, because the wait started after the deadline,
 * until that one: at once on a working day, else at the start of the next working day.
 */
export function timeLeft(step: Pick<TimelineStep, 'due'>, now: Date, unsent?: EscalationOccasion): TimeLeft {
  const nowMs = now.getTime();
  const dueMs = Date.parse(step.due);
  const until = dueMs > nowMs ? dueMs : unsent ? Math.max(nowMs, Date.parse(londonTimeOn(unsent.day, '00:00'))) : nextEscalation(step, now).at;
  return { seconds: Math.max(1, Math.ceil((until - nowMs) / 1000)), dueAt: step.due };
}

/** True when the step's lead inspector is escalated to as well as the managers (the judgements, SCCIF 15.3). */
export function escalatesToLeadInspector(process: ProcessId, stepId: string): boolean {
  return PROCESSES[process].steps.some((step) => step.id === stepId && step.escalatesToLeadInspector === true);
}

/**
 * True when those who decide a step need no escalation of it on this occasion: they were asked for the decision that
 * does the step (its approval, opened at `requestedAt`) after its deadline, on the occasion's day, and the request said
 * it was already overdue (found by new-user walks: "Approval needed (already overdue)" and an escalation of the same
 * step one second apart, to the same people). The senior manager's copy still goes; the next occasion goes to all.
 */
export function askedAlreadyOverdue(step: Pick<TimelineStep, 'due'>, occasion: Pick<EscalationOccasion, 'day'>, requestedAt: string): boolean {
  return Date.parse(requestedAt) > Date.parse(step.due) && londonDateOf(new Date(requestedAt)) === occasion.day;
}

/** Who an escalation goes to: the managers, the senior manager's copy, the lead inspector, the compliance inspectors. */
export type EscalationRecipient = 'manager' | 'senior-manager' | 'inspector' | 'compliance-inspectors';

/**
 * Who an escalation of a step goes to: the managers and, always, the senior manager's copy; the lead inspector for
 * their own steps (escalatesToLeadInspector); for a step a decision does, those who decide it (the compliance
 * inspectors for a family centre's case discussion, RFC framework §42-44), except on the day they were asked for it
 * already overdue (askedAlreadyOverdue: the request said so).
 */
export function escalationRecipients(options: {
  decidedBy?: 'managers' | 'compliance-inspectors';
  askedToday: boolean;
  toLeadInspector: boolean;
}): EscalationRecipient[] {
  const { decidedBy, askedToday, toLeadInspector } = options;
  return [
    ...(askedToday && decidedBy === 'managers' ? [] : (['manager'] as const)),
    'senior-manager',
    ...(decidedBy === 'compliance-inspectors' && !askedToday ? (['compliance-inspectors'] as const) : []),
    ...(toLeadInspector ? (['inspector'] as const) : []),
  ];
}

/** One escalation per occasion (see escalationOccasion): at most one a working day, and none twice for one timeout. */
export function escalationDuty(process: ProcessId, stepId: string, occasion: LocalDate): string {
  return `escalation:${process}:${stepId}:${occasion}`;
}

/**
 * The escalation email to both managers (by role), naming the step, the working day it is for and how many working
 * days it has been overdue, counting that day.
 */
export function escalation(request: {
  inspectionId: string;
  /** The process the step is of: a home with two processes running gets escalations of each (found by a new-user walk). */
  process: ProcessId;
  establishment: EmailEstablishment;
  step: EmailDeadline;
  /** Absent on the notice of a stopped run (record-failure), which names the step at risk, not a late one. */
  occasion?: Pick<EscalationOccasion, 'day' | 'number'>;
  /** Why the step cannot be recorded yet, in words (notYetRecordable), when it cannot. */
  notYetRecordable?: string;
  /** The inspection whose logging meets the step (core/awaited.ts inspectionToLog), when that is how it is met. */
  inspectionToLog?: string;
  /** The overdue steps that cannot be recorded until this one is (heldBackBy), escalated with it. */
  heldBack?: readonly Pick<TimelineStep, 'title' | 'due'>[];
  baseUrl: string;
}): EscalationInput {
  return {
    template: 'escalation',
    inspectionId: request.inspectionId,
    processTitle: PROCESSES[request.process].title,
    establishment: request.establishment,
    managerName: MANAGER_ROLE_NAME,
    seniorManagerName: SENIOR_MANAGER_ROLE_NAME,
    step: request.step,
    workingDaysOverdue: request.occasion?.number ?? 0,
    ...(request.occasion ? { overdueOn: request.occasion.day } : {}),
    ...(request.notYetRecordable === undefined ? {} : { notYetRecordable: request.notYetRecordable }),
    ...(request.inspectionToLog === undefined ? {} : { inspectionToLog: request.inspectionToLog }),
    ...(request.heldBack?.length ? { heldBack: request.heldBack.map(({ title, due }) => ({ title, due })) } : {}),
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
