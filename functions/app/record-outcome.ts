/**
 * The lead inspector (or a manager: access.ts) records the judgements (or, for an assurance visit, whether serious or widespread concerns were
 * found; for a monitoring visit, its outcome) once, after checking them against the limiting rules of the
 * framework, then the run that waits for them is resumed. A monitoring visit's date is bounded (core/date-bounds):
 * not before the inspection it follows ended, and within a year of today (London).
 *
 * The run gets the judgements and flags only (workflowOutcome), never the summary of concerns: execution history
 * keeps task outputs. When no run is waiting yet (no token stored), the await-outcome step finds the recorded
 * outcome itself when it starts waiting.
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { formatLondonDate, londonDateOf, type LocalDate } from '../core/calendar';
import { beforeDate, outsideInspectionDateWindow } from '../core/date-bounds';
import { ConflictError, ValidationError } from '../core/errors';
import { childNamedIn } from '../core/alerts';
import { monitoringVisitRefusal, monitoringVisitSteps } from '../core/follow-ups';
import { inspectionEndDate, ordinalOf, outcomeNotYetRecordable, workflowOutcome, type InspectionRecord } from '../core/inspection';
import { describeVerdict, type JudgementRuleId } from '../core/judgements';
import { MONITORING_WINDOW_WEEKS, PROCESSES } from '../core/regulations';
import type { FieldError, OutcomeProcess, OutcomeRecorded } from '../core/schemas';
import { isManager, requireChange } from './access';
import type { Caller } from './caller';
import { judgeOutcome, lastInspectionProblems } from './judge-outcome';
import { improvedJudgementRequirementCheck } from './requirements';

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
  'assurance-monitoring-outcome-has-no-grade': 'outcome',
  'inadequate-monitoring-outcome-is-one-of-three': 'outcome',
  'further-monitoring-records-steps-towards-cancellation': 'stepsTowardsCancellation',
};

/** True when the inspection's own process has the 'judgements-recorded' step (full and interim inspections). */
function judgementsStep(record: InspectionRecord): boolean {
  return PROCESSES[record.process].steps.some((step) => step.id === 'judgements-recorded');
}

/** The inspection's own outcome until recorded, then the outcome of the monitoring visit it started, if any. */
export function awaitedOutcome(record: InspectionRecord): OutcomeProcess | undefined {
  if (!record.outcome) return record.process;
  if (monitoringVisitRefusal(record) === undefined && !record.monitoringOutcome) return 'monitoring-visit';
  return undefined;
}

/** The inspection's own process, or the monitoring visit that follows it (monitoringVisitRefusal). */
function checkProcess(outcome: OutcomeRecorded, record: InspectionRecord): void {
  if (outcome.process === record.process) return;
  const refusal = monitoringVisitRefusal(record);
  if (outcome.process === 'monitoring-visit' && refusal === undefined) return;
  const allowed = refusal === undefined ? `"${record.process}" or "monitoring-visit"` : `"${record.process}"`;
  const why = outcome.process === 'monitoring-visit' && refusal !== undefined ? `: ${refusal}` : '';
  throw new ValidationError([
    {
      field: 'process',
      message: `must be ${allowed}: the outcome of this inspection's process (or of a monitoring visit that follows it)${why}`,
    },
  ]);
}

/**
 * A monitoring visit's date: not before the inspection (or assurance visit) it follows ended, not in the future, and
 * within a year of today (London). One problem per field: the first of these.
 */
function visitDateInBounds(outcome: OutcomeRecorded, record: InspectionRecord, today: LocalDate): FieldError[] {
  if (outcome.process !== 'monitoring-visit') return [];
  // The visit is a fact recorded once it has happened: never a day still to come.
  const problem =
    beforeDate(outcome.visitDate, inspectionEndDate(record), 'the last day of the inspection it follows') ??
    previousVisitAfter(outcome.visitDate, record) ??
    (outcome.visitDate > today ? `must not be in the future: record the visit once it has happened (today is ${formatLondonDate(today)}, London)` : undefined) ??
    outsideInspectionDateWindow(outcome.visitDate, today);
  return problem === undefined ? [] : [{ field: 'visitDate', message: problem }];
}

/** After further monitoring, the next visit is not before the one whose outcome it follows (§77). */
function previousVisitAfter(visitDate: LocalDate, record: InspectionRecord): string | undefined {
  const previous = record.monitoringVisits?.at(-1);
  if (!previous || visitDate > previous.outcome.outcome.visitDate) return undefined;
  return `must be after the ${ordinalOf(previous.number)} monitoring visit on ${formatLondonDate(previous.outcome.outcome.visitDate)}: this is the ${ordinalOf(previous.number + 1)}`;
}

