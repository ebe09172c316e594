import {
  byEndOfNextWorkingDay,
  onWorkingDayNumber,
  withinCalendarDays,
  withinMonths,
  withinWeeks,
  withinWorkingDays,
  formatDateInWords,
  type Anchor,
  type Deadline,
  type LocalDate,
} from '../calendar';
import { notRecordableReason } from './recording';
import { SOURCE_DOCUMENTS, type DeadlineRule, type StepKind, type ProcessDefinition, type Source, type StepDefinition } from './types';

export class TimelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimelineError';
  }
}

export interface TimelineInput {
  /** The process's anchor events, by anchor id (e.g. `{ 'inspection-end': '2027-03-25' }`). */
  anchors: Record<string, LocalDate | undefined>;
  /** London days on which steps actually happened, by step id; later steps anchored on them count from these. */
  actuals?: Record<string, LocalDate | undefined>;
  /** Conditions that switch optional steps on (e.g. `{ 'serious-concerns': true }`). */
  conditions?: Record<string, boolean | undefined>;
  /**
   * Steps that a decision made unnecessary, by step id, with why (e.g. "not required, decided at the case review on
   * 3 March 2027"): they stay on the timeline, marked, and are never due, overdue or escalated.
   */
  notRequired?: Record<string, string | undefined>;
  /**
   * Steps the record's own decisions re-time or re-word, by step id: a further monitoring visit's window counts from
   * the previous visit, in the weeks set when its outcome was recorded (children's homes framework §71, §77).
   */
  adjusted?: Record<string, StepAdjustment | undefined>;
  /**
   * The process as the record's own origin words it (a monitoring visit after an assurance visit, not after an
   * inadequate judgement): its title, its anchors' labels, and the source cited instead of the process's own.
   */
  worded?: { title: string; anchorLabels: Record<string, string>; source: Source };
}

/** How a decision on the record changes one step: its anchor and rule, or its title. */
export interface StepAdjustment {
  anchor?: { label: string; date: LocalDate };
  rule?: DeadlineRule;
  title?: string;
  /** Who set the adjusted rule, when a person did rather than the regulations (a manager changed a visit's window). */
  ruleSetBy?: string;
}

export interface TimelineStep extends Deadline {
  id: string;
  title: string;
  actor: StepDefinition<string, string>['actor'];
  kind: StepKind;
  source: string;
  sourceRef: Source;
  /** True when a person records it (POST /inspections/{id}/steps/{stepId}); false when the system or another form does. */
  recordable: boolean;
  /** The London day the step actually happened, when known. */
  done?: LocalDate;
  /** Why the step is not required, when a decision made it unnecessary: it is then never due or overdue. */
  notRequired?: string;
  note?: string;
  /**
   * Who set its rule, when a person did rather than the regulations: a manager changed the window of a visit further
   * monitoring began (§71). Shown beside the rule, and in its escalation, so that the rule is not read as the regulations'.
   */
  ruleSetBy?: string;
  /** The steps it follows (StepDefinition.after). */
  after?: readonly string[];
  /**
   * Counted from the planned day of a visit not carried out yet (a step recorded with the visit's outcome: the
   * monitoring visit). Once that day has passed, its date is no deadline: the step waits for the visit (stepStatus).
   */
  countsFromVisit?: true;
}

export interface Timeline {
  process: string;
  title: string;
  steps: TimelineStep[];
}

export function describeSource(source: Source): string {
  return `${SOURCE_DOCUMENTS[source.document]}, ${source.paragraph}`;
}

/**
 * Several sources, each document named once with its paragraphs ("SCCIF: children's homes, section 15 …, 15.4 and
 * 15.3"; found by a new-user walk: the document's long title twice in one line), documents in the order first given.
 */
