import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import {
  inspectionPlan,
  inspectionYearOf,
  isReturnWindow,
  PlanError,
  windowStatus,
  type PastInspection,
  type PlanInput,
} from '../../functions/core/inspection-plan';

const d = (text: string): LocalDate => parseLocalDate(text);

function windowsOf(input: Omit<PlanInput, 'registered'> & { registered: string }) {
  return inspectionPlan({ ...input, registered: d(input.registered) }).windows.map((window) => ({
    id: window.id,
    opens: window.opens,
    closes: window.closes,
    source: window.source.replace(/^.*, /, ''),
    ...(window.met ? { met: window.met.on } : {}),
  }));
}

describe('inspection year (children\u2019s homes framework §9: 1 April to 31 March)', () => {
  it.each([
    ['2027-03-31', 2026],
    ['2027-04-01', 2027],
    ['2026-04-01', 2026],
    ['2026-12-31', 2026],
    ['2028-02-29', 2027],
  ])('%s is in the inspection year %i', (date, year) => {
    expect(inspectionYearOf(d(date))).toBe(year);
  });
});

describe('children\u2019s homes: the inspection plan of a year', () => {
  it('an established home: two inspections in the year, at least one full (§9, §15)', () => {
    expect(windowsOf({ type: 'childrens-home', registered: '2019-06-01', year: 2026 })).toEqual([
      { id: 'full-inspection', opens: '2026-04-01', closes: '2027-03-31', source: '§15' },
      { id: 'second-inspection', opens: '2026-04-01', closes: '2027-03-31', source: '§9' },
    ]);
  });

  it('a secure children\u2019s home follows the same frequency', () => {
    expect(windowsOf({ type: 'secure-childrens-home', registered: '2019-06-01', year: 2026 }).map((w) => w.id)).toEqual([
      'full-inspection',
      'second-inspection',
    ]);
  });

  it.each(['2026-04-01', '2026-09-30'])(
    'registered %s (1 April-30 September): at least one inspection 1 October-31 March (§11)',
    (registered) => {
      expect(windowsOf({ type: 'childrens-home', registered, year: 2026 })).toEqual([
        { id: 'first-inspection', opens: '2026-10-01', closes: '2027-03-31', source: '§11' },
      ]);
    },
  );

  it.each(['2026-10-01', '2027-03-31'])(
    'registered %s (1 October-31 March): no inspection in that period, the first 1 April-30 September of the next (§12)',
    (registered) => {
      expect(windowsOf({ type: 'childrens-home', registered, year: 2026 })).toEqual([
        { id: 'first-inspection', opens: '2027-04-01', closes: '2027-09-30', source: '§12' },
      ]);
    },
  );

  it('the year after a second-half registration: the first inspection by 30 September, and two in the year (§12, §9, §15)', () => {
    expect(windowsOf({ type: 'childrens-home', registered: '2027-03-31', year: 2027 })).toEqual([
      { id: 'first-inspection', opens: '2027-04-01', closes: '2027-09-30', source: '§12' },
      { id: 'full-inspection', opens: '2027-04-01', closes: '2028-03-31', source: '§15' },
      { id: 'second-inspection', opens: '2027-04-01', closes: '2028-03-31', source: '§9' },
    ]);
  });

  it('a home registered on 29 February 2024 is in the second half of 2023-24: first inspection April-September 2024', () => {
    expect(windowsOf({ type: 'childrens-home', registered: '2024-02-29', year: 2024 })[0]).toEqual({
      id: 'first-inspection',
      opens: '2024-04-01',
      closes: '2024-09-30',
      source: '§12',
    });
  });

  it('a home registered the year after the first-half rule applied is planned as established', () => {
    expect(windowsOf({ type: 'childrens-home', registered: '2026-09-30', year: 2027 }).map((w) => w.id)).toEqual([
      'full-inspection',
      'second-inspection',
    ]);
  });

  it('refuses a registration after the year ends, naming the field', () => {
    expect(() => inspectionPlan({ type: 'childrens-home', registered: d('2027-04-01'), year: 2026 })).toThrow(
      expect.objectContaining({ name: 'PlanError', field: 'registered' }),
    );
  });

  it.each([1999, 2101, 2026.5])('refuses the year %s', (year) => {
    expect(() => inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year })).toThrow(PlanError);
  });
});

