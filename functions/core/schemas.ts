/**
 * The events the system takes, parsed once at the boundary ("parse, don't validate").
 *
 * Every schema is a strict object: an unknown field is an error that names the field. Types come from `z.infer`.
 * Handlers call `parseWith(schema, body)` and get either a typed value or a list of `{ field, message }` errors whose
 * message names the rule, e.g. `dates.day1: "2027-02-30" is not a real calendar date`.
 *
 * Children appear only as initials (Annex A): no names, no dates of birth. Error messages never echo what was sent
 * for a child, so a name typed into the initials field does not end up in a log.
 *
 * Pure: no clock, no I/O.
 */
import * as z from 'zod/mini';
import { CalendarError, parseLocalDate, type LocalDate } from './calendar';
import { FOUR_POINT, INTERIM } from './judgements';
import { MONITORING_VISIT_OUTCOMES, MONITORING_WINDOW_WEEKS, PROCESS_IDS, type ProcessId } from './regulations';
import { cite, SCCIF_15_1, SCCIF_15_3 } from './regulations/sources';

/**
 * A schema of this module, built at import: `export const X = schema(() => z.…)`. A bundle whose handler never uses
 * X leaves it out (esbuild drops an unused call of a function annotated as free of side effects, and each schema's
 * zod calls go with it): ~15 KB of a step handler's bundle and a few ms of its cold import (2026-11-29). esbuild honours the
 * annotation in this file only, so it is here and not shared; test/infra/bundles.test.ts checks it still works.
 */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build();
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

/** A London calendar day `YYYY-MM-DD` that really exists (2027-02-30 does not). */
export const LocalDateText = schema(() => z.pipe(z.string(), z.transform((text: string, ctx): LocalDate => {
  try {
    return parseLocalDate(text);
  } catch (error) {
    const rule = error instanceof CalendarError ? error.message : `"${text}" is not a date in the form YYYY-MM-DD`;
    ctx.issues.push({ code: 'custom', message: rule, input: text });
    return z.NEVER;
  }
})));

/** ONS GSS code of an English local authority: "E" and 8 digits, e.g. E09000007 (Camden). */
export const LocalAuthorityCode = schema(() => z.string().check(z.regex(/^E\d{8}$/, 'must be an ONS GSS local authority code: "E" followed by 8 digits, e.g. E09000007')));

