/**
 * A manager withdraws an inspection logged by mistake (core/withdrawal.ts says what that means and why). In order,
 * each part idempotent, so that the same request sent again completes what an interrupted one left undone:
 * 1. the record is marked withdrawn, with who, when and why (one conditional write: the first reason stands);
 * 2. the later runs its long clocks scheduled are cancelled, and its running runs stopped (every state machine);
 * 3. its pending approvals are closed, so no manager is asked to decide on it; a return inspection's earlier
 *    inspection has its return open again, with a run waiting for it again (reopenReturnedTo);
 * 4. its lead inspector is emailed (once: the outbox), unless they withdrew it themselves or their address is unknown;
 *    and whoever was asked for a decision it closed is told it is no longer needed.
 * The answer lists the emails already sent outside Ofsted, for the manager to tell those people. Should the lead
 * inspector's email fail, everything else is done, and the same request again sends it (EmailSendError: 502).
 */
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { repository, type OutboxItem } from '../adapters/repository';
import { schedules } from '../adapters/scheduler';
import { stopRunsOf, workflows } from '../adapters/workflows';
import { childNamedIn } from '../core/alerts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { laterRunInput, laterRunName, reopenedRunName, scheduleNameFor } from '../core/long-clocks';
import { stepWaitKey } from '../core/monitoring-visits';
import { returnStepsOf } from '../core/return-visits';
import { isProcessId, type ProcessId } from '../core/regulations';
import type { InspectionWithdrawn } from '../core/schemas';
import { approvalNoLongerNeeded as approvalNoLongerNeededEmail, inspectionWithdrawn as inspectionWithdrawnEmail } from '../core/email-content';
import { approvalIdFor } from '../core/approvals';
import { APPROVAL_KINDS, type ApprovalKind } from '../core/schemas';
import { timelineFor, type InspectionRecord } from '../core/inspection';
import { approvalClosedNotices, emailedOutsideOfsted, WITHDRAWAL_NOTICE_DUTY, withdrawalNotice, withdrawalRefusal, WITHDRAWN_RUN_CAUSE } from '../core/withdrawal';
import { requireManager } from './access';
import { displayNameOf, type Caller } from './caller';

export interface WithdrawInspection {
  inspectionId: string;
  withdrawal: InspectionWithdrawn;
}

const ignoreNotFound = (caught: unknown) => {
  if (!(caught instanceof NotFoundError)) throw caught;
};

/** The schedules of later runs the inspection's long clocks set (the audit trail names each: process and step). */
async function cancelLaterRuns(inspectionId: string): Promise<number> {
  let cancelled = 0;
  for (const { event, detail } of await repository().listAudit(inspectionId)) {
    if (event !== 'run-scheduled' || detail?.how !== 'scheduled') continue;
    const { process, stepId } = detail;
    if (typeof process !== 'string' || !isProcessId(process) || typeof stepId !== 'string') continue;
    if ((await schedules().cancel(scheduleNameFor(laterRunName(inspectionId, process, stepId)))).cancelled) cancelled += 1;
  }
  return cancelled;
}

/** What a manager about to withdraw the inspection sees: the inspection, and who outside Ofsted was already emailed. */
export async function withdrawalPreview(inspectionId: string, caller: Caller) {
  requireManager(caller, 'withdraw an inspection');
  const record = await repository().requireInspection(inspectionId);
  const [emails, directory, pending, discharged] = await Promise.all([
    repository().listEmails(inspectionId),
    repository().listLocalAuthorities(),
    repository().listPendingApprovals(),
    dischargedReturn(record),
  ]);
  return {
    record,
    directory,
    // A return inspection: the earlier inspection's step it marked done, which withdrawing it opens again.
    ...(discharged ? { reopens: reopenedStep(discharged) } : {}),
    emailedOutsideOfsted: emailedOutsideOfsted(emails),
    // The decisions waiting on it, which withdrawing closes.
    pendingApprovals: pending.filter((approval) => approval.inspectionId === inspectionId).map(({ kind }) => kind),
    // Whether its lead inspector will be told (withdrawalNotice), as if this caller withdrew it now.
    leadInspectorToBeEmailed: record.inspectorEmail !== undefined && record.inspectorId !== caller.id,
  };
}

