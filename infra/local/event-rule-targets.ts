/**
 * What the local EventBridge rules (execution-status-rule.ts, ses-event-rule.ts) share: a rule's Lambda targets, read
 * from the template, and the asynchronous delivery of an event to one, retried as AWS retries it.
 */
const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:\d+:function:([A-Za-z0-9_-]+)$/;

/** The handler ids of a rule's targets; only Lambda targets are emulated locally (`what`: the events the rule is on). */
export function lambdaTargetsOf(ruleId: string, targets: readonly { Arn?: unknown }[] | undefined, what: string): string[] {
  const ids = (targets ?? []).map((target) => LAMBDA_ARN.exec(String(target.Arn ?? ''))?.[1]);
  if (ids.some((id) => id === undefined)) throw new Error(`rule ${ruleId}: only Lambda targets of ${what} are emulated locally`);
  return ids as string[];
}

export interface Delivery {
  /** The first attempt and the retries. */
  attempts: number;
  /** The wait before attempt `n` (1-based), in ms of the (virtual) clock; none when absent. */
  waitBefore?: (attempt: number) => number;
  /** The events, as the error line names them ("an SES event"). */
  what: string;
}

/** Invokes the target with the event until it succeeds or the attempts run out; what still fails is logged. */
export async function deliverToTarget(
  ruleId: string,
  handlerId: string,
  event: unknown,
  invoke: (handlerId: string, event: unknown) => Promise<unknown>,
  { attempts, waitBefore, what }: Delivery,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const wait = waitBefore?.(attempt) ?? 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      await invoke(handlerId, event);
      return;
    } catch (error) {
      lastError = error;
    }
  }
  // On AWS: a message in the rule target's or the function's dead-letter queue (alarmed).
  console.error(`rule ${ruleId}: ${handlerId} failed ${attempts} times on ${what}: ${(lastError as Error).name}`);
}
