/**
 * EventBridge Scheduler, locally: the CreateSchedule, GetSchedule, DeleteSchedule and ListSchedules operations
 * (REST-JSON, as the SDK's SchedulerClient speaks them) over one-time `at(...)` schedules whose target is the
 * universal `sfn:startExecution`. A schedule fires on the virtual clock at its instant and starts the execution
 * through the same engine as everything else; then it is deleted (ActionAfterCompletion DELETE) or kept (NONE).
 * Handlers keep their real client; the runtime only sets AWS_ENDPOINT_URL_SCHEDULER to this server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionAlreadyExists, type LocalStepFunctions } from './engine';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';
import { outsideHandler } from './virtual-clock';

const START_EXECUTION_TARGET = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';
const AT_EXPRESSION = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

export interface LocalSchedule {
  name: string;
  groupName: string;
  at: Date;
  target: { stateMachineArn: string; name?: string; input?: string };
  deleteAfterCompletion: boolean;
  /** Set once it has fired: the execution it started (or found already started). */
  firedAt?: Date;
  executionArn?: string;
  /** Why it could not start the run (on AWS: a message in the schedules' dead-letter queue). */
  error?: string;
}

/** Where schedules are kept across a restart (the runtime's journal with --data-dir): written as they change. */
export interface ScheduleJournal {
  recordSchedule(schedule: LocalSchedule): void;
  recordScheduleDeleted(groupName: string, name: string): void;
}

