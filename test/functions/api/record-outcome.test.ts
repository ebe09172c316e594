/**
 * POST /inspections/{id}/outcome: the judgements are checked against the framework's limiting rules, recorded once,
 * and the run waiting for them is resumed with the judgements and flags only.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import {
  fixNow,
  INSPECTOR,
  MANAGER,
  post,
  SendTaskSuccessCommand,
  sfnCalls,
  storedInspection,
  taskTimedOut,
  useApiHarness,
  waitingForOutcome,
} from './api-harness';

const harness = useApiHarness('2026-12-22T17:30:00.000Z');

const SUMMARY = 'Restraint is used without review; two incidents were not notified.';
const good = { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' };
const inadequate = {
  process: 'full-inspection',
  overall: 'inadequate',
  helpedAndProtected: 'inadequate',
  leadersAndManagers: 'requires-improvement',
  summaryOfConcerns: SUMMARY,
};
const TOKEN = 'TOKEN-await-outcome-1-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

/** An inspection judged inadequate on Tue 22 Dec 2026 whose monitoring visit run waits for its outcome; today is Fri 5 Feb 2027. */
async function monitoringVisitAwaited(): Promise<void> {
  await storedInspection({
    status: 'in-progress',
    outcome: { outcome: inadequate, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:00:00.000Z' } as never,
    followUps: {
      inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' },
      'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-30T10:00:00.000Z', origin: 'inadequate' },
    },
  });
  await waitingForOutcome('insp-0001', 'monitoring-visit', TOKEN);
  fixNow('2027-02-05T16:00:00.000Z');
}

