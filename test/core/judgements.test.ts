import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import {
  describeVerdict,
  FOUR_POINT,
  INTERIM,
  JUDGEMENT_RULES,
  judgeAssuranceVisit,
  judgeFullInspection,
  judgeInterimInspection,
  judgeMonitoringOutcome,
  judgeRfcInspection,
  MONITORING_OUTCOMES,
  REGISTERED_MANAGER_VACANCY_WEEKS,
  RFC_CASE_DISCUSSION_TRIGGERS,
  type FollowUp,
  type FourPointGrade,
  type JudgementRuleId,
  type MonitoringOutcomeFindings,
  type RfcCaseDiscussionTrigger,
  type RfcInspectionJudgements,
  type Verdict,
} from '../../functions/core/judgements';
import { buildTimeline, PROCESSES, type ProcessDefinition } from '../../functions/core/regulations';
import { citeSources } from '../../functions/core/regulations/sources';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';

const END = parseLocalDate('2027-03-25');
/** The day the registered manager post fell vacant, `days` calendar days before the end of the inspection. */
const vacantFor = (days: number): LocalDate => addCalendarDays(END, -days);

function accepted<F extends FollowUp>(verdict: Verdict<F>): { followUps: F[]; cautions: { rule: JudgementRuleId }[] } {
  if (!verdict.accepted) throw new Error(`expected acceptance, got: ${verdict.violations.map((v) => v.message).join(' | ')}`);
  return verdict;
}

function violatedRules(verdict: Verdict): JudgementRuleId[] {
  if (verdict.accepted) throw new Error('expected a rejection, got an acceptance');
  return verdict.violations.map((violation) => violation.rule);
}

const processes = (verdict: Verdict): string[] => accepted(verdict).followUps.map((followUp) => followUp.process);
const cautionRules = (verdict: Verdict): JudgementRuleId[] => accepted(verdict).cautions.map((caution) => caution.rule);

const fullInspection = (
  overall: FourPointGrade,
  helpedAndProtected: FourPointGrade,
  leadersAndManagers: FourPointGrade,
  extra: { registeredManagerVacantSince?: LocalDate; secure?: boolean } = {},
) => judgeFullInspection({ overall, helpedAndProtected, leadersAndManagers, inspectionEnd: END, ...extra });

// ---------------------------------------------------------------------------------------------------------------
// The limiting rules restated independently, as a table of "best overall allowed", to check the module against.

/** Lower is better: the position on the four-point scale as the frameworks list it (§35). */
const SCALE_POSITION: Record<FourPointGrade, number> = {
  outstanding: 0,
  good: 1,
  'requires-improvement': 2,
  inadequate: 3,
};

/** Children's homes framework §37 and §38: the best overall judgement the key judgements allow. */
function maxAllowedOverallForHome(helpedAndProtected: FourPointGrade, leadersAndManagers: FourPointGrade): FourPointGrade {
  if (helpedAndProtected === 'inadequate') return 'inadequate'; // §37: "will always be inadequate"
  if (leadersAndManagers === 'inadequate') return 'requires-improvement'; // §38: "certainly not ... exceeds requires improvement"
  return 'outstanding';
}

/** Residential family centres framework §32 and §33. */
function maxAllowedOverallForCentre(
  helpedAndProtected: FourPointGrade,
  leadersAndManagers: FourPointGrade,
  partners: FourPointGrade,
): FourPointGrade {
  if (helpedAndProtected === 'inadequate') return 'inadequate'; // §32
  if (leadersAndManagers === 'inadequate' || partners === 'inadequate') return 'requires-improvement'; // §33
  return 'outstanding';
}

const withinAllowed = (overall: FourPointGrade, best: FourPointGrade): boolean =>
  SCALE_POSITION[overall] >= SCALE_POSITION[best];

// ---------------------------------------------------------------------------------------------------------------

