/**
 * The stored due list is never stale: after each kind of write that changes what the plan reads (the register:
 * create, patch, import; an inspection: logged, its outcome, its follow-up, a monitoring visit, a corrected visit
 * day, an amendment, a case review's decision, a return visit recorded), GET /inspection-plan answers at once what planning the whole register from the table gives
 * (the pre-stored computation: the register, each establishment's records and today, through planOf). Concurrent
 * writers to the same shard lose nothing. Enforcement actions and requirements are not read by the plan.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { planOf } from '../../../functions/app/establishments';
import { riskOf } from '../../../functions/app/inspection-plan';
import { londonDateOf, parseLocalDate } from '../../../functions/core/calendar';
import { sortDueRows, type DueRow } from '../../../functions/core/due-list';
import type { InspectionRecord } from '../../../functions/core/inspection';
import { inspectionYearOf, windowStatus } from '../../../functions/core/inspection-plan';
import { call, get, INSPECTOR, loggedInspection, MANAGER, post, storedInspection, useApiHarness } from './api-harness';
import { registerEntryBody } from '../../adapters/inspection-fixtures';

// Today: Wed 23 Dec 2026, in the inspection year 2026.
const NOW = '2026-12-23T10:00:00.000Z';
useApiHarness(NOW);
const YEAR = 2026;

const entry = registerEntryBody;

const patch = (path: string, body: unknown) => call({ method: 'PATCH', path, user: MANAGER, body: JSON.stringify(body) });

/** The due list as planning the whole register from the table gives it (what GET /inspection-plan did before). */
async function plannedFromScratch(): Promise<DueRow[]> {
  const now = new Date(NOW);
  const today = londonDateOf(now);
  const rows: DueRow[] = [];
  for (const stored of await repository().listEstablishments()) {
    if (stored.status === 'closed' || inspectionYearOf(stored.registeredOn) > YEAR) continue;
    const records = await repository().inspectionsOfEstablishment(stored.urn);
    for (const window of planOf(stored, records, YEAR, now).windows) {
      const { status, workingDaysLeft } = windowStatus(window, today);
      const { urn, name, kind, hostAuthority } = stored;
      rows.push({ ...window, urn, name, kind, hostAuthority, status, workingDaysLeft, risk: riskOf(status, workingDaysLeft) });
    }
  }
  return sortDueRows(rows);
}

async function expectDueListRight(what: string): Promise<void> {
  const answered = await get('/inspection-plan', INSPECTOR, { year: String(YEAR) });
  expect(answered.status, what).toBe(200);
  expect(answered.body.rows, what).toEqual(JSON.parse(JSON.stringify(await plannedFromScratch())));
}

const inadequate = {
  outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate' },
  recordedBy: 'inspector-1',
  recordedAt: '2026-11-10T15:00:00.000Z',
} as const;

