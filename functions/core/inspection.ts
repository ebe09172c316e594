/**
 * The inspection record as the system keeps it, and what is derived from it: the timelines of its process and of
 * the follow-up processes it started. Timelines are never stored: they are rebuilt from the regulations, the
 * record's anchor dates, its conditions and the actual dates of the steps done.
 */
import { formatDateInWords, formatLondonDate, londonDateOf, type LocalDate } from './calendar';
import { ordinalOf } from './ordinals';
import { INTERIM_LABELS } from './scales';
import { buildTimeline, MONITORING_WINDOW_CLOSES, MONITORING_WINDOW_OPENS, PROCESSES, type ProcessId, type StepAdjustment, type Timeline } from './regulations';
import { ASSURANCE_NEXT_STEPS, citeSources, VISIT_TIMING_CASE_BY_CASE } from './regulations/sources';
import {
  interimCaseReviewDecision,
  interimReturnVisitDecided,
  isInterimCaseReviewOption,
  type ApprovalKind,
  type ApprovalOption,
  type Child,
  type Contact,
  type EnforcementConsidered,
  type VisitWindowWeeks,
  type Establishment,
  type InspectionLogged,
  type LoggableProcess,
  type OutcomeRecorded,
} from './schemas';

export type InspectionStatus =
  | 'awaiting-outcome'
  | 'in-progress'
  | 'awaiting-approval'
  | 'complete'
  | 'failed'
  /** A manager withdrew it: logged by mistake (another home, wrong dates, twice). Its runs are stopped; it counts for nothing. */
  | 'withdrawn';

/** Who withdrew an inspection logged by mistake, when and why (a manager; the reason is for the audit, not for emails). */
export interface Withdrawal {
  withdrawnBy: string;
  withdrawnByName: string;
  /** UTC instant. */
  withdrawnAt: string;
  reason: string;
}

/** The inspection was withdrawn: nothing more is recorded on it, and the register and the plan leave it out. */
export const isWithdrawn = (record: Pick<InspectionRecord, 'status'>): boolean => record.status === 'withdrawn';

export interface RecordedOutcome<P extends OutcomeRecorded['process'] = OutcomeRecorded['process']> {
  outcome: Extract<OutcomeRecorded, { process: P }>;
  recordedBy: string;
  /** UTC instant. */
  recordedAt: string;
}

/**
 * A change to the recorded judgements after quality assurance, before the report was sent (children's homes
 * framework §99; residential family centres framework §67, §75): approved by the manager who submitted it.
 */
export interface OutcomeAmendment {
  /** The manager who approved the amendment (their user id). */
  amendedBy: string;
  /** Their name as the identity provider gives it (amendments recorded before it was kept show the id). */
  amendedByName?: string;
  /** UTC instant. */
  amendedAt: string;
  reason: string;
  /** §99: the London day the registered manager was called and told the reasons. */
  registeredManagerCalledOn: LocalDate;
  /** The outcome as it was, with who recorded it and when. */
  before: RecordedOutcome;
  after: OutcomeRecorded;
}

/**
 * A manager's correction of the children recorded when the inspection was logged (core/children-corrections.ts): who,
 * when, why, and the children as they were (initials only, as everywhere in the record).
 */
export interface ChildrenCorrection {
  correctedBy: string;
  correctedByName?: string;
  /** UTC instant. */
  correctedAt: string;
  reason: string;
  before: Child[];
}

export interface RecordedDecision {
  approvalId: string;
  kind: ApprovalKind;
  decision: ApprovalOption;
  rationale: string;
  /** Case reviews: the enforcement considered, none or which actions against whom (SCCIF 15.1, §70). */
  enforcement?: EnforcementConsidered;
  /** Interim case reviews with a return visit: its window in weeks from the inspection, as a manager set it (§71). */
  returnVisitWindow?: VisitWindowWeeks;
  /** The decider's user id (on AWS, their Cognito `sub`). */
  decidedBy: string;
  /**
   * The decider's name when they decided, for the inspection page (the name claim, else their email's local part; at
   * most 200 characters). Absent on decisions recorded before it was kept.
   */
  decidedByName?: string;
  decidedAt: string;
}

