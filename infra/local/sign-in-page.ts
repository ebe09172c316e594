/** The local runtime's sign-in page (GOV.UK template). On AWS, users sign in through the Cognito user pool. */
import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import type { LocalAccount } from './server';

const environment = new nunjucks.Environment(
  new nunjucks.FileSystemLoader([
    fileURLToPath(new URL('./templates', import.meta.url)),
    fileURLToPath(new URL('../../node_modules/govuk-frontend/dist', import.meta.url)),
  ]),
  { autoescape: true },
);

export function renderSignIn(options: { next: string; email?: string; error?: string; accounts: readonly LocalAccount[] }): string {
  return environment.render('sign-in.njk', {
    next: options.next,
    email: options.email ?? '',
    error: options.error,
    accounts: options.accounts.map(({ name, email, groups }) => ({ name, email, groups })),
  });
}