describe("full inspection of a children's home", () => {
  describe('§37 helped and protected is a key judgement', () => {
    it('rejects overall good when helped and protected is inadequate, naming the rule and §37', () => {
      const verdict = fullInspection('good', 'inadequate', 'good');
      expect(verdict).toEqual({
        accepted: false,
        violations: [
          {
            rule: 'helped-and-protected-limits-overall',
            source: "Children's homes framework 2015 §37",
            message:
              "Overall 'good' is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate' " +
              "(Children's homes framework 2015 §37)",
          },
        ],
      });
    });

    it('rejects overall requires improvement when helped and protected is inadequate', () => {
      expect(violatedRules(fullInspection('requires-improvement', 'inadequate', 'good'))).toEqual([
        'helped-and-protected-limits-overall',
      ]);
    });

    it('accepts overall inadequate when helped and protected is inadequate', () => {
      expect(fullInspection('inadequate', 'inadequate', 'good').accepted).toBe(true);
    });

    it('does not limit overall when helped and protected requires improvement', () => {
      expect(accepted(fullInspection('good', 'requires-improvement', 'good')).cautions).toEqual([]);
    });
  });

  describe('§38 leaders and managers inadequate: no better than requires improvement, likely inadequate', () => {
    it.each(['outstanding', 'good'] as const)('rejects overall %s when leaders and managers is inadequate', (overall) => {
      expect(violatedRules(fullInspection(overall, 'good', 'inadequate'))).toEqual(['leaders-and-managers-limits-overall']);
    });

    it('accepts overall requires improvement with a caution that inadequate is likely', () => {
      const verdict = accepted(fullInspection('requires-improvement', 'good', 'inadequate'));
      expect(verdict.cautions).toEqual([
        expect.objectContaining({
          rule: 'leaders-and-managers-inadequate-likely-overall-inadequate',
          source: "Children's homes framework 2015 §38",
        }),
      ]);
    });

    it('accepts overall inadequate when leaders and managers is inadequate, without a caution', () => {
      expect(cautionRules(fullInspection('inadequate', 'good', 'inadequate'))).toEqual([]);
    });

    it('reports §37 and §38 together when both limit the overall judgement', () => {
      expect(violatedRules(fullInspection('good', 'inadequate', 'inadequate'))).toEqual([
        'helped-and-protected-limits-overall',
        'leaders-and-managers-limits-overall',
      ]);
    });
  });

  describe('every combination of the three judgements (4 × 4 × 4), against §37 and §38 restated', () => {
    const cases = FOUR_POINT.flatMap((overall) =>
      FOUR_POINT.flatMap((helpedAndProtected) =>
        FOUR_POINT.map((leadersAndManagers) => {
          const allowed = withinAllowed(overall, maxAllowedOverallForHome(helpedAndProtected, leadersAndManagers));
          return { overall, helpedAndProtected, leadersAndManagers, allowed };
        }),
      ),
    );

    it.each(cases)(
      'overall $overall, helped and protected $helpedAndProtected, leaders and managers $leadersAndManagers: allowed $allowed',
      ({ overall, helpedAndProtected, leadersAndManagers, allowed }) => {
        const verdict = fullInspection(overall, helpedAndProtected, leadersAndManagers);
        expect(verdict.accepted).toBe(allowed);
        if (!verdict.accepted) {
          const expected: JudgementRuleId[] = [];
          if (helpedAndProtected === 'inadequate' && overall !== 'inadequate') expected.push('helped-and-protected-limits-overall');
          if (leadersAndManagers === 'inadequate' && SCALE_POSITION[overall] < SCALE_POSITION['requires-improvement']) {
            expected.push('leaders-and-managers-limits-overall');
          }
          expect(verdict.violations.map((violation) => violation.rule)).toEqual(expected);
          return;
        }
        const likelyInadequate = leadersAndManagers === 'inadequate' && overall === 'requires-improvement';
        expect(verdict.cautions.map((caution) => caution.rule)).toEqual(
          likelyInadequate ? ['leaders-and-managers-inadequate-likely-overall-inadequate'] : [],
        );
        expect(verdict.followUps.map((followUp) => followUp.process)).toEqual(overall === 'inadequate' ? ['inadequate'] : []);
      },
    );
  });

  describe('§67 no registered manager for more than 26 weeks: leaders and managers is inadequate', () => {
    it('defines 26 weeks once', () => {
      expect(REGISTERED_MANAGER_VACANCY_WEEKS).toBe(26);
    });

    it('accepts leaders and managers good when the post has been vacant exactly 26 weeks (182 days)', () => {
      expect(fullInspection('good', 'good', 'good', { registeredManagerVacantSince: vacantFor(182) }).accepted).toBe(true);
    });

    it('rejects leaders and managers good when the post has been vacant 183 days', () => {
      const verdict = fullInspection('requires-improvement', 'good', 'good', { registeredManagerVacantSince: vacantFor(183) });
      expect(violatedRules(verdict)).toEqual(['registered-manager-vacancy-limits-leaders-and-managers']);
    });

    it('says how long the post has been vacant and cites §67', () => {
      const verdict = fullInspection('requires-improvement', 'good', 'good', { registeredManagerVacantSince: vacantFor(183) });
      expect(verdict.accepted === false && verdict.violations[0]?.message).toBe(
        "Leaders and managers 'good' is not allowed: there has been no registered manager for 183 days at the end of " +
          "the inspection, more than 26 weeks, so leaders and managers must be 'inadequate' (Children's homes framework 2015 §67)",
      );
    });

    it('accepts leaders and managers inadequate when the post has been vacant more than 26 weeks', () => {
      expect(fullInspection('inadequate', 'good', 'inadequate', { registeredManagerVacantSince: vacantFor(400) }).accepted).toBe(true);
    });

    it('also limits overall under §38 when the vacancy forces leaders and managers to inadequate', () => {
      const verdict = fullInspection('good', 'good', 'good', { registeredManagerVacantSince: vacantFor(183) });
      expect(violatedRules(verdict)).toEqual([
        'registered-manager-vacancy-limits-leaders-and-managers',
        'leaders-and-managers-limits-overall',
      ]);
      expect(verdict.accepted === false && verdict.violations[1]?.message).toContain('§67');
    });

    it('accepts a post that fell vacant on the last day of the inspection', () => {
      expect(fullInspection('good', 'good', 'good', { registeredManagerVacantSince: END }).accepted).toBe(true);
    });

    it('rejects a vacancy recorded as starting after the end of the inspection', () => {
      const verdict = fullInspection('good', 'good', 'good', { registeredManagerVacantSince: addCalendarDays(END, 1) });
      expect(violatedRules(verdict)).toEqual(['registered-manager-vacancy-before-inspection-end']);
    });

    it('rejects leaders and managers above inadequate exactly when the vacancy is more than 182 days, whatever the dates', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 365 * 150 }),
          fc.integer({ min: 0, max: 800 }),
          fc.constantFrom('outstanding', 'good', 'requires-improvement') satisfies fc.Arbitrary<FourPointGrade>,
          (dayOffset, vacantDays, leadersAndManagers) => {
            const inspectionEnd = addCalendarDays(parseLocalDate('1950-01-01'), dayOffset);
            const verdict = judgeFullInspection({
              overall: 'inadequate',
              helpedAndProtected: 'inadequate',
              leadersAndManagers,
              inspectionEnd,
              registeredManagerVacantSince: addCalendarDays(inspectionEnd, -vacantDays),
            });
            expect(verdict.accepted).toBe(vacantDays <= 182);
          },
        ),
      );
    });
  });

  describe('§69, SCCIF 15.1-15.3 overall inadequate starts the inadequate pathway', () => {
    it('starts the inadequate pathway when overall is inadequate', () => {
      const [followUp] = accepted(fullInspection('inadequate', 'requires-improvement', 'requires-improvement')).followUps;
      expect(followUp).toMatchObject({
        process: 'inadequate',
        informDfe: false,
        timeline: { process: 'inadequate', conditions: { secure: false } },
      });
      expect(followUp?.source).toBe("Children's homes framework 2015 §69, §71; SCCIF 15.1, 15.3");
    });

    it('gives the alert and return-visit time limits read from the inadequate pathway regulation', () => {
      const [followUp] = accepted(fullInspection('inadequate', 'good', 'good')).followUps;
      expect(followUp?.reason).toContain('by the end of the next working day following the inspection');
      expect(followUp?.reason).toContain('within 6 to 8 weeks of the inspection');
    });

    it("says DfE must be informed when a secure children's home is judged inadequate (SCCIF 15.2)", () => {
      const [followUp] = accepted(fullInspection('inadequate', 'good', 'good', { secure: true })).followUps;
      expect(followUp).toMatchObject({ process: 'inadequate', informDfe: true, timeline: { conditions: { secure: true } } });
      expect(followUp?.reason).toContain('Department for Education');
      expect(followUp?.source).toContain('15.2');
    });

    it('starts no follow-up when overall is requires improvement', () => {
      expect(processes(fullInspection('requires-improvement', 'good', 'good', { secure: true }))).toEqual([]);
    });
  });
});

