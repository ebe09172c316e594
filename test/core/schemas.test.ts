import { describe, expect, it } from 'vitest';
import {
  APPROVAL_KINDS,
  APPROVAL_OPTIONS,
  ApprovalDecision,
  approvalDecisionFor,
  formatIssues,
  InspectionLogged,
  LocalAuthorities,
  OutcomeRecorded,
  parseWith,
  PhoneCallRecorded,
  type FieldError,
  type ParseResult,
} from '../../functions/core/schemas';
import { EVERY_IMPROVED_CONDITION } from '../adapters/inspection-fixtures';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures and helpers

type Json = Record<string, unknown>;
const REMOVE = Symbol('remove');

/** A deep copy of `base` with the value at a dotted path replaced (or removed). */
function withChange(base: Json, path: string, value: unknown): Json {
  const copy = structuredClone(base);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: Record<string, unknown> = copy;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return copy;
}

function errorsOf<T>(result: ParseResult<T>): FieldError[] {
  if (result.ok) throw new Error('expected the input to be rejected, but it was accepted');
  return result.errors;
}

function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected the input to be accepted: ${formatIssues(result.errors)}`);
  return result.value;
}

const assuranceVisit: Json = {
  idempotencyKey: 'av-2027-03-01-SC123456',
  process: 'assurance-visit',
  establishment: { urn: 'SC123456', name: 'Hillside Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000035' },
  provider: { name: 'Hillside Care Ltd', email: 'ri@hillside-care.example' },
  inspectorId: 'inspector-042',
  dates: { day1: '2027-03-01' },
  children: [
    { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
    { initials: 'CDE', placement: { lookedAfter: false, placedBy: { name: 'Parent of CDE', email: 'parent@family.example' } } },
  ],
};

const fullInspection: Json = {
  ...structuredClone(assuranceVisit),
  idempotencyKey: 'fi-2027-03-03-123456',
  process: 'full-inspection',
  establishment: { urn: '123456', name: 'Oak House', kind: 'childrens-home', hostAuthority: 'E09000007' },
  dates: { inspectionStart: '2027-03-03', inspectionEnd: '2027-03-05' },
};

// ---------------------------------------------------------------------------------------------------------------

describe('InspectionLogged', () => {
  it('accepts an assurance visit at a secure children’s home and types its dates', () => {
    const event = valueOf(parseWith(InspectionLogged, assuranceVisit));
    expect(event.process).toBe('assurance-visit');
    if (event.process === 'assurance-visit') expect(event.dates.day1).toBe('2027-03-01');
    expect(event.children).toHaveLength(2);
  });

  it.each([
    ['a full inspection of a children’s home', fullInspection],
    ['a full inspection of a secure children’s home', withChange(fullInspection, 'establishment.kind', 'secure-childrens-home')],
    ['an interim inspection', withChange(fullInspection, 'process', 'interim-inspection')],
    [
      'a residential family centre inspection with no children listed',
      withChange(
        withChange(withChange(fullInspection, 'process', 'rfc-inspection'), 'establishment.kind', 'residential-family-centre'),
        'children',
        [],
      ),
    ],
    ['a one-day inspection (end on the start day)', withChange(fullInspection, 'dates.inspectionEnd', '2027-03-03')],
    ['a 7-digit URN', withChange(fullInspection, 'establishment.urn', '1234567')],
    ['a leap day', withChange(assuranceVisit, 'dates.day1', '2028-02-29')],
    ['single-letter initials', withChange(assuranceVisit, 'children.0.initials', 'Z')],
    ['200 children', withChange(assuranceVisit, 'children', Array.from({ length: 200 }, () => ({ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } })))],
  ])('accepts %s', (_, input) => {
    expect(parseWith(InspectionLogged, input).ok).toBe(true);
  });

  it('trims names', () => {
    const event = valueOf(parseWith(InspectionLogged, withChange(assuranceVisit, 'establishment.name', '  Hillside  ')));
    expect(event.establishment.name).toBe('Hillside');
  });

  // [case, input, the fields the errors must name (exactly), a fragment of the message for the first]
  const rejected: [string, Json, string[], RegExp][] = [
    ['missing idempotency key', withChange(assuranceVisit, 'idempotencyKey', REMOVE), ['idempotencyKey'], /is required/],
    ['too short idempotency key', withChange(assuranceVisit, 'idempotencyKey', 'abc'), ['idempotencyKey'], /8 to 128/],
    ['idempotency key with a space', withChange(assuranceVisit, 'idempotencyKey', 'key with spaces'), ['idempotencyKey'], /letter, digit/],
    ['unknown process', withChange(assuranceVisit, 'process', 'inspection'), ['process'], /^must be one of: "assurance-visit"/],
    ['missing process', withChange(assuranceVisit, 'process', REMOVE), ['process'], /is required: must be one of: "assurance-visit"/],
    ['malformed URN', withChange(assuranceVisit, 'establishment.urn', 'AB123456'), ['establishment.urn'], /Ofsted URN/],
    ['URN as a number', withChange(assuranceVisit, 'establishment.urn', 123456), ['establishment.urn'], /must be a string, got a number/],
    ['empty establishment name', withChange(assuranceVisit, 'establishment.name', '   '), ['establishment.name'], /must not be empty/],
    ['establishment name too long', withChange(assuranceVisit, 'establishment.name', 'x'.repeat(201)), ['establishment.name'], /at most 200 characters/],
    ['unknown establishment kind', withChange(assuranceVisit, 'establishment.kind', 'foster-home'), ['establishment.kind'], /must be one of/],
    ['Welsh host authority code', withChange(assuranceVisit, 'establishment.hostAuthority', 'W06000015'), ['establishment.hostAuthority'], /GSS local authority code/],
    ['unknown field in establishment', withChange(assuranceVisit, 'establishment.postcode', 'LS1 1AA'), ['establishment.postcode'], /not an allowed field/],
    ['provider email without a domain', withChange(assuranceVisit, 'provider.email', 'ri-at-hillside'), ['provider.email'], /email address/],
    ['missing provider', withChange(assuranceVisit, 'provider', REMOVE), ['provider'], /is required/],
    ['a malformed inspector id (optional: the lead inspector is whoever logs it)', withChange(assuranceVisit, 'inspectorId', 'has space'), ['inspectorId'], /must be an inspector id/],
    ['recordedBy in the body (it comes from auth)', withChange(assuranceVisit, 'recordedBy', 'someone'), ['recordedBy'], /not an allowed field/],
    ['impossible date', withChange(assuranceVisit, 'dates.day1', '2027-02-30'), ['dates.day1'], /"2027-02-30" is not a real calendar date/],
    ['date not in YYYY-MM-DD', withChange(assuranceVisit, 'dates.day1', '01/03/2027'), ['dates.day1'], /form YYYY-MM-DD/],
    ['date as a number', withChange(assuranceVisit, 'dates.day1', 20270301), ['dates.day1'], /must be a string/],
    ['inspection dates on an assurance visit', withChange(assuranceVisit, 'dates', { inspectionStart: '2027-03-01', inspectionEnd: '2027-03-03' }), ['dates.day1', 'dates.inspectionStart', 'dates.inspectionEnd'], /is required/],
    ['missing inspection end', withChange(fullInspection, 'dates.inspectionEnd', REMOVE), ['dates.inspectionEnd'], /is required/],
    ['end before start', withChange(fullInspection, 'dates.inspectionEnd', '2027-03-02'), ['dates.inspectionEnd'], /"2027-03-02" is before inspectionStart "2027-03-03"/],
    ['lower-case initials', withChange(assuranceVisit, 'children.0.initials', 'ab'), ['children.0.initials'], /1 to 4 capital letters/],
    ['a full name instead of initials', withChange(assuranceVisit, 'children.1.initials', 'John Smith'), ['children.1.initials'], /never a name/],
    ['five letters', withChange(assuranceVisit, 'children.0.initials', 'ABCDE'), ['children.0.initials'], /1 to 4 capital letters/],
    ['initials with dots', withChange(assuranceVisit, 'children.0.initials', 'A.B.'), ['children.0.initials'], /1 to 4 capital letters/],
    ['empty initials', withChange(assuranceVisit, 'children.0.initials', ''), ['children.0.initials'], /1 to 4 capital letters/],
    ['a child’s date of birth', withChange(assuranceVisit, 'children.0.dateOfBirth', '2012-05-01'), ['children.0.dateOfBirth'], /not an allowed field/],
    ['looked-after child without a placing authority', withChange(assuranceVisit, 'children.0.placement.placingAuthority', REMOVE), ['children.0.placement.placingAuthority'], /is required/],
    ['not-looked-after child with a placing authority', withChange(assuranceVisit, 'children.1.placement', { lookedAfter: false, placingAuthority: 'E08000003' }), ['children.1.placement.placedBy', 'children.1.placement.placingAuthority'], /is required/],
    ['placement without lookedAfter', withChange(assuranceVisit, 'children.0.placement.lookedAfter', REMOVE), ['children.0.placement.lookedAfter'], /is required: must be one of: true, false/],
    ['placer email malformed', withChange(assuranceVisit, 'children.1.placement.placedBy.email', 'parent@'), ['children.1.placement.placedBy.email'], /email address/],
    ['children not an array', withChange(assuranceVisit, 'children', 'AB, CD'), ['children'], /must be an array, got a string/],
    ['more than 200 children', withChange(assuranceVisit, 'children', Array.from({ length: 201 }, () => ({ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }))), ['children'], /at most 200 items/],
    ['an assurance visit at a children’s home that is not secure', withChange(assuranceVisit, 'establishment.kind', 'childrens-home'), ['establishment.kind'], /an assurance visit is only for a secure children's home, not a children's home/],
    ['an assurance visit at a residential family centre', withChange(assuranceVisit, 'establishment.kind', 'residential-family-centre'), ['establishment.kind'], /only for a secure children's home/],
    ['an rfc inspection at a children’s home', withChange(withChange(fullInspection, 'process', 'rfc-inspection'), 'establishment.kind', 'childrens-home'), ['establishment.kind'], /only for a residential family centre/],
    ['a full inspection of a residential family centre', withChange(fullInspection, 'establishment.kind', 'residential-family-centre'), ['establishment.kind'], /only for a children's home or a secure children's home/],
    ['an interim inspection of a residential family centre', withChange(withChange(fullInspection, 'process', 'interim-inspection'), 'establishment.kind', 'residential-family-centre'), ['establishment.kind'], /an interim inspection is only for/],
  ];

  it.each(rejected)('rejects %s, naming the field', (_, input, fields, message) => {
    const errors = errorsOf(parseWith(InspectionLogged, input));
    expect(errors.map((error) => error.field).sort()).toEqual([...fields].sort());
    expect(errors.find((error) => error.field === fields[0])?.message).toMatch(message);
  });

  it.each([
    ['null', null, /must be an object, got null/],
    ['an array', [], /must be an object, got an array/],
    ['a string', 'hello', /must be an object, got a string/],
  ])('rejects %s as the body', (_, input, message) => {
    const errors = errorsOf(parseWith(InspectionLogged, input));
    expect(errors).toEqual([{ field: '(root)', message: expect.stringMatching(message) }]);
  });

  it('reports every problem at once', () => {
    const input = withChange(withChange(assuranceVisit, 'children.0.initials', 'ab'), 'provider.email', 'nope');
    const fields = errorsOf(parseWith(InspectionLogged, input)).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['children.0.initials', 'provider.email']));
  });

  it('never echoes what was sent for a child', () => {
    const input = withChange(withChange(assuranceVisit, 'children.0.initials', 'Jane Doe'), 'children.0.nickname', 'Janey');
    const text = formatIssues(errorsOf(parseWith(InspectionLogged, input)));
    expect(text).not.toMatch(/Jane|Doe|Janey/);
  });
});

describe('OutcomeRecorded', () => {
  const fullOutcome: Json = {
    process: 'full-inspection',
    overall: 'requires-improvement',
    helpedAndProtected: 'good',
    leadersAndManagers: 'requires-improvement',
  };
  const interimOutcome: Json = { process: 'interim-inspection', effectiveness: 'sustained' };
  const rfcOutcome: Json = {
    process: 'rfc-inspection',
    overall: 'good',
    assessment: 'good',
    helpedAndProtected: 'outstanding',
    leadersAndManagers: 'good',
    partners: 'good',
  };
  const assuranceOutcome: Json = { process: 'assurance-visit', seriousOrWidespreadConcerns: false };
  const improvedVisit: Json = {
    process: 'monitoring-visit',
    outcome: 'improved-judgement',
    visitDate: '2027-04-20',
    improvedJudgement: 'good',
    ...EVERY_IMPROVED_CONDITION,
  };

  it.each([
    ['a full inspection', fullOutcome],
    ['an inadequate full inspection with a summary and a manager vacancy', { ...fullOutcome, overall: 'inadequate', summaryOfConcerns: 'Unsafe recruitment.', registeredManagerVacantSince: '2026-06-01' }],
    ['an interim inspection', interimOutcome],
    ['a declined interim inspection with a summary', { ...interimOutcome, effectiveness: 'declined', summaryOfConcerns: 'Staffing has fallen.' }],
    ['a residential family centre inspection', rfcOutcome],
    ['an inadequate residential family centre with the case-discussion answers', { ...rfcOutcome, overall: 'inadequate', immediateRiskOfHarm: false, breachOfRegulationsConstitutingOffence: false, breachOfRegistrationConditions: true, lastInspectionInadequate: false, summaryOfConcerns: 'Sleeping arrangements unsafe for infants.' }],
    ['an assurance visit without concerns', assuranceOutcome],
    ['an assurance visit with serious concerns', { process: 'assurance-visit', seriousOrWidespreadConcerns: true, concernsSerious: true, summaryOfConcerns: 'Isolation not recorded.' }],
    ['a monitoring visit that secures an improved judgement', improvedVisit],
    ['a monitoring visit leading to further monitoring, without the conditions', { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-04-20' }],
    ['further monitoring with the next window and the steps towards cancellation', { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-04-20', nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 }, stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] }],
  ])('accepts %s', (_, input) => {
    expect(parseWith(OutcomeRecorded, input).ok).toBe(true);
  });

  const rejected: [string, Json, string[], RegExp][] = [
    ['an unknown process', { ...fullOutcome, process: 'inadequate' }, ['process'], /must be one of/],
    ['a judgement off the scale', { ...fullOutcome, overall: 'satisfactory' }, ['overall'], /must be one of: "outstanding", "good", "requires-improvement", "inadequate"/],
    ['a missing judgement', withChange(fullOutcome, 'helpedAndProtected', REMOVE), ['helpedAndProtected'], /is required/],
    ['an interim judgement on a full inspection', { ...fullOutcome, effectiveness: 'improved' }, ['effectiveness'], /not an allowed field/],
    ['recordedBy in the body (it comes from auth)', { ...fullOutcome, recordedBy: 'inspector-042' }, ['recordedBy'], /not an allowed field/],
    ['an impossible vacancy date', { ...fullOutcome, registeredManagerVacantSince: '2027-02-30' }, ['registeredManagerVacantSince'], /not a real calendar date/],
    ['an inadequate full inspection without a summary of concerns', { ...fullOutcome, overall: 'inadequate' }, ['summaryOfConcerns'], /is required when overall is inadequate.*SCCIF 15.3/],
    ['a summary longer than 4000 characters', { ...fullOutcome, summaryOfConcerns: 'x'.repeat(4001) }, ['summaryOfConcerns'], /at most 4000 characters/],
    ['a four-point judgement on an interim inspection', { ...interimOutcome, effectiveness: 'inadequate' }, ['effectiveness'], /must be one of: "improved", "sustained", "declined"/],
    ['a declined interim inspection without a summary', { ...interimOutcome, effectiveness: 'declined' }, ['summaryOfConcerns'], /is required when effectiveness has declined/],
    ['an rfc inspection without the partners judgement', withChange(rfcOutcome, 'partners', REMOVE), ['partners'], /is required/],
    ['an inadequate rfc inspection without the case-discussion answers', { ...rfcOutcome, overall: 'inadequate', summaryOfConcerns: 'Sleeping arrangements unsafe for infants.' }, ['immediateRiskOfHarm', 'breachOfRegulationsConstitutingOffence', 'breachOfRegistrationConditions', 'lastInspectionInadequate'], /case discussion is mandatory \(RFC framework §42\)/],
    ['an inadequate rfc inspection without a summary of concerns (the hint said required; found by a new-user walk)', { ...rfcOutcome, overall: 'inadequate', immediateRiskOfHarm: false, breachOfRegulationsConstitutingOffence: false, breachOfRegistrationConditions: false, lastInspectionInadequate: false }, ['summaryOfConcerns'], /is required when overall is inadequate: the case discussion considers the concerns/],
    ['an assurance visit with seriousOrWidespreadConcerns as a string', { ...assuranceOutcome, seriousOrWidespreadConcerns: 'yes' }, ['seriousOrWidespreadConcerns'], /must be a boolean, got a string/],
    ['serious concerns without serious-or-widespread concerns', { ...assuranceOutcome, concernsSerious: true }, ['concernsSerious'], /cannot be true when seriousOrWidespreadConcerns is false/],
    ['serious-or-widespread concerns without a summary', { ...assuranceOutcome, seriousOrWidespreadConcerns: true }, ['summaryOfConcerns'], /is required when serious or widespread concerns were found: the email to each director/],
    ['a monitoring outcome off the list', { ...improvedVisit, outcome: 'cancel' }, ['outcome'], /"further-monitoring", "full-inspection", "improved-judgement"/],
    ['a monitoring visit on an impossible date', { ...improvedVisit, visitDate: '2027-02-29' }, ['visitDate'], /"2027-02-29" is not a real calendar date/],
    ['an improved judgement despite leadership or protection concerns', { ...improvedVisit, leadershipOrProtectionConcerns: true }, ['leadershipOrProtectionConcerns'], /must be false for an improved judgement.*SCCIF 15.1/],
    ['an improved judgement with requirements unmet', { ...improvedVisit, allRequirementsMet: false }, ['allRequirementsMet'], /must be true for an improved judgement: all requirements/],
    ['an improved judgement without the conditions', { process: 'monitoring-visit', outcome: 'improved-judgement', visitDate: '2027-04-20', improvedJudgement: 'good' }, ['concernsDiscrete', 'wouldOtherwiseBeHigher', 'goodTrackRecord', 'leadershipOrProtectionConcerns', 'rectifiableQuickly', 'allRequirementsMet'], /is required when outcome is improved-judgement/],
    ['an improved judgement without the new judgement (§74)', withChange(improvedVisit, 'improvedJudgement', REMOVE), ['improvedJudgement'], /is required when outcome is improved-judgement: the new overall judgement/],
    ['an "improved" judgement of inadequate', { ...improvedVisit, improvedJudgement: 'inadequate' }, ['improvedJudgement'], /must be one of: "outstanding", "good", "requires-improvement"/],
    ['a new judgement with further monitoring', { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-04-20', improvedJudgement: 'good' }, ['improvedJudgement'], /is recorded only when outcome is improved-judgement/],
    ['a next window that closes before it opens', { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: '2027-04-20', nextVisitWindow: { earliestWeeks: 8, latestWeeks: 6 } }, ['nextVisitWindow.earliestWeeks'], /must not be after latestWeeks \(6\)/],
    ['a next window with an improved judgement', { ...improvedVisit, nextVisitWindow: { earliestWeeks: 6, latestWeeks: 8 } }, ['nextVisitWindow'], /is recorded only when outcome is further-monitoring/],
    // Every problem at once, the field checks and the rules across fields (found by a new-user walk: two rounds of errors).
    ['an inadequate full inspection missing a judgement and the summary (both at once)', withChange({ ...fullOutcome, overall: 'inadequate' }, 'helpedAndProtected', REMOVE), ['helpedAndProtected', 'summaryOfConcerns'], /is required/],
    [
      'an improved judgement on an impossible date without the conditions (all at once)',
      { process: 'monitoring-visit', outcome: 'improved-judgement', visitDate: '2027-02-29', improvedJudgement: 'good', goodTrackRecord: 'yes' },
      ['visitDate', 'concernsDiscrete', 'wouldOtherwiseBeHigher', 'goodTrackRecord', 'leadershipOrProtectionConcerns', 'rectifiableQuickly', 'allRequirementsMet'],
      /"2027-02-29" is not a real calendar date/,
    ],
  ];

  it.each(rejected)('rejects %s, naming the field', (_, input, fields, message) => {
    const errors = errorsOf(parseWith(OutcomeRecorded, input));
    expect(errors.map((error) => error.field).sort()).toEqual([...fields].sort());
    expect(errors.find((error) => error.field === fields[0])?.message).toMatch(message);
  });

  it('says of a field refused by its own check only that, not also what a rule across fields would (one error a field)', () => {
    const errors = errorsOf(parseWith(OutcomeRecorded, { ...improvedVisit, goodTrackRecord: 'yes', outcome: 'cancel' }));
    expect(errors).toEqual([
      { field: 'outcome', message: expect.stringMatching(/must be one of/) },
      { field: 'goodTrackRecord', message: expect.stringMatching(/must be a boolean, got a string/) },
    ]);
  });
});

describe('ApprovalDecision', () => {
  it.each(APPROVAL_KINDS.flatMap((kind) => APPROVAL_OPTIONS[kind].map((option) => [kind, option] as const)))(
    'accepts %s → %s',
    (kind, decision) => {
      const enforcement = decision === 'enforcement-action' ? { enforcement: { actions: ['suspension'], against: ['establishment'] } } : {};
      const caseReview = kind === 'case-review' ? { enforcement: 'none', ...enforcement } : {};
      const result = parseWith(approvalDecisionFor(kind), { decision, rationale: 'Agreed at the case review.', ...caseReview });
      expect(valueOf(result).decision).toBe(decision);
    },
  );

  describe('the urgent case review after an inadequate judgement (SCCIF 15.1, §70-71)', () => {
    const urgent = approvalDecisionFor('case-review', 'inadequate');
    const rationale = 'Fire doors wedged open; missing-from-care responses absent.';

    it('records both the enforcement considered and the return visit', () => {
      const value = valueOf(
        parseWith(urgent, {
          decision: 'full-inspection',
          enforcement: { actions: ['compliance-notice', 'notice-of-proposal-to-cancel'], against: ['establishment', 'registered-manager'] },
          rationale,
        }),
      );
      expect(value).toMatchObject({ decision: 'full-inspection', enforcement: { actions: ['compliance-notice', 'notice-of-proposal-to-cancel'] } });
      expect(valueOf(parseWith(urgent, { decision: 'monitoring-visit', enforcement: 'none', rationale })).enforcement).toBe('none');
    });

    it('refuses "no further action", citing 15.1 and §71 on the decision field', () => {
      const errors = errorsOf(parseWith(urgent, { decision: 'no-further-action', enforcement: 'none', rationale }));
      expect(errors).toEqual([{ field: 'decision', message: expect.stringMatching(/not allowed after an inadequate judgement.*SCCIF 15\.1.*§71/) }]);
    });

    it('refuses enforcement as the return visit, and requires the enforcement considered', () => {
      expect(errorsOf(parseWith(urgent, { decision: 'enforcement-action', enforcement: 'none', rationale }))).toEqual([
        { field: 'decision', message: expect.stringMatching(/must be the return visit/) },
      ]);
      expect(errorsOf(parseWith(urgent, { decision: 'monitoring-visit', rationale }))).toEqual([
        { field: 'enforcement', message: expect.stringMatching(/^is required: "none", or/) },
      ]);
      expect(errorsOf(parseWith(urgent, { decision: 'monitoring-visit', enforcement: { actions: ['suspension'], against: [] }, rationale }))).toEqual([
        { field: 'enforcement.against', message: expect.stringMatching(/establishment and\/or the registered manager/) },
      ]);
    });
  });

  describe('the assurance case review (AV 2021: the manager decides which action to take)', () => {
    const review = approvalDecisionFor('case-review', 'assurance-visit');
    const rationale = 'Concerns were addressed during the visit itself.';

    it('accepts no further action only with no enforcement, and enforcement action only with actions', () => {
      expect(valueOf(parseWith(review, { decision: 'no-further-action', enforcement: 'none', rationale })).decision).toBe('no-further-action');
      expect(errorsOf(parseWith(review, { decision: 'no-further-action', enforcement: { actions: ['suspension'], against: ['establishment'] }, rationale }))).toEqual([
        { field: 'enforcement', message: 'must be "none" when the decision is "no-further-action"' },
      ]);
      expect(errorsOf(parseWith(review, { decision: 'enforcement-action', enforcement: 'none', rationale }))).toEqual([
        { field: 'enforcement', message: 'must name the enforcement actions when the decision is "enforcement-action"' },
      ]);
    });
  });

  it('rejects an option that belongs to another kind of approval', () => {
    const errors = errorsOf(parseWith(approvalDecisionFor('interim-case-review'), { decision: 'enforcement-action', rationale: 'Because it is serious.' }));
    expect(errors).toEqual([{ field: 'decision', message: expect.stringMatching(/must be one of: "return-visit-and-alert-las"/) }]);
  });

  it('trims the rationale and counts what is left', () => {
    expect(valueOf(parseWith(ApprovalDecision, { decision: 'monitoring-visit', rationale: '   Serious concerns.   ' })).rationale).toBe('Serious concerns.');
    const errors = errorsOf(parseWith(ApprovalDecision, { decision: 'monitoring-visit', rationale: '   ok        ' }));
    expect(errors).toEqual([{ field: 'rationale', message: 'must be at least 10 characters' }]);
  });

  it.each([
    ['missing decision', { rationale: 'Long enough rationale.' }, 'decision', /is required/],
    ['rationale too long', { decision: 'no-further-action', rationale: 'x'.repeat(4001) }, 'rationale', /at most 4000 characters/],
    ['unknown field', { decision: 'no-further-action', rationale: 'Long enough rationale.', approvedBy: 'rim-1' }, 'approvedBy', /not an allowed field/],
  ])('rejects %s', (_, input, field, message) => {
    const errors = errorsOf(parseWith(ApprovalDecision, input));
    expect(errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe('PhoneCallRecorded', () => {
  const call: Json = {
    authorityCode: 'E08000003',
    calledAt: '2027-03-02T10:15:00+01:00',
    spokeTo: 'Duty manager, children’s services',
    outcome: 'receipt-confirmed',
  };

  it('accepts a call and stores the instant in UTC', () => {
    expect(valueOf(parseWith(PhoneCallRecorded, call)).calledAt).toBe('2027-03-02T09:15:00.000Z');
    expect(valueOf(parseWith(PhoneCallRecorded, { ...call, calledAt: '2027-03-02T09:15:00Z', notes: 'Will call back.' })).calledAt).toBe('2027-03-02T09:15:00.000Z');
  });

  it.each([
    ['an instant without an offset', { ...call, calledAt: '2027-03-02T10:15:00' }, 'calledAt', /ISO-8601 .* "Z" or an offset/],
    ['a date only', { ...call, calledAt: '2027-03-02' }, 'calledAt', /ISO-8601/],
    ['an impossible day', { ...call, calledAt: '2027-02-30T10:15:00Z' }, 'calledAt', /ISO-8601/],
    ['an unknown call outcome', { ...call, outcome: 'voicemail' }, 'outcome', /"receipt-confirmed", "no-answer", "message-left", "wrong-contact"/],
    ['nobody spoken to', { ...call, spokeTo: '' }, 'spokeTo', /must not be empty/],
    ['notes longer than 2000 characters', { ...call, notes: 'x'.repeat(2001) }, 'notes', /at most 2000 characters/],
    ['a malformed authority code', { ...call, authorityCode: 'Manchester' }, 'authorityCode', /GSS local authority code/],
    ['an unknown field', { ...call, durationSeconds: 60 }, 'durationSeconds', /not an allowed field/],
  ])('rejects %s', (_, input, field, message) => {
    expect(errorsOf(parseWith(PhoneCallRecorded, input))).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe('LocalAuthorities', () => {
  const camden = { code: 'E09000007', name: 'Camden', dcs: { email: 'dcs@camden.la.example' } };
  const leeds = { code: 'E08000035', name: 'Leeds', dcs: { name: 'Director of Children’s Services, Leeds', email: 'dcs@leeds.la.example' } };

  it('accepts authorities with unique codes, the DCS name being optional', () => {
    expect(valueOf(parseWith(LocalAuthorities, [camden, leeds]))).toHaveLength(2);
  });

  it('rejects a duplicate code, naming the code and where it was first used', () => {
    const errors = errorsOf(parseWith(LocalAuthorities, [camden, leeds, { ...camden, name: 'Camden again' }]));
    expect(errors).toEqual([{ field: '2.code', message: 'duplicate local authority code "E09000007": already used by entry 0 (Camden)' }]);
  });

  it.each([
    ['a malformed code', [{ ...camden, code: 'E0900007' }], '0.code'],
    ['a DCS without an email', [leeds, { ...camden, dcs: {} }], '1.dcs.email'],
    ['an unknown field', [{ ...camden, region: 'London' }], '0.region'],
    ['an empty list', [], '(root)'],
  ])('rejects %s', (_, input, field) => {
    expect(errorsOf(parseWith(LocalAuthorities, input)).map((error) => error.field)).toEqual([field]);
  });
});

describe('text people type (names, summaries, notes): one rule everywhere', () => {
  const REFUSED = [
    ['a NUL', 'Oak\u0000House', 'found U+0000'],
    ['a carriage return and line feed in a single line', 'Oak\r\nHouse', 'found U+000D'],
    ['a right-to-left override', 'Oak \u202Eesuoh', 'bidirectional control characters'],
    ['a left-to-right isolate', 'Oak \u2066House\u2069', 'bidirectional control characters'],
    ['only zero-width characters', '\u200B\u200D\uFEFF', 'visible characters'],
    ['an unpaired surrogate', 'Oak \uD83D House', 'unpaired UTF-16 surrogate'],
  ] as const;

  it.each(REFUSED)('refuses %s, naming the field and the code point, never echoing the text', (_what, value, rule) => {
    for (const [body, field] of [
      [withChange(fullInspection, 'establishment.name', value), 'establishment.name'],
      [withChange(fullInspection, 'provider.name', value), 'provider.name'],
      [withChange(fullInspection, 'children.1.placement.placedBy.name', value), 'children.1.placement.placedBy.name'],
    ] as const) {
      const errors = errorsOf(parseWith(InspectionLogged, body));
      expect(errors).toEqual([{ field, message: expect.stringContaining(rule) }]);
      expect(errors[0]!.message).not.toContain('Oak');
    }
  });

  it('refuses a NUL in a summary of concerns, but keeps its line breaks', () => {
    const outcome = { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate' };
    expect(errorsOf(parseWith(OutcomeRecorded, { ...outcome, summaryOfConcerns: 'Restraint\u0000 is not reviewed.' }))).toEqual([
      { field: 'summaryOfConcerns', message: 'must not contain control characters: found U+0000' },
    ]);
    expect(valueOf(parseWith(OutcomeRecorded, { ...outcome, summaryOfConcerns: 'Restraint is not reviewed.\r\nNor are incidents.' }))).toMatchObject({
      summaryOfConcerns: 'Restraint is not reviewed.\r\nNor are incidents.',
    });
  });

  it('refuses a bidirectional override in a rationale and in a call’s notes', () => {
    expect(errorsOf(parseWith(ApprovalDecision, { decision: 'monitoring-visit', rationale: 'Serious concerns \u202Eabout restraint' }))).toEqual([
      { field: 'rationale', message: expect.stringContaining('U+202E') },
    ]);
    const call = { authorityCode: 'E09000007', calledAt: '2027-03-01T09:00:00Z', spokeTo: 'Duty officer', outcome: 'receipt-confirmed' };
    expect(errorsOf(parseWith(PhoneCallRecorded, { ...call, notes: 'ok \u2067' }))).toEqual([{ field: 'notes', message: expect.stringContaining('U+2067') }]);
    expect(errorsOf(parseWith(PhoneCallRecorded, { ...call, spokeTo: 'Duty\nofficer' }))).toEqual([{ field: 'spokeTo', message: expect.stringContaining('U+000A') }]);
  });

  it('stores names NFC-normalised (a decomposed é is stored composed), trimmed', () => {
    const logged = valueOf(parseWith(InspectionLogged, withChange(fullInspection, 'establishment.name', '  Cafe\u0301 House ')));
    expect(logged.establishment.name).toBe('Caf\u00E9 House');
  });

  it('counts a rationale as stored: trimmed, NFC-normalised, in code points (not UTF-16 units)', () => {
    const decide = (rationale: string) => parseWith(ApprovalDecision, { decision: 'monitoring-visit', rationale });
    const tooShort = [{ field: 'rationale', message: 'must be at least 10 characters' }];
    // "Y" and a combining diaeresis are two code points as typed and one ("Ÿ") as stored: nine, not ten.
    expect(errorsOf(decide(' Y\u0308 concern '))).toEqual(tooShort);
    expect(valueOf(decide('Y\u0308 concerns.')).rationale).toBe('\u0178 concerns.');
    // Ten characters outside the Basic Multilingual Plane are twenty UTF-16 units: ten, enough; nine are too few.
    expect(valueOf(decide('\u{1D4D2}'.repeat(10))).rationale).toBe('\u{1D4D2}'.repeat(10));
    expect(errorsOf(decide('\u{1D4D2}'.repeat(9)))).toEqual(tooShort);
  });

  it('accepts joiners inside text (an emoji family, a Persian name): only text that is all invisible is refused', () => {
    expect(valueOf(parseWith(InspectionLogged, withChange(fullInspection, 'provider.name', 'Family \u{1F468}\u200D\u{1F469} Care'))).provider.name).toBe(
      'Family \u{1F468}\u200D\u{1F469} Care',
    );
    expect(valueOf(parseWith(InspectionLogged, withChange(fullInspection, 'provider.name', 'می\u200Cخانه'))).provider.name).toBe('می\u200Cخانه');
  });
});

describe('formatIssues', () => {
  it('puts every error on one line, each naming its field and rule', () => {
    const errors = errorsOf(parseWith(InspectionLogged, withChange(withChange(assuranceVisit, 'dates.day1', '2027-02-30'), 'provider', REMOVE)));
    const line = formatIssues(errors);
    expect(line).toContain('dates.day1: "2027-02-30" is not a real calendar date');
    expect(line).toContain('provider: is required');
    expect(line).not.toContain('\n');
  });
});

describe('a fraction where a whole number is due', () => {
  it('names the field and says "must be a whole number", not "an int, got a number"', () => {
    const errors = errorsOf(
      parseWith(OutcomeRecorded, {
        process: 'monitoring-visit',
        outcome: 'further-monitoring',
        visitDate: '2027-02-09',
        nextVisitWindow: { earliestWeeks: 4.5, latestWeeks: 6 },
      }),
    );
    expect(errors).toEqual([{ field: 'nextVisitWindow.earliestWeeks', message: 'must be a whole number' }]);
  });

  it('says what was sent instead when it is not a number at all', () => {
    const errors = errorsOf(
      parseWith(OutcomeRecorded, {
        process: 'monitoring-visit',
        outcome: 'further-monitoring',
        visitDate: '2027-02-09',
        nextVisitWindow: { earliestWeeks: 'four', latestWeeks: 6 },
      }),
    );
    expect(errors).toEqual([{ field: 'nextVisitWindow.earliestWeeks', message: 'must be a number written in digits (e.g. 6), not text' }]);
  });
});