describe('the stored due list after each kind of write', () => {
  it('is right at once after every write that changes what the plan reads, and unchanged by those that do not', async () => {
    await post('/establishments', MANAGER, entry('SC100001', 'Oak House'));
    await expectDueListRight('built on the first request');

    expect((await post('/establishments', MANAGER, entry('SC100002', 'Birch Lodge', { providesEducation: true }))).status).toBe(201);
    await expectDueListRight('after an entry is added');
    expect((await get('/inspection-plan', INSPECTOR, { year: String(YEAR) })).body.rows.map((row: DueRow) => row.urn)).toContain('SC100002');

    expect((await patch('/establishments/SC100001', { version: 1, change: { name: 'Oak House North', registeredOn: '2026-05-04', registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2026-05-04' } } })).status).toBe(200);
    await expectDueListRight('after an entry is changed (name, registration)');

    const header = 'URN,Setting name,Provision type,Local authority,Registration date,Registered manager,Registered manager since,Manager vacant since,Provider contact,Provider email';
    const csv = [header, "SC100003,Cedar Court,Residential family centre,Camden,2018-02-01,Ann Lee,2018-02-01,,Cedar Ltd,c@cedar.example", "SC100002,Birch Lodge,Secure children's home,Camden,2015-03-02,,,2026-02-01,Birch Trust,info@birch.example"].join('\n');
    expect((await post('/establishments/import', MANAGER, { csv })).status).toBe(200);
    await expectDueListRight('after an import (a new centre; a home replaced)');

    // Logging an inspection of a register entry (no retyping): its end meets the window it falls in.
    const logged = await post('/establishments/SC100001/inspections', INSPECTOR, (({ establishment: _e, ...body }) => body)(loggedInspection({ dates: { inspectionStart: '2026-11-09', inspectionEnd: '2026-11-10' } })));
    expect(logged.status).toBe(201);
    const id = logged.body.id as string;
    await expectDueListRight('after an inspection is logged');

    // Its outcome, then the inadequate pathway's follow-up (the step's write): a return window appears.
    await repository().recordOutcome(id, 'outcome', inadequate as never, 'in-progress', '2026-11-10T15:00:00.000Z');
    await expectDueListRight('after the outcome');
    await repository().recordFollowUp(id, 'inadequate', { executionName: `${id}--inadequate`, startedAt: '2026-11-10T15:00:01.000Z', origin: 'full-inspection' } as never, '2026-11-10T15:00:01.000Z');
    const withReturn = await get('/inspection-plan', INSPECTOR, { year: String(YEAR) });
    expect(withReturn.body.rows.map((row: DueRow) => `${row.urn} ${row.id}`)).toContain('SC100001 return-inspection');
    await expectDueListRight('after the inadequate pathway started');

    // A monitoring visit (a fact the plan reads); further monitoring moves it to the earlier visits.
    const visit = { outcome: { process: 'monitoring-visit', visitDate: '2026-12-15', outcome: 'further-monitoring' }, recordedBy: 'inspector-1', recordedAt: '2026-12-15T16:00:00.000Z' };
    await repository().recordFollowUp(id, 'monitoring-visit', { executionName: `${id}--monitoring-visit`, startedAt: '2026-12-01T09:00:00.000Z', origin: 'inadequate' } as never, '2026-12-01T09:00:00.000Z');
    await repository().recordOutcome(id, 'monitoringOutcome', visit as never, 'in-progress', '2026-12-15T16:00:00.000Z');
    await expectDueListRight('after a monitoring visit');
    await repository().beginNextMonitoringVisit(id, { number: 1, outcome: visit, actuals: {}, executionName: `${id}--monitoring-visit` } as never, { number: 2, executionName: `${id}--monitoring-visit-2` }, '2026-12-16T09:00:00.000Z');
    await expectDueListRight('after further monitoring');

    // An amended outcome (no longer inadequate) and a corrected assurance-visit day.
    await repository().amendOutcome(id, 'full-inspection', { ...inadequate, outcome: { ...inadequate.outcome, overall: 'requires-improvement' } } as never, { before: inadequate } as never, '2026-11-11T09:00:00.000Z');
    await expectDueListRight('after an amendment');
    await storedInspection({ id: 'insp-assurance', process: 'assurance-visit', establishment: { urn: 'SC100002', name: 'Birch Lodge', kind: 'secure-childrens-home', hostAuthority: 'E09000007' }, dates: { day1: parseLocalDate('2026-12-01') } } as Partial<InspectionRecord>);
    await expectDueListRight('after an assurance visit is logged');
    await repository().recordActual('insp-assurance', 'assurance-visit', 'visit-end', parseLocalDate('2026-12-03'), '2026-12-03T17:00:00.000Z');
    await expectDueListRight('after the visit day is recorded');
    // Serious concerns: the monitoring visit after the assurance visit is due (found by a new-user walk: on no plan).
    await repository().recordOutcome('insp-assurance', 'outcome', { outcome: { process: 'assurance-visit', seriousOrWidespreadConcerns: true }, recordedBy: 'inspector-1', recordedAt: '2026-12-03T17:00:00.000Z' } as never, 'awaiting-approval', '2026-12-03T17:00:00.000Z');
    const afterConcerns = await get('/inspection-plan', INSPECTOR, { year: String(YEAR) });
    expect(afterConcerns.body.rows.map((row: DueRow) => `${row.urn} ${row.id}`)).toContain('SC100002 assurance-monitoring-visit');
    await expectDueListRight('after serious concerns at the assurance visit');
    // Its case review decides against it: the window goes.
    await repository().recordDecision('insp-assurance', 'case-review', { approvalId: 'appr-av', kind: 'case-review', decision: 'no-further-action', rationale: 'The provider put it right at once.', decidedBy: 'manager-1', decidedAt: '2026-12-08T10:00:00.000Z' } as never, '2026-12-08T10:00:00.000Z');
    const afterReview = await get('/inspection-plan', INSPECTOR, { year: String(YEAR) });
    expect(afterReview.body.rows.map((row: DueRow) => `${row.urn} ${row.id}`)).not.toContain('SC100002 assurance-monitoring-visit');
    await expectDueListRight('after the assurance visit’s case review');

    // An interim inspection whose case review decides a return visit: its window appears; the visit recorded meets it.
    await storedInspection({
      id: 'insp-interim',
      idempotencyKey: 'log-interim',
      executionName: 'insp-interim--interim-inspection',
      process: 'interim-inspection',
      establishment: { urn: 'SC100001', name: 'Oak House North', kind: 'childrens-home', hostAuthority: 'E09000007' },
      dates: { inspectionStart: parseLocalDate('2026-10-12'), inspectionEnd: parseLocalDate('2026-10-13') },
      outcome: { outcome: { process: 'interim-inspection', effectiveness: 'declined', summaryOfConcerns: 'Staffing declined.' }, recordedBy: 'inspector-1', recordedAt: '2026-10-13T15:00:00.000Z' },
    } as Partial<InspectionRecord>);
    await repository().recordDecision('insp-interim', 'interim-case-review', { approvalId: 'appr-int', kind: 'interim-case-review', decision: 'return-visit-without-alerting-las', rationale: 'A return visit will check the staffing plan.', decidedBy: 'manager-1', decidedAt: '2026-10-14T10:00:00.000Z' } as never, '2026-10-14T10:00:00.000Z');
    const interimRow = ((await get('/inspection-plan', INSPECTOR, { year: String(YEAR) })).body.rows as DueRow[]).find((row) => row.id === 'interim-return-visit');
    expect(interimRow).toMatchObject({ urn: 'SC100001', status: 'overdue' });
    await expectDueListRight('after the interim case review decided a return visit');
    await repository().recordActual('insp-interim', 'interim-inspection', 'return-visit', parseLocalDate('2026-12-10'), '2026-12-10T17:00:00.000Z');
    const metRow = ((await get('/inspection-plan', INSPECTOR, { year: String(YEAR) })).body.rows as DueRow[]).find((row) => row.id === 'interim-return-visit');
    expect(metRow).toMatchObject({ status: 'met', met: { on: '2026-12-10', kind: 'return-visit', late: true } });
    await expectDueListRight('after the return visit is recorded');

    // Closing an establishment takes it off the list.
    expect((await patch('/establishments/SC100003', { change: { status: 'closed' } })).status).toBe(200);
    expect((await get('/inspection-plan', INSPECTOR, { year: String(YEAR) })).body.rows.map((row: DueRow) => row.urn)).not.toContain('SC100003');
    await expectDueListRight('after an establishment closed');
  });

  it('a year not asked for before is built on its first request; writes then keep it too', async () => {
    await post('/establishments', MANAGER, entry('SC100001', 'Oak House'));
    expect((await get('/inspection-plan', INSPECTOR, { year: '2027' })).body.rows.length).toBeGreaterThan(0);
    await patch('/establishments/SC100001', { change: { name: 'Oak House South' } });
    const next = await get('/inspection-plan', INSPECTOR, { year: '2027' });
    expect(new Set(next.body.rows.map((row: DueRow) => row.name))).toEqual(new Set(['Oak House South']));
  });

  it('concurrent writers to the same establishments and shards lose no update', async () => {
    const urns = Array.from({ length: 24 }, (_, index) => `SC2000${String(index).padStart(2, '0')}`);
    for (const urn of urns) await post('/establishments', MANAGER, entry(urn, `Home ${urn}`));
    await expectDueListRight('built');
    // Every entry renamed twice and given an inspection, all at once (16 shards: shards and entries are shared).
    await Promise.all(
      urns.flatMap((urn, index) => [
        patch(`/establishments/${urn}`, { change: { name: `Renamed ${urn}` } }).then(() => patch(`/establishments/${urn}`, { change: { name: `Final ${urn}` } })),
        storedInspection({
          id: `insp-${urn}`,
          idempotencyKey: `log-${urn}`,
          executionName: `insp-${urn}--full-inspection`,
          establishment: { urn, name: `Home ${urn}`, kind: 'childrens-home', hostAuthority: 'E09000007' },
          dates: { inspectionStart: parseLocalDate('2026-10-05'), inspectionEnd: parseLocalDate(`2026-10-${String(6 + (index % 20)).padStart(2, '0')}`) },
        }),
      ]),
    );
    await expectDueListRight('after concurrent writes');
    const rows = (await get('/inspection-plan', INSPECTOR, { year: String(YEAR) })).body.rows as DueRow[];
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(urns.map((urn) => `Final ${urn}`)));
    expect(rows.filter((row) => row.id === 'second-inspection' || row.id === 'full-inspection').filter((row) => row.met).length).toBeGreaterThanOrEqual(urns.length);
  }, 120_000); // ~1 s on a quiet machine; writers that clash on a shard back off at random (real time, up to 0.5 s a try), and clashes grow with load: 30 s was exceeded once at load 22
});
