/**
 * The inspection plan: for an inspection year (1 April to 31 March), the windows in which an establishment is due
 * an inspection, each with its rule and paragraph, and which of them its inspections already met. A pure function
 * of the register entry and the inspection history; the rules are the tables of `regulations/inspection-plan.ts`.
 */
import {
  addCalendarDays,
  addCalendarMonths,
  formatLondonDate as formatDate,
  parseLocalDate,
  workingDaysBetween,
  type LocalDate,
} from './calendar';
import {
  buildTimeline,
  describeSource,
  inadequatePathway,
  rfcInspection,
  type TimelineStep,
} from './regulations';
import {
  CHILDRENS_HOME_PLAN_RULES,
  EDUCATION_INSPECTION_EVERY_YEARS,
  INSPECTION_YEAR,
  RFC_INSPECTION_CYCLE,
  RFC_PLAN_RULES,
  type ChosenReturnVisit,
  type PlanRule,
  PLAN_YEARS,
  type PlanWindowId,
} from './regulations/inspection-plan';
import type { EstablishmentKind } from './schemas';
import { ordinalOf } from './ordinals';

/** Plans for a whole register repeat the same few dozen days (the year's bounds): each is formatted once. */
const formatted = new Map<LocalDate, string>();
function formatLondonDate(date: LocalDate): string {
  let text = formatted.get(date);
  if (text === undefined) {
    text = formatDate(date);
    if (formatted.size < 10_000) formatted.set(date, text);
  }
  return text;
}

export class PlanError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The kinds of past inspection the plan counts. */
export type PastInspectionKind = 'full' | 'interim' | 'monitoring' | 'education' | 'assurance' | 'return-visit';

export interface PastInspection {
  /** The London day the inspection began (its first day on site), or the monitoring visit's day. */
  date: LocalDate;
  kind: PastInspectionKind;
  /** The inspection record, when it is one of ours (completed windows link to it). */
  inspectionId?: string;
}

/** "judged inadequate at the inspection", or what an interim inspection judged instead. */
const judgedAt = (inadequate: InadequateJudgement): string => inadequate.judgedWords ?? 'judged inadequate at the inspection';

export interface InadequateJudgement {
  /** The London day the inspection judged inadequate ended. */
  date: LocalDate;
  /**
   * What the inspection judged, when not inadequate: an interim inspection's decline, whose case review chose the
   * inadequate pathway ("judged to have declined in effectiveness at the interim inspection"; found by a new-user walk:
   * the plan said "judged inadequate" of a home never judged so).
   */
  judgedWords?: string;
  inspectionId?: string;
  /** The return visit the urgent case review chose, once it did (§71), and the London day it decided. */
  returnVisit?: { visit: ChosenReturnVisit; decidedOn: LocalDate };
  fullInspectionScheduledOn?: LocalDate;
  /**
   * The monitoring visits further monitoring began (§77 (a)), the 2nd on: each numbered, with the day of the visit that
   * chose further monitoring, its window (as set with that outcome, or as a manager changed it) and the day it was
   * carried out, once it was.
   */
  furtherMonitoringVisits?: readonly FurtherMonitoringVisit[];
}

export interface FurtherMonitoringVisit {
  number: number;
  chosenOn: LocalDate;
  earliest: LocalDate;
  latest: LocalDate;
  done?: LocalDate;
}

/**
 * A visit due outside the inadequate pathway, as its inspection's own timeline says: the return visit an interim
 * inspection's urgent case review decided (SCCIF 15.1), or the monitoring visit after serious or widespread concerns
 * at an assurance visit (assurance visits guidance 2021, next steps) while its case review has not decided against it
 * (found by a new-user walk: only the escalations knew of them; the plan and the digest did not).
 */
export interface DecidedVisit {
  id: 'interim-return-visit' | 'assurance-monitoring-visit';
  inspectionId: string;
  /** Why it is due, in words: what the inspection found and, once it did, what its case review decided. */
  because: string;
  /** The London day it became due: the case review's decision, or the assurance visit's last day. */
  knownFrom: LocalDate;
  /** The timeline's window: its steps' days and rules. */
  opens: { on: LocalDate; rule: string };
  closes: { on: LocalDate; rule: string };
  /** The London day the visit was carried out, once recorded. */
  done?: LocalDate;
  /** The monitoring visits further monitoring began after it (§77 (a)), the 2nd on: each its own window. */
  furtherMonitoringVisits?: readonly FurtherMonitoringVisit[];
}

