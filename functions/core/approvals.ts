/**
 * Approvals a manager decides (the case reviews): how an approval is named, who is asked and with what, what a
 * decided approval resumes the run with, and which decision is the one the run was resumed with. request-approval,
 * record-decision and decide-approval all read these rules from here.
 */
import { createHash } from 'node:crypto';
import type { ApprovalRequestInput, DecisionRecordedInput, EmailDeadline, EmailEstablishment } from './email-content';
import { NotFoundError, ValidationError } from './errors';
import { inspectionEndDate, type InspectionRecord, type RecordedDecision } from './inspection';
import { fourPointWords } from './judgements';
import { MONITORING_WINDOW_WEEKS, PROCESSES, type ProcessId } from './regulations';
import {
  APPROVAL_OPTIONS,
  type ApprovalKind,
  type ApprovalOption,
  type EnforcementAction,
  type EnforcementConsidered,
  type EnforcementSubject,
} from './schemas';

/** Manager and senior manager are addressed by role: the configuration holds their addresses, not their names. */
export const MANAGER_ROLE_NAME = 'Regulatory Inspection Manager';
export const SENIOR_MANAGER_ROLE_NAME = 'Senior Manager';

/**
 * True when a decision discharges the step it is due under: a step recorded through an approval (the case reviews,
 * the family centre's case discussion). Other approvals (contact arrangements) are due with a step they do not do.
 */
export function decisionDischarges(process: ProcessId, stepId: string): boolean {
  return PROCESSES[process].steps.some((step) => step.id === stepId && step.recordedThrough === 'approval');
}

/** Opaque and deterministic, so a retried or re-opened request finds the same approval. Never a task token. */
export function approvalIdFor(inspectionId: string, process: ProcessId, kind: ApprovalKind): string {
  return `apr-${createHash('sha256').update(`${inspectionId}|${process}|${kind}`).digest('hex').slice(0, 24)}`;
}

/** The outbox duty of the request: one per process run and kind, so a re-request after an escalation asks once. */
export function approvalRequestDuty(process: ProcessId, kind: ApprovalKind): string {
  return `approval-request:${process}:${kind}`;
}

/**
 * Who is asked to decide each kind of approval: a regulatory inspection manager, except the family centre's case
 * discussion, held with and decided by a social care compliance inspector (RFC framework §42-44).
 */
export const DECIDERS = {
  'case-review': 'managers',
  'interim-case-review': 'managers',
  'la-contact-arrangements': 'managers',
  'rfc-case-discussion': 'compliance-inspectors',
} as const satisfies Record<ApprovalKind, 'managers' | 'compliance-inspectors'>;

/** How the request email greets whoever decides the kind. */
export const DECIDER_ROLE_NAMES: Record<(typeof DECIDERS)[ApprovalKind], string> = {
  managers: MANAGER_ROLE_NAME,
  'compliance-inspectors': 'Social Care Compliance Inspector',
};

/** The email asking whoever decides the kind (DECIDERS), with the deadline of the step the decision is due under. */
export function approvalRequest(request: {
  approvalId: string;
  kind: ApprovalKind;
  inspectionId: string;
  establishment: EmailEstablishment;
  deadline: EmailDeadline;
  /** When the decision is asked for: after the deadline, the email says it is already overdue. */
  requestedAt: string;
  baseUrl: string;
  process: ProcessId;
  follows?: ApprovalRequestInput['follows'];
}): ApprovalRequestInput {
  return {
    template: 'approvalRequest',
    approvalId: request.approvalId,
    approvalKind: request.kind,
    process: request.process,
    inspectionId: request.inspectionId,
    establishment: request.establishment,
    managerName: DECIDER_ROLE_NAMES[DECIDERS[request.kind]],
    deadline: request.deadline,
    requestedAt: request.requestedAt,
    ...(request.follows ? { follows: request.follows } : {}),
    baseUrl: request.baseUrl,
  };
}

/**
 * What an approval follows, for its request email: the inspection logged, its last day, its lead inspector and what
 * its outcome found, in words (no free text: the summary of concerns stays on the page).
 */
export function approvalFollows(record: InspectionRecord): NonNullable<ApprovalRequestInput['follows']> {
  const outcome = record.outcome?.outcome;
  let found: string | undefined;
  if (outcome?.process === 'full-inspection' || outcome?.process === 'rfc-inspection') found = `judged the ${outcome.process === 'rfc-inspection' ? 'centre' : 'home'} ${fourPointWords(outcome.overall)} overall`;
  else if (outcome?.process === 'interim-inspection') found = `judged the home's effectiveness ${outcome.effectiveness}${outcome.enoughCauseForConcern ? ', with enough cause for concern' : ''}`;
  else if (outcome?.process === 'assurance-visit' && outcome.seriousOrWidespreadConcerns) found = 'found serious or widespread concerns';
  return { activity: record.process, endedOn: inspectionEndDate(record), leadInspector: record.inspectorName, ...(found ? { found } : {}) };
}