describe('windows met by the inspections that fall in them', () => {
  it('a full inspection meets the full-inspection window; the second needs a second inspection', () => {
    const history = [{ date: d('2026-06-10'), kind: 'full' as const, inspectionId: 'insp-1' }];
    const plan = inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026, history });
    expect(plan.windows.find((w) => w.id === 'full-inspection')?.met).toEqual({ on: '2026-06-10', kind: 'full', inspectionId: 'insp-1' });
    expect(plan.windows.find((w) => w.id === 'second-inspection')?.met).toBeUndefined();
  });

  it('an interim inspection after the full one meets the second-inspection window', () => {
    const windows = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      history: [
        { date: d('2026-11-02'), kind: 'interim' },
        { date: d('2026-06-10'), kind: 'full' },
      ],
    });
    expect(windows.find((w) => w.id === 'second-inspection')?.met).toBe('2026-11-02');
  });

  it('an interim inspection does not meet the full-inspection window', () => {
    const windows = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      history: [{ date: d('2026-06-10'), kind: 'interim' }],
    });
    expect(windows.find((w) => w.id === 'full-inspection')?.met).toBeUndefined();
  });

  it('an inspection of the previous year meets nothing in this one (31 March / 1 April)', () => {
    const windows = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      history: [{ date: d('2026-03-31'), kind: 'full' }],
    });
    expect(windows.every((w) => w.met === undefined)).toBe(true);
    const next = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      history: [{ date: d('2026-04-01'), kind: 'full' }],
    });
    expect(next.find((w) => w.id === 'full-inspection')?.met).toBe('2026-04-01');
  });

  it('a first-half home\u2019s inspection on 30 September is too early for §11; on 1 October it meets it', () => {
    const early = windowsOf({ type: 'childrens-home', registered: '2026-05-01', year: 2026, history: [{ date: d('2026-09-30'), kind: 'full' }] });
    expect(early[0]?.met).toBeUndefined();
    const onTime = windowsOf({ type: 'childrens-home', registered: '2026-05-01', year: 2026, history: [{ date: d('2026-10-01'), kind: 'interim' }] });
    expect(onTime[0]?.met).toBe('2026-10-01');
  });

  it('a first inspection after its §12 window closed meets it late, never leaving it overdue', () => {
    // Registered 1 Nov 2026: first inspection between 1 Apr and 30 Sep 2027; carried out on 15 Oct 2027
    const plan = inspectionPlan({ type: 'childrens-home', registered: d('2026-11-01'), year: 2027, history: [{ date: d('2027-10-15'), kind: 'full', inspectionId: 'insp-late' }] });
    const first = plan.windows.find((window) => window.id === 'first-inspection')!;
    expect(first.closes).toBe('2027-09-30');
    expect(first.met).toEqual({ on: '2027-10-15', kind: 'full', inspectionId: 'insp-late', late: true });
    expect(windowStatus(first, d('2027-11-01')).status).toBe('met');
    // In its window, it is met on time.
    const onTime = inspectionPlan({ type: 'childrens-home', registered: d('2026-11-01'), year: 2027, history: [{ date: d('2027-09-30'), kind: 'full' }] });
    expect(onTime.windows.find((window) => window.id === 'first-inspection')?.met).toEqual({ on: '2027-09-30', kind: 'full' });
  });

  it('refuses an inspection dated before the registration', () => {
    expect(() =>
      inspectionPlan({ type: 'childrens-home', registered: d('2026-05-01'), year: 2026, history: [{ date: d('2026-04-30'), kind: 'full' }] }),
    ).toThrow(expect.objectContaining({ field: 'history' }));
  });
});

describe('education (§17: once every three years)', () => {
  it('never inspected: due in the plan\u2019s year', () => {
    expect(windowsOf({ type: 'childrens-home', registered: '2019-06-01', year: 2026, providesEducation: true })[2]).toEqual({
      id: 'education-inspection',
      opens: '2026-04-01',
      closes: '2027-03-31',
      source: '§17',
    });
  });

  it('due by the third anniversary of the last one, planned in the 12 months before', () => {
    const education = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      providesEducation: true,
      lastEducation: d('2024-05-10'),
    }).find((w) => w.id === 'education-inspection');
    expect(education).toEqual({ id: 'education-inspection', opens: '2026-05-11', closes: '2027-05-10', source: '§17' });
  });

  it('from 29 February 2024: due by 28 February 2027 (the month\u2019s last day)', () => {
    const education = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      providesEducation: true,
      lastEducation: d('2024-02-29'),
    }).find((w) => w.id === 'education-inspection');
    expect(education).toMatchObject({ opens: '2026-03-01', closes: '2027-02-28' });
  });

  it('is met by an education inspection in its window', () => {
    const education = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      providesEducation: true,
      lastEducation: d('2024-05-10'),
      history: [{ date: d('2026-06-01'), kind: 'education' }],
    }).find((w) => w.id === 'education-inspection');
    expect(education?.met).toBe('2026-06-01');
  });

  it('refuses a last education inspection for a home that provides none', () => {
    expect(() =>
      inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026, lastEducation: d('2024-05-10') }),
    ).toThrow(expect.objectContaining({ field: 'lastEducation' }));
  });
});