/** Ofsted unique reference number: "SC" and 6 digits (social care), or 6-7 digits. */
export const Urn = schema(() => z.string().check(z.regex(/^(SC\d{6}|\d{6,7})$/, 'must be an Ofsted URN: "SC" followed by 6 digits, or 6 to 7 digits')));

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Characters that are not text: C0 and C1 controls (a single line also refuses CR, LF, tab and line separators). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidirectional embeddings, overrides and isolates: they make text read differently from what it is. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Half of a UTF-16 surrogate pair without its other half: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Whitespace and characters that show nothing (zero-width spaces and joiners, word joiner, BOM, soft hyphen). */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Text people type (names, summaries, notes): trimmed, NFC-normalised, `min` to `max` characters, and refused (a
 * 400 naming the field) when it holds control characters (a single line: CR and LF too), bidirectional controls,
 * unpaired surrogates, or only invisible characters. The one text rule of every schema; messages name the code
 * point found, never the text (it may be a child's name).
 */
export function text({ min, max, multiline = false }: { min: number; max: number; multiline?: boolean }) {
  const control = multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE;
  return z
    .string()
    .check((context) => {
      // Before normalising: NFC keeps a lone surrogate, but report it as what was sent.
      if (LONE_SURROGATE.test(context.value)) {
        context.issues.push({ code: 'custom', message: 'contains a broken character (an unpaired UTF-16 surrogate): send well-formed text', input: '', abort: true });
      }
    })
    .check(z.trim(), z.overwrite((value) => value.normalize('NFC')), z.minLength(min), z.maxLength(max))
    .check((context) => {
      const value = context.value;
      const controlFound = control.exec(value)?.[0];
      const bidiFound = BIDI_CONTROL.exec(value)?.[0];
      const problem =
        (controlFound !== undefined ? `must not contain control characters${multiline ? '' : ' or line breaks (a single line)'}: found ${codePoint(controlFound)}` : undefined) ??
        (bidiFound !== undefined ? `must not contain bidirectional control characters (they disguise text): found ${codePoint(bidiFound)}` : undefined) ??
        (value !== '' && value.replace(INVISIBLE, '') === '' ? 'must contain visible characters, not only invisible ones' : undefined);
      if (problem) context.issues.push({ code: 'custom', message: problem, input: '' });
    });
}

/** A person's or organisation's name as written, 1-200 characters after trimming, one line. */
export const Name = schema(() => text({ min: 1, max: 200 }));

/** zod's email check: strict enough to catch typos, practical enough for real addresses. */
const Email = schema(() => z.email());

export const Contact = schema(() => z.strictObject({ name: Name, email: Email }));
export type Contact = z.infer<typeof Contact>;

/** A client-chosen key that makes a retried POST harmless. */
const IdempotencyKey = schema(() => z.string().check(z.regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8 to 128 characters, each a letter, digit or one of . _ : -')));

/** The lead inspector's staff id (the identity provider's user id). */
const InspectorId = schema(() => z.string().check(z.regex(/^[A-Za-z0-9._@:-]{1,128}$/, 'must be an inspector id: 1 to 128 letters, digits or . _ @ : -')));

/** Free text that may be sent to local authorities and the provider: trimmed, not empty. */
const SummaryOfConcerns = schema(() => text({ min: 1, max: 4000, multiline: true }));

// ---------------------------------------------------------------------------------------------------------------
// Establishments and children

export const ESTABLISHMENT_KINDS = ['childrens-home', 'secure-childrens-home', 'residential-family-centre'] as const;
export type EstablishmentKind = (typeof ESTABLISHMENT_KINDS)[number];

const ESTABLISHMENT_KIND_LABELS: Record<EstablishmentKind, string> = {
  'childrens-home': "a children's home",
  'secure-childrens-home': "a secure children's home",
  'residential-family-centre': 'a residential family centre',
};

export const Establishment = schema(() => z.strictObject({
  urn: Urn,
  name: Name,
  kind: z.enum(ESTABLISHMENT_KINDS),
  /** The local authority where the home is located (SCCIF 15.3: it is always alerted). */
  hostAuthority: LocalAuthorityCode,
}));
export type Establishment = z.infer<typeof Establishment>;

/** A child's initials and nothing else (Annex A): 1-4 capital letters. */
const Initials = schema(() => z.string().check(z.regex(/^[A-Z]{1,4}$/, "must be a child's initials: 1 to 4 capital letters A-Z, never a name")));

/**
 * A looked-after child's placing authority is a local authority. A child who is not looked after has none: whoever
 * placed them (e.g. their parents) is alerted instead (SCCIF 15.4).
 */
export const Placement = schema(() => z.discriminatedUnion('lookedAfter', [
  z.strictObject({ lookedAfter: z.literal(true), placingAuthority: LocalAuthorityCode }),
  z.strictObject({ lookedAfter: z.literal(false), placedBy: Contact }),
]));
export type Placement = z.infer<typeof Placement>;

export const Child = schema(() => z.strictObject({ initials: Initials, placement: Placement }));
export type Child = z.infer<typeof Child>;

// ---------------------------------------------------------------------------------------------------------------
// POST /inspections

/** The processes an inspector can log; each is a process of the regulations. */
export const LOGGABLE_PROCESSES = [
  'assurance-visit',
  'full-inspection',
  'interim-inspection',
  'rfc-inspection',
] as const satisfies readonly ProcessId[];
export type LoggableProcess = (typeof LOGGABLE_PROCESSES)[number];

/** Which establishments each process inspects. */
export const ESTABLISHMENT_KINDS_BY_PROCESS = {
  // Assurance visits: secure children's homes (2021).
  'assurance-visit': ['secure-childrens-home'],
  // Children's homes framework: applies to children's homes, secure children's homes included.
  'full-inspection': ['childrens-home', 'secure-childrens-home'],
  'interim-inspection': ['childrens-home', 'secure-childrens-home'],
  // Residential family centres framework.
  'rfc-inspection': ['residential-family-centre'],
} as const satisfies Record<LoggableProcess, readonly EstablishmentKind[]>;

const PROCESS_LABELS: Record<LoggableProcess, string> = {
  'assurance-visit': 'an assurance visit',
  'full-inspection': 'a full inspection',
  'interim-inspection': 'an interim inspection',
  'rfc-inspection': 'an rfc-inspection (residential family centre inspection)',
};

/** Assurance visit: day 1 is the (working) day the visit is announced. */
const AssuranceVisitDates = schema(() => z.strictObject({ day1: LocalDateText }));

/** A full, interim or RFC inspection runs from its first to its last day on site. */
const InspectionDates = schema(() => z
  .strictObject({ inspectionStart: LocalDateText, inspectionEnd: LocalDateText })
  .check(z.superRefine((dates, ctx) => {
    if (dates.inspectionEnd < dates.inspectionStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['inspectionEnd'],
        message: `"${dates.inspectionEnd}" is before inspectionStart "${dates.inspectionStart}": an inspection cannot end before it starts`,
      });
    }
  })));

/** Our own identifiers: letters, digits and . _ : - (the step logger logs nothing else). */
export const InspectionIdText = schema(() => z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be an inspection id: 1 to 128 letters, digits or . _ : -')));

/**
 * The earlier inspection whose return inspection this is: the full inspection an inadequate judgement requires
 * (SCCIF 15.1; §71, §77) or an RFC's next inspection (§45). Logging it discharges that deadline.
 */
const followUpOf = schema(() => ({ followUpOf: z.optional(InspectionIdText) }));

/** The most children one inspection lists (the log form offers rows up to it). */
export const MAX_CHILDREN = 200;

const inspectionFields = schema(() => ({
  idempotencyKey: IdempotencyKey,
  establishment: Establishment,
  provider: Contact,
  /** Optional, and only ever the caller's own id: the lead inspector is whoever logs the inspection (app/access.ts). */
  inspectorId: z.optional(InspectorId),
  /** The children placed in the home now: initials only. */
  children: z.array(Child).check(z.maxLength(MAX_CHILDREN)),
}));

export const InspectionLogged = schema(() => z
  .discriminatedUnion('process', [
    z.strictObject({ process: z.literal('assurance-visit'), ...inspectionFields, dates: AssuranceVisitDates }),
    z.strictObject({ process: z.literal('full-inspection'), ...inspectionFields, ...followUpOf, dates: InspectionDates }),
    z.strictObject({ process: z.literal('interim-inspection'), ...inspectionFields, dates: InspectionDates }),
    z.strictObject({ process: z.literal('rfc-inspection'), ...inspectionFields, ...followUpOf, dates: InspectionDates }),
  ])
  .check(z.superRefine((event, ctx) => {
    const allowed: readonly EstablishmentKind[] = ESTABLISHMENT_KINDS_BY_PROCESS[event.process];
    const kind = event.establishment.kind;
    // An unknown kind has already been reported by the enum; say nothing more about it.
    if (!ESTABLISHMENT_KINDS.includes(kind) || allowed.includes(kind)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['establishment', 'kind'],
      message:
        `${PROCESS_LABELS[event.process]} is only for ${allowed.map((k) => ESTABLISHMENT_KIND_LABELS[k]).join(' or ')}, ` +
        `not ${ESTABLISHMENT_KIND_LABELS[kind]} ("${kind}")`,
    });
  })));
export type InspectionLogged = z.infer<typeof InspectionLogged>;

// ---------------------------------------------------------------------------------------------------------------
// POST /inspections/{id}/outcome (who recorded it comes from the caller's identity, never from the body)

export const OUTCOME_PROCESSES = [...LOGGABLE_PROCESSES, 'monitoring-visit'] as const satisfies readonly ProcessId[];
export type OutcomeProcess = (typeof OUTCOME_PROCESSES)[number];

const FourPoint = schema(() => z.enum(FOUR_POINT));

type IssueSink = { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void };

/**
 * An outcome's rules across its fields, checked even when some fields failed their own checks, so that a form shows
 * every problem at once (found by a new-user walk: the monitoring outcome form showed its field errors, then, once
 * they were put right, the rules across fields as a second round). The rules read only the fields that passed their
 * own checks, say nothing about a field that already has an error of its own (one error a field), and do not run on a
 * body that is not an object.
 */
function acrossFields<T extends object>(rules: (value: T, ctx: IssueSink) => void) {
  return z.check<T>(
    (payload) => {
      const failed = new Set(payload.issues.map((issue) => String(issue.path?.[0])));
      // The rules see only the fields that passed their own checks: a value refused ("yes" for a boolean) decides nothing.
      const passed = Object.fromEntries(Object.entries(payload.value).filter(([field]) => !failed.has(field))) as T;
      rules(passed, {
        addIssue: ({ path, message }) => {
          if (!failed.has(String(path[0]))) payload.issues.push({ code: 'custom', path, message, input: payload.value });
        },
      });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  );
}

/**
 * SCCIF 15.3: the alert to local authorities "must include a summary of the main concerns". Where the outcome can
 * lead to that alert, the summary is required with the outcome, since nothing else in the record carries it.
 */
function requireSummary(summary: string | undefined, because: string, ctx: IssueSink): void {
  if (summary === undefined) {
    ctx.addIssue({ code: 'custom', path: ['summaryOfConcerns'], message: `is required when ${because}` });
  }
}

const FullInspectionOutcome = schema(() => z
  .strictObject({
    process: z.literal('full-inspection'),
    overall: FourPoint,
    helpedAndProtected: FourPoint,
    leadersAndManagers: FourPoint,
    /** §67: no registered manager for more than 26 weeks limits leaders and managers. */
    registeredManagerVacantSince: z.optional(LocalDateText),
    summaryOfConcerns: z.optional(SummaryOfConcerns),
  })
  .check(acrossFields((outcome, ctx) => {
    if (outcome.overall === 'inadequate') {
      requireSummary(outcome.summaryOfConcerns, `overall is inadequate: local authorities must be sent a summary of the main concerns (${cite(SCCIF_15_3)})`, ctx);
    }
  })));

const InterimInspectionOutcome = schema(() => z
  .strictObject({
    process: z.literal('interim-inspection'),
    effectiveness: z.enum(INTERIM),
    /**
     * SCCIF 15.1, §69: the inspector finds enough cause for concern (without, or as well as, a decline): an urgent
     * case review follows either way.
     */
    enoughCauseForConcern: z.optional(z.boolean()),
    /** §88: a vacancy of more than 26 weeks is likely to mean declined. */
    registeredManagerVacantSince: z.optional(LocalDateText),
    summaryOfConcerns: z.optional(SummaryOfConcerns),
  })
  .check(acrossFields((outcome, ctx) => {
    if (outcome.effectiveness === 'declined') {
      requireSummary(outcome.summaryOfConcerns, `effectiveness has declined: the urgent case review may agree to alert local authorities, who must be sent a summary of the main concerns (§89, ${cite(SCCIF_15_3)})`, ctx);
    } else if (outcome.enoughCauseForConcern === true) {
      requireSummary(outcome.summaryOfConcerns, `there is enough cause for concern: the urgent case review may agree to alert local authorities, who must be sent a summary of the main concerns (§69, ${cite(SCCIF_15_3)})`, ctx);
    }
  })));

/** RFC framework §42: any of these, with an inadequate judgement, makes a case discussion mandatory. */
export const CASE_DISCUSSION_TRIGGERS = [
  'immediateRiskOfHarm',
  'breachOfRegulationsConstitutingOffence',
  'breachOfRegistrationConditions',
  'lastInspectionInadequate',
] as const;

const RfcInspectionOutcome = schema(() => z
  .strictObject({
    process: z.literal('rfc-inspection'),
    overall: FourPoint,
    assessment: FourPoint,
    helpedAndProtected: FourPoint,
    leadersAndManagers: FourPoint,
    partners: FourPoint,
    immediateRiskOfHarm: z.optional(z.boolean()),
    breachOfRegulationsConstitutingOffence: z.optional(z.boolean()),
    breachOfRegistrationConditions: z.optional(z.boolean()),
    lastInspectionInadequate: z.optional(z.boolean()),
    summaryOfConcerns: z.optional(SummaryOfConcerns),
  })
  .check(acrossFields((outcome, ctx) => {
    if (outcome.overall !== 'inadequate') return;
    // The case discussion (RFC framework §42) considers the concerns: kept with the judgements, never emailed.
    requireSummary(outcome.summaryOfConcerns, 'overall is inadequate: the case discussion considers the concerns (residential family centres framework §42)', ctx);
    // Absent must not silently mean "no": whether a case discussion is mandatory depends on every answer.
    for (const trigger of CASE_DISCUSSION_TRIGGERS) {
      if (outcome[trigger] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [trigger],
          message: 'is required when overall is inadequate: it decides whether a case discussion is mandatory (RFC framework §42)',
        });
      }
    }
  })));

