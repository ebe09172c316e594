/**
 * What the screens and the escalation step show about an inspection at a given moment: the status of each step,
 * the next deadline, the row of the inspections list, and the ledger of notifications (alert emails and the phone
 * calls that confirm them, SCCIF 15.3).
 *
 * Pure: no clock, no I/O. The moment is always an argument (`now`: a Date or an ISO-8601 instant with an offset),
 * reasoned in London time like every deadline.
 */
import { CalendarError, londonDateOf, workingDaysBetween, type LocalDate } from './calendar';
import { inspectionStartDate, interimDecision, isWithdrawn, timelinesFor, type InspectionRecord, type InspectionStatus } from './inspection';
import { awaitedEarlierReports } from './monitoring-visits';
import { notYetRecordable } from './recorded-steps';
import { waitsForVisit, type ProcessId, type Timeline, type TimelineStep } from './regulations';
import type { AuthorityRole } from './alerts';
import type { ReportCopySent } from './report-copies';
import type { EstablishmentKind, LoggableProcess, PhoneCallRecorded, ReportCopyMeans } from './schemas';

/** A moment: a Date, or an ISO-8601 instant with "Z" or an offset. */
export type Moment = Date | string;

interface ResolvedMoment {
  epochMs: number;
  londonDate: LocalDate;
}

function resolveMoment(now: Moment): ResolvedMoment {
  // londonDateOf rejects a string without an offset: "2026-12-23T10:00" has no meaning without a zone.
  const londonDate = londonDateOf(now);
  const epochMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (Number.isNaN(epochMs)) throw new CalendarError(`"${String(now)}" is not an ISO-8601 instant`);
  return { londonDate, epochMs };
}