export interface PlanInput {
  type: EstablishmentKind;
  registered: LocalDate;
  /** The inspection year by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027. */
  year: number;
  history?: readonly PastInspection[];
  /** §17: the home provides education. */
  providesEducation?: boolean;
  /** The day of the last inspection of the educational provision (or an `education` entry of the history). */
  lastEducation?: LocalDate;
  /**
   * Inspections judged inadequate: each gives a return window (listed when it meets the year), met by the return;
   * `fullInspectionScheduledOn`, the day of a monitoring visit whose outcome scheduled a full inspection (SCCIF 15.1
   * (b)), gives that full inspection's window too.
   */
  inadequateJudgements?: readonly InadequateJudgement[];
  /** Visits due after an interim inspection or an assurance visit: each a window, met only by that visit. */
  decidedVisits?: readonly DecidedVisit[];
  /** RFC §10: the inspection year in which the three-year cycles are counted from (default 2014). */
  rfcCycleStartYear?: number;
}

export interface PlanWindow {
  id: PlanWindowId;
  title: string;
  opens: LocalDate;
  closes: LocalDate;
  rule: string;
  source: string;
  /** How the dates were reached. */
  explanation: string;
  /**
   * The inspection that met the window, when one did (`kind`: a monitoring visit meets a return window); `late` when it
   * came after the window closed (a first inspection or a return visit); `early` when a home registered in the second
   * half of an inspection period had its first inspection before the window opened (§12: that was its first).
   */
  met?: { on: LocalDate; kind: PastInspectionKind; inspectionId?: string; late?: true; early?: true };
  /** A return window whose visit the case review chose: only that kind of visit meets it. */
  chosen?: ChosenReturnVisit;
  /**
   * A return window's: the day it became known (the inadequate judgement, or the monitoring visit that set it). Listed
   * in that day's inspection year too when it opens in a later one (found by a new-user walk: a 2nd monitoring visit
   * due in April was on no plan shown in March, when it was set).
   */
  knownFrom?: LocalDate;
}

export interface InspectionPlan {
  process: 'inspection-plan';
  type: EstablishmentKind;
  year: number;
  yearOpens: LocalDate;
  yearCloses: LocalDate;
  windows: PlanWindow[];
}

