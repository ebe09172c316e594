/**
 * Inspection judgements: accept a recorded set of judgements, or reject an inconsistent one with reasons that name
 * the rule and its source paragraph; and say which follow-up process starts.
 *
 * Pure: no clock, no I/O. Deadlines are not computed here: a follow-up names the regulation process (and steps) whose
 * timeline gives the dates, and any number of days, weeks or months shown in words is read from that regulation.
 */
import { addCalendarDays, type LocalDate } from './calendar';
import {
  MONITORING_OUTCOMES,
  monitoringOutcomesFor,
  PROCESSES,
  type DeadlineRule,
  type MonitoringOrigin,
  type MonitoringOutcome,
  type ProcessDefinition,
  type ProcessId,
  type Source,
} from './regulations';
import {
  ASSURANCE_NEXT_STEPS,
  citeSources,
  homesFramework,
  rfcFramework,
  SCCIF_15_1,
  SCCIF_15_2,
  SCCIF_15_3,
} from './regulations/sources';

// ---------------------------------------------------------------------------------------------------------------
// Scales (scales.ts)

export { FOUR_POINT, FOUR_POINT_LABELS, fourPointWords, INTERIM, INTERIM_LABELS, type FourPointGrade, type InterimGrade } from './scales';
import { FOUR_POINT, FOUR_POINT_LABELS, INTERIM_LABELS, type FourPointGrade, type InterimGrade } from './scales';

export { MONITORING_OUTCOMES, type MonitoringOutcome };

/**
 * §67 and §88: "no registered manager for more than 26 weeks". A judgement threshold, not a deadline: 26 weeks is
 * 26 × 7 calendar days, and exactly that many days is not "more than".
 */
export const REGISTERED_MANAGER_VACANCY_WEEKS = 26;
const DAYS_PER_WEEK = 7;

// ---------------------------------------------------------------------------------------------------------------
// Sources and rules

interface JudgementRule {
  /** What the rule says, in plain words. */
  says: string;
  /** `limit`/`validity`: breaking it rejects the judgements; `caution`: accepted with a caution. */
  effect: 'limit' | 'validity' | 'caution';
  sources: readonly Source[];
}

const VACANCY = `no registered manager for more than ${REGISTERED_MANAGER_VACANCY_WEEKS} weeks`;

/** Every rule a judgement is checked against, by stable id. */
export const JUDGEMENT_RULES = {
  'helped-and-protected-limits-overall': {
    says: "Helped and protected judged inadequate: overall experiences and progress is always inadequate.",
    effect: 'limit',
    sources: [homesFramework('§37')],
  },
  'leaders-and-managers-limits-overall': {
    says: 'Leaders and managers judged inadequate: overall is certainly no better than requires improvement.',
    effect: 'limit',
    sources: [homesFramework('§38')],
  },
  'leaders-and-managers-inadequate-likely-overall-inadequate': {
    says: 'Leaders and managers judged inadequate: overall is likely to be inadequate.',
    effect: 'caution',
    sources: [homesFramework('§38')],
  },
  'registered-manager-vacancy-limits-leaders-and-managers': {
    says: `With ${VACANCY}, leaders and managers is inadequate.`,
    effect: 'limit',
    sources: [homesFramework('§67')],
  },
  'registered-manager-vacancy-likely-declined': {
    says: `With ${VACANCY}, the interim judgement is likely to be declined in effectiveness.`,
    effect: 'caution',
    sources: [homesFramework('§88')],
  },
  'registered-manager-vacancy-before-inspection-end': {
    says: 'The registered manager post must have fallen vacant on or before the end of the inspection.',
    effect: 'validity',
    sources: [homesFramework('§67'), homesFramework('§88')],
  },
  'rfc-helped-and-protected-limits-overall': {
    says: 'Helped and protected judged inadequate: overall experiences of children and parents is always inadequate.',
    effect: 'limit',
    sources: [rfcFramework('§32')],
  },
  'rfc-leaders-managers-or-partners-limit-overall': {
    says: 'Leaders and managers or working with partners judged inadequate: overall is always no more than requires improvement.',
    effect: 'limit',
    sources: [rfcFramework('§33')],
  },
  'rfc-leaders-managers-or-partners-inadequate-likely-overall-inadequate': {
    says: 'Leaders and managers or working with partners judged inadequate: overall is likely to be inadequate.',
    effect: 'caution',
    sources: [rfcFramework('§33')],
  },
  'assurance-serious-concerns-are-concerns-found': {
    says: 'Concerns can only be serious when the visit found serious or widespread concerns.',
    effect: 'validity',
    sources: [ASSURANCE_NEXT_STEPS],
  },
  'improved-judgement-needs-discrete-concerns': {
    says: 'An improved judgement needs the regulatory inspection manager to agree the concerns are discrete enough.',
    effect: 'limit',
    sources: [homesFramework('§76'), SCCIF_15_1],
  },
  'improved-judgement-needs-higher-judgement-otherwise': {
    says: 'An improved judgement needs the home to have achieved a higher judgement without these specific concerns.',
    effect: 'limit',
    sources: [homesFramework('§76'), SCCIF_15_1],
  },
  'improved-judgement-needs-good-track-record': {
    says: 'An improved judgement needs a previous good track record of addressing concerns and issues.',
    effect: 'limit',
    sources: [homesFramework('§76'), SCCIF_15_1],
  },
  'improved-judgement-needs-no-leadership-or-protection-concerns': {
    says: 'An improved judgement needs no concerns about leadership and management or the protection of children.',
    effect: 'limit',
    sources: [homesFramework('§76'), SCCIF_15_1],
  },
  'improved-judgement-needs-quick-rectification': {
    says: 'An improved judgement needs concerns whose nature means they can be rectified quickly.',
    effect: 'limit',
    sources: [homesFramework('§74'), homesFramework('§76'), SCCIF_15_1],
  },
  'improved-judgement-needs-all-requirements-met': {
    says: 'An improved judgement needs every requirement made to have been met in full.',
    effect: 'limit',
    sources: [homesFramework('§74'), SCCIF_15_1],
  },
  'assurance-monitoring-outcome-has-no-grade': {
    says:
      'A monitoring visit after an assurance visit checks whether sufficient steps were taken: it has no graded ' +
      'judgement, so its outcome is "sufficient steps taken" or "further monitoring".',
    effect: 'limit',
    sources: [ASSURANCE_NEXT_STEPS],
  },
  'further-monitoring-records-steps-towards-cancellation': {
    says:
      'Further monitoring after an inadequate judgement goes with steps towards cancellation: the outcome records ' +
      'which were taken.',
    effect: 'limit',
    sources: [homesFramework('§77'), SCCIF_15_1],
  },
  'inadequate-monitoring-outcome-is-one-of-three': {
    says: 'A monitoring visit after an inadequate judgement reaches one of the three outcomes of §77.',
    effect: 'limit',
    sources: [homesFramework('§77'), SCCIF_15_1],
  },
} as const satisfies Record<string, JudgementRule>;