describe("interim inspection of a children's home", () => {
  const interim = (effectiveness: (typeof INTERIM)[number], vacantDays?: number) =>
    judgeInterimInspection({
      effectiveness,
      inspectionEnd: END,
      ...(vacantDays === undefined ? {} : { registeredManagerVacantSince: vacantFor(vacantDays) }),
    });

  it('SCCIF 15.1, §89: declined in effectiveness leads to an urgent case review', () => {
    const [followUp] = accepted(interim('declined')).followUps;
    expect(followUp).toMatchObject({ process: 'case-review-decision', title: 'Urgent case review' });
    expect(followUp?.source).toBe("SCCIF 15.1, 15.3; Children's homes framework 2015 §69, §89");
  });

  it('SCCIF 15.3: the urgent case review decides whether local authorities are alerted and what follows', () => {
    const [followUp] = accepted(interim('declined')).followUps;
    expect(followUp?.reason).toContain('decide whether the placing and host authorities are alerted and what follows');
  });

  it('SCCIF 15.1, §69: enough cause for concern without a decline leads to an urgent case review too', () => {
    const verdict = judgeInterimInspection({ effectiveness: 'sustained', enoughCauseForConcern: true, inspectionEnd: END });
    expect(accepted(verdict).followUps).toEqual([expect.objectContaining({ process: 'case-review-decision', reason: expect.stringMatching(/^Enough cause for concern/) })]);
  });

  it.each(['improved', 'sustained'] as const)('%s effectiveness starts no follow-up', (effectiveness) => {
    expect(processes(interim(effectiveness))).toEqual([]);
  });

  it('§88: a vacancy of more than 26 weeks with sustained effectiveness is accepted with a caution that declined is likely', () => {
    expect(cautionRules(interim('sustained', 183))).toEqual(['registered-manager-vacancy-likely-declined']);
  });

  it('§88: a vacancy of exactly 26 weeks brings no caution', () => {
    expect(cautionRules(interim('improved', 182))).toEqual([]);
  });

  it('§88: no caution when a long vacancy is judged declined', () => {
    expect(cautionRules(interim('declined', 400))).toEqual([]);
  });

  it('rejects a vacancy recorded as starting after the end of the inspection', () => {
    expect(violatedRules(interim('sustained', -1))).toEqual(['registered-manager-vacancy-before-inspection-end']);
  });

  const cases = INTERIM.flatMap((effectiveness) =>
    [undefined, 182, 183].map((vacantDays) => ({
      effectiveness,
      vacantDays,
      caution: vacantDays !== undefined && vacantDays > 182 && effectiveness !== 'declined',
    })),
  );
  it.each(cases)('every interim judgement is accepted: $effectiveness, vacant $vacantDays days, caution $caution', (c) => {
    const verdict = accepted(interim(c.effectiveness, c.vacantDays));
    expect(verdict.cautions.length > 0).toBe(c.caution);
    expect(verdict.followUps.length > 0).toBe(c.effectiveness === 'declined');
  });
});