function monthDay(year: number, { month, day }: { month: number; day: number }): LocalDate {
  return parseLocalDate(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** The inspection year that contains a day: 2027-03-31 is in 2026, 2027-04-01 in 2027. */
export function inspectionYearOf(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return date < monthDay(year, INSPECTION_YEAR.starts) ? year - 1 : year;
}

export function inspectionYearBounds(year: number): { opens: LocalDate; closes: LocalDate } {
  return { opens: monthDay(year, INSPECTION_YEAR.starts), closes: monthDay(year + 1, INSPECTION_YEAR.ends) };
}

const latest = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);
const within = (date: LocalDate, opens: LocalDate, closes: LocalDate) => date >= opens && date <= closes;

function window(
  rule: PlanRule,
  opens: LocalDate,
  closes: LocalDate,
  explanation: string,
  ruleText = rule.rule,
): PlanWindow {
  return { id: rule.id, title: rule.title, opens, closes, rule: ruleText, source: describeSource(rule.source), explanation };
}

const span = (opens: LocalDate, closes: LocalDate) => `${formatLondonDate(opens)} to ${formatLondonDate(closes)}`;

/** Children's homes and secure children's homes (children's homes framework 2015 §9-17, §71). */
function childrensHomeWindows(input: PlanInput, opens: LocalDate, closes: LocalDate): PlanWindow[] {
  const rules = CHILDRENS_HOME_PLAN_RULES;
  const { registered, year } = input;
  const windows: PlanWindow[] = [];
  const registeredYear = inspectionYearOf(registered);
  const registeredInFirstHalf = registered <= monthDay(registeredYear, INSPECTION_YEAR.firstHalfEnds);

  if (registeredYear === year && registeredInFirstHalf) {
    // §11: at least one inspection between 1 October and 31 March of the year of registration.
    const from = monthDay(year, INSPECTION_YEAR.secondHalfStarts);
    windows.push(
      window(
        rules['first-inspection-registered-first-half'],
        from,
        closes,
        `registered ${formatLondonDate(registered)}, between 1 April and 30 September: ${span(from, closes)}`,
      ),
    );
  } else if (registeredYear === year) {
    // §12: registered in the second half: the first inspection falls in the next inspection period, none in this one.
    const next = inspectionYearBounds(year + 1);
    const until = monthDay(year + 1, INSPECTION_YEAR.firstHalfEnds);
    windows.push(
      metEarly(
        window(
          rules['first-inspection-registered-second-half'],
          next.opens,
          until,
          `registered ${formatLondonDate(registered)}, between 1 October and 31 March: no inspection is due in the ` +
            `inspection period of registration; the first falls ${span(next.opens, until)}`,
        ),
        input.history,
      ),
    );
  } else {
    if (registeredYear === year - 1 && !registeredInFirstHalf) {
      // §12: registered in the second half of the previous period: first inspection by 30 September.
      const until = monthDay(year, INSPECTION_YEAR.firstHalfEnds);
      windows.push(
        metEarly(
          window(
            rules['first-inspection-registered-second-half'],
            opens,
            until,
            `registered ${formatLondonDate(registered)}, between 1 October and 31 March of the previous inspection ` +
              `period: ${span(opens, until)}`,
          ),
          input.history,
        ),
      );
    }
    const period = `the inspection period ${span(opens, closes)}`;
    windows.push(window(rules['full-inspection'], opens, closes, period));
    windows.push(window(rules['second-inspection'], opens, closes, period));
  }

  if (input.providesEducation) windows.push(educationWindow(input, opens));
  for (const inadequate of input.inadequateJudgements ?? []) {
    const timeline = buildTimeline(inadequatePathway, { anchors: { 'inspection-end': inadequate.date } });
    const earliest = stepOf(timeline.steps, 'monitoring-visit-earliest');
    const last = stepOf(timeline.steps, 'monitoring-visit-latest');
    const rule = rules['return-inspection'];
    const planned = {
      ...window(
        rule,
        earliest.dueLondonDate,
        last.dueLondonDate,
        `${judgedAt(inadequate)} of ${formatLondonDate(inadequate.date)}: the window opens ` +
          `${formatLondonDate(earliest.dueLondonDate)} (${earliest.rule}) and closes ` +
          `${formatLondonDate(last.dueLondonDate)} (${last.rule})`,
        `after an inadequate judgement Ofsted always returns: ${earliest.rule.replace(/^within/, 'not before the end of')}, ${last.rule}`,
      ),
      knownFrom: inadequate.date,
    };
    // Once the case review chose the visit, the window is that visit's (as the pathway's step is): named so, and met
    // only by it (found by a new-user walk: the plan and the digests still said "monitoring visit or full inspection").
    const chosen = inadequate.returnVisit;
    windows.push(
      chosen === undefined
        ? planned
        : {
            ...planned,
            title: rule.titleOnceChosen[chosen.visit],
            explanation: `${planned.explanation}; the case review of ${formatLondonDate(chosen.decidedOn)} chose a ${CHOSEN_KIND[chosen.visit].words}`,
            chosen: chosen.visit,
          },
    );
    if (inadequate.fullInspectionScheduledOn) windows.push(returnFullInspectionWindow(inadequate, inadequate.fullInspectionScheduledOn));
    const after = { because: `${judgedAt(inadequate)} of ${formatLondonDate(inadequate.date)}`, what: 'after an inadequate judgement', inspectionId: inadequate.inspectionId };
    for (const visit of inadequate.furtherMonitoringVisits ?? []) windows.push(furtherMonitoringWindow(after, visit));
  }
  for (const visit of input.decidedVisits ?? []) {
    windows.push(decidedVisitWindow(visit));
    const after = { because: visit.because, what: DECIDED_VISIT_AFTER[visit.id], inspectionId: visit.inspectionId };
    for (const further of visit.furtherMonitoringVisits ?? []) windows.push(furtherMonitoringWindow(after, further));
  }
  return windows;
}

/** What each decided visit follows, as the titles of the visits further monitoring began after it name it. */
const DECIDED_VISIT_AFTER: Record<DecidedVisit['id'], string> = {
  'interim-return-visit': 'after an interim inspection',
  'assurance-monitoring-visit': 'after serious concerns at an assurance visit',
};

/** What carried out each decided visit: the words the plan shows ("Met by the return visit on …"). */
const DECIDED_VISIT_KIND: Record<DecidedVisit['id'], PastInspectionKind> = {
  'interim-return-visit': 'return-visit',
  'assurance-monitoring-visit': 'monitoring',
};

/** Each decided visit's rule in words, before its timeline's own rules (the table's rule names the steps, for README). */
const DECIDED_VISIT_RULES: Record<DecidedVisit['id'], string> = {
  'interim-return-visit': 'the return visit an interim inspection\u2019s case review decides takes place in the window it sets',
  'assurance-monitoring-visit': 'after serious or widespread concerns at an assurance visit a monitoring visit follows, unless the case review decides otherwise',
};

/** A decided visit's window: its timeline's, met by that visit only, on the day it was carried out (after it: late). */
function decidedVisitWindow(visit: DecidedVisit): PlanWindow {
  const { opens, closes } = visit;
  const planned: PlanWindow = {
    ...window(
      CHILDRENS_HOME_PLAN_RULES[visit.id],
      opens.on,
      closes.on,
      `${visit.because}: the window opens ${formatLondonDate(opens.on)} (${opens.rule}) and closes ${formatLondonDate(closes.on)} (${closes.rule})`,
      `${DECIDED_VISIT_RULES[visit.id]}: the window ${opens.rule}; the visit is due ${closes.rule}`,
    ),
    knownFrom: visit.knownFrom,
  };
  if (visit.done === undefined) return planned;
  const when = visit.done > closes.on ? { late: true as const } : visit.done < opens.on ? { early: true as const } : {};
  return { ...planned, met: { on: visit.done, kind: DECIDED_VISIT_KIND[visit.id], inspectionId: visit.inspectionId, ...when } };
}

/**
 * §77 (a): a monitoring visit that chose further monitoring begins the next one, in the window set with its outcome
 * (found by a new-user walk: the 2nd visit was on no plan, so no digest could name it). Met by that visit, on the day it
 * was carried out, whenever that was (§72: sooner if concerns arise; after the window, late).
 */
function furtherMonitoringWindow(after: { because: string; what: string; inspectionId?: string | undefined }, visit: FurtherMonitoringVisit): PlanWindow {
  const rule = CHILDRENS_HOME_PLAN_RULES['further-monitoring-visit'];
  const nth = ordinalOf(visit.number);
  const planned: PlanWindow = {
    ...window(
      rule,
      visit.earliest,
      visit.latest,
      `${after.because}; the ${ordinalOf(visit.number - 1)} monitoring visit, ` +
        `on ${formatLondonDate(visit.chosenOn)}, chose further monitoring: the ${nth} is due ${span(visit.earliest, visit.latest)}`,
    ),
    title: `${nth.charAt(0).toUpperCase()}${nth.slice(1)} monitoring visit ${after.what} (further monitoring)`,
    knownFrom: visit.chosenOn,
  };
  if (visit.done === undefined) return planned;
  const when = visit.done > visit.latest ? { late: true as const } : visit.done < visit.earliest ? { early: true as const } : {};
  return { ...planned, met: { on: visit.done, kind: 'monitoring', ...(after.inspectionId ? { inspectionId: after.inspectionId } : {}), ...when } };
}

/**
 * §12: the first inspection of a home registered in the second half of a period falls in the next period's first
 * half; a home inspected before then (after its registration) has had its first inspection: the window is met early.
 */
function metEarly(planned: PlanWindow, history: readonly PastInspection[] = []): PlanWindow {
  const first = [...history]
    .sort((a, b) => a.date.localeCompare(b.date))
    .find((past) => MEETS[planned.id](past.kind) && past.date < planned.opens);
  if (!first) return planned;
  return { ...planned, met: { on: first.date, kind: first.kind, ...(first.inspectionId ? { inspectionId: first.inspectionId } : {}), early: true } };
}

/** SCCIF 15.1 (b): the monitoring visit scheduled a full inspection: from the day after it to the pathway's step. */
function returnFullInspectionWindow(inadequate: InadequateJudgement, scheduledOn: LocalDate): PlanWindow {
  const timeline = buildTimeline(inadequatePathway, {
    anchors: { 'inspection-end': inadequate.date },
    conditions: { 'full-inspection-outcome': true },
  });
  const last = stepOf(timeline.steps, 'full-inspection-latest');
  const opens = addCalendarDays(scheduledOn, 1);
  return {
    ...window(
      CHILDRENS_HOME_PLAN_RULES['return-full-inspection'],
      opens,
      latest(opens, last.dueLondonDate),
      `${judgedAt(inadequate)} of ${formatLondonDate(inadequate.date)}; the monitoring visit of ` +
        `${formatLondonDate(scheduledOn)} scheduled a full inspection: due by ${formatLondonDate(last.dueLondonDate)} (${last.rule})`,
      `when the monitoring visit after an inadequate judgement schedules a full inspection, it takes place ${last.rule}`,
    ),
    knownFrom: scheduledOn,
  };
}

/**
 * §17: once every three years: due by the anniversary of the last education inspection; the window is the final
 * inspection year before then (or, never inspected, the plan's own year from registration).
 */
function educationWindow(input: PlanInput, yearOpens: LocalDate): PlanWindow {
  const rule = CHILDRENS_HOME_PLAN_RULES['education-inspection'];
  const last = input.lastEducation;
  if (!last) {
    const opens = latest(yearOpens, input.registered);
    const { closes } = inspectionYearBounds(input.year);
    return window(rule, opens, closes, `no inspection of the educational provision recorded: due ${span(opens, closes)}`);
  }
  const closes = addCalendarMonths(last, 12 * EDUCATION_INSPECTION_EVERY_YEARS);
  const opens = latest(addCalendarDays(addCalendarMonths(closes, -12), 1), addCalendarDays(last, 1));
  return window(
    rule,
    opens,
    closes,
    `last inspected ${formatLondonDate(last)}: due by ${formatLondonDate(closes)}, ${EDUCATION_INSPECTION_EVERY_YEARS} ` +
      `years later; planned in the 12 months before (${span(opens, closes)})`,
  );
}

/** Residential family centres (residential family centres framework 2014 §10, §12-13, §45). */
function rfcWindows(input: PlanInput): PlanWindow[] {
  const cycleStartYear = input.rfcCycleStartYear ?? RFC_INSPECTION_CYCLE.defaultStartYear;
  const cycles = Math.floor((input.year - cycleStartYear) / RFC_INSPECTION_CYCLE.years);
  const cycleFirstYear = cycleStartYear + cycles * RFC_INSPECTION_CYCLE.years;
  const cycleOpens = inspectionYearBounds(cycleFirstYear).opens;
  const cycleCloses = inspectionYearBounds(cycleFirstYear + RFC_INSPECTION_CYCLE.years - 1).closes;
  const opens = latest(cycleOpens, input.registered);
  const windows = [
    window(
      RFC_PLAN_RULES['full-inspection'],
      opens,
      cycleCloses,
      `the ${RFC_INSPECTION_CYCLE.years}-year cycle ${span(cycleOpens, cycleCloses)} (cycles counted from the ` +
        `inspection year ${cycleStartYear})${opens > cycleOpens ? `, from registration on ${formatLondonDate(opens)}` : ''}`,
    ),
  ];
  for (const inadequate of input.inadequateJudgements ?? []) {
    const timeline = buildTimeline(rfcInspection, {
      anchors: { 'inspection-end': inadequate.date },
      conditions: { inadequate: true },
    });
    const next = stepOf(timeline.steps, 'next-inspection-latest');
    const rule = RFC_PLAN_RULES['return-inspection'];
    windows.push({
      ...window(
        rule,
        addCalendarDays(inadequate.date, 1),
        next.dueLondonDate,
        `${judgedAt(inadequate)} of ${formatLondonDate(inadequate.date)}: ${next.explanation}`,
        `after an inadequate judgement the next inspection normally takes place ${next.rule}`,
      ),
      knownFrom: inadequate.date,
    });
  }
  return windows;
}

function stepOf(steps: readonly TimelineStep[], id: string): TimelineStep {
  const step = steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`the timeline has no step ${id}`);
  return step;
}

