/**
 * Return visits: why one is due, the statutory window of each kind of scheduled visit, and which due visit a later
 * inspection carries out. The windows are steps of the timeline of the process that schedules the visit.
 */
import { formatLondonDate, type LocalDate } from './calendar';
import type { ReturnReason } from './email-content';
import { stepOf } from './deadlines';
import { inspectionEndDate, processesOf, timelineFor, type InspectionRecord, type ScheduledVisit } from './inspection';
import type { ProcessId, Timeline } from './regulations';
import type { InterimGrade } from './scales';
import type { FieldError, LoggableProcess } from './schemas';

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
 * The deadline steps a return inspection discharges in `process`'s timeline: each is a step a run of that process can
 * be started at (its workflow's resumable entry), to wait for it again once a withdrawn return inspection reopened it
 * (app/withdraw-inspection.ts).
 */
export function returnStepsOf(process: ProcessId): string[] {
  return [
    ...new Set(
      (Object.keys(RETURN_INSPECTIONS) as ReturnVisit[]).filter((visit) => RETURN_INSPECTIONS[visit].timeline === process).map((visit) => VISIT_WINDOWS[visit].latest!),
    ),
  ];
}

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
    return refuse('followUpOf', `inspection ${original.id} has nothing scheduled that this inspection could be: no ${words.join(' and no ')}`);
  }
  const due = scheduled
    .filter((visit) => !original.actuals[RETURN_INSPECTIONS[visit].timeline]?.[VISIT_WINDOWS[visit].latest!])
    .sort((a, b) => original.scheduled[a]!.latest!.localeCompare(original.scheduled[b]!.latest!));
  const first = due[0];
  if (first === undefined) {
    const visit = scheduled[0]!;
    const done = original.actuals[RETURN_INSPECTIONS[visit].timeline]?.[VISIT_WINDOWS[visit].latest!];
    return refuse('followUpOf', `the ${RETURN_INSPECTIONS[visit].words} of inspection ${original.id} was already carried out on ${done === undefined ? 'an earlier day' : formatLondonDate(done)}`);
  }
  const originalEnd = inspectionEndDate(original);
  if (logged.dates.inspectionStart <= originalEnd) {
    return refuse(
      'dates.inspectionStart',
      `"${logged.dates.inspectionStart}" is not after inspection ${original.id} ended on ${formatLondonDate(originalEnd)}: a return inspection comes later`,
    );
  }
  const stepId = VISIT_WINDOWS[first].latest!;
  const primary: ProcessId = RETURN_INSPECTIONS[first].timeline;
  // Every timeline with the step, shown or not (the monitoring visit's copy of the 16-week step is the pathway's to
  // show, processHolding): each timeline's step is done on the same day.
  const others = processesOf(original).filter(
    (process) => process !== primary && timelineFor(original, process).steps.some((step) => step.id === stepId),
  );
  return { ok: true, value: { visit: first, stepId, processes: [primary, ...others] } };
}

/**
 * The London day a scheduled visit was carried out, once it was: a monitoring visit's own date (the 1st, or the
 * current one further monitoring began), a return inspection's the day its deadline step was recorded done.
 */
export function scheduledVisitDone(record: InspectionRecord, visit: ScheduledVisit['visit']): LocalDate | undefined {
  const current = record.monitoringVisitNumber ?? 1;
  switch (visit) {
    case 'monitoring-visit':
      return record.monitoringVisits?.[0]?.outcome.outcome.visitDate ?? (current === 1 ? record.monitoringOutcome?.outcome.visitDate : undefined);
    case 'further-monitoring':
      return current > 1 ? record.monitoringOutcome?.outcome.visitDate : undefined;
    default:
      return record.actuals[RETURN_INSPECTIONS[visit].timeline]?.[VISIT_WINDOWS[visit].latest!];
  }
}

/** The London dates of a visit's window in the scheduling process's timeline; a missing step is a ValidationError naming `visit`. */
export function visitWindow(timeline: Timeline, visit: ScheduledVisit['visit']): { earliest?: LocalDate; latest?: LocalDate } {
  const window = VISIT_WINDOWS[visit];
  const earliest = window.earliest === undefined ? undefined : stepOf(timeline, window.earliest, 'visit').dueLondonDate;
  const latest = window.latest === undefined ? undefined : stepOf(timeline, window.latest, 'visit').dueLondonDate;
  return { ...(earliest === undefined ? {} : { earliest }), ...(latest === undefined ? {} : { latest }) };
}

/** A later inspection logged as the return inspection of an earlier one (its `followUpOf`), as the earlier one shows it. */
export interface ReturnInspectionSummary {
  id: string;
  process: LoggableProcess;
  /** Its first day on site. */
  inspectionStart: LocalDate;
  /** Its overall judgement, once recorded (full and RFC inspections judge one). */
  overall?: string;
  /** An interim inspection's judgement of effectiveness, once recorded (found by a new-user walk: "judgements not recorded yet" of a recorded decline). */
  effectiveness?: InterimGrade;
}

/**
 * The return inspections of `record` among `records` (the establishment's inspections), by first day: where the
 * inspection's story goes on once its pathway ended with the return inspection logged (SCCIF 15.1 (b), §71). Not one
 * withdrawn (logged by mistake): it carried nothing out (found by a new-user walk: it was listed as the return, and
 * beside the real one once that was logged).
 */
export function returnInspectionsOf(record: Pick<InspectionRecord, 'id'>, records: readonly InspectionRecord[]): ReturnInspectionSummary[] {
  return records
    .filter((candidate) => candidate.followUpOf === record.id && candidate.withdrawal === undefined)
    .flatMap((candidate) => {
      const brief = inspectionBrief(candidate);
      return brief ? [brief] : [];
    })
    .sort((a, b) => a.inspectionStart.localeCompare(b.inspectionStart) || a.id.localeCompare(b.id));
}

/**
 * An inspection in brief, as a related inspection's page names it (what, from which day, judged what): a return
 * inspection, or the earlier inspection a return inspection is of. Undefined for an assurance visit (no first day of
 * an inspection; never a return inspection, nor returned to by one).
 */
export function inspectionBrief(record: InspectionRecord): ReturnInspectionSummary | undefined {
  if (!('inspectionStart' in record.dates)) return undefined;
  const outcome = record.outcome?.outcome;
  const overall = outcome !== undefined && 'overall' in outcome ? outcome.overall : undefined;
  const effectiveness = outcome?.process === 'interim-inspection' ? outcome.effectiveness : undefined;
  return {
    id: record.id,
    process: record.process,
    inspectionStart: record.dates.inspectionStart,
    ...(overall === undefined ? {} : { overall }),
    ...(effectiveness === undefined ? {} : { effectiveness }),
  };
}