describe('residential family centre full inspection', () => {
  const centre = (judgements: Partial<RfcInspectionJudgements> & { overall: FourPointGrade }) =>
    judgeRfcInspection({
      assessment: 'good',
      helpedAndProtected: 'good',
      leadersAndManagers: 'good',
      partners: 'good',
      ...judgements,
    });

  describe('§32 helped and protected inadequate: overall always inadequate', () => {
    it('rejects overall requires improvement when helped and protected is inadequate', () => {
      const verdict = centre({ overall: 'requires-improvement', helpedAndProtected: 'inadequate' });
      expect(violatedRules(verdict)).toEqual(['rfc-helped-and-protected-limits-overall']);
      expect(verdict.accepted === false && verdict.violations[0]?.source).toBe('Residential family centres framework 2014 §32');
    });

    it('accepts overall inadequate when helped and protected is inadequate', () => {
      expect(centre({ overall: 'inadequate', helpedAndProtected: 'inadequate' }).accepted).toBe(true);
    });
  });

  describe('§33 leaders and managers or partners inadequate: no more than requires improvement, likely inadequate', () => {
    it('rejects overall good when leaders and managers is inadequate', () => {
      expect(violatedRules(centre({ overall: 'good', leadersAndManagers: 'inadequate' }))).toEqual([
        'rfc-leaders-managers-or-partners-limit-overall',
      ]);
    });

    it('rejects overall outstanding when working with partners is inadequate', () => {
      expect(violatedRules(centre({ overall: 'outstanding', partners: 'inadequate' }))).toEqual([
        'rfc-leaders-managers-or-partners-limit-overall',
      ]);
    });

    it('names both judgements when leaders and managers and partners are inadequate', () => {
      const verdict = centre({ overall: 'good', leadersAndManagers: 'inadequate', partners: 'inadequate' });
      expect(verdict.accepted === false && verdict.violations[0]?.message).toContain(
        "leaders and managers and working with partners are 'inadequate'",
      );
    });

    it('accepts overall requires improvement with a caution that inadequate is likely', () => {
      expect(cautionRules(centre({ overall: 'requires-improvement', partners: 'inadequate' }))).toEqual([
        'rfc-leaders-managers-or-partners-inadequate-likely-overall-inadequate',
      ]);
    });

    it('does not limit overall when only the quality of assessment is inadequate', () => {
      expect(centre({ overall: 'outstanding', assessment: 'inadequate' }).accepted).toBe(true);
    });
  });

  describe('every combination of overall, helped and protected, leaders and managers and partners (4⁴), against §32-33 restated', () => {
    const cases = FOUR_POINT.flatMap((overall) =>
      FOUR_POINT.flatMap((helpedAndProtected) =>
        FOUR_POINT.flatMap((leadersAndManagers) =>
          FOUR_POINT.map((partners) => ({
            overall,
            helpedAndProtected,
            leadersAndManagers,
            partners,
            allowed: withinAllowed(overall, maxAllowedOverallForCentre(helpedAndProtected, leadersAndManagers, partners)),
          })),
        ),
      ),
    );

    it.each(cases)(
      'overall $overall, helped and protected $helpedAndProtected, leaders $leadersAndManagers, partners $partners: allowed $allowed, whatever the assessment',
      ({ overall, helpedAndProtected, leadersAndManagers, partners, allowed }) => {
        for (const assessment of FOUR_POINT) {
          const verdict = judgeRfcInspection({ overall, assessment, helpedAndProtected, leadersAndManagers, partners });
          expect(verdict.accepted).toBe(allowed);
          if (!verdict.accepted) continue;
          const likelyInadequate =
            (leadersAndManagers === 'inadequate' || partners === 'inadequate') && overall === 'requires-improvement';
          expect(verdict.cautions.length > 0).toBe(likelyInadequate);
          expect(verdict.followUps.length > 0).toBe(overall === 'inadequate');
        }
      },
    );
  });

  describe('§40-45 overall inadequate', () => {
    it('sets requirements (§40), holds or considers a case discussion (§42-43) and inspects again (§45)', () => {
      expect(processes(centre({ overall: 'inadequate' }))).toEqual([
        'rfc-requirements',
        'rfc-case-discussion',
        'rfc-next-inspection',
      ]);
    });

    const triggerInputs: Record<RfcCaseDiscussionTrigger, Partial<RfcInspectionJudgements>> = {
      'immediate-risk-of-harm': { immediateRiskOfHarm: true },
      'breach-of-regulations-constituting-offence': { breachOfRegulationsConstitutingOffence: true },
      'breach-of-registration-conditions': { breachOfRegistrationConditions: true },
      'last-inspection-inadequate': { lastInspectionInadequate: true },
    };

    it.each(RFC_CASE_DISCUSSION_TRIGGERS)('§42: the case discussion is mandatory when there is %s', (trigger) => {
      const discussion = accepted(centre({ overall: 'inadequate', ...triggerInputs[trigger] })).followUps.find(
        (followUp) => followUp.process === 'rfc-case-discussion',
      );
      expect(discussion).toMatchObject({ mandatory: true, triggers: [trigger], source: expect.stringContaining('§42') });
    });

    it('§42: lists every condition that holds', () => {
      const discussion = accepted(
        centre({ overall: 'inadequate', immediateRiskOfHarm: true, lastInspectionInadequate: true }),
      ).followUps.find((followUp) => followUp.process === 'rfc-case-discussion');
      expect(discussion).toMatchObject({ mandatory: true, triggers: ['immediate-risk-of-harm', 'last-inspection-inadequate'] });
      expect(discussion?.reason).toContain('immediate risk of harm');
      expect(discussion?.reason).toContain('the last inspection judged overall experiences inadequate');
    });

    it('§42-43: without those conditions the case discussion is not mandatory, but the compliance inspector is still consulted, told of any history', () => {
      const discussion = accepted(
        centre({ overall: 'inadequate', immediateRiskOfHarm: false, breachOfRegistrationConditions: false }),
      ).followUps.find((followUp) => followUp.process === 'rfc-case-discussion');
      expect(discussion).toMatchObject({ mandatory: false, triggers: [], title: 'Consult a social care compliance inspector', source: expect.stringContaining('§42, §43') });
      expect(discussion?.reason).toMatch(/^On an inadequate judgement the inspector must always consult a social care compliance inspector/);
      expect(discussion?.reason).not.toMatch(/consider consulting/i);
    });

    it('§45: the next inspection normally takes place within 12 months, read from the RFC regulation', () => {
      const next = accepted(centre({ overall: 'inadequate' })).followUps.find(
        (followUp) => followUp.process === 'rfc-next-inspection',
      );
      expect(next?.reason).toContain('within 12 months of the end of this inspection');
      expect(next?.timeline).toEqual({
        process: 'rfc-inspection',
        conditions: { inadequate: true },
        steps: ['next-inspection-latest'],
      });
    });

    it('starts no follow-up when overall is not inadequate, whatever the case-discussion conditions', () => {
      expect(processes(centre({ overall: 'requires-improvement', immediateRiskOfHarm: true, lastInspectionInadequate: true }))).toEqual(
        [],
      );
    });
  });
});

