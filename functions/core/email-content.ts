/**
 * The content of every email the system sends: subject, plain text and HTML, from plain typed data.
 *
 * - Subjects hold a fixed purpose and the establishment's Ofsted URN (checked against the URN pattern), nothing else:
 *   no child's details, no provider's details, no inspector's free text.
 * - Children appear nowhere: no template takes a child. The inspector's summary of concerns is free text and goes in
 *   the body only (SCCIF 15.3: the alert "must include a summary of the main concerns").
 * - Plain text and HTML are rendered from the same blocks, so they carry the same facts; HTML escapes every value.
 * - Dates are shown in words in London time; every deadline shown carries its rule and source (from a TimelineStep).
 * - Approval links carry the opaque approval id and nothing else: no input type has a task token field.
 *
 * Pure: no clock, no I/O. The caller passes every date and instant. `renderEmail` takes an `EmailTemplateInput`, which
 * is plain JSON, so a handler can store it in an outbox item and render it later.
 */
import {
  ANCHOR_BASIS_WORDS,
  dateWithLastWorkingDay,
  formatDateInWords,
  inWords,
  londonWallClock,
  lastWorkingDayWords,
  parseInstant,
  parseLocalDate,
  type LocalDate,
  type LondonWallClock,
} from './calendar';
import { describeSource, describeSources, type MonitoringOrigin, type MonitoringOutcome, type ProcessId, type Source, type TimelineStep } from './regulations';
import { ASSURANCE_NEXT_STEPS, homesFramework, SCCIF_15_1, SCCIF_15_2, SCCIF_15_3, SCCIF_15_4, VISIT_TIMING_CASE_BY_CASE } from './regulations/sources';
import { FOUR_POINT_LABELS } from './judgements';
import { ordinalOf } from './ordinals';
import type { ApprovalKind, ApprovalOption, ImprovedGrade } from './schemas';

export class EmailContentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmailContentError';
  }
}

/** Placeholder sign-off until the real team signature is agreed. */
export const SIGN_OFF = 'Ofsted, Social Care Regulation';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** The establishment as emails name it. Its kind and host authority are not needed here. */
export interface EmailEstablishment {
  /** Ofsted URN: "SC" and 6 digits, or 6 to 7 digits. */
  urn: string;
  name: string;
}

/** A deadline as an email shows it: the fields of a TimelineStep that say what, when, by which rule, from where. */
export type EmailDeadline = Pick<TimelineStep, 'id' | 'title' | 'due' | 'rule' | 'source' | 'ruleSetBy'> & {
  /** What the rule counts from, with its day ("the 1st monitoring visit, Monday 8 February 2027"). */
  countedFrom?: string;
};

/** The activity a report or a follow-up refers to: every process except the inadequate pathway, which has no report. */
export type InspectionActivity = Exclude<ProcessId, 'inadequate'>;

/** The three events that lead to an alert to directors of children's services. */
export type AlertEvent =
  /** SCCIF 15.3: a full inspection judged the home inadequate. */
  | 'inadequate-full-inspection'
  /** SCCIF 15.3: an interim inspection judged a decline and the case review agreed that LAs are told. */
  | 'interim-decline-agreed-at-case-review'
  /** Assurance visits, "Serious and widespread concerns: next steps". */
  | 'assurance-visit-serious-concerns';

/** Why a local authority is alerted: a placing authority, the host authority (where the home is), or both. */
export type AlertedAs = 'placing' | 'host' | 'placing-and-host';

export type AlertAddressee =
  | {
      kind: 'local-authority';
      authorityName: string;
      role: AlertedAs;
      /** The director's name when known; otherwise the email is addressed to the role. */
      dcsName?: string;
    }
  /** SCCIF 15.4: whoever placed a child who is not looked after (e.g. a parent), addressed by name. */
  | { kind: 'placer'; name: string };

/** 1. Assurance visit, day 1: the letter confirming arrangements and information requirements. */
export interface ProviderLetterInput {
  template: 'providerLetter';
  inspectionId: string;
  establishment: EmailEstablishment;
  /** Addressed to the provider (registered manager or responsible individual) by name. */
  providerName: string;
  leadInspectorName: string;
  /** The lead inspector's address, when known: the email's Reply-To, and how the provider sends what it asks for. */
  leadInspectorEmail?: string;
  /** The 'annex-a-due' step of the assurance-visit timeline (13:00 on day 1). */
  annexADue: EmailDeadline;
  /** The 'visit-end' step of the assurance-visit timeline (day 3). */
  visitEnd: EmailDeadline;
  /** What the inspector agreed on the call (arrival on site, interview, feedback), in their words. */
  practicalArrangements?: string;
  /**
   * The London day the letter is sent: the call was "today" only when that is day 1 (a visit logged late gets a
   * letter saying on which day it was announced).
   */
  sentOn: LocalDate;
  /** When the letter is sent (UTC ISO-8601): after the Annex A deadline, the letter says it is already due. */
  sentAt?: string;
}

/** 2. Alert to a DCS (or to whoever placed a child who is not looked after). */
export interface DcsAlertInput {
  template: 'dcsAlert';
  inspectionId: string;
  establishment: EmailEstablishment;
  event: AlertEvent;
  /** The London day the inspection or visit ended. */
  eventEndDate: LocalDate;
  /** The inspector's summary of the main concerns (SCCIF 15.3). */
  summaryOfConcerns: string;
  leadInspectorName: string;
  /** The lead inspector's address, when known: the email is sent with it as Reply-To, and a local authority's says so. */
  leadInspectorEmail?: string;
  recipient: AlertAddressee;
  /**
   * The London day the report confirmed the judgement (published; an assurance visit's final report), when the alert is
   * sent after it: a recipient a correction of the children added (app/correct-children.ts). The alert then says so,
   * not that the judgement is indicative (found by a new-user walk).
   */
  reportConfirmedOn?: LocalDate;
  /**
   * The London day this recipient was told an earlier alert reached them in error, when a later correction found that
   * notice itself mistaken: the alert then says it stands again (found by a new-user walk: the same alert came back with
   * no word of why).
   */
  alertedAgainAfterNoticeOn?: LocalDate;
}

/** 3. The alert forwarded to the provider (SCCIF 15.3; assurance visits, next steps). */
export interface ProviderCopyOfAlertInput {
  template: 'providerCopyOfAlert';
  inspectionId: string;
  establishment: EmailEstablishment;
  providerName: string;
  event: AlertEvent;
  eventEndDate: LocalDate;
  summaryOfConcerns: string;
  /** The London day the alert was emailed. */
  alertSentOn: LocalDate;
  /** Names of the local authorities alerted; never addresses. */
  alertedAuthorities: readonly string[];
  /** How many people who placed children not looked after were alerted (SCCIF 15.4); they are not named. */
  placersAlerted?: number;
  /** The lead inspector, when their address is known: the email's Reply-To, named so that the provider can reply. */
  leadInspector?: { name: string; email: string };
  /**
   * The London day a manager corrected the children recorded, when this copy follows that correction: it replaces the
   * earlier copy, naming the authorities the alert now stands with (app/correct-children.ts).
   */
  correctedOn?: LocalDate;
  /** The London day the report confirmed the judgement, when the updated copy follows it (as the alerts then say). */
  reportConfirmedOn?: LocalDate;
}

/**
 * 2a. The judgement an alert reported was amended after quality assurance, before the report was sent: the alert is
 * withdrawn (the seeds are silent on this; see core/amendments.ts). Addressed as the alert was; no summary of
 * concerns and no child.
 */
export interface DcsAlertCorrectionInput {
  template: 'dcsAlertCorrection';
  inspectionId: string;
  establishment: EmailEstablishment;
  /** The event the withdrawn alert reported. */
  event: AlertEvent;
  eventEndDate: LocalDate;
  /** The London day the withdrawn alert was emailed. */
  alertSentOn: LocalDate;
  /** The London day the judgement was amended. */
  amendedOn: LocalDate;
  /** The amended judgement in words, e.g. "requires improvement". */
  judgementNow: string;
  leadInspectorName: string;
  recipient: AlertAddressee;
}

/**
 * 2b. A manager corrected the children recorded at the inspection after the alerts were sent: a recipient alerted
 * only because of the mistake is told that the alert reached them in error and asked to delete it (the seeds are
 * silent on this; see core/children-corrections.ts). Addressed as the alert was; no summary of concerns and no child.
 */
export interface DcsAlertSentInErrorInput {
  template: 'dcsAlertSentInError';
  inspectionId: string;
  establishment: EmailEstablishment;
  /** The event the alert sent in error reported. */
  event: AlertEvent;
  eventEndDate: LocalDate;
  /** The London day the alert was emailed. */
  alertSentOn: LocalDate;
  /** The London day the children were corrected. */
  correctedOn: LocalDate;
  leadInspectorName: string;
  recipient: AlertAddressee;
  /** The London day a copy of the report followed the alert (a person who placed a child, SCCIF 15.4): withdrawn too. */
  reportCopySentOn?: LocalDate;
  /**
   * A person who placed a child whose email address was corrected (the same name at another address): the alert went
   * to a wrong address and is sent again to the one now held. Whoever reads the old address may be a stranger: the
   * notice names no one and says nothing of what was found, only that an email about the home reached it in error.
   */
  addressCorrected?: true;
}

/**
 * What put a home on the path of an inadequate judgement (SCCIF 15): the full inspection's judgement, or an interim
 * inspection's decline in effectiveness taken there by its case review (§89).
 */
export type InadequatePathTrigger = 'inadequate-judgement' | 'interim-decline';

/** Why a case review was held or a return visit is due. */
export type ReturnReason = InadequatePathTrigger | 'assurance-visit-serious-concerns';

/** 4. Notices to the Department for Education about a secure children's home. */
export type DfeNoticeInput =
  /** SCCIF 15.2: a secure children's home judged inadequate (or declined at an interim inspection). */
  | (DfeNoticeCommon & { kind: 'inadequate-judgement'; after: InadequatePathTrigger; inspectionEndDate: LocalDate; summaryOfConcerns: string })
  /** Assurance visit: serious or widespread concerns. */
  | (DfeNoticeCommon & { kind: 'serious-concerns'; visitEndDate: LocalDate; summaryOfConcerns: string })
  /** The case review's decision and why. */
  | (DfeNoticeCommon & {
      kind: 'proposed-actions';
      after: ReturnReason;
      caseReviewDate: LocalDate;
      decision: ApprovalOption<'case-review'>;
      /** The enforcement considered, in words (describeEnforcement). */
      enforcement?: string;
      rationale: string;
    })
  /** The outcome of a monitoring visit. */
  | (DfeNoticeCommon & {
      kind: 'monitoring-outcome';
      /** Where the monitoring visit came from: its outcomes and its source differ (SCCIF 15.1; assurance visits). */
      origin: MonitoringOrigin;
      visitDate: LocalDate;
      /** Its number, once further monitoring numbered the visits (the 2nd on, and the 1st after it). */
      visitNumber?: number;
      outcome: MonitoringOutcome;
      summary?: string;
    });

interface DfeNoticeCommon {
  template: 'dfeNotice';
  inspectionId: string;
  establishment: EmailEstablishment;
}

/**
 * 5. A manager's decision is needed by a deadline. There is deliberately no field for a task token: the link names the
 * approval by its opaque id and the approval record holds the rest.
 */
export interface ApprovalRequestInput {
  template: 'approvalRequest';
  approvalId: string;
  approvalKind: ApprovalKind;
  /** The process asking: an assurance visit's case review is worded as its own (no return visit to decide). */
  process?: ProcessId;
  inspectionId: string;
  establishment: EmailEstablishment;
  managerName: string;
  /** The step the decision is due under, e.g. the 'case-review' step. */
  deadline: EmailDeadline;
  /** When the decision was asked for (UTC ISO-8601): after the deadline, the email says it is already overdue. */
  requestedAt?: string;
  /**
   * What the decision follows: the inspection (its activity, last day, lead inspector) and what it found ("judged the
   * home inadequate overall"), so that the manager knows why before opening the link (found by a new-user walk).
   */
  follows?: { activity: InspectionActivity; endedOn: LocalDate; leadInspector: string; found?: string };
  /** The web app's origin, e.g. https://sccif.example.gov.uk */
  baseUrl: string;
}