/** A regulatory inspection manager decided not to publish the monitoring visit's report (SCCIF 15.1). */
export interface NotPublishedDecision {
  reason: string;
  /** The manager (their user id). */
  decidedBy: string;
  /** UTC instant. */
  decidedAt: string;
  /** The London day of the decision. */
  on: LocalDate;
}

export interface ScheduledVisit {
  /** What is scheduled: a monitoring visit, a return full inspection, further monitoring, the next RFC inspection. */
  visit: 'monitoring-visit' | 'return-full-inspection' | 'full-inspection' | 'further-monitoring' | 'next-inspection';
  earliest?: LocalDate;
  /** Absent when the sources set no time limit (further monitoring is decided case by case). */
  latest?: LocalDate;
  scheduledAt: string;
}

/**
 * A monitoring visit that further monitoring followed (children's homes framework §77): kept as it was when the next
 * visit began, numbered from 1. The current visit is `monitoringOutcome` with its steps in `actuals['monitoring-visit']`.
 */
export interface EarlierMonitoringVisit {
  number: number;
  outcome: RecordedOutcome<'monitoring-visit'>;
  /** The London days the steps of its own timeline happened (the visit, its report). */
  actuals: Record<string, LocalDate>;
  /** Its run's execution name. */
  executionName: string;
  notPublished?: NotPublishedDecision;
  /** A manager's changes of the next visit's window set with its outcome (§71), oldest first; absent until the first. */
  windowChanges?: NextVisitWindowChange[];
}

/** A manager changed the window of the visit further monitoring began: who, when, why, and the weeks it had before. */
export interface NextVisitWindowChange {
  at: string;
  by: string;
  byName: string;
  reason: string;
  from: { earliestWeeks: number; latestWeeks: number };
  to: { earliestWeeks: number; latestWeeks: number };
}

export interface FollowUpRun {
  /** Execution name: `<inspectionId>--<process>`, so the same follow-up never starts twice. */
  executionName: string;
  startedAt: string;
  origin: ProcessId;
}

export interface InspectionRecord {
  id: string;
  process: LoggableProcess;
  idempotencyKey: string;
  /** Hash of the logged event: the same key with a different body is a conflict, not a retry. */
  requestHash: string;
  establishment: Establishment;
  provider: Contact;
  /** The lead inspector (their user id). */
  inspectorId: string;
  /** The lead inspector's name as it appears in letters (from the signed-in user who logged it). */
  inspectorName: string;
  /** Who logged the inspection (their user id). */
  loggedBy: string;
  dates: InspectionLogged['dates'];
  /** Initials only. Never logged, never in an email subject. */
  children: Child[];
  status: InspectionStatus;
  createdAt: string;
  updatedAt: string;
  /** London days on which steps actually happened, per process then step id. */
  actuals: Partial<Record<ProcessId, Record<string, LocalDate>>>;
  /** The outcome of the inspection or visit itself. */
  outcome?: RecordedOutcome;
  /**
   * The outcome of the current monitoring visit (inadequate pathway or serious assurance concerns): the first, or,
   * after further monitoring, visit number `monitoringVisitNumber`.
   */
  monitoringOutcome?: RecordedOutcome<'monitoring-visit'>;
  /** The number of the current monitoring visit; absent on records before further monitoring began (the 1st). */
  monitoringVisitNumber?: number;
  /** The monitoring visits before the current one, oldest first (absent until further monitoring follows one). */
  monitoringVisits?: EarlierMonitoringVisit[];
  /** Amendments of `outcome`, oldest first (absent until the first). */
  amendments?: OutcomeAmendment[];
  /** Corrections of `children`, oldest first (absent until the first). */
  childrenCorrections?: ChildrenCorrection[];
  decisions: Partial<Record<ApprovalKind, RecordedDecision>>;
  scheduled: Partial<Record<ScheduledVisit['visit'], ScheduledVisit>>;
  followUps: Partial<Record<ProcessId, FollowUpRun>>;
  /** The earlier inspection whose return inspection (or RFC next inspection) this one is. */
  followUpOf?: string;
  /** Exceptional circumstances: the manager decided not to publish the monitoring visit's report (SCCIF 15.1). */
  monitoringReportNotPublished?: NotPublishedDecision;
  /** The lead inspector's email, when they logged the inspection themselves: escalations of their steps reach them. */
  inspectorEmail?: string;
  /** The execution of the logged process. */
  executionName: string;
  /** Present once a manager withdrew it (status `withdrawn`). */
  withdrawal?: Withdrawal;
}

