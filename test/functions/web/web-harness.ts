/**
 * The web pages as API Gateway (and the local runtime) call them: events built by infra/local/api-gateway.ts for
 * the `web` route (ANY /app/{proxy+}), against the API harness (the table in memory, Step Functions mocked). Forms are posted
 * urlencoded, as a browser posts them.
 *
 * Every response is checked: HTML with the security headers, and never a task token.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { wallClock } from '../../../functions/adapters/clock';
import { sessionStore } from '../../../functions/adapters/sessions';
import { IDLE_LIMIT_MS, SESSION_COOKIE } from '../../../functions/web/session';
import { isWebHandler, type WebHandlerId } from '../../../functions/handlers';
import { apiGatewayEvent, matchRoute, type LocalUser } from '../../../infra/local/api-gateway';
import { APP_BASE_URL, HANDLERS, useApiHarness } from '../api/api-harness';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** A session for the user, as the sign-in's callback opens one (the ID token verified, valid for the next hour). */
export async function sessionFor(user: LocalUser): Promise<SignedIn> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = wallClock.now().getTime();
  await sessionStore().create(
    id,
    { user: { id: user.id, email: user.email, name: user.name, groups: [...user.groups] }, csrfToken, tokensExpireAt: now + 3_600_000, createdAt: now, lastSeenAt: now, usableUntil: now + IDLE_LIMIT_MS },
    now,
  );
  return { cookie: `${SESSION_COOKIE}=${id}`, csrfToken };
}

export interface PageResponse {
  status: number;
  headers: Record<string, string | number | boolean>;
  html: string;
  location: string | undefined;
}

export interface PageRequest {
  method?: 'GET' | 'POST';
  path: string;
  user?: LocalUser;
  query?: Record<string, string>;
  form?: Record<string, string> | URLSearchParams;
  headers?: Record<string, string>;
  signedIn?: SignedIn;
  /** Send exactly these headers and fields: no session, Origin or CSRF token added. */
  raw?: boolean;
  /** Receives the response's multi-value headers (Set-Cookie). */
  capture?: { multi?: Record<string, string[]> };
}

const TASK_TOKEN = /TOKEN-|taskToken/i;

/**
 * The API harness (useApiHarness) for a web test file, with the pages served as the local runtime serves them: its
 * x-sccif-* headers are trusted only there (functions/adapters/config.ts). Set before the harness first reads the
 * configuration, for this file only.
 */
export function useWebHarness(now: string, seed?: () => Promise<unknown>): ReturnType<typeof useApiHarness> {
  beforeAll(() => {
    vi.stubEnv('LOCAL_RUNTIME', '1');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  return useApiHarness(now, seed);
}

/**
 * A page request as a signed-in browser sends it: the user's session cookie and, on a POST, this service's Origin and
 * the session's CSRF token in the form (pass `signedIn` to use a given session, `headers` to override any of them).
 */
export async function open({ method = 'GET', path, user, query, form, headers, signedIn, raw, capture }: PageRequest): Promise<PageResponse> {
  const matched = matchRoute(method, path);
  if (!matched || !isWebHandler(matched.route)) throw new Error(`${method} ${path} is not a web page`);
  const session = raw ? undefined : (signedIn ?? (user ? await sessionFor(user) : undefined));
  let body: string | undefined;
  if (form !== undefined) {
    const fields = new URLSearchParams(form);
    if (session && method === 'POST' && !fields.has('csrf')) fields.set('csrf', session.csrfToken);
    body = fields.toString();
  }
  const event = apiGatewayEvent(
    {
      method,
      path,
      ...(query ? { query } : {}),
      ...(body !== undefined ? { body } : {}),
      headers: {
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', ...(raw ? {} : { origin: new URL(APP_BASE_URL).origin }) } : {}),
        ...(session ? { cookie: session.cookie } : {}),
        ...(headers ?? {}),
      },
    },
    matched.route,
    matched.pathParameters,
    matched.resourcePath,
  ) as unknown as APIGatewayProxyEvent;
  // The Lambda of the page's area (functions/handlers.ts), as API Gateway routes it.
  const result = await HANDLERS[matched.route.id as WebHandlerId](event, { functionName: `sccif-${matched.route.id}` } as Context);
  if (capture && result.multiValueHeaders) capture.multi = result.multiValueHeaders as Record<string, string[]>;
  const responseHeaders = (result.headers ?? {}) as Record<string, string | number | boolean>;
  expect(responseHeaders['content-type']).toBe('text/html; charset=utf-8');
  expect(responseHeaders['cache-control']).toBe('no-store');
  expect(responseHeaders['x-frame-options']).toBe('DENY');
  expect(String(responseHeaders['content-security-policy'])).toContain("default-src 'self'");
  expect(String(responseHeaders['content-security-policy'])).toContain("frame-ancestors 'none'");
  expect(String(responseHeaders['content-security-policy'])).toContain("form-action 'self'");
  expect(responseHeaders['x-content-type-options']).toBe('nosniff');
  expect(responseHeaders['referrer-policy']).toBe('same-origin');
  expect(responseHeaders['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(result.body).not.toMatch(TASK_TOKEN);
  const location = responseHeaders.location;
  return { status: result.statusCode, headers: responseHeaders, html: result.body, location: location === undefined ? undefined : String(location) };
}

export const getPage = (path: string, user: LocalUser | undefined, query?: Record<string, string>, headers?: Record<string, string>) =>
  open({ path, ...(user ? { user } : {}), ...(query ? { query } : {}), ...(headers ? { headers } : {}) });

export const postForm = (path: string, user: LocalUser | undefined, form: Record<string, string> | URLSearchParams) =>
  open({ method: 'POST', path, ...(user ? { user } : {}), form });

// ---------------------------------------------------------------------------------------------------------------
// Reading the HTML (a few facts, read with patterns: the pages are server-rendered from fixed templates)

const decode = (text: string) =>
  text
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export function titleOf(html: string): string {
  return decode(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

export function h1Of(html: string): string[] {
  return [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)].map((match) => decode(match[1] ?? ''));
}

/** The error summary's items: their text and the href each links to. */
export function errorSummaryOf(html: string): { text: string; href: string | undefined }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  if (!summary) return [];
  return [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => ({
    text: decode(match[1] ?? ''),
    href: /href="([^"]*)"/.exec(match[1] ?? '')?.[1],
  }));
}

/** The inline error message with this id prefix (GOV.UK: `<id>-error`). */
export function inlineErrorOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<p id="${id}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html);
  return match ? decode(match[1] ?? '').replace(/^Error: /, '') : undefined;
}

/** The service navigation's links. */
export function navigationOf(html: string): string[] {
  const nav = /<nav aria-label="Menu" class="govuk-service-navigation__wrapper">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a class="govuk-service-navigation__link" href="([^"]*)"/g)].map((match) => match[1] ?? '');
}

/** Every id attribute: each must be unique on a page. */
export function idsOf(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** The table row (tr) holding this text. */
export function rowWith(html: string, text: string): string {
  return [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) => match[1] ?? '').find((row) => row.includes(text)) ?? '';
}

export function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, ''));
}

export function hiddenValueOf(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
}
