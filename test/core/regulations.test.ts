/**
 * The regulations as code: every process's timeline, first checked generically against its own step table (each
 * due day recomputed from the step's rule with the calendar primitives), then against golden rows worked out by hand
 * from the seeds and the bank holidays (see the comments in test/core/calendar.test.ts for the days of the week).
 */
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  endOfLondonDay,
  londonDateOf,
  londonTimeOn,
  parseLocalDate,
  type LocalDate,
} from '../../functions/core/calendar';
import {
  assuranceVisit,
  buildTimeline,
  fullInspection,
  inadequatePathway,
  interimInspection,
  monitoringVisit,
  PROCESSES,
  rfcInspection,
  SOURCE_DOCUMENTS,
  TimelineError,
  type DeadlineRule,
  type ProcessDefinition,
  type Timeline,
  type TimelineStep,
} from '../../functions/core/regulations';

const day = (text: string): LocalDate => parseLocalDate(text);

/** Sample anchor days: before Christmas 2026, before Easter 2027 (GMT → BST), Christmas Eve 2027, a BST Friday, a leap day. */
const SAMPLE_ANCHOR_DAYS = ['2026-12-18', '2026-12-22', '2027-03-25', '2027-12-24', '2026-07-03', '2028-02-29'].map(day);

function anchorsOn(process: ProcessDefinition, date: LocalDate): Record<string, LocalDate> {
  return Object.fromEntries(Object.keys(process.anchors).map((id) => [id, date]));
}

/** No condition, every condition, and each condition on its own. */
function conditionSets(process: ProcessDefinition): Record<string, boolean>[] {
  const names = Object.keys(process.conditions);
  return [{}, Object.fromEntries(names.map((name) => [name, true])), ...names.map((name) => ({ [name]: true }))];
}

/** The due day of a rule counted from an anchor day, recomputed with the calendar primitives. */
function dueDayByRule(rule: DeadlineRule, anchorDay: LocalDate): LocalDate {
  switch (rule.kind) {
    case 'working-day-number':
      return addWorkingDays(anchorDay, rule.day - 1).date;
    case 'working-days':
      return addWorkingDays(anchorDay, rule.days).date;
    case 'next-working-day':
      return addWorkingDays(anchorDay, 1).date;
    case 'days':
      return addCalendarDays(anchorDay, rule.days);
    case 'weeks':
      return addCalendarDays(anchorDay, 7 * rule.weeks);
    case 'months':
      return addCalendarMonths(anchorDay, rule.months);
  }
}

/** The words and numbers a rule's text must contain. */
function ruleWords(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'working-day-number':
      return rule.at ? `${rule.at} London time on day ${rule.day}` : `by the end of day ${rule.day}`;
    case 'working-days':
      return `within ${rule.days} working day${rule.days === 1 ? '' : 's'} of`;
    case 'next-working-day':
      return 'by the end of the next working day following';
    case 'days':
      return `within ${rule.days} day${rule.days === 1 ? '' : 's'} of`;
    case 'weeks':
      return `within ${rule.weeks} week${rule.weeks === 1 ? '' : 's'} of`;
    case 'months':
      return `within ${rule.months} month${rule.months === 1 ? '' : 's'} of`;
  }
}

