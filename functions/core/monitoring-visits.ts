/**
 * Monitoring visits numbered from 1 (children's homes framework §74-77; SCCIF 15.1). After an inadequate judgement the
 * outcome of a monitoring visit may be to "carry out further monitoring and take steps towards cancellation": the
 * next visit, with its own run, outcome and report. The record keeps the current visit as `monitoringOutcome` (its
 * steps in `actuals['monitoring-visit']`) and the earlier ones, as they were, in `monitoringVisits`. A record from
 * before further monitoring was repeatable has neither `monitoringVisitNumber` nor `monitoringVisits`: its one visit
 * is the 1st.
 *
 * An improved judgement (§74) is a new judgement of the inspection: the current judgement is the latest one a
 * monitoring visit awarded, the original stays on the record (`outcome`).
 */
import { formatLondonDate, type LocalDate } from './calendar';
import { applyRule, type ProcessId, type TimelineStep } from './regulations';
import {
  executionNameFor,
  nextVisitWeeks,
  ordinalOf,
  timelineFor,
  type EarlierMonitoringVisit,
  type InspectionRecord,
  type NextVisitWindowChange,
  type NotPublishedDecision,
  type RecordedOutcome,
} from './inspection';
import type { WindowChangedInput } from './email-content';
import type { CancellationStep } from './schemas';

/**
 * The current monitoring visit by name: "the monitoring visit" until further monitoring numbered the visits, then
 * "the 2nd monitoring visit" (what a form recording its outcome says it records).
 */
export function currentMonitoringVisitWords(record: Pick<InspectionRecord, 'monitoringVisitNumber'>): string {
  return record.monitoringVisitNumber === undefined ? 'the monitoring visit' : `the ${ordinalOf(record.monitoringVisitNumber)} monitoring visit`;
}

/** The number of the current monitoring visit (1 on a record that has never had further monitoring). */
export function currentMonitoringVisitNumber(record: Pick<InspectionRecord, 'monitoringVisitNumber'>): number {
  return record.monitoringVisitNumber ?? 1;
}

/**
 * The execution name of the run of monitoring visit `number`: the 1st keeps the name every run had before
 * (`<id>--monitoring-visit`), later ones add their number, so each starts once and a retry starts none.
 */
export function monitoringVisitExecutionName(inspectionId: string, number: number): string {
  const first = executionNameFor(inspectionId, 'monitoring-visit');
  return number === 1 ? first : `${first}-${number}`;
}

/**
 * An outbox duty of the current monitoring visit's (`process` monitoring-visit) emails: the 1st visit keeps the duty
 * every visit had before, a later one adds its number, so that each visit's report, DfE notice and escalations are
 * sent once each, not once for all the visits of the inspection. Other processes' duties are returned as they are.
 */
export function visitDuty(record: Pick<InspectionRecord, 'monitoringVisitNumber'>, process: ProcessId, duty: string): string {
  const number = process === 'monitoring-visit' ? currentMonitoringVisitNumber(record) : 1;
  return number === 1 ? duty : `${duty}:visit-${number}`;
}

/** The monitoring visit a duty of visitDuty names (1 when it names none). */
export function visitOfDuty(duty: string): number {
  const match = /:visit-(\d+)$/.exec(duty);
  return match ? Number(match[1]) : 1;
}

/**
 * The key a run's wait for a step is kept under (await-step; answered by recording the step): the step id, or for an
 * earlier monitoring visit's report, waited for while a later visit is current, the step and the visit's number.
 */
export function stepWaitKey(stepId: string, visit?: number): string {
  return visit === undefined ? stepId : `${stepId}#visit-${visit}`;
}

/**
 * The inspection as it stood for monitoring visit `number`: the record itself for the current visit; for an earlier
 * one, its outcome, its steps and its report decision put back as the current visit's, and the visits before it as
 * the earlier ones. Its timeline, report and escalations are then built by the same rules as the current visit's.
 * Undefined when the inspection has no such visit.
 */
export function asOfMonitoringVisit(record: InspectionRecord, number: number): InspectionRecord | undefined {
  if (number === currentMonitoringVisitNumber(record)) return record;
  const earlier = record.monitoringVisits ?? [];
  const index = earlier.findIndex((visit) => visit.number === number);
  const visit = earlier[index];
  const run = record.followUps['monitoring-visit'];
  if (!visit || !run) return undefined;
  const { monitoringReportNotPublished: _current, ...rest } = record;
  return {
    ...rest,
    monitoringVisitNumber: number,
    monitoringVisits: earlier.slice(0, index),
    monitoringOutcome: visit.outcome,
    actuals: { ...record.actuals, 'monitoring-visit': { ...visit.actuals } },
    followUps: { ...record.followUps, 'monitoring-visit': { ...run, executionName: visit.executionName } },
    ...(visit.notPublished ? { monitoringReportNotPublished: visit.notPublished } : {}),
  };
}