/** 6. A step is overdue: to the manager and a senior manager. */
export interface EscalationInput {
  template: 'escalation';
  inspectionId: string;
  /** The process the step is of, as the pages name it (absent on escalations queued before it was given). */
  processTitle?: string;
  establishment: EmailEstablishment;
  managerName: string;
  seniorManagerName: string;
  step: EmailDeadline;
  /** The working days the step has been overdue, counting `overdueOn` (the caller counts them with the calendar). */
  workingDaysOverdue: number;
  /**
   * The working day this escalation is for (the first one: the first working day the step is overdue). Absent, with
   * 0 working days, on the notice of a stopped run, which names the step at risk rather than a late one.
   */
  overdueOn?: LocalDate;
  /** The senior manager's (senior HMI's) copy: addressed to them alone and marked as a copy for information. */
  seniorManagerCopy?: boolean;
  /**
   * The lead inspector's own, when the step is theirs to record (escalatesToLeadInspector: the judgements, SCCIF 15.3,
   * their reports and visits): addressed to them by name and asking them to record it. Without it the email greets
   * the manager, who is to act.
   */
  leadInspectorName?: string;
  /**
   * Why the step cannot be recorded yet, when it cannot (core/recorded-steps.ts notYetRecordable): a report published
   * before the provider's time for comments is over. The email then says when it can be, not "please record it now"
   * (found by a new-user walk: the page refused what the email asked for).
   */
  notYetRecordable?: string;
  /**
   * The overdue steps that cannot be recorded until this one is (core/escalations.ts heldBackBy): they are not
   * escalated on their own, so this escalation names them.
   */
  heldBack?: readonly { title: string; due: string }[];
  /**
   * The inspection whose logging meets the step ("the full inspection"), when the step is met by logging an inspection
   * as this one's return inspection, not by recording it (core/awaited.ts inspectionToLog): the email says so (found by
   * a new-user walk: it said only "has not been recorded as done").
   */
  inspectionToLog?: string;
  /**
   * The approval that decides the step, when a decision does it (a case review, the family centre's case discussion):
   * its id (the email links it) and who decides it. Found by a new-user walk: the case discussion's escalation went
   * only to managers, who cannot decide it, with no word of who could nor a link to it.
   */
  approval?: { approvalId: string; deciderName: string; decidedByManagers: boolean };
  /** The copy of those who decide the step, when they are not the managers: addressed to them, asking them to decide. */
  deciderCopy?: boolean;
  baseUrl: string;
}

/** 7. A report stage happened. */
export type ReportIssuedInput =
  | (ReportIssuedCommon & {
      stage: 'report-to-provider';
      /** The 'provider-comments' step. */
      commentsDue: EmailDeadline;
    })
  | (ReportIssuedCommon & {
      stage: 'final-report-to-provider';
      /** The 'complaint-window' step (assurance visit: 5 working days of the final report). */
      complaintWindowEnds: EmailDeadline;
    })
  | (ReportIssuedCommon & {
      stage: 'publish';
      publishedOn: LocalDate;
      /** The 'complaint-window' step when complaints count from publication (children's homes framework §104). */
      complaintWindowEnds?: EmailDeadline;
      /**
       * A monitoring visit after an inadequate judgement: the judgement its report is published with, the new one the
       * visit secured (§74) or the original (§75).
       */
      monitoringJudgement?: MonitoringJudgement;
    });

/** The judgement a monitoring visit's report is published with: the new one it secured (§74), or the original (§75). */
/** `original`: the judgement the report is published with, in words (inspection.ts originalJudgementWords); absent in emails queued before it was, which were of inadequate judgements. */
export type MonitoringJudgement = { secured: 'improved'; overall: ImprovedGrade } | { secured: 'none'; original?: string };

interface ReportIssuedCommon {
  template: 'reportIssued';
  /**
   * A manager corrected the day of the stage after this email had gone (the deadline it gave counts from that day):
   * the corrected day; the email is sent again, saying so, with the deadline counted from it.
   */
  correctedDay?: LocalDate;
  inspectionId: string;
  establishment: EmailEstablishment;
  providerName: string;
  activity: InspectionActivity;
  /** The London day the inspection or visit ended. */
  activityEndDate: LocalDate;
  /** The lead inspector, when their address is known: the email's Reply-To, named so that the provider can reply. */
  leadInspector?: { name: string; email: string };
}

/** 7a. SCCIF 15.4: parents who placed a child themselves get a copy of the report, as their alert promised. */
export interface ReportCopyForPlacerInput {
  template: 'reportCopyForPlacer';
  inspectionId: string;
  establishment: EmailEstablishment;
  placerName: string;
  activity: InspectionActivity;
  /** The London day the inspection or visit ended. */
  activityEndDate: LocalDate;
  /** The final report: sent to the provider (an assurance visit's final report) or published. */
  stage: 'final-report-to-provider' | 'published';
  /** The London day of that stage. */
  issuedOn: LocalDate;
  /** The lead inspector, who sends the report itself, when their address is known: named, and the email's Reply-To. */
  leadInspector?: { name: string; email: string };
}

/**
 * 8b. To the lead inspector, when the copies of the report went to the people who placed a child themselves (SCCIF
 * 15.4): each copy says the lead inspector sends the report itself, so they are told whom to send it to (found by a
 * new-user walk: the parents were promised the report, and nobody asked the lead inspector to send it).
 */
export interface ReportCopiesToSendInput {
  template: 'reportCopiesToSend';
  inspectionId: string;
  establishment: EmailEstablishment;
  leadInspectorName: string;
  stage: 'final-report-to-provider' | 'published';
  issuedOn: LocalDate;
  /** Whom to send the report: the names and addresses the inspection was logged with. */
  placers: readonly { name: string; email: string }[];
  /** The app's base URL, for the page that records each copy sent (absent from tasks stored before it was added). */
  baseUrl?: string;
}

/** 9. The managers' daily digest (core/daily-digest.ts decides what it holds and whether it is sent). */
export interface DigestWindow {
  urn: string;
  name: string;
  title: string;
  /** The day it opens, when it has not opened yet (a short window closing within the horizon). */
  opens?: LocalDate;
  closes: LocalDate;
  workingDaysLeft: number;
  source: string;
}

/** A return visit after an inadequate judgement whose window closed before the digest's day, not yet made. */
export interface DigestOverdueReturn {
  urn: string;
  name: string;
  title: string;
  closes: LocalDate;
  source: string;
}

export interface DigestVacancy {
  urn: string;
  weeks: number;
  reachedOn: LocalDate;
  /** What the register says of the vacancy, with the rule (core/establishments.ts vacancyWarnings). */
  message: string;
}

export interface DailyDigestInput {
  template: 'dailyDigest';
  /** The manager it goes to, by name (the user pool's `name`); "manager" when the directory has none. */
  managerName?: string;
  /** The London day of the digest. */
  day: LocalDate;
  /** "Closing soon": within this many working days. */
  horizonWorkingDays: number;
  windows: readonly DigestWindow[];
  /** Windows closing soon beyond those listed. */
  moreWindows: number;
  /** Return visits after an inadequate judgement already overdue: each named (Ofsted always returns, §71). */
  overdueReturns: readonly DigestOverdueReturn[];
  /** Other windows that closed unmet since the last working day: named that day only (then counted). */
  closedUnmet: readonly DigestOverdueReturn[];
  /** Windows closed unmet beyond those named. */
  moreClosedUnmet: number;
  /** The inspection year the windows named closed in: the plan of that year, filtered to its overdue windows, lists them all. */
  closedUnmetYear?: number;
  /** The other windows already overdue (counted, linked; they are on the plan every day). */
  overdueWindows: number;
  vacancies: readonly DigestVacancy[];
  baseUrl: string;
}

/** A monitoring visit's window in weeks after the visit that set it, and the London days it opens and closes. */
export interface EmailVisitWindow {
  earliestWeeks: number;
  latestWeeks: number;
  earliest: LocalDate;
  latest: LocalDate;
}

/**
 * 10. A manager changed the window of the monitoring visit further monitoring began (children's homes framework §71,
 * §77): to the lead inspector, who makes the visit, so that their first news of it is not an escalation.
 */
export interface WindowChangedInput {
  template: 'windowChanged';
  inspectionId: string;
  establishment: EmailEstablishment;
  leadInspectorName: string;
  /** Who changed it (the manager's display name). */
  changedBy: string;
  /** The UTC instant of the change. */
  changedAt: string;
  /** The visit whose window changed: 2 for the 2nd monitoring visit. */
  visit: number;
  /** The London day of the visit before it, which chose further monitoring: the weeks count from it. */
  countedFrom: LocalDate;
  from: EmailVisitWindow;
  to: EmailVisitWindow;
  /** The manager's reason (checked to name no child). */
  reason: string;
  baseUrl: string;
}

/**
 * A manager corrected the children recorded after the alerts were sent, and the correction alerted someone or told
 * someone the alert reached them in error: the lead inspector, who follows alerts up by telephone (SCCIF 15.3), is told
 * whom (app/correct-children.ts; found by a new-user walk: nobody told them).
 */
export interface ChildrenCorrectedInput {
  template: 'childrenCorrected';
  inspectionId: string;
  establishment: EmailEstablishment;
  leadInspectorName: string;
  /** Who corrected them (the manager's display name). */
  correctedBy: string;
  /** The UTC instant of the correction. */
  correctedAt: string;
  /** The local authorities alerted now, by name; and how many people who placed a child themselves. */
  alertedAuthorities: readonly string[];
  placersAlerted: number;
  /** The local authorities told their alert was sent in error, by name; and how many people who placed a child. */
  toldInErrorAuthorities: readonly string[];
  placersToldInError: number;
  /** Of the people who placed a child alerted now, how many because their email address was corrected (the old one told). */
  placersReaddressed?: number;
  /**
   * SCCIF 15.3: the corrected children have more placing authorities than the configured number and no contact
   * arrangements were decided: the inspector discusses them with their manager (the run asked only when it alerted).
   */
  contactArrangements?: { placingAuthorities: number; above: number };
  /** The manager's reason (checked to name no child). */
  reason: string;
  baseUrl: string;
}

/**
 * 11. An alert (SCCIF 15.3, 15.4) was not delivered: SES reported it bounced or rejected. To the lead inspector, who
 * finds another way to tell them (found by a new-user walk: a bounced alert was shown on the page, and nobody was told).
 */
export interface AlertNotDeliveredInput {
  template: 'alertNotDelivered';
  inspectionId: string;
  establishment: EmailEstablishment;
  leadInspectorName: string;
  /** Whom the alert was for: a local authority's director of children's services, or a person who placed a child. */
  alerted: { kind: 'dcs'; authorityName: string } | { kind: 'placer'; name: string };
  /** Not the alert but the copy of the report a person who placed a child is sent (SCCIF 15.4). */
  reportCopy?: true;
  /** The address the alert was sent to. */
  to: string;
  status: 'bounced' | 'rejected';
  /** The UTC instant SES reported it. */
  at: string;
  baseUrl: string;
}

/**
 * 12. A manager withdrew an inspection logged by mistake (core/withdrawal.ts): its lead inspector is told, with the
 * reason, and who outside Ofsted was emailed about it before (by kind only: they may contact the lead inspector).
 */
export interface InspectionWithdrawnInput {
  template: 'inspectionWithdrawn';
  inspectionId: string;
  establishment: EmailEstablishment;
  /** The process as the pages name it, e.g. "Full inspection of a children's home". */
  processTitle: string;
  /** Its days as logged: which of a home's inspections it is (found by a new-user walk: the email gave no dates). */
  dates: { day1: LocalDate } | { inspectionStart: LocalDate; inspectionEnd: LocalDate };
  leadInspectorName: string;
  withdrawnBy: string;
  /** The UTC instant it was withdrawn. */
  withdrawnAt: string;
  /** The manager's reason (checked to name no child). */
  reason: string;
  /** Who outside Ofsted was emailed about it before, in words ("the provider"), without addresses. */
  emailedOutside: readonly string[];
  baseUrl: string;
}

