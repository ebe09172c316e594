/**
 * Enforcement actions taken against an establishment or its registered manager, each with its dates, linked to the
 * case review of the inspection that considered it (SCCIF 15.1; children's homes framework §70: "The case review will
 * consider whether statutory enforcement action is required in relation to the establishment ... and, where there is
 * a registered manager, the registered manager"; RFC framework §44: the case discussion considers enforcement).
 *
 * The case review records the enforcement *considered* (`EnforcementConsidered`); an action recorded here is what was
 * then *issued*, on the day it was issued, and it must be one of those the case review considered.
 *
 * Pure: no clock, no I/O. "Today" comes in as a London date.
 */
import * as z from 'zod/mini';
import { formatLondonDate, type LocalDate } from './calendar';
import { cite, citeSources, homesFramework, rfcFramework, SCCIF_15_1 } from './regulations/sources';
import type { RecordedDecision } from './inspection';
import {
  ENFORCEMENT_ACTIONS,
  ENFORCEMENT_SUBJECTS,
  InspectionIdText,
  LocalDateText,
  text,
  type EnforcementAction,
  type EnforcementSubject,
  type FieldError,
} from './schemas';

/** Where a case review considers enforcement: SCCIF 15.1, children's homes framework §70, RFC framework §44. */
export const ENFORCEMENT_SOURCE = citeSources([SCCIF_15_1, homesFramework('§70'), rfcFramework('§44')]);

/**
 * Which later dates each action has, besides the day it was issued (every action may be withdrawn):
 * a restriction of accommodation and a suspension take effect on a day and may end on a day; a cancellation takes
 * effect on a day; a compliance notice and a notice of proposal to cancel are only issued (and perhaps withdrawn).
 */
export const ENFORCEMENT_DATES = {
  'compliance-notice': { effectiveOn: false, endsOn: false },
  'restriction-of-accommodation': { effectiveOn: true, endsOn: true },
  suspension: { effectiveOn: true, endsOn: true },
  'notice-of-proposal-to-cancel': { effectiveOn: false, endsOn: false },
  cancellation: { effectiveOn: true, endsOn: false },
} as const satisfies Record<EnforcementAction, { effectiveOn: boolean; endsOn: boolean }>;

export const ENFORCEMENT_ACTION_TITLES: Record<EnforcementAction, string> = {
  'compliance-notice': 'Compliance notice',
  'restriction-of-accommodation': 'Restriction of accommodation',
  suspension: 'Suspension',
  'notice-of-proposal-to-cancel': 'Notice of proposal to cancel',
  cancellation: 'Cancellation',
};

export const ENFORCEMENT_SUBJECT_TITLES: Record<EnforcementSubject, string> = {
  establishment: 'The establishment',
  'registered-manager': 'The registered manager',
};

const Note = text({ min: 1, max: 2000, multiline: true });

/** The later dates of an action: each optional; checked against the action and each other (enforcementDateProblems). */
const LaterDates = {
  effectiveOn: z.optional(LocalDateText),
  endsOn: z.optional(LocalDateText),
  withdrawnOn: z.optional(LocalDateText),
};

/** POST /establishments/{urn}/enforcement-actions: an action as issued. */
export const EnforcementActionRecorded = z.strictObject({
  /** The inspection whose case review considered the action. */
  inspectionId: InspectionIdText,
  action: z.enum(ENFORCEMENT_ACTIONS),
  against: z.array(z.enum(ENFORCEMENT_SUBJECTS)).check(z.minLength(1, 'must name the establishment and/or the registered manager')),
  issuedOn: LocalDateText,
  ...LaterDates,
  note: z.optional(Note),
});
export type EnforcementActionRecorded = z.output<typeof EnforcementActionRecorded>;

/** A later date in a change: a day sets it, `null` clears it (recorded by mistake, or the action will not take effect). */
const LaterDateChange = z.optional(z.nullable(LocalDateText));

/**
 * PATCH /establishments/{urn}/enforcement-actions/{id}: later dates (took effect, ended, withdrawn), at least one;
 * `null` clears a date. The dates that result are checked together (enforcementDateProblems).
 */
export const EnforcementActionDatesChange = z.strictObject({
  /** The version the change was made against (from GET); a later change by someone else is then a 409. */
  version: z.optional(z.number().check(z.int(), z.gte(1))),
  effectiveOn: LaterDateChange,
  endsOn: LaterDateChange,
  withdrawnOn: LaterDateChange,
  note: z.optional(Note),
}).check(z.refine((change) => ['effectiveOn', 'endsOn', 'withdrawnOn', 'note'].some((field) => Object.hasOwn(change, field)), {
  message: 'name at least one of effectiveOn, endsOn, withdrawnOn or note',
}));
export type EnforcementActionDatesChange = z.output<typeof EnforcementActionDatesChange>;

