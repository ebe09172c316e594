/**
 * The AWS SDK's standard retry strategy (the same decisions: which errors are retryable, how many attempts) with
 * no back-off sleep, for tests of SDK retries: they prove what is retried and how often, not how long the client
 * waits, and the real back-off (up to seconds of jittered sleep per test) is wall time the suite need not spend.
 */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

export function zeroDelayRetries(maxAttempts: number): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, () => 0);
}