export type JudgementRuleId = keyof typeof JUDGEMENT_RULES;

/** One broken rule (a violation) or one thing to look at again (a caution). */
export interface Finding {
  rule: JudgementRuleId;
  /** e.g. "Children's homes framework 2015 §37". */
  source: string;
  /** Plain words for an inspector, ending with the source in brackets. */
  message: string;
}

function finding(rule: JudgementRuleId, text: string): Finding {
  const source = citeSources(JUDGEMENT_RULES[rule].sources);
  return { rule, source, message: `${text} (${source})` };
}

// ---------------------------------------------------------------------------------------------------------------
// Follow-ups

/** Where the dates of a follow-up come from: a regulation process, its conditions and (optionally) its steps. */
export interface TimelineLink {
  process: ProcessId;
  /** Conditions to switch on when building that process's timeline. */
  conditions: Record<string, boolean>;
  /** The steps this follow-up is about; the whole process when absent. */
  steps?: readonly string[];
}

interface FollowUpBase {
  /** Short name of the follow-up, e.g. "Inadequate pathway". */
  title: string;
  /** What happens and why, in plain words. */
  reason: string;
  source: string;
  /** Absent when the sources set no time limit. */
  timeline?: TimelineLink;
}

/** The §42 conditions that make a residential family centre case discussion mandatory. */
export const RFC_CASE_DISCUSSION_TRIGGERS = [
  'immediate-risk-of-harm',
  'breach-of-regulations-constituting-offence',
  'breach-of-registration-conditions',
  'last-inspection-inadequate',
] as const;
export type RfcCaseDiscussionTrigger = (typeof RFC_CASE_DISCUSSION_TRIGGERS)[number];

export type FollowUp =
  /** Children's home judged inadequate overall: urgent case review, LA alerts, DfE for secure homes, return visit. */
  | (FollowUpBase & { process: 'inadequate'; informDfe: boolean })
  /** Interim decline: the inspector and a manager consider whether to hold a case review. */
  | (FollowUpBase & { process: 'case-review-decision' })
  | (FollowUpBase & { process: 'rfc-requirements' })
  | (FollowUpBase & { process: 'rfc-case-discussion'; mandatory: boolean; triggers: RfcCaseDiscussionTrigger[] })
  | (FollowUpBase & { process: 'rfc-next-inspection' })
  | (FollowUpBase & { process: 'assurance-case-review' })
  | (FollowUpBase & { process: 'alert-local-authorities' })
  | (FollowUpBase & { process: 'inform-dfe' })
  | (FollowUpBase & { process: 'monitoring-visit' })
  | (FollowUpBase & { process: 'new-judgement' })
  | (FollowUpBase & { process: 'full-inspection' })
  | (FollowUpBase & { process: 'further-monitoring' })
  | (FollowUpBase & { process: 'inadequate-judgement-stands' })
  | (FollowUpBase & { process: 'sufficient-steps-taken' });

export type FollowUpProcess = FollowUp['process'];
export type FollowUpOf<P extends FollowUpProcess> = Extract<FollowUp, { process: P }>;