describe('the return visit of an open inadequate pathway (§71, SCCIF 15.1)', () => {
  it('opens 6 weeks and closes 8 weeks after the inspection', () => {
    const windows = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      inadequateJudgements: [{ date: d('2026-05-07') }],
    });
    expect(windows.find((w) => w.id === 'return-inspection')).toEqual({
      id: 'return-inspection',
      opens: '2026-06-18',
      closes: '2026-07-02',
      source: '§71',
    });
  });

  it("names what an interim inspection judged when its case review chose the pathway, never 'judged inadequate' (found by a new-user walk)", () => {
    const explanation = (judgement: { date: ReturnType<typeof d>; judgedWords?: string }) =>
      inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026, inadequateJudgements: [judgement] }).windows.find((w) => w.id === 'return-inspection')?.explanation;
    expect(explanation({ date: d('2026-05-07') })).toMatch(/^judged inadequate at the inspection of Thu 7 May 2026: the window opens/);
    expect(explanation({ date: d('2026-05-07'), judgedWords: 'judged to have declined in effectiveness at the interim inspection' })).toMatch(
      /^judged to have declined in effectiveness at the interim inspection of Thu 7 May 2026: the window opens/,
    );
  });

  it('is met by the monitoring visit in its window', () => {
    const windows = windowsOf({
      type: 'childrens-home',
      registered: '2019-06-01',
      year: 2026,
      inadequateJudgements: [{ date: d('2026-05-07') }],
      history: [{ date: d('2026-06-25'), kind: 'monitoring' }],
    });
    expect(windows.find((w) => w.id === 'return-inspection')?.met).toBe('2026-06-25');
  });

  it('is met late by a visit after it closed, never left overdue (Ofsted returned, after the window)', () => {
    const plan = inspectionPlan({
      type: 'childrens-home',
      registered: d('2019-06-01'),
      year: 2026,
      inadequateJudgements: [{ date: d('2026-05-07') }],
      history: [{ date: d('2026-07-20'), kind: 'monitoring', inspectionId: 'insp-return' }],
    });
    const ret = plan.windows.find((window) => window.id === 'return-inspection')!;
    expect(ret.closes).toBe('2026-07-02');
    expect(ret.met).toEqual({ on: '2026-07-20', kind: 'monitoring', inspectionId: 'insp-return', late: true });
    expect(windowStatus(ret, d('2026-07-21')).status).toBe('met');
    // An interim inspection does not meet a return window at all: it stays overdue.
    const interim = inspectionPlan({
      type: 'childrens-home',
      registered: d('2019-06-01'),
      year: 2026,
      inadequateJudgements: [{ date: d('2026-05-07') }],
      history: [{ date: d('2026-07-20'), kind: 'interim' }],
    });
    const unmet = interim.windows.find((window) => window.id === 'return-inspection')!;
    expect(unmet.met).toBeUndefined();
    expect(windowStatus(unmet, d('2026-07-21')).status).toBe('overdue');
  });

  it('is met early by a visit after the judgement and before it opened (§72: sooner if concerns arise), the first after the judgement (found by a new-user walk: left unmet, then overdue)', () => {
    const ret = (history: PastInspection[]) =>
      inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026, inadequateJudgements: [{ date: d('2026-05-07') }], history }).windows.find(
        (window) => window.id === 'return-inspection',
      )!;
    expect(ret([{ date: d('2026-06-01'), kind: 'monitoring', inspectionId: 'insp-early' }]).met).toEqual({ on: '2026-06-01', kind: 'monitoring', inspectionId: 'insp-early', early: true });
    // The first after the judgement is the return: a later one in the window does not replace it.
    expect(ret([{ date: d('2026-06-01'), kind: 'monitoring' }, { date: d('2026-06-25'), kind: 'monitoring' }]).met).toEqual({ on: '2026-06-01', kind: 'monitoring', early: true });
    // A visit on or before the day of the judgement is not its return.
    expect(ret([{ date: d('2026-05-07'), kind: 'monitoring' }]).met).toBeUndefined();
    expect(ret([{ date: d('2026-04-20'), kind: 'full' }]).met).toBeUndefined();
  });

  it('is the visit the case review chose, once it did: named so, explained, and met only by that kind of visit (found by a new-user walk)', () => {
    const planOf = (visit: 'monitoring-visit' | 'full-inspection', history: PastInspection[]) =>
      inspectionPlan({
        type: 'childrens-home',
        registered: d('2019-06-01'),
        year: 2026,
        inadequateJudgements: [{ date: d('2026-05-07'), returnVisit: { visit, decidedOn: d('2026-05-11') } }],
        history,
      }).windows.find((window) => window.id === 'return-inspection')!;
    const monitoringVisit: PastInspection = { date: d('2026-06-25'), kind: 'monitoring' };
    const fullInspection: PastInspection = { date: d('2026-06-29'), kind: 'full', inspectionId: 'insp-return' };

    const chosenFull = planOf('full-inspection', [monitoringVisit]);
    expect(chosenFull.title).toBe('Return visit after an inadequate judgement: a full inspection, chosen at the case review');
    expect(chosenFull.explanation).toMatch(/; the case review of Mon 11 May 2026 chose a full inspection$/);
    expect(chosenFull.chosen).toBe('full-inspection');
    expect(chosenFull.met).toBeUndefined();
    expect(planOf('full-inspection', [monitoringVisit, fullInspection]).met).toEqual({ on: '2026-06-29', kind: 'full', inspectionId: 'insp-return' });

    const chosenMonitoring = planOf('monitoring-visit', [fullInspection]);
    expect(chosenMonitoring.title).toBe('Return visit after an inadequate judgement: a monitoring visit, chosen at the case review');
    expect(chosenMonitoring.met).toBeUndefined();
    expect(planOf('monitoring-visit', [fullInspection, monitoringVisit]).met).toEqual({ on: '2026-06-25', kind: 'monitoring' });
    // The dates are the pathway's either way.
    expect([chosenFull.opens, chosenFull.closes, chosenMonitoring.opens, chosenMonitoring.closes]).toEqual(['2026-06-18', '2026-07-02', '2026-06-18', '2026-07-02']);
  });
});