const AssuranceVisitOutcome = schema(() => z
  .strictObject({
    process: z.literal('assurance-visit'),
    seriousOrWidespreadConcerns: z.boolean(),
    /** Serious concerns lead to a monitoring visit within 6 to 8 weeks. */
    concernsSerious: z.optional(z.boolean()),
    summaryOfConcerns: z.optional(SummaryOfConcerns),
  })
  .check(acrossFields((outcome, ctx) => {
    if (outcome.concernsSerious === true && !outcome.seriousOrWidespreadConcerns) {
      ctx.addIssue({
        code: 'custom',
        path: ['concernsSerious'],
        message: 'cannot be true when seriousOrWidespreadConcerns is false',
      });
    }
    if (outcome.seriousOrWidespreadConcerns) {
      requireSummary(outcome.summaryOfConcerns, 'serious or widespread concerns were found: the email to each director of children\'s services must describe them', ctx);
    }
  })));

/**
 * SCCIF 15.1: a monitoring visit may secure an improved judgement only when every one of these holds.
 * `expected` is the answer each condition needs.
 */
export const IMPROVED_JUDGEMENT_CONDITIONS = [
  { field: 'concernsDiscrete', expected: true, rule: 'the RIM agrees the concerns are discrete enough' },
  { field: 'wouldOtherwiseBeHigher', expected: true, rule: 'without these concerns the home would have achieved a higher judgement' },
  { field: 'goodTrackRecord', expected: true, rule: 'the home has a good track record of addressing concerns' },
  { field: 'leadershipOrProtectionConcerns', expected: false, rule: 'there are no concerns about leadership and management or the protection of children' },
  { field: 'rectifiableQuickly', expected: true, rule: 'the concerns can be rectified quickly' },
  { field: 'allRequirementsMet', expected: true, rule: 'all requirements made have been met in full' },
] as const;