/** Execution name of a process run for an inspection (Step Functions names: letters, digits, - and _). */
export function executionNameFor(inspectionId: string, processId: ProcessId): string {
  return `${inspectionId}--${processId}`;
}

/**
 * When the awaited outcome (`outcomeOf`) is not yet a fact to record (London `today`), why. A monitoring visit's date
 * is checked with its outcome (record-outcome.ts). The inspection's own: the judgements are given at the
 * end of the inspection, so from its last day on site; an assurance visit's concerns, from day 1 (they are found
 * during the visit). An outcome recorded earlier would alert local authorities about an inspection still to happen
 * (a year typed wrong, say).
 */
export function outcomeNotYetRecordable(record: InspectionRecord, outcomeOf: ProcessId, today: LocalDate): string | undefined {
  if (outcomeOf === 'monitoring-visit') return undefined;
  // An assurance visit's outcome is its verbal feedback at the end of the visit ("Visit completes; verbal feedback
  // given", day 3): from the day it ends, planned or recorded earlier, never before (its alerts say when it ended).
  const assurance = 'day1' in record.dates;
  const from = inspectionEndDate(record);
  if (today >= from) return undefined;
  const day = assurance
    ? `the assurance visit ends on ${formatLondonDate(from)} (day 3; if it ended earlier, record "Visit completes" first)`
    : `the inspection's last day on site is ${formatLondonDate(from)}`;
  return `${day}: its outcome can be recorded from that day, not before (today is ${formatLondonDate(today)}, London)`;
}

/** The day the inspection (or assurance visit) began: its first day on site (an assurance visit's day 1). */
export function inspectionStartDate(record: InspectionRecord): LocalDate {
  return 'day1' in record.dates ? record.dates.day1 : record.dates.inspectionStart;
}

/** The day the inspection (or assurance visit) ended: actual when recorded, planned otherwise. */
export function inspectionEndDate(record: InspectionRecord): LocalDate {
  if ('inspectionEnd' in record.dates) return record.dates.inspectionEnd;
  const visitEnd = record.actuals['assurance-visit']?.['visit-end'];
  if (visitEnd) return visitEnd;
  const timeline = timelineFor(record, 'assurance-visit');
  const planned = timeline.steps.find((step) => step.id === 'visit-end');
  if (!planned) throw new Error('assurance-visit timeline has no visit-end step');
  return planned.dueLondonDate;
}

function anchorsFor(record: InspectionRecord, processId: ProcessId): Record<string, LocalDate> {
  if (processId === 'assurance-visit') {
    if (!('day1' in record.dates)) throw new Error(`inspection ${record.id} is not an assurance visit`);
    return { day1: record.dates.day1 };
  }
  return { 'inspection-end': inspectionEndDate(record) };
}

function conditionsFor(record: InspectionRecord, processId: ProcessId): Record<string, boolean> {
  const outcome = record.outcome?.outcome;
  switch (processId) {
    case 'assurance-visit': {
      const serious = outcome?.process === 'assurance-visit' && outcome.seriousOrWidespreadConcerns;
      // The window stays on the timeline once the case review decides against a monitoring visit, marked not
      // required with the decision (notRequiredFor): a step that stops applying says why.
      return { 'serious-concerns': serious, 'monitoring-visit': serious };
    }
    case 'inadequate':
      return {
        secure: record.establishment.kind === 'secure-childrens-home',
        'full-inspection-outcome': record.monitoringOutcome?.outcome.outcome === 'full-inspection',
        // SCCIF 15.1: one urgent case review; after an interim inspection it is the interim's, with the alert.
        'after-interim': record.process === 'interim-inspection',
      };
    case 'rfc-inspection':
      return { inadequate: outcome?.process === 'rfc-inspection' && outcome.overall === 'inadequate' };
    case 'monitoring-visit':
      return {
        'full-inspection-outcome':
          record.followUps['monitoring-visit']?.origin === 'inadequate' &&
          record.monitoringOutcome?.outcome.outcome === 'full-inspection',
      };
    case 'interim-inspection':
      return {
        'case-review': outcome?.process === 'interim-inspection' && interimCaseReviewDue(outcome),
        'return-visit': interimReturnVisitDecided(interimDecision(record)?.follows ?? 'compliance-action'),
      };
    case 'full-inspection':
      return {};
  }
}

