/**
 * An outcome judged by the limiting rules of its process (core/judgements), with what the rules need from the
 * inspection: whether the home is secure and the day the inspection ended.
 */
import { repository } from '../adapters/repository';
import { formatLondonDate } from '../core/calendar';
import { lastRfcJudgementBefore } from '../core/establishment-history';
import { followUpOrigin } from '../core/follow-ups';
import { inspectionEndDate, originalJudgementWords, type InspectionRecord } from '../core/inspection';
import {
  judgeAssuranceVisit,
  judgeFullInspection,
  judgeInterimInspection,
  judgeMonitoringOutcome,
  judgeRfcInspection,
  type Verdict,
} from '../core/judgements';
import type { FieldError, OutcomeRecorded } from '../core/schemas';

export function judgeOutcome(outcome: OutcomeRecorded, record: InspectionRecord): Verdict {
  const secure = record.establishment.kind === 'secure-childrens-home';
  switch (outcome.process) {
    case 'full-inspection':
      return judgeFullInspection({
        overall: outcome.overall,
        helpedAndProtected: outcome.helpedAndProtected,
        leadersAndManagers: outcome.leadersAndManagers,
        registeredManagerVacantSince: outcome.registeredManagerVacantSince,
        inspectionEnd: inspectionEndDate(record),
        secure,
      });
    case 'interim-inspection':
      return judgeInterimInspection({
        effectiveness: outcome.effectiveness,
        ...(outcome.enoughCauseForConcern === undefined ? {} : { enoughCauseForConcern: outcome.enoughCauseForConcern }),
        registeredManagerVacantSince: outcome.registeredManagerVacantSince,
        inspectionEnd: inspectionEndDate(record),
      });
    case 'rfc-inspection':
      return judgeRfcInspection(outcome);
    case 'assurance-visit':
      return judgeAssuranceVisit(outcome);
    case 'monitoring-visit':
      return judgeMonitoringOutcome(outcome, followUpOrigin(record, 'monitoring-visit') === 'assurance-visit' ? 'assurance-visit' : 'inadequate', originalJudgementWords(record));
  }
}

/**
 * RFC framework §42: the case discussion is mandatory when "the last inspection resulted in a judgement of inadequate".
 * An inadequate judgement recorded without "Yes" to that question, when the system holds the centre's last inspection
 * and it was judged inadequate, is refused naming the question (found by a new-user walk: "No" was accepted, and the
 * case discussion read as optional).
 */
/** The family centre's last judged inspection before this one, as the system holds it (lastRfcJudgementBefore). */
export async function lastRfcJudgement(record: InspectionRecord): Promise<ReturnType<typeof lastRfcJudgementBefore>> {
  return lastRfcJudgementBefore(await repository().inspectionsOfEstablishment(record.establishment.urn), record);
}

export async function lastInspectionProblems(outcome: OutcomeRecorded, record: InspectionRecord): Promise<FieldError[]> {
  if (outcome.process !== 'rfc-inspection' || outcome.overall !== 'inadequate' || outcome.lastInspectionInadequate === true) return [];
  const last = await lastRfcJudgement(record);
  if (!last?.inadequate) return [];
  return [
    {
      field: 'lastInspectionInadequate',
      message: `must be true: the last inspection of this centre (${last.inspectionId}, ended ${formatLondonDate(last.ended)}) was judged inadequate overall, so the case discussion is mandatory (residential family centres framework §42)`,
    },
  ];
}
