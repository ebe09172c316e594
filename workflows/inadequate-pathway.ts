/**
 * Inadequate judgement (SCCIF 15; children's homes framework §69-78): urgent case review, LA alerts by the end of
 * the next working day, DfE for secure homes, a return visit within 6 to 8 weeks, and one of the three monitoring
 * outcomes, the full inspection within 16 weeks of the original inspection among them.
 *
 * Input: { inspectionId, alertLocalAuthorities, secure, caseReviewHeld? }. An interim inspection starts it only when
 * its own urgent case review chose the whole pathway (`caseReviewHeld: true`): that review, held by the end of the
 * next working day, also decided the alert (15.1, 15.3), so the pathway goes straight to the return visit.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type FollowUpMachines, type WorkflowFunctions } from './steps';

export function inadequatePathwayDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
  followUps: FollowUpMachines,
): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'inadequate', functions);
  const monitoringVisit = followUps['monitoring-visit'];
  if (!monitoringVisit) throw new Error('inadequate needs the monitoring-visit state machine');

  const start = steps.computeTimeline('Compute timeline');

  // 15.3: DCS of every placing and the host LA, by the end of the next working day; forwarded to the provider;
  // contact arrangements agreed with the manager when there are many placing authorities.
  const alert = steps.alertLocalAuthorities();
  // 15.2: secure children's homes: DfE is informed.
  const dfe = steps.invoke('Inform DfE', 'inform-dfe', { notice: 'inadequate-judgement' });
  // 15.1: the urgent case review considers enforcement and schedules the return visit; the manager approves.
  const caseReview = steps.approval('Urgent case review', 'case-review', 'case-review');

  // §71: always return within 6 to 8 weeks: a monitoring visit (usual where concerns are serious) or a full inspection.
  const scheduleMonitoring = steps.invoke('Schedule monitoring visit', 'schedule-visit', {
    visit: 'monitoring-visit',
  });
  const monitoring = steps.startFollowUp(
    'Run monitoring visit',
    monitoringVisit,
    'monitoring-visit',
    { origin: 'inadequate' },
    { waitForResult: true, resultPath: '$.monitoring' },
  );
  const scheduleReturnInspection = steps.invoke('Schedule return full inspection', 'schedule-visit', {
    visit: 'return-full-inspection',
  });
  const returnDue = steps.waitUntilDue('monitoring-visit-latest', 'return visit');
  const checkReturn = steps.invoke('Check return inspection', 'escalate-overdue', { stepId: 'monitoring-visit-latest' });

  // 15.1 / §77: the three outcomes of the monitoring visit.
  const monitoringOutcome = () => {
    const improved = new sfn.Pass(scope, 'Improved judgement awarded');
    const furtherMonitoring = steps
      .invoke('Schedule further monitoring', 'schedule-visit', { visit: 'further-monitoring' })
      .next(new sfn.Pass(scope, 'Further monitoring, steps towards cancellation'));
    const scheduleFull = steps
      .invoke('Schedule full inspection', 'schedule-visit', { visit: 'full-inspection' })
      // The 16-week step exists only once this outcome is recorded: the timeline is recomputed before the wait.
      .next(steps.computeTimeline('Refresh timeline'))
      .next(steps.waitUntilDue('full-inspection-latest', 'full inspection'))
      .next(steps.invoke('Check full inspection', 'escalate-overdue', { stepId: 'full-inspection-latest' }))
      .next(new sfn.Pass(scope, 'Full inspection due'));
    return new sfn.Choice(scope, 'Monitoring outcome?')
      .when(sfn.Condition.stringEquals('$.monitoring.output.outcome', 'improved-judgement'), improved)
      .when(sfn.Condition.stringEquals('$.monitoring.output.outcome', 'full-inspection'), scheduleFull)
      .otherwise(furtherMonitoring);
  };
  // §71: the monitoring report is published when a person records it; what follows the visit does not wait for it.
  const afterMonitoring = steps.parallel('After the monitoring visit', monitoringOutcome, () =>
    steps.reports('monitoring-visit', 'monitoring visit '),
  );

  const returnVisit = new sfn.Choice(scope, 'Return visit?')
    .when(
      WorkflowSteps.decisionIs('case-review', 'full-inspection'),
      scheduleReturnInspection.next(returnDue).next(checkReturn).next(new sfn.Succeed(scope, 'Return inspection due')),
    )
    .otherwise(
      scheduleMonitoring
        .next(monitoring)
        .next(afterMonitoring)
        .next(new sfn.Succeed(scope, 'Monitoring visit followed up')),
    );

  const secure = new sfn.Choice(scope, 'Secure children’s home?')
    .when(sfn.Condition.booleanEquals('$.secure', true), dfe.next(caseReview))
    .otherwise(caseReview);
  alert.next(secure);
  caseReview.next(returnVisit);

  const afterFullInspection = new sfn.Choice(scope, 'Alert local authorities?')
    .when(sfn.Condition.booleanEquals('$.alertLocalAuthorities', true), alert)
    .otherwise(secure);
  // 15.1: one urgent case review. After an interim inspection it was the interim's own; a monitoring visit follows
  // (15.1: "Where concerns are serious, we are likely to return to undertake a monitoring visit").
  return start.next(
    new sfn.Choice(scope, 'Case review held at the interim inspection?')
      .when(
        sfn.Condition.and(sfn.Condition.isPresent('$.caseReviewHeld'), sfn.Condition.booleanEquals('$.caseReviewHeld', true)),
        scheduleMonitoring,
      )
      .otherwise(afterFullInspection),
  );
}
