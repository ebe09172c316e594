/**
 * A step's deadline passed and it is not done: the manager and a senior manager are emailed once when it passes and
 * once at each daily reminder after it (the duty names the occasion, so a retry after midnight sends nothing twice).
 * A step done in the meantime is not escalated.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { EmailSendError, sendOnce } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { emailDeadline } from '../core/email-content';
import { timelineFor } from '../core/inspection';
import { overdueWorkingDays } from '../core/inspection-views';
import {
  checkProcessOf,
  escalationDuty,
  escalationOccasion,
  InspectionIdText,
  MANAGER_ROLE_NAME,
  ProcessIdText,
  SENIOR_MANAGER_ROLE_NAME,
  StepIdText,
  stepOf,
} from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText });
export type Input = z.infer<typeof Input>;

export type Output = { escalated: false } | { escalated: true; workingDaysOverdue: number };

export async function lambdaHandler({ inspectionId, process, stepId }: Input, _context?: Context): Promise<Output> {
  const now = systemClock.now();
  const at = now.toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  const timeline = timelineFor(record, process);
  const step = stepOf(timeline, stepId);
  if (record.actuals[process]?.[stepId]) return { escalated: false };

  const workingDaysOverdue = overdueWorkingDays(step, now);
  const duty = escalationDuty(process, stepId, escalationOccasion(step, now));
  const template = {
    template: 'escalation',
    inspectionId,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    managerName: MANAGER_ROLE_NAME,
    seniorManagerName: SENIOR_MANAGER_ROLE_NAME,
    step: emailDeadline(timeline.steps, stepId),
    workingDaysOverdue,
    baseUrl: config.appBaseUrl,
  } as const;

  const recipients = [
    { recipientKey: 'manager', to: config.managerEmail },
    { recipientKey: 'senior-manager', to: config.seniorManagerEmail },
  ];
  const failures: unknown[] = [];
  let sent = 0;
  for (const { recipientKey, to } of recipients) {
    try {
      const { status } = await sendOnce({
        inspectionId,
        duty,
        recipientKey,
        to,
        recipient: { kind: 'manager' },
        template,
        dueAt: step.due,
        now: at,
      });
      if (status === 'sent') sent += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  if (sent > 0) {
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'step-escalated',
      detail: { process, stepId, workingDaysOverdue, sent },
    });
  }
  if (failures.length > 0) {
    throw new EmailSendError(`${failures.length} escalation emails of inspection ${inspectionId} were not sent`, { cause: failures[0] });
  }
  return { escalated: true, workingDaysOverdue };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'escalate-overdue' });
