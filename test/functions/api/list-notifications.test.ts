/**
 * GET /inspections/{id}/notifications: every email with its recipient, message id and delivery status; for each
 * alert to a director of children's services, whether the end-of-next-working-day duty was met (SCCIF 15.3); and
 * the phone follow-up of each alerted authority.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import type { RecordedOutcome } from '../../../functions/core/inspection';
import { get, INSPECTING_MANAGER, INSPECTOR, MANAGER, OTHER_INSPECTOR, sentAlert, storedInspection, useApiHarness } from './api-harness';

useApiHarness('2026-12-29T10:00:00.000Z');

const inadequate = {
  outcome: {
    process: 'full-inspection',
    overall: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'inadequate',
    summaryOfConcerns: 'Restraint is not reviewed.',
  },
  recordedBy: INSPECTOR.id,
  recordedAt: '2026-12-22T17:00:00.000Z',
} as RecordedOutcome;

describe('GET /inspections/{id}/notifications', () => {
  it('lists each alert with its delivery and whether it met the end-of-next-working-day duty, and the phone follow-ups', async () => {
    // Prepare: inspection ended Tue 22 Dec 2026, so the alerts were due by the end of Wed 23 Dec.
    await storedInspection({
      status: 'in-progress',
      outcome: inadequate,
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
    });
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-host', ['host']);
    await sentAlert('insp-0001', 'E08000003', '2026-12-24T09:00:00.000Z', 'ses-placing', ['placing']);
    await repository().recordEmailEvent('ses-host', { status: 'delivered', at: '2026-12-23T09:00:05.000Z' });
    await repository().addCall('insp-0001', {
      authorityCode: 'E09000007',
      calledAt: '2026-12-23T11:00:00.000Z',
      spokeTo: 'Duty manager',
      outcome: 'receipt-confirmed',
      recordedBy: INSPECTOR.id,
      recordedAt: '2026-12-23T11:05:00.000Z',
    });

    // Act
    const response = await get('/inspections/insp-0001/notifications', MANAGER);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.inspectionId).toBe('insp-0001');
    // In the order they were sent.
    expect(response.body.emails).toEqual([
      expect.objectContaining({
        duty: 'dcs-alert',
        to: 'dcs@e09000007.la.example',
        messageId: 'ses-host',
        delivery: 'delivered',
        deliveryAt: '2026-12-23T09:00:05.000Z',
        alert: { due: '2026-12-23T23:59:59.000Z', dueFrom: 'email', outcome: 'met' },
      }),
      expect.objectContaining({
        duty: 'dcs-alert',
        to: 'dcs@e08000003.la.example',
        recipient: expect.objectContaining({ kind: 'dcs', authorityCode: 'E08000003' }),
        messageId: 'ses-placing',
        delivery: 'sent, awaiting delivery report',
        alert: { due: '2026-12-23T23:59:59.000Z', dueFrom: 'email', outcome: 'missed', missedBecause: 'sent-late' },
      }),
    ]);
    expect(response.body.phoneFollowUps).toEqual([
      expect.objectContaining({ authorityCode: 'E09000007', required: true, state: 'recorded', confirmedAt: '2026-12-23T11:00:00.000Z' }),
      expect.objectContaining({ authorityCode: 'E08000003', required: true, state: 'outstanding', calls: [] }),
    ]);
    expect(response.body.summary).toEqual({ alertsDue: 2, alertsSentOnTime: 1, alertsLate: 1, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 1 });
    expect(response.raw).not.toContain('template');
  });

  it('lists nothing for an inspection that has sent nothing yet, to inspectors too', async () => {
    // Prepare
    await storedInspection();

    // Act
    const response = await get('/inspections/insp-0001/notifications', INSPECTOR);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      inspectionId: 'insp-0001',
      addressesShown: true,
      emails: [],
      unsentAlerts: [],
      phoneFollowUps: [],
      placerFollowUps: [],
      summary: { alertsDue: 0, alertsSentOnTime: 0, alertsLate: 0, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 0 },
    });
  });

  it.each([
    ['the lead inspector', INSPECTOR, true],
    ['a manager', MANAGER, true],
    ['a manager who also inspects', INSPECTING_MANAGER, true],
    ['another inspector', OTHER_INSPECTOR, false],
  ] as const)('shows recipients’ email addresses to %s: %s', async (_who, user, shown) => {
    // Prepare: one DCS alerted, one placer (a child not looked after) not yet.
    await storedInspection({
      status: 'in-progress',
      outcome: inadequate,
      children: [
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E09000007' } },
        { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat.parent@home.example' } } },
      ],
      followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:01:00.000Z', origin: 'full-inspection' } },
    });
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-host', ['host', 'placing']);

    // Act
    const response = await get('/inspections/insp-0001/notifications', user);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.addressesShown).toBe(shown);
    expect(response.body.emails).toHaveLength(1);
    expect(response.body.emails[0].recipient).toMatchObject({ kind: 'dcs', authorityCode: 'E09000007' });
    expect(response.body.unsentAlerts).toEqual([expect.objectContaining({ recipient: expect.objectContaining({ kind: 'placer' }) })]);
    expect(response.raw.includes('dcs@e09000007.la.example'), response.raw).toBe(shown);
    expect(response.raw.includes('pat.parent@home.example'), response.raw).toBe(shown);
    if (!shown) expect(response.raw, 'no address at all').not.toContain('@');
  });

  it('answers 404 for an inspection that does not exist', async () => {
    // Act
    const response = await get('/inspections/insp-unknown/notifications', MANAGER);

    // Assess
    expect(response.status).toBe(404);
  });
});
