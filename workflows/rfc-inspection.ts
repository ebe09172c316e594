/**
 * Residential family centre inspection (RFC framework §32-33, §40-45, §63): five judgements; inadequate sets
 * requirements, holds a case discussion (mandatory in the §42 cases) and brings the next inspection within 12 months.
 * The report stages run beside the case discussion: a pending decision never holds the report's clock (§63).
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type WorkflowFunctions } from './steps';

export function rfcInspectionDefinition(scope: Construct, functions: WorkflowFunctions): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'rfc-inspection', functions);
  const inadequate = sfn.Condition.stringEquals('$.outcome.overall', 'inadequate');

  const start = steps.computeTimeline('Compute timeline');
  const outcome = steps.awaitOutcome('Await judgements', 'rfc-inspection');
  const caseDiscussion = () =>
    new sfn.Choice(scope, 'Case discussion needed?')
      // §42: a case discussion with a social care compliance inspector; the manager records what it decided.
      // §45: next inspection normally within 12 months.
      .when(
        inadequate,
        steps
          .approval('Case discussion', 'rfc-case-discussion')
          .next(steps.invoke('Schedule next inspection', 'schedule-visit', { visit: 'next-inspection' })),
      )
      .otherwise(new sfn.Pass(scope, 'No case discussion'));

  // §45: the next inspection within 12 months. A run lasts a year at most (AWS), so the check at its deadline is a
  // long clock: this run ends once the check is set, and a later run starts at the deadline to check it was logged.
  const nextInspectionDue = new sfn.Choice(scope, 'Next inspection due?')
    .when(
      inadequate,
      // The timeline computed at the start knew no judgement: recomputed now that the next inspection is due (§45).
      steps
        .computeTimeline('Refresh timeline')
        .next(steps.startLater('next-inspection-latest', 'check next inspection'))
        .next(new sfn.Succeed(scope, 'Next inspection check set')),
    )
    .otherwise(new sfn.Succeed(scope, 'Inspection complete'));
  // The later run waits for the next inspection to be logged as this one's return inspection, escalating it from its
  // deadline on the escalation cadence; logged before the deadline, the wait is answered at once.
  const checkNextInspection = steps
    .awaitRecorded('next-inspection-latest', 'next inspection')
    .next(new sfn.Succeed(scope, 'Next inspection carried out'));

  return steps.resumable(
    start.next(outcome).next(steps.parallel('Report and case discussion', () => steps.reports(), caseDiscussion)).next(nextInspectionDue),
    { 'next-inspection-latest': checkNextInspection },
  );
}
