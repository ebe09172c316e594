/**
 * Enforcement actions (SCCIF 15.1; children's homes framework §70): their dates, and their link to the case review
 * that considered them.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { enforcementDateProblems, enforcementState, inForce, linkToCaseReview } from '../../functions/core/enforcement';
import type { RecordedDecision } from '../../functions/core/inspection';

const day = (text: string): LocalDate => parseLocalDate(text);
const today = day('2027-01-12');

const caseReview = (enforcement: RecordedDecision['enforcement']): Partial<Record<RecordedDecision['kind'], RecordedDecision>> => ({
  'case-review': {
    approvalId: 'apr-1',
    kind: 'case-review',
    decision: 'monitoring-visit',
    rationale: 'Serious concerns about restraint.',
    ...(enforcement === undefined ? {} : { enforcement }),
    decidedBy: 'manager-1',
    decidedAt: '2027-01-05T10:00:00.000Z',
  },
});
const decidedOn = () => day('2027-01-05');
const suspension = { inspectionId: 'insp-1', action: 'suspension' as const, against: ['establishment' as const], issuedOn: day('2027-01-06') };

describe('linkToCaseReview', () => {
  it('links an action the case review considered to that review', () => {
    const linked = linkToCaseReview(suspension, caseReview({ actions: ['suspension'], against: ['establishment'] }), decidedOn, false);
    expect(linked).toEqual({ ok: true, link: { inspectionId: 'insp-1', approvalId: 'apr-1', kind: 'case-review', decidedOn: day('2027-01-05') } });
  });

  it('refuses an action when no case review considered enforcement, naming inspectionId', () => {
    for (const decisions of [{}, caseReview('none')]) {
      const linked = linkToCaseReview(suspension, decisions, decidedOn, false);
      expect(linked.ok ? [] : linked.errors.map((error) => error.field)).toEqual(['inspectionId']);
    }
  });

  it('refuses an action or a subject the case review did not consider, and an issue before the review', () => {
    const decisions = caseReview({ actions: ['compliance-notice'], against: ['establishment'] });
    const linked = linkToCaseReview({ ...suspension, against: ['establishment', 'registered-manager'], issuedOn: day('2027-01-04') }, decisions, decidedOn, false);
    expect(linked.ok ? [] : linked.errors.map((error) => error.field)).toEqual(['action', 'against', 'issuedOn']);
  });

  it('refuses enforcement against the registered manager while the post is vacant (§70: "where there is a registered manager")', () => {
    const decisions = caseReview({ actions: ['suspension'], against: ['establishment', 'registered-manager'] });
    const linked = linkToCaseReview({ ...suspension, against: ['registered-manager'] }, decisions, decidedOn, true);
    expect(linked.ok ? [] : linked.errors).toEqual([expect.objectContaining({ field: 'against', message: expect.stringContaining('vacant') })]);
  });

  it('an interim case review that chose compliance action, and an RFC case discussion that chose enforcement, allow any action', () => {
    const interim: RecordedDecision = { approvalId: 'apr-2', kind: 'interim-case-review', decision: 'compliance-action-and-alert-las', rationale: 'x'.repeat(10), decidedBy: 'm', decidedAt: '2027-01-05T10:00:00.000Z' };
    expect(linkToCaseReview(suspension, { 'interim-case-review': interim }, decidedOn, false).ok).toBe(true);
    const rfc: RecordedDecision = { ...interim, approvalId: 'apr-3', kind: 'rfc-case-discussion', decision: 'requirements-only' };
    expect(linkToCaseReview(suspension, { 'rfc-case-discussion': rfc }, decidedOn, false).ok).toBe(false);
    expect(linkToCaseReview(suspension, { 'rfc-case-discussion': { ...rfc, decision: 'enforcement-action' } }, decidedOn, false).ok).toBe(true);
  });
});

describe('enforcementDateProblems', () => {
  it('a compliance notice has no effective or end day', () => {
    const problems = enforcementDateProblems('compliance-notice', { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-07'), endsOn: day('2027-01-20') }, today);
    expect(problems.map((problem) => problem.field)).toEqual(['effectiveOn', 'endsOn']);
  });

  it('issued and withdrawn are not in the future; effective may be set ahead but not before the issue; an end is after the effect', () => {
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-13') }, today).map((problem) => problem.field)).toEqual(['issuedOn']);
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-20'), endsOn: day('2027-03-01') }, today)).toEqual([]);
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-05') }, today).map((problem) => problem.field)).toEqual(['effectiveOn']);
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-08'), endsOn: day('2027-01-08') }, today).map((problem) => problem.field)).toEqual(['endsOn']);
    expect(enforcementDateProblems('cancellation', { issuedOn: day('2027-01-06'), withdrawnOn: day('2027-01-13') }, today).map((problem) => problem.field)).toEqual(['withdrawnOn']);
    // An end before both the issue and the day it took effect is refused once, naming the day it took effect (found by
    // a new-user walk: only "before the day it was issued" was said).
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-08'), endsOn: day('2027-01-05') }, today)).toEqual([
      { field: 'endsOn', message: 'must be after the day it took effect (Fri 8 Jan 2027)' },
    ]);
    // Without a day it took effect, an end before the issue says so.
    expect(enforcementDateProblems('suspension', { issuedOn: day('2027-01-06'), endsOn: day('2027-01-05') }, today).map((problem) => problem.message)).toEqual([
      'must not be before the day the suspension was issued (Wed 6 Jan 2027)',
      expect.stringContaining('must be given while the suspension has an end date'),
    ]);
  });

  it('an action is in force from its effect until it ends or is withdrawn', () => {
    const action = { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-08'), endsOn: day('2027-02-08') };
    expect(inForce(action, day('2027-01-07'))).toBe(false);
    expect(inForce(action, day('2027-01-08'))).toBe(true);
    expect(inForce(action, day('2027-02-08'))).toBe(false);
    expect(inForce({ ...action, withdrawnOn: day('2027-01-10') }, day('2027-01-10'))).toBe(false);
  });

  it('says where an action stands: not yet in force before it is issued or takes effect, in force, ended, withdrawn', () => {
    const action = { issuedOn: day('2027-01-06'), effectiveOn: day('2027-01-08'), endsOn: day('2027-02-08') };
    expect(['2027-01-05', '2027-01-07', '2027-01-08', '2027-02-07', '2027-02-08'].map((on) => enforcementState(action, day(on)))).toEqual([
      'not-yet-in-force',
      'not-yet-in-force',
      'in-force',
      'in-force',
      'ended',
    ]);
    // Withdrawn before it took effect, or after it ended: withdrawn is the last word.
    expect(enforcementState({ ...action, withdrawnOn: day('2027-01-07') }, day('2027-01-07'))).toBe('withdrawn');
    expect(enforcementState({ ...action, withdrawnOn: day('2027-02-10') }, day('2027-02-10'))).toBe('withdrawn');
    // Issued only (a compliance notice): in force from the day it was issued.
    expect(enforcementState({ issuedOn: day('2027-01-06') }, day('2027-01-06'))).toBe('in-force');
  });
});
