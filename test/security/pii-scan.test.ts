/**
 * Personal data stays out of everything a log store or the execution history keeps. One end-to-end run in the local
 * runtime (an assurance visit with serious concerns, and an inadequate full inspection through its pathway with an
 * overdue case review), with children known as QX, ZJ, MW and KB, a parent's email address, the provider's, and
 * managers whose user ids are their email addresses; the concerns and the rationale people type name the children.
 *
 * Captured: every line written to stdout and stderr while it ran, every execution's name, input and output, and
 * every step handler's input and output (LocalRuntime's wrapHandler). None of it may hold an email address or a
 * child's initials as a word. Emails themselves (SES) and API responses are not execution history: not scanned here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repository } from '../../functions/adapters/repository';
import {
  assuranceVisitFlow,
  CONCERNS,
  EXPECTED_RUNS,
  expectRuns,
  inadequateInspectionFlow,
  INITIALS,
  RATIONALE,
} from '../reliability/e2e-flows';
import { executionsOf, startTestRuntime, type TestRuntime } from '../reliability/runtime-driver';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const INITIALS_AS_WORDS = new RegExp(`\\b(${INITIALS.join('|')})\\b`);

interface Captured {
  where: string;
  text: string;
}

let rt: TestRuntime;
const written: Captured[] = [];
const inspections: { assurance?: string; inadequate?: string } = {};

beforeAll(async () => {
  // On the servers, as `npm start` runs: whatever the SDK's path to DynamoDB and SES would log is scanned too.
  rt = await startTestRuntime('2027-04-05T08:00:00Z', 'servers');
  // Everything the handlers (and anything else in the process) write while the flows run.
  const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const capture =
    (stream: 'stdout' | 'stderr') =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      written.push({ where: stream, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8') });
      const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  process.stdout.write = capture('stdout') as typeof process.stdout.write;
  process.stderr.write = capture('stderr') as typeof process.stderr.write;
  try {
    inspections.assurance = await assuranceVisitFlow(rt.runtime);
    inspections.inadequate = await inadequateInspectionFlow(rt.runtime, { lateCaseReview: true });
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}, 240_000);

afterAll(async () => {
  await rt?.stop();
});

/** Names what in `text` is personal data, if anything. */
function personalData(text: string): string[] {
  const found: string[] = [];
  const email = EMAIL.exec(text);
  if (email) found.push(`the email address ${email[0]}`);
  const initials = INITIALS_AS_WORDS.exec(text);
  if (initials) found.push(`the initials ${initials[0]}`);
  return found;
}

function expectClean(items: Captured[]): void {
  const leaks = items.flatMap(({ where, text }) => personalData(text).map((what) => `${where}: ${what} in ${text.slice(0, 300)}`));
  expect(leaks).toEqual([]);
}

/** A task token is random text the engine makes: not personal data, and it could spell "QX" by chance. */
function withoutTaskToken(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const { taskToken, ...rest } = input as Record<string, unknown>;
  return taskToken === undefined ? rest : { ...rest, taskToken: '(task token)' };
}

describe('what the runs keep', () => {
  it('ran both flows to their ends, with the personal data really in play', async () => {
    expectRuns(rt.runtime, inspections.assurance!, EXPECTED_RUNS.assurance);
    expectRuns(rt.runtime, inspections.inadequate!, EXPECTED_RUNS.inadequate);
    const record = await repository().requireInspection(inspections.inadequate!);
    expect(record.children.map((child) => child.initials)).toEqual(INITIALS);
    expect(record.decisions['case-review']).toMatchObject({ rationale: RATIONALE, decidedBy: 'maya.manager@ofsted.example' });
    expect(record.outcome?.outcome.summaryOfConcerns).toBe(CONCERNS);
    // The scanner finds what it is looking for: an address in each text (the API refuses a child's initials there), and
    // the initials wherever they are written.
    expect(personalData(CONCERNS)).toHaveLength(1);
    expect(personalData(RATIONALE)).toHaveLength(1);
    for (const initials of INITIALS) expect(personalData(`Restrained: ${initials}.`), initials).toHaveLength(1);
    expect(written.length).toBeGreaterThan(50);
  });

  it('logs through Powertools: each handler line has its timestamp and the request id of its invocation', () => {
    const lines = written
      .flatMap(({ text }) => text.split('\n'))
      .filter((line) => line.startsWith('{"level":'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) {
      expect(line).toMatchObject({ timestamp: expect.any(String), function_request_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
    }
  });

  it('logs no email address and no child’s initials', () => {
    expectClean(written.map(({ where, text }) => ({ where: `${where} log`, text })));
  });

  it('names no execution after a person', () => {
    const runs = [...executionsOf(rt.runtime, inspections.assurance!), ...executionsOf(rt.runtime, inspections.inadequate!)];
    expect(runs).toHaveLength(5);
    expectClean(runs.map((run) => ({ where: `execution name`, text: run.name })));
  });

  it('keeps no personal data in any execution’s input or output', () => {
    const runs = rt.runtime.engine.listExecutions();
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expectClean(
      runs.flatMap((run) => [
        { where: `input of ${run.name}`, text: run.input },
        { where: `output of ${run.name}`, text: run.output ?? '' },
        { where: `error of ${run.name}`, text: `${run.error ?? ''} ${run.cause ?? ''}` },
      ]),
    );
  });

  it('hands no personal data to a step, and no step hands any back: every step input and output', () => {
    const steps = rt.calls.filter((call) => call.kind === 'step');
    expect(new Set(steps.map((call) => call.handlerId)).size).toBeGreaterThanOrEqual(12);
    expectClean(
      steps.flatMap((call) => [
        { where: `input of ${call.handlerId}`, text: JSON.stringify(withoutTaskToken(call.input)) },
        { where: `output of ${call.handlerId}`, text: JSON.stringify(call.output ?? null) },
      ]),
    );
    // The decision the run resumes with: the option chosen, never the rationale or who decided.
    const decisions = steps.filter((call) => call.handlerId === 'record-decision').map((call) => (call.input as { decision: unknown }).decision);
    expect(decisions.length).toBeGreaterThanOrEqual(2);
    for (const decision of decisions) expect(Object.keys(decision as object).sort()).toEqual(['approvalId', 'decidedAt', 'decision']);
  });
});