/** The case review an action is linked to: the decision on the inspection that considered it. */
export interface CaseReviewLink {
  inspectionId: string;
  approvalId: string;
  kind: RecordedDecision['kind'];
  /** London day of the decision. */
  decidedOn: LocalDate;
}

export interface EnforcementActionRecord {
  /** `<action>--<issuedOn>`: the same action issued the same day after the same inspection is one record. */
  id: string;
  urn: string;
  inspectionId: string;
  caseReview: CaseReviewLink;
  action: EnforcementAction;
  against: EnforcementSubject[];
  issuedOn: LocalDate;
  effectiveOn?: LocalDate;
  endsOn?: LocalDate;
  withdrawnOn?: LocalDate;
  note?: string;
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
  /** Optimistic lock: each change of dates increments it. */
  version: number;
}

export const enforcementActionId = (inspectionId: string, action: EnforcementAction, issuedOn: LocalDate): string =>
  `${inspectionId}--${action}--${issuedOn}`;

/** The dates of an action, checked: each applies to the action, none in the future, each in order after the issue. */
export function enforcementDateProblems(
  action: EnforcementAction,
  dates: { issuedOn: LocalDate; effectiveOn?: LocalDate; endsOn?: LocalDate; withdrawnOn?: LocalDate },
  today: LocalDate,
): FieldError[] {
  const problems: FieldError[] = [];
  const applies = ENFORCEMENT_DATES[action];
  const title = ENFORCEMENT_ACTION_TITLES[action].toLowerCase();
  for (const field of ['effectiveOn', 'endsOn'] as const) {
    if (dates[field] !== undefined && !applies[field]) {
      problems.push({ field, message: `does not apply to a ${title}: it is ${applies.effectiveOn ? 'issued and takes effect' : 'issued'}, and may be withdrawn` });
    }
  }
  // Issued and withdrawn are facts recorded once they happened; effective and end days may be set ahead.
  for (const field of ['issuedOn', 'withdrawnOn'] as const) {
    const day = dates[field];
    if (day !== undefined && day > today) {
      problems.push({ field, message: `must not be in the future: record it once it has happened (today is ${formatLondonDate(today)}, London)` });
    }
  }
  for (const field of ['effectiveOn', 'endsOn', 'withdrawnOn'] as const) {
    const day = dates[field];
    // An end day with a day it took effect is checked against that day below, which names it (found by a new-user
    // walk: an end before the day it took effect was refused only as "before the day it was issued").
    if (field === 'endsOn' && dates.effectiveOn !== undefined) continue;
    if (day !== undefined && day < dates.issuedOn) {
      problems.push({ field, message: `must not be before the day the ${title} was issued (${formatLondonDate(dates.issuedOn)})` });
    }
  }
  // An action ends only after it took effect: an end day needs the day it took effect (a cleared one included).
  if (dates.endsOn !== undefined && dates.effectiveOn === undefined && applies.effectiveOn && applies.endsOn) {
    problems.push({ field: 'effectiveOn', message: `must be given while the ${title} has an end date (${formatLondonDate(dates.endsOn)}): it ends only after it took effect; clear the end date too, or keep this one` });
  }
  if (dates.endsOn !== undefined && dates.effectiveOn !== undefined && dates.endsOn <= dates.effectiveOn) {
    problems.push({ field: 'endsOn', message: `must be after the day it took effect (${formatLondonDate(dates.effectiveOn)})` });
  }
  return problems;
}

