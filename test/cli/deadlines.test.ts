import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { main, parseDeadlinesArgs, renderJson, renderTable } from '../../functions/cli/deadlines';

const run = promisify(execFile);
/** The CLI as its own process (node + tsx, as `npm run -s deadlines` runs it, without npm's own chatter). */
const cli = (argv: string[]) => run(process.execPath, ['--import', 'tsx', 'functions/cli/deadlines.ts', ...argv]);

function jsonOf(argv: string[]) {
  return JSON.parse(renderJson(parseDeadlinesArgs(argv).timeline)) as {
    process: string;
    steps: { id: string; due: string; dueLondonDate: string; rule: string; source: string; recordable: boolean }[];
  };
}

describe('deadlines CLI', () => {
  it('lists the assurance-visit steps with the serious-concerns branch and the monitoring visit when asked', () => {
    const output = jsonOf(['assurance-visit', '--day1', '2026-12-18', '--serious-concerns', '--monitoring-visit', '--json']);
    expect(output.process).toBe('assurance-visit');
    expect(output.steps.map((step) => step.id)).toEqual([
      'announce',
      'annex-a-due',
      'provider-letter',
      'visit-end',
      'draft-report-qa',
      'report-to-provider',
      'provider-comments',
      'final-report-to-provider',
      'complaint-window',
      'publish',
      'dcs-alert',
      'case-review',
      'monitoring-visit-earliest',
      'monitoring-visit-latest',
    ]);
  });

  it('marks the steps a person records (the report stages, the visit) and not those the system does (the emails)', () => {
    const recordable = Object.fromEntries(
      jsonOf(['assurance-visit', '--day1', '2026-12-18', '--serious-concerns', '--json']).steps.map((step) => [step.id, step.recordable]),
    );
    expect(recordable).toMatchObject({ 'visit-end': true, 'report-to-provider': true, publish: true, 'provider-letter': false, 'dcs-alert': false, 'case-review': false });
  });

  it('leaves the serious-concerns steps out without the flag', () => {
    const ids = jsonOf(['assurance-visit', '--day1', '2026-12-18']).steps.map((step) => step.id);
    expect(ids).not.toContain('dcs-alert');
    expect(ids).toContain('publish');
  });

  it('prints the annex A deadline at 13:00 London on day 1, as a UTC instant', () => {
    const annex = jsonOf(['assurance-visit', '--day1', '2027-06-01']).steps.find((step) => step.id === 'annex-a-due');
    // 1 June 2027 is in BST: 13:00 London is 12:00 UTC.
    expect(annex?.due).toBe('2027-06-01T12:00:00.000Z');
  });

  it('moves provider comments when the report actually went to the provider early', () => {
    const comments = jsonOf(['full-inspection', '--inspection-end', '2027-03-25', '--report-to-provider', '2027-04-01'])
      .steps.find((step) => step.id === 'provider-comments');
    // 5 working days after Thu 1 Apr 2027: 2, 5, 6, 7, 8 April.
    expect(comments?.dueLondonDate).toBe('2027-04-08');
  });

  it('adds the 12-month return only for an inadequate residential family centre', () => {
    const plain = jsonOf(['rfc-inspection', '--inspection-end', '2027-03-25']).steps.map((step) => step.id);
    const inadequate = jsonOf(['rfc-inspection', '--inspection-end', '2027-03-25', '--inadequate']);
    expect(plain).toEqual(['report-to-provider', 'provider-comments', 'publish']);
    expect(inadequate.steps.find((step) => step.id === 'next-inspection-latest')?.dueLondonDate).toBe('2028-03-25');
  });

  it('renders a readable table with every step, its rule and its source', () => {
    const table = renderTable(parseDeadlinesArgs(['inadequate', '--inspection-end', '2027-03-25']).timeline);
    expect(table).toContain('dcs-alert');
    expect(table).toContain('Tue 30 Mar 2027');
    expect(table).toContain('by the end of the next working day following the inspection');
    expect(table).toContain('15.3');
  });

  it.each([
    [['bogus', '--inspection-end', '2027-03-25'], /unknown process "bogus"/],
    [['full-inspection'], /needs --inspection-end/],
    [['full-inspection', '--inspection-end', '2027-02-30'], /not a real calendar date/],
    [['full-inspection', '--inspection-end', '25/03/2027'], /not a date in the form YYYY-MM-DD/],
    [['full-inspection', '--inspection-end', '2027-03-25', '--day1', '2027-03-22'], /Unknown option '--day1'/],
    [['full-inspection', '--inspection-end'], /argument missing/],
    [[], /usage/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseDeadlinesArgs(argv)).toThrow(message);
  });

  it('exits 2 with one line on stderr for an impossible date, as a script would see it', async () => {
    const failure = await cli(['inadequate', '--inspection-end', '2027-02-30']).then(
      () => undefined,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr.trim().split('\n')).toEqual(['deadlines: --inspection-end: "2027-02-30" is not a real calendar date']);
  });

  // In this process: main's answer is the process's exit code (functions/cli/deadlines.ts: `process.exitCode =
  // main(argv)`), which the process above shows with its 2; a process each cost ~1.7 s of CPU (node, tsx, esbuild).
  it('prints JSON on stdout and exits 0, as a script would see it', () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const spies = (['stdout', 'stderr'] as const).map((stream) =>
      vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
        (stream === 'stdout' ? stdout : stderr).push(chunk.toString());
        return true;
      }),
    );
    let code: number;
    try {
      code = main(['full-inspection', '--inspection-end', '2027-03-25', '--json']);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    const parsed = JSON.parse(stdout.join('')) as { process: string; steps: { id: string }[] };
    expect(parsed.process).toBe('full-inspection');
    expect(parsed.steps.map((step) => step.id)).toContain('publish');
  });
});