describe("assurance visit to a secure children's home", () => {
  it('"Reporting our findings": no serious or widespread concerns, no follow-up', () => {
    expect(processes(judgeAssuranceVisit({ seriousOrWidespreadConcerns: false }))).toEqual([]);
  });

  it('serious or widespread concerns lead to a case review, alerts to local authorities and DfE', () => {
    expect(processes(judgeAssuranceVisit({ seriousOrWidespreadConcerns: true }))).toEqual([
      'assurance-case-review',
      'alert-local-authorities',
      'inform-dfe',
    ]);
  });

  it('the case review is no later than 5 working days after the visit, read from the assurance visit regulation', () => {
    const [caseReview] = accepted(judgeAssuranceVisit({ seriousOrWidespreadConcerns: true })).followUps;
    expect(caseReview?.reason).toContain('within 5 working days following the visit');
    expect(caseReview?.timeline).toEqual({
      process: 'assurance-visit',
      conditions: { 'serious-concerns': true },
      steps: ['case-review'],
    });
  });

  it('the directors of children’s services are emailed by the end of the next working day following the visit', () => {
    const alert = accepted(judgeAssuranceVisit({ seriousOrWidespreadConcerns: true })).followUps.find(
      (followUp) => followUp.process === 'alert-local-authorities',
    );
    expect(alert?.reason).toContain('by the end of the next working day following the visit');
  });

  it('serious concerns also lead to a monitoring visit within 6 to 8 weeks', () => {
    const followUps = accepted(judgeAssuranceVisit({ seriousOrWidespreadConcerns: true, concernsSerious: true })).followUps;
    const monitoring = followUps.find((followUp) => followUp.process === 'monitoring-visit');
    expect(monitoring?.reason).toContain('within 6 to 8 weeks');
    expect(monitoring?.source).toBe('Assurance visits guidance 2021 "Serious and widespread concerns: next steps"');
  });

  it('rejects serious concerns when no serious or widespread concerns were found', () => {
    expect(violatedRules(judgeAssuranceVisit({ seriousOrWidespreadConcerns: false, concernsSerious: true }))).toEqual([
      'assurance-serious-concerns-are-concerns-found',
    ]);
  });
});