/**
 * The reports of earlier monitoring visits, each as its visit's timeline gives the step (once the visit's outcome is
 * recorded): awaited, recorded or decided not to be published. The page keeps each in view, so that a report recorded
 * against an earlier visit can still be seen and its date corrected (found by a new-user walk: it vanished once recorded).
 */
export function earlierVisitReports(record: InspectionRecord): { number: number; step: TimelineStep; awaited: boolean }[] {
  return (record.monitoringVisits ?? []).flatMap((visit) => {
    const step = reportStepOf(asOfMonitoringVisit(record, visit.number));
    if (!step) return [];
    const recorded = visit.actuals.publish !== undefined || visit.notPublished !== undefined;
    return [{ number: visit.number, step, awaited: !recorded && step.done === undefined && step.notRequired === undefined }];
  });
}

/**
 * The reports of earlier monitoring visits still to be published (or decided not to be), each as its visit's
 * timeline gives the step (titled with the visit): what a list of next deadlines adds to the current timelines.
 */
export function awaitedEarlierReports(record: InspectionRecord): { number: number; step: TimelineStep }[] {
  return earlierVisitReports(record)
    .filter(({ awaited }) => awaited)
    .map(({ number, step }) => ({ number, step }));
}

/** A visit's report step, from its own timeline (the record as it stood for the visit), once its outcome is recorded. */
function reportStepOf(asOf: InspectionRecord | undefined): TimelineStep | undefined {
  if (!asOf?.monitoringOutcome || !asOf.followUps['monitoring-visit']) return undefined;
  return timelineFor(asOf, 'monitoring-visit').steps.find((candidate) => candidate.id === 'publish');
}

/** The execution name of the run that waits for an earlier monitoring visit's report (begun with the next visit). */
export function monitoringReportExecutionName(inspectionId: string, number: number): string {
  return `${monitoringVisitExecutionName(inspectionId, number)}-report`;
}

/** What the run needs to start the next visit (schedule-visit's output, read by the state machine). */
export interface NextMonitoringVisit {
  number: number;
  executionName: string;
  earliest: LocalDate;
  latest: LocalDate;
}

/**
 * The visit after the current one, when its outcome was further monitoring: numbered, named, and its window counted
 * from the current visit in the weeks set with the outcome. Undefined when the current outcome is anything else.
 */
export function nextMonitoringVisit(record: InspectionRecord): NextMonitoringVisit | undefined {
  const current = record.monitoringOutcome?.outcome;
  if (current?.outcome !== 'further-monitoring') return undefined;
  const number = currentMonitoringVisitNumber(record) + 1;
  const { earliestWeeks, latestWeeks } = nextVisitWeeks(current);
  return { number, executionName: monitoringVisitExecutionName(record.id, number), ...windowAfter(current.visitDate, earliestWeeks, latestWeeks) };
}

/**
 * The visit further monitoring began, when it has begun: the current one, whose window counts from the earlier visit
 * that chose further monitoring (a retry of the step that began it finds it here).
 */
export function begunMonitoringVisit(record: InspectionRecord): NextMonitoringVisit | undefined {
  const previous = record.monitoringVisits?.at(-1);
  const number = currentMonitoringVisitNumber(record);
  if (!previous || previous.number + 1 !== number || previous.outcome.outcome.outcome !== 'further-monitoring') return undefined;
  const { earliestWeeks, latestWeeks } = nextVisitWeeks(previous.outcome.outcome);
  return { number, executionName: monitoringVisitExecutionName(record.id, number), ...windowAfter(previous.outcome.outcome.visitDate, earliestWeeks, latestWeeks) };
}

/**
 * The window of the monitoring visit further monitoring began, changed by a manager before its outcome is recorded:
 * the visit, the weeks it had and the London days of the new window. A string saying why not when it cannot change:
 * no visit was begun by further monitoring, or its outcome is recorded.
 */
export function changedMonitoringWindow(
  record: InspectionRecord,
  /** The new weeks: the window as it is when left out. */
  weeks?: { earliestWeeks: number; latestWeeks: number },
): string | (NextMonitoringVisit & { from: { earliestWeeks: number; latestWeeks: number } }) {
  const begun = begunMonitoringVisit(record);
  const previous = record.monitoringVisits?.at(-1);
  if (!begun || !previous) {
    return 'no monitoring visit has a window to change: a manager changes the window of a monitoring visit that further monitoring began (§77), until its outcome is recorded';
  }
  if (record.monitoringOutcome) {
    return `the ${ordinalOf(begun.number)} monitoring visit's outcome was recorded (visit on ${formatLondonDate(record.monitoringOutcome.outcome.visitDate)}): its window can no longer change`;
  }
  const from = nextVisitWeeks(previous.outcome.outcome);
  const to = weeks ?? from;
  return { ...begun, ...windowAfter(previous.outcome.outcome.visitDate, to.earliestWeeks, to.latestWeeks), from };
}

