/**
 * Durability of the local runtime with `--data-dir`: DynamoDB keeps its data there (dynalite's LevelDB), and this
 * journal keeps what the Step Functions engine holds only in memory:
 *
 *   executions.jsonl  one line per execution started (state machine, name, input) and one per execution finished
 *                     (status, output, events), appended synchronously before the engine goes on
 *   schedules.jsonl   the EventBridge Scheduler one-time schedules (the long clocks): one line each time a schedule
 *                     is created or fires, one when it is deleted; at start the last state of each is put back, and
 *                     one not yet fired fires at its instant (at once if that passed while the runtime was down)
 *   clock.json        the virtual clock, so that a restart does not move time back
 *
 * At start, every execution started and not finished is started again with its name and input: it replays from its
 * first state. The steps are idempotent (the outbox sends each email once, writes are conditional, a follow-up run
 * starts once by name, a wait whose step is recorded is answered at once), so a replay sends nothing twice, and a
 * wait for a person (an approval, an outcome) stores a fresh task token, which the person's answer then delivers.
 * Finished executions are restored as finished, so a parent's `.sync` start of a finished child reads its output.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecutionEvent, ExecutionStatus } from './engine';
import type { LocalSchedule, ScheduleJournal } from './scheduler-api';

export interface StartedEntry {
  kind: 'started';
  stateMachineArn: string;
  executionArn: string;
  name: string;
  input: string;
  startDate: string;
}

export interface FinishedEntry {
  kind: 'finished';
  executionArn: string;
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  stopDate: string;
  output?: string;
  error?: string;
  cause?: string;
  events: ExecutionEvent[];
}

export type JournalEntry = StartedEntry | FinishedEntry;

/** A schedule as written: its instants as ISO text. */
type ScheduleEntry =
  | { kind: 'schedule'; schedule: Omit<LocalSchedule, 'at' | 'firedAt'> & { at: string; firedAt?: string } }
  | { kind: 'schedule-deleted'; groupName: string; name: string };

/** Every JSON line of a file, oldest first; a torn last line (a kill mid-write) is skipped. */
function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const entries: T[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // a line cut short by a kill
    }
  }
  return entries;
}

export class ExecutionJournal implements ScheduleJournal {
  private readonly file: string;
  private readonly schedulesFile: string;
  private readonly clockFile: string;
  private readonly started = new Set<string>();
  private closed = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'executions.jsonl');
    this.clockFile = path.join(dataDir, 'clock.json');
    this.schedulesFile = path.join(dataDir, 'schedules.jsonl');
  }

  /** Every entry written so far, oldest first (a torn last line, from a kill mid-write, is skipped). */
  read(): JournalEntry[] {
    const entries = readLines<JournalEntry>(this.file);
    for (const entry of entries) if (entry.kind === 'started') this.started.add(entry.executionArn);
    return entries;
  }

  /** The executions to resume (started, not finished) and those to restore as finished. */
  pending(): { resume: StartedEntry[]; finished: Map<string, { started: StartedEntry; finished: FinishedEntry }> } {
    const entries = this.read();
    const started = new Map<string, StartedEntry>();
    const finished = new Map<string, FinishedEntry>();
    for (const entry of entries) {
      if (entry.kind === 'started') started.set(entry.executionArn, entry);
      else finished.set(entry.executionArn, entry);
    }
    const restored = new Map<string, { started: StartedEntry; finished: FinishedEntry }>();
    for (const [arn, entry] of finished) {
      const start = started.get(arn);
      if (start) restored.set(arn, { started: start, finished: entry });
    }
    return { resume: [...started.values()].filter((entry) => !finished.has(entry.executionArn)), finished: restored };
  }

  recordStarted(entry: Omit<StartedEntry, 'kind'>): void {
    if (this.closed || this.started.has(entry.executionArn)) return;
    this.started.add(entry.executionArn);
    this.append({ kind: 'started', ...entry });
  }

  recordFinished(entry: Omit<FinishedEntry, 'kind'>): void {
    if (this.closed) return;
    this.append({ kind: 'finished', ...entry });
  }

  recordSchedule(schedule: LocalSchedule): void {
    if (this.closed) return;
    const { at, firedAt, ...rest } = schedule;
    const entry: ScheduleEntry = { kind: 'schedule', schedule: { ...rest, at: at.toISOString(), ...(firedAt ? { firedAt: firedAt.toISOString() } : {}) } };
    appendFileSync(this.schedulesFile, `${JSON.stringify(entry)}\n`);
  }

  recordScheduleDeleted(groupName: string, name: string): void {
    if (this.closed) return;
    const entry: ScheduleEntry = { kind: 'schedule-deleted', groupName, name };
    appendFileSync(this.schedulesFile, `${JSON.stringify(entry)}\n`);
  }

  /** The schedules that existed when the runtime stopped (fired ones kept with ActionAfterCompletion NONE included). */
  schedules(): LocalSchedule[] {
    const latest = new Map<string, LocalSchedule>();
    for (const entry of readLines<ScheduleEntry>(this.schedulesFile)) {
      if (entry.kind === 'schedule-deleted') {
        latest.delete(`${entry.groupName}/${entry.name}`);
        continue;
      }
      const { at, firedAt, ...rest } = entry.schedule;
      latest.set(`${rest.groupName}/${rest.name}`, { ...rest, at: new Date(at), ...(firedAt ? { firedAt: new Date(firedAt) } : {}) });
    }
    return [...latest.values()];
  }

  /** The virtual clock's last known time, if saved. */
  savedClock(): Date | undefined {
    if (!existsSync(this.clockFile)) return undefined;
    try {
      const { now } = JSON.parse(readFileSync(this.clockFile, 'utf8')) as { now?: string };
      return now ? new Date(now) : undefined;
    } catch {
      return undefined;
    }
  }

  saveClock(now: Date): void {
    if (this.closed) return;
    // Written aside and renamed over: a kill in the middle of writing the file in place would leave it empty, and the
    // next start would take the clock back to real time (waits in the future again, claims younger than the lease).
    const aside = `${this.clockFile}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify({ now: now.toISOString() }));
    renameSync(aside, this.clockFile);
  }

  /** Stops writing: a clean shutdown aborts the running executions, which must stay unfinished in the journal. */
  close(): void {
    this.closed = true;
  }

  private append(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