/** SCCIF 15.1, §69, §89: a decline, or enough cause for concern, leads to an urgent case review. */
export function interimCaseReviewDue(outcome: Pick<Extract<OutcomeRecorded, { process: 'interim-inspection' }>, 'effectiveness' | 'enoughCauseForConcern'>): boolean {
  return outcome.effectiveness === 'declined' || outcome.enoughCauseForConcern === true;
}

/** What the interim inspection's urgent case review decided, once decided. */
export function interimDecision(record: InspectionRecord): (ReturnType<typeof interimCaseReviewDecision> & { decidedAt: string }) | undefined {
  const decided = record.decisions['interim-case-review'];
  if (!decided || !isInterimCaseReviewOption(decided.decision)) return undefined;
  return { ...interimCaseReviewDecision(decided.decision), decidedAt: decided.decidedAt };
}

/** Steps of a process that the inspection's own decisions (or its withdrawal) made unnecessary, with why. */
function notRequiredFor(record: InspectionRecord, processId: ProcessId): Record<string, string> {
  const steps: Record<string, string> = {};
  const interim = processId === 'interim-inspection' ? interimDecision(record) : undefined;
  if (interim && !interim.alertLocalAuthorities) {
    // SCCIF 15.3: the local authorities are alerted only "where ... it has been agreed at the case review".
    steps['dcs-alert'] = `not required, decided at the case review on ${formatDateInWords(londonDateOf(interim.decidedAt))}`;
  }
  const reviewed = processId === 'assurance-visit' ? record.decisions['case-review'] : undefined;
  if (reviewed && reviewed.decision !== 'monitoring-visit') {
    // AV 2021: the case review "allows the manager to decide which action to take": no monitoring visit follows.
    const why = `not required: the case review decided "${reviewed.decision.replaceAll('-', ' ')}" on ${formatDateInWords(londonDateOf(reviewed.decidedAt))}, so no monitoring visit follows`;
    steps['monitoring-visit-earliest'] = why;
    steps['monitoring-visit-latest'] = why;
  }
  const notPublished = record.monitoringReportNotPublished;
  if (processId === 'monitoring-visit' && notPublished) {
    steps.publish = `not required: the manager decided on ${formatDateInWords(notPublished.on)} not to publish the report (${notPublished.reason})`;
  }
  // Logged by mistake: nothing it had still to do is owed (the steps done keep their days).
  const { withdrawal } = record;
  if (withdrawal) {
    const why = `not required: the inspection was withdrawn on ${formatDateInWords(londonDateOf(withdrawal.withdrawnAt))} (logged by mistake)`;
    for (const step of PROCESSES[processId].steps) if (record.actuals[processId]?.[step.id] === undefined) steps[step.id] = why;
  }
  return steps;
}

/** The weeks of the next visit's window after further monitoring: as set with the outcome, else 6 to 8 (§71). */
export function nextVisitWeeks(outcome: Extract<OutcomeRecorded, { process: 'monitoring-visit' }>): { earliestWeeks: number; latestWeeks: number } {
  return outcome.nextVisitWindow ?? { earliestWeeks: MONITORING_WINDOW_OPENS.weeks, latestWeeks: MONITORING_WINDOW_CLOSES.weeks };
}

/** A manager's change of a visit's window, as the step and its escalation cite it. */
function windowChangeWords(change: NextVisitWindowChange): string {
  return (
    `a manager, ${change.byName}, who changed the window ${windowChangeRange(change)} on ${formatDateInWords(londonDateOf(change.at))} ` +
    `(${citeSources(VISIT_TIMING_CASE_BY_CASE.sources)}: ${VISIT_TIMING_CASE_BY_CASE.words}). Reason: ${change.reason}`
  );
}

/**
 * A window change as ranges: "from 6–8 weeks to 4–6 weeks" ("from 6 to 8 weeks to 3 to 4 weeks" was hard to read, and
 * "from 6 to 8 weeks" alone read as a change from 6 weeks to 8: found by new-user walks).
 */
