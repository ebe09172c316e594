/**
 * What an establishment's inspection records say to the register and the plan: the inspections that happened
 * (by kind and day), the inadequate judgements that call for a return, the current judgement and the processes
 * still open. Pure: the records and today's London date come in. A withdrawn inspection (logged by mistake) is none of
 * these: it did not happen as logged.
 */
import { addCalendarDays, formatLondonDate, londonDateOf, type LocalDate } from './calendar';
import { inspectionEndDate, inspectionStartDate, interimDecision, isWithdrawn, timelineFor, type InspectionRecord } from './inspection';
import type { DecidedVisit, FurtherMonitoringVisit, InadequateJudgement, PastInspection } from './inspection-plan';
import type { ProcessId } from './regulations';
import { fourPointWords, INTERIM_LABELS } from './judgements';
import { currentJudgement, furtherMonitoringVisits, nextMonitoringVisit } from './monitoring-visits';
import { interimReturnVisitDecided, type ApprovalOption, type LoggableProcess } from './schemas';

/** The records that stand: every one but those withdrawn. */
const standing = (records: readonly InspectionRecord[]) => records.filter((record) => !isWithdrawn(record));

const KIND_OF_PROCESS: Record<LoggableProcess, PastInspection['kind']> = {
  'full-inspection': 'full',
  'interim-inspection': 'interim',
  // Residential family centres framework §13: the inspection in the cycle is a full inspection.
  'rfc-inspection': 'full',
  'assurance-visit': 'assurance',
};

/**
 * Inspections and monitoring visits that have happened by `today` (without it: all of them), oldest first, each on
 * its first day: the day a visit is planned for, and the day a return inspection meets its step in the timeline
 * (returnInspectionOf), so the plan and the timeline say the same of one inspection.
 */
export function pastInspectionsOf(records: readonly InspectionRecord[], today?: LocalDate): PastInspection[] {
  const past: PastInspection[] = [];
  const happened = (day: LocalDate) => today === undefined || day <= today;
  for (const record of standing(records)) {
    const began = inspectionStartDate(record);
    if (happened(began)) past.push({ date: began, kind: KIND_OF_PROCESS[record.process], inspectionId: record.id });
    // Every monitoring visit of the record: the earlier ones (after further monitoring) and the current one.
    const visits = [...(record.monitoringVisits ?? []).map((earlier) => earlier.outcome), ...(record.monitoringOutcome ? [record.monitoringOutcome] : [])];
    for (const { outcome: visit } of visits) {
      if (happened(visit.visitDate)) past.push({ date: visit.visitDate, kind: 'monitoring', inspectionId: record.id });
    }
  }
  return past.sort((a, b) => a.date.localeCompare(b.date));
}

/** An inspection judged inadequate: a children's home's inadequate pathway started, or a family centre judged so. */
export function isJudgedInadequate(record: InspectionRecord): boolean {
  const outcome = record.outcome?.outcome;
  if (outcome?.process === 'rfc-inspection') return outcome.overall === 'inadequate';
  return record.followUps.inadequate !== undefined;
}

/**
 * The family centre's last inspection before `record` that was judged (the latest standing RFC inspection with an
 * outcome that ended before `record` began), and whether it was judged inadequate overall: RFC framework §42 makes the
 * case discussion mandatory then. Undefined when the system holds none (the inspector's answer stands).
 */
export function lastRfcJudgementBefore(
  records: readonly InspectionRecord[],
  record: InspectionRecord,
): { inspectionId: string; ended: LocalDate; inadequate: boolean; caseDiscussion?: ApprovalOption } | undefined {
  const begins = inspectionStartDate(record);
  const judged = standing(records)
    .filter((other) => other.id !== record.id && other.outcome?.outcome.process === 'rfc-inspection' && inspectionEndDate(other) < begins)
    .sort((a, b) => inspectionEndDate(a).localeCompare(inspectionEndDate(b)));
  const last = judged.at(-1);
  if (!last) return undefined;
  // What its case discussion decided, if it had one: the history a compliance inspector weighs (RFC §43-44).
  const caseDiscussion = last.decisions['rfc-case-discussion']?.decision;
  return { inspectionId: last.id, ended: inspectionEndDate(last), inadequate: isJudgedInadequate(last), ...(caseDiscussion === undefined ? {} : { caseDiscussion }) };
}

/**
 * The monitoring visits further monitoring began (§77 (a)), the 2nd on, each with the day of the visit that chose it:
 * those begun (furtherMonitoringVisits), and the next one while its run has not begun it yet (nextMonitoringVisit).
 */
