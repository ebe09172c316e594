/**
 * GET /inspections: newest first, each row with its next deadline and risk, filtered by status, process and risk;
 * query parameters are parsed like bodies (unknown names and values are 400s naming the parameter).
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../../functions/core/calendar';
import { get, INSPECTOR, MANAGER, storedInspection, useApiHarness } from './api-harness';

useApiHarness('2026-12-23T10:00:00.000Z', async () => {
  // Report to the provider within 10 working days of the end of the inspection (§81), the judgements recorded on the
  // day: ended 8 Dec → due Tue 22 Dec (overdue); ended 10 Dec → due Thu 24 Dec (due soon). Planned for 4-5 January:
  // its judgements are due by the end of Wed 6 January (the next working day, SCCIF 15.3): on track.
  await storedInspection({
    id: 'insp-overdue',
    createdAt: '2026-12-07T09:00:00.000Z',
    status: 'in-progress',
    dates: { inspectionStart: parseLocalDate('2026-12-07'), inspectionEnd: parseLocalDate('2026-12-08') },
    actuals: { 'full-inspection': { 'judgements-recorded': parseLocalDate('2026-12-08') } },
  });
  await storedInspection({
    id: 'insp-due-soon',
    createdAt: '2026-12-09T09:00:00.000Z',
    process: 'interim-inspection',
    dates: { inspectionStart: parseLocalDate('2026-12-09'), inspectionEnd: parseLocalDate('2026-12-10') },
    actuals: { 'interim-inspection': { 'judgements-recorded': parseLocalDate('2026-12-10') } },
  });
  await storedInspection({
    id: 'insp-on-track',
    createdAt: '2026-12-21T09:00:00.000Z',
    dates: { inspectionStart: parseLocalDate('2027-01-04'), inspectionEnd: parseLocalDate('2027-01-05') },
  });
  // Judged good, its report published and every one of Ofsted's deadlines done: complete (status shown, not stored).
  await storedInspection({
    id: 'insp-published',
    createdAt: '2026-10-05T09:00:00.000Z',
    status: 'in-progress',
    dates: { inspectionStart: parseLocalDate('2026-10-05'), inspectionEnd: parseLocalDate('2026-10-07') },
    outcome: {
      outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' },
      recordedBy: 'inspector-1',
      recordedAt: '2026-10-07T15:00:00.000Z',
    },
    actuals: {
      'full-inspection': {
        'judgements-recorded': parseLocalDate('2026-10-07'),
        'report-to-provider': parseLocalDate('2026-10-20'),
        'provider-comments': parseLocalDate('2026-10-27'),
        publish: parseLocalDate('2026-11-10'),
        'complaint-window': parseLocalDate('2026-11-24'),
      },
    },
  });
});

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('GET /inspections', () => {
  it('lists inspections newest first, each with its next deadline and risk, and nothing about children or contacts', async () => {
    // Act
    const response = await get('/inspections', MANAGER);

    // Assess
    expect(response.status).toBe(200);
    expect(ids(response.body.items)).toEqual(['insp-on-track', 'insp-due-soon', 'insp-overdue', 'insp-published']);
    expect(response.body.items.map((item: { risk: string }) => item.risk)).toEqual(['on-track', 'due-soon', 'overdue', 'complete']);
    expect(response.body.items[3]).toMatchObject({ id: 'insp-published', status: 'complete' });
    expect(response.body.items[3]).not.toHaveProperty('nextDeadline');
    expect(response.body.items[2]).toMatchObject({
      id: 'insp-overdue',
      process: 'full-inspection',
      establishment: { name: 'Willow House', urn: 'SC123456', kind: 'childrens-home' },
      status: 'in-progress',
      nextDeadline: { process: 'full-inspection', status: 'overdue', step: { id: 'report-to-provider', dueLondonDate: '2026-12-22' } },
    });
    expect(response.body.cursor).toBeUndefined();
    expect(response.raw).not.toContain('placingAuthority');
    expect(response.raw).not.toContain('ri@willow.example');
  });

  it.each([
    [{ risk: 'overdue' }, ['insp-overdue']],
    [{ process: 'interim-inspection' }, ['insp-due-soon']],
    [{ status: 'awaiting-outcome' }, ['insp-on-track', 'insp-due-soon']],
    [{ status: 'awaiting-outcome', risk: 'on-track' }, ['insp-on-track']],
    [{ status: 'complete' }, ['insp-published']],
    [{ status: 'in-progress' }, ['insp-overdue']],
  ])('filters by %j', async (query, expected) => {
    // Act
    const response = await get('/inspections', INSPECTOR, query);

    // Assess
    expect(response.status).toBe(200);
    expect(ids(response.body.items)).toEqual(expected);
  });

  it('pages with limit and the cursor of the previous page', async () => {
    // Act
    const first = await get('/inspections', MANAGER, { limit: '2' });
    const second = await get('/inspections', MANAGER, { limit: '2', cursor: first.body.cursor });

    // Assess
    expect(ids(first.body.items)).toEqual(['insp-on-track', 'insp-due-soon']);
    expect(typeof first.body.cursor).toBe('string');
    expect(ids(second.body.items)).toEqual(['insp-overdue', 'insp-published']);
  });

  it.each([
    [{ status: 'closed' }, 'status', 'must be one of: "awaiting-outcome", "in-progress", "awaiting-approval", "complete", "failed", "withdrawn"'],
    [{ process: 'inadequate' }, 'process', 'must be one of: "assurance-visit", "full-inspection", "interim-inspection", "rfc-inspection"'],
    [{ risk: 'late' }, 'risk', 'must be one of: "overdue", "due-soon", "on-track", "complete", "withdrawn"'],
    [{ limit: '0' }, 'limit', 'must be at least 1'],
    [{ limit: '500' }, 'limit', 'must be at most 100'],
    [{ limit: 'ten' }, 'limit', 'must be a whole number from 1 to 100'],
    [{ sort: 'oldest' }, 'sort', 'is not an allowed field'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor', 'is not a cursor returned by this list'],
  ])('answers 400 for %j, naming the query parameter', async (query, field, message) => {
    // Act
    const response = await get('/inspections', MANAGER, query);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field, message }]);
  });
});
