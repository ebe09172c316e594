/**
 * ANY /app/{proxy+} (inspectors, managers): the web pages of inspections (their timelines and forms), the sign-in
 * pages, the assets, the service's home and the local clock panel. Every /app path that no other area serves comes
 * here (functions/handlers.ts); the approvals (web-approvals.ts), the register and plan (web-register.ts), the API
 * reference (web-api-reference.ts) and a manager's corrections (web-corrections.ts: withdrawing, amending judgements, changing a visit window) are Lambdas of their own. How a request is answered: web-handler.ts.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { NotFoundError } from '../core/errors';
import { assetOf } from './assets';
import { inspectionPage } from './inspection';
import { inspectionsPage } from './inspections';
import { moveLocalClock } from './local-clock';
import { logInspectionForm, submitLogInspection } from './log-inspection-form';
import { outcomeForm, submitOutcome } from './outcome-form';
import { isStaff, redirect, type PageHandler } from './page';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { recordStepForm, submitRecordStep } from './record-step';
import { formOf, MethodNotAllowedError } from './request';
import { requirementForm, requirementMetForm, submitRequirement, submitRequirementMet } from './requirements';
import { appBasePath, checkCsrf, completeSignIn, currentSession, signedOutPage, signOut, startSignIn, type AuthResult } from './session';
import { respond, route, webHandler } from './web-handler';

/**
 * A page that moved out of this Lambda (to /app/corrections/<id>/<page>, web-corrections.ts; or /app/follow-ups/<id>/calls,
 * web-register.ts): a GET is sent there (303, with its query); a form posted to the old address (a page open from
 * before the move) is posted there again (308: the same method and body; the new page checks it as its own). Found by
 * a new-user walk: the post was a 405.
 */
const movedTo =
  (page: string, posted = false): PageHandler =>
  async ({ params, query }) => {
    const search = posted ? '' : new URLSearchParams(query).toString();
    return redirect(`/app/${page.replace(':id', encodeURIComponent(inspectionIdFrom(params)))}${search ? `?${search}` : ''}`, posted ? { keepMethod: true } : {});
  };

/** /app/auth/*: sign-in, the provider's callback, sign-out, signed out. */
async function authRoute(event: APIGatewayProxyEvent, method: string, path: string, query: Record<string, string>): Promise<AuthResult> {
  switch (`${method} ${path}`) {
    case 'GET auth/sign-in':
      return startSignIn(query.next);
    case 'GET auth/callback':
      return completeSignIn(event, query);
    case 'GET auth/signed-out':
      return signedOutPage();
    case 'POST auth/sign-out': {
      const session = await currentSession(event);
      if (!session) return { page: redirect('/app/auth/signed-out'), cookies: [] };
      checkCsrf(event, formOf(event), session);
      return signOut(session);
    }
  }
  if (['auth/sign-in', 'auth/callback', 'auth/signed-out', 'auth/sign-out'].includes(path)) {
    throw new MethodNotAllowedError(`${method} is not allowed on this page`);
  }
  throw new NotFoundError('page not found');
}

export const handler = webHandler({
  id: 'web',
  routes: [
    route('GET', 'inspections', inspectionsPage),
    route('GET', 'inspections/new', logInspectionForm),
    route('POST', 'inspections/new', submitLogInspection),
    route('GET', 'inspections/:id', inspectionPage),
    route('GET', 'inspections/:id/outcome', outcomeForm),
    route('POST', 'inspections/:id/outcome', submitOutcome),
    route('GET', 'inspections/:id/steps/:stepId', recordStepForm),
    route('POST', 'inspections/:id/steps/:stepId', submitRecordStep),
    // Where a manager's correction forms were before they moved to web-corrections.ts: a bookmark still finds them.
    route('GET', 'inspections/:id/outcome/amendments', movedTo('corrections/:id/judgements')),
    route('GET', 'inspections/:id/next-visit-window', movedTo('corrections/:id/visit-window')),
    route('POST', 'inspections/:id/outcome/amendments', movedTo('corrections/:id/judgements', true)),
    route('POST', 'inspections/:id/next-visit-window', movedTo('corrections/:id/visit-window', true)),
    // The phone calls' form moved to web-register.ts (/app/follow-ups), for this Lambda's bundle budget.
    route('GET', 'inspections/:id/calls', movedTo('follow-ups/:id/calls')),
    route('POST', 'inspections/:id/calls', movedTo('follow-ups/:id/calls', true)),
    route('GET', 'inspections/:id/requirements/new', requirementForm),
    route('POST', 'inspections/:id/requirements/new', submitRequirement),
    route('GET', 'inspections/:id/requirements/:requirementId/met', requirementMetForm),
    route('POST', 'inspections/:id/requirements/:requirementId/met', submitRequirementMet),
    route('POST', '_local/clock', moveLocalClock, 'signed-in'),
  ],
  async beforeSession(event, { method, path, query, currentUrl }) {
    if (path.startsWith('assets/') && method === 'GET') return assetOf(path.slice('assets/'.length), appBasePath());
    if (path === 'auth' || path.startsWith('auth/')) {
      const { page, cookies } = await authRoute(event, method, path, query);
      return respond(page, { currentUrl }, cookies);
    }
    return undefined;
  },
  async signedIn({ method, path, user, layout }) {
    // The service's home (where sign-in returns by default): the approvals for a compliance inspector.
    if (path === '') return respond(redirect(isStaff(user) ? '/app/inspections' : '/app/approvals'), layout);
    if (method === 'GET' && path === 'inspections' && !isStaff(user)) return respond(redirect('/app/approvals'), layout);
    return undefined;
  },
});
