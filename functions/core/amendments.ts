/**
 * Amending the judgements after quality assurance, before the report is sent (children's homes framework §99;
 * residential family centres framework §67, §75): when an amendment may be made, what counts as a change, the call
 * to the registered manager it needs, what follows from it, and the correction owed to those already alerted.
 *
 * The seeds say that quality assurance may change provisional judgements and (§99) that the inspector then contacts
 * the registered manager, explaining the reasons, before the report is sent. They are silent on local authorities
 * already alerted to an indicative judgement that the amendment withdraws: each alerted director of children's
 * services (and each person who placed a child themselves, SCCIF 15.4) is told that the earlier alert is withdrawn,
 * with the amended judgement, and nothing about children beyond what the alert said (correctionPlan).
 *
 * Pure: no clock, no I/O.
 */
import { formatDateInWords, londonDateOf, type LocalDate } from './calendar';
import type { AlertAddressee, AlertEvent, DcsAlertCorrectionInput, EmailTemplateInput } from './email-content';
import type { FieldError } from './schemas';
import { alertEventFor } from './alerts';
import { inspectionEndDate, type InspectionRecord } from './inspection';
import { alertsSentInError, DCS_ALERT_DUTY, type OutboxEmail } from './inspection-views';
import { FOUR_POINT_LABELS, INTERIM_LABELS } from './judgements';
import { homesFramework, rfcFramework } from './regulations/sources';
import type { Source } from './regulations/types';
import type { AmendableProcess, OutcomeAmended, OutcomeRecorded } from './schemas';

/** The duty of the email that withdraws an alert after an amendment; one per alerted recipient (outbox key). */
export const ALERT_CORRECTION_DUTY = 'dcs-alert-correction';

/** The seed paragraphs that allow a change of judgement after quality assurance, by process. */
export const AMENDMENT_SOURCES: Record<AmendableProcess, readonly Source[]> = {
  'full-inspection': [homesFramework('§99')],
  'interim-inspection': [homesFramework('§99')],
  'rfc-inspection': [rfcFramework('§67'), rfcFramework('§75')],
};

/** The graded judgements of each process: an amendment must change at least one. The first is the headline. */
export const GRADED_JUDGEMENTS = {
  'full-inspection': ['overall', 'helpedAndProtected', 'leadersAndManagers'],
  'interim-inspection': ['effectiveness'],
  'rfc-inspection': ['overall', 'assessment', 'helpedAndProtected', 'leadersAndManagers', 'partners'],
} as const satisfies Record<AmendableProcess, readonly string[]>;

type Judgements = OutcomeAmended['judgements'];

function gradesOf(outcome: Judgements): Record<string, string> {
  const grades: Record<string, string> = {};
  for (const field of GRADED_JUDGEMENTS[outcome.process]) grades[field] = (outcome as unknown as Record<string, string>)[field] ?? '';
  return grades;
}

/** The graded judgements that differ, in the order of GRADED_JUDGEMENTS (empty when none does). */
export function changedJudgements(before: OutcomeRecorded, after: OutcomeRecorded): string[] {
  if (!(after.process in GRADED_JUDGEMENTS)) return [];
  const process = after.process as AmendableProcess;
  if (before.process !== process) return [...GRADED_JUDGEMENTS[process]];
  const was = gradesOf(before as Judgements);
  const now = gradesOf(after as Judgements);
  return GRADED_JUDGEMENTS[process].filter((field) => was[field] !== now[field]);
}

/**
 * Why the recorded outcome cannot be amended now (a 409), or undefined when it can: an outcome must be recorded, and
 * the report must not yet have been sent to the provider (the `report-to-provider` step has no actual date).
 */
export function amendmentBlocked(record: InspectionRecord): string | undefined {
  if (record.withdrawal) return `the inspection was withdrawn on ${formatDateInWords(londonDateOf(record.withdrawal.withdrawnAt))} (logged by mistake)`;
  if (!record.outcome) return 'no outcome has been recorded for this inspection yet: record it first (POST /inspections/{id}/outcome)';
  const sentOn = record.actuals[record.process]?.['report-to-provider'];
  if (sentOn) {
    return `the report was sent to the provider on ${formatDateInWords(sentOn)}: judgements can be amended only before the report is sent (children's homes framework §99)`;
  }
  return undefined;
}

/** §99: the call to the registered manager happened (not in the future) and after the inspection ended. */
export function callDateErrors(calledOn: LocalDate, inspectionEnd: LocalDate, today: LocalDate): FieldError[] {
  if (calledOn > today) {
    return [{ field: 'registeredManagerCalledOn', message: `must not be in the future (today is ${today} in London)` }];
  }
  if (calledOn < inspectionEnd) {
    return [{ field: 'registeredManagerCalledOn', message: `must not be before the inspection ended (${inspectionEnd})` }];
  }
  return [];
}

