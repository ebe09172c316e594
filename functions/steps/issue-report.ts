/**
 * A report stage falls due: the step is marked done (first time only) and the provider is told, with the next
 * deadline that counts from it (comments, complaints). The monitoring visit's report is published when the visit is
 * done ('monitoring-visit-latest'): the visit is marked done on its own day, in its timeline and in the timeline of
 * the process that started it. The rules: core/reports.ts.
 */
import { z } from 'zod';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { stepOf } from '../core/deadlines';
import { timelineFor } from '../core/inspection';
import { REPORT_STEPS, REPORTING_PROCESSES, reportIssued, reportStageFor, reportStepsDone, type ReportStage } from '../core/reports';
import { InspectionIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(REPORTING_PROCESSES),
  stepId: z.enum(REPORT_STEPS),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  stage: ReportStage;
  issuedOn: LocalDate;
  status: SendOnceResult['status'];
}

export async function lambdaHandler({ inspectionId, process, stepId }: Input, step: InspectionStep): Promise<Output> {
  const { now, at, store } = step;
  let { record } = step;
  const stage = reportStageFor(stepId);
  if (stage === undefined) throw new Error(`no report stage for ${stepId}`);
  const reportStep = stepOf(step.timeline, stepId);

  const today = londonDateOf(now);
  const done = reportStepsDone(record, process, stepId, today);
  for (const doneStep of done.steps) record = await store.recordActual(inspectionId, doneStep.process, doneStep.stepId, done.date, at);

  // Rebuilt after recording: comments and complaints count from the day the stage actually happened.
  const { steps } = timelineFor(record, process);
  const { status } = await sendOnce({
    inspectionId,
    duty: `report:${process}:${stepId}`,
    recipientKey: 'provider',
    to: record.provider.email,
    recipient: { kind: 'provider' },
    template: reportIssued(record, process, stage, steps, today),
    dueAt: reportStep.due,
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'report-issued', detail: { process, stepId, stage } });
  }
  return { stage, issuedOn: today, status };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'issue-report' });
