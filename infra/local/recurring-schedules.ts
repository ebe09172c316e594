/**
 * EventBridge Scheduler's recurring schedules, locally: each `AWS::Scheduler::Schedule` of the synthesized template
 * with a `cron(...)` expression and a Lambda target fires on the virtual clock at its occurrences, in its time zone,
 * and invokes the target's handler with the target's Input (`<aws.scheduler.scheduled-time>` replaced by the
 * occurrence, as Scheduler does). Nothing is written twice: the expression, zone, target and input are the
 * template's. Like the one-time schedules (scheduler-api.ts), the occurrences are virtual-clock timers; they are
 * "background" timers (VirtualClock.setBackgroundTimeout): advancing the clock fires them on the way, but they are
 * never the next deadline, since a recurring schedule always has one.
 *
 * Emulated: EventBridge's six-field cron with numbers, lists, ranges and `*` / `?` for minutes, hours, days of the
 * month and months, day-of-week names or numbers (1 = SUN), and `*` years. Anything else is refused at start.
 */
import { addCalendarDays, dayOfWeek, londonDateOf, londonTimeOn, type LocalDate, type LondonTime } from '../../functions/core/calendar';
import { HANDLER_METADATA_KEY } from '../constructs/handler-metadata';
import { resolveIntrinsics, type CfnTemplate } from './template';
import type { VirtualClock } from './virtual-clock';

export interface RecurringScheduleDefinition {
  /** The schedule's construct id in the template (its logical id). */
  logicalId: string;
  /** The handler id of the target function (the function's sccif:handler metadata). */
  handlerId: string;
  expression: string;
  timeZone: string;
  /** The target's Input template (JSON text). */
  input: string;
}

export interface RecurringScheduleFiring {
  handlerId: string;
  scheduledTime: string;
  firedAt: string;
  result?: unknown;
  error?: string;
}

const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The recurring schedules of a template whose target is one of our functions. */
export function recurringSchedules(template: CfnTemplate): RecurringScheduleDefinition[] {
  const definitions: RecurringScheduleDefinition[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Scheduler::Schedule') continue;
    const properties = resource.Properties ?? {};
    const expression = String(properties.ScheduleExpression ?? '');
    if (!expression.startsWith('cron(')) continue;
    const target = properties.Target as { Arn?: { 'Fn::GetAtt'?: [string, string] }; Input?: string } | undefined;
    const functionId = target?.Arn?.['Fn::GetAtt']?.[0];
    const handlerId = functionId ? template.Resources[functionId]?.Metadata?.[HANDLER_METADATA_KEY] : undefined;
    if (typeof handlerId !== 'string') throw new Error(`schedule ${logicalId}: only a Lambda target of a handler is emulated locally`);
    definitions.push({
      logicalId,
      handlerId,
      expression,
      timeZone: String(properties.ScheduleExpressionTimezone ?? 'UTC'),
      input: String(resolveIntrinsics(target?.Input ?? '{}', template)),
    });
  }
  return definitions;
}

/** One field of a cron expression as the set of values it allows (undefined: any). */
function field(text: string, min: number, max: number, names: readonly string[] = [], offset = 0): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  const value = (part: string): number => {
    const named = names.indexOf(part.toUpperCase());
    const number = named >= 0 ? named + offset : Number(part);
    if (!Number.isInteger(number) || number < min || number > max) throw new Error(`"${part}" is not emulated locally`);
    return number;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-') as [string, string | undefined];
    for (let number = value(from); number <= value(to ?? from); number += 1) allowed.add(number);
  }
  return allowed;
}

export interface ParsedCron {
  minutes: number[];
  hours: number[];
  daysOfMonth?: Set<number>;
  months?: Set<number>;
  /** 1 = Sunday ... 7 = Saturday (EventBridge's numbering). */
  daysOfWeek?: Set<number>;
}

export function parseCron(expression: string): ParsedCron {
  const match = /^cron\((.+)\)$/.exec(expression);
  const parts = match?.[1]!.trim().split(/\s+/) ?? [];
  if (parts.length !== 6) throw new Error(`${expression}: a cron expression has six fields (minutes hours day-of-month month day-of-week year)`);
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = parts as [string, string, string, string, string, string];
  try {
    if (years !== '*') throw new Error(`the year field "${years}" is not emulated locally`);
    const all = (set: Set<number> | undefined, min: number, max: number) => (set ? [...set].sort((a, b) => a - b) : Array.from({ length: max - min + 1 }, (_, index) => min + index));
    return {
      minutes: all(field(minutes, 0, 59), 0, 59),
      hours: all(field(hours, 0, 23), 0, 23),
      daysOfMonth: field(daysOfMonth, 1, 31),
      months: field(months, 1, 12),
      daysOfWeek: field(daysOfWeek, 1, 7, DAY_NAMES, 1),
    };
  } catch (error) {
    throw new Error(`${expression}: ${(error as Error).message}`);
  }
}