/**
 * The steps towards cancellation a further monitoring outcome records (children's homes framework §77, SCCIF 15.1:
 * "carry out further monitoring and take steps towards cancellation"): the stages of cancelling a registration in
 * the compliance handbook, from the case review that considers it to the notice of decision.
 */
export const CANCELLATION_STEPS = ['cancellation-considered', 'notice-of-proposal-to-cancel', 'notice-of-decision-to-cancel'] as const;
export type CancellationStep = (typeof CANCELLATION_STEPS)[number];

/** The judgements a monitoring visit may award when it improves an inadequate one (§74: "a new inspection judgement"). */
export const IMPROVED_GRADES = ['outstanding', 'good', 'requires-improvement'] as const satisfies readonly (typeof FOUR_POINT)[number][];
export type ImprovedGrade = (typeof IMPROVED_GRADES)[number];

/** The longest window, in weeks from the visit, that may be set for the next monitoring visit. */
export const LONGEST_NEXT_VISIT_WEEKS = 26;
/** The least a decision's reasons (and a manager's other reasons) may be, in characters (code points, once trimmed): the form's hint says it too. */
export const RATIONALE_MIN_CHARACTERS = 10;
const NextVisitWeeks = schema(() => z.int().check(z.gte(1), z.lte(LONGEST_NEXT_VISIT_WEEKS)));
/** A window's earliest week not after its latest (the error names `earliestWeeks`). */
function earliestNotAfterLatest<T extends { earliestWeeks: number; latestWeeks: number }>() {
  return z.superRefine<T>((window, ctx) => {
    if (window.earliestWeeks > window.latestWeeks) {
      ctx.addIssue({ code: 'custom', path: ['earliestWeeks'], message: `must not be after latestWeeks (${window.latestWeeks})` });
    }
  });
}

/** A visit's window in whole weeks, set by a manager (§71: timing decided case by case): earliest not after latest. */
const VisitWindowWeeks = schema(() => z
  .strictObject({ earliestWeeks: NextVisitWeeks, latestWeeks: NextVisitWeeks })
  .check(earliestNotAfterLatest()));
export type VisitWindowWeeks = z.infer<typeof VisitWindowWeeks>;

/**
 * A manager changes the window of the monitoring visit that further monitoring began, before its outcome is recorded
 * (PATCH /inspections/{id}/next-visit-window): in weeks from the visit that chose it, with the reason (audit trail).
 */
export const NextVisitWindowChanged = schema(() => z
  // The reason as long as a decision's (a manager's reasons, kept in the history): "x" says nothing.
  .strictObject({ earliestWeeks: NextVisitWeeks, latestWeeks: NextVisitWeeks, reason: text({ min: RATIONALE_MIN_CHARACTERS, max: 2000, multiline: true }) })
  .check(earliestNotAfterLatest()));
export type NextVisitWindowChanged = z.infer<typeof NextVisitWindowChanged>;

/**
 * A manager withdraws an inspection logged by mistake (POST /inspections/{id}/withdrawal): why, for the audit trail
 * (as long as a decision's reasons: "x" says nothing).
 */
export const InspectionWithdrawn = schema(() => z.strictObject({ reason: text({ min: RATIONALE_MIN_CHARACTERS, max: 2000, multiline: true }) }));
export type InspectionWithdrawn = z.infer<typeof InspectionWithdrawn>;

/**
 * A manager corrects the children recorded at an inspection (PATCH /inspections/{id}/children): the whole list as it
 * should have been logged, and why (kept in the history, as long as a decision's reasons). What it sends to those
 * alerted: core/children-corrections.ts.
 */
export const ChildrenCorrected = schema(() => z.strictObject({
  children: z.array(Child).check(z.maxLength(MAX_CHILDREN)),
  reason: text({ min: RATIONALE_MIN_CHARACTERS, max: 2000, multiline: true }),
}));
export type ChildrenCorrected = z.infer<typeof ChildrenCorrected>;

/** A monitoring visit's answers that belong to one outcome: sent with another, they are refused (the web form leaves them out). */
export const MONITORING_ANSWERS_OF_ONE_OUTCOME = {
  improvedJudgement: 'improved-judgement',
  nextVisitWindow: 'further-monitoring',
  stepsTowardsCancellation: 'further-monitoring',
} as const;

