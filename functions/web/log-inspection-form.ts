/**
 * GET/POST /app/inspections/new (inspectors): logs an inspection with the schema (InspectionLogged) and the logic
 * (logInspection: local authorities known, dates within a year of today, an assurance visit announced on a working
 * day, idempotent by key) of POST /inspections.
 *
 * The idempotency key is a hidden field made when the form is first shown and kept when it is shown again, so a
 * double submit logs one inspection. The lead inspector is the signed-in inspector.
 */
import { randomUUID } from 'node:crypto';
import { findEstablishment, listEstablishments, localAuthorities, logInspection, logInspectionOfEstablishment, loggedFromRegister, readInspection, withDaysProblems } from '../app';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import type { StoredRegisterEntry } from '../core/establishments';
import type { LocalAuthorityDirectory } from '../core/local-authorities';
import { ESTABLISHMENT_KINDS, ESTABLISHMENT_KINDS_BY_PROCESS, InspectionLogged, LOGGABLE_PROCESSES, parseWith, type FieldError } from '../core/schemas';
import { formErrors, NO_ERRORS, type FormErrors, type FormField } from './form-errors';
import { authorityOptions, formFields, type Field, type Option } from './form-fields';
import { childFieldOf, childFieldOrder, childRowFields, childrenSent, MAX_CHILD_ROWS, rowsSent, type ChildRows } from './children-rows';
import { ESTABLISHMENT_KIND_WORDS, processTitle } from './labels';
import { dateOf, messagePage, page, redirect, requireInspector, textOf, valuesOf, type PageHandler, type PageResult } from './page';
import type { WebRequest } from './request';

export { MAX_CHILD_ROWS };

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

// ---------------------------------------------------------------------------------------------------------------
// Fields: ids, names in sentences, and the schema paths they answer

/** The box that confirms an establishment typed by hand is not the one of the same name on the register. */
const DIFFERENT = 'establishment-different';

/**
 * The schema's "an rfc-inspection (…) is only for residential family centres, not a children's home ("childrens-home")",
 * in the page's words: no process or type by its raw value (found by a new-user walk).
 */
const KIND_NOT_FOR_PROCESS = /^an? .+? is only for (.+), not (.+?) \("[a-z-]+"\)$/;
const KIND_NOT_FOR_PROCESS_WORDS = 'The inspection chosen is only for $1, not $2';

/** The same inspection logged already (app/log-inspection.ts), in the form's words; the page links to it. */
const ALREADY_LOGGED: [RegExp, string] = [
  /^overlaps inspection (\S+) of this establishment \((.+)\), already logged: .*$/,
  'These days overlap inspection $1 of this establishment ($2), already logged: open it (above), or ask a manager to withdraw it if it was logged by mistake',
];

