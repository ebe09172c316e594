/**
 * Requirements and recommendations as pages (peers of POST /inspections/{id}/requirements and PATCH
 * .../requirements/{requirementId}, over the same schemas and operations):
 * - GET/POST /app/inspections/{id}/requirements/new: the lead inspector or a manager records one;
 * - GET/POST /app/inspections/{id}/requirements/{requirementId}/met: records a requirement as met in full.
 * The inspection page shows them, with the enforcement actions linked to its case review (inspectionRecordsView).
 */
import {
  listEnforcementActions,
  listRequirements,
  markRequirementMet,
  mayChange,
  readInspection,
  recordRequirement,
  requireChange,
  type Caller,
} from '../app';
import { consideredNotRecorded, describeEnforcement } from '../core/approvals';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { ENFORCEMENT_ACTION_TITLES, ENFORCEMENT_SUBJECT_TITLES } from '../core/enforcement';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { REQUIREMENTS_SOURCE, RequirementMet, RequirementRecorded } from '../core/requirements';
import { parseWith, type EnforcementAction, type FieldError } from '../core/schemas';
import { inspectionIdFrom, requirementIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields } from './form-fields';
import { ENFORCEMENT_STATE_TAGS, sentenceCase } from './labels';
import { dateOf, page, redirect, textOf, valuesOf, type PageHandler, type PageResult } from './page';

const dayInWords = (day: string | undefined): string | undefined => (day === undefined ? undefined : formatDateInWords(day as LocalDate));

/** What the inspection page shows of its requirements and enforcement actions, and what the user may add. */
export async function inspectionRecordsView(record: InspectionRecord, user: Caller, now: Date) {
  const [{ items: requirements }, enforcement] = await Promise.all([
    listRequirements(record.id, now),
    listEnforcementActions(record.establishment.urn, now, record.id).catch((error: unknown) => {
      // An inspection logged before the register held its establishment has no enforcement on the register.
      if (error instanceof NotFoundError) return { items: [] };
      throw error;
    }),
  ]);
  const canChange = mayChange(record, user);
  // A manager records enforcement: the form, linked to this inspection's case review, and filled in with an action.
  const recordEnforcement = user.groups.includes('managers') && !record.withdrawal
    ? (action?: EnforcementAction, against: readonly string[] = []) => {
        const query = new URLSearchParams({
          inspectionId: record.id,
          ...(action === undefined ? {} : { action }),
          ...(against.length === 0 ? {} : { against: against.join(',') }),
          returnTo: record.id,
        });
        return `/app/establishments/${encodeURIComponent(record.establishment.urn)}/enforcement-actions/new?${query.toString()}`;
      }
    : undefined;
  return {
    requirements: requirements.map((item) => ({
      kind: item.kind === 'requirement' ? 'Requirement' : 'Recommendation',
      text: item.text,
      regulation: item.regulation,
      due: dayInWords(item.dueOn),
      met: dayInWords(item.metInFullOn),
      overdue: item.overdue,
      markMet: canChange && item.kind === 'requirement' ? `/app/inspections/${encodeURIComponent(record.id)}/requirements/${item.id}/met` : undefined,
    })),
    addRequirement: canChange ? `/app/inspections/${encodeURIComponent(record.id)}/requirements/new` : undefined,
    enforcement: enforcement.items.map((item) => ({
      action: ENFORCEMENT_ACTION_TITLES[item.action],
      against: item.against.map((subject) => ENFORCEMENT_SUBJECT_TITLES[subject]).join(' and '),
      issued: dayInWords(item.issuedOn),
      effective: dayInWords(item.effectiveOn),
      ends: dayInWords(item.endsOn),
      withdrawn: dayInWords(item.withdrawnOn),
      state: ENFORCEMENT_STATE_TAGS[item.state],
      caseReviewOn: dayInWords(item.caseReview.decidedOn),
    })),
    recordEnforcement: recordEnforcement === undefined ? undefined : recordEnforcement(),
    considered: consideredView(record, enforcement.items, recordEnforcement),
  };
}

/**
 * What the case review considered, in a sentence, and each action it considered that is not recorded as issued yet
 * (with the form to record it, filled in, for a manager): "No enforcement action recorded" alone left the reader
 * unsure whether none was considered or one was still to come (found by a new-user walk).
 */
function consideredView(
  record: InspectionRecord,
  recorded: readonly { action: EnforcementAction }[],
  recordEnforcement: ((action?: EnforcementAction, against?: readonly string[]) => string) | undefined,
) {
  const review = record.decisions['case-review'];
  if (review?.enforcement === undefined) return decidedActionView(record, recorded, recordEnforcement);
  const considered = review.enforcement;
  const pending = consideredNotRecorded(considered, recorded).map((action) => {
    const against = considered === 'none' ? [] : considered.against;
    const text = sentenceCase(describeEnforcement({ actions: [action], against }));
    return { text, ...(recordEnforcement === undefined ? {} : { record: recordEnforcement(action, against) }) };
  });
  return { intro: `The case review of ${formatDateInWords(londonDateOf(review.decidedAt))} considered ${describeEnforcement(considered)}.`, pending };
}

/**
 * An interim case review that decided compliance action, or a family centre's case discussion that decided to take
 * enforcement action: which actions is not recorded with the decision, so until one is recorded as issued the page says
 * what was decided and offers the form (found by a new-user walk: such decisions led nowhere and prompted no one).
 */
