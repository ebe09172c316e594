/**
 * Full inspection of a children's home (children's homes framework §35-38, §69, §79-82): the inspector records
 * the judgements; overall inadequate starts the inadequate pathway (once); the report follows 10 / 5 / 25 working days.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type FollowUpMachines, type WorkflowFunctions } from './steps';

export function fullInspectionDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
  followUps: FollowUpMachines,
): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'full-inspection', functions);
  const inadequate = followUps.inadequate;
  if (!inadequate) throw new Error('full-inspection needs the inadequate state machine');

  const start = steps.computeTimeline('Compute timeline');
  // 15.3: an inadequate judgement's alert is due by the end of the next working day: the judgements are due then too.
  const outcome = steps.awaitOutcome('Await judgements', 'full-inspection');
  // §69: overall inadequate leads to an urgent case review; 15.3: the LAs are always alerted.
  const pathway = steps.startFollowUp('Start inadequate pathway', inadequate, 'inadequate', {
    alertLocalAuthorities: true,
    secure: sfn.JsonPath.objectAt('$.outcome.secure'),
  });
  const reports = steps.reports().next(new sfn.Succeed(scope, 'Inspection complete'));

  return start
    .next(outcome)
    .next(
      new sfn.Choice(scope, 'Overall inadequate?')
        .when(sfn.Condition.stringEquals('$.outcome.overall', 'inadequate'), pathway.next(reports))
        .otherwise(reports),
    );
}