/**
 * Every visit further monitoring began (the 2nd on), oldest first: its window, counted from the visit before it in
 * the weeks set then (or as a manager changed them), and the day it was carried out once recorded. The record's
 * scheduled further monitoring holds only the latest; the page lists them all.
 */
export function furtherMonitoringVisits(record: InspectionRecord): { number: number; earliest: LocalDate; latest: LocalDate; done?: LocalDate }[] {
  const current = currentMonitoringVisitNumber(record);
  const visits = [];
  for (let number = 2; number <= current; number += 1) {
    const asOf = asOfMonitoringVisit(record, number);
    const window = asOf && begunMonitoringVisit(asOf);
    if (!asOf || !window) continue;
    const done = asOf.monitoringOutcome?.outcome.visitDate;
    visits.push({ number, earliest: window.earliest, latest: window.latest, ...(done === undefined ? {} : { done }) });
  }
  return visits;
}

/** The outbox duty of the lead inspector's notice of a window change: one per change (numbered from 1) of a visit. */
export function windowChangeDuty(visit: number, change: number): string {
  return `window-change:${change}:visit-${visit}`;
}

/**
 * The lead inspector's notice of the latest change of the begun visit's window (email-content windowChanged), with
 * its duty and address: a manager's change must not first reach them as an escalation. Undefined when the window was
 * never changed, the visit's outcome is recorded, or the record has no lead inspector's address (a manager logged the
 * inspection: the manager who changed the window tells them).
 */
export function windowChangeNotice(record: InspectionRecord, baseUrl: string): { duty: string; to: string; template: WindowChangedInput } | undefined {
  const previous = record.monitoringVisits?.at(-1);
  const changes = previous?.windowChanges ?? [];
  const change = changes.at(-1);
  if (!previous || !change || !record.inspectorEmail) return undefined;
  const from = changedMonitoringWindow(record, change.from);
  const to = changedMonitoringWindow(record, change.to);
  if (typeof from === 'string' || typeof to === 'string') return undefined;
  return {
    duty: windowChangeDuty(to.number, changes.length),
    to: record.inspectorEmail,
    template: {
      template: 'windowChanged',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      leadInspectorName: record.inspectorName,
      changedBy: change.byName,
      changedAt: change.at,
      visit: to.number,
      countedFrom: previous.outcome.outcome.visitDate,
      from: { ...change.from, earliest: from.earliest, latest: from.latest },
      to: { ...change.to, earliest: to.earliest, latest: to.latest },
      reason: change.reason,
      baseUrl,
    },
  };
}

/** The London days a window of weeks counted from a visit opens and closes (the timeline's own rule kind). */
function windowAfter(visitDate: LocalDate, earliestWeeks: number, latestWeeks: number): { earliest: LocalDate; latest: LocalDate } {
  const anchor = { label: 'the monitoring visit', date: visitDate, basis: 'actual' as const };
  return {
    earliest: applyRule({ kind: 'weeks', weeks: earliestWeeks }, anchor).dueLondonDate,
    latest: applyRule({ kind: 'weeks', weeks: latestWeeks }, anchor).dueLondonDate,
  };
}

/** The current visit as it is kept once the next one begins. */
export function closedMonitoringVisit(record: InspectionRecord): EarlierMonitoringVisit | undefined {
  const outcome = record.monitoringOutcome;
  if (!outcome) return undefined;
  const number = currentMonitoringVisitNumber(record);
  const notPublished = record.monitoringReportNotPublished;
  return {
    number,
    outcome,
    actuals: { ...record.actuals['monitoring-visit'] },
    executionName: record.followUps['monitoring-visit']?.executionName ?? monitoringVisitExecutionName(record.id, number),
    ...(notPublished ? { notPublished } : {}),
  };
}