describe('the full inspection a monitoring visit scheduled (SCCIF 15.1 (b): usually within 16 weeks of the original inspection)', () => {
  const judged = { date: d('2026-05-07'), inspectionId: 'insp-1', fullInspectionScheduledOn: d('2026-06-25') };

  it('opens the day after the monitoring visit and closes 16 weeks after the inspection judged inadequate', () => {
    const windows = windowsOf({ type: 'childrens-home', registered: '2019-06-01', year: 2026, inadequateJudgements: [judged] });
    expect(windows.filter((w) => w.id.startsWith('return-'))).toEqual([
      { id: 'return-inspection', opens: '2026-06-18', closes: '2026-07-02', source: '§71' },
      // 7 May 2026 + 16 weeks = Thursday 27 August 2026.
      { id: 'return-full-inspection', opens: '2026-06-26', closes: '2026-08-27', source: '15.1' },
    ]);
  });

  it('is not there while no monitoring visit scheduled a full inspection', () => {
    const windows = windowsOf({ type: 'childrens-home', registered: '2019-06-01', year: 2026, inadequateJudgements: [{ date: d('2026-05-07') }] });
    expect(windows.map((w) => w.id)).not.toContain('return-full-inspection');
  });

  it('is met by a full inspection only (the monitoring visit itself, or an interim inspection, does not meet it), late when after it closed', () => {
    const planWith = (history: PlanInput['history']) =>
      inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026, inadequateJudgements: [judged], history }).windows.find(
        (w) => w.id === 'return-full-inspection',
      )!;
    expect(planWith([{ date: d('2026-06-25'), kind: 'monitoring' }, { date: d('2026-07-20'), kind: 'interim' }]).met).toBeUndefined();
    expect(planWith([{ date: d('2026-08-10'), kind: 'full', inspectionId: 'insp-2' }]).met).toEqual({ on: '2026-08-10', kind: 'full', inspectionId: 'insp-2' });
    expect(planWith([{ date: d('2026-09-08'), kind: 'full' }]).met).toEqual({ on: '2026-09-08', kind: 'full', late: true });
    expect(windowStatus(planWith([]), d('2026-08-28')).status).toBe('overdue');
  });

  it('is listed in the next inspection year when it closes there (judged inadequate in January)', () => {
    const january = { date: d('2027-01-13'), fullInspectionScheduledOn: d('2027-03-01') };
    const visit = { date: d('2027-03-01'), kind: 'monitoring' as const };
    const next = windowsOf({ type: 'childrens-home', registered: '2019-06-01', year: 2027, inadequateJudgements: [january], history: [visit] });
    // 13 January 2027 + 16 weeks = Wednesday 5 May 2027; the 6-8 week return window closed in the year before.
    expect(next.filter((w) => w.id.startsWith('return-'))).toEqual([
      { id: 'return-full-inspection', opens: '2027-03-02', closes: '2027-05-05', source: '15.1' },
    ]);
  });
});

