/**
 * The register (GET/POST /establishments, GET/PATCH /establishments/{urn}, POST /establishments/import) and the
 * due list (GET /inspection-plan): managers edit, inspectors read; bad input is a 400 naming the field (or the
 * line and column of the file) and writes nothing.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import { call, get, INSPECTOR, loggedInspection, MANAGER, post, storedInspection, useApiHarness } from './api-harness';

// Today: Wed 23 Dec 2026, in the inspection year 2026 (1 April 2026 to 31 March 2027).
const harness = useApiHarness('2026-12-23T10:00:00.000Z');

const oakHouse = {
  urn: 'SC100001',
  name: 'Oak House',
  kind: 'childrens-home',
  hostAuthority: 'E09000007',
  registeredOn: '2019-06-01',
  registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2020-01-06' },
  providerContact: { name: 'Oak Care Ltd', email: 'office@oak-care.example' },
};

const patch = (path: string, user: typeof MANAGER, body: unknown) =>
  call({ method: 'PATCH', path, user, body: JSON.stringify(body) });

describe('POST /establishments', () => {
  it('a manager adds an entry (201); the same again is 200; another with the URN is 409', async () => {
    const created = await post('/establishments', MANAGER, oakHouse);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ urn: 'SC100001', status: 'active', providesEducation: false, version: 1 });
    expect((await post('/establishments', MANAGER, oakHouse)).status).toBe(200);
    expect((await post('/establishments', MANAGER, { ...oakHouse, name: 'Elm House' })).status).toBe(409);
  });

  it('an inspector may not add one (403) and nothing is written', async () => {
    expect((await post('/establishments', INSPECTOR, oakHouse)).status).toBe(403);
    expect((await get('/establishments/SC100001', MANAGER)).status).toBe(404);
  });

  it('refuses an unknown host authority, naming the field', async () => {
    const refused = await post('/establishments', MANAGER, { ...oakHouse, hostAuthority: 'E99999999' });
    expect(refused.status).toBe(400);
    expect(refused.raw).toContain('hostAuthority');
  });

  it('names an unknown host authority and a manager in post before the registration together (found by a new-user walk: two rounds)', async () => {
    const refused = await post('/establishments', MANAGER, {
      ...oakHouse,
      hostAuthority: 'E99999999',
      registeredOn: '2019-06-01',
      registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2019-01-07' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['hostAuthority', 'registeredManager.since']);
  });
});

describe('PATCH /establishments/{urn}', () => {
  it('a manager records a vacancy; GET then warns at 20 weeks (§67, §88)', async () => {
    await post('/establishments', MANAGER, oakHouse);
    const changed = await patch('/establishments/SC100001', MANAGER, {
      version: 1,
      change: { registeredManager: { status: 'vacant', since: '2026-07-01' } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    const read = await get('/establishments/SC100001', INSPECTOR);
    // 1 July to 23 December 2026: 175 days, 25 weeks.
    expect(read.body.vacancyWarnings.map((warning: { weeks: number }) => warning.weeks)).toEqual([20]);
  });

  it('keeps every field not sent: a name changed alone leaves a closed home closed and its education as it was (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, { ...oakHouse, providesEducation: true, status: 'closed' });
    const renamed = await patch('/establishments/SC100001', MANAGER, { version: 1, change: { name: 'Oak House North' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Oak House North', status: 'closed', providesEducation: true, version: 2 });
  });

  it('refuses an empty change (400 naming it); one that changes nothing writes nothing and keeps the version', async () => {
    await post('/establishments', MANAGER, oakHouse);
    const empty = await patch('/establishments/SC100001', MANAGER, { version: 1, change: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'change', message: 'name at least one field to change' }]);
    const same = await patch('/establishments/SC100001', MANAGER, { version: 1, change: { name: 'Oak House', hostAuthority: 'E09000007' } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect((await patch('/establishments/SC100001', MANAGER, { version: 1, change: { name: 'Oak House North' } })).status).toBe(200);
  });

  it('a change against an old version is 409; a bad change is 400 naming change.<field>', async () => {
    await post('/establishments', MANAGER, oakHouse);
    expect((await patch('/establishments/SC100001', MANAGER, { version: 1, change: { name: 'Oak House North' } })).status).toBe(200);
    expect((await patch('/establishments/SC100001', MANAGER, { version: 1, change: { name: 'Oak' } })).status).toBe(409);
    const bad = await patch('/establishments/SC100001', MANAGER, { change: { kind: 'residential-family-centre', providesEducation: true } });
    expect(bad.status).toBe(400);
    expect(bad.raw).toContain('change.providesEducation');
    expect((await get('/establishments/SC100001', MANAGER)).body.entry).toMatchObject({ name: 'Oak House North', kind: 'childrens-home' });
  });
});

describe('POST /establishments/import', () => {
  const header = 'URN,Setting name,Provision type,Local authority,Registration date,Registered manager,Registered manager since,Manager vacant since,Provider contact,Provider email';
  const rows = [
    'SC100001,Oak House,Children\'s home,Camden,01/06/2019,Sam Patel,06/01/2020,,Oak Care Ltd,office@oak.example',
    'SC100002,Birch Lodge,Secure children\'s home,Manchester,2015-03-02,,,2026-02-01,Birch Trust,info@birch.example',
  ];

  it('imports every row, and re-importing replaces them', async () => {
    const imported = await post('/establishments/import', MANAGER, { csv: [header, ...rows].join('\n') });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 2, created: 2, replaced: 0 });
    expect((await post('/establishments/import', MANAGER, { csv: [header, rows[0]].join('\n') })).body).toEqual({ imported: 1, created: 0, replaced: 1 });
    const list = await get('/establishments', INSPECTOR, { kind: 'secure-childrens-home' });
    expect(list.body.items.map((entry: { urn: string }) => entry.urn)).toEqual(['SC100002']);
  });

  it('refuses the whole file for one bad row, naming its line and column, and writes nothing', async () => {
    const refused = await post('/establishments/import', MANAGER, {
      csv: [header, rows[0], 'SC100003,Cedar,Children\'s home,Atlantis,2020-01-01,A Person,2020-01-01,,Cedar Ltd,c@cedar.example'].join('\n'),
    });
    expect(refused.status).toBe(400);
    expect(refused.raw).toContain('line 3');
    expect(refused.raw).toContain('Local authority');
    expect((await get('/establishments', MANAGER)).body.items).toEqual([]);
  });
});

/** An inspection of Oak House (SC100001), stored as if logged. */
const oakInspection = (overrides: Parameters<typeof storedInspection>[0]) =>
  storedInspection({ establishment: { urn: 'SC100001', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E09000007' }, status: 'in-progress', ...overrides });

describe('GET /establishments/{urn} and GET /inspection-plan', () => {
  it('the establishment shows its inspections, current judgement and plan; the due list marks the met window', async () => {
    await post('/establishments', MANAGER, oakHouse);
    await oakInspection({
      id: 'insp-oak-full',
      createdAt: '2026-06-10T09:00:00.000Z',
      dates: { inspectionStart: parseLocalDate('2026-06-09'), inspectionEnd: parseLocalDate('2026-06-10') },
      outcome: {
        outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
        recordedBy: 'inspector-1',
        recordedAt: '2026-06-10T15:00:00.000Z',
      },
    });
    const page = await get('/establishments/SC100001', INSPECTOR);
    expect(page.status).toBe(200);
    expect(page.body.currentJudgement).toEqual({ judgement: 'good', words: 'good', inspectionId: 'insp-oak-full', on: '2026-06-10' });
    expect(page.body.inspections.map((row: { id: string }) => row.id)).toEqual(['insp-oak-full']);
    // The judgement is given on the last day; the window is met on the first, as a return inspection meets its step.
    expect(page.body.plan.windows.find((w: { id: string }) => w.id === 'full-inspection').met).toEqual({ on: '2026-06-09', kind: 'full', inspectionId: 'insp-oak-full' });

    const due = await get('/inspection-plan', INSPECTOR, { year: '2026' });
    expect(due.body.year).toBe(2026);
    expect(due.body.rows.map((row: { id: string; risk: string; status: string }) => [row.id, row.status, row.risk])).toEqual([
      ['second-inspection', 'open', 'on-track'],
      ['full-inspection', 'met', 'complete'],
    ]);
    expect((await get('/inspection-plan', INSPECTOR, { year: '2026', risk: 'complete' })).body.rows).toHaveLength(1);
  });

  it('the due list names the return visit the case review chose as soon as it is decided (found by a new-user walk)', async () => {
    await post('/establishments', MANAGER, oakHouse);
    await oakInspection({
      id: 'insp-oak-inadequate',
      dates: { inspectionStart: parseLocalDate('2026-12-21'), inspectionEnd: parseLocalDate('2026-12-22') },
      outcome: {
        outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Fire doors wedged open.' },
        recordedBy: 'inspector-1',
        recordedAt: '2026-12-22T15:00:00.000Z',
      },
      followUps: { inadequate: { executionName: 'insp-oak-inadequate--inadequate', startedAt: '2026-12-22T15:00:00.000Z', origin: 'full-inspection' } },
    });
    const returnRow = async () =>
      ((await get('/inspection-plan', INSPECTOR, { year: '2026' })).body.rows as { id: string; title: string }[]).find((row) => row.id === 'return-inspection');
    expect((await returnRow())?.title).toBe('Return visit after an inadequate judgement (monitoring visit or full inspection)');
    await repository().recordDecision(
      'insp-oak-inadequate',
      'case-review',
      { approvalId: 'apr-oak', kind: 'case-review', decision: 'full-inspection', enforcement: 'none', rationale: 'A full inspection is needed soon.', decidedBy: 'manager-1', decidedAt: '2026-12-23T10:00:00.000Z' },
      '2026-12-23T10:00:00.000Z',
    );
    expect((await returnRow())?.title).toBe('Return visit after an inadequate judgement: a full inspection, chosen at the case review');
  });

  it('refuses a bad year and an unknown filter, naming them', async () => {
    const bad = await get('/inspection-plan', MANAGER, { year: '26', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.raw).toContain('year');
    expect(bad.raw).toContain('colour');
  });

  it('an establishment not on the register is 404', async () => {
    expect((await get('/establishments/SC999999', INSPECTOR)).status).toBe(404);
  });
});

describe('POST /establishments/{urn}/inspections', () => {
  const { establishment: _e, provider: _p, ...body } = loggedInspection();

  it('logs an inspection of a register entry without retyping it: the establishment and provider come from the register', async () => {
    await post('/establishments', MANAGER, oakHouse);
    const logged = await post('/establishments/SC100001/inspections', INSPECTOR, body);
    expect(logged.status).toBe(201);
    const record = (await get(`/inspections/${logged.body.id}`, INSPECTOR)).body.inspection;
    expect(record.establishment).toEqual({ urn: 'SC100001', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E09000007' });
    expect(record.provider).toEqual({ name: oakHouse.providerContact.name });
    expect(harness.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect((await post('/establishments/SC100001/inspections', INSPECTOR, body)).status).toBe(200);
    const history = await get('/establishments/SC100001', INSPECTOR);
    expect(history.body.inspections.map((row: { id: string }) => row.id)).toEqual([logged.body.id]);
  });

  it('refuses an establishment in the body, an unknown URN and the body\'s own rules, writing nothing', async () => {
    await post('/establishments', MANAGER, oakHouse);
    const withEstablishment = await post('/establishments/SC100001/inspections', INSPECTOR, loggedInspection());
    expect(withEstablishment.status).toBe(400);
    expect(withEstablishment.raw).toContain('establishment');
    expect((await post('/establishments/SC999999/inspections', INSPECTOR, body)).status).toBe(404);
    const interimAtCentre = await post('/establishments', MANAGER, { ...oakHouse, urn: 'SC100009', kind: 'residential-family-centre' });
    expect(interimAtCentre.status).toBe(201);
    const wrongProcess = await post('/establishments/SC100009/inspections', INSPECTOR, { ...body, process: 'interim-inspection' });
    expect(wrongProcess.status).toBe(400);
    expect(wrongProcess.raw).toContain('establishment.kind');
    expect(harness.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('names every problem in one answer: a full name for initials and days over a year ahead (found by a new-user walk: two rounds)', async () => {
    await post('/establishments', MANAGER, oakHouse);
    const refused = await post('/establishments/SC100001/inspections', INSPECTOR, {
      ...body,
      dates: { inspectionStart: '2027-12-27', inspectionEnd: '2027-12-29' },
      children: [{ initials: 'Alice Brown', placement: { lookedAfter: true, placingAuthority: 'E09000007' } }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['children.0.initials', 'dates.inspectionStart', 'dates.inspectionEnd']);
  });
});
