/**
 * Every route asks for a signed-in caller (401 without the authorizer's claims) in one of the route's groups (403
 * otherwise), as functions/handlers.ts lists them, before it reads or writes anything.
 */
import { describe, expect, it } from 'vitest';
import { HANDLERS, type ApiHandler } from '../../../functions/handlers';
import type { LocalUser } from '../../../infra/local/api-gateway';
import {
  call,
  INSPECTOR,
  loggedInspection,
  MANAGER,
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
};

// The JSON API. The web pages (`web`) answer HTML: test/functions/web/pages.test.ts checks their 401 and 403.
const ROUTES = (HANDLERS.filter((handler) => handler.kind === 'api' && handler.id !== 'web') as readonly ApiHandler[]).map((route) => {
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
