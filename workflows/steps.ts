/**
 * Building blocks shared by the workflow files: Lambda tasks with the standard retry and catch, approval and
 * outcome waits with escalation, and the report chain read from the regulations.
 *
 * State data conventions (JSONPath only, no variables, no $$.State: the local engine supports nothing else; see
 * ../shared/LOCAL-RUNTIME-FACTS.md and the infra test that checks the synthesized definitions):
 *   $.inspectionId       the inspection the run belongs to (execution input)
 *   $.timeline           compute-timeline result: { deadlines: { <camelCaseStepId>: ISO instant } }
 *   $.Payload            measure-time-left result: { seconds, dueAt } (named Payload on purpose: see waitWithEscalation)
 *   $.outcome            the outcome recorded by the inspector (await-outcome)
 *   $.decision           a manager's decision (request-approval): { approvalId, decision, rationale, decidedBy }
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { StepHandlerId } from '../functions/handlers';
import { PROCESSES, type ProcessId } from '../functions/core/regulations';
import { deadlineKey } from '../functions/core/deadlines';
import { NON_RETRYABLE_ERRORS } from '../functions/core/errors';
import type { ReportStage } from '../functions/core/reports';
import type { ApprovalKind, ApprovalOption } from '../functions/core/schemas';

export type WorkflowFunctions = Record<StepHandlerId, lambda.IFunction>;

/** Other state machines a workflow may start, by process id. */
export type FollowUpMachines = Partial<Record<ProcessId, sfn.IStateMachine>>;

/** Where a step's due instant is in the state: under the key compute-timeline writes it with (core/deadlines.ts). */
export function deadlinePath(stepId: string): string {
  return `$.timeline.deadlines.${deadlineKey(stepId)}`;
}

/** Retries for transient failures: exponential back-off with full jitter, so retries of many runs spread out. */
const RETRY: sfn.RetryProps = {
  errors: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
  interval: Duration.seconds(2),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.minutes(1),
  jitterStrategy: sfn.JitterType.FULL,
};

/** How long a parent waits for a follow-up run it started (bounded by the child's own deadlines and escalations). */
const CHILD_RUN_TIMEOUT = Duration.days(365);

/** State names of the report stages (issue-report issues each). */
const REPORT_STAGE_TITLES: Record<ReportStage, string> = {
  'report-to-provider': 'report to provider',
  'final-report-to-provider': 'final report to provider',
  publish: 'publish report',
};

function isReportStage(stepId: string): stepId is ReportStage {
  return Object.hasOwn(REPORT_STAGE_TITLES, stepId);
}


export class WorkflowSteps {
  readonly failed: sfn.Fail;
  private readonly recordFailure: tasks.LambdaInvoke;

  constructor(
    private readonly scope: Construct,
    readonly processId: ProcessId,
    private readonly functions: WorkflowFunctions,
  ) {
    this.failed = new sfn.Fail(scope, 'Workflow failed', {
      error: 'WorkflowFailed',
      cause: 'A step failed after its retries; the manager was told.',
    });
    this.recordFailure = new tasks.LambdaInvoke(scope, 'Record failure', {
      lambdaFunction: functions['record-failure'],
      payload: sfn.TaskInput.fromObject({
        inspectionId: sfn.JsonPath.stringAt('$.inspectionId'),
        process: processId,
        error: sfn.JsonPath.stringAt('$.failure.Error'),
      }),
      payloadResponseOnly: true,
      resultPath: sfn.JsonPath.DISCARD,
    });
    this.recordFailure.addRetry(RETRY);
    this.recordFailure.addCatch(this.failed, { resultPath: '$.failureOfFailure' });
    this.recordFailure.next(this.failed);
  }

  private guard<T extends tasks.LambdaInvoke | tasks.StepFunctionsStartExecution>(task: T): T {
    // Handler errors that retrying cannot fix (bad input, missing record): fail fast to the failure path.
    task.addRetry({ errors: [...NON_RETRYABLE_ERRORS], maxAttempts: 0 });
    task.addRetry(RETRY);
    task.addCatch(this.recordFailure, { resultPath: '$.failure' });
    return task;
  }

  /** A request-response Lambda step; its result lands at `resultPath` (or is discarded). */
  invoke(
    stateName: string,
    handler: StepHandlerId,
    payload: Record<string, unknown>,
    resultPath: string = sfn.JsonPath.DISCARD,
  ): tasks.LambdaInvoke {
    return this.guard(
      new tasks.LambdaInvoke(this.scope, stateName, {
        lambdaFunction: this.functions[handler],
        payload: sfn.TaskInput.fromObject({
          inspectionId: sfn.JsonPath.stringAt('$.inspectionId'),
          process: this.processId,
          ...payload,
        }),
        payloadResponseOnly: true,
        resultPath,
      }),
    );
  }

  /** Recomputes the timeline from the regulations and the record's anchors and actual dates. */
  computeTimeline(stateName: string): tasks.LambdaInvoke {
    return this.invoke(stateName, 'compute-timeline', {}, '$.timeline');
  }

