/**
 * The status of an inspection in words that say what is awaited, and of whom: "Awaiting the monitoring visit (6 to 8
 * weeks after the inspection: …)", "Awaiting the case review decision from a manager (due …)". The inspections list and
 * the inspection page both show these words, from the same facts (awaitedOf in core/awaited.ts).
 */
import { DECIDED_BY, decisionWords } from '../app';
import type { Awaited } from '../core/awaited';
import { lastWorkingDayWords, type LocalDate } from '../core/calendar';
import type { InspectionStatus } from '../core/inspection';
import { MONITORING_WINDOW_CLOSES, MONITORING_WINDOW_OPENS, type DeadlineRule, type TimelineStep } from '../core/regulations';
import { lowerFirst, processTitle, STATUS_WORDS } from './labels';
import { londonDate } from './render';

function weeksOf(rule: DeadlineRule): number | undefined {
  return rule.kind === 'weeks' ? rule.weeks : undefined;
}

/** "6 to 8 weeks", from the regulations' own window rules. */
function monitoringWindowWords(): string {
  const opens = weeksOf(MONITORING_WINDOW_OPENS);
  const closes = weeksOf(MONITORING_WINDOW_CLOSES);
  return opens === undefined || closes === undefined ? 'within the return window' : `${opens} to ${closes} weeks`;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Whole weeks from one London day to another (both days taken at midnight UTC: no clock change in between). */
function weeksBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / WEEK_MS);
}

/**
 * The window of the visit awaited in weeks, as its timeline counts it: the usual 6 to 8, or the weeks a manager set
 * (a further monitoring visit's, an interim review's), never the usual words over other dates.
 */
function windowWeeksWords(awaited: Extract<Awaited, { kind: 'monitoring-visit' }>): string {
  if (awaited.opens === undefined) return monitoringWindowWords();
  return `${weeksBetween(awaited.countedFrom.date, awaited.opens)} to ${weeksBetween(awaited.countedFrom.date, awaited.closes)} weeks`;
}

/**
 * Why the monitoring visit can be recorded while the urgent case review is still undecided (monitoringVisitRefusal):
 * SCCIF 15.1 and §71 count the return from the judgement, whatever the state of the review.
 */
export function monitoringBeforeDecisionWords(): string {
  return (
    'No manager has decided the urgent case review yet. You can still record the monitoring visit once it has happened: after an ' +
    `inadequate judgement Ofsted always returns within ${monitoringWindowWords()}, whatever the review decides (SCCIF 15.1; ` +
    "children's homes framework §71). Only if the review chooses a full inspection as the return visit is that inspection " +
    'logged as a new inspection instead.'
  );
}

/**
 * ", now overdue" once the moment is past the awaited thing's due instant (the deadline the timeline shows), said
 * beside that thing: after its due date, or after the visit's name, not after the outcome that follows the visit.
 */
function lateness(due: string | undefined, now: Date): string {
  return due !== undefined && now.getTime() > Date.parse(due) ? ', now overdue' : '';
}

/**
 * The visit awaited by name, with what it may yet be: "the 2nd monitoring visit" once further monitoring numbered
 * them; before the urgent case review decides, the return visit (the timeline's "Return visit carried out"), which the
 * review may still make a full inspection.
 */
function visitName(awaited: Extract<Awaited, { kind: 'monitoring-visit' }>): { name: string; mayBe?: string } {
  return awaited.decided ? { name: awaited.visit } : { name: 'the return visit', mayBe: 'a monitoring visit unless the urgent case review chooses a full inspection' };
}