const FIXED_FIELDS: readonly (FormField & { path: string })[] = [
  // A process not for the type of an establishment picked on the register is reported here, in words only.
  { path: 'process', id: 'process', label: 'Process', whenMissing: 'Select what is being inspected', inFormWords: [[KIND_NOT_FOR_PROCESS, KIND_NOT_FOR_PROCESS_WORDS]] },
  { path: 'establishment-register', id: 'establishment-register', label: 'Establishment on the register' },
  { path: 'establishment-register-match', id: 'establishment-register-match', label: 'Establishments on the register that match' },
  { path: 'establishment.name', id: 'establishment-name', label: 'Establishment name', whenMissing: 'Enter the establishment name' },
  { path: DIFFERENT, id: DIFFERENT, label: 'A different establishment from the one on the register' },
  { path: 'establishment.urn', id: 'establishment-urn', label: 'URN', whenMissing: 'Enter the URN' },
  {
    path: 'establishment.kind',
    id: 'establishment-kind',
    label: 'Type of establishment',
    whenMissing: 'Select the type of establishment',
    inFormWords: [[KIND_NOT_FOR_PROCESS, KIND_NOT_FOR_PROCESS_WORDS]],
  },
  {
    path: 'establishment.hostAuthority',
    id: 'establishment-host-authority',
    label: 'Host local authority',
    whenMissing: 'Select the host local authority',
  },
  { path: 'provider.name', id: 'provider-name', label: 'Provider name', whenMissing: 'Enter the provider name' },
  { path: 'provider.email', id: 'provider-email', label: 'Provider email address', whenMissing: 'Enter the provider email address' },
  {
    path: 'dates.day1',
    id: 'day1',
    href: '#day1-day',
    date: true,
    label: 'Day 1 of the assurance visit',
    whenMissing: 'Enter day 1 of the assurance visit',
    inFormWords: [ALREADY_LOGGED],
  },
  // Named as the form asks for them ("First day on site", "Last day on site").
  {
    path: 'dates.inspectionStart',
    id: 'inspection-start',
    href: '#inspection-start-day',
    date: true,
    label: 'First day on site',
    whenMissing: 'Enter the first day on site',
    inFormWords: [ALREADY_LOGGED],
  },
  {
    path: 'dates.inspectionEnd',
    id: 'inspection-end',
    href: '#inspection-end-day',
    date: true,
    label: 'Last day on site',
    whenMissing: 'Enter the last day on site',
    inFormWords: [[/is before inspectionStart\b/, 'Last day on site must be the same as or after the first day on site']],
  },
  { path: 'followUpOf', id: 'follow-up-of', label: 'Return inspection of', whenMissing: 'Enter the reference of the earlier inspection' },
];

const FIXED_ORDER = FIXED_FIELDS.map((field) => field.id);

/** The field of a schema path; `rows[i]` is the form row of the i-th child of the body. */
function fieldsOf(rows: readonly number[]) {
  return (path: string): FormField | undefined => FIXED_FIELDS.find((field) => field.path === path) ?? childFieldOf(rows, path);
}

const order = (id: string) => {
  const fixed = FIXED_ORDER.indexOf(id);
  if (fixed !== -1) return fixed;
  return childFieldOrder(id, FIXED_ORDER.length) ?? Number.MAX_SAFE_INTEGER;
};

// ---------------------------------------------------------------------------------------------------------------
// From the form to the body of POST /inspections

