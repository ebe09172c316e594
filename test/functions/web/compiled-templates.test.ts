/**
 * The web pages render templates precompiled at build time with Nunjucks' slim runtime (functions/web/render.ts,
 * functions/cli/web-templates.ts): the same HTML as the templates compiled from source, and every template a page can
 * reach is in the compiled module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { COMPILED_TEMPLATES_FILE, compiledTemplatesModule, refreshCompiledTemplates, templateSources, templateSourcesHash } from '../../../functions/cli/web-templates';
import { londonDate, londonDateTime, render, workingDaysLeft } from '../../../functions/web/render';
import { TEMPLATE_OPTIONS } from '../../../functions/web/template-options';

const require = createRequire(import.meta.url);
const fromSource = new nunjucks.Environment(
  new nunjucks.FileSystemLoader([
    fileURLToPath(new URL('../../../functions/web/templates', import.meta.url)),
    join(dirname(require.resolve('govuk-frontend/package.json')), 'dist'),
  ]),
  { ...TEMPLATE_OPTIONS },
)
  .addFilter('londonDate', londonDate)
  .addFilter('londonDateTime', londonDateTime)
  .addFilter('workingDaysLeft', workingDaysLeft);

describe('precompiled web templates', () => {
  it('hold every page template and every GOV.UK template they reach (relative names resolved)', () => {
    const names = [...templateSources().keys()];
    expect(names).toContain('layout.njk');
    expect(names).toContain('govuk/template.njk');
    // Reached only through `{% from "../../macros/attributes.njk" %}` inside a component.
    expect(names).toContain('govuk/macros/attributes.njk');
    const compiled = (require(COMPILED_TEMPLATES_FILE) as { templates: Record<string, unknown> }).templates;
    expect(Object.keys(compiled).sort()).toEqual(names.sort());
  });

  it('are the module the build writes from the current templates (the test setup refreshes it)', async () => {
    const module = (require(COMPILED_TEMPLATES_FILE) as { sourcesHash: string }).sourcesHash;
    expect(module).toBe(templateSourcesHash());
    expect(await compiledTemplatesModule()).toContain(`exports.sourcesHash = '${module}';`);
  });

  it('render the same HTML as the templates compiled from source', () => {
    const context = {
      title: 'Signed out',
      heading: 'You have signed out',
      paragraphs: ['Sign in again to carry on.', 'A <b>bold</b> claim is escaped.'],
      link: { href: '/app', text: 'Sign in' },
      user: { displayName: 'Ines Inspector' },
      navigation: [{ href: '/app/inspections', text: 'Inspections', active: true }],
      errors: { summary: [{ text: 'Enter a date', href: '#day' }] },
      hasErrors: true,
    };
    const precompiled = render('message', context);
    expect(precompiled).toContain('A &lt;b&gt;bold&lt;/b&gt; claim is escaped.');
    expect(precompiled).toContain('govuk-error-summary');
    expect(precompiled).toBe(fromSource.render('message.njk', context).replace(/<script>document\.body\.className[^<]*<\/script>\s*/, ''));
  });

  it('are compiled again only when a template changed: not at every start, nor after a page rendered', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sccif-compiled-templates-'));
    try {
      const file = join(folder, 'compiled-templates.cjs');
      expect(await refreshCompiledTemplates(file)).toBe(true);
      render('message', { title: 'Signed out', heading: 'Signed out', paragraphs: [] });
      expect(await refreshCompiledTemplates(file)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
