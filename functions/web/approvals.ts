/**
 * GET /app/approvals (managers, compliance inspectors): the queue of pending approvals of the kinds the user decides
 * (DECIDED_BY), with the logic of GET /approvals (listApprovals), each with its deadline from the timeline step it is
 * due under (overdue, due soon, on track: the timeline's own words).
 * GET/POST /app/approvals/{id} (whoever decides its kind): the decision, with the schema (approvalDecisionFor(kind)) and the logic
 * (decideApproval) of POST /approvals/{id}/decision: nobody decides on an inspection they led or logged; a decision
 * already made, or an approval whose run has ended, is said in plain words.
 *
 * Never a task token: the pages are built field by field.
 */
import { DECIDED_BY, decideApproval, decides, decisionWords, findApproval, findEstablishment, KIND_WORDS, lastRfcJudgement, listApprovals, readApproval, readInspection, type Approval } from '../app';
import { ConflictError, ForbiddenError, GoneError, ValidationError } from '../core/errors';
import { notifiesDfe } from '../core/dfe-notices';
import { describeEnforcement } from '../core/approvals';
import { formatDateInWords, formatInstantInWords } from '../core/email-content';
import { timelineFor, type InspectionRecord } from '../core/inspection';
import type { ProcessId } from '../core/regulations';
import {
  APPROVAL_KINDS,
  APPROVAL_OPTIONS,
  RATIONALE_MIN_CHARACTERS,
  CASE_REVIEW_OPTIONS_BY_PROCESS,
  ENFORCEMENT_ACTIONS,
  ENFORCEMENT_SUBJECTS,
  InspectionIdText,
  type ApprovalKind,
  type ApprovalOption,
  type FieldError,
} from '../core/schemas';
import { approvalIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { formFields, type Field } from './form-fields';
import {
  approvalOptionWords,
  ENFORCEMENT_ACTION_LABELS,
  ENFORCEMENT_SUBJECT_LABELS,
  ESTABLISHMENT_KIND_WORDS,
  processTitle,
  sentenceCase,
  STEP_STATUS_TAGS,
  asSentence,
} from './labels';
import { datesRows } from './inspection-dates';
import { outcomeView } from './outcome-view';
import { isStaff, messagePage, page, redirect, requireDecider, textOf, valuesOf, type PageHandler, type PageResult } from './page';
import { workingDaysLeft } from './render';
import type { WebUser } from './request';

const QUEUE = { href: '/app/approvals', text: 'Go to the approvals' };

const FIELDS = fieldTable([
  { path: 'decision', id: 'decision', label: 'Decision', whenMissing: 'Select a decision' },
  {
    path: 'enforcement',
    id: 'enforcementActions',
    label: 'Enforcement considered',
    whenMissing: 'Select the enforcement actions considered, or no enforcement action',
    // "No enforcement action" ticked with actions (or with whom they are against): the API's union of the two forms.
    inFormWords: [
      [/^must be: "none", or\b/, 'Select either the enforcement actions considered or “No enforcement action”, not both'],
      // The API's value in the form's words (found by a new-user walk: 'when the decision is "enforcement-action"').
      [/^must name the enforcement actions when the decision is "enforcement-action"/, 'Select the enforcement actions to take: the decision is to take enforcement action, so it cannot be “No enforcement action”'],
      [/^must be "none" when the decision is "no-further-action"/, 'Select “No enforcement action”: the decision is no further action, so no enforcement action is taken'],
    ],
  },
  { path: 'enforcement.actions', id: 'enforcementActions', label: 'Enforcement considered' },
  { path: 'enforcement.against', id: 'enforcementAgainst', label: 'Enforcement against', whenMissing: 'Select whom the enforcement is against' },
  {
    path: 'rationale',
    id: 'rationale',
    label: 'Reasons for the decision',
    whenMissing: 'Enter the reasons for your decision',
    // The hint said "Use initials", and initials were then refused (found by a new-user walk).
    inFormWords: [[/^names a child of this inspection by their initials: (.*)$/, 'The reasons name a child of this inspection by their initials: $1']],
  },
  { path: 'returnVisitWindow', id: 'returnVisitWindow-earliestWeeks', label: 'Return visit window' },
  {
    path: 'returnVisitWindow.earliestWeeks',
    id: 'returnVisitWindow-earliestWeeks',
    label: 'Return visit: window opens, in weeks',
    // Found by a new-user walk: "must not be after latestWeeks (3)".
    inFormWords: [[/^must not be after latestWeeks \((\d+)\)$/, 'The return visit’s window must open no later than the week it is due by (week $1)']],
  },
  { path: 'returnVisitWindow.latestWeeks', id: 'returnVisitWindow-latestWeeks', label: 'Return visit: due by, in weeks' },
]);

/** The interim case review's return visit window, in whole weeks from the inspection (SCCIF 15.1, §71). */
const RETURN_WINDOW_KEYS = ['earliestWeeks', 'latestWeeks'] as const;

/** `returnVisitWindow` from its two boxes: absent when both are blank; a number when it reads as one, else the text. */
function returnVisitWindowOf(form: URLSearchParams): Record<string, unknown> | undefined {
  const window: Record<string, unknown> = {};
  for (const key of RETURN_WINDOW_KEYS) {
    const typed = textOf(form, `returnVisitWindow-${key}`);
    if (typed !== undefined) window[key] = /^\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
  }
  return Object.keys(window).length > 0 ? window : undefined;
}

/** The value of the "no enforcement action" checkbox (exclusive: it unticks the actions). */
const NO_ENFORCEMENT = 'none';

const ENFORCEMENT_FORM_FIELDS = ['enforcementActions', 'enforcementAgainst'] as const;

export function kindWords(kind: ApprovalKind): string {
  return sentenceCase(KIND_WORDS[kind]);
}

// ---------------------------------------------------------------------------------------------------------------
// The queue

export const approvalsPage: PageHandler = async ({ user, query, now }) => {
  requireDecider(user);
  const { items } = await listApprovals(user, now);
  const rows = items.map((item) => ({
    approvalId: item.approvalId,
    inspectionId: item.inspectionId,
    establishment: item.establishment,
    kind: kindWords(item.kind),
    process: processTitle(item.process),
    dueAt: item.dueAt,
    escalations: item.escalations,
    canDecide: item.canDecide,
    deadline: item.deadline
      ? {
          due: item.deadline.due,
          rule: sentenceCase(item.deadline.rule),
          tag: STEP_STATUS_TAGS[item.deadline.status],
          timeLeft: workingDaysLeft(item.deadline.workingDaysLeft, item.deadline.status === 'overdue'),
        }
      : undefined,
  }));
  const decidedOn = query.done === 'decision' && query.inspection !== undefined && InspectionIdText.safeParse(query.inspection).success ? query.inspection : undefined;
  return page(
    'approvals',
    'Approvals',
    { rows, done: query.done === 'decision', decidedOn: decidedOn && isStaff(user) ? inspectionLink(decidedOn).href : undefined, staff: isStaff(user), deciders: decidersOf(user) },
    { nav: 'approvals' },
  );
};

/** Whom the queue is for, in the page's words: "a manager", "a social care compliance inspector (…)". */
function decidersOf(user: WebUser): string {
  const kinds = APPROVAL_KINDS.filter((kind) => decides(user, kind));
  return [...new Set(kinds.map((kind) => DECIDED_BY[kind].words))].join(' or ');
}

// ---------------------------------------------------------------------------------------------------------------
// One decision

function ownInspection(record: InspectionRecord, user: WebUser): boolean {
  return record.inspectorId === user.id || record.loggedBy === user.id;
}

function stepOfApproval(record: InspectionRecord, approval: Approval) {
  try {
    const step = timelineFor(record, approval.process as ProcessId).steps.find((candidate) => candidate.id === approval.stepId);
    return step ? { title: step.title, rule: sentenceCase(step.rule), source: step.source, explanation: step.explanation } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A family centre's case discussion: the centre's last inspection, as the system holds it, and what its case discussion
 * decided (RFC §42-44: the history the compliance inspector weighs, who cannot open the inspection pages; found by a
 * new-user walk: only "Last inspection inadequate: Yes").
 */
async function historyRows(approval: Approval, record: InspectionRecord): Promise<{ key: string; value: string }[]> {
  if (approval.kind !== 'rfc-case-discussion') return [];
  const last = await lastRfcJudgement(record);
  if (last === undefined) return [{ key: 'Last inspection', value: 'None held by this system' }];
  const judged = last.inadequate ? 'judged inadequate overall' : 'not judged inadequate overall';
  const decided = last.caseDiscussion === undefined ? '' : `; its case discussion decided: ${approvalOptionWords(last.caseDiscussion).toLowerCase()}`;
  return [{ key: 'Last inspection', value: `${last.inspectionId}, ended ${formatDateInWords(last.ended)}: ${judged}${decided}` }];
}

function context(approval: Approval, record: InspectionRecord, history: readonly { key: string; value: string }[] = []) {
  return {
    approval: {
      id: approval.approvalId,
      kind: kindWords(approval.kind),
      process: processTitle(approval.process),
      dueAt: approval.dueAt,
      escalations: approval.escalations,
    },
    inspection: {
      id: record.id,
      name: record.establishment.name,
      urn: record.establishment.urn,
      rows: [
        { key: 'Type', value: ESTABLISHMENT_KIND_WORDS[record.establishment.kind] },
        { key: 'Inspection', value: processTitle(record.process) },
        { key: 'Lead inspector', value: record.inspectorName },
        ...datesRows(record.dates),
        ...history,
      ],
    },
    outcome: record.outcome ? outcomeView(record, record.outcome) : undefined,
    monitoringOutcome: record.monitoringOutcome ? outcomeView(record, record.monitoringOutcome) : undefined,
    step: stepOfApproval(record, approval),
  };
}

/** The options of this approval: a case review's depend on the process holding it (no "no further action" after inadequate). */
function optionsOf(approval: Approval): readonly ApprovalOption[] {
  if (approval.kind === 'case-review' && Object.hasOwn(CASE_REVIEW_OPTIONS_BY_PROCESS, approval.process)) {
    return CASE_REVIEW_OPTIONS_BY_PROCESS[approval.process as keyof typeof CASE_REVIEW_OPTIONS_BY_PROCESS];
  }
  return APPROVAL_OPTIONS[approval.kind];
}

/** A case review also records the enforcement considered (SCCIF 15.1, §70): none, or which actions against whom. */
function enforcementFields(build: ReturnType<typeof formFields>, managerPostVacant: boolean): Field[] {
  return [
    build.checkboxes(
      'enforcementActions',
      'Enforcement considered',
      [
        ...ENFORCEMENT_ACTIONS.map((value) => ({ value, text: ENFORCEMENT_ACTION_LABELS[value] })),
        { value: NO_ENFORCEMENT, text: 'No enforcement action', exclusive: true },
      ],
      "The case review considers all the enforcement options available (SCCIF 15.1; children's homes framework §70).",
    ),
    build.checkboxes(
      'enforcementAgainst',
      'Enforcement against',
      // §70: "where there is a registered manager": not offered while the post is vacant on the register.
      ENFORCEMENT_SUBJECTS.filter((value) => !(managerPostVacant && value === 'registered-manager')).map((value) => ({ value, text: ENFORCEMENT_SUBJECT_LABELS[value] })),
      managerPostVacant
        ? 'Only when enforcement action is considered. The registered manager’s post is vacant on the register, so only the establishment.'
        : 'Only when enforcement action is considered.',
    ),
  ];
}

function fieldsFor(
  approval: Approval,
  record: InspectionRecord,
  values: Record<string, string>,
  lists: Record<string, readonly string[]>,
  errors: FormErrors,
  managerPostVacant = false,
): Field[] {
  const { kind } = approval;
  const build = formFields({ values, errors, lists });
  const decisionLegend = kind === 'case-review' && approval.process === 'inadequate' ? 'Return visit (within 6 to 8 weeks)' : 'Decision';
  return [
    build.radios(
      'decision',
      decisionLegend,
      // The interim review's window is the manager's to set in the boxes below: the radios do not promise 6 to 8 weeks.
      optionsOf(approval).map((value) => ({ value, text: approvalOptionWords(value, kind === 'interim-case-review' ? 'set-below' : undefined) })),
    ),
    ...(kind === 'case-review' ? enforcementFields(build, managerPostVacant) : []),
    ...(kind === 'interim-case-review'
      ? [
          build.input('returnVisitWindow-earliestWeeks', 'Return visit: window opens, in weeks after the inspection', {
            hint: 'Only with a return visit. Leave both blank for the usual 6 to 8 weeks (SCCIF 15.1; children’s homes framework §71).',
            classes: 'govuk-input--width-3',
          }),
          build.input('returnVisitWindow-latestWeeks', 'Return visit: due by, in weeks after the inspection', { classes: 'govuk-input--width-3' }),
        ]
      : []),
    build.textarea(
      'rationale',
      'Reasons for the decision',
      `Required, at least ${RATIONALE_MIN_CHARACTERS} characters. They are recorded with the decision${notifiesDfe(record) ? ' and quoted to the DfE' : ''}: do not identify any child, by name or by initials.`,
    ),
  ];
}

function decisionPage(
  user: WebUser,
  approval: Approval,
  record: InspectionRecord,
  values: Record<string, string>,
  errors: FormErrors,
  lists: Record<string, readonly string[]> = {},
  managerPostVacant = false,
  history: readonly { key: string; value: string }[] = [],
): PageResult {
  return page(
    'approval',
    `Decide: ${kindWords(approval.kind)} – ${record.establishment.name}`,
    // The inspection page is for inspectors and managers: a compliance inspector reads the inspection here.
    { ...context(approval, record, history), fields: fieldsFor(approval, record, values, lists, errors, managerPostVacant), errors, staff: isStaff(user) },
    { nav: 'approvals', hasErrors: errors.summary.length > 0 },
  );
}

/**
 * A decision already made: what, by whom and when, and (for inspectors and managers) the inspection it was about
 * (found by a new-user walk: the decision alone, and a link back to the queue only).
 */
function alreadyDecided(user: WebUser, approval: Approval, status: number, because?: string): PageResult {
  const decision = approval.decision;
  const by = decision?.decidedByName ?? decision?.decidedBy;
  return messagePage(
    status,
    'This decision has already been made',
    [
      ...(decision ? [`Decision: ${approvalOptionWords(decision.decision, decision.returnVisitWindow)}.`] : []),
      ...(decision?.enforcement === undefined ? [] : [`Enforcement considered: ${describeEnforcement(decision.enforcement)}.`]),
      ...(decision ? [`Reasons: ${decision.rationale}`] : []),
      ...(decision ? [`Decided${by ? ` by ${by}` : ''} on ${formatInstantInWords(decision.decidedAt)}.`] : []),
      ...(because ? [`${sentenceCase(because)}.`] : []),
    ],
    isStaff(user) ? inspectionLink(approval.inspectionId) : QUEUE,
    'approvals',
  );
}

const inspectionLink = (inspectionId: string) => ({ href: `/app/inspections/${encodeURIComponent(inspectionId)}`, text: 'Go to the inspection' });

function closed(status: number, record: InspectionRecord, user: WebUser): PageResult {
  // Closed because a manager withdrew the inspection (logged by mistake): said, with who and when (found by a new-user
  // walk: a second manager, from the approval email's link, read only that the process had ended).
  const { withdrawal } = record;
  const why = withdrawal
    ? `The inspection was withdrawn on ${formatInstantInWords(withdrawal.withdrawnAt)} by ${withdrawal.withdrawnByName}, as logged by mistake: ${withdrawal.reason}`
    : 'The process that asked for this decision has ended';
  return messagePage(status, 'This approval is closed', [`${asSentence(why)} No decision is needed now.`], isStaff(user) ? inspectionLink(record.id) : QUEUE, 'approvals');
}

function ownDecision(approval: Approval): PageResult {
  return messagePage(
    403,
    'You cannot decide your own inspection',
    [`You led or logged this inspection, so another manager must make the ${decisionWords(approval.kind)}.`],
    QUEUE,
    'approvals',
  );
}

/** The approval is of a kind the user's group does not decide (a manager on a case discussion, and the reverse). */
function notTheirs(approval: Approval): PageResult {
  return messagePage(
    403,
    'You cannot make this decision',
    [`The ${KIND_WORDS[approval.kind]} is decided by ${DECIDED_BY[approval.kind].words}.`],
    QUEUE,
    'approvals',
  );
}

export const approvalPage: PageHandler = async ({ params, user }) => {
  requireDecider(user);
  const { approval, record } = await readApproval(approvalIdFrom(params));
  if (!decides(user, approval.kind)) return notTheirs(approval);
  if (approval.status === 'closed') return closed(410, record, user);
  if (approval.status === 'decided') return alreadyDecided(user, approval, 200);
  if (ownInspection(record, user)) return ownDecision(approval);
  return decisionPage(user, approval, record, {}, NO_ERRORS, {}, await managerPostVacant(record), await historyRows(approval, record));
};

/** The registered manager's post is vacant on the register (issue 15): the case review cannot act against a manager. */
async function managerPostVacant(record: InspectionRecord): Promise<boolean> {
  return (await findEstablishment(record.establishment.urn))?.registeredManager.status === 'vacant';
}

/**
 * The `enforcement` of POST /approvals/{id}/decision from the checkboxes: "none", the actions against whom, or absent
 * when nothing is ticked (the schema then says it is required). "None" with actions is passed on as actions that
 * include "none", which the schema refuses by name.
 */
function enforcementOf(lists: Record<string, readonly string[]>): unknown {
  const actions = lists.enforcementActions ?? [];
  const against = lists.enforcementAgainst ?? [];
  if (actions.length === 0) return undefined;
  if (actions.length === 1 && actions[0] === NO_ENFORCEMENT && against.length === 0) return 'none';
  return { actions, against };
}

/**
 * "No enforcement action" ticked with whom action would be against, and no action: the API's "must be none, or …"
 * would tell the manager to untick actions they never ticked (found by a new-user walk). Said of the boxes ticked.
 */
function worded(problem: FieldError, lists: Record<string, readonly string[]>): FieldError {
  const actions = lists.enforcementActions ?? [];
  const against = lists.enforcementAgainst ?? [];
  if (problem.field !== 'enforcement' || actions.length !== 1 || actions[0] !== NO_ENFORCEMENT || against.length === 0) return problem;
  return { field: 'enforcement.against', message: 'Untick whom the enforcement is against, or tick the enforcement actions considered: with “No enforcement action” it is against no one' };
}

export const submitDecision: PageHandler = async ({ params, user, form, now }) => {
  requireDecider(user);
  const { approval, record } = await readApproval(approvalIdFrom(params));
  if (!decides(user, approval.kind)) return notTheirs(approval);
  const lists = Object.fromEntries(ENFORCEMENT_FORM_FIELDS.map((name) => [name, form.getAll(name)]));
  const enforcement = approval.kind === 'case-review' ? enforcementOf(lists) : undefined;
  const returnVisitWindow = approval.kind === 'interim-case-review' ? returnVisitWindowOf(form) : undefined;
  const body = {
    ...(textOf(form, 'decision') ? { decision: textOf(form, 'decision') } : {}),
    ...(enforcement === undefined ? {} : { enforcement }),
    ...(returnVisitWindow === undefined ? {} : { returnVisitWindow }),
    ...(textOf(form, 'rationale') ? { rationale: textOf(form, 'rationale') } : {}),
  };
  const vacant = approval.kind === 'case-review' && (await managerPostVacant(record));
  const history = await historyRows(approval, record);
  const showErrors = (errors: readonly FieldError[]) =>
    decisionPage(user, approval, record, valuesOf(form), formErrors(errors, FIELDS.fieldsOf, FIELDS.order), lists, vacant, history);
  try {
    await decideApproval({ approvalId: approval.approvalId, decision: body }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors.map((problem) => worded(problem, lists)));
    if (error instanceof ForbiddenError) return ownDecision(approval);
    if (error instanceof GoneError) return closed(410, await readInspection(record.id), user);
    if (error instanceof ConflictError) {
      const latest = (await findApproval(approval.approvalId)) ?? approval;
      return alreadyDecided(user, latest, 409, error.message);
    }
    throw error;
  }
  // The queue, with the inspection decided on a click away (found by a new-user walk: "No approvals waiting" alone).
  return redirect(`/app/approvals?${new URLSearchParams({ done: 'decision', inspection: approval.inspectionId }).toString()}`);
};