/** Which past inspections meet each kind of window. */
const MEETS: Record<PlanWindowId, (kind: PastInspectionKind) => boolean> = {
  'first-inspection': (kind) => kind === 'full' || kind === 'interim',
  'full-inspection': (kind) => kind === 'full',
  // §9: at least two inspections: the second is met by the second full or interim inspection of the window.
  'second-inspection': (kind) => kind === 'full' || kind === 'interim',
  'education-inspection': (kind) => kind === 'education',
  'return-inspection': (kind) => kind === 'monitoring' || kind === 'full',
  'return-full-inspection': (kind) => kind === 'full',
  'further-monitoring-visit': (kind) => kind === 'monitoring',
  // Met by their own visit only, as its inspection records it (decidedVisitWindow): no other visit is that one.
  'interim-return-visit': () => false,
  'assurance-monitoring-visit': () => false,
};

/** The kind of past inspection that is each return visit a case review may choose, in words. */
const CHOSEN_KIND: Record<ChosenReturnVisit, { kind: PastInspectionKind; words: string }> = {
  'monitoring-visit': { kind: 'monitoring', words: 'monitoring visit' },
  'full-inspection': { kind: 'full', words: 'full inspection' },
};

/** Whether a past inspection meets a window: by the window's kind, and the visit the case review chose, if it did. */
const meets = (planned: PlanWindow, past: PastInspection) =>
  MEETS[planned.id](past.kind) && (planned.chosen === undefined || CHOSEN_KIND[planned.chosen].kind === past.kind);

