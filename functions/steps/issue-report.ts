/**
 * A report stage falls due: the step is marked done (first time only) and the provider is told, with the next
 * deadline that counts from it (comments, complaints). The monitoring visit's report is published when the visit is
 * done ('monitoring-visit-latest'): the visit is marked done on its own day, in its timeline and in the timeline of
 * the process that started it.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { emailDeadline, type ReportIssuedInput } from '../core/email-content';
import { inspectionEndDate, timelineFor, type InspectionRecord } from '../core/inspection';
import { PROCESSES, type TimelineStep } from '../core/regulations';
import {
  checkProcessOf,
  complaintsCountFromPublication,
  InspectionIdText,
  reportStageFor,
  stepOf,
  type ReportStage,
} from '../core/step-rules';
import { stepHandler } from '../middleware/step';

/** Every process with a report: all but the inadequate pathway. */
const REPORTING_PROCESSES = ['assurance-visit', 'full-inspection', 'interim-inspection', 'monitoring-visit', 'rfc-inspection'] as const;
const REPORT_STEPS = ['report-to-provider', 'final-report-to-provider', 'publish', 'monitoring-visit-latest'] as const;

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

const MONITORING_VISIT = 'monitoring-visit-latest';

/** The fields of the report email that depend on the stage. */
type StageFields = ReportIssuedInput extends infer Input
  ? Input extends ReportIssuedInput
    ? Omit<Input, 'template' | 'inspectionId' | 'establishment' | 'providerName' | 'activity' | 'activityEndDate'>
    : never
  : never;

function stageTemplate(stage: ReportStage, steps: readonly TimelineStep[], process: Input['process'], issuedOn: LocalDate): StageFields {
  switch (stage) {
    case 'report-to-provider':
      return { stage, commentsDue: emailDeadline(steps, 'provider-comments') };
    case 'final-report-to-provider':
      return { stage, complaintWindowEnds: emailDeadline(steps, 'complaint-window') };
    case 'publish':
      return {
        stage,
        publishedOn: issuedOn,
        ...(complaintsCountFromPublication(process) ? { complaintWindowEnds: emailDeadline(steps, 'complaint-window') } : {}),
      };
  }
}

export async function lambdaHandler({ inspectionId, process, stepId }: Input, _context?: Context): Promise<Output> {
  const now = systemClock.now();
  const at = now.toISOString();
  const store = repository();
  let record: InspectionRecord = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  const stage = reportStageFor(stepId);
  if (stage === undefined) throw new Error(`no report stage for ${stepId}`);
  const reportStep = stepOf(timelineFor(record, process), stepId);

  const visitDate = record.monitoringOutcome?.outcome.visitDate;
  const today = londonDateOf(now);
  const done = stepId === MONITORING_VISIT && visitDate !== undefined ? visitDate : today;
  if (!record.actuals[process]?.[stepId]) record = await store.recordActual(inspectionId, process, stepId, done, at);
  if (process === 'monitoring-visit' && stepId === MONITORING_VISIT) {
    const origin = record.followUps['monitoring-visit']?.origin;
    const originHasStep = origin !== undefined && PROCESSES[origin].steps.some((step) => step.id === MONITORING_VISIT);
    if (origin && originHasStep && !record.actuals[origin]?.[MONITORING_VISIT]) {
      record = await store.recordActual(inspectionId, origin, MONITORING_VISIT, done, at);
    }
  }

  // Rebuilt after recording: comments and complaints count from the day the stage actually happened.
  const { steps } = timelineFor(record, process);
  const activityEndDate = process === 'monitoring-visit' && visitDate !== undefined ? visitDate : inspectionEndDate(record);
  const { status } = await sendOnce({
    inspectionId,
    duty: `report:${process}:${stepId}`,
    recipientKey: 'provider',
    to: record.provider.email,
    recipient: { kind: 'provider' },
    template: {
      template: 'reportIssued',
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      providerName: record.provider.name,
      activity: process,
      activityEndDate,
      ...stageTemplate(stage, steps, process, today),
    },
    dueAt: reportStep.due,
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'report-issued', detail: { process, stepId, stage } });
  }
  return { stage, issuedOn: today, status };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'issue-report' });