function step(timeline: Timeline, id: string): TimelineStep {
  const found = timeline.steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${timeline.process} timeline has no step ${id}`);
  return found;
}

describe.each(Object.entries(PROCESSES))('process %s', (processId, process: ProcessDefinition) => {
  const cases = SAMPLE_ANCHOR_DAYS.flatMap((date) => conditionSets(process).map((conditions) => ({ date, conditions })));

  it.each(cases)('lists every unconditional step, and a conditional step only when its condition holds ($date, $conditions)', ({
    date,
    conditions,
  }) => {
    const timeline = buildTimeline(process, { anchors: anchorsOn(process, date), conditions });
    const expected = process.steps.filter(
      (definition) => (!definition.when || conditions[definition.when] === true) && !(definition.unless && conditions[definition.unless] === true),
    );
    expect(timeline.process).toBe(processId);
    expect(timeline.steps.map((timelineStep) => timelineStep.id)).toEqual(expected.map((definition) => definition.id));
  });

  it.each(cases)('puts every step on the day its rule gives, counted from its anchor ($date, $conditions)', ({
    date,
    conditions,
  }) => {
    const anchors = anchorsOn(process, date);
    const timeline = buildTimeline(process, { anchors, conditions });
    for (const timelineStep of timeline.steps) {
      const definition = process.steps.find((candidate) => candidate.id === timelineStep.id)!;
      const anchorDay =
        typeof definition.anchor === 'string' ? anchors[definition.anchor]! : step(timeline, definition.anchor.step).dueLondonDate;
      const dueDay = dueDayByRule(definition.rule, anchorDay);
      const at = definition.rule.kind === 'working-day-number' ? definition.rule.at : undefined;

      expect(timelineStep.anchor.date, timelineStep.id).toBe(anchorDay);
      expect(timelineStep.anchor.basis, timelineStep.id).toBe(typeof definition.anchor === 'string' ? 'given' : 'planned');
      expect(timelineStep.dueLondonDate, timelineStep.id).toBe(dueDay);
      expect(timelineStep.due, timelineStep.id).toBe(at ? londonTimeOn(dueDay, at) : endOfLondonDay(dueDay));
      expect(londonDateOf(timelineStep.due), timelineStep.id).toBe(timelineStep.dueLondonDate);
      // A window's opening is said as one ("opens 6 weeks after …"), every other step by its rule ("within 6 weeks of …").
      const words = ruleWords(definition.rule);
      expect(timelineStep.rule, timelineStep.id).toContain(definition.kind === 'window-opens' ? words.replace(/^within (.+) of$/, 'opens $1 after') : words);
      expect(timelineStep.rule, timelineStep.id).toContain(timelineStep.anchor.label);
      expect(timelineStep.kind, timelineStep.id).toBe(definition.kind ?? 'deadline');
    }
  });

  it('cites a source document and paragraph for every step', () => {
    // Every condition that switches a step on, none that switches one off: every step is listed.
    const unlessOnly = new Set(process.steps.flatMap((definition) => (definition.unless ? [definition.unless] : [])));
    const timeline = buildTimeline(process, {
      anchors: anchorsOn(process, day('2027-03-25')),
      conditions: Object.fromEntries(Object.keys(process.conditions).map((name) => [name, !unlessOnly.has(name)])),
    });
    expect(timeline.steps).toHaveLength(process.steps.length);
    for (const timelineStep of timeline.steps) {
      const { document, paragraph } = timelineStep.sourceRef;
      expect(Object.keys(SOURCE_DOCUMENTS), timelineStep.id).toContain(document);
      expect(paragraph.trim(), timelineStep.id).not.toBe('');
      expect(timelineStep.source, timelineStep.id).toContain(SOURCE_DOCUMENTS[document]);
      expect(timelineStep.source, timelineStep.id).toContain(paragraph);
    }
  });

  it('counts a step anchored on another step from the day that step actually happened, when given', () => {
    const anchors = anchorsOn(process, day('2026-12-18'));
    const conditions = Object.fromEntries(Object.keys(process.conditions).map((name) => [name, true]));
    const planned = buildTimeline(process, { anchors, conditions });
    // Every step that another step counts from happened three calendar days after it was due.
    const anchorStepIds = new Set(
      process.steps.flatMap((definition) => (typeof definition.anchor === 'string' ? [] : [definition.anchor.step])),
    );
    const actuals = Object.fromEntries(
      [...anchorStepIds].map((id) => [id, addCalendarDays(step(planned, id).dueLondonDate, 3)]),
    );
    const timeline = buildTimeline(process, { anchors, conditions, actuals });
    for (const definition of process.steps) {
      if (typeof definition.anchor === 'string') continue;
      const timelineStep = step(timeline, definition.id);
      const actualDay = actuals[definition.anchor.step]!;
      expect(timelineStep.anchor.basis, definition.id).toBe('actual');
      expect(timelineStep.anchor.date, definition.id).toBe(actualDay);
      expect(timelineStep.dueLondonDate, definition.id).toBe(dueDayByRule(definition.rule, actualDay));
    }
    for (const id of anchorStepIds) expect(step(timeline, id).done).toBe(actuals[id]);
  });

  it.each(Object.entries(process.anchors))('refuses to build without the anchor %s, naming its flag', (anchorId, anchor) => {
    const anchors = { ...anchorsOn(process, day('2027-03-25')), [anchorId]: undefined };
    expect(() => buildTimeline(process, { anchors })).toThrow(TimelineError);
    expect(() => buildTimeline(process, { anchors })).toThrow(`--${anchor.flag}`);
  });

  it('refuses an actual day for a step the process does not have', () => {
    const input = { anchors: anchorsOn(process, day('2027-03-25')), actuals: { 'no-such-step': day('2027-03-26') } };
    expect(() => buildTimeline(process, input)).toThrow(TimelineError);
    expect(() => buildTimeline(process, input)).toThrow(`${processId} has no step "no-such-step"`);
  });

  it('refuses a condition the process does not have', () => {
    const input = { anchors: anchorsOn(process, day('2027-03-25')), conditions: { 'no-such-condition': true } };
    expect(() => buildTimeline(process, input)).toThrow(TimelineError);
    expect(() => buildTimeline(process, input)).toThrow(`${processId} has no condition "no-such-condition"`);
  });

  it('refuses a condition named after an Object.prototype property such as "toString"', () => {
    const input = { anchors: anchorsOn(process, day('2027-03-25')), conditions: { toString: true } };
    expect(() => buildTimeline(process, input)).toThrow(`${processId} has no condition "toString"`);
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Golden rows, worked out by hand

type Golden = [stepId: string, due: string];

function dueOf(timeline: Timeline): Golden[] {
  return timeline.steps.map((timelineStep) => [timelineStep.id, timelineStep.due]);
}

describe('assurance visit announced on Fri 18 Dec 2026, serious concerns found', () => {
  const timeline = buildTimeline(assuranceVisit, {
    anchors: { day1: day('2026-12-18') },
    conditions: { 'serious-concerns': true, 'monitoring-visit': true },
  });

  // All of it is in GMT: 23:59:59 London = 23:59:59Z.
  it.each<Golden>([
    ['announce', '2026-12-18T09:00:00.000Z'], // about 09:00 on day 1
    ['annex-a-due', '2026-12-18T13:00:00.000Z'], // 1pm on day 1
    ['provider-letter', '2026-12-18T23:59:59.000Z'], // day 1
    ['visit-end', '2026-12-22T23:59:59.000Z'], // day 2 = Mon 21, day 3 = Tue 22
    ['draft-report-qa', '2026-12-23T23:59:59.000Z'], // day 4 = Wed 23
    // 18 WD after Tue 22 Dec: 23, 24, [25-28], 29, 30, 31, [1-3 Jan], 4-8, 11-15, 18, 19, 20 → Wed 20 Jan
    ['report-to-provider', '2027-01-20T23:59:59.000Z'],
    ['provider-comments', '2027-01-27T23:59:59.000Z'], // 5 WD after Wed 20 Jan: 21, 22, 25, 26, 27
    ['final-report-to-provider', '2027-02-05T23:59:59.000Z'], // 30 WD: ... 20 Jan (18), 21-22, 25-29, 1-5 Feb → Fri 5 Feb
    ['complaint-window', '2027-02-12T23:59:59.000Z'], // 5 WD after Fri 5 Feb: 8-12 Feb
    ['publish', '2027-02-17T23:59:59.000Z'], // 38 WD: 5 Feb (30), 8-12 (35), 15, 16, 17 → Wed 17 Feb
    ['dcs-alert', '2026-12-23T23:59:59.000Z'], // next working day after Tue 22 Dec
    ['case-review', '2026-12-31T23:59:59.000Z'], // 5 WD after 22 Dec: 23, 24, 29, 30, 31
    ['monitoring-visit-earliest', '2027-02-02T23:59:59.000Z'], // 22 Dec + 42 days
    ['monitoring-visit-latest', '2027-02-16T23:59:59.000Z'], // 22 Dec + 56 days
  ])('%s is due %s', (stepId, due) => {
    expect(step(timeline, stepId).due).toBe(due);
  });

  it('announces the visit at 09:00 on day 1, which is the day given', () => {
    expect(step(timeline, 'announce').dueLondonDate).toBe('2026-12-18');
    expect(step(timeline, 'announce').anchor).toEqual({
      label: assuranceVisit.anchors.day1.label,
      date: '2026-12-18',
      basis: 'given',
    });
  });

  it('alerts the directors of children’s services by the end of the next working day after the visit', () => {
    const alert = step(timeline, 'dcs-alert');
    expect(alert.dueLondonDate).toBe('2026-12-23');
    expect(alert.rule).toContain('by the end of the next working day following');
    expect(alert.anchor).toMatchObject({ date: '2026-12-22', basis: 'planned' });
  });

  it('holds the case review no later than 5 working days after the visit, passing over Christmas', () => {
    const caseReview = step(timeline, 'case-review');
    expect(caseReview.dueLondonDate).toBe('2026-12-31');
    expect(caseReview.rule).toContain('within 5 working days of');
    expect(caseReview.explanation).toContain('Fri 25 Dec 2026');
    expect(caseReview.explanation).toContain('Mon 28 Dec 2026');
  });

  it('opens the monitoring visit window 6 weeks after the visit and closes it at 8 weeks', () => {
    expect(step(timeline, 'monitoring-visit-earliest')).toMatchObject({ kind: 'window-opens', dueLondonDate: '2027-02-02' });
    expect(step(timeline, 'monitoring-visit-latest')).toMatchObject({ kind: 'deadline', dueLondonDate: '2027-02-16' });
  });
});

describe('assurance visit announced on Fri 18 Dec 2026, no serious concerns', () => {
  it('has the ten timetable steps and none of the serious-concerns steps', () => {
    const timeline = buildTimeline(assuranceVisit, { anchors: { day1: day('2026-12-18') } });
    expect(timeline.steps.map((timelineStep) => timelineStep.id)).toEqual([
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
    ]);
  });
});

describe('assurance visit: later steps count from what actually happened', () => {
  const anchors = { day1: day('2026-12-18') };

  it('gives the provider 5 working days from the planned report day when the report has not gone yet', () => {
    const comments = step(buildTimeline(assuranceVisit, { anchors }), 'provider-comments');
    expect(comments.anchor).toMatchObject({ date: '2027-01-20', basis: 'planned' });
    expect(comments.dueLondonDate).toBe('2027-01-27');
  });

  it('gives the provider 5 working days from the day the report was actually sent', () => {
    // Report sent early, on Fri 15 Jan 2027: 5 WD = Mon 18, Tue 19, Wed 20, Thu 21, Fri 22 Jan.
    const timeline = buildTimeline(assuranceVisit, { anchors, actuals: { 'report-to-provider': day('2027-01-15') } });
    const comments = step(timeline, 'provider-comments');
    expect(comments.anchor).toMatchObject({ date: '2027-01-15', basis: 'actual' });
    expect(comments.due).toBe('2027-01-22T23:59:59.000Z');
    expect(comments.explanation).toContain('actual: Fri 15 Jan 2027');
    // The report step itself keeps its deadline and records the day it was done.
    expect(step(timeline, 'report-to-provider')).toMatchObject({ dueLondonDate: '2027-01-20', done: '2027-01-15' });
  });

  it('moves every step counted from the end of the visit when the visit actually ended a day late', () => {
    // Visit ended Wed 23 Dec 2026 instead of Tue 22.
    const timeline = buildTimeline(assuranceVisit, {
      anchors,
      conditions: { 'serious-concerns': true, 'monitoring-visit': true },
      actuals: { 'visit-end': day('2026-12-23') },
    });
    expect(dueOf(timeline).filter(([id]) => id !== 'announce' && id !== 'annex-a-due' && id !== 'provider-letter')).toEqual([
      ['visit-end', '2026-12-22T23:59:59.000Z'], // its own deadline does not move
      ['draft-report-qa', '2026-12-23T23:59:59.000Z'], // day 4, counted from day 1
      // 18 WD after Wed 23 Dec: 24, 29, 30, 31, 4-8 Jan (9), 11-15 (14), 18, 19, 20, 21 → Thu 21 Jan
      ['report-to-provider', '2027-01-21T23:59:59.000Z'],
      ['provider-comments', '2027-01-28T23:59:59.000Z'], // 5 WD after planned Thu 21 Jan: 22, 25, 26, 27, 28
      ['final-report-to-provider', '2027-02-08T23:59:59.000Z'], // 30 WD: 21 Jan (18), 22, 25-29 (24), 1-5 Feb (29), Mon 8
      ['complaint-window', '2027-02-15T23:59:59.000Z'], // 5 WD after Mon 8 Feb: 9-12, 15
      ['publish', '2027-02-18T23:59:59.000Z'], // 38 WD: 8 Feb (30), 9-12 (34), 15-18 (38)
      ['dcs-alert', '2026-12-24T23:59:59.000Z'], // next working day after Wed 23 Dec
      ['case-review', '2027-01-04T23:59:59.000Z'], // 24, 29, 30, 31, Mon 4 Jan
      ['monitoring-visit-earliest', '2027-02-03T23:59:59.000Z'], // 23 Dec + 42 = Dec 65 = Jan 34 = Feb 3
      ['monitoring-visit-latest', '2027-02-17T23:59:59.000Z'], // 23 Dec + 56 = Jan 48 = Feb 17
    ]);
    expect(step(timeline, 'dcs-alert').anchor).toMatchObject({ date: '2026-12-23', basis: 'actual' });
  });
});

describe("full inspection of a children's home ending Thu 25 Mar 2027 (Easter: Fri 26 and Mon 29 Mar)", () => {
  const timeline = buildTimeline(fullInspection, { anchors: { 'inspection-end': day('2027-03-25') } });

  // Every due day is in BST (from 28 Mar 2027): 23:59:59 London = 22:59:59Z.
  it.each<Golden>([
    // §81: 10 WD after 25 Mar: 30, 31, 1, 2, 5, 6, 7, 8, 9, 12 Apr
    ['report-to-provider', '2027-04-12T22:59:59.000Z'],
    // §82: 5 WD after Mon 12 Apr: 13, 14, 15, 16, 19
    ['provider-comments', '2027-04-19T22:59:59.000Z'],
    // §82: 25 WD: 12 Apr (10), 13-16 (14), 19-23 (19), 26-30 (24), [Sat 1, Sun 2, Mon 3 May bank holiday], Tue 4 May
    ['publish', '2027-05-04T22:59:59.000Z'],
    // §104: 10 WD after Tue 4 May: 5, 6, 7, 10, 11, 12, 13, 14, 17, 18
    ['complaint-window', '2027-05-18T22:59:59.000Z'],
  ])('%s is due %s', (stepId, due) => {
    expect(step(timeline, stepId).due).toBe(due);
  });

  it('sends the report to the provider within 10 working days of the end of the inspection, passing over Easter', () => {
    const report = step(timeline, 'report-to-provider');
    expect(report.rule).toBe('within 10 working days of the end of the inspection');
    expect(report.explanation).toContain('Fri 26 Mar 2027');
    expect(report.explanation).toContain('Mon 29 Mar 2027');
    expect(report.source).toContain('§81');
  });

  it('lets the provider complain within 10 working days of the day the report was actually published', () => {
    // Published early on Fri 30 Apr 2027: 10 WD = 4 (Mon 3 May is a bank holiday), 5, 6, 7, 10, 11, 12, 13, 14, 17 May.
    const actual = buildTimeline(fullInspection, {
      anchors: { 'inspection-end': day('2027-03-25') },
      actuals: { publish: day('2027-04-30') },
    });
    expect(step(actual, 'complaint-window').due).toBe('2027-05-17T22:59:59.000Z');
    expect(step(actual, 'complaint-window').anchor.basis).toBe('actual');
  });
});

describe("interim inspection of a children's home ending Thu 25 Mar 2027 (§91-92)", () => {
  it('sends the report as a full inspection does, and publishes it within 25 calendar days, as §92 words it', () => {
    const timeline = buildTimeline(interimInspection, { anchors: { 'inspection-end': day('2027-03-25') } });
    expect(dueOf(timeline)).toEqual([
      ['judgements-recorded', '2027-03-30T22:59:59.000Z'], // SCCIF 15.3: the next working day (Good Friday and Easter Monday skipped)
      ['report-to-provider', '2027-04-12T22:59:59.000Z'], // §91: 10 WD, as §81
      ['provider-comments', '2027-04-19T22:59:59.000Z'], // §92: 5 WD after Mon 12 Apr
      ['publish', '2027-04-19T22:59:59.000Z'], // §92: "usually within 25 days": 25 Mar + 25 = Mon 19 Apr (Easter counts)
      ['complaint-window', '2027-05-04T22:59:59.000Z'], // §104: 10 WD after 19 Apr: 20-23, 26-30, [3 May], Tue 4 May
    ]);
    expect(step(timeline, 'publish').rule).toBe('within 25 days of the end of the inspection');
    expect(step(timeline, 'publish').source).toContain('§92');
  });
});

describe('inadequate judgement at an inspection ending Thu 25 Mar 2027', () => {
  // With the monitoring outcome "schedule a full inspection" (15.1 (b)): the 16-week step applies.
  const secureHome = buildTimeline(inadequatePathway, {
    anchors: { 'inspection-end': day('2027-03-25') },
    conditions: { secure: true, 'full-inspection-outcome': true },
  });

  it.each<Golden>([
    ['case-review', '2027-03-30T22:59:59.000Z'], // next WD after Thu 25: skip Fri 26 (GF), Sat, Sun, Mon 29 (EM); BST
    ['dcs-alert', '2027-03-30T22:59:59.000Z'], // same rule, SCCIF 15.3
    ['dfe-informed', '2027-03-30T22:59:59.000Z'], // secure home only
    ['monitoring-visit-earliest', '2027-05-06T22:59:59.000Z'], // 25 Mar + 42 = Apr 36 = May 6
    ['monitoring-visit-latest', '2027-05-20T22:59:59.000Z'], // 25 Mar + 56 = Apr 50 = May 20
    ['full-inspection-latest', '2027-07-15T22:59:59.000Z'], // 25 Mar + 112 = Jul 15
  ])('%s is due %s', (stepId, due) => {
    expect(step(secureHome, stepId).due).toBe(due);
  });

  it('alerts the local authorities by the end of the next working day following the inspection, after Easter', () => {
    const alert = step(secureHome, 'dcs-alert');
    expect(alert.dueLondonDate).toBe('2027-03-30');
    expect(alert.explanation).toContain('Fri 26 Mar 2027');
    expect(alert.explanation).toContain('Mon 29 Mar 2027');
    expect(alert.source).toContain('15.3');
  });

  it('returns within 6 to 8 weeks of the inspection', () => {
    expect(step(secureHome, 'monitoring-visit-earliest')).toMatchObject({ kind: 'window-opens', dueLondonDate: '2027-05-06' });
    expect(step(secureHome, 'monitoring-visit-latest')).toMatchObject({ kind: 'deadline', dueLondonDate: '2027-05-20' });
  });

  it('informs DfE only for a secure children’s home', () => {
    const ordinaryHome = buildTimeline(inadequatePathway, { anchors: { 'inspection-end': day('2027-03-25') } });
    expect(ordinaryHome.steps.map((timelineStep) => timelineStep.id)).not.toContain('dfe-informed');
  });

  it('has no 16-week full inspection until a monitoring visit decides to schedule one (SCCIF 15.1 (b), §77)', () => {
    const beforeTheOutcome = buildTimeline(inadequatePathway, { anchors: { 'inspection-end': day('2027-03-25') } });
    expect(beforeTheOutcome.steps.map((timelineStep) => timelineStep.id)).not.toContain('full-inspection-latest');
  });
});

describe('monitoring visit after an inadequate inspection ending Thu 25 Mar 2027', () => {
  it('is carried out in the 6 to 8 week window; a full inspection follows within 16 weeks only when so decided', () => {
    const anchors = { 'inspection-end': day('2027-03-25') };
    expect(dueOf(buildTimeline(monitoringVisit, { anchors }))).toEqual([
      ['monitoring-visit-earliest', '2027-05-06T22:59:59.000Z'],
      ['monitoring-visit-latest', '2027-05-20T22:59:59.000Z'],
      // §71 (no limit in the seeds; tracked with §82's 25 WD) from the planned visit, Thu 20 May: 21, 24-28, [31 May
      // Spring bank holiday], 1-4 Jun, 7-11, 14-18, 21-25 → Fri 25 Jun 2027 (BST).
      ['publish', '2027-06-25T22:59:59.000Z'],
    ]);
    const withFullInspection = buildTimeline(monitoringVisit, { anchors, conditions: { 'full-inspection-outcome': true } });
    expect(step(withFullInspection, 'full-inspection-latest').due).toBe('2027-07-15T22:59:59.000Z');
  });
});

describe('residential family centre inspection ending Fri 17 Dec 2027, judged inadequate', () => {
  const timeline = buildTimeline(rfcInspection, {
    anchors: { 'inspection-end': day('2027-12-17') },
    conditions: { inadequate: true },
  });

  // All in GMT.
  it.each<Golden>([
    // §63: 10 WD: 20, 21, 22, 23, 24 Dec, [25-28], 29, 30, 31, [1-3 Jan], Tue 4, Wed 5 Jan 2028
    ['report-to-provider', '2028-01-05T23:59:59.000Z'],
    // §63: 5 WD after Wed 5 Jan: 6, 7, 10, 11, 12
    ['provider-comments', '2028-01-12T23:59:59.000Z'],
    // §63: 20 WD: 5 Jan (10), 6, 7, 10, 11, 12, 13, 14, 17, 18, 19 → Wed 19 Jan
    ['publish', '2028-01-19T23:59:59.000Z'],
    // §45: within 12 months (calendar): Sun 17 Dec 2028
    ['next-inspection-latest', '2028-12-17T23:59:59.000Z'],
  ])('%s is due %s', (stepId, due) => {
    expect(step(timeline, stepId).due).toBe(due);
  });
});
