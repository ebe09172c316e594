/**
 * Monitoring visit (SCCIF 15.1; assurance visits guidance): inside the 6-8 week window, the inspector records the
 * visit and its outcome; for secure homes DfE is told the outcome. The process that started the visit routes on the
 * outcome while its report waits to be recorded as published (§71: "Any monitoring visit will result in a published
 * report").
 *
 * Input: { inspectionId, origin: 'inadequate' | 'assurance-visit' }. Output: { outcome }.
 * With `reportOfVisit: n` (started when visit n+1 begins) the run waits only for visit n's report to be recorded as
 * published, escalating at its deadline, and tells the provider.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowSteps, type WorkflowFunctions } from './steps';

export function monitoringVisitDefinition(scope: Construct, functions: WorkflowFunctions): sfn.IChainable {
  const steps = new WorkflowSteps(scope, 'monitoring-visit', functions);

  const start = steps.computeTimeline('Compute timeline');
  const outcome = steps.awaitOutcome('Await monitoring outcome', 'monitoring-visit');
  const dfe = steps.invoke('Inform DfE of outcome', 'inform-dfe', { notice: 'monitoring-outcome' });
  const done = new sfn.Pass(scope, 'Monitoring visit complete', {
    parameters: { 'outcome.$': '$.outcome.outcome' },
  });

  const visit = start
    .next(outcome)
    .next(
      new sfn.Choice(scope, 'Secure children’s home?')
        .when(sfn.Condition.booleanEquals('$.outcome.secure', true), dfe.next(done))
        .otherwise(done),
    );
  return steps.reportOfEarlierVisit(visit);
}
