/**
 * A manager amends the recorded judgements after quality assurance, before the report is sent to the provider
 * (children's homes framework §99; residential family centres framework §67, §75). The lead inspector proposes the
 * change; the manager's submission is the approval, so only managers call this. It needs the reason and the day the
 * registered manager was called with it (§99). The judgement rules run again (judgeOutcome, as for recording).
 *
 * The outcome is replaced, the previous one kept in the record's amendments history and the audit trail, then what
 * follows (core/amendments: amendmentConsequences) is carried out, each part idempotent so that the same request
 * sent again completes what an interrupted one left undone:
 * - a full inspection now judged inadequate overall starts the inadequate pathway, as the full-inspection workflow
 *   starts it (`<inspectionId>--inadequate`, LAs alerted); it starts once however often this runs;
 * - a judgement that set off alerts (overall inadequate, interim declined) and no longer holds: every DCS (and
 *   placer) already alerted is told the alert is withdrawn, once each (outbox keyed by duty and recipient). Running
 *   runs are not stopped: the inadequate pathway's case review decides what follows.
 */
import { sendEach } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import {
  ALERT_CORRECTION_DUTY,
  amendmentBlocked,
  amendmentConsequences,
  callDateErrors,
  changedJudgements,
  correctionPlan,
  GRADED_JUDGEMENTS,
} from '../core/amendments';
import { londonDateOf } from '../core/calendar';
import { canonicalJson } from '../core/canonical-json';
import { dcsAlertCorrection as dcsAlertCorrectionEmail } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import { childNamedIn } from '../core/alerts';
import { executionNameFor, inspectionEndDate, type InspectionRecord, type OutcomeAmendment } from '../core/inspection';
import { describeVerdict } from '../core/judgements';
import type { OutcomeAmended, OutcomeRecorded } from '../core/schemas';
import { requireManager, requireNotWithdrawn } from './access';
import { displayNameOf, type Caller } from './caller';
import { judgeOutcome, lastInspectionProblems } from './judge-outcome';
import { FIELD_OF_RULE } from './record-outcome';

export interface AmendOutcome {
  inspectionId: string;
  amendment: OutcomeAmended;
}

type Judgements = OutcomeAmended['judgements'];

/** The graded judgements only (never the free-text summary): what the audit trail and the answer show. */
function grades(outcome: OutcomeRecorded): Record<string, string> {
  if (outcome.process !== 'full-inspection' && outcome.process !== 'interim-inspection' && outcome.process !== 'rfc-inspection') return {};
  const answers = outcome as unknown as Record<string, string>;
  return Object.fromEntries(GRADED_JUDGEMENTS[outcome.process].map((field) => [field, answers[field] ?? '']));
}

/** The same request as the last amendment recorded: a retry, whose consequences are completed, not a new change. */
function isRepeatOf(last: OutcomeAmendment | undefined, { judgements, reason, registeredManagerCalledOn }: OutcomeAmended): last is OutcomeAmendment {
  return (
    last !== undefined &&
    last.reason === reason &&
    last.registeredManagerCalledOn === registeredManagerCalledOn &&
    canonicalJson(last.after) === canonicalJson(judgements)
  );
}

export interface AmendmentFollowThrough {
  /** The inadequate pathway this amendment starts (`alreadyStarted` when an earlier request or the workflow did). */
  inadequatePathway?: { executionName: string; alreadyStarted: boolean };
  /** Corrections to the alerts already sent: how many recipients, and how many were sent now or before. */
  alertCorrections?: { recipients: number; sent: number; alreadySent: number };
  /** An interim inspection now judged declined: the inspector and a manager consider a case review (§89). */
  caseReviewToConsider?: true;
}