/**
 * The returns after an inadequate judgement (§71, SCCIF 15.1 (b), RFC §45): each met by the first visit after the day it
 * became known (returnMet), early, in time or late.
 */
const MET_BY_THE_FIRST_AFTER: ReadonlySet<PlanWindowId> = new Set(['return-inspection', 'return-full-inspection']);

/**
 * A return after an inadequate judgement is the first visit after it that meets its window, whenever it was made: in
 * the window, before it opened (§72: sooner if concerns arise; met early) or after it closed (met late). Found by a
 * new-user walk: a monitoring visit made before the window opened left the window unmet, then overdue in every digest.
 */
function returnMet(planned: PlanWindow, sorted: readonly PastInspection[]): PlanWindow['met'] {
  const after = planned.knownFrom;
  const first = after === undefined ? undefined : sorted.find((past) => meets(planned, past) && past.date > after);
  if (first === undefined) return undefined;
  const when = first.date < planned.opens ? { early: true as const } : first.date > planned.closes ? { late: true as const } : {};
  return { on: first.date, kind: first.kind, ...(first.inspectionId ? { inspectionId: first.inspectionId } : {}), ...when };
}

/** A logged inspection meets the window it falls in; the second inspection needs two inspections in its window. */
function markMet(windows: PlanWindow[], history: readonly PastInspection[]): PlanWindow[] {
  const sorted = [...history].sort((a, b) => a.date.localeCompare(b.date));
  return windows.map((planned) => {
    if (planned.met) return planned;
    if (MET_BY_THE_FIRST_AFTER.has(planned.id)) {
      const met = returnMet(planned, sorted);
      return met === undefined ? planned : { ...planned, met };
    }
    const inWindow = sorted.filter(
      (past) => meets(planned, past) && within(past.date, planned.opens, planned.closes),
    );
    const meeting = planned.id === 'second-inspection' ? inWindow[1] : inWindow[0];
    // §11/§12: a first inspection carried out after its window closed still is the first inspection: met late.
    const late =
      meeting || planned.id !== 'first-inspection' ? undefined : sorted.find((past) => meets(planned, past) && past.date > planned.closes);
    const met = meeting ?? late;
    if (!met) return planned;
    return { ...planned, met: { on: met.date, kind: met.kind, ...(met.inspectionId ? { inspectionId: met.inspectionId } : {}), ...(late ? { late: true as const } : {}) } };
  });
}