export function windowChangeRange({ from, to }: Pick<NextVisitWindowChange, 'from' | 'to'>): string {
  return `from ${from.earliestWeeks}–${from.latestWeeks} weeks to ${to.earliestWeeks}–${to.latestWeeks} weeks`;
}

/**
 * The current monitoring visit's steps as its record adjusts them: after further monitoring, its window counts from
 * the previous visit in the weeks set with that visit's outcome (§71, §77); after an inadequate judgement that was not
 * improved, the report is published with the original judgement (§75); once visits are numbered, the report is named
 * by its visit ("1st monitoring visit report published").
 */
function monitoringVisitAdjustments(record: InspectionRecord): Record<string, StepAdjustment> {
  const adjusted: Record<string, StepAdjustment> = {};
  const previous = record.monitoringVisits?.at(-1);
  if (previous) {
    const anchor = { label: `the ${ordinalOf(previous.number)} monitoring visit`, date: previous.outcome.outcome.visitDate };
    const { earliestWeeks, latestWeeks } = nextVisitWeeks(previous.outcome.outcome);
    const number = ordinalOf(previous.number + 1);
    // A manager's change of the window is the rule's source now, not the regulations' 6 to 8 weeks (found by a new-user
    // walk: an escalation of a changed window cited SCCIF 15.1 alone).
    const changed = previous.windowChanges?.at(-1);
    const ruleSetBy = changed && windowChangeWords(changed);
    const setBy = ruleSetBy ? { ruleSetBy } : {};
    adjusted['monitoring-visit-earliest'] = { anchor, rule: { kind: 'weeks', weeks: earliestWeeks }, title: `${capitalised(number)} monitoring visit window opens`, ...setBy };
    adjusted['monitoring-visit-latest'] = { anchor, rule: { kind: 'weeks', weeks: latestWeeks }, title: `${capitalised(number)} monitoring visit carried out`, ...setBy };
  } else if (isFirstAfterInadequate(record)) {
    // The 1st visit after an inadequate judgement is the pathway's return visit, whose step the page shows (processHolding):
    // the report's rule names that step, not one shown nowhere (found by a new-user walk: 'Within 25 working days of
    // "Monitoring visit carried out"' under a pathway step titled "Return visit carried out (…)").
    adjusted['monitoring-visit-latest'] = { title: returnVisitAdjustments(record)['monitoring-visit-latest']?.title ?? RETURN_VISIT_TITLE };
  } else if (record.monitoringVisitNumber !== undefined) {
    adjusted['monitoring-visit-latest'] = { title: '1st monitoring visit carried out' };
  }
  // Once further monitoring numbered the visits, each report is named by its visit: two may be awaited at once.
  const report = record.monitoringVisitNumber === undefined ? 'Monitoring visit report' : `${capitalised(ordinalOf(record.monitoringVisitNumber))} monitoring visit report`;
  const current = record.monitoringOutcome?.outcome.outcome;
  if (record.followUps['monitoring-visit']?.origin === 'inadequate' && current !== undefined && current !== 'improved-judgement') {
    // §75: "a report of the monitoring visit will be published with the original judgement".
    adjusted.publish = { title: `${report} published with the original judgement (${originalJudgementWords(record)})` };
  } else if (record.monitoringVisitNumber !== undefined) {
    adjusted.publish = { title: `${report} published` };
  }
  return adjusted;
}

/**
 * The judgement the inspection itself recorded, in words: its overall judgement ("inadequate"), or an interim
 * inspection's ("declined in effectiveness, at the interim inspection"), whose case review may choose the inadequate
 * pathway without the home ever being judged inadequate (found by a new-user walk: "the inadequate judgement remains"
 * of a decline).
 */
export function originalJudgementWords(record: InspectionRecord): string {
  const outcome = record.outcome?.outcome;
  if (outcome && 'overall' in outcome) return outcome.overall;
  if (outcome?.process === 'interim-inspection') return `${INTERIM_LABELS[outcome.effectiveness]}, at the interim inspection`;
  return 'inadequate';
}

