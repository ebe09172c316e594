/**
 * GET /approvals: the manager's queue, earliest due first, each approval with the inspection it is about, never its
 * task token, and whether this manager may decide it (not on an inspection they led or logged).
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { get, INSPECTING_MANAGER, MANAGER, pendingApproval, storedInspection, useApiHarness } from './api-harness';

useApiHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
  await storedInspection({
    id: 'insp-0002',
    establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' },
    loggedBy: INSPECTING_MANAGER.id,
  });
});

describe('GET /approvals', () => {
  it('lists pending approvals earliest due first, with the establishment, and canDecide false on the caller’s own inspection', async () => {
    // Prepare
    await pendingApproval({ approvalId: 'apr-late', inspectionId: 'insp-0001', dueAt: '2026-12-30T23:59:59.000Z' });
    await pendingApproval({
      approvalId: 'apr-soon',
      inspectionId: 'insp-0002',
      dueAt: '2026-12-24T23:59:59.000Z',
      taskToken: 'TOKEN-case-review-2-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC',
    });

    // Act
    const response = await get('/approvals', INSPECTING_MANAGER);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        approvalId: 'apr-soon',
        inspectionId: 'insp-0002',
        establishment: { name: 'Oak Secure Unit', urn: 'SC654321' },
        kind: 'case-review',
        process: 'inadequate',
        stepId: 'case-review',
        dueAt: '2026-12-24T23:59:59.000Z',
        createdAt: '2026-12-22T18:00:00.000Z',
        escalations: 0,
        canDecide: false,
        // Where its deadline stands, from the timeline step it is due under (as the inspection page shows it).
        deadline: { due: '2026-12-23T23:59:59.000Z', rule: 'by the end of the next working day following the inspection', status: 'due-soon', workingDaysLeft: 0 },
      },
      expect.objectContaining({ approvalId: 'apr-late', establishment: { name: 'Willow House', urn: 'SC123456' }, canDecide: true }),
    ]);
  });

  it('shows how often an approval was escalated, and never the fresh token it was re-opened with', async () => {
    // Prepare
    await pendingApproval();
    await pendingApproval({ taskToken: 'TOKEN-case-review-1-reopened-DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD' });

    // Act
    const response = await get('/approvals', MANAGER);

    // Assess
    expect(response.body.items).toEqual([expect.objectContaining({ approvalId: 'apr-0001', escalations: 1, canDecide: true })]);
  });

  it('leaves decided and closed approvals off the queue', async () => {
    // Prepare
    const decided = await pendingApproval({ approvalId: 'apr-decided' });
    await repository().decideApproval('apr-decided', {
      expectedToken: decided.taskToken,
      decision: {
        approvalId: 'apr-decided',
        kind: 'case-review',
        decision: 'monitoring-visit',
        rationale: 'Concerns are serious but leadership is responsive.',
        decidedBy: 'manager-2',
        decidedAt: '2026-12-23T09:00:00.000Z',
      },
    });
    await pendingApproval({ approvalId: 'apr-closed', taskToken: 'TOKEN-closed-EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE' });
    await repository().closeApproval('apr-closed');

    // Act
    const response = await get('/approvals', MANAGER);

    // Assess
    expect(response.body).toEqual({ items: [] });
  });
});
