/**
 * GET/POST /app/corrections/{id}/judgements (managers; web-corrections.ts): amends the judgements after quality assurance and
 * before the report is sent to the provider (children's homes framework §99; residential family centres framework
 * §67, §75), with the schema (OutcomeAmended) and the logic (amendOutcome) of POST /inspections/{id}/outcome/amendments:
 * the questions of the outcome form, filled in with the judgements as recorded, then the reason and the day the
 * registered manager was called. The lead inspector proposes the change; the manager's submission approves it.
 */
import { amendOutcome, readInspection } from '../app';
import { amendmentBlocked, changedJudgements } from '../core/amendments';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { AMENDABLE_PROCESSES, OutcomeAmended, parseWith, type AmendableProcess, type FieldError, type OutcomeRecorded } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields, type Field } from './form-fields';
import { FOUR_POINT_WORDS, INTERIM_WORDS, processTitle } from './labels';
import { dateOf, messagePage, page, redirect, requireManager, textOf, valuesOf, type PageHandler, type PageResult } from './page';
import { fieldsFor, formFieldsOf, OUTCOME_QUESTIONS, outcomeBody } from './outcome-form';

const GRADE_WORDS: Record<string, string> = { ...FOUR_POINT_WORDS, ...INTERIM_WORDS };

const REASON = { id: 'reason', label: 'Reason for the amendment' };
const CALLED_ON = { id: 'registeredManagerCalledOn', label: 'Date the registered manager was called' };

/** The process whose judgements this inspection may have amended now, or why not (shown as a message page). */
function amendable(record: InspectionRecord): { process: AmendableProcess } | { refusal: string } {
  const blocked = amendmentBlocked(record);
  if (blocked) return { refusal: blocked };
  const process = record.process;
  if (!(AMENDABLE_PROCESSES as readonly string[]).includes(process)) {
    return { refusal: 'an assurance visit has no graded judgement to amend' };
  }
  return { process: process as AmendableProcess };
}

/** True when a manager may amend the judgements of this inspection now (the inspection page shows the button). */
export function canAmend(record: InspectionRecord): boolean {
  return 'process' in amendable(record);
}

/** The form's values for the outcome as recorded: radios by value, yes/no, dates in three parts, text. */
function valuesOfOutcome(outcome: OutcomeRecorded): Record<string, string> {
  const answers = outcome as unknown as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const question of OUTCOME_QUESTIONS[outcome.process]) {
    const answer = answers[question.name];
    if (answer === undefined) continue;
    if (question.kind === 'yes-no') values[question.name] = answer ? 'yes' : 'no';
    else if (question.kind === 'date' && typeof answer === 'string') {
      const [year, month, day] = answer.split('-');
      Object.assign(values, { [`${question.name}-day`]: String(Number(day)), [`${question.name}-month`]: String(Number(month)), [`${question.name}-year`]: year });
    } else values[question.name] = String(answer);
  }
  return values;
}

function fieldsOfForm(process: AmendableProcess, values: Record<string, string>, errors: FormErrors): Field[] {
  const build = formFields({ values, errors });
  return [
    ...fieldsFor(process, values, errors),
    build.heading('quality-assurance', 'Quality assurance', 'The lead inspector proposes the change; submitting this form approves it.'),
    build.textarea(REASON.id, REASON.label, 'Why quality assurance changed the judgements. This is kept in the amendments history of the inspection.'),
    build.date(
      CALLED_ON.id,
      CALLED_ON.label,
      "The inspector must call the registered manager, explaining the reasons for the change, before the report is sent (children's homes framework §99). For example, 4 1 2027",
    ),
  ];
}

function formPage(record: InspectionRecord, process: AmendableProcess, values: Record<string, string>, errors: FormErrors, status = 200): PageResult {
  const heading = 'Amend judgements';
  return page(
    'amend-outcome',
    `${heading} – ${record.establishment.name}`,
    {
      heading,
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn, process: processTitle(process) },
      fields: fieldsOfForm(process, values, errors),
      errors,
    },
    { nav: 'inspections', status, hasErrors: errors.summary.length > 0 },
  );
}

function cannotAmend(record: InspectionRecord, refusal: string, status: number): PageResult {
  return messagePage(
    status,
    'The judgements cannot be amended',
    [`The judgements of this inspection cannot be amended: ${refusal}.`],
    { href: `/app/inspections/${record.id}`, text: `Go to the inspection of ${record.establishment.name}` },
    'inspections',
  );
}

export const amendOutcomeForm: PageHandler = async ({ params, user }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  const allowed = amendable(record);
  if ('refusal' in allowed) return cannotAmend(record, allowed.refusal, 200);
  return formPage(record, allowed.process, record.outcome ? valuesOfOutcome(record.outcome.outcome) : {}, NO_ERRORS);
};

export const submitAmendment: PageHandler = async ({ params, user, form, now }) => {
  requireManager(user);
  const record = await readInspection(inspectionIdFrom(params));
  const allowed = amendable(record);
  if ('refusal' in allowed) return cannotAmend(record, allowed.refusal, 409);
  const { process } = allowed;

  const outcomeFields = formFieldsOf(process);
  const own = fieldTable([
    { path: REASON.id, id: REASON.id, label: REASON.label, whenMissing: 'Enter the reason for the amendment' },
    { path: CALLED_ON.id, id: CALLED_ON.id, href: `#${CALLED_ON.id}-day`, label: CALLED_ON.label, date: true, whenMissing: 'Enter the date the registered manager was called' },
  ]);
  const fieldsOf = (path: string) => own.fieldsOf(path) ?? outcomeFields.fieldsOf(path);
  const order = (id: string) => (own.fieldsOf(id) ? 1000 + own.order(id) : outcomeFields.order(id));
  const showErrors = (errors: readonly FieldError[]) => formPage(record, process, valuesOf(form), formErrors(errors, fieldsOf, order), 400);

  const body = { ...outcomeBody(process, form), reason: textOf(form, REASON.id), registeredManagerCalledOn: dateOf(form, CALLED_ON.id) };
  const parsed = parseWith(OutcomeAmended, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await amendOutcome({ inspectionId: record.id, amendment: parsed.value }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return cannotAmend(record, error.message, 409);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=amendment`);
};

/** The amendments history as the inspection page shows it: what changed (old → new, in words), why, the call. */
export function amendmentsView(record: InspectionRecord) {
  return (record.amendments ?? []).map((amendment) => {
    const before = amendment.before.outcome as unknown as Record<string, unknown>;
    const after = amendment.after as unknown as Record<string, unknown>;
    const changes = changedJudgements(amendment.before.outcome, amendment.after).map((field) => {
      const question = OUTCOME_QUESTIONS[amendment.after.process].find((candidate) => candidate.name === field);
      const words = (grade: unknown) => GRADE_WORDS[String(grade)] ?? String(grade);
      return `${question && 'label' in question ? question.label : field}: ${words(before[field])} → ${words(after[field])}`;
    });
    return {
      amendedAt: amendment.amendedAt,
      // By name (found by a new-user walk: "by local-manager-omar").
      amendedBy: amendment.amendedByName ?? amendment.amendedBy,
      reason: amendment.reason,
      calledOn: formatDateInWords(amendment.registeredManagerCalledOn),
      changes,
    };
  });
}
