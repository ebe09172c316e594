/**
 * A report stage was recorded by a person (the state machine waited for it): the provider is told, with the next
 * deadline counted from the recorded day (comments, complaints); with the final report, each parent who placed a child
 * and was alerted gets a copy notice (SCCIF 15.4). The rules: core/reports.ts.
 */
import { replyToLeadInspector } from '../core/inspection';
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { stepOf } from '../core/deadlines';
import { reportCopiesToSend as reportCopiesToSendEmail, reportCopyForPlacer as reportCopyForPlacerEmail, reportIssued as reportIssuedEmail } from '../core/email-content';
import { placerCopies, placerCopyStage, reportCopiesTask, recordedStageDay, REPORT_STEPS, REPORTING_PROCESSES, reportDuty, reportIssued, type ReportStage } from '../core/reports';
import type { LocalDate } from '../core/calendar';
import { visitDuty } from '../core/monitoring-visits';
import { InspectionIdText, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: z.enum(REPORTING_PROCESSES),
  stepId: z.enum(REPORT_STEPS),
  visitNumber: VisitNumber,
});
export type Input = z.infer<typeof Input>;

export interface Output {
  stage: ReportStage;
  issuedOn: LocalDate;
  sent: number;
}

export async function lambdaHandler({ inspectionId, process, stepId }: Input, step: InspectionStep): Promise<Output> {
  const { at, store, record } = step;
  const issuedOn = recordedStageDay(record, process, stepId);
  // SCCIF 15.1: the manager decided not to publish the monitoring report: nobody is told it is published.
  if (process === 'monitoring-visit' && stepId === 'publish' && record.monitoringReportNotPublished) {
    return { stage: stepId, issuedOn, sent: 0 };
  }
  const dueAt = stepOf(step.timeline, stepId).due;
  // SCCIF 15.4: a parent who placed a child gets the report when it is final, not the draft for factual accuracy.
  const copies = stepId === placerCopyStage(process) ? placerCopies(record, process, await store.listEmails(inspectionId), issuedOn) : [];
  const result = await sendEach([
    {
      inspectionId,
      duty: visitDuty(record, process, reportDuty(process, stepId)),
      recipientKey: 'provider',
      to: record.provider.email,
      recipient: { kind: 'provider' },
      ...replyToLeadInspector(record),
      // The timeline is built from the record as recorded: comments and complaints count from the recorded day.
      template: reportIssued(record, process, stepId, step.timeline.steps, issuedOn),
      render: reportIssuedEmail,
      dueAt,
      now: at,
    },
    ...copies.map((copy) => ({ inspectionId, ...copy, recipient: { kind: 'placer' as const }, ...replyToLeadInspector(record), render: reportCopyForPlacerEmail, dueAt, now: at })),
    // Each copy says the lead inspector sends the report itself: they are told to whom.
    ...[reportCopiesTask(record, copies, `report-copy-task:${process}`, config.appBaseUrl)].flatMap((task) =>
      task === undefined ? [] : [{ inspectionId, ...task, recipient: { kind: 'inspector' as const }, render: reportCopiesToSendEmail, now: at }],
    ),
  ]);
  if (result.sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'report-issued', detail: { process, stepId, sent: result.sent } });
  }
  result.settle((failed, of) => `${failed} of ${of} report emails (${stepId}) of inspection ${inspectionId} were not sent; a retry sends only those`);
  return { stage: stepId, issuedOn, sent: result.sent };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'issue-report' });
