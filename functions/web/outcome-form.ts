/**
 * GET/POST /app/inspections/{id}/outcome (inspectors): records the judgements of the inspection (or whether an
 * assurance visit found serious or widespread concerns, or the outcome of the monitoring visit it started) with the
 * schema (OutcomeRecorded) and the logic (recordOutcome) of POST /inspections/{id}/outcome: the limiting rules of
 * the frameworks reject inconsistent judgements, shown in plain words in the error summary.
 */
import { awaitedOutcome, findEstablishment, isManager, lastRfcJudgement, readInspection, recordOutcome, requireChange } from '../app';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import { inspectionEndDate, outcomeNotYetRecordable, timelineFor, type InspectionRecord } from '../core/inspection';
import { FOUR_POINT, INTERIM } from '../core/judgements';
import { monitoringOrigin } from '../core/follow-ups';
import { currentMonitoringVisitWords } from '../core/monitoring-visits';
import { monitoringOutcomesFor, type MonitoringOrigin } from '../core/regulations';
import {
  CANCELLATION_STEPS,
  CASE_DISCUSSION_TRIGGERS,
  IMPROVED_GRADES,
  IMPROVED_JUDGEMENT_CONDITIONS,
  MONITORING_ANSWERS_OF_ONE_OUTCOME,
  OutcomeRecorded,
  parseWith,
  type FieldError,
  type OutcomeProcess,
} from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors, type FormField } from './form-errors';
import { dateValues, formFields, type Field, type Option } from './form-fields';
import { CANCELLATION_STEP_WORDS, FOUR_POINT_WORDS, INTERIM_WORDS, monitoringOutcomeWords, processTitle } from './labels';
import { dateOf, messagePage, page, redirect, textOf, valuesOf, yesNoOf, type PageHandler, type PageResult } from './page';

// ---------------------------------------------------------------------------------------------------------------
// The questions of each process

type Question =
  | { name: string; kind: 'four-point' | 'interim' | 'monitoring' | 'improved-grade'; legend: string; label: string; hint?: string }
  | { name: string; kind: 'cancellation-steps'; legend: string; label: string; hint?: string }
  | { name: string; kind: 'yes-no'; legend: string; label: string; hint?: string }
  | { name: string; kind: 'date'; legend: string; label: string; hint?: string; optional?: boolean }
  | { name: 'summaryOfConcerns'; kind: 'summary'; label: string; hint: string }
  | { name: string; kind: 'heading'; text: string; hint?: string }
  /** Whole weeks, into `path` of the body; `managers`: shown to managers only (the API refuses it from anyone else). */
  | { name: string; kind: 'weeks'; path: string; label: string; hint?: string; managers: true };

/** The body field a manager may set with further monitoring: the next visit's window (§71: decided case by case). */
const NEXT_VISIT_WINDOW = 'nextVisitWindow';

const VACANCY: Question = {
  name: 'registeredManagerVacantSince',
  kind: 'date',
  optional: true,
  legend: 'If the home has no registered manager, the date the post fell vacant',
  label: 'Date the registered manager post fell vacant',
  hint: 'Leave this blank if the home has a registered manager. For example, 27 3 2026',
};

/**
 * Where the summary goes: with the alerts to local authorities (and the provider's copy), or, for a family centre (whose
 * framework has no alert to local authorities), only onto the inspection's record.
 */
const summary = (when?: string, goes: 'with-alerts' | 'on-record' = 'with-alerts'): Question => ({
  name: 'summaryOfConcerns',
  kind: 'summary',
  label: 'Summary of the main concerns',
  hint: when
    ? goes === 'with-alerts'
      ? `Required ${when}. It is sent as written to the directors of children's services of every local authority alerted (not only a child's own) and to the provider: describe the concerns without identifying any child, by name or by initials.`
      : `Required ${when}. It is kept with the judgements on the inspection's record and is not emailed: a family centre inspection sends no alert to local authorities (where harm is likely, pass the information to the local authority yourself, residential family centres framework §71). Describe the concerns without identifying any child, by name or by initials.`
    : 'Optional. Describe the concerns without identifying any child, by name or by initials.',
});