class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Every schedule that has fired, deleted or not (for tests and the clock panel). */
  readonly fired: LocalSchedule[] = [];

  constructor(
    private readonly engine: LocalStepFunctions,
    private readonly journal?: ScheduleJournal,
  ) {}

  /**
   * Puts back the schedules a previous run of the runtime held (from the journal): those not yet fired fire at their
   * instant, at once if it has passed while the runtime was down; those fired stay listed, and do not fire again.
   */
  restore(schedules: readonly LocalSchedule[]): void {
    for (const schedule of schedules) {
      const key = `${schedule.groupName}/${schedule.name}`;
      if (this.schedules.has(key)) continue;
      this.schedules.set(key, schedule);
      if (schedule.firedAt) this.fired.push(schedule);
      else this.arm(key, schedule);
    }
  }

  list(): LocalSchedule[] {
    return [...this.schedules.values()];
  }

  create(name: string, body: Record<string, unknown>): { ScheduleArn: string } {
    const groupName = typeof body.GroupName === 'string' ? body.GroupName : 'default';
    const key = `${groupName}/${name}`;
    if (this.schedules.has(key)) throw new SchedulerError('ConflictException', 409, `Schedule ${name} already exists.`);
    const expression = AT_EXPRESSION.exec(String(body.ScheduleExpression ?? ''));
    if (!expression) throw new SchedulerError('ValidationException', 400, 'Only one-time at(yyyy-mm-ddThh:mm:ss) schedules are emulated locally.');
    const timezone = String(body.ScheduleExpressionTimezone ?? 'UTC');
    if (timezone !== 'UTC') throw new SchedulerError('ValidationException', 400, 'Only ScheduleExpressionTimezone UTC is emulated locally.');
    const target = (body.Target ?? {}) as { Arn?: string; Input?: string };
    if (target.Arn !== START_EXECUTION_TARGET) {
      throw new SchedulerError('ValidationException', 400, `Only the ${START_EXECUTION_TARGET} target is emulated locally.`);
    }
    const request = JSON.parse(target.Input ?? '{}') as { StateMachineArn?: string; Name?: string; Input?: string };
    if (!request.StateMachineArn) throw new SchedulerError('ValidationException', 400, 'Target.Input names no StateMachineArn.');
    const schedule: LocalSchedule = {
      name,
      groupName,
      at: new Date(`${expression[1]}Z`),
      target: { stateMachineArn: request.StateMachineArn, name: request.Name, input: request.Input },
      deleteAfterCompletion: body.ActionAfterCompletion === 'DELETE',
    };
    this.schedules.set(key, schedule);
    this.journal?.recordSchedule(schedule);
    this.arm(key, schedule);
    return { ScheduleArn: this.arn(groupName, name) };
  }

  private arm(key: string, schedule: LocalSchedule): void {
    // On the virtual clock, whoever created the schedule: a handler's own timers run on the real clock.
    outsideHandler(() => {
      this.timers.set(key, setTimeout(() => this.fire(key), Math.max(0, schedule.at.getTime() - Date.now())));
    });
  }

  get(name: string, groupName = 'default'): Record<string, unknown> {
    const schedule = this.schedules.get(`${groupName}/${name}`);
    if (!schedule) throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    return {
      Name: schedule.name,
      GroupName: schedule.groupName,
      Arn: this.arn(schedule.groupName, schedule.name),
      ScheduleExpression: `at(${schedule.at.toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
    };
  }

  delete(name: string, groupName = 'default'): Record<string, never> {
    const key = `${groupName}/${name}`;
    if (!this.schedules.delete(key)) throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    this.journal?.recordScheduleDeleted(groupName, name);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    return {};
  }

  /** Stops every pending timer (shutdown). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private fire(key: string): void {
    const schedule = this.schedules.get(key);
    this.timers.delete(key);
    if (!schedule) return;
    const { stateMachineArn, name, input } = schedule.target;
    try {
      schedule.executionArn = this.engine.startExecution({ stateMachineArn, name, input }).executionArn;
    } catch (error) {
      // A run of that name that has ended: AWS refuses the start, and the schedule's work is done. Anything else is
      // what the dead-letter queue would hold on AWS.
      if (!(error instanceof ExecutionAlreadyExists)) {
        schedule.error = `${(error as Error).name}: ${(error as Error).message}`;
        console.error(`schedule ${schedule.name} could not start its run: ${schedule.error}`);
      }
    }
    schedule.firedAt = new Date();
    this.fired.push(schedule);
    if (schedule.deleteAfterCompletion) {
      this.schedules.delete(key);
      this.journal?.recordScheduleDeleted(schedule.groupName, schedule.name);
    } else this.journal?.recordSchedule(schedule);
  }

  private arn(groupName: string, name: string): string {
    return `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/${groupName}/${name}`;
  }
}

/** Serves the Scheduler API on 127.0.0.1; resolves with the server, its URL and the scheduler. */
export async function startSchedulerServer(
  engine: LocalStepFunctions,
  journal?: ScheduleJournal,
  port = 0,
): Promise<{ server: Server; url: string; scheduler: LocalScheduler }> {
  const scheduler = new LocalScheduler(engine, journal);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, payload: unknown, errorType?: string) => {
        response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        response.end(JSON.stringify(payload));
      };
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        const named = /^\/schedules\/([^/]+)$/.exec(url.pathname);
        const groupName = url.searchParams.get('groupName') ?? undefined;
        if (named && request.method === 'POST') return reply(200, scheduler.create(decodeURIComponent(named[1]!), body));
        if (named && request.method === 'GET') return reply(200, scheduler.get(decodeURIComponent(named[1]!), groupName));
        if (named && request.method === 'DELETE') return reply(200, scheduler.delete(decodeURIComponent(named[1]!), groupName));
        if (url.pathname === '/schedules' && request.method === 'GET') {
          return reply(200, { Schedules: scheduler.list().map((schedule) => ({ Name: schedule.name, GroupName: schedule.groupName, State: 'ENABLED' })) });
        }
        reply(404, { Message: `unsupported: ${request.method} ${url.pathname}` }, 'ResourceNotFoundException');
      } catch (error) {
        if (error instanceof SchedulerError) return reply(error.status, { Message: error.message }, error.type);
        reply(500, { Message: (error as Error).message }, 'InternalServerException');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}`, scheduler };
}
