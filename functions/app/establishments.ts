/**
 * The register of establishments: managers add, change and import entries; inspectors and managers read them. An
 * establishment's page shows its entry, its inspection history, its current judgement, its open processes, its
 * registered-manager vacancy warnings and its inspection plan for the current inspection year.
 */
import { repository } from '../adapters/repository';
import { awaitedOf } from '../core/awaited';
import { londonDateOf } from '../core/calendar';
import { canonicalJson } from '../core/canonical-json';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import {
  currentJudgementOf,
  decidedVisitsOf,
  inadequateJudgementsOf,
  pastInspectionsOf,
} from '../core/establishment-history';
import {
  changeEntry,
  managerChangeProblems,
  registerEntryDateProblems,
  vacancyWarnings,
  type RegisterEntry,
  type StoredRegisterEntry,
} from '../core/establishments';
import type { InspectionRecord } from '../core/inspection';
import { inspectionSummary } from '../core/inspection-views';
import { withCallsOwed } from './list-inspections';
import { inspectionPlan, inspectionYearOf, type InspectionPlan } from '../core/inspection-plan';
import { parseRegisterCsv, type ImportProblem } from '../core/register-import';
import { InspectionLogged, parseWith, Urn, type FieldError } from '../core/schemas';
import type { Caller } from './caller';
import { logInspection, withDaysProblems } from './log-inspection';
import { localAuthorities } from './read-records';

function requireManager(caller: Caller, what: string): void {
  if (!caller.groups.includes('managers')) throw new ForbiddenError(`only managers ${what}`);
}

/** The host authority's problem, if it is not in the reference data: given with the entry's other problems, in one answer. */
async function unknownAuthority(code: string | undefined, field = 'hostAuthority'): Promise<FieldError[]> {
  if (code === undefined) return [];
  const directory = await localAuthorities();
  return directory.get(code) ? [] : [{ field, message: `"${code}" is not in the local authority reference data` }];
}

import { EstablishmentChange, ListEstablishmentsQuery, type EstablishmentQuery } from './requests';

export async function listEstablishments(query: ListEstablishmentsQuery): Promise<{ items: StoredRegisterEntry[] }> {
  const items = (await repository().listEstablishments()).filter(
    (entry) =>
      (!query.kind || entry.kind === query.kind) &&
      (!query.hostAuthority || entry.hostAuthority === query.hostAuthority) &&
      (!query.status || entry.status === query.status),
  );
  return { items };
}