export function describeSources(sources: readonly Source[]): string {
  const byDocument = new Map<Source['document'], string[]>();
  for (const { document, paragraph } of sources) {
    const paragraphs = byDocument.get(document) ?? [];
    if (!paragraphs.includes(paragraph)) paragraphs.push(paragraph);
    byDocument.set(document, paragraphs);
  }
  return [...byDocument]
    .map(([document, paragraphs]) => `${SOURCE_DOCUMENTS[document]}, ${paragraphs.length < 2 ? paragraphs.join('') : `${paragraphs.slice(0, -1).join(', ')} and ${paragraphs.at(-1)}`}`)
    .join('; ');
}

/** The deadline a rule gives from an anchor (the single place rule kinds meet calendar functions). */
export function applyRule(rule: DeadlineRule, anchor: Anchor): Deadline {
  switch (rule.kind) {
    case 'working-day-number':
      return onWorkingDayNumber(anchor, rule.day, rule.at);
    case 'working-days':
      return withinWorkingDays(anchor, rule.days);
    case 'next-working-day':
      return byEndOfNextWorkingDay(anchor);
    case 'days':
      return withinCalendarDays(anchor, rule.days);
    case 'weeks':
      return withinWeeks(anchor, rule.weeks);
    case 'months':
      return withinMonths(anchor, rule.months);
  }
}

/**
 * Turns a process and its anchor events into its timeline: every applicable step with its due instant (UTC), its
 * London date, its rule, its anchor and its source. A step anchored on another step counts from that step's actual
 * day when known, else from its due day (planned).
 */
export function buildTimeline(process: ProcessDefinition, input: TimelineInput): Timeline {
  for (const [id, anchor] of Object.entries(process.anchors)) {
    if (!input.anchors[id]) throw new TimelineError(`${process.id} needs the anchor --${anchor.flag} (${anchor.label})`);
  }
  const known = new Set(process.steps.map((step) => step.id));
  for (const stepId of Object.keys(input.actuals ?? {})) {
    if (!known.has(stepId)) throw new TimelineError(`${process.id} has no step "${stepId}"`);
  }
  for (const condition of Object.keys(input.conditions ?? {})) {
    // Own keys only: `in` would accept inherited names such as "toString".
    if (!Object.hasOwn(process.conditions, condition)) {
      throw new TimelineError(`${process.id} has no condition "${condition}"`);
    }
  }

  // A step citing the process's own source cites the origin's instead, where the input words the process for one.
  const sourceOf = (step: StepDefinition<string, string>): Source =>
    input.worded && step.source.document === process.source.document && step.source.paragraph === process.source.paragraph ? input.worded.source : step.source;
  const byId = new Map<string, TimelineStep>();
  const steps: TimelineStep[] = [];
  for (const step of process.steps) {
    if (step.when && !input.conditions?.[step.when]) continue;
    if (step.unless && input.conditions?.[step.unless]) continue;
    const adjustment = input.adjusted?.[step.id];
    const anchor: Anchor = adjustment?.anchor ? { ...adjustment.anchor, basis: 'actual' } : resolveAnchor(process, step, input, byId);
    const deadline = windowWords(step.kind, applyRule(adjustment?.rule ?? step.rule, anchor));
    const done = input.actuals?.[step.id];
    const notRequired = input.notRequired?.[step.id];
    const timelineStep: TimelineStep = {
      id: step.id,
      title: adjustment?.title ?? step.title,
      actor: step.actor,
      kind: step.kind ?? 'deadline',
      recordable: notRecordableReason(step) === undefined,
      ...deadline,
      source: describeSource(sourceOf(step)),
      sourceRef: sourceOf(step),
      ...(done ? { done } : {}),
      ...(notRequired ? { notRequired } : {}),
      ...(step.note ? { note: step.note } : {}),
      ...(adjustment?.ruleSetBy ? { ruleSetBy: adjustment.ruleSetBy } : {}),
      ...(step.after ? { after: step.after } : {}),
      ...(anchor.basis === 'planned' && visitAnchored(process, step) ? { countsFromVisit: true as const } : {}),
    };
    byId.set(step.id, timelineStep);
    steps.push(timelineStep);
  }
  // A window is over once the step that closes it is done: the window-opens step is done on that day too.
  for (const step of process.steps) {
    const window = byId.get(step.id);
    const closing = step.closedBy === undefined ? undefined : byId.get(step.closedBy);
    if (window && !window.done && window.notRequired === undefined && closing?.done) window.done = closing.done;
  }
  // The provider's deadline a later stage went ahead without, their time being over (the final report published with
  // no comments received): over, not overdue for ever.
  for (const step of steps) {
    if (step.done === undefined) continue;
    for (const id of step.after ?? []) {
      const before = byId.get(id);
      if (!before || before.actor !== 'provider' || before.kind !== 'deadline' || before.done !== undefined || before.notRequired !== undefined) continue;
      before.notRequired = `${NONE_RECORDED}, and “${step.title}” went ahead on ${formatDateInWords(step.done)} once their time was over`;
    }
  }
  return { process: process.id, title: input.worded?.title ?? process.title, steps };
}

