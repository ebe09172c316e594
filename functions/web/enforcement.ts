/**
 * Enforcement actions as pages (peers of POST /establishments/{urn}/enforcement-actions and PATCH
 * .../enforcement-actions/{actionId}, over the same schemas and operations), for managers:
 * - GET/POST /app/establishments/{urn}/enforcement-actions/new[?inspectionId=]: records an action as issued, linked
 *   to the case review of one of the establishment's inspections. "The registered manager" is not offered while the
 *   post is vacant on the register (§70: "where there is a registered manager").
 * - GET/POST /app/establishments/{urn}/enforcement-actions/{actionId}: records when it took effect, ended or was withdrawn.
 */
import { changeEnforcementAction, enforcementContext, KIND_WORDS, listEnforcementActions, recordEnforcementAction } from '../app';
import { describeEnforcement } from '../core/approvals';
import type { LocalDate } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import {
  ENFORCEMENT_ACTION_TITLES,
  ENFORCEMENT_DATES,
  ENFORCEMENT_SOURCE,
  ENFORCEMENT_SUBJECT_TITLES,
  EnforcementActionDatesChange,
  EnforcementActionRecorded,
  type EnforcementActionRecord,
} from '../core/enforcement';
import type { RegisterEntry } from '../core/establishments';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { ENFORCEMENT_ACTIONS, ENFORCEMENT_SUBJECTS, InspectionIdText, parseWith, type FieldError } from '../core/schemas';
import { enforcementActionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { dateValues, formFields } from './form-fields';
import { processTitle, sentenceCase } from './labels';
import { dateOf, establishmentHref, page, redirect, requireManager, textOf, valuesOf, type PageHandler, type PageResult } from './page';

const FIELDS = fieldTable([
  { path: 'inspectionId', id: 'inspectionId', label: 'Case review', whenMissing: 'Select the case review that considered the action' },
  { path: 'action', id: 'action', label: 'Action', whenMissing: 'Select the enforcement action' },
  { path: 'against', id: 'against', label: 'Against', whenMissing: 'Select whom the action is against' },
  { path: 'issuedOn', id: 'issuedOn', href: '#issuedOn-day', date: true, label: 'Date issued', whenMissing: 'Enter the date the action was issued' },
  { path: 'effectiveOn', id: 'effectiveOn', href: '#effectiveOn-day', date: true, label: 'Date it takes effect' },
  { path: 'endsOn', id: 'endsOn', href: '#endsOn-day', date: true, label: 'Date it ends' },
  { path: 'withdrawnOn', id: 'withdrawnOn', href: '#withdrawnOn-day', date: true, label: 'Date withdrawn' },
  { path: 'note', id: 'note', label: 'Note' },
]);

const inWords = (day: LocalDate) => formatDateInWords(day);

const DATE_HINTS = ENFORCEMENT_ACTIONS.filter((action) => ENFORCEMENT_DATES[action].effectiveOn)
  .map((action) => ENFORCEMENT_ACTION_TITLES[action].toLowerCase())
  .join(', ');

function subjectsFor(entry: RegisterEntry) {
  const vacant = entry.registeredManager.status === 'vacant';
  return ENFORCEMENT_SUBJECTS.filter((subject) => !(vacant && subject === 'registered-manager')).map((subject) => ({ value: subject, text: ENFORCEMENT_SUBJECT_TITLES[subject] }));
}

/**
 * Where the form goes back to, and lands after saving: the inspection it was opened from (?returnTo=, its case
 * review's page), else the establishment (found by a new-user walk: opened from the inspection, it left for the
 * establishment).
 */
function returnPlace(urn: string, returnTo: string | undefined) {
  const inspection = returnTo !== undefined && InspectionIdText.safeParse(returnTo).success ? returnTo : undefined;
  return inspection === undefined
    ? { back: { text: 'Back to the establishment', href: establishmentHref(urn) }, saved: `${establishmentHref(urn)}?done=enforcement#enforcement`, query: '' }
    : {
        back: { text: 'Back to the inspection', href: `/app/inspections/${encodeURIComponent(inspection)}#enforcement` },
        saved: `/app/inspections/${encodeURIComponent(inspection)}?done=enforcement#enforcement`,
        query: `?${new URLSearchParams({ returnTo: inspection }).toString()}`,
      };
}

async function newFormPage(urn: string, values: Record<string, string>, lists: Record<string, string[]>, errors: FormErrors, returnTo?: string): Promise<PageResult> {
  const place = returnPlace(urn, returnTo);
  const { entry, reviewed } = await enforcementContext(urn);
  const build = formFields({ values, errors, lists });
  const vacant = entry.registeredManager.status === 'vacant';
  return page(
    'record-form',
    `Record an enforcement action – ${entry.name}`,
    {
      back: place.back,
      caption: `${entry.name} (URN ${urn})`,
      heading: 'Record an enforcement action',
      intro: [`Record an action once it has been issued. It is linked to the case review that considered it (${ENFORCEMENT_SOURCE}).`],
      ...(reviewed.length === 0 ? { refusal: 'No case review of an inspection of this establishment has been decided yet: an enforcement action is recorded after the case review that considered it.' } : {}),
      action: `${establishmentHref(urn)}/enforcement-actions/new${place.query}`,
      fields: [
        build.radios(
          'inspectionId',
          'Case review',
          reviewed.map(({ record, decision, decidedOn }) => ({
            value: record.id,
            text: `${sentenceCase(KIND_WORDS[decision.kind])} of ${inWords(decidedOn)} (${processTitle(record.process)})`,
            ...(decision.enforcement === undefined ? {} : { hint: `Considered: ${describeEnforcement(decision.enforcement)}` }),
          })),
        ),
        build.radios('action', 'Action', ENFORCEMENT_ACTIONS.map((action) => ({ value: action, text: ENFORCEMENT_ACTION_TITLES[action] }))),
        build.checkboxes(
          'against',
          'Against',
          subjectsFor(entry),
          vacant ? 'The registered manager’s post is vacant on the register, so an action can only be against the establishment.' : 'Select all that apply',
        ),
        build.date('issuedOn', 'Date issued', 'For example, 6 1 2027'),
        build.date('effectiveOn', 'Date it takes effect (optional)', `Only for a ${DATE_HINTS}`),
        build.date('endsOn', 'Date it ends (optional)', 'Only for a restriction of accommodation or a suspension'),
        build.textarea('note', 'Note (optional)', "Do not include children's names or initials."),
      ],
      button: 'Record the action',
      errors,
    },
    { nav: 'register', hasErrors: errors.summary.length > 0 },
  );
}

export const enforcementForm: PageHandler = async ({ params, query, user }) => {
  requireManager(user);
  // From an inspection's page: its case review, and an action it considered with whom against (?action=, ?against=).
  const action = ENFORCEMENT_ACTIONS.find((known) => known === query.action);
  const against = (query.against ?? '').split(',').filter((subject) => (ENFORCEMENT_SUBJECTS as readonly string[]).includes(subject));
  const values = { ...(query.inspectionId ? { inspectionId: query.inspectionId } : {}), ...(action === undefined ? {} : { action }) };
  return newFormPage(params.urn ?? '', values, { against }, NO_ERRORS, query.returnTo);
};

/** The boxes' values the API's messages quote ("compliance-notice"), as the form's boxes say them. */
const VALUE_WORDS: Record<string, string> = { ...ENFORCEMENT_ACTION_TITLES, ...ENFORCEMENT_SUBJECT_TITLES };

/**
 * The API's messages with each quoted value of an action or a subject said as the form's boxes say it, in lower case
 * ("considered: compliance notice, suspension"; found by a new-user walk: "considered: "compliance-notice"").
 */
function valuesInWords(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) => ({
    ...error,
    message: error.message.replace(/"([a-z-]+)"/g, (quoted, value: string) => {
      const words = VALUE_WORDS[value];
      return words === undefined ? quoted : `${words.charAt(0).toLowerCase()}${words.slice(1)}`;
    }),
  }));
}

