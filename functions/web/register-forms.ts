/**
 * The register's forms, for managers (peers of PATCH /establishments/{urn} and POST /establishments/import, over the
 * same schemas and operations):
 * - GET/POST /app/establishments/{urn}/edit: changes an entry; the version it was read at rides in the form, so a
 *   change by someone else meanwhile is refused (409) rather than overwritten;
 * - GET/POST /app/establishments/import: imports the register from CSV text (the columns are in the README); one bad
 *   row refuses the whole file, naming its line, and nothing is written.
 */
import { changeEstablishment, EstablishmentChange, getEstablishment, importRegister, localAuthorities } from '../app';
import { ESTABLISHMENT_STATUSES, type StoredRegisterEntry } from '../core/establishments';
import { ConflictError, ValidationError } from '../core/errors';
import { parseWith, type FieldError } from '../core/schemas';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { authorityOptions, dateValues, formFields } from './form-fields';
import { sentenceCase } from './labels';
import { dateOf, establishmentHref, messagePage, page, redirect, requireManager, textOf, valuesOf, yesNoOf, type PageHandler, type PageResult } from './page';

const EDIT_FIELDS = fieldTable([
  { path: 'change.name', id: 'name', label: 'Name', whenMissing: 'Enter the name' },
  { path: 'change.hostAuthority', id: 'hostAuthority', label: 'Host local authority' },
  { path: 'change.registeredOn', id: 'registeredOn', href: '#registeredOn-day', date: true, label: 'Registration date' },
  { path: 'change.providesEducation', id: 'providesEducation', label: 'Provides education' },
  { path: 'change.registeredManager', id: 'managerStatus', label: 'Registered manager' },
  { path: 'change.registeredManager.status', id: 'managerStatus', label: 'Registered manager', whenMissing: 'Select whether the post is filled or vacant' },
  { path: 'change.registeredManager.name', id: 'managerName', label: 'Registered manager’s name', whenMissing: 'Enter the registered manager’s name' },
  { path: 'change.registeredManager.since', id: 'managerSince', href: '#managerSince-day', date: true, label: 'In post, or vacant, since', whenMissing: 'Enter the date since when' },
  { path: 'change.providerContact.name', id: 'providerName', label: 'Provider contact', whenMissing: 'Enter the provider contact' },
  { path: 'change.providerContact.email', id: 'providerEmail', label: 'Provider email', whenMissing: 'Enter the provider email' },
  { path: 'change.status', id: 'status', label: 'Status' },
]);

function valuesOfEntry(entry: StoredRegisterEntry): Record<string, string> {
  const manager = entry.registeredManager;
  return {
    name: entry.name,
    hostAuthority: entry.hostAuthority,
    ...dateValues('registeredOn', entry.registeredOn),
    providesEducation: entry.providesEducation ? 'yes' : 'no',
    managerStatus: manager.status,
    ...(manager.status === 'in-post' ? { managerName: manager.name } : {}),
    ...dateValues('managerSince', manager.since),
    providerName: entry.providerContact.name,
    providerEmail: entry.providerContact.email,
    status: entry.status,
  };
}

async function editPage(entry: StoredRegisterEntry, version: number, values: Record<string, string>, errors: FormErrors): Promise<PageResult> {
  const directory = await localAuthorities();
  const build = formFields({ values, errors });
  return page(
    'record-form',
    `Change the register entry – ${entry.name}`,
    {
      back: { text: 'Back to the establishment', href: establishmentHref(entry.urn) },
      caption: `URN ${entry.urn}`,
      heading: 'Change the register entry',
      intro: ['The type and URN cannot be changed here: import the register again to correct them.'],
      action: `${establishmentHref(entry.urn)}/edit`,
      hidden: [{ name: 'version', value: String(version) }],
      fields: [
        build.input('name', 'Name'),
        build.select('hostAuthority', 'Host local authority', authorityOptions(directory).map(({ value, text }) => ({ value, text }))),
        build.date('registeredOn', 'Registration date'),
        ...(entry.kind === 'residential-family-centre' ? [] : [build.yesNo('providesEducation', 'Provides education', 'Its education is inspected every three years (children’s homes framework §17)')]),
        build.radios('managerStatus', 'Registered manager', [
          { value: 'in-post', text: 'In post' },
          { value: 'vacant', text: 'Vacant', hint: 'Managers are warned at 20 and 26 weeks (children’s homes framework §67, §88)' },
        ]),
        build.input('managerName', 'Registered manager’s name (when in post)'),
        build.date('managerSince', 'In post, or vacant, since'),
        build.input('providerName', 'Provider contact'),
        build.input('providerEmail', 'Provider email', { type: 'email', autocomplete: 'email', spellcheck: false }),
        build.radios('status', 'Status', ESTABLISHMENT_STATUSES.map((value) => ({ value, text: sentenceCase(value) })), { inline: true }),
      ],
      button: 'Save the changes',
      errors,
    },
    { nav: 'register', hasErrors: errors.summary.length > 0 },
  );
}

