/**
 * POST /inspections/{id}/calls: the phone call that confirms an alert was received (SCCIF 15.3), to a local
 * authority that was alerted for this inspection, made after that alert was sent and by now; the same call posted
 * twice is stored once.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { newEmail } from '../../adapters/inspection-fixtures';
import { INSPECTOR, post, sentAlert, storedInspection, useApiHarness } from './api-harness';

useApiHarness('2026-12-23T15:00:00.000Z', async () => {
  await storedInspection();
});

const receiptConfirmed = {
  authorityCode: 'E09000007',
  calledAt: '2026-12-23T14:30:00Z',
  spokeTo: 'Duty manager, children’s services',
  outcome: 'receipt-confirmed',
};

describe('POST /inspections/{id}/calls', () => {
  it('records a call to an alerted local authority: 201, stored with who recorded it and when', async () => {
    // Prepare
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);

    // Assess
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      inspectionId: 'insp-0001',
      call: { ...receiptConfirmed, calledAt: '2026-12-23T14:30:00.000Z' },
      created: true,
    });
    expect(await repository().listCalls('insp-0001')).toEqual([
      { ...receiptConfirmed, calledAt: '2026-12-23T14:30:00.000Z', recordedBy: INSPECTOR.id, recordedAt: '2026-12-23T15:00:00.000Z' },
    ]);
  });

  it('stores the same call (time and authority) once: 200 the second time', async () => {
    // Prepare
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');
    await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, calledAt: '2026-12-23T14:30:00.000+00:00' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.created).toBe(false);
    expect(await repository().listCalls('insp-0001')).toHaveLength(1);
  });

  it('refuses another call at the same minute to the same authority: 409 saying who it was with, the first kept (found by a new-user walk: dropped silently)', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');
    await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, spokeTo: 'Jo Bloggs, team manager' });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('is already recorded, with Duty manager, children’s services');
    expect((await repository().listCalls('insp-0001')).map((call) => call.spokeTo)).toEqual(['Duty manager, children’s services']);
  });

  it('refuses a call confirming an alert its authority was told was sent in error: 400 naming authorityCode (found by a new-user walk)', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');
    await sentAlert('insp-0001', 'E08000003', '2026-12-23T09:00:00.000Z', 'ses-2', ['placing']);
    const notice = newEmail({ duty: 'dcs-alert-sent-in-error', recipientKey: 'la:E08000003', to: 'dcs@e08000003.la.example', createdAt: '2026-12-23T12:00:00.000Z' });
    await repository().claimEmail(notice);
    await repository().markEmailSent(notice, 'ses-3', '2026-12-23T12:00:00.000Z');
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, authorityCode: 'E08000003' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'authorityCode', message: '"E08000003" was told its alert was sent to it in error (the children were corrected): there is no receipt to confirm; alerted: E09000007' },
    ]);
  });

  it('refuses notes naming a child of the inspection by their initials: 400 naming notes, nothing stored', async () => {
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');
    const { children } = (await repository().getInspection('insp-0001'))!;
    const initials = children[0]!.initials;
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, notes: `The social worker of ${initials} will visit today.` });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'notes', message: expect.stringContaining('names a child of this inspection by their initials') }]);
    expect(JSON.stringify(response.body)).not.toContain(initials);
    const spokeTo = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, spokeTo: `${initials}'s social worker` });
    expect(spokeTo.body.errors).toEqual([{ field: 'spokeTo', message: expect.stringContaining('by their initials') }]);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
  });

  it('refuses a call to a local authority that was not alerted: 400 naming authorityCode and the ones that were', async () => {
    // Prepare
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');
    await sentAlert('insp-0001', 'E08000003', '2026-12-23T09:00:01.000Z', 'ses-2', ['placing']);

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, authorityCode: 'E09000033' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'authorityCode',
        message: '"E09000033" was not alerted for this inspection: calls confirm receipt of an alert (SCCIF 15.3); alerted: E08000003, E09000007',
      },
    ]);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
  });

  it('refuses a call before any local authority was alerted', async () => {
    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('no local authority has been alerted yet');
  });

  it('refuses a call more than 5 minutes in the future: 400 naming calledAt', async () => {
    // Prepare
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, calledAt: '2026-12-23T15:06:00Z' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'calledAt', message: '2026-12-23T15:06:00.000Z is in the future: record a call once it has been made' },
    ]);
  });

  it('accepts a call a few minutes ahead of the server clock (a phone clock running fast)', async () => {
    // Prepare
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T09:00:00.000Z', 'ses-1');

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, calledAt: '2026-12-23T15:04:00Z' });

    // Assess
    expect(response.status).toBe(201);
  });

  it('refuses a call dated before the alert email it confirms was sent: 400 naming calledAt, with the sent time', async () => {
    // Prepare: the alert to Camden was sent at 14:00 (London is on GMT in December)
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T14:00:00.000Z', 'ses-1');

    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, calledAt: '2026-12-22T16:00:00Z' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'calledAt',
        message: 'cannot be before the alert email it confirms was sent, on Wednesday 23 December 2026 at 14:00 (London time)',
      },
    ]);
    expect(await repository().listCalls('insp-0001')).toEqual([]);
  });

  it('compares with the alert to the authority called, to the minute: a call in the minute the email went is accepted', async () => {
    // Prepare: Manchester was alerted at 14:29:40, Camden only later, at 14:45
    await sentAlert('insp-0001', 'E08000003', '2026-12-23T14:29:40.000Z', 'ses-1', ['placing']);
    await sentAlert('insp-0001', 'E09000007', '2026-12-23T14:45:00.000Z', 'ses-2');

    // Act
    const manchester = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, authorityCode: 'E08000003', calledAt: '2026-12-23T14:29:00Z' });
    const camden = await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);

    // Assess
    expect(manchester.status).toBe(201);
    expect(camden.status).toBe(400);
    expect(camden.body.errors[0]).toMatchObject({ field: 'calledAt', message: expect.stringContaining('at 14:45 (London time)') });
  });

  it('counts from the first attempt of an alert not yet confirmed as sent (it cannot have arrived earlier)', async () => {
    // Prepare: the alert to Camden has been handed to SES at 14:00, with no answer recorded
    await repository().claimEmail(
      newEmail({ recipientKey: 'la:E09000007', recipient: { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host'] }, createdAt: '2026-12-23T14:00:00.000Z' }),
    );

    // Act
    const before = await post('/inspections/insp-0001/calls', INSPECTOR, { ...receiptConfirmed, calledAt: '2026-12-23T13:00:00Z' });
    const after = await post('/inspections/insp-0001/calls', INSPECTOR, receiptConfirmed);

    // Assess
    expect(before.status).toBe(400);
    expect(before.body.errors).toEqual([
      {
        field: 'calledAt',
        message:
          'cannot be before the alert email it confirms was sent: it was first attempted on Wednesday 23 December 2026 at 14:00 (London time), and is not yet confirmed as sent',
      },
    ]);
    expect(after.status).toBe(201);
  });

  it('answers 404 for an inspection that does not exist', async () => {
    // Act
    const response = await post('/inspections/insp-unknown/calls', INSPECTOR, receiptConfirmed);

    // Assess
    expect(response.status).toBe(404);
  });

  it.each([
    ['not JSON', '{"authorityCode": ', 'body'],
    ['an unknown field', JSON.stringify({ ...receiptConfirmed, phoneNumber: '020 7946 0000' }), 'phoneNumber'],
    ['an impossible date', JSON.stringify({ ...receiptConfirmed, calledAt: '2027-02-30T10:00:00Z' }), 'calledAt'],
    ['a malformed authority code', JSON.stringify({ ...receiptConfirmed, authorityCode: 'Camden' }), 'authorityCode'],
  ])('answers 400 for %s, naming the field', async (_case, body, field) => {
    // Act
    const response = await post('/inspections/insp-0001/calls', INSPECTOR, body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });
});
