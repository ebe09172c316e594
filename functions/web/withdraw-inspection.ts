/**
 * GET/POST /app/withdrawals/{inspectionId} (managers): withdraws an inspection logged by mistake, with the schema
 * (InspectionWithdrawn) and the logic (withdrawInspection) of POST /inspections/{id}/withdrawal. The page says what
 * withdrawing does, and who outside Ofsted was already emailed about the inspection (nobody is emailed again: the
 * manager tells them).
 */
import { EmailSendError } from '../adapters/mailer';
import { KIND_WORDS, withdrawalPreview, withdrawInspection } from '../app';
import { londonDateOf } from '../core/calendar';
import { fourPointWords, INTERIM_LABELS } from '../core/judgements';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { withdrawalRefusal } from '../core/withdrawal';
import { InspectionWithdrawn, parseWith, RATIONALE_MIN_CHARACTERS, type FieldError } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields } from './form-fields';
import { datesRows } from './inspection-dates';
import { emailedWords, placersOf } from './recipients';
import { asSentence, processTitle, sentenceCase } from './labels';
import { messagePage, page, redirect, requireManager, textOf, valuesOf, type PageHandler, type PageResult } from './page';

/** The box a manager ticks before an action that cannot be undone (found by a new-user walk: a child's name, typed in
 * the reason by mistake, stood for good: the check finds initials, not names). */
const CHECKED = 'checked';

const FIELDS = fieldTable([
  {
    path: 'reason',
    id: 'reason',
    label: 'Why it is withdrawn',
    whenMissing: 'Enter why the inspection is withdrawn',
    inFormWords: [
      [/^must be at least \d+ characters/, `Enter a reason of at least ${RATIONALE_MIN_CHARACTERS} characters`],
      [/^names a child\b/, "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child"],
    ],
  },
  { path: CHECKED, id: CHECKED, label: 'Confirmation', whenMissing: 'Confirm that the inspection was logged by mistake and that the reason names no child' },
]);

type Preview = Awaited<ReturnType<typeof withdrawalPreview>>;

/** "Judged inadequate overall, recorded on …": what is being withdrawn (found by a new-user walk: only "Recorded on"). */
function outcomeWords({ outcome, recordedAt }: NonNullable<InspectionRecord['outcome']>): string {
  const on = `recorded on ${formatDateInWords(londonDateOf(recordedAt))}`;
  if ('overall' in outcome) return `Judged ${fourPointWords(outcome.overall)} overall, ${on}`;
  if (outcome.process === 'interim-inspection') return `Judged to have ${INTERIM_LABELS[outcome.effectiveness]}, ${on}`;
  if (outcome.process === 'assurance-visit') return `${outcome.seriousOrWidespreadConcerns ? 'Serious or widespread concerns found' : 'No serious or widespread concerns'}, ${on}`;
  return `Recorded on ${formatDateInWords(londonDateOf(recordedAt))}`;
}

/** Which inspection this is (found by a new-user walk: two visits to one home, and no way to tell which was being withdrawn). */
/** A row of the page's summary list; `link` and `after` follow `value` (a reference shown as a link within the words). */
type DetailRow = { key: string; value: string; link?: { href: string; text: string }; after?: string };

function detailsOf({ record, pendingApprovals, reopens }: Preview): DetailRow[] {
  return [
    { key: 'Reference', value: record.id },
    ...datesRows(record.dates),
    { key: 'Lead inspector', value: record.inspectorName },
    { key: 'Outcome', value: record.outcome ? outcomeWords(record.outcome) : 'Not recorded yet' },
    // What withdrawing a return inspection does to the inspection it returns to (app/withdraw-inspection.ts), in plain
    // words, with the day it is due and a link (found by a new-user walk: "opens its return again" was jargon).
    ...(reopens
      ? [
          {
            key: 'Return inspection of',
            value: `${reopens.establishmentName}'s inspection `,
            link: { href: `/app/inspections/${encodeURIComponent(reopens.inspectionId)}`, text: reopens.inspectionId },
            after: reopens.stepTitle
              ? `. Withdrawing this one marks its step “${reopens.stepTitle}” as not done: it is due by ${formatDateInWords(reopens.due!)}, and the managers are emailed from then until the real return inspection is logged.`
              : '. Withdrawing this one marks its return as not done, until the real return inspection is logged.',
          },
        ]
      : []),
    ...(pendingApprovals.length > 0
      ? [{ key: 'Waiting for a decision', value: `${sentenceCase(pendingApprovals.map((kind) => `the ${KIND_WORDS[kind]}`).join(', '))}: closed if you withdraw it` }]
      : []),
  ];
}

