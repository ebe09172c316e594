/**
 * The statuses that end a Step Functions run without success. The stack's EventBridge rule listens for them and
 * record-run-failure accepts them: each marks the inspection failed and tells operations.
 */
export const RUN_ENDINGS = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export type RunEnding = (typeof RUN_ENDINGS)[number];