export type Verdict<F extends FollowUp = FollowUp> =
  /** `ungraded`: no graded judgement was made (an assurance visit, its monitoring visits), so no limiting rule applies. */
  | { accepted: true; followUps: F[]; cautions: Finding[]; ungraded?: true }
  | { accepted: false; violations: Finding[] };

/** The verdict of findings that grade nothing: said so when accepted, not "the limiting rules hold" (found by a walk). */
function ungradedVerdict<F extends FollowUp>(violations: Finding[], followUps: () => F[]): Verdict<F> {
  const result = verdict(violations, [], followUps);
  return result.accepted ? { ...result, ungraded: true } : result;
}

function verdict<F extends FollowUp>(violations: Finding[], cautions: Finding[], followUps: () => F[]): Verdict<F> {
  return violations.length > 0 ? { accepted: false, violations } : { accepted: true, followUps: followUps(), cautions };
}

// Time limits in words are read from the regulation tables, so this file holds no deadline numbers.

function stepRule(process: ProcessId, stepId: string): DeadlineRule {
  const definition: ProcessDefinition = PROCESSES[process];
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`judgements: the regulation ${process} has no step "${stepId}"`);
  return step.rule;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function ruleWords(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'working-day-number':
      return `on day ${rule.day}`;
    case 'working-days':
      return `within ${plural(rule.days, 'working day')}`;
    case 'next-working-day':
      return 'by the end of the next working day';
    case 'days':
      return `within ${plural(rule.days, 'day')}`;
    case 'weeks':
      return `within ${plural(rule.weeks, 'week')}`;
    case 'months':
      return `within ${plural(rule.months, 'month')}`;
  }
}

function windowWords(opens: DeadlineRule, closes: DeadlineRule): string {
  if (opens.kind === 'weeks' && closes.kind === 'weeks') return `within ${opens.weeks} to ${closes.weeks} weeks`;
  return `not before ${ruleWords(opens).replace(/^within /, '')} and ${ruleWords(closes)}`;
}

// Read once, at load: a renamed step in the regulations fails here rather than in front of an inspector.
const WORDS = {
  inadequateAlert: ruleWords(stepRule('inadequate', 'dcs-alert')),
  inadequateReturn: windowWords(
    stepRule('inadequate', 'monitoring-visit-earliest'),
    stepRule('inadequate', 'monitoring-visit-latest'),
  ),
  rfcNextInspection: ruleWords(stepRule('rfc-inspection', 'next-inspection-latest')),
  assuranceCaseReview: ruleWords(stepRule('assurance-visit', 'case-review')),
  assuranceAlert: ruleWords(stepRule('assurance-visit', 'dcs-alert')),
  assuranceMonitoring: windowWords(
    stepRule('assurance-visit', 'monitoring-visit-earliest'),
    stepRule('assurance-visit', 'monitoring-visit-latest'),
  ),
  fullInspectionAfterMonitoring: ruleWords(stepRule('monitoring-visit', 'full-inspection-latest')),
};

