/**
 * EventBridge, locally, for the one kind of rule the stack has on Step Functions: "Step Functions Execution Status
 * Change" events (FAILED, TIMED_OUT, ABORTED) sent to a Lambda target (record-run-failure). The rules are read from
 * the synthesized template, pattern and target alike, so the local runtime follows the stack: when a local run ends
 * with a status a rule matches, for a state machine it names, the target handler gets the event AWS would send.
 *
 * Delivery is asynchronous, as EventBridge's is: the handler runs after the run has ended, and an invocation that
 * fails is tried twice more (Lambda's asynchronous retries); what still fails is logged, where AWS would put it in the
 * rule's or the function's dead-letter queue. A run stopped by the runtime's own shutdown is not an ending (the next
 * start with the same data folder resumes it), so it sends no event.
 */
import { randomBytes } from 'node:crypto';
import type { LocalExecution } from './engine';
import { deliverToTarget, lambdaTargetsOf } from './event-rule-targets';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveIntrinsics, type CfnTemplate } from './template';

const SOURCE = 'aws.states';
const DETAIL_TYPE = 'Step Functions Execution Status Change';
/** Lambda's asynchronous invocation: the first attempt and two retries. */
const ATTEMPTS = 3;

export interface ExecutionStatusRule {
  /** The rule's logical id in the template. */
  id: string;
  statuses: ReadonlySet<string>;
  /** The state machines the rule names (every one when the pattern names none). */
  stateMachineArns?: ReadonlySet<string>;
  /** Handler ids of the rule's Lambda targets. */
  targets: readonly string[];
}

/** Every enabled EventBridge rule of the template on Step Functions execution status changes, with Lambda targets. */
export function executionStatusRules(template: CfnTemplate): ExecutionStatusRule[] {
  const rules: ExecutionStatusRule[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const properties = resolveIntrinsics(resource.Properties ?? {}, template) as {
      State?: string;
      EventPattern?: { source?: string[]; 'detail-type'?: string[]; detail?: { status?: string[]; stateMachineArn?: string[] } };
      Targets?: { Arn?: string }[];
    };
    const pattern = properties.EventPattern;
    if (properties.State === 'DISABLED' || !pattern?.source?.includes(SOURCE) || !pattern['detail-type']?.includes(DETAIL_TYPE)) continue;
    const targets = lambdaTargetsOf(id, properties.Targets, 'execution status changes');
    rules.push({
      id,
      statuses: new Set(pattern.detail?.status ?? []),
      ...(pattern.detail?.stateMachineArn ? { stateMachineArns: new Set(pattern.detail.stateMachineArn) } : {}),
      targets,
    });
  }
  return rules;
}

/** The event AWS sends for an execution that has ended (the input is included, as the console's default is). */
export function executionStatusEvent(execution: LocalExecution): Record<string, unknown> {
  const stopped = execution.stopDate ?? new Date();
  return {
    version: '0',
    id: randomBytes(16).toString('hex'),
    'detail-type': DETAIL_TYPE,
    source: SOURCE,
    account: LOCAL_ACCOUNT,
    time: stopped.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: stopped.getTime(),
      input: execution.input,
      output: execution.output ?? null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}

/**
 * The listener the engine calls when a run ends: each matching rule's targets are invoked with the event through
 * `invoke` (the engine's, so the runtime counts the work in flight).
 */
export function deliverExecutionStatus(
  rules: readonly ExecutionStatusRule[],
  invoke: (handlerId: string, event: unknown) => Promise<unknown>,
): (execution: LocalExecution) => void {
  return (execution) => {
    for (const rule of rules) {
      if (!rule.statuses.has(execution.status)) continue;
      if (rule.stateMachineArns && !rule.stateMachineArns.has(execution.stateMachineArn)) continue;
      const event = executionStatusEvent(execution);
      for (const target of rule.targets) void deliverToTarget(rule.id, target, event, invoke, { attempts: ATTEMPTS, what: 'an execution status change' });
    }
  };
}