export const editEstablishmentForm: PageHandler = async ({ params, user, now }) => {
  requireManager(user);
  const { entry } = await getEstablishment(params.urn ?? '', now);
  return editPage(entry, entry.version, valuesOfEntry(entry), NO_ERRORS);
};

export const submitEstablishmentEdit: PageHandler = async ({ params, user, form, now }) => {
  requireManager(user);
  const { entry } = await getEstablishment(params.urn ?? '', now);
  const version = Number(form.get('version'));
  const showErrors = (errors: readonly FieldError[]) => editPage(entry, Number.isInteger(version) && version > 0 ? version : entry.version, valuesOf(form), formErrors(errors, EDIT_FIELDS.fieldsOf, EDIT_FIELDS.order));
  // The form shows every field filled in: one sent empty was cleared, and is refused as missing (found by a new-user
  // walk: a cleared name was left out of the change, and the page saved without a word). A field not sent is kept.
  const cleared = (name: string) => (form.has(name) ? '' : undefined);
  const managerStatus = textOf(form, 'managerStatus');
  const since = dateOf(form, 'managerSince');
  const education = yesNoOf(form, 'providesEducation');
  const change = Object.fromEntries(
    Object.entries({
      name: textOf(form, 'name') ?? cleared('name'),
      hostAuthority: textOf(form, 'hostAuthority'),
      registeredOn: dateOf(form, 'registeredOn') ?? cleared('registeredOn-day'),
      ...(entry.kind === 'residential-family-centre' ? {} : { providesEducation: education }),
      registeredManager: managerStatus === 'vacant' ? { status: 'vacant', since } : { status: managerStatus, name: textOf(form, 'managerName'), since },
      providerContact: { name: textOf(form, 'providerName'), email: textOf(form, 'providerEmail') },
      status: textOf(form, 'status'),
    }).filter(([, value]) => value !== undefined),
  );
  const parsed = parseWith(EstablishmentChange, { version: Number.isInteger(version) && version > 0 ? version : undefined, change });
  if (!parsed.ok) return showErrors(parsed.errors);
  let saved;
  try {
    saved = await changeEstablishment(entry.urn, parsed.value, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) {
      return messagePage(409, 'Someone else changed this entry', [`${error.message}.`, 'Your changes were not saved.'], { href: `${establishmentHref(entry.urn)}/edit`, text: 'Open the entry as it is now' }, 'register');
    }
    throw error;
  }
  return redirect(`${establishmentHref(entry.urn)}?done=${saved.version === entry.version ? 'unchanged' : 'changed'}`);
};

const IMPORT_FIELDS = fieldTable([{ path: 'csv', id: 'csv', label: 'Register CSV', whenMissing: 'Paste the register as CSV' }]);

function importPage(values: Record<string, string>, errors: FormErrors, imported?: { imported: number; created: number; replaced: number }): PageResult {
  const build = formFields({ values, errors });
  return page(
    'record-form',
    'Import the register',
    {
      back: { text: 'Back to the establishments', href: '/app/establishments' },
      caption: 'Establishments',
      heading: 'Import the register',
      intro: [
        ...(imported ? [`Imported ${imported.imported} ${imported.imported === 1 ? 'entry' : 'entries'}: ${imported.created} new, ${imported.replaced} replaced.`] : []),
        'Paste the register in the layout of Ofsted’s published register of children’s social care providers, with its header row, plus the columns it lacks (registered manager, provider contact); the README lists the columns accepted.',
        'Every row is checked first: one bad row refuses the whole file, naming its line and column, and nothing is imported.',
      ],
      action: '/app/establishments/import',
      fields: [build.textarea('csv', 'Register CSV')],
      button: 'Import',
      errors,
    },
    { nav: 'register', hasErrors: errors.summary.length > 0 },
  );
}

export const importRegisterForm: PageHandler = async ({ user }) => {
  requireManager(user);
  return importPage({}, NO_ERRORS);
};

export const submitRegisterImport: PageHandler = async ({ user, form, now }) => {
  requireManager(user);
  const csv = form.get('csv') ?? '';
  // Each problem names its line and column; all are shown against the one field.
  const showErrors = (errors: readonly FieldError[]) => {
    const shown = errors.slice(0, 5).map((error) => (error.field === 'csv' ? error.message : `${error.field.replace(/^csv\./, '')}: ${error.message}`));
    const more = errors.length > shown.length ? [`and ${errors.length - shown.length} more`] : [];
    return importPage(valuesOf(form), formErrors([{ field: 'csv', message: [...shown, ...more].join('; ') }], IMPORT_FIELDS.fieldsOf, IMPORT_FIELDS.order));
  };
  if (csv.trim() === '') return showErrors([{ field: 'csv', message: 'is required' }]);
  try {
    const imported = await importRegister(csv, user, now);
    return importPage({}, NO_ERRORS, imported);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    throw error;
  }
};