/**
 * 13. A decision asked for (approvalRequest) is no longer needed: a manager withdrew the inspection, logged by mistake,
 * which closed it. Sent to whoever was asked, so that nobody starts deciding it (found by a new-user walk).
 */
export interface ApprovalNoLongerNeededInput {
  template: 'approvalNoLongerNeeded';
  approvalKind: ApprovalKind;
  process?: ProcessId;
  inspectionId: string;
  establishment: EmailEstablishment;
  /** Who was asked, as the request greeted them. */
  managerName: string;
  /** The UTC instant the decision was asked for (the request's email). */
  askedAt: string;
  withdrawnBy: string;
  /** The UTC instant the inspection was withdrawn. */
  withdrawnAt: string;
  baseUrl: string;
}

/**
 * 14. A decision recorded (a case review, contact arrangements, a family centre's case discussion): to the lead
 * inspector, whose inspection it follows; and, when it decided enforcement or compliance action, to the social care
 * compliance inspectors, who follow it up (SCCIF 15.1: the Social care compliance handbook's arrangements), unless they
 * decided it. Found by a new-user walk: a decision to take enforcement action told nobody.
 */
export interface DecisionRecordedInput {
  template: 'decisionRecorded';
  approvalKind: ApprovalKind;
  process?: ProcessId;
  inspectionId: string;
  establishment: EmailEstablishment;
  /** The lead inspector by name, or the compliance inspectors' shared address. */
  addressee: { kind: 'lead-inspector'; name: string } | { kind: 'compliance-inspectors' };
  /** The decider's name as recorded. */
  decidedBy: string;
  /** The UTC instant the decision was recorded. */
  decidedAt: string;
  /** The option decided, in words ("Carry out a monitoring visit"). */
  decision: string;
  /** The enforcement considered, in words ("no enforcement action"; "a compliance notice, against the provider"). */
  enforcement?: string;
  /** Whether enforcement or compliance action was decided: the actions are then recorded on the register when issued. */
  enforcementDecided: boolean;
  rationale: string;
  baseUrl: string;
}

export type EmailTemplateInput =
  | DecisionRecordedInput
  | ApprovalNoLongerNeededInput
  | InspectionWithdrawnInput
  | AlertNotDeliveredInput
  | WindowChangedInput
  | ChildrenCorrectedInput
  | DailyDigestInput
  | ReportCopyForPlacerInput
  | ReportCopiesToSendInput
  | ProviderLetterInput
  | DcsAlertInput
  | DcsAlertCorrectionInput
  | DcsAlertSentInErrorInput
  | ProviderCopyOfAlertInput
  | DfeNoticeInput
  | ApprovalRequestInput
  | EscalationInput
  | ReportIssuedInput;

export type EmailTemplate = EmailTemplateInput['template'];

