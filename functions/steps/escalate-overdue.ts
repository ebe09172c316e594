/**
 * A step's deadline passed and it is not done: the manager and a senior manager are emailed once when it passes and
 * then on the working days of the escalation cadence (the duty names the working day, so a retry after midnight
 * sends nothing twice, and there is at most one escalation of a step a working day).
 * A step done in the meantime is not escalated. The rules: core/escalations.ts.
 */
import * as z from 'zod/mini';
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { emailDeadline, escalation as escalationEmail } from '../core/email-content';
import { londonDateOf } from '../core/calendar';
import { escalatesToLeadInspector, escalation, owedEscalation } from '../core/escalations';
import { notYetRecordable } from '../core/recorded-steps';
import { InspectionIdText, ProcessIdText, StepIdText, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText, visitNumber: VisitNumber });
export type Input = z.infer<typeof Input>;

export type Output = { escalated: false } | { escalated: true; workingDaysOverdue: number };

export async function lambdaHandler({ inspectionId, process: asked, stepId }: Input, { now, at, store, record, timeline: own }: InspectionStep): Promise<Output> {
  // Held by another process's timeline: escalated as that step, the same duty, so the second asking sends nothing.
  // Done, or before the deadline (a check called early): nothing to escalate.
  const owed = owedEscalation(record, asked, own, stepId, now);
  if (!owed) return { escalated: false };
  const { process, timeline, step, occasion, duty } = owed;
  const workingDaysOverdue = occasion.number;
  // A step that cannot be recorded yet (a publication within the provider's time for comments) says when it can be.
  const blocked = step.recordable ? notYetRecordable(timeline, step, londonDateOf(now)) : undefined;
  const template = escalation({
    inspectionId,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    step: emailDeadline(timeline.steps, stepId),
    occasion,
    ...(blocked ? { notYetRecordable: blocked.inWords } : {}),
    baseUrl: config.appBaseUrl,
  });
  const recipients: { recipientKey: string; to: string; kind: 'manager' | 'senior-manager' | 'inspector' }[] = [
    { recipientKey: 'manager', to: config.managerEmail, kind: 'manager' },
    { recipientKey: 'senior-manager', to: config.seniorManagerEmail, kind: 'senior-manager' },
  ];
  // The lead inspector's own steps (the judgements, SCCIF 15.3) reach them too, when their address is known.
  if (escalatesToLeadInspector(process, stepId) && record.inspectorEmail) {
    recipients.push({ recipientKey: 'lead-inspector', to: record.inspectorEmail, kind: 'inspector' });
  }
  const { sent, settle } = await sendEach(
    recipients.map(({ recipientKey, to, kind }) => ({
      inspectionId,
      duty,
      recipientKey,
      to,
      recipient: { kind },
      // The senior manager's (senior HMI's) is a copy for information, and says so; the lead inspector's greets them.
      template:
        kind === 'senior-manager' ? { ...template, seniorManagerCopy: true } : kind === 'inspector' ? { ...template, leadInspectorName: record.inspectorName } : template,
      render: escalationEmail,
      dueAt: step.due,
      now: at,
    })),
  );
  if (sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'step-escalated', detail: { process, stepId, workingDaysOverdue, sent } });
  }
  settle((failed) => `${failed} escalation emails of inspection ${inspectionId} were not sent`);
  return { escalated: true, workingDaysOverdue };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'escalate-overdue' });