/** How a provider's deadline that a later stage went ahead without is not required (their time was over). */
const NONE_RECORDED = 'not required: none were recorded';

/**
 * A provider's deadline that a later stage went ahead without, nothing recorded by then (the final report published
 * with no comments received): the page says "Not received", not "Not required" (found by a new-user walk).
 */
export function wentAheadWithout(step: Pick<TimelineStep, 'actor' | 'notRequired'>): boolean {
  return step.actor === 'provider' && step.notRequired?.startsWith(NONE_RECORDED) === true;
}

/**
 * True when `step` waits for the visit it counts from (countsFromVisit) on `today`: the visit's planned day has passed
 * without it. Its date is then no deadline: not overdue (stepStatus: waiting), and not escalated (core/escalations.ts).
 */
export function waitsForVisit(step: Pick<TimelineStep, 'countsFromVisit' | 'anchor'>, today: LocalDate): boolean {
  return step.countsFromVisit === true && today > step.anchor.date;
}

/** True when the step counts from a visit, a step recorded with the visit's outcome (the monitoring visit carried out). */
function visitAnchored(process: ProcessDefinition, step: StepDefinition<string, string>): boolean {
  if (typeof step.anchor === 'string') return false;
  const anchorId = step.anchor.step;
  return process.steps.some((candidate) => candidate.id === anchorId && candidate.recordedThrough === 'outcome');
}

/**
 * The rule of a window's opening said as one: "opens 6 weeks after the end of the inspection", not "within 6 weeks of"
 * (which reads as a deadline: the visit may not happen before that day).
 */
function windowWords(kind: StepDefinition<string, string>['kind'], deadline: Deadline): Deadline {
  if (kind !== 'window-opens') return deadline;
  return { ...deadline, rule: deadline.rule.replace(/^within (.+?) of /, 'opens $1 after ') };
}

function resolveAnchor(
  process: ProcessDefinition,
  step: StepDefinition<string, string>,
  input: TimelineInput,
  earlier: Map<string, TimelineStep>,
): Anchor {
  if (typeof step.anchor === 'string') {
    const definition = process.anchors[step.anchor];
    const date = input.anchors[step.anchor];
    if (!definition || !date) throw new TimelineError(`${process.id}: step ${step.id} has no anchor ${step.anchor}`);
    return { label: input.worded?.anchorLabels[step.anchor] ?? definition.label, date, basis: 'given' };
  }
  const anchorId = step.anchor.step;
  const anchorStep = earlier.get(anchorId);
  if (!anchorStep) {
    throw new TimelineError(`${process.id}: step ${step.id} is anchored on ${step.anchor.step}, which must come first`);
  }
  const definition = process.steps.find((candidate) => candidate.id === anchorId);
  const label = definition?.asAnchor ?? `"${anchorStep.title}"`;
  return anchorStep.done
    ? { label, date: anchorStep.done, basis: 'actual' }
    : { label, date: anchorStep.dueLondonDate, basis: 'planned' };
}
