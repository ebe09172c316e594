/**
 * Long clocks. A Standard Step Functions execution lasts at most one year, so a wait longer than about eleven months
 * (the family centre's next inspection within 12 months, RFC framework §45) is not a Wait state: the run that sets the
 * clock ends, and a later run of the same process starts at the due instant and carries on from that step. The later
 * run is named after the run that set the clock and the step, so however often the clock is set (a retry, a replay)
 * or fires, one run starts.
 */
import { createHash } from 'node:crypto';
import { executionNameFor } from './inspection';
import { isProcessId, type ProcessId } from './regulations';

/** The longest a run may last on AWS (Standard executions: one year). A state machine declares no more. */
export const LONGEST_RUN_DAYS = 365;

/** Where a run started by a long clock finds the step it resumes at (the workflow's first Choice reads it). */
export const RESUME_FIELD = 'resumeAt';

export interface LaterRunInput {
  inspectionId: string;
  resumeAt: string;
}

export function laterRunInput(inspectionId: string, stepId: string): LaterRunInput {
  return { inspectionId, [RESUME_FIELD]: stepId } as LaterRunInput;
}

/** `<inspectionId>--<process>--<stepId>`: Step Functions allows 80 characters, which our ids stay well inside. */
export function laterRunName(inspectionId: string, process: ProcessId, stepId: string): string {
  return `${executionNameFor(inspectionId, process)}--${stepId}`;
}

/**
 * A run started to wait again for a step a withdrawn return inspection reopened (app/withdraw-inspection.ts): the later
 * run's name with `-again-` and a digest of the withdrawn inspection's id, so that each withdrawal starts one run
 * however often it is sent, and a second mistaken return withdrawn later starts another. 78 characters at most.
 */
export function reopenedRunName(inspectionId: string, process: ProcessId, stepId: string, withdrawnId: string): string {
  const digest = createHash('sha256').update(withdrawnId, 'utf8').digest('hex').slice(0, 6);
  return `${laterRunName(inspectionId, process, stepId)}-again-${digest}`;
}

const SCHEDULE_NAME_LIMIT = 64;

/** The schedule's name: the run's, or (beyond EventBridge Scheduler's 64 characters) its start and a digest of it. */
export function scheduleNameFor(runName: string): string {
  if (runName.length <= SCHEDULE_NAME_LIMIT) return runName;
  const digest = createHash('sha256').update(runName, 'utf8').digest('hex').slice(0, 16);
  return `${runName.slice(0, SCHEDULE_NAME_LIMIT - digest.length - 1)}-${digest}`;
}

/**
 * The inspection and process a run belongs to, read from its name (`<inspectionId>--<process>`, or a later run's
 * `<inspectionId>--<process>--<stepId>`); undefined for a name of another shape.
 */
export function runOfName(name: string): { inspectionId: string; process: ProcessId } | undefined {
  const [inspectionId, process, ...rest] = name.split('--');
  if (!inspectionId || !process || rest.length > 1 || !isProcessId(process)) return undefined;
  return { inspectionId, process };
}