/** One monitoring visit as the inspection page and API show it. */
export interface MonitoringVisitSummary {
  number: number;
  /** "1st monitoring visit". */
  title: string;
  current: boolean;
  outcome?: RecordedOutcome<'monitoring-visit'>['outcome'];
  recordedBy?: string;
  recordedAt?: string;
  /** Further monitoring after an inadequate judgement: the steps towards cancellation (§77). */
  stepsTowardsCancellation?: CancellationStep[];
  /** The London day its report was published, when recorded. */
  publishedOn?: LocalDate;
  notPublished?: NotPublishedDecision;
  /** The next visit's window, after further monitoring. */
  nextVisit?: { earliest: LocalDate; latest: LocalDate };
  /** A manager's changes of that window after the outcome was recorded, oldest first. */
  windowChanges?: NextVisitWindowChange[];
  /**
   * Its report once its outcome is recorded (§71: "Any monitoring visit will result in a published report"): the step
   * as the visit's own timeline gives it, with its due day and the day it was recorded. An earlier visit's report is
   * recorded with `"visit": number` (POST /inspections/{id}/steps/publish).
   */
  report?: { stepId: 'publish'; title: string; due: string; dueLondonDate: LocalDate; done?: LocalDate };
}

/** Every monitoring visit of the inspection, 1st first: the earlier ones, then the current one. */
export function monitoringVisitsOf(record: InspectionRecord): MonitoringVisitSummary[] {
  const visits: MonitoringVisitSummary[] = (record.monitoringVisits ?? []).map((earlier) => ({
    ...summary(earlier.number, false, earlier.outcome, earlier.actuals.publish, earlier.notPublished, asOfMonitoringVisit(record, earlier.number)),
    ...(earlier.windowChanges?.length ? { windowChanges: earlier.windowChanges } : {}),
  }));
  if (record.followUps['monitoring-visit'] || record.monitoringOutcome) {
    visits.push(
      summary(
        currentMonitoringVisitNumber(record),
        true,
        record.monitoringOutcome,
        record.actuals['monitoring-visit']?.publish,
        record.monitoringReportNotPublished,
        record,
      ),
    );
  }
  return visits;
}

/** A visit's report step, from the timeline of the record as it stood for the visit, once its outcome is recorded. */
function reportOf(asOf: InspectionRecord | undefined): MonitoringVisitSummary['report'] {
  const step = reportStepOf(asOf);
  if (!step) return undefined;
  return { stepId: 'publish', title: step.title, due: step.due, dueLondonDate: step.dueLondonDate, ...(step.done ? { done: step.done } : {}) };
}

function summary(
  number: number,
  current: boolean,
  recorded: RecordedOutcome<'monitoring-visit'> | undefined,
  publishedOn: LocalDate | undefined,
  notPublished: NotPublishedDecision | undefined,
  asOf: InspectionRecord | undefined,
): MonitoringVisitSummary {
  const outcome = recorded?.outcome;
  const report = reportOf(asOf);
  const weeks = outcome?.outcome === 'further-monitoring' ? nextVisitWeeks(outcome) : undefined;
  return {
    number,
    title: `${ordinalOf(number)} monitoring visit`,
    current,
    ...(recorded ? { outcome: recorded.outcome, recordedBy: recorded.recordedBy, recordedAt: recorded.recordedAt } : {}),
    ...(outcome?.stepsTowardsCancellation ? { stepsTowardsCancellation: outcome.stepsTowardsCancellation } : {}),
    ...(publishedOn ? { publishedOn } : {}),
    ...(notPublished ? { notPublished } : {}),
    ...(outcome && weeks ? { nextVisit: windowAfter(outcome.visitDate, weeks.earliestWeeks, weeks.latestWeeks) } : {}),
    ...(report ? { report } : {}),
  };
}

/** The inspection's judgement now: the original, or the latest improved one a monitoring visit awarded (§74). */
export interface CurrentJudgement {
  overall: string;
  /** Where it comes from: the inspection itself, or the numbered monitoring visit that awarded it, on its visit day. */
  from: { kind: 'original' } | { kind: 'monitoring-visit'; number: number; visitDate: LocalDate };
  /** The original judgement, kept when a monitoring visit improved it. */
  original?: string;
}

export function currentJudgement(record: InspectionRecord): CurrentJudgement | undefined {
  const outcome = record.outcome?.outcome;
  const original = outcome && 'overall' in outcome ? outcome.overall : undefined;
  if (original === undefined) return undefined;
  const visits: { number: number; outcome: RecordedOutcome<'monitoring-visit'> }[] = [...(record.monitoringVisits ?? [])];
  if (record.monitoringOutcome) visits.push({ number: currentMonitoringVisitNumber(record), outcome: record.monitoringOutcome });
  const improved = visits.filter((visit) => visit.outcome.outcome.improvedJudgement !== undefined).at(-1);
  if (!improved) return { overall: original, from: { kind: 'original' } };
  return {
    overall: improved.outcome.outcome.improvedJudgement!,
    from: { kind: 'monitoring-visit', number: improved.number, visitDate: improved.outcome.outcome.visitDate },
    original,
  };
}
