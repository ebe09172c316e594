/**
 * ANY /app/{proxy+} (inspectors, managers): the server-rendered web pages (GOV.UK Design System). Plain links and
 * form POSTs, no JavaScript needed; a successful POST answers 303 to the page to show next, a form with errors is
 * shown again with status 400.
 *
 * The Lambda handler of the pages in this folder: it routes a request to its page. Each page calls the same
 * operations (functions/app) and schemas (the core's) as the JSON API route it mirrors, as a peer of functions/api,
 * never through it. Middlewares: `injectLambdaContext` (request id, cold start), `httpLogging` (one line per request, never the event) and `webErrors` (any error
 * a page did not handle becomes a GOV.UK error page: 404 page not found, 403, 500 "Sorry, there is a problem").
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { systemClock } from '../adapters/clock';
import { NotFoundError } from '../core/errors';
import { httpLogging } from '../middleware/http';
import { logger } from '../middleware/logger';
import { amendOutcomeForm, submitAmendment } from './amend-outcome-form';
import { approvalPage, approvalsPage, submitDecision } from './approvals';
import { callForm, submitCall } from './calls';
import { recordStepForm, submitRecordStep } from './record-step';
import { errorPage } from './error-pages';
import { establishmentPage, establishmentsPage, inspectionPlanPage } from './establishments';
import { inspectionPage } from './inspection';
import { inspectionsPage } from './inspections';
import { moveLocalClock } from './local-clock';
import { logInspectionForm, submitLogInspection } from './log-inspection-form';
import { outcomeForm, submitOutcome } from './outcome-form';
import { redirect, type Nav, type PageHandler, type PageResult } from './page';
import { render } from './render';
import {
  formOf,
  localExtras,
  MethodNotAllowedError,
  pagePath,
  queryOf,
  urlOf,
  webUser,
  type LocalExtras,
  type WebRequest,
  type WebUser,
} from './request';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'",
  'x-frame-options': 'DENY',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Routes: method and path below /app (`:id` is one path segment)

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  names: string[];
  page: PageHandler;
}

function route(method: Route['method'], path: string, page: PageHandler): Route {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { method, pattern, names, page };
}

const ROUTES: readonly Route[] = [
  route('GET', 'inspections', inspectionsPage),
  route('GET', 'inspections/new', logInspectionForm),
  route('POST', 'inspections/new', submitLogInspection),
  route('GET', 'inspections/:id', inspectionPage),
  route('GET', 'inspections/:id/outcome', outcomeForm),
  route('POST', 'inspections/:id/outcome', submitOutcome),
  route('GET', 'inspections/:id/steps/:stepId', recordStepForm),
  route('POST', 'inspections/:id/steps/:stepId', submitRecordStep),
  route('GET', 'inspections/:id/outcome/amendments', amendOutcomeForm),
  route('POST', 'inspections/:id/outcome/amendments', submitAmendment),
  route('GET', 'inspections/:id/calls', callForm),
  route('POST', 'inspections/:id/calls', submitCall),
  route('GET', 'establishments', establishmentsPage),
  route('GET', 'establishments/:urn', establishmentPage),
  route('GET', 'inspection-plan', inspectionPlanPage),
  route('GET', 'approvals', approvalsPage),
  route('GET', 'approvals/:id', approvalPage),
  route('POST', 'approvals/:id', submitDecision),
  route('POST', '_local/clock', moveLocalClock),
];

function match(method: string, path: string): { page: PageHandler; params: Record<string, string> } {
  let pathExists = false;
  for (const candidate of ROUTES) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathExists = true;
    if (candidate.method !== method) continue;
    const params = Object.fromEntries(candidate.names.map((name, index) => [name, found[index + 1] ?? '']));
    return { page: candidate.page, params };
  }
  if (pathExists) throw new MethodNotAllowedError(`${method} is not allowed on this page`);
  throw new NotFoundError('page not found');
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

interface LayoutContext {
  user?: WebUser;
  local?: LocalExtras;
  currentUrl: string;
}

function navigation(user: WebUser | undefined, nav: Nav | undefined, currentUrl: string) {
  if (!user) return [];
  const item = (id: Nav, href: string, text: string) => ({
    href,
    text,
    ...(currentUrl === href ? { current: true } : nav === id ? { active: true } : {}),
  });
  return [
    item('inspections', '/app/inspections', 'Inspections'),
    ...(user.isInspector ? [item('log', '/app/inspections/new', 'Log an inspection')] : []),
    ...(user.isManager ? [item('approvals', '/app/approvals', 'Approvals')] : []),
    item('register', '/app/establishments', 'Establishments'),
    item('plan', '/app/inspection-plan', 'Inspection plan'),
  ];
}

function html(statusCode: number, body: string): APIGatewayProxyResult {
  return { statusCode, headers: { ...HEADERS }, body };
}

function respond(result: PageResult, layout: LayoutContext): APIGatewayProxyResult {
  if (result.kind === 'redirect') return { statusCode: 303, headers: { ...HEADERS, location: result.location }, body: '' };
  const body = render(result.template, {
    ...result.context,
    title: result.title,
    hasErrors: result.hasErrors ?? false,
    user: layout.user,
    navigation: navigation(layout.user, result.nav, layout.currentUrl.split('?')[0] ?? ''),
    local: layout.local,
    currentUrl: layout.currentUrl,
  });
  return html(result.status, body);
}

/** The last resort when even the error page cannot be rendered. */
const PLAIN_PROBLEM_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service – SCCIF Workflows – GOV.UK</title></head>' +
  '<body><main id="main-content"><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></main></body></html>';

function layoutOf(event: APIGatewayProxyEvent): LayoutContext {
  let user: WebUser | undefined;
  try {
    user = webUser(event);
  } catch {
    user = undefined;
  }
  const local = localExtras(event, systemClock.now());
  return { ...(user ? { user } : {}), ...(local ? { local } : {}), currentUrl: urlOf(pagePath(event), queryOf(event)) };
}

/** Any error a page did not handle becomes a GOV.UK error page. */
export function webErrors(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    name: 'webErrors',
    onError(request) {
      try {
        request.response = respond(errorPage(request.error), layoutOf(request.event));
      } catch (error) {
        logger.error('error page failed to render', { errorName: error instanceof Error ? error.name : 'unknown' });
        request.response = html(500, PLAIN_PROBLEM_PAGE);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The handler

async function webHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const now = systemClock.now();
  const user = webUser(event);
  const path = pagePath(event);
  const query = queryOf(event);
  const local = localExtras(event, now);
  const currentUrl = urlOf(path, query);
  const layout: LayoutContext = { user, ...(local ? { local } : {}), currentUrl };
  if (path === '') return respond(redirect('/app/inspections'), layout);

  // HEAD is answered as GET (API Gateway drops the body).
  const method = event.httpMethod === 'HEAD' ? 'GET' : event.httpMethod;
  const { page, params } = match(method, path);
  const request: WebRequest = {
    method,
    path,
    url: currentUrl,
    params,
    query,
    form: method === 'POST' ? formOf(event) : new URLSearchParams(),
    user,
    ...(local ? { local } : {}),
    now,
  };
  return respond(await page(request), layout);
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(httpLogging('web'))
  .use(webErrors())
  .handler(webHandler);
