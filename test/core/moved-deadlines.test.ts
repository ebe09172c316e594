/** Which waited deadlines a recorded change moved (functions/core/moved-deadlines.ts). */
import { describe, expect, it } from 'vitest';
import { heldSteps, movedDeadlines, stepsHolding, APPROVAL_WAIT_STEP, OUTCOME_WAIT_STEP } from '../../functions/core/moved-deadlines';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { PROCESSES, type ProcessId } from '../../functions/core/regulations';
import { assuranceVisit } from '../functions/steps/step-harness';

describe('movedDeadlines', () => {
  // Day 1 Mon 21 Dec 2026, serious concerns: the case review (5 working days, over Christmas) and the report count
  // from the visit's end.
  const ended = (on: string, more: Record<string, string> = {}) =>
    assuranceVisit({ actuals: { 'assurance-visit': { 'visit-end': parseLocalDate(on), ...(more as Record<string, LocalDate>) } } });

  it('names each step still to be done whose due instant moved, with both instants', () => {
    const moved = movedDeadlines(ended('2026-12-23'), ended('2026-12-21'));
    const byStep = Object.fromEntries(moved.map((deadline) => [deadline.stepId, deadline]));
    expect(byStep['case-review']).toMatchObject({ process: 'assurance-visit', from: '2027-01-04T23:59:59.000Z', to: '2026-12-30T23:59:59.000Z' });
    expect(byStep['report-to-provider']?.process).toBe('assurance-visit');
    // Day 1 and the steps counted from it did not move; the corrected step itself is done.
    expect(byStep['visit-end']).toBeUndefined();
    expect(byStep['draft-report-qa']).toBeUndefined();
    expect(moved.every((deadline) => deadline.from > deadline.to)).toBe(true);
  });

  it('is empty when nothing moved, and leaves out steps already done', () => {
    expect(movedDeadlines(ended('2026-12-23'), ended('2026-12-23'))).toEqual([]);
    const moved = movedDeadlines(ended('2026-12-23', { 'case-review': '2026-12-24' }), ended('2026-12-21', { 'case-review': '2026-12-24' }));
    expect(moved.map((deadline) => deadline.stepId)).not.toContain('case-review');
    expect(moved.map((deadline) => deadline.stepId)).toContain('report-to-provider');
  });

  it('names a step of each process that a wait measures', () => {
    for (const [process, stepId] of Object.entries(OUTCOME_WAIT_STEP)) {
      expect(PROCESSES[process as keyof typeof PROCESSES].steps.map((step) => step.id), process).toContain(stepId);
    }
    const steps = new Set(Object.values(PROCESSES).flatMap((process) => process.steps.map((step) => step.id)));
    for (const stepId of Object.values(APPROVAL_WAIT_STEP)) expect(steps.has(stepId), stepId).toBe(true);
  });
});

describe('heldSteps: what a run waits for only after a wait ends, whose clocks run meanwhile', () => {
  it('holds the later report stages behind each stage, and every stage behind the outcome', () => {
    expect(heldSteps('full-inspection', 'judgements-recorded')).toEqual(['report-to-provider', 'publish']);
    expect(heldSteps('full-inspection', 'report-to-provider')).toEqual(['publish']);
    expect(heldSteps('full-inspection', 'publish')).toEqual([]);
    expect(heldSteps('assurance-visit', 'report-to-provider')).toEqual(['final-report-to-provider', 'publish']);
    expect(heldSteps('interim-inspection', 'judgements-recorded')).toEqual(['report-to-provider', 'publish']);
  });

  it('holds the draft report’s QA behind an assurance visit’s outcome, the branch beside the report stages', () => {
    expect(heldSteps('assurance-visit', 'visit-end')).toEqual(['draft-report-qa', 'report-to-provider', 'final-report-to-provider', 'publish']);
    expect(heldSteps('assurance-visit', 'draft-report-qa')).toEqual([]);
  });

  it('holds a monitoring visit’s report behind its outcome, and never the measured step itself (a residential family centre’s outcome is due with its report)', () => {
    expect(heldSteps('monitoring-visit', 'monitoring-visit-latest')).toEqual(['publish']);
    expect(heldSteps('rfc-inspection', OUTCOME_WAIT_STEP['rfc-inspection'])).toEqual(['publish']);
  });

  it('holds nothing behind an approval, nor behind the pathway’s return visit, which no callback waits for', () => {
    for (const [kind, stepId] of Object.entries(APPROVAL_WAIT_STEP)) {
      for (const process of Object.keys(PROCESSES) as ProcessId[]) expect(heldSteps(process, stepId), `${process} ${kind}`).toEqual([]);
    }
    expect(heldSteps('inadequate', 'monitoring-visit-latest')).toEqual([]);
  });

  it('names only steps of the process, and stepsHolding is its inverse', () => {
    for (const process of Object.keys(PROCESSES) as ProcessId[]) {
      const ids = PROCESSES[process].steps.map((step) => step.id);
      for (const stepId of ids) {
        for (const held of heldSteps(process, stepId)) {
          expect(ids, `${process} ${stepId}`).toContain(held);
          expect(stepsHolding(process, held), `${process} ${held}`).toContain(stepId);
        }
        for (const holder of stepsHolding(process, stepId)) expect(heldSteps(process, holder)).toContain(stepId);
      }
    }
    expect(stepsHolding('full-inspection', 'publish').sort()).toEqual(['judgements-recorded', 'report-to-provider']);
  });
});
