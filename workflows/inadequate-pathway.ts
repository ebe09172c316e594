/**
 * Inadequate judgement (SCCIF 15; children's homes framework §69-78): urgent case review, LA alerts by the end of
 * the next working day, DfE for secure homes, a return visit within 6 to 8 weeks, and one of the three monitoring
 * outcomes, the full inspection within 16 weeks of the original inspection among them. The case review (enforcement
 * considered and the return visit chosen) and the 8-week clock of the return visit run side by side: an undecided
 * review never stops the return visit being tracked.
 *
 * Input: { inspectionId, alertLocalAuthorities, secure, caseReviewHeld? }. An interim inspection starts it only when
 * its own urgent case review chose the whole pathway (`caseReviewHeld: true`): that review, held by the end of the
 * next working day, also decided the alert (15.1, 15.3), so the pathway goes straight to the return visit.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { returnStepsOf } from '../functions/core/return-visits';
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
  const CASE_REVIEW_HELD = sfn.Condition.and(
    sfn.Condition.isPresent('$.caseReviewHeld'),
    sfn.Condition.booleanEquals('$.caseReviewHeld', true),
  );

  // 15.3: DCS of every placing and the host LA, by the end of the next working day; forwarded to the provider;
  // contact arrangements agreed with the manager when there are many placing authorities.
  const alert = steps.alertLocalAuthorities();
  // 15.2: secure children's homes: DfE is informed.
  const dfe = steps.invoke('Inform DfE', 'inform-dfe', { notice: 'inadequate-judgement' });

  // §71: always return within 6 to 8 weeks: a monitoring visit (usual where concerns are serious) or a full inspection.
  // 15.1 / §77: the three outcomes of each monitoring visit. An improved judgement (§74) and further monitoring's
  // steps towards cancellation are recorded with the outcome; further monitoring's next visit begins at once, its
  // report waited for beside it (monitoringVisits). What the last visit's outcome leads to:
  const monitoringOutcome = () => {
    const improved = new sfn.Pass(scope, 'Improved judgement awarded');
    const scheduleFull = steps
      .invoke('Schedule full inspection', 'schedule-visit', { visit: 'full-inspection' })
      // The 16-week step exists only once this outcome is recorded: the timeline is recomputed before the wait.
      .next(steps.computeTimeline('Refresh timeline'))
      // Logging the full inspection as this one's return inspection answers the wait; until then it is escalated at
      // 16 weeks and then on the escalation cadence.
      .next(steps.awaitRecorded('full-inspection-latest', 'full inspection'))
      .next(new sfn.Pass(scope, 'Full inspection carried out'));
    return new sfn.Choice(scope, 'Monitoring outcome?')
      .when(sfn.Condition.stringEquals('$.monitoring.output.outcome', 'full-inspection'), scheduleFull)
      .otherwise(improved);
  };

  // 15.1 / §70-71: the urgent case review considers enforcement and decides the return visit; the manager approves.
  // Both options are return visits: "no further action" is refused when the decision is recorded.
  const caseReviewBranch = () => {
    // The return full inspection is logged as this one's return inspection, which answers the wait; until then it is
    // escalated from 8 weeks on the escalation cadence (the return clock's escalation at 8 weeks is the same email).
    const scheduleReturnInspection = steps
      .invoke('Schedule return full inspection', 'schedule-visit', { visit: 'return-full-inspection' })
      .next(new sfn.Pass(scope, 'Return full inspection scheduled'))
      .next(steps.awaitRecorded('monitoring-visit-latest', 'return full inspection'))
      .next(new sfn.Pass(scope, 'Return full inspection carried out'));
    const scheduleMonitoring = steps.invoke('Schedule monitoring visit', 'schedule-visit', { visit: 'monitoring-visit' });
    // §71: each monitoring report is published when a person records it; what follows a visit does not wait for it.
    scheduleMonitoring.next(
      steps.monitoringVisits(
        monitoringVisit,
        'inadequate',
        monitoringOutcome,
        new sfn.Pass(scope, 'Monitoring visits done'),
        new sfn.Pass(scope, 'Further monitoring, steps towards cancellation'),
      ),
    );
    const review = steps
      .approval('Urgent case review', 'case-review')
      .next(
        new sfn.Choice(scope, 'Return visit?')
          .when(WorkflowSteps.decisionIs('case-review', 'full-inspection'), scheduleReturnInspection)
          .otherwise(scheduleMonitoring),
      );
    // After an interim inspection the review was the interim's own (held by the end of the next working day): a
    // monitoring visit follows (15.1: "Where concerns are serious, we are likely to return to undertake a monitoring
    // visit"), and no second review is raised.
    return new sfn.Choice(scope, 'Review already held at the interim inspection?')
      .when(CASE_REVIEW_HELD, scheduleMonitoring)
      .otherwise(review);
  };

  // §71: the 6-8 week return is counted from the inadequate judgement whatever the state of the case review: at 8
  // weeks a return visit not yet recorded is escalated by name, even while the review is still undecided.
  const returnClockBranch = () =>
    steps
      .waitUntilDue('monitoring-visit-latest', 'return visit')
      .next(steps.invoke('Check return visit', 'escalate-overdue', { stepId: 'monitoring-visit-latest' }));

  const reviewAndReturn = steps
    .parallel('Case review and return visit', caseReviewBranch, returnClockBranch)
    .next(new sfn.Succeed(scope, 'Return visit followed up'));

  const secure = new sfn.Choice(scope, 'Secure children’s home?')
    .when(sfn.Condition.booleanEquals('$.secure', true), dfe.next(reviewAndReturn))
    .otherwise(reviewAndReturn);
  alert.next(secure);

  const afterFullInspection = new sfn.Choice(scope, 'Alert local authorities?')
    .when(sfn.Condition.booleanEquals('$.alertLocalAuthorities', true), alert)
    .otherwise(secure);
  // 15.1: one urgent case review. After an interim inspection it was the interim's own, which also decided the alert
  // (15.3): the pathway goes straight to the return visit, its clock tracked as after any inadequate judgement.
  const pathway = start.next(
    new sfn.Choice(scope, 'Case review held at the interim inspection?')
      .when(CASE_REVIEW_HELD, reviewAndReturn)
      .otherwise(afterFullInspection),
  );
  // A return inspection logged by mistake, then withdrawn, reopens the return it had discharged, which this pathway's
  // run had already passed: a run started at that step (app/withdraw-inspection.ts) waits for it again, escalating
  // at its deadline and then on the escalation cadence, until the real return inspection is logged.
  const awaitedAgain = Object.fromEntries(
    returnStepsOf('inadequate').map((stepId) => [
      // By step id: the longest state name it gives ("Retry later: Measure time left: Await recorded: again: …") stays
      // inside the 80 characters Step Functions allows.
      stepId,
      steps.awaitRecorded(stepId, `again: ${stepId}`).next(new sfn.Succeed(scope, `Carried out: ${stepId}`)),
    ]),
  );
  return steps.resumable(pathway, awaitedAgain);
}
