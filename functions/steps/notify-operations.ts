/**
 * A step kept failing through its retries (SES or DynamoDB down or throttling, a bug): operations are told through
 * SNS (never SES, which may be what is down), and the state machine waits and tries the step again, for ever: an
 * outage delays a run, it never ends it. The notice names the inspection, the process, the state and the error name;
 * nothing else from the run. Recording the notice on the inspection's audit trail is best effort: DynamoDB may be
 * what is down, and the notice must go out all the same.
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { notifyOperations } from '../adapters/operations';
import { repository } from '../adapters/repository';
import { RETRY_AFTER_OUTAGE_MINUTES } from '../core/escalations';
import { InspectionIdText, ProcessIdText } from '../core/step-payloads';
import { stepHandler } from '../middleware/step';


export const Input = z.strictObject({
  inspectionId: InspectionIdText,
  process: ProcessIdText,
  /** The state that kept failing (a state name of our own definitions). */
  state: z.string().check(z.minLength(1), z.maxLength(80)),
  /** The error name Step Functions caught. */
  error: z.string().check(z.maxLength(1000)),
});
export type Input = z.infer<typeof Input>;

export interface Output {
  published: boolean;
}

/** Error names are identifiers; anything else is not repeated. */
function errorName(error: string): string {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(error) ? error : 'an unnamed error';
}

export async function lambdaHandler({ inspectionId, process, state, error }: Input): Promise<Output> {
  const at = systemClock.now().toISOString();
  const name = errorName(error);
  const { published } = await notifyOperations({
    subject: `SCCIF: "${state}" keeps failing (${name})`.slice(0, 100),
    message: [
      `Inspection ${inspectionId}, process ${process}: the step "${state}" failed with ${name} after its retries (${at}).`,
      `The run is not failed: it tries the step again every ${RETRY_AFTER_OUTAGE_MINUTES} minutes until it works, and sends nothing twice.`,
      'Check SES, DynamoDB and the function\'s logs; emails delayed meanwhile show as late, with the reason, in the notifications list.',
    ].join('\n'),
    inspectionId,
    process,
  });
  await repository()
    .audit(inspectionId, { at, actor: 'system', event: 'operations-notified', detail: { process, state, error: name, published } })
    .catch(() => undefined);
  return { published };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'notify-operations' });