function furtherVisitsOf(record: InspectionRecord): FurtherMonitoringVisit[] {
  const visitDay = new Map<number, LocalDate>((record.monitoringVisits ?? []).map((visit) => [visit.number, visit.outcome.outcome.visitDate]));
  const current = record.monitoringOutcome?.outcome.visitDate;
  const next = nextMonitoringVisit(record);
  if (next && current !== undefined) visitDay.set(next.number - 1, current);
  return [...furtherMonitoringVisits(record), ...(next ? [next] : [])].flatMap(({ number, earliest, latest, ...rest }) => {
    const chosenOn = visitDay.get(number - 1);
    const done = 'done' in rest ? rest.done : undefined;
    return chosenOn === undefined ? [] : [{ number, chosenOn, earliest, latest, ...(done === undefined ? {} : { done }) }];
  });
}

/**
 * The inadequate judgements, each with the return visit its case review chose (§71), once it did, the day of the
 * monitoring visit that scheduled a full inspection, when its outcome did (SCCIF 15.1 (b): the plan then holds that
 * full inspection's window too), and the visits further monitoring began (§77 (a): their windows too).
 */
export function inadequateJudgementsOf(records: readonly InspectionRecord[]): InadequateJudgement[] {
  return standing(records).filter(isJudgedInadequate).map((record) => {
    const visit = record.monitoringOutcome?.outcome;
    const scheduled = record.followUps['monitoring-visit']?.origin === 'inadequate' && visit?.outcome === 'full-inspection';
    const review = record.decisions['case-review'];
    const chosen = review?.decision === 'monitoring-visit' || review?.decision === 'full-inspection' ? review.decision : undefined;
    const further = furtherVisitsOf(record);
    const outcome = record.outcome?.outcome;
    return {
      date: inspectionEndDate(record),
      ...(outcome?.process === 'interim-inspection' ? { judgedWords: `judged to have ${INTERIM_LABELS[outcome.effectiveness]} at the interim inspection` } : {}),
      inspectionId: record.id,
      ...(scheduled ? { fullInspectionScheduledOn: visit.visitDate } : {}),
      ...(chosen === undefined || review === undefined ? {} : { returnVisit: { visit: chosen, decidedOn: londonDateOf(review.decidedAt) } }),
      ...(further.length > 0 ? { furtherMonitoringVisits: further } : {}),
    };
  });
}

/** Where each decided visit's window is: its process and the steps that open and close it. */
const DECIDED_VISIT_STEPS: Record<DecidedVisit['id'], { process: ProcessId; opens: string; closes: string }> = {
  'interim-return-visit': { process: 'interim-inspection', opens: 'return-visit-earliest', closes: 'return-visit' },
  'assurance-monitoring-visit': { process: 'assurance-visit', opens: 'monitoring-visit-earliest', closes: 'monitoring-visit-latest' },
};

/** Why a record owes a visit outside the inadequate pathway, in words, from when; undefined when it owes none. */
function decidedVisitOf(record: InspectionRecord): Omit<DecidedVisit, 'opens' | 'closes'> | undefined {
  const outcome = record.outcome?.outcome;
  const ended = formatLondonDate(inspectionEndDate(record));
  if (outcome?.process === 'interim-inspection') {
    const decided = interimDecision(record);
    if (decided === undefined || !interimReturnVisitDecided(decided.follows)) return undefined;
    const decidedOn = londonDateOf(decided.decidedAt);
    const concern = outcome.enoughCauseForConcern ? ', with enough cause for concern' : '';
    return {
      id: 'interim-return-visit',
      inspectionId: record.id,
      because: `the interim inspection of ${ended} (${INTERIM_LABELS[outcome.effectiveness]}${concern}); its case review of ${formatLondonDate(decidedOn)} decided a return visit`,
      knownFrom: decidedOn,
      ...(record.actuals['interim-inspection']?.['return-visit'] === undefined ? {} : { done: record.actuals['interim-inspection']['return-visit'] }),
    };
  }
  if (outcome?.process === 'assurance-visit' && outcome.seriousOrWidespreadConcerns) {
    const review = record.decisions['case-review'];
    if (review !== undefined && review.decision !== 'monitoring-visit') return undefined;
    const afterAssurance = record.followUps['monitoring-visit']?.origin === 'assurance-visit';
    // The first monitoring visit: the earliest kept once further monitoring numbered them, else the current one.
    const first = afterAssurance ? (record.monitoringVisits?.find((visit) => visit.number === 1)?.outcome ?? record.monitoringOutcome) : undefined;
    const further = afterAssurance ? furtherVisitsOf(record) : [];
    return {
      id: 'assurance-monitoring-visit',
      inspectionId: record.id,
      because:
        `serious or widespread concerns at the assurance visit of ${ended}` +
        (review === undefined ? ' (its case review has not yet decided the action)' : `; its case review of ${formatLondonDate(londonDateOf(review.decidedAt))} decided a monitoring visit`),
      knownFrom: inspectionEndDate(record),
      ...(first === undefined ? {} : { done: first.outcome.visitDate }),
      ...(further.length > 0 ? { furtherMonitoringVisits: further } : {}),
    };
  }
  return undefined;
}