const RFC_TRIGGER_QUESTIONS: Record<(typeof CASE_DISCUSSION_TRIGGERS)[number], { legend: string; label: string }> = {
  immediateRiskOfHarm: { legend: 'Is there evidence of immediate risk of harm to children or parents?', label: 'Immediate risk of harm' },
  breachOfRegulationsConstitutingOffence: {
    legend: 'Is there a breach of regulations that constitutes an offence?',
    label: 'Breach of regulations constituting an offence',
  },
  breachOfRegistrationConditions: {
    legend: 'Is there a breach of the conditions of registration?',
    label: 'Breach of the conditions of registration',
  },
  lastInspectionInadequate: {
    legend: 'Did the last inspection judge overall experiences inadequate?',
    label: 'Last inspection inadequate',
  },
};

const IMPROVED_QUESTIONS: Record<(typeof IMPROVED_JUDGEMENT_CONDITIONS)[number]['field'], { legend: string; label: string }> = {
  concernsDiscrete: {
    legend: 'Does the regulatory inspection manager agree the concerns are discrete enough?',
    label: 'Concerns discrete enough',
  },
  wouldOtherwiseBeHigher: {
    legend: 'Without these concerns, would the home have achieved a higher judgement?',
    label: 'A higher judgement without these concerns',
  },
  goodTrackRecord: { legend: 'Does the home have a good track record of addressing concerns?', label: 'Good track record' },
  leadershipOrProtectionConcerns: {
    legend: 'Are there concerns about leadership and management or the protection of children?',
    label: 'Concerns about leadership or protection',
  },
  rectifiableQuickly: { legend: 'Can the concerns be rectified quickly?', label: 'Concerns rectifiable quickly' },
  allRequirementsMet: { legend: 'Have all the requirements made been met in full?', label: 'All requirements met' },
};