describe('a monitoring visit further monitoring began (§77 (a); found by a new-user walk: on no plan, so no digest named it)', () => {
  // Judged inadequate on 13 January 2027; the 1st monitoring visit on 1 March chose further monitoring, 6 to 8 weeks.
  const visit = { number: 2, chosenOn: d('2027-03-01'), earliest: d('2027-04-12'), latest: d('2027-04-26') };
  const judged = (further: object) => ({ date: d('2027-01-13'), inspectionId: 'insp-1', furtherMonitoringVisits: [{ ...visit, ...further }] });
  const windowIn = (year: number, further: object = {}) =>
    inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year, inadequateJudgements: [judged(further)] }).windows.find((w) => w.id === 'further-monitoring-visit');

  it('is the window set with the outcome, named by its number, with the visit that chose it and its rule (§77)', () => {
    const window = windowIn(2027)!;
    expect(window).toMatchObject({ opens: '2027-04-12', closes: '2027-04-26', title: '2nd monitoring visit after an inadequate judgement (further monitoring)' });
    expect(window.source).toMatch(/§77$/);
    expect(window.explanation).toBe(
      'judged inadequate at the inspection of Wed 13 Jan 2027; the 1st monitoring visit, on Mon 1 Mar 2027, chose further monitoring: the 2nd is due Mon 12 Apr 2027 to Mon 26 Apr 2027',
    );
    expect(window.met).toBeUndefined();
    expect(windowStatus(window, d('2027-04-27')).status).toBe('overdue');
    expect(isReturnWindow(window.id)).toBe(true);
  });

  it('is met by that visit on its day: on time, late after the window, early before it (§72: sooner if concerns arise)', () => {
    expect(windowIn(2027, { done: d('2027-04-20') })!.met).toEqual({ on: '2027-04-20', kind: 'monitoring', inspectionId: 'insp-1' });
    expect(windowIn(2027, { done: d('2027-05-04') })!.met).toEqual({ on: '2027-05-04', kind: 'monitoring', inspectionId: 'insp-1', late: true });
    expect(windowIn(2027, { done: d('2027-04-01') })!.met).toEqual({ on: '2027-04-01', kind: 'monitoring', inspectionId: 'insp-1', early: true });
    expect(windowStatus(windowIn(2027, { done: d('2027-05-04') })!, d('2027-05-05')).status).toBe('met');
  });

  it('stays on later years’ plans while it is owed, as a return does, and is on the plan of the year it was set in', () => {
    expect(windowIn(2028)).toMatchObject({ opens: '2027-04-12', closes: '2027-04-26' });
    expect(windowIn(2028, { done: d('2027-04-20') })).toBeUndefined();
    // Set by the visit of 1 March 2027, in 2026-27: on that year's plan, not yet open (found by a new-user walk).
    expect(windowIn(2026)).toMatchObject({ opens: '2027-04-12', closes: '2027-04-26', knownFrom: '2027-03-01' });
    expect(windowIn(2025)).toBeUndefined();
  });
});

