/**
 * GET/POST /app/follow-ups/{id}/calls (inspectors; web-register.ts says why this path): records a phone call to a local authority that was alerted for
 * the inspection (SCCIF 15.3: the alert email is followed up by phone to ensure receipt), with the schema
 * (PhoneCallRecorded) and the logic (recordCall) of POST /inspections/{id}/calls.
 *
 * The date and time of the call are London wall-clock time, stored as a UTC instant.
 */
import { callees as calleesOf, callTimeProblemsOf, readInspection, recordCall, requireChange, type AlertedAuthority, type RefusedPlacer } from '../app';
import { CalendarError, isLocalDate, londonDateOf, londonTimeOn, type LocalDate, type LondonTime } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { CALL_OUTCOMES, parseWith, PhoneCallRecorded, type FieldError } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { dateValues, formFields, type Field } from './form-fields';
import { CALL_OUTCOME_WORDS } from './labels';
import { dateOf, page, redirect, textOf, valuesOf, type PageHandler, type PageResult } from './page';

/** The form's fields; "who you called" lists placers too when their alert was not delivered. */
const fieldsTable = (placers: boolean) => fieldTable([
  placers
    ? { path: 'authorityCode', id: 'authorityCode', label: 'Who you called', whenMissing: 'Select who you called' }
    : { path: 'authorityCode', id: 'authorityCode', label: 'Local authority', whenMissing: 'Select the local authority you called' },
  { path: 'placer', id: 'authorityCode', label: 'Who you called' },
  { path: 'calledAt', id: 'calledAt', href: '#calledAt-day', date: true, label: 'Date of the call', whenMissing: 'Enter the date of the call' },
  { path: 'calledAt-time', id: 'calledAt-time', label: 'Time of the call', whenMissing: 'Enter the time of the call' },
  { path: 'spokeTo', id: 'spokeTo', label: 'Who you spoke to', whenMissing: 'Enter who you spoke to', inFormWords: [[/^is required when outcome is\b/, 'Enter who you spoke to, unless no one answered']] },
  { path: 'outcome', id: 'outcome', label: 'Outcome of the call', whenMissing: 'Select the outcome of the call' },
  { path: 'notes', id: 'notes', label: 'Notes' },
]);
const FIELDS = { authorities: fieldsTable(false), withPlacers: fieldsTable(true) };

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** The instant of the call from its London date and time, or the problems with them. */
function calledAtOf(form: URLSearchParams): { instant?: string; errors: FieldError[] } {
  const date = dateOf(form, 'calledAt');
  const time = textOf(form, 'calledAt-time');
  if (date === undefined && time === undefined) return { errors: [] };
  const errors: FieldError[] = [];
  if (date === undefined) errors.push({ field: 'calledAt', message: 'is required' });
  else if (!isLocalDate(date)) errors.push({ field: 'calledAt', message: `"${date}" is not a real calendar date` });
  const clock = time === undefined ? undefined : TIME.exec(time);
  if (time === undefined) errors.push({ field: 'calledAt-time', message: 'is required' });
  else if (!clock) errors.push({ field: 'calledAt-time', message: 'must be a time on the 24-hour clock, for example 09:15' });
  if (errors.length > 0 || !clock) return { errors };
  const hhmm = `${(clock[1] ?? '').padStart(2, '0')}:${clock[2] ?? ''}` as LondonTime;
  try {
    return { instant: londonTimeOn(date as LocalDate, hhmm), errors: [] };
  } catch (error) {
    if (error instanceof CalendarError) return { errors: [{ field: 'calledAt-time', message: 'does not exist on that day in London: the clocks went forward' }] };
    throw error;
  }
}

/**
 * Messages of the route logic that name an instant: said about the date and time fields instead. A call later today
 * is a time in the future, not a date (found by a new-user walk: "Date of the call must be in the past" for 16:10 at
 * 16:00).
 */
function wordedForForm(errors: readonly FieldError[], typedDate: string | undefined, now: Date): FieldError[] {
  const field = typedDate === londonDateOf(now) ? 'calledAt-time' : 'calledAt';
  // A call before the alert on the alert's own day: the time is what is wrong (found by a new-user walk: the date was named).
  const alertsDay = (message: string) => typedDate !== undefined && isLocalDate(typedDate) && message.includes(`sent, on ${formatDateInWords(typedDate)} at `);
  return errors.map((error) => {
    if (error.field !== 'calledAt') return error;
    if (error.message.includes('is in the future')) return { field, message: 'must be in the past: record a call once it has been made' };
    return alertsDay(error.message) ? { ...error, field: 'calledAt-time' } : error;
  });
}

/** Whom a call can be to: the alerted authorities, and the people who placed a child whose alert was not delivered. */
interface Callees {
  alerted: readonly AlertedAuthority[];
  placers: readonly RefusedPlacer[];
}

