/**
 * The API reference page (/app/api-reference) and the OpenAPI document the web Lambda serves (/app/openapi.json):
 * for signed-in staff, from the same document as the local runtime's /openapi.json and README.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as webApiReference } from '../../../functions/web/web-api-reference';
import { HANDLERS, isWebHandler } from '../../../functions/handlers';
import { apiGatewayEvent, matchRoute } from '../../../infra/local/api-gateway';
import { INSPECTOR } from '../api/api-harness';
import { getPage, h1Of, idsOf, sessionFor, textOf, titleOf, useWebHarness } from './web-harness';

useWebHarness('2026-12-23T10:00:00.000Z');

describe('the API reference page', () => {
  it('lists every route with its example, as a page with one h1 and unique ids', async () => {
    const { status, html } = await getPage('/app/api-reference', INSPECTOR);

    expect(status).toBe(200);
    expect(h1Of(html)).toEqual(['API reference']);
    expect(titleOf(html)).toBe('API reference – SCCIF Workflows – GOV.UK');
    const text = textOf(html);
    for (const handler of HANDLERS) {
      if (handler.kind !== 'api' || isWebHandler(handler)) continue;
      expect(text, handler.id).toContain(`${handler.method} ${handler.path}`);
    }
    // On AWS the examples send an ID token to the service's own address.
    expect(text).toMatch(/curl -H "Authorization: Bearer \$ID_TOKEN" -X POST https:\/\/[^ ]+\/inspections -H/);
    expect(text).not.toContain('curl -u');
    expect(html).not.toContain('<script');
    const ids = idsOf(html);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the local runtime examples with a local account (HTTP Basic), when the local server forwards the request', async () => {
    const local = { 'x-sccif-local': '1', 'x-sccif-clock': '2026-12-23T10:00:00.000Z', 'x-sccif-inbox': 'http://127.0.0.1:8005' };
    const { html } = await getPage('/app/api-reference', INSPECTOR, undefined, local);

    expect(textOf(html)).toContain('curl -u ines.inspector@ofsted.local:inspector-pass -X POST localhost:3000/inspections');
  });

  it('sends a browser without a session to sign in', async () => {
    const { status, location } = await getPage('/app/api-reference', undefined);

    expect(status).toBe(303);
    expect(location).toMatch(/\/app\/auth\/sign-in\?next=/);
  });
});

describe('/app/openapi.json', () => {
  const fetchDocument = async (signedIn: boolean) => {
    const matched = matchRoute('GET', '/app/openapi.json')!;
    const session = signedIn ? await sessionFor(INSPECTOR) : undefined;
    const event = apiGatewayEvent(
      { method: 'GET', path: '/app/openapi.json', headers: session ? { cookie: session.cookie } : {} },
      matched.route,
      matched.pathParameters,
      matched.resourcePath,
    ) as unknown as APIGatewayProxyEvent;
    expect(matched.route.id).toBe('web-api-reference');
    return webApiReference(event, { functionName: 'sccif-web-api-reference' } as Context);
  };

  it('is the OpenAPI document, for a signed-in user', async () => {
    const response = await fetchDocument(true);

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(response.headers?.['x-content-type-options']).toBe('nosniff');
    const document = JSON.parse(response.body) as { openapi: string; paths: Record<string, unknown>; servers: { url: string }[] };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/inspections/{id}/steps/{stepId}');
    expect(document.servers).toHaveLength(1);
  });

  it('sends a browser without a session to sign in', async () => {
    const response = await fetchDocument(false);

    expect(response.statusCode).toBe(303);
  });
});
