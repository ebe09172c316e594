/**
 * POST /inspections/{id}/report-copies: the lead inspector records that they sent a person who placed a child in the
 * home their copy of the report (SCCIF 15.4), the day and how; the same fact twice is stored once, another is refused.
 */
import { describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { get, INSPECTOR, MANAGER, OTHER_INSPECTOR, PLACER, post, reportCopyNoticeSent, useApiHarness } from './api-harness';

const PAT_KEY = PLACER.recipientKey;

// Pat was alerted (SCCIF 15.4), then told, when the report was final on the 20th, that its copy was coming.
useApiHarness('2027-01-22T15:00:00.000Z', () => reportCopyNoticeSent('2027-01-20'));

const byPost = { recipientKey: PAT_KEY, sentOn: '2027-01-21', how: 'post' };

describe('POST /inspections/{id}/report-copies', () => {
  it('records the copy sent: 201 naming the report, stored with who recorded it and when, and shown in the ledger', async () => {
    const response = await post('/inspections/insp-0001/report-copies', INSPECTOR, byPost);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ inspectionId: 'insp-0001', copy: { ...byPost, process: 'full-inspection' }, created: true });
    expect(await repository().listReportCopies('insp-0001')).toEqual([
      { duty: 'report-copy:full-inspection', recipientKey: PAT_KEY, sentOn: '2027-01-21', how: 'post', recordedBy: INSPECTOR.id, recordedAt: '2027-01-22T15:00:00.000Z' },
    ]);
    const ledger = await get('/inspections/insp-0001/notifications', MANAGER);
    const notice = ledger.body.emails.find((email: { duty: string }) => email.duty === 'report-copy:full-inspection');
    expect(notice.copySent).toEqual({ sentOn: '2027-01-21', how: 'post' });
  });

  it('stores the same copy once: 200 with created false the second time', async () => {
    await post('/inspections/insp-0001/report-copies', INSPECTOR, byPost);

    const again = await post('/inspections/insp-0001/report-copies', INSPECTOR, { ...byPost, process: 'full-inspection' });

    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(await repository().listReportCopies('insp-0001')).toHaveLength(1);
  });

  it('refuses another day or means for a copy already recorded: 409 saying what is held, the first kept', async () => {
    await post('/inspections/insp-0001/report-copies', INSPECTOR, byPost);

    const other = await post('/inspections/insp-0001/report-copies', INSPECTOR, { ...byPost, how: 'email' });

    expect(other.status).toBe(409);
    expect(other.body.message).toContain('already recorded as sent on Thursday 21 January 2027 by post');
    expect((await repository().listReportCopies('insp-0001')).map((copy) => copy.how)).toEqual(['post']);
  });

  it('refuses bad input naming each field, nothing stored', async () => {
    const response = await post('/inspections/insp-0001/report-copies', INSPECTOR, { recipientKey: 'pat', sentOn: '21/01/2027', how: 'pigeon' });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['how', 'recipientKey', 'sentOn']);
    expect(await repository().listReportCopies('insp-0001')).toEqual([]);
  });

  it('refuses a day before the report was final, or in the future, and a person not told a copy is coming: 400 naming the field', async () => {
    const early = await post('/inspections/insp-0001/report-copies', INSPECTOR, { ...byPost, sentOn: '2027-01-19' });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'sentOn', message: 'cannot be before the report was published, on Wednesday 20 January 2027' }]);

    const future = await post('/inspections/insp-0001/report-copies', INSPECTOR, { ...byPost, sentOn: '2027-01-23' });
    expect(future.body.errors).toEqual([{ field: 'sentOn', message: 'Saturday 23 January 2027 is in the future: record a copy once it has been sent' }]);

    const stranger = await post('/inspections/insp-0001/report-copies', INSPECTOR, { ...byPost, recipientKey: 'placer:00000000000000ff' });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0]).toMatchObject({ field: 'recipientKey', message: expect.stringContaining('was not told a copy of the report is coming') });
    expect(await repository().listReportCopies('insp-0001')).toEqual([]);
  });

  it('lets the lead inspector and a manager record it, not another inspector: 403', async () => {
    const other = await post('/inspections/insp-0001/report-copies', OTHER_INSPECTOR, byPost);
    expect(other.status).toBe(403);
    const manager = await post('/inspections/insp-0001/report-copies', MANAGER, byPost);
    expect(manager.status).toBe(201);
  });

  it('answers 404 for an inspection that does not exist', async () => {
    const response = await post('/inspections/insp-9999/report-copies', INSPECTOR, byPost);
    expect(response.status).toBe(404);
  });
});
