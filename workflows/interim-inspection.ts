/**
 * Interim inspection of a children's home (children's homes framework §83-92): declined effectiveness leads the
 * inspector and a manager to consider a case review (§89); the case review may start the inadequate pathway and
 * decides whether the LAs are alerted (SCCIF 15.1, 15.3). The report stages run beside the case review: a pending
 * decision never holds the report's statutory clock (§91-92).
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type FollowUpMachines, type WorkflowFunctions } from './steps';

export function interimInspectionDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
  followUps: FollowUpMachines,
): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'interim-inspection', functions);
  const inadequate = followUps.inadequate;
  if (!inadequate) throw new Error('interim-inspection needs the inadequate state machine');

  const start = steps.computeTimeline('Compute timeline');
  const outcome = steps.awaitOutcome('Await effectiveness judgement', 'interim-inspection', 'report-to-provider');

  const caseReview = () => {
    const caseReviewDecision = steps.approval('Case review decision', 'interim-case-review', 'case-review');
    const pathwayWithAlerts = steps.startFollowUp('Start inadequate pathway with LA alerts', inadequate, 'inadequate', {
      alertLocalAuthorities: true,
      secure: sfn.JsonPath.objectAt('$.outcome.secure'),
    });
    const pathwayWithoutAlerts = steps.startFollowUp('Start inadequate pathway', inadequate, 'inadequate', {
      alertLocalAuthorities: false,
      secure: sfn.JsonPath.objectAt('$.outcome.secure'),
    });
    caseReviewDecision.next(
      new sfn.Choice(scope, 'Case review outcome?')
        .when(WorkflowSteps.decisionIs('interim-case-review', 'start-inadequate-pathway-and-alert-las'), pathwayWithAlerts)
        .when(WorkflowSteps.decisionIs('interim-case-review', 'start-inadequate-pathway-without-alerting-las'), pathwayWithoutAlerts)
        .otherwise(new sfn.Pass(scope, 'No inadequate pathway')),
    );
    return new sfn.Choice(scope, 'Declined in effectiveness?')
      .when(sfn.Condition.stringEquals('$.outcome.effectiveness', 'declined'), caseReviewDecision)
      .otherwise(new sfn.Pass(scope, 'No case review'));
  };

  return start
    .next(outcome)
    .next(steps.parallel('Report and case review', () => steps.reports(), caseReview))
    .next(new sfn.Succeed(scope, 'Inspection complete'));
}