/**
 * The window of the next monitoring visit after further monitoring is the manager's to set (issue 11): the lead
 * inspector records the outcome with the default window (6 to 8 weeks from the visit), a manager may record it with
 * another.
 */
function nextVisitWindowSetter(outcome: OutcomeRecorded, caller: Caller): FieldError[] {
  if (outcome.process !== 'monitoring-visit' || outcome.nextVisitWindow === undefined || isManager(caller)) return [];
  return [{ field: 'nextVisitWindow', message: `is set by a manager: leave it out for the default (${MONITORING_WINDOW_WEEKS} from the visit), or ask a manager to record the outcome` }];
}

/**
 * §76: an improved judgement is considered only where "the regulatory inspection manager agrees that the concerns are
 * sufficiently discrete". That agreement is the manager's to record: a manager records the outcome, and the record
 * keeps who did. From anyone else the answer is refused, naming it (as the next visit's window is).
 */
function discreteConcernsAgreement(outcome: OutcomeRecorded, caller: Caller): FieldError[] {
  if (outcome.process !== 'monitoring-visit' || outcome.outcome !== 'improved-judgement' || outcome.concernsDiscrete !== true || isManager(caller)) return [];
  return [{
    field: 'concernsDiscrete',
    message: "is the regulatory inspection manager's agreement (children's homes framework §76): ask a manager to record an improved judgement",
  }];
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
  requireChange(record, caller, 'record its outcome');
  checkProcess(outcome, record);
  // The inspection's own outcome once it has ended (a monitoring visit's date is checked with the outcome below).
  const notYet = outcomeNotYetRecordable(record, outcome.process, londonDateOf(now));
  if (notYet !== undefined) throw new ConflictError(notYet);

  const verdict = judgeOutcome(outcome, record);
  const dateProblems = [
    ...visitDateInBounds(outcome, record, londonDateOf(now)),
    ...nextVisitWindowSetter(outcome, caller),
    ...discreteConcernsAgreement(outcome, caller),
    ...childNamedIn('summaryOfConcerns', 'summaryOfConcerns' in outcome ? outcome.summaryOfConcerns : undefined, record),
    ...(await lastInspectionProblems(outcome, record)),
  ];
  // §74: the requirements recorded at the inspection, read against an improved judgement (app/requirements.ts).
  const requirementProblems = await improvedJudgementRequirementCheck(id, outcome);
  if (!verdict.accepted || dateProblems.length > 0 || requirementProblems.length > 0) {
    const violations = verdict.accepted ? [] : verdict.violations;
    throw new ValidationError([
      ...dateProblems,
      ...violations.map((violation) => ({ field: FIELD_OF_RULE[violation.rule], message: violation.message })),
      ...requirementProblems,
    ]);
  }

  const at = now.toISOString();
  const recorded =
    outcome.process === 'monitoring-visit'
      ? await repository().recordOutcome(id, 'monitoringOutcome', { outcome, recordedBy: caller.id, recordedAt: at }, 'in-progress', at)
      : await repository().recordOutcome(id, 'outcome', { outcome, recordedBy: caller.id, recordedAt: at }, 'in-progress', at);

  // The monitoring visit happened on its visit date: recorded in its timelines (its report counts from it). Done
  // before the run is answered, and again on a replay: heals a crash between the writes.
  let visited = recorded.record;
  const visit = visited.monitoringOutcome?.outcome.visitDate;
  if (outcome.process === 'monitoring-visit' && visit !== undefined) {
    for (const { process, stepId } of monitoringVisitSteps(visited)) visited = await repository().recordActual(id, process, stepId, visit, at);
  }

  // The judgements of a full or interim inspection are a dated fact (due by the end of the next working day, 15.3):
  // the day they were first recorded, kept on a replay.
  if (outcome.process !== 'monitoring-visit' && judgementsStep(visited) && !visited.actuals[visited.process]?.['judgements-recorded']) {
    const firstRecordedAt = visited.outcome?.recordedAt ?? at;
    visited = await repository().recordActual(id, visited.process, 'judgements-recorded', londonDateOf(firstRecordedAt), at);
  }

  // Answered even when already recorded: heals a crash between the write and the answer of an earlier request.
  await resumeRun(visited, outcome.process);

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