async function followThrough(record: InspectionRecord, before: OutcomeRecorded, after: Judgements, caller: Caller, now: Date): Promise<AmendmentFollowThrough> {
  const consequences = amendmentConsequences(before, after);
  const at = now.toISOString();
  const result: AmendmentFollowThrough = {};

  if (consequences.startInadequatePathway) {
    // As workflows/full-inspection.ts starts it: same execution name, same input.
    const executionName = executionNameFor(record.id, 'inadequate');
    const secure = record.establishment.kind === 'secure-childrens-home';
    const started = await workflows().startProcess({
      processId: 'inadequate',
      executionName,
      input: { inspectionId: record.id, alertLocalAuthorities: true, secure },
    });
    const followUp = await repository().recordFollowUp(record.id, 'inadequate', { executionName, startedAt: at, origin: record.process }, at);
    if (followUp.started) {
      await repository().audit(record.id, { at, actor: caller.id, event: 'follow-up-started', detail: { process: 'inadequate', origin: record.process, after: 'outcome-amended' } });
    }
    result.inadequatePathway = { executionName, alreadyStarted: started.alreadyStarted || !followUp.started };
  }

  if (consequences.withdrawAlerts) {
    const plan = correctionPlan(record, await repository().listEmails(record.id), after, londonDateOf(now));
    if (plan.length > 0) {
      const sending = await sendEach(
        plan.map(({ recipientKey, to, recipient, template }) => ({ inspectionId: record.id, duty: ALERT_CORRECTION_DUTY, recipientKey, to, recipient, template, render: dcsAlertCorrectionEmail, now: at })),
      );
      const { recipients, sent, alreadySent, failed } = sending;
      if (sent > 0) {
        await repository().audit(record.id, { at, actor: caller.id, event: 'dcs-alert-correction-sent', detail: { sent, recipients, failed } });
      }
      sending.settle((notSent, of) => `${notSent} of ${of} alert corrections of inspection ${record.id} were not sent; sending the same amendment again sends only those`);
      result.alertCorrections = { recipients, sent, alreadySent };
    }
  }

  if (consequences.considerCaseReview) result.caseReviewToConsider = true;
  return result;
}

export async function amendOutcome({ inspectionId: id, amendment }: AmendOutcome, caller: Caller, now: Date) {
  requireManager(caller, 'amend recorded judgements');
  const record = await repository().requireInspection(id);
  requireNotWithdrawn(record, 'amend its judgements');
  const blocked = amendmentBlocked(record);
  if (blocked || !record.outcome) throw new ConflictError(blocked ?? 'no outcome has been recorded for this inspection yet');
  const current = record.outcome;
  const { judgements, reason, registeredManagerCalledOn } = amendment;

  if (judgements.process !== record.process) {
    throw new ValidationError([{ field: 'process', message: `must be "${record.process}": the process of this inspection` }]);
  }
  const verdict = judgeOutcome(judgements, record);
  const errors = [
    ...callDateErrors(registeredManagerCalledOn, inspectionEndDate(record), londonDateOf(now)),
    ...childNamedIn('judgements.summaryOfConcerns', 'summaryOfConcerns' in judgements ? judgements.summaryOfConcerns : undefined, record),
    ...(await lastInspectionProblems(judgements, record)),
    ...(verdict.accepted ? [] : verdict.violations.map((violation) => ({ field: FIELD_OF_RULE[violation.rule], message: violation.message }))),
  ];
  if (errors.length > 0) throw new ValidationError(errors);

  const answer = (changed: readonly string[], followed: AmendmentFollowThrough) => ({
    changed,
    verdict: describeVerdict(verdict),
    cautions: verdict.accepted ? verdict.cautions.map(({ rule, message, source }) => ({ rule, message, source })) : [],
    followUps: verdict.accepted ? verdict.followUps.map(({ process, title, reason: why, source }) => ({ process, title, reason: why, source })) : [],
    ...followed,
  });

  const changed = changedJudgements(current.outcome, judgements);
  if (changed.length === 0) {
    const last = record.amendments?.at(-1);
    if (isRepeatOf(last, amendment)) {
      // Heals a request interrupted after the write: the run started once, each correction sent once.
      return answer(changedJudgements(last.before.outcome, judgements), await followThrough(record, last.before.outcome, judgements, caller, now));
    }
    throw new ValidationError([
      {
        field: GRADED_JUDGEMENTS[judgements.process][0],
        message: 'is as recorded, and so is every other judgement: an amendment must change at least one judgement',
      },
    ]);
  }

  const at = now.toISOString();
  const entry: OutcomeAmendment = { amendedBy: caller.id, amendedByName: displayNameOf(caller), amendedAt: at, reason, registeredManagerCalledOn, before: current, after: judgements };
  const written = await repository().amendOutcome(id, record.process, { outcome: judgements, recordedBy: caller.id, recordedAt: at }, entry, at);
  if (!written.amended) {
    throw new ConflictError(amendmentBlocked(written.record) ?? 'the outcome was changed by someone else meanwhile: reload the inspection and try again');
  }
  await repository().audit(id, {
    at,
    actor: caller.id,
    event: 'outcome-amended',
    detail: {
      process: record.process,
      reason,
      registeredManagerCalledOn,
      before: JSON.stringify(grades(current.outcome)),
      after: JSON.stringify(grades(judgements)),
    },
  });

  return answer(changed, await followThrough(written.record, current.outcome, judgements, caller, now));
}