/**
 * What a decided approval resumes the run with (request-approval and decide-approval send the same shape): the
 * option chosen, to route on, and nothing a person wrote or is known by. Execution history keeps task outputs, so
 * the rationale (free text) and who decided (a user id, often an email address) stay in the table: record-decision
 * reads them from the stored approval.
 */
export interface DecisionOutput {
  approvalId: string;
  decision: RecordedDecision['decision'];
  decidedAt: string;
}

export function decisionOutput(approval: { approvalId: string; decision: RecordedDecision }): DecisionOutput;
export function decisionOutput(approval: { approvalId: string; decision?: RecordedDecision }): DecisionOutput | undefined;
export function decisionOutput(approval: { approvalId: string; decision?: RecordedDecision }): DecisionOutput | undefined {
  const recorded = approval.decision;
  if (!recorded) return undefined;
  return { approvalId: approval.approvalId, decision: recorded.decision, decidedAt: recorded.decidedAt };
}

/** The approval a run was resumed from, as stored: whose it is and what was decided. */
export interface StoredApproval {
  inspectionId: string;
  process: ProcessId;
  kind: ApprovalKind;
  decision?: RecordedDecision;
}

/**
 * The decision as the manager recorded it on the approval the run was answered from, which must be this inspection's
 * approval of this kind, decided as the run says. A decided approval never changes: a run resumed with another option
 * was wired wrongly, and a retry cannot help.
 */
export function decisionOnRecord(
  approval: StoredApproval | undefined,
  run: { inspectionId: string; process: ProcessId; kind: ApprovalKind; decision: Omit<DecisionOutput, 'decidedAt'> },
): RecordedDecision {
  const { inspectionId, process, kind, decision } = run;
  if (!approval) throw new NotFoundError(`approval ${decision.approvalId} not found`);
  if (approval.inspectionId !== inspectionId || approval.process !== process || approval.kind !== kind) {
    throw new ValidationError([
      { field: 'decision.approvalId', message: `is not the ${kind} approval of the ${process} run of inspection ${inspectionId}` },
    ]);
  }
  const recorded = approval.decision;
  if (!recorded) {
    throw new ValidationError([{ field: 'decision.approvalId', message: `approval ${decision.approvalId} has no decision recorded` }]);
  }
  if (recorded.decision !== decision.decision) {
    throw new ValidationError([{ field: 'decision.decision', message: `is not the option recorded on approval ${decision.approvalId}` }]);
  }
  return { ...recorded, approvalId: decision.approvalId, kind };
}

/** Narrows a recorded decision to the options of a case review. */
export function isCaseReviewOption(option: string): option is ApprovalOption<'case-review'> {
  return (APPROVAL_OPTIONS['case-review'] as readonly string[]).includes(option);
}

const ENFORCEMENT_ACTION_WORDS: Record<EnforcementAction, string> = {
  'compliance-notice': 'a compliance notice',
  'restriction-of-accommodation': 'restriction of accommodation',
  suspension: 'suspension',
  'notice-of-proposal-to-cancel': 'a notice of proposal to cancel the registration',
  cancellation: 'cancellation of the registration',
};

const ENFORCEMENT_SUBJECT_WORDS: Record<EnforcementSubject, string> = {
  establishment: 'the establishment',
  'registered-manager': 'the registered manager',
};

function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * The enforcement a case review considered (SCCIF 15.1, §70), in one sentence for the audit trail, the pages and DfE:
 * "no enforcement action", or "a compliance notice and suspension, against the establishment and the registered manager".
 */
export function describeEnforcement(enforcement: EnforcementConsidered): string {
  if (enforcement === 'none') return 'no enforcement action';
  const actions = inWords(enforcement.actions.map((action) => ENFORCEMENT_ACTION_WORDS[action]));
  return `${actions}, against ${inWords(enforcement.against.map((subject) => ENFORCEMENT_SUBJECT_WORDS[subject]))}`;
}

/**
 * The actions a case review considered (SCCIF 15.1, §70) that no action recorded after its inspection is, in the
 * review's order: the inspection page lists them until each is recorded as issued. A withdrawn action was issued.
 */
export function consideredNotRecorded(enforcement: EnforcementConsidered, recorded: readonly { action: EnforcementAction }[]): EnforcementAction[] {
  if (enforcement === 'none') return [];
  const issued = new Set(recorded.map((item) => item.action));
  return enforcement.actions.filter((action) => !issued.has(action));
}

/** The usual return window as the options below name it (SCCIF 15.1, §71). */
const USUAL_RETURN_WINDOW = `(${MONITORING_WINDOW_WEEKS} after the inspection)`;

