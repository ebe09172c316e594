/**
 * A run of one of our state machines failed, timed out or was stopped (EventBridge: Step Functions execution status
 * change). Whatever ended it (a failure the run could not record itself, a timeout, a person stopping it), the
 * inspection is marked failed, its pending approvals are closed, and operations are told through the operations topic
 * (SNS), not by email: SES may be what failed. A run stopped because a manager withdrew its inspection only has its
 * approvals closed: the inspection stays withdrawn (setStatus never writes over it) and nobody is told. The event is AWS's, so unknown fields are let through.
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { notifyOperations } from '../adapters/operations';
import { repository } from '../adapters/repository';
import { approvalIdFor } from '../core/approvals';
import { NotFoundError } from '../core/errors';
import { runOfName } from '../core/long-clocks';
import type { ProcessId } from '../core/regulations';
import { RUN_ENDINGS } from '../core/run-endings';
import { APPROVAL_KINDS } from '../core/schemas';
import { InspectionIdText } from '../core/step-payloads';
import { stepHandler } from '../middleware/step';

export const Input = z.looseObject({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.looseObject({
    executionArn: z.string().check(z.regex(/^arn:[\w-]+:states:/, 'must be an execution ARN')),
    name: z.string().check(z.minLength(1), z.maxLength(80)),
    status: z.enum(RUN_ENDINGS),
    input: z.nullish(z.string()),
    error: z.nullish(z.string()),
  }),
});
export type Input = z.infer<typeof Input>;

export type Output = { inspectionId: string | null; process: ProcessId | null; markedFailed: boolean; notified: boolean };

/** Identifiers only: anything else in an error (which may quote input) is not repeated. */
const identifier = (text: string | null | undefined): string | undefined =>
  text && /^[A-Za-z0-9._:-]{1,128}$/.test(text) ? text : undefined;

/** The run's inspection: its input's `inspectionId` (every run has one), else the one its name carries. */
function inspectionOf(detail: Input['detail']): { inspectionId?: string; process?: ProcessId } {
  const run = runOfName(detail.name);
  let fromInput: string | undefined;
  try {
    const parsed = InspectionIdText.safeParse((JSON.parse(detail.input ?? 'null') as { inspectionId?: unknown } | null)?.inspectionId);
    if (parsed.success) fromInput = parsed.data;
  } catch {
    // Input not included or not JSON: the name says it.
  }
  return { inspectionId: fromInput ?? run?.inspectionId, process: run?.process };
}

const ignoreNotFound = (caught: unknown) => {
  if (!(caught instanceof NotFoundError)) throw caught;
};

export async function lambdaHandler({ detail }: Input): Promise<Output> {
  const at = systemClock.now().toISOString();
  const { inspectionId, process } = inspectionOf(detail);
  const error = identifier(detail.error);
  let markedFailed = false;
  if (inspectionId) {
    const store = repository();
    const record = await store.getInspection(inspectionId);
    if (record && record.status !== 'failed' && record.status !== 'withdrawn') {
      try {
        await store.setStatus(inspectionId, 'failed', at);
        markedFailed = true;
        await store.audit(inspectionId, {
          at,
          actor: 'system',
          event: 'workflow-failed',
          detail: { process: process ?? null, error: error ?? `execution ${detail.status}` },
        });
      } catch (caught) {
        ignoreNotFound(caught);
      }
    }
    if (record && process) {
      for (const kind of APPROVAL_KINDS) await store.closeApproval(approvalIdFor(inspectionId, process, kind)).catch(ignoreNotFound);
    }
    // A manager withdrew the inspection and its runs were stopped for it: nothing failed, nobody needs telling.
    if (record?.status === 'withdrawn' && detail.status === 'ABORTED') {
      return { inspectionId, process: process ?? null, markedFailed: false, notified: false };
    }
  }
  const { published } = await notifyOperations({
    ...(inspectionId ? { inspectionId } : {}),
    ...(process ? { process } : {}),
    subject: `SCCIF Workflows: ${process ?? 'a'} run ${detail.status.toLowerCase().replace('_', ' ')}`,
    message: [
      `A run of the ${process ?? 'unknown'} process ended ${detail.status} at ${at}.`,
      `Inspection: ${inspectionId ?? 'unknown'}${markedFailed ? ' (now marked failed)' : ''}`,
      `Execution: ${detail.executionArn}`,
      ...(error ? [`Error: ${error}`] : []),
      'The run does not resume by itself: see the execution history in the Step Functions console.',
    ].join('\n'),
  });
  return { inspectionId: inspectionId ?? null, process: process ?? null, markedFailed, notified: published };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'record-run-failure' });