export async function withdrawInspection({ inspectionId: id, withdrawal: { reason } }: WithdrawInspection, caller: Caller, now: Date) {
  requireManager(caller, 'withdraw an inspection');
  const record = await repository().requireInspection(id);
  const named = childNamedIn('reason', reason, record, 'it is kept in the audit trail, which names no child: describe the mistake without the child');
  if (named.length > 0) throw new ValidationError(named);
  const refused = withdrawalRefusal(record, reason);
  if (refused) throw new ConflictError(refused);

  const at = now.toISOString();
  const written = await repository().withdrawInspection(id, { withdrawnBy: caller.id, withdrawnByName: displayNameOf(caller), withdrawnAt: at, reason });
  const withdrawal = written.record.withdrawal;
  // Withdrawn by someone else meanwhile, with another reason.
  if (!withdrawal || (!written.withdrawn && withdrawal.reason !== reason)) throw new ConflictError(withdrawalRefusal(written.record, reason) ?? 'this inspection was changed meanwhile: reload it');
  if (written.withdrawn) {
    await repository().audit(id, { at, actor: caller.id, event: 'inspection-withdrawn', detail: { process: record.process, reason } });
  }

  const returnReopened = await reopenReturnedTo(written.record, caller, at);
  const laterRunsCancelled = await cancelLaterRuns(id);
  const runsStopped = await stopRunsOf(workflows(), id, WITHDRAWN_RUN_CAUSE);
  let approvalsClosed = 0;
  for (const approval of await repository().listPendingApprovals()) {
    if (approval.inspectionId !== id) continue;
    const closed = await repository().closeApproval(approval.approvalId).catch(ignoreNotFound);
    if (closed?.closed) approvalsClosed += 1;
  }
  if (runsStopped.length + laterRunsCancelled + approvalsClosed > 0) {
    await repository().audit(id, {
      at,
      actor: caller.id,
      event: 'runs-stopped',
      detail: { runs: runsStopped.join(' '), laterRunsCancelled, approvalsClosed },
    });
  }

  const emails = await repository().listEmails(id);
  const { leadInspectorEmailed, decisionsNoLongerNeeded } = await tellThoseConcerned(written.record, emails, caller, now);
  return {
    inspectionId: id,
    status: written.record.status,
    withdrawal,
    alreadyWithdrawn: !written.withdrawn,
    runsStopped,
    laterRunsCancelled,
    approvalsClosed,
    ...(returnReopened ? { returnReopened } : {}),
    /** Told something of the inspection before it was withdrawn: not emailed again; the manager tells them. */
    emailedOutsideOfsted: emailedOutsideOfsted(emails).map(({ duty, recipient, to, sentAt }) => ({ duty, recipient, to, sentAt })),
    leadInspectorEmailed,
    /** Whoever was asked for a decision the withdrawal closed is told it is no longer needed: how many emails. */
    decisionsNoLongerNeeded,
  };
}

/**
 * A return inspection logged by mistake had marked the earlier inspection's return (its return full inspection, its
 * full inspection within 16 weeks, its next inspection) carried out on its first day: that step is open again, so that
 * the real return inspection can be logged of it and its deadline shows. The run that waited for it was told the step
 * happened and has moved on: a run of the process that holds the step (the first of the timelines it was marked in) is
 * started at that step to wait for it again (watchAgain), escalating it as the first run would have.
 */
async function reopenReturnedTo(record: InspectionRecord, caller: Caller, at: string): Promise<{ inspectionId: string; stepId: string; watchedBy?: string } | undefined> {
  const discharged = await dischargedReturn(record);
  if (!discharged || !('inspectionStart' in record.dates)) return undefined;
  const { original, stepId, holder } = discharged;
  const originalId = original.id;
  const carriedOut = record.dates.inspectionStart;
  let reopened = 0;
  for (const [process, steps] of Object.entries(original.actuals)) {
    if (!isProcessId(process) || steps?.[stepId] !== carriedOut) continue;
    if ((await repository().reopenActual(originalId, process, stepId, carriedOut, at)).reopened) reopened += 1;
  }
  if (reopened > 0) {
    await repository().audit(originalId, { at, actor: caller.id, event: 'return-inspection-withdrawn', detail: { stepId, inspectionId: record.id, carriedOut } });
  }
  const watchedBy = holder ? await watchAgain(originalId, holder, stepId, record.id, at) : undefined;
  return { inspectionId: originalId, stepId, ...(watchedBy ? { watchedBy } : {}) };
}

/**
 * The earlier inspection a return inspection was logged of, and the step of it that logging it marked done (the audit
 * of the earlier one names it, with the process whose timeline holds it first); undefined for any other inspection.
 */
async function dischargedReturn(record: InspectionRecord): Promise<{ original: InspectionRecord; stepId: string; holder?: ProcessId } | undefined> {
  const originalId = record.followUpOf;
  if (!originalId) return undefined;
  const logged = (await repository().listAudit(originalId)).find(
    ({ event, detail }) => event === 'return-inspection-logged' && detail?.inspectionId === record.id && typeof detail.stepId === 'string',
  );
  if (!logged) return undefined;
  const holder = logged.detail!.process;
  return {
    original: await repository().requireInspection(originalId),
    stepId: String(logged.detail!.stepId),
    ...(typeof holder === 'string' && isProcessId(holder) ? { holder } : {}),
  };
}

