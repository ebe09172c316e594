/**
 * The inspection plan's rules as data: which inspections each establishment is due in an inspection year, and why.
 * Children's homes framework 2015 §9-17; residential family centres framework 2014 §10-13, §45. The windows are
 * computed by `core/inspection-plan.ts`; the deadlines CLI, the due lists and README read these tables.
 */
import { ASSURANCE_NEXT_STEPS, homesFramework, rfcFramework, SCCIF_15_1 } from './sources';
import type { Source } from './types';

/**
 * §9: the inspection period runs from 1 April to 31 March. §11-12 split it at 30 September / 1 October.
 * Month-day pairs (1-based months).
 */
export const INSPECTION_YEAR = {
  starts: { month: 4, day: 1 },
  firstHalfEnds: { month: 9, day: 30 },
  secondHalfStarts: { month: 10, day: 1 },
  ends: { month: 3, day: 31 },
} as const;

/** §17: a home that provides education has its educational provision inspected once every three years. */
export const EDUCATION_INSPECTION_EVERY_YEARS = 3;

/**
 * RFC §10: at least one inspection during each three-year inspection cycle. The framework does not say when the
 * cycles start: by default they are counted from the inspection year starting 1 April 2014 (the framework's year),
 * so 2026-27 starts a cycle (2026-2029). A deployment sets another start with the `rfcCycleStartYear` setting and
 * the CLI with `--cycle-start YYYY`.
 */
export const RFC_INSPECTION_CYCLE = { years: 3, defaultStartYear: 2014 } as const;

export const PLAN_WINDOW_IDS = [
  'first-inspection',
  'full-inspection',
  'second-inspection',
  'education-inspection',
  'return-inspection',
  'return-full-inspection',
  'further-monitoring-visit',
  'interim-return-visit',
  'assurance-monitoring-visit',
] as const;
export type PlanWindowId = (typeof PLAN_WINDOW_IDS)[number];

/** The return visit an urgent case review chose after an inadequate judgement (§71). */
export type ChosenReturnVisit = 'monitoring-visit' | 'full-inspection';

export interface PlanRule {
  id: PlanWindowId;
  title: string;
  /** The title once the case review chose the return visit (only that kind of visit then meets the window). */
  titleOnceChosen?: Record<ChosenReturnVisit, string>;
  /** The rule in plain words, as the due lists and README show it. */
  rule: string;
  source: Source;
}

