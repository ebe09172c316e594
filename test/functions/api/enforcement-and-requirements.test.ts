/**
 * Enforcement actions (POST/GET /establishments/{urn}/enforcement-actions, PATCH .../{actionId}) and requirements
 * (POST/GET /inspections/{id}/requirements, PATCH .../{requirementId}): managers record enforcement, inspectors read
 * it; the lead inspector or a manager records requirements; bad input is a 400 naming the field and writes nothing;
 * §74 reads the requirements when a monitoring visit proposes an improved judgement.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord } from '../../../functions/core/inspection';
import { EVERY_IMPROVED_CONDITION } from '../../adapters/inspection-fixtures';
import { call, get, INSPECTOR, MANAGER, OTHER_INSPECTOR, OTHER_MANAGER, pendingApproval, post, storedInspection, WILLOW_REGISTER_ENTRY, useApiHarness } from './api-harness';

// Today: Wed 13 Jan 2027.
useApiHarness('2027-01-13T10:00:00.000Z');

const willow = WILLOW_REGISTER_ENTRY;

const patch = (path: string, user: typeof MANAGER, body: unknown) => call({ method: 'PATCH', path, user, body: JSON.stringify(body) });

/** An inadequate full inspection whose urgent case review (5 Jan) considered a suspension and a compliance notice. */
async function reviewedInspection(overrides: Partial<InspectionRecord> = {}): Promise<InspectionRecord> {
  return storedInspection({
    id: 'insp-willow',
    status: 'in-progress',
    dates: { inspectionStart: parseLocalDate('2026-12-21'), inspectionEnd: parseLocalDate('2026-12-22') },
    outcome: {
      outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate' },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T15:00:00.000Z',
    },
    followUps: { inadequate: { executionName: 'insp-willow--inadequate', startedAt: '2026-12-22T15:00:01.000Z', origin: 'full-inspection' } },
    decisions: {
      'case-review': {
        approvalId: 'apr-willow',
        kind: 'case-review',
        decision: 'monitoring-visit',
        rationale: 'Serious concerns about restraint.',
        enforcement: { actions: ['suspension', 'compliance-notice'], against: ['establishment', 'registered-manager'] },
        decidedBy: 'manager-2',
        decidedAt: '2027-01-05T10:00:00.000Z',
      },
    },
    ...overrides,
  });
}

const suspension = {
  inspectionId: 'insp-willow',
  action: 'suspension',
  against: ['establishment'],
  issuedOn: '2027-01-06',
  effectiveOn: '2027-01-07',
};
const ACTIONS = '/establishments/SC123456/enforcement-actions';

