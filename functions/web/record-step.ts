/**
 * GET/POST /app/inspections/{id}/steps/{stepId} (the lead inspector, managers): records that a step happened, with the
 * schema (StepRecorded) and the logic (recordStep) of POST /inspections/{id}/steps/{stepId}.
 */
import { mayRecordSteps, readInspection, recordStep } from '../app';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { formatDateInWords } from '../core/email-content';
import { ordinalOf, timelinesFor, type InspectionRecord } from '../core/inspection';
import { asOfMonitoringVisit } from '../core/monitoring-visits';
import { StepRecorded } from '../core/recorded-steps';
import { parseWith, type FieldError } from '../core/schemas';
import { inspectionIdFrom, stepIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields } from './form-fields';
import { processTitle } from './labels';
import { dateOf, page, redirect, textOf, valuesOf, type PageHandler, type PageResult } from './page';
import type { WebUser } from './request';

const FIELDS = fieldTable([
  { path: 'on', id: 'on', href: '#on-day', date: true, label: 'Date it happened', whenMissing: 'Enter the date it happened' },
  { path: 'note', id: 'note', label: 'Note' },
  { path: 'reason', id: 'reason', label: 'Reason for the correction', whenMissing: 'Enter why the date changes' },
  { path: 'stepId', id: 'on', href: '#on-day', label: 'Step' },
  { path: 'process', id: 'on', href: '#on-day', label: 'Step' },
  { path: 'visit', id: 'on', href: '#on-day', label: 'Monitoring visit' },
]);

/** An earlier monitoring visit's number from the page's query or form ("visit"), else undefined (the current visit). */
function visitFrom(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[1-9][0-9]?$/.test(text)) throw new NotFoundError('monitoring visit not found');
  return Number(text);
}

/** The record as it stood for the visit a page names (its timeline holds that visit's report), else the record. */
function asOfVisit(record: InspectionRecord, visit: number | undefined): InspectionRecord {
  if (visit === undefined) return record;
  const asOf = asOfMonitoringVisit(record, visit);
  if (!asOf) throw new NotFoundError('monitoring visit not found');
  return asOf;
}

function stepOf(record: InspectionRecord, stepId: string, process: string | undefined) {
  for (const timeline of timelinesFor(record)) {
    if (process !== undefined && timeline.process !== process) continue;
    const step = timeline.steps.find((candidate) => candidate.id === stepId && candidate.recordable);
    if (step) return { process: timeline.process, step };
  }
  throw new NotFoundError('step not found');
}

function formPage(
  record: InspectionRecord,
  user: WebUser,
  stepId: string,
  process: string | undefined,
  visit: number | undefined,
  values: Record<string, string>,
  errors: FormErrors,
): PageResult {
  const { process: processId, step } = stepOf(asOfVisit(record, visit), stepId, process);
  const build = formFields({ values, errors });
  const correcting = step.done !== undefined;
  return page(
    'record-step',
    `Record as done: ${step.title} – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn },
      step: {
        id: step.id,
        title: step.title,
        process: processId,
        processTitle: processTitle(processId),
        due: step.due,
        rule: step.rule,
        source: step.source,
        done: step.done ? formatDateInWords(step.done) : undefined,
      },
      // An earlier monitoring visit's report, recorded against that visit.
      ...(visit === undefined ? {} : { visit: { number: visit, title: `${ordinalOf(visit)} monitoring visit` } }),
      correcting,
      canCorrect: user.isManager,
      fields: [
        build.date('on', 'Date it happened', 'London date, for example 23 12 2026'),
        ...(correcting ? [build.textarea('reason', 'Reason for the correction', 'Kept in the audit trail.')] : []),
        build.textarea('note', 'Note (optional)', "Do not include children's names."),
      ],
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

export const recordStepForm: PageHandler = async ({ params, query, user }) => {
  const record = await readInspection(inspectionIdFrom(params));
  if (!mayRecordSteps(record, user)) throw new ForbiddenError('only the lead inspector of this inspection or a manager may record its steps');
  return formPage(record, user, stepIdFrom(params), query.process, visitFrom(query.visit), {}, NO_ERRORS);
};

export const submitRecordStep: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  if (!mayRecordSteps(record, user)) throw new ForbiddenError('only the lead inspector of this inspection or a manager may record its steps');
  const stepId = stepIdFrom(params);
  const process = textOf(form, 'process');
  const visit = visitFrom(textOf(form, 'visit'));
  const showErrors = (errors: readonly FieldError[]) => formPage(record, user, stepId, process, visit, valuesOf(form), formErrors(errors, FIELDS.fieldsOf, FIELDS.order));

  const correcting = stepOf(asOfVisit(record, visit), stepId, process).step.done !== undefined;
  const body = {
    ...(dateOf(form, 'on') ? { on: dateOf(form, 'on') } : {}),
    ...(textOf(form, 'note') ? { note: textOf(form, 'note') } : {}),
    ...(process ? { process } : {}),
    ...(visit === undefined ? {} : { visit }),
    ...(correcting ? { correction: true, ...(textOf(form, 'reason') ? { reason: textOf(form, 'reason') } : {}) } : {}),
  };
  const parsed = parseWith(StepRecorded, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await recordStep({ inspectionId: record.id, stepId, request: parsed.value }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof Error && error.name === 'ConflictError') return showErrors([{ field: 'on', message: error.message }]);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=step`);
};
