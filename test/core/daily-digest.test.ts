import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { dailyDigest, DIGEST_MAX_WINDOWS, vacancyAnnouncementKey, type DigestDueRow, type DigestVacancyWarning } from '../../functions/core/daily-digest';
import { renderEmail, type DailyDigestInput } from '../../functions/core/email-content';
import { PLAN_CLOSING_SOON_WORKING_DAYS } from '../../functions/core/regulations/inspection-plan';

const day = (text: string): LocalDate => parseLocalDate(text);
const BASE = 'https://sccif.example.gov.uk/v1';
// Monday 30 November 2026, a working day.
const MONDAY = day('2026-11-30');

function row(overrides: Partial<DigestDueRow> = {}): DigestDueRow {
  return {
    id: 'full-inspection',
    urn: 'SC100006',
    name: 'Hazel Grove',
    title: 'Full inspection',
    opens: day('2026-04-01'),
    closes: day('2026-12-10'),
    source: "Children's homes framework 2015 §9",
    status: 'open',
    workingDaysLeft: 8,
    ...overrides,
  };
}

function vacancy(weeks: 20 | 26, overrides: Partial<DigestVacancyWarning> = {}): DigestVacancyWarning {
  return {
    urn: 'SC100009',
    vacantSince: day('2026-05-04'),
    weeks,
    reachedOn: day(weeks === 20 ? '2026-09-21' : '2026-11-02'),
    message: `Rowan Court (SC100009) has had no registered manager since 4 May 2026: ${weeks} weeks`,
    ...overrides,
  };
}

const request = (overrides: Partial<Parameters<typeof dailyDigest>[0]> = {}) => ({
  today: MONDAY,
  rows: [] as DigestDueRow[],
  vacancies: [] as DigestVacancyWarning[],
  announced: new Set<string>(),
  baseUrl: BASE,
  ...overrides,
});