/** Picks the step an email needs from a timeline, keeping only the fields an email shows (outbox items stay small). */
export function emailDeadline(steps: readonly TimelineStep[], id: string): EmailDeadline {
  const step = steps.find((candidate) => candidate.id === id);
  if (!step) throw new EmailContentError(`the timeline has no step "${id}"`);
  const { label, date, basis } = step.anchor;
  // A planned day says so; a day that happened or was entered is the fact the rule counts from.
  const countedFrom = `${label}, ${formatDateInWords(date)}${basis === 'planned' ? ` (${ANCHOR_BASIS_WORDS.planned})` : ''}`;
  return { id: step.id, title: step.title, due: step.due, rule: step.rule, source: step.source, countedFrom, ...(step.ruleSetBy ? { ruleSetBy: step.ruleSetBy } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

/**
 * Renders any template. Senders do not call it: each passes the mailer the renderer of its own template (below), so
 * its Lambda bundle carries that template only; this switch would bring every template into every sender.
 */
export function renderEmail(input: EmailTemplateInput): RenderedEmail {
  switch (input.template) {
    case 'providerLetter':
      return providerLetter(input);
    case 'dcsAlert':
      return dcsAlert(input);
    case 'dcsAlertCorrection':
      return dcsAlertCorrection(input);
    case 'dcsAlertSentInError':
      return dcsAlertSentInError(input);
    case 'childrenCorrected':
      return childrenCorrected(input);
    case 'providerCopyOfAlert':
      return providerCopyOfAlert(input);
    case 'dfeNotice':
      return dfeNotice(input);
    case 'approvalRequest':
      return approvalRequest(input);
    case 'escalation':
      return escalation(input);
    case 'reportIssued':
      return reportIssued(input);
    case 'reportCopiesToSend':
      return reportCopiesToSend(input);
    case 'reportCopyForPlacer':
      return reportCopyForPlacer(input);
    case 'dailyDigest':
      return dailyDigestEmail(input);
    case 'windowChanged':
      return windowChanged(input);
    case 'alertNotDelivered':
      return alertNotDelivered(input);
    case 'inspectionWithdrawn':
      return inspectionWithdrawn(input);
    case 'approvalNoLongerNeeded':
      return approvalNoLongerNeeded(input);
    case 'decisionRecorded':
      return decisionRecorded(input);
    default: {
      const unknown: never = input;
      throw new EmailContentError(`unknown email template "${String((unknown as { template?: unknown }).template)}"`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Provider letter (assurance visit, day 1)

/** "The start of the visit": the information requested by 1pm on the day of the announcement. */
const ANNEX_A_REQUIREMENTS = [
  'a completed Annex A form',
  'records of safeguarding concerns, the actions taken and the outcome, if known',
  'significant incidents, including any security concerns and serious self-harm cases',
  'periods of isolation for children due to COVID-19 (not including 14-day isolation periods on admission)',
  'complaints',
  'the outcome of notifications',
] as const;

/** The call that announces the visit (day 1), said from the day the letter is sent. */
function announcement(day1: LocalDate, sentOn: LocalDate): string {
  if (sentOn === day1) return 'announced by telephone today. The visit started with that call.';
  if (sentOn > day1) return `announced by telephone on ${formatDateInWords(day1)}. The visit started with that call.`;
  return `will announce by telephone on ${formatDateInWords(day1)}. The visit starts with that call.`;
}

/** The letter is sent after the information it asks for was due (13:00 on day 1). */
function annexAOverdue(input: Pick<ProviderLetterInput, 'annexADue' | 'sentOn' | 'sentAt'>): boolean {
  if (input.sentAt !== undefined) return Date.parse(input.sentAt) > Date.parse(input.annexADue.due);
  return input.sentOn > londonDateOfInstant(input.annexADue.due, 'annexADue.due');
}

export function providerLetter(input: ProviderLetterInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  requireStep(input.annexADue, 'annex-a-due', 'annexADue');
  requireStep(input.visitEnd, 'visit-end', 'visitEnd');
  const day1 = londonDateOfInstant(input.annexADue.due, 'annexADue.due');
  const visitEndDate = londonDateOfInstant(input.visitEnd.due, 'visitEnd.due');
  const blocks: Block[] = [
    paragraph(`Dear ${input.providerName},`),
    heading(`Assurance visit to ${input.establishment.name} (URN ${urn})`),
    paragraph(
      `This letter confirms the arrangements for the assurance visit that ${input.leadInspectorName}, the lead ` +
        `inspector, ${announcement(day1, parseLocalDate(input.sentOn))}`,
    ),
    facts([
      ['Establishment', `${input.establishment.name} (URN ${urn})`],
      ['Visit dates', `${formatDateInWords(day1)} (day 1) to ${formatDateInWords(visitEndDate)} (the end of the visit)`],
      ['End of the visit', `${input.visitEnd.rule}; ${input.visitEnd.source}`],
      ['Lead inspector', input.leadInspectorName],
      ['Reference', input.inspectionId],
    ]),
  ];
  if (input.practicalArrangements !== undefined && input.practicalArrangements.trim() !== '') {
    blocks.push(quote('Practical arrangements', input.practicalArrangements));
  }
  blocks.push(
    // A visit logged after its 13:00 deadline (found by a new-user walk: a letter sent on 1 December asked for the
    // information "by Thursday 26 November 2026 at 13:00"): the deadline stands, and the letter says it has passed.
    paragraph(
      annexAOverdue(input)
        ? `Please send us the following as soon as you can: it was due by ${formatInstantInWords(input.annexADue.due)}, before this letter was sent.`
        : `Please send us the following by ${formatInstantInWords(input.annexADue.due)}:`,
    ),
    list(ANNEX_A_REQUIREMENTS),
    deadlineFacts(input.annexADue),
    paragraph('Please identify children by their initials only, as the Annex A form asks.'),
    // How to send it (found by a new-user walk: the letter asked for it and gave no way to reply).
    ...(input.leadInspectorEmail ? [paragraph(`Reply to this email to send them to the lead inspector, ${input.leadInspectorName} (${input.leadInspectorEmail}).`)] : []),
    paragraph('After we have read the Annex A form, the lead inspector may ask for further information and records.'),
    signOff(),
  );
  return email(`Assurance visit: arrangements and information requested, URN ${urn}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. DCS alert, 3. provider copy

const EVENT_SUBJECTS: Record<AlertEvent, string> = {
  'inadequate-full-inspection': 'Ofsted alert: home judged inadequate (indicative judgement)',
  'interim-decline-agreed-at-case-review': 'Ofsted alert: home declined in effectiveness (indicative judgement)',
  'assurance-visit-serious-concerns': 'Ofsted alert: serious or widespread concerns at an assurance visit',
};

/** What happened, in the words a director of children's services expects. */
function eventStatement(event: AlertEvent, endDate: LocalDate): string {
  const ended = formatDateInWords(endDate);
  switch (event) {
    case 'inadequate-full-inspection':
      return (
        `At the full inspection that ended on ${ended}, the inspector judged the home inadequate for the overall ` +
        'experiences and progress of children and young people.'
      );
    case 'interim-decline-agreed-at-case-review':
      return (
        `At the interim inspection that ended on ${ended}, the inspector judged that the home has declined in ` +
        'effectiveness. The case review agreed that the relevant local authorities should be told.'
      );
    case 'assurance-visit-serious-concerns':
      return `At the assurance visit to this secure children's home that ended on ${ended}, the inspector found serious or widespread concerns.`;
  }
}

/** SCCIF 15.3: "an indication of the likely inspection judgement ... subject to confirmation ... on publication". */
function indicationStatement(event: AlertEvent, reportConfirmedOn?: LocalDate): string {
  if (reportConfirmedOn !== undefined) {
    return event === 'assurance-visit-serious-concerns'
      ? `Our report of the visit, final on ${formatDateInWords(reportConfirmedOn)}, confirmed these findings.`
      : `Our report, published on ${formatDateInWords(reportConfirmedOn)}, confirmed this judgement.`;
  }
  if (event === 'assurance-visit-serious-concerns') {
    return (
      'These findings are an indication only. They are subject to confirmation by Ofsted on publication of the ' +
      'report, which will state whether serious or widespread concerns were found.'
    );
  }
  return (
    'This judgement is an indication of the likely inspection judgement. It is subject to confirmation by Ofsted on ' +
    'publication of the report.'
  );
}

function alertSourceOf(event: AlertEvent): Source {
  return event === 'assurance-visit-serious-concerns' ? ASSURANCE_NEXT_STEPS : SCCIF_15_3;
}

function alertSource(event: AlertEvent): string {
  return describeSource(alertSourceOf(event));
}

const ROLE_STATEMENTS: Record<AlertedAs, string> = {
  placing: 'children placed by your authority live at this home',
  host: 'the home is in your area',
  'placing-and-host': 'children placed by your authority live at this home, and the home is in your area',
};

export function dcsAlert(input: DcsAlertInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  return input.recipient.kind === 'placer'
    ? placerAlert(input, input.recipient, urn)
    : authorityAlert(input, input.recipient, urn);
}

function authorityAlert(
  input: DcsAlertInput,
  recipient: Extract<AlertAddressee, { kind: 'local-authority' }>,
  urn: string,
): RenderedEmail {
  const { establishment, event } = input;
  const blocks: Block[] = [
    paragraph(`Dear ${recipient.dcsName ?? 'Director of Children’s Services'},`),
    heading(`${establishment.name} (URN ${urn})`),
    ...alertedAgain(input),
    paragraph(
      `We are writing to you as director of children’s services for ${recipient.authorityName} because ` +
        `${ROLE_STATEMENTS[recipient.role]}.`,
    ),
    paragraph(eventStatement(event, input.eventEndDate)),
    quote('Summary of the main concerns', input.summaryOfConcerns),
    paragraph(indicationStatement(event, input.reportConfirmedOn)),
    paragraph('We are telling you so that you understand these concerns and can make your own decisions.'),
    paragraph('Ofsted will follow this email up with a telephone call to confirm that you have received it.'),
    ...(input.leadInspectorEmail ? [paragraph(`To reach the lead inspector, ${input.leadInspectorName}, reply to this email (${input.leadInspectorEmail}).`)] : []),
    facts([
      ['Establishment', `${establishment.name} (URN ${urn})`],
      [event === 'assurance-visit-serious-concerns' ? 'Visit ended' : 'Inspection ended', formatDateInWords(input.eventEndDate)],
      ['Lead inspector', input.leadInspectorEmail ? `${input.leadInspectorName} (${input.leadInspectorEmail})` : input.leadInspectorName],
      ['Reference', input.inspectionId],
      ['Why you are receiving this', alertSource(event)],
    ]),
    signOff(),
  ];
  // Once the report confirmed it, the judgement is no longer indicative (found by a new-user walk: the subject said so).
  const subject = input.reportConfirmedOn === undefined ? EVENT_SUBJECTS[event] : EVENT_SUBJECTS[event].replace(' (indicative judgement)', '');
  return email(`${subject}, URN ${urn}`, blocks);
}

/** What happened, in plain words for a parent or other person who placed a child themselves (SCCIF 15.4). */
function placerEventStatement(event: AlertEvent, endDate: LocalDate): string {
  const ended = formatDateInWords(endDate);
  switch (event) {
    case 'inadequate-full-inspection':
      return `We inspected the home. The inspection ended on ${ended}. We judged the home to be inadequate. This is the lowest of our four judgements.`;
    case 'interim-decline-agreed-at-case-review':
      return `We inspected the home. The inspection ended on ${ended}. We found that the home has got worse since its last full inspection.`;
    case 'assurance-visit-serious-concerns':
      return `We visited the home. The visit ended on ${ended}. We found serious or widespread concerns about how children are kept safe and cared for.`;
  }
}

/** The paragraph of an alert sent again after a notice that the earlier one was sent in error (alertedAgainAfterNoticeOn). */
function alertedAgain(input: DcsAlertInput): Block[] {
  if (input.alertedAgainAfterNoticeOn === undefined) return [];
  return [
    paragraph(
      `On ${formatDateInWords(input.alertedAgainAfterNoticeOn)} we told you that our earlier email about this home had been sent to you in error. ` +
        'That notice was itself based on a mistake in our records, which we have now corrected: please read this email, which replaces it, and act on it.',
    ),
  ];
}

function placerAlert(input: DcsAlertInput, recipient: Extract<AlertAddressee, { kind: 'placer' }>, urn: string): RenderedEmail {
  const { establishment, event } = input;
  const blocks: Block[] = [
    paragraph(`Dear ${recipient.name},`),
    heading(`${establishment.name} (URN ${urn})`),
    ...alertedAgain(input),
    paragraph(
      `We are Ofsted. We inspect children’s homes in England. We are writing to you because you placed a child at ` +
        `${establishment.name} yourself, so no local authority will pass this on to you.`,
    ),
    paragraph(placerEventStatement(event, input.eventEndDate)),
    quote('What worried us most', input.summaryOfConcerns),
    ...(input.reportConfirmedOn === undefined
      ? [
          paragraph(
            event === 'assurance-visit-serious-concerns'
              ? 'This is an indication of what we found. It is subject to confirmation when we publish our report, which will say whether serious or widespread concerns were found.'
              : 'This is an indication of the likely judgement. It is subject to confirmation when we publish our report.',
          ),
          paragraph('We will send you a copy of the report when it is final.'),
        ]
      : [paragraph(indicationStatement(event, input.reportConfirmedOn)), paragraph('We are sending you a copy of the report in a separate email.')]),
    // A way to ask (found by a new-user walk: the placer's email gave none); the email is sent with it as Reply-To.
    ...(input.leadInspectorEmail
      ? [paragraph(`If you have questions about this, reply to this email to reach the lead inspector, ${input.leadInspectorName} (${input.leadInspectorEmail}).`)]
      : []),
    facts([
      ['Home', `${establishment.name} (URN ${urn})`],
      [event === 'assurance-visit-serious-concerns' ? 'Visit ended' : 'Inspection ended', formatDateInWords(input.eventEndDate)],
      ['Lead inspector', input.leadInspectorEmail ? `${input.leadInspectorName} (${input.leadInspectorEmail})` : input.leadInspectorName],
      ['Reference', input.inspectionId],
      ['Why you are receiving this', describeSources([SCCIF_15_4, alertSourceOf(event)])],
    ]),
    signOff(),
  ];
  return email(`Ofsted: important information about a children’s home, URN ${urn}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------------
// 2a. Correction of an alert (judgement amended after quality assurance)

/** What the withdrawn alert said, in a line. */
const WITHDRAWN_JUDGEMENT: Record<AlertEvent, string> = {
  'inadequate-full-inspection': 'that the home was judged inadequate for the overall experiences and progress of children and young people',
  'interim-decline-agreed-at-case-review': 'that the home was judged to have declined in effectiveness at its interim inspection',
  'assurance-visit-serious-concerns': 'that serious or widespread concerns were found at an assurance visit',
};

/** Children's homes framework §99: quality assurance may change provisional judgements before the report is sent. */
const AMENDMENT_SOURCE = homesFramework('§99');

export function dcsAlertCorrection(input: DcsAlertCorrectionInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const { establishment, recipient } = input;
  const ended = formatDateInWords(input.eventEndDate);
  const sentOn = formatDateInWords(input.alertSentOn);
  const facts_ = facts([
    ['Establishment', `${establishment.name} (URN ${urn})`],
    ['Inspection ended', ended],
    ['Earlier alert sent', sentOn],
    ['Judgement amended', formatDateInWords(input.amendedOn)],
    ['Judgement now', input.judgementNow],
    ['Lead inspector', input.leadInspectorName],
    ['Reference', input.inspectionId],
    ['Why you are receiving this', describeSources([AMENDMENT_SOURCE, alertSourceOf(input.event)])],
  ]);
  const blocks: Block[] =
    recipient.kind === 'placer'
      ? [
          paragraph(`Dear ${recipient.name},`),
          heading(`${establishment.name} (URN ${urn})`),
          paragraph(`On ${sentOn} we wrote to you about this home after our inspection that ended on ${ended}.`),
          paragraph(
            `We have since checked our findings, as we always do before we send our report, and we have changed our judgement. ` +
              `We no longer judge the home as we told you: our judgement is now ${input.judgementNow}.`,
          ),
          paragraph('Please treat our earlier email as withdrawn. We will still send you a copy of the report when it is published.'),
          facts_,
          signOff(),
        ]
      : [
          paragraph(`Dear ${recipient.dcsName ?? 'Director of Children’s Services'},`),
          heading(`${establishment.name} (URN ${urn})`),
          paragraph(
            `On ${sentOn} we alerted you, as director of children’s services for ${recipient.authorityName}, ` +
              `${WITHDRAWN_JUDGEMENT[input.event]} (inspection ended ${ended}).`,
          ),
          paragraph(
            'That judgement was indicative. Following quality assurance, and before the report was sent to the provider, ' +
              `the judgement was amended: it is now ${input.judgementNow}.`,
          ),
          paragraph(
            'The earlier alert is withdrawn. The amended judgement is itself subject to confirmation by Ofsted on publication of the report.',
          ),
          facts_,
          signOff(),
        ];
  return email(`Ofsted: earlier alert withdrawn, judgement amended, URN ${urn}`, blocks);
}

/** What an alert said, in the words of a notice about it: "about this home after our inspection that ended on …". */
const ALERTED_ABOUT: Record<AlertEvent, string> = {
  'inadequate-full-inspection': 'that the home was judged inadequate',
  'interim-decline-agreed-at-case-review': 'that the home was judged to have declined in effectiveness',
  'assurance-visit-serious-concerns': 'that serious or widespread concerns were found at the home',
};

export function dcsAlertSentInError(input: DcsAlertSentInErrorInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const { establishment, recipient } = input;
  const ended = formatDateInWords(input.eventEndDate);
  const sentOn = formatDateInWords(input.alertSentOn);
  const facts_ = facts([
    ['Establishment', `${establishment.name} (URN ${urn})`],
    ['Inspection ended', ended],
    ['Earlier email sent', sentOn],
    ['Our records corrected', formatDateInWords(input.correctedOn)],
    ['Lead inspector', input.leadInspectorName],
    ['Reference', input.inspectionId],
  ]);
  const deleteIt = 'Please delete our earlier email and any copies of it, and do not act on it. We are sorry for the error.';
  if (recipient.kind === 'placer' && input.addressCorrected) {
    // Whoever reads the old address may be a stranger: the notice names no one, and says nothing of the home or what
    // was found there that they were not told already (found by a new-user walk: it repeated both).
    const earlier = input.reportCopySentOn === undefined ? 'email' : 'emails';
    return email(`Ofsted: an email sent to this address in error, URN ${urn}`, [
      paragraph('Dear Sir or Madam,'),
      paragraph(
        (input.reportCopySentOn === undefined
          ? `On ${sentOn} we sent an email to this address`
          : `On ${sentOn} and ${formatDateInWords(input.reportCopySentOn)} we sent emails to this address`) +
          ` about the children’s home with the unique reference number ${urn}. ${earlier === 'email' ? 'It was' : 'They were'} meant for someone else: the address was recorded wrongly, and we have corrected it.`,
      ),
      paragraph(`Please delete our ${earlier} and any copies, and do not act on ${earlier === 'email' ? 'it' : 'them'}. We are sorry for the error.`),
      paragraph(`If you think the ${earlier === 'email' ? 'email was' : 'emails were'} meant for you, reply to this email quoting the reference below.`),
      facts([
        ['Earlier email sent', sentOn],
        ['Reference', input.inspectionId],
      ]),
      signOff(),
    ]);
  }
  const blocks: Block[] =
    recipient.kind === 'placer'
      ? [
          paragraph(`Dear ${recipient.name},`),
          heading(`${establishment.name} (URN ${urn})`),
          paragraph(
            `On ${sentOn} we wrote to you ${ALERTED_ABOUT[input.event]} (inspection ended ${ended}), because our records showed ` +
              'that you had placed a child there.',
          ),
          paragraph(
            input.reportCopySentOn === undefined
              ? 'Our records were wrong, and we have corrected them: that email was sent to you in error.'
              : `Our records were wrong, and we have corrected them: that email, and the one about our report on ${formatDateInWords(input.reportCopySentOn)}, were sent to you in error. You will not be sent the report.`,
          ),
          paragraph(deleteIt),
          facts_,
          signOff(),
        ]
      : [
          paragraph(`Dear ${recipient.dcsName ?? 'Director of Children’s Services'},`),
          heading(`${establishment.name} (URN ${urn})`),
          paragraph(
            `On ${sentOn} we alerted you, as director of children’s services for ${recipient.authorityName}, ` +
              `${ALERTED_ABOUT[input.event]} (inspection ended ${ended}), because our records showed a child placed by your authority living there.`,
          ),
          paragraph(
            'Our records were wrong, and we have corrected them: no child placed by your authority is recorded at the home, ' +
              'and the home is not in your area, so the alert was sent to you in error.',
          ),
          paragraph(deleteIt),
          facts_,
          signOff(),
        ];
  return email(`Ofsted: earlier alert sent to you in error, URN ${urn}`, blocks);
}

export function providerCopyOfAlert(input: ProviderCopyOfAlertInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  if (input.alertedAuthorities.length === 0) {
    // SCCIF 15.3: the host authority is always alerted, so an empty list is a wiring mistake.
    throw new EmailContentError('alertedAuthorities must name at least one local authority (the host authority is always alerted)');
  }
  const placers = input.placersAlerted ?? 0;
  if (!Number.isInteger(placers) || placers < 0) {
    throw new EmailContentError(`placersAlerted must be a whole number of at least 0, got ${placers}`);
  }
  const corrected = input.correctedOn === undefined ? undefined : formatDateInWords(input.correctedOn);
  const blocks: Block[] = [
    paragraph(`Dear ${input.providerName},`),
    heading(`${corrected ? 'Updated copy' : 'Copy'} of our alert about ${input.establishment.name} (URN ${urn})`),
    ...(corrected
      ? [
          paragraph(
            `On ${corrected} we corrected our record of the children placed in the home, and the local authorities we alert with it. ` +
              'This copy replaces the one we sent you before.',
          ),
          paragraph(`Since ${formatDateInWords(input.alertSentOn)} we have emailed the directors of children’s services of these local authorities:`),
        ]
      : [paragraph(`On ${formatDateInWords(input.alertSentOn)} we emailed the directors of children’s services of these local authorities:`)]),
    list(input.alertedAuthorities),
  ];
  if (placers > 0) {
    blocks.push(
      paragraph(
        `We also wrote to ${placers === 1 ? '1 person who placed a child' : `${placers} people who placed children`} in the home ` +
          `themselves (${placers === 1 ? 'a child who is' : 'children who are'} not looked after); ${describeSource(SCCIF_15_4)}.`,
      ),
    );
  }
  blocks.push(
    paragraph('The email said:'),
    paragraph(eventStatement(input.event, input.eventEndDate)),
    quote('Summary of the main concerns', input.summaryOfConcerns),
    paragraph(indicationStatement(input.event, input.reportConfirmedOn)),
    paragraph('Ofsted will follow the email up with a telephone call to each local authority to confirm receipt.'),
    // As the provider's other emails do (found by a new-user walk: Reply-To set, nobody named).
    ...(input.leadInspector
      ? [paragraph(`If you have questions about this, reply to this email to reach the lead inspector, ${input.leadInspector.name} (${input.leadInspector.email}).`)]
      : []),
    facts([
      ['Establishment', `${input.establishment.name} (URN ${urn})`],
      ['Reference', input.inspectionId],
      ['Why you are receiving this', `${alertSource(input.event)}: the email to local authorities is forwarded to the provider`],
    ]),
    signOff(),
  );
  return email(`${corrected ? 'Updated copy' : 'Copy'} of Ofsted alert to local authorities, URN ${urn}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------------
// 4. DfE notices

const DFE_PURPOSE =
  'We are telling the Department for Education so that the Secretary of State can take this into account in ' +
  'determining the continued approval of the home.';

const CASE_REVIEW_DECISIONS: Record<ApprovalOption<'case-review'>, string> = {
  'enforcement-action': 'take enforcement action',
  'monitoring-visit': 'carry out a monitoring visit',
  'full-inspection': 'carry out a full inspection',
  'no-further-action': 'take no further action',
};

/** SCCIF 15.1: the three outcomes a monitoring visit may reach; AV 2021: whether sufficient steps were taken. */
const MONITORING_OUTCOME_TEXT: Record<MonitoringOutcome, string> = {
  'sufficient-steps-taken': 'sufficient steps have been taken to safeguard and protect the welfare of children',
  'further-monitoring': 'carry out further monitoring and take steps towards cancellation',
  'full-inspection': 'schedule a full inspection (usually within 16 weeks of the original inspection)',
  'improved-judgement': 'the monitoring visit secures an improved inspection judgement',
};

const CASE_REVIEW_AFTER: Record<ReturnReason, string> = {
  'inadequate-judgement': 'after the home was judged inadequate ',
  'interim-decline': 'after an interim inspection judged that the home has declined in effectiveness ',
  'assurance-visit-serious-concerns': 'after serious or widespread concerns were found at an assurance visit ',
};

const DFE_SUBJECTS: Record<DfeNoticeInput['kind'], string> = {
  'inadequate-judgement': 'Secure children’s home judged inadequate',
  'serious-concerns': 'Serious or widespread concerns at a secure children’s home',
  'proposed-actions': 'Proposed actions for a secure children’s home',
  'monitoring-outcome': 'Monitoring visit outcome for a secure children’s home',
};

export function dfeNotice(input: DfeNoticeInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const name = input.establishment.name;
  const blocks: Block[] = [paragraph('Dear colleague,'), heading(`${name} (URN ${urn})`)];
  let source: string;
  switch (input.kind) {
    case 'inadequate-judgement':
      blocks.push(
        paragraph(
          `${name} is a secure children’s home. ` +
            (input.after === 'interim-decline'
              ? `At the interim inspection that ended on ${formatDateInWords(input.inspectionEndDate)}, the inspector judged ` +
                'that the home has declined in effectiveness, and the case review decided that the next steps for an ' +
                'inadequate judgement apply.'
              : eventStatement('inadequate-full-inspection', input.inspectionEndDate)),
        ),
        quote('Summary of the main concerns', input.summaryOfConcerns),
        paragraph(indicationStatement('inadequate-full-inspection')),
        paragraph(DFE_PURPOSE),
      );
      source = describeSource(SCCIF_15_2);
      break;
    case 'serious-concerns':
      blocks.push(
        paragraph(eventStatement('assurance-visit-serious-concerns', input.visitEndDate)),
        quote('Summary of the main concerns', input.summaryOfConcerns),
        paragraph(indicationStatement('assurance-visit-serious-concerns')),
        paragraph(DFE_PURPOSE),
      );
      source = describeSource(ASSURANCE_NEXT_STEPS);
      break;
    case 'proposed-actions':
      blocks.push(
        paragraph(
          `The case review held on ${formatDateInWords(input.caseReviewDate)} ` +
            CASE_REVIEW_AFTER[input.after] +
            `decided to ${CASE_REVIEW_DECISIONS[input.decision]}.`,
        ),
        ...(input.enforcement === undefined ? [] : [paragraph(`Enforcement considered: ${input.enforcement}.`)]),
        quote('Rationale', input.rationale),
      );
      source =
        input.after === 'assurance-visit-serious-concerns'
          ? describeSource(ASSURANCE_NEXT_STEPS)
          : `${describeSource(SCCIF_15_1)}; ${describeSource(SCCIF_15_2)}`;
      break;
    case 'monitoring-outcome':
      blocks.push(
        paragraph(
          `We carried out ${input.visitNumber === undefined ? 'a monitoring visit' : `the ${ordinalOf(input.visitNumber)} monitoring visit`} on ${formatDateInWords(input.visitDate)}` +
            (input.origin === 'assurance-visit' ? ' after serious or widespread concerns at an assurance visit. ' : ' after the home was judged inadequate. ') +
            `The outcome: ${input.origin === 'assurance-visit' && input.outcome === 'further-monitoring' ? 'carry out another monitoring visit' : MONITORING_OUTCOME_TEXT[input.outcome]}.`,
        ),
      );
      if (input.summary !== undefined && input.summary.trim() !== '') blocks.push(quote('Findings', input.summary));
      // Assurance visits: "The lead inspector will inform the DfE of monitoring visit outcomes". After an inadequate
      // judgement: the outcomes of SCCIF 15.1, told to DfE for the home's continued approval (15.2).
      source = input.origin === 'assurance-visit' ? describeSource(ASSURANCE_NEXT_STEPS) : `${describeSource(SCCIF_15_1)}; ${describeSource(SCCIF_15_2)}`;
      break;
  }
  blocks.push(
    facts([
      ['Establishment', `${name} (URN ${urn})`],
      ['Reference', input.inspectionId],
      ['Source', source],
    ]),
    signOff(),
  );
  const subject =
    input.kind === 'inadequate-judgement' && input.after === 'interim-decline'
      ? 'Secure children’s home declined in effectiveness'
      : input.kind === 'monitoring-outcome' && input.visitNumber !== undefined
        ? `${ordinalOf(input.visitNumber)} ${DFE_SUBJECTS[input.kind].charAt(0).toLowerCase()}${DFE_SUBJECTS[input.kind].slice(1)}`
        : DFE_SUBJECTS[input.kind];
  return email(`${subject}, URN ${urn}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Approval request, 6. escalation

/** Each kind of approval: its name in subjects and headings, and what it decides, in the email's first sentence. */
const APPROVAL_KIND_TEXT: Record<ApprovalKind, { name: string; decides: string }> = {
  'case-review': { name: 'urgent case review', decides: 'the urgent case review, which decides the return visit and the enforcement action considered' },
  'interim-case-review': {
    name: 'urgent case review after an interim inspection',
    decides: 'the urgent case review after an interim inspection, which decides whether to alert local authorities and what follows',
  },
  'la-contact-arrangements': {
    name: 'contact arrangements for placing authorities',
    decides: 'the arrangements for contacting a large number of placing authorities',
  },
  'rfc-case-discussion': { name: 'case discussion', decides: 'the case discussion, which decides whether enforcement action should be taken' },
};

/**
 * The case review after serious assurance-visit concerns "considers the recommended future action and allows the
 * manager to decide which action to take" (assurance visits guidance 2021): a monitoring visit or not, and enforcement.
 */
const ASSURANCE_CASE_REVIEW_TEXT = {
  name: 'case review after an assurance visit',
  decides: 'the case review after the assurance visit’s serious concerns, which decides whether a monitoring visit follows and the enforcement action considered',
};

/** An approval id is opaque and short. A Step Functions task token is long and base64-like, so it cannot pass. */
const APPROVAL_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The web pages emails link to. They live under `/app/` of the app's base URL (which keeps any path it has, such as
 * API Gateway's stage `/v1`): a link to `<base>/approvals/…` would be a route of the JSON API, which a browser cannot
 * open. test/browser follows every link of every email template in the local runtime.
 */
export function approvalPageUrl(baseUrl: string, approvalId: string): string {
  return `${checkBaseUrl(baseUrl)}/app/approvals/${encodeURIComponent(approvalId)}`;
}

export function inspectionPageUrl(baseUrl: string, inspectionId: string): string {
  return `${checkBaseUrl(baseUrl)}/app/inspections/${encodeURIComponent(inspectionId)}`;
}

export function reportCopiesPageUrl(baseUrl: string, inspectionId: string): string {
  return `${checkBaseUrl(baseUrl)}/app/follow-ups/${encodeURIComponent(inspectionId)}/report-copies`;
}

export function establishmentPageUrl(baseUrl: string, urn: string): string {
  return `${checkBaseUrl(baseUrl)}/app/establishments/${encodeURIComponent(checkUrn(urn))}`;
}

export function inspectionPlanPageUrl(baseUrl: string, risk?: 'due-soon' | 'overdue', year?: number): string {
  const query = [...(year === undefined ? [] : [`year=${year}`]), ...(risk ? [`risk=${risk}`] : [])].join('&');
  return `${checkBaseUrl(baseUrl)}/app/inspection-plan${query ? `?${query}` : ''}`;
}

export function approvalRequest(input: ApprovalRequestInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  if (!APPROVAL_ID.test(input.approvalId)) {
    throw new EmailContentError('approvalId must be an opaque id of 1 to 128 letters, digits or . _ : - (never a task token)');
  }
  const link = approvalPageUrl(input.baseUrl, input.approvalId);
  const { name: kind, decides } = input.approvalKind === 'case-review' && input.process === 'assurance-visit' ? ASSURANCE_CASE_REVIEW_TEXT : APPROVAL_KIND_TEXT[input.approvalKind];
  const due = formatInstantInWords(input.deadline.due);
  // A decision asked for after its deadline (an outcome recorded late) says so at once: the manager must know.
  const overdue = input.requestedAt !== undefined && Date.parse(input.requestedAt) > Date.parse(input.deadline.due);
  const blocks: Block[] = [
    paragraph(`Dear ${input.managerName},`),
    heading(overdue ? `Decision needed, already overdue: ${kind}` : `Decision needed: ${kind}`),
    paragraph(
      `A decision is needed for ${input.establishment.name} (URN ${urn}) on ${decides}. ` +
        (overdue
          ? `It is already overdue: it was due by ${due}, and has been overdue since then. Please decide as soon as you can.`
          : `Please decide by ${due}.`),
    ),
    ...(input.follows === undefined
      ? []
      : [
          paragraph(
            `It follows the ${ACTIVITY_TEXT[input.follows.activity]} that ended on ${formatDateInWords(input.follows.endedOn)} ` +
              `(lead inspector: ${input.follows.leadInspector})${input.follows.found === undefined ? '' : `, which ${input.follows.found}`}.`,
          ),
        ]),
    deadlineFacts(input.deadline),
    linkBlock('Record the decision', link),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ];
  return email(`Approval needed${overdue ? ' (already overdue)' : ''}: ${kind}, URN ${urn}`, blocks);
}

export function escalation(input: EscalationInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const overdue = input.workingDaysOverdue;
  const on = input.overdueOn;
  if (!Number.isInteger(overdue) || overdue < 0 || (on === undefined) !== (overdue === 0)) {
    throw new EmailContentError(`workingDaysOverdue must be a whole number, at least 1 with overdueOn and 0 without it, got ${overdue}`);
  }
  const link = inspectionPageUrl(input.baseUrl, input.inspectionId);
  const copy = input.seniorManagerCopy === true;
  const leadInspector = input.leadInspectorName;
  if (copy && leadInspector !== undefined) throw new EmailContentError('an escalation is the senior manager’s copy or the lead inspector’s, not both');
  const approval = input.approval;
  const deciderCopy = input.deciderCopy === true;
  if (deciderCopy && (approval === undefined || approval.decidedByManagers || copy || leadInspector !== undefined)) {
    throw new EmailContentError('a decider’s copy is of a decision made by others than the managers, and is theirs alone');
  }
  const greeting: Block[] = deciderCopy
    ? [
        paragraph(`Dear ${approval!.deciderName},`),
        paragraph(`This decision is yours to make: please make it now, on its approval (below). The manager (${input.managerName}) has been sent this escalation too.`),
      ]
    : copy
    ? [
        paragraph(`Dear ${input.seniorManagerName},`),
        paragraph(`This is a copy for your information: the escalation below was sent to the manager (${input.managerName}), who is asked to act on it.`),
      ]
    : leadInspector !== undefined
      ? [
          paragraph(`Dear ${leadInspector},`),
          paragraph(
            // A return inspection is met by logging it, once carried out, not by recording a step (found by a new-user
            // walk: "please record it now" of a visit still to be arranged).
            (input.inspectionToLog !== undefined
              ? 'This step is met when the return inspection is logged, which is yours to do as the lead inspector once it has been carried out (below). '
              : `This step is yours to record, as the lead inspector: ${input.notYetRecordable === undefined ? 'please record it now' : 'please record it as soon as it can be (below)'}. `) +
              `The manager (${input.managerName}) has been sent this escalation too.`,
          ),
        ]
      : // The senior manager and the lead inspector have their own (above): the manager's greets the manager, who is to act.
        [paragraph(`Dear ${input.managerName},`)];
  const blocks: Block[] = [
    ...greeting,
    heading(`Overdue: ${input.step.title}`),
    paragraph(
      // The process is a fact below: its title in the sentence ("of the inadequate judgement: urgent case review, alerts
      // and return visits of …") read badly (found by a new-user walk).
      `This step for ${input.establishment.name} (URN ${urn}) was due by ${formatInstantInWords(input.step.due)} ` +
        'and has not been recorded as done.' +
        (on === undefined
          ? ''
          : // The first is sent as the deadline passes, which may be the evening (or weekend) before its first working day
            // overdue: "On Monday ... it is 1 working day overdue", sent on Friday at 23:59, read as from the future
            // (found by a new-user walk).
            overdue === 1
            ? ` Its deadline has passed: ${formatDateInWords(on)} is its first working day overdue.`
            : ` On ${formatDateInWords(on)} it is ${overdue} working days overdue.`),
    ),
    ...(input.notYetRecordable === undefined ? [] : [paragraph(`It cannot be recorded yet. It ${input.notYetRecordable.charAt(0).toLowerCase()}${input.notYetRecordable.slice(1)}`)]),
    ...(approval === undefined || approval.decidedByManagers || deciderCopy
      ? []
      : [paragraph(`It is done when the ${approval.deciderName} decides it, on its approval; they have been sent this escalation too.`)]),
    ...(input.heldBack?.length
      ? [
          paragraph(
            input.heldBack.length === 1
              ? 'Until it is recorded, this step cannot be recorded either. It is overdue too, and this escalation stands for it:'
              : 'Until it is recorded, these steps cannot be recorded either. They are overdue too, and this escalation stands for them:',
          ),
          list(input.heldBack.map(({ title, due }) => `${title}: due by ${formatInstantInWords(due)}`)),
        ]
      : []),
    ...(input.inspectionToLog === undefined
      ? []
      : [
          // Managers do not log inspections: the one who acts arranges it (found by a new-user walk: "when an inspector
          // logs" sent only to managers read as someone else's job).
          paragraph(
            `It is done once an inspector logs ${input.inspectionToLog} as this inspection's return inspection (inspectors have “Log the return inspection” ` +
              `on the inspection's page, or give ${input.inspectionId} as “Return inspection of” on the log form)` +
              (leadInspector === undefined ? ': please arrange it.' : '.'),
          ),
        ]),
    deadlineFacts(input.step, input.processTitle),
    // The first names its first working day overdue: "1 (counting Monday ...)" sent on the Friday night read as a count
    // of days still to come (found by a new-user walk).
    ...(on === undefined
      ? []
      : [facts([overdue === 1 ? ['First working day overdue', formatDateInWords(on)] : ['Working days overdue', `${overdue} (counting ${formatDateInWords(on)})`]])]),
    // The approval, to those who decide it: a manager opening the compliance inspectors' is told they cannot decide it
    // (found by a new-user walk); theirs is the inspection's page.
    ...(approval === undefined || !(approval.decidedByManagers || deciderCopy) ? [] : [linkBlock('Open the approval', approvalPageUrl(input.baseUrl, approval.approvalId))]),
    linkBlock('Open the inspection', link),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ];
  const subject = copy ? 'Copy for information: escalation: overdue step' : leadInspector !== undefined || deciderCopy ? 'Escalation: your overdue step' : 'Escalation: overdue step';
  // The step's title in the subject, so that an inbox of escalations can be read at a glance (a timeline's own words),
  // and how long it has been overdue: the cadence's emails of one step are told apart (found by a new-user walk: five
  // alike, threaded as one).
  const days = on === undefined ? '' : overdue === 1 ? ' (first working day overdue)' : ` (${overdue} working days overdue)`;
  return email(`${subject} "${input.step.title}"${days}, URN ${urn}`, blocks);
}

/**
 * The managers' daily digest: the windows closing soon (each with its establishment, closing day, working days left
 * and source) and the registered-manager vacancies newly past 20 or 26 weeks, each linked to its page. The subject
 * holds the fixed purpose and the day, nothing else.
 */
export function dailyDigestEmail(input: DailyDigestInput): RenderedEmail {
  const day = formatDateInWords(input.day);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const blocks: Block[] = [paragraph(`Dear ${input.managerName ?? 'manager'},`), heading(`Inspection plan digest for ${day}`)];
  if (input.overdueReturns.length > 0) {
    const count = input.overdueReturns.length;
    blocks.push(
      heading('Return visits overdue'),
      paragraph(
        `${count === 1 ? 'This return visit is' : `These ${count} return visits are`} past ${count === 1 ? 'its window' : 'their windows'} ` +
          'and not recorded as made:',
      ),
      list(
        input.overdueReturns.map(
          (visit) => `${visit.name} (URN ${checkUrn(visit.urn)}): ${visit.title}, was due by ${formatDateInWords(visit.closes)} (${visit.source}). ${establishmentPageUrl(input.baseUrl, visit.urn)}`,
        ),
      ),
    );
  }
  if (input.closedUnmet.length > 0) {
    const count = input.closedUnmet.length + input.moreClosedUnmet;
    blocks.push(
      heading('Windows closed without an inspection'),
      paragraph(`${plural(count, 'inspection window')} closed since the last working day without the inspection ${count === 1 ? 'it' : 'they'} called for:`),
      list(
        input.closedUnmet.map(
          (window) => `${window.name} (URN ${checkUrn(window.urn)}): ${window.title}, closed ${formatDateInWords(window.closes)} (${window.source}). ${establishmentPageUrl(input.baseUrl, window.urn)}`,
        ),
      ),
    );
    if (input.moreClosedUnmet > 0) blocks.push(paragraph(`And ${plural(input.moreClosedUnmet, 'more window')}, listed on the plan.`));
    // Every one of them on the plan of the year they closed in (found by a new-user walk: "And 17 more windows." led nowhere).
    blocks.push(linkBlock('Windows not met', inspectionPlanPageUrl(input.baseUrl, 'overdue', input.closedUnmetYear)));
  }
  if (input.windows.length > 0) {
    const total = input.windows.length + input.moreWindows;
    blocks.push(
      heading(`Windows closing within ${input.horizonWorkingDays} working days`),
      paragraph(`${plural(total, 'inspection window')} close${total === 1 ? 's' : ''} within ${input.horizonWorkingDays} working days and ${total === 1 ? 'has' : 'have'} not been met.`),
      list(
        input.windows.map((window) => {
          const left = window.workingDaysLeft === 0 ? 'closes today' : `${plural(window.workingDaysLeft, 'working day')} left`;
          // A window closing on a weekend or a bank holiday names its last working day (lastWorkingDayWords).
          const lastWorkingDay = lastWorkingDayWords(window.closes);
          const last = lastWorkingDay ? `; ${lastWorkingDay}` : '';
          const opens = window.opens === undefined ? '' : `opens ${formatDateInWords(window.opens)}, `;
          return `${window.name} (URN ${checkUrn(window.urn)}): ${window.title}, ${opens}closes ${formatDateInWords(window.closes)} (${left}${last}; ${window.source}). ${establishmentPageUrl(input.baseUrl, window.urn)}`;
        }),
      ),
    );
    if (input.moreWindows > 0) blocks.push(paragraph(`And ${plural(input.moreWindows, 'more window')}, listed on the plan.`));
    blocks.push(linkBlock('Windows closing soon', inspectionPlanPageUrl(input.baseUrl, 'due-soon')));
  }
  if (input.vacancies.length > 0) {
    blocks.push(
      heading('Registered manager vacancies'),
      list(input.vacancies.map((vacancy) => `${vacancy.message}. ${establishmentPageUrl(input.baseUrl, vacancy.urn)}`)),
    );
  }
  if (input.overdueWindows > 0) {
    blocks.push(
      paragraph(
        `${plural(input.overdueWindows, input.overdueReturns.length + input.closedUnmet.length > 0 ? 'other window' : 'window')} of the plan ${input.overdueWindows === 1 ? 'is' : 'are'} overdue.`,
      ),
      linkBlock('Overdue windows', inspectionPlanPageUrl(input.baseUrl, 'overdue')),
    );
  }
  blocks.push(signOff());
  return email(`Inspection plan digest for ${day}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------------
// 7. Report issued, 8. monitoring visit scheduled

const ACTIVITY_TEXT: Record<InspectionActivity, string> = {
  'assurance-visit': 'assurance visit',
  'full-inspection': 'full inspection',
  'interim-inspection': 'interim inspection',
  'monitoring-visit': 'monitoring visit',
  'rfc-inspection': 'inspection',
};

/**
 * The activity a report is of, in a sentence: "the full inspection of Willow House (URN SC123456) that ended on Tuesday
 * 22 December 2026"; a monitoring visit, a visit of one day, "on" its day (a walk found "the monitoring visit … that
 * ended on").
 */
function activityInWords(input: Pick<ReportIssuedInput, 'activity' | 'activityEndDate' | 'establishment'>, urn: string): string {
  const day = formatDateInWords(input.activityEndDate);
  // A visit is "to" a home, an inspection "of" it (found by a new-user walk: "the assurance visit of Northgate").
  const of = input.activity === 'assurance-visit' || input.activity === 'monitoring-visit' ? 'to' : 'of';
  return `the ${ACTIVITY_TEXT[input.activity]} ${of} ${input.establishment.name} (URN ${urn}) ${input.activity === 'monitoring-visit' ? 'on' : 'that ended on'} ${day}`;
}

/**
 * The activity a report is of, in a subject: "full inspection ended 22 December 2026", "monitoring visit on 9 February
 * 2027". A provider inspected again (a return inspection) tells the two inspections' emails apart by it (found by a
 * new-user walk: two "Report for your comments, URN …").
 */
function activityInSubject(input: Pick<ReportIssuedInput, 'activity' | 'activityEndDate'>): string {
  const day = formatDateInWords(input.activityEndDate).replace(/^\S+ /, '');
  return `${ACTIVITY_TEXT[input.activity]} ${input.activity === 'monitoring-visit' ? 'on' : 'ended'} ${day}`;
}

export function reportIssued(input: ReportIssuedInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const what = activityInWords(input, urn);
  const of = activityInSubject(input);
  const blocks: Block[] = [paragraph(`Dear ${input.providerName},`)];
  let subject: string;
  switch (input.stage) {
    case 'report-to-provider':
      requireStep(input.commentsDue, 'provider-comments', 'commentsDue');
      subject = `Report for your comments: ${of}, URN ${urn}`;
      blocks.push(
        heading('Report for your comments'),
        paragraph(`We have sent you the report of ${what}.`),
        paragraph(`Please send us any comments by ${formatInstantInWords(input.commentsDue.due)}.`),
        deadlineFacts(input.commentsDue),
      );
      break;
    case 'final-report-to-provider':
      requireStep(input.complaintWindowEnds, 'complaint-window', 'complaintWindowEnds');
      subject = `Final report: ${of}, URN ${urn}`;
      blocks.push(
        heading('Final report'),
        paragraph(`We have sent you the final report of ${what}.`),
        paragraph(`If you wish to make a formal complaint, please do so by ${formatInstantInWords(input.complaintWindowEnds.due)}.`),
        deadlineFacts(input.complaintWindowEnds),
      );
      break;
    case 'publish':
      // Named by what it reports on: a monitoring visit's report and the final report of the inspection before it may
      // be published days apart, and a provider tells the two emails apart by their subjects.
      subject = `Report published: ${of}, URN ${urn}`;
      blocks.push(
        heading('Report published'),
        paragraph(`The report of ${what} was published on ${formatDateInWords(input.publishedOn)}.`),
      );
      if (input.monitoringJudgement !== undefined) blocks.push(monitoringJudgementParagraph(input.monitoringJudgement));
      if (input.complaintWindowEnds !== undefined) {
        requireStep(input.complaintWindowEnds, 'complaint-window', 'complaintWindowEnds');
        blocks.push(
          paragraph(`If you wish to complain about the report, please do so by ${formatInstantInWords(input.complaintWindowEnds.due)}.`),
          deadlineFacts(input.complaintWindowEnds),
        );
      }
      break;
  }
  if (input.correctedDay !== undefined) {
    subject = `Corrected: ${subject}`;
    blocks.splice(
      2,
      0,
      paragraph(
        `This corrects our earlier email: the ${CORRECTED_DAY_WORDS[input.stage]} was ${formatDateInWords(input.correctedDay)}.` +
          // A publication with no complaint window counted from it (a monitoring visit's report) gives no deadline:
          // the day alone is corrected (found by a new-user walk: the provider kept the wrong day).
          (input.stage === 'publish' && input.complaintWindowEnds === undefined ? '' : ' The deadline below counts from that day and replaces the one we gave you before.'),
      ),
    );
  }
  // How to reply (found by a new-user walk: the provider was asked for comments with no way to send them).
  const lead = input.leadInspector;
  if (lead) {
    blocks.push(
      paragraph(
        input.stage === 'report-to-provider'
          ? `Reply to this email to send your comments to the lead inspector, ${lead.name} (${lead.email}).`
          : `If you have questions about this, reply to this email to reach the lead inspector, ${lead.name} (${lead.email}).`,
      ),
    );
  }
  blocks.push(facts([['Reference', input.inspectionId]]), signOff());
  return email(subject, blocks);
}

const CORRECTED_DAY_WORDS: Record<ReportIssuedInput['stage'], string> = {
  'report-to-provider': 'day we sent you the report',
  'final-report-to-provider': 'day we sent you the final report',
  publish: 'day the report was published',
};

/** §74-75: the judgement a monitoring visit's report is published with. */
function monitoringJudgementParagraph(judgement: MonitoringJudgement): Block {
  return judgement.secured === 'improved'
    ? paragraph(
        `The monitoring visit secured an improved inspection judgement: the home is now judged ${FOUR_POINT_LABELS[judgement.overall]} ` +
          `for the overall experiences and progress of children and young people (${describeSource(homesFramework('§74'))}).`,
      )
    : judgement.original === undefined || judgement.original === 'inadequate'
      ? paragraph(`The inadequate judgement remains: the report is published with the original judgement (${describeSource(homesFramework('§75'))}).`)
      : paragraph(`The original judgement remains (${judgement.original}): the report is published with it (${describeSource(homesFramework('§75'))}).`);
}

export function reportCopiesToSend(input: ReportCopiesToSendInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const count = input.placers.length;
  if (count === 0) throw new EmailContentError('placers must name at least one person to send the report to');
  const report = input.stage === 'published' ? `published on ${formatDateInWords(input.issuedOn)}` : `sent to the provider as final on ${formatDateInWords(input.issuedOn)}`;
  return email(`Send the report to ${count === 1 ? 'the person' : `the ${count} people`} who placed a child, URN ${urn}`, [
    paragraph(`Dear ${input.leadInspectorName},`),
    heading(`The report on ${input.establishment.name}: copies to send`),
    paragraph(
      `The report on ${input.establishment.name} (URN ${urn}) was ${report}. We have emailed ${count === 1 ? 'this person' : `these ${count} people`}, ` +
        `who placed a child in the home themselves and were alerted, that you will send them a copy of the report (${describeSource(SCCIF_15_4)}); ` +
        `if our email does not reach ${count === 1 ? 'them' : 'one of them'}, we tell you, so that you can post the report:`,
    ),
    list(input.placers.map(({ name, email: address }) => `${name} (${address})`)),
    paragraph(`Please send ${count === 1 ? 'them' : 'each of them'} the report. Replies to our email reach you.`),
    ...(input.baseUrl === undefined
      ? []
      : [
          paragraph(`Once you have sent ${count === 1 ? 'it' : 'each copy'}, record the day and how you sent it (email, post or by hand): the inspection shows ${count === 1 ? 'it' : 'each one'} as not sent until then.`),
          linkBlock('Record a copy sent', reportCopiesPageUrl(input.baseUrl, input.inspectionId)),
        ]),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

export function reportCopyForPlacer(input: ReportCopyForPlacerInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const what = activityInWords(input, urn);
  // Found by a new-user walk: "Copy of the inspection report" and "we are sending you a copy", with no report attached
  // and the lead inspector named as the one who sends it.
  return email(`The inspection report is ready: ${activityInSubject(input)}, URN ${urn}`, [
    paragraph(`Dear ${input.placerName},`),
    heading('The inspection report is ready'),
    paragraph(
      `As we said when we alerted you, you will get a copy of the report of ${what}, because you placed your child ` +
        'in this home yourself.',
    ),
    paragraph(
      input.stage === 'published'
        ? `The report was published on ${formatDateInWords(input.issuedOn)}.`
        : `The final report was sent to the provider on ${formatDateInWords(input.issuedOn)}.`,
    ),
    // Found by a new-user walk: "please contact them" with no name, no address and no Reply-To.
    paragraph(
      input.leadInspector === undefined
        ? 'The lead inspector will send you the report itself; please contact them if it has not reached you.'
        : `The lead inspector, ${input.leadInspector.name}, will send you the report itself. If it has not reached you, reply to this email (it goes to ${input.leadInspector.email}).`,
    ),
    facts([
      ['Why you are receiving this', describeSource(SCCIF_15_4)],
      ['Reference', input.inspectionId],
    ]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// 10. The next monitoring visit's window changed (to the lead inspector)

const windowDays = (window: EmailVisitWindow) => `between ${formatDateInWords(window.earliest)} and ${formatDateInWords(window.latest)}`;
const windowWeeks = (window: EmailVisitWindow) => `${window.earliestWeeks} to ${window.latestWeeks} weeks`;

export function windowChanged(input: WindowChangedInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  if (!Number.isInteger(input.visit) || input.visit < 2) throw new EmailContentError(`visit must be a later monitoring visit (2 or more), got ${input.visit}`);
  for (const [field, window] of [['from', input.from], ['to', input.to]] as const) {
    if (window.earliest > window.latest) throw new EmailContentError(`${field}: the window opens (${window.earliest}) after it closes (${window.latest})`);
  }
  const visit = `${ordinalOf(input.visit)} monitoring visit`;
  const previous = `${ordinalOf(input.visit - 1)} monitoring visit`;
  return email(`Monitoring visit window changed, URN ${urn}`, [
    paragraph(`Dear ${input.leadInspectorName},`),
    heading(`Window changed: ${visit}`),
    paragraph(
      `${input.changedBy} changed the window of the ${visit} to ${input.establishment.name} (URN ${urn}) on ` +
        `${formatInstantInWords(input.changedAt)}. The visit is now due ${windowWeeks(input.to)} after the ${previous} on ` +
        `${formatDateInWords(input.countedFrom)}: ${windowDays(input.to)}. It was due ${windowWeeks(input.from)} after it: ${windowDays(input.from)}.`,
    ),
    paragraph(`Please record the visit on the inspection's page once it has happened: if it is not recorded by the end of ${formatDateInWords(input.to.latest)}, it is escalated.`),
    quote('Reason given', input.reason),
    facts([
      ['Window opens', formatDateInWords(input.to.earliest)],
      ['Window closes', dateWithLastWorkingDay(input.to.latest)],
      ['Counted from', `the ${previous}, ${formatDateInWords(input.countedFrom)}`],
      ['Source', `${VISIT_TIMING_CASE_BY_CASE.sources.map(describeSource).join('; ')}: ${VISIT_TIMING_CASE_BY_CASE.words}`],
    ]),
    linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

export function childrenCorrected(input: ChildrenCorrectedInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const who = (authorities: readonly string[], placers: number): string[] => [
    ...authorities.map((name) => `the director of children’s services, ${name}`),
    ...(placers > 0 ? [`${placers} ${placers === 1 ? 'person' : 'people'} who placed a child in the home themselves`] : []),
  ];
  const alerted = who(input.alertedAuthorities, input.placersAlerted);
  const told = who(input.toldInErrorAuthorities, input.placersToldInError);
  return email(`Children corrected after the alerts, URN ${urn}`, [
    paragraph(`Dear ${input.leadInspectorName},`),
    heading(`Children corrected: ${input.establishment.name}`),
    paragraph(
      `${input.correctedBy} corrected the children recorded at ${input.establishment.name} (URN ${urn}) on ${formatInstantInWords(input.correctedAt)}, ` +
        'after the alerts had been sent.',
    ),
    ...(alerted.length > 0 ? [paragraph('The alert was sent now to:'), list(alerted)] : []),
    ...(input.alertedAuthorities.length > 0
      ? [paragraph(`Please telephone ${input.alertedAuthorities.length === 1 ? 'the local authority' : 'each local authority'} alerted now to confirm receipt, and record the call on the inspection's page (${describeSource(SCCIF_15_3)}).`)]
      : []),
    ...(told.length > 0 ? [paragraph('We told these that the alert was sent to them in error, and asked them to delete it:'), list(told)] : []),
    ...((input.placersReaddressed ?? 0) > 0
      ? [
          paragraph(
            `${input.placersReaddressed === 1 ? 'One person' : `${input.placersReaddressed} people`} who placed a child had their email address corrected: ` +
              'the alert was sent again to the address now held, and the old address was told, naming no one, that an email had reached it in error.',
          ),
        ]
      : []),
    ...(input.contactArrangements === undefined
      ? []
      : [
          paragraph(
            `The children now have ${input.contactArrangements.placingAuthorities} placing authorities, more than ${input.contactArrangements.above}: ` +
              `please discuss with your manager how they are to be contacted (${describeSource(SCCIF_15_3)}).`,
          ),
        ]),
    quote('Reason given', input.reason),
    linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// 12. An inspection withdrawn

/** "Full inspection of a children's home" in a sentence: "full inspection of a children's home". */
const lowerFirstWord = (title: string): string => `${title.charAt(0).toLowerCase()}${title.slice(1)}`;

const inWordsList = (items: readonly string[]): string => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export function inspectionWithdrawn(input: InspectionWithdrawnInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const what = lowerFirstWord(input.processTitle);
  return email(`Inspection withdrawn, URN ${urn}`, [
    paragraph(`Dear ${input.leadInspectorName},`),
    heading(`Inspection withdrawn: ${input.establishment.name}`),
    paragraph(
      // "an interim inspection" (found by a new-user walk: "a interim inspection").
      `${input.withdrawnBy} withdrew the inspection of ${input.establishment.name} (URN ${urn}), ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}, on ${formatInstantInWords(input.withdrawnAt)}, ` +
        'as logged by mistake. Its process is stopped: nothing more is sent or escalated about it, and nothing more can be recorded on it.',
    ),
    quote('Reason given', input.reason),
    paragraph(
      'If the inspection did take place, log it again with the right details. If you think it should not have been withdrawn, speak to the manager who withdrew it: a withdrawal cannot be undone.',
    ),
    ...(input.emailedOutside.length > 0
      ? [
          paragraph(
            `Before it was withdrawn, ${inWordsList(input.emailedOutside)} had been emailed about it. The system has not told them since: ` +
              'the manager who withdrew it tells them. If they contact you about it, it was logged by mistake.',
          ),
        ]
      : []),
    facts(
      'day1' in input.dates
        ? [['Day 1 (visit announced)', formatDateInWords(input.dates.day1)]]
        : [
            ['First day on site', formatDateInWords(input.dates.inspectionStart)],
            ['Last day on site', formatDateInWords(input.dates.inspectionEnd)],
          ],
    ),
    linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// 13. A decision no longer needed

export function approvalNoLongerNeeded(input: ApprovalNoLongerNeededInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const { name: kind } = input.approvalKind === 'case-review' && input.process === 'assurance-visit' ? ASSURANCE_CASE_REVIEW_TEXT : APPROVAL_KIND_TEXT[input.approvalKind];
  return email(`Decision no longer needed, URN ${urn}`, [
    paragraph(`Dear ${input.managerName},`),
    heading(`No longer needed: ${kind}`),
    paragraph(
      `The ${kind} for ${input.establishment.name} (URN ${urn}) asked of you on ${formatInstantInWords(input.askedAt)} is no longer needed: ` +
        `${input.withdrawnBy} withdrew the inspection on ${formatInstantInWords(input.withdrawnAt)}, as logged by mistake. No decision is needed, and none can be recorded.`,
    ),
    linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// 14. A decision recorded

/** "urgent case review" at the start of a sentence: "Urgent case review". */
const capitalised = (words: string): string => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;

export function decisionRecorded(input: DecisionRecordedInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const { name: kind } = input.approvalKind === 'case-review' && input.process === 'assurance-visit' ? ASSURANCE_CASE_REVIEW_TEXT : APPROVAL_KIND_TEXT[input.approvalKind];
  // The compliance inspectors open no inspection or establishment page (their pages are the case discussions): no
  // links for them; the lead inspector, whom they reach by replying, can.
  const lead = input.addressee.kind === 'lead-inspector';
  const followUp: Block[] = input.enforcementDecided
    ? [
        paragraph(
          'Enforcement or compliance action was decided. The Social care compliance handbook sets out how it is taken and followed up ' +
            `(${describeSource(SCCIF_15_1)}). A manager records each action on the establishment’s page when it is issued; until then the ` +
            'inspection’s page lists the actions considered and not yet recorded.',
        ),
        ...(lead ? [linkBlock('Open the establishment', establishmentPageUrl(input.baseUrl, urn))] : [paragraph('To reach the lead inspector, reply to this email.')]),
      ]
    : [];
  return email(`${capitalised(kind)} decided, URN ${urn}`, [
    paragraph(`Dear ${input.addressee.kind === 'lead-inspector' ? input.addressee.name : 'Social care compliance inspectors'},`),
    heading(`Decided: ${kind}, ${input.establishment.name}`),
    paragraph(`${input.decidedBy} recorded the decision of the ${kind} for ${input.establishment.name} (URN ${urn}) on ${formatInstantInWords(input.decidedAt)}.`),
    facts([['Decision', input.decision], ...(input.enforcement === undefined ? [] : [['Enforcement considered', capitalised(input.enforcement)] as [string, string]])]),
    quote('Reasons given', input.rationale),
    ...followUp,
    ...(lead ? [linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId))] : []),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// 11. An alert not delivered

export function alertNotDelivered(input: AlertNotDeliveredInput): RenderedEmail {
  const urn = checkUrn(input.establishment.urn);
  const whom =
    input.alerted.kind === 'dcs'
      ? `the director of children’s services of ${input.alerted.authorityName}`
      : `${input.alerted.name}, who placed a child at the home themselves`;
  const what = input.status === 'bounced' ? 'bounced' : 'was rejected';
  if (input.reportCopy) {
    if (input.alerted.kind !== 'placer') throw new EmailContentError('a report copy is sent to a person who placed a child');
    return email(`Copy of the report not delivered, URN ${urn}`, [
      paragraph(`Dear ${input.leadInspectorName},`),
      heading(`Copy of the report not delivered: ${input.establishment.name} (URN ${urn})`),
      paragraph(
        `The email telling ${whom} about their copy of the report on ${input.establishment.name} was not delivered: the email to ${input.to} ${what} ` +
          `on ${formatInstantInWords(input.at)}.`,
      ),
      paragraph(`They must still be sent a copy of the report (${describeSource(SCCIF_15_4)}): send it another way, for example by post or through the home.`),
      linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
      facts([['Reference', input.inspectionId]]),
      signOff(),
    ]);
  }
  const next =
    input.alerted.kind === 'dcs'
      ? `The telephone call that confirms receipt (${describeSource(SCCIF_15_3)}) is now how they are alerted: phone the authority, ` +
        'tell them what the alert says, and record the call on the inspection’s page.'
      : `They must still be told (${describeSource(SCCIF_15_4)}): find another way to reach them, for example by telephone through the home or ` +
        'the placing arrangements, tell them what the alert says, and record the call on the inspection’s page.';
  // As the alert's own subject: neither the authority nor a person in it.
  return email(`Alert not delivered, URN ${urn}`, [
    paragraph(`Dear ${input.leadInspectorName},`),
    heading(`Alert not delivered: ${input.establishment.name} (URN ${urn})`),
    paragraph(`The alert about ${input.establishment.name} was not delivered to ${whom}: the email to ${input.to} ${what} on ${formatInstantInWords(input.at)}.`),
    paragraph(next),
    linkBlock('Open the inspection', inspectionPageUrl(input.baseUrl, input.inspectionId)),
    facts([['Reference', input.inspectionId]]),
    signOff(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates in words, London time

// In the calendar, beside the short form, so that core texts shown on the pages use it without this module.
export { formatDateInWords };

/** A UTC instant shown in London: "Sunday 25 October 2026 at 23:59 (London time)". */
export function formatInstantInWords(instant: string): string {
  const wall = londonInstant(instant, 'instant');
  const time = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
  return `${inWords(wall.weekday, wall.year, wall.month, wall.day)} at ${time} (London time)`;
}

/** An instant must carry its offset ("Z" or "+01:00"); otherwise it would be read in the machine's zone. */
const INSTANT_WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

function londonInstant(instant: string, field: string): LondonWallClock {
  const epochMs = INSTANT_WITH_OFFSET.test(instant) ? parseInstant(instant) : undefined;
  if (epochMs === undefined) throw new EmailContentError(`${field}: "${instant}" is not an ISO-8601 instant with an offset`);
  return londonWallClock(epochMs);
}

function londonDateOfInstant(instant: string, field: string): LocalDate {
  const wall = londonInstant(instant, field);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}` as LocalDate;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

const URN = /^(SC\d{6}|\d{6,7})$/;

/** The URN is the only variable part of a subject, so it must be a URN and nothing else. */
function checkUrn(urn: string): string {
  if (!URN.test(urn)) throw new EmailContentError('establishment.urn must be an Ofsted URN: "SC" followed by 6 digits, or 6 to 7 digits');
  return urn;
}

function requireStep(step: EmailDeadline, id: string, field: string): void {
  if (step.id !== id) throw new EmailContentError(`${field} must be the "${id}" step of the timeline, got "${step.id}"`);
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new EmailContentError(`baseUrl "${baseUrl}" is not a URL`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EmailContentError(`baseUrl must be http or https, got "${url.protocol}"`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new EmailContentError('baseUrl must not carry a query, a fragment or credentials');
  }
  return baseUrl.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// One set of blocks, two renderings: plain text and HTML carry the same facts

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: readonly (readonly [string, string])[] }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'link'; label: string; href: string };

const heading = (text: string): Block => ({ kind: 'heading', text });
const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const facts = (rows: readonly (readonly [string, string])[]): Block => ({ kind: 'facts', rows });
const list = (items: readonly string[]): Block => ({ kind: 'list', items });
const quote = (label: string, text: string): Block => ({ kind: 'quote', label, text });
const linkBlock = (label: string, href: string): Block => ({ kind: 'link', label, href });
const signOff = (): Block => paragraph(SIGN_OFF);

/** Every deadline an email shows says what, when, by which rule and from which source. */
/** The step's deadline as facts; first, which of the home's processes it is of, when given (an escalation). */
function deadlineFacts(step: EmailDeadline, processTitle?: string): Block {
  return facts([
    ...(processTitle === undefined ? [] : [['Process', processTitle] as [string, string]]),
    ['Step', step.title],
    ['Deadline', formatInstantInWords(step.due)],
    ['Rule', step.rule],
    ...(step.countedFrom === undefined ? [] : [['Counted from', step.countedFrom] as [string, string]]),
    ['Source', step.source],
    // A rule a person set (a manager's change of a visit's window) says so: it is not the regulations'.
    ...(step.ruleSetBy === undefined ? [] : [['Rule set by', step.ruleSetBy] as [string, string]]),
  ]);
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Free text keeps its line breaks; CRLF and lone CR become LF. */
function lines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').trim().split('\n');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'quote':
      return [`${block.label}:`, ...lines(block.text).map((line) => `  ${line}`)].join('\n');
    case 'link':
      return `${block.label}: ${block.href}`;
  }
}

function blockHtml(block: Block, first: boolean): string {
  switch (block.kind) {
    case 'heading':
      // The email's first heading is its title; later ones head its sections (found by a new-user walk: the
      // digest's sections were each an <h1>).
      return first ? `<h1>${escapeHtml(block.text)}</h1>` : `<h2>${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<ul>${block.rows.map(([label, value]) => `<li><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</li>`).join('')}</ul>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<p><strong>${escapeHtml(block.label)}:</strong></p><blockquote>${lines(block.text).map(escapeHtml).join('<br>\n')}</blockquote>`;
    case 'link':
      return `<p>${escapeHtml(block.label)}: <a href="${escapeHtml(block.href)}">${escapeHtml(block.href)}</a></p>`;
  }
}

function email(subject: string, blocks: readonly Block[]): RenderedEmail {
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const title = blocks.find((block) => block.kind === 'heading');
  const html =
    '<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8"><title>' +
    escapeHtml(subject) +
    '</title></head>\n<body>\n' +
    blocks.map((block) => blockHtml(block, block === title)).join('\n') +
    '\n</body>\n</html>\n';
  return { subject, text, html };
}