// Its own module, so that an email template can name a visit without bringing this one into its sender's bundle.
export { ordinalOf };

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The timeline of one process of this inspection, from the regulations and the record. */
export function timelineFor(record: InspectionRecord, processId: ProcessId): Timeline {
  return buildTimeline(PROCESSES[processId], {
    anchors: anchorsFor(record, processId),
    conditions: conditionsFor(record, processId),
    actuals: record.actuals[processId] ?? {},
    notRequired: notRequiredFor(record, processId),
    adjusted: ADJUSTMENTS[processId]?.(record) ?? {},
    ...(processId === 'monitoring-visit' && record.followUps['monitoring-visit']?.origin === 'assurance-visit' ? { worded: AFTER_ASSURANCE_VISIT } : {}),
  });
}

/** The steps each process's record adjusts (titles, anchors, rules), by process. */
const ADJUSTMENTS: Partial<Record<ProcessId, (record: InspectionRecord) => Record<string, StepAdjustment>>> = {
  inadequate: returnVisitAdjustments,
  'monitoring-visit': monitoringVisitAdjustments,
  'interim-inspection': interimReturnVisitAdjustments,
};

/**
 * The pathway's return visit by the name the urgent case review gave it (§71: a monitoring visit or a full
 * inspection). Before the decision the regulations' title says it may be either; after it, "Monitoring visit carried
 * out" (the 1st, once further monitoring numbered the visits) or "Return full inspection carried out" (found by a
 * new-user walk: an escalation after the decision still said "(monitoring visit or full inspection)").
 */
function returnVisitAdjustments(record: InspectionRecord): Record<string, StepAdjustment> {
  const chosen = record.decisions['case-review']?.decision;
  const visit =
    chosen === 'monitoring-visit' ? (record.monitoringVisitNumber === undefined ? 'Monitoring visit' : '1st monitoring visit') : chosen === 'full-inspection' ? 'Return full inspection' : undefined;
  if (visit === undefined) return {};
  return { 'monitoring-visit-earliest': { title: `${visit} window opens` }, 'monitoring-visit-latest': { title: `${visit} carried out` } };
}

/**
 * A monitoring visit after serious assurance-visit concerns (assurance visits guidance 2021, next steps) is the same
 * process as after an inadequate judgement, worded for where it came from: its window counts from the end of the
 * assurance visit, and its steps cite that guidance instead of SCCIF 15.1.
 */
const AFTER_ASSURANCE_VISIT = {
  title: 'Monitoring visit after serious concerns at an assurance visit',
  anchorLabels: { 'inspection-end': 'the end of the assurance visit' },
  source: ASSURANCE_NEXT_STEPS,
};

/**
 * The interim case review's return visit, in the window a manager set with the decision (weeks from the inspection,
 * SCCIF 15.1, §71); without one, the regulations' 6 to 8 weeks.
 */
function interimReturnVisitAdjustments(record: InspectionRecord): Record<string, StepAdjustment> {
  const window = record.decisions['interim-case-review']?.returnVisitWindow;
  if (!window) return {};
  return {
    'return-visit-earliest': { rule: { kind: 'weeks', weeks: window.earliestWeeks } },
    'return-visit': { rule: { kind: 'weeks', weeks: window.latestWeeks } },
  };
}

/** The steps of a monitoring visit's window (the return visit's, in the inadequate pathway). */
const RETURN_WINDOW_STEPS: readonly string[] = ['monitoring-visit-earliest', 'monitoring-visit-latest'];

/**
 * Which process holds a step of the inspection when two timelines show the same event, escalated once and shown once:
 * the 1st monitoring visit after an inadequate judgement is the pathway's return visit (§71), so its window is the
 * pathway's steps (issue 11: a late return visit was escalated by the pathway and by the monitoring run); and the full
 * inspection a monitoring visit after an inadequate judgement scheduled (15.1 (b)) is the pathway's 16-week step, which
 * the pathway waits for (a walk found it twice on the page, both overdue).
 */
export function processHolding(record: InspectionRecord, process: ProcessId, stepId: string): ProcessId {
  if (process !== 'monitoring-visit' || record.followUps['monitoring-visit']?.origin !== 'inadequate') return process;
  if (stepId === FULL_INSPECTION_AFTER_MONITORING) return 'inadequate';
  return isFirstAfterInadequate(record) && RETURN_WINDOW_STEPS.includes(stepId) ? 'inadequate' : process;
}