function decidedActionView(
  record: InspectionRecord,
  recorded: readonly unknown[],
  recordEnforcement: ((action?: EnforcementAction, against?: readonly string[]) => string) | undefined,
) {
  const interim = record.decisions['interim-case-review'];
  const discussion = record.decisions['rfc-case-discussion'];
  const decided =
    interim !== undefined && String(interim.decision).includes('compliance-action')
      ? { what: `The case review of ${formatDateInWords(londonDateOf(interim.decidedAt))} decided to take compliance action.` }
      : discussion?.decision === 'enforcement-action'
        ? { what: `The case discussion of ${formatDateInWords(londonDateOf(discussion.decidedAt))} decided to take enforcement action.` }
        : undefined;
  if (decided === undefined) return undefined;
  const pending = recorded.length > 0 ? [] : [{ text: 'The action taken', ...(recordEnforcement === undefined ? {} : { record: recordEnforcement() }) }];
  return { intro: decided.what, pending };
}

const REQUIREMENT_FIELDS = fieldTable([
  { path: 'kind', id: 'kind', label: 'Requirement or recommendation', whenMissing: 'Select requirement or recommendation' },
  { path: 'text', id: 'text', label: 'What must be done', whenMissing: 'Enter what must be done' },
  { path: 'regulation', id: 'regulation', label: 'Regulation or standard' },
  { path: 'dueOn', id: 'dueOn', href: '#dueOn-day', date: true, label: 'Due date', whenMissing: 'Enter the date by which the requirement must be met' },
]);

const back = (record: InspectionRecord) => ({ text: 'Back to the inspection', href: `/app/inspections/${encodeURIComponent(record.id)}#requirements` });
const caption = (record: InspectionRecord) => `${record.establishment.name} (URN ${record.establishment.urn})`;

function requirementFormPage(record: InspectionRecord, values: Record<string, string>, errors: FormErrors): PageResult {
  const build = formFields({ values, errors });
  return page(
    'record-form',
    `Record a requirement or recommendation – ${record.establishment.name}`,
    {
      back: back(record),
      caption: caption(record),
      heading: 'Record a requirement or recommendation',
      intro: [
        `A requirement says what the registered person must do to meet the regulations, and by when; a recommendation says where practice can improve, with no date (${REQUIREMENTS_SOURCE}).`,
      ],
      action: `/app/inspections/${encodeURIComponent(record.id)}/requirements/new`,
      fields: [
        build.radios('kind', 'Requirement or recommendation', [
          { value: 'requirement', text: 'Requirement', hint: 'Must be met by a date' },
          { value: 'recommendation', text: 'Recommendation', hint: 'No date' },
        ]),
        build.textarea('text', 'What must be done', "Do not include children's names or initials."),
        build.input('regulation', 'Regulation or standard (optional)', { hint: 'For example, Regulation 12' }),
        build.date('dueOn', 'Due date (requirements only)', 'For example, 31 1 2027'),
      ],
      button: 'Record it',
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

export const requirementForm: PageHandler = async ({ params, user }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its requirements and recommendations');
  return requirementFormPage(record, {}, NO_ERRORS);
};

export const submitRequirement: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its requirements and recommendations');
  const showErrors = (errors: readonly FieldError[]) => requirementFormPage(record, valuesOf(form), formErrors(errors, REQUIREMENT_FIELDS.fieldsOf, REQUIREMENT_FIELDS.order));
  const body = Object.fromEntries(
    [['kind', textOf(form, 'kind')], ['text', textOf(form, 'text')], ['regulation', textOf(form, 'regulation')], ['dueOn', dateOf(form, 'dueOn')]].filter(([, value]) => value !== undefined),
  );
  const parsed = parseWith(RequirementRecorded, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await recordRequirement(record.id, parsed.value, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return showErrors([{ field: 'text', message: error.message }]);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=requirement#requirements`);
};

const MET_FIELDS = fieldTable([
  { path: 'metInFullOn', id: 'metInFullOn', href: '#metInFullOn-day', date: true, label: 'Date it was met in full', whenMissing: 'Enter the date the requirement was met in full' },
]);

async function requirementOf(record: InspectionRecord, requirementId: string, now: Date) {
  const { items } = await listRequirements(record.id, now);
  const item = items.find((candidate) => candidate.id === requirementId);
  if (!item) throw new NotFoundError(`requirement ${requirementId} is not recorded for this inspection`);
  return item;
}

function metFormPage(record: InspectionRecord, item: { id: string; text: string; dueOn?: string; version: number }, values: Record<string, string>, errors: FormErrors): PageResult {
  const build = formFields({ values, errors });
  return page(
    'record-form',
    `Record a requirement as met in full – ${record.establishment.name}`,
    {
      back: back(record),
      caption: caption(record),
      heading: 'Record a requirement as met in full',
      intro: [item.text, ...(item.dueOn ? [`Due by ${dayInWords(item.dueOn)}.`] : []), 'A monitoring visit can award an improved judgement only when every requirement was met in full by the visit (children’s homes framework §74).'],
      action: `/app/inspections/${encodeURIComponent(record.id)}/requirements/${item.id}/met`,
      fields: [build.date('metInFullOn', 'Date it was met in full', 'For example, 12 1 2027')],
      button: 'Record as met in full',
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

export const requirementMetForm: PageHandler = async ({ params, user, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its requirements as met');
  const item = await requirementOf(record, requirementIdFrom(params), now);
  return metFormPage(record, item, {}, NO_ERRORS);
};

export const submitRequirementMet: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its requirements as met');
  const item = await requirementOf(record, requirementIdFrom(params), now);
  const showErrors = (errors: readonly FieldError[]) => metFormPage(record, item, valuesOf(form), formErrors(errors, MET_FIELDS.fieldsOf, MET_FIELDS.order));
  const metInFullOn = dateOf(form, 'metInFullOn');
  const parsed = parseWith(RequirementMet, metInFullOn === undefined ? {} : { metInFullOn });
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await markRequirementMet(record.id, item.id, parsed.value, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=requirement-met#requirements`);
};