const MonitoringVisitOutcome = schema(() => z
  .strictObject({
    process: z.literal('monitoring-visit'),
    // Which outcomes fit depends on the process that started the visit (monitoringOutcomesFor): judged on the record.
    outcome: z.enum(MONITORING_VISIT_OUTCOMES),
    visitDate: LocalDateText,
    /** Improved judgement only (§74): the new overall judgement; the original stays on the record. */
    improvedJudgement: z.optional(z.enum(IMPROVED_GRADES)),
    /**
     * Further monitoring only: the next visit's window in weeks from this visit, set by the regulatory inspection
     * manager (§71: timing "determined through the oversight of improvement on a case-by-case basis"); default 6-8.
     */
    nextVisitWindow: z.optional(VisitWindowWeeks),
    /** Further monitoring after an inadequate judgement (§77): the steps towards cancellation taken. */
    stepsTowardsCancellation: z.optional(z.array(z.enum(CANCELLATION_STEPS)).check(z.minLength(1))),
    concernsDiscrete: z.optional(z.boolean()),
    wouldOtherwiseBeHigher: z.optional(z.boolean()),
    goodTrackRecord: z.optional(z.boolean()),
    leadershipOrProtectionConcerns: z.optional(z.boolean()),
    rectifiableQuickly: z.optional(z.boolean()),
    allRequirementsMet: z.optional(z.boolean()),
    summaryOfConcerns: z.optional(SummaryOfConcerns),
  })
  .check(acrossFields((visit, ctx) => {
    // Which answers belong depends on the outcome: with none chosen (or one off the list) there is nothing to compare.
    if (visit.outcome === undefined) return;
    for (const [field, outcome] of Object.entries(MONITORING_ANSWERS_OF_ONE_OUTCOME) as [keyof typeof MONITORING_ANSWERS_OF_ONE_OUTCOME, string][]) {
      if (visit[field] !== undefined && visit.outcome !== outcome) {
        ctx.addIssue({ code: 'custom', path: [field], message: `is recorded only when outcome is ${outcome}` });
      }
    }
    if (visit.outcome !== 'improved-judgement') return;
    if (visit.improvedJudgement === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['improvedJudgement'],
        message: `is required when outcome is improved-judgement: the new overall judgement, one of ${IMPROVED_GRADES.map((grade) => `"${grade}"`).join(', ')} (children's homes framework §74)`,
      });
    }
    for (const condition of IMPROVED_JUDGEMENT_CONDITIONS) {
      const answer = visit[condition.field];
      if (answer === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [condition.field],
          message: `is required when outcome is improved-judgement: ${condition.rule} (${cite(SCCIF_15_1)})`,
        });
      } else if (answer !== condition.expected) {
        ctx.addIssue({
          code: 'custom',
          path: [condition.field],
          message: `must be ${condition.expected} for an improved judgement: ${condition.rule} (${cite(SCCIF_15_1)})`,
        });
      }
    }
  })));

export const OutcomeRecorded = schema(() => z.discriminatedUnion('process', [
  FullInspectionOutcome,
  InterimInspectionOutcome,
  RfcInspectionOutcome,
  AssuranceVisitOutcome,
  MonitoringVisitOutcome,
]));
export type OutcomeRecorded = z.infer<typeof OutcomeRecorded>;

// ---------------------------------------------------------------------------------------------------------------
// POST /inspections/{id}/outcome/amendments

/**
 * The processes whose graded judgements may be amended after quality assurance (children's homes framework §99,
 * residential family centres framework §67, §75). An assurance visit has no graded judgement: whether serious or
 * widespread concerns were found sets off alerts, a case review and a monitoring visit at once, so it is not amended
 * here; a monitoring visit's outcome is a decision about next steps, not a judgement.
 */
export const AMENDABLE_PROCESSES = ['full-inspection', 'interim-inspection', 'rfc-inspection'] as const satisfies readonly OutcomeProcess[];
export type AmendableProcess = (typeof AMENDABLE_PROCESSES)[number];

export const AmendmentDetails = schema(() => z.strictObject({
  /** Why quality assurance changed the judgements: kept in the amendments history and the audit trail. */
  reason: text({ min: 1, max: 2000, multiline: true }),
  /** §99: the London day the inspector called the registered manager to explain the change. */
  registeredManagerCalledOn: LocalDateText,
}));

export type OutcomeAmended = z.infer<typeof AmendmentDetails> & {
  judgements: Extract<OutcomeRecorded, { process: AmendableProcess }>;
};

const isAmendable = (process: OutcomeProcess): process is AmendableProcess => (AMENDABLE_PROCESSES as readonly string[]).includes(process);

/**
 * The outcome body of the inspection's process (POST /inspections/{id}/outcome, with its rules and messages) plus
 * `reason` and `registeredManagerCalledOn`, flat: each error names the field as the outcome route names it.
 */
export const OutcomeAmended = schema(() => z.pipe(z.unknown(), z.transform((body: unknown, ctx): OutcomeAmended => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    ctx.issues.push({ code: 'invalid_type', expected: 'object', input: body, message: describeIssue({ code: 'invalid_type', expected: 'object', input: body } as never) as string });
    return z.NEVER;
  }
  // Copied with own data properties only (Object.fromEntries): a "__proto__" key stays a field, named as unknown.
  const fields = Object.entries(body);
  const reason = fields.find(([key]) => key === 'reason')?.[1];
  const registeredManagerCalledOn = fields.find(([key]) => key === 'registeredManagerCalledOn')?.[1];
  const judgements = Object.fromEntries(fields.filter(([key]) => key !== 'reason' && key !== 'registeredManagerCalledOn'));
  const outcome = OutcomeRecorded.safeParse(judgements, { error: describeIssue });
  const details = AmendmentDetails.safeParse({ reason, registeredManagerCalledOn }, { error: describeIssue });
  for (const issue of [...(details.error?.issues ?? []), ...(outcome.error?.issues ?? [])]) ctx.issues.push(issue as z.core.$ZodRawIssue);
  if (outcome.success && !isAmendable(outcome.data.process)) {
    ctx.issues.push({
      code: 'custom',
      path: ['process'],
      input: outcome.data.process,
      message:
        outcome.data.process === 'assurance-visit'
          ? 'an assurance visit has no graded judgement to amend: whether serious or widespread concerns were found is not amended here'
          : 'a monitoring visit outcome is a decision about next steps, not a graded judgement: it is not amended here',
    });
    return z.NEVER;
  }
  if (!outcome.success || !details.success) return z.NEVER;
  return { ...details.data, judgements: outcome.data as OutcomeAmended['judgements'] };
})));

// ---------------------------------------------------------------------------------------------------------------
// POST /approvals/{id}/decision

/** What may follow an interim inspection's urgent case review (SCCIF 15.1). */
// The longer name first: an option is read by the follow-up it starts with (interimCaseReviewDecision).
export const INTERIM_FOLLOW_UPS = ['return-visit-and-compliance-action', 'return-visit', 'compliance-action', 'inadequate-pathway'] as const;
export type InterimFollowUp = (typeof INTERIM_FOLLOW_UPS)[number];

/** 15.1: "the scheduling of future inspections and/or compliance action": the follow-ups that schedule a return visit. */
export function interimReturnVisitDecided(follows: InterimFollowUp): boolean {
  return follows === 'return-visit' || follows === 'return-visit-and-compliance-action';
}

