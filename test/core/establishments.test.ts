import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import {
  changeEntry,
  managerChangeProblems,
  registerEntryDateProblems,
  RegisterEntry,
  vacancyWarnings,
  weeksVacant,
  type RegisterEntryInput,
} from '../../functions/core/establishments';
import { parseRegisterCsv } from '../../functions/core/register-import';
import { parseWith } from '../../functions/core/schemas';

const d = parseLocalDate;

const home: RegisterEntryInput = {
  urn: 'SC100001',
  name: 'Oak House',
  kind: 'childrens-home',
  hostAuthority: 'E09000007',
  registeredOn: '2019-06-01',
  registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2020-01-06' },
  providerContact: { name: 'Oak Care Ltd', email: 'office@oak-care.example' },
};

function entry(overrides: Partial<RegisterEntryInput> = {}) {
  const parsed = parseWith(RegisterEntry, { ...home, ...overrides });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('register entries', () => {
  it('defaults to active, without education', () => {
    expect(entry()).toMatchObject({ status: 'active', providesEducation: false });
  });

  it('refuses education at a family centre, naming the field and §17', () => {
    const parsed = parseWith(RegisterEntry, { ...home, kind: 'residential-family-centre', providesEducation: true });
    expect(parsed).toEqual({
      ok: false,
      errors: [{ field: 'providesEducation', message: expect.stringContaining('§17') }],
    });
  });

  it('refuses an unknown field and a bad URN', () => {
    const parsed = parseWith(RegisterEntry, { ...home, urn: 'X1', colour: 'red' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((error) => error.field).sort()).toEqual(['colour', 'urn']);
  });

  it('a change is checked as a whole entry', () => {
    const result = changeEntry(entry(), { kind: 'residential-family-centre', providesEducation: true });
    expect(result.ok).toBe(false);
    expect(changeEntry(entry(), { status: 'suspended' })).toMatchObject({ ok: true, value: { status: 'suspended', urn: 'SC100001' } });
  });
});

describe('the registered manager’s dates on a change', () => {
  it('a post changed between in post and vacant needs the day of the change; the same post, or a name alone, does not', () => {
    const inPost = entry();
    const vacantSameDay = entry({ registeredManager: { status: 'vacant', since: '2020-01-06' } });
    expect(managerChangeProblems(inPost, vacantSameDay)).toEqual([
      { field: 'registeredManager.since', message: 'is still Monday 6 January 2020, the day the previous manager began: enter the day the post fell vacant' },
    ]);
    expect(managerChangeProblems(vacantSameDay, entry({ registeredManager: { status: 'in-post', name: 'Ann Lee', since: '2020-01-06' } }))).toEqual([
      { field: 'registeredManager.since', message: 'is still Monday 6 January 2020, the day the previous vacancy began: enter the day Ann Lee took up the post' },
    ]);
    expect(managerChangeProblems(inPost, entry({ registeredManager: { status: 'vacant', since: '2026-11-02' } }))).toEqual([]);
    expect(managerChangeProblems(inPost, entry({ registeredManager: { status: 'in-post', name: 'Sam Patell', since: '2020-01-06' } }))).toEqual([]);
  });

  it('a manager in post is not so before the registration, unless the registration is itself the day in error (in the future)', () => {
    const today = d('2027-01-13');
    expect(registerEntryDateProblems(entry({ registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2019-05-31' } }), today)).toEqual([
      { field: 'registeredManager.since', message: 'is before the registration (Saturday 1 June 2019): nobody is the registered manager of a home before it is registered' },
    ]);
    expect(registerEntryDateProblems(entry({ registeredOn: '2027-06-01' }), today).map((problem) => problem.field)).toEqual(['registeredOn']);
    expect(registerEntryDateProblems(entry({ registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2019-06-01' } }), today)).toEqual([]);
  });
});

describe('registered-manager vacancy (children\u2019s homes framework §67, §88)', () => {
  const vacant = entry({ registeredManager: { status: 'vacant', since: '2026-01-05' } });

  it('counts whole weeks', () => {
    expect(weeksVacant(vacant.registeredManager, d('2026-05-24'))).toBe(19);
    expect(weeksVacant(vacant.registeredManager, d('2026-05-25'))).toBe(20);
  });

  it('warns at 20 weeks and again at 26', () => {
    expect(vacancyWarnings(vacant, d('2026-05-24'))).toEqual([]);
    expect(vacancyWarnings(vacant, d('2026-05-25')).map((w) => [w.weeks, w.reachedOn])).toEqual([[20, '2026-05-25']]);
    const both = vacancyWarnings(vacant, d('2026-07-06'));
    expect(both.map((w) => [w.weeks, w.reachedOn])).toEqual([
      [20, '2026-05-25'],
      [26, '2026-07-06'],
    ]);
    expect(both[1]?.message).toContain('§67');
    // The 20-week warning names the day of the 26-week limit, not a count of weeks that goes stale (found by a walk).
    expect(both[0]?.message).toContain('the 26-week limit is reached on Monday 6 July 2026');
  });

  it('says nothing for a filled post or a closed home', () => {
    expect(vacancyWarnings(entry(), d('2030-01-01'))).toEqual([]);
    expect(vacancyWarnings({ ...vacant, status: 'closed' }, d('2027-01-01'))).toEqual([]);
  });
});

const HEADER =
  'URN,Setting name,Provision type,Provider subtype,Local authority,Registration date,Registration status,' +
  'Registered manager,Registered manager since,Manager vacant since,Provider contact,Provider email,Education';
const authorities = new Map([['camden', 'E09000007'], ['hartlepool', 'E06000001']]);

describe('register import (CSV in the published register\u2019s layout)', () => {
  it('reads every row, with DD/MM/YYYY dates, names of authorities and secure units', () => {
    const csv = [
      HEADER,
      'SC100001,Oak House,Children\u2019s home,,Camden,01/06/2019,Active,Sam Patel,06/01/2020,,Oak Care Ltd,office@oak.example,yes',
      'SC100002,"Hill View, Secure",Children\'s home,Secure unit,Hartlepool,2015-03-02,Active,,,2026-02-01,Hill Trust,info@hill.example,no',
      '1234567,Family Place,Residential family centre,,camden,2018-09-10,Resigned,Alex Kim,2018-09-10,,Family Ltd,f@family.example,',
    ].join('\n');
    const result = parseRegisterCsv(csv, authorities);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((e) => [e.urn, e.kind, e.hostAuthority, e.registeredOn, e.status, e.providesEducation])).toEqual([
      ['SC100001', 'childrens-home', 'E09000007', '2019-06-01', 'active', true],
      ['SC100002', 'secure-childrens-home', 'E06000001', '2015-03-02', 'active', false],
      ['1234567', 'residential-family-centre', 'E09000007', '2018-09-10', 'closed', false],
    ]);
    expect(result.entries[1]?.registeredManager).toEqual({ status: 'vacant', since: '2026-02-01' });
    expect(result.entries[1]?.name).toBe('Hill View, Secure');
  });

  it('refuses the whole file when a row is bad, naming each line and column', () => {
    const csv = [
      HEADER,
      'SC100001,Oak House,Children\'s home,,Camden,31/02/2019,Active,Sam Patel,06/01/2020,,Oak Care Ltd,office@oak.example,no',
      'SC100002,Hill View,Hostel,,Atlantis,2015-03-02,Active,,,,Hill Trust,not-an-email,no',
      'SC100001,Oak Again,Children\'s home,,Camden,2019-06-01,Active,Sam Patel,2020-01-06,,Oak Care Ltd,office@oak.example,no',
    ].join('\n');
    const result = parseRegisterCsv(csv, authorities);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'Registration date'],
      [3, 'Provision type'],
      [3, 'Local authority'],
      [3, 'Registered manager'],
      [4, 'URN'],
    ]);
    expect(result.problems[4]?.message).toBe('SC100001 is also on line 2');
  });

  it('refuses a file with no rows, or a ragged row, with its line', () => {
    expect(parseRegisterCsv(HEADER, authorities)).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    const ragged = parseRegisterCsv(`${HEADER}\nSC100001,Oak House`, authorities);
    expect(ragged).toMatchObject({ ok: false, problems: [{ line: 2, field: 'csv' }] });
  });
});
