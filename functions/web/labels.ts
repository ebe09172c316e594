/**
 * Plain words for the values the pages show: processes, statuses, risks, grades, approval options, email duties.
 * Records keyed by the domain's types, so a value added to a type and not given words here fails to compile.
 */
import { decidedWords } from '../app/approval-kinds';
import { DECIDERS } from '../core/approvals';
import type { EnforcementState } from '../core/enforcement';
import { ordinalOf, type InspectionStatus } from '../core/inspection';
import { visitOfDuty } from '../core/monitoring-visits';
import type { DeliveryState, FollowUpState, InspectionRisk, StepStatus } from '../core/inspection-views';
import type { PastInspectionKind } from '../core/inspection-plan';
import { FOUR_POINT_LABELS, INTERIM_LABELS, type FourPointGrade, type InterimGrade } from '../core/judgements';
import { PROCESSES, isProcessId, type MonitoringOrigin, type MonitoringOutcome } from '../core/regulations';
import type { ApprovalKind, CallOutcome, CancellationStep, EnforcementAction, EnforcementSubject, EstablishmentKind } from '../core/schemas';

export interface Tag {
  text: string;
  classes: string;
}

export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence ending with one full stop, whether or not the text (a person's reason, say) ends with one. */
export function asSentence(text: string): string {
  const sentence = sentenceCase(text.trimEnd());
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The inverse: "Schedule a full inspection" inside a sentence. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "Full inspection of a children's home", from the regulations. */
export function processTitle(process: string): string {
  return isProcessId(process) ? PROCESSES[process].title : process;
}

export const STATUS_WORDS: Record<InspectionStatus, string> = {
  'awaiting-outcome': 'Awaiting outcome',
  'in-progress': 'In progress',
  'awaiting-approval': 'Awaiting approval',
  complete: 'Complete',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
};

export const RISK_TAGS: Record<InspectionRisk, Tag> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--orange' },
  'on-track': { text: 'On track', classes: 'govuk-tag--green' },
  complete: { text: 'Complete', classes: 'govuk-tag--grey' },
  // Logged by mistake: it owes nothing, and is not complete either.
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
};

/**
 * The plan's windows' risks: "Closing soon" within the plan's horizon (10 working days), not the "Due soon" of a
 * deadline (2 working days), so that one visit is not "Due soon" on the plan and "On track" on its timeline under one
 * word (found by a new-user walk).
 */
export const PLAN_RISK_TAGS: Record<Exclude<InspectionRisk, 'withdrawn'>, Tag> = {
  ...RISK_TAGS,
  'due-soon': { text: 'Closing soon', classes: 'govuk-tag--orange' },
};

/** Where an enforcement action stands today (core/enforcement.ts enforcementState). */
export const ENFORCEMENT_STATE_TAGS: Record<EnforcementState, Tag> = {
  'in-force': { text: 'In force', classes: 'govuk-tag--red' },
  'not-yet-in-force': { text: 'Not yet in force', classes: 'govuk-tag--yellow' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
};

export const STEP_STATUS_TAGS: Record<StepStatus, Tag> = {
  done: { text: 'Done', classes: 'govuk-tag--grey' },
  'not-required': { text: 'Not required', classes: 'govuk-tag--grey' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--orange' },
  'on-track': { text: 'On track', classes: 'govuk-tag--green' },
  // GOV.UK's task list status for a task that waits on another.
  waiting: { text: 'Cannot start yet', classes: 'govuk-tag--grey' },
  'window-open': { text: 'Window open', classes: 'govuk-tag--turquoise' },
  'not-yet-open': { text: 'Not yet open', classes: 'govuk-tag--grey' },
  open: { text: 'Open', classes: 'govuk-tag--turquoise' },
  closed: { text: 'Closed', classes: 'govuk-tag--grey' },
};

/**
 * A provider's deadline passed with nothing recorded (comments on the report, Annex A): not Ofsted's duty, so not
 * "Overdue" (the lists and the risk filter leave it out too); the report goes ahead without them.
 */
export const PROVIDER_NOT_RECEIVED_TAG: Tag = { text: 'Not received', classes: 'govuk-tag--grey' };

/** What met a plan window, as "Met by … on <day>" names it. */
export const PAST_INSPECTION_WORDS: Record<PastInspectionKind, string> = {
  full: 'the full inspection',
  interim: 'the interim inspection',
  monitoring: 'the monitoring visit',
  education: 'the education inspection',
  assurance: 'the assurance visit',
  'return-visit': 'the return visit',
};

export const ESTABLISHMENT_KIND_WORDS: Record<EstablishmentKind, string> = {
  'childrens-home': "Children's home",
  'secure-childrens-home': "Secure children's home",
  'residential-family-centre': 'Residential family centre',
};

export const FOUR_POINT_WORDS: Record<FourPointGrade, string> = {
  outstanding: sentenceCase(FOUR_POINT_LABELS.outstanding),
  good: sentenceCase(FOUR_POINT_LABELS.good),
  'requires-improvement': sentenceCase(FOUR_POINT_LABELS['requires-improvement']),
  inadequate: sentenceCase(FOUR_POINT_LABELS.inadequate),
};

export const INTERIM_WORDS: Record<InterimGrade, string> = {
  improved: sentenceCase(INTERIM_LABELS.improved),
  sustained: sentenceCase(INTERIM_LABELS.sustained),
  declined: sentenceCase(INTERIM_LABELS.declined),
};

export const MONITORING_OUTCOME_WORDS: Record<MonitoringOutcome, string> = {
  'further-monitoring': 'Further monitoring and steps towards cancelling the registration',
  'full-inspection': 'Schedule a full inspection',
  'improved-judgement': 'The monitoring visit secures an improved judgement',
  'sufficient-steps-taken': 'Sufficient steps have been taken to safeguard and protect the welfare of children',
};

/**
 * A monitoring visit's outcome as its origin words it: after an assurance visit (no judgement, no registration
 * steps in the guidance's next steps) further monitoring is another visit, without steps towards cancellation.
 */
export function monitoringOutcomeWords(outcome: MonitoringOutcome, origin: MonitoringOrigin): string {
  return origin === 'assurance-visit' && outcome === 'further-monitoring' ? 'Further monitoring: another monitoring visit' : MONITORING_OUTCOME_WORDS[outcome];
}

/** The steps towards cancellation a further monitoring outcome records (children's homes framework §77). */
export const CANCELLATION_STEP_WORDS: Record<CancellationStep, string> = {
  'cancellation-considered': 'Cancellation of the registration considered at a case review',
  'notice-of-proposal-to-cancel': 'Notice of proposal to cancel the registration served',
  'notice-of-decision-to-cancel': 'Notice of decision to cancel the registration served',
};

// The decisions' words are core's: the email of a decision recorded says them too.
export { APPROVAL_OPTION_WORDS, approvalOptionWords } from '../core/approvals';

export const ENFORCEMENT_ACTION_LABELS: Record<EnforcementAction, string> = {
  'compliance-notice': 'Compliance notice',
  'restriction-of-accommodation': 'Restriction of accommodation',
  suspension: 'Suspension',
  'notice-of-proposal-to-cancel': 'Notice of proposal to cancel the registration',
  cancellation: 'Cancellation of the registration',
};

export const ENFORCEMENT_SUBJECT_LABELS: Record<EnforcementSubject, string> = {
  establishment: 'The establishment',
  'registered-manager': 'The registered manager',
};

export const CALL_OUTCOME_WORDS: Record<CallOutcome, string> = {
  'receipt-confirmed': 'Receipt of the email confirmed',
  'no-answer': 'No answer',
  'message-left': 'Message left',
  'wrong-contact': 'Wrong contact',
};

export const DELIVERY_WORDS: Record<DeliveryState, string> = {
  delivered: 'Delivered',
  bounced: 'Bounced',
  complained: 'Marked as spam by the recipient',
  rejected: 'Rejected',
  'sent, awaiting delivery report': 'Sent, awaiting delivery report',
  sending: 'Sending',
  failed: 'Failed to send',
};

export const FOLLOW_UP_TAGS: Record<FollowUpState, Tag> = {
  // Receipt confirmed by a call ("Recorded" read as "a call was logged", found by a new-user walk).
  recorded: { text: 'Receipt confirmed', classes: 'govuk-tag--green' },
  attempted: { text: 'Attempted', classes: 'govuk-tag--orange' },
  outstanding: { text: 'Outstanding', classes: 'govuk-tag--red' },
};

/**
 * A step's title as the inspection's record names it now, when a decision renamed it (the return visit once the
 * urgent case review chose it): given by the page that holds the record.
 */
export type StepTitles = (process: string, step: string) => string | undefined;

/**
 * A step's title as the record names it (`titles`), else as its regulations give it ("Final report published"), from
 * a duty's process and step ids.
 */
function stepTitle(process: string | undefined, step: string | undefined, titles?: StepTitles): string | undefined {
  if (process === undefined || step === undefined || !isProcessId(process)) return undefined;
  return titles?.(process, step) ?? PROCESSES[process].steps.find((candidate) => candidate.id === step)?.title;
}

/**
 * What an email was for, from its duty id (e.g. `report:full-inspection:publish`, `dfe-concerns`), naming the
 * monitoring visit when it was a later one's (`…:visit-2`: visitDuty).
 */
export function dutyWords(duty: string, recipientKind?: string, titles?: StepTitles): string {
  const visit = visitOfDuty(duty);
  // The alert's duty reaches a parent who placed a child too (SCCIF 15.4): named for them.
  const words = duty === 'dcs-alert' && recipientKind === 'placer' ? 'Alert to the person who placed a child' : purposeWords(duty, titles, recipientKind);
  return visit > 1 ? `${words} (${ordinalOf(visit)} monitoring visit)` : words;
}

function purposeWords(duty: string, titles?: StepTitles, recipientKind?: string): string {
  const [kind, process, step] = duty.split(':');
  switch (kind) {
    case 'dcs-alert':
      return "Alert to the director of children's services";
    case 'dcs-alert-correction':
      // A manager amended the judgement the alert reported (app/amend-outcome.ts): whoever was alerted is told.
      return 'Alert withdrawn: the judgement was amended';
    case 'dcs-alert-sent-in-error':
      // A manager corrected the children recorded (app/correct-children.ts): whoever was alerted only by the mistake is told.
      return 'Notice that the alert was sent in error';
    case 'dcs-alert-provider-copy':
      return 'Copy of the alert to the provider';
    case 'provider-letter':
      return 'Letter to the provider confirming the visit';
    case 'approval-request':
      // `approval-request:<process>:<approval kind>`: who decides it (DECIDERS), a manager unless a compliance inspector.
      return step !== undefined && Object.hasOwn(DECIDERS, step) && DECIDERS[step as ApprovalKind] === 'compliance-inspectors'
        ? 'Request for a social care compliance inspector’s decision'
        : 'Request for a manager’s decision';
    case 'escalation':
      return `Escalation: ${stepTitle(process, step, titles) ?? 'a step'} overdue`;
    case 'failure':
      return `Workflow failure reported${process ? ` (${processTitle(process)})` : ''}`;
    case 'report':
      // The provider is told of each report stage (issue-report): named as the timeline names it.
      return `To the provider: ${stepTitle(process, step, titles) ?? 'a report stage'}`;
    case 'report-correction':
      // A manager corrected the day of a report stage the provider had been told of (app/record-step.ts).
      return `To the provider, corrected: ${stepTitle(process, step, titles) ?? 'a report stage'}`;
    case 'children-correction':
      // A manager corrected the children after the alerts (app/correct-children.ts): the lead inspector, who phones, is told.
      return 'To the lead inspector: the children were corrected';
    case 'decision':
      // `decision:<process>:<approval kind>` (steps/record-decision.ts): the lead inspector, and the compliance
      // inspectors of enforcement decided, are told the decision.
      return `To ${recipientKind === 'compliance-inspectors' ? 'the compliance inspectors' : 'the lead inspector'}: the ${step !== undefined && Object.hasOwn(DECIDERS, step) ? decidedWords(step as ApprovalKind) : 'approval'} decided`;
    case 'window-change':
      // A manager changed the window of the next monitoring visit (app/next-visit-window.ts): the lead inspector is told.
      return 'To the lead inspector: the monitoring visit’s window changed';
    case 'report-copy':
      return 'Notice of the report to the person who placed a child who is not looked after';
    case 'report-copy-task':
      // Each copy says the lead inspector sends the report itself (core/reports.ts reportCopiesTask).
      return 'To the lead inspector: copies of the report to send';
    case 'alert-not-delivered':
      // An alert bounced or was rejected (steps/record-email-event.ts): the lead inspector is told to reach them.
      return 'To the lead inspector: an alert was not delivered';
    case 'approval-closed':
      // A withdrawal closed the decision it asked for (app/withdraw-inspection.ts): whoever was asked is told.
      return 'Decision no longer needed: the inspection was withdrawn';
    case 'withdrawal-notice':
      // A manager withdrew the inspection (app/withdraw-inspection.ts): the lead inspector is told.
      return 'To the lead inspector: the inspection was withdrawn';
    case 'report-copy-not-delivered':
      // So did the copy of the report to a person who placed a child (core/alert-delivery.ts).
      return 'To the lead inspector: a copy of the report was not delivered';
    default:
      if (kind?.startsWith('dfe-')) return 'Notice to the Department for Education';
      return duty;
  }
}