describe('POST /establishments/{urn}/enforcement-actions', () => {
  it('a manager records an action linked to the case review that considered it (201), the same again is 200; it shows on the establishment and in the audit trail', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const created = await post(ACTIONS, MANAGER, suspension);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'insp-willow--suspension--2027-01-06',
      caseReview: { approvalId: 'apr-willow', kind: 'case-review', decidedOn: '2027-01-05' },
      inForce: true,
      state: 'in-force',
      version: 1,
    });
    expect((await post(ACTIONS, MANAGER, suspension)).status).toBe(200);
    expect((await post(ACTIONS, MANAGER, { ...suspension, effectiveOn: '2027-01-08' })).status).toBe(409);

    const listed = await get(ACTIONS, INSPECTOR);
    expect(listed.body.items.map((item: { action: string }) => item.action)).toEqual(['suspension']);
    expect((await get(ACTIONS, INSPECTOR, { inspectionId: 'insp-other' })).body.items).toEqual([]);
    const audit = await repository().listAudit('insp-willow');
    expect(audit.filter((event) => event.event === 'enforcement-action-recorded')).toHaveLength(1);
  });

  it("refuses a note naming a child of the inspection by their initials, recorded or corrected away, on recording and on a change (400 naming note)", async () => {
    await post('/establishments', MANAGER, willow);
    const record = await reviewedInspection({
      childrenCorrections: [
        { correctedBy: 'manager-2', correctedAt: '2027-01-04T10:00:00.000Z', reason: 'A child logged wrongly.', before: [{ initials: 'QZ', placement: { lookedAfter: true, placingAuthority: 'E09000007' } }] },
      ],
    });
    const initials = record.children[0]!.initials;
    for (const note of [`Issued after ${initials} went missing.`, 'Issued after Q.Z. went missing.']) {
      const refused = await post(ACTIONS, MANAGER, { ...suspension, note });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'note', message: expect.stringContaining('names a child of this inspection by their initials') }]);
    }
    const { body: action } = await post(ACTIONS, MANAGER, suspension);
    const changed = await patch(`${ACTIONS}/${action.id}`, MANAGER, { version: 1, note: `Ends once ${initials} has moved.` });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual([{ field: 'note', message: expect.stringContaining('by their initials') }]);
    expect((await patch(`${ACTIONS}/${action.id}`, MANAGER, { version: 1, note: 'Served by hand.' })).status).toBe(200);
  });

  it('an inspector may not record one (403) and nothing is written', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    expect((await post(ACTIONS, INSPECTOR, suspension)).status).toBe(403);
    expect((await get(ACTIONS, MANAGER)).body.items).toEqual([]);
  });

  it.each([
    ['an action the case review did not consider', { action: 'cancellation', effectiveOn: undefined }, 'action'],
    ['an issue before the case review', { issuedOn: '2027-01-04', effectiveOn: undefined }, 'issuedOn'],
    ['an issue in the future', { issuedOn: '2027-01-14', effectiveOn: undefined }, 'issuedOn'],
    ['an end day for a compliance notice', { action: 'compliance-notice', effectiveOn: undefined, endsOn: '2027-02-01' }, 'endsOn'],
    ['an inspection of another establishment', { inspectionId: 'insp-elsewhere' }, 'inspectionId'],
    ['no subject', { against: [] }, 'against'],
    ['an unknown action', { action: 'warning' }, 'action'],
  ])('refuses %s with a 400 naming %s, writing nothing', async (_what, change, field) => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const refused = await post(ACTIONS, MANAGER, { ...suspension, ...change });
    expect(refused.status).toBe(400);
    expect(refused.raw).toContain(field);
    expect((await get(ACTIONS, MANAGER)).body.items).toEqual([]);
    expect((await repository().listAudit('insp-willow')).filter((event) => event.event.startsWith('enforcement'))).toEqual([]);
  });

  it('refuses an action when the case review decided no enforcement, naming inspectionId', async () => {
    await post('/establishments', MANAGER, willow);
    const record = await reviewedInspection();
    await storedInspection({ ...record, id: 'insp-willow-2', decisions: { 'case-review': { ...record.decisions['case-review']!, enforcement: 'none' } } });
    const refused = await post(ACTIONS, MANAGER, { ...suspension, inspectionId: 'insp-willow-2' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['inspectionId']);
  });

  it('refuses enforcement against the registered manager while the post is vacant on the register (400 naming against)', async () => {
    await post('/establishments', MANAGER, { ...willow, registeredManager: { status: 'vacant', since: '2026-10-01' } });
    await reviewedInspection();
    const refused = await post(ACTIONS, MANAGER, { ...suspension, against: ['establishment', 'registered-manager'] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'against', message: expect.stringContaining('vacant') })]);
    expect((await get(ACTIONS, MANAGER)).body.items).toEqual([]);
  });

  it('an establishment not on the register is 404', async () => {
    expect((await post('/establishments/SC999999/enforcement-actions', MANAGER, suspension)).status).toBe(404);
  });
});

describe('PATCH /establishments/{urn}/enforcement-actions/{actionId}', () => {
  it('a manager records the withdrawal; an old version is 409; a bad date is 400 naming it, unchanged', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const { body: action } = await post(ACTIONS, MANAGER, suspension);
    const path = `${ACTIONS}/${action.id}`;
    expect((await patch(path, INSPECTOR, { withdrawnOn: '2027-01-12' })).status).toBe(403);
    const bad = await patch(path, MANAGER, { version: 1, endsOn: '2027-01-07' });
    expect(bad.status).toBe(400);
    expect(bad.raw).toContain('endsOn');
    const withdrawn = await patch(path, MANAGER, { version: 1, withdrawnOn: '2027-01-12' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ withdrawnOn: '2027-01-12', inForce: false, state: 'withdrawn', version: 2 });
    expect((await patch(path, MANAGER, { version: 1, note: 'Late note.' })).status).toBe(409);
    expect((await patch(`${ACTIONS}/insp-willow--cancellation--2027-01-06`, MANAGER, { withdrawnOn: '2027-01-12' })).status).toBe(404);
    expect((await repository().listAudit('insp-willow')).map((event) => event.event)).toContain('enforcement-action-changed');
  });
});