/** The time zones emulated locally: the stack's schedules run on London time (UTC for completeness). */
const ZONES = ['Europe/London', 'UTC'] as const;

/** The instant of a wall-clock time on a day in the zone; undefined in London's spring-forward gap (no such time). */
function instantOn(day: LocalDate, hour: number, minute: number, timeZone: string): Date | undefined {
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` as LondonTime;
  if (timeZone === 'UTC') return new Date(`${day}T${time}:00Z`);
  try {
    return new Date(londonTimeOn(day, time));
  } catch {
    return undefined;
  }
}

/** The first occurrence strictly after `after`, in the schedule's time zone (Europe/London or UTC). */
export function nextOccurrence(cron: ParsedCron, timeZone: string, after: Date): Date {
  if (!(ZONES as readonly string[]).includes(timeZone)) throw new Error(`the time zone ${timeZone} is not emulated locally (${ZONES.join(', ')})`);
  let day = timeZone === 'UTC' ? (after.toISOString().slice(0, 10) as LocalDate) : londonDateOf(after);
  for (let days = 0; days < 4 * 366; days += 1, day = addCalendarDays(day, 1)) {
    const [, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
    if (cron.months && !cron.months.has(month)) continue;
    if (cron.daysOfMonth && !cron.daysOfMonth.has(dayOfMonth)) continue;
    if (cron.daysOfWeek && !cron.daysOfWeek.has(dayOfWeek(day) + 1)) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const at = instantOn(day, hour, minute, timeZone);
        if (at && at.getTime() > after.getTime()) return at;
      }
    }
  }
  throw new Error(`no occurrence of the schedule within four years of ${after.toISOString()}`);
}

export type Invoke = (handlerId: string, event: unknown) => Promise<unknown>;

/** The template's recurring schedules, armed on the virtual clock. */
export class RecurringSchedules {
  /** Every occurrence that fired (and every run asked for), oldest first. */
  readonly fired: RecurringScheduleFiring[] = [];
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly parsed: Map<string, ParsedCron>;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly definitions: readonly RecurringScheduleDefinition[],
    private readonly clock: VirtualClock,
    private readonly invoke: Invoke,
  ) {
    this.parsed = new Map(definitions.map((definition) => [definition.logicalId, parseCron(definition.expression)]));
  }

  /** Arms each schedule at its next occurrence after now. */
  start(): void {
    for (const definition of this.definitions) this.arm(definition);
  }

  /** Work a firing started and has not finished (the runtime's settle() waits for it). */
  get busy(): number {
    return this.inFlight;
  }

  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The next occurrence of each schedule. */
  next(): { handlerId: string; expression: string; timeZone: string; at: string }[] {
    const now = this.clock.now();
    return this.definitions.map((definition) => ({
      handlerId: definition.handlerId,
      expression: definition.expression,
      timeZone: definition.timeZone,
      at: nextOccurrence(this.parsed.get(definition.logicalId)!, definition.timeZone, now).toISOString(),
    }));
  }

  /**
   * Runs the target of the schedules that invoke `handlerId` now, as if an occurrence had come (a manager's "send
   * the digest now" locally, and the tests' repeated runs); the scheduled time is now.
   */
  async runNow(handlerId: string): Promise<RecurringScheduleFiring[]> {
    const definitions = this.definitions.filter((definition) => definition.handlerId === handlerId);
    if (definitions.length === 0) throw new Error(`no recurring schedule invokes ${handlerId}`);
    return Promise.all(definitions.map((definition) => this.fire(definition, this.clock.now())));
  }

  stop(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private arm(definition: RecurringScheduleDefinition): void {
    const now = this.clock.now();
    const at = nextOccurrence(this.parsed.get(definition.logicalId)!, definition.timeZone, now);
    this.timers.set(
      definition.logicalId,
      this.clock.setBackgroundTimeout(() => {
        this.arm(definition);
        void this.fire(definition, at);
      }, at.getTime() - now.getTime()),
    );
  }

  private async fire(definition: RecurringScheduleDefinition, scheduled: Date): Promise<RecurringScheduleFiring> {
    // Scheduler's <aws.scheduler.scheduled-time>: whole seconds, UTC ("2022-03-22T18:59:43Z").
    const scheduledTime = `${scheduled.toISOString().slice(0, 19)}Z`;
    const firing: RecurringScheduleFiring = { handlerId: definition.handlerId, scheduledTime, firedAt: this.clock.now().toISOString() };
    this.inFlight += 1;
    try {
      const event = JSON.parse(definition.input.split(SCHEDULED_TIME).join(scheduledTime)) as unknown;
      firing.result = await this.invoke(definition.handlerId, event);
    } catch (error) {
      // On AWS, Lambda retries an asynchronous invocation twice, then the event waits in the dead-letter queue.
      firing.error = `${(error as Error).name}: ${(error as Error).message}`;
      console.error(`schedule ${definition.logicalId} (${definition.handlerId}) failed: ${firing.error}`);
    } finally {
      this.fired.push(firing);
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
    return firing;
  }
}
