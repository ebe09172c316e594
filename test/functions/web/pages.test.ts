/**
 * The web pages (GOV.UK Design System): every page renders with its heading and its own title, the layout every page
 * shares (service navigation by role, the signed-in user, sign out), the error pages, the local runtime's panel, and
 * escaping of whatever users typed.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { localExtras } from '../../../functions/web/request';
import { repository } from '../../../functions/adapters/repository';
import { handlerEntry, HANDLERS, isWebHandler } from '../../../functions/handlers';
import type { WebArea } from '../../../functions/web/web-handler';
import { matchRoute } from '../../../infra/local/api-gateway';
import { INSPECTING_MANAGER, INSPECTOR, MANAGER, pendingApproval, sentAlert, storedInspection } from '../api/api-harness';
import { getPage, h1Of, idsOf, navigationOf, open, postForm, textOf, titleOf, useWebHarness } from './web-harness';

useWebHarness('2026-12-23T10:00:00.000Z');

describe('the web route', () => {
  it('is the ANY /app/{proxy+} route of the API, with the rest of the path as proxy', () => {
    expect(matchRoute('GET', '/app/inspections')).toMatchObject({ route: { id: 'web' }, pathParameters: { proxy: 'inspections' } });
    expect(matchRoute('POST', '/app/inspections/insp-1/outcome')).toMatchObject({
      route: { id: 'web' },
      pathParameters: { proxy: 'inspections/insp-1/outcome' },
    });
  });
});

describe('the web areas (one Lambda each)', () => {
  const areas = HANDLERS.filter(isWebHandler);

  it.each(areas.map((handler) => [handler.id, handler] as const))(
    '%s: API Gateway routes each of its pages to it, and no other area lists the page',
    async (id, handler) => {
      const { handler: lambda } = (await import(`../../../${handlerEntry(handler)}`)) as { handler: { area: WebArea } };
      expect(lambda.area.id).toBe(id);
      for (const page of lambda.area.routes) {
        const path = `/app/${page.pattern.source.slice(1, -1).replaceAll('\\/', '/').replaceAll('([^/]+)', 'x1')}`;
        expect(matchRoute(page.method, path)?.route.id, `${page.method} ${path}`).toBe(id);
      }
    },
  );
});

describe('every page', () => {
  const pages = [
    { path: '/app/inspections', user: INSPECTOR, h1: 'Inspections', title: 'Inspections – SCCIF Workflows – GOV.UK' },
    { path: '/app/inspections/insp-0001', user: INSPECTOR, h1: 'Willow House', title: 'Willow House (URN SC123456) – SCCIF Workflows – GOV.UK' },
    { path: '/app/inspections/new', user: INSPECTOR, h1: 'Log an inspection', title: 'Log an inspection – SCCIF Workflows – GOV.UK' },
    {
      path: '/app/inspections/insp-0001/outcome',
      user: INSPECTOR,
      h1: 'Record the outcome',
      title: 'Record the outcome – Willow House – SCCIF Workflows – GOV.UK',
    },
    {
      path: '/app/follow-ups/insp-0001/calls',
      user: INSPECTOR,
      h1: 'Record a phone call',
      title: 'Record a phone call – Willow House – SCCIF Workflows – GOV.UK',
    },
    { path: '/app/approvals', user: MANAGER, h1: 'Approvals', title: 'Approvals – SCCIF Workflows – GOV.UK' },
    {
      path: '/app/approvals/apr-0001',
      user: MANAGER,
      h1: 'Decide: case review',
      title: 'Decide: Case review – Willow House – SCCIF Workflows – GOV.UK',
    },
  ];

  it.each(pages)('$path renders 200 with one h1 "$h1" and its own title', async ({ path, user, h1, title }) => {
    // Prepare
    await storedInspection();
    await pendingApproval();
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'msg-1');

    // Act
    const response = await getPage(path, user);

    // Assess
    expect(response.status).toBe(200);
    expect(h1Of(response.html)).toEqual([h1]);
    expect(titleOf(response.html)).toBe(title);
  });

  it('has the GOV.UK layout: skip link, header, service name, main landmark, the user and a sign out link', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(html).toContain('<a href="#main-content" class="govuk-skip-link"');
    expect(html).toContain('class="govuk-header"');
    expect(html).toMatch(/govuk-service-navigation__service-name[\s\S]*SCCIF Workflows/);
    expect(html).toMatch(/<main class="govuk-main-wrapper" id="main-content"/);
    expect(textOf(html)).toContain('Signed in as Ann Inspector');
    expect(html).toMatch(/<form method="post" action="\/app\/auth\/sign-out" class="app-sign-out"><input type="hidden" name="csrf" value="[\w-]{43}">\s*<button type="submit"[^>]*>Sign out<\/button>/);
    expect(html).toContain('href="/app/assets/govuk-frontend.min.css"');
  });

  it('loads no script: the template’s inline script is left out, as the content security policy allows none', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(html).not.toContain('<script');
  });

  it('gives every element a unique id', async () => {
    await storedInspection();
    for (const path of ['/app/inspections/new', '/app/inspections/insp-0001', '/app/inspections/insp-0001/outcome']) {
      const ids = idsOf((await getPage(path, INSPECTOR)).html);
      expect(new Set(ids).size, path).toBe(ids.length);
    }
  });
});

describe('service navigation', () => {
  it('shows inspectors the inspections, the log form, the register and the plan, not the approvals', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(navigationOf(html)).toEqual(['/app/inspections', '/app/inspections/new', '/app/establishments', '/app/inspection-plan']);
    expect(html).not.toContain('href="/app/approvals"');
  });

  it('shows managers the approvals, the register and the plan, and not the log form', async () => {
    const { html } = await getPage('/app/inspections', MANAGER);

    expect(navigationOf(html)).toEqual(['/app/inspections', '/app/approvals', '/app/establishments', '/app/inspection-plan']);
  });

  it('shows a manager who inspects all of them', async () => {
    const { html } = await getPage('/app/inspections', INSPECTING_MANAGER);

    expect(navigationOf(html)).toEqual([
      '/app/inspections',
      '/app/inspections/new',
      '/app/approvals',
      '/app/establishments',
      '/app/inspection-plan',
    ]);
  });

  it('marks the current page', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(html).toMatch(/href="\/app\/inspections" aria-current="page"/);
  });
});

describe('who may see what', () => {
  it('answers an inspector 403 on the approvals', async () => {
    const response = await getPage('/app/approvals', INSPECTOR);

    expect(response.status).toBe(403);
    expect(h1Of(response.html)).toEqual(['You do not have permission to see this page']);
  });

  it('answers a manager 403 on the log form', async () => {
    const response = await getPage('/app/inspections/new', MANAGER);

    expect(response.status).toBe(403);
  });

  it('sends a browser without a session to sign in, and back to the page afterwards', async () => {
    const response = await getPage('/app/inspections', undefined, { status: 'complete' });

    expect(response.status).toBe(303);
    expect(response.location).toBe('/app/auth/sign-in?next=%2Fapp%2Finspections%3Fstatus%3Dcomplete');
  });

  it('answers 401 to a form sent without a session, with no navigation', async () => {
    const response = await postForm('/app/inspections/new', undefined, { process: 'full-inspection' });

    expect(response.status).toBe(401);
    expect(h1Of(response.html)).toEqual(['Sign in to use this service']);
    expect(navigationOf(response.html)).toEqual([]);
  });

  it('answers 403 to a user in neither group', async () => {
    const response = await getPage('/app/inspections', { id: 'someone', email: 'x@example.org', name: 'X', groups: ['providers'] });

    expect(response.status).toBe(403);
  });
});

describe('error pages', () => {
  it('says "Page not found" with 404 for a page that does not exist', async () => {
    const response = await getPage('/app/nothing-here', INSPECTOR);

    expect(response.status).toBe(404);
    expect(h1Of(response.html)).toEqual(['Page not found']);
    expect(titleOf(response.html)).toBe('Page not found – SCCIF Workflows – GOV.UK');
  });

  it('says "Page not found" for an inspection that does not exist', async () => {
    const response = await getPage('/app/inspections/insp-missing', INSPECTOR);

    expect(response.status).toBe(404);
    expect(h1Of(response.html)).toEqual(['Page not found']);
  });

  it('says "Sorry, there is a problem with the service" with 500, and nothing of the error', async () => {
    vi.spyOn(repository(), 'listLocalAuthorities').mockRejectedValue(new Error('table sccif-secret is unreachable'));

    const response = await getPage('/app/inspections/new', INSPECTOR);

    expect(response.status).toBe(500);
    expect(h1Of(response.html)).toEqual(['Sorry, there is a problem with the service']);
    expect(response.html).not.toContain('sccif-secret');
  });

  it('answers 405 to a POST on a page that only shows', async () => {
    const response = await postForm('/app/inspections', INSPECTOR, {});

    expect(response.status).toBe(405);
  });

  it('accepts a trailing slash', async () => {
    const response = await open({ path: '/app/inspections/', user: INSPECTOR });

    expect(response.status).toBe(200);
    expect(h1Of(response.html)).toEqual(['Inspections']);
  });
});

describe('escaping', () => {
  it('shows an injected establishment name as text, never as markup', async () => {
    // Prepare
    const name = '<script>alert("x")</script> & "Sons"';
    await storedInspection({ establishment: { urn: 'SC123456', name, kind: 'childrens-home', hostAuthority: 'E09000007' } });

    // Act
    const list = await getPage('/app/inspections', INSPECTOR);
    const inspection = await getPage('/app/inspections/insp-0001', INSPECTOR);

    // Assess
    for (const { html } of [list, inspection]) {
      expect(html).not.toContain('<script>alert');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;');
    }
  });
});

describe('the local runtime', () => {
  const LOCAL = { 'x-sccif-local': '1', 'x-sccif-clock': '2026-12-23T10:00:00.000Z', 'x-sccif-inbox': 'http://127.0.0.1:8005' };

  it('shows the virtual time, the clock buttons and the inbox link when the local server forwards the request', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR, { status: 'complete' }, LOCAL);

    expect(textOf(html)).toContain('The virtual time is Wednesday 23 December 2026 at 10:00 (London time)');
    expect(html).toContain('action="/app/_local/clock"');
    for (const advance of ['day', 'week', 'next']) expect(html).toContain(`value="${advance}" name="advance"`);
    expect(html).toContain('<input type="hidden" name="next" value="/app/inspections?status=complete">');
    expect(html).toContain('href="http://127.0.0.1:8005/"');
  });

  it('ignores those headers outside the local runtime: on AWS a client could send them', () => {
    const event = { headers: LOCAL } as unknown as APIGatewayProxyEvent;
    const now = new Date('2026-12-29T10:00:00.000Z');

    expect(localExtras(event, now, false)).toBeUndefined();
    expect(localExtras(event, now, true)).toEqual({ clock: '2026-12-23T10:00:00.000Z', inbox: 'http://127.0.0.1:8005/' });
  });

  it('shows none of it otherwise', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR);

    expect(html).not.toContain('/app/_local/clock');
    expect(html).not.toContain('Local runtime');
  });

  it('sends the clock buttons to the local server, which moves the clock, with the page to come back to', async () => {
    const response = await open({
      method: 'POST',
      path: '/app/_local/clock',
      user: INSPECTOR,
      form: { advance: 'week', next: '/app/inspections/insp-0001' },
      headers: LOCAL,
    });

    expect(response.status).toBe(303);
    expect(response.location).toBe('/_local/clock/advance-form?advance=week&next=%2Fapp%2Finspections%2Finsp-0001');
  });

  it('never sends the browser back to another site', async () => {
    const response = await open({
      method: 'POST',
      path: '/app/_local/clock',
      user: INSPECTOR,
      form: { advance: 'day', next: 'https://evil.example/' },
      headers: LOCAL,
    });

    expect(response.location).toBe('/_local/clock/advance-form?advance=day&next=%2Fapp%2Finspections');
  });

  it('has no clock route on AWS (without the local header)', async () => {
    const response = await postForm('/app/_local/clock', INSPECTOR, { advance: 'day' });

    expect(response.status).toBe(404);
  });

  it('ignores an inbox address that is not a web address', async () => {
    const { html } = await getPage('/app/inspections', INSPECTOR, undefined, { ...LOCAL, 'x-sccif-inbox': 'javascript:alert(1)' });

    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('Open the local email inbox');
  });
});
