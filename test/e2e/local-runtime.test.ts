/**
 * The local runtime as a user runs it: `infra/local/main.ts` in a child process, driven over real HTTP on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, isWorkingDay, londonDateOf, nextWorkingDay, type LocalDate } from '../../functions/core/calendar';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';

const INSPECTOR = 'ines.inspector@ofsted.local:inspector-pass';
const MANAGER = 'maya.manager@ofsted.local:manager-pass';

let runtime: RuntimeProcess;
let base = '';
let ses = '';
let startupMs = 0;

beforeAll(async () => {
  runtime = await startRuntimeProcess();
  ({ base, ses, startupMs } = runtime);
}, 180_000); // the runtime takes seconds to start; minutes on a loaded shared machine

afterAll(async () => {
  await runtime?.stop();
});

async function call(method: string, path: string, who: string | undefined, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(who ? { authorization: `Basic ${Buffer.from(who).toString('base64')}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function today(): Promise<LocalDate> {
  const clock = await call('GET', '/_local/clock', MANAGER);
  return londonDateOf(String(clock.body.now));
}

async function advanceTo(instant: string) {
  const now = (await call('GET', '/_local/clock', MANAGER)).body.now as string;
  if (Date.parse(instant) <= Date.parse(now)) return;
  const moved = await call('POST', '/_local/clock/advance', MANAGER, { to: instant });
  expect(moved.status).toBe(200);
}

async function sesStore(): Promise<{ destination: { to: string[] }; subject: string; body: { text?: string } }[]> {
  return ((await (await fetch(`${ses}/store`)).json()) as { emails: never[] }).emails;
}

/**
 * Runs happen after the response that starts them: the clock is moved a second on first (the runtime answers once no
 * handler runs, every run having gone as far as it can without time), then the assertion is checked, and polled
 * until it holds should it not yet (or fails with its error). Polling alone took ~25 extra handler calls per run of
 * this file (list-approvals, get-inspection, list-notifications: 0.3 s of the runtime's CPU) and 1.3 s of waits.
 */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const now = (await call('GET', '/_local/clock', MANAGER)).body.now as string;
  const moved = await call('POST', '/_local/clock/advance', MANAGER, { to: new Date(Date.parse(now) + 1_000).toISOString() });
  expect(moved.status).toBe(200);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let keys = 0;
const key = () => `e2e-${process.pid}-${(keys += 1)}`;

/** The lead inspector records a step on its due day (moving the clock there first), as the pages and the API let them. */
async function recordOnItsDay(id: string, stepId: string, process: string): Promise<LocalDate> {
  const detail = await call('GET', `/inspections/${id}`, INSPECTOR);
  const timeline = (detail.body.timelines as { process: string; steps: { id: string; dueLondonDate: LocalDate }[] }[]).find((t) => t.process === process);
  const due = timeline?.steps.find((step) => step.id === stepId)?.dueLondonDate;
  expect(due, `${process} › ${stepId}`).toBeDefined();
  const on = due! > (await today()) ? due! : await today();
  await advanceTo(`${on}T10:00:00Z`);
  const recorded = await call('POST', `/inspections/${id}/steps/${stepId}`, INSPECTOR, { on, process });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  return on;
}

/**
 * The lead inspector records the 1st monitoring visit's report on its due day, against that visit (`"visit": 1`):
 * after further monitoring the 2nd visit may have begun by then, and the report stays the 1st visit's.
 */
async function publishFirstVisitReport(id: string): Promise<LocalDate> {
  const detail = await call('GET', `/inspections/${id}`, INSPECTOR);
  const due = (detail.body.inspection.monitoringVisits as { report?: { dueLondonDate: LocalDate } }[])[0]?.report?.dueLondonDate;
  expect(due, '1st monitoring visit › report').toBeDefined();
  const on = due! > (await today()) ? due! : await today();
  await advanceTo(`${on}T10:00:00Z`);
  const recorded = await call('POST', `/inspections/${id}/steps/publish`, INSPECTOR, { on, process: 'monitoring-visit', visit: 1 });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  return on;
}

