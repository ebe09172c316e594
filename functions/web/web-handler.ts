/**
 * The Lambda handler of a web area (functions/web/handler.ts, web-register.ts, web-api-reference.ts): each area is its
 * own Lambda with only its own pages, so each bundle carries only what its pages need; this module is what they share.
 * A request is routed to its page; every page calls the same operations (functions/app) and schemas (the core's) as
 * the JSON API route it mirrors, as a peer of functions/api, never through it. Middlewares: `injectLambdaContext`
 * (request id, cold start), `httpLogging` (one line per request, never the event) and `webErrors` (any error a page
 * did not handle becomes a GOV.UK error page: 404 page not found, 403, 500 "Sorry, there is a problem").
 *
 * Plain links and form POSTs, no JavaScript needed; a successful POST answers 303 to the page to show next, a form
 * with errors is shown again with status 400.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../core/errors';
import type { WebHandlerId } from '../handlers';
import { httpLogging } from '../middleware/http';
import { injectLambdaContext, logger } from '../middleware/logger';
import { errorPage } from './error-pages';
import { isStaff, redirect, type Nav, type PageHandler, type PageResult } from './page';
import { render } from './render';
import {
  formOf,
  localExtras,
  MethodNotAllowedError,
  pagePath,
  queryOf,
  urlOf,
  webUserOf,
  type LocalExtras,
  type WebRequest,
  type WebUser,
} from './request';
import { appBasePath, checkCsrf, CSRF_FIELD, currentSession, type Session } from './session';

/**
 * On every response, error pages included. Forms may post only to this service; the sign-out form's answer
 * redirects to the identity provider's logout, so its origin is allowed too (Chrome checks form-action on redirects).
 * HSTS when the service is served over https (always on AWS; the local runtime is plain http on loopback).
 */
