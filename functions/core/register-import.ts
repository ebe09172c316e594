/**
 * Import of the register from a CSV in the layout of Ofsted's published register of children's social care
 * providers, with the columns the register needs that the published file lacks (registered manager, provider
 * contact). Every row is checked before anything is written: one bad row refuses the whole file, naming its line.
 *
 * Columns (header names, case and spacing ignored; order free; other columns ignored):
 * | column | required | values |
 * |---|---|---|
 * | URN | yes | `SC` and 6 digits, or 6-7 digits |
 * | Setting name | yes | the establishment's name |
 * | Provision type | yes | Children's home, Secure children's home, Residential family centre |
 * | Provider subtype | no | `Secure unit` makes a children's home secure (as the published file marks them) |
 * | Local authority code | one of the two | ONS GSS code, e.g. E09000007 |
 * | Local authority | one of the two | the authority's name as in the local authority reference data |
 * | Registration date | yes | YYYY-MM-DD or DD/MM/YYYY |
 * | Registration status | no | Active (default), Suspended, Resigned, Cancelled, Closed |
 * | Registered manager | one of the two | the manager's name (then Registered manager since) |
 * | Registered manager since | with the name | date |
 * | Manager vacant since | one of the two | date the post became vacant |
 * | Provider contact | yes | a name |
 * | Provider email | yes | an email address |
 * | Education | no | yes / no (children's homes only) |
 */
import { parse } from 'csv-parse/sync';
import { RegisterEntry, type EstablishmentStatus } from './establishments';
import { parseWith, type EstablishmentKind } from './schemas';

export interface ImportProblem {
  /** Line in the file (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

export type ImportResult = { ok: true; entries: RegisterEntry[] } | { ok: false; problems: ImportProblem[] };

const MAX_ROWS = 5000;

const KINDS: Record<string, EstablishmentKind> = {
  "children's home": 'childrens-home',
  'childrens home': 'childrens-home',
  "secure children's home": 'secure-childrens-home',
  'secure childrens home': 'secure-childrens-home',
  'residential family centre': 'residential-family-centre',
};

const STATUSES: Record<string, EstablishmentStatus> = {
  active: 'active',
  suspended: 'suspended',
  resigned: 'closed',
  cancelled: 'closed',
  closed: 'closed',
};

const normalise = (text: string) => text.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');

/** DD/MM/YYYY (the published file) or YYYY-MM-DD, as YYYY-MM-DD (validated by the entry's schema). */
function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text.trim();
}

/**
 * Parses the file into register entries. `authorityCodeByName` resolves the `Local authority` column (names are
 * matched ignoring case); it is the reference data's, passed in so this stays pure.
 */
export function parseRegisterCsv(csv: string, authorityCodeByName: ReadonlyMap<string, string>): ImportResult {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv, {
      columns: (header: string[]) => header.map(normalise),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (error) {
    const { lines } = error as { lines?: number };
    return { ok: false, problems: [{ line: lines ?? 1, field: 'csv', message: (error as Error).message.split('\n')[0]! }] };
  }
  if (rows.length === 0) return { ok: false, problems: [{ line: 1, field: 'csv', message: 'the file has no rows under its header' }] };
  if (rows.length > MAX_ROWS) {
    return { ok: false, problems: [{ line: MAX_ROWS + 2, field: 'csv', message: `at most ${MAX_ROWS} rows per file` }] };
  }

  const problems: ImportProblem[] = [];
  const entries: RegisterEntry[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const cell = (column: string) => (row[column] ?? '').trim() || undefined;
    const rowProblems: ImportProblem[] = [];
    const problem = (field: string, message: string) => rowProblems.push({ line, field, message });

    const provision = normalise(cell('provision type') ?? cell('provider type') ?? '');
    let kind = KINDS[provision];
    if (!provision) problem('Provision type', 'is required');
    else if (!kind) problem('Provision type', `"${provision}" is not one of: Children's home, Secure children's home, Residential family centre`);
    if (kind === 'childrens-home' && normalise(cell('provider subtype') ?? '') === 'secure unit') kind = 'secure-childrens-home';

    const authorityName = cell('local authority');
    const hostAuthority =
      cell('local authority code') ?? (authorityName ? authorityCodeByName.get(normalise(authorityName)) : undefined);
    if (!hostAuthority) {
      problem('Local authority', authorityName ? `"${authorityName}" is not in the local authority reference data` : 'is required (or Local authority code)');
    }

    const statusText = normalise(cell('registration status') ?? 'active');
    const status = STATUSES[statusText];
    if (!status) problem('Registration status', `"${statusText}" is not one of: Active, Suspended, Resigned, Cancelled, Closed`);

    const managerName = cell('registered manager');
    const vacantSince = cell('manager vacant since');
    if (managerName && vacantSince) problem('Registered manager', 'give the manager or Manager vacant since, not both');
    if (!managerName && !vacantSince) problem('Registered manager', 'is required (or Manager vacant since)');
    const registeredManager = managerName
      ? { status: 'in-post', name: managerName, since: isoDate(cell('registered manager since')) }
      : { status: 'vacant', since: isoDate(vacantSince) };

    const educationText = normalise(cell('education') ?? 'no');
    if (educationText !== 'yes' && educationText !== 'no') problem('Education', 'must be yes or no');

    const urn = cell('urn');
    if (urn && seen.has(urn)) problem('URN', `${urn} is also on line ${seen.get(urn)}`);
    if (urn) seen.set(urn, line);

    if (rowProblems.length === 0) {
      const parsed = parseWith(RegisterEntry, {
        urn,
        name: cell('setting name'),
        kind,
        hostAuthority,
        registeredOn: isoDate(cell('registration date')),
        providesEducation: educationText === 'yes',
        registeredManager,
        providerContact: { name: cell('provider contact'), email: cell('provider email') },
        status,
      });
      if (parsed.ok) entries.push(parsed.value);
      else for (const error of parsed.errors) problem(COLUMN_OF[error.field] ?? error.field, error.message);
    }
    problems.push(...rowProblems);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

/** The CSV column a schema field came from, so a problem names what the user can see in the file. */
const COLUMN_OF: Record<string, string> = {
  urn: 'URN',
  name: 'Setting name',
  kind: 'Provision type',
  hostAuthority: 'Local authority code',
  registeredOn: 'Registration date',
  providesEducation: 'Education',
  'registeredManager.name': 'Registered manager',
  'registeredManager.since': 'Registered manager since',
  'providerContact.name': 'Provider contact',
  'providerContact.email': 'Provider email',
};
