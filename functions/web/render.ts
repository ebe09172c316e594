/**
 * The Nunjucks environment of the web pages: our templates and GOV.UK Frontend's (`govuk/template.njk`,
 * `govuk/components/<name>/macro.njk`), precompiled at build time (functions/cli/web-templates.ts) and rendered by
 * Nunjucks' slim runtime, which cannot compile: the Lambda carries no template compiler and reads no .njk file.
 * Autoescape is on: every value is escaped unless a template marks it safe, and nothing a user typed is ever marked safe.
 *
 * The compiled templates are a CommonJS module: beside a bundled Lambda's entry file (its build writes it there), or
 * next to this module in the repository (written by the local runtime and the tests when the templates change, or by
 * `npm run -s templates`).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks/browser/nunjucks-slim.min.js';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { formatDateInWords, formatInstantInWords } from '../core/email-content';
import { TEMPLATE_OPTIONS } from './template-options';

/** The file name the build and the repository both use. */
export const COMPILED_TEMPLATES_NAME = 'compiled-templates.cjs';

function compiledTemplates(): Record<string, unknown> {
  const file = fileURLToPath(new URL(COMPILED_TEMPLATES_NAME, import.meta.url));
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run -s templates\` (the local runtime and the tests write it themselves)`);
  }
  // Read at run time, not bundled: the path is computed, so esbuild leaves this require alone.
  return (createRequire(import.meta.url)(file) as { templates: Record<string, unknown> }).templates;
}

/** The precompiled templates by name; `./` and `../` names resolve against the including template's name. */
class CompiledTemplateLoader extends nunjucks.PrecompiledLoader {
  override resolve(from: string, to: string): string {
    return posix.join(posix.dirname(from), to);
  }
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
  const env = new nunjucks.Environment(new CompiledTemplateLoader(compiledTemplates() as never), { ...TEMPLATE_OPTIONS });
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
