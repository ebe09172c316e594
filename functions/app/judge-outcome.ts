/**
 * An outcome judged by the limiting rules of its process (core/judgements), with what the rules need from the
 * inspection: whether the home is secure and the day the inspection ended.
 */
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
import type { OutcomeRecorded } from '../core/schemas';

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