function epochOf(instant: string): number {
  const epochMs = Date.parse(instant);
  if (Number.isNaN(epochMs)) throw new CalendarError(`"${instant}" is not an ISO-8601 instant`);
  return epochMs;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The status of a step

export const STEP_STATUSES = ['done', 'not-required', 'overdue', 'due-soon', 'on-track', 'waiting', 'window-open', 'not-yet-open', 'open', 'closed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A deadline with this many working days left, or fewer (today included), is due soon. */
export const DUE_SOON_WORKING_DAYS = 2;

export interface StepStatusView {
  status: StepStatus;
  /**
   * Working days from today's London date to the due London date (workingDaysBetween): 0 on the due day,
   * negative once the due day has passed. A step overdue on its own due day (e.g. 13:00 on day 1) has 0.
   */
  workingDaysLeft: number;
  /** A step done after its due day: by how many working days (working days from the due day to the day it was done). */
  doneLateByWorkingDays?: number;
}

/**
 * Where a step stands at `now`. A deadline is overdue once `now` is past its due instant and it is not done, due soon
 * with 0 to 2 working days left, on track otherwise. A window-opens step ("not before") is never overdue: the window
 * is open from the start of its London day. A right (the provider may complain) is never overdue either: not yet open
 * until the day it counts from has happened (the report is published), then open until its due instant, then closed.
 * A provider's deadline counted from a step of Ofsted's that has not happened (comments on a report not yet sent) is
 * waiting: the provider's clock starts when they receive it, so it is neither on track nor overdue until then. So is
 * a step counted from a visit once the visit's planned day has passed without it (the monitoring report of a
 * monitoring visit now overdue): until that day its date is a fair projection, on track or due soon.
 */
export function stepStatus(step: TimelineStep, now: Moment): StepStatusView {
  const moment = resolveMoment(now);
  // `+ 0` turns the -0 that workingDaysBetween gives for "0 days, backwards" into 0 (-0 is not equal to 0 in tests).
  const workingDaysLeft = workingDaysBetween(moment.londonDate, step.dueLondonDate) + 0;
  const lateBy = step.done && step.kind === 'deadline' && step.done > step.dueLondonDate ? workingDaysBetween(step.dueLondonDate, step.done) : 0;
  return { status: classify(step, moment, workingDaysLeft), workingDaysLeft, ...(lateBy > 0 ? { doneLateByWorkingDays: lateBy } : {}) };
}

function classify(step: TimelineStep, moment: ResolvedMoment, workingDaysLeft: number): StepStatus {
  // A step the inspection's own decisions made unnecessary is never due, even when its day passes.
  if (step.notRequired !== undefined) return 'not-required';
  if (step.done) return 'done';
  if (step.kind === 'window-opens') return moment.londonDate >= step.dueLondonDate ? 'window-open' : 'not-yet-open';
  if (step.kind === 'right') {
    // Counted from a planned day, the report it follows is not out yet: the right has not begun.
    if (step.anchor.basis === 'planned' || moment.londonDate < step.anchor.date) return 'not-yet-open';
    return moment.epochMs > epochOf(step.due) ? 'closed' : 'open';
  }
  // Its date is a projection from the planned day of the step it answers; the provider cannot act before that step.
  if (step.actor === 'provider' && step.anchor.basis === 'planned') return 'waiting';
  // Counted from a visit now overdue and not carried out (the monitoring report): the visit is what is late, and is
  // escalated; the report's 25 working days start when the visit happens, so its projected date is no deadline.
  if (waitsForVisit(step, moment.londonDate)) return 'waiting';
  if (moment.epochMs > epochOf(step.due)) return 'overdue';
  return workingDaysLeft <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'on-track';
}

/** 5. Working days a step is overdue by, for escalation emails: 0 unless the step is overdue. */
export function overdueWorkingDays(step: TimelineStep, now: Moment): number {
  const { status, workingDaysLeft } = stepStatus(step, now);
  return status === 'overdue' ? Math.max(0, 0 - workingDaysLeft) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The next deadline

export type DeadlineStatus = Extract<StepStatus, 'overdue' | 'due-soon' | 'on-track'>;

export interface NextDeadline {
  /** The process whose timeline holds the step (the logged process or a follow-up). */
  process: ProcessId;
  /** The whole step, so that whoever shows it can say which rule and which anchor produced it. */
  step: TimelineStep;
  status: DeadlineStatus;
  workingDaysLeft: number;
  /**
   * Why the step cannot be recorded yet, in words ("Can be recorded once “Report sent to the provider” is recorded."),
   * when it is a person's step that waits on another (core/recorded-steps.ts notYetRecordable): a status that names it
   * as next says so, so that nobody is asked to record what the system would refuse.
   */
  notYetRecordable?: string;
}

/**
 * The earliest deadline not yet done, across the logged process and every follow-up process; undefined when every
 * deadline is done. A step is done when the record's `actuals[process][stepId]` holds its day (timelineFor reads
 * them). Window-opens steps are not deadlines. Equal due instants keep timeline order (logged process first). The
 * reports of earlier monitoring visits still to come count too (awaitedEarlierReports).
 */
/**
 * Ofsted's deadlines still open on the record: each timeline's steps not done nor waived, and an earlier monitoring
 * visit's report still to come while a later visit is current. The provider's own deadlines (returning comments, the
 * complaint window) show on the timeline but are not Ofsted's duties: an inspection is not "overdue" because a
 * provider sent no comments.
 */
function openDeadlines(record: InspectionRecord): { process: ProcessId; step: TimelineStep; timeline?: Timeline }[] {
  const open: { process: ProcessId; step: TimelineStep; timeline?: Timeline }[] = [];
  // A withdrawn inspection owes nothing: its runs were stopped with it.
  if (isWithdrawn(record)) return open;
  for (const timeline of timelinesFor(record)) {
    for (const step of timeline.steps) {
      if (step.kind !== 'deadline' || step.done || step.notRequired !== undefined || step.actor === 'provider') continue;
      open.push({ process: timeline.process as ProcessId, step, timeline });
    }
  }
  for (const { step } of awaitedEarlierReports(record)) open.push({ process: 'monitoring-visit', step });
  return open;
}

/** How many of Ofsted's open deadlines have passed (the status names one; found by a new-user walk: only it). */
export function overdueDeadlineCount(record: InspectionRecord, now: Moment): number {
  const { epochMs } = resolveMoment(now);
  return openDeadlines(record).filter(({ step }) => epochOf(step.due) < epochMs).length;
}

export function nextDeadline(record: InspectionRecord, now: Moment): NextDeadline | undefined {
  let earliest: { process: ProcessId; step: TimelineStep; dueMs: number; timeline?: Timeline } | undefined;
  for (const { process, step, timeline } of openDeadlines(record)) {
    const dueMs = epochOf(step.due);
    if (!earliest || dueMs < earliest.dueMs) earliest = { process, step, dueMs, ...(timeline ? { timeline } : {}) };
  }
  if (!earliest) return undefined;
  const { status, workingDaysLeft } = stepStatus(earliest.step, now);
  const blocked = earliest.timeline && earliest.step.recordable ? notYetRecordable(earliest.timeline, earliest.step, londonDateOf(now)) : undefined;
  return {
    process: earliest.process,
    step: earliest.step,
    status: status as DeadlineStatus,
    workingDaysLeft,
    ...(blocked === undefined ? {} : { notYetRecordable: blocked.inWords }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. The row of the inspections list

export const RISKS = ['overdue', 'due-soon', 'on-track', 'complete'] as const;
export type Risk = (typeof RISKS)[number];
/** An inspection's risk: a window's, or `withdrawn` (logged by mistake: it owes nothing, and is not complete either). */
export const INSPECTION_RISKS = [...RISKS, 'withdrawn'] as const;
export type InspectionRisk = (typeof INSPECTION_RISKS)[number];

/** One row of the inspections list: no children, no contacts, no emails. */
export interface InspectionSummary {
  id: string;
  process: LoggableProcess;
  establishment: { name: string; urn: string; kind: EstablishmentKind };
  status: InspectionStatus;
  /** Its first day (day 1 of an assurance visit): two inspections of one home are told apart by it. */
  startedOn: LocalDate;
  /** The earlier inspection whose return inspection (or next inspection) this is. */
  followUpOf?: string;
  nextDeadline?: NextDeadline;
  /**
   * The status of the next deadline (the earliest is the most overdue or the closest); `complete` when none is left;
   * `withdrawn` for an inspection a manager withdrew.
   */
  risk: InspectionRisk;
  /**
   * A complete inspection's phone calls to confirm receipt of the DCS alert still to be made (SCCIF 15.3), when any
   * are (the calls are kept apart from the record: the list reads them for complete inspections with an alert only).
   */
  callsOutstanding?: number;
}

/**
 * The status to show, the one source for the API, the lists and the pages. Steps store where a run stands (awaiting
 * an outcome or an approval, in progress, failed); an
 * inspection in progress with every one of Ofsted's deadlines done, on every timeline, is complete. Nothing stores
 * 'complete': it follows from the timelines, so the status and the risk cannot disagree.
 */
export function inspectionStatus(record: InspectionRecord, now: Moment): InspectionStatus {
  return statusGiven(record, nextDeadline(record, now));
}

function statusGiven(record: InspectionRecord, next: NextDeadline | undefined): InspectionStatus {
  // 'awaiting-outcome' names the inspection's own outcome (what awaitedOf says is awaited until it is recorded). A
  // follow-up's run stores it too while it waits for its visit's outcome (the monitoring visit): once the outcome of
  // the inspection itself is recorded, it is in progress, and the awaited facts say what comes next.
  const stored = record.status === 'awaiting-outcome' && record.outcome ? 'in-progress' : record.status;
  return stored === 'in-progress' && next === undefined ? 'complete' : stored;
}

export function inspectionSummary(record: InspectionRecord, now: Moment): InspectionSummary {
  const next = nextDeadline(record, now);
  const { name, urn, kind } = record.establishment;
  return {
    id: record.id,
    process: record.process,
    establishment: { name, urn, kind },
    status: statusGiven(record, next),
    startedOn: inspectionStartDate(record),
    ...(record.followUpOf ? { followUpOf: record.followUpOf } : {}),
    ...(next ? { nextDeadline: next } : {}),
    risk: isWithdrawn(record) ? 'withdrawn' : next ? next.status : 'complete',
  };
}

/** Each criterion is one value or a list of accepted values; an absent criterion accepts every row. */
export interface SummaryFilter {
  status?: InspectionStatus | readonly InspectionStatus[];
  process?: LoggableProcess | readonly LoggableProcess[];
  risk?: InspectionRisk | readonly InspectionRisk[];
}

function accepts<T>(criterion: T | readonly T[] | undefined, value: T): boolean {
  if (criterion === undefined) return true;
  return Array.isArray(criterion) ? (criterion as readonly T[]).includes(value) : criterion === value;
}

export function filterSummaries<Row extends InspectionSummary>(rows: readonly Row[], filter: SummaryFilter): Row[] {
  return rows.filter(
    (row) => accepts(filter.status, row.status) && accepts(filter.process, row.process) && accepts(filter.risk, row.risk),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 4. The notifications ledger

/** The duty (and timeline step) of the alert to directors of children's services: SCCIF 15.3. */
export const DCS_ALERT_DUTY = 'dcs-alert';

/**
 * The duty of the email telling a recipient that an alert reached them in error (a manager corrected the children
 * recorded: core/children-corrections.ts); one per recipient (outbox key).
 */
export const ALERT_SENT_IN_ERROR_DUTY = 'dcs-alert-sent-in-error';

/** The alert recipients (outbox keys) told that their alert was sent in error: no longer alerted, called or sent copies. */
export function alertsSentInError(emails: readonly Pick<OutboxEmail, 'duty' | 'status' | 'recipientKey'>[]): Set<string> {
  return new Set(emails.filter((email) => email.duty === ALERT_SENT_IN_ERROR_DUTY && email.status === 'sent').map((email) => email.recipientKey));
}

export const RECIPIENT_KINDS = ['dcs', 'placer', 'provider', 'dfe', 'manager', 'senior-manager', 'inspector', 'compliance-inspectors'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** What SES reports after accepting an email. */
export const DELIVERY_EVENT_STATUSES = ['delivered', 'bounced', 'complained', 'rejected'] as const;
export type DeliveryEventStatus = (typeof DELIVERY_EVENT_STATUSES)[number];

/** Who an email of the outbox is for: the kind, and for a DCS the authority (never a person's name). */
export interface EmailRecipient {
  kind: RecipientKind;
  authorityCode?: string;
  authorityName?: string;
  roles?: AuthorityRole[];
}

/** One email of the outbox, as the views read it (the adapters' OutboxItem holds it and more). */
export interface OutboxEmail {
  /** Why it is sent, e.g. 'dcs-alert' (the timeline step it discharges), 'provider-letter', 'escalation'. */
  duty: string;
  /** Identifies the recipient within the duty, so that a retry never sends twice. */
  recipientKey: string;
  to: string;
  recipient: EmailRecipient;
  status: 'sending' | 'sent' | 'failed';
  /** UTC instant SES accepted the email. */
  sentAt?: string;
  messageId?: string;
  /** UTC instant the duty is due by (the step's due instant). */
  dueAt?: string;
  /** The latest delivery event SES reported. */
  delivery?: { status: DeliveryEventStatus; at: string };
  /** Attempts at sending (1 when the first worked). */
  attempts?: number;
  /** The error of the last failed attempt (kept once sent: why it was late). */
  lastError?: string;
}

/** A phone call to a local authority, as recorded (POST /inspections/{id}/calls). */
export type RecordedCall = PhoneCallRecorded;

export type DeliveryState = DeliveryEventStatus | 'sent, awaiting delivery report' | 'sending' | 'failed';

export type AlertOutcome = 'met' | 'missed' | 'pending';
/**
 * `being-sent`: not sent yet, but what sets it off (a late outcome, a decision) was recorded moments ago (BEING_SENT_MS).
 * `not-received`: sent, but the address refused it (bounced or rejected), and no call confirmed receipt in time.
 */
export type MissedBecause = 'sent-late' | 'not-sent' | 'being-sent' | 'not-received';

/** Whether the "end of the next working day" duty (SCCIF 15.3) was met for one recipient. */
export interface AlertTiming {
  /** UTC instant the alert was due by. */
  due: string;
  /** Where `due` came from: the email's own `dueAt`, or the 'dcs-alert' step of the timeline. */
  dueFrom: 'email' | 'timeline';
  outcome: AlertOutcome;
  missedBecause?: MissedBecause;
}

export interface LedgerEmail {
  duty: string;
  recipientKey: string;
  to: string;
  recipient: EmailRecipient;
  messageId?: string;
  sentAt?: string;
  delivery: DeliveryState;
  /** When the delivery event was reported. */
  deliveryAt?: string;
  /** Only for the DCS-alert duty, when its due instant is known. */
  alert?: AlertTiming;
  /** A sent email that needed more than one attempt (an SES outage, throttling): how many failed, and why. */
  delayed?: { failedAttempts: number; reason: string };
  /**
   * An alert its recipient was later told was sent to them in error (the children were recorded wrongly, or a parent's
   * address): it discharged no duty (found by a new-user walk: such rows were tagged "Met").
   */
  sentInError?: true;
  /**
   * A notice that a copy of the report is coming (duty `report-copy:<process>`), once the lead inspector recorded
   * sending the copy: the day and how (SCCIF 15.4). Absent while it is still to send.
   */
  copySent?: { sentOn: LocalDate; how: ReportCopyMeans };
}

/** A recipient the alert duty requires (from the record) for whom the outbox holds no alert at all. */
export interface UnsentAlert {
  recipient: { kind: 'dcs'; authorityCode: string; roles: AuthorityRole[] } | { kind: 'placer'; to: string };
  due: string;
  outcome: Exclude<AlertOutcome, 'met'>;
  missedBecause?: Exclude<MissedBecause, 'sent-late' | 'not-received'>;
}

export type FollowUpState = 'recorded' | 'attempted' | 'outstanding';

export interface PhoneFollowUp {
  authorityCode: string;
  authorityName?: string;
  roles?: AuthorityRole[];
  /** SCCIF 15.3: every alerted DCS is phoned to confirm receipt. Calls to other authorities are listed, not required. */
  required: boolean;
  /** Its alert was sent in error, and it was told so (a manager corrected the children: core/children-corrections.ts). */
  sentInError?: true;
  state: FollowUpState;
  /** When receipt was first confirmed. */
  confirmedAt?: string;
  /** Oldest first. */
  calls: RecordedCall[];
}

/**
 * An alert to a person who placed a child themselves (SCCIF 15.4) that was not delivered (bounced or rejected), and
 * the calls that told them what it says instead (found by a new-user walk: nothing in the system resolved it).
 */
export interface PlacerFollowUp {
  /** The alert's key (`placer:…`), which a call names as `placer`. */
  placer: string;
  /** Their name, as the inspection was logged with it. */
  name?: string;
  state: FollowUpState;
  /** When a call first told them (outcome receipt-confirmed). */
  confirmedAt?: string;
  /** Oldest first. */
  calls: RecordedCall[];
}

export interface LedgerSummary {
  /** Recipients the alert duty covers (each once, however many emails were tried). */
  alertsDue: number;
  alertsSentOnTime: number;
  alertsLate: number;
  /** Not sent, and the deadline has passed. */
  alertsMissing: number;
  /** Sent, but the address refused it, and the deadline has passed with no call confirming receipt. */
  alertsNotReceived: number;
  /** Past the deadline and being sent now: what set them off was recorded moments ago (BEING_SENT_MS). */
  alertsBeingSent: number;
  /**
   * Required follow-ups whose receipt no call has confirmed yet: none made, or only attempts (no answer, a message
   * left). SCCIF 15.3's call is "to ensure receipt" (found by a new-user walk: a message left counted as done). With
   * them, each person who placed a child whose alert was not delivered and whom no call has told yet.
   */
  callsOutstanding: number;
}

export interface NotificationLedger {
  /**
   * Why no alert is due, when the inspection's own decision made it unnecessary (an interim case review that did not
   * agree to alert, SCCIF 15.3): the same words as the timeline's step.
   */
  alertNotRequired?: string;
  /** Every outbox email, in the order given. */
  emails: LedgerEmail[];
  unsentAlerts: UnsentAlert[];
  phoneFollowUps: PhoneFollowUp[];
  placerFollowUps: PlacerFollowUp[];
  summary: LedgerSummary;
}

export interface LedgerInput {
  record: InspectionRecord;
  emails: readonly OutboxEmail[];
  calls: readonly RecordedCall[];
  /** The copies of the report the lead inspector recorded as sent (SCCIF 15.4: core/report-copies.ts). */
  reportCopies?: readonly Pick<ReportCopySent, 'duty' | 'recipientKey' | 'sentOn' | 'how'>[];
  now: Moment;
}

function deliveryState(email: OutboxEmail): DeliveryState {
  if (email.delivery) return email.delivery.status;
  return email.status === 'sent' ? 'sent, awaiting delivery report' : email.status;
}

/** The 'dcs-alert' step of the inspection's timelines (assurance visit with serious concerns, or the inadequate pathway). */
/** The step of the DCS alert in the record's timelines, when it has one (an inadequate judgement's). */
export function alertStep(record: InspectionRecord): TimelineStep | undefined {
  for (const timeline of timelinesFor(record)) {
    const step = timeline.steps.find((candidate) => candidate.id === DCS_ALERT_DUTY);
    if (step) return step;
  }
  return undefined;
}

/**
 * How long after the latest fact that sets an alert off (the judgements, a case review's decision, the start of the run
 * that sends it) an alert past its due instant reads as being sent, not as not sent: the run sends it within seconds
 * (found by a new-user walk: judgements recorded late showed "Missed: not sent" until the page was loaded again).
 */
export const BEING_SENT_MS = 2 * 60_000;

/**
 * The latest fact on the record that can set the alert off: the judgements (or an amendment to them), the interim case
 * review's decision to alert, or the start of the inadequate pathway's run. Not a later run (a monitoring visit's):
 * nothing it starts sends the alert.
 */
function alertSetOffMs(record: InspectionRecord): number | undefined {
  const instants = [
    record.outcome?.recordedAt,
    record.amendments?.at(-1)?.amendedAt,
    record.decisions['interim-case-review']?.decidedAt,
    record.followUps.inadequate?.startedAt,
  ].flatMap((instant) => (instant === undefined ? [] : [epochOf(instant)]));
  return instants.length === 0 ? undefined : Math.max(...instants);
}

/** Not sent, past due: being sent when what sets it off was recorded within BEING_SENT_MS, else not sent. */
function unsentBecause(setOffMs: number | undefined, nowMs: number): 'being-sent' | 'not-sent' {
  return setOffMs !== undefined && nowMs - setOffMs <= BEING_SENT_MS ? 'being-sent' : 'not-sent';
}

/** An email the address refused (SES reported a bounce or a rejection): it reached no one. */
export const refused = (email: Pick<OutboxEmail, 'delivery'>): boolean => email.delivery?.status === 'bounced' || email.delivery?.status === 'rejected';

/**
 * The alerts to people who placed a child themselves (SCCIF 15.4) that bounced or were rejected, once each, by the
 * alert's key, with the name the inspection was logged with (a call can then be about them).
 */
export function undeliveredPlacerAlerts(
  record: Pick<InspectionRecord, 'children'>,
  emails: readonly Pick<OutboxEmail, 'duty' | 'recipient' | 'recipientKey' | 'to' | 'delivery'>[],
): { key: string; name?: string }[] {
  const names = placerNamesOf(record);
  const placers = new Map<string, string | undefined>();
  for (const email of emails) {
    if (email.duty === DCS_ALERT_DUTY && email.recipient.kind === 'placer' && refused(email) && !placers.has(email.recipientKey)) {
      placers.set(email.recipientKey, names.get(email.to.toLowerCase()));
    }
  }
  return [...placers].map(([key, name]) => (name === undefined ? { key } : { key, name }));
}

/** The follow-ups still owed a call: every required authority's not confirmed, and every placer's not told. */
export function owedFollowUps<Authority extends Pick<PhoneFollowUp, 'required' | 'state'>, Placer extends Pick<PlacerFollowUp, 'state'>>(ledger: {
  phoneFollowUps: readonly Authority[];
  placerFollowUps: readonly Placer[];
}): { authorities: Authority[]; placers: Placer[] } {
  return {
    authorities: ledger.phoneFollowUps.filter((followUp) => followUp.required && followUp.state !== 'recorded'),
    placers: ledger.placerFollowUps.filter((followUp) => followUp.state !== 'recorded'),
  };
}

/**
 * The names of the people who placed a child themselves (SCCIF 15.4), by their lower-cased address: as recorded now, and
 * as recorded before a correction (an email sent to an address since corrected still names whom it was for).
 */
export function placerNamesOf(record: Pick<InspectionRecord, 'children' | 'childrenCorrections'>): Map<string, string> {
  const lists = [record.children, ...(record.childrenCorrections ?? []).map((correction) => correction.before).reverse()];
  const names = new Map<string, string>();
  for (const { placement } of lists.flat()) {
    if (!placement.lookedAfter && !names.has(placement.placedBy.email.toLowerCase())) names.set(placement.placedBy.email.toLowerCase(), placement.placedBy.name);
  }
  return names;
}

/**
 * Whether one alert email met the duty. Sent in time, it met it; but an alert the address refused reached no one
 * (found by a new-user walk: a bounced alert was tagged "Met"): a DCS's is given when a call confirms receipt
 * (SCCIF 15.3's follow-up call, the way left to alert them), in time or late; until then, past its due instant, it is
 * missed as not received.
 */
function alertTiming(
  email: OutboxEmail,
  step: TimelineStep | undefined,
  nowMs: number,
  setOffMs: number | undefined,
  calls: readonly RecordedCall[],
): AlertTiming | undefined {
  const due = email.dueAt ?? step?.due;
  if (due === undefined) return undefined;
  const dueFrom = email.dueAt !== undefined ? 'email' : 'timeline';
  const dueMs = epochOf(due);
  if (email.status === 'sent' && email.sentAt !== undefined && refused(email)) {
    const code = email.recipient.kind === 'dcs' ? email.recipient.authorityCode : undefined;
    const confirmed = code === undefined ? placerFollowUpFor(email.recipientKey, calls).confirmedAt : followUpFor(code, calls, true, {}).confirmedAt;
    if (confirmed !== undefined) {
      return epochOf(confirmed) <= dueMs ? { due, dueFrom, outcome: 'met' } : { due, dueFrom, outcome: 'missed', missedBecause: 'sent-late' };
    }
    return nowMs > dueMs ? { due, dueFrom, outcome: 'missed', missedBecause: 'not-received' } : { due, dueFrom, outcome: 'pending' };
  }
  if (email.status === 'sent' && email.sentAt !== undefined) {
    return epochOf(email.sentAt) <= dueMs
      ? { due, dueFrom, outcome: 'met' }
      : { due, dueFrom, outcome: 'missed', missedBecause: 'sent-late' };
  }
  return nowMs > dueMs
    ? { due, dueFrom, outcome: 'missed', missedBecause: email.status === 'failed' ? 'not-sent' : unsentBecause(setOffMs, nowMs) }
    : { due, dueFrom, outcome: 'pending' };
}

/** One alert recipient, however many emails were tried: a DCS by authority, anyone else by address. */
function recipientIdentity(kind: RecipientKind, authorityCode: string | undefined, to: string): string {
  return kind === 'dcs' && authorityCode !== undefined ? `dcs:${authorityCode}` : `${kind}:${to.toLowerCase()}`;
}

type AlertResult = 'met' | 'sent-late' | 'pending' | 'being-sent' | 'not-received' | 'not-sent';
/** The best result wins when a recipient was tried more than once (a failed send retried in time is met). */
const ALERT_RESULT_RANK: Record<AlertResult, number> = { met: 0, 'sent-late': 1, pending: 2, 'being-sent': 3, 'not-received': 4, 'not-sent': 5 };

function alertResult(timing: Pick<AlertTiming, 'outcome' | 'missedBecause'>): AlertResult {
  return timing.outcome === 'missed' ? (timing.missedBecause ?? 'not-sent') : timing.outcome;
}

/**
 * Who the alert duty requires, from the record: the host authority, every placing authority (SCCIF 15.3) and
 * whoever placed a child who is not looked after (15.4). None when there is no 'dcs-alert' step, or when the case
 * review of an interim decline chose not to alert local authorities, or has not decided yet (15.3: "where ... agreed
 * at the case review").
 */
function requiredAlertRecipients(record: InspectionRecord, step: TimelineStep): UnsentAlert['recipient'][] {
  if (step.notRequired !== undefined) return [];
  // An interim decline's alert waits for its case review to agree to it (15.3): none is owed, nor a call, before (found
  // by a new-user walk: "Alerts due: 3" and three calls "to confirm receipt" before anyone had decided to alert).
  if (record.process === 'interim-inspection' && interimDecision(record) === undefined) return [];
  const host = record.establishment.hostAuthority;
  const placing = new Set<string>();
  const placers = new Set<string>();
  for (const { placement } of record.children) {
    if (placement.lookedAfter) placing.add(placement.placingAuthority);
    else placers.add(placement.placedBy.email.toLowerCase());
  }
  const recipients: UnsentAlert['recipient'][] = [
    { kind: 'dcs', authorityCode: host, roles: placing.has(host) ? ['host', 'placing'] : ['host'] },
  ];
  for (const code of [...placing].filter((code) => code !== host).sort()) {
    recipients.push({ kind: 'dcs', authorityCode: code, roles: ['placing'] });
  }
  for (const to of [...placers].sort()) recipients.push({ kind: 'placer', to });
  return recipients;
}

/** The calls to a person who placed a child, by their alert's key (PlacerFollowUp, without the name). */
function placerFollowUpFor(placer: string, calls: readonly RecordedCall[]): Omit<PlacerFollowUp, 'name'> {
  const made = calls.filter((call) => call.placer === placer).sort((a, b) => epochOf(a.calledAt) - epochOf(b.calledAt));
  const confirmed = made.find((call) => call.outcome === 'receipt-confirmed');
  return { placer, state: confirmed ? 'recorded' : made.length > 0 ? 'attempted' : 'outstanding', ...(confirmed ? { confirmedAt: confirmed.calledAt } : {}), calls: made };
}

function followUpFor(
  authorityCode: string,
  calls: readonly RecordedCall[],
  required: boolean,
  details: { authorityName?: string; roles?: AuthorityRole[] },
  /**
   * `since`: the alert the calls are about was sent then (an authority alerted again after an alert sent in error: a call
   * about the earlier one confirms nothing of this one); `sentInError`: its only alert was sent in error, and it was told.
   */
  about: { since?: string; sentInError?: boolean } = {},
): PhoneFollowUp {
  const made = calls
    .filter((call) => call.authorityCode === authorityCode)
    .sort((a, b) => epochOf(a.calledAt) - epochOf(b.calledAt));
  const current = about.since === undefined ? made : made.filter((call) => epochOf(call.calledAt) >= epochOf(about.since!));
  const confirmed = current.find((call) => call.outcome === 'receipt-confirmed');
  const state: FollowUpState = confirmed ? 'recorded' : current.length > 0 ? 'attempted' : 'outstanding';
  return {
    authorityCode,
    ...(details.authorityName !== undefined ? { authorityName: details.authorityName } : {}),
    ...(details.roles !== undefined ? { roles: details.roles } : {}),
    ...(about.sentInError ? { sentInError: true } : {}),
    required,
    state,
    ...(confirmed ? { confirmedAt: confirmed.calledAt } : {}),
    calls: made,
  };
}

/**
 * The record of every notification for an inspection: each email with its delivery status, whether each alert met
 * the "end of the next working day" duty (SCCIF 15.3), the alerts the duty requires that were never queued, and the
 * phone follow-up of every alerted DCS.
 *
 * Placers (15.4) need no phone follow-up, unless their alert was not delivered: then a call (naming `placer`, the
 * alert's key) tells them what it says, and counts as outstanding until one does. A call to an authority that was not
 * alerted is listed as not required.
 */
export function notificationLedger({ record, emails: stored, calls, reportCopies = [], now }: LedgerInput): NotificationLedger {
  const { epochMs: nowMs } = resolveMoment(now);
  // In the order they were sent, those not sent yet last (the outbox's own order is by duty: found by a new-user walk,
  // a correction listed before the email it corrects).
  const emails = [...stored].sort((a, b) =>
    a.sentAt === undefined || b.sentAt === undefined ? Number(a.sentAt === undefined) - Number(b.sentAt === undefined) : epochOf(a.sentAt) - epochOf(b.sentAt),
  );
  const step = alertStep(record);
  const setOffMs = alertSetOffMs(record);

  // Recipients alerted only because the children were recorded wrongly, and told so: neither due an alert nor a call.
  const inError = alertsSentInError(emails);
  const ledgerEmails = emails.map((email): LedgerEmail => {
    const alert = email.duty === DCS_ALERT_DUTY ? alertTiming(email, step, nowMs, setOffMs, calls) : undefined;
    const copy = reportCopies.find((sent) => sent.duty === email.duty && sent.recipientKey === email.recipientKey);
    return {
      duty: email.duty,
      recipientKey: email.recipientKey,
      to: email.to,
      recipient: email.recipient,
      ...(email.messageId !== undefined ? { messageId: email.messageId } : {}),
      ...(email.sentAt !== undefined ? { sentAt: email.sentAt } : {}),
      delivery: deliveryState(email),
      ...(email.delivery ? { deliveryAt: email.delivery.at } : {}),
      ...(alert ? { alert } : {}),
      ...(email.status === 'sent' && (email.attempts ?? 1) > 1 && email.lastError !== undefined
        ? { delayed: { failedAttempts: (email.attempts ?? 1) - 1, reason: email.lastError } }
        : {}),
      ...(email.duty === DCS_ALERT_DUTY && inError.has(email.recipientKey) ? { sentInError: true as const } : {}),
      ...(copy ? { copySent: { sentOn: copy.sentOn, how: copy.how } } : {}),
    };
  });

  // The best result per alert recipient.
  const alertResults = new Map<string, AlertResult>();
  const alertedAuthorities = new Map<string, { authorityName?: string; roles?: AuthorityRole[] }>();
  const inErrorAuthorities = new Map<string, { authorityName?: string; roles?: AuthorityRole[] }>();
  // The latest alert standing of an authority alerted again after an alert sent in error: its calls count from then.
  const alertedAgainAt = new Map<string, string>();
  ledgerEmails.forEach((entry, index) => {
    const email = emails[index]!;
    if (email.duty !== DCS_ALERT_DUTY) return;
    const code = email.recipient.authorityCode;
    const details = {
      ...(email.recipient.authorityName !== undefined ? { authorityName: email.recipient.authorityName } : {}),
      ...(email.recipient.roles !== undefined ? { roles: email.recipient.roles } : {}),
    };
    if (inError.has(email.recipientKey)) {
      if (email.recipient.kind === 'dcs' && code !== undefined) inErrorAuthorities.set(code, details);
      return;
    }
    if (code !== undefined && inErrorAuthorities.has(code) && email.sentAt !== undefined) alertedAgainAt.set(code, email.sentAt);
    if (email.recipient.kind === 'dcs' && code !== undefined && !alertedAuthorities.has(code)) {
      alertedAuthorities.set(code, {
        ...(email.recipient.authorityName !== undefined ? { authorityName: email.recipient.authorityName } : {}),
        ...(email.recipient.roles !== undefined ? { roles: email.recipient.roles } : {}),
      });
    }
    if (!entry.alert) return;
    const identity = recipientIdentity(email.recipient.kind, code, email.to);
    const result = alertResult(entry.alert);
    const previous = alertResults.get(identity);
    if (previous === undefined || ALERT_RESULT_RANK[result] < ALERT_RESULT_RANK[previous]) alertResults.set(identity, result);
  });

  const unsentAlerts: UnsentAlert[] = [];
  const requiredDcs = new Map<string, AuthorityRole[]>();
  if (step) {
    const stepMissed = nowMs > epochOf(step.due);
    for (const recipient of requiredAlertRecipients(record, step)) {
      if (recipient.kind === 'dcs') requiredDcs.set(recipient.authorityCode, recipient.roles);
      const identity =
        recipient.kind === 'dcs'
          ? recipientIdentity('dcs', recipient.authorityCode, '')
          : recipientIdentity('placer', undefined, recipient.to);
      if (alertResults.has(identity)) continue;
      const missedBecause = unsentBecause(setOffMs, nowMs);
      alertResults.set(identity, stepMissed ? missedBecause : 'pending');
      unsentAlerts.push(stepMissed ? { recipient, due: step.due, outcome: 'missed', missedBecause } : { recipient, due: step.due, outcome: 'pending' });
    }
  }

  const phoneFollowUps: PhoneFollowUp[] = [];
  const listed = new Set<string>();
  // A withdrawn inspection (logged by mistake) owes no call: what the alert said no longer stands.
  const required = !isWithdrawn(record);
  for (const [code, details] of alertedAuthorities) {
    const since = alertedAgainAt.get(code);
    phoneFollowUps.push(followUpFor(code, calls, required, details, since === undefined ? {} : { since }));
    listed.add(code);
  }
  for (const [code, roles] of requiredDcs) {
    if (listed.has(code)) continue;
    phoneFollowUps.push(followUpFor(code, calls, required, { roles }));
    listed.add(code);
  }
  for (const { authorityCode: code } of calls) {
    if (code === undefined || listed.has(code)) continue;
    const inErrorDetails = inErrorAuthorities.get(code);
    phoneFollowUps.push(followUpFor(code, calls, false, inErrorDetails ?? {}, inErrorDetails ? { sentInError: true } : {}));
    listed.add(code);
  }

  // Each placer whose alert was not delivered (or who was called anyway), named as the inspection was logged.
  const placerFollowUps: PlacerFollowUp[] = [];
  const placers = new Map<string, string | undefined>(undeliveredPlacerAlerts(record, emails).map(({ key, name }) => [key, name]));
  for (const { placer } of calls) if (placer !== undefined && !placers.has(placer)) placers.set(placer, undefined);
  for (const [placer, name] of placers) placerFollowUps.push({ ...placerFollowUpFor(placer, calls), ...(name === undefined ? {} : { name }) });

  const owed = owedFollowUps({ phoneFollowUps, placerFollowUps });
  const results = [...alertResults.values()];
  const count = (result: AlertResult) => results.filter((candidate) => candidate === result).length;
  return {
    ...(step?.notRequired !== undefined ? { alertNotRequired: step.notRequired } : {}),
    emails: ledgerEmails,
    unsentAlerts,
    phoneFollowUps,
    placerFollowUps,
    summary: {
      alertsDue: results.length,
      alertsSentOnTime: count('met'),
      alertsLate: count('sent-late'),
      alertsMissing: count('not-sent'),
      alertsNotReceived: count('not-received'),
      alertsBeingSent: count('being-sent'),
      callsOutstanding: required ? owed.authorities.length + owed.placers.length : 0,
    },
  };
}
