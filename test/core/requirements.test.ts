/**
 * Requirements and recommendations (children's homes framework §44, §49) and the §74 condition that reads them: an
 * improved judgement at a monitoring visit needs every requirement met in full.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import {
  improvedJudgementRequirementProblems,
  metInFullProblems,
  outstandingRequirements,
  requirementId,
  requirementOverdue,
  RequirementRecorded,
  requirementsMetInFull,
} from '../../functions/core/requirements';
import { parseWith } from '../../functions/core/schemas';

const day = (text: string): LocalDate => parseLocalDate(text);
const requirement = (metInFullOn?: string) => ({ kind: 'requirement' as const, text: 'Review restraint records weekly.', ...(metInFullOn ? { metInFullOn: day(metInFullOn) } : {}) });
const recommendation = { kind: 'recommendation' as const, text: 'Share good practice with the team.' };

describe('requirementsMetInFull (§74)', () => {
  it('holds when every requirement was met in full on or before the day', () => {
    expect(requirementsMetInFull([requirement('2027-01-10'), requirement('2027-01-12')], day('2027-01-12'))).toBe(true);
  });

  it('fails when a requirement is not met, or met only after the day', () => {
    expect(requirementsMetInFull([requirement('2027-01-10'), requirement()], day('2027-01-12'))).toBe(false);
    expect(requirementsMetInFull([requirement('2027-01-13')], day('2027-01-12'))).toBe(false);
  });

  it('ignores recommendations: they are never "met in full"', () => {
    expect(requirementsMetInFull([recommendation], day('2027-01-12'))).toBe(true);
    expect(outstandingRequirements([recommendation, requirement()], day('2027-01-12'))).toHaveLength(1);
  });

  it('holds when none was recorded (the inspector\'s own answer then stands alone)', () => {
    expect(requirementsMetInFull([], day('2027-01-12'))).toBe(true);
  });

  it('refuses an improved judgement naming allRequirementsMet and citing §74, counting what is outstanding on the visit day', () => {
    const problems = improvedJudgementRequirementProblems([requirement(), requirement('2027-01-20')], day('2027-01-12'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'allRequirementsMet' });
    expect(problems[0]?.message).toContain('§74');
    expect(problems[0]?.message).toContain('2 requirements were not recorded as met by the visit on');
    expect(improvedJudgementRequirementProblems([requirement('2027-01-12')], day('2027-01-12'))).toEqual([]);
  });
});

describe('RequirementRecorded', () => {
  it('a requirement needs a due date (§44); a recommendation has none (§49)', () => {
    const noDue = parseWith(RequirementRecorded, { kind: 'requirement', text: 'Review restraint records weekly.' });
    expect(noDue.ok ? [] : noDue.errors.map((error) => error.field)).toEqual(['dueOn']);
    const dueRecommendation = parseWith(RequirementRecorded, { kind: 'recommendation', text: 'Share good practice.', dueOn: '2027-02-01' });
    expect(dueRecommendation.ok ? [] : dueRecommendation.errors.map((error) => error.field)).toEqual(['dueOn']);
    // Both frameworks: the rule does not know whether the inspection was of a home or a family centre (RFC §40-41).
    expect(dueRecommendation.ok ? '' : dueRecommendation.errors[0]?.message).toMatch(/\(Children's homes framework 2015 §49; Residential family centres framework 2014 §41\)$/);
    expect(noDue.ok ? '' : noDue.errors[0]?.message).toMatch(/\(Children's homes framework 2015 §44; Residential family centres framework 2014 §40\)$/);
    expect(parseWith(RequirementRecorded, { kind: 'requirement', text: 'Review restraint records weekly.', dueOn: '2027-02-01' }).ok).toBe(true);
  });

  it('the same kind and text is the same id; a different text another', () => {
    expect(requirementId('requirement', 'Review restraint records weekly.')).toBe(requirementId('requirement', 'Review restraint records weekly.'));
    expect(requirementId('requirement', 'Review restraint records weekly.')).not.toBe(requirementId('recommendation', 'Review restraint records weekly.'));
    expect(requirementId('requirement', 'x')).toMatch(/^R-[0-9a-f]{12}$/);
  });
});

describe('met in full', () => {
  const start = day('2026-12-01');
  const today = day('2027-01-12');

  it('is refused for a recommendation, before the inspection, or in the future, naming metInFullOn', () => {
    expect(metInFullProblems({ kind: 'recommendation' }, today, start, today).map((problem) => problem.field)).toEqual(['metInFullOn']);
    expect(metInFullProblems({ kind: 'requirement' }, day('2026-11-30'), start, today).map((problem) => problem.field)).toEqual(['metInFullOn']);
    expect(metInFullProblems({ kind: 'requirement' }, day('2027-01-13'), start, today).map((problem) => problem.field)).toEqual(['metInFullOn']);
    expect(metInFullProblems({ kind: 'requirement' }, today, start, today)).toEqual([]);
  });

  it('a requirement past its due date and not met is overdue; met or a recommendation is not', () => {
    expect(requirementOverdue({ kind: 'requirement', dueOn: day('2027-01-11') }, today)).toBe(true);
    expect(requirementOverdue({ kind: 'requirement', dueOn: day('2027-01-12') }, today)).toBe(false);
    expect(requirementOverdue({ kind: 'requirement', dueOn: day('2027-01-11'), metInFullOn: day('2027-01-10') }, today)).toBe(false);
    expect(requirementOverdue({ kind: 'recommendation' }, today)).toBe(false);
  });
});
