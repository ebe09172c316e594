import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InvalidLocalAuthoritiesError,
  loadLocalAuthorities,
  LocalAuthorityError,
  UnknownLocalAuthorityError,
} from '../../functions/core/local-authorities';

const shipped: unknown = JSON.parse(readFileSync(new URL('../../config/local-authorities.json', import.meta.url), 'utf8'));

describe('the shipped local authority reference data (config/local-authorities.json)', () => {
  const directory = loadLocalAuthorities(shipped);

  it('loads, with at least 40 authorities and no code twice', () => {
    const codes = directory.all().map((authority) => authority.code);
    expect(codes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    ['E09000007', 'Camden'],
    ['E08000003', 'Manchester'],
    ['E10000016', 'Kent'],
    ['E08000035', 'Leeds'],
    ['E08000025', 'Birmingham'],
    ['E06000052', 'Cornwall'],
  ])('knows %s as %s (ONS GSS code)', (code, name) => {
    expect(directory.require(code).name).toBe(name);
  });

  it('uses only upper-tier English authority codes (unitary, metropolitan, London borough, county)', () => {
    for (const { code } of directory.all()) expect(code).toMatch(/^E(06|08|09|10)\d{6}$/);
  });

  it('holds placeholder DCS addresses on the reserved .example domain only', () => {
    for (const { dcs } of directory.all()) {
      expect(dcs.email).toMatch(/^dcs@[a-z0-9-]+\.la\.example$/);
      expect(dcs.name).toMatch(/^Director of Children's Services, /);
    }
    const emails = directory.all().map(({ dcs }) => dcs.email);
    expect(new Set(emails).size).toBe(emails.length);
  });
});

describe('loadLocalAuthorities', () => {
  const camden = { code: 'E09000007', name: 'Camden', dcs: { email: 'dcs@camden.la.example' } };
  const leeds = { code: 'E08000035', name: 'Leeds', dcs: { name: 'DCS Leeds', email: 'dcs@leeds.la.example' } };

  it('looks authorities up by code', () => {
    const directory = loadLocalAuthorities([camden, leeds]);
    expect(directory.get('E08000035')?.dcs.email).toBe('dcs@leeds.la.example');
    expect(directory.get('E08000003')).toBeUndefined();
    expect(directory.all().map((authority) => authority.code)).toEqual(['E09000007', 'E08000035']);
  });

  it('refuses an unknown code with an error that names it', () => {
    const directory = loadLocalAuthorities([camden]);
    expect(() => directory.require('E08000003')).toThrowError(UnknownLocalAuthorityError);
    try {
      directory.require('E08000003');
    } catch (error) {
      expect(error).toBeInstanceOf(LocalAuthorityError);
      expect((error as UnknownLocalAuthorityError).name).toBe('UnknownLocalAuthorityError');
      expect((error as UnknownLocalAuthorityError).code).toBe('E08000003');
      expect((error as Error).message).toContain('"E08000003"');
    }
  });

  it('refuses malformed reference data, listing every problem by field', () => {
    const input = [camden, { ...leeds, dcs: { email: 'not-an-email' } }, { ...camden, name: 'Camden (copy)' }];
    let thrown: unknown;
    try {
      loadLocalAuthorities(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidLocalAuthoritiesError);
    const error = thrown as InvalidLocalAuthoritiesError;
    expect(error.name).toBe('InvalidLocalAuthoritiesError');
    expect(error.problems.map((problem) => problem.field).sort()).toEqual(['1.dcs.email', '2.code']);
    expect(error.message).toContain('2.code: duplicate local authority code "E09000007"');
  });

  it('refuses reference data that is not a list', () => {
    expect(() => loadLocalAuthorities({ E09000007: camden })).toThrowError(/\(root\): must be an array, got an object/);
  });

  it('hands out authorities that cannot be changed behind its back', () => {
    const directory = loadLocalAuthorities([camden]);
    const authority = directory.require('E09000007');
    expect(() => {
      (authority.dcs as { email: string }).email = 'someone@else.example';
    }).toThrow(TypeError);
    expect(directory.require('E09000007').dcs.email).toBe('dcs@camden.la.example');
  });
});
