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
import { owedNow } from '../app/owed-escalations';
import { approvalIdFor, decisionDischarges, DECIDER_ROLE_NAMES, DECIDERS } from '../core/approvals';
import { askedAlreadyOverdue, escalatesToLeadInspector, escalation, escalationRecipients, heldBackBy, type EscalationRecipient, type OwedEscalation } from '../core/escalations';
import type { ApprovalKind } from '../core/schemas';
import { inspectionToLog } from '../core/awaited';
import { notYetRecordable } from '../core/recorded-steps';
import { InspectionIdText, ProcessIdText, StepIdText, VisitNumber } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, stepId: StepIdText, visitNumber: VisitNumber });
export type Input = z.infer<typeof Input>;

export type Output = ({ escalated: false } | { escalated: true; workingDaysOverdue: number }) & {
  /** Steps the run waits for only after this one, escalated with it (watchedSteps), when any was owed. */
  alsoEscalated?: { stepId: string; workingDaysOverdue: number }[];
};

export async function lambdaHandler({ inspectionId, process: asked, stepId }: Input, step: InspectionStep): Promise<Output> {
  // Held by another process's timeline: escalated as that step, the same duty, so the second asking sends nothing.
  // Done, or before the deadline (a check called early): nothing to escalate. A later step the run waits for only
  // after this one (the publication while the report to the provider is awaited) is escalated as its deadline passes.
  // Off the cadence (woken for the other): a catch-up of a step escalated on its last occasion is not owed.
  const owed = (await owedNow(step, asked, stepId)).map(({ escalation }) => escalation);
  for (const escalation of owed) await escalate(escalation, { ...step, inspectionId });
  const mine = owed.find((escalation) => escalation.step.id === stepId);
  const held = owed.filter((escalation) => escalation !== mine).map(({ step, occasion }) => ({ stepId: step.id, workingDaysOverdue: occasion.number }));
  return {
    ...(mine ? { escalated: true as const, workingDaysOverdue: mine.occasion.number } : { escalated: false as const }),
    ...(held.length > 0 ? { alsoEscalated: held } : {}),
  };
}

/** Emails one owed escalation to the managers (and the lead inspector for their own steps), once per duty. */
async function escalate(
  { process, timeline, step, occasion, duty }: OwedEscalation,
  { inspectionId, now, at, store, record }: Pick<InspectionStep, 'now' | 'at' | 'store' | 'record'> & { inspectionId: string },
): Promise<void> {
  const stepId = step.id;
  const workingDaysOverdue = occasion.number;
  // A step that cannot be recorded yet (a publication within the provider's time for comments) says when it can be.
  const blocked = step.recordable ? notYetRecordable(timeline, step, londonDateOf(now)) : undefined;
  // A return inspection to log (the full inspection within 16 weeks): the email says how it is met.
  const toLog = inspectionToLog(record, process, step);
  const escalated = escalation({
    inspectionId,
    process,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
    step: emailDeadline(timeline.steps, stepId),
    occasion,
    ...(blocked ? { notYetRecordable: blocked.inWords } : {}),
    ...(toLog ? { inspectionToLog: toLog } : {}),
    heldBack: heldBackBy(timeline, stepId, now),
    baseUrl: config.appBaseUrl,
  });
  const approval = await approvalOfStep({ inspectionId, process, stepId, store });
  const deciders = approval && DECIDERS[approval.kind];
  const template = {
    ...escalated,
    ...(approval && deciders ? { approval: { approvalId: approval.approvalId, deciderName: DECIDER_ROLE_NAMES[deciders], decidedByManagers: deciders === 'managers' } } : {}),
  };
  const kinds = escalationRecipients({
    ...(deciders === undefined ? {} : { decidedBy: deciders }),
    askedToday: approval !== undefined && askedAlreadyOverdue(step, occasion, approval.createdAt),
    // The lead inspector's own steps (the judgements, SCCIF 15.3) reach them too, when their address is known.
    toLeadInspector: escalatesToLeadInspector(process, stepId) && record.inspectorEmail !== undefined,
  });
  const recipients = kinds.map((kind) => ({ ...addressOf(kind, record), kind }));
  const { sent, settle } = await sendEach(
    recipients.map(({ recipientKey, to, kind }) => ({
      inspectionId,
      duty,
      recipientKey,
      to,
      recipient: { kind },
      // The senior manager's (senior HMI's) is a copy for information, and says so; the lead inspector's greets them.
      template:
        kind === 'senior-manager'
          ? { ...template, seniorManagerCopy: true }
          : kind === 'inspector'
            ? { ...template, leadInspectorName: record.inspectorName }
            : kind === 'compliance-inspectors'
              ? { ...template, deciderCopy: true }
              : template,
      render: escalationEmail,
      dueAt: step.due,
      now: at,
    })),
  );
  if (sent > 0) {
    await store.audit(inspectionId, { at, actor: 'system', event: 'step-escalated', detail: { process, stepId, workingDaysOverdue, sent } });
  }
  settle((failed) => `${failed} escalation emails of inspection ${inspectionId} were not sent`);
}

/** Where each recipient of an escalation is reached, and its key in the outbox (one email per duty and key). */
function addressOf(kind: EscalationRecipient, record: InspectionStep['record']): { recipientKey: string; to: string } {
  switch (kind) {
    case 'manager':
      return { recipientKey: 'manager', to: config.managerEmail };
    case 'senior-manager':
      return { recipientKey: 'senior-manager', to: config.seniorManagerEmail };
    case 'compliance-inspectors':
      return { recipientKey: 'compliance-inspectors', to: config.complianceInspectorsEmail };
    case 'inspector':
      // escalationRecipients names the lead inspector only when their address is known.
      return { recipientKey: 'lead-inspector', to: record.inspectorEmail! };
  }
}

/** The approval that decides the step (a case review, the family centre's case discussion), once it was asked for. */
async function approvalOfStep({ inspectionId, process, stepId, store }: { inspectionId: string; process: OwedEscalation['process']; stepId: string; store: InspectionStep['store'] }) {
  if (!decisionDischarges(process, stepId)) return undefined;
  for (const kind of Object.keys(DECIDERS) as ApprovalKind[]) {
    const approval = await store.getApproval(approvalIdFor(inspectionId, process, kind));
    if (approval?.stepId === stepId) return approval;
  }
  return undefined;
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'escalate-overdue' });