/** The later dates of an action once a change is applied: a day sets the date, `null` clears it, absent keeps it. */
export function withChangedDates<T extends Pick<EnforcementActionRecord, 'effectiveOn' | 'endsOn' | 'withdrawnOn'>>(
  action: T,
  change: Pick<EnforcementActionDatesChange, 'effectiveOn' | 'endsOn' | 'withdrawnOn'>,
): T {
  const next = { ...action };
  for (const field of ['effectiveOn', 'endsOn', 'withdrawnOn'] as const) {
    const value = change[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next;
}

/** Whether a case review decision considered enforcement, and which actions against whom (undefined: any). */
function consideredBy(decision: RecordedDecision): { actions?: readonly EnforcementAction[]; against?: readonly EnforcementSubject[] } | undefined {
  switch (decision.kind) {
    case 'case-review':
      return decision.enforcement === undefined || decision.enforcement === 'none'
        ? undefined
        : { actions: decision.enforcement.actions, against: decision.enforcement.against };
    // SCCIF 15.1, §69: the interim case review may decide compliance action (which actions is not recorded there).
    case 'interim-case-review':
      return String(decision.decision).startsWith('compliance-action') ? {} : undefined;
    // RFC framework §44: the case discussion considers whether enforcement action should be taken.
    case 'rfc-case-discussion':
      return decision.decision === 'enforcement-action' ? {} : undefined;
    default:
      return undefined;
  }
}

/**
 * §70: enforcement against the registered manager applies "where there is a registered manager": refused (naming
 * `field`) while the post is vacant on the register. Used by the case review's decision and by a recorded action.
 */
export function againstVacantPost(against: readonly EnforcementSubject[], registeredManagerVacant: boolean, field: string): FieldError[] {
  if (!registeredManagerVacant || !against.includes('registered-manager')) return [];
  return [
    {
      field,
      message: `must not include "registered-manager": the post is vacant on the register, so there is no registered manager to act against (${cite(homesFramework('§70'))})`,
    },
  ];
}

const CASE_REVIEW_KINDS = ['case-review', 'interim-case-review', 'rfc-case-discussion'] as const;

/**
 * The case review an action is linked to, or the fields it breaks: the inspection's case review must have considered
 * enforcement, this action among those considered, against those considered; the action is issued on or after it;
 * and a vacant registered manager's post has no one to act against (§70: "where there is a registered manager").
 */
export function linkToCaseReview(
  recorded: Pick<EnforcementActionRecorded, 'inspectionId' | 'action' | 'against' | 'issuedOn'>,
  decisions: Partial<Record<RecordedDecision['kind'], RecordedDecision>>,
  decidedOn: (decision: RecordedDecision) => LocalDate,
  registeredManagerVacant: boolean,
): { ok: true; link: CaseReviewLink } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = againstVacantPost(recorded.against, registeredManagerVacant, 'against');
  const considering = CASE_REVIEW_KINDS.map((kind) => decisions[kind]).filter(
    (decision): decision is RecordedDecision => decision !== undefined && consideredBy(decision) !== undefined,
  );
  const decision = considering[0];
  if (decision === undefined) {
    errors.push({
      field: 'inspectionId',
      message: `no case review of inspection ${recorded.inspectionId} has decided on enforcement action: an action is recorded after the case review that considered it (${ENFORCEMENT_SOURCE})`,
    });
    return { ok: false, errors };
  }
  const considered = consideredBy(decision) ?? {};
  const on = decidedOn(decision);
  if (considered.actions && !considered.actions.includes(recorded.action)) {
    errors.push({
      field: 'action',
      message: `must be one of those the case review of ${formatLondonDate(on)} considered: ${considered.actions.map((action) => `"${action}"`).join(', ')} (${ENFORCEMENT_SOURCE})`,
    });
  }
  const notConsidered = recorded.against.filter((subject) => considered.against && !considered.against.includes(subject));
  if (notConsidered.length > 0 && !errors.some((error) => error.field === 'against')) {
    errors.push({
      field: 'against',
      message: `the case review of ${formatLondonDate(on)} considered enforcement against ${(considered.against ?? []).map((subject) => `"${subject}"`).join(', ')} only, not ${notConsidered.map((subject) => `"${subject}"`).join(', ')}`,
    });
  }
  if (recorded.issuedOn < on) {
    errors.push({ field: 'issuedOn', message: `must not be before the case review that considered it (${formatLondonDate(on)})` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, link: { inspectionId: recorded.inspectionId, approvalId: decision.approvalId, kind: decision.kind, decidedOn: on } };
}

export type EnforcementState = 'in-force' | 'not-yet-in-force' | 'ended' | 'withdrawn';

type ActionDates = Pick<EnforcementActionRecord, 'issuedOn' | 'effectiveOn' | 'endsOn' | 'withdrawnOn'>;

/**
 * Where an action stands on a day: withdrawn, ended, not yet in force (issued, or taking effect, on a later day), or
 * in force. "Not in force" alone did not say which (found by a new-user walk: a restriction taking effect next week).
 */
export function enforcementState(action: ActionDates, today: LocalDate): EnforcementState {
  if (action.withdrawnOn !== undefined && action.withdrawnOn <= today) return 'withdrawn';
  if (action.endsOn !== undefined && action.endsOn <= today) return 'ended';
  if (action.issuedOn > today || (action.effectiveOn !== undefined && action.effectiveOn > today)) return 'not-yet-in-force';
  return 'in-force';
}

/** An action in force on a day: issued, taken effect where it has an effective day, not ended, not withdrawn. */
export function inForce(action: ActionDates, today: LocalDate): boolean {
  return enforcementState(action, today) === 'in-force';
}
