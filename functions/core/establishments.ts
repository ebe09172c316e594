/**
 * The register of establishments: children's homes (secure or not; with or without education) and residential
 * family centres, each with its registration, registered manager, provider contact and status. Inspections are
 * logged against an entry by URN; the inspection plan reads the register and the inspection history.
 *
 * Pure: no clock, no I/O. Days come in as London dates.
 */
import * as z from 'zod/mini';
import { addCalendarDays, formatDateInWords, type LocalDate } from './calendar';
import { homesFramework } from './regulations/sources';
import { cite } from './regulations/sources';
import { Contact, Establishment, LocalDateText, Name, parseWith, type FieldError } from './schemas';

export const ESTABLISHMENT_STATUSES = ['active', 'suspended', 'closed'] as const;
export type EstablishmentStatus = (typeof ESTABLISHMENT_STATUSES)[number];

/** The registered manager: in post (name, since) or the post vacant (since). */
export const RegisteredManager = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('in-post'), name: Name, since: LocalDateText }),
  z.strictObject({ status: z.literal('vacant'), since: LocalDateText }),
]);
export type RegisteredManager = z.output<typeof RegisteredManager>;

const EntryFields = z.extend(Establishment, {
  registeredOn: LocalDateText,
  /** Children's homes framework §17: the home provides education (its provision is inspected every three years). */
  providesEducation: z._default(z.boolean(), false),
  registeredManager: RegisteredManager,
  providerContact: Contact,
  status: z._default(z.enum(ESTABLISHMENT_STATUSES), 'active'),
});

/** Rules across fields, shared by a new entry and an entry after a change. */
function checkEntry(entry: z.output<typeof EntryFields>, ctx: z.core.$RefinementCtx): void {
  if (entry.providesEducation && entry.kind === 'residential-family-centre') {
    ctx.addIssue({
      code: 'custom',
      path: ['providesEducation'],
      message: `applies to children's homes only (${cite(homesFramework('§17'))})`,
    });
  }
  if (entry.registeredManager.since < entry.registeredOn && entry.registeredManager.status === 'vacant') {
    ctx.addIssue({ code: 'custom', path: ['registeredManager', 'since'], message: 'a post cannot be vacant before the registration' });
  }
}

/** POST /establishments and each row of an import. */
export const RegisterEntry = EntryFields.check(z.superRefine(checkEntry));
export type RegisterEntry = z.output<typeof RegisterEntry>;
export type RegisterEntryInput = z.input<typeof RegisterEntry>;

/**
 * Days on an entry that must have come by `today` (the registered manager's post filled or left vacant on a later day
 * would start or stop the vacancy clock of §67 and §88 early; found by a new-user walk: "since 20 October 2028" was
 * saved; record the change once it has happened), and a manager in post no earlier than the registration.
 */
export function registerEntryDateProblems(entry: RegisterEntry, today: LocalDate): FieldError[] {
  const future = (field: string, day: LocalDate) =>
    day <= today ? [] : [{ field, message: `is in the future (${formatDateInWords(day)}; today is ${formatDateInWords(today)}): record the change once it has happened` }];
  // A registration still to come too: the plan counts from it (found by a new-user walk: a home registered "next June"
  // lost its plan, and looked registered after its own inspection).
  const problems = [...future('registeredOn', entry.registeredOn), ...future('registeredManager.since', entry.registeredManager.since)];
  // Nobody is the registered manager of a home before it is registered (found by a new-user walk: "in post since" the
  // day before the registration was saved; only a vacancy was checked). Not when the registration is the day in error.
  const { registeredManager: manager, registeredOn } = entry;
  if (problems.length === 0 && manager.status === 'in-post' && manager.since < registeredOn) {
    problems.push({ field: 'registeredManager.since', message: `is before the registration (${formatDateInWords(registeredOn)}): nobody is the registered manager of a home before it is registered` });
  }
  return problems;
}

/**
 * A registered manager's post that changes between in post and vacant changes on a day of its own: kept at the day
 * the previous state began, the vacancy would count from the old manager's first day (found by a new-user walk: "vacant
 * since" became the new manager's start date, silently). A name changed alone may be a correction: not checked.
 */