/** What follows from an amendment, beyond the record: decided here once, acted on by the application layer. */
export interface AmendmentConsequences {
  /** A full inspection now judged inadequate overall: the inadequate pathway starts, as the workflow starts it. */
  startInadequatePathway: boolean;
  /** The judgement that set off an alert (overall inadequate, interim declined) no longer holds: correct the alerts. */
  withdrawAlerts: boolean;
  /**
   * An interim inspection now judged declined: the inspector and a manager consider a case review (§89). The run has
   * passed the point where it asks for that decision, so nothing starts by itself.
   */
  considerCaseReview: boolean;
}

export function amendmentConsequences(before: OutcomeRecorded, after: Judgements): AmendmentConsequences {
  const none = { startInadequatePathway: false, withdrawAlerts: false, considerCaseReview: false };
  if (before.process !== after.process) return none;
  switch (after.process) {
    case 'full-inspection': {
      const was = before.process === 'full-inspection' && before.overall === 'inadequate';
      const now = after.overall === 'inadequate';
      return { ...none, startInadequatePathway: !was && now, withdrawAlerts: was && !now };
    }
    case 'interim-inspection': {
      const was = before.process === 'interim-inspection' && before.effectiveness === 'declined';
      const now = after.effectiveness === 'declined';
      return { ...none, withdrawAlerts: was && !now, considerCaseReview: !was && now };
    }
    case 'rfc-inspection':
      // No local authority is alerted for a family centre; the 12-month next inspection follows the record (§45).
      return none;
  }
}

/** The amended judgement in the words an alert used: "requires improvement", "sustained effectiveness". */
export function judgementNowWords(after: Judgements): string {
  switch (after.process) {
    case 'full-inspection':
    case 'rfc-inspection':
      return FOUR_POINT_LABELS[after.overall];
    case 'interim-inspection':
      return INTERIM_LABELS[after.effectiveness];
  }
}

/** One correction to send: the outbox key and address of the alert it withdraws, and the email. */
export interface PlannedCorrection {
  recipientKey: string;
  to: string;
  recipient: OutboxEmail['recipient'];
  template: DcsAlertCorrectionInput;
}

type SentAlert = Pick<OutboxEmail, 'duty' | 'status' | 'recipientKey' | 'to' | 'recipient' | 'sentAt'> & { template?: EmailTemplateInput };

function addresseeOf(email: SentAlert): AlertAddressee {
  if (email.template?.template === 'dcsAlert') return email.template.recipient;
  if (email.recipient.kind === 'placer') return { kind: 'placer', name: 'Sir or Madam' };
  const roles = email.recipient.roles ?? [];
  const role = roles.includes('host') && roles.includes('placing') ? 'placing-and-host' : roles.includes('host') ? 'host' : 'placing';
  return { kind: 'local-authority', authorityName: email.recipient.authorityName ?? email.recipient.authorityCode ?? 'your authority', role };
}

/**
 * A correction for every alert actually sent (the outbox, not a new plan: the recipients are those who were told),
 * addressed as the alert was, saying what the alert said happened and the judgement now. No summary of concerns and
 * no child: the correction carries less than the alert did.
 */
export function correctionPlan(record: InspectionRecord, emails: readonly SentAlert[], after: Judgements, amendedOn: LocalDate): PlannedCorrection[] {
  // One told already that the alert reached them in error (core/children-corrections.ts) is not written to again.
  const inError = alertsSentInError(emails);
  return emails
    .filter((email) => email.duty === DCS_ALERT_DUTY && email.status === 'sent' && !inError.has(email.recipientKey))
    .map((email) => {
      const alert = email.template?.template === 'dcsAlert' ? email.template : undefined;
      const event: AlertEvent = alert?.event ?? alertEventFor(record.process);
      return {
        recipientKey: email.recipientKey,
        to: email.to,
        recipient: email.recipient,
        template: {
          template: 'dcsAlertCorrection',
          inspectionId: record.id,
          establishment: { urn: record.establishment.urn, name: record.establishment.name },
          event,
          eventEndDate: alert?.eventEndDate ?? inspectionEndDate(record),
          alertSentOn: londonDateOf(email.sentAt ?? `${amendedOn}T12:00:00Z`),
          amendedOn,
          judgementNow: judgementNowWords(after),
          leadInspectorName: alert?.leadInspectorName ?? record.inspectorName,
          recipient: addresseeOf(email),
        },
      };
    });
}
