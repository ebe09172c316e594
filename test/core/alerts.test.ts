/** Who is alerted, and how each alert is keyed and addressed (functions/core/alerts.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLocalAuthorities, UnknownLocalAuthorityError } from '../../functions/core/local-authorities';
import { alertAddressee, childNamedIn, alertRecipientKey, alertRecipients, type DcsRecipient } from '../../functions/core/alerts';
import type { Child } from '../../functions/core/schemas';

const directory = loadLocalAuthorities([
  { code: 'E09000007', name: 'Camden', dcs: { email: 'dcs@camden.la.example' } },
  { code: 'E08000003', name: 'Manchester', dcs: { email: 'dcs@manchester.la.example' } },
  { code: 'E10000016', name: 'Kent', dcs: { email: 'dcs@kent.la.example' } },
  { code: 'E08000035', name: 'Leeds', dcs: { email: 'dcs@leeds.la.example' } },
  { code: 'E06000052', name: 'Cornwall', dcs: { email: 'dcs@cornwall.la.example' } },
]);
const CODES = directory.all().map((authority) => authority.code);

const lookedAfter = (initials: string, placingAuthority: string): Child => ({
  initials,
  placement: { lookedAfter: true, placingAuthority },
});
const placedByFamily = (initials: string, name: string, email: string): Child => ({
  initials,
  placement: { lookedAfter: false, placedBy: { name, email } },
});

describe('alertRecipients (SCCIF 15.3, 15.4)', () => {
  it('alerts the host authority and each placing authority once, even when several children come from it', () => {
    const children = [lookedAfter('AB', 'E10000016'), lookedAfter('CD', 'E08000003'), lookedAfter('EF', 'E10000016')];
    expect(alertRecipients({ hostAuthority: 'E09000007', children }, directory)).toEqual([
      { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles: ['host'] },
      { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', email: 'dcs@manchester.la.example', roles: ['placing'] },
      { kind: 'dcs', authorityCode: 'E10000016', authorityName: 'Kent', email: 'dcs@kent.la.example', roles: ['placing'] },
    ]);
  });

  it('alerts the host authority once, as host and placing, when it also places a child in the home', () => {
    const children = [lookedAfter('AB', 'E09000007'), lookedAfter('CD', 'E08000035')];
    const recipients = alertRecipients({ hostAuthority: 'E09000007', children }, directory);
    expect(recipients.map((r) => r.kind === 'dcs' && [r.authorityCode, r.roles])).toEqual([
      ['E09000007', ['host', 'placing']],
      ['E08000035', ['placing']],
    ]);
  });

  it('alerts whoever placed a child who is not looked after, since there is no placing authority (15.4)', () => {
    const children = [placedByFamily('GH', 'Parent of GH', 'parent.gh@family.example'), lookedAfter('AB', 'E08000003')];
    expect(alertRecipients({ hostAuthority: 'E09000007', children }, directory)).toEqual([
      expect.objectContaining({ kind: 'dcs', authorityCode: 'E09000007', roles: ['host'] }),
      expect.objectContaining({ kind: 'dcs', authorityCode: 'E08000003', roles: ['placing'] }),
      { kind: 'placer', name: 'Parent of GH', email: 'parent.gh@family.example' },
    ]);
  });

  it('alerts a family once when it placed several children, whatever the case of its email', () => {
    const children = [
      placedByFamily('IJ', 'Ms Parent', 'Parent@Family.example'),
      placedByFamily('KL', 'Ms Parent', 'parent@family.example'),
      placedByFamily('MN', 'Mr Other', 'another@family.example'),
    ];
    expect(alertRecipients({ hostAuthority: 'E09000007', children }, directory)).toEqual([
      expect.objectContaining({ kind: 'dcs', authorityCode: 'E09000007' }),
      { kind: 'placer', name: 'Mr Other', email: 'another@family.example' },
      { kind: 'placer', name: 'Ms Parent', email: 'Parent@Family.example' },
    ]);
  });

  it('alerts the host authority alone when no child is placed in the home', () => {
    expect(alertRecipients({ hostAuthority: 'E06000052', children: [] }, directory)).toEqual([
      { kind: 'dcs', authorityCode: 'E06000052', authorityName: 'Cornwall', email: 'dcs@cornwall.la.example', roles: ['host'] },
    ]);
  });

  it('never carries a child’s initials', () => {
    const children = [lookedAfter('QZ', 'E08000003'), placedByFamily('XQ', 'Parent', 'p@family.example')];
    const text = JSON.stringify(alertRecipients({ hostAuthority: 'E09000007', children }, directory));
    expect(text).not.toContain('QZ');
    expect(text).not.toContain('XQ');
    expect(text).not.toContain('initials');
  });

  it('refuses an unknown host authority', () => {
    expect(() => alertRecipients({ hostAuthority: 'E09000033', children: [] }, directory)).toThrowError(UnknownLocalAuthorityError);
  });

  it('refuses an unknown placing authority, naming it', () => {
    const children = [lookedAfter('AB', 'E08000003'), lookedAfter('CD', 'E09000033')];
    expect(() => alertRecipients({ hostAuthority: 'E09000007', children }, directory)).toThrowError(/"E09000033"/);
  });

  describe('for any children placed in the home', () => {
    const code = fc.constantFrom(...CODES);
    const initials = fc.stringMatching(/^[A-Z]{1,4}$/);
    const child: fc.Arbitrary<Child> = fc.oneof(
      fc.record({ initials, placement: fc.record({ lookedAfter: fc.constant(true as const), placingAuthority: code }) }),
      fc.record({
        initials,
        placement: fc.record({
          lookedAfter: fc.constant(false as const),
          placedBy: fc.record({ name: fc.constantFrom('Parent A', 'Parent B'), email: fc.constantFrom('a@family.example', 'A@family.example', 'b@family.example') }),
        }),
      }),
    );
    const home = fc.record({ hostAuthority: code, children: fc.array(child, { maxLength: 30 }) });

    it('alerts the host first, every placing authority exactly once, placers after authorities, in a stable order', () => {
      fc.assert(
        fc.property(home, ({ hostAuthority, children }) => {
          const recipients = alertRecipients({ hostAuthority, children }, directory);
          const authorities = recipients.filter((r): r is DcsRecipient => r.kind === 'dcs');
          const placing = new Set(children.flatMap(({ placement }) => (placement.lookedAfter ? [placement.placingAuthority] : [])));

          // The host is always first, flagged as placing only when it places a child.
          expect(recipients[0]).toMatchObject({ kind: 'dcs', authorityCode: hostAuthority });
          expect(authorities[0]?.roles).toEqual(placing.has(hostAuthority) ? ['host', 'placing'] : ['host']);
          // Every placing authority exactly once; no authority that is neither host nor placing.
          for (const placingCode of placing) {
            expect(authorities.filter((r) => r.authorityCode === placingCode)).toHaveLength(1);
          }
          expect(new Set(authorities.map((r) => r.authorityCode))).toEqual(new Set([hostAuthority, ...placing]));
          // Authorities before placers; placing authorities by code; placers unique by email, ignoring case.
          const kinds = recipients.map((r) => r.kind);
          expect(kinds).toEqual([...kinds].sort());
          const placingCodes = authorities.slice(1).map((r) => r.authorityCode);
          expect(placingCodes).toEqual([...placingCodes].sort());
          const placerEmails = recipients.flatMap((r) => (r.kind === 'placer' ? [r.email.toLowerCase()] : []));
          expect(new Set(placerEmails).size).toBe(placerEmails.length);
          expect(placerEmails).toEqual([...placerEmails].sort());
          // The order does not depend on the order the children were listed in (up to which name a family keeps).
          const reversed = alertRecipients({ hostAuthority, children: [...children].reverse() }, directory);
          expect(reversed.map((r) => r.email.toLowerCase())).toEqual(recipients.map((r) => r.email.toLowerCase()));
          // Nothing about the children themselves.
          for (const recipient of recipients) expect(recipient).not.toHaveProperty('initials');
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('alert keys and addressees', () => {
  it('keys alert recipients by authority code, and placers by a hash of their address whatever its case', () => {
    const placer = (email: string) => alertRecipientKey({ kind: 'placer', name: 'Pat Parent', email });
    expect(alertRecipientKey({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles: ['host'] })).toBe(
      'la:E09000007',
    );
    expect(placer('Pat.Parent@family.example')).toBe(placer('pat.parent@family.example'));
    expect(placer('pat.parent@family.example')).toMatch(/^placer:[0-9a-f]{16}$/);
  });

  it('tells an authority why it is alerted: host, placing, or both', () => {
    const dcs = (roles: ('host' | 'placing')[]) =>
      alertAddressee({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles });
    expect(dcs(['host'])).toMatchObject({ role: 'host' });
    expect(dcs(['placing'])).toEqual({ kind: 'local-authority', authorityName: 'Camden', role: 'placing' });
    expect(dcs(['host', 'placing'])).toMatchObject({ role: 'placing-and-host' });
  });
});

describe('childNamedIn: emailed free text never names a child by their initials', () => {
  const record = {
    children: [
      { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'QXZ', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'I', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
    ] as Child[],
  };
  const named = (text: string) => childNamedIn('summaryOfConcerns', text, record).length > 0;

  it('finds the initials as a word, plain, dotted or spaced, anywhere in the text', () => {
    for (const text of ['AB was restrained.', 'Restraint of AB.', '(AB)', "AB's records", 'Staff restrained A.B. twice', 'A. B. went missing', 'A B went missing', 'Restraint of A.B', 'A-B was restrained', 'A/B', 'Q X Z and others', 'Q.X. Z.', 'QXZ and others', 'x\nQXZ']) {
      expect(named(text), text).toBe(true);
    }
  });

  it('leaves words that only contain them, other capitals, lower case and a one-letter initial alone', () => {
    for (const text of ['ABC training', 'ABBA', 'LAB results', 'ab', 'Ab', 'a b', 'I saw it.', 'A child went missing.', 'QX and XZ', 'A Bristol home', 'A.Brown', 'Q X and others']) {
      expect(named(text), text).toBe(false);
    }
    expect(childNamedIn('summaryOfConcerns', undefined, record)).toEqual([]);
  });

  it('names the field and never repeats the initials', () => {
    const [problem] = childNamedIn('rationale', 'Because of AB.', record);
    expect(problem?.field).toBe('rationale');
    expect(problem?.message).not.toContain('AB');
  });
});