describe('POST /inspections/{id}/outcome', () => {
  it('records accepted judgements and says what happens next; with no run waiting yet, nothing is sent', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, good);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ verdict: ["Accepted: the framework's limiting rules hold.", 'No follow-up process starts.'], cautions: [], followUps: [] });
    expect(await repository().getInspection('insp-0001')).toMatchObject({
      status: 'in-progress',
      updatedAt: '2026-12-22T17:30:00.000Z',
      outcome: { outcome: good, recordedBy: INSPECTOR.id, recordedAt: '2026-12-22T17:30:00.000Z' },
    });
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });

  it('refuses the judgements of an inspection still to happen (a year typed wrong): 409 naming its last day, nothing recorded or sent', async () => {
    // Prepare: logged for 18-20 February 2027; today is 22 December 2026
    await storedInspection({ dates: { inspectionStart: parseLocalDate('2027-02-18'), inspectionEnd: parseLocalDate('2027-02-20') } });
    await waitingForOutcome('insp-0001', 'full-inspection', TOKEN);

    // Act
    const early = await post('/inspections/insp-0001/outcome', INSPECTOR, inadequate);

    // Assess
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      "the inspection's last day on site is Sat 20 Feb 2027: its outcome can be recorded from that day, not before (today is Tue 22 Dec 2026, London)",
    );
    expect((await repository().getInspection('insp-0001'))?.outcome).toBeUndefined();
    expect(sfnCalls.succeeded(harness)).toHaveLength(0);

    // On its last day on site, it is recorded and the run resumed.
    fixNow('2027-02-20T16:00:00.000Z');
    expect((await post('/inspections/insp-0001/outcome', INSPECTOR, inadequate)).status).toBe(200);
    expect(sfnCalls.succeeded(harness)).toHaveLength(1);
  });

  it('resumes the waiting run with the workflow outcome only (no free text) and clears its token', async () => {
    // Prepare
    await storedInspection({ establishment: { urn: 'SC654321', name: 'Oak Secure Unit', kind: 'secure-childrens-home', hostAuthority: 'E08000025' } });
    await waitingForOutcome('insp-0001', 'full-inspection', TOKEN);

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, inadequate);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.followUps).toEqual([expect.objectContaining({ process: 'inadequate', title: 'Inadequate pathway' })]);
    expect(response.body.verdict[1]).toContain('Next: Inadequate pathway.');
    const sent = sfnCalls.succeeded(harness);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.taskToken).toBe(TOKEN);
    expect(JSON.parse(sent[0]?.output ?? '')).toEqual({ process: 'full-inspection', overall: 'inadequate', secure: true });
    expect(sent[0]?.output).not.toContain('Restraint');
    expect(await repository().getOutcomeToken('insp-0001', 'full-inspection')).toBeUndefined();
  });

  it('is fine when the wait has ended (task timed out): the outcome is recorded and the re-opened wait finds it', async () => {
    // Prepare
    await storedInspection();
    await waitingForOutcome('insp-0001', 'full-inspection', TOKEN);
    harness.sfn.on(SendTaskSuccessCommand).rejects(taskTimedOut());

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, good);

    // Assess
    expect(response.status).toBe(200);
    expect((await repository().getInspection('insp-0001'))?.outcome?.outcome).toEqual(good);
    expect(await repository().getOutcomeToken('insp-0001', 'full-inspection')).toBeUndefined();
  });

  it('refuses a summary of concerns naming a child by their initials (emailed as written): 400 naming summaryOfConcerns, not repeating them, nothing recorded or sent', async () => {
    await storedInspection({ children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }] } as never);
    await waitingForOutcome('insp-0001', 'full-inspection', TOKEN);

    const named = await post('/inspections/insp-0001/outcome', INSPECTOR, { ...inadequate, summaryOfConcerns: 'Restraint of AB was not recorded.' });

    expect(named.status).toBe(400);
    expect(named.body.errors).toEqual([{ field: 'summaryOfConcerns', message: expect.stringContaining('names a child of this inspection by their initials') }]);
    expect(JSON.stringify(named.body)).not.toContain('AB');
    expect((await repository().getInspection('insp-0001'))?.outcome).toBeUndefined();
    expect(sfnCalls.succeeded(harness)).toHaveLength(0);
    // Without the initials it is recorded.
    expect((await post('/inspections/insp-0001/outcome', INSPECTOR, { ...inadequate, summaryOfConcerns: 'Restraint of a child was not recorded.' })).status).toBe(200);
  });

  it('refuses overall good with helped and protected inadequate: 400 naming overall, citing §37', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, { ...good, helpedAndProtected: 'inadequate' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'overall',
        message:
          "Overall 'good' is not allowed: helped and protected is 'inadequate', so overall must be 'inadequate' (Children's homes framework 2015 §37)",
      },
    ]);
    expect((await repository().getInspection('insp-0001'))?.outcome).toBeUndefined();
  });

  it('refuses leaders and managers above inadequate after 26 weeks without a registered manager: 400 naming leadersAndManagers (§67)', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, {
      ...good,
      overall: 'requires-improvement',
      registeredManagerVacantSince: '2026-05-01',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['leadersAndManagers']);
    expect(response.body.errors[0].message).toContain('§67');
  });

  it('answers 409 when the outcome was already recorded', async () => {
    // Prepare
    await storedInspection();
    await post('/inspections/insp-0001/outcome', INSPECTOR, good);

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, inadequate);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      error: 'ConflictError',
      message: 'the full-inspection outcome of this inspection was already recorded on Tue 22 Dec 2026',
    });
    expect((await repository().getInspection('insp-0001'))?.outcome?.outcome).toEqual(good);
  });

  it('answers 400 naming process when the outcome is for another process than the inspection', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate: '2027-02-05',
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'process',
        message: `must be "full-inspection": the outcome of this inspection's process (or of a monitoring visit that follows it): no monitoring visit follows this inspection`,
      },
    ]);
  });

  it('records a monitoring visit outcome once the monitoring visit has started, resuming its own wait', async () => {
    // Prepare
    await monitoringVisitAwaited();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, {
      process: 'monitoring-visit',
      outcome: 'full-inspection',
      visitDate: '2027-02-05',
      summaryOfConcerns: SUMMARY,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.followUps.map((followUp: { process: string }) => followUp.process)).toEqual([
      'full-inspection',
      'inadequate-judgement-stands',
    ]);
    expect((await repository().getInspection('insp-0001'))?.monitoringOutcome?.outcome.outcome).toBe('full-inspection');
    const sent = sfnCalls.succeeded(harness);
    expect(JSON.parse(sent[0]?.output ?? '')).toEqual({ process: 'monitoring-visit', outcome: 'full-inspection', secure: false });
  });

  it('leaves the next monitoring visit\'s window to a manager: the lead inspector setting it is a 400 naming nextVisitWindow, a manager\'s is recorded', async () => {
    // Prepare
    await monitoringVisitAwaited();
    const further = {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate: '2027-02-05',
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
      nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 },
    };

    // Act
    const byInspector = await post('/inspections/insp-0001/outcome', INSPECTOR, further);
    const byManager = await post('/inspections/insp-0001/outcome', MANAGER, further);

    // Assess
    expect(byInspector.status).toBe(400);
    expect(byInspector.body.errors).toEqual([expect.objectContaining({ field: 'nextVisitWindow', message: expect.stringContaining('set by a manager') })]);
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(200);
    expect((await repository().getInspection('insp-0001'))?.monitoringOutcome?.outcome).toMatchObject({ nextVisitWindow: { earliestWeeks: 4, latestWeeks: 6 } });
  });

  it.each([
    [
      'before the inspection it follows ended',
      '2026-12-21',
      'cannot be before the last day of the inspection it follows (Tue 22 Dec 2026), not Mon 21 Dec 2026',
    ],
    [
      'in the future (the visit is recorded once it has happened)',
      '2027-02-06',
      'must not be in the future: record the visit once it has happened (today is Fri 5 Feb 2027, London)',
    ],
  ])('refuses a monitoring visit dated %s: 400 naming visitDate, nothing recorded, the wait not answered', async (_case, visitDate, message) => {
    // Prepare: the inspection ended on Tue 22 Dec 2026; today is Fri 5 Feb 2027
    await monitoringVisitAwaited();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, {
      process: 'monitoring-visit',
      outcome: 'further-monitoring',
      visitDate,
      stepsTowardsCancellation: ['notice-of-proposal-to-cancel'],
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'visitDate', message }]);
    expect((await repository().getInspection('insp-0001'))?.monitoringOutcome).toBeUndefined();
    expect(sfnCalls.succeeded(harness)).toEqual([]);
  });

  it('answers 404 for an inspection that does not exist', async () => {
    // Act
    const response = await post('/inspections/insp-unknown/outcome', INSPECTOR, good);

    // Assess
    expect(response.status).toBe(404);
  });

  it.each([
    ['not JSON', '{"process": "full-inspection"', 'body', 'is not valid JSON'],
    ['an unknown field', JSON.stringify({ ...good, grade: 'good' }), 'grade', 'is not an allowed field'],
    [
      'an impossible date',
      JSON.stringify({ ...good, registeredManagerVacantSince: '2027-02-30' }),
      'registeredManagerVacantSince',
      '"2027-02-30" is not a real calendar date',
    ],
    ['an unknown grade', JSON.stringify({ ...good, overall: 'excellent' }), 'overall', 'must be one of: "outstanding", "good", "requires-improvement", "inadequate"'],
  ])('answers 400 for %s, naming the field', async (_case, body, field, message) => {
    // Prepare
    await storedInspection();

    // Act
    const response = await post('/inspections/insp-0001/outcome', INSPECTOR, body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field, message }]);
  });
});