describe('monitoring visit outcome after an inadequate judgement', () => {
  const everyConditionMet: Omit<MonitoringOutcomeFindings, 'outcome'> = EVERY_IMPROVED_CONDITION;

  it.each(MONITORING_OUTCOMES)('accepts the outcome %s when every condition for an improved judgement is met', (outcome) => {
    expect(judgeMonitoringOutcome({ outcome, ...everyConditionMet, stepsTowardsCancellation: ['cancellation-considered'] }).accepted).toBe(true);
  });

  it('§74: an improved judgement results in a new inspection judgement', () => {
    expect(processes(judgeMonitoringOutcome({ outcome: 'improved-judgement', ...everyConditionMet }))).toEqual([
      'new-judgement',
    ]);
  });

  const unmet: { rule: JudgementRuleId; change: Partial<MonitoringOutcomeFindings> }[] = [
    { rule: 'improved-judgement-needs-discrete-concerns', change: { concernsDiscrete: false } },
    { rule: 'improved-judgement-needs-higher-judgement-otherwise', change: { wouldOtherwiseBeHigher: false } },
    { rule: 'improved-judgement-needs-good-track-record', change: { goodTrackRecord: false } },
    { rule: 'improved-judgement-needs-no-leadership-or-protection-concerns', change: { leadershipOrProtectionConcerns: true } },
    { rule: 'improved-judgement-needs-quick-rectification', change: { rectifiableQuickly: false } },
    { rule: 'improved-judgement-needs-all-requirements-met', change: { allRequirementsMet: false } },
  ];

  it.each(unmet)('§74, §76, SCCIF 15.1: rejects an improved judgement when $rule is not met', ({ rule, change }) => {
    const verdict = judgeMonitoringOutcome({ outcome: 'improved-judgement', ...everyConditionMet, ...change });
    expect(violatedRules(verdict)).toEqual([rule]);
    expect(verdict.accepted === false && verdict.violations[0]?.message).toContain('recorded as not the case');
  });

  it('rejects an improved judgement with nothing recorded, naming all six conditions as not recorded', () => {
    const verdict = judgeMonitoringOutcome({ outcome: 'improved-judgement' });
    expect(violatedRules(verdict)).toEqual(unmet.map(({ rule }) => rule));
    expect(verdict.accepted === false && verdict.violations.every((v) => v.message.includes('not recorded'))).toBe(true);
  });

  it('§77, SCCIF 15.1: a full inspection is scheduled within 16 weeks of the original inspection', () => {
    const [fullInspectionFollowUp] = accepted(judgeMonitoringOutcome({ outcome: 'full-inspection' })).followUps;
    expect(fullInspectionFollowUp).toMatchObject({
      process: 'full-inspection',
      timeline: { process: 'monitoring-visit', conditions: { 'full-inspection-outcome': true }, steps: ['full-inspection-latest'] },
    });
    expect(fullInspectionFollowUp?.reason).toContain('within 16 weeks of the original inspection');
  });

  it('§75: when a full inspection is scheduled the inadequate judgement stands and the monitoring report is published with it', () => {
    expect(processes(judgeMonitoringOutcome({ outcome: 'full-inspection' }))).toEqual([
      'full-inspection',
      'inadequate-judgement-stands',
    ]);
  });

  it('§75 after an interim decline whose case review chose the pathway: the original judgement (the decline) stands, never "inadequate"', () => {
    const stands = accepted(judgeMonitoringOutcome({ outcome: 'full-inspection' }, 'inadequate', 'declined in effectiveness, at the interim inspection')).followUps[1];
    expect(stands).toMatchObject({ process: 'inadequate-judgement-stands', title: 'Original judgement stands' });
    expect(stands?.reason).toContain('the original judgement (declined in effectiveness, at the interim inspection) remains');
    expect(stands?.reason).not.toContain('inadequate');
    expect(accepted(judgeMonitoringOutcome({ outcome: 'full-inspection' })).followUps[1]).toMatchObject({ title: 'Inadequate judgement stands' });
  });

  it('§77: further monitoring and steps towards cancellation, the inadequate judgement standing (§75)', () => {
    expect(processes(judgeMonitoringOutcome({ outcome: 'further-monitoring', stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] }))).toEqual([
      'further-monitoring',
      'inadequate-judgement-stands',
    ]);
  });

  it('§77: refuses further monitoring after an inadequate judgement that records no steps towards cancellation', () => {
    const verdict = judgeMonitoringOutcome({ outcome: 'further-monitoring' });
    expect(verdict.accepted).toBe(false);
    expect(verdict.accepted ? [] : verdict.violations.map((violation) => violation.rule)).toEqual(['further-monitoring-records-steps-towards-cancellation']);
  });

  it('asks nothing of further monitoring after an assurance visit (no cancellation steps are named there)', () => {
    expect(judgeMonitoringOutcome({ outcome: 'further-monitoring' }, 'assurance-visit').accepted).toBe(true);
  });
});

