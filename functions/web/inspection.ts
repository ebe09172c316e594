/**
 * GET /app/inspections/{id}: an inspection with its details (children by initials only), its outcome and the
 * verdict of the framework's rules, the managers' decisions, the scheduled visits, the timeline of its process and
 * of every follow-up process (timelinesFor + timelineView, as GET /inspections/{id}), and the notifications ledger
 * (notificationLedger, as GET /inspections/{id}/notifications).
 *
 * Addresses: a DCS address is reference data and is shown; a placer's or provider's address never is.
 */
import { alertedAuthorityCodes, awaitedOutcome, decidedWords, decides, fourEyesRefusal, inspectionWithLedger, KIND_WORDS, mayChange, mayRecordSteps, timelineView, type LedgerView, type TimelineStepView } from '../app';
import { describeEnforcement } from '../core/approvals';
import { addCalendarDays, anchorBasisWords, dateWithLastWorkingDay, formatDateInWords, lastWorkingDayWords, londonDateOf, type LocalDate } from '../core/calendar';
import { childrenChanges, type ChildrenChanges } from '../core/children-corrections';
import { formatInstantInWords } from '../core/email-content';
import type { Awaited as AwaitedFact } from '../core/awaited';
import { monitoringOrigin } from '../core/follow-ups';
import { ordinalOf, outcomeNotYetRecordable, timelineFor, timelinesFor, windowChangeRange, type InspectionRecord, type ScheduledVisit } from '../core/inspection';
import { fourPointWords, INTERIM_LABELS } from '../core/scales';
import { ACTOR_LABELS, wentAheadWithout, type Timeline } from '../core/regulations';
import {
  asOfMonitoringVisit,
  earlierVisitReports,
  currentJudgement,
  currentMonitoringVisitNumber,
  currentMonitoringVisitWords,
  begunMonitoringVisit,
  furtherMonitoringVisits,
  monitoringVisitsOf,
  nextMonitoringVisit,
} from '../core/monitoring-visits';
import { stepCorrectionKey, type StepCorrection, type StepNote } from '../core/recorded-steps';
import { ASSURANCE_NEXT_STEPS, cite, SCCIF_15_3 } from '../core/regulations/sources';
import { scheduledVisitDone, type ReturnInspectionSummary } from '../core/return-visits';
import { decidedVisitsOf } from '../core/establishment-history';
import {
  inspectionStatus,
  nextDeadline,
  overdueDeadlineCount,
  owedFollowUps,
  type LedgerEmail,
  type PhoneFollowUp,
  type MissedBecause,
  type UnsentAlert,
} from '../core/inspection-views';
import type { LocalAuthorityDirectory } from '../core/local-authorities';
import { CALL_OUTCOMES_WITH_NO_ONE, type ApprovalKind, type Child } from '../core/schemas';
import { REPORT_COPY_MEANS_WORDS } from '../core/report-copies';
import {
  approvalOptionWords,
  CALL_OUTCOME_WORDS,
  CANCELLATION_STEP_WORDS,
  DELIVERY_WORDS,
  dutyWords,
  type StepTitles,
  ESTABLISHMENT_KIND_WORDS,
  FOLLOW_UP_TAGS,
  lowerFirst,
  monitoringOutcomeWords,
  processTitle,
  sentenceCase,
  PROVIDER_NOT_RECEIVED_TAG,
  STEP_STATUS_TAGS,
  type Tag,
} from './labels';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { amendmentsView, canAmend } from './amend-outcome-form';
import { authorityName, emailedWords, placersOf, recipientOf, ROLE_WORDS } from './recipients';
import { datesRows } from './inspection-dates';
import { emailedOutsideOfsted } from '../core/withdrawal';
import { outcomeView, type SummaryRow } from './outcome-view';
import { bannerOf, establishmentHref, page, type Banner, type PageHandler } from './page';
import { monitoringBeforeDecisionWords, statusWords, withCallsOwed } from './status-words';
import { workingDaysLeft } from './render';
import { inspectionRecordsView } from './requirements';

/** What a changed window means (the banners after the lead inspector was emailed, or needed not be). */
const NEW_WINDOW = 'The visit is now due within the new window, and escalated if it is not recorded by its end.';

const WITHDRAWN = 'Its process is stopped: nothing more is recorded, sent or escalated about it.';

const BANNERS: Record<string, Banner> = {
  logged: { heading: 'Inspection logged', text: 'Its process has started: the deadlines below are worked out from the dates you entered.' },
  'logged-return': {
    heading: 'Inspection logged as a return inspection',
    text:
      'The establishment had one earlier inspection waiting for its return inspection, so this one is logged as that return ' +
      '(see “Return inspection of” below), and the earlier inspection’s deadline is met. Its own process has started too.',
  },
  outcome: { heading: 'Outcome recorded', text: 'The process has been told, and the deadlines below now follow from the outcome.' },
  call: { heading: 'Phone call recorded', text: 'The call is shown with the notifications below.' },
  'report-copy': { heading: 'Copy of the report recorded as sent', text: 'It is shown with the notifications below.' },
  step: { heading: 'Step recorded', text: 'The deadlines that count from it now follow from the date you gave.' },
  correction: {
    heading: 'Date corrected',
    text: 'The step shows the corrected date, with the date it replaced and your reason; the deadlines that count from it now follow from the corrected date.',
  },
  amendment: { heading: 'Judgements amended', text: 'The amendment is shown below; what follows from the new judgements has been started.' },
  window: { heading: 'Monitoring visit window changed', text: NEW_WINDOW },
  'window-emailed': { heading: 'Monitoring visit window changed', text: `${NEW_WINDOW} The lead inspector has been emailed the new window.` },
  enforcement: { heading: 'Enforcement action recorded', text: 'It is shown under "Enforcement actions" below, and on the establishment’s page.' },
  requirement: { heading: 'Requirement recorded', text: 'It is shown with its due date under "Requirements and recommendations" below.' },
  'requirement-met': { heading: 'Requirement marked as met', text: 'It is shown as met in full under "Requirements and recommendations" below.' },
  withdrawn: { heading: 'Inspection withdrawn', text: WITHDRAWN },
  'withdrawn-emailed': { heading: 'Inspection withdrawn', text: `${WITHDRAWN} Its lead inspector has been emailed.` },
  'withdrawn-not-emailed': {
    heading: 'Inspection withdrawn',
    text: `${WITHDRAWN} The email telling its lead inspector could not be sent (the email service did not answer): tell them yourself.`,
  },
  children: { heading: 'Children corrected', text: 'The children below are as corrected. No alert had been sent yet, or none is owed: nobody was emailed.' },
  'children-emailed': {
    heading: 'Children corrected',
    text: 'The children below are as corrected. Those the correction adds have been sent the alert, those alerted in error have been told so, and the provider has been sent an updated copy of the alert if it had one: see the notifications below.',
  },
  'children-not-emailed': {
    heading: 'Children corrected',
    text:
      'The children below are as corrected, but an email the correction owes could not be sent (the email service did not answer). ' +
      'Choose "Correct the children" and submit the same correction again to send it.',
  },
  'window-not-emailed': {
    heading: 'Monitoring visit window changed',
    text:
      'The visit is now due within the new window, but the email telling the lead inspector could not be sent. ' +
      'Choose "Change the window" and submit the same weeks again to send it.',
  },
};