export function securityHeaders(): Record<string, string> {
  let authOrigin = '';
  let https = false;
  try {
    authOrigin = new URL(config.authBaseUrl).origin;
    https = new URL(config.appBaseUrl).protocol === 'https:';
  } catch {
    // misconfigured: the strictest policy (the page itself reports the problem)
  }
  const formAction = ["'self'", ...(authOrigin && authOrigin !== safeOrigin() ? [authOrigin] : [])].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; object-src 'none'; " +
      `base-uri 'none'; frame-ancestors 'none'; form-action ${formAction}`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

function safeOrigin(): string {
  try {
    return new URL(config.appBaseUrl).origin;
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Routes: method and path below /app (`:id` is one path segment)

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  names: string[];
  page: PageHandler;
  /**
   * `staff`: inspectors and managers only (the pages of inspections, the register and the plan); `signed-in`: every
   * signed-in user, compliance inspectors too (the approvals pages check who decides what; the local clock).
   */
  audience: 'staff' | 'signed-in';
}

export function route(method: Route['method'], path: string, page: PageHandler, audience: Route['audience'] = 'staff'): Route {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { method, pattern, names, page, audience };
}


function match(routes: readonly Route[], method: string, path: string): { page: PageHandler; params: Record<string, string>; audience: Route['audience'] } {
  let pathExists = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathExists = true;
    if (candidate.method !== method) continue;
    const params = Object.fromEntries(candidate.names.map((name, index) => [name, found[index + 1] ?? '']));
    return { page: candidate.page, params, audience: candidate.audience };
  }
  if (pathExists) throw new MethodNotAllowedError(`${method} is not allowed on this page`);
  throw new NotFoundError('page not found');
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

export interface LayoutContext {
  user?: WebUser;
  local?: LocalExtras;
  currentUrl: string;
  /** The session's CSRF token, added to every POST form. */
  csrfToken?: string;
}

/** The layout of the request being answered, for the error pages (set once the session is known). */
const layouts = new WeakMap<APIGatewayProxyEvent, LayoutContext>();

function navigation(user: WebUser | undefined, nav: Nav | undefined, currentUrl: string) {
  if (!user) return [];
  const item = (id: Nav, href: string, text: string) => ({
    href,
    text,
    ...(currentUrl === href ? { current: true } : nav === id ? { active: true } : {}),
  });
  // A compliance inspector (in neither staff group) has the approvals only: the case discussions they decide.
  if (!isStaff(user)) return [item('approvals', '/app/approvals', 'Approvals')];
  return [
    item('inspections', '/app/inspections', 'Inspections'),
    ...(user.isInspector ? [item('log', '/app/inspections/new', 'Log an inspection')] : []),
    ...(user.isManager || user.isComplianceInspector ? [item('approvals', '/app/approvals', 'Approvals')] : []),
    item('register', '/app/establishments', 'Establishments'),
    item('plan', '/app/inspection-plan', 'Inspection plan'),
  ];
}

function html(statusCode: number, body: string): APIGatewayProxyResult {
  return { statusCode, headers: securityHeaders(), body };
}

/** Root-relative links and form targets in our own markup (attribute values starting with one `/`). */
const ROOT_RELATIVE = /(\s(?:href|action|src)=")\/(?![/\\])/g;
/** The opening tag of a POST form in our own markup (what users typed is escaped: it cannot contain a tag). */
const POST_FORM = /<form\b[^>]*\bmethod="post"[^>]*>/gi;

/**
 * The pages are written as if served at the root of their origin (`/app/...`). Behind API Gateway's own URL they are
 * under the stage (`/v1/app/...`): every root-relative link, form target and redirect gets the base path of
 * APP_BASE_URL. And every POST form gets the session's CSRF token.
 */
function finishHtml(body: string, csrfToken: string | undefined): string {
  const base = appBasePath();
  const linked = base ? body.replace(ROOT_RELATIVE, `$1${base}/`) : body;
  if (!csrfToken) return linked;
  return linked.replace(POST_FORM, (tag) => `${tag}<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">`);
}

function withBase(location: string): string {
  return location.startsWith('/') && !location.startsWith('//') ? `${appBasePath()}${location}` : location;
}

export function respond(result: PageResult, layout: LayoutContext, cookies: readonly string[] = []): APIGatewayProxyResult {
  const multiValueHeaders = cookies.length > 0 ? { 'set-cookie': [...cookies] } : undefined;
  if (result.kind === 'redirect') {
    return { statusCode: result.keepMethod ? 308 : 303, headers: { ...securityHeaders(), location: withBase(result.location) }, ...(multiValueHeaders ? { multiValueHeaders } : {}), body: '' };
  }
  const body = render(result.template, {
    ...result.context,
    title: result.title,
    hasErrors: result.hasErrors ?? false,
    user: layout.user,
    navigation: navigation(layout.user, result.nav, layout.currentUrl.split('?')[0] ?? ''),
    local: layout.local,
    currentUrl: layout.currentUrl,
    signedIn: layout.csrfToken !== undefined,
  });
  return { ...html(result.status, finishHtml(body, layout.csrfToken)), ...(multiValueHeaders ? { multiValueHeaders } : {}) };
}

/** The last resort when even the error page cannot be rendered. */
const PLAIN_PROBLEM_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service – SCCIF Workflows – GOV.UK</title></head>' +
  '<body><main id="main-content"><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></main></body></html>';

function layoutOf(event: APIGatewayProxyEvent): LayoutContext {
  const known = layouts.get(event);
  if (known) return known;
  // Before the session is known (signed out, or in no group of the service): no clock panel.
  return { currentUrl: urlOf(pagePath(event), queryOf(event)) };
}

/** Any error a page did not handle becomes a GOV.UK error page. */
export function webErrors(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    name: 'webErrors',
    onError(request) {
      try {
        const layout = layoutOf(request.event);
        request.response = respond(errorPage(request.error, layout.user === undefined || isStaff(layout.user)), layout);
      } catch (error) {
        logger.error('error page failed to render', { errorName: error instanceof Error ? error.name : 'unknown' });
        request.response = html(500, PLAIN_PROBLEM_PAGE);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The handler of an area

/** A request before its page is known: method (HEAD as GET), path below /app, query, and the URL to come back to. */
export interface OpenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  currentUrl: string;
}

export interface WebArea {
  /** The area's handler (functions/handlers.ts): the name in its log lines. */
  id: WebHandlerId;
  /** Its pages: method and path below /app (`:id` is one path segment). */
  routes: readonly Route[];
  /** What it answers before any session is looked at (the sign-in pages, the assets), or undefined. */
  beforeSession?: (event: APIGatewayProxyEvent, request: OpenRequest) => Promise<APIGatewayProxyResult | undefined>;
  /** What it answers a signed-in user before its pages (the service's home, the OpenAPI document), or undefined. */
  signedIn?: (request: OpenRequest & { user: WebUser; layout: LayoutContext; local: LocalExtras | undefined }) => Promise<APIGatewayProxyResult | undefined>;
}

export function webHandler(area: WebArea) {
  async function handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const now = systemClock.now();
    const path = pagePath(event);
    const query = queryOf(event);
    const local = localExtras(event, now);
    const currentUrl = urlOf(path, query);
    // HEAD is answered as GET (API Gateway drops the body).
    const method = event.httpMethod === 'HEAD' ? 'GET' : event.httpMethod;
    const open: OpenRequest = { method, path, query, currentUrl };

    const early = await area.beforeSession?.(event, open);
    if (early) return early;

    // Every other page needs a session (never an Authorization header: cached Basic credentials sign no one in).
    // Signed out, no clock panel: moving the clock needs a session (the panel's form would only answer 401).
    const session: Session | undefined = await currentSession(event);
    if (!session) {
      if (method === 'GET') return respond(redirect(`/app/auth/sign-in?${new URLSearchParams({ next: currentUrl }).toString()}`), { currentUrl });
      throw new UnauthorizedError('your session has ended: sign in again');
    }
    const user = webUserOf(session.stored.user);
    const layout: LayoutContext = { user, ...(local ? { local } : {}), currentUrl, csrfToken: session.stored.csrfToken };
    layouts.set(event, layout);
    const answered = await area.signedIn?.({ ...open, user, layout, local });
    if (answered) return answered;

    const { page, params, audience } = match(area.routes, method, path);
    if (audience === 'staff' && !isStaff(user)) throw new ForbiddenError('this page is for inspectors and managers');
    const form = method === 'POST' ? formOf(event) : new URLSearchParams();
    if (method === 'POST') checkCsrf(event, form, session);
    const request: WebRequest = {
      method,
      path,
      url: currentUrl,
      params,
      query,
      form,
      user,
      ...(local ? { local } : {}),
      now,
    };
    return respond(await page(request), layout);
  }

  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(httpLogging(area.id))
    .use(webErrors())
    .handler(handle);
  // The area's pages, for the test that each is routed to this Lambda by API Gateway's paths (functions/handlers.ts).
  return Object.assign(handler, { area });
}