describe('every follow-up with dates points at a real regulation timeline', () => {
  const verdicts: Verdict[] = [
    fullInspection('inadequate', 'inadequate', 'inadequate'),
    fullInspection('inadequate', 'inadequate', 'inadequate', { secure: true }),
    judgeInterimInspection({ effectiveness: 'declined', inspectionEnd: END }),
    judgeRfcInspection({
      overall: 'inadequate',
      assessment: 'inadequate',
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'inadequate',
      partners: 'inadequate',
      immediateRiskOfHarm: true,
    }),
    judgeAssuranceVisit({ seriousOrWidespreadConcerns: true, concernsSerious: true }),
    ...MONITORING_OUTCOMES.map((outcome) =>
      judgeMonitoringOutcome({ outcome, ...EVERY_IMPROVED_CONDITION, stepsTowardsCancellation: ['cancellation-considered'] }),
    ),
  ];
  const linked = verdicts.flatMap((verdict) => accepted(verdict).followUps).filter((followUp) => followUp.timeline);

  it.each(linked.map((followUp) => ({ process: followUp.process, followUp })))(
    '$process: the timeline builds and holds the named steps',
    ({ followUp }) => {
      const link = followUp.timeline!;
      const definition: ProcessDefinition = PROCESSES[link.process];
      const anchors = Object.fromEntries(Object.keys(definition.anchors).map((anchor) => [anchor, END]));
      const timeline = buildTimeline(definition, { anchors, conditions: link.conditions });
      const stepIds = timeline.steps.map((step) => step.id);
      for (const step of link.steps ?? []) expect(stepIds).toContain(step);
    },
  );
});