const VISIT_WORDS: Record<ScheduledVisit['visit'], string> = {
  'monitoring-visit': 'Monitoring visit',
  'return-full-inspection': 'Return full inspection',
  'full-inspection': 'Full inspection',
  'further-monitoring': 'Further monitoring',
  'next-inspection': 'Next inspection',
};

/**
 * A scheduled visit by name. Monitoring visits are numbered once further monitoring began (§77): the scheduled
 * further monitoring is the current visit ("2nd monitoring visit"), the first monitoring visit the "1st".
 */
function scheduledVisitWords(record: InspectionRecord, visit: ScheduledVisit['visit']): string {
  const current = currentMonitoringVisitNumber(record);
  if (visit === 'further-monitoring') return `${ordinalOf(Math.max(current, 2))} monitoring visit`;
  if (visit === 'monitoring-visit' && (current > 1 || nextMonitoringVisit(record) !== undefined)) return '1st monitoring visit';
  return VISIT_WORDS[visit];
}

/** When a scheduled visit was carried out, and whether that was outside its window ("Not yet" until it is). */
function carriedOutWords(done: LocalDate | undefined, earliest: LocalDate | undefined, latest: LocalDate | undefined): string | undefined {
  if (done === undefined) return undefined;
  const when = formatDateInWords(done);
  if (earliest !== undefined && done < earliest) return `${when}, before the window opened`;
  if (latest !== undefined && done > latest) return `${when}, after the window closed`;
  return when;
}

/**
 * The scheduled visits with their windows and when each was carried out (found by a new-user walk: a visit made early
 * still listed only its window, as if to come). Every visit further monitoring began has its row: the record keeps
 * only the latest one scheduled.
 */
function scheduledRows(record: InspectionRecord) {
  const inWords = (day: LocalDate | undefined) => (day === undefined ? undefined : formatDateInWords(day));
  // A visit still to make, by a day that is not a working day (a window closing on Easter Monday), names the last one.
  const byWords = (latest: LocalDate | undefined, done: LocalDate | undefined) =>
    latest === undefined || done !== undefined ? inWords(latest) : dateWithLastWorkingDay(latest);
  const further = furtherMonitoringVisits(record).map(({ number, earliest, latest, done }) => ({
    visit: `${ordinalOf(number)} monitoring visit`,
    earliest: inWords(earliest),
    latest: byWords(latest, done),
    done: carriedOutWords(done, earliest, latest),
  }));
  // The page a moment after further monitoring is recorded, before the run has scheduled the next visit (found by a
  // new-user walk): once begun, its row comes from the visits; before, from the recorded outcome, as the status has it.
  const next = nextMonitoringVisit(record);
  const nextRow = next && { visit: `${ordinalOf(next.number)} monitoring visit`, earliest: inWords(next.earliest), latest: byWords(next.latest, undefined), done: undefined };
  const scheduledFurther = record.scheduled['further-monitoring'] !== undefined;
  // The full inspection a monitoring visit scheduled (15.1 (b)) comes after that visit, as the plan's window opens the
  // day after it (found by a new-user walk: "No earliest date" here, a window from that day on the plan).
  const scheduledBy = record.monitoringOutcome?.outcome.outcome === 'full-inspection' ? record.monitoringOutcome.outcome.visitDate : undefined;
  const rows = Object.values(record.scheduled).flatMap((visit) => {
    if (visit.visit === 'further-monitoring' && further.length > 0) return further;
    const done = scheduledVisitDone(record, visit.visit);
    const earliest = visit.earliest ?? (visit.visit === 'full-inspection' && scheduledBy !== undefined ? addCalendarDays(scheduledBy, 1) : undefined);
    return [
      {
        visit: scheduledVisitWords(record, visit.visit),
        earliest: inWords(earliest),
        latest: byWords(visit.latest, done),
        done: carriedOutWords(done, earliest, visit.latest),
      },
    ];
  });
  // The return visit an interim inspection's case review decided: a visit of this inspection's own timeline, listed with
  // the others (found by a new-user walk: only its timeline steps showed it, unlike every other return visit).
  const interimReturn = decidedVisitsOf([record])
    .filter((visit) => visit.id === 'interim-return-visit')
    .map(({ opens, closes, done }) => ({
      visit: 'Return visit (decided at the case review)',
      earliest: inWords(opens.on),
      latest: byWords(closes.on, done),
      done: carriedOutWords(done, opens.on, closes.on),
    }));
  const all = [...rows, ...(scheduledFurther ? [] : further), ...(nextRow ? [nextRow] : []), ...interimReturn];
  // A withdrawn inspection's visits still to make are not made (found by a new-user walk: "Carried out: Not yet").
  return record.withdrawal ? all.map((row) => (row.done === undefined ? { ...row, done: 'Not required: withdrawn' } : row)) : all;
}

// ---------------------------------------------------------------------------------------------------------------
// Details

function childrenWords(record: InspectionRecord, directory: LocalAuthorityDirectory): string[] {
  return record.children.map((child) => `${child.initials}: ${placementWords(child, directory)}`);
}

/** A child as the page lists them, without their initials: "looked after, placed by Leeds". */
function placementWords({ placement }: Child, directory: LocalAuthorityDirectory): string {
  return placement.lookedAfter ? `looked after, placed by ${authorityName(directory, placement.placingAuthority)}` : 'not looked after (placed by a parent or another person)';
}

/** What changed for a child whose initials stayed: the placement, or whoever placed them (named to no one here). */
function changeWords({ before, after }: ChildrenChanges['changed'][number], directory: LocalAuthorityDirectory): string {
  const was = before.placement;
  const now = after.placement;
  if (!was.lookedAfter && !now.lookedAfter) {
    const parts = [
      ...(was.placedBy.name !== now.placedBy.name ? ['name'] : []),
      ...(was.placedBy.email.toLowerCase() !== now.placedBy.email.toLowerCase() ? ['email address'] : []),
    ];
    return `${after.initials}: the ${parts.join(' and ') || 'details'} of the person who placed them corrected`;
  }
  return `${after.initials}: ${placementWords(after, directory)} (was ${placementWords(before, directory)})`;
}

