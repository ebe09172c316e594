import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regulationsMarkdown, withRegulations } from '../../functions/cli/docs';
import { PROCESSES } from '../../functions/core/regulations';

describe('README regulations tables', () => {
  it('are the ones generated from the regulations module (run `npm run docs` after changing a rule)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withRegulations(readme)).toBe(readme);
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
