/**
 * A residential family centre judged inadequate throughout (partners requires improvement), with the case-discussion
 * answers the framework asks for (RFC framework §42): every answer no unless the test says otherwise, and the summary
 * of concerns the case discussion considers. The workflow and
 * browser tests post it as an outcome.
 */
export function rfcInadequateOutcome(answers: { immediateRiskOfHarm: boolean }) {
  return {
    process: 'rfc-inspection',
    overall: 'inadequate',
    assessment: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'inadequate',
    partners: 'requires-improvement',
    immediateRiskOfHarm: answers.immediateRiskOfHarm,
    breachOfRegulationsConstitutingOffence: false,
    breachOfRegistrationConditions: false,
    lastInspectionInadequate: false,
    summaryOfConcerns: 'Sleeping arrangements for infants are unsafe; staff do not follow the safeguarding policy.',
  } as const;
}