/** Each option of the interim case review: what follows, and whether the local authorities are alerted (15.3). */
export const INTERIM_CASE_REVIEW_OPTIONS = [
  'return-visit-and-alert-las',
  'return-visit-without-alerting-las',
  'return-visit-and-compliance-action-and-alert-las',
  'return-visit-and-compliance-action-without-alerting-las',
  'compliance-action-and-alert-las',
  'compliance-action-without-alerting-las',
  'inadequate-pathway-and-alert-las',
  'inadequate-pathway-without-alerting-las',
] as const;
export type InterimCaseReviewOption = (typeof INTERIM_CASE_REVIEW_OPTIONS)[number];

/** The two halves of an interim case review's decision. */
export function interimCaseReviewDecision(option: InterimCaseReviewOption): { follows: InterimFollowUp; alertLocalAuthorities: boolean } {
  const follows = INTERIM_FOLLOW_UPS.find((candidate) => option.startsWith(`${candidate}-`))!;
  return { follows, alertLocalAuthorities: option.endsWith('-and-alert-las') };
}

export function isInterimCaseReviewOption(option: string): option is InterimCaseReviewOption {
  return (INTERIM_CASE_REVIEW_OPTIONS as readonly string[]).includes(option);
}

/**
 * What a manager may decide, by kind of approval. The approval record says which kind it is; the handler parses the
 * body with `approvalDecisionFor(kind)`.
 */
export const APPROVAL_OPTIONS = {
  /**
   * Urgent case review after an inadequate judgement (SCCIF 15.1; children's homes framework §70-71), or the case
   * review after serious or widespread concerns at an assurance visit (AV 2021, next steps): the option is the visit
   * that follows, and `enforcement` (required, see CaseReviewDecision) records the enforcement considered. After an
   * inadequate judgement Ofsted always returns within 6 to 8 weeks: a monitoring visit or a full inspection
   * (CASE_REVIEW_OPTIONS_BY_PROCESS); an assurance visit's manager may also decide enforcement only, or no further action.
   */
  'case-review': ['monitoring-visit', 'full-inspection', 'enforcement-action', 'no-further-action'],
  /**
   * Interim inspection judged declined, or with enough cause for concern (SCCIF 15.1; §69, §89): the urgent case
   * review decides whether the relevant local authorities are alerted (15.3: only "where ... it has been agreed at the
   * case review") and what further action follows (15.1: "including the scheduling of future inspections and/or
   * compliance action"): a return visit, compliance action, or the whole inadequate pathway.
   */
  'interim-case-review': INTERIM_CASE_REVIEW_OPTIONS,
  /**
   * Many placing authorities (SCCIF 15.3): how they are contacted. Every DCS is emailed by the deadline either way;
   * the choice is who makes the follow-up calls (the rationale records the agreed plan).
   */
  'la-contact-arrangements': ['inspector-contacts-all', 'contacts-shared-with-team'],
  /**
   * Residential family centre judged inadequate (RFC framework §42-44): the case discussion with a social care
   * compliance inspector considers whether enforcement action should be taken.
   */
  'rfc-case-discussion': ['enforcement-action', 'requirements-only'],
} as const;
export type ApprovalKind = keyof typeof APPROVAL_OPTIONS;
export const APPROVAL_KINDS = Object.keys(APPROVAL_OPTIONS) as ApprovalKind[];
export type ApprovalOption<K extends ApprovalKind = ApprovalKind> = (typeof APPROVAL_OPTIONS)[K][number];

const Rationale = schema(() => text({ min: RATIONALE_MIN_CHARACTERS, max: 4000, multiline: true }));

function decisionSchema<K extends ApprovalKind>(kind: K) {
  return z.strictObject({ decision: z.enum(APPROVAL_OPTIONS[kind]), rationale: Rationale });
}

/**
 * The enforcement options a case review considers (SCCIF 15.1, §70: "all the enforcement options available"; the
 * assurance visits guidance names restriction of accommodation, suspension and cancellation), and whom they are
 * against: the establishment and, where there is one, the registered manager (15.1, §70).
 */
export const ENFORCEMENT_ACTIONS = [
  'compliance-notice',
  'restriction-of-accommodation',
  'suspension',
  'notice-of-proposal-to-cancel',
  'cancellation',
] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];
export const ENFORCEMENT_SUBJECTS = ['establishment', 'registered-manager'] as const;
export type EnforcementSubject = (typeof ENFORCEMENT_SUBJECTS)[number];

/** The enforcement a case review considered: none, or which actions against whom. Required: "none" is a decision too. */
export const EnforcementConsidered = schema(() => z.union(
  [
    z.literal('none'),
    z.strictObject({
      actions: z.array(z.enum(ENFORCEMENT_ACTIONS)).check(z.minLength(1, 'must name at least one enforcement action, or enforcement must be "none"')),
      against: z.array(z.enum(ENFORCEMENT_SUBJECTS)).check(z.minLength(1, 'must name the establishment and/or the registered manager')),
    }),
  ],
  {
    error: (issue) =>
      `${issue.input === undefined ? 'is required' : 'must be'}: "none", or { "actions": [${ENFORCEMENT_ACTIONS.map((action) => `"${action}"`).join(', ')}], ` +
      `"against": ["establishment", "registered-manager"] } (${cite(SCCIF_15_1)}; children's homes framework §70: the case review considers enforcement)`,
  },
));
export type EnforcementConsidered = z.infer<typeof EnforcementConsidered>;

/** Which case review options fit the process that holds the review (the approval's process). */
export const CASE_REVIEW_OPTIONS_BY_PROCESS = {
  // SCCIF 15.1, §71: "We always return ... within 6 to 8 weeks ... either a monitoring visit or a full inspection."
  inadequate: ['monitoring-visit', 'full-inspection'],
  // AV 2021: the case review "allows the manager to decide which action to take": future visits and/or enforcement.
  'assurance-visit': ['monitoring-visit', 'enforcement-action', 'no-further-action'],
} as const satisfies Partial<Record<ProcessId, readonly ApprovalOption<'case-review'>[]>>;

function caseReviewOptionsFor(process: ProcessId | undefined): readonly ApprovalOption<'case-review'>[] {
  return process !== undefined && Object.hasOwn(CASE_REVIEW_OPTIONS_BY_PROCESS, process)
    ? CASE_REVIEW_OPTIONS_BY_PROCESS[process as keyof typeof CASE_REVIEW_OPTIONS_BY_PROCESS]
    : APPROVAL_OPTIONS['case-review'];
}