describe('a home registered in the second half of a period and inspected before its §12 window (found by a walk: "On track" after its inspection)', () => {
  it('has had its first inspection: the window is met early by that inspection, in the year of registration and the next', () => {
    const history = [{ date: d('2027-01-13'), kind: 'full' as const, inspectionId: 'insp-1' }];
    for (const year of [2026, 2027]) {
      const first = inspectionPlan({ type: 'childrens-home', registered: d('2026-10-20'), year, history }).windows.find((w) => w.id === 'first-inspection')!;
      expect(first).toMatchObject({ opens: '2027-04-01', closes: '2027-09-30' });
      expect(first.met).toEqual({ on: '2027-01-13', kind: 'full', inspectionId: 'insp-1', early: true });
      expect(windowStatus(first, d('2027-06-08')).status).toBe('met');
    }
  });

  it('a monitoring visit before the window is not a first inspection; an inspection in the window meets it on time', () => {
    const monitoring = inspectionPlan({ type: 'childrens-home', registered: d('2026-10-20'), year: 2027, history: [{ date: d('2027-01-13'), kind: 'monitoring' }] });
    expect(monitoring.windows.find((w) => w.id === 'first-inspection')!.met).toBeUndefined();
    const inWindow = inspectionPlan({ type: 'childrens-home', registered: d('2026-10-20'), year: 2027, history: [{ date: d('2027-05-04'), kind: 'interim' }] });
    expect(inWindow.windows.find((w) => w.id === 'first-inspection')!.met).toEqual({ on: '2027-05-04', kind: 'interim' });
  });

  it('§11 is not met early: a home registered in April and inspected in August still needs one between October and March', () => {
    const plan = inspectionPlan({ type: 'childrens-home', registered: d('2026-04-10'), year: 2026, history: [{ date: d('2026-08-12'), kind: 'full' }] });
    expect(plan.windows.find((w) => w.id === 'first-inspection')!.met).toBeUndefined();
  });
});

describe('residential family centres (RFC framework 2014 §10, §12, §45)', () => {
  it('one inspection in each three-year cycle, counted from 2014 by default: 2026-27 is in 2026-2029', () => {
    expect(windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2026 })).toEqual([
      { id: 'full-inspection', opens: '2026-04-01', closes: '2029-03-31', source: '§10' },
    ]);
    expect(windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2025 })).toEqual([
      { id: 'full-inspection', opens: '2023-04-01', closes: '2026-03-31', source: '§10' },
    ]);
  });

  it('the cycle start is configurable', () => {
    expect(windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2026, rfcCycleStartYear: 2025 })[0]).toMatchObject({
      opens: '2025-04-01',
      closes: '2028-03-31',
    });
  });

  it('a centre registered during a cycle is due from its registration', () => {
    expect(windowsOf({ type: 'residential-family-centre', registered: '2027-06-01', year: 2027 })[0]).toMatchObject({ opens: '2027-06-01', closes: '2029-03-31' });
  });

  it('a full inspection earlier in the cycle meets it', () => {
    const windows = windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2027, history: [{ date: d('2026-05-01'), kind: 'full' }] });
    expect(windows[0]?.met).toBe('2026-05-01');
  });

  it('judged inadequate: the next inspection within 12 months', () => {
    const windows = windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2026, inadequateJudgements: [{ date: d('2026-05-07') }] });
    expect(windows[1]).toEqual({ id: 'return-inspection', opens: '2026-05-08', closes: '2027-05-07', source: '§45' });
  });

  it('judged inadequate: the next full inspection after the judgement meets it, late after its 12 months', () => {
    const next = (history: PastInspection[]) =>
      inspectionPlan({ type: 'residential-family-centre', registered: d('2015-01-10'), year: 2026, inadequateJudgements: [{ date: d('2026-05-07') }], history }).windows.find(
        (window) => window.id === 'return-inspection',
      )?.met;
    expect(next([{ date: d('2026-11-02'), kind: 'full' }])).toEqual({ on: '2026-11-02', kind: 'full' });
    expect(next([{ date: d('2027-06-01'), kind: 'full' }])).toEqual({ on: '2027-06-01', kind: 'full', late: true });
    expect(next([{ date: d('2026-05-04'), kind: 'full' }])).toBeUndefined();
  });

  it('judged inadequate on 29 February 2028: the next inspection by 28 February 2029', () => {
    const windows = windowsOf({ type: 'residential-family-centre', registered: '2015-01-10', year: 2027, inadequateJudgements: [{ date: d('2028-02-29') }] });
    expect(windows[1]).toMatchObject({ closes: '2029-02-28' });
  });

  it('refuses education for a family centre', () => {
    expect(() => inspectionPlan({ type: 'residential-family-centre', registered: d('2015-01-10'), year: 2026, providesEducation: true })).toThrow(
      expect.objectContaining({ field: 'education' }),
    );
  });
});