describe('the managers’ daily digest', () => {
  it('sends nothing on a quiet day: no window closing soon, no new vacancy warning', () => {
    const decision = dailyDigest(request({ rows: [row({ workingDaysLeft: PLAN_CLOSING_SOON_WORKING_DAYS + 1 }), row({ status: 'met', workingDaysLeft: 3 })] }));
    expect(decision).toEqual({ send: false, reason: 'nothing-to-say' });
  });

  it('greets the manager it goes to by name, and "manager" only when the directory has no name', () => {
    const named = dailyDigest(request({ rows: [row()], managerName: 'Maya Manager' }));
    const unnamed = dailyDigest(request({ rows: [row()] }));
    if (!named.send || !unnamed.send) throw new Error('both digests have a window to name');
    expect(renderEmail(named.template).text).toMatch(/^Dear Maya Manager,/);
    expect(renderEmail(unnamed.template).text).toMatch(/^Dear manager,/);
  });

  it('sends nothing at the weekend or on a bank holiday, whatever there is to say', () => {
    for (const today of ['2026-11-28', '2026-11-29', '2026-12-25', '2026-12-28']) {
      expect(dailyDigest(request({ today: day(today), rows: [row()] }))).toEqual({ send: false, reason: 'not-a-working-day' });
    }
  });

  it(`lists the windows closing within ${PLAN_CLOSING_SOON_WORKING_DAYS} working days, soonest first, open or about to open, and not the later or met ones`, () => {
    const decision = dailyDigest(
      request({
        rows: [
          row({ urn: 'SC100001', name: 'Oak House', closes: day('2026-12-14'), workingDaysLeft: PLAN_CLOSING_SOON_WORKING_DAYS }),
          row({ urn: 'SC100002', name: 'Birch Lodge', closes: day('2026-12-15'), workingDaysLeft: PLAN_CLOSING_SOON_WORKING_DAYS + 1 }),
          row({ urn: 'SC100003', name: 'Willow View', closes: day('2026-11-30'), workingDaysLeft: 0 }),
          row({ urn: 'SC100004', status: 'met', workingDaysLeft: 2 }),
          // A one-week window opening tomorrow (found by a new-user walk: first named the day it opened).
          row({ urn: 'SC100005', name: 'Rowan House', title: 'Return visit', status: 'not-yet-open', opens: day('2026-12-01'), closes: day('2026-12-04'), workingDaysLeft: 4 }),
          row({ urn: 'SC100007', status: 'not-yet-open', opens: day('2027-01-04'), closes: day('2027-01-29'), workingDaysLeft: 43 }),
        ],
      }),
    );
    expect(decision.send).toBe(true);
    if (!decision.send) return;
    expect(decision.template.windows.map((window) => window.urn)).toEqual(['SC100003', 'SC100005', 'SC100001']);
    expect(decision.template.windows[0]).not.toHaveProperty('opens');
    expect(renderEmail(decision.template).text).toContain('Rowan House (URN SC100005): Return visit, opens Tuesday 1 December 2026, closes Friday 4 December 2026 (4 working days left;');
    expect(decision.announces).toEqual([]);
  });

  it('counts the overdue windows and links to them, but overdue windows alone are not news', () => {
    expect(dailyDigest(request({ rows: [row({ status: 'overdue', workingDaysLeft: -3 })] }))).toEqual({ send: false, reason: 'nothing-to-say' });
    const decision = dailyDigest(request({ rows: [row(), row({ urn: 'SC100002', status: 'overdue', workingDaysLeft: -3 })] }));
    if (!decision.send) throw new Error('expected a digest');
    expect(decision.template.overdueWindows).toBe(1);
    expect(renderEmail(decision.template).text).toContain(`${BASE}/app/inspection-plan?risk=overdue`);
  });

  it('names each overdue return visit after an inadequate judgement, soonest closed first; one first overdue today is news by itself (found by a new-user walk)', () => {
    const returnVisit = (overrides: Partial<DigestDueRow>) =>
      row({ id: 'return-inspection', title: 'Return visit after an inadequate judgement', source: "Children's homes framework 2015 §71", status: 'overdue', workingDaysLeft: 0, ...overrides });
    // Closed on Friday 27 November: Monday 30 November is its first working day overdue.
    const today = dailyDigest(request({ rows: [returnVisit({ urn: 'SC100007', name: 'Birch Lodge', closes: day('2026-11-27') })] }));
    if (!today.send) throw new Error('expected a digest');
    expect(today.template.overdueReturns).toEqual([
      { urn: 'SC100007', name: 'Birch Lodge', title: 'Return visit after an inadequate judgement', closes: day('2026-11-27'), source: "Children's homes framework 2015 §71" },
    ]);
    expect(today.template.overdueWindows).toBe(0);
    const text = renderEmail(today.template).text;
    expect(text).toContain('Return visits overdue');
    // One title, its sections under it (found by a new-user walk: two <h1>).
    const html = renderEmail(today.template).html;
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h2>Return visits overdue</h2>');
    expect(text).toContain('This return visit is past its window and not recorded as made:');
    expect(text).toContain(
      `Birch Lodge (URN SC100007): Return visit after an inadequate judgement, was due by Friday 27 November 2026 (Children's homes framework 2015 §71). ${BASE}/app/establishments/SC100007`,
    );
    // Overdue since an earlier day, alone: not news again (the escalations chase it); named whenever a digest is sent.
    const older = returnVisit({ urn: 'SC100008', name: 'Ash House', id: 'return-full-inspection', closes: day('2026-11-20') });
    expect(dailyDigest(request({ rows: [older] }))).toEqual({ send: false, reason: 'nothing-to-say' });
    const withOthers = dailyDigest(request({ rows: [row(), older, returnVisit({ urn: 'SC100007', closes: day('2026-11-26') }), row({ urn: 'SC100002', status: 'overdue', workingDaysLeft: 0 })] }));
    if (!withOthers.send) throw new Error('expected a digest');
    expect(withOthers.template.overdueReturns.map((visit) => visit.urn)).toEqual(['SC100008', 'SC100007']);
    expect(withOthers.template.overdueWindows).toBe(1);
    const both = renderEmail(withOthers.template).text;
    expect(both).toContain('These 2 return visits are past their windows and not recorded as made:');
    expect(both).toContain('1 other window of the plan is overdue.');
  });

  it(`lists at most ${DIGEST_MAX_WINDOWS} windows and counts the rest`, () => {
    const rows = Array.from({ length: DIGEST_MAX_WINDOWS + 7 }, (_, index) => row({ urn: `SC${String(200000 + index)}` }));
    const decision = dailyDigest(request({ rows }));
    if (!decision.send) throw new Error('expected a digest');
    expect(decision.template.windows).toHaveLength(DIGEST_MAX_WINDOWS);
    expect(decision.template.moreWindows).toBe(7);
    expect(renderEmail(decision.template).text).toContain('And 7 more windows, listed on the plan.');
  });

  it('announces a vacancy threshold once: not again when it is already announced', () => {
    const first = dailyDigest(request({ vacancies: [vacancy(20)] }));
    if (!first.send) throw new Error('expected a digest');
    expect(first.announces).toEqual([vacancyAnnouncementKey(vacancy(20))]);
    expect(first.template.vacancies.map((shown) => shown.weeks)).toEqual([20]);
    expect(dailyDigest(request({ vacancies: [vacancy(20)], announced: new Set(first.announces) }))).toEqual({ send: false, reason: 'nothing-to-say' });
  });

  it('announces the 26-week limit when the vacancy reaches it, after the 20-week warning', () => {
    const announced = new Set([vacancyAnnouncementKey(vacancy(20))]);
    const decision = dailyDigest(request({ vacancies: [vacancy(20), vacancy(26)], announced }));
    if (!decision.send) throw new Error('expected a digest');
    expect(decision.template.vacancies.map((shown) => shown.weeks)).toEqual([26]);
    expect(decision.announces).toEqual([vacancyAnnouncementKey(vacancy(26))]);
  });

  it('shows only the 26-week limit for a vacancy first seen past it, and announces both thresholds', () => {
    const decision = dailyDigest(request({ vacancies: [vacancy(20), vacancy(26)] }));
    if (!decision.send) throw new Error('expected a digest');
    expect(decision.template.vacancies.map((shown) => shown.weeks)).toEqual([26]);
    expect(decision.announces.sort()).toEqual([vacancyAnnouncementKey(vacancy(20)), vacancyAnnouncementKey(vacancy(26))].sort());
  });

  it('counts a new vacancy (a new vacant-since day) as a new announcement', () => {
    const announced = new Set([vacancyAnnouncementKey(vacancy(20))]);
    const later = vacancy(20, { vacantSince: day('2027-01-04') });
    const decision = dailyDigest(request({ vacancies: [later], announced }));
    expect(decision.send).toBe(true);
  });
});

