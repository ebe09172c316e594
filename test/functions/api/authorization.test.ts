/**
 * Every route asks for a signed-in caller (401 without the authorizer's claims) in one of the route's groups (403
 * otherwise), as functions/handlers.ts lists them, before it reads or writes anything.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { HANDLERS, isWebHandler, type ApiHandler } from '../../../functions/handlers';
import type { LocalUser } from '../../../infra/local/api-gateway';
import {
  call,
  INSPECTOR,
  loggedInspection,
  MANAGER,
  OTHER_INSPECTOR,
  pendingApproval,
  sfnCalls,
  storedInspection,
  useApiHarness,
} from './api-harness';

const harness = useApiHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
  await pendingApproval();
});

const PROVIDER_USER: LocalUser = { id: 'provider-1', email: 'ri@willow.example', name: 'R I', groups: ['providers'] };

const REQUESTS: Record<string, { path: string; body?: unknown }> = {
  'log-inspection': { path: '/inspections', body: loggedInspection() },
  'list-inspections': { path: '/inspections' },
  'get-inspection': { path: '/inspections/insp-0001' },
  'record-outcome': {
    path: '/inspections/insp-0001/outcome',
    body: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
  },
  'record-step': { path: '/inspections/insp-0001/steps/report-to-provider', body: { on: '2026-12-23' } },
  'amend-outcome': {
    path: '/inspections/insp-0001/outcome/amendments',
    body: {
      process: 'full-inspection',
      overall: 'requires-improvement',
      helpedAndProtected: 'requires-improvement',
      leadersAndManagers: 'good',
      reason: 'Quality assurance moderated the evidence.',
      registeredManagerCalledOn: '2026-12-23',
    },
  },
  'change-next-visit-window': { path: '/inspections/insp-0001/next-visit-window', body: { earliestWeeks: 3, latestWeeks: 4, reason: 'An earlier return.' } },
  'withdraw-inspection': { path: '/inspections/insp-0001/withdrawal', body: { reason: 'Logged twice by mistake.' } },
  'correct-children': { path: '/inspections/insp-0001/children', body: { children: [], reason: 'The children were logged wrongly.' } },
  'record-report-copy': {
    path: '/inspections/insp-0001/report-copies',
    body: { recipientKey: 'placer:0123456789abcdef', sentOn: '2026-12-23', how: 'post' },
  },
  'record-call': {
    path: '/inspections/insp-0001/calls',
    body: { authorityCode: 'E09000007', calledAt: '2026-12-23T09:00:00Z', spokeTo: 'Duty officer', outcome: 'receipt-confirmed' },
  },
  'list-notifications': { path: '/inspections/insp-0001/notifications' },
  'list-approvals': { path: '/approvals' },
  'decide-approval': { path: '/approvals/apr-0001/decision', body: { decision: 'monitoring-visit', enforcement: 'none', rationale: 'Serious concerns about restraint.' } },
  'list-establishments': { path: '/establishments' },
  'add-establishment': {
    path: '/establishments',
    body: {
      urn: 'SC100001',
      name: 'Oak House',
      kind: 'childrens-home',
      hostAuthority: 'E09000007',
      registeredOn: '2019-06-01',
      registeredManager: { status: 'vacant', since: '2026-07-01' },
      providerContact: { name: 'Oak Care Ltd', email: 'office@oak.example' },
    },
  },
  'import-register': { path: '/establishments/import', body: { csv: 'URN\nSC100001' } },
  'get-establishment': { path: '/establishments/SC123456' },
  'change-establishment': { path: '/establishments/SC123456', body: { change: { name: 'Oak House' } } },
  'inspection-plan': { path: '/inspection-plan' },
  'log-establishment-inspection': { path: '/establishments/SC123456/inspections', body: { process: 'full-inspection' } },
  'record-enforcement-action': {
    path: '/establishments/SC123456/enforcement-actions',
    body: { inspectionId: 'insp-0001', action: 'suspension', against: ['establishment'], issuedOn: '2026-12-22' },
  },
  'list-enforcement-actions': { path: '/establishments/SC123456/enforcement-actions' },
  'change-enforcement-action': { path: '/establishments/SC123456/enforcement-actions/insp-0001--suspension--2026-12-22', body: { withdrawnOn: '2026-12-23' } },
  'record-requirement': { path: '/inspections/insp-0001/requirements', body: { kind: 'recommendation', text: 'Keep the records of restraint in one place.' } },
  'list-requirements': { path: '/inspections/insp-0001/requirements' },
  'mark-requirement-met': { path: '/inspections/insp-0001/requirements/R-0123456789ab', body: { metInFullOn: '2026-12-22' } },
};

// The JSON API. The web pages (`web`) answer HTML: test/functions/web/pages.test.ts checks their 401 and 403.
const ROUTES = (HANDLERS.filter((handler) => handler.kind === 'api' && !isWebHandler(handler)) as readonly ApiHandler[]).map((route) => {
  const request = REQUESTS[route.id];
  if (!request) throw new Error(`no request for ${route.id}`);
  // Someone signed in, outside the route's groups.
  const outsider = route.groups.includes('inspectors') ? (route.groups.includes('managers') ? PROVIDER_USER : MANAGER) : INSPECTOR;
  return [route.id, route, request, outsider] as const;
});

function send(route: ApiHandler, request: { path: string; body?: unknown }, user: LocalUser | undefined) {
  return call({
    method: route.method,
    path: request.path,
    ...(user ? { user } : {}),
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
}

describe('who may call each route', () => {
  it.each(ROUTES)('%s: 401 without the authorizer claims', async (_id, route, request) => {
    // Act
    const response = await send(route, request, undefined);

    // Assess
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'UnauthorizedError', message: 'sign in to use this service' });
  });

  it.each(ROUTES)('%s: 403 for a caller outside the route groups, before anything is read or written', async (_id, route, request, outsider) => {
    // Act
    const response = await send(route, request, outsider);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.message).toBe(`this needs membership of one of the groups: ${route.groups.join(', ')}`);
    expect(sfnCalls.started(harness)).toEqual([]);
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });
});

/**
 * Per inspection (functions/app/access.ts; the README's table): every inspector and manager reads every inspection;
 * only its lead inspector and managers change it. The lead inspector is who the claims say logged it, whatever a
 * body says. A refusal is a 403 that leaves the record, its calls and the runs as they were.
 */
