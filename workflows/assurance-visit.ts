/**
 * Assurance visit to a secure children's home (Assurance visits guidance, 2021): day 1 to working day 38, with the
 * serious-concerns branch (LA alerts, DfE, case review, monitoring visit). The report stages and the concerns run
 * side by side: a pending case review never holds the report's statutory clock.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { AWAITED_BESIDE_REPORTS } from '../functions/core/moved-deadlines';
import { WorkflowSteps, type FollowUpMachines, type WorkflowFunctions } from './steps';

export function assuranceVisitDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
  followUps: FollowUpMachines,
): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'assurance-visit', functions);
  const monitoringVisit = followUps['monitoring-visit'];
  if (!monitoringVisit) throw new Error('assurance-visit needs the monitoring-visit state machine');

  // Day 1: the visit is live from the phone call; the letter confirming arrangements follows it ("Following this call,
  // the inspector will send the provider an email letter"): sent once the call is recorded (at logging, for a visit
  // logged on or after its day 1: announcementRecordedAtLogging), never before it.
  const start = steps.computeTimeline('Compute timeline');
  const announced = steps.awaitRecorded('announce', 'visit announced');
  const letter = steps.invoke('Send provider letter', 'send-provider-letter', {});
  // The outcome (serious or widespread concerns: yes or no) is due when the visit ends, on day 3.
  const outcome = steps.awaitOutcome('Await visit outcome', 'assurance-visit');

  // Serious or widespread concerns: alert LAs by the end of the next working day, forward to the provider, tell DfE,
  // then a case review within 5 working days where the manager decides the action.
  const concerns = () => {
    const alert = steps.invoke('Alert local authorities', 'alert-local-authorities', { duty: 'dcs-alert' });
    const forward = steps.invoke('Forward alert to provider', 'forward-alert-to-provider', { duty: 'dcs-alert' });
    const dfeConcerns = steps.invoke('Inform DfE of concerns', 'inform-dfe', { notice: 'serious-concerns' });
    const caseReview = steps.approval('Case review', 'case-review');
    const dfeActions = steps.invoke('Inform DfE of proposed actions', 'inform-dfe', { notice: 'proposed-actions' });
    // Serious concerns: a monitoring visit within 6 to 8 weeks, scheduled, run as its own execution; its report is
    // published when a person records it ("All monitoring visits result in a published report").
    const scheduleMonitoring = steps.invoke('Schedule monitoring visit', 'schedule-visit', { visit: 'monitoring-visit' });
    // The monitoring visit checks that sufficient steps were taken (no graded judgement): if not, further monitoring,
    // the next visit begun at once, this one's report waited for beside it (monitoringVisits).
    const monitoringOutcome = () => new sfn.Pass(scope, 'Sufficient steps taken');
    // The case review "allows the manager to decide which action to take": only the manager's decision schedules a
    // monitoring visit (the inspector's "serious concerns" flag is the recommendation the review considers).
    const decidedMonitoring = new sfn.Choice(scope, 'Monitoring visit decided?')
      .when(
        WorkflowSteps.decisionIs('case-review', 'monitoring-visit'),
        scheduleMonitoring.next(steps.monitoringVisits(
          monitoringVisit,
          'assurance-visit',
          monitoringOutcome,
          new sfn.Pass(scope, 'Monitoring visits done'),
          new sfn.Pass(scope, 'Further monitoring decided'),
        )),
      )
      .otherwise(new sfn.Pass(scope, 'No monitoring visit'));
    alert.next(forward).next(dfeConcerns).next(caseReview);
    // "No further action": nothing is proposed, so nothing is scheduled and nobody is emailed.
    caseReview.next(
      new sfn.Choice(scope, 'Further action decided?')
        .when(WorkflowSteps.decisionIs('case-review', 'no-further-action'), new sfn.Pass(scope, 'No further action'))
        .otherwise(dfeActions.next(decidedMonitoring)),
    );
    return new sfn.Choice(scope, 'Serious or widespread concerns?')
      .when(sfn.Condition.booleanEquals('$.outcome.seriousOrWidespreadConcerns', true), alert)
      .otherwise(new sfn.Pass(scope, 'No serious or widespread concerns'));
  };

  // Day 4: the draft report and evidence go to quality assurance, recorded by the lead inspector; waited for beside the
  // report stages, so that neither holds the other's clock.
  // Should the outcome be recorded after day 4, the outcome wait has escalated it already (AWAITED_BESIDE_REPORTS).
  const [qaStep] = AWAITED_BESIDE_REPORTS['assurance-visit'];
  const qualityAssurance = () => steps.awaitRecorded(qaStep, 'draft report QA');

  return start
    .next(announced)
    .next(letter)
    .next(outcome)
    .next(steps.parallel('Report and concerns', () => steps.reports(), concerns, qualityAssurance))
    .next(new sfn.Succeed(scope, 'Visit complete'));
}