  /**
   * A callback step (`.waitForTaskToken`) that times out at the step's statutory deadline, escalates to the manager
   * and a senior manager, and keeps waiting (with a fresh timeout until the next reminder).
   */
  waitWithEscalation(options: {
    name: string;
    handler: 'request-approval' | 'await-outcome';
    stepId: string;
    payload: Record<string, unknown>;
    resultPath: string;
  }): sfn.Chain {
    const { name, handler, stepId } = options;
    // TimeoutSecondsPath must resolve on AWS (against the state input) and in aws-local-stepfunctions (against the
    // input after Parameters): keeping the time left at $.Payload and passing `seconds` inside the Payload parameter
    // makes `$.Payload.seconds` point at the same number in both.
    const measure = this.invoke(`Measure time left: ${name}`, 'measure-time-left', { stepId }, '$.Payload');
    const wait = new tasks.LambdaInvoke(this.scope, name, {
      lambdaFunction: this.functions[handler],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        inspectionId: sfn.JsonPath.stringAt('$.inspectionId'),
        process: this.processId,
        stepId,
        taskToken: sfn.JsonPath.taskToken,
        dueAt: sfn.JsonPath.stringAt('$.Payload.dueAt'),
        seconds: sfn.JsonPath.numberAt('$.Payload.seconds'),
        ...options.payload,
      }),
      taskTimeout: sfn.Timeout.at('$.Payload.seconds'),
      resultPath: options.resultPath,
    });
    const escalate = this.invoke(`Escalate overdue: ${name}`, 'escalate-overdue', { stepId });
    wait.addCatch(escalate, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    this.guard(wait as unknown as tasks.LambdaInvoke);
    escalate.next(measure);
    measure.next(wait);
    return sfn.Chain.custom(measure, [wait], wait);
  }

  /** A manager's approval (case review and the like), with its statutory timeout and escalation. */
  approval(name: string, kind: ApprovalKind, stepId: string): sfn.Chain {
    return this.waitWithEscalation({
      name: `Request approval: ${name}`,
      handler: 'request-approval',
      stepId,
      payload: { kind },
      resultPath: '$.decision',
    }).next(
      this.invoke(`Record decision: ${name}`, 'record-decision', {
        kind,
        stepId,
        decision: sfn.JsonPath.objectAt('$.decision'),
      }),
    );
  }

  /** A Choice condition on a manager's decision, typed so a misspelt option does not compile. */
  static decisionIs<K extends ApprovalKind>(_kind: K, option: ApprovalOption<K>): sfn.Condition {
    return sfn.Condition.stringEquals('$.decision.decision', option);
  }

  /** Waits for the inspector to record the outcome; escalates when the step it is due with passes. */
  awaitOutcome(name: string, outcomeOf: ProcessId, dueWithStep: string) {
    return this.waitWithEscalation({
      name,
      handler: 'await-outcome',
      stepId: dueWithStep,
      payload: { outcomeOf },
      resultPath: '$.outcome',
    });
  }

  /** Waits until a step of the timeline is due, then runs the system's part of it. */
  waitUntilDue(stepId: string, title: string): sfn.Wait {
    return new sfn.Wait(this.scope, `Wait until due: ${title}`, {
      time: sfn.WaitTime.timestampPath(deadlinePath(stepId)),
    });
  }

  /**
   * The report stages of this process, in the order its regulations list them: refresh the timeline (actual dates
   * may have moved the deadlines), then wait for each stage's statutory deadline and issue that stage.
   */
  reports(): sfn.Chain {
    const stages = PROCESSES[this.processId].steps.map((step) => step.id).filter(isReportStage);
    let chain = sfn.Chain.start(this.computeTimeline('Refresh timeline'));
    for (const stepId of stages) {
      const title = REPORT_STAGE_TITLES[stepId];
      chain = chain.next(this.waitUntilDue(stepId, title)).next(this.invoke(`Issue: ${title}`, 'issue-report', { stepId }));
    }
    if (stages.length === 0) throw new Error(`${this.processId}: its regulations have no report stage`);
    return chain;
  }

  /** Starts a follow-up process as its own execution, named from the inspection id so it starts once. */
  startFollowUp(
    stateName: string,
    machine: sfn.IStateMachine,
    followUp: ProcessId,
    input: Record<string, unknown>,
    options: { waitForResult?: boolean; resultPath?: string } = {},
  ): tasks.StepFunctionsStartExecution {
    return this.guard(
      new tasks.StepFunctionsStartExecution(this.scope, stateName, {
        stateMachine: machine,
        name: sfn.JsonPath.format(`{}--${followUp}`, sfn.JsonPath.stringAt('$.inspectionId')),
        input: sfn.TaskInput.fromObject({ inspectionId: sfn.JsonPath.stringAt('$.inspectionId'), ...input }),
        integrationPattern: options.waitForResult ? sfn.IntegrationPattern.RUN_JOB : sfn.IntegrationPattern.REQUEST_RESPONSE,
        associateWithParent: false,
        // A monitoring visit runs for weeks; without a timeout the local engine would stop the wait after 60 s.
        ...(options.waitForResult ? { taskTimeout: sfn.Timeout.duration(CHILD_RUN_TIMEOUT) } : {}),
        resultSelector: options.waitForResult
          ? { 'output.$': '$.Output' }
          : { 'executionArn.$': '$.ExecutionArn' },
        resultPath: options.resultPath ?? sfn.JsonPath.DISCARD,
      }),
    );
  }
}