/** 15.1 (b): the full inspection a monitoring visit's outcome scheduled, in both the pathway's and the visit's timeline. */
const FULL_INSPECTION_AFTER_MONITORING = 'full-inspection-latest';

/** The current monitoring visit is the 1st after an inadequate judgement: the pathway's return visit (§71). */
function isFirstAfterInadequate(record: InspectionRecord): boolean {
  return record.followUps['monitoring-visit']?.origin === 'inadequate' && (record.monitoringVisitNumber ?? 1) === 1;
}

/** The pathway's return-visit step, as the page shows it. */
const RETURN_VISIT_TITLE = PROCESSES.inadequate.steps.find((step) => step.id === 'monitoring-visit-latest')!.title;

/** The logged process first, then every follow-up process started for the inspection. */
export function processesOf(record: InspectionRecord): ProcessId[] {
  const processes: ProcessId[] = [record.process];
  for (const processId of Object.keys(record.followUps) as ProcessId[]) {
    if (!processes.includes(processId)) processes.push(processId);
  }
  return processes;
}

/**
 * The logged process first, then every follow-up process started for the inspection; a step another timeline holds
 * (processHolding) is shown there only.
 */
export function timelinesFor(record: InspectionRecord): Timeline[] {
  return processesOf(record).map((processId) => {
    const timeline = timelineFor(record, processId);
    const steps = timeline.steps.filter((step) => processHolding(record, processId, step.id) === processId);
    return steps.length === timeline.steps.length ? timeline : { ...timeline, steps };
  });
}

/**
 * What a state machine needs to route on once an outcome is recorded: the judgements and flags only, never free
 * text (execution history keeps step outputs, so concerns summaries and names stay out of it).
 */
export type WorkflowOutcome =
  | { process: 'full-inspection'; overall: string; secure: boolean }
  | { process: 'interim-inspection'; effectiveness: string; caseReview: boolean; secure: boolean }
  | { process: 'rfc-inspection'; overall: string; secure: false }
  | { process: 'assurance-visit'; seriousOrWidespreadConcerns: boolean; concernsSerious: boolean; secure: boolean }
  | { process: 'monitoring-visit'; outcome: string; secure: boolean };

export function workflowOutcome(record: InspectionRecord, outcomeOf: 'monitoring-visit' | LoggableProcess): WorkflowOutcome | undefined {
  const secure = record.establishment.kind === 'secure-childrens-home';
  if (outcomeOf === 'monitoring-visit') {
    const monitoring = record.monitoringOutcome?.outcome;
    return monitoring ? { process: 'monitoring-visit', outcome: monitoring.outcome, secure } : undefined;
  }
  const outcome = record.outcome?.outcome;
  if (!outcome || outcome.process !== outcomeOf) return undefined;
  switch (outcome.process) {
    case 'full-inspection':
      return { process: outcome.process, overall: outcome.overall, secure };
    case 'interim-inspection':
      return { process: outcome.process, effectiveness: outcome.effectiveness, caseReview: interimCaseReviewDue(outcome), secure };
    case 'rfc-inspection':
      return { process: outcome.process, overall: outcome.overall, secure: false };
    case 'assurance-visit':
      return {
        process: outcome.process,
        seriousOrWidespreadConcerns: outcome.seriousOrWidespreadConcerns,
        concernsSerious: outcome.concernsSerious ?? false,
        secure,
      };
  }
}

/** The lead inspector an email names for replies, when their address is known (with replyToLeadInspector). */
export function leadInspectorContact(record: Pick<InspectionRecord, 'inspectorName' | 'inspectorEmail'>): { leadInspector?: { name: string; email: string } } {
  return record.inspectorEmail ? { leadInspector: { name: record.inspectorName, email: record.inspectorEmail } } : {};
}

/** The Reply-To of an email the provider or a local authority may answer: the lead inspector, when their address is known. */
export function replyToLeadInspector(record: Pick<InspectionRecord, 'inspectorEmail'>): { replyTo?: string } {
  return record.inspectorEmail ? { replyTo: record.inspectorEmail } : {};
}