function formPage(preview: Preview, emailed: readonly string[], values: Record<string, string>, errors: FormErrors): PageResult {
  const { record } = preview;
  const build = formFields({ values, errors, lists: { [CHECKED]: values[CHECKED] === undefined ? [] : [values[CHECKED]] } });
  return page(
    'withdraw-inspection',
    `Withdraw the inspection – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn, process: processTitle(record.process), reference: record.id },
      emailed,
      details: detailsOf(preview),
      leadInspector: preview.leadInspectorToBeEmailed ? record.inspectorName : undefined,
      decisionsToClose: preview.pendingApprovals.length > 0,
      fields: [
        build.textarea(
          'reason',
          'Why it is withdrawn',
          `For example, logged against the wrong home, with the wrong dates, or twice. At least ${RATIONALE_MIN_CHARACTERS} characters. It is kept in the inspection's history and emailed to its lead inspector, and cannot be changed: do not name or identify any child.`,
        ),
        build.checkboxes(CHECKED, 'Before you withdraw it', [
          { value: 'yes', text: 'I have checked: this inspection was logged by mistake, and my reason names no child' },
        ]),
      ],
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

function cannotWithdraw(record: InspectionRecord, why: string): PageResult {
  return messagePage(409, 'The inspection cannot be withdrawn', [asSentence(why)], {
    href: `/app/inspections/${encodeURIComponent(record.id)}`,
    text: 'Back to the inspection',
  }, 'inspections');
}

async function preview(params: Parameters<PageHandler>[0]['params'], user: Parameters<PageHandler>[0]['user']) {
  requireManager(user);
  const previewed = await withdrawalPreview(inspectionIdFrom(params), user);
  return { previewed, record: previewed.record, emailed: emailedWords(previewed.emailedOutsideOfsted, previewed.directory, placersOf(previewed.record)) };
}

export const withdrawalForm: PageHandler = async ({ params, user }) => {
  const { previewed, record, emailed } = await preview(params, user);
  const refused = record.withdrawal && withdrawalRefusal(record, '');
  if (refused) return cannotWithdraw(record, refused);
  return formPage(previewed, emailed, {}, NO_ERRORS);
};

export const submitWithdrawal: PageHandler = async ({ params, user, form, now }) => {
  const { previewed, record, emailed } = await preview(params, user);
  const showErrors = (errors: readonly FieldError[]) => formPage(previewed, emailed, valuesOf(form), formErrors(errors, FIELDS.fieldsOf, FIELDS.order));
  const reason = textOf(form, 'reason');
  const parsed = parseWith(InspectionWithdrawn, reason === undefined ? {} : { reason });
  const unchecked = form.get(CHECKED) === 'yes' ? [] : [{ field: CHECKED, message: 'is required' }];
  if (!parsed.ok || unchecked.length > 0) return showErrors([...(parsed.ok ? [] : parsed.errors), ...unchecked]);
  let done: 'withdrawn' | 'withdrawn-emailed' | 'withdrawn-not-emailed';
  try {
    const { leadInspectorEmailed } = await withdrawInspection({ inspectionId: record.id, withdrawal: parsed.value }, user, now);
    done = leadInspectorEmailed ? 'withdrawn-emailed' : 'withdrawn';
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return cannotWithdraw(record, error.message);
    // Withdrawn (the write and the stops come first); only the lead inspector's email failed: said, not a server error.
    if (error instanceof EmailSendError) done = 'withdrawn-not-emailed';
    else throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=${done}`);
};
