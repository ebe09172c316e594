/**
 * Who is alerted when a home is judged inadequate or serious concerns are found.
 *
 * SCCIF 15.3: the DCS of the placing authority of every child currently placed in the home, and of the host
 * authority (the LA where the home is located), each once. SCCIF 15.4: a child who is not looked after has no
 * placing LA; whoever placed them (e.g. parents) is alerted instead.
 *
 * Children's initials never leave this module: recipients carry authorities and placers only.
 */
import type { LocalAuthorityDirectory } from './local-authorities';
import type { Placement } from './schemas';

export type AuthorityRole = 'host' | 'placing';

export interface DcsRecipient {
  kind: 'dcs';
  authorityCode: string;
  authorityName: string;
  email: string;
  /** `host` and/or `placing`: an authority that hosts the home and places a child there is alerted once, with both. */
  roles: AuthorityRole[];
}

/** Whoever placed a child who is not looked after (SCCIF 15.4). */
export interface PlacerRecipient {
  kind: 'placer';
  name: string;
  email: string;
}

export type AlertRecipient = DcsRecipient | PlacerRecipient;

export interface AlertSubject {
  hostAuthority: string;
  /** Only the placement is read; initials are never needed to choose recipients. */
  children: readonly { placement: Placement }[];
}

function byKey(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * The recipients of a DCS alert, in a fixed order: the host authority first, then placing authorities by code,
 * then placers by email. Throws UnknownLocalAuthorityError for a code missing from the directory.
 */
export function alertRecipients({ hostAuthority, children }: AlertSubject, directory: LocalAuthorityDirectory): AlertRecipient[] {
  const host = directory.require(hostAuthority);

  const placingCodes = new Set<string>();
  // Keyed by lower-cased email: the same parent placing two children is alerted once, under the first name given.
  const placers = new Map<string, PlacerRecipient>();
  for (const { placement } of children) {
    if (placement.lookedAfter) {
      placingCodes.add(placement.placingAuthority);
    } else {
      const key = placement.placedBy.email.toLowerCase();
      if (!placers.has(key)) placers.set(key, { kind: 'placer', name: placement.placedBy.name, email: placement.placedBy.email });
    }
  }

  const dcs = (code: string, roles: AuthorityRole[]): DcsRecipient => {
    const authority = directory.require(code);
    return { kind: 'dcs', authorityCode: authority.code, authorityName: authority.name, email: authority.dcs.email, roles };
  };

  const hostRecipient = dcs(host.code, placingCodes.has(host.code) ? ['host', 'placing'] : ['host']);
  const placingRecipients = [...placingCodes]
    .filter((code) => code !== host.code)
    .sort(byKey)
    .map((code) => dcs(code, ['placing']));
  const placerRecipients = [...placers.entries()].sort(([a], [b]) => byKey(a, b)).map(([, placer]) => placer);

  return [hostRecipient, ...placingRecipients, ...placerRecipients];
}