describe('where a window stands on a day', () => {
  const [full] = inspectionPlan({ type: 'childrens-home', registered: d('2019-06-01'), year: 2026 }).windows;

  it('open, with the working days left to its close', () => {
    // Mon 22 to Wed 31 March 2027: 23, 24, 25, 30, 31 (Good Friday 26 and Easter Monday 29 March are bank holidays).
    expect(windowStatus(full!, d('2027-03-22'))).toEqual({ status: 'open', workingDaysLeft: 5 });
  });

  it('overdue the day after it closes, with negative working days', () => {
    expect(windowStatus(full!, d('2027-04-01'))).toEqual({ status: 'overdue', workingDaysLeft: -1 });
  });

  it('not yet open before it opens', () => {
    expect(windowStatus(full!, d('2026-03-31')).status).toBe('not-yet-open');
  });

  it('met whatever the day', () => {
    expect(windowStatus({ ...full!, met: { on: d('2026-06-10'), kind: 'full' } }, d('2027-06-01')).status).toBe('met');
  });
});

describe('return windows of inadequate judgements in other years', () => {
  it('are listed in the inspection years they overlap, once met in them, and in the year they became known', () => {
    const visit = { date: d('2026-04-10'), kind: 'monitoring' as const };
    const input = { type: 'childrens-home' as const, registered: d('2019-06-01'), inadequateJudgements: [{ date: d('2026-02-20') }], history: [visit] };
    // 6-8 weeks after 20 Feb 2026: 3 to 17 April 2026, in 2026-27; and on 2025-26's plan, the year of the judgement,
    // not yet open (found by a new-user walk: in March no plan shown had the return due in April).
    const known = inspectionPlan({ ...input, year: 2025 }).windows.find((w) => w.id === 'return-inspection')!;
    expect(known).toMatchObject({ opens: '2026-04-03', closes: '2026-04-17', knownFrom: '2026-02-20' });
    expect(windowStatus({ ...known, met: undefined }, d('2026-03-20')).status).toBe('not-yet-open');
    expect(inspectionPlan({ ...input, year: 2024 }).windows.map((w) => w.id)).not.toContain('return-inspection');
    expect(inspectionPlan({ ...input, year: 2026 }).windows.find((w) => w.id === 'return-inspection')).toMatchObject({
      opens: '2026-04-03',
      closes: '2026-04-17',
      met: { on: '2026-04-10' },
    });
    expect(inspectionPlan({ ...input, year: 2027 }).windows.map((w) => w.id)).not.toContain('return-inspection');
  });

  it('stay in each later year while no visit meets them, then in the year of the visit that met them late (found by a new-user walk: gone on 1 April)', () => {
    // 6-8 weeks after 13 January 2027: 24 February to 10 March 2027, in 2026-27.
    const input = { type: 'childrens-home' as const, registered: d('2019-06-01'), inadequateJudgements: [{ date: d('2027-01-13') }] };
    const owed = inspectionPlan({ ...input, year: 2027 }).windows.find((w) => w.id === 'return-inspection')!;
    expect(owed).toMatchObject({ opens: '2027-02-24', closes: '2027-03-10' });
    expect(owed.met).toBeUndefined();
    expect(windowStatus(owed, d('2027-04-01')).status).toBe('overdue');
    expect(inspectionPlan({ ...input, year: 2028 }).windows.map((w) => w.id)).toContain('return-inspection');

    const late = { ...input, history: [{ date: d('2027-04-20'), kind: 'monitoring' as const }] };
    expect(inspectionPlan({ ...late, year: 2027 }).windows.find((w) => w.id === 'return-inspection')?.met).toEqual({ on: '2027-04-20', kind: 'monitoring', late: true });
    expect(inspectionPlan({ ...late, year: 2028 }).windows.map((w) => w.id)).not.toContain('return-inspection');
    // Never in a year before the one it became known in.
    expect(inspectionPlan({ ...input, year: 2025 }).windows.map((w) => w.id)).not.toContain('return-inspection');
  });
});
