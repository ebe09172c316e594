/** Report stages (functions/core/reports.ts). */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../functions/core/calendar';
import { renderEmail } from '../../functions/core/email-content';
import { timelineFor, type InspectionRecord, type RecordedOutcome } from '../../functions/core/inspection';
import { complaintsCountFromPublication, placerCopies, placerCopyStage, recordedStageDay, reportCorrectionDuty, reportCorrectionsOf, reportIssued } from '../../functions/core/reports';
import { EVERY_IMPROVED_CONDITION, inspectionRecord, newEmail } from '../adapters/inspection-fixtures';

const PARENT = { name: 'Parent of GH', email: 'Parent.GH@family.example' };

describe('reports', () => {
  it('counts complaints from publication for children’s homes only', () => {
    expect(complaintsCountFromPublication('full-inspection')).toBe(true);
    expect(complaintsCountFromPublication('interim-inspection')).toBe(true);
    expect(complaintsCountFromPublication('assurance-visit')).toBe(false);
    expect(complaintsCountFromPublication('rfc-inspection')).toBe(false);
  });

  it('tells the provider about a stage only once a person has recorded it, on the recorded day', () => {
    const record = inspectionRecord({ actuals: { 'full-inspection': { 'report-to-provider': parseLocalDate('2027-01-06') } } });
    expect(recordedStageDay(record, 'full-inspection', 'report-to-provider')).toBe('2027-01-06');
    expect(() => recordedStageDay(record, 'full-inspection', 'publish')).toThrowError(/stepId: "publish" is not recorded as done/);
  });
});

describe('the copy of the report for parents who placed a child (SCCIF 15.4)', () => {
  const record = inspectionRecord({
    children: [
      { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } },
      { initials: 'GH', placement: { lookedAfter: false, placedBy: PARENT } },
    ],
  });
  const parentAlert = newEmail({ recipientKey: 'placer:abc', to: 'parent.gh@family.example', recipient: { kind: 'placer' } });
  const sent = (email: ReturnType<typeof newEmail>) => ({ ...email, status: 'sent' as const });

  it('goes to each parent the alert reached, keyed like the alert, naming the parent', () => {
    const copies = placerCopies(record, 'full-inspection', [sent(newEmail()), sent(parentAlert)], parseLocalDate('2027-01-06'));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ duty: 'report-copy:full-inspection', recipientKey: 'placer:abc', to: 'parent.gh@family.example' });
    const rendered = renderEmail(copies[0]!.template);
    expect(rendered.subject).toBe('The inspection report is ready: full inspection ended 22 December 2026, URN SC123456');
    expect(rendered.text).toContain('Dear Parent of GH,');
    expect(rendered.text).toContain('The report was published on Wednesday 6 January 2027.');
    expect(rendered.text).not.toContain('factual accuracy');
    expect(rendered.text).not.toContain('GH placed');
  });

  it('not after an alert withdrawn as sent in error; once to a parent alerted again after one', () => {
    const told = { ...parentAlert, duty: 'dcs-alert-sent-in-error' };
    expect(placerCopies(record, 'full-inspection', [sent(parentAlert), sent(told)], parseLocalDate('2027-01-06'))).toEqual([]);
    const again = { ...parentAlert, recipientKey: 'placer:abc~2' };
    const copies = placerCopies(record, 'full-inspection', [sent(parentAlert), sent(told), sent(again), sent({ ...again, recipientKey: 'placer:abc~3' })], parseLocalDate('2027-01-06'));
    expect(copies.map((copy) => copy.recipientKey)).toEqual(['placer:abc~2']);
  });

  it('names the lead inspector who sends the report, to reply to, when their address is known (found by a new-user walk: "contact them", with no way to)', () => {
    const withInspector = { ...record, inspectorEmail: 'ann.inspector@ofsted.example' };
    const [copy] = placerCopies(withInspector, 'full-inspection', [sent(parentAlert)], parseLocalDate('2027-01-06'));
    expect(renderEmail(copy!.template).text).toContain(
      'The lead inspector, Ann Inspector, will send you the report itself. If it has not reached you, reply to this email (it goes to ann.inspector@ofsted.example).',
    );
    const [unknown] = placerCopies(record, 'full-inspection', [sent(parentAlert)], parseLocalDate('2027-01-06'));
    expect(renderEmail(unknown!.template).text).toContain('The lead inspector will send you the report itself; please contact them if it has not reached you.');
  });

  it('comes with the final report, not the draft sent for a factual accuracy check (15.4: "a copy of the inspection report")', () => {
    expect(placerCopyStage('full-inspection')).toBe('publish');
    expect(placerCopyStage('interim-inspection')).toBe('publish');
    expect(placerCopyStage('assurance-visit')).toBe('final-report-to-provider');
    const assurance = placerCopies(record, 'assurance-visit', [sent(parentAlert)], parseLocalDate('2027-01-06'));
    expect(renderEmail(assurance[0]!.template).text).toContain('The final report was sent to the provider on Wednesday 6 January 2027.');
    // The alert promised the inspection's report, not each monitoring visit's.
    expect(placerCopyStage('monitoring-visit')).toBeUndefined();
    expect(placerCopies(record, 'monitoring-visit', [sent(parentAlert)], parseLocalDate('2027-01-06'))).toEqual([]);
  });

  it('goes to nobody when no parent was alerted (the alert is what promised the copy)', () => {
    expect(placerCopies(record, 'full-inspection', [sent(newEmail())], parseLocalDate('2027-01-06'))).toEqual([]);
    expect(placerCopies(record, 'full-inspection', [{ ...parentAlert, status: 'failed' as const }], parseLocalDate('2027-01-06'))).toEqual([]);
  });
});