export const OUTCOME_QUESTIONS: Record<OutcomeProcess, readonly Question[]> = {
  // Children's homes framework §50: helped and protected, and leaders and managers, are judged before overall.
  'full-inspection': [
    { name: 'helpedAndProtected', kind: 'four-point', legend: 'How well children and young people are helped and protected', label: 'Helped and protected' },
    { name: 'leadersAndManagers', kind: 'four-point', legend: 'The effectiveness of leaders and managers', label: 'Leaders and managers' },
    { name: 'overall', kind: 'four-point', legend: 'Overall experiences and progress of children and young people', label: 'Overall experiences and progress' },
    VACANCY,
    summary('when overall experiences and progress is inadequate'),
  ],
  'interim-inspection': [
    { name: 'effectiveness', kind: 'interim', legend: 'Effectiveness since the last full inspection', label: 'Effectiveness' },
    {
      name: 'enoughCauseForConcern',
      kind: 'yes-no',
      legend: 'Is there enough cause for concern for an urgent case review?',
      label: 'Enough cause for concern',
      hint: 'A decline, or enough cause for concern, leads to an urgent case review by the end of the next working day (SCCIF 15.1; §69). Leave this blank if not.',
    },
    VACANCY,
    summary('when effectiveness has declined or there is enough cause for concern'),
  ],
  'rfc-inspection': [
    { name: 'assessment', kind: 'four-point', legend: 'The quality of assessment', label: 'Quality of assessment' },
    { name: 'helpedAndProtected', kind: 'four-point', legend: 'How well children and parents are helped and protected', label: 'Helped and protected' },
    { name: 'leadersAndManagers', kind: 'four-point', legend: 'The effectiveness of leaders and managers', label: 'Leaders and managers' },
    { name: 'partners', kind: 'four-point', legend: 'Working in partnership with others to improve outcomes', label: 'Working with partners' },
    { name: 'overall', kind: 'four-point', legend: 'Overall experiences of children and parents', label: 'Overall experiences of children and parents' },
    {
      name: 'case-discussion',
      kind: 'heading',
      text: 'Case discussion',
      hint: 'Answer these when overall experiences are inadequate: any yes makes a case discussion with a social care compliance inspector mandatory (residential family centres framework §42).',
    },
    ...CASE_DISCUSSION_TRIGGERS.map((name): Question => ({ name, kind: 'yes-no', ...RFC_TRIGGER_QUESTIONS[name] })),
    summary('when overall experiences are inadequate', 'on-record'),
  ],
  'assurance-visit': [
    {
      name: 'seriousOrWidespreadConcerns',
      kind: 'yes-no',
      legend: 'Did the visit find serious or widespread concerns?',
      label: 'Serious or widespread concerns',
      // The guidance's words for what the report states (found by a new-user walk: the two questions read as one).
      hint: 'Practice that places children at risk of inadequate protection or significant harm, or that leads to their welfare not being safeguarded and promoted. Yes starts the debrief, the case review and the alerts to the local authorities.',
    },
    {
      name: 'concernsSerious',
      kind: 'yes-no',
      legend: 'Are the concerns serious, not only widespread?',
      label: 'Serious concerns',
      hint: 'The guidance says that if concerns are serious, Ofsted is likely to return for a monitoring visit; the case review decides. Leave this blank if no concerns were found.',
    },
    summary('when serious or widespread concerns were found'),
  ],
  'monitoring-visit': [
    { name: 'outcome', kind: 'monitoring', legend: 'Outcome of the monitoring visit', label: 'Outcome of the monitoring visit' },
    {
      name: 'visitDate',
      kind: 'date',
      legend: 'Date of the monitoring visit',
      label: 'Date of the monitoring visit',
      // Today is filled in, as on the steps and calls forms; said so (found by a new-user walk: a later day went unchanged).
      hint: 'Today’s date is filled in: change it if the visit was on another day. For example, 25 3 2027',
    },
    {
      name: 'improved-judgement',
      kind: 'heading',
      text: 'Conditions for an improved judgement',
      hint: 'Answer these when the visit secures an improved judgement: every condition must hold (SCCIF 15.1).',
    },
    ...IMPROVED_JUDGEMENT_CONDITIONS.map(({ field }): Question => ({ name: field, kind: 'yes-no', ...IMPROVED_QUESTIONS[field] })),
    {
      name: 'improvedJudgement',
      kind: 'improved-grade',
      legend: 'The new overall judgement',
      label: 'New overall judgement',
      hint: "Only for an improved judgement: the monitoring visit results in a new inspection judgement; the original is kept (children's homes framework §74).",
    },
    {
      name: 'stepsTowardsCancellation',
      kind: 'cancellation-steps',
      legend: 'Steps towards cancellation taken',
      label: 'Steps towards cancellation',
      hint: "Only for further monitoring: carry out further monitoring and take steps towards cancellation (children's homes framework §77). The next visit is due 6 to 8 weeks from this one.",
    },
    {
      name: 'nextVisitWindow-earliestWeeks',
      kind: 'weeks',
      path: `${NEXT_VISIT_WINDOW}.earliestWeeks`,
      label: 'Next visit: window opens, in weeks after this visit',
      hint: 'Only for further monitoring, and only a manager sets it: leave both blank for the usual 6 to 8 weeks (§71).',
      managers: true,
    },
    {
      name: 'nextVisitWindow-latestWeeks',
      kind: 'weeks',
      path: `${NEXT_VISIT_WINDOW}.latestWeeks`,
      label: 'Next visit: due by, in weeks after this visit',
      managers: true,
    },
    summary(),
  ],
};

const FOUR_POINT_OPTIONS: Option[] = FOUR_POINT.map((value) => ({ value, text: FOUR_POINT_WORDS[value] }));
const INTERIM_OPTIONS: Option[] = INTERIM.map((value) => ({ value, text: INTERIM_WORDS[value] }));
/** The outcomes a monitoring visit may reach depend on the process that started it (no grade after an assurance visit). */
const monitoringOptions = (origin: MonitoringOrigin): Option[] =>
  monitoringOutcomesFor(origin).map((value) => ({ value, text: monitoringOutcomeWords(value, origin) }));


/** The questions about an improved judgement apply only after an inadequate judgement. */
const IMPROVED_QUESTION_NAMES: ReadonlySet<string> = new Set([
  'improved-judgement',
  'improvedJudgement',
  'stepsTowardsCancellation',
  ...IMPROVED_JUDGEMENT_CONDITIONS.map(({ field }) => field),
]);

const IMPROVED_GRADE_OPTIONS: Option[] = IMPROVED_GRADES.map((value) => ({ value, text: FOUR_POINT_WORDS[value] }));
const CANCELLATION_STEP_OPTIONS: Option[] = CANCELLATION_STEPS.map((value) => ({ value, text: CANCELLATION_STEP_WORDS[value] }));

