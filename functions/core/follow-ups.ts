/**
 * The process runs of one inspection: the logged process and the follow-ups it may start (the inadequate pathway, a
 * monitoring visit), which process started each, and whether the outcome a run routes on is on the record.
 */
import { formatLondonDate, type LocalDate } from './calendar';
import { ValidationError } from './errors';
import type { InspectionRecord } from './inspection';
import type { MonitoringOrigin, ProcessId } from './regulations';
import type { LoggableProcess } from './schemas';

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

/**
 * Which process started a follow-up run: the inadequate pathway comes from the logged inspection; a monitoring visit
 * comes from the inadequate pathway when there is one (or can be: only an assurance visit starts one directly), else
 * from the assurance visit's serious concerns.
 */
export function followUpOrigin(record: InspectionRecord, process: ProcessId): ProcessId {
  if (process !== 'monitoring-visit') return record.process;
  return record.followUps.inadequate || record.process !== 'assurance-visit' ? 'inadequate' : 'assurance-visit';
}

/** Where the record's monitoring visit came from: an inadequate judgement, or serious concerns at an assurance visit. */
export function monitoringOrigin(record: InspectionRecord): MonitoringOrigin {
  return followUpOrigin(record, 'monitoring-visit') === 'assurance-visit' ? 'assurance-visit' : 'inadequate';
}

/** True when the outcome the process routes on is on the record (the monitoring visit has its own). */
export function outcomeRecordedFor(record: InspectionRecord, process: ProcessId): boolean {
  return process === 'monitoring-visit' ? record.monitoringOutcome !== undefined : record.outcome !== undefined;
}

/**
 * Whether the inspector may record a monitoring visit now: once its run has started, or, after an inadequate judgement,
 * at any time while the pathway runs (§71: the return within 6 to 8 weeks is counted from the judgement whatever the
 * state of the case review), unless the case review chose a full inspection as the return visit. Undefined when it
 * may, else why not.
 */
export function monitoringVisitRefusal(record: InspectionRecord): string | undefined {
  if (record.followUps['monitoring-visit']) return undefined;
  if (!record.followUps.inadequate) return 'no monitoring visit follows this inspection';
  const decided = record.decisions['case-review'];
  if (decided?.decision === 'full-inspection') {
    return 'the urgent case review chose a full inspection as the return visit: log it as a full inspection with followUpOf';
  }
  return undefined;
}

/**
 * The steps the monitoring visit's outcome records as done on its visit date (the visit is a fact the inspector records
 * with the outcome): the visit in the monitoring visit's own timeline, whose report counts from it, and in the timeline
 * of the process that started it (the return window). Only those not already recorded.
 */
export function monitoringVisitSteps(record: InspectionRecord): { process: ProcessId; stepId: 'monitoring-visit-latest' }[] {
  const processes: ProcessId[] = ['monitoring-visit'];
  // Recorded before its run started (the case review still pending): the return visit of the inadequate pathway.
  const origin = record.followUps['monitoring-visit']?.origin ?? (record.followUps.inadequate ? 'inadequate' : undefined);
  if (origin === 'inadequate' || origin === 'assurance-visit') processes.push(origin);
  return processes
    .filter((process) => record.actuals[process]?.['monitoring-visit-latest'] === undefined)
    .map((process) => ({ process, stepId: 'monitoring-visit-latest' as const }));
}

/**
 * The first monitoring visit on the record (§71: the return visit), when the inspector recorded one: its date. A
 * monitoring visit may be recorded while the urgent case review is still pending (monitoringVisitRefusal).
 */
export function recordedReturnVisit(record: InspectionRecord): LocalDate | undefined {
  return record.monitoringVisits?.[0]?.outcome.outcome.visitDate ?? record.monitoringOutcome?.outcome.visitDate;
}

/**
 * Why the urgent case review may not choose a full inspection as the return visit: a monitoring visit is already
 * recorded as the return (§71), and its outcome decides what follows (§74-77). Undefined when it may.
 */
export function fullInspectionReturnRefusal(record: InspectionRecord): string | undefined {
  const visit = recordedReturnVisit(record);
  if (visit === undefined) return undefined;
  return (
    `cannot be a full inspection: a monitoring visit on ${formatLondonDate(visit)} is already recorded as the return visit ` +
    "(children's homes framework §71). Choose a monitoring visit: the visit’s outcome then decides what follows (§74-77)"
  );
}