export function managerChangeProblems(before: RegisterEntry, after: RegisterEntry): FieldError[] {
  const was = before.registeredManager;
  const now = after.registeredManager;
  if (was.status === now.status || was.since !== now.since) return [];
  const what = now.status === 'vacant' ? 'the day the post fell vacant' : `the day ${now.name} took up the post`;
  return [{ field: 'registeredManager.since', message: `is still ${formatDateInWords(was.since)}, the day the previous ${was.status === 'vacant' ? 'vacancy' : 'manager'} began: enter ${what}` }];
}

/**
 * PATCH /establishments/{urn}: any field but the URN, at least one. A field not sent is kept as it is: the entry's
 * defaults (not providing education, active) are not defaults of a change (found by a new-user walk: an empty change
 * was saved, and any change of the name alone set a closed home active again).
 */
export const RegisterEntryChange = z
  .partial(z.extend(z.omit(EntryFields, { urn: true }), { providesEducation: z.boolean(), status: z.enum(ESTABLISHMENT_STATUSES) }))
  .check(z.refine((change) => Object.keys(change).length > 0, { message: 'name at least one field to change' }));
export type RegisterEntryChange = z.output<typeof RegisterEntryChange>;

export interface StoredRegisterEntry extends RegisterEntry {
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: each change increments it. */
  version: number;
}

/** Applies a change to an entry; the result is checked as a whole (the same rules as a new entry). */
export function changeEntry(
  entry: RegisterEntry,
  change: RegisterEntryChange,
): { ok: true; value: RegisterEntry } | { ok: false; errors: FieldError[] } {
  return parseWith(RegisterEntry, { ...entry, ...change });
}

// ---------------------------------------------------------------------------------------------------------------
// Registered-manager vacancy (children's homes framework §67, §88)

/**
 * §67: leadership and management are inadequate where there has been no registered manager for more than 26 weeks;
 * §88: at an interim inspection this is likely to mean the home declined in effectiveness. Managers are warned at
 * 20 weeks (time to act before the limit) and at 26 weeks.
 */
export const REGISTERED_MANAGER_VACANCY = {
  warnAtWeeks: 20,
  limitWeeks: 26,
  sources: [homesFramework('§67'), homesFramework('§88')],
} as const;

export interface VacancyWarning {
  urn: string;
  weeks: (typeof REGISTERED_MANAGER_VACANCY)['warnAtWeeks'] | (typeof REGISTERED_MANAGER_VACANCY)['limitWeeks'];
  /** The day the vacancy reaches that many weeks. */
  reachedOn: LocalDate;
  message: string;
}

/** Whole weeks a post has been vacant on a day (0 when filled). */
export function weeksVacant(manager: RegisteredManager, today: LocalDate): number {
  if (manager.status !== 'vacant' || today < manager.since) return 0;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${manager.since}T00:00:00Z`)) / 86_400_000;
  return Math.floor(days / 7);
}

/** The vacancy thresholds an active entry has reached on a day, the highest last. */
export function vacancyWarnings(entry: RegisterEntry, today: LocalDate): VacancyWarning[] {
  const manager = entry.registeredManager;
  if (entry.status === 'closed' || manager.status !== 'vacant') return [];
  const vacant = weeksVacant(manager, today);
  const { warnAtWeeks, limitWeeks, sources } = REGISTERED_MANAGER_VACANCY;
  return [warnAtWeeks, limitWeeks]
    .filter((weeks) => vacant >= weeks)
    .map((weeks) => {
      const reachedOn = addCalendarDays(manager.since, weeks * 7);
      const limit =
        weeks === limitWeeks
          ? `more than ${limitWeeks} weeks without a registered manager makes leadership and management inadequate (${cite(sources[0])}) and an interim decline likely (${cite(sources[1])})`
          : `the ${limitWeeks}-week limit is reached on ${formatDateInWords(addCalendarDays(manager.since, limitWeeks * 7))} (${cite(sources[0])})`;
      return {
        urn: entry.urn,
        weeks,
        reachedOn,
        message: `${entry.name} (${entry.urn}) has had no registered manager since ${formatDateInWords(manager.since)}: ${weeks} weeks on ${formatDateInWords(reachedOn)}; ${limit}`,
      };
    });
}