/** What an inspector reads above the conditions: §76's agreement is the manager's, so a manager records the outcome. */
const IMPROVED_BY_A_MANAGER =
  "Only a manager records an improved judgement: the regulatory inspection manager must agree the concerns are discrete enough (children's homes framework §76). Ask a manager to record this outcome.";

function questionsFor(process: OutcomeProcess, origin: MonitoringOrigin, manager: boolean) {
  const questions = OUTCOME_QUESTIONS[process]
    .filter((question) => manager || question.kind !== 'weeks')
    .map((question): Question => (!manager && question.kind === 'heading' && question.name === 'improved-judgement' ? { ...question, hint: IMPROVED_BY_A_MANAGER } : question));
  return process === 'monitoring-visit' && origin === 'assurance-visit' ? questions.filter((question) => !IMPROVED_QUESTION_NAMES.has(question.name)) : questions;
}

/** The API's "is required when outcome is improved-judgement: <the rule>" for an answer the form asked. */
const IMPROVED_JUDGEMENT_NEEDS = /^is required when outcome is improved-judgement\b/;

export function formFieldsOf(process: OutcomeProcess): { fieldsOf: (path: string) => FormField | undefined; order: (id: string) => number } {
  const questions = OUTCOME_QUESTIONS[process].filter((question) => question.kind !== 'heading');
  const fields = fieldTable(
    questions.map((question) => {
      const label = question.label;
      const base = { path: question.kind === 'weeks' ? question.path : question.name, id: question.name, label };
      const selectJudgement = `Select the judgement for ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
      switch (question.kind) {
        case 'date':
          return { ...base, href: `#${question.name}-day`, date: true, whenMissing: `Enter the ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
        case 'four-point':
        case 'interim':
          return { ...base, whenMissing: selectJudgement };
        case 'monitoring':
          // An outcome, not a judgement (found by a new-user walk: "Select the judgement for outcome of the monitoring visit").
          return { ...base, whenMissing: `Select the ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
        case 'improved-grade':
          return {
            ...base,
            whenMissing: selectJudgement,
            inFormWords: [[IMPROVED_JUDGEMENT_NEEDS, "Select the new overall judgement: an improved judgement needs one (children's homes framework §74)"]],
          };
        case 'yes-no': {
          const ask = `Select yes or no: ${question.legend.charAt(0).toLowerCase()}${question.legend.slice(1)}`;
          return {
            ...base,
            whenMissing: ask,
            inFormWords: [
              [IMPROVED_JUDGEMENT_NEEDS, `${ask} An improved judgement needs every condition to hold (SCCIF 15.1).`],
              // The API's names of the fields, in the form's questions (found by a new-user walk: "seriousOrWidespreadConcerns is false").
              [/^cannot be true when seriousOrWidespreadConcerns is false\b/, 'Answer no to “Are the concerns serious, not only widespread?”, or leave it blank: the visit found no serious or widespread concerns'],
              // app/judge-outcome.ts lastInspectionProblems: the centre's last inspection, as the system holds it.
              [/^must be true: the last inspection of this centre \((\S+), ended (.+?)\) was judged inadequate overall, .*$/, 'Answer yes: the last inspection of this centre ($1, ended $2) was judged inadequate overall, so the case discussion is mandatory (§42)'],
            ],
          };
        }
        case 'weeks':
          return { ...base, inFormWords: [[/^must not be after latestWeeks\b/, "The next visit's window must open no later than the week it is due by"]] };
        case 'cancellation-steps':
          return {
            ...base,
            inFormWords: [
              [/^is recorded only when outcome is further-monitoring\b/, 'Untick the steps towards cancellation, or choose further monitoring: they are recorded only with further monitoring'],
              // The framework's rule (§77) quoted in full read as jargon on the form (found by a new-user walk).
              [/^Further monitoring after an inadequate judgement is recorded with the steps towards cancellation\b/, 'Select the steps towards cancellation taken: further monitoring is recorded with them (§77)'],
            ],
          };
        default:
          return base;
      }
    }),
  );
  // An error about the window as a whole ("is set by a manager") points at its first box.
  const windowStart = questions.find((question) => question.kind === 'weeks');
  return {
    fieldsOf: (path) => fields.fieldsOf(path) ?? (path === NEXT_VISIT_WINDOW && windowStart ? fields.fieldsOf(`${NEXT_VISIT_WINDOW}.earliestWeeks`) : undefined),
    order: fields.order,
  };
}

export function fieldsFor(
  process: OutcomeProcess,
  values: Record<string, string>,
  errors: FormErrors,
  origin: MonitoringOrigin = 'inadequate',
  manager = false,
  lists: Record<string, readonly string[]> = {},
): Field[] {
  const build = formFields({ values, errors, lists });
  return questionsFor(process, origin, manager).map((question): Field => {
    switch (question.kind) {
      case 'four-point':
        return build.radios(question.name, question.legend, FOUR_POINT_OPTIONS, question.hint ? { hint: question.hint } : {});
      case 'interim':
        return build.radios(question.name, question.legend, INTERIM_OPTIONS, question.hint ? { hint: question.hint } : {});
      case 'monitoring':
        return build.radios(question.name, question.legend, monitoringOptions(origin), question.hint ? { hint: question.hint } : {});
      case 'improved-grade':
        return build.radios(question.name, question.legend, IMPROVED_GRADE_OPTIONS, question.hint ? { hint: question.hint } : {});
      case 'cancellation-steps':
        return build.checkboxes(question.name, question.legend, CANCELLATION_STEP_OPTIONS, question.hint);
      case 'yes-no':
        return build.yesNo(question.name, question.legend, question.hint);
      case 'date':
        return build.date(question.name, question.legend, question.hint);
      case 'summary':
        return build.textarea(question.name, question.label, question.hint);
      case 'heading':
        return build.heading(question.name, question.text, question.hint);
      case 'weeks':
        return build.input(question.name, question.label, { ...(question.hint ? { hint: question.hint } : {}), classes: 'govuk-input--width-3', type: 'text' });
    }
  });
}

/** Whole weeks as typed: a number when it reads as one (zod then says "must be a whole number" for 4.5), else the text. */
export function weeksOf(form: URLSearchParams, name: string): number | string | undefined {
  const typed = textOf(form, name);
  if (typed === undefined) return undefined;
  // A sign is kept: "-1" is a number below the least week, not text (found by a new-user walk).
  return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
}

/** The body POST /inspections/{id}/outcome would take, from the form: unanswered questions are absent. */
export function outcomeBody(process: OutcomeProcess, form: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = { process };
  for (const question of OUTCOME_QUESTIONS[process]) {
    if (question.kind === 'cancellation-steps') {
      const ticked = form.getAll(question.name).filter((value) => value !== '');
      if (ticked.length > 0) body[question.name] = ticked;
      continue;
    }
    if (question.kind === 'weeks') {
      const weeks = weeksOf(form, question.name);
      const [field, key] = question.path.split('.') as [string, string];
      if (weeks !== undefined) body[field] = { ...(body[field] as Record<string, unknown> | undefined), [key]: weeks };
      continue;
    }
    const value =
      question.kind === 'yes-no'
        ? yesNoOf(form, question.name)
        : question.kind === 'date'
          ? dateOf(form, question.name)
          : question.kind === 'heading'
            ? undefined
            : textOf(form, question.name);
    if (value !== undefined) body[question.name] = value;
  }
  // The pages run no script, so nothing hides the answers of another outcome, and a radio once ticked cannot be
  // unticked: answers of an outcome other than the one chosen are left out, not refused. Boxes ticked can be
  // unticked: steps towards cancellation ticked with another outcome are refused, naming them (found by a new-user
  // walk: ticked with "schedule a full inspection", they were dropped without a word).
  if (process === 'monitoring-visit' && typeof body.outcome === 'string') {
    for (const name of answersLeftOut(body.outcome)) delete body[name];
  }
  return body;
}

/**
 * The answers of a monitoring visit's outcome other than the one chosen that are left out (see outcomeBody): those of
 * one outcome (MONITORING_ANSWERS_OF_ONE_OUTCOME), and the conditions of an improved judgement with any other outcome
 * (found by a new-user walk: "good track record: yes", ticked before choosing further monitoring, was saved with it).
 */
function answersLeftOut(outcome: string): string[] {
  return [
    ...Object.entries(MONITORING_ANSWERS_OF_ONE_OUTCOME)
      .filter(([name, of]) => of !== outcome && name !== 'stepsTowardsCancellation')
      .map(([name]) => name),
    ...(outcome === 'improved-judgement' ? [] : IMPROVED_JUDGEMENT_CONDITIONS.map(({ field }) => field)),
  ];
}

/**
 * The form's values to show it again: without the answers left out for another outcome (found by a new-user walk: a
 * radio of the improved judgement stayed ticked on the form shown again, though it was dropped as before).
 */
function valuesToShowAgain(process: OutcomeProcess, form: URLSearchParams): Record<string, string> {
  const values = valuesOf(form);
  const outcome = form.get('outcome');
  if (process !== 'monitoring-visit' || !outcome) return values;
  const leftOut = answersLeftOut(outcome);
  for (const question of OUTCOME_QUESTIONS[process]) {
    // A field of the body's `nextVisitWindow` is named `nextVisitWindow-…` on the form.
    const answer = question.kind === 'weeks' ? question.path.split('.')[0] : question.name;
    if (answer !== undefined && leftOut.includes(answer)) delete values[question.name];
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// The pages

/**
 * The registered manager's post at the inspection, read from the register (issue 15, §67, §88): vacant since a day
 * on or before the inspection's last day, or filled. Undefined when the establishment is not on the register: the
 * form then asks.
 */
type RegisterVacancy = { vacantSince?: LocalDate } | undefined;

async function registerVacancyOf(record: InspectionRecord): Promise<RegisterVacancy> {
  const entry = await findEstablishment(record.establishment.urn);
  if (!entry) return undefined;
  const manager = entry.registeredManager;
  return manager.status === 'vacant' && manager.since <= inspectionEndDate(record) ? { vacantSince: manager.since } : {};
}

/** The vacancy question, replaced by what the register says when the establishment is on it. */
function withRegisterVacancy(fields: Field[], vacancy: RegisterVacancy, urn: string): Field[] {
  if (vacancy === undefined) return fields;
  return fields.map((field) =>
    field.id === VACANCY.name
      ? {
          kind: 'heading',
          id: VACANCY.name,
          level: 3,
          text: 'Registered manager',
          hint:
            (vacancy.vacantSince
              ? `From the register: the post has been vacant since ${formatDateInWords(vacancy.vacantSince)}.`
              : 'From the register: the home had a registered manager at the inspection.') +
            ` If this is wrong, correct the register entry of ${urn} first.`,
        }
      : field,
  );
}

function formPage(
  record: InspectionRecord,
  process: OutcomeProcess,
  values: Record<string, string>,
  errors: FormErrors,
  options: { status?: number; vacancy?: RegisterVacancy; manager: boolean; lists?: Record<string, readonly string[]>; lastInspection?: string },
): PageResult {
  const { status = 200, vacancy, manager, lists = {}, lastInspection } = options;
  const heading = process === 'monitoring-visit' ? `Record the outcome of ${currentMonitoringVisitWords(record)}` : 'Record the outcome';
  return page(
    'outcome',
    `${heading} – ${record.establishment.name}`,
    {
      heading,
      // The timeline's title: a monitoring visit is worded for where it came from (after an assurance visit or an inadequate judgement).
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn, process: process === 'monitoring-visit' ? timelineFor(record, process).title : processTitle(process) },
      fields: withRegisterVacancy(
        fieldsFor(process, values, errors, monitoringOrigin(record), manager, lists).map((field) =>
          lastInspection !== undefined && 'name' in field && field.name === 'lastInspectionInadequate' ? { ...field, hint: lastInspection } : field,
        ),
        vacancy,
        record.establishment.urn,
      ),
      errors,
    },
    { nav: 'inspections', status, hasErrors: errors.summary.length > 0 },
  );
}

function alreadyRecorded(record: InspectionRecord, status: number): PageResult {
  return messagePage(
    status,
    'The outcome has already been recorded',
    ['The outcome of this inspection has already been recorded, and no monitoring visit is waiting for its outcome.'],
    { href: `/app/inspections/${record.id}`, text: `Go to the inspection of ${record.establishment.name}` },
    'inspections',
  );
}

/** The inspection's own outcome before the inspection has ended (recordOutcome refuses it: 409). */
function notYet(record: InspectionRecord, process: OutcomeProcess, now: Date, status: number): PageResult | undefined {
  const why = outcomeNotYetRecordable(record, process, londonDateOf(now));
  if (why === undefined) return undefined;
  return messagePage(
    status,
    'The outcome cannot be recorded yet',
    [`${why.charAt(0).toUpperCase()}${why.slice(1)}.`, 'If its dates were typed wrong, log the inspection again with the right ones.'],
    { href: `/app/inspections/${record.id}`, text: `Go to the inspection of ${record.establishment.name}` },
    'inspections',
  );
}

/**
 * A family centre's answer to "Did the last inspection judge overall experiences inadequate?" when the system holds that
 * inspection (§42), and where it came from, said under the question: "yes" when it was judged inadequate, "no"
 * otherwise; none when it holds none (found by new-user walks: the question was left for the inspector to remember, and
 * "No" went through; then "Yes" ticked with no word of why). One read of the centre's inspections.
 */
async function lastInspectionAnswer(record: InspectionRecord): Promise<{ value: 'yes' | 'no'; hint: string } | undefined> {
  if (record.process !== 'rfc-inspection') return undefined;
  const last = await lastRfcJudgement(record);
  if (last === undefined) return undefined;
  return {
    value: last.inadequate ? 'yes' : 'no',
    hint: `From the records: the centre's last inspection (${last.inspectionId}, ended ${formatDateInWords(last.ended)}) was ${last.inadequate ? '' : 'not '}judged inadequate overall.`,
  };
}

export const outcomeForm: PageHandler = async ({ params, user, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its outcome');
  const process = awaitedOutcome(record);
  if (!process) return alreadyRecorded(record, 200);
  const early = notYet(record, process, now, 200);
  if (early) return early;
  // A monitoring visit's date starts as today in London, as the calls and steps forms' dates do: its outcome is mostly
  // recorded the day of the visit (found by a new-user walk: the only date of those forms left empty).
  const answer = process === 'rfc-inspection' ? await lastInspectionAnswer(record) : undefined;
  const lastInspection = answer?.hint;
  const values = process === 'monitoring-visit' ? dateValues('visitDate', londonDateOf(now)) : answer ? { lastInspectionInadequate: answer.value } : {};
  return formPage(record, process, values, NO_ERRORS, { vacancy: await registerVacancyOf(record), manager: isManager(user), ...(lastInspection ? { lastInspection } : {}) });
};

export const submitOutcome: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, 'record its outcome');
  const process = awaitedOutcome(record);
  if (!process) return alreadyRecorded(record, 409);
  const early = notYet(record, process, now, 409);
  if (early) return early;

  const { fieldsOf, order } = formFieldsOf(process);
  const vacancy = await registerVacancyOf(record);
  const lastInspection = process === 'rfc-inspection' ? (await lastInspectionAnswer(record))?.hint : undefined;
  const showErrors = (errors: readonly FieldError[]) =>
    formPage(record, process, valuesToShowAgain(process, form), formErrors(errors, fieldsOf, order), {
      status: 400,
      vacancy,
      manager: isManager(user),
      ...(lastInspection ? { lastInspection } : {}),
      // The boxes ticked stay ticked (found by a new-user walk: the steps towards cancellation were dropped).
      lists: Object.fromEntries(OUTCOME_QUESTIONS[process].filter((question) => question.kind === 'cancellation-steps').map((question) => [question.name, form.getAll(question.name)])),
    });

  const body = outcomeBody(process, form);
  // On the register, the vacancy is the register's, not a typed date.
  if (vacancy !== undefined && OUTCOME_QUESTIONS[process].includes(VACANCY)) {
    delete body[VACANCY.name];
    if (vacancy.vacantSince) body[VACANCY.name] = vacancy.vacantSince;
  }
  const parsed = parseWith(OutcomeRecorded, body);
  if (!parsed.ok) return showErrors(parsed.errors);
  try {
    await recordOutcome({ inspectionId: record.id, outcome: parsed.value }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return alreadyRecorded(record, 409);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=outcome`);
};