/**
 * Each correction of the children with what it changed, from the list before it to the list after (the next one's
 * before, or the children now): found by a new-user walk, the history said how many there had been, not what changed.
 */
function childrenCorrectionsView(record: InspectionRecord, directory: LocalAuthorityDirectory) {
  const corrections = record.childrenCorrections ?? [];
  return corrections.map((correction, index) => {
    const { removed, added, changed } = childrenChanges(correction.before, corrections[index + 1]?.before ?? record.children);
    return {
      on: formatDateInWords(londonDateOf(correction.correctedAt)),
      by: correction.correctedByName ?? correction.correctedBy,
      reason: correction.reason,
      changes: [
        ...removed.map((child) => `Removed ${child.initials}: ${placementWords(child, directory)}`),
        ...added.map((child) => `Added ${child.initials}: ${placementWords(child, directory)}`),
        ...changed.map((change) => `Changed ${changeWords(change, directory)}`),
      ],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Timelines

/**
 * The step a right or a waiting deadline counts from, while it has not happened: the day it is due by (the date counted
 * from until it is recorded), said in the past once that day has passed without it (an overdue publication, a report
 * not yet sent, a visit not carried out). A deadline, not a plan: nobody planned the day.
 */
function awaitedAnchorWords(step: TimelineStepView, today: LocalDate): string {
  const due = formatDateInWords(step.anchor.date);
  return step.anchor.date < today ? `${step.anchor.label}, which was due by ${due} and has not been recorded yet` : `${step.anchor.label} (due by ${due})`;
}

/** A right's window in words: "Open until …" once the day it counts from has happened, else when it will open. */
function rightWords(step: TimelineStepView, today: LocalDate): string {
  if (step.status === 'not-yet-open') return `Not open until ${awaitedAnchorWords(step, today)}; then ${step.rule}.`;
  const until = formatInstantInWords(step.due);
  return step.status === 'closed' ? `Closed on ${until}.` : `Open until ${until}.`;
}

/**
 * A step waiting for the step it counts from, a provider's (the report it answers) or Ofsted's (the visit its report
 * follows): when its clock starts instead of a projected due date.
 */
function waitingWords(step: TimelineStepView, today: LocalDate): string {
  return `${step.actor === 'provider' ? 'Starts on' : 'Counts from'} ${awaitedAnchorWords(step, today)}; then due ${step.rule}.`;
}

interface StepContext {
  process: string;
  canRecord: boolean;
  inspectionId: string;
  today: LocalDate;
  /** The monitoring visit whose timeline the step is in. */
  visit?: number;
  /** Every correction of a recorded step's date on this inspection (stepCorrections). */
  corrections: ReadonlyMap<string, readonly StepCorrection[]>;
  /** Every note recorded with a step on this inspection (stepNotes). */
  notes: ReadonlyMap<string, readonly StepNote[]>;
}

/** A correction as the step shows it: who, when, the date it replaced and why. */
function correctionWords({ at, byName, from, reason }: StepCorrection): string {
  return `Date corrected${byName ? ` by ${byName}` : ''} on ${formatDateInWords(londonDateOf(at))}: it was ${formatDateInWords(from)} (${reason}).`;
}

/** A note recorded with a step, as the step shows it: who, when, and the note. */
function noteWords({ at, byName, note }: StepNote): string {
  return `Note${byName ? ` by ${byName}` : ''} on ${formatDateInWords(londonDateOf(at))}: ${note}`;
}

function stepView(step: TimelineStepView, { process, canRecord, inspectionId, today, visit, corrections, notes }: StepContext) {
  // Once further monitoring numbered the visits, a monitoring visit's step is recorded against its visit.
  const ofVisit = process === 'monitoring-visit' && visit !== undefined ? `&visit=${visit}` : '';
  const recordHref = `/app/inspections/${encodeURIComponent(inspectionId)}/steps/${step.id}?process=${process}${ofVisit}`;
  const visitedEarly = step.kind === 'window-opens' && !!step.done && step.done < step.dueLondonDate;
  const open = step.kind === 'deadline' && step.status !== 'done' && step.status !== 'not-required' && step.status !== 'waiting';
  const lastWorkingDay = open ? lastWorkingDayWords(step.dueLondonDate) : undefined;
  // Found by a walk: the provider's comments showed "Overdue" in red on the page while the list, the risk filter and
  // the escalations (rightly) left them out, a provider's time not being Ofsted's duty.
  // So did "Not required" on comments the provider never sent before the report went ahead without them.
  const providerOverdue = step.actor === 'provider' && step.status === 'overdue';
  const providerLate = providerOverdue || (step.status === 'not-required' && wentAheadWithout(step));
  return {
    id: step.id,
    title: step.title,
    actor: ACTOR_LABELS[step.actor],
    due: step.due,
    // A window done is closed by the step done within it (the visit): "Visited on ...", not "Done on ..." nor "Window
    // closed on ..." (found by a new-user walk: it read as the window's last day, which was later). A
    // visit before the window opened did not close it: it came early (found by a new-user walk: "closed" before "opened").
    status:
      step.kind === 'window-opens' && step.status === 'done'
        ? { ...STEP_STATUS_TAGS.done, text: visitedEarly ? 'Visited before the window' : 'Visited' }
        : providerLate
          ? PROVIDER_NOT_RECEIVED_TAG
          : STEP_STATUS_TAGS[step.status],
    timeLeft: providerOverdue ? 'nothing recorded by then' : open ? workingDaysLeft(step.workingDaysLeft, step.status === 'overdue') : undefined,
    // A deadline in calendar weeks or months can fall on a weekend or a bank holiday (a window closing on Easter Monday):
    // the working day it must be done by, in words.
    lastWorkingDay: lastWorkingDay && sentenceCase(lastWorkingDay),
    done: step.done ? formatDateInWords(step.done) : undefined,
    doneLate:
      step.doneLateByWorkingDays === undefined
        ? undefined
        : `Done late by ${step.doneLateByWorkingDays} working day${step.doneLateByWorkingDays === 1 ? '' : 's'}.`,
    // Nothing to record before the steps it counts from or follows (comments on a report not yet sent, a publication
    // before the factual accuracy check): it says when it can be.
    record: canRecord && step.recordable && step.notRequired === undefined && step.notYetRecordable === undefined ? { href: recordHref, text: step.done ? 'Correct the date' : 'Record as done' } : undefined,
    // "opened" once its day has come: beside "Visited on …" of a visit done, "opens" read as still to come.
    windowOpens: step.kind === 'window-opens' ? (visitedEarly ? 'would have opened' : step.dueLondonDate <= today ? 'opened' : 'opens') : undefined,
    right: step.kind === 'right' ? rightWords(step, today) : undefined,
    waiting: step.status === 'waiting' ? waitingWords(step, today) : undefined,
    notYetRecordable: canRecord && step.status !== 'waiting' ? step.notYetRecordable : undefined,
    rule: sentenceCase(step.rule),
    ruleSetBy: step.ruleSetBy,
    countedFrom: `${step.anchor.label}: ${formatDateInWords(step.anchor.date)} (${anchorBasisWords(step.anchor, today)})`,
    source: step.source,
    explanation: step.explanation,
    // Beside its "Not required" tag: the reason, without saying "not required" again.
    notRequired: step.notRequired ? sentenceCase(step.notRequired.replace(/^not required(: |, )/, '')) : undefined,
    note: step.note,
    // A corrected date is seen to be one (found by a new-user walk: only the audit trail said so).
    corrections: step.done ? (corrections.get(stepCorrectionKey(process, step.id, visit)) ?? []).map(correctionWords) : [],
    // The notes recorded with it (found by a new-user walk: kept in the trail, shown nowhere).
    notes: (notes.get(stepCorrectionKey(process, step.id, visit)) ?? []).map(noteWords),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Notifications

/** A missed alert: sent late, being sent now (what set it off was recorded moments ago, after its deadline), or not sent. */
const MISSED_WORDS: Record<MissedBecause, string> = {
  'sent-late': 'Missed: sent late',
  'being-sent': 'Missed: being sent now',
  'not-sent': 'Missed: not sent',
  'not-received': 'Missed: not received',
};

function alertTag(alert: LedgerEmail['alert'] | Pick<UnsentAlert, 'outcome' | 'missedBecause'>): Tag | undefined {
  if (!alert) return undefined;
  if (alert.outcome === 'met') return { text: 'Met', classes: 'govuk-tag--green' };
  if (alert.outcome === 'pending') return { text: 'Pending', classes: 'govuk-tag--grey' };
  return { text: MISSED_WORDS[alert.missedBecause ?? 'not-sent'], classes: 'govuk-tag--red' };
}

/** A call no longer owed: the inspection was withdrawn (logged by mistake) before receipt was confirmed. */
const NOT_OWED: Tag = { text: 'Not required: withdrawn', classes: 'govuk-tag--grey' };

function followUpView(followUp: PhoneFollowUp, directory: LocalAuthorityDirectory, alerted: ReadonlySet<string>, withdrawn: boolean) {
  return {
    code: followUp.authorityCode,
    name: authorityName(directory, followUp.authorityCode),
    roles: sentenceCase(ROLE_WORDS(followUp.roles)),
    required: followUp.required,
    sentInError: followUp.sentInError === true,
    state: withdrawn && followUp.state !== 'recorded' ? NOT_OWED : FOLLOW_UP_TAGS[followUp.state],
    calls: callsView(followUp.calls),
    // A call confirms receipt of the alert: offered once there is an alert to that authority (found by a new-user walk:
    // "Record a phone call" offered in the seconds before the alerts were sent, to a form that refused it).
    callable: alerted.has(followUp.authorityCode),
  };
}

/** A person who placed a child whose alert was not delivered, in the same table: the call tells them (SCCIF 15.4). */
function placerFollowUpView(followUp: LedgerView['placerFollowUps'][number], withdrawn: boolean) {
  return {
    code: followUp.placer,
    name: followUp.name ?? 'The person who placed a child',
    roles: 'Placed a child themselves; their alert email was not delivered (SCCIF 15.4)',
    required: true,
    // Their email was not received: the call that "confirms receipt" is the one that told them.
    state: followUp.state === 'recorded' ? { text: 'Told by phone', classes: FOLLOW_UP_TAGS.recorded.classes } : withdrawn ? NOT_OWED : FOLLOW_UP_TAGS[followUp.state],
    calls: callsView(followUp.calls, { 'receipt-confirmed': 'Told them what the alert says' }),
    callable: true,
  };
}

function callsView(calls: readonly PhoneFollowUp['calls'][number][], words: Partial<typeof CALL_OUTCOME_WORDS> = {}) {
  return calls.map((call) => ({
    calledAt: call.calledAt,
    // No one answered: the name given is whom the caller tried to reach (found by a new-user walk: "No answer, spoke to …").
    who: call.spokeTo === undefined ? undefined : CALL_OUTCOMES_WITH_NO_ONE.includes(call.outcome) ? `tried to reach ${call.spokeTo}` : `spoke to ${call.spokeTo}`,
    outcome: words[call.outcome] ?? CALL_OUTCOME_WORDS[call.outcome],
    notes: call.notes,
  }));
}

/** What to do about an email that bounced or was rejected, by who it was for. */
function notReceivedWords(kind: LedgerEmail['recipient']['kind'], duty: string, calledAt?: string): string {
  const refused = 'Not received: the address refused it.';
  if (calledAt !== undefined) return `${refused} ${kind === 'placer' ? 'They were told' : 'Receipt was confirmed'} by phone on ${formatInstantInWords(calledAt)}.`;
  // The copy of the report to a person who placed a child (SCCIF 15.4): the report still has to reach them (found by a
  // new-user walk: its row said to tell them what the alert says).
  if (kind === 'placer' && duty.startsWith('report-copy:')) {
    return `${refused} Send them the copy of the report another way, for example by post or through the home (SCCIF 15.4).`;
  }
  switch (kind) {
    case 'dcs':
      // SCCIF 15.3: the phone call that confirms receipt is the way left to alert them.
      return `${refused} Give the alert by phone (record the call below) and have the authority's address corrected in the local authority directory.`;
    case 'placer':
      // The address the inspection was logged with is not changed afterwards; the lead inspector is emailed of the bounce.
      return `${refused} Phone the person who placed the child (or reach them through the home) and tell them what the alert says, then record the call below.`;
    case 'provider':
      return `${refused} Contact the provider another way, and have their address corrected for later inspections (the register's provider contact, when the home is on the register).`;
    default:
      return `${refused} Tell them another way, and have the address corrected.`;
  }
}

/**
 * The titles of the record's steps as its timelines name them now, for the ledger: a step a decision renamed (the
 * return visit once the urgent case review chose it) is named as the emails about it name it. Not a monitoring
 * visit's: its titles are the current visit's, and an earlier visit's emails keep the regulations' words with the
 * visit's number.
 */
function recordStepTitles(timelines: readonly Timeline[]): StepTitles {
  return (process, step) =>
    process === 'monitoring-visit' ? undefined : timelines.find((timeline) => timeline.process === process)?.steps.find((candidate) => candidate.id === step)?.title;
}

/** One row of the ledger's emails table. */
type EmailRow = ReturnType<typeof emailRows>[number];

/**
 * The escalations of one overdue step, in one row of the emails table: how many, to whom, from the first to the
 * latest, and how they were delivered (found by a new-user walk: about 90 escalation rows by April buried the alerts).
 * Every escalation email is still listed, under "Every escalation email".
 */
function escalationGroups(rows: readonly EmailRow[]): EmailRow[] {
  const groups = new Map<string, EmailRow[]>();
  for (const row of rows) if (row.isEscalation) groups.set(row.duty, [...(groups.get(row.duty) ?? []), row]);
  const shown: EmailRow[] = [];
  for (const row of rows) {
    const members = row.isEscalation ? (groups.get(row.duty) ?? []) : [];
    if (!row.isEscalation || members.length === 1) shown.push(row);
    // The group's row stands where its first email did.
    else if (members[0] === row) shown.push(groupRow(row.duty, members));
  }
  return shown;
}

function groupRow(duty: string, members: readonly EmailRow[]): EmailRow {
  const sent = members.map((member) => member.sentAt).filter((at): at is string => at !== undefined).sort();
  const deliveries = new Map<string, number>();
  for (const member of members) deliveries.set(member.delivery, (deliveries.get(member.delivery) ?? 0) + 1);
  return {
    ...members[0]!,
    duty: `${duty} (${members.length} emails)`,
    recipient: { name: [...new Set(members.map((member) => member.recipient.name))].join('; '), detail: undefined, address: undefined },
    sentAt: sent[0],
    // Sent at one instant (to each recipient at once): that instant, not "from … to" it.
    sentUntil: sent.at(-1) === sent[0] ? undefined : sent.at(-1),
    delivery: [...deliveries].map(([words, count]) => `${words}: ${count}`).join('; '),
    notReceived: members.some((member) => member.notReceived) ? 'Some were not received: see every escalation email below.' : undefined,
  };
}

/**
 * When a call confirmed receipt of (or, for a parent, told them) an alert the address refused: the instruction to call
 * is then done (found by a new-user walk: "record the call below" stayed after the call was recorded).
 */
function toldByPhone(ledger: LedgerView, email: LedgerView['emails'][number]): string | undefined {
  if (email.duty !== 'dcs-alert') return undefined;
  if (email.recipient.kind === 'placer') return ledger.placerFollowUps.find((followUp) => followUp.placer === email.recipientKey)?.confirmedAt;
  return ledger.phoneFollowUps.find((followUp) => followUp.authorityCode === email.recipient.authorityCode)?.confirmedAt;
}

/** The people who placed a child themselves, by address (lower case): their names, and whether the address is the one held now. */
type Placers = ReadonlyMap<string, { name: string; current: boolean }>;

/**
 * Whom an email went to: a person who placed a child named (never their address), to whoever may see addresses (found
 * by a new-user walk: two parents' rows read alike, one of them sent to an address since corrected).
 */
function rowRecipient(email: LedgerView['emails'][number], directory: LocalAuthorityDirectory, placers: Placers) {
  const placer = email.recipient.kind === 'placer' && email.to !== undefined ? placers.get(email.to.toLowerCase()) : undefined;
  if (placer !== undefined) {
    return { name: placer.name, detail: `Placed a child who is not looked after${placer.current ? '' : '; sent to an address since corrected'}`, address: undefined };
  }
  // Escalations sent before the senior manager had a kind of their own are told apart by their recipient key.
  return recipientOf(email.recipientKey === 'senior-manager' ? { ...email.recipient, kind: 'senior-manager' } : email.recipient, email.to, directory);
}

/** A notice that a copy of the report is coming (SCCIF 15.4): whether the lead inspector recorded sending the report. */
function copyNote({ duty, recipient, copySent, recipientKey }: LedgerView['emails'][number]): { dutyNote?: string; copyToRecord?: string } {
  if (!duty.startsWith('report-copy:') || recipient.kind !== 'placer') return {};
  return copySent
    ? { dutyNote: `The report itself was sent on ${formatDateInWords(copySent.sentOn)} ${REPORT_COPY_MEANS_WORDS[copySent.how]}` }
    : { dutyNote: 'The report itself is sent by the lead inspector (SCCIF 15.4): not recorded as sent yet', copyToRecord: recipientKey };
}

/** An alert its recipient was told was sent to them in error discharged no duty: said so, not "Met". */
const SENT_IN_ERROR: Tag = { text: 'Sent in error', classes: 'govuk-tag--grey' };

function emailRows(ledger: LedgerView, directory: LocalAuthorityDirectory, titles: StepTitles, placers: Placers) {
  return ledger.emails.map((email) => ({
    duty: dutyWords(email.duty, email.recipient.kind, titles),
    recipient: rowRecipient(email, directory, placers),
    sentAt: email.sentAt,
    delivery: DELIVERY_WORDS[email.delivery],
    // An email the address refused reached no one: what to do instead (found by a new-user walk: "Bounced" alone).
    notReceived:
      email.delivery === 'bounced' || email.delivery === 'rejected'
        ? notReceivedWords(email.recipient.kind, email.duty, toldByPhone(ledger, email))
        : email.delivery === 'complained'
          ? 'Received, but the recipient marked it as spam: later emails may not reach them. Ask them to accept emails from this service.'
          : undefined,
    isAlert: email.duty === 'dcs-alert',
    isEscalation: email.duty.startsWith('escalation:'),
    // The copy's email says the lead inspector sends the report itself (SCCIF 15.4): delivered is not done (found by a
    // new-user walk: the row read as if the report had reached them) until they record sending it.
    ...copyNote(email),
    alert: email.sentInError ? SENT_IN_ERROR : alertTag(email.alert),
    alertDue: email.sentInError ? undefined : email.alert?.due,
    delayed: email.delayed,
    sentUntil: undefined as string | undefined,
  }));
}

/** Whom a call confirming receipt (or telling a parent) is still owed to, as the calls table names them; none: undefined. */
function callsOwedWords(ledger: LedgerView, directory: LocalAuthorityDirectory): string | undefined {
  const owed = owedFollowUps(ledger);
  const authorities = owed.authorities.map((followUp) => authorityName(directory, followUp.authorityCode));
  const parents = owed.placers.map((followUp) => followUp.name ?? 'The person who placed a child');
  const why = [
    ...(authorities.length > 0 ? ['to confirm receipt of the alert (SCCIF 15.3)'] : []),
    ...(parents.length > 0 ? ['to tell a parent whose alert was not delivered (SCCIF 15.4)'] : []),
  ];
  return why.length === 0 ? undefined : `${[...authorities, ...parents].join(', ')}: ${why.join('; ')}`;
}

function ledgerView(ledger: LedgerView, directory: LocalAuthorityDirectory, titles: StepTitles, withdrawn: boolean, record: InspectionRecord) {
  const current = placersOf({ children: record.children });
  const placers = new Map([...placersOf(record)].map(([address, name]) => [address, { name, current: current.has(address) }]));
  const rows = emailRows(ledger, directory, titles, ledger.addressesShown ? placers : new Map());
  // Whom a call may be recorded to: the calls form's own rule (alertedAuthorityCodes).
  const alerted = new Set(alertedAuthorityCodes(ledger.emails));
  const escalations = rows.filter((row) => row.isEscalation);
  return {
    emails: escalationGroups(rows),
    // Listed in full only when some step's escalations were grouped into one row.
    escalations: escalations.length > new Set(escalations.map((row) => row.duty)).size ? escalations : [],
    unsent: ledger.unsentAlerts.map((unsent) => ({
      recipient:
        unsent.recipient.kind === 'dcs'
          ? `Director of children's services, ${authorityName(directory, unsent.recipient.authorityCode)}`
          : 'The person who placed a child who is not looked after',
      due: unsent.due,
      tag: alertTag(unsent),
    })),
    followUps: [
      ...ledger.phoneFollowUps.map((followUp) => followUpView(followUp, directory, alerted, withdrawn)),
      ...ledger.placerFollowUps.map((followUp) => placerFollowUpView(followUp, withdrawn)),
    ],
    // No email yet, only alerts about to go: said so, not "no emails" alone beside alerts listed as due.
    alertsAboutToGo: rows.length === 0 && ledger.unsentAlerts.some((unsent) => unsent.outcome === 'pending'),
    followUpsOfPlacers: ledger.placerFollowUps.length > 0,
    summary: ledger.summary,
    alertNotRequired: ledger.alertNotRequired,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The page

export const inspectionPage: PageHandler = async ({ params, query, user, now }) => {
  const { record, directory, ledger, awaited: awaitedNow, pendingApprovals, returnInspections, returnOf, loggedAgain, replacesWithdrawn, corrections, notes, onRegister } = await inspectionWithLedger(
    inspectionIdFrom(params),
    user,
    now,
  );
  // A timeline's steps as the page shows them; a monitoring visit's are recorded against `visit`.
  const stepsOf = (view: ReturnType<typeof timelineView>, visit: number | undefined) =>
    view.steps.map((step) =>
      stepView(step, {
        process: view.process,
        canRecord: mayRecordSteps(record, user) && (!step.done || user.isManager),
        inspectionId: record.id,
        today: londonDateOf(now),
        ...(visit === undefined ? {} : { visit }),
        corrections,
        notes,
      }),
    );
  const changes = mayChange(record, user);
  const awaited = awaitedOutcome(record);
  const decisions = (Object.entries(record.decisions) as [ApprovalKind, NonNullable<InspectionRecord['decisions'][ApprovalKind]>][]).map(
    ([kind, decision]) => ({
      kind: sentenceCase(KIND_WORDS[kind]),
      decision: approvalOptionWords(decision.decision, decision.returnVisitWindow),
      ...(decision.enforcement === undefined ? {} : { enforcement: sentenceCase(describeEnforcement(decision.enforcement)) }),
      rationale: decision.rationale,
      decidedAt: decision.decidedAt,
      decidedBy: decision.decidedByName,
    }),
  );
  const scheduled = scheduledRows(record);
  const banner = bannerOf(BANNERS, query.done);
  const state = inspectionStatus(record, now);
  // SCCIF 15.3: each alerted DCS is phoned to confirm receipt; a complete inspection says which calls are still owed.
  // The status names one deadline; how many have passed, when more than one has (found by a new-user walk: two
  // overdue reports, one named). Not once the inspection is complete or failed: those say so alone.
  const overdue = state === 'complete' || state === 'failed' ? 0 : overdueDeadlineCount(record, now);
  const status =
    withCallsOwed(statusWords(state, awaitedNow, now, record.inspectorName, nextDeadline(record, now)), state, ledger.summary.callsOutstanding) +
    (overdue > 1 ? `. ${overdue} deadlines are overdue: see the timelines below` : '');
  const owedCalls = callsOwedWords(ledger, directory);
  const visit = awaitedNow.find((item) => item.kind === 'monitoring-visit');
  // The timelines shown, and the step titles the ledger names (computed once for both).
  const timelines = timelinesFor(record);

  return page(
    'inspection',
    `${record.establishment.name} (URN ${record.establishment.urn})`,
    {
      ...(banner ? { banner } : {}),
      inspection: {
        id: record.id,
        name: record.establishment.name,
        urn: record.establishment.urn,
        process: processTitle(record.process),
        status,
      },
      details: [
        { key: 'Reference', value: record.id },
        ...(record.followUpOf
          ? [{ key: 'Return inspection of', value: returnOf ? returnInspectionWords(returnOf) : record.followUpOf, href: inspectionHref(record.followUpOf) }]
          : []),
        ...returnInspections.map((later) => ({ key: 'Return inspection', value: returnInspectionWords(later), href: inspectionHref(later.id) })),
        // Withdrawn and logged again: the way to the one that stands.
        ...(loggedAgain
          ? [{ key: 'Logged again as', value: `${processTitle(loggedAgain.process)} from ${formatDateInWords(loggedAgain.startedOn)} (${loggedAgain.id})`, href: inspectionHref(loggedAgain.id) }]
          : []),
        ...(replacesWithdrawn ?? []).map((withdrawn) => ({
          key: 'Logged again after',
          value: `${processTitle(withdrawn.process)} from ${formatDateInWords(withdrawn.startedOn)} (${withdrawn.id}), withdrawn as logged by mistake`,
          href: inspectionHref(withdrawn.id),
        })),
        // Its page (the register entry, its inspections, its plan), when the home is on the register.
        { key: 'Establishment', value: record.establishment.name, ...(onRegister ? { href: establishmentHref(record.establishment.urn) } : {}) },
        { key: 'URN', value: record.establishment.urn },
        { key: 'Type', value: ESTABLISHMENT_KIND_WORDS[record.establishment.kind] },
        { key: 'Host local authority', value: authorityName(directory, record.establishment.hostAuthority) },
        { key: 'Provider', value: record.provider.name },
        { key: 'Lead inspector', value: record.inspectorName },
        ...datesRows(record.dates),
        { key: 'Status', value: status },
        // Whom a call is still owed to, whatever the status (found by a new-user walk: an unanswered call to an
        // authority was named nowhere but the calls table).
        ...(owedCalls !== undefined && state !== 'failed' && state !== 'withdrawn' ? [{ key: 'Phone calls still to make', value: owedCalls }] : []),
      ] satisfies SummaryRow[],
      children: childrenWords(record, directory),
      childrenCorrections: childrenCorrectionsView(record, directory),
      // A family centre is not a home (found by a new-user walk: "Children placed in the home" of a family centre).
      placedIn: record.establishment.kind === 'residential-family-centre' ? 'the centre' : 'the home',
      // The calls' source: an assurance visit's is its own guidance, not SCCIF 15.3 (found by a new-user walk).
      callsSource: record.process === 'assurance-visit' ? cite(ASSURANCE_NEXT_STEPS) : cite(SCCIF_15_3),
      outcome: record.outcome ? outcomeView(record, record.outcome) : undefined,
      monitoringOutcome: record.monitoringOutcome ? outcomeView(record, record.monitoringOutcome) : undefined,
      currentJudgement: currentJudgementWords(record, returnInspections),
      monitoringVisits: monitoringVisitRows(record, changes, user.isManager, londonDateOf(now)),
      // Not offered before the inspection has ended: its outcome is a fact recorded once it has happened. Nor, while
      // the urgent case review is undecided, a monitoring visit's before its window opens (found by a new-user walk:
      // offered first on the page the moment the inadequate judgement was recorded, six weeks before any visit).
      recordOutcome:
        changes && awaited && outcomeNotYetRecordable(record, awaited, londonDateOf(now)) === undefined && !returnVisitNotYetDue(visit, now)
          ? {
              text: awaited === 'monitoring-visit' ? `Record the outcome of ${currentMonitoringVisitWords(record)}` : 'Record outcome',
              // SCCIF 15.1, §71: the return is counted from the judgement whatever the state of the case review.
              ...(awaited === 'monitoring-visit' && visit?.kind === 'monitoring-visit' && !visit.decided ? { why: monitoringBeforeDecisionWords() } : {}),
              // Before its window opens the visit is not the next thing to do: offered, not as the page's main action
              // (found by a new-user walk: the main button weeks before the visit). §72: it may be made sooner.
              ...(visit?.kind === 'monitoring-visit' && visit.decided && visit.opens !== undefined && londonDateOf(now) < visit.opens
                ? { secondary: true, why: `The window for ${visit.visit} opens on ${formatDateInWords(visit.opens)}: record its outcome once the visit has been made.` }
                : {}),
            }
          : undefined,
      // Not yet recordable: why, and from when, where the button would be (found by a new-user walk: the status said the
      // outcome was awaited, with no button and no reason, before the last day on site).
      outcomeLater: changes && awaited ? laterWords(outcomeNotYetRecordable(record, awaited, londonDateOf(now))) : undefined,
      // A return inspection to be logged (the full inspection within 16 weeks, a family centre's next inspection):
      // the log form with this inspection named as the one it returns to.
      logReturnInspection:
        user.isInspector && record.establishment.urn && awaitedNow.some((item) => item.kind === 'inspection')
          ? `/app/inspections/new?${new URLSearchParams({
              urn: record.establishment.urn,
              process: record.process === 'rfc-inspection' ? 'rfc-inspection' : 'full-inspection',
              followUpOf: record.id,
            }).toString()}`
          : undefined,
      // Each approval of the inspection waiting for a decision this user may make, a click away (found by a new-user
      // walk: a manager on the page read "Awaiting the case review decision" with no way to it but the queue).
      decide: fourEyesRefusal(record, user) === undefined
        ? pendingApprovals.filter(({ kind }) => decides(user, kind)).map(({ approvalId, kind }) => ({ href: `/app/approvals/${encodeURIComponent(approvalId)}`, text: `Decide the ${decidedWords(kind)}` }))
        : [],
      amendments: amendmentsView(record),
      amendJudgements: user.isManager && canAmend(record),
      // Logged by mistake: withdrawn, by whom, when and why, and who outside Ofsted was emailed about it before.
      withdrawn: record.withdrawal
        ? {
            on: formatDateInWords(londonDateOf(record.withdrawal.withdrawnAt)),
            by: record.withdrawal.withdrawnByName,
            reason: record.withdrawal.reason,
            // A manager tells them (their page says so): the people who placed a child, by name and address.
            emailed: emailedWords(emailedOutsideOfsted(ledger.emails), directory, user.isManager ? placersOf(record) : undefined),
          }
        : undefined,
      withdraw: user.isManager && !record.withdrawal,
      correctChildren: user.isManager && !record.withdrawal,
      // The lead inspector is told how (found by a new-user walk: inspectors' pages never said).
      askToWithdraw: !user.isManager && changes,
      decisions,
      scheduled,
      timelines: [
        ...timelines.map((timeline) => {
          const view = timelineView(timeline, now);
          return { process: view.process, title: view.title, steps: stepsOf(view, record.monitoringVisitNumber) };
        }),
        // An earlier monitoring visit's report once the next visit began (§77): its step, with its rule, what it counts
        // from and how its date was worked out, recorded against that visit; kept once recorded, so that its date can be
        // seen and corrected like any other step's.
        ...earlierVisitReports(record).flatMap(({ number }) => {
          const asOf = asOfMonitoringVisit(record, number);
          if (!asOf) return [];
          const timeline = timelineFor(asOf, 'monitoring-visit');
          const view = timelineView({ ...timeline, steps: timeline.steps.filter((step) => step.id === 'publish') }, now);
          return [{ process: view.process, anchor: `monitoring-visit-${number}-report`, title: `The ${ordinalOf(number)} monitoring visit's report`, steps: stepsOf(view, number) }];
        }),
      ],
      ledger: ledgerView(ledger, directory, recordStepTitles(timelines), record.withdrawal !== undefined, record),
      canRecordCall: changes,
      // Requirements, recommendations and enforcement actions (templates/inspection-records.njk).
      records: await inspectionRecordsView(record, user, now),
    },
    { nav: 'inspections' },
  );
};

/** A return visit the urgent case review has not yet chosen, whose window has not opened: its outcome is not asked for. */
/** "The inspection's last day on site is …: its outcome can be recorded from that day, not before (…)." */
function laterWords(reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
}

function returnVisitNotYetDue(visit: AwaitedFact | undefined, now: Date): boolean {
  return visit?.kind === 'monitoring-visit' && !visit.decided && visit.opens !== undefined && londonDateOf(now) < visit.opens;
}

function inspectionHref(id: string): string {
  return `/app/inspections/${encodeURIComponent(id)}`;
}

/** "Full inspection from Mon 3 May 2027, judged good (insp-…)": a return inspection as its original lists it. */
function returnInspectionWords(later: ReturnInspectionSummary): string {
  const judged =
    later.overall !== undefined
      ? `judged ${fourPointWords(later.overall)}`
      : later.effectiveness !== undefined
        ? `judged to have ${INTERIM_LABELS[later.effectiveness]}`
        : 'judgements not recorded yet';
  return `${processTitle(later.process)} from ${formatDateInWords(later.inspectionStart)}, ${judged} (${later.id})`;
}

/**
 * The judgement now: a return inspection's once it judged the home (the latest), else, when a monitoring visit
 * improved it (§74), that one; the original kept.
 */
function currentJudgementWords(record: InspectionRecord, returnInspections: readonly ReturnInspectionSummary[]): string | undefined {
  const judged = returnInspections.filter((later) => later.overall !== undefined).at(-1);
  const own = currentJudgement(record);
  if (judged && own) {
    return (
      `${sentenceCase(fourPointWords(judged.overall!))}: judged at the return inspection (${processTitle(judged.process).toLowerCase()}) from ` +
      `${formatDateInWords(judged.inspectionStart)}, reference ${judged.id}; this inspection judged ${fourPointWords(own.original ?? own.overall)}`
    );
  }
  if (own?.from.kind !== 'monitoring-visit') return undefined;
  const { number, visitDate } = own.from;
  return (
    `${sentenceCase(fourPointWords(own.overall))}: an improved judgement awarded at the ${ordinalOf(number)} monitoring visit on ` +
    `${formatDateInWords(visitDate)} (children's homes framework §74); the original judgement was ${fourPointWords(own.original ?? 'inadequate')}`
  );
}

/** Every monitoring visit, numbered, with its outcome, steps towards cancellation and the next visit's window. */
interface VisitRow {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

function monitoringVisitRows(record: InspectionRecord, canRecord: boolean, isManager: boolean, today: LocalDate): VisitRow[] {
  // The window of the visit further monitoring began is a manager's to change until that visit is recorded (§71).
  const begun = begunMonitoringVisit(record);
  const windowChangeable = isManager && begun !== undefined && record.monitoringOutcome === undefined;
  const origin = monitoringOrigin(record);
  return monitoringVisitsOf(record).map((visit) => {
    const outcome = visit.outcome;
    // The day, then the outcome in the outcome form's words: "full inspection (visit on …)" read as if the visit had
    // been a full inspection (found by a new-user walk).
    const parts = outcome
      ? [`on ${formatDateInWords(outcome.visitDate)}, outcome: ${lowerFirst(monitoringOutcomeWords(outcome.outcome, origin))}`]
      : ['outcome not recorded yet'];
    if (outcome?.improvedJudgement) parts.push(`new judgement: ${fourPointWords(outcome.improvedJudgement)}`);
    if (visit.stepsTowardsCancellation) {
      parts.push(`steps towards cancellation: ${visit.stepsTowardsCancellation.map((step) => CANCELLATION_STEP_WORDS[step].toLowerCase()).join(', ')}`);
    }
    // The visit's own summary of concerns, when one was given (found by a new-user walk: saved but shown nowhere).
    if (outcome?.summaryOfConcerns) parts.push(`summary of concerns: “${outcome.summaryOfConcerns}”`);
    if (visit.nextVisit) parts.push(`next visit between ${formatDateInWords(visit.nextVisit.earliest)} and ${formatDateInWords(visit.nextVisit.latest)}`);
    // Who changed that window, when, from what and why: every change, oldest first (found by a new-user walk: an
    // earlier change and its reason were only in the emails).
    for (const changed of visit.windowChanges ?? []) {
      parts.push(
        `window changed by ${changed.byName} on ${formatDateInWords(londonDateOf(changed.at))} ${windowChangeRange(changed)} (${changed.reason})`,
      );
    }
    // A decision not to publish is recorded on the day of the decision, as the report step: it is not a publication.
    if (visit.notPublished) parts.push(`report not published: a manager decided so on ${formatDateInWords(visit.notPublished.on)} (${visit.notPublished.reason})`);
    else if (visit.publishedOn) parts.push(`report published on ${formatDateInWords(visit.publishedOn)}`);
    // An earlier visit's report still to come: when it is due, and (for those who record steps) where to record it.
    // The current visit's is on the timeline below.
    const awaited = !visit.current && visit.report && !visit.publishedOn && !visit.notPublished ? visit.report : undefined;
    if (awaited && !record.withdrawal) parts.push(`report ${awaited.dueLondonDate < today ? 'overdue: it was due' : 'due'} by ${formatDateInWords(awaited.dueLondonDate)}`);
    // "Current" while the visits go on (its outcome to come, or further monitoring); not once an outcome ended them (a
    // walk found "1st monitoring visit (current)" after the full inspection it scheduled was logged).
    // Nor once the inspection was withdrawn (logged by mistake): nothing goes on.
    const goingOn = visit.current && !record.withdrawal && (outcome === undefined || outcome.outcome === 'further-monitoring');
    const title = `${visit.title}${goingOn ? ' (current)' : ''}`;
    const items = [
      ...(awaited && canRecord
        ? [
            {
              href: `/app/inspections/${encodeURIComponent(record.id)}/steps/${awaited.stepId}?process=monitoring-visit&visit=${visit.number}`,
              text: 'Record report published',
              visuallyHiddenText: `: ${visit.title}`,
            },
          ]
        : []),
      ...(windowChangeable && visit.nextVisit && visit.number + 1 === begun?.number
        ? [{ href: `/app/corrections/${encodeURIComponent(record.id)}/visit-window`, text: 'Change the window', visuallyHiddenText: ` of the ${ordinalOf(begun.number)} monitoring visit` }]
        : []),
    ];
    return {
      key: { text: title },
      value: { text: parts.join('; ') },
      ...(items.length > 0 ? { actions: { items } } : {}),
    };
  });
}
