/**
 * An inspector records the judgements (or, for an assurance visit, whether serious or widespread concerns were
 * found; for a monitoring visit, its outcome) once, after checking them against the limiting rules of the
 * framework, then the run that waits for them is resumed.
 *
 * The run gets the judgements and flags only (workflowOutcome), never the summary of concerns: execution history
 * keeps task outputs. When no run is waiting yet (no token stored), the await-outcome step finds the recorded
 * outcome itself when it starts waiting.
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { formatLondonDate, londonDateOf } from '../core/calendar';
import { ConflictError, ValidationError } from '../core/errors';
import { workflowOutcome, type InspectionRecord } from '../core/inspection';
import { describeVerdict, type JudgementRuleId } from '../core/judgements';
import type { OutcomeProcess, OutcomeRecorded } from '../core/schemas';
import type { Caller } from './caller';
import { judgeOutcome } from './judge-outcome';

export interface RecordOutcome {
  inspectionId: string;
  outcome: OutcomeRecorded;
}

/** The field of the body each rule is about: a rejection names it, as any other 400 does. */
export const FIELD_OF_RULE: Record<JudgementRuleId, string> = {
  'helped-and-protected-limits-overall': 'overall',
  'leaders-and-managers-limits-overall': 'overall',
  'leaders-and-managers-inadequate-likely-overall-inadequate': 'overall',
  'registered-manager-vacancy-limits-leaders-and-managers': 'leadersAndManagers',
  'registered-manager-vacancy-likely-declined': 'effectiveness',
  'registered-manager-vacancy-before-inspection-end': 'registeredManagerVacantSince',
  'rfc-helped-and-protected-limits-overall': 'overall',
  'rfc-leaders-managers-or-partners-limit-overall': 'overall',
  'rfc-leaders-managers-or-partners-inadequate-likely-overall-inadequate': 'overall',
  'assurance-serious-concerns-are-concerns-found': 'concernsSerious',
  'improved-judgement-needs-discrete-concerns': 'concernsDiscrete',
  'improved-judgement-needs-higher-judgement-otherwise': 'wouldOtherwiseBeHigher',
  'improved-judgement-needs-good-track-record': 'goodTrackRecord',
  'improved-judgement-needs-no-leadership-or-protection-concerns': 'leadershipOrProtectionConcerns',
  'improved-judgement-needs-quick-rectification': 'rectifiableQuickly',
  'improved-judgement-needs-all-requirements-met': 'allRequirementsMet',
};

/** The inspection's own outcome until recorded, then the outcome of the monitoring visit it started, if any. */
export function awaitedOutcome(record: InspectionRecord): OutcomeProcess | undefined {
  if (!record.outcome) return record.process;
  if (record.followUps['monitoring-visit'] && !record.monitoringOutcome) return 'monitoring-visit';
  return undefined;
}

/** The inspection's own process, or the monitoring visit it started. */
function checkProcess(outcome: OutcomeRecorded, record: InspectionRecord): void {
  if (outcome.process === record.process) return;
  if (outcome.process === 'monitoring-visit' && record.followUps['monitoring-visit']) return;
  const allowed = record.followUps['monitoring-visit'] ? `"${record.process}" or "monitoring-visit"` : `"${record.process}"`;
  throw new ValidationError([
    { field: 'process', message: `must be ${allowed}: the outcome of this inspection's process (or of a monitoring visit it started)` },
  ]);
}

/** Answers the run's wait for this outcome, if one is waiting; a wait that has ended is re-opened by the run. */
async function resumeRun(record: InspectionRecord, outcomeOf: OutcomeProcess): Promise<void> {
  const token = await repository().getOutcomeToken(record.id, outcomeOf);
  const output = workflowOutcome(record, outcomeOf);
  if (token === undefined || output === undefined) return;
  await workflows().sendTaskSuccess(token, output);
  await repository().clearOutcomeToken(record.id, outcomeOf, token);
}

export async function recordOutcome({ inspectionId: id, outcome }: RecordOutcome, caller: Caller, now: Date) {
  const record = await repository().requireInspection(id);
  checkProcess(outcome, record);

  const verdict = judgeOutcome(outcome, record);
  if (!verdict.accepted) {
    throw new ValidationError(verdict.violations.map((violation) => ({ field: FIELD_OF_RULE[violation.rule], message: violation.message })));
  }

  const at = now.toISOString();
  const recorded =
    outcome.process === 'monitoring-visit'
      ? await repository().recordOutcome(id, 'monitoringOutcome', { outcome, recordedBy: caller.id, recordedAt: at }, 'in-progress', at)
      : await repository().recordOutcome(id, 'outcome', { outcome, recordedBy: caller.id, recordedAt: at }, 'in-progress', at);

  // Answered even when already recorded: heals a crash between the write and the answer of an earlier request.
  await resumeRun(recorded.record, outcome.process);

  if (!recorded.recorded) {
    const earlier = outcome.process === 'monitoring-visit' ? recorded.record.monitoringOutcome : recorded.record.outcome;
    const when = earlier ? ` on ${formatLondonDate(londonDateOf(earlier.recordedAt))}` : '';
    throw new ConflictError(`the ${outcome.process} outcome of this inspection was already recorded${when}`);
  }

  return {
    verdict: describeVerdict(verdict),
    cautions: verdict.cautions.map(({ rule, message, source }) => ({ rule, message, source })),
    followUps: verdict.followUps.map(({ process, title, reason, source }) => ({ process, title, reason, source })),
  };
}