describe('who may read and change an inspection', () => {
  const route = (id: string) => (HANDLERS as readonly { id: string }[]).find((handler) => handler.id === id) as ApiHandler;
  const READS = ['list-inspections', 'get-inspection', 'list-notifications'] as const;
  const CHANGES = ['record-outcome', 'record-step', 'record-call', 'record-report-copy'] as const;

  it.each(READS.flatMap((id) => [INSPECTOR, OTHER_INSPECTOR, MANAGER].map((user) => [id, user.id, user] as const)))(
    '%s: %s may read (200)',
    async (id, _who, user) => {
      expect((await send(route(id), REQUESTS[id]!, user)).status).toBe(200);
    },
  );

  it.each(CHANGES)('%s: another inspector is refused (403); the record, its calls and the runs are unchanged', async (id) => {
    // Prepare
    const before = await repository().getInspection('insp-0001');

    // Act
    const response = await send(route(id), REQUESTS[id]!, OTHER_INSPECTOR);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/^only the lead inspector of this inspection or a manager may /);
    expect(await repository().getInspection('insp-0001')).toEqual(before);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });

  it.each(CHANGES.flatMap((id) => [INSPECTOR, MANAGER].map((user) => [id, user.id, user] as const)))(
    '%s: %s (lead inspector, manager) is let through to the rules of the operation',
    async (id, _who, user) => {
      // The report to the provider follows the judgements (recorded here without the outcome's other writes).
      if (id === 'record-step') await repository().recordActual('insp-0001', 'full-inspection', 'judgements-recorded', '2026-12-22' as never, '2026-12-22T17:00:00.000Z');
      const response = await send(route(id), REQUESTS[id]!, user);
      // record-call and record-report-copy answer 400 here (no authority was alerted, no report is final yet): past the
      // access check, refused by the rules.
      expect(response.status, response.raw).toBe(id === 'record-call' || id === 'record-report-copy' ? 400 : 200);
    },
  );

  it('records the outcome as the manager who recorded it, not as the lead inspector', async () => {
    expect((await send(route('record-outcome'), REQUESTS['record-outcome']!, MANAGER)).status).toBe(200);
    expect((await repository().getInspection('insp-0001'))?.outcome?.recordedBy).toBe(MANAGER.id);
  });

  it('makes whoever logs an inspection its lead inspector; naming someone else is a 400 naming inspectorId, nothing stored', async () => {
    // Act
    // Another home than the stored inspection's: the same home on the same days is refused as logged already.
    const otherHome = { urn: 'SC123457', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E09000007' };
    const named = await send(
      route('log-inspection'),
      { path: '/inspections', body: loggedInspection({ idempotencyKey: 'log-other-0001', inspectorId: OTHER_INSPECTOR.id, establishment: otherHome }) },
      INSPECTOR,
    );
    const logged = await send(route('log-inspection'), { path: '/inspections', body: loggedInspection({ idempotencyKey: 'log-own-0001', establishment: otherHome }) }, OTHER_INSPECTOR);

    // Assess
    expect(named.status).toBe(400);
    expect(named.body.errors).toEqual([expect.objectContaining({ field: 'inspectorId' })]);
    expect(logged.status).toBe(201);
    expect((await repository().getInspection(String(logged.body.id)))?.inspectorId).toBe(OTHER_INSPECTOR.id);
    expect((await repository().listInspections()).items).toHaveLength(2);
  });
});