function present(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

export const submitEnforcement: PageHandler = async ({ params, query, user, form, now }) => {
  requireManager(user);
  const urn = params.urn ?? '';
  const against = form.getAll('against').filter((value) => value !== '');
  const showErrors = (errors: readonly FieldError[]) => newFormPage(urn, valuesOf(form), { against }, formErrors(valuesInWords(errors), FIELDS.fieldsOf, FIELDS.order), query.returnTo);
  const body = present([
    ['inspectionId', textOf(form, 'inspectionId')],
    ['action', textOf(form, 'action')],
    ['against', against],
    ['issuedOn', dateOf(form, 'issuedOn')],
    ['effectiveOn', dateOf(form, 'effectiveOn')],
    ['endsOn', dateOf(form, 'endsOn')],
    ['note', textOf(form, 'note')],
  ]);
  const parsed = parseWith(EnforcementActionRecorded, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await recordEnforcementAction(urn, parsed.value, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return showErrors([{ field: 'issuedOn', message: error.message }]);
    throw error;
  }
  return redirect(returnPlace(urn, query.returnTo).saved);
};

async function actionOf(urn: string, id: string, now: Date): Promise<EnforcementActionRecord> {
  const { items } = await listEnforcementActions(urn, now);
  const action = items.find((item) => item.id === id);
  if (!action) throw new NotFoundError(`enforcement action ${id} is not recorded for establishment ${urn}`);
  return action;
}

const CLEAR_HINT = 'For example, 25 3 2027. Leave it empty to clear a date recorded before.';

/** A later date from the change form: a day sets it; an empty field clears a date the action had (null), else leaves it out. */
function changedDateOf(form: URLSearchParams, action: EnforcementActionRecord, field: 'effectiveOn' | 'endsOn' | 'withdrawnOn'): string | null | undefined {
  const day = dateOf(form, field);
  if (day !== undefined) return day;
  return action[field] !== undefined ? null : undefined;
}

function changeFormPage(action: EnforcementActionRecord, values: Record<string, string>, errors: FormErrors): PageResult {
  const build = formFields({ values, errors });
  const dates = ENFORCEMENT_DATES[action.action];
  return page(
    'record-form',
    `${ENFORCEMENT_ACTION_TITLES[action.action]} – dates`,
    {
      back: { text: 'Back to the establishment', href: `${establishmentHref(action.urn)}#enforcement` },
      caption: `URN ${action.urn}`,
      heading: `${ENFORCEMENT_ACTION_TITLES[action.action]} issued on ${inWords(action.issuedOn)}`,
      // What this action has (found by a new-user walk: a compliance notice's form promised an end it cannot record).
      intro: [`${changeableWords(dates)} To clear a date recorded by mistake, empty its day, month and year.`],
      action: `${establishmentHref(action.urn)}/enforcement-actions/${encodeURIComponent(action.id)}`,
      fields: [
        ...(dates.effectiveOn ? [build.date('effectiveOn', 'Date it takes effect', CLEAR_HINT)] : []),
        ...(dates.endsOn ? [build.date('endsOn', 'Date it ends', CLEAR_HINT)] : []),
        build.date('withdrawnOn', 'Date withdrawn', CLEAR_HINT),
        build.textarea('note', 'Note (optional)', "Do not include children's names or initials."),
      ],
      button: 'Save the dates',
      errors,
    },
    { nav: 'register', hasErrors: errors.summary.length > 0 },
  );
}

/** What the dates form of an action records, by the dates the action has (ENFORCEMENT_DATES). */
function changeableWords(dates: { effectiveOn: boolean; endsOn: boolean }): string {
  const parts = [...(dates.effectiveOn ? ['when it took effect'] : []), ...(dates.endsOn ? ['when it ended'] : []), 'that it was withdrawn'];
  const listed = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
  return `Record ${listed}.${dates.effectiveOn || dates.endsOn ? '' : ' It is issued only: it stays in force until it is withdrawn.'}`;
}

export const enforcementChangeForm: PageHandler = async ({ params, user, now }) => {
  requireManager(user);
  const action = await actionOf(params.urn ?? '', enforcementActionIdFrom(params), now);
  const values = {
    ...dateValues('effectiveOn', action.effectiveOn),
    ...dateValues('endsOn', action.endsOn),
    ...dateValues('withdrawnOn', action.withdrawnOn),
    ...(action.note ? { note: action.note } : {}),
  };
  return changeFormPage(action, values, NO_ERRORS);
};

export const submitEnforcementChange: PageHandler = async ({ params, user, form, now }) => {
  requireManager(user);
  const action = await actionOf(params.urn ?? '', enforcementActionIdFrom(params), now);
  const showErrors = (errors: readonly FieldError[]) => changeFormPage(action, valuesOf(form), formErrors(valuesInWords(errors), FIELDS.fieldsOf, FIELDS.order));
  const parsed = parseWith(
    EnforcementActionDatesChange,
    present([
      ['version', action.version],
      ['effectiveOn', changedDateOf(form, action, 'effectiveOn')],
      ['endsOn', changedDateOf(form, action, 'endsOn')],
      ['withdrawnOn', changedDateOf(form, action, 'withdrawnOn')],
      ['note', textOf(form, 'note')],
    ]),
  );
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await changeEnforcementAction(action.urn, action.id, parsed.value, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    throw error;
  }
  return redirect(`${establishmentHref(action.urn)}?done=enforcement-changed#enforcement`);
};
