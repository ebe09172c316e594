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
 *   $.resumeAt           in a run started at a step (a long clock's, or waiting again for a reopened return): that step (resumable)
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { StepHandlerId } from '../functions/handlers';
import { PROCESSES, type ProcessId } from '../functions/core/regulations';
import { deadlineKey } from '../functions/core/deadlines';
import { LONGEST_RUN_DAYS, RESUME_FIELD } from '../functions/core/long-clocks';
import { NON_RETRYABLE_ERRORS } from '../functions/core/errors';
import { isReportStep, type ReportStage } from '../functions/core/reports';
import { returnStepsOf } from '../functions/core/return-visits';
import { RETRY_AFTER_OUTAGE_MINUTES } from '../functions/core/escalations';
import { APPROVAL_WAIT_STEP, DEADLINE_MOVED, OUTCOME_WAIT_STEP } from '../functions/core/moved-deadlines';
import type { ApprovalKind, ApprovalOption, OutcomeProcess } from '../functions/core/schemas';

export type WorkflowFunctions = Record<StepHandlerId, lambda.IFunction>;

/** Which of a process's steps a wait is for, when not the current one's: an earlier monitoring visit's report. */
export type StepScope = { visitNumber: number | string };

/** The field of a monitoring-visit run's input that makes it wait for an earlier visit's report (monitoringVisits). */
const REPORT_OF_VISIT_FIELD = 'reportOfVisit';

/** Other state machines a workflow may start, by process id. */
export type FollowUpMachines = Partial<Record<ProcessId, sfn.IStateMachine>>;

/** Where a step's due instant is in the state: under the key compute-timeline writes it with (core/deadlines.ts). */
export function deadlinePath(stepId: string): string {
  return `$.timeline.deadlines.${deadlineKey(stepId)}`;
}

/** What a retry can fix: every task failure but a timeout (States.TaskFailed matches any other error name). */
const TRANSIENT_ERRORS = ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'];

/**
 * Retries for transient failures (SES or DynamoDB down or throttling, a Lambda error): exponential back-off from 2 s
 * to at most 10 minutes, with full jitter so that retries of many runs spread out; 15 attempts, about 80 minutes at
 * most (about 40 on average with the jitter). A Lambda step that still fails then tells operations and starts again
 * after an hour, for ever (outageLoop): an outage of any length delays a run, it never fails it, and the retries go
 * on past 24 hours. Operations hear of it within about an hour and a half, before the next-working-day duties lapse.
 */
const RETRY: sfn.RetryProps = {
  errors: TRANSIENT_ERRORS,
  interval: Duration.seconds(2),
  maxAttempts: 15,
  backoffRate: 2,
  maxDelay: Duration.minutes(10),
  jitterStrategy: sfn.JitterType.FULL,
};

/** How long a parent waits for a follow-up run it started: as long as a run may last (bounded by its own deadlines). */
const CHILD_RUN_TIMEOUT = Duration.days(LONGEST_RUN_DAYS);

/** State names of the report stages (a person records each; issue-report then tells the provider). */
const REPORT_STAGE_TITLES: Record<ReportStage, string> = {
  'report-to-provider': 'report to provider',
  'final-report-to-provider': 'final report to provider',
  publish: 'publish report',
};


export class WorkflowSteps {
  readonly failed: sfn.Fail;
  private readonly recordFailure: tasks.LambdaInvoke;
  /**
   * True while the branches of a Parallel are built: a Catch may not leave its branch, so tasks there only retry and
   * the Parallel itself catches (see parallel()).
   */
  private inBranch = false;

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
    task.addCatch(this.inBranch ? this.failBranch(task.node.id) : this.recordFailure, { errors: [...NON_RETRYABLE_ERRORS], resultPath: '$.failure' });
    if (task instanceof tasks.LambdaInvoke) this.outageLoop(task);
    else if (!this.inBranch) task.addCatch(this.recordFailure, { resultPath: '$.failure' });
    return task;
  }

  /**
   * Inside a Parallel branch a Catch may not leave the branch: an error no retry can fix fails the branch here, with
   * the step's own error and cause, so the Parallel's Catch records the failure. Without it the outage loop's
   * catch-all would take the error and retry it every hour, for ever.
   */
  private failBranch(name: string): sfn.Fail {
    return new sfn.Fail(this.scope, `Failed: ${name}`, {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
    });
  }

  /**
   * After its retries, a Lambda step that still fails with a transient error tells operations (notify-operations:
   * SNS, not SES), waits an hour and runs again, with fresh retries. Steps are idempotent (the outbox, conditional
   * writes), so running one again sends nothing twice. Inside a Parallel branch the loop stays in the branch.
   */
  private outageLoop(task: tasks.LambdaInvoke): void {
    const name = task.node.id;
    const notify = new tasks.LambdaInvoke(this.scope, `Outage: ${name}`, {
      lambdaFunction: this.functions['notify-operations'],
      payload: sfn.TaskInput.fromObject({
        inspectionId: sfn.JsonPath.stringAt('$.inspectionId'),
        process: this.processId,
        state: name,
        error: sfn.JsonPath.stringAt('$.outage.Error'),
      }),
      payloadResponseOnly: true,
      resultPath: sfn.JsonPath.DISCARD,
    });
    notify.addRetry({ ...RETRY, maxAttempts: 3 });
    const later = new sfn.Wait(this.scope, `Retry later: ${name}`, {
      time: sfn.WaitTime.duration(Duration.minutes(RETRY_AFTER_OUTAGE_MINUTES)),
    });
    // Operations not reachable either: the run still waits and tries again.
    notify.addCatch(later, { resultPath: sfn.JsonPath.DISCARD });
    notify.next(later);
    later.next(task);
    // Everything else (a States.Timeout of a callback wait is caught before, by its escalation).
    task.addCatch(notify, { resultPath: '$.outage' });
  }

  /**
   * Runs branches side by side and goes on when every branch is done, so that a wait in one (a manager's approval)
   * never holds a statutory clock in another (the report stages). A branch that fails after its retries fails the
   * Parallel, which records the failure like any other step.
   */
  parallel(stateName: string, ...branches: (() => sfn.IChainable)[]): sfn.Parallel {
    const parallel = new sfn.Parallel(this.scope, stateName, { resultPath: sfn.JsonPath.DISCARD });
    // A Parallel inside a branch is caught by the outermost one, like the tasks of its branches.
    const nested = this.inBranch;
    this.inBranch = true;
    try {
      for (const build of branches) parallel.branch(build());
    } finally {
      this.inBranch = nested;
    }
    if (!nested) parallel.addCatch(this.recordFailure, { resultPath: '$.failure' });
    return parallel;
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
   * and a senior manager, and keeps waiting (with a fresh timeout until the next escalation of the cadence).
   */
  waitWithEscalation(options: {
    name: string;
    handler: 'request-approval' | 'await-outcome' | 'await-step';
    stepId: string;
    payload: Record<string, unknown>;
    resultPath: string;
    /** The process whose timeline holds the step, when it is a follow-up's (default: this workflow's own). */
    process?: ProcessId;
    /** Which of the process's steps, when not the current one's: an earlier monitoring visit's (`visitNumber`). */
    of?: StepScope;
  }): sfn.Chain {
    const { name, handler, stepId } = options;
    const ofProcess = { ...(options.process ? { process: options.process } : {}), ...options.of };
    // TimeoutSecondsPath must resolve on AWS (against the state input) and in aws-local-stepfunctions (against the
    // input after Parameters): keeping the time left at $.Payload and passing `seconds` inside the Payload parameter
    // makes `$.Payload.seconds` point at the same number in both.
    const measure = this.invoke(`Measure time left: ${name}`, 'measure-time-left', { stepId, ...ofProcess }, '$.Payload');
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
        ...ofProcess,
      }),
      taskTimeout: sfn.Timeout.at('$.Payload.seconds'),
      resultPath: options.resultPath,
    });
    const escalate = this.invoke(`Escalate overdue: ${name}`, 'escalate-overdue', { stepId, ...ofProcess });
    wait.addCatch(escalate, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    // A recorded change moved the step's deadline (core/moved-deadlines.ts): measured again, never retried as it was.
    wait.addRetry({ errors: [DEADLINE_MOVED], maxAttempts: 0 });
    wait.addCatch(measure, { errors: [DEADLINE_MOVED], resultPath: '$.moved' });
    this.guard(wait);
    escalate.next(measure);
    measure.next(wait);
    return sfn.Chain.custom(measure, [wait], wait);
  }

  /** A manager's approval (case review and the like), with its statutory timeout and escalation. */
  approval(name: string, kind: ApprovalKind): sfn.Chain {
    const stepId = APPROVAL_WAIT_STEP[kind];
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

  /**
   * SCCIF 15.3: the DCS of every relevant local authority is emailed, the email is forwarded to the provider, and,
   * where there are more placing authorities than the configured number, the inspector agrees the arrangements for
   * contacting them with the manager (an approval due with the alert; the alert itself is never held for it).
   */
  alertLocalAuthorities(): sfn.Chain {
    const alert = this.invoke('Alert local authorities', 'alert-local-authorities', { duty: 'dcs-alert' }, '$.alerted');
    const forward = this.invoke('Forward alert to provider', 'forward-alert-to-provider', { duty: 'dcs-alert' });
    const sent = new sfn.Pass(this.scope, 'Alerts sent');
    const contact = this.approval('Contact arrangements', 'la-contact-arrangements');
    alert.next(forward).next(
      new sfn.Choice(this.scope, 'Many placing authorities?')
        .when(sfn.Condition.booleanEquals('$.alerted.contactArrangementsNeeded', true), contact.next(sent))
        .otherwise(sent),
    );
    return sfn.Chain.custom(alert, [sent], sent);
  }

  /** A Choice condition on a manager's decision, typed so a misspelt option does not compile. */
  static decisionIs<K extends ApprovalKind>(_kind: K, option: ApprovalOption<K>): sfn.Condition {
    return sfn.Condition.stringEquals('$.decision.decision', option);
  }

  /** Waits for the inspector to record the outcome; escalates when the step it is due with (OUTCOME_WAIT_STEP) passes. */
  awaitOutcome(name: string, outcomeOf: OutcomeProcess) {
    return this.waitWithEscalation({
      name,
      handler: 'await-outcome',
      stepId: OUTCOME_WAIT_STEP[outcomeOf],
      payload: { outcomeOf },
      resultPath: '$.outcome',
    });
  }

  /**
   * Waits for a person to record that a step happened (POST /inspections/{id}/steps/{stepId} answers the wait); at the
   * step's deadline it escalates, then reminds on the escalation cadence (core/escalations.ts), and keeps waiting. Never done by the system itself.
   */
  awaitRecorded(stepId: string, title: string, process?: ProcessId, of?: StepScope): sfn.Chain {
    return this.waitWithEscalation({
      name: `Await recorded: ${title}`,
      handler: 'await-step',
      stepId,
      payload: {},
      resultPath: sfn.JsonPath.DISCARD,
      ...(process ? { process } : {}),
      ...(of ? { of } : {}),
    });
  }

  /** Waits until a step of the timeline is due, then runs the system's part of it. */
  waitUntilDue(stepId: string, title: string): sfn.Wait {
    return new sfn.Wait(this.scope, `Wait until due: ${title}`, {
      time: sfn.WaitTime.timestampPath(deadlinePath(stepId)),
    });
  }

  /**
   * A long clock: a wait longer than a run may last (AWS: one year) is not a Wait state. This run sets an EventBridge
   * Scheduler one-time schedule (start-later) for the step's due instant and goes on to its end; the schedule starts a
   * later run of the process, named after this one and the step, which enters at resumable()'s branch for the step.
   */
  startLater(stepId: string, title: string): tasks.LambdaInvoke {
    return this.invoke(`Start later: ${title}`, 'start-later', { stepId, dueAt: sfn.JsonPath.stringAt(deadlinePath(stepId)) });
  }

  /**
   * The entry of a workflow a run may be started at one of its steps: a run started by startLater(stepId), or to wait
   * again for a return a withdrawn return inspection reopened (core/return-visits.ts returnStepsOf), begins at
   * `resumes[stepId]`; every other run at `start`.
   */
  resumable(start: sfn.IChainable, resumes: Record<string, sfn.IChainable>): sfn.Choice {
    // A run started to wait again for a reopened return must find its step here, not begin the process again.
    const missing = returnStepsOf(this.processId).filter((stepId) => !(stepId in resumes));
    if (missing.length > 0) throw new Error(`${this.processId}: no entry at ${missing.join(', ')}, where a run waits again for a reopened return`);
    const field = `$.${RESUME_FIELD}`;
    const entry = new sfn.Choice(this.scope, 'Started at a step?');
    for (const [stepId, resume] of Object.entries(resumes)) {
      entry.when(sfn.Condition.and(sfn.Condition.isPresent(field), sfn.Condition.stringEquals(field, stepId)), resume);
    }
    return entry.otherwise(start);
  }

  /**
   * The report stages of a process (this one's by default), in the order its regulations list them: each waits for
   * the inspector or a manager to record it (escalating at its statutory deadline), then tells the provider, with the
   * deadlines that count from the recorded day (comments, complaints).
   */
  reports(process: ProcessId = this.processId, titlePrefix = '', of?: StepScope): sfn.Chain {
    const stages = PROCESSES[process].steps.map((step) => step.id).filter(isReportStep);
    if (stages.length === 0) throw new Error(`${process}: its regulations have no report stage`);
    const ofProcess = process === this.processId ? {} : { process };
    let chain: sfn.Chain | undefined;
    for (const stepId of stages) {
      const title = `${titlePrefix}${REPORT_STAGE_TITLES[stepId]}`;
      const stage = this.awaitRecorded(stepId, title, ofProcess.process, of).next(
        this.invoke(`Tell provider: ${title}`, 'issue-report', { stepId, ...ofProcess, ...of }),
      );
      chain = chain ? chain.next(stage) : stage;
    }
    return chain!;
  }

  /**
   * Monitoring visits, each its own run (SCCIF 15.1; children's homes framework §77; assurance visits, next steps):
   * the 1st visit's run; when its outcome is further monitoring, the next visit begins at once (numbered, with the
   * window set with the outcome: schedule-visit), its run starts under its own execution name, and round again. The
   * report of a visit followed by another ("Any monitoring visit will result in a published report", §71) is waited
   * for by a run of its own (the monitoring-visit machine's report entry), so that it never holds the next visit's
   * clock. The last visit's report is waited for here, beside what its outcome leads to (`afterOutcome`). Ends at
   * `done`. `furtherMonitoring` is entered each time a visit decides further monitoring, before the next begins.
   */
  monitoringVisits(
    machine: sfn.IStateMachine,
    origin: 'inadequate' | 'assurance-visit',
    afterOutcome: () => sfn.IChainable,
    done: sfn.IChainable,
    furtherMonitoring: sfn.Pass,
  ): sfn.IChainable {
    const run = (stateName: string, executionNamePath?: string) =>
      this.startFollowUp(stateName, machine, 'monitoring-visit', { origin }, {
        waitForResult: true,
        resultPath: '$.monitoring',
        ...(executionNamePath ? { executionNamePath } : {}),
      });
    const first = run('Run monitoring visit');
    const after = this.parallel('After the monitoring visit', afterOutcome, () => this.reports('monitoring-visit', 'monitoring visit '));
    const begin = this.invoke('Begin further monitoring visit', 'schedule-visit', { visit: 'further-monitoring' }, '$.nextVisit');
    const reportRun = this.startFollowUp(
      'Start report run of the visit before',
      machine,
      'monitoring-visit',
      { origin, [REPORT_OF_VISIT_FIELD]: sfn.JsonPath.numberAt('$.nextVisit.previous.number') },
      { executionNamePath: '$.nextVisit.previous.reportExecutionName' },
    );
    const further = run('Run further monitoring visit', '$.nextVisit.executionName');
    const nextVisit = new sfn.Choice(this.scope, 'Further monitoring?')
      .when(sfn.Condition.stringEquals('$.monitoring.output.outcome', 'further-monitoring'), furtherMonitoring)
      .otherwise(after);
    furtherMonitoring.next(begin);
    first.next(nextVisit);
    begin.next(reportRun).next(further).next(nextVisit);
    after.next(done);
    return first;
  }

  /**
   * The entry of the monitoring-visit machine: a run started for an earlier visit's report (monitoringVisits) waits for
   * that report to be recorded, escalating at its deadline, and tells the provider; every other run begins at `visit`.
   */
  reportOfEarlierVisit(visit: sfn.IChainable): sfn.Choice {
    const field = `$.${REPORT_OF_VISIT_FIELD}`;
    const report = this.reports(this.processId, 'earlier visit ', { visitNumber: sfn.JsonPath.numberAt(field) }).next(
      new sfn.Succeed(this.scope, 'Earlier visit report done'),
    );
    return new sfn.Choice(this.scope, 'Report of an earlier visit?').when(sfn.Condition.isPresent(field), report).otherwise(visit);
  }

  /**
   * Starts a follow-up process as its own execution, named from the inspection id so it starts once (or from the name
   * at `executionNamePath`, computed by a step: a numbered further monitoring visit).
   */
  startFollowUp(
    stateName: string,
    machine: sfn.IStateMachine,
    followUp: ProcessId,
    input: Record<string, unknown>,
    options: { waitForResult?: boolean; resultPath?: string; executionNamePath?: string } = {},
  ): tasks.StepFunctionsStartExecution {
    return this.guard(
      new tasks.StepFunctionsStartExecution(this.scope, stateName, {
        stateMachine: machine,
        name: options.executionNamePath
          ? sfn.JsonPath.stringAt(options.executionNamePath)
          : sfn.JsonPath.format(`{}--${followUp}`, sfn.JsonPath.stringAt('$.inspectionId')),
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