describe('PATCH: clearing a date', () => {
  it('null clears a date recorded by mistake (audited as cleared); a combination that cannot be is a 400 naming the field, unchanged', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const { body: action } = await post(ACTIONS, MANAGER, suspension);
    const path = `${ACTIONS}/${action.id}`;
    const ended = await patch(path, MANAGER, { version: 1, endsOn: '2027-01-11' });
    expect(ended.body).toMatchObject({ endsOn: '2027-01-11', version: 2 });

    // The suspension cannot end without having taken effect: clearing only the effective day is refused.
    const orphanEnd = await patch(path, MANAGER, { version: 2, effectiveOn: null });
    expect(orphanEnd.status).toBe(400);
    expect(orphanEnd.body.errors.map((error: { field: string }) => error.field)).toEqual(['effectiveOn']);
    // Ends before it was issued.
    const early = await patch(path, MANAGER, { version: 2, endsOn: '2027-01-05' });
    expect(early.status).toBe(400);
    expect(early.body.errors.map((error: { field: string }) => error.field)).toContain('endsOn');
    expect((await repository().getEnforcementAction('SC123456', action.id))).toMatchObject({ effectiveOn: '2027-01-07', endsOn: '2027-01-11', version: 2 });

    const cleared = await patch(path, MANAGER, { version: 2, endsOn: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ effectiveOn: '2027-01-07', version: 3, inForce: true });
    expect(cleared.body).not.toHaveProperty('endsOn');
    const both = await patch(path, MANAGER, { version: 3, effectiveOn: null, endsOn: null });
    expect(both.status).toBe(200);
    expect(both.body).not.toHaveProperty('effectiveOn');
    const stored = await repository().getEnforcementAction('SC123456', action.id);
    expect(stored).not.toHaveProperty('endsOn');
    expect(stored).not.toHaveProperty('effectiveOn');
    const audit = (await repository().listAudit('insp-willow')).filter((event) => event.event === 'enforcement-action-changed');
    expect(audit.map((event) => event.detail)).toContainEqual(expect.objectContaining({ effectiveOn: 'cleared', endsOn: 'cleared' }));
  });

  it('a date that does not apply to the action cannot be set, and a wrong type is a 400 naming the field', async () => {
    await post('/establishments', MANAGER, willow);
    await reviewedInspection();
    const { body: action } = await post(ACTIONS, MANAGER, suspension);
    const refused = await patch(`${ACTIONS}/${action.id}`, MANAGER, { version: 1, withdrawnOn: '' });
    expect(refused.status).toBe(400);
    expect(refused.raw).toContain('withdrawnOn');
  });
});

