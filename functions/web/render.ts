/**
 * The Nunjucks environment of the web pages: our templates first, then GOV.UK Frontend's (`govuk/template.njk`,
 * `govuk/components/<name>/macro.njk`). Autoescape is on: every value is escaped unless a template marks it safe,
 * and nothing a user typed is ever marked safe.
 *
 * The template folders are found next to this module and in the installed govuk-frontend package. A bundled Lambda
 * has neither: WEB_TEMPLATE_PATHS (folders separated by the platform's path delimiter) names where the bundle copied
 * them, or else the bundle holds them beside its entry file as `web-templates/` (functions/web/templates) and
 * `govuk-frontend-dist/` (node_modules/govuk-frontend/dist).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { formatDateInWords, formatInstantInWords } from '../core/email-content';

function templatePaths(): string[] {
  const configured = process.env.WEB_TEMPLATE_PATHS;
  if (configured) return configured.split(delimiter).filter((path) => path !== '');
  const here = fileURLToPath(new URL('.', import.meta.url));
  const source = join(here, 'templates');
  if (existsSync(source)) {
    const govukPackage = createRequire(import.meta.url).resolve('govuk-frontend/package.json');
    return [source, join(dirname(govukPackage), 'dist')];
  }
  return [join(here, 'web-templates'), join(here, 'govuk-frontend-dist')];
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "Wednesday 23 December 2026", from a London day or a UTC instant. */
export function londonDate(value: string): string {
  return formatDateInWords(LOCAL_DATE.test(value) ? (value as LocalDate) : londonDateOf(value));
}

/** "Wednesday 23 December 2026 at 23:59 (London time)", from a UTC instant. */
export function londonDateTime(instant: string): string {
  return formatInstantInWords(instant);
}

/** How far a deadline is, in working days: "due today", "2 working days left", "3 working days overdue". */
export function workingDaysLeft(days: number, overdue = false): string {
  // Overdue with no working day since the deadline (a Friday deadline seen at the weekend) is not "due today".
  if (days === 0) return overdue ? 'overdue, no working day since the deadline' : 'due today';
  const count = Math.abs(days);
  const noun = `${count} working day${count === 1 ? '' : 's'}`;
  return days > 0 ? `${noun} left` : `${noun} overdue`;
}

let environment: nunjucks.Environment | undefined;

function pages(): nunjucks.Environment {
  if (environment) return environment;
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatePaths()), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('londonDate', londonDate);
  env.addFilter('londonDateTime', londonDateTime);
  env.addFilter('workingDaysLeft', workingDaysLeft);
  environment = env;
  return env;
}

/**
 * govuk/template.njk always writes an inline script that marks the body `js-enabled`. These pages load no JavaScript
 * (they work without it), and the content security policy allows no inline script: the browser would refuse it and
 * report a violation on every page. It is left out, so the components render in their no-JavaScript form.
 */
const GOVUK_INLINE_SCRIPT = /<script>document\.body\.className \+= ' js-enabled'[^<]*<\/script>\s*/;

/** A page rendered from govuk/template.njk without its inline script (the local sign-in page uses it too). */
export function withoutGovukInlineScript(html: string): string {
  return html.replace(GOVUK_INLINE_SCRIPT, '');
}

/** Renders `templates/<name>.njk` with the page's context. */
export function render(name: string, context: object): string {
  return withoutGovukInlineScript(pages().render(`${name}.njk`, context));
}