describe('windows that closed without an inspection (found by a new-user walk: gone without a word on 1 April)', () => {
  const closed = (overrides: Partial<DigestDueRow>) => row({ status: 'overdue', workingDaysLeft: 0, ...overrides });

  it('names a window closed unmet on the first working day after it closed, by itself news; after that it is only counted', () => {
    // Closed on Friday 27 November: Monday 30 November is the first working day after.
    const friday = closed({ id: 'education-inspection', title: 'Inspection of the educational provision', urn: 'SC100011', name: 'Alder House', closes: day('2026-11-27') });
    const today = dailyDigest(request({ rows: [friday] }));
    if (!today.send) throw new Error('expected a digest');
    expect(today.template.closedUnmet).toEqual([
      { urn: 'SC100011', name: 'Alder House', title: 'Inspection of the educational provision', closes: day('2026-11-27'), source: "Children's homes framework 2015 §9" },
    ]);
    expect(today.template.overdueWindows).toBe(0);
    const rendered = renderEmail(today.template);
    expect(rendered.text).toContain('Windows closed without an inspection');
    expect(rendered.text).toContain('1 inspection window closed since the last working day without the inspection it called for:');
    expect(rendered.text).toContain(`Alder House (URN SC100011): Inspection of the educational provision, closed Friday 27 November 2026 (Children's homes framework 2015 §9). ${BASE}/app/establishments/SC100011`);
    // The next working day: counted with the other overdue windows, and no news by itself.
    expect(dailyDigest(request({ today: day('2026-12-01'), rows: [friday] }))).toEqual({ send: false, reason: 'nothing-to-say' });
  });

  it('names the windows of the year before that closed unmet on its last day, on the first working day of the next (the previous year’s rows)', () => {
    // 31 March 2027 is a Wednesday; Thursday 1 April 2027 starts the inspection year 2027.
    const april = day('2027-04-01');
    const lastYear = [
      closed({ urn: 'SC100012', name: 'Beech Court', title: 'Second inspection (usually an interim inspection)', closes: day('2027-03-31') }),
      closed({ urn: 'SC100013', name: 'Cedar Lodge', closes: day('2027-03-31') }),
      row({ urn: 'SC100014', status: 'met', closes: day('2027-03-31') }),
    ];
    const decision = dailyDigest(request({ today: april, rows: [], previousYearRows: lastYear }));
    if (!decision.send) throw new Error('expected a digest');
    expect(decision.template.closedUnmet.map((window) => window.urn)).toEqual(['SC100012', 'SC100013']);
    expect(renderEmail(decision.template).text).toContain('2 inspection windows closed since the last working day without the inspection they called for:');
    // Every one of them on the plan of the year they closed in.
    expect(renderEmail(decision.template).text).toContain(`Windows not met: ${BASE}/app/inspection-plan?year=2026&risk=overdue`);
  });
});

