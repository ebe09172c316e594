/**
 * Interim inspection of a children's home (children's homes framework §83-92): a decline, or enough cause for
 * concern, leads to one urgent case review (SCCIF 15.1; §69, §89), due by the end of the next working day. It decides
 * whether the local authorities are alerted (15.3, by that same end of day) and what follows: a return visit within
 * its window, compliance action, or the whole inadequate pathway (which then holds no case review of its own). The
 * report stages run beside it: a pending decision never holds the report's statutory clock (§91-92).
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { INTERIM_CASE_REVIEW_OPTIONS, interimCaseReviewDecision, interimReturnVisitDecided, type InterimFollowUp } from '../functions/core/schemas';
import { WorkflowSteps, type FollowUpMachines, type WorkflowFunctions } from './steps';

/** A Choice condition: the interim case review chose one of these options. */
function decidedAnyOf(matches: (decision: ReturnType<typeof interimCaseReviewDecision>) => boolean): sfn.Condition {
  const options = INTERIM_CASE_REVIEW_OPTIONS.filter((option) => matches(interimCaseReviewDecision(option)));
  return sfn.Condition.or(...options.map((option) => WorkflowSteps.decisionIs('interim-case-review', option)));
}

const follows = (what: InterimFollowUp) => decidedAnyOf((decision) => decision.follows === what);
const returnVisitDecided = decidedAnyOf((decision) => interimReturnVisitDecided(decision.follows));

export function interimInspectionDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
  followUps: FollowUpMachines,
): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'interim-inspection', functions);
  const inadequate = followUps.inadequate;
  if (!inadequate) throw new Error('interim-inspection needs the inadequate state machine');

  const start = steps.computeTimeline('Compute timeline');
  // 15.3: the alert the case review may agree is due by the end of the next working day: the judgement is due then.
  const outcome = steps.awaitOutcome('Await effectiveness judgement', 'interim-inspection');

  const caseReview = () => {
    const review = steps.approval('Urgent case review', 'interim-case-review');
    const pathway = steps.startFollowUp('Start inadequate pathway', inadequate, 'inadequate', {
      alertLocalAuthorities: false,
      caseReviewHeld: true,
      secure: sfn.JsonPath.objectAt('$.outcome.secure'),
    });
    // The return visit decided at the review: its window appears on the timeline once decided. Waited for until it is
    // recorded, escalated at its deadline and then on the escalation cadence (found by a new-user walk: one escalation
    // at the deadline, then nothing, while the visit stayed undone).
    const returnVisit = steps
      .computeTimeline('Refresh timeline')
      .next(steps.awaitRecorded('return-visit', 'return visit'))
      .next(new sfn.Pass(scope, 'Return visit carried out'));
    const whatFollows = new sfn.Choice(scope, 'What follows the case review?')
      .when(follows('inadequate-pathway'), pathway)
      .when(returnVisitDecided, returnVisit)
      .otherwise(new sfn.Pass(scope, 'Compliance action'));
    const alerts = steps.alertLocalAuthorities();
    alerts.next(whatFollows);
    review.next(
      new sfn.Choice(scope, 'Alert agreed at the case review?')
        .when(decidedAnyOf((decision) => decision.alertLocalAuthorities), alerts)
        .otherwise(whatFollows),
    );
    return new sfn.Choice(scope, 'Urgent case review needed?')
      .when(sfn.Condition.booleanEquals('$.outcome.caseReview', true), review)
      .otherwise(new sfn.Pass(scope, 'No case review'));
  };

  return start
    .next(outcome)
    .next(steps.parallel('Report and case review', () => steps.reports(), caseReview))
    .next(new sfn.Succeed(scope, 'Inspection complete'));
}