function inadequatePathway(informDfe: boolean): FollowUpOf<'inadequate'> {
  const dfe = informDfe
    ? " The home is a secure children's home: inform the Department for Education, so the Secretary of State can consider its continued approval."
    : '';
  return {
    process: 'inadequate',
    title: 'Inadequate pathway',
    reason:
      'Overall experiences and progress judged inadequate: an urgent case review considers enforcement action and ' +
      `schedules future inspections; the directors of children's services of the placing and host authorities are ` +
      `emailed ${WORDS.inadequateAlert} following the inspection and phoned to confirm receipt; Ofsted returns for a ` +
      `monitoring visit or full inspection ${WORDS.inadequateReturn} of the inspection.${dfe}`,
    source: citeSources([homesFramework('§69'), homesFramework('§71'), SCCIF_15_1, ...(informDfe ? [SCCIF_15_2] : []), SCCIF_15_3]),
    informDfe,
    timeline: { process: 'inadequate', conditions: { secure: informDfe } },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Registered manager vacancy (§67, §88)

function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

type Vacancy = { kind: 'none' } | { kind: 'invalid'; finding: Finding } | { kind: 'within-limit' | 'over-limit'; days: number };

function assessVacancy(vacantSince: LocalDate | undefined, inspectionEnd: LocalDate): Vacancy {
  if (vacantSince === undefined) return { kind: 'none' };
  if (vacantSince > inspectionEnd) {
    return {
      kind: 'invalid',
      finding: finding(
        'registered-manager-vacancy-before-inspection-end',
        `The registered manager post is recorded as vacant since ${vacantSince}, after the end of the inspection ` +
          `on ${inspectionEnd}: the vacancy is measured at the end of the inspection`,
      ),
    };
  }
  // More than 26 weeks: the inspection ends after the day exactly 26 weeks (of seven calendar days) into the vacancy.
  const limitReached = addCalendarDays(vacantSince, REGISTERED_MANAGER_VACANCY_WEEKS * DAYS_PER_WEEK);
  const days = calendarDaysBetween(vacantSince, inspectionEnd);
  return { kind: inspectionEnd > limitReached ? 'over-limit' : 'within-limit', days };
}

function vacancyWords(days: number): string {
  return `there has been no registered manager for ${days} days at the end of the inspection, more than ${REGISTERED_MANAGER_VACANCY_WEEKS} weeks`;
}

// ---------------------------------------------------------------------------------------------------------------
// Full inspection of a children's home (framework §35-38, §50, §67, §69)

export interface FullInspectionJudgements {
  /** Overall experiences and progress of children and young people. */
  overall: FourPointGrade;
  helpedAndProtected: FourPointGrade;
  leadersAndManagers: FourPointGrade;
  /** The day the registered manager post fell vacant; absent when there is a registered manager. */
  registeredManagerVacantSince?: LocalDate;
  inspectionEnd: LocalDate;
  /** A secure children's home: an inadequate judgement is reported to DfE (SCCIF 15.2). */
  secure?: boolean;
}

const rank = (grade: FourPointGrade): number => FOUR_POINT.indexOf(grade);
const quote = (grade: FourPointGrade): string => `'${FOUR_POINT_LABELS[grade]}'`;

export function judgeFullInspection(judgements: FullInspectionJudgements): Verdict<FollowUpOf<'inadequate'>> {
  const { overall, helpedAndProtected, leadersAndManagers } = judgements;
  const violations: Finding[] = [];
  const cautions: Finding[] = [];

  const vacancy = assessVacancy(judgements.registeredManagerVacantSince, judgements.inspectionEnd);
  if (vacancy.kind === 'invalid') violations.push(vacancy.finding);
  const vacancyOverLimit = vacancy.kind === 'over-limit';

  // §67: no registered manager for more than 26 weeks ⇒ leaders and managers "will be inadequate".
  if (vacancy.kind === 'over-limit' && leadersAndManagers !== 'inadequate') {
    violations.push(
      finding(
        'registered-manager-vacancy-limits-leaders-and-managers',
        `Leaders and managers ${quote(leadersAndManagers)} is not allowed: ${vacancyWords(vacancy.days)}, so leaders and managers must be 'inadequate'`,
      ),
    );
  }

  // §37: helped and protected is a key judgement; inadequate ⇒ overall "will always be inadequate".
  if (helpedAndProtected === 'inadequate' && overall !== 'inadequate') {
    violations.push(
      finding(
        'helped-and-protected-limits-overall',
        `Overall ${quote(overall)} is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate'`,
      ),
    );
  }

  // §38: leaders and managers inadequate (as recorded, or as §67 requires) ⇒ "certainly not" above requires improvement.
  const leadersInadequate = leadersAndManagers === 'inadequate' || vacancyOverLimit;
  const why =
    leadersAndManagers === 'inadequate'
      ? "leaders and managers is 'inadequate'"
      : `leaders and managers must be 'inadequate' (no registered manager for more than ${REGISTERED_MANAGER_VACANCY_WEEKS} weeks, §67)`;
  if (leadersInadequate && rank(overall) < rank('requires-improvement')) {
    violations.push(
      finding(
        'leaders-and-managers-limits-overall',
        `Overall ${quote(overall)} is not allowed: ${why}, so overall can be no better than 'requires improvement'`,
      ),
    );
  }
  // §38: ... and "likely to lead to" inadequate.
  if (leadersInadequate && overall === 'requires-improvement') {
    cautions.push(
      finding(
        'leaders-and-managers-inadequate-likely-overall-inadequate',
        `Overall 'requires improvement' with ${why}: overall is likely to be 'inadequate'; check the judgement`,
      ),
    );
  }

  // §69, SCCIF 15.1: overall inadequate leads to an urgent case review (the inadequate pathway).
  return verdict(violations, cautions, () => (overall === 'inadequate' ? [inadequatePathway(judgements.secure === true)] : []));
}

// ---------------------------------------------------------------------------------------------------------------
// Interim inspection of a children's home (framework §83-89)

export interface InterimInspectionJudgements {
  effectiveness: InterimGrade;
  /** SCCIF 15.1, §69: the inspector found enough cause for concern (with or without a decline). */
  enoughCauseForConcern?: boolean;
  registeredManagerVacantSince?: LocalDate;
  inspectionEnd: LocalDate;
}

export function judgeInterimInspection(judgements: InterimInspectionJudgements): Verdict<FollowUpOf<'case-review-decision'>> {
  const violations: Finding[] = [];
  const cautions: Finding[] = [];
  const vacancy = assessVacancy(judgements.registeredManagerVacantSince, judgements.inspectionEnd);
  if (vacancy.kind === 'invalid') violations.push(vacancy.finding);
  // §88: the vacancy "is likely to lead to" declined: a caution, not a rejection.
  if (vacancy.kind === 'over-limit' && judgements.effectiveness !== 'declined') {
    cautions.push(
      finding(
        'registered-manager-vacancy-likely-declined',
        `Effectiveness is '${INTERIM_LABELS[judgements.effectiveness]}', but ${vacancyWords(vacancy.days)}: this is ` +
          `likely to lead to a judgement of 'declined in effectiveness'; check the judgement`,
      ),
    );
  }
  // SCCIF 15.1, §69, §89: a decline or enough cause for concern leads to an urgent case review.
  return verdict(violations, cautions, () =>
    judgements.effectiveness === 'declined' || judgements.enoughCauseForConcern === true
      ? [
          {
            process: 'case-review-decision',
            title: 'Urgent case review',
            reason:
              `${judgements.effectiveness === 'declined' ? 'Effectiveness declined' : 'Enough cause for concern'}: an urgent case ` +
              'review by the end of the next working day, where the inspector and a regulatory inspection manager decide ' +
              'whether the placing and host authorities are alerted and what follows: a return visit, compliance action ' +
              'or the inadequate pathway.',
            source: citeSources([SCCIF_15_1, homesFramework('§69'), homesFramework('§89'), SCCIF_15_3]),
          },
        ]
      : [],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Residential family centre full inspection (framework 2014 §32-33, §40-45)

export interface RfcInspectionJudgements {
  /** Overall experiences of children and parents. */
  overall: FourPointGrade;
  /** Quality of assessment: no limiting rule applies to it. */
  assessment: FourPointGrade;
  helpedAndProtected: FourPointGrade;
  leadersAndManagers: FourPointGrade;
  /** Working in partnership with others to improve outcomes. */
  partners: FourPointGrade;
  // §42: the conditions that make the case discussion mandatory when overall is inadequate.
  immediateRiskOfHarm?: boolean;
  /** A breach of regulations that constitutes an offence (not any breach). */
  breachOfRegulationsConstitutingOffence?: boolean;
  breachOfRegistrationConditions?: boolean;
  /** The last inspection judged overall experiences inadequate. */
  lastInspectionInadequate?: boolean;
}

export type RfcFollowUp = FollowUpOf<'rfc-requirements' | 'rfc-case-discussion' | 'rfc-next-inspection'>;

const RFC_TRIGGER_WORDS: Record<RfcCaseDiscussionTrigger, string> = {
  'immediate-risk-of-harm': 'evidence of immediate risk of harm to children and/or parents',
  'breach-of-regulations-constituting-offence': 'a breach of regulations that constitutes an offence',
  'breach-of-registration-conditions': 'a breach of conditions placed on the registration',
  'last-inspection-inadequate': 'the last inspection judged overall experiences inadequate',
};

function rfcCaseDiscussion(judgements: RfcInspectionJudgements): FollowUpOf<'rfc-case-discussion'> {
  const recorded: Record<RfcCaseDiscussionTrigger, boolean | undefined> = {
    'immediate-risk-of-harm': judgements.immediateRiskOfHarm,
    'breach-of-regulations-constituting-offence': judgements.breachOfRegulationsConstitutingOffence,
    'breach-of-registration-conditions': judgements.breachOfRegistrationConditions,
    'last-inspection-inadequate': judgements.lastInspectionInadequate,
  };
  const triggers = RFC_CASE_DISCUSSION_TRIGGERS.filter((trigger) => recorded[trigger] === true);
  if (triggers.length > 0) {
    // §42 (and §27): "must always consult ... who must instigate a case discussion".
    return {
      process: 'rfc-case-discussion',
      title: 'Case discussion with a social care compliance inspector (mandatory)',
      reason:
        'The inspector must consult a social care compliance inspector, who must start a case discussion on ' +
        `whether enforcement action should be taken, because of: ${triggers.map((trigger) => RFC_TRIGGER_WORDS[trigger]).join('; ')}.`,
      source: citeSources([rfcFramework('§42'), rfcFramework('§44')]),
      mandatory: true,
      triggers,
    };
  }
  // §42: "On making a judgement of inadequate ... the inspector must always consult with a Social Care Compliance
  // Inspector": always, whether or not a case discussion is mandatory; §43's history is for that consultation to weigh.
  // (A new-user walk read "Consider consulting" here beside a request to the compliance inspectors that was not optional.)
  return {
    process: 'rfc-case-discussion',
    title: 'Consult a social care compliance inspector',
    reason:
      'On an inadequate judgement the inspector must always consult a social care compliance inspector, who decides ' +
      'whether enforcement action is to be considered. None of the conditions that make a case discussion mandatory is ' +
      'recorded: tell the compliance inspector of any history of complaints not dealt with satisfactorily, of failures ' +
      'to comply with regulations or national minimum standards not dealt with satisfactorily, or of failures to meet ' +
      'requirements and recommendations that call into question the suitability of the registered person.',
    source: citeSources([rfcFramework('§42'), rfcFramework('§43'), rfcFramework('§44')]),
    mandatory: false,
    triggers: [],
  };
}

export function judgeRfcInspection(judgements: RfcInspectionJudgements): Verdict<RfcFollowUp> {
  const { overall, helpedAndProtected, leadersAndManagers, partners } = judgements;
  const violations: Finding[] = [];
  const cautions: Finding[] = [];

  // §32: helped and protected inadequate ⇒ overall "will always be inadequate".
  if (helpedAndProtected === 'inadequate' && overall !== 'inadequate') {
    violations.push(
      finding(
        'rfc-helped-and-protected-limits-overall',
        `Overall ${quote(overall)} is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate'`,
      ),
    );
  }

  // §33: leaders and managers or partners inadequate ⇒ overall "always no more than requires improvement" ...
  const limiting = [
    ...(leadersAndManagers === 'inadequate' ? ['leaders and managers'] : []),
    ...(partners === 'inadequate' ? ['working with partners'] : []),
  ];
  const why = `${limiting.join(' and ')} ${limiting.length === 1 ? 'is' : 'are'} 'inadequate'`;
  if (limiting.length > 0 && rank(overall) < rank('requires-improvement')) {
    violations.push(
      finding(
        'rfc-leaders-managers-or-partners-limit-overall',
        `Overall ${quote(overall)} is not allowed: ${why}, so overall can be no better than 'requires improvement'`,
      ),
    );
  }
  // ... and "will be likely to lead to" inadequate.
  if (limiting.length > 0 && overall === 'requires-improvement') {
    cautions.push(
      finding(
        'rfc-leaders-managers-or-partners-inadequate-likely-overall-inadequate',
        `Overall 'requires improvement' with ${why}: overall is likely to be 'inadequate'; check the judgement`,
      ),
    );
  }

  return verdict<RfcFollowUp>(violations, cautions, () =>
    overall === 'inadequate'
      ? [
          {
            // §40: requirements identify the regulatory failures.
            process: 'rfc-requirements',
            title: 'Set requirements',
            reason:
              'Overall experiences judged inadequate: set requirements that clearly identify the regulatory failures ' +
              'under the Care Standards Act 2000 or the Residential Family Centres Regulations 2002.',
            source: citeSources([rfcFramework('§40')]),
          },
          rfcCaseDiscussion(judgements),
          {
            // §45: "the next inspection will normally take place within" the regulation's period.
            process: 'rfc-next-inspection',
            title: 'Next inspection',
            reason: `Overall experiences judged inadequate: the next inspection normally takes place ${WORDS.rfcNextInspection} of the end of this inspection.`,
            source: citeSources([rfcFramework('§45')]),
            timeline: { process: 'rfc-inspection', conditions: { inadequate: true }, steps: ['next-inspection-latest'] },
          },
        ]
      : [],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Assurance visit to a secure children's home (2021 guidance)

export interface AssuranceVisitFindings {
  /** The report states whether serious or widespread concerns were found ("Reporting our findings"). */
  seriousOrWidespreadConcerns: boolean;
  /** The concerns are serious (not only widespread): a monitoring visit is likely. */
  concernsSerious?: boolean;
}

export type AssuranceFollowUp = FollowUpOf<'assurance-case-review' | 'alert-local-authorities' | 'inform-dfe' | 'monitoring-visit'>;

/** An assurance visit has no graded judgement: only whether serious or widespread concerns were found. */
export function judgeAssuranceVisit(findings: AssuranceVisitFindings): Verdict<AssuranceFollowUp> {
  const violations: Finding[] = [];
  if (findings.concernsSerious === true && !findings.seriousOrWidespreadConcerns) {
    violations.push(
      finding(
        'assurance-serious-concerns-are-concerns-found',
        'Concerns are recorded as serious, but the visit is recorded as finding no serious or widespread concerns',
      ),
    );
  }
  const source = citeSources([ASSURANCE_NEXT_STEPS]);
  const onConcerns = { process: 'assurance-visit', conditions: { 'serious-concerns': true } } as const;
  return ungradedVerdict<AssuranceFollowUp>(violations, () => {
    if (!findings.seriousOrWidespreadConcerns) return [];
    const followUps: AssuranceFollowUp[] = [
      {
        process: 'assurance-case-review',
        title: 'Post-visit debrief and case review',
        reason:
          'Serious or widespread concerns: a post-visit debrief between the inspector and their manager as soon as ' +
          `possible, then a case review, proportionate to the risk and ${WORDS.assuranceCaseReview} following the ` +
          'visit at the latest. The manager decides further inspections or visits and/or enforcement action.',
        source,
        timeline: { ...onConcerns, steps: ['case-review'] },
      },
      {
        process: 'alert-local-authorities',
        title: 'Alert the local authorities',
        reason:
          "Email the directors of children's services of the placing authorities and of the host authority " +
          `${WORDS.assuranceAlert} following the visit, phone to confirm receipt, and forward the email to the provider.`,
        source,
        timeline: { ...onConcerns, steps: ['dcs-alert'] },
      },
      {
        process: 'inform-dfe',
        title: 'Inform the Department for Education',
        reason:
          'Inform DfE of the concerns, so the Secretary of State can consider the continued approval of the home, ' +
          'and later of the actions proposed at the case review.',
        source,
      },
    ];
    if (findings.concernsSerious === true) {
      followUps.push({
        process: 'monitoring-visit',
        title: 'Monitoring visit',
        reason:
          `Concerns are serious: Ofsted is likely to return for a monitoring visit ${WORDS.assuranceMonitoring} of the ` +
          'visit, if the manager decides so at the case review. Every monitoring visit has a published report; the ' +
          'lead inspector informs DfE of its outcome.',
        source,
        timeline: {
          process: 'assurance-visit',
          conditions: { 'serious-concerns': true, 'monitoring-visit': true },
          steps: ['monitoring-visit-earliest', 'monitoring-visit-latest'],
        },
      });
    }
    return followUps;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring visit after an inadequate judgement (framework §74-77, SCCIF 15.1)

export interface MonitoringOutcomeFindings {
  outcome: MonitoringOutcome;
  /** The regulatory inspection manager agrees the concerns are sufficiently discrete. */
  concernsDiscrete?: boolean;
  /** Without these very specific concerns, the home would have achieved a higher judgement. */
  wouldOtherwiseBeHigher?: boolean;
  /** A previous good track record of addressing concerns and issues. */
  goodTrackRecord?: boolean;
  /** Concerns about leadership and management of the home or the protection of children. */
  leadershipOrProtectionConcerns?: boolean;
  /** The nature of the concerns means they can be rectified quickly. */
  rectifiableQuickly?: boolean;
  /** All requirements made have been met in full. */
  allRequirementsMet?: boolean;
  /** Further monitoring: the steps towards cancellation taken (§77). */
  stepsTowardsCancellation?: readonly string[];
}

/**
 * §74: "All requirements that have been made will have had to be met in full." The seam the improved judgement reads:
 * today the inspector's recorded answer; once requirements are records with "met in full" (issue 15 item 7), this is
 * where their predicate is read instead, so that the condition is decided in one place.
 */
export function allRequirementsMetInFull(findings: Pick<MonitoringOutcomeFindings, 'allRequirementsMet'>): boolean | undefined {
  return findings.allRequirementsMet;
}

export type MonitoringFollowUp = FollowUpOf<
  'new-judgement' | 'full-inspection' | 'further-monitoring' | 'inadequate-judgement-stands' | 'sufficient-steps-taken'
>;

interface ImprovedJudgementCondition {
  rule: JudgementRuleId;
  met: (findings: MonitoringOutcomeFindings) => boolean | undefined;
  /** The condition in words, as the sentence "... is needed". */
  needs: string;
}

// §76 (SCCIF 15.1) lists when new judgements are considered; §74 adds that all requirements are met in full.
// An unrecorded condition is not met: an improved judgement needs each one established.
const IMPROVED_JUDGEMENT_CONDITIONS: readonly ImprovedJudgementCondition[] = [
  {
    rule: 'improved-judgement-needs-discrete-concerns',
    met: (findings) => findings.concernsDiscrete,
    needs: 'the regulatory inspection manager to agree that the concerns are sufficiently discrete',
  },
  {
    rule: 'improved-judgement-needs-higher-judgement-otherwise',
    met: (findings) => findings.wouldOtherwiseBeHigher,
    needs: 'agreement that without these very specific concerns the home would have achieved a higher judgement',
  },
  {
    rule: 'improved-judgement-needs-good-track-record',
    met: (findings) => findings.goodTrackRecord,
    needs: 'a previous good track record of addressing concerns and issues',
  },
  {
    rule: 'improved-judgement-needs-no-leadership-or-protection-concerns',
    met: (findings) =>
      findings.leadershipOrProtectionConcerns === undefined ? undefined : !findings.leadershipOrProtectionConcerns,
    needs: 'no concerns about the leadership and management of the home or the protection of children',
  },
  {
    rule: 'improved-judgement-needs-quick-rectification',
    met: (findings) => findings.rectifiableQuickly,
    needs: 'concerns whose nature means they can be rectified quickly',
  },
  {
    rule: 'improved-judgement-needs-all-requirements-met',
    met: allRequirementsMetInFull,
    needs: 'every requirement made to have been met in full',
  },
];

const monitoringSource = (...paragraphs: string[]): string =>
  citeSources([...paragraphs.map(homesFramework), SCCIF_15_1]);

/**
 * §75: the original judgement stands. `original` in words: "inadequate", or an interim inspection's decline, whose
 * case review chose the pathway without the home being judged inadequate (found by a new-user walk: "the inadequate
 * judgement remains" of a decline).
 */
const inadequateStands = (original: string): FollowUpOf<'inadequate-judgement-stands'> => ({
  process: 'inadequate-judgement-stands',
  title: original === 'inadequate' ? 'Inadequate judgement stands' : 'Original judgement stands',
  reason:
    `The situation has not improved enough: the ${original === 'inadequate' ? 'inadequate judgement' : `original judgement (${original})`} remains, ` +
    'the report of the monitoring visit is published with the original judgement, and Ofsted decides the next steps.',
  source: monitoringSource('§75'),
});

const assuranceSource = (): string => citeSources([ASSURANCE_NEXT_STEPS]);

/**
 * A monitoring visit's outcome, judged by the process that started it (`origin`): after an inadequate judgement one of
 * the three outcomes of §77, an improved judgement only when every condition of §74/§76 holds; after an assurance
 * visit, whether sufficient steps were taken (no graded judgement, so no "inadequate judgement stands").
 */
export function judgeMonitoringOutcome(
  findings: MonitoringOutcomeFindings,
  origin: MonitoringOrigin = 'inadequate',
  /** The judgement the inspection made, in words (inspection.ts originalJudgementWords). */
  originalJudgement = 'inadequate',
): Verdict<MonitoringFollowUp> {
  const violations: Finding[] = [];
  if (!monitoringOutcomesFor(origin).includes(findings.outcome)) {
    const allowed = monitoringOutcomesFor(origin).map((outcome) => `"${outcome}"`).join(' or ');
    violations.push(
      origin === 'assurance-visit'
        ? finding('assurance-monitoring-outcome-has-no-grade', `"${findings.outcome}" does not fit a monitoring visit after an assurance visit, which has no graded judgement: the outcome is ${allowed}`)
        : finding('inadequate-monitoring-outcome-is-one-of-three', `"${findings.outcome}" does not fit a monitoring visit after an inadequate judgement: the outcome is ${allowed}`),
    );
    return verdict<MonitoringFollowUp>(violations, [], () => []);
  }
  if (origin === 'assurance-visit') {
    return ungradedVerdict<MonitoringFollowUp>([], () =>
      findings.outcome === 'further-monitoring'
        ? [
            {
              process: 'further-monitoring',
              title: 'Further monitoring',
              reason:
                'The manager and responsible person have not taken sufficient steps to safeguard and protect the ' +
                'welfare of children: a further monitoring visit is scheduled; the lead inspector informs DfE of the outcome.',
              source: assuranceSource(),
            },
          ]
        : [
            {
              process: 'sufficient-steps-taken',
              title: 'Sufficient steps taken',
              reason:
                'The manager and responsible person have taken sufficient steps to safeguard and protect the welfare of ' +
                'children: no further visit follows; the report is published and the lead inspector informs DfE of the outcome.',
              source: assuranceSource(),
            },
          ],
    );
  }
  if (findings.outcome === 'further-monitoring' && findings.stepsTowardsCancellation === undefined) {
    violations.push(
      finding(
        'further-monitoring-records-steps-towards-cancellation',
        'Further monitoring after an inadequate judgement is recorded with the steps towards cancellation taken ' +
          '(§77: "carry out further monitoring and take steps towards cancellation")',
      ),
    );
  }
  if (findings.outcome === 'improved-judgement') {
    for (const condition of IMPROVED_JUDGEMENT_CONDITIONS) {
      const met = condition.met(findings);
      if (met === true) continue;
      violations.push(
        finding(
          condition.rule,
          `An improved judgement is not allowed: it needs ${condition.needs}, and this is ` +
            (met === undefined ? 'not recorded' : 'recorded as not the case'),
        ),
      );
    }
  }
  return verdict<MonitoringFollowUp>(violations, [], () => {
    switch (findings.outcome) {
      case 'improved-judgement':
        return [
          {
            process: 'new-judgement',
            title: 'New inspection judgement',
            reason: 'The situation has been made safe and every condition is met: the monitoring visit results in a new, improved inspection judgement.',
            source: monitoringSource('§74', '§76', '§77'),
          },
        ];
      case 'full-inspection':
        return [
          {
            process: 'full-inspection',
            title: 'Full inspection',
            reason:
              `Schedule a full inspection, usually ${WORDS.fullInspectionAfterMonitoring} of the original inspection; ` +
              'it may support steps to cancel the registration or let the home show improvement and secure an improved judgement.',
            source: monitoringSource('§77'),
            timeline: { process: 'monitoring-visit', conditions: { 'full-inspection-outcome': true }, steps: ['full-inspection-latest'] },
          },
          inadequateStands(originalJudgement),
        ];
      case 'further-monitoring':
        return [
          {
            process: 'further-monitoring',
            title: 'Further monitoring and steps towards cancellation',
            reason: 'Carry out further monitoring and take steps towards cancelling the registration.',
            source: monitoringSource('§77'),
          },
          inadequateStands(originalJudgement),
        ];
      default:
        return [];
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Plain words

/** The verdict as lines of plain words for an inspector, in order: the result, cautions, then what happens next. */
export function describeVerdict(result: Verdict): string[] {
  if (!result.accepted) {
    const count = result.violations.length;
    return [
      `Not accepted: ${count} ${count === 1 ? 'problem' : 'problems'} to correct before the judgements can be recorded.`,
      ...result.violations.map((violation) => `Problem: ${violation.message}`),
    ];
  }
  return [
    result.ungraded
      ? 'Accepted: nothing is graded here, so no limiting rule applies.'
      : result.cautions.length === 0
        ? "Accepted: the framework's limiting rules hold."
        : "Accepted: the framework's limiting rules hold, with cautions.",
    ...result.cautions.map((caution) => `Caution: ${caution.message}`),
    ...(result.followUps.length === 0
      ? ['No follow-up process starts.']
      : result.followUps.map((followUp) => `Next: ${followUp.title}. ${followUp.reason} (${followUp.source})`)),
  ];
}
