import { assuranceVisit } from './assurance-visit';
import { fullInspection } from './full-inspection';
import { inadequatePathway } from './inadequate-pathway';
import { interimInspection } from './interim-inspection';
import { monitoringVisit } from './monitoring-visit';
import { rfcInspection } from './rfc-inspection';
import type { ProcessDefinition } from './types';

export { announcementRecordedAtLogging, assuranceVisit, day1NotAWorkingDay } from './assurance-visit';
export { fullInspection } from './full-inspection';
export { inadequatePathway } from './inadequate-pathway';
export { interimInspection } from './interim-inspection';
export {
  ASSURANCE_MONITORING_OUTCOMES,
  monitoringOutcomesFor,
  monitoringVisit,
  MONITORING_OUTCOMES,
  MONITORING_VISIT_OUTCOMES,
  MONITORING_WINDOW_CLOSES,
  MONITORING_WINDOW_OPENS,
  MONITORING_WINDOW_WEEKS,
  type MonitoringOrigin,
  type MonitoringOutcome,
} from './monitoring-visit';
export { rfcInspection } from './rfc-inspection';
export { applyRule, buildTimeline, describeSource, describeSources, TimelineError, waitsForVisit, wentAheadWithout } from './timeline';
export { howRecorded, notRecordableReason } from './recording';
export type { StepAdjustment, Timeline, TimelineInput, TimelineStep } from './timeline';
export { ACTOR_LABELS, SOURCE_DOCUMENTS } from './types';
export type { Actor, DeadlineRule, ProcessDefinition, Source, StepDefinition } from './types';

/** Every process the system runs, by id. */
export const PROCESSES = {
  'assurance-visit': assuranceVisit,
  inadequate: inadequatePathway,
  'full-inspection': fullInspection,
  'interim-inspection': interimInspection,
  'monitoring-visit': monitoringVisit,
  'rfc-inspection': rfcInspection,
} as const satisfies Record<string, ProcessDefinition>;

export type ProcessId = keyof typeof PROCESSES;
export const PROCESS_IDS = Object.keys(PROCESSES) as ProcessId[];

export function isProcessId(value: string): value is ProcessId {
  return Object.hasOwn(PROCESSES, value);
}
