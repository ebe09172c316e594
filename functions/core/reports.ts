/**
 * Report stages: a person records each stage (the report sent to the provider, the final report, publication); the
 * provider is then told, with the next deadline that counts from the recorded day (comments, complaints), and parents
 * who placed a child get a copy notice (SCCIF 15.4).
 */
import type { LocalDate } from './calendar';
import { emailDeadline, type MonitoringJudgement, type ReportCopiesToSendInput, type ReportCopyForPlacerInput, type ReportIssuedInput } from './email-content';
import { ValidationError } from './errors';
import { monitoringOrigin } from './follow-ups';
import { inspectionEndDate, leadInspectorContact, originalJudgementWords, type InspectionRecord } from './inspection';
import { alertsSentInError, DCS_ALERT_DUTY, type OutboxEmail } from './inspection-views';
import { PROCESSES, type ProcessId, type TimelineStep } from './regulations';

export type ReportStage = 'report-to-provider' | 'final-report-to-provider' | 'publish';

/** Every process with a report: all but the inadequate pathway. */
export const REPORTING_PROCESSES = ['assurance-visit', 'full-inspection', 'interim-inspection', 'monitoring-visit', 'rfc-inspection'] as const;
export type ReportingProcess = (typeof REPORTING_PROCESSES)[number];

/** The steps that are report stages: a person records each; the provider is then told. */
export const REPORT_STEPS = ['report-to-provider', 'final-report-to-provider', 'publish'] as const satisfies readonly ReportStage[];
export type ReportStep = (typeof REPORT_STEPS)[number];

export function isReportStep(stepId: string): stepId is ReportStep {
  return (REPORT_STEPS as readonly string[]).includes(stepId);
}

export function isReportingProcess(process: ProcessId): process is ReportingProcess {
  return (REPORTING_PROCESSES as readonly string[]).includes(process);
}

/** The outbox duty of the provider's email about a stage (issue-report); a later monitoring visit's is numbered (visitDuty). */
export function reportDuty(process: ReportingProcess, stage: ReportStage): string {
  return `report:${process}:${stage}`;
}

/** True when complaints about a process's report count from its publication (children's homes framework §104). */
export function complaintsCountFromPublication(process: ProcessId): boolean {
  const window = PROCESSES[process].steps.find((step) => step.id === 'complaint-window');
  return window !== undefined && typeof window.anchor === 'object' && window.anchor.step === 'publish';
}

/**
 * The day a report stage was recorded as done. The provider is told only once a person has recorded the stage (the
 * state machine waits for it): a stage not recorded is a ValidationError naming the step.
 */
export function recordedStageDay(record: InspectionRecord, process: ProcessId, stepId: ReportStep): LocalDate {
  const day = record.actuals[process]?.[stepId];
  if (day === undefined) {
    throw new ValidationError([
      { field: 'stepId', message: `"${stepId}" is not recorded as done: the provider is told once the inspector or a manager records it` },
    ]);
  }
  return day;
}

/**
 * The report stage at which a parent who placed a child gets their copy (SCCIF 15.4 "send a copy of the inspection
 * report"): the report itself, not the draft the provider checks for factual accuracy. The final report sent to the
 * provider where the process has one (an assurance visit), else publication. None for a monitoring visit: the alert
 * promised the report of the inspection or visit it was about.
 */
export function placerCopyStage(process: ProcessId): ReportStage | undefined {
  if (process === 'monitoring-visit') return undefined;
  return PROCESSES[process].steps.some((step) => step.id === 'final-report-to-provider') ? 'final-report-to-provider' : 'publish';
}

/**
 * SCCIF 15.4: the parents (or others) who placed a child themselves were alerted and told they would get a copy of
 * the report: when the report is final (placerCopyStage), each placer alerted is sent a copy notice (outbox duty
 * `report-copy:<process>`, keyed like the alert, so never twice).
 */
export function placerCopies(
  record: InspectionRecord,
  process: ReportingProcess,
  alerts: readonly Pick<OutboxEmail, 'duty' | 'status' | 'recipientKey' | 'to' | 'recipient'>[],
  issuedOn: LocalDate,
): { duty: string; recipientKey: string; to: string; template: ReportCopyForPlacerInput }[] {
  const placers = new Map(record.children.flatMap((child) => (child.placement.lookedAfter ? [] : [[child.placement.placedBy.email.toLowerCase(), child.placement.placedBy.name] as const])));
  const stage = placerCopyStage(process);
  if (stage === undefined) return [];
  // An alert withdrawn as sent in error is not followed by a copy; a person alerted again after one is sent one copy.
  const inError = alertsSentInError(alerts);
  const copied = new Set<string>();
  return alerts
    .filter((email) => email.duty === DCS_ALERT_DUTY && email.status === 'sent' && email.recipient.kind === 'placer' && !inError.has(email.recipientKey))
    .flatMap((email) => {
      const placerName = placers.get(email.to.toLowerCase());
      if (placerName === undefined || copied.has(email.to.toLowerCase())) return [];
      copied.add(email.to.toLowerCase());
      return [
        {
          duty: `report-copy:${process}`,
          recipientKey: email.recipientKey,
          to: email.to,
          template: {
            template: 'reportCopyForPlacer',
            inspectionId: record.id,
            establishment: { urn: record.establishment.urn, name: record.establishment.name },
            placerName,
            activity: process,
            activityEndDate: activityEndDate(record, process),
            stage: stage === 'publish' ? 'published' : 'final-report-to-provider',
            issuedOn,
            ...leadInspectorContact(record),
          },
        },
      ];
    });
}

