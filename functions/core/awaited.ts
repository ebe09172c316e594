/**
 * What an inspection is waiting for, and from whom: the facts the status words on the inspections list and the
 * inspection page are made of (one place, so the two never disagree).
 *
 * Read from the record, its timelines (the windows and due dates come from the regulations through timelinesFor) and
 * the approvals still pending on it. Pure: no clock, no I/O.
 */
import type { LocalDate } from './calendar';
import { monitoringVisitRefusal } from './follow-ups';
import { currentMonitoringVisitWords } from './monitoring-visits';
import { timelinesFor, type InspectionRecord } from './inspection';
import { isProcessId, PROCESSES, type ProcessId, type TimelineStep } from './regulations';
import type { ApprovalKind, LoggableProcess } from './schemas';

/** A pending approval as the queue holds it (ApprovalSummary): what kind, and when it is due. */
export interface PendingApproval {
  inspectionId: string;
  kind: ApprovalKind;
  process: string;
  dueAt: string;
}

export type Awaited =
  /**
   * An assurance visit logged ahead of its day 1: the lead inspector records the call that announces it, which the
   * letter to the provider follows (announcementRecordedAtLogging).
   */
  | { kind: 'announcement'; due: string }
  /** The lead inspector records the outcome (the judgements, or the concerns) of the inspection itself. */
  | { kind: 'outcome'; process: LoggableProcess; due?: string }
  /** Someone (DECIDED_BY says who) decides an approval. */
  | { kind: 'decision'; approval: ApprovalKind; due: string }
  /**
   * The monitoring visit, then its outcome from the lead inspector. `opens`/`closes`: the 6-8 week return window,
   * counted from `countedFrom`; `decided`: whether the run has started it (a case review chose it, or none is needed).
   */
  | {
      kind: 'monitoring-visit';
      /** "the monitoring visit", or "the 2nd monitoring visit" once further monitoring numbered them. */
      visit: string;
      opens?: LocalDate;
      closes: LocalDate;
      due: string;
      countedFrom: { label: string; date: LocalDate };
      decided: boolean;
    }
  /** An inspection to be logged as this one's return (or follow-up) inspection, by `due`. */
  | { kind: 'inspection'; title: string; due: string; rule: string };

function stepIn(record: InspectionRecord, processes: readonly ProcessId[], stepId: string): TimelineStep | undefined {
  const timelines = timelinesFor(record);
  for (const process of processes) {
    const step = timelines.find((timeline) => timeline.process === process)?.steps.find((candidate) => candidate.id === stepId);
    if (step) return step;
  }
  return undefined;
}

function open(step: TimelineStep | undefined): step is TimelineStep {
  return step !== undefined && step.done === undefined && step.notRequired === undefined;
}

function monitoringVisit(record: InspectionRecord): Awaited | undefined {
  if (record.monitoringOutcome || monitoringVisitRefusal(record) !== undefined) return undefined;
  // The monitoring visit's own timeline once its run started, else the return window of the process that asks for it.
  const processes: ProcessId[] = ['monitoring-visit', 'inadequate', 'assurance-visit'];
  const closes = stepIn(record, processes, 'monitoring-visit-latest');
  if (!closes) return undefined;
  const opens = stepIn(record, processes, 'monitoring-visit-earliest');
  return {
    kind: 'monitoring-visit',
    visit: currentMonitoringVisitWords(record),
    ...(opens ? { opens: opens.dueLondonDate } : {}),
    closes: closes.dueLondonDate,
    due: closes.due,
    countedFrom: { label: closes.anchor.label, date: closes.anchor.date },
    decided: record.followUps['monitoring-visit'] !== undefined,
  };
}

/** Inspections still to be logged as return or follow-up inspections (the full inspection within 16 weeks, …). */
function inspectionsToLog(record: InspectionRecord): Awaited[] {
  const awaited: Awaited[] = [];
  const seen = new Set<string>();
  for (const timeline of timelinesFor(record)) {
    for (const step of timeline.steps) {
      const title = inspectionToLog(record, timeline.process, step);
      if (title === undefined || !open(step) || step.kind !== 'deadline' || seen.has(step.id)) continue;
      seen.add(step.id);
      awaited.push({ kind: 'inspection', title, due: step.due, rule: step.rule });
    }
  }
  return awaited;
}

/**
 * The inspection whose logging (as this one's return inspection) meets a step, in words ("the full inspection", "the
 * return full inspection", "the next inspection"), when a logged inspection is how the step is met; else undefined.
 */
export function inspectionToLog(record: InspectionRecord, process: string, step: Pick<TimelineStep, 'id' | 'title'>): string | undefined {
  if (step.id === 'monitoring-visit-latest' && process === 'inadequate' && record.decisions['case-review']?.decision === 'full-inspection') {
    return 'the return full inspection';
  }
  if (recordedThrough(process, step.id) !== 'logged-inspection') return undefined;
  // "Next inspection carried out" (RFC §45) → "the next inspection"; "Full inspection carried out (…)" → "the full inspection".
  return `the ${step.title.replace(/ carried out.*$/, '').toLowerCase()}`;
}

/** How the regulations say a step is recorded (a logged inspection meets `logged-inspection` steps). */
function recordedThrough(process: string, stepId: string) {
  return isProcessId(process) ? PROCESSES[process].steps.find((step) => step.id === stepId)?.recordedThrough : undefined;
}

/**
 * Everything the inspection waits for now, in this order: its own outcome, the decisions pending on it, the monitoring
 * visit, the return inspections to log. Empty for a failed run, a withdrawn inspection, or when only the system's and the report's steps remain.
 */
export function awaitedOf(record: InspectionRecord, pending: readonly PendingApproval[]): Awaited[] {
  if (record.status === 'failed' || record.status === 'withdrawn') return [];
  if (!record.outcome) {
    const judgements = timelinesFor(record)[0]?.steps.find((step) => step.id === 'judgements-recorded');
    // Found by a new-user walk: logged ahead and the call overdue, the status said only that the outcome was awaited.
    const announce = record.process === 'assurance-visit' ? stepIn(record, ['assurance-visit'], 'announce') : undefined;
    return [
      ...(open(announce) ? [{ kind: 'announcement' as const, due: announce.due }] : []),
      { kind: 'outcome', process: record.process, ...(open(judgements) ? { due: judgements.due } : {}) },
    ];
  }
  const decisions: Awaited[] = pending
    .filter((approval) => approval.inspectionId === record.id)
    .map((approval) => ({ kind: 'decision', approval: approval.kind, due: approval.dueAt }));
  const visit = monitoringVisit(record);
  return [...decisions, ...(visit ? [visit] : []), ...inspectionsToLog(record)];
}
