/**
 * The local authority directory: reference data (names, DCS addresses) loaded from configuration, never hard-coded.
 * `config/local-authorities.json` ships placeholder addresses on the reserved `.example` domain.
 *
 * Pure: the caller reads the JSON; this module parses it once and answers look-ups.
 */
import { formatIssues, LocalAuthorities, parseWith, type FieldError, type LocalAuthority } from './schemas';

export class LocalAuthorityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalAuthorityError';
  }
}

/** The reference data itself is malformed: every problem is listed, each naming its field. */
export class InvalidLocalAuthoritiesError extends LocalAuthorityError {
  readonly problems: readonly FieldError[];

  constructor(problems: readonly FieldError[]) {
    super(`local authority reference data is invalid: ${formatIssues(problems)}`);
    this.name = 'InvalidLocalAuthoritiesError';
    this.problems = problems;
  }
}

/** A code that is well formed but not in the directory. */
export class UnknownLocalAuthorityError extends LocalAuthorityError {
  readonly code: string;

  constructor(code: string) {
    super(`unknown local authority code "${code}": it is not in the local authority reference data`);
    this.name = 'UnknownLocalAuthorityError';
    this.code = code;
  }
}

export interface LocalAuthorityDirectory {
  /** The authority with this code, or undefined. */
  get(code: string): LocalAuthority | undefined;
  /** The authority with this code; throws UnknownLocalAuthorityError when there is none. */
  require(code: string): LocalAuthority;
  /** Every authority, in the order of the reference data. */
  all(): readonly LocalAuthority[];
}

function frozen(authority: LocalAuthority): LocalAuthority {
  return Object.freeze({ ...authority, dcs: Object.freeze({ ...authority.dcs }) });
}

/** Parses the reference data (unique codes, valid emails) into a directory; throws InvalidLocalAuthoritiesError. */
export function loadLocalAuthorities(json: unknown): LocalAuthorityDirectory {
  const parsed = parseWith(LocalAuthorities, json);
  if (!parsed.ok) throw new InvalidLocalAuthoritiesError(parsed.errors);

  const authorities = Object.freeze(parsed.value.map(frozen));
  const byCode = new Map(authorities.map((authority) => [authority.code, authority] as const));

  return {
    get: (code) => byCode.get(code),
    require(code) {
      const authority = byCode.get(code);
      if (!authority) throw new UnknownLocalAuthorityError(code);
      return authority;
    },
    all: () => authorities,
  };
}
