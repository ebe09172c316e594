/**
 * Durability of the local runtime with `--data-dir`: DynamoDB keeps its data there (dynalite's LevelDB), and this
 * journal keeps what the Step Functions engine holds only in memory:
 *
 *   executions.jsonl  one line per execution started (state machine, name, input) and one per execution finished
 *                     (status, output, events), appended synchronously before the engine goes on
 *   clock.json        the virtual clock, so that a restart does not move time back
 *
 * At start, every execution started and not finished is started again with its name and input: it replays from its
 * first state. The steps are idempotent (the outbox sends each email once, writes are conditional, a follow-up run
 * starts once by name, a wait whose step is recorded is answered at once), so a replay sends nothing twice, and a
 * wait for a person (an approval, an outcome) stores a fresh task token, which the person's answer then delivers.
 * Finished executions are restored as finished, so a parent's `.sync` start of a finished child reads its output.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecutionEvent, ExecutionStatus } from './engine';

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

export class ExecutionJournal {
  private readonly file: string;
  private readonly clockFile: string;
  private readonly started = new Set<string>();
  private closed = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'executions.jsonl');
    this.clockFile = path.join(dataDir, 'clock.json');
  }

  /** Every entry written so far, oldest first (a torn last line, from a kill mid-write, is skipped). */
  read(): JournalEntry[] {
    if (!existsSync(this.file)) return [];
    const entries: JournalEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // a line cut short by a kill
      }
    }
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
    writeFileSync(this.clockFile, JSON.stringify({ now: now.toISOString() }));
  }

  /** Stops writing: a clean shutdown aborts the running executions, which must stay unfinished in the journal. */
  close(): void {
    this.closed = true;
  }

  private append(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