/** One awaited thing, as it follows "Awaiting ". */
export function awaitedWords(awaited: Awaited, leadInspector: string | undefined, now: Date): string {
  const lead = leadInspector ? `the lead inspector (${leadInspector})` : 'the lead inspector';
  const late = lateness(awaited.due, now);
  switch (awaited.kind) {
    case 'announcement':
      return `the call announcing the visit from ${lead}, due ${londonDate(awaited.due)}${late}: the provider’s letter follows it`;
    case 'outcome':
      return `the outcome of the ${lowerFirst(processTitle(awaited.process))} from ${lead}` + (awaited.due ? `, due ${londonDate(awaited.due)}${late}` : '');
    case 'decision':
      return `the ${decisionWords(awaited.approval)} from ${DECIDED_BY[awaited.approval].words}, due ${londonDate(awaited.due)}${late}`;
    case 'monitoring-visit': {
      // A window closing on a weekend or a bank holiday names the last day a visit can be made in it.
      const last = lastWorkingDayWords(awaited.closes);
      const window =
        (awaited.opens ? `between ${londonDate(awaited.opens)} and ${londonDate(awaited.closes)}` : `by ${londonDate(awaited.closes)}`) +
        (last ? `; ${last}` : '');
      const { name, mayBe } = visitName(awaited);
      return (
        `${name}${late} (${mayBe ? `${mayBe}; ` : ''}due ${windowWeeksWords(awaited)} after ${awaited.countedFrom.label}, ` +
        `${londonDate(awaited.countedFrom.date)}: ${window}), then its outcome from ${lead}`
      );
    }
    case 'inspection':
      return `${awaited.title}, to be logged by an inspector (${awaited.rule}), due ${londonDate(awaited.due)}${late}`;
  }
}

/** Who does a step, as the status names them. */
const ACTOR_WORDS: Record<TimelineStep['actor'], string> = {
  inspector: 'the lead inspector',
  manager: 'a manager',
  'compliance-inspector': 'a social care compliance inspector',
  provider: 'the provider',
  system: 'the system',
};

/**
 * The status in words: what is awaited and of whom; when no person's outcome or decision is awaited (the reports and
 * notices follow their own deadlines), the next deadline and whose it is; "Complete", "Failed" and "Withdrawn" as they are. An
 * inspection to be logged later than the next deadline (the family centre's next inspection within 12 months, a
 * return inspection within weeks) comes after that deadline, not instead of it: "next, …; then …".
 */
export function statusWords(
  status: InspectionStatus,
  awaited: readonly Awaited[],
  now: Date,
  leadInspector?: string,
  next?: { step: Pick<TimelineStep, 'title' | 'actor' | 'due'>; notYetRecordable?: string },
): string {
  if (status === 'failed' || status === 'complete' || status === 'withdrawn') return STATUS_WORDS[status];
  const later = next !== undefined && awaited.length > 0 && awaited.every((item) => item.kind === 'inspection' && Date.parse(item.due) > Date.parse(next.step.due));
  const parts = awaited.map((item) => awaitedWords(item, leadInspector, now));
  const list = (words: string[]) => (words.length === 1 ? words[0] : `${words.slice(0, -1).join('; ')}; and ${words[words.length - 1]}`);
  const stepWords = ({ step, notYetRecordable }: NonNullable<typeof next>) => {
    const who = step.actor === 'inspector' && leadInspector ? `the lead inspector (${leadInspector})` : ACTOR_WORDS[step.actor];
    const done = step.actor === 'system' ? 'done by the system' : `to be recorded by ${who}`;
    // A step that waits on another says so (found by a new-user walk: "next, “Final report published”, … now overdue"
    // while the system refused it until the report was sent): "; it can be recorded once …".
    const blocked = notYetRecordable === undefined ? '' : `; it ${lowerFirst(notYetRecordable).replace(/\.$/, '')}`;
    return `“${step.title}”, ${done}, due ${londonDate(step.due)}${lateness(step.due, now)}${blocked}`;
  };
  if (awaited.length === 0 || later) {
    if (!next) return STATUS_WORDS[status];
    const nextWords = `In progress: next, ${stepWords(next)}`;
    return later ? `${nextWords}; then ${list(parts)}` : nextWords;
  }
  // A person's deadline due before everything awaited (a report stage of the inspection while its monitoring visit is
  // awaited) is named too (found by a walk: the status named the awaited visit only, while the list's next deadline
  // was an overdue report). Not the system's (the alerts): nobody records those.
  const before =
    next !== undefined && next.step.actor !== 'system' && awaited.every((item) => item.due !== undefined && Date.parse(next.step.due) < Date.parse(item.due)) ? next : undefined;
  return `Awaiting ${list(parts)}${before ? `. Due before it: ${stepWords(before)}` : ''}`;
}

/** What a complete inspection still owes: the phone calls confirming receipt of the DCS alert (SCCIF 15.3). */
export function withCallsOwed(words: string, status: InspectionStatus, callsOutstanding: number | undefined): string {
  if (status !== 'complete' || !callsOutstanding) return words;
  const calls = callsOutstanding === 1 ? '1 phone call' : `${callsOutstanding} phone calls`;
  return `${words}; ${calls} to confirm receipt of the alert still to be made (SCCIF 15.3)`;
}
