/**
 * Deadlines CLI: `npm run -s deadlines -- <process> --<anchor> <YYYY-MM-DD> [--<condition>] [--<step-id> <date>] [--json]`
 *
 * Prints a process's timeline from the regulations module. Anchors are the process's events (e.g. --day1,
 * --inspection-end); conditions switch optional steps on (e.g. --serious-concerns); a step id given a date records
 * the day it actually happened, so later steps anchored on it count from that day.
 * Errors: exit code 2 and one line on stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatLondonDate, parseLocalDate, type LocalDate } from '../core/calendar';
import { buildTimeline, isProcessId, PROCESS_IDS, PROCESSES, type Timeline } from '../core/regulations';
import { parsePlanArgs, PLAN_USAGE, renderPlanJson, renderPlanTable } from './inspection-plan';
import { textTable } from './text-table';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const USAGE = `usage: deadlines <${PROCESS_IDS.join('|')}> --<anchor> YYYY-MM-DD [--<condition>] [--<step-id> YYYY-MM-DD] [--json]; or ${PLAN_USAGE.replace('usage: ', '')}`;

const usageError = (message: string): never => {
  throw new UsageError(message);
};

export interface DeadlinesRequest {
  timeline: Timeline;
  json: boolean;
}

export function parseDeadlinesArgs(argv: readonly string[]): DeadlinesRequest {
  const [processId, ...rest] = argv;
  if (!processId || processId === '--help' || processId === '-h') throw new UsageError(USAGE);
  if (!isProcessId(processId)) {
    throw new UsageError(`unknown process "${processId}"; expected one of: ${[...PROCESS_IDS, 'inspection-plan'].join(', ')}`);
  }
  const process = PROCESSES[processId];
  const options: NonNullable<ParseArgsConfig['options']> = { json: { type: 'boolean' } };
  for (const anchor of Object.values(process.anchors)) options[anchor.flag] = { type: 'string' };
  for (const condition of Object.values(process.conditions)) options[condition.flag] = { type: 'boolean' };
  for (const step of process.steps) options[step.id] ??= { type: 'string' };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (error) {
    throw new UsageError(`${processId}: ${(error as Error).message.split('\n')[0]}`);
  }

  const date = (flag: string): LocalDate | undefined => {
    const value = values[flag];
    if (typeof value !== 'string') return undefined;
    try {
      return parseLocalDate(value);
    } catch (error) {
      throw new UsageError(`--${flag}: ${(error as Error).message}`);
    }
  };

  const anchors: Record<string, LocalDate | undefined> = {};
  for (const [id, anchor] of Object.entries(process.anchors)) {
    anchors[id] = date(anchor.flag);
    if (!anchors[id]) throw new UsageError(`${processId} needs --${anchor.flag} YYYY-MM-DD (${anchor.label})`);
  }
  const conditions: Record<string, boolean> = {};
  for (const [id, condition] of Object.entries(process.conditions)) conditions[id] = values[condition.flag] === true;
  const actuals: Record<string, LocalDate | undefined> = {};
  for (const step of process.steps) {
    const actual = date(step.id);
    if (actual) actuals[step.id] = actual;
  }
  return { timeline: buildTimeline(process, { anchors, conditions, actuals }), json: values.json === true };
}

export function renderJson(timeline: Timeline): string {
  return JSON.stringify(
    {
      process: timeline.process,
      steps: timeline.steps.map((step) => ({
        id: step.id,
        title: step.title,
        due: step.due,
        dueLondonDate: step.dueLondonDate,
        rule: step.rule,
        source: step.source,
        kind: step.kind,
        recordable: step.recordable,
        anchor: step.anchor,
        explanation: step.explanation,
        ...(step.done ? { done: step.done } : {}),
      })),
    },
    null,
    2,
  );
}

export function renderTable(timeline: Timeline): string {
  const rows = timeline.steps.map((step) => [
    step.id,
    `${formatLondonDate(step.dueLondonDate)}${step.kind === 'window-opens' ? ' (opens)' : step.kind === 'right' ? ' (right closes)' : ''}`,
    new Date(step.due).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
    step.rule,
    step.source,
  ]);
  return textTable(`${timeline.title} (${timeline.process})`, ['step', 'due (London)', 'time', 'rule', 'source'], rows);
}

export function main(argv: readonly string[]): number {
  try {
    if (argv[0] === 'inspection-plan') {
      const { plan, json } = parsePlanArgs(argv.slice(1), usageError);
      process.stdout.write(`${json ? renderPlanJson(plan) : renderPlanTable(plan)}\n`);
      return 0;
    }
    const { timeline, json } = parseDeadlinesArgs(argv);
    process.stdout.write(`${json ? renderJson(timeline) : renderTable(timeline)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`deadlines: ${message.split('\n')[0]}\n`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = main(process.argv.slice(2));
}