/** Why an option does not fit the process's case review, citing the paragraph that says so. */
function caseReviewRefusal(process: ProcessId, option: ApprovalOption<'case-review'>): string {
  if (process === 'inadequate') {
    return option === 'no-further-action'
      ? `"no-further-action" is not allowed after an inadequate judgement: Ofsted always returns within ${MONITORING_WINDOW_WEEKS} (${cite(SCCIF_15_1)}; children's homes framework §71): choose the return visit, "monitoring-visit" or "full-inspection"`
      : `must be the return visit, "monitoring-visit" or "full-inspection" (${cite(SCCIF_15_1)}; children's homes framework §71): record the enforcement considered in "enforcement" (§70)`;
  }
  return `must be one of ${caseReviewOptionsFor(process).map((value) => `"${value}"`).join(', ')} for the case review of an assurance visit`;
}

/**
 * A case review's decision (SCCIF 15.1, §70-71; AV 2021): the visit that follows and the enforcement considered, both
 * required, with the reasons. The options depend on the process that holds the review.
 */
export function caseReviewDecisionFor(process?: ProcessId) {
  return z
    .strictObject({ decision: z.enum(APPROVAL_OPTIONS['case-review']), enforcement: EnforcementConsidered, rationale: Rationale })
    .check(z.superRefine((body, ctx) => {
      if (process !== undefined && !caseReviewOptionsFor(process).includes(body.decision)) {
        ctx.addIssue({ code: 'custom', path: ['decision'], message: caseReviewRefusal(process, body.decision) });
        return;
      }
      if (body.decision === 'enforcement-action' && body.enforcement === 'none') {
        ctx.addIssue({ code: 'custom', path: ['enforcement'], message: 'must name the enforcement actions when the decision is "enforcement-action"' });
      }
      if (body.decision === 'no-further-action' && body.enforcement !== 'none') {
        ctx.addIssue({ code: 'custom', path: ['enforcement'], message: 'must be "none" when the decision is "no-further-action"' });
      }
    }));
}

/**
 * The interim case review's decision (SCCIF 15.1: "the scheduling of future inspections and/or compliance action"):
 * the option, the reasons, and, with a return visit, the manager may set its window in weeks from the inspection
 * (default 6 to 8, §71); refused with any other option.
 */
const InterimCaseReviewDecision = schema(() => z
  .strictObject({ decision: z.enum(INTERIM_CASE_REVIEW_OPTIONS), rationale: Rationale, returnVisitWindow: z.optional(VisitWindowWeeks) })
  .check(z.superRefine((body, ctx) => {
    if (body.returnVisitWindow !== undefined && !interimReturnVisitDecided(interimCaseReviewDecision(body.decision).follows)) {
      ctx.addIssue({ code: 'custom', path: ['returnVisitWindow'], message: 'is set only when the decision includes a return visit' });
    }
  })));

const APPROVAL_DECISION_SCHEMAS = schema(() => ({
  'case-review': caseReviewDecisionFor(),
  'interim-case-review': InterimCaseReviewDecision,
  'la-contact-arrangements': decisionSchema('la-contact-arrangements'),
  'rfc-case-discussion': decisionSchema('rfc-case-discussion'),
} satisfies { [K in ApprovalKind]: z.ZodMiniType<{ decision: ApprovalOption<K>; rationale: string }> }));

/**
 * The decision body for one kind of approval: only that kind's options are accepted; a case review's also depend on
 * the process that holds it (caseReviewDecisionFor).
 */
export function approvalDecisionFor<K extends ApprovalKind>(kind: K, process?: ProcessId): (typeof APPROVAL_DECISION_SCHEMAS)[K] {
  if (kind === 'case-review' && process !== undefined) return caseReviewDecisionFor(process) as (typeof APPROVAL_DECISION_SCHEMAS)[K];
  return APPROVAL_DECISION_SCHEMAS[kind];
}

/** Any decision of any kind; prefer `approvalDecisionFor(kind)` at the boundary. */
export const ApprovalDecision = schema(() => z.strictObject({
  decision: z.enum(APPROVAL_KINDS.flatMap((kind) => APPROVAL_OPTIONS[kind]) as [ApprovalOption, ...ApprovalOption[]]),
  rationale: Rationale,
}));
export type ApprovalDecision<K extends ApprovalKind = ApprovalKind> = {
  decision: ApprovalOption<K>;
  rationale: string;
  /** Case reviews only: the enforcement considered (SCCIF 15.1, §70). */
  enforcement?: EnforcementConsidered;
  /** Interim case reviews with a return visit: its window in weeks from the inspection, when a manager set one. */
  returnVisitWindow?: VisitWindowWeeks;
};

// ---------------------------------------------------------------------------------------------------------------
// POST /inspections/{id}/calls (SCCIF 15.3: calls to confirm receipt are recorded)

export const CALL_OUTCOMES = ['receipt-confirmed', 'no-answer', 'message-left', 'wrong-contact'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** An ISO-8601 instant with "Z" or an offset; stored as UTC. */
const Instant = schema(() => z.pipe(z.iso.datetime({ offset: true }), z.transform((text: string) => new Date(text).toISOString())));

/** The outcomes of a call in which the caller spoke to no one: who they spoke to is not asked for (found by a new-user walk). */
export const CALL_OUTCOMES_WITH_NO_ONE: readonly CallOutcome[] = ['no-answer'];

/** The outbox key of an alert to a person who placed a child themselves (core/alerts.ts alertRecipientKey). */
export const PlacerKey = schema(() => z.string().check(z.regex(/^placer:[0-9a-f]{16}$/, 'must be the key of an alert to a person who placed a child, e.g. placer:0123456789abcdef')));

export const PhoneCallRecorded = schema(() => z
  .strictObject({
    /** The local authority called (SCCIF 15.3): its director of children's services was alerted. */
    authorityCode: z.optional(LocalAuthorityCode),
    /**
     * Or the person who placed a child themselves (15.4), by their alert's key (`recipientKey` in the notifications),
     * when their alert was not delivered: the call tells them what it says.
     */
    placer: z.optional(PlacerKey),
    calledAt: Instant,
    /** Who answered: required unless no one did (CALL_OUTCOMES_WITH_NO_ONE). */
    spokeTo: z.optional(Name),
    outcome: z.enum(CALL_OUTCOMES),
    notes: z.optional(text({ min: 0, max: 2000, multiline: true })),
  })
  .check(z.superRefine((call, ctx) => {
    if ((call.authorityCode === undefined) === (call.placer === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [call.authorityCode === undefined ? 'authorityCode' : 'placer'],
        // Neither: the local authority is what is usually missing (a call to a placer is the exception).
        message: call.authorityCode === undefined ? 'is required' : 'is not allowed with authorityCode: a call is to one of them',
      });
    }
    if (call.spokeTo === undefined && !CALL_OUTCOMES_WITH_NO_ONE.includes(call.outcome)) {
      ctx.addIssue({ code: 'custom', path: ['spokeTo'], message: `is required when outcome is ${call.outcome}: who you spoke to` });
    }
  })));
