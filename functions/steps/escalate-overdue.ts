/**
 * A step's deadline passed and it is not done: the manager and a senior manager are emailed once when it passes and
 * once at each daily reminder after it (the duty names the occasion, so a retry after midnight sends nothing twice).
 * A step done in the meantime is not escalated. The rules: core/escalations.ts.
 */
import * as z from 'zod';
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { stepOf } from '../core/deadlines';
import { emailDeadline } from '../core/email-content';
import { escalation, escalationDuty, escalationOccasion } from '../core/escalations';
import { overdueWorkingDays } from '../core/inspection-views';
import { InspectionIdText, ProcessIdText, StepIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText });
export type Input = z.infer<typeof Input>;

export type Output = { escalated: false } | { escalated: true; workingDaysOverdue: number };

export async function lambdaHandler({ inspectionId, process, stepId }: Input, { now, at, store, record, timeline }: InspectionStep): Promise<Output> {
  const step = stepOf(timeline, stepId);
  if (record.actuals[process]?.[stepId]) return { escalated: false };

  const workingDaysOverdue = overdueWorkingDays(step, now);
  const duty = escalationDuty(process, stepId, escalationOccasion(step, now));
  const template = escalation({
    inspectionId,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    step: emailDeadline(timeline.steps, stepId),
    workingDaysOverdue,
    baseUrl: config.appBaseUrl,
  });
  const managers = [
    { recipientKey: 'manager', to: config.managerEmail },
    { recipientKey: 'senior-manager', to: config.seniorManagerEmail },
  ];
  const { sent, settle } = await sendEach(
    managers.map(({ recipientKey, to }) => ({ inspectionId, duty, recipientKey, to, recipient: { kind: 'manager' }, template, dueAt: step.due, now: at })),
  );
  if (sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'step-escalated', detail: { process, stepId, workingDaysOverdue, sent } });
  }
  settle((failed) => `${failed} escalation emails of inspection ${inspectionId} were not sent`);
  return { escalated: true, workingDaysOverdue };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'escalate-overdue' });