describe('the local runtime', () => {
  it('starts, reports its components as healthy, and refuses anonymous calls', async () => {
    console.log(`npm start equivalent: ready for requests ${startupMs} ms after launch`);
    const health = await call('GET', '/health', undefined);
    expect(health.status).toBe(200);
    expect(health.body.components).toMatchObject({ stateMachines: 6 });
    for (const path of ['/inspections', '/approvals', '/_local/clock']) {
      expect((await call('GET', path, undefined)).status).toBe(401);
    }
    // Started with --recurring-schedules off (test/support/runtime-process.ts): no daily digest among these runs' emails.
    expect((await call('GET', '/_local/schedules', MANAGER)).body).toEqual({ next: [], fired: [] });
  });

  it('answers bad requests with a 4xx naming the problem, and keeps serving', async () => {
    const malformed = await call('POST', '/inspections', INSPECTOR, '{"process": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/body/);
    const unknownField = await call('POST', '/inspections', INSPECTOR, { process: 'full-inspection', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toMatch(/colour/);
    const impossible = await call('POST', '/inspections', INSPECTOR, {
      idempotencyKey: key(),
      process: 'full-inspection',
      establishment: { urn: 'SC100001', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E08000035' },
      provider: { name: 'Oak Care', email: 'ri@oakcare.example' },
      inspectorId: 'local-inspector-ines',
      dates: { inspectionStart: '2027-02-27', inspectionEnd: '2027-02-30' },
      children: [],
    });
    expect(impossible.status).toBe(400);
    expect(JSON.stringify(impossible.body)).toMatch(/dates\.inspectionEnd/);
    expect((await call('GET', '/inspections/insp-00000000000000000000', INSPECTOR)).status).toBe(404);
    expect((await call('POST', '/_local/clock/advance', MANAGER, { weeks: 2 })).status).toBe(400);
    expect((await call('GET', '/health', undefined)).status).toBe(200);
  });

  // Ordered so that the runs these tests leave waiting (the assurance visit's report and monitoring visit, the
  // further monitoring's second visit) are not carried through the months the other pathways move the clock: they
  // escalated every working day of them (~100 escalations, most of this file's runtime CPU), which no test asserts.
  it.each(['improved-judgement', 'full-inspection', 'further-monitoring'] as const)(
    'takes a full inspection judged inadequate through the monitoring outcome "%s"',
    async (monitoringOutcome) => {
      const wallStarted = performance.now();
      const inspectionEnd = await today();
      const logged = await call('POST', '/inspections', INSPECTOR, {
        idempotencyKey: key(),
        process: 'full-inspection',
        establishment: { urn: 'SC654321', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E08000035' },
        provider: { name: 'Birch Care Ltd', email: 'ri@birchcare.example' },
        inspectorId: 'local-inspector-ines',
        dates: { inspectionStart: addCalendarDays(inspectionEnd, -2), inspectionEnd },
        children: [{ initials: 'LM', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
      });
      expect(logged.status).toBe(201);
      const id = logged.body.id as string;
      expect(
        (
          await call('POST', `/inspections/${id}/outcome`, INSPECTOR, {
            process: 'full-inspection',
            overall: 'inadequate',
            helpedAndProtected: 'inadequate',
            leadersAndManagers: 'requires-improvement',
            summaryOfConcerns: 'Children go missing without a response.',
          })
        ).status,
      ).toBe(200);
      await eventually(async () => {
        const alerts = await call('GET', `/inspections/${id}/notifications`, MANAGER);
        expect(JSON.stringify(alerts.body)).toMatch(/E08000025/);
      });
      const approval = await eventually(async () => {
        const queue = await call('GET', '/approvals', MANAGER);
        const found = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(
        (
          await call('POST', `/approvals/${approval.approvalId}/decision`, MANAGER, {
            decision: 'monitoring-visit',
            enforcement: 'none',
            rationale: 'Return with a monitoring visit inside six to eight weeks.',
          })
        ).status,
      ).toBe(200);

      const scheduled = await eventually(async () => {
        const found = (await call('GET', `/inspections/${id}`, MANAGER)).body.inspection.scheduled['monitoring-visit'] as
          | { earliest: LocalDate }
          | undefined;
        expect(found).toBeDefined();
        return found!;
      });
      // The report stages, recorded by the lead inspector on their due days; the provider hears on each.
      await recordOnItsDay(id, 'report-to-provider', 'full-inspection');
      await eventually(async () => {
        const ledger = await call('GET', `/inspections/${id}/notifications`, MANAGER);
        expect(JSON.stringify(ledger.body)).toMatch(/report:full-inspection:report-to-provider/);
      });
      await recordOnItsDay(id, 'publish', 'full-inspection');
      await advanceTo(`${scheduled.earliest}T12:00:00Z`);
      const improved =
        monitoringOutcome === 'improved-judgement'
          ? { concernsDiscrete: true, wouldOtherwiseBeHigher: true, goodTrackRecord: true, leadershipOrProtectionConcerns: false, rectifiableQuickly: true, allRequirementsMet: true, improvedJudgement: 'good' }
          : monitoringOutcome === 'further-monitoring'
            ? { stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] }
            : {};
      // An improved judgement needs the regulatory inspection manager's agreement (§76): a manager records it.
      const recorded = await call('POST', `/inspections/${id}/outcome`, monitoringOutcome === 'improved-judgement' ? MANAGER : INSPECTOR, {
        process: 'monitoring-visit',
        outcome: monitoringOutcome,
        visitDate: scheduled.earliest,
        ...improved,
      });
      expect(recorded.status).toBe(200);
      await publishFirstVisitReport(id);

      if (monitoringOutcome === 'full-inspection') {
        const full = await eventually(async () => {
          const found = (await call('GET', `/inspections/${id}`, MANAGER)).body.inspection.scheduled['full-inspection'] as
            | { latest: LocalDate }
            | undefined;
          expect(found).toBeDefined();
          return found!;
        });
        // SCCIF 15.1: usually within 16 weeks from the original inspection.
        expect(full.latest).toBe(addCalendarDays(inspectionEnd, 16 * 7));
        await advanceTo(`${addCalendarDays(full.latest, 1)}T09:00:00Z`);
        await eventually(async () => {
          const ledger = await call('GET', `/inspections/${id}/notifications`, MANAGER);
          expect(JSON.stringify(ledger.body)).toMatch(/escalation:inadequate:full-inspection-latest/);
        });
        console.log(`16-week inadequate pathway on the virtual clock: ${Math.round(performance.now() - wallStarted)} ms of wall time`);
      }
    },
    // Over HTTP through 16 weeks of virtual time, recording each report stage on its day: about 10 s on a quiet
    // 2-core machine; the margin is for a loaded one.
    90_000,
  );

  it('runs an assurance visit with serious concerns: alerts, manager approval, monitoring visit inside 6 to 8 weeks', async () => {
    let day1 = await today();
    if (!isWorkingDay(day1)) day1 = nextWorkingDay(day1);
    const logged = await call('POST', '/inspections', INSPECTOR, {
      idempotencyKey: key(),
      process: 'assurance-visit',
      establishment: { urn: 'SC123456', name: 'Elm House Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E09000007' },
      provider: { name: 'Elm House Trust', email: 'registered.manager@elmhouse.example' },
      inspectorId: 'local-inspector-ines',
      dates: { day1 },
      children: [
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
        { initials: 'CD', placement: { lookedAfter: true, placingAuthority: 'E10000016' } },
        { initials: 'GH', placement: { lookedAfter: false, placedBy: { name: 'Parent of GH', email: 'parent.gh@family.example' } } },
      ],
    });
    expect(logged.status).toBe(201);
    const id = logged.body.id as string;
    const visitEnd = (logged.body.timeline.steps as { id: string; dueLondonDate: string }[]).find((step) => step.id === 'visit-end')!;
    await advanceTo(`${visitEnd.dueLondonDate}T15:00:00Z`);

    const outcome = await call('POST', `/inspections/${id}/outcome`, INSPECTOR, {
      process: 'assurance-visit',
      seriousOrWidespreadConcerns: true,
      concernsSerious: true,
      summaryOfConcerns: 'Restraint is not recorded or reviewed; night staffing is below the minimum.',
    });
    expect(outcome.status).toBe(200);

    await eventually(async () => {
      // This inspection's emails (each names it), whatever the tests before it sent.
      const inbox = (await sesStore()).filter((mail) => (mail.body.text ?? '').includes(id));
      for (const to of ['dcs@camden.la.example', 'dcs@manchester.la.example', 'dcs@kent.la.example', 'parent.gh@family.example']) {
        expect(inbox.some((mail) => mail.destination.to.includes(to)), to).toBe(true);
      }
      // The day-1 letter and the copy of the alert.
      expect(inbox.filter((mail) => mail.destination.to.includes('registered.manager@elmhouse.example')).length).toBeGreaterThanOrEqual(2);
    });

    const approval = await eventually(async () => {
      const queue = await call('GET', '/approvals', MANAGER);
      const found = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === id);
      expect(found).toBeDefined();
      return found!;
    });
    const asInspector = await call('POST', `/approvals/${approval.approvalId}/decision`, INSPECTOR, {
      decision: 'monitoring-visit',
      enforcement: 'none',
      rationale: 'Serious concerns: monitoring visit within 6 to 8 weeks.',
    });
    expect(asInspector.status).toBe(403);
    const decided = await call('POST', `/approvals/${approval.approvalId}/decision`, MANAGER, {
      decision: 'monitoring-visit',
      enforcement: 'none',
      rationale: 'Serious concerns: monitoring visit within 6 to 8 weeks.',
    });
    expect(decided.status).toBe(200);

    const window = await eventually(async () => {
      const inspection = await call('GET', `/inspections/${id}`, MANAGER);
      const scheduled = inspection.body.inspection.scheduled['monitoring-visit'] as { earliest: LocalDate; latest: LocalDate } | undefined;
      expect(scheduled).toBeDefined();
      return scheduled!;
    });
    const moved = await call('POST', '/_local/clock/advance', MANAGER, { toNextDeadline: true });
    expect(moved.status).toBe(200);
    expect(window.earliest).toBe(addCalendarDays(visitEnd.dueLondonDate as LocalDate, 42));
    expect(window.latest).toBe(addCalendarDays(visitEnd.dueLondonDate as LocalDate, 56));
  });
});

describe('refusals at the local edge (issue 13: items 5 and 8)', () => {
  it('answers a body over 256 KB with 413 (not a connection reset), and stores nothing', async () => {
    const before = (await call('GET', '/inspections', INSPECTOR)).body.items.length as number;
    const huge = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });

    const response = await fetch(`${base}/inspections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(INSPECTOR).toString('base64')}` },
      body: huge,
    });

    expect(response.status).toBe(413);
    expect(((await call('GET', '/inspections', INSPECTOR)).body.items as unknown[]).length).toBe(before);
  });

  it('answers a path with a malformed percent-escape with 400, not 500', async () => {
    const response = await fetch(`${base}/inspections/%E0%A4%A`, { headers: { authorization: `Basic ${Buffer.from(INSPECTOR).toString('base64')}` } });
    expect(response.status).toBe(400);
  });

  it('refuses a foreign Host header at the inbox (DNS rebinding), and answers its own', async () => {
    const { request } = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${ses}/store`);
        request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('evil.example:80')).toBe(403);
    expect(await status(new URL(ses).host)).toBe(200);
  });
});
