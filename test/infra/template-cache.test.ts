import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { templateSourceHash } from '../../infra/local/template-cache';

describe('the local runtime caches the synthesized template by a hash of its sources', () => {
  const fake = mkdtempSync(path.join(os.tmpdir(), 'sccif-template-cache-'));
  afterAll(() => rmSync(fake, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(fake, file)), { recursive: true });
    writeFileSync(path.join(fake, file), text);
  };

  it('changes the key when any source changes, and only then', () => {
    write('infra/stack.ts', 'stack');
    write('functions/core/regulations/full-inspection.ts', 'rule');
    write('workflows/full-inspection.ts', 'workflow');
    write('package-lock.json', '{}');
    write('README.md', 'not a source');
    const first = templateSourceHash(fake);
    expect(templateSourceHash(fake)).toBe(first);
    write('README.md', 'still not a source');
    expect(templateSourceHash(fake)).toBe(first);
    write('functions/core/regulations/full-inspection.ts', 'another rule');
    const second = templateSourceHash(fake);
    expect(second).not.toBe(first);
    write('workflows/new-process.ts', 'workflow');
    const third = templateSourceHash(fake);
    expect(third).not.toBe(second);
    // The handler registry, the configuration and the installed CDK each change what is synthesized.
    let previous = third;
    for (const [file, text] of [
      ['functions/handlers.ts', 'registry'],
      ['config/local-authorities.json', '[]'],
      ['cdk.json', '{}'],
      ['package.json', '{}'],
      ['node_modules/aws-cdk-lib/package.json', '{"version":"2.276.0"}'],
      ['node_modules/aws-cdk-lib/package.json', '{"version":"2.277.0"}'],
    ] as const) {
      write(file, text);
      const next = templateSourceHash(fake);
      expect(next, file).not.toBe(previous);
      previous = next;
    }
    expect(templateSourceHash(fake, { mailFrom: 'x@example.org' })).not.toBe(templateSourceHash(fake));
    // Another checkout of the same sources (its template names its own paths), sharing this node_modules.
    const other = `${fake}-other-checkout`;
    cpSync(fake, other, { recursive: true });
    try {
      expect(templateSourceHash(other)).not.toBe(templateSourceHash(fake));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  // That the cache gives back the template a synthesis of the current sources gives is checked in
  // test/infra/stack.test.ts, against the synthesis that file makes anyway (one synthesis fewer per run: ~2.5 s of CPU).
});
