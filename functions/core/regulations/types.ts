import type { LondonTime } from '../calendar';

/** The seed documents every rule cites (see ../shared/seeds). */
export const SOURCE_DOCUMENTS = {
  'assurance-visits-2021': "Assurance visits: secure children's homes (Ofsted, updated 19 March 2021)",
  'sccif-15': "SCCIF: children's homes, section 15 'Inadequate judgements: next steps'",
  'childrens-homes-framework-2015': "Inspections of children's homes: framework for inspection (Ofsted, 2015)",
  'rfc-framework-2014': 'Residential family centres: framework for inspection (Ofsted, 2014)',
} as const;

export type SourceDocument = keyof typeof SOURCE_DOCUMENTS;

export interface Source {
  document: SourceDocument;
  /** Paragraph or section, e.g. "§81", "15.3", "Timeframe". */
  paragraph: string;
}

/** How a step's due date is counted from its anchor. Each kind maps to one calendar function. */
export type DeadlineRule =
  /** Day N of a working-day timetable whose day 1 is the anchor's day (assurance visit days 1-4). */
  | { kind: 'working-day-number'; day: number; at?: LondonTime }
  /** "within N working days of X". */
  | { kind: 'working-days'; days: number }
  /** "by the end of the next working day following X". */
  | { kind: 'next-working-day' }
  /** "within N days of X", calendar days (the seed's words where it does not say working days). */
  | { kind: 'days'; days: number }
  /** "within N weeks of X". */
  | { kind: 'weeks'; weeks: number }
  /** "within N months of X". */
  | { kind: 'months'; months: number };

export type StepKind = 'deadline' | 'window-opens' | 'right';

/** Who does a step: a social care compliance inspector holds a residential family centre's case discussion (RFC §42). */
export type Actor = 'inspector' | 'manager' | 'compliance-inspector' | 'provider' | 'system';

/** Who does a step, in words: the timeline's "Who:" and the docs' "who" column. */
export const ACTOR_LABELS: Record<Actor, string> = {
  inspector: 'Inspector',
  manager: 'Manager',
  'compliance-inspector': 'Social care compliance inspector',
  provider: 'Provider',
  system: 'System',
};

export interface StepDefinition<Anchor extends string, Condition extends string> {
  id: string;
  title: string;
  actor: Actor;
  /** An anchor event of the process, or the id of an earlier step (its actual date when known, else its due date). */
  anchor: Anchor | { step: string };
  rule: DeadlineRule;
  source: Source;
  /** The step exists only when this condition holds (e.g. serious concerns were found). */
  when?: Condition;
  /** The step does not exist when this condition holds (e.g. another process holds it instead). */
  unless?: Condition;
  /**
   * `window-opens` marks the start of a window ("not before"), not a deadline to meet. `right` is someone's right
   * within a window, not a duty (the provider may complain): open from its anchor's day until its due day, never
   * overdue, escalated or counted in risk.
   */
  kind?: StepKind;
  /** For a `window-opens` step: the step whose doing closes the window (the window is then done on that day). */
  closedBy?: string;
  /** Why, when the rule is a policy choice rather than the seed's words. */
  note?: string;
  /** How rules of later steps name this step when they count from it, e.g. "the end of the visit". */
  asAnchor?: string;
  /**
   * A step a person does is recorded as a fact with its date (POST /inspections/{id}/steps/{stepId}), except where
   * another form records it: the manager's decision on an approval, the outcome of the visit (its visit date), or the
   * logging of the inspection that meets it (a return inspection).
   */
  recordedThrough?: 'approval' | 'outcome' | 'judgements' | 'logged-inspection';
  /**
   * Who is escalated to when the step is overdue, besides the manager and a senior manager: the lead inspector, where
   * the step is theirs to do: the judgements (SCCIF 15.3), their reports, and the return or monitoring visit. Not the
   * next inspection a timeline asks for (full-inspection-latest, next-inspection-latest): scheduling it is the managers'.
   */
  escalatesToLeadInspector?: boolean;
  /**
   * Steps this one follows: each is recorded before this one can be, on or before its day (the report goes to the
   * provider for a factual accuracy check, and the provider's comments come back, before the final report). A
   * provider's deadline whose day has passed counts as met: the provider's time for comments is over. A step the
   * timeline does not hold, or does not require, is left out.
   */
  after?: readonly string[];
  /**
   * The step is what its anchor names: the call that announces an assurance visit is day 1 ("Day 1: visit announced").
   * It is recorded on its anchor's day only; done on another day, the anchor itself was another day, and every deadline
   * counted from it with it.
   */
  onAnchorDay?: true;
  /** What the system sends once the step is recorded, in words for the form that records it. */
  whenRecorded?: string;
}

export interface AnchorDefinition {
  /** Plain words used in rules, e.g. "the end of the inspection". */
  label: string;
  /** The command-line flag that supplies it, e.g. "inspection-end". */
  flag: string;
}

export interface ConditionDefinition {
  label: string;
  flag: string;
}

export interface ProcessDefinition<Anchor extends string = string, Condition extends string = string> {
  id: string;
  title: string;
  source: Source;
  anchors: Record<Anchor, AnchorDefinition>;
  conditions: Record<Condition, ConditionDefinition>;
  steps: readonly StepDefinition<Anchor, Condition>[];
}

/** Identity helper that keeps the literal anchor/condition names while checking the shape. */
export function defineProcess<Anchor extends string, Condition extends string = never>(
  process: ProcessDefinition<Anchor, Condition>,
): ProcessDefinition<Anchor, Condition> {
  return process;
}
