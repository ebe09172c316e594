/**
 * Residential family centre inspection (RFC framework §32-33, §40-45, §63): five judgements; inadequate sets
 * requirements, holds a case discussion (mandatory in the §42 cases) and brings the next inspection within 12 months.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type WorkflowFunctions } from './steps';

export function rfcInspectionDefinition(scope: Construct, functions: WorkflowFunctions): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'rfc-inspection', functions);

  const start = steps.computeTimeline('Compute timeline');
  const outcome = steps.awaitOutcome('Await judgements', 'rfc-inspection', 'report-to-provider');
  // §42: a case discussion with a social care compliance inspector; the manager records what it decided.
  const caseDiscussion = steps.approval('Case discussion', 'rfc-case-discussion', 'report-to-provider');
  // §45: next inspection normally within 12 months.
  const scheduleNext = steps.invoke('Schedule next inspection', 'schedule-visit', { visit: 'next-inspection' });
  const reports = steps.reports();
  const nextInspectionDue = new sfn.Choice(scope, 'Next inspection due?')
    .when(
      sfn.Condition.stringEquals('$.outcome.overall', 'inadequate'),
      steps
        .waitUntilDue('next-inspection-latest', 'next inspection')
        .next(
          steps.invoke('Check next inspection', 'escalate-overdue', { stepId: 'next-inspection-latest' }),
        )
        .next(new sfn.Succeed(scope, 'Next inspection due')),
    )
    .otherwise(new sfn.Succeed(scope, 'Inspection complete'));
  reports.next(nextInspectionDue);

  caseDiscussion.next(scheduleNext).next(reports);

  return start
    .next(outcome)
    .next(
      new sfn.Choice(scope, 'Overall inadequate?')
        .when(sfn.Condition.stringEquals('$.outcome.overall', 'inadequate'), caseDiscussion)
        .otherwise(reports),
    );
}