describe('the provider’s email when a monitoring visit’s report is published (children’s homes framework §74-75)', () => {
  const inadequate = {
    outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Fire doors wedged open.' },
    recordedBy: 'inspector-1',
    recordedAt: '2026-12-22T15:00:00.000Z',
  } as InspectionRecord['outcome'];
  const startedAt = '2027-01-05T09:00:00.000Z';
  function afterVisit(visit: Omit<RecordedOutcome<'monitoring-visit'>['outcome'], 'process' | 'visitDate'>, process: 'full-inspection' | 'assurance-visit' = 'full-inspection') {
    const outcome = { process: 'monitoring-visit', visitDate: parseLocalDate('2027-02-08'), ...visit } as RecordedOutcome<'monitoring-visit'>['outcome'];
    return inspectionRecord({
      process,
      ...(process === 'full-inspection' ? { outcome: inadequate } : {}),
      followUps: {
        ...(process === 'full-inspection' ? { inadequate: { executionName: 'insp-0001--inadequate', startedAt, origin: 'full-inspection' as const } } : {}),
        'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt, origin: process === 'full-inspection' ? ('inadequate' as const) : ('assurance-visit' as const) },
      },
      monitoringOutcome: { outcome, recordedBy: 'manager-1', recordedAt: '2027-02-08T15:00:00.000Z' },
      actuals: { 'monitoring-visit': { 'monitoring-visit-latest': outcome.visitDate, publish: parseLocalDate('2027-03-01') } },
    });
  }
  const published = (record: InspectionRecord) =>
    renderEmail(reportIssued(record, 'monitoring-visit', 'publish', timelineFor(record, 'monitoring-visit').steps, parseLocalDate('2027-03-01'))).text;

  it('names the improved judgement the visit secured (§74)', () => {
    const text = published(afterVisit({ outcome: 'improved-judgement', improvedJudgement: 'requires-improvement', ...EVERY_IMPROVED_CONDITION }));
    expect(text).toMatch(
      /The monitoring visit secured an improved inspection judgement: the home is now judged requires improvement for the overall experiences and progress of children and young people \(Inspections of children's homes[^)]*\), §74\)\./,
    );
    expect(text).not.toContain('The inadequate judgement remains');
  });

  it.each(['full-inspection', 'further-monitoring'] as const)('says the inadequate judgement remains when the visit decided %s (§75)', (outcome) => {
    const visit = outcome === 'further-monitoring' ? { outcome, stepsTowardsCancellation: ['notice-of-proposal-to-cancel' as const] } : { outcome };
    const text = published(afterVisit(visit));
    expect(text).toMatch(/The inadequate judgement remains: the report is published with the original judgement \(Inspections of children's homes[^)]*\), §75\)\./);
    expect(text).not.toContain('improved inspection judgement');
  });

  it('after an interim decline whose case review chose the pathway, names the decline as the judgement that remains, never "inadequate" (found by a new-user walk)', () => {
    const declined = {
      ...afterVisit({ outcome: 'full-inspection' }),
      process: 'interim-inspection' as const,
      outcome: {
        outcome: { process: 'interim-inspection', effectiveness: 'declined', enoughCauseForConcern: true, summaryOfConcerns: 'Staffing has declined.' },
        recordedBy: 'inspector-1',
        recordedAt: '2026-12-22T15:00:00.000Z',
      },
    } as InspectionRecord;
    const text = published(declined);
    expect(text).toMatch(/The original judgement remains \(declined in effectiveness, at the interim inspection\): the report is published with it \(Inspections of children's homes[^)]*\), §75\)\./);
    expect(text).not.toContain('inadequate');
    expect(timelineFor(declined, 'monitoring-visit').steps.find((step) => step.id === 'publish')?.title).toBe(
      'Monitoring visit report published with the original judgement (declined in effectiveness, at the interim inspection)',
    );
  });

  it('names what the report is of in the subject, so that the provider tells it from the final report of the inspection before', () => {
    const record = { ...afterVisit({ outcome: 'full-inspection' }), actuals: { 'full-inspection': { publish: parseLocalDate('2027-02-26') }, 'monitoring-visit': { publish: parseLocalDate('2027-03-01') } } };
    const subject = (process: 'full-inspection' | 'monitoring-visit', day: string) =>
      renderEmail(reportIssued(record, process, 'publish', timelineFor(record, process).steps, parseLocalDate(day))).subject;
    expect(subject('monitoring-visit', '2027-03-01')).toBe('Report published: monitoring visit on 8 February 2027, URN SC123456');
    expect(subject('full-inspection', '2027-02-26')).toBe('Report published: full inspection ended 22 December 2026, URN SC123456');
  });

  it('says nothing of a judgement after an assurance visit, which has no grade', () => {
    const text = published(afterVisit({ outcome: 'sufficient-steps-taken' }, 'assurance-visit'));
    expect(text).toContain('was published on Monday 1 March 2027.');
    expect(text).not.toMatch(/judgement/);
  });
});

describe('reportCorrectionDuty and reportCorrectionsOf: one email per correction of a stage', () => {
  it('names the corrected day, and from the second correction on its number; reads them back in the order made, of this stage only', () => {
    const first = reportCorrectionDuty('full-inspection', 'report-to-provider', parseLocalDate('2027-01-15'));
    const second = reportCorrectionDuty('full-inspection', 'report-to-provider', parseLocalDate('2027-01-14'), 1);
    const third = reportCorrectionDuty('full-inspection', 'report-to-provider', parseLocalDate('2027-01-15'), 2);
    expect([first, second, third]).toEqual([
      'report-correction:full-inspection:report-to-provider:2027-01-15',
      'report-correction:full-inspection:report-to-provider:2027-01-14:2',
      'report-correction:full-inspection:report-to-provider:2027-01-15:3',
    ]);
    const other = reportCorrectionDuty('full-inspection', 'final-report-to-provider', parseLocalDate('2027-01-20'));
    expect(reportCorrectionsOf([third, other, first, 'report:full-inspection:report-to-provider', second], 'full-inspection', 'report-to-provider')).toEqual([
      { duty: first, day: '2027-01-15' },
      { duty: second, day: '2027-01-14' },
      { duty: third, day: '2027-01-15' },
    ]);
  });
});