describe('requirements and recommendations', () => {
  const REQUIREMENTS = '/inspections/insp-willow/requirements';
  const restraint = { kind: 'requirement', text: 'Review every restraint within 24 hours.', regulation: 'Regulation 20', dueOn: '2027-01-31' };

  it('the lead inspector records a requirement (201; the same again 200), another inspector may not (403), a manager may', async () => {
    await reviewedInspection();
    const created = await post(REQUIREMENTS, INSPECTOR, restraint);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'requirement', dueOn: '2027-01-31', overdue: false, version: 1 });
    expect((await post(REQUIREMENTS, INSPECTOR, restraint)).status).toBe(200);
    expect((await post(REQUIREMENTS, OTHER_INSPECTOR, { ...restraint, text: 'Something else to do here.' })).status).toBe(403);
    expect((await post(REQUIREMENTS, MANAGER, { kind: 'recommendation', text: 'Share good practice with staff.' })).status).toBe(201);
    const listed = await get(REQUIREMENTS, OTHER_INSPECTOR);
    expect(listed.body.items.map((item: { kind: string }) => item.kind)).toEqual(['requirement', 'recommendation']);
  });

  it.each([
    ['a requirement without a due date', { dueOn: undefined }, 'dueOn'],
    ['a due date before the inspection began', { dueOn: '2026-12-20' }, 'dueOn'],
    ['a recommendation with a due date', { kind: 'recommendation' }, 'dueOn'],
    ['text too short', { text: 'Do it.' }, 'text'],
    ['text naming a child by their initials', { text: 'Review the restraints of A.B. within 24 hours.' }, 'text'],
  ])('refuses %s with a 400 naming %s, writing nothing', async (_what, change, field) => {
    await reviewedInspection();
    const refused = await post(REQUIREMENTS, INSPECTOR, { ...restraint, ...change });
    expect(refused.status).toBe(400);
    expect(refused.raw).toContain(field);
    expect((await get(REQUIREMENTS, INSPECTOR)).body.items).toEqual([]);
  });

  it('records a requirement met in full; a recommendation, a future day or an old version are refused', async () => {
    await reviewedInspection();
    const { body: requirement } = await post(REQUIREMENTS, INSPECTOR, restraint);
    const { body: recommendation } = await post(REQUIREMENTS, INSPECTOR, { kind: 'recommendation', text: 'Share good practice with staff.' });
    const path = `${REQUIREMENTS}/${requirement.id}`;
    expect((await patch(path, INSPECTOR, { metInFullOn: '2027-01-14' })).status).toBe(400);
    expect((await patch(`${REQUIREMENTS}/${recommendation.id}`, INSPECTOR, { metInFullOn: '2027-01-12' })).raw).toContain('metInFullOn');
    const met = await patch(path, INSPECTOR, { version: 1, metInFullOn: '2027-01-12' });
    expect(met.status).toBe(200);
    expect(met.body).toMatchObject({ metInFullOn: '2027-01-12', version: 2 });
    expect((await patch(path, INSPECTOR, { version: 1, metInFullOn: '2027-01-11' })).status).toBe(409);
    expect((await repository().listAudit('insp-willow')).map((event) => event.event)).toEqual(
      expect.arrayContaining(['requirement-recorded', 'recommendation-recorded', 'requirement-met-in-full']),
    );
  });

  /** A monitoring visit on Mon 11 Jan 2027 securing an improved judgement, every condition of §74/§76 held. */
  const improvedAtVisit = (improvedJudgement: string) => ({
    process: 'monitoring-visit',
    outcome: 'improved-judgement',
    visitDate: '2027-01-11',
    ...EVERY_IMPROVED_CONDITION,
    improvedJudgement,
  });

  it('§74: an improved judgement at the monitoring visit is refused while a requirement is not met by the visit, naming allRequirementsMet', async () => {
    await reviewedInspection();
    const { body: requirement } = await post(REQUIREMENTS, INSPECTOR, restraint);
    const improved = improvedAtVisit('requires-improvement');
    // A manager records it: the agreement that the concerns are discrete is theirs (§76).
    const refused = await post('/inspections/insp-willow/outcome', MANAGER, improved);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'allRequirementsMet', message: expect.stringContaining('§74') })]);
    expect((await repository().requireInspection('insp-willow')).monitoringOutcome).toBeUndefined();

    await patch(`${REQUIREMENTS}/${requirement.id}`, INSPECTOR, { metInFullOn: '2027-01-11' });
    const accepted = await post('/inspections/insp-willow/outcome', MANAGER, improved);
    expect(accepted.raw).not.toContain('allRequirementsMet');
  });

  it("§76: the lead inspector cannot record an improved judgement (400 naming concernsDiscrete: the manager's agreement); a manager can, and the record keeps who", async () => {
    await reviewedInspection();
    const improved = improvedAtVisit('good');
    const refused = await post('/inspections/insp-willow/outcome', INSPECTOR, improved);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'concernsDiscrete', message: expect.stringMatching(/regulatory inspection manager's agreement \(children's homes framework §76\): ask a manager/) },
    ]);
    expect((await repository().requireInspection('insp-willow')).monitoringOutcome).toBeUndefined();
    const accepted = await post('/inspections/insp-willow/outcome', MANAGER, improved);
    expect(accepted.status, accepted.raw).toBe(200);
    const stored = (await repository().requireInspection('insp-willow')).monitoringOutcome;
    expect(stored?.outcome).toMatchObject({ outcome: 'improved-judgement', improvedJudgement: 'good' });
    expect(stored?.recordedBy).toBe(MANAGER.id);
  });
});

describe('POST /approvals/{id}/decision: the case review and a vacant registered manager post', () => {
  it('refuses enforcement against the registered manager while the post is vacant on the register (400 naming enforcement.against), deciding nothing', async () => {
    await post('/establishments', MANAGER, { ...willow, registeredManager: { status: 'vacant', since: '2026-10-01' } });
    await storedInspection({ id: 'insp-0001' });
    await pendingApproval();
    const body = { decision: 'monitoring-visit', enforcement: { actions: ['compliance-notice'], against: ['registered-manager'] }, rationale: 'Serious concerns about restraint.' };
    const refused = await post('/approvals/apr-0001/decision', OTHER_MANAGER, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'enforcement.against', message: expect.stringContaining('vacant') })]);
    expect((await repository().requireApproval('apr-0001')).status).toBe('pending');
    const accepted = await post('/approvals/apr-0001/decision', OTHER_MANAGER, { ...body, enforcement: { actions: ['compliance-notice'], against: ['establishment'] } });
    expect(accepted.status).toBe(200);
  });
});
