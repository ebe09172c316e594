/** V8 flags for the processes of a test run (node-flags.mjs says which and why). */
export declare const TEST_NODE_FLAGS: readonly string[];