function activityEndDate(record: InspectionRecord, process: ReportingProcess): LocalDate {
  const visitDate = record.monitoringOutcome?.outcome.visitDate;
  return process === 'monitoring-visit' && visitDate !== undefined ? visitDate : inspectionEndDate(record);
}

/** The fields of the report email that depend on the stage. */
type StageFields = ReportIssuedInput extends infer Input
  ? Input extends ReportIssuedInput
    ? Omit<Input, 'template' | 'inspectionId' | 'establishment' | 'providerName' | 'activity' | 'activityEndDate'>
    : never
  : never;

function stageFields(
  stage: ReportStage,
  steps: readonly TimelineStep[],
  process: ReportingProcess,
  issuedOn: LocalDate,
  judgement: MonitoringJudgement | undefined,
): StageFields {
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
        ...(process === 'monitoring-visit' && judgement !== undefined ? { monitoringJudgement: judgement } : {}),
      };
  }
}

/**
 * The judgement a monitoring visit's report is published with, after an inadequate judgement: the new one the visit
 * secured (§74), or the original (§75). None after an assurance visit (no grade) or before the outcome is recorded.
 */
function monitoringJudgementOf(record: InspectionRecord): MonitoringJudgement | undefined {
  const visit = record.monitoringOutcome?.outcome;
  if (visit?.process !== 'monitoring-visit' || monitoringOrigin(record) !== 'inadequate') return undefined;
  return visit.improvedJudgement !== undefined ? { secured: 'improved', overall: visit.improvedJudgement } : { secured: 'none', original: originalJudgementWords(record) };
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
  return {
    template: 'reportIssued',
    inspectionId: record.id,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    providerName: record.provider.name,
    activity: process,
    activityEndDate: activityEndDate(record, process),
    ...leadInspectorContact(record),
    ...stageFields(stage, steps, process, issuedOn, monitoringJudgementOf(record)),
  };
}

/**
 * The outbox duty of a correction to a stage's email: the corrected day and, from the stage's second correction on,
 * its number (a retry of the same correction sends nothing twice; going back to a day already emailed is emailed
 * again: found by a new-user walk, the provider kept the wrong deadline).
 */
export function reportCorrectionDuty(process: ReportingProcess, stage: ReportStage, day: LocalDate, correctionsBefore = 0): string {
  return `report-correction:${process}:${stage}:${day}${correctionsBefore === 0 ? '' : `:${correctionsBefore + 1}`}`;
}

/**
 * The corrections of a stage's email among outbox duties (each without its visit suffix), in the order they were made:
 * the duty and the corrected day.
 */
export function reportCorrectionsOf(duties: readonly string[], process: ReportingProcess, stage: ReportStage): { duty: string; day: LocalDate }[] {
  const prefix = `report-correction:${process}:${stage}:`;
  return duties
    .filter((duty) => duty.startsWith(prefix))
    .map((duty) => {
      const [day, number] = duty.slice(prefix.length).split(':');
      return { duty, day: day as LocalDate, number: number === undefined ? 1 : Number(number) };
    })
    .sort((a, b) => a.number - b.number)
    .map(({ duty, day }) => ({ duty, day }));
}

/**
 * The provider's email again, after a manager corrected the day of a stage it was told of: the deadline counted from
 * the corrected day (`steps` rebuilt after the correction), saying it replaces the one given before.
 */
export function reportCorrection(
  record: InspectionRecord,
  process: ReportingProcess,
  stage: ReportStage,
  steps: readonly TimelineStep[],
  correctedDay: LocalDate,
): ReportIssuedInput {
  return { ...reportIssued(record, process, stage, steps, correctedDay), correctedDay };
}

/**
 * The lead inspector's list of whom to send the report, beside the copies (SCCIF 15.4: each copy says the lead inspector
 * sends the report itself). Undefined when there is no copy, or no address for the lead inspector. `duty` keys it: once
 * per stage, or per correction that sent copies later (app/correct-children.ts).
 */
export function reportCopiesTask(
  record: Pick<InspectionRecord, 'id' | 'establishment' | 'inspectorName' | 'inspectorEmail'>,
  copies: readonly { to: string; template: ReportCopyForPlacerInput }[],
  duty: string,
  baseUrl: string,
): { duty: string; recipientKey: string; to: string; template: ReportCopiesToSendInput } | undefined {
  const [first] = copies;
  if (!first || !record.inspectorEmail) return undefined;
  return {
    duty,
    recipientKey: 'lead-inspector',
    to: record.inspectorEmail,
    template: {
      template: 'reportCopiesToSend',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      leadInspectorName: record.inspectorName,
      stage: first.template.stage,
      issuedOn: first.template.issuedOn,
      placers: copies.map((copy) => ({ name: copy.template.placerName, email: copy.to })),
      baseUrl,
    },
  };
}
