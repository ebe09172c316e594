/**
 * POST /inspections: an inspector logs an inspection; the system stores it once per idempotency key and starts its
 * process run, named after the inspection so that it starts once.
 */
import { createHash } from 'node:crypto';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord } from '../../../functions/core/inspection';
import {
  get,
  INSPECTING_MANAGER,
  INSPECTOR,
  MANAGER,
  loggedInspection,
  post,
  sfnCalls,
  StartExecutionCommand,
  STATE_MACHINE_ARNS,
  storedInspection,
  useApiHarness,
} from './api-harness';

const NOW_ISO = '2026-12-21T10:00:00.000Z';
const harness = useApiHarness(NOW_ISO);
// Withdrawing an inspection emails its lead inspector (one test).
process.env.MAIL_FROM = 'sccif@notifications.example.gov.uk';
const ses = mockClient(SESv2Client);
afterAll(() => ses.restore());

const expectedId = (callerId: string, key: string) =>
  `insp-${createHash('sha256').update(`${callerId}|${key}`).digest('hex').slice(0, 20)}`;

describe('POST /inspections', () => {
  it('stores the inspection, starts its process run and answers 201 with the timeline and where each step stands', async () => {
    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection());

    // Assess
    const id = expectedId(INSPECTOR.id, 'log-willow-0001');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id,
      process: 'full-inspection',
      status: 'awaiting-outcome',
      executionName: `${id}--full-inspection`,
      timeline: { process: 'full-inspection' },
    });
    // §81: the report goes to the provider within 10 working days of the end of the inspection (22 Dec 2026):
    // Christmas, Boxing Day (substitute Mon 28 Dec) and New Year's Day are passed over.
    const reportToProvider = response.body.timeline.steps.find((step: { id: string }) => step.id === 'report-to-provider');
    expect(reportToProvider).toMatchObject({
      dueLondonDate: '2027-01-08',
      status: 'on-track',
      workingDaysLeft: 11,
      done: null,
      rule: 'within 10 working days of the end of the inspection',
      anchor: { date: '2026-12-22' },
    });
    expect(reportToProvider.source).toContain('§81');
    expect(reportToProvider.explanation).toContain('Boxing Day');

    expect(sfnCalls.started(harness)).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARNS['full-inspection'],
        name: `${id}--full-inspection`,
        input: JSON.stringify({ inspectionId: id }),
      },
    ]);
    expect(await repository().getInspection(id)).toMatchObject({
      id,
      status: 'awaiting-outcome',
      inspectorId: INSPECTOR.id,
      inspectorName: 'Ann Inspector',
      loggedBy: INSPECTOR.id,
      actuals: {},
      decisions: {},
      scheduled: {},
      followUps: {},
      createdAt: '2026-12-21T10:00:00.000Z',
    });
  });

  it('names the inspector in letters from the email address when the sign-in has no name', async () => {
    // Act
    await post('/inspections', { ...INSPECTOR, name: '' }, loggedInspection());

    // Assess
    const record = await repository().getInspection(expectedId(INSPECTOR.id, 'log-willow-0001'));
    expect(record?.inspectorName).toBe('ann.inspector');
  });

  it('keeps the lead inspector’s address for escalations of their own steps, whether or not the body names them', async () => {
    const { inspectorId: _named, ...unnamed } = { ...loggedInspection(), inspectorId: INSPECTOR.id };
    await post('/inspections', INSPECTOR, { ...unnamed, idempotencyKey: 'log-unnamed-0001' });
    // Of another home: the same home on the same days would be refused as logged already.
    const otherHome = { urn: 'SC123457', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E09000007' };
    await post('/inspections', INSPECTOR, { ...unnamed, idempotencyKey: 'log-named-0001', inspectorId: INSPECTOR.id, establishment: otherHome });

    for (const key of ['log-unnamed-0001', 'log-named-0001']) {
      const record = await repository().getInspection(expectedId(INSPECTOR.id, key));
      expect(record).toMatchObject({ inspectorId: INSPECTOR.id, inspectorEmail: 'ann.inspector@ofsted.example' });
    }
  });

  it('answers a retried POST (same key, same body) with 200 and the same id: one record, the same run started again', async () => {
    // Prepare
    const first = await post('/inspections', INSPECTOR, loggedInspection());

    // Act
    const second = await post('/inspections', INSPECTOR, loggedInspection());

    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await repository().listInspections()).items).toHaveLength(1);
    const names = sfnCalls.started(harness).map((input) => input.name);
    expect(names).toEqual([first.body.executionName, first.body.executionName]);
  });

  it('treats a body that differs only in key order and whitespace as the same request', async () => {
    // Prepare
    await post('/inspections', INSPECTOR, loggedInspection());
    const reordered = Object.fromEntries(Object.entries(loggedInspection()).reverse());

    // Act
    const second = await post('/inspections', INSPECTOR, JSON.stringify(reordered, null, 2));

    // Assess
    expect(second.status).toBe(200);
  });

  it('refuses the same idempotency key with a different inspection: 409', async () => {
    // Prepare
    await post('/inspections', INSPECTOR, loggedInspection());

    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection({ provider: { name: 'Another Care Ltd', email: 'ri@another.example' } }));

    // Assess
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: 'ConflictError', message: 'idempotencyKey: was used before for a different inspection: send a new key to log another one (the same key with the same body is answered as the first time)' });
    expect((await repository().listInspections()).items).toHaveLength(1);
    expect(sfnCalls.started(harness)).toHaveLength(1);
  });

  it('keys idempotency by the caller: another inspector with the same key logs another inspection', async () => {
    // Prepare
    const first = await post('/inspections', INSPECTOR, loggedInspection());

    // Act: of another home (the same home on the same days is the same inspection logged twice: below).
    const second = await post('/inspections', INSPECTING_MANAGER, loggedInspection({ establishment: { urn: 'SC123457', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E09000007' } }));

    // Assess
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('logs one of two requests for the same home on the same days sent at the same moment, and refuses the other naming it', async () => {
    // Each passes the check of the inspections already logged (neither is written yet): the days each claims decide.
    const both = await Promise.all([
      post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-at-once-1' })),
      post('/inspections', INSPECTING_MANAGER, loggedInspection({ idempotencyKey: 'log-at-once-2' })),
    ]);

    expect(both.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const logged = both.find((answer) => answer.status === 201)!;
    const refused = both.find((answer) => answer.status === 409)!;
    expect(refused.body.errors).toEqual([{ field: 'dates.inspectionStart', message: expect.stringContaining(`overlaps inspection ${logged.body.id} of this establishment`) }]);
    expect((await repository().listInspections()).items.map((record) => record.id)).toEqual([logged.body.id]);
    // The same request sent again is its replay, not a duplicate of itself.
    const again = await post('/inspections', logged === both[0] ? INSPECTOR : INSPECTING_MANAGER, loggedInspection({ idempotencyKey: logged === both[0] ? 'log-at-once-1' : 'log-at-once-2' }));
    expect([again.status, again.body.id]).toEqual([200, logged.body.id]);
  });

  it('refuses the same inspection logged again (the same home on overlapping days, another request), naming it, until it is withdrawn', async () => {
    const first = await post('/inspections', INSPECTOR, loggedInspection());
    const twice = await post('/inspections', INSPECTING_MANAGER, loggedInspection({ dates: { inspectionStart: '2026-12-18', inspectionEnd: '2026-12-21' } }));
    // A conflict with what is stored, not bad input (found by a new-user walk: a 400), with the field named all the same.
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('ValidationError');
    expect(twice.body.errors).toEqual([
      {
        field: 'dates.inspectionStart',
        message: `overlaps inspection ${first.body.id} of this establishment (Full inspection of a children's home, Mon 21 Dec 2026 to Tue 22 Dec 2026), already logged: an establishment is not inspected twice at once, so open that one, or ask a manager to withdraw it if it was logged by mistake`,
      },
    ]);
    // Another process on the same days too (found by a new-user walk: an interim inspection then met the home's
    // second inspection in the plan); not the days after.
    const interim = await post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-interim-0001', process: 'interim-inspection' }));
    expect(interim.status).toBe(409);
    // With bad input too, a 400 naming every field: the bad one and the overlap.
    const bad = await post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-bad-0001', inspectorId: 'someone-else' }));
    expect(bad.status, bad.raw).toBe(400);
    expect(bad.body.errors.map((problem: { field: string }) => problem.field)).toEqual(expect.arrayContaining(['dates.inspectionStart']));
    expect(bad.body.errors.length).toBeGreaterThan(1);
    const after = await post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-after-0001', dates: { inspectionStart: '2026-12-23', inspectionEnd: '2026-12-24' } }));
    expect(after.status, after.raw).toBe(201);

    harness.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    // Its lead inspector is emailed that it was withdrawn.
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-withdrawn' });
    try {
      const withdrawn = await post(`/inspections/${first.body.id}/withdrawal`, MANAGER, { reason: "Logged twice by mistake." });
      expect(withdrawn.status, withdrawn.raw).toBe(200);
    } finally {
      ses.reset();
    }
    expect((await post('/inspections', INSPECTING_MANAGER, loggedInspection())).status).toBe(201);
  });

  it('starts the run on the retry when the first request stored the inspection but failed to start it', async () => {
    // Prepare: Step Functions is unreachable for the first request.
    harness.sfn
      .on(StartExecutionCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))
      .resolves({ executionArn: 'arn:aws:states:eu-west-2:111111111111:execution:sccif-full-inspection:any' });
    const first = await post('/inspections', INSPECTOR, loggedInspection());

    // Act
    const retry = await post('/inspections', INSPECTOR, loggedInspection());

    // Assess
    expect(first.status).toBe(500);
    expect(first.body).toEqual({ error: 'InternalError', message: 'Something went wrong; the error was logged' });
    expect(retry.status).toBe(200);
    expect(sfnCalls.started(harness).map((input) => input.name)).toEqual([retry.body.executionName, retry.body.executionName]);
  });

  it('answers 400 naming each local authority code that is not in the reference data', async () => {
    // Prepare
    const children = [
      { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'A Parent', email: 'parent@example.org' } } },
      { initials: 'EF', placement: { lookedAfter: true, placingAuthority: 'E09999999' } },
    ];

    // Act
    const response = await post(
      '/inspections',
      INSPECTOR,
      loggedInspection({
        establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E06999999' },
        children,
      }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'establishment.hostAuthority', message: '"E06999999" is not a local authority in the reference data' },
      { field: 'children.2.placement.placingAuthority', message: '"E09999999" is not a local authority in the reference data' },
    ]);
    expect(sfnCalls.started(harness)).toEqual([]);
  });

  it.each([
    ['2026-12-26', 'an assurance visit is announced on a working day: 2026-12-26 is a Saturday'],
    ['2026-12-28', 'an assurance visit is announced on a working day: 2026-12-28 is a bank holiday (Boxing Day (substitute day))'],
  ])('refuses an assurance visit announced on %s, not a working day: 400 naming dates.day1', async (day1, message) => {
    // Act
    const response = await post(
      '/inspections',
      INSPECTOR,
      loggedInspection({
        process: 'assurance-visit',
        establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' },
        dates: { day1 },
      }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'dates.day1', message }]);
  });

  it('logs an assurance visit announced on a working day, its timeline counted from day 1', async () => {
    // Act
    const response = await post(
      '/inspections',
      INSPECTOR,
      loggedInspection({
        process: 'assurance-visit',
        establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' },
        dates: { day1: '2026-12-21' },
      }),
    );

    // Assess
    expect(response.status).toBe(201);
    expect(response.body.timeline.process).toBe('assurance-visit');
    // Day 3 (end of the visit) is the working day 2 after Mon 21 Dec: Wed 23 Dec.
    expect(response.body.timeline.steps.find((step: { id: string }) => step.id === 'visit-end')).toMatchObject({
      dueLondonDate: '2026-12-23',
    });
    expect(sfnCalls.started(harness)[0]?.stateMachineArn).toBe(STATE_MACHINE_ARNS['assurance-visit']);
  });

  it('refuses an assurance visit with day 1 in 2099: 400 naming dates.day1, nothing stored, no run started', async () => {
    // Act: today is Mon 21 Dec 2026
    const response = await post(
      '/inspections',
      INSPECTOR,
      loggedInspection({
        process: 'assurance-visit',
        establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' },
        dates: { day1: '2099-01-05' },
      }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'dates.day1',
        message: 'must be within a year of today (Mon 21 Dec 2026): from Sun 21 Dec 2025 to Tue 21 Dec 2027, not Mon 5 Jan 2099',
      },
    ]);
    expect(await repository().listInspections()).toEqual({ items: [] });
    expect(sfnCalls.started(harness)).toEqual([]);
  });

  it('refuses inspection dates a day beyond a year either side of today, naming each field', async () => {
    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection({ dates: { inspectionStart: '2025-12-20', inspectionEnd: '2027-12-22' } }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'dates.inspectionStart',
        message: 'must be within a year of today (Mon 21 Dec 2026): from Sun 21 Dec 2025 to Tue 21 Dec 2027, not Sat 20 Dec 2025',
      },
      {
        field: 'dates.inspectionEnd',
        message: 'must be within a year of today (Mon 21 Dec 2026): from Sun 21 Dec 2025 to Tue 21 Dec 2027, not Wed 22 Dec 2027',
      },
    ]);
    expect(await repository().listInspections()).toEqual({ items: [] });
    expect(sfnCalls.started(harness)).toEqual([]);
  });

  it.each([
    ['an inspection that started exactly a year ago', { process: 'full-inspection', dates: { inspectionStart: '2025-12-21', inspectionEnd: '2025-12-22' } }],
    [
      'an assurance visit exactly a year ahead',
      {
        process: 'assurance-visit',
        establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' },
        dates: { day1: '2027-12-21' },
      },
    ],
  ])('logs %s (the bounds are inclusive)', async (_case, overrides) => {
    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection(overrides));

    // Assess
    expect(response.status).toBe(201);
  });

  it.each([
    ['a NUL', 'Willow\u0000House'],
    ['a line break', 'Willow\nHouse'],
    ['a right-to-left override', 'Willow \u202Eesuoh'],
    ['only zero-width spaces', '\u200B\u200B'],
  ])('refuses an establishment name with %s: 400 naming establishment.name, nothing stored, no run started', async (_what, value) => {
    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection({
      establishment: { urn: 'SC123456', name: value, kind: 'childrens-home', hostAuthority: 'E09000007' },
    }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'establishment.name', message: expect.any(String) }]);
    expect((await repository().listInspections()).items).toEqual([]);
    expect(sfnCalls.started(harness)).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    // Act
    const response = await post('/inspections', INSPECTOR, '{"process": "full-inspection",');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
  });

  it('answers 400 naming a field the schema does not know', async () => {
    // Act
    const response = await post(
      '/inspections',
      INSPECTOR,
      loggedInspection({ establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E09000007', beds: 4 } }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'establishment.beds', message: 'is not an allowed field' }]);
  });

  it('answers 400 naming an impossible date (2027-02-30)', async () => {
    // Act
    const response = await post('/inspections', INSPECTOR, loggedInspection({ dates: { inspectionStart: '2027-02-28', inspectionEnd: '2027-02-30' } }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'dates.inspectionEnd', message: '"2027-02-30" is not a real calendar date' }]);
    expect(await repository().listInspections()).toEqual({ items: [] });
  });
});

