/** The GOV.UK error pages: page not found, no permission, a problem with the service; and other refusals in words. */
import { SccifError, WithdrawnError } from '../core/errors';
import { asSentence } from './labels';
import { messagePage, type RenderedPage } from './page';

const HOME = { href: '/app/inspections', text: 'Go to the inspections' };
/** A compliance inspector's pages are the approvals (found by a new-user walk: "Go to the inspections" led there). */
const APPROVALS_HOME = { href: '/app/approvals', text: 'Go to the approvals' };

export function notFoundPage(home = HOME): RenderedPage {
  return messagePage(404, 'Page not found', [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
  ], home);
}

export function problemPage(): RenderedPage {
  return messagePage(500, 'Sorry, there is a problem with the service', [
    'Try again later.',
    'What you entered has not been saved if the page you sent it from did not say it was.',
  ]);
}

/** The page for an error a page did not handle itself; `staff`: the user sees the inspections (else the approvals). */
export function errorPage(error: unknown, staff = true): RenderedPage {
  if (!(error instanceof SccifError)) return problemPage();
  const home = staff ? HOME : APPROVALS_HOME;
  const because = asSentence(error.message);
  // A form of an inspection withdrawn since it was opened (found by a new-user walk: "This has already been done").
  if (error instanceof WithdrawnError) {
    return messagePage(409, 'This inspection was withdrawn', [because], { href: `/app/inspections/${encodeURIComponent(error.inspectionId)}`, text: 'Back to the inspection' });
  }
  switch (error.status) {
    case 401:
      return messagePage(401, 'Sign in to use this service', ['You need to sign in to use SCCIF Workflows.']);
    case 403:
      return messagePage(403, 'You do not have permission to see this page', [because], home);
    case 404:
      return notFoundPage(home);
    case 405:
      return messagePage(405, 'This page cannot be used in that way', [because], home);
    case 409:
      return messagePage(409, 'This has already been done', [because], home);
    case 410:
      return messagePage(410, 'This is no longer available', [because], home);
    case 413:
      return messagePage(413, 'What you sent is too large', [because], home);
    default:
      return error.status >= 500 ? problemPage() : messagePage(error.status, 'There is a problem with the request', [because], home);
  }
}