function fieldsFor({ alerted, placers }: Callees, values: Record<string, string>, errors: FormErrors): Field[] {
  const build = formFields({ values, errors });
  return [
    // One list: a placer's option is their alert's key (`placer:…`), sent as `placer` (found by a new-user walk: a
    // bounced alert to a parent could not be resolved).
    build.select(
      'authorityCode',
      placers.length > 0 ? 'Who you called' : 'Local authority',
      [
        ...alerted.map(({ code, name }) => ({ value: code, text: name })),
        ...placers.map(({ key, name }) => ({ value: key, text: `${name}, who placed a child (their alert was not delivered)` })),
      ],
      {
        hint:
          placers.length > 0
            ? "A local authority whose director of children's services was alerted, or a person who placed a child whose alert email was not delivered: the call tells them what it says"
            : "The local authority whose director of children's services was alerted",
        placeholder: placers.length > 0 ? 'Select who you called' : 'Select a local authority',
      },
    ),
    build.date('calledAt', 'Date of the call', 'Today’s date is filled in: change it if the call was on another day. For example, 23 12 2026'),
    build.input('calledAt-time', 'Time of the call', { hint: 'London time, on the 24-hour clock, for example 09:15', classes: 'govuk-input--width-5' }),
    build.input('spokeTo', 'Who you spoke to', { hint: 'Their name and role. Leave it blank if no one answered.' }),
    build.radios(
      'outcome',
      'Outcome of the call',
      CALL_OUTCOMES.map((value) => ({ value, text: CALL_OUTCOME_WORDS[value] })),
      placers.length > 0 ? { hint: `To a person who placed a child: "${CALL_OUTCOME_WORDS['receipt-confirmed']}" once you have told them what the alert says.` } : {},
    ),
    build.textarea('notes', 'Notes (optional)', "Do not include children's names or initials."),
  ];
}

function formPage(record: InspectionRecord, callees: Callees, values: Record<string, string>, errors: FormErrors): PageResult {
  return page(
    'calls',
    `Record a phone call – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn },
      alerted: callees.alerted.length + callees.placers.length > 0,
      placersToCall: callees.placers.length > 0,
      fields: fieldsFor(callees, values, errors),
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

/** The list's value as the body names it: a placer's alert key as `placer`, else a local authority's code. */
function callee(value: string | undefined): { authorityCode?: string; placer?: string } {
  if (value === undefined) return {};
  return value.startsWith('placer:') ? { placer: value } : { authorityCode: value };
}

export const callForm: PageHandler = async ({ params, query, user, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its phone calls');
  const callees = await calleesOf(record);
  const preselected = [...callees.alerted.map(({ code }) => code), ...callees.placers.map(({ key }) => key)].find((value) => value === query.authority);
  // The date starts as today in London: a call is mostly recorded the day it is made (found by a new-user walk: every
  // call meant typing today's date). The time is left for the inspector: only they know when they called.
  return formPage(record, callees, { ...dateValues('calledAt', londonDateOf(now)), ...(preselected ? { authorityCode: preselected } : {}) }, NO_ERRORS);
};

export const submitCall: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its phone calls');
  const showErrors = async (errors: readonly FieldError[]) => {
    const callees = await calleesOf(record);
    const fields = callees.placers.length > 0 ? FIELDS.withPlacers : FIELDS.authorities;
    return formPage(record, callees, valuesOf(form), formErrors(wordedForForm(errors, dateOf(form, 'calledAt'), now), fields.fieldsOf, fields.order));
  };

  const calledAt = calledAtOf(form);
  const body = {
    ...callee(textOf(form, 'authorityCode')),
    ...(calledAt.instant ? { calledAt: calledAt.instant } : {}),
    ...(textOf(form, 'spokeTo') ? { spokeTo: textOf(form, 'spokeTo') } : {}),
    ...(textOf(form, 'outcome') ? { outcome: textOf(form, 'outcome') } : {}),
    ...(textOf(form, 'notes') ? { notes: textOf(form, 'notes') } : {}),
  };
  const parsed = parseWith(PhoneCallRecorded, body);
  if (!parsed.ok || calledAt.errors.length > 0) {
    // The date and time fields report their own problems; the schema's "calledAt is required" would repeat them.
    const schemaErrors = parsed.ok ? [] : parsed.errors.filter((error) => !(calledAt.errors.length > 0 && error.field === 'calledAt'));
    // Whom the call was to is one of two fields, checked once the rest parse: asked for with the rest on the form.
    const who: FieldError[] =
      body.authorityCode === undefined && body.placer === undefined && !schemaErrors.some((error) => error.field === 'authorityCode') ? [{ field: 'authorityCode', message: 'is required' }] : [];
    // A time given is checked too (in the future, before the alert), so that it shows with the rest.
    const at = schemaErrors.some((error) => error.field === 'calledAt') ? undefined : calledAt.instant;
    const timing = at === undefined ? [] : await callTimeProblemsOf(record, { ...callee(textOf(form, 'authorityCode')), calledAt: at }, now);
    return showErrors([...who, ...calledAt.errors, ...schemaErrors, ...timing]);
  }
  try {
    await recordCall({ inspectionId: record.id, call: parsed.value }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    // Another call at that minute to them is recorded: said beside the time (the API's 409).
    if (error instanceof ConflictError) return showErrors([{ field: 'calledAt', message: error.message }]);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=call`);
};