export type PhoneCallRecorded = z.infer<typeof PhoneCallRecorded>;

/** How the lead inspector sent a copy of the report (SCCIF 15.4). */
export const REPORT_COPY_MEANS = ['email', 'post', 'by-hand'] as const;
export type ReportCopyMeans = (typeof REPORT_COPY_MEANS)[number];

/**
 * POST /inspections/{id}/report-copies (SCCIF 15.4): the lead inspector sent a person who placed a child their copy of
 * the report. The rules (which notice, which days): core/report-copies.ts.
 */
export const ReportCopyRecorded = schema(() => z.strictObject({
  /** The notice's recipient (`recipientKey` of a `report-copy:<process>` email in the notifications). */
  recipientKey: PlacerKey,
  /** Which report, when the person was told of more than one (its process). */
  process: z.optional(z.enum(PROCESS_IDS as [ProcessId, ...ProcessId[]])),
  /** The London day it was sent. */
  sentOn: LocalDateText,
  how: z.enum(REPORT_COPY_MEANS),
}));
export type ReportCopyRecorded = z.infer<typeof ReportCopyRecorded>;

// ---------------------------------------------------------------------------------------------------------------
// Reference data: local authorities (configuration, never hard-coded in handlers)

export const LocalAuthority = schema(() => z.strictObject({
  code: LocalAuthorityCode,
  name: Name,
  /** The director of children's services, who receives alerts. */
  dcs: z.strictObject({ name: z.optional(Name), email: Email }),
}));
export type LocalAuthority = z.infer<typeof LocalAuthority>;

export const LocalAuthorities = schema(() => z
  .array(LocalAuthority)
  .check(z.minLength(1))
  .check(z.superRefine((authorities, ctx) => {
    const firstIndexByCode = new Map<string, number>();
    authorities.forEach((authority, index) => {
      const first = firstIndexByCode.get(authority.code);
      if (first === undefined) {
        firstIndexByCode.set(authority.code, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: [index, 'code'],
        message: `duplicate local authority code "${authority.code}": already used by entry ${first} (${authorities[first]?.name})`,
      });
    });
  })));
export type LocalAuthorities = z.infer<typeof LocalAuthorities>;

// ---------------------------------------------------------------------------------------------------------------
// Parsing with errors that name the field and the rule

export interface FieldError {
  /** Dotted path of the offending field, e.g. `children.0.initials`; `(root)` for the body itself. */
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ROOT = '(root)';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function article(expected: string): string {
  if (expected === 'object') return 'an object';
  if (expected === 'array') return 'an array';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function listOptions(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${Number(count) === 1 ? '' : 's'}`;
}

/**
 * Messages for zod's generic issues. Deliberately never echoes the value sent (it may be a child's name);
 * schema-specific messages (dates, codes, initials) are set on the schemas and take precedence.
 */
const describeIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      // z.int() reports a fraction as "expected int": a user reads "a whole number".
      if (issue.expected === 'int') return 'must be a whole number';
      // A form's box sends text: "got a string" means nothing to the person who typed "three".
      if (issue.expected === 'number' && typeof issue.input === 'string') return 'must be a number written in digits (e.g. 6), not text';
      return `must be ${article(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${plural(issue.minimum, 'character')}`;
      }
      if (issue.origin === 'array') return `must have at least ${plural(issue.minimum, 'item')}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${plural(issue.maximum, 'character')}`;
      if (issue.origin === 'array') return `must have at most ${plural(issue.maximum, 'item')}`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address, e.g. name@example.org';
      if (issue.format === 'datetime') {
        return 'must be an ISO-8601 date and time with seconds and "Z" or an offset, e.g. 2027-03-01T09:15:00Z';
      }
      return `must be a valid ${issue.format}`;
    case 'invalid_value': {
      const rule = issue.values.length === 1 ? `must be ${listOptions(issue.values)}` : `must be one of: ${listOptions(issue.values)}`;
      return issue.input === undefined ? `is required: ${rule}` : rule;
    }
    case 'invalid_union': {
      const { discriminator, options } = issue as typeof issue & { discriminator?: string; options?: unknown[] };
      if (discriminator === undefined || options === undefined) return 'does not match any of the allowed forms';
      const sent = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
      return `${sent === undefined ? 'is required: ' : ''}must be one of: ${listOptions(options)}`;
    }
    case 'unrecognized_keys':
      return 'is not an allowed field';
    default:
      return undefined;
  }
};

function joinPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? ROOT : path.map(String).join('.');
}

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    // One error per unknown field, named by its own path.
    return issue.keys.map((key) => ({ field: joinPath([...issue.path, key]), message: 'is not an allowed field' }));
  }
  return [{ field: joinPath(issue.path), message: issue.message }];
}

/** Turns `unknown` into a typed value once, or into errors that each name a field and a rule. */
export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = z.safeParse(schema, input, { error: describeIssue });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toFieldErrors) };
}

/** One line for logs and HTTP 400 bodies: `dates.day1: "2027-02-30" is not a real calendar date; ...`. */
export function formatIssues(errors: readonly FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.message}`).join('; ');
}