describe('the daily digest email', () => {
  const input: DailyDigestInput = {
    template: 'dailyDigest',
    day: MONDAY,
    horizonWorkingDays: PLAN_CLOSING_SOON_WORKING_DAYS,
    windows: [{ urn: 'SC100006', name: 'Hazel Grove', title: 'Full inspection', closes: day('2026-12-10'), workingDaysLeft: 8, source: "Children's homes framework 2015 §9" }],
    moreWindows: 0,
    closedUnmet: [],
    moreClosedUnmet: 0,
    overdueReturns: [],
    overdueWindows: 0,
    vacancies: [{ urn: 'SC100009', weeks: 26, reachedOn: day('2026-11-02'), message: 'Rowan Court (SC100009) has had no registered manager since 4 May 2026' }],
    baseUrl: `${BASE}/`,
  };

  it('says the day in the subject and nothing else (no establishment, no child)', () => {
    expect(renderEmail(input).subject).toBe('Inspection plan digest for Monday 30 November 2026');
  });

  it('links each establishment and the plan to the web pages under /app, keeping the stage path', () => {
    const { text, html } = renderEmail(input);
    expect(text).toContain(`${BASE}/app/establishments/SC100006`);
    expect(text).toContain(`${BASE}/app/establishments/SC100009`);
    expect(text).toContain(`${BASE}/app/inspection-plan?risk=due-soon`);
    expect(html).toContain(`href="${BASE}/app/inspection-plan?risk=due-soon"`);
  });

  it('gives each window its closing day, working days left and source', () => {
    const { text } = renderEmail(input);
    expect(text).toContain("Hazel Grove (URN SC100006): Full inspection, closes Thursday 10 December 2026 (8 working days left; Children's homes framework 2015 §9)");
    expect(text).toContain('Registered manager vacancies');
  });

  it('names the last working day of a window closing on a weekend or a bank holiday', () => {
    const { text } = renderEmail({ ...input, windows: [{ ...input.windows[0]!, closes: day('2029-03-31'), workingDaysLeft: 3 }] });
    expect(text).toContain(
      "Full inspection, closes Saturday 31 March 2029 (3 working days left; the last working day by then is Thursday 29 March 2029, as Good Friday and the weekend are not working days; Children's homes framework 2015 §9)",
    );
  });

  it('escapes establishment names in the HTML', () => {
    const hostile = { ...input, windows: [{ ...input.windows[0]!, name: '<script>alert(1)</script>' }] };
    expect(renderEmail(hostile).html).not.toContain('<script>');
  });
});
