/**
 * Notices to the Department for Education about a secure children's home (SCCIF 15.2; assurance visits "next
 * steps"): an inadequate judgement, serious or widespread concerns, the case review's proposed actions, and the
 * outcome of a monitoring visit. Other establishments are not notified.
 */
import { londonDateOf } from './calendar';
import type { DfeNoticeInput } from './email-content';
import { ValidationError } from './errors';
import { describeEnforcement, isCaseReviewOption } from './approvals';
import { inspectionEndDate, type InspectionRecord } from './inspection';
import type { ProcessId } from './regulations';
import { monitoringOrigin } from './follow-ups';
import { returnReasonFor } from './return-visits';

export const NOTICES = ['inadequate-judgement', 'serious-concerns', 'proposed-actions', 'monitoring-outcome'] as const;
export type Notice = (typeof NOTICES)[number];

/** SCCIF 15.2: the 'dfe-informed' step of the inadequate pathway. */
export const DFE_INFORMED = 'dfe-informed';

/** Only secure children's homes are notified. */
export function notifiesDfe(record: InspectionRecord): boolean {
  return record.establishment.kind === 'secure-childrens-home';
}

/**
 * Where a decision's reasons go, for the refusal of reasons naming a child: recorded with the decision, and quoted to
 * the DfE for a secure children's home (its notices of proposed actions, SCCIF 15.2; found by a new-user walk: "may be
 * quoted to the DfE" on an ordinary home's and a family centre's form).
 */
export function rationaleKeptWords(record: InspectionRecord): string {
  return notifiesDfe(record)
    ? 'they are recorded with the decision and quoted to the DfE, so give them without identifying any child, by name or by initials'
    : 'they are recorded with the decision, so give them without identifying any child, by name or by initials';
}

/** The notice that discharges the 'dfe-informed' step (the others are not tracked as deadlines). */
export function dischargesDfeInformed(process: ProcessId, notice: Notice): boolean {
  return process === 'inadequate' && notice === 'inadequate-judgement';
}

/** The outbox duty of a notice. */
export function dfeDuty(notice: Notice): string {
  return `dfe-${notice}`;
}

function missing(field: string, notice: Notice): never {
  throw new ValidationError([{ field, message: `is required on the inspection for the ${notice} notice to DfE` }]);
}

function summaryOf(record: InspectionRecord, notice: Notice): string {
  return record.outcome?.outcome.summaryOfConcerns ?? missing('outcome.summaryOfConcerns', notice);
}

/** The notice as DfE reads it; a ValidationError naming what the record lacks for it. */
export function dfeNotice(record: InspectionRecord, kind: Notice): DfeNoticeInput {
  const common = {
    template: 'dfeNotice',
    inspectionId: record.id,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
  } as const;
  switch (kind) {
    case 'inadequate-judgement': {
      const after = returnReasonFor(record.process);
      if (after === 'assurance-visit-serious-concerns') {
        throw new ValidationError([{ field: 'notice', message: 'an assurance visit gives DfE the serious-concerns notice, not inadequate-judgement' }]);
      }
      return { ...common, kind, after, inspectionEndDate: inspectionEndDate(record), summaryOfConcerns: summaryOf(record, kind) };
    }
    case 'serious-concerns':
      return { ...common, kind, visitEndDate: inspectionEndDate(record), summaryOfConcerns: summaryOf(record, kind) };
    case 'proposed-actions': {
      const caseReview = record.decisions['case-review'] ?? missing('decisions.case-review', kind);
      if (!isCaseReviewOption(caseReview.decision)) missing('decisions.case-review.decision', kind);
      return {
        ...common,
        kind,
        after: returnReasonFor(record.process),
        caseReviewDate: londonDateOf(caseReview.decidedAt),
        decision: caseReview.decision,
        ...(caseReview.enforcement === undefined ? {} : { enforcement: describeEnforcement(caseReview.enforcement) }),
        rationale: caseReview.rationale,
      };
    }
    case 'monitoring-outcome': {
      const monitoring = record.monitoringOutcome?.outcome ?? missing('monitoringOutcome', kind);
      return {
        ...common,
        kind,
        origin: monitoringOrigin(record),
        visitDate: monitoring.visitDate,
        // Numbered once further monitoring began another (found by a new-user walk: the 2nd visit's notice said "a monitoring visit").
        ...(record.monitoringVisitNumber === undefined ? {} : { visitNumber: record.monitoringVisitNumber }),
        outcome: monitoring.outcome,
        ...(monitoring.summaryOfConcerns === undefined ? {} : { summary: monitoring.summaryOfConcerns }),
      };
    }
  }
}
