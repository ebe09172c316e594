/**
 * The local identity provider's sign-in page (GOV.UK template), in place of Cognito's managed login. It posts back to
 * the authorize endpoint with the authorization request it was opened with.
 */
import type { Environment } from 'nunjucks';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { withoutGovukInlineScript } from '../../functions/web/render';
import type { LocalAccount } from './auth-server';

/**
 * Nunjucks' compiler is loaded when the page is first asked for, not at `npm start` (a few hundred milliseconds of
 * a start that most users never spend on the sign-in page).
 */
let environment: Environment | undefined;
function signInEnvironment(): Environment {
  if (environment) return environment;
  const nunjucks = createRequire(import.meta.url)('nunjucks') as typeof import('nunjucks');
  environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([
      fileURLToPath(new URL('./templates', import.meta.url)),
      fileURLToPath(new URL('../../node_modules/govuk-frontend/dist', import.meta.url)),
    ]),
    { autoescape: true },
  );
  return environment;
}

/** The headers of the sign-in page: the same policy as the web pages (no HSTS: the local runtime is plain http). */
export const SIGN_IN_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

export function renderSignIn(options: {
  /** The authorization request (client, redirect, state, PKCE challenge), carried through the form. */
  query: URLSearchParams;
  state: string;
  email?: string;
  error?: string;
  accounts: readonly LocalAccount[];
}): string {
  // The same policy as the pages, so the same page: without govuk/template.njk's inline script, which it would block.
  return withoutGovukInlineScript(
    signInEnvironment().render('sign-in.njk', {
      authorize: options.query.toString(),
      email: options.email ?? '',
      error: options.error,
      accounts: options.accounts.map(({ name, email, groups }) => ({ name, email, groups })),
    }),
  );
}