describe('POST /inspections with followUpOf: the return inspection of an earlier one', () => {
  /** Judged inadequate in October; the monitoring visit led to a full inspection due within 16 weeks (by 1 Feb). */
  const original = (overrides: Partial<InspectionRecord> = {}) =>
    storedInspection({
      id: 'insp-0001',
      status: 'in-progress',
      dates: { inspectionStart: parseLocalDate('2026-10-12'), inspectionEnd: parseLocalDate('2026-10-14') },
      outcome: {
        outcome: {
          process: 'full-inspection',
          overall: 'inadequate',
          helpedAndProtected: 'inadequate',
          leadersAndManagers: 'inadequate',
          summaryOfConcerns: 'Children go missing without a response.',
        },
        recordedBy: INSPECTOR.id,
        recordedAt: '2026-10-14T15:00:00.000Z',
      },
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-10-14T15:00:01.000Z', origin: 'full-inspection' } },
      scheduled: { 'full-inspection': { visit: 'full-inspection', latest: parseLocalDate('2027-02-01'), scheduledAt: '2026-12-01T10:00:00.000Z' } },
      ...overrides,
    });
  const returnInspection = (overrides: Record<string, unknown> = {}) =>
    loggedInspection({ idempotencyKey: 'log-willow-return', followUpOf: 'insp-0001', ...overrides });

  it('logs it and marks the earlier inspection’s 16-week full inspection done on its first day, once, even when retried', async () => {
    // Prepare
    await original();

    // Act
    const first = await post('/inspections', INSPECTOR, returnInspection());
    const retried = await post('/inspections', INSPECTOR, returnInspection());

    // Assess
    expect([first.status, retried.status]).toEqual([201, 200]);
    expect(retried.body.id).toBe(first.body.id);
    expect((await repository().requireInspection(first.body.id)).followUpOf).toBe('insp-0001');
    expect((await get(`/inspections/${first.body.id}`, INSPECTOR)).body.inspection.followUpOf).toBe('insp-0001');
    const earlier = await repository().requireInspection('insp-0001');
    expect(earlier.actuals.inadequate?.['full-inspection-latest']).toBe('2026-12-21');
    const audit = (await repository().listAudit('insp-0001')).filter((event) => event.event === 'return-inspection-logged');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: INSPECTOR.id,
        detail: { process: 'inadequate', stepId: 'full-inspection-latest', visit: 'full-inspection', inspectionId: first.body.id },
      }),
    ]);
  });

  it('is the return inspection of the one earlier inspection waiting for it when the request does not name it (found by a new-user walk: the plan counted it, the earlier inspection escalated)', async () => {
    await original();

    const unnamed = loggedInspection({ idempotencyKey: 'log-willow-unnamed' });
    const first = await post('/inspections', INSPECTOR, unnamed);
    const retried = await post('/inspections', INSPECTOR, unnamed);

    expect([first.status, retried.status]).toEqual([201, 200]);
    expect(first.body.followUpOf).toBe('insp-0001');
    expect((await repository().requireInspection(first.body.id)).followUpOf).toBe('insp-0001');
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBe('2026-12-21');
    // The same body sent again is its replay, not another inspection.
    expect(retried.body.id).toBe(first.body.id);
  });

  it('is no one’s return inspection, unnamed, when nothing is due of the home', async () => {
    await original({ scheduled: {} });
    const nothingDue = await post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-willow-nothing' }));
    expect(nothingDue.status, nothingDue.raw).toBe(201);
    expect(nothingDue.body).not.toHaveProperty('followUpOf');
    expect((await repository().requireInspection(nothingDue.body.id)).followUpOf).toBeUndefined();
  });

  it('is no one’s return inspection, unnamed, when two earlier inspections wait for one (the request names which)', async () => {
    await original();
    await original({ id: 'insp-0002', idempotencyKey: 'log-insp-0002', executionName: 'insp-0002--full-inspection', dates: { inspectionStart: parseLocalDate('2026-09-07'), inspectionEnd: parseLocalDate('2026-09-09') } });
    const unnamed = await post('/inspections', INSPECTOR, loggedInspection({ idempotencyKey: 'log-willow-two' }));
    expect(unnamed.status, unnamed.raw).toBe(201);
    expect(unnamed.body).not.toHaveProperty('followUpOf');
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBeUndefined();
  });

  it('withdrawn (logged of the wrong inspection), it opens the earlier inspection’s return again, with a run waiting for it, for the real one to be logged of it', async () => {
    await original();
    const mistaken = await post('/inspections', INSPECTOR, returnInspection());
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBe('2026-12-21');

    harness.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-withdrawn' });
    const startsBefore = sfnCalls.started(harness).length;
    const watchedBy = `insp-0001--inadequate--full-inspection-latest-again-${createHash('sha256').update(mistaken.body.id).digest('hex').slice(0, 6)}`;
    try {
      const withdrawal = { reason: 'Logged as the return of the wrong inspection.' };
      const withdrawn = await post(`/inspections/${mistaken.body.id}/withdrawal`, MANAGER, withdrawal);
      expect(withdrawn.status, withdrawn.raw).toBe(200);
      expect(withdrawn.body.returnReopened).toEqual({ inspectionId: 'insp-0001', stepId: 'full-inspection-latest', watchedBy });
      // The pathway's run had passed the step: a run of it starts at the step, to wait for it again (once: the same
      // withdrawal sent again names the same run and starts none).
      const again = await post(`/inspections/${mistaken.body.id}/withdrawal`, MANAGER, withdrawal);
      expect(again.body.returnReopened).toEqual({ inspectionId: 'insp-0001', stepId: 'full-inspection-latest', watchedBy });
      expect(sfnCalls.started(harness).slice(startsBefore)).toEqual([
        { stateMachineArn: STATE_MACHINE_ARNS.inadequate, name: watchedBy, input: JSON.stringify({ inspectionId: 'insp-0001', resumeAt: 'full-inspection-latest' }) },
      ]);
    } finally {
      ses.reset();
    }
    const earlier = await repository().requireInspection('insp-0001');
    expect(earlier.actuals.inadequate?.['full-inspection-latest']).toBeUndefined();
    expect((await repository().listAudit('insp-0001')).map((event) => event.event)).toContain('return-inspection-withdrawn');
    // The real return inspection is logged of it, later.
    const real = await post('/inspections', INSPECTOR, returnInspection({ idempotencyKey: 'log-willow-return-2', dates: { inspectionStart: '2027-01-11', inspectionEnd: '2027-01-12' } }));
    expect(real.status, real.raw).toBe(201);
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBe('2027-01-11');
  });

  it.each([
    ['a run waits for the step already (its task token is stored)', () => repository().storeStepToken('insp-0001', 'inadequate', 'full-inspection-latest', 'token-of-a-waiting-run', NOW_ISO)],
    [
      'a long clock’s later run is still to start at the step (its schedule is ahead)',
      () =>
        repository().audit('insp-0001', {
          at: NOW_ISO,
          actor: 'system',
          event: 'run-scheduled',
          detail: { process: 'inadequate', stepId: 'full-inspection-latest', startsAt: '2027-02-01T09:00:00.000Z', how: 'scheduled' },
        }),
    ],
  ])('withdrawn when %s, it opens the return again and starts no run: that one finds it open', async (_case, waiting) => {
    await original();
    const mistaken = await post('/inspections', INSPECTOR, returnInspection());
    await waiting();
    harness.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-withdrawn' });
    const startsBefore = sfnCalls.started(harness).length;
    try {
      const withdrawn = await post(`/inspections/${mistaken.body.id}/withdrawal`, MANAGER, { reason: 'Logged as the return of the wrong inspection.' });
      expect(withdrawn.status, withdrawn.raw).toBe(200);
      expect(withdrawn.body.returnReopened).toEqual({ inspectionId: 'insp-0001', stepId: 'full-inspection-latest' });
    } finally {
      ses.reset();
    }
    expect(sfnCalls.started(harness).slice(startsBefore)).toEqual([]);
    expect((await repository().requireInspection('insp-0001')).actuals.inadequate?.['full-inspection-latest']).toBeUndefined();
  });

  it.each([
    ['an inspection that does not exist', {}, { followUpOf: 'insp-none' }, { field: 'followUpOf', message: 'no inspection insp-none' }],
    [
      'an inspection withdrawn (logged by mistake)',
      { status: 'withdrawn', withdrawal: { withdrawnBy: 'manager-1', withdrawnByName: 'Sam Okafor', withdrawnAt: '2026-12-01T10:00:00.000Z', reason: 'Logged twice by mistake.' } },
      {},
      { field: 'followUpOf', message: 'must be an inspection that stands: insp-0001 was withdrawn (logged by mistake), so nothing returns to it' },
    ],
    [
      'an inspection of another establishment',
      { establishment: { urn: 'SC999999', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E09000007' } },
      {},
      { field: 'followUpOf', message: 'inspection insp-0001 is of Oak House (URN SC999999), not of URN SC123456' },
    ],
    [
      'an inspection with no return inspection scheduled',
      { scheduled: {} },
      {},
      { field: 'followUpOf', message: 'inspection insp-0001 has nothing scheduled that this inspection could be: no return full inspection and no full inspection within 16 weeks' },
    ],
    [
      'an inspection whose full inspection was already carried out',
      { actuals: { inadequate: { 'full-inspection-latest': parseLocalDate('2026-12-14') } } },
      {},
      { field: 'followUpOf', message: 'the full inspection within 16 weeks of inspection insp-0001 was already carried out on Mon 14 Dec 2026' },
    ],
    [
      'a start before the earlier inspection ended',
      {},
      { dates: { inspectionStart: '2026-10-14', inspectionEnd: '2026-10-15' } },
      { field: 'dates.inspectionStart', message: '"2026-10-14" is not after inspection insp-0001 ended on Wed 14 Oct 2026: a return inspection comes later' },
    ],
    [
      'an RFC next inspection of a children’s home inspection',
      {},
      { process: 'rfc-inspection', establishment: { urn: 'SC123456', name: 'Willow House', kind: 'residential-family-centre', hostAuthority: 'E09000007' } },
      { field: 'followUpOf', message: 'inspection insp-0001 has nothing scheduled that this inspection could be: no next inspection' },
    ],
  ] as const)('answers 400 naming the field for %s, and writes nothing', async (_case, earlier, body, error) => {
    // Prepare
    await original(earlier as Partial<InspectionRecord>);

    // Act
    const response = await post('/inspections', INSPECTOR, returnInspection(body));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([error]);
    expect((await repository().listInspections()).items.map((record) => record.id)).toEqual(['insp-0001']);
    expect(sfnCalls.started(harness)).toEqual([]);
    expect((await repository().requireInspection('insp-0001')).actuals).toEqual((earlier as Partial<InspectionRecord>).actuals ?? {});
  });

  it('names every problem in one answer: a date more than a year from today and an earlier inspection that does not exist', async () => {
    // Prepare
    await original();

    // Act: today is Mon 21 Dec 2026
    const response = await post('/inspections', INSPECTOR, returnInspection({ followUpOf: 'insp-none', dates: { inspectionStart: '2027-12-21', inspectionEnd: '2027-12-22' } }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['dates.inspectionEnd', 'followUpOf']);
    expect((await repository().listInspections()).items.map((record) => record.id)).toEqual(['insp-0001']);
  });

  it('answers 400 for an interim inspection: only a full or RFC inspection is a return inspection', async () => {
    // Prepare
    await original();

    // Act
    const response = await post('/inspections', INSPECTOR, returnInspection({ process: 'interim-inspection' }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'followUpOf', message: 'is not an allowed field' }]);
  });
});
