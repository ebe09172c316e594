/**
 * A recorded change (a manager's date correction, the next monitoring visit's window) can move the due instant of a
 * step a run is waiting on. A callback wait times out at the instant measured when it began (measure-time-left), so
 * a deadline moved earlier would be escalated late, and a pending approval would show the old due date. The change
 * therefore fails the waiting task with DEADLINE_MOVED; the state machine catches it and measures the time left again
 * (workflows/steps.ts: waitWithEscalation), and the wait begins again with the new deadline.
 *
 * Which step each kind of wait measures is named here once: the workflows build their waits from it, and the change
 * finds the waits to fail from it.
 */
import { timelineFor, type InspectionRecord } from './inspection';
import { awaitedEarlierReports } from './monitoring-visits';
import { PROCESSES, type ProcessId } from './regulations';
import { isReportStep } from './reports';
import type { ApprovalKind, OutcomeProcess } from './schemas';

/** The error a waiting task is failed with when its step's deadline moved (matched by the wait's Retry and Catch). */
export const DEADLINE_MOVED = 'DeadlineMoved';

/** The step each outcome wait is due with (await-outcome): the outcome is escalated when that step is overdue. */
export const OUTCOME_WAIT_STEP = {
  'assurance-visit': 'visit-end',
  'full-inspection': 'judgements-recorded',
  'interim-inspection': 'judgements-recorded',
  'rfc-inspection': 'report-to-provider',
  'monitoring-visit': 'monitoring-visit-latest',
} as const satisfies Record<OutcomeProcess, string>;

/**
 * The steps a run waits for beside the report stages once its outcome is recorded, each in a branch of its own: an
 * assurance visit's draft report and evidence for quality assurance (day 4).
 */
export const AWAITED_BESIDE_REPORTS = {
  'assurance-visit': ['draft-report-qa'],
} as const satisfies Partial<Record<OutcomeProcess, readonly string[]>>;

/** The step each process's outcome wait measures; none for a process without an outcome (the inadequate pathway). */
export const OUTCOME_STEP_OF: Partial<Record<ProcessId, string>> = OUTCOME_WAIT_STEP;
const BESIDE_REPORTS: Partial<Record<ProcessId, readonly string[]>> = AWAITED_BESIDE_REPORTS;

/**
 * The steps a run of `process` waits for only after its wait on `stepId` ends: after a report stage, the later
 * stages; after the outcome, every report stage (and what is awaited beside them). Their statutory clocks run while
 * the earlier wait lasts (publication counts from the end of the inspection, not from the report sent to the
 * provider), so that wait escalates them as they pass (core/escalations.ts: watchedSteps) and is measured again when
 * one of them moves (stepsHolding). None for an approval or any other wait.
 */
export function heldSteps(process: ProcessId, stepId: string): string[] {
  const stages = PROCESSES[process].steps.map((step) => step.id).filter(isReportStep);
  if (OUTCOME_STEP_OF[process] === stepId) return [...(BESIDE_REPORTS[process] ?? []), ...stages.filter((stage) => stage !== stepId)];
  return isReportStep(stepId) ? stages.slice(stages.indexOf(stepId) + 1) : [];
}

/** The steps whose waits hold `stepId` (heldSteps): a wait on one of them is measured again when `stepId` moves. */
export function stepsHolding(process: ProcessId, stepId: string): string[] {
  return PROCESSES[process].steps.map((step) => step.id).filter((waited) => heldSteps(process, waited).includes(stepId));
}

/** The step each approval is due under (request-approval). */
export const APPROVAL_WAIT_STEP = {
  'case-review': 'case-review',
  'interim-case-review': 'case-review',
  'rfc-case-discussion': 'case-discussion',
  'la-contact-arrangements': 'dcs-alert',
} as const satisfies Record<ApprovalKind, string>;

/** A step still to be done whose due instant changed: `visit` names an earlier monitoring visit's report. */
export interface MovedDeadline {
  process: ProcessId;
  stepId: string;
  visit?: number;
  from: string;
  to: string;
}

function processesOf(record: InspectionRecord): ProcessId[] {
  return [record.process, ...(Object.keys(record.followUps) as ProcessId[]).filter((process) => process !== record.process)];
}

/**
 * The steps, not yet done, whose due instant differs between the record before a change and after it: the current
 * timelines of every run (each process's own, as its waits measure it) and the reports of earlier monitoring visits.
 * A step that is new, done or not required is no wait's concern. Pure.
 */
export function movedDeadlines(before: InspectionRecord, after: InspectionRecord): MovedDeadline[] {
  const moved: MovedDeadline[] = [];
  const known = processesOf(before);
  for (const process of processesOf(after).filter((candidate) => known.includes(candidate))) {
    const was = new Map(timelineFor(before, process).steps.map((step) => [step.id, step.due]));
    for (const step of timelineFor(after, process).steps) {
      const from = was.get(step.id);
      if (step.done !== undefined || step.notRequired !== undefined || from === undefined || from === step.due) continue;
      moved.push({ process, stepId: step.id, from, to: step.due });
    }
  }
  const earlier = new Map(awaitedEarlierReports(before).map(({ number, step }) => [number, step.due]));
  for (const { number, step } of awaitedEarlierReports(after)) {
    const from = earlier.get(number);
    if (from !== undefined && from !== step.due) moved.push({ process: 'monitoring-visit', stepId: step.id, visit: number, from, to: step.due });
  }
  return moved;
}