/** Adds an entry (managers). The same entry sent again is answered as created; a different one with its URN is a 409. */
export async function addEstablishment(
  entry: RegisterEntry,
  caller: Caller,
  now: Date,
): Promise<{ created: boolean; entry: StoredRegisterEntry }> {
  requireManager(caller, 'add establishments to the register');
  // Every problem in one answer (found by a new-user walk: an unknown host authority was named only once the dates were right).
  const problems = [...(await unknownAuthority(entry.hostAuthority)), ...registerEntryDateProblems(entry, londonDateOf(now))];
  if (problems.length > 0) throw new ValidationError(problems);
  const result = await repository().createEstablishment(entry, now.toISOString());
  if (result.created) return { created: true, entry: result.entry };
  const { createdAt: _c, updatedAt: _u, version: _v, ...existing } = result.existing;
  if (JSON.stringify(sorted(existing)) === JSON.stringify(sorted(entry))) return { created: false, entry: result.existing };
  throw new ConflictError(`establishment ${entry.urn} is already on the register; change it with PATCH /establishments/${entry.urn}`);
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** Changes an entry (managers): checked as a whole entry; optimistic lock on `version`. */
export async function changeEstablishment(
  urn: string,
  command: EstablishmentChange,
  caller: Caller,
  now: Date,
): Promise<StoredRegisterEntry> {
  requireManager(caller, 'change the register');
  const current = await requireEstablishment(urn);
  if (command.version !== undefined && command.version !== current.version) {
    throw new ConflictError(`establishment ${urn} is at version ${current.version}, not ${command.version}: reload it and try again`);
  }
  const { createdAt: _c, updatedAt: _u, version, ...entry } = current;
  const changed = changeEntry(entry, command.change);
  const problems = changed.ok ? [...registerEntryDateProblems(changed.value, londonDateOf(now)), ...managerChangeProblems(entry, changed.value)] : changed.errors;
  const authority = await unknownAuthority(command.change.hostAuthority);
  if (!changed.ok || problems.length > 0 || authority.length > 0) {
    throw new ValidationError([...authority, ...problems].map((error) => ({ ...error, field: `change.${error.field}` })));
  }
  // Every field as it is already (a form saved unchanged): nothing is written, and the version stays, so that nobody
  // else's change made meanwhile is refused for it (found by a new-user walk).
  if (canonicalJson(entry) === canonicalJson(changed.value)) return current;
  return repository().replaceEstablishment(changed.value, version, now.toISOString());
}

/** The register's entry for a URN, if it is on the register (an inspection logged before the register may not be). */
export async function findEstablishment(urn: string): Promise<StoredRegisterEntry | undefined> {
  return Urn.safeParse(urn).success ? repository().getEstablishment(urn) : undefined;
}

export async function requireEstablishment(urn: string): Promise<StoredRegisterEntry> {
  if (!Urn.safeParse(urn).success) throw new NotFoundError(`establishment ${urn} is not on the register`);
  const entry = await repository().getEstablishment(urn);
  if (!entry) throw new NotFoundError(`establishment ${urn} is not on the register`);
  return entry;
}

/** Imports a CSV (managers): every row checked first; nothing is written when any row is bad. */
export async function importRegister(
  csv: string,
  caller: Caller,
  now: Date,
): Promise<{ imported: number; created: number; replaced: number }> {
  requireManager(caller, 'import the register');
  const directory = await localAuthorities();
  const byName = new Map(directory.all().map((authority) => [authority.name.trim().toLowerCase(), authority.code]));
  const parsed = parseRegisterCsv(csv, byName);
  const problems: ImportProblem[] = parsed.ok ? [] : parsed.problems;
  if (parsed.ok) {
    parsed.entries.forEach((entry, index) => {
      if (!directory.get(entry.hostAuthority)) {
        problems.push({ line: index + 2, field: 'Local authority code', message: `"${entry.hostAuthority}" is not in the local authority reference data` });
      }
    });
  }
  if (!parsed.ok || problems.length > 0) {
    throw new ValidationError(problems.map((problem) => ({ field: `csv.line ${problem.line}.${problem.field}`, message: problem.message })));
  }
  const { created, replaced } = await repository().importEstablishments(parsed.entries, now.toISOString());
  return { imported: parsed.entries.length, created, replaced };
}

/** The plan of one establishment for an inspection year, from its entry and its inspection records. */
export function planOf(entry: RegisterEntry, records: readonly InspectionRecord[], year: number, now: Date): InspectionPlan {
  const today = londonDateOf(now);
  return inspectionPlan({
    type: entry.kind,
    registered: entry.registeredOn,
    year,
    history: pastInspectionsOf(records, today),
    providesEducation: entry.providesEducation,
    inadequateJudgements: inadequateJudgementsOf(records),
    decidedVisits: decidedVisitsOf(records, today),
  });
}

/**
 * An establishment with its history, current judgement, open processes, vacancy warnings and the plan of an
 * inspection year (default: the current one; none for a year before the one it was registered in).
 */
export async function getEstablishment(urn: string, now: Date, query: EstablishmentQuery = {}) {
  const entry = await requireEstablishment(urn);
  const records = await repository().inspectionsOfEstablishment(urn);
  const today = londonDateOf(now);
  // Each row with what it awaits, and of whom (awaitedOf), as the inspections list has it: the same status words.
  const pending = records.length > 0 ? await repository().listPendingApprovals() : [];
  const inspections = await Promise.all(
    records.map(async (record) => ({
      ...(await withCallsOwed(record, inspectionSummary(record, now), now)),
      awaited: awaitedOf(record, pending),
      // Logged by mistake: why it was withdrawn (found by a new-user walk: three withdrawn rows alike on the page).
      ...(record.withdrawal ? { withdrawal: { withdrawnAt: record.withdrawal.withdrawnAt, reason: record.withdrawal.reason } } : {}),
    })),
  );
  const year = query.year ?? inspectionYearOf(today);
  return {
    entry,
    currentJudgement: currentJudgementOf(records),
    inspections,
    openProcesses: inspections.filter((row) => row.status !== 'complete' && row.status !== 'withdrawn'),
    // The highest threshold reached: the 26-week warning supersedes the 20-week one.
    vacancyWarnings: vacancyWarnings(entry, today).slice(-1),
    plan: inspectionYearOf(entry.registeredOn) <= year ? planOf(entry, records, year, now) : undefined,
  };
}

/**
 * Logs an inspection of an establishment on the register (POST /establishments/{urn}/inspections): the body is that
 * of POST /inspections without `establishment`, which comes from the register, and with `provider` optional (the
 * register's provider contact by default). The same rules then apply, in the same words.
 */
export async function logInspectionOfEstablishment(urn: string, body: Record<string, unknown>, caller: Caller, now: Date) {
  const entry = await requireEstablishment(urn);
  if (Object.hasOwn(body, 'establishment')) {
    throw new ValidationError([{ field: 'establishment', message: `comes from the register (establishment ${urn}): leave it out` }]);
  }
  if (entry.status === 'closed') throw new ConflictError(`establishment ${urn} is closed: it is no longer inspected`);
  const logged = loggedFromRegister(entry, body);
  const parsed = parseWith(InspectionLogged, logged);
  if (!parsed.ok) throw new ValidationError(withDaysProblems(parsed.errors, logged, londonDateOf(now)));
  return logInspection(parsed.value, caller, now);
}

/** The body of POST /inspections that logging `body` of an establishment on the register is: its entry's details and provider contact. */
export function loggedFromRegister(entry: RegisterEntry, body: Record<string, unknown>): Record<string, unknown> {
  const { urn, name, kind, hostAuthority, providerContact } = entry;
  return { ...body, establishment: { urn, name, kind, hostAuthority }, provider: body.provider ?? providerContact };
}
