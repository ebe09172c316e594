/**
 * The failure path of every state machine: a step failed after its retries. The inspection is marked failed, the
 * failure is audited (by error name only), the run's pending approvals are closed (a decision on them is refused as
 * gone, 410, instead of being stored for a run that will never read it) and the manager is emailed once per process
 * run, naming the next deadline now at risk. A missing inspection is not an error here: there is nothing to mark,
 * and the run ends either way.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import type { EmailDeadline } from '../core/email-content';
import { NotFoundError } from '../core/errors';
import { timelineFor, type InspectionRecord } from '../core/inspection';
import type { ProcessId } from '../core/regulations';
import { APPROVAL_KINDS } from '../core/schemas';
import { approvalIdFor, InspectionIdText, MANAGER_ROLE_NAME, ProcessIdText, SENIOR_MANAGER_ROLE_NAME } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: ProcessIdText,
  /** The error name Step Functions caught, e.g. `States.TaskFailed` or `EmailSendError`. */
  error: z.string().max(1000),
});
export type Input = z.infer<typeof Input>;

export type Output = { recorded: false } | { recorded: true; email: SendOnceResult['status'] };

/** Error names are identifiers; anything else is not repeated in the audit or the email. */
function errorName(error: string): string {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(error) ? error : 'an unnamed error';
}

/**
 * What the manager is told is at risk: the earliest deadline of the process not yet done (its rule and source), or
 * the failure itself, due now, when no deadline is left or the timeline cannot be built.
 */
function atRisk(record: InspectionRecord, process: ProcessId, error: string, at: string): EmailDeadline {
  const stopped = `The ${process} workflow stopped after a step failed (${error})`;
  try {
    const open = timelineFor(record, process)
      .steps.filter((step) => step.kind === 'deadline' && !step.done)
      .sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0];
    if (open) return { id: open.id, title: `${stopped}; next step at risk: ${open.title}`, due: open.due, rule: open.rule, source: open.source };
  } catch {
    // A record the timeline cannot be built from is reported as the failure itself.
  }
  return { id: 'workflow-failed', title: stopped, due: at, rule: 'the run needs attention now', source: 'SCCIF Workflows' };
}

export async function lambdaHandler({ inspectionId, process, error }: Input, _context?: Context): Promise<Output> {
  const at = systemClock.now().toISOString();
  const store = repository();
  const name = errorName(error);
  let record = await store.getInspection(inspectionId);
  if (!record) return { recorded: false };
  if (record.status !== 'failed') {
    try {
      record = await store.setStatus(inspectionId, 'failed', at);
    } catch (caught) {
      if (caught instanceof NotFoundError) return { recorded: false };
      throw caught;
    }
    await store.audit(inspectionId, { at, actor: 'system', event: 'workflow-failed', detail: { process, error: name } });
  }
  // The approvals this run asked for (ids are derived from inspection, process and kind); a decided one stays decided.
  for (const kind of APPROVAL_KINDS) {
    await store.closeApproval(approvalIdFor(inspectionId, process, kind)).catch((caught: unknown) => {
      if (!(caught instanceof NotFoundError)) throw caught;
    });
  }

  const { status } = await sendOnce({
    inspectionId,
    duty: `failure:${process}`,
    recipientKey: 'manager',
    to: config.managerEmail,
    recipient: { kind: 'manager' },
    template: {
      template: 'escalation',
      inspectionId,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      managerName: MANAGER_ROLE_NAME,
      seniorManagerName: SENIOR_MANAGER_ROLE_NAME,
      step: atRisk(record, process, name, at),
      workingDaysOverdue: 0,
      baseUrl: config.appBaseUrl,
    },
    now: at,
  });
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'failure-notice-sent', detail: { process, error: name } });
  }
  return { recorded: true, email: status };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'record-failure' });