function loggedBody(form: URLSearchParams, inspectorId: string): { body: Record<string, unknown>; rows: number[] } {
  const process = textOf(form, 'process');
  const { children, rows } = childrenSent(form);
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  const dates =
    process === 'assurance-visit'
      ? { ...optional('day1', dateOf(form, 'day1')) }
      : { ...optional('inspectionStart', dateOf(form, 'inspection-start')), ...optional('inspectionEnd', dateOf(form, 'inspection-end')) };
  return {
    rows,
    body: {
      ...optional('process', process),
      idempotencyKey: form.get('idempotencyKey') ?? '',
      establishment: {
        ...optional('urn', textOf(form, 'establishment-urn')),
        ...optional('name', textOf(form, 'establishment-name')),
        ...optional('kind', textOf(form, 'establishment-kind')),
        ...optional('hostAuthority', textOf(form, 'establishment-host-authority')),
      },
      provider: { ...optional('name', textOf(form, 'provider-name')), ...optional('email', textOf(form, 'provider-email')) },
      inspectorId,
      dates,
      ...optional('followUpOf', textOf(form, 'follow-up-of')),
      children,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The page

function fieldsFor(
  values: Record<string, string>,
  errors: FormErrors,
  directory: LocalAuthorityDirectory,
  matches: readonly StoredRegisterEntry[],
  rows: ChildRows,
  picked?: StoredRegisterEntry,
): Field[] {
  const build = formFields({ values, errors, lists: { [DIFFERENT]: values[DIFFERENT] === undefined ? [] : [values[DIFFERENT]] } });
  const authorities: Option[] = authorityOptions(directory).map(({ value, text }) => ({ value, text }));
  // The processes for the establishment's type: the one picked, or any of the register's matches listed (found by a
  // new-user walk: a search for children's homes offered all four again).
  const kinds = new Set<string>(picked ? [picked.kind] : matches.map((entry) => entry.kind));
  const offered = LOGGABLE_PROCESSES.filter((value) => kinds.size === 0 || ESTABLISHMENT_KINDS_BY_PROCESS[value].some((kind) => kinds.has(kind)));
  const assuranceOffered = offered.includes('assurance-visit');
  const fields: Field[] = [
    build.radios(
      'process',
      'What is being inspected?',
      // An establishment picked on the register is offered only the processes for its type (found by a new-user walk:
      // a children's home was offered the family centre inspection, refused only once sent).
      offered.map((value) => ({ value, text: processTitle(value) })),
    ),
    build.heading('establishment', 'Establishment'),
    // The register (issue 15): find the establishment by URN or name; its details and provider contact come from its
    // entry. A national register has thousands of entries: a text search, not a list of them all, and no script.
    build.input('establishment-register', 'Establishment on the register: its URN or name', {
      hint:
        'For example SC123456, or part of its name: if it is not a URN on the register, the establishments that match are listed for you to choose from. ' +
        'Its name, URN, type, host local authority and provider contact then come from the register.' +
        (picked || matches.length > 0 ? '' : ' Only for an establishment not on the register, leave this blank and enter its details below.'),
      classes: 'govuk-input--width-20',
      spellcheck: false,
    }),
    ...(matches.length > 0
      ? [
          build.radios(
            'establishment-register-match',
            matches.length === 1 ? 'The establishment on the register that matches' : 'Establishments on the register that match',
            matches.map((entry) => ({ value: entry.urn, text: entryWords(entry, directory) })),
            {
              hint:
                matches.length === 1
                  ? 'Check it is the establishment inspected, then log the inspection. If it is not, change the URN or name above, or clear it to enter an establishment not on the register.'
                  : `The first ${REGISTER_MATCHES_SHOWN} by name at most: type more of the name to narrow them, or clear it to enter an establishment not on the register.`,
            },
          ),
        ]
      : []),
    // An establishment picked on the register (from its page, ?urn=, or a URN typed) is shown as the register has it,
    // not beside empty fields for one typed by hand (found by a new-user walk: they looked as if they needed filling).
    // Nor beside the register's matches to choose from (found by a new-user walk: two ways at once).
    ...(picked ? [pickedHeading(picked, directory)] : matches.length > 0 ? [] : byHand(build, values, errors, authorities)),
    build.heading('provider', 'Provider', picked ? `Leave these blank to use the provider contact on the register: ${picked.providerContact.name}, ${picked.providerContact.email}.` : undefined),
    build.input('provider-name', 'Provider name', { autocomplete: 'organization' }),
    build.input('provider-email', 'Provider email address', { type: 'email', autocomplete: 'email', spellcheck: false }),
    // Day 1 only where an assurance visit can be logged: not for a home on the register of another type (found by a
    // new-user walk).
    ...(assuranceOffered
      ? [
          build.heading('dates', 'Dates', 'An assurance visit needs day 1. Every other inspection needs its first and last day on site.'),
          build.date('day1', 'Assurance visit: day 1, the day the visit was announced', 'The working day you call to announce it (the provider’s letter waits for the call). For example, 21 12 2026'),
        ]
      : [build.heading('dates', 'Dates')]),
    build.date('inspection-start', 'First day on site', 'For example, 21 12 2026'),
    build.date('inspection-end', 'Last day on site', 'For example, 22 12 2026'),
    build.input('follow-up-of', 'Return inspection of (optional)', {
      hint:
        'For the full inspection that follows an inadequate judgement, or the next inspection of a residential family ' +
        'centre: the reference of the earlier inspection, for example insp-0123456789abcdef0123',
      classes: 'govuk-input--width-20',
      spellcheck: false,
    }),
    build.heading(
      'children',
      // A family centre is not a home (found by a new-user walk).
      values.process === 'rfc-inspection' || picked?.kind === 'residential-family-centre' ? 'Children placed in the centre' : 'Children placed in the home',
      'Initials only, never names. One row for each child placed: "Add another child" adds a row, and a row left blank is left out.',
    ),
  ];
  fields.push(...childRowFields(build, rows, authorities));
  return fields;
}

/** The fields of an establishment not on the register, typed by hand. */
function byHand(build: ReturnType<typeof formFields>, values: Record<string, string>, errors: FormErrors, authorities: Option[]): Field[] {
  return [
    build.input('establishment-name', 'Establishment name', { spellcheck: false }),
    // Asked only once the name typed is one on the register, under another URN (found by a new-user walk: a second
    // "Larch House" was logged under a new URN, the register's one left without its inspection).
    ...(errors.byField[DIFFERENT] !== undefined || values[DIFFERENT] !== undefined
      ? [build.checkboxes(DIFFERENT, 'Is it a different establishment from the one on the register with this name?', [{ value: 'yes', text: 'Yes, it is a different establishment' }])]
      : []),
    build.input('establishment-urn', 'URN', { hint: 'Ofsted unique reference number, for example SC123456', classes: 'govuk-input--width-10', spellcheck: false }),
    build.radios(
      'establishment-kind',
      'Type of establishment',
      ESTABLISHMENT_KINDS.map((value) => ({ value, text: ESTABLISHMENT_KIND_WORDS[value] })),
    ),
    build.select('establishment-host-authority', 'Host local authority', authorities, {
      hint: 'The local authority where the establishment is',
      placeholder: 'Select a local authority',
    }),
  ];
}

/** The establishment picked on the register, as the register has it. */
function pickedHeading(entry: StoredRegisterEntry, directory: LocalAuthorityDirectory): Field {
  const authority = directory.get(entry.hostAuthority)?.name ?? entry.hostAuthority;
  return {
    kind: 'heading',
    id: 'establishment-picked',
    level: 3,
    text: `${entry.name} (${entry.urn})`,
    hint:
      `${ESTABLISHMENT_KIND_WORDS[entry.kind]}, ${authority}: from the register. ` +
      'For an establishment not on the register, empty "Establishment on the register" and send the form: its fields are then shown.',
  };
}

/**
 * The open register entries with the name typed by hand (ignoring case, accents and spaces) under another URN: most
 * likely the establishment inspected, to be chosen on the register rather than logged again under a new URN.
 */
async function sameNameOnRegister(establishment: { name: string; urn: string }): Promise<StoredRegisterEntry[]> {
  const name = folded(establishment.name);
  return (await openRegisterEntries()).filter((entry) => entry.urn !== establishment.urn && folded(entry.name) === name);
}

/** The register's entries that are not closed: the only ones an inspection can be logged against. */
async function openRegisterEntries(): Promise<StoredRegisterEntry[]> {
  const { items } = await listEstablishments({});
  return items.filter((entry) => entry.status !== 'closed');
}

/** An entry as the form names it: "Willow House (SC123456), Camden". */
function entryWords(entry: StoredRegisterEntry, directory: LocalAuthorityDirectory): string {
  return `${entry.name} (${entry.urn}), ${directory.get(entry.hostAuthority)?.name ?? entry.hostAuthority}`;
}

function sameNameMessage(name: string, entries: readonly StoredRegisterEntry[], directory: LocalAuthorityDirectory): string {
  const listed = entries.map((entry) => entryWords(entry, directory)).join('; ');
  return (
    `The register has ${entries.length === 1 ? 'an establishment' : `${entries.length} establishments`} named "${name}": ${listed}. ` +
    `To log an inspection of ${entries.length === 1 ? 'it' : 'one of them'}, enter its URN in "Establishment on the register". ` +
    'If the establishment inspected is a different one with the same name, tick "Yes, it is a different establishment" and log it again'
  );
}

/** How many matches of a register search the form lists. */
const REGISTER_MATCHES_SHOWN = 20;

const folded = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The open entries (not closed) whose URN starts with, or whose name contains, what was typed: every word of it,
 * ignoring case and accents; by name, at most REGISTER_MATCHES_SHOWN.
 */
async function registerMatches(typed: string): Promise<StoredRegisterEntry[]> {
  const words = folded(typed).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  return (await openRegisterEntries())
    .filter((entry) => {
      const name = folded(entry.name);
      return entry.urn.toLowerCase().startsWith(words.join('')) || words.every((word) => name.includes(word));
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .slice(0, REGISTER_MATCHES_SHOWN);
}

async function formPage(
  values: Record<string, string>,
  errors: FormErrors,
  idempotencyKey: string,
  matches: readonly StoredRegisterEntry[] = [],
  rows: ChildRows = { shown: 1 },
): Promise<PageResult> {
  const directory = await localAuthorities();
  // A URN on the register in its box, no search being answered: the establishment is picked.
  const typed = values['establishment-register']?.toUpperCase().replace(/\s+/g, '');
  const entry = matches.length === 0 && typed ? await findEstablishment(typed) : undefined;
  const picked = entry !== undefined && entry.status !== 'closed' ? entry : undefined;
  return page(
    'log-inspection',
    'Log an inspection',
    {
      fields: fieldsFor(values, errors, directory, matches, rows, picked),
      idempotencyKey,
      errors,
      canAddChild: rows.shown < MAX_CHILD_ROWS,
      // The same inspection logged already (app/log-inspection.ts): a link to it (found by a new-user walk: "open it",
      // and no way to).
      alreadyLogged: errors.summary.map(({ text }) => /\boverlaps? inspection (insp-[0-9a-f]+) of this establishment\b/.exec(text)?.[1]).find(Boolean),
    },
    { nav: 'log', hasErrors: errors.summary.length > 0 },
  );
}

/**
 * The establishment and provider of the earlier inspection a return inspection follows, as the form's values: the
 * register entry when the establishment is on the register, else its details as that inspection recorded them (a
 * home logged by hand is not on the register). None when there is no such inspection: the API says so on sending.
 */
async function establishmentOf(followUpOf: string): Promise<Record<string, string>> {
  const earlier = await readInspection(followUpOf).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!earlier) return {};
  const { urn, name, kind, hostAuthority } = earlier.establishment;
  if (await findEstablishment(urn)) return { 'establishment-register': urn };
  return {
    'establishment-urn': urn,
    'establishment-name': name,
    'establishment-kind': kind,
    'establishment-host-authority': hostAuthority,
    'provider-name': earlier.provider.name,
    'provider-email': earlier.provider.email,
  };
}

export const logInspectionForm: PageHandler = async ({ user, query }) => {
  requireInspector(user);
  // From an establishment's page: ?urn= picks it on the register. From an inspection whose return inspection is due:
  // ?followUpOf= and ?process= too (the API checks them when the form is sent), the establishment from that inspection.
  const earlier = query.followUpOf ? await establishmentOf(query.followUpOf) : {};
  const values: Record<string, string> = {
    ...(query.urn && Object.keys(earlier).length === 0 ? { 'establishment-register': query.urn } : {}),
    ...(query.followUpOf ? { 'follow-up-of': query.followUpOf, ...earlier } : {}),
    ...(query.process && (LOGGABLE_PROCESSES as readonly string[]).includes(query.process) ? { process: query.process } : {}),
  };
  return formPage(values, NO_ERRORS, `web-${randomUUID()}`);
};

/**
 * Logs an inspection of an establishment picked on the register (logInspectionOfEstablishment, as POST
 * /establishments/{urn}/inspections): the establishment fields of the form are not used, the provider fields only
 * when filled in.
 */
async function logFromRegister(urn: string, body: Record<string, unknown>, user: WebRequest['user'], now: Date) {
  return logInspectionOfEstablishment(urn, logFromRegisterBody(body), user, now);
}

/** The form's body as POST /establishments/{urn}/inspections takes it: no establishment, the provider only when filled in. */
function logFromRegisterBody(body: Record<string, unknown>): Record<string, unknown> {
  const { establishment: _typed, provider, ...rest } = body;
  return { ...rest, ...(providerGiven(body) ? { provider } : {}) };
}

/**
 * With no process chosen the schema says only that (it decides which fields apply): the other fields are checked as
 * for the process the dates given suggest (day 1: an assurance visit; else a full inspection), so that every problem
 * shows at once (found by a new-user walk: "Select what is being inspected", then the dates and children in a second
 * round). What only that guess would make wrong (the type of establishment for it) is left out.
 */
function besideTheProcess(errors: readonly FieldError[], body: Record<string, unknown>): FieldError[] {
  if (!errors.some((error) => error.field === 'process')) return [...errors];
  const dates = body.dates;
  const process = typeof dates === 'object' && dates !== null && 'day1' in dates ? 'assurance-visit' : 'full-inspection';
  const guessed = parseWith(InspectionLogged, { ...body, process });
  if (guessed.ok) return [...errors];
  const more = guessed.errors.filter(
    (error) => error.field !== 'process' && !(error.field === 'establishment.kind' && KIND_NOT_FOR_PROCESS.test(error.message)) && !errors.some((shown) => shown.field === error.field),
  );
  return [...errors, ...more];
}

/** Whether the form's provider fields were filled in: left blank, the register's contact is used. */
function providerGiven({ provider }: Record<string, unknown>): boolean {
  return provider !== null && typeof provider === 'object' && Object.keys(provider).length > 0;
}

/**
 * What is wrong with the form beside the establishment while it is still being looked for on the register: the
 * schema's errors of every other field, and of the provider only when its fields were filled in (left blank, the
 * register's contact is used).
 */
function problemsBesideTheEstablishment(body: Record<string, unknown>, today: LocalDate): FieldError[] {
  const parsed = parseWith(InspectionLogged, body);
  const checkProvider = providerGiven(body);
  const shape = parsed.ok ? [] : besideTheProcess(parsed.errors, body).filter((error) => !/^establishment(\.|$)/.test(error.field) && (checkProvider || !/^provider(\.|$)/.test(error.field)));
  // The days' own rules too, for each day the schema found no fault with.
  return withDaysProblems(shape, body, today);
}

export const submitLogInspection: PageHandler = async ({ user, form, now }: WebRequest) => {
  requireInspector(user);
  const sentKey = form.get('idempotencyKey') ?? '';
  // A form without a usable key is shown again with a fresh one (the schema would reject it, naming a hidden field).
  const idempotencyKey = IDEMPOTENCY_KEY.test(sentKey) ? sentKey : `web-${randomUUID()}`;
  const { body, rows } = loggedBody(form, user.id);
  body.idempotencyKey = idempotencyKey;
  // Shown again, the establishment chosen from a search stays chosen: its URN in the field.
  let shownValues = valuesOf(form);
  // Shown again, the form keeps every row it was sent with, blank ones too.
  const childRows = { shown: rowsSent(form) };
  const showErrors = (errors: readonly FieldError[]) => formPage(shownValues, formErrors(errors, fieldsOf(rows), order), idempotencyKey, [], childRows);

  // The establishment on the register: a match chosen from a search, else what was typed if it is a URN on it; any
  // other text is a search, answered by listing what matches (nothing is logged until one is chosen).
  const typed = textOf(form, 'establishment-register');
  const chosen = textOf(form, 'establishment-register-match');
  const typedUrn = typed === undefined ? undefined : typed.toUpperCase().replace(/\s+/g, '');
  const typedOnRegister = typedUrn !== undefined && (await findEstablishment(typedUrn)) !== undefined;

  // "Add another child": the form again as it was sent, with one more row, focused. Nothing is checked or logged yet;
  // a register search typed stays answered by its matches, so that one chosen stays chosen.
  if (form.has('add-child')) {
    const shown = Math.min(childRows.shown + 1, MAX_CHILD_ROWS);
    const matches = typed !== undefined && !typedOnRegister ? await registerMatches(typed) : [];
    return formPage(valuesOf(form), NO_ERRORS, idempotencyKey, matches, { shown, added: shown });
  }

  let registerUrn = chosen;
  if (registerUrn === undefined && typed !== undefined) {
    if (typedOnRegister) registerUrn = typedUrn;
    else {
      const matches = await registerMatches(typed);
      // The rest of the form is checked too, so that its problems show with the search's answer, not after it (found by
      // a new-user walk: a search, then another submit to see that a date was impossible).
      const others = problemsBesideTheEstablishment(body, londonDateOf(now));
      // One match is the answer to confirm, not a problem: shown chosen, and logged when the form is sent again.
      const [only] = matches;
      if (matches.length === 1 && only) {
        const picked = { ...valuesOf(form), 'establishment-register-match': only.urn };
        return formPage(picked, others.length > 0 ? formErrors(others, fieldsOf(rows), order) : NO_ERRORS, idempotencyKey, matches, childRows);
      }
      const message =
        matches.length === 0
          ? `"${typed}" is not on the register, and no establishment's name matches it: enter its URN, for example SC123456, or part of its name`
          : `"${typed}" is not a URN on the register: choose the establishment from the ${matches.length} that match`;
      return formPage(
        valuesOf(form),
        formErrors([{ field: matches.length === 0 ? 'establishment-register' : 'establishment-register-match', message }, ...others], fieldsOf(rows), order),
        idempotencyKey,
        matches,
        childRows,
      );
    }
  }
  if (registerUrn !== undefined) shownValues = { ...shownValues, 'establishment-register': registerUrn };
  const parsed = registerUrn === undefined ? parseWith(InspectionLogged, body) : undefined;
  if (parsed && !parsed.ok) return showErrors(besideTheProcess(withDaysProblems(parsed.errors, body, londonDateOf(now)), body));
  if (parsed && form.get(DIFFERENT) !== 'yes') {
    const same = await sameNameOnRegister(parsed.value.establishment);
    if (same.length > 0) return showErrors([{ field: DIFFERENT, message: sameNameMessage(parsed.value.establishment.name, same, await localAuthorities()) }]);
  }
  try {
    const logged = parsed ? await logInspection(parsed.value, user, now) : await logFromRegister(registerUrn ?? '', body, user, now);
    // Found to be the return inspection of an earlier one, the field left blank: the banner says so (found by a walk).
    const found = 'followUpOf' in logged.inspection && logged.inspection.followUpOf !== undefined && body.followUpOf === undefined;
    return redirect(`/app/inspections/${encodeURIComponent(logged.inspection.id)}?done=${found ? 'logged-return' : 'logged'}`);
  } catch (error) {
    // The type of an establishment picked on the register is not on the form: a process not for it is the answer to change.
    if (error instanceof ValidationError) {
      if (registerUrn === undefined) return showErrors(error.errors);
      const entry = await findEstablishment(registerUrn);
      const errors = entry ? besideTheProcess(error.errors, loggedFromRegister(entry, logFromRegisterBody(body))) : error.errors;
      return showErrors(errors.map((problem) => (problem.field === 'establishment.kind' ? { ...problem, field: 'process' } : problem)));
    }
    if (error instanceof NotFoundError && registerUrn !== undefined) {
      return showErrors([{ field: 'establishment-register', message: `"${registerUrn}" is not on the register` }]);
    }
    if (error instanceof ConflictError && registerUrn !== undefined && error.message.includes('is closed')) {
      return showErrors([{ field: 'establishment-register', message: error.message }]);
    }
    if (error instanceof ConflictError) {
      return messagePage(
        409,
        'This form has already been used',
        ['An inspection was already logged with this form, with different details. Nothing new was logged.'],
        { href: '/app/inspections/new', text: 'Log another inspection' },
        'log',
      );
    }
    throw error;
  }
};