/**
 * The windows of a return visit (after an inadequate judgement, an interim inspection's case review or an assurance
 * visit's concerns): listed in the years they meet, and in each later year until a visit meets
 * them (a return still owed stays on the plan as overdue, found by a new-user walk: it vanished on 1 April), then in
 * the year of the visit that met them late.
 */
const RETURNS: ReadonlySet<PlanWindowId> = new Set([
  'return-inspection',
  'return-full-inspection',
  'further-monitoring-visit',
  'interim-return-visit',
  'assurance-monitoring-visit',
]);

/**
 * A window of a return after an inadequate judgement (§71, SCCIF 15.1 (b), RFC framework §45: Ofsted always returns),
 * of a further monitoring visit (§77 (a)), or of a visit due after an interim inspection or an assurance visit.
 */
export function isReturnWindow(id: PlanWindowId): boolean {
  return RETURNS.has(id);
}

function listedInYear(planned: PlanWindow, opens: LocalDate, closes: LocalDate): boolean {
  if (!RETURNS.has(planned.id) || (planned.closes >= opens && planned.opens <= closes)) return true;
  if (planned.opens > closes) return planned.knownFrom !== undefined && within(planned.knownFrom, opens, closes);
  return planned.met === undefined || within(planned.met.on, opens, closes);
}