/** Children's homes (and secure children's homes): children's homes framework 2015. */
export const CHILDRENS_HOME_PLAN_RULES = {
  /** §11: registered 1 April-30 September: at least one inspection between 1 October and 31 March. */
  'first-inspection-registered-first-half': {
    id: 'first-inspection',
    title: 'First inspection of a newly registered home',
    rule: 'a home registered between 1 April and 30 September receives at least one inspection between 1 October and 31 March',
    source: homesFramework('§11'),
  },
  /** §12: registered 1 October-31 March: first inspection 1 April-30 September of the following inspection period. */
  'first-inspection-registered-second-half': {
    id: 'first-inspection',
    title: 'First inspection of a newly registered home',
    rule: 'a home registered between 1 October and 31 March receives its first inspection between 1 April and 30 September of the following inspection period',
    source: homesFramework('§12'),
  },
  /** §9, §15: at least two inspections in each inspection period, at least one of them full. */
  'full-inspection': {
    id: 'full-inspection',
    title: 'Full inspection',
    rule: 'at least one of the inspection period\u2019s inspections is a full inspection (1 April to 31 March)',
    source: homesFramework('§15'),
  },
  'second-inspection': {
    id: 'second-inspection',
    title: 'Second inspection (usually an interim inspection)',
    rule: 'every children\u2019s home has at least two inspections in the inspection period (1 April to 31 March); usually one full and one interim (§10)',
    source: homesFramework('§9'),
  },
  /** §17: educational provision inspected once every three years. */
  'education-inspection': {
    id: 'education-inspection',
    title: 'Inspection of the educational provision',
    rule: `where the home provides education, its educational provision is inspected once every ${EDUCATION_INSPECTION_EVERY_YEARS} years (with the full inspection where sensible and practical; always a separate report)`,
    source: homesFramework('§17'),
  },
  /** §71 / SCCIF 15.1: after an inadequate judgement, Ofsted always returns (the 6-8 week window of the pathway). */
  'return-inspection': {
    id: 'return-inspection',
    title: 'Return visit after an inadequate judgement (monitoring visit or full inspection)',
    titleOnceChosen: {
      'monitoring-visit': 'Return visit after an inadequate judgement: a monitoring visit, chosen at the case review',
      'full-inspection': 'Return visit after an inadequate judgement: a full inspection, chosen at the case review',
    },
    // The window's dates and words come from the inadequate pathway's own steps (monitoring-visit-earliest/-latest).
    rule: 'after an inadequate judgement Ofsted always returns (a monitoring visit or a full inspection, as the urgent case review chooses; once chosen, only that visit meets the window) in the window of the inadequate pathway (steps `monitoring-visit-earliest` to `monitoring-visit-latest`)',
    source: homesFramework('§71'),
  },
  /** SCCIF 15.1 (b): the monitoring visit's outcome schedules a full inspection, usually within 16 weeks. */
  'return-full-inspection': {
    id: 'return-full-inspection',
    title: 'Full inspection scheduled by a monitoring visit after an inadequate judgement',
    // The window's close and words come from the inadequate pathway's own step (full-inspection-latest).
    rule: 'when the monitoring visit after an inadequate judgement schedules a full inspection, it takes place by the inadequate pathway\'s step `full-inspection-latest`',
    source: SCCIF_15_1,
  },
  /** §77 (a), §71: further monitoring begins another monitoring visit, in the window set with that outcome. */
  'further-monitoring-visit': {
    id: 'further-monitoring-visit',
    title: 'Further monitoring visit (after an inadequate judgement, or serious concerns at an assurance visit)',
    rule: 'when a monitoring visit (after an inadequate judgement, or after serious concerns at an assurance visit) chooses further monitoring, the next monitoring visit takes place in the window set with that outcome (in weeks from that visit; the timing is decided case by case, §71)',
    source: homesFramework('§77'),
  },
  /** SCCIF 15.1, §71: an interim inspection's urgent case review decided a return visit, in the window it set. */
  'interim-return-visit': {
    id: 'interim-return-visit',
    title: 'Return visit after an interim inspection, decided at the case review',
    // The window's dates and words come from the interim inspection's own steps (return-visit-earliest, return-visit).
    rule: 'when the urgent case review after an interim inspection decides a return visit, it takes place in the window of the interim inspection\'s steps `return-visit-earliest` to `return-visit` (as the case review set it)',
    source: SCCIF_15_1,
  },
  /** Assurance visits 2021, next steps: serious or widespread concerns lead to a monitoring visit, unless the case review decides otherwise. */
  'assurance-monitoring-visit': {
    id: 'assurance-monitoring-visit',
    title: 'Monitoring visit after serious concerns at an assurance visit',
    // The window's dates and words come from the assurance visit's own steps (monitoring-visit-earliest/-latest).
    rule: 'after serious or widespread concerns at an assurance visit, the monitoring visit takes place in the window of the assurance visit\'s steps `monitoring-visit-earliest` to `monitoring-visit-latest`, unless the case review decides against it',
    source: ASSURANCE_NEXT_STEPS,
  },
} as const satisfies Record<string, PlanRule>;

/** Residential family centres: residential family centres framework 2014. */
export const RFC_PLAN_RULES = {
  /** §10, §13: at least one (full) inspection in each three-year cycle. */
  'full-inspection': {
    id: 'full-inspection',
    title: 'Full inspection in the three-year cycle',
    rule: `every residential family centre has at least one full inspection during each ${RFC_INSPECTION_CYCLE.years}-year inspection cycle`,
    source: rfcFramework('§10'),
  },
  /** §12, §45: judged inadequate: the next inspection normally follows (within the 12 months of the RFC process). */
  'return-inspection': {
    id: 'return-inspection',
    title: 'Next inspection after an inadequate judgement',
    // The window's close and words come from the family centre inspection's own step (next-inspection-latest).
    rule: 'after an inadequate judgement for overall experiences of children and parents the next inspection normally takes place by the family centre inspection\'s step `next-inspection-latest`',
    source: rfcFramework('§45'),
  },
} as const satisfies Record<string, PlanRule>;

/** A window is "closing soon" in the due lists and the managers' daily digest within this many working days. */
export const PLAN_CLOSING_SOON_WORKING_DAYS = 10;

/** The inspection years a plan is made for (2026 is 1 April 2026 to 31 March 2027). */
export const PLAN_YEARS = { first: 2000, last: 2100 } as const;
