/**
 * Interim inspection judged declined (children's homes framework §89; SCCIF 15.3): the case review decides whether the
 * inadequate pathway alerts the local authorities. The workflow makes that decision, once: the interim inspection
 * starts the pathway with `alertLocalAuthorities` false, and the pathway routes past the alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { api, currentState, execution, fullInspectionRequest, outbox, startRuntime, users } from './harness';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime('2027-03-22T08:00:00Z');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('an interim decline whose case review chose not to alert local authorities (SCCIF 15.3)', () => {
  it('starts the inadequate pathway and alerts nobody', async () => {
    // Prepare: an interim inspection that ends today, judged declined in effectiveness
    const today = londonDateOf(runtime.clock.now());
    const logged = await api(runtime, users.inspector, 'POST', '/inspections', {
      ...fullInspectionRequest(addCalendarDays(today, -1), today),
      process: 'interim-inspection',
    });
    expect(logged.status).toBe(201);
    const inspectionId = String(logged.body.id);
    const outcome = await api(runtime, users.inspector, 'POST', `/inspections/${inspectionId}/outcome`, {
      process: 'interim-inspection',
      effectiveness: 'declined',
      summaryOfConcerns: 'Staff do not follow the missing-from-care protocol.',
    });
    expect(outcome.status).toBe(200);

    // Act: the manager decides the case review
    const queue = await api(runtime, users.manager, 'GET', '/approvals');
    const approval = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
    expect(approval, 'a pending interim case review').toBeDefined();
    const decided = await api(runtime, users.manager, 'POST', `/approvals/${approval!.approvalId}/decision`, {
      decision: 'start-inadequate-pathway-without-alerting-las',
      rationale: 'The decline is being addressed; the case review agreed not to alert the local authorities.',
    });
    expect(decided.status).toBe(200);

    // Assess: the pathway waits for its urgent case review, and no alert (nor copy of one) was sent
    const pathway = execution(runtime, inspectionId, 'inadequate');
    expect(currentState(pathway)).toBe('Request approval: Urgent case review');
    expect(pathway?.events.some((event) => event.type === 'StateEntered' && event.state === 'Alert local authorities')).toBe(false);
    expect((await outbox(inspectionId)).filter((email) => email.duty.startsWith('dcs-alert'))).toEqual([]);
  });
});
