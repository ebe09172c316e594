/**
 * GET/POST /app/inspections/{id}/steps/{stepId} (the lead inspector, managers): records that a step happened, with the
 * schema (StepRecorded) and the logic (recordStep) of POST /inspections/{id}/steps/{stepId}.
 */
import { readInspection, recordStep, requireChange } from '../app';
import { NotFoundError, ValidationError } from '../core/errors';
import { formatDateInWords } from '../core/email-content';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { ordinalOf, timelinesFor, type InspectionRecord } from '../core/inspection';
import { isProcessId, PROCESSES, type Timeline } from '../core/regulations';
import { asOfMonitoringVisit } from '../core/monitoring-visits';
import { StepRecorded } from '../core/recorded-steps';
import { parseWith, RATIONALE_MIN_CHARACTERS, type FieldError } from '../core/schemas';
import { inspectionIdFrom, stepIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { dateValues, formFields } from './form-fields';
import { processTitle } from './labels';
import { dateOf, page, redirect, textOf, valuesOf, type PageHandler, type PageResult } from './page';
import type { WebUser } from './request';

/** The API's words for what the page asked (StepRecorded, recordStep), in the page's. */
/** The box confirming a visit made before its window opened. */
const EARLY = 'early';

const USE_THE_VISIT_LINK = 'go back to the inspection and use "Record report published" beside the visit under "Monitoring visits"';
const FIELDS = fieldTable([
  {
    path: 'on',
    id: 'on',
    href: '#on-day',
    date: true,
    label: 'Date it happened',
    whenMissing: 'Enter the date it happened',
    inFormWords: [
      [/is no longer the current one/, `The next monitoring visit began after this page was opened, so this report belongs to an earlier visit: ${USE_THE_VISIT_LINK}`],
      [/is already recorded as done on/, 'This step was recorded as done after this page was opened: go back to the inspection to see its date (a manager may correct it there)'],
    ],
  },
  {
    path: 'note',
    id: 'note',
    label: 'Note',
    inFormWords: [[/^names a child\b/, "The note names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child"]],
  },
  {
    path: 'reason',
    id: 'reason',
    label: 'Reason',
    whenMissing: 'Enter the reason',
    inFormWords: [
      [/^is required with "correction"/, 'Enter why the date changes'],
      [/^is required with "notPublished"/, 'Enter the exceptional circumstances in which the report is not published (SCCIF 15.1)'],
      [/^must be at least \d+ characters/, `Enter a reason of at least ${RATIONALE_MIN_CHARACTERS} characters`],
      [/^names a child\b/, "The reason names a child of this inspection by their initials: it is kept in the inspection's history, so give it without identifying any child"],
    ],
  },
  { path: EARLY, id: EARLY, label: 'Made early' },
  { path: 'notPublished', id: 'report', label: 'Report' },
  { path: 'stepId', id: 'on', href: '#on-day', label: 'Step' },
  { path: 'process', id: 'on', href: '#on-day', label: 'Step' },
  {
    path: 'visit',
    id: 'on',
    href: '#on-day',
    label: 'Monitoring visit',
    inFormWords: [[/send "visit"/, `More than one monitoring visit's report is awaited, so say which visit this report is of: ${USE_THE_VISIT_LINK}`]],
  },
]);

/**
 * A monitoring visit's report not yet recorded: it may be recorded instead as not published (SCCIF 15.1: the
 * regulatory inspection manager decides so in exceptional circumstances), with the reason. Only managers are asked.
 */
function mayGoUnpublished(processId: string, stepId: string, correcting: boolean): boolean {
  return processId === 'monitoring-visit' && stepId === 'publish' && !correcting;
}

const REPORT_OPTIONS = [
  { value: 'published', text: 'The report was published' },
  { value: 'not-published', text: 'A manager decided not to publish the report (exceptional circumstances, SCCIF 15.1)' },
];

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

/** The London day the window a step closes opened (a return visit's), when the step closes one. */
function windowOpening(timeline: Timeline, stepId: string): LocalDate | undefined {
  const opener = isProcessId(timeline.process) ? PROCESSES[timeline.process].steps.find((definition) => definition.closedBy === stepId) : undefined;
  return opener === undefined ? undefined : timeline.steps.find((step) => step.id === opener.id)?.dueLondonDate;
}

function stepOf(record: InspectionRecord, stepId: string, process: string | undefined) {
  for (const timeline of timelinesFor(record)) {
    if (process !== undefined && timeline.process !== process) continue;
    const step = timeline.steps.find((candidate) => candidate.id === stepId && candidate.recordable);
    if (step) return { process: timeline.process, step, timeline };
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
  now: Date,
  /** The form is first shown: a step not recorded yet starts at today's date. */
  firstShown = false,
): PageResult {
  const today: LocalDate | undefined = firstShown ? londonDateOf(now) : undefined;
  const { process: processId, step } = stepOf(asOfVisit(record, visit), stepId, process);
  const correcting = step.done !== undefined;
  const decides = user.isManager && mayGoUnpublished(processId, step.id, correcting);
  // A correction starts from the date recorded (found by a new-user walk: the form came blank); a step not recorded yet
  // from today, as the calls form does (found by a later walk: the dates were filled in on one form, not the other).
  const recorded = Object.keys(values).length === 0 ? dateValues('on', step.done ?? today) : {};
  const build = formFields({ values: decides && values.report === undefined ? { ...values, report: 'published' } : { ...recorded, ...values }, errors });
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
        // Found by a new-user walk: the form of an overdue return visit said "Due by …" as if it were still to come.
        overdue: !correcting && Date.parse(step.due) < now.getTime(),
        rule: step.rule,
        source: step.source,
        done: step.done ? formatDateInWords(step.done) : undefined,
        whenRecorded: correcting ? undefined : PROCESSES[processId as keyof typeof PROCESSES]?.steps.find((definition) => definition.id === step.id)?.whenRecorded,
      },
      // An earlier monitoring visit's report, recorded against that visit.
      ...(visit === undefined ? {} : { visit: { number: visit, title: `${ordinalOf(visit)} monitoring visit` } }),
      correcting,
      canCorrect: user.isManager,
      fields: [
        ...(decides ? [build.radios('report', 'What happened to the report?', REPORT_OPTIONS)] : []),
        build.date(
          'on',
          'Date it happened',
          `${decides ? 'The day it was published, or the day of the decision not to publish it. ' : ''}${correcting ? '' : 'Today’s date is filled in: change it if it happened on another day. '}London date, for example 23 12 2026`,
        ),
        // Asked only once the day given is before the window opened (submitRecordStep).
        ...(errors.byField[EARLY] !== undefined || values[EARLY] === 'yes'
          ? [build.checkboxes(EARLY, 'Before the window', [{ value: 'yes', text: 'The visit was made before its window opened' }])]
          : []),
        ...(correcting ? [build.textarea('reason', 'Reason for the correction', `At least ${RATIONALE_MIN_CHARACTERS} characters. Kept in the audit trail and shown beside the step. Do not include children's names or initials.`)] : []),
        ...(decides ? [build.textarea('reason', 'Reason for not publishing (only when not published)', "The exceptional circumstances. Kept in the audit trail. Do not include children's names or initials.")] : []),
        build.textarea('note', 'Note (optional)', "Do not include children's names or initials."),
      ],
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

export const recordStepForm: PageHandler = async ({ params, query, user, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its steps');
  return formPage(record, user, stepIdFrom(params), query.process, visitFrom(query.visit), {}, NO_ERRORS, now, true);
};

export const submitRecordStep: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its steps');
  const stepId = stepIdFrom(params);
  const process = textOf(form, 'process');
  const visit = visitFrom(textOf(form, 'visit'));
  const showErrors = (errors: readonly FieldError[]) => formPage(record, user, stepId, process, visit, valuesOf(form), formErrors(errors, FIELDS.fieldsOf, FIELDS.order), now);

  const { process: processId, step, timeline } = stepOf(asOfVisit(record, visit), stepId, process);
  // The form sent again once the step is recorded (a double click, a resent page), on the day recorded and with no
  // reason: nothing changes, as the API answers it (200, changed: false), not a correction missing its reason (found by
  // a new-user walk: "Enter why the date changes" after a double click).
  if (step.done !== undefined && dateOf(form, 'on') === step.done && !textOf(form, 'reason')) {
    return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=step`);
  }
  const correcting = step.done !== undefined;
  // Sent on whoever asks: the API refuses it from anyone but a manager (403), rather than recording a publication.
  const notPublished = mayGoUnpublished(processId, step.id, correcting) && textOf(form, 'report') === 'not-published';
  const body = {
    ...(dateOf(form, 'on') ? { on: dateOf(form, 'on') } : {}),
    ...(textOf(form, 'note') ? { note: textOf(form, 'note') } : {}),
    ...(process ? { process } : {}),
    ...(visit === undefined ? {} : { visit }),
    ...(correcting || notPublished ? { ...(correcting ? { correction: true } : { notPublished: true }), ...(textOf(form, 'reason') ? { reason: textOf(form, 'reason') } : {}) } : {}),
  };
  const parsed = parseWith(StepRecorded, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  // A visit recorded before its window opened: allowed (§72: sooner if concerns arise), once confirmed, as a mistyped
  // day would look the same (found by two new-user walks: accepted silently, then shown "Met early").
  const opens = !correcting ? windowOpening(timeline, step.id) : undefined;
  if (opens !== undefined && parsed.value.on < opens && form.get(EARLY) !== 'yes') {
    return showErrors([{ field: EARLY, message: `The day is before the window opened, on ${formatDateInWords(opens)}: check it, and tick the box if the visit was made early` }]);
  }
  let corrected: boolean;
  try {
    corrected = (await recordStep({ inspectionId: record.id, stepId, request: parsed.value }, user, now)).recorded.correctedFrom !== undefined;
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof Error && error.name === 'ConflictError') return showErrors([{ field: 'on', message: error.message }]);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=${corrected ? 'correction' : 'step'}`);
};