describe('findings name their rule and source', () => {
  it.each(Object.keys(JUDGEMENT_RULES) as JudgementRuleId[])('%s cites at least one source paragraph', (rule) => {
    expect(JUDGEMENT_RULES[rule].sources.length).toBeGreaterThan(0);
  });

  it('every violation message ends with its source, which is the rule’s source', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FOUR_POINT),
        fc.constantFrom(...FOUR_POINT),
        fc.constantFrom(...FOUR_POINT),
        fc.integer({ min: -5, max: 400 }),
        (overall, helpedAndProtected, leadersAndManagers, vacantDays) => {
          const verdict = fullInspection(overall, helpedAndProtected, leadersAndManagers, {
            registeredManagerVacantSince: vacantFor(vacantDays),
          });
          const findings = verdict.accepted ? verdict.cautions : verdict.violations;
          for (const found of findings) {
            expect(found.source).toBe(citeSources(JUDGEMENT_RULES[found.rule].sources));
            expect(found.message.endsWith(`(${found.source})`)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('describeVerdict', () => {
  it('says an accepted verdict without follow-up starts nothing', () => {
    expect(describeVerdict(fullInspection('good', 'good', 'good'))).toEqual(["Accepted: the framework's limiting rules hold.", 'No follow-up process starts.']);
  });

  it('says an assurance visit, and a monitoring visit after one, grade nothing, not that limiting rules hold (found by a new-user walk)', () => {
    expect(describeVerdict(judgeAssuranceVisit({ seriousOrWidespreadConcerns: false }))[0]).toBe('Accepted: nothing is graded here, so no limiting rule applies.');
    expect(describeVerdict(judgeMonitoringOutcome({ outcome: 'sufficient-steps-taken' } as Parameters<typeof judgeMonitoringOutcome>[0], 'assurance-visit'))[0]).toBe(
      'Accepted: nothing is graded here, so no limiting rule applies.',
    );
    expect(describeVerdict(judgeAssuranceVisit({ seriousOrWidespreadConcerns: false, concernsSerious: true }))[0]).toMatch(/^Not accepted/);
  });

  it('lists the problems of a rejected verdict', () => {
    expect(describeVerdict(fullInspection('good', 'inadequate', 'inadequate'))).toEqual([
      'Not accepted: 2 problems to correct before the judgements can be recorded.',
      "Problem: Overall 'good' is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate' (Children's homes framework 2015 §37)",
      "Problem: Overall 'good' is not allowed: leaders and managers is 'inadequate', so overall can be no better than 'requires improvement' (Children's homes framework 2015 §38)",
    ]);
  });

  it('lists cautions, then what happens next with its source', () => {
    const lines = describeVerdict(
      judgeRfcInspection({
        overall: 'requires-improvement',
        assessment: 'good',
        helpedAndProtected: 'good',
        leadersAndManagers: 'inadequate',
        partners: 'good',
      }),
    );
    expect(lines[0]).toBe("Accepted: the framework's limiting rules hold, with cautions.");
    expect(lines[1]).toMatch(/^Caution: .*\(Residential family centres framework 2014 §33\)$/);
    expect(lines[2]).toBe('No follow-up process starts.');
  });

  it('describes each follow-up of an inadequate judgement', () => {
    const lines = describeVerdict(fullInspection('inadequate', 'inadequate', 'good', { secure: true }));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Next: Inadequate pathway\. .*\(Children's homes framework 2015 §69, §71; SCCIF 15\.1, 15\.2, 15\.3\)$/);
  });
});

describe('the judgements module', () => {
  const source = readFileSync(new URL('../../functions/core/judgements.ts', import.meta.url), 'utf8');

  it('writes no deadline number: time limits are read from the regulations (only the 26-week judgement rule)', () => {
    const periods = [...source.matchAll(/\b\d+\s*(?:working\s+)?(?:days?|weeks?|months?)\b/gi)].map((match) => match[0]);
    expect(periods.filter((period) => period !== '26 weeks')).toEqual([]);
    expect(source).not.toMatch(/\b(?:days|weeks|months)\s*:\s*\d/);
  });

  it('is pure: no AWS imports and no clock', () => {
    expect(source).not.toMatch(/from '(?:@aws-sdk|@middy|aws-cdk-lib|aws-lambda)/);
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)/);
  });
});
