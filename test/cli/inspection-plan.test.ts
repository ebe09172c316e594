import { describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli/deadlines';

/**
 * The CLI called in this process: its `main` (what the process runs, its return the exit code) with what it writes
 * to stdout and stderr. A process (node + tsx) cost ~1.7 s of CPU; test/cli/deadlines.test.ts starts the CLI as its own
 * process once, as a script would (the same entry: `process.exitCode = main(argv)`, whatever the subcommand).
 */
function inProcess(argv: string[]): { code: number; stdout: string; stderr: string } {
  const written = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += chunk.toString();
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    return { code: main(['inspection-plan', ...argv]), ...written };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function failure(argv: string[]): { code: number; stderr: string } {
  const { code, stderr } = inProcess(argv);
  if (code === 0) throw new Error('the CLI succeeded');
  return { code, stderr };
}

describe('deadlines inspection-plan', () => {
  it('prints the windows of a year as JSON, with rule, source and explanation, and exits 0', () => {
    const { code, stdout, stderr } = inProcess([
      '--type', 'childrens-home', '--registered', '2019-06-01', '--year', '2026',
      '--last-full', '2026-06-10', '--education', '--last-education', '2024-05-10', '--json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const plan = JSON.parse(stdout) as {
      process: string;
      windows: { id: string; opens: string; closes: string; rule: string; source: string; explanation: string; met?: { on: string } }[];
    };
    expect(plan.process).toBe('inspection-plan');
    expect(plan.windows.map((w) => [w.id, w.opens, w.closes, w.met?.on])).toEqual([
      ['full-inspection', '2026-04-01', '2027-03-31', '2026-06-10'],
      ['second-inspection', '2026-04-01', '2027-03-31', undefined],
      ['education-inspection', '2026-05-11', '2027-05-10', undefined],
    ]);
    for (const window of plan.windows) {
      expect(window.source).toMatch(/^Inspections of children's homes: framework for inspection \(Ofsted, 2015\), §\d+$/);
      expect(window.rule.length).toBeGreaterThan(20);
      expect(window.explanation.length).toBeGreaterThan(10);
    }
  });

  it('prints a family centre\u2019s return inspection after an inadequate judgement', () => {
    const { stdout } = inProcess(['--type', 'rfc', '--registered', '2015-01-10', '--year', '2026', '--inadequate', '2026-05-07', '--json']);
    const plan = JSON.parse(stdout) as { windows: { id: string; closes: string; rule: string }[] };
    expect(plan.windows.find((w) => w.id === 'return-inspection')).toMatchObject({
      closes: '2027-05-07',
      rule: expect.stringContaining('within 12 months'),
    });
  });

  it('prints a table without --json', () => {
    const { stdout } = inProcess(['--type', 'secure-childrens-home', '--registered', '2026-05-01', '--year', '2026']);
    expect(stdout).toContain('Inspection plan 2026-27 (Wed 1 Apr 2026 to Wed 31 Mar 2027), secure-childrens-home');
    expect(stdout).toMatch(/first-inspection\s+Thu 1 Oct 2026\s+Wed 31 Mar 2027/);
  });

  it.each([
    [['--registered', '2019-06-01', '--year', '2026'], /needs --type/],
    [['--type', 'hostel', '--registered', '2019-06-01', '--year', '2026'], /--type: unknown type "hostel"/],
    [['--type', 'childrens-home', '--registered', '2019-02-30', '--year', '2026'], /--registered: "2019-02-30" is not a real calendar date/],
    [['--type', 'childrens-home', '--registered', '2019-06-01', '--year', '26'], /--year: "26" is not a year/],
    [['--type', 'childrens-home', '--registered', '2027-04-01', '--year', '2026'], /--registered: is after the inspection year 2026 ends/],
    [['--type', 'rfc', '--registered', '2019-06-01', '--year', '2026', '--education'], /--education: applies to children/],
    [['--type', 'childrens-home', '--registered', '2019-06-01', '--year', '2026', '--cycle-start', '2020'], /--cycle-start: applies to --type rfc only/],
    [['--type', 'childrens-home', '--registered', '2019-06-01', '--year', '2026', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with one line for %j', (argv, message) => {
    const { code, stderr } = failure(argv);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
