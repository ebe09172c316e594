/**
 * Report stages: which step issues which stage (the monitoring visit's report is published when the visit is done),
 * what each stage marks done, and what the provider is told with it (the next deadline that counts from it: comments,
 * complaints).
 */
import type { LocalDate } from './calendar';
import { emailDeadline, type ReportIssuedInput } from './email-content';
import { inspectionEndDate, type InspectionRecord } from './inspection';
import { PROCESSES, type ProcessId, type TimelineStep } from './regulations';

export type ReportStage = 'report-to-provider' | 'final-report-to-provider' | 'publish';

/** Every process with a report: all but the inadequate pathway. */
export const REPORTING_PROCESSES = ['assurance-visit', 'full-inspection', 'interim-inspection', 'monitoring-visit', 'rfc-inspection'] as const;
export type ReportingProcess = (typeof REPORTING_PROCESSES)[number];

/** The steps that issue a report stage. */
export const REPORT_STEPS = ['report-to-provider', 'final-report-to-provider', 'publish', 'monitoring-visit-latest'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

const MONITORING_VISIT = 'monitoring-visit-latest';

/** The stage a report step issues; the monitoring visit's report is published when the visit is done. */
export function reportStageFor(stepId: string): ReportStage | undefined {
  switch (stepId) {
    case 'report-to-provider':
    case 'final-report-to-provider':
    case 'publish':
      return stepId;
    case 'monitoring-visit-latest':
      return 'publish';
    default:
      return undefined;
  }
}

/** True when complaints about a process's report count from its publication (children's homes framework §104). */
export function complaintsCountFromPublication(process: ProcessId): boolean {
  const window = PROCESSES[process].steps.find((step) => step.id === 'complaint-window');
  return window !== undefined && typeof window.anchor === 'object' && window.anchor.step === 'publish';
}

/**
 * The steps a report stage marks done (those not done yet), and the day: the report step itself, on `today`; the
 * monitoring visit ('monitoring-visit-latest') on its own day, in its timeline and in the timeline of the process that
 * started it.
 */
export function reportStepsDone(
  record: InspectionRecord,
  process: ReportingProcess,
  stepId: ReportStep,
  today: LocalDate,
): { date: LocalDate; steps: { process: ProcessId; stepId: string }[] } {
  const visitDate = record.monitoringOutcome?.outcome.visitDate;
  const date = stepId === MONITORING_VISIT && visitDate !== undefined ? visitDate : today;
  const steps: { process: ProcessId; stepId: string }[] = [];
  if (!record.actuals[process]?.[stepId]) steps.push({ process, stepId });
  if (process === 'monitoring-visit' && stepId === MONITORING_VISIT) {
    const origin = record.followUps['monitoring-visit']?.origin;
    const originHasStep = origin !== undefined && PROCESSES[origin].steps.some((step) => step.id === MONITORING_VISIT);
    if (origin && originHasStep && !record.actuals[origin]?.[MONITORING_VISIT]) steps.push({ process: origin, stepId: MONITORING_VISIT });
  }
  return { date, steps };
}

/** The fields of the report email that depend on the stage. */
type StageFields = ReportIssuedInput extends infer Input
  ? Input extends ReportIssuedInput
    ? Omit<Input, 'template' | 'inspectionId' | 'establishment' | 'providerName' | 'activity' | 'activityEndDate'>
    : never
  : never;

function stageFields(stage: ReportStage, steps: readonly TimelineStep[], process: ReportingProcess, issuedOn: LocalDate): StageFields {
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

/**
 * The email telling the provider a stage happened. `steps` is the timeline rebuilt after the stage was recorded:
 * comments and complaints count from the day the stage actually happened.
 */
export function reportIssued(
  record: InspectionRecord,
  process: ReportingProcess,
  stage: ReportStage,
  steps: readonly TimelineStep[],
  issuedOn: LocalDate,
): ReportIssuedInput {
  const visitDate = record.monitoringOutcome?.outcome.visitDate;
  return {
    template: 'reportIssued',
    inspectionId: record.id,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    providerName: record.provider.name,
    activity: process,
    activityEndDate: process === 'monitoring-visit' && visitDate !== undefined ? visitDate : inspectionEndDate(record),
    ...stageFields(stage, steps, process, issuedOn),
  };
}
