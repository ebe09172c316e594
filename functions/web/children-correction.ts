/**
 * GET/POST /app/corrections/{id}/children (managers; web-corrections.ts): corrects the children recorded when the
 * inspection was logged, with the schema (ChildrenCorrected) and the logic (correctChildren) of
 * PATCH /inspections/{id}/children. The form starts from the children as recorded, one row each. The page says, before
 * anything is sent, what a correction does once the alerts have gone out.
 */
import { EmailSendError } from '../adapters/mailer';
import { correctChildren, localAuthorities, readInspection } from '../app';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { ChildrenCorrected, parseWith, RATIONALE_MIN_CHARACTERS, type FieldError } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { childFieldOf, childFieldOrder, childRowFields, childrenSent, childValues, MAX_CHILD_ROWS, rowsSent, type ChildRows } from './children-rows';
import { formErrors, NO_ERRORS, type FormErrors, type FormField } from './form-errors';
import { authorityOptions, formFields } from './form-fields';
import { messagePage, page, redirect, requireManager, textOf, valuesOf, type PageHandler, type PageResult } from './page';

const REASON: FormField = {
  id: 'reason',
  label: 'Reason',
  whenMissing: 'Enter why the children are corrected',
  inFormWords: [
    [/^must be at least \d+ characters/, `Enter a reason of at least ${RATIONALE_MIN_CHARACTERS} characters`],
    [/^names a child\b/, "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child"],
  ],
};

const AS_RECORDED: FormField = {
  id: 'children-1-initials',
  label: 'Children',
  inFormWords: [[/^are as recorded\b.*$/, 'The children are as recorded: change at least one child, or go back to the inspection']],
};

const fieldOf = (rows: readonly number[]) => (path: string): FormField | undefined =>
  path === 'reason' ? REASON : path === 'children' ? AS_RECORDED : childFieldOf(rows, path);
const order = (id: string) => (id === 'reason' ? Number.MAX_SAFE_INTEGER - 1 : (childFieldOrder(id, 0) ?? Number.MAX_SAFE_INTEGER));

async function formPage(record: InspectionRecord, values: Record<string, string>, errors: FormErrors, rows: ChildRows): Promise<PageResult> {
  const build = formFields({ values, errors });
  const authorities = authorityOptions(await localAuthorities()).map(({ value, text }) => ({ value, text }));
  const centre = record.establishment.kind === 'residential-family-centre';
  return page(
    'children-correction',
    `Correct the children – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn },
      placedIn: centre ? 'the centre' : 'the home',
      recorded: record.children.length,
      fields: childRowFields(build, rows, authorities),
      reason: build.textarea('reason', 'Reason for the correction', `At least ${RATIONALE_MIN_CHARACTERS} characters. It is kept in the inspection's history. Do not include children's names or initials.`),
      canAddChild: rows.shown < MAX_CHILD_ROWS,
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

function cannotCorrect(record: InspectionRecord, why: string): PageResult {
  return messagePage(409, 'The children cannot be corrected', [`${why.charAt(0).toUpperCase()}${why.slice(1)}.`], {
    href: `/app/inspections/${encodeURIComponent(record.id)}`,
    text: 'Back to the inspection',
  }, 'inspections');
}

export const childrenCorrectionForm: PageHandler = async ({ params, user }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  if (record.withdrawal) return cannotCorrect(record, 'this inspection was withdrawn: nothing more is recorded on it');
  return formPage(record, childValues(record.children), NO_ERRORS, { shown: Math.max(record.children.length, 1) });
};

export const submitChildrenCorrection: PageHandler = async ({ params, user, form, now }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  const shown = rowsSent(form);
  // "Add another child": the form again as sent, with one more row, focused; nothing is checked or changed yet.
  if (form.has('add-child')) {
    const more = Math.min(shown + 1, MAX_CHILD_ROWS);
    return formPage(record, valuesOf(form), NO_ERRORS, { shown: more, added: more });
  }
  const { children, rows } = childrenSent(form);
  const showErrors = (errors: readonly FieldError[]) => formPage(record, valuesOf(form), formErrors(errors, fieldOf(rows), order), { shown });
  const reason = textOf(form, 'reason');
  const parsed = parseWith(ChildrenCorrected, { children, ...(reason === undefined ? {} : { reason }) });
  if (!parsed.ok) return showErrors(parsed.errors);
  let done: 'children' | 'children-emailed' | 'children-not-emailed';
  try {
    const answer = await correctChildren({ inspectionId: record.id, correction: parsed.value }, user, now);
    done = answer.alerts.sent + answer.sentInErrorNotices.sent > 0 ? 'children-emailed' : 'children';
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return cannotCorrect(record, error.message);
    // The children are corrected (the write comes first); only an email failed: said, not a server error.
    if (error instanceof EmailSendError) done = 'children-not-emailed';
    else throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=${done}#children`);
};