/**
 * The visits due outside the inadequate pathway (an interim inspection's return visit decided at its case review, the
 * monitoring visit after serious concerns at an assurance visit), each with its window as its timeline has it and the
 * day it was carried out, once it was (by `today`, when given: a visit recorded ahead has not happened yet).
 */
export function decidedVisitsOf(records: readonly InspectionRecord[], today?: LocalDate): DecidedVisit[] {
  return standing(records).flatMap((record) => {
    const found = decidedVisitOf(record);
    if (found === undefined) return [];
    const { done, furtherMonitoringVisits: further, ...visit } = found;
    const happened = (day: LocalDate | undefined): day is LocalDate => day !== undefined && (today === undefined || day <= today);
    if (happened(done)) Object.assign(visit, { done });
    // A further visit recorded ahead of `today` has not happened yet either.
    if (further) Object.assign(visit, { furtherMonitoringVisits: further.map(({ done: on, ...window }) => (happened(on) ? { ...window, done: on } : window)) });
    const where = DECIDED_VISIT_STEPS[visit.id];
    const steps = timelineFor(record, where.process).steps;
    const opens = steps.find((step) => step.id === where.opens);
    const closes = steps.find((step) => step.id === where.closes);
    if (opens === undefined || closes === undefined || closes.notRequired !== undefined) return [];
    return [{ ...visit, opens: { on: opens.dueLondonDate, rule: opens.rule }, closes: { on: closes.dueLondonDate, rule: closes.rule } }];
  });
}

/**
 * The judgement of the latest inspection that gave one: its value (`judgement`), and `words`, the framework's words
 * for it ("requires improvement", "declined in effectiveness").
 */
export function currentJudgementOf(
  records: readonly InspectionRecord[],
): { judgement: string; words: string; inspectionId: string; on: LocalDate } | undefined {
  const judged = standing(records)
    .flatMap((record) => {
      const outcome = record.outcome?.outcome;
      if (!outcome) return [];
      // §74: a monitoring visit that improved the judgement gave the establishment its judgement now, on its visit day.
      const current = currentJudgement(record);
      if (current?.from.kind === 'monitoring-visit') {
        return [{ judgement: current.overall, words: fourPointWords(current.overall), inspectionId: record.id, on: current.from.visitDate }];
      }
      const judged =
        outcome.process === 'full-inspection' || outcome.process === 'rfc-inspection'
          ? { judgement: outcome.overall, words: fourPointWords(outcome.overall) }
          : outcome.process === 'interim-inspection'
            ? { judgement: `${outcome.effectiveness} effectiveness`, words: INTERIM_LABELS[outcome.effectiveness] }
            : undefined;
      return judged ? [{ ...judged, inspectionId: record.id, on: inspectionEndDate(record) }] : [];
    })
    .sort((a, b) => a.on.localeCompare(b.on));
  return judged.at(-1);
}

/**
 * A standing inspection (neither withdrawn nor failed) of the same establishment whose days overlap the logged one's:
 * an establishment is not inspected twice at once, so it is the same inspection logged again, most likely (found by
 * new-user walks: nothing said so; then a second process, or an assurance visit a day later, went through). Days: on
 * site, from the first to the last; an assurance visit's from its day 1 to the end of the visit (planned, or as
 * recorded), and the logged one's for as long. Not the record `exceptId` (the same request again), nor the one it is
 * the return inspection of (its own rule says when a return may start: return-visits.ts).
 */
/** Calendar days from one London date to a later one. */
const daysBetween = (from: LocalDate, to: LocalDate): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The logged inspection's days overlap the record's (an assurance visit's from day 1 to the end of the visit). */
function overlaps(record: InspectionRecord, logged: { dates: InspectionRecord['dates'] }): boolean {
  const start = inspectionStartDate(record);
  const end = inspectionEndDate(record);
  const [from, to] =
    'day1' in logged.dates ? [logged.dates.day1, addCalendarDays(logged.dates.day1, daysBetween(start, end))] : [logged.dates.inspectionStart, logged.dates.inspectionEnd];
  return start <= to && from <= end;
}

export function sameInspectionLogged(
  records: readonly InspectionRecord[],
  logged: { dates: InspectionRecord['dates']; followUpOf?: string },
  exceptId: string,
): InspectionRecord | undefined {
  // A failed run's inspection may be logged again (its run does not resume by itself).
  return standing(records).find((record) => record.id !== exceptId && record.id !== logged.followUpOf && record.status !== 'failed' && overlaps(record, logged));
}

/** The withdrawn inspections of the home on the record's days: what logging it again replaced (the way back to them). */
export function withdrawnOnTheSameDays(records: readonly InspectionRecord[], record: InspectionRecord): InspectionRecord[] {
  return records.filter((other) => other.id !== record.id && isWithdrawn(other) && overlaps(other, record));
}