export function inspectionPlan(input: PlanInput): InspectionPlan {
  if (!Number.isInteger(input.year) || input.year < PLAN_YEARS.first || input.year > PLAN_YEARS.last) {
    throw new PlanError('year', `must be a whole year between ${PLAN_YEARS.first} and ${PLAN_YEARS.last} (2026 is 1 April 2026 to 31 March 2027)`);
  }
  const { opens, closes } = inspectionYearBounds(input.year);
  if (input.registered > closes) {
    throw new PlanError(
      'registered',
      `is after the inspection year ${input.year} ends (${formatLondonDate(closes)}): there is nothing to plan yet`,
    );
  }
  const history = [
    ...(input.history ?? []),
    ...(input.lastEducation ? [{ date: input.lastEducation, kind: 'education' as const }] : []),
  ];
  for (const past of history) {
    if (past.date < input.registered) {
      throw new PlanError(past.kind === 'education' ? 'lastEducation' : 'history', `${formatLondonDate(past.date)} is before the registration on ${formatLondonDate(input.registered)}`);
    }
  }
  if (input.type === 'residential-family-centre' && (input.providesEducation || input.lastEducation)) {
    throw new PlanError('education', 'applies to children\u2019s homes only (children\u2019s homes framework 2015 §17)');
  }
  if (input.lastEducation && !input.providesEducation) {
    throw new PlanError('lastEducation', 'needs the home to provide education');
  }
  const windows = markMet(input.type === 'residential-family-centre' ? rfcWindows(input) : childrensHomeWindows(input, opens, closes), history);
  return {
    process: 'inspection-plan',
    type: input.type,
    year: input.year,
    yearOpens: opens,
    yearCloses: closes,
    windows: windows.filter((planned) => listedInYear(planned, opens, closes)),
  };
}

export type WindowStatus = 'met' | 'overdue' | 'open' | 'not-yet-open';

/**
 * Where a window stands on a day, with the working days left until it closes (negative when overdue); a caller that
 * already counted them (the due list counts each closing day once) passes them in.
 */
export function windowStatus(
  planned: PlanWindow,
  today: LocalDate,
  workingDaysLeft = workingDaysBetween(today, planned.closes),
): { status: WindowStatus; workingDaysLeft: number } {
  if (planned.met) return { status: 'met', workingDaysLeft };
  if (today > planned.closes) return { status: 'overdue', workingDaysLeft };
  if (today < planned.opens) return { status: 'not-yet-open', workingDaysLeft };
  return { status: 'open', workingDaysLeft };
}
