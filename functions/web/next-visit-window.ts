/**
 * GET/POST /app/corrections/{id}/visit-window (managers; web-corrections.ts): changes the window of the monitoring visit further
 * monitoring began, before its outcome is recorded, with the schema (NextVisitWindowChanged) and the logic
 * (changeNextVisitWindow) of PATCH /inspections/{id}/next-visit-window.
 */
import { EmailSendError } from '../adapters/mailer';
import { changeNextVisitWindow, readInspection } from '../app';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import { ordinalOf, type InspectionRecord } from '../core/inspection';
import { begunMonitoringVisit, changedMonitoringWindow } from '../core/monitoring-visits';
import { LONGEST_NEXT_VISIT_WEEKS, NextVisitWindowChanged, parseWith, RATIONALE_MIN_CHARACTERS, type FieldError } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields } from './form-fields';
import { weeksOf } from './outcome-form';
import { messagePage, page, redirect, requireManager, textOf, valuesOf, type PageHandler, type PageResult } from './page';

const FIELDS = fieldTable([
  {
    path: 'earliestWeeks',
    id: 'earliestWeeks',
    label: 'Window opens, in weeks after the earlier visit',
    whenMissing: 'Enter the week the window opens',
    inFormWords: [
      [/^must not be after latestWeeks\b/, 'The window must open no later than the week the visit is due by'],
      [/^must be at least\b/, 'The window must open at least 1 week after the earlier visit'],
      [/^must be at most\b/, `The window must open within ${LONGEST_NEXT_VISIT_WEEKS} weeks of the earlier visit`],
      [/^must be/, 'Enter the week the window opens as a whole number, for example 6'],
    ],
  },
  {
    path: 'latestWeeks',
    id: 'latestWeeks',
    label: 'Visit due by, in weeks after the earlier visit',
    whenMissing: 'Enter the week the visit is due by',
    inFormWords: [
      [/^would close the window on (.+), before today \((.+)\): .*$/, 'The window would close on $1, before today ($2): give a later week'],
      [/^must be at least\b/, 'The visit must be due at least 1 week after the earlier visit'],
      [/^must be at most\b/, `The visit must be due within ${LONGEST_NEXT_VISIT_WEEKS} weeks of the earlier visit`],
      [/^must be/, 'Enter the week the visit is due by as a whole number, for example 8'],
    ],
  },
  {
    path: 'reason',
    id: 'reason',
    label: 'Reason',
    whenMissing: 'Enter why the window changes',
    inFormWords: [
      [/^must be at least \d+ characters/, `Enter a reason of at least ${RATIONALE_MIN_CHARACTERS} characters`],
      [/^names a child\b/, "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child"],
    ],
  },
]);

function formPage(record: InspectionRecord, values: Record<string, string>, errors: FormErrors): PageResult {
  const begun = begunMonitoringVisit(record);
  const previous = record.monitoringVisits?.at(-1);
  const build = formFields({ values, errors });
  return page(
    'next-visit-window',
    `Change the monitoring visit window – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn },
      visit: begun && previous
        ? {
            title: `${ordinalOf(begun.number)} monitoring visit`,
            from: formatDateInWords(previous.outcome.outcome.visitDate),
            earliest: formatDateInWords(begun.earliest),
            latest: formatDateInWords(begun.latest),
          }
        : undefined,
      fields: [
        build.input('earliestWeeks', 'Window opens, in weeks after the earlier visit', { classes: 'govuk-input--width-3', type: 'text' }),
        build.input('latestWeeks', 'Visit due by, in weeks after the earlier visit', { classes: 'govuk-input--width-3', type: 'text' }),
        build.textarea('reason', 'Reason for the change', `At least ${RATIONALE_MIN_CHARACTERS} characters. It is kept in the inspection's history. Do not include children's names or initials.`),
      ],
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

/** The page when no window can change: a message saying why, with the way back. */
function cannotChange(record: InspectionRecord, why: string): PageResult {
  return messagePage(409, 'The window cannot be changed', [`${why.charAt(0).toUpperCase()}${why.slice(1)}.`], {
    href: `/app/inspections/${encodeURIComponent(record.id)}`,
    text: 'Back to the inspection',
  }, 'inspections');
}

export const nextVisitWindowForm: PageHandler = async ({ params, user }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  const window = changedMonitoringWindow(record);
  if (typeof window === 'string') return cannotChange(record, window);
  return formPage(record, { earliestWeeks: String(window.from.earliestWeeks), latestWeeks: String(window.from.latestWeeks) }, NO_ERRORS);
};

export const submitNextVisitWindow: PageHandler = async ({ params, user, form, now }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  const showErrors = (errors: readonly FieldError[]) => formPage(record, valuesOf(form), formErrors(errors, FIELDS.fieldsOf, FIELDS.order));
  const body = {
    ...(textOf(form, 'earliestWeeks') === undefined ? {} : { earliestWeeks: weeksOf(form, 'earliestWeeks') }),
    ...(textOf(form, 'latestWeeks') === undefined ? {} : { latestWeeks: weeksOf(form, 'latestWeeks') }),
    ...(textOf(form, 'reason') === undefined ? {} : { reason: textOf(form, 'reason') }),
  };
  const parsed = parseWith(NextVisitWindowChanged, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  let done: 'window' | 'window-emailed' | 'window-not-emailed';
  try {
    const { leadInspectorEmailed } = await changeNextVisitWindow({ inspectionId: record.id, change: parsed.value }, user, now);
    done = leadInspectorEmailed ? 'window-emailed' : 'window';
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return cannotChange(record, error.message);
    // The window is changed (the write comes first); only the lead inspector's email failed: said, not a server error.
    if (error instanceof EmailSendError) done = 'window-not-emailed';
    else throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=${done}`);
};