export const APPROVAL_OPTION_WORDS: Record<ApprovalOption, string> = {
  'enforcement-action': 'Take enforcement action',
  'monitoring-visit': 'Carry out a monitoring visit',
  'full-inspection': 'Carry out a full inspection',
  'no-further-action': 'No further action',
  'return-visit-and-alert-las': `Alert the local authorities; schedule a return visit ${USUAL_RETURN_WINDOW}`,
  'return-visit-without-alerting-las': `Do not alert the local authorities; schedule a return visit ${USUAL_RETURN_WINDOW}`,
  'return-visit-and-compliance-action-and-alert-las': `Alert the local authorities; schedule a return visit ${USUAL_RETURN_WINDOW} and take compliance action`,
  'return-visit-and-compliance-action-without-alerting-las': `Do not alert the local authorities; schedule a return visit ${USUAL_RETURN_WINDOW} and take compliance action`,
  'compliance-action-and-alert-las': 'Alert the local authorities; take compliance action',
  'compliance-action-without-alerting-las': 'Do not alert the local authorities; take compliance action',
  'inadequate-pathway-and-alert-las': 'Alert the local authorities; follow the whole inadequate pathway',
  'inadequate-pathway-without-alerting-las': 'Do not alert the local authorities; follow the whole inadequate pathway',
  'inspector-contacts-all': 'The lead inspector phones every local authority',
  'contacts-shared-with-team': 'The phone calls are shared with the team',
  'requirements-only': 'Set requirements only',
};

/**
 * An option's words with the return visit's window as chosen: the weeks a manager set on the interim case review
 * (`{ earliestWeeks, latestWeeks }`), or `'set-below'` on its form, where the window boxes follow the radios.
 */
export function approvalOptionWords(option: ApprovalOption, window?: { earliestWeeks: number; latestWeeks: number } | 'set-below'): string {
  const words = APPROVAL_OPTION_WORDS[option];
  if (window === undefined) return words;
  // "After the inspection" (found by a new-user walk: "(3 to 4 weeks)" did not say from when).
  const chosen =
    window === 'set-below' ? `(in the weeks set below; ${MONITORING_WINDOW_WEEKS} after the inspection if left blank)` : `(${window.earliestWeeks} to ${window.latestWeeks} weeks after the inspection)`;
  return words.replace(USUAL_RETURN_WINDOW, chosen);
}

/** The outbox duty of the emails telling a decision (`decision:<process>:<kind>`). */
export const decisionRecordedDuty = (process: ProcessId, kind: ApprovalKind): string => `decision:${process}:${kind}`;

/** Whether a decision takes enforcement or compliance action (SCCIF 15.1, §70; RFC §44): not only considers it. */
export function decidesEnforcement(decision: Pick<RecordedDecision, 'decision' | 'enforcement'>): boolean {
  return (decision.enforcement !== undefined && decision.enforcement !== 'none') || decision.decision === 'enforcement-action' || decision.decision.includes('compliance-action');
}

export interface DecisionEmail {
  duty: string;
  recipientKey: string;
  to: string;
  /** The compliance inspectors reach the lead inspector by replying. */
  replyTo?: string;
  recipient: { kind: 'inspector' | 'compliance-inspectors' };
  template: DecisionRecordedInput;
}

/**
 * Who is told of a decision recorded, and with what: the lead inspector (when their address is known), whose inspection
 * it follows and who carries out what it decides; and, when it decided enforcement or compliance action, the social care
 * compliance inspectors, who follow it up (SCCIF 15.1), unless they decided it themselves (a family centre's case
 * discussion, RFC §42-44). Keyed by the approval: each is told once.
 */
export function decisionRecordedEmails(
  record: Pick<InspectionRecord, 'id' | 'establishment' | 'inspectorName' | 'inspectorEmail'>,
  process: ProcessId,
  decision: RecordedDecision,
  { complianceInspectorsEmail, baseUrl }: { complianceInspectorsEmail: string; baseUrl: string },
): DecisionEmail[] {
  const enforcementDecided = decidesEnforcement(decision);
  const template = (addressee: DecisionRecordedInput['addressee']): DecisionRecordedInput => ({
    template: 'decisionRecorded',
    approvalKind: decision.kind,
    process,
    inspectionId: record.id,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    addressee,
    decidedBy: decision.decidedByName ?? (DECIDERS[decision.kind] === 'managers' ? 'A manager' : 'A social care compliance inspector'),
    decidedAt: decision.decidedAt,
    decision: approvalOptionWords(decision.decision, decision.returnVisitWindow),
    ...(decision.enforcement === undefined ? {} : { enforcement: describeEnforcement(decision.enforcement) }),
    enforcementDecided,
    rationale: decision.rationale,
    baseUrl,
  });
  const duty = decisionRecordedDuty(process, decision.kind);
  const toCompliance = enforcementDecided && DECIDERS[decision.kind] !== 'compliance-inspectors';
  return [
    ...(record.inspectorEmail
      ? [{ duty, recipientKey: `lead-inspector:${decision.approvalId}`, to: record.inspectorEmail, recipient: { kind: 'inspector' as const }, template: template({ kind: 'lead-inspector', name: record.inspectorName }) }]
      : []),
    ...(toCompliance
      ? [
          {
            duty,
            recipientKey: `compliance-inspectors:${decision.approvalId}`,
            to: complianceInspectorsEmail,
            ...(record.inspectorEmail ? { replyTo: record.inspectorEmail } : {}),
            recipient: { kind: 'compliance-inspectors' as const },
            template: template({ kind: 'compliance-inspectors' }),
          },
        ]
      : []),
  ];
}
