/**
 * POST /approvals/{id}/decision: a manager decides; the decision is stored once, against the wait it answers, and
 * the run is resumed. Someone else's inspection only; late, reused, unknown or forged decisions are 4xx, never 5xx.
 */
import { describe, expect, it, vi } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import {
  INSPECTING_MANAGER,
  MANAGER,
  OTHER_MANAGER,
  pendingApproval,
  post,
  SendTaskSuccessCommand,
  sfnCalls,
  storedInspection,
  taskTimedOut,
  useApiHarness,
} from './api-harness';

const harness = useApiHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
});

const TOKEN = 'TOKEN-case-review-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const decision = { decision: 'monitoring-visit', enforcement: 'none', rationale: 'Serious concerns about restraint; leadership is responsive.' };

describe('POST /approvals/{id}/decision', () => {
  it('stores the decision and resumes the run with it: 200, delivered', async () => {
    // Prepare
    await pendingApproval();

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ approvalId: 'apr-0001', decision: 'monitoring-visit', delivered: true });
    const stored = await repository().getApproval('apr-0001');
    expect(stored).toMatchObject({
      status: 'decided',
      decision: { approvalId: 'apr-0001', kind: 'case-review', ...decision, decidedBy: MANAGER.id, decidedAt: '2026-12-23T10:00:00.000Z' },
    });
    const sent = sfnCalls.succeeded(harness);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.taskToken).toBe(TOKEN);
    // The run routes on the option; the rationale and the manager stay in the table (execution history keeps outputs).
    expect(JSON.parse(sent[0]?.output ?? '')).toEqual({
      approvalId: 'apr-0001',
      decision: 'monitoring-visit',
      decidedAt: '2026-12-23T10:00:00.000Z',
    });
  });

  it('answers 200 with delivered false when the wait has timed out: the decision is stored for the re-opened wait', async () => {
    // Prepare
    await pendingApproval();
    harness.sfn.on(SendTaskSuccessCommand).rejects(taskTimedOut());

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ approvalId: 'apr-0001', decision: 'monitoring-visit', delivered: false });
    expect((await repository().getApproval('apr-0001'))?.status).toBe('decided');
  });

  it('decides against the fresh token when the wait was re-opened (escalation) while deciding', async () => {
    // Prepare
    await pendingApproval();
    const fresh = 'TOKEN-case-review-1-reopened-FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF';
    const repo = repository();
    const decide = repo.decideApproval.bind(repo);
    vi.spyOn(repo, 'decideApproval').mockImplementationOnce(async (...args) => {
      await pendingApproval({ taskToken: fresh });
      return decide(...args);
    });

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(response.status).toBe(200);
    expect(sfnCalls.succeeded(harness).map((input) => input.taskToken)).toEqual([fresh]);
    expect(await repository().getApproval('apr-0001')).toMatchObject({ status: 'decided', taskToken: fresh, escalations: 1 });
  });

  it('forbids a manager to approve the case review of an inspection they logged: 403', async () => {
    // Prepare
    await storedInspection({ id: 'insp-0002', loggedBy: INSPECTING_MANAGER.id });
    await pendingApproval({ approvalId: 'apr-0002', inspectionId: 'insp-0002' });

    // Act
    const response = await post('/approvals/apr-0002/decision', INSPECTING_MANAGER, decision);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: 'ForbiddenError', message: 'you cannot approve the case review of this inspection: you logged this inspection' });
    expect((await repository().getApproval('apr-0002'))?.status).toBe('pending');
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });

  it.each([
    ['recorded its judgements', { outcome: { outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' }, recordedBy: 'manager-3', recordedAt: '2026-12-22T17:00:00.000Z' } }],
    ['recorded a monitoring visit’s outcome', { monitoringOutcome: { outcome: { process: 'monitoring-visit', visitDate: '2026-12-22', outcome: 'no-further-action' }, recordedBy: 'manager-3', recordedAt: '2026-12-22T17:00:00.000Z' } }],
  ] as const)('forbids a manager who %s on another inspector’s inspection to decide (four eyes): 403, still pending', async (_how, overrides) => {
    // Prepare: the inspection is led and logged by the inspector; the inspecting manager recorded the judgement.
    expect(INSPECTING_MANAGER.id).toBe('manager-3');
    await storedInspection({ id: 'insp-0002', ...(overrides as object) });
    await pendingApproval({ approvalId: 'apr-0002', inspectionId: 'insp-0002' });

    // Act
    const response = await post('/approvals/apr-0002/decision', INSPECTING_MANAGER, decision);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('you cannot approve the case review of this inspection: you recorded its judgements');
    expect((await repository().getApproval('apr-0002'))?.status).toBe('pending');
    expect(sfnCalls.succeeded(harness)).toEqual([]);
    // Another manager may.
    expect((await post('/approvals/apr-0002/decision', MANAGER, decision)).status).toBe(200);
  });

  it('forbids the inspection’s lead inspector, though a manager, to decide: 403', async () => {
    // Prepare
    await storedInspection({ id: 'insp-0002', inspectorId: INSPECTING_MANAGER.id });
    await pendingApproval({ approvalId: 'apr-0002', inspectionId: 'insp-0002' });

    // Act
    const response = await post('/approvals/apr-0002/decision', INSPECTING_MANAGER, decision);

    // Assess
    expect(response.status).toBe(403);
  });

  it('refuses a second decision by another manager: 409, saying when it was decided', async () => {
    // Prepare
    await pendingApproval();
    await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Act
    const response = await post('/approvals/apr-0001/decision', OTHER_MANAGER, { decision: 'full-inspection', enforcement: 'none', rationale: 'Restraint puts children at risk.' });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: 'ConflictError', message: 'already decided on Wed 23 Dec 2026 by another manager' });
    expect((await repository().getApproval('apr-0001'))?.decision?.decision).toBe('monitoring-visit');
  });

  it('answers the same decision sent again by the same manager as the first time (a retried request)', async () => {
    // Prepare
    await pendingApproval();
    await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ approvalId: 'apr-0001', decision: 'monitoring-visit', delivered: true });
    expect(sfnCalls.succeeded(harness)).toHaveLength(2);
  });

  it('refuses a different decision from the manager who already decided: 409', async () => {
    // Prepare
    await pendingApproval();
    await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, { ...decision, decision: 'full-inspection' });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toBe('already decided on Wed 23 Dec 2026 by you, with a different decision');
  });

  it('answers a manager who decided, then recorded the monitoring visit, 409 for another decision and 200 for the same one (not 403: found by the walk)', async () => {
    // Prepare: MANAGER decides, then records the monitoring visit's outcome on the same inspection.
    await pendingApproval();
    expect((await post('/approvals/apr-0001/decision', MANAGER, decision)).status).toBe(200);
    const visit = { outcome: { process: 'monitoring-visit', visitDate: '2027-02-09', outcome: 'no-further-action' }, recordedBy: MANAGER.id, recordedAt: '2027-02-09T17:00:00.000Z' } as const;
    expect((await repository().recordOutcome('insp-0001', 'monitoringOutcome', visit as never, 'in-progress', visit.recordedAt)).recorded).toBe(true);

    // Act
    const different = await post('/approvals/apr-0001/decision', MANAGER, { ...decision, decision: 'full-inspection' });
    const same = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(different.status).toBe(409);
    expect(different.body.message).toBe('already decided on Wed 23 Dec 2026 by you, with a different decision');
    expect(same.status).toBe(200);
    expect((await repository().getApproval('apr-0001'))?.decision?.decision).toBe('monitoring-visit');
  });

  it('refuses a full inspection as the return visit once a monitoring visit is recorded (§71): 400 naming decision, nothing decided, the run not answered', async () => {
    // Prepare: the inspector recorded the monitoring visit while the urgent case review was still pending.
    await pendingApproval();
    const visit = { outcome: { process: 'monitoring-visit', visitDate: '2027-02-09', outcome: 'no-further-action' }, recordedBy: OTHER_MANAGER.id, recordedAt: '2027-02-09T17:00:00.000Z' } as const;
    expect((await repository().recordOutcome('insp-0001', 'monitoringOutcome', visit as never, 'in-progress', visit.recordedAt)).recorded).toBe(true);

    // Act
    const full = await post('/approvals/apr-0001/decision', MANAGER, { ...decision, decision: 'full-inspection' });

    // Assess
    expect(full.status).toBe(400);
    expect(full.body.errors).toEqual([
      {
        field: 'decision',
        message:
          "cannot be a full inspection: a monitoring visit on Tue 9 Feb 2027 is already recorded as the return visit (children's homes framework §71). " +
          'Choose a monitoring visit: the visit’s outcome then decides what follows (§74-77)',
      },
    ]);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
    expect(sfnCalls.succeeded(harness)).toHaveLength(0);
    // A monitoring visit is still the manager's to decide.
    expect((await post('/approvals/apr-0001/decision', MANAGER, decision)).status).toBe(200);
  });

  it('answers 410 for an approval whose run has ended', async () => {
    // Prepare
    await pendingApproval();
    await repository().closeApproval('apr-0001');

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, decision);

    // Assess
    expect(response.status).toBe(410);
    expect(response.body).toEqual({ error: 'GoneError', message: 'this approval is closed: the run that asked for it has ended' });
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });

  it.each(['apr-forged', 'TOKEN-case-review-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(3000), 'apr%2F..%2Fsecret'])(
    'answers 404 for an approval id that does not exist (%s)',
    async (id) => {
      // Prepare
      await pendingApproval();

      // Act
      const response = await post(`/approvals/${id}/decision`, MANAGER, decision);

      // Assess
      expect(response.status).toBe(404);
      expect(sfnCalls.succeeded(harness)).toEqual([]);
    },
  );

  it('answers 404 for an unknown approval before looking at the body', async () => {
    // Act
    const response = await post('/approvals/apr-forged/decision', MANAGER, { decision: 'no-such-option' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'NotFoundError', message: 'approval not found' });
  });

  it.each([
    [
      'an option of another kind of approval',
      { ...decision, decision: 'requirements-only' },
      [{ field: 'decision', message: 'must be one of: "monitoring-visit", "full-inspection", "enforcement-action", "no-further-action"' }],
    ],
    ['an unknown field', { ...decision, urgent: true }, [{ field: 'urgent', message: 'is not an allowed field' }]],
    ['a rationale too short to explain anything', { ...decision, rationale: 'ok' }, [{ field: 'rationale', message: 'must be at least 10 characters' }]],
    ['no body', '', [{ field: 'body', message: 'is required: send a JSON object' }]],
    ['a body that is not JSON', '{"decision":', [{ field: 'body', message: 'is not valid JSON' }]],
  ])('answers 400 for %s, naming the field and the options of this kind', async (_case, body, errors) => {
    // Prepare
    await pendingApproval();

    // Act
    const response = await post('/approvals/apr-0001/decision', MANAGER, body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(errors);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });
});