/** What the withdrawal page says it opens again: the earlier inspection, and the step with its title and due day. */
function reopenedStep({ original, stepId, holder }: { original: InspectionRecord; stepId: string; holder?: ProcessId }) {
  const step = holder ? timelineFor(original, holder).steps.find((candidate) => candidate.id === stepId) : undefined;
  return {
    inspectionId: original.id,
    establishmentName: original.establishment.name,
    ...(step ? { stepTitle: step.title, due: step.dueLondonDate } : {}),
  };
}

/**
 * Starts a run of `process` at the reopened step (its workflow's resumable entry: core/return-visits.ts returnStepsOf),
 * unless something waits for it already: a run's wait for the step (its task token is stored while it waits), or a
 * long clock's later run still to start (its schedule's instant is ahead: that run will find the step open). The run's
 * name is fixed by the withdrawn inspection, so the same withdrawal sent again starts no second run; its name begins
 * with the earlier inspection's id, so withdrawing that one stops it too. Returns the run's name when there is one.
 */
async function watchAgain(originalId: string, process: ProcessId, stepId: string, withdrawnId: string, at: string): Promise<string | undefined> {
  if (!returnStepsOf(process).includes(stepId)) return undefined;
  const executionName = reopenedRunName(originalId, process, stepId, withdrawnId);
  const runs = (await repository().listAudit(originalId)).filter(({ event, detail }) => event === 'run-scheduled' && detail?.process === process && detail.stepId === stepId);
  // Started by this withdrawal already (the same request sent again).
  if (runs.some(({ detail }) => detail?.how === 'started-again' && detail.runName === executionName)) return executionName;
  if ((await repository().getStepToken(originalId, process, stepWaitKey(stepId))) !== undefined) return undefined;
  if (runs.some(({ detail }) => detail?.how === 'scheduled' && typeof detail.startsAt === 'string' && detail.startsAt > at)) return undefined;
  const started = await workflows().startProcess({ processId: process, executionName, input: laterRunInput(originalId, stepId) });
  if (!started.alreadyStarted) {
    await repository().audit(originalId, { at, actor: 'system', event: 'run-scheduled', detail: { process, stepId, startsAt: at, how: 'started-again', runName: executionName } });
  }
  return executionName;
}

/** The decisions asked for by email (approval requests) whose approval is closed now: none is needed any more. */
async function closedRequests(record: InspectionRecord, emails: readonly OutboxItem[]) {
  const closed: { approvalId: string; process: ProcessId; kind: ApprovalKind }[] = [];
  for (const duty of new Set(emails.map((email) => email.duty).filter((duty) => duty.startsWith('approval-request:')))) {
    const [, process, kind] = duty.split(':');
    if (!process || !isProcessId(process) || !(APPROVAL_KINDS as readonly string[]).includes(kind ?? '')) continue;
    const approvalId = approvalIdFor(record.id, process, kind as ApprovalKind);
    if ((await repository().getApproval(approvalId))?.status === 'closed') closed.push({ approvalId, process, kind: kind as ApprovalKind });
  }
  return closed;
}

/**
 * Emails the lead inspector that their inspection was withdrawn (withdrawalNotice), and whoever was asked for a decision
 * it closed that the decision is no longer needed (approvalClosedNotices); each once (the outbox), so that the same
 * request again sends only what failed.
 */
async function tellThoseConcerned(record: InspectionRecord, emails: readonly OutboxItem[], caller: Caller, now: Date) {
  const notice = withdrawalNotice(record, emails, config.appBaseUrl);
  const closedNotices = approvalClosedNotices(record, emails, await closedRequests(record, emails), config.appBaseUrl);
  const at = now.toISOString();
  const sending = await sendEach([
    ...(notice
      ? [
          {
            inspectionId: record.id,
            duty: WITHDRAWAL_NOTICE_DUTY,
            recipientKey: 'lead-inspector',
            to: notice.to,
            recipient: { kind: 'inspector' as const },
            template: notice.template,
            render: inspectionWithdrawnEmail,
            now: at,
          },
        ]
      : []),
    ...closedNotices.map(({ duty, recipientKey, to, recipient, template }) => ({
      inspectionId: record.id,
      duty,
      recipientKey,
      to,
      recipient,
      template,
      render: approvalNoLongerNeededEmail,
      now: at,
    })),
  ]);
  if (sending.sent > 0) await repository().audit(record.id, { at, actor: caller.id, event: 'withdrawal-notices-sent', detail: { sent: sending.sent } });
  sending.settle(() => `the inspection was withdrawn, but the emails telling the lead inspector or a decision's recipients were not all sent; sending the same request again sends them`);
  return { leadInspectorEmailed: notice !== undefined, decisionsNoLongerNeeded: closedNotices.length };
}
