import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_END_MARKER, API_START_MARKER, apiMarkdown, regulationsMarkdown, withGeneratedSections } from '../../functions/cli/docs';
import { HANDLERS, isWebHandler } from '../../functions/handlers';
import { DEFAULT_SETTINGS } from '../../infra/settings';
import { LOCAL_ACCOUNTS } from '../../infra/local/accounts';
import { PROCESSES } from '../../functions/core/regulations';

describe('README regulations tables', () => {
  it('are the ones generated from the regulations module (run `npm run docs` after changing a rule)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  it('list every step of every process with its source', () => {
    const markdown = regulationsMarkdown();
    for (const process of Object.values(PROCESSES)) {
      for (const step of process.steps) expect(markdown).toContain(`| \`${step.id}\` |`);
    }
    expect(markdown).toContain('within 18 working days of the end of the visit');
    expect(markdown).toContain('§63');
  });
});

describe('README API section', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## API\n'), readme.indexOf(API_END_MARKER));

  it('is the one generated from the OpenAPI document (run `npm run docs` after changing a route or a schema)', () => {
    expect(readme).toContain(`${API_START_MARKER}\n${apiMarkdown()}\n${API_END_MARKER}`);
  });

  it('lists every route, and each JSON route with an example request and response', () => {
    const markdown = apiMarkdown();
    for (const handler of HANDLERS) {
      if (handler.kind !== 'api') continue;
      const methods = handler.method === 'ANY' ? ['GET', 'POST'] : [handler.method];
      for (const method of methods) expect(markdown).toContain(`| \`${method} ${handler.path}\` |`);
      if (isWebHandler(handler)) continue;
      const route = markdown.slice(markdown.indexOf(`#### \`${handler.method} ${handler.path}\``));
      expect(route, handler.id).toMatch(/^#### [^\n]+\n[\s\S]*?```sh\ncurl [^\n]+\n```\n\n→ \d{3}\n\n```json\n/);
    }
  });

  it("names the local runtime's DfE, manager and operations addresses and its users", () => {
    for (const address of [DEFAULT_SETTINGS.dfeEmail, DEFAULT_SETTINGS.managerEmail, DEFAULT_SETTINGS.seniorManagerEmail, DEFAULT_SETTINGS.opsEmail, DEFAULT_SETTINGS.mailFrom]) {
      expect(section).toContain(`\`${address}\``);
    }
    for (const account of LOCAL_ACCOUNTS) {
      expect(section).toContain(`| \`${account.email}\` | \`${account.password}\` | ${account.groups.join(', ')}`);
    }
  });
});
