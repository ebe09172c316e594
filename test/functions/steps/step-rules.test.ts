/**
 * The small rules the step handlers share (functions/core/step-rules.ts): pure, so tested without a table.
 */
import { describe, expect, it } from 'vitest';
import { addCalendarDays, endOfLondonDay, isWorkingDay, londonDateOf, parseLocalDate } from '../../../functions/core/calendar';
import type { RecordedDecision } from '../../../functions/core/inspection';
import {
  alertAddressee,
  alertRecipientKey,
  approvalIdFor,
  complaintsCountFromPublication,
  decisionOutput,
  escalationDuty,
  escalationOccasion,
  followUpOrigin,
  nextReminder,
  reportStageFor,
  returnInspectionOf,
  returnReasonFor,
  timeLeft,
} from '../../../functions/core/step-rules';
import { assuranceVisit, inadequateFullInspection } from './step-harness';

describe('step rules', () => {
  it('names an approval opaquely and the same way every time, by inspection, process and kind', () => {
    const id = approvalIdFor('insp-1', 'inadequate', 'case-review');
    expect(id).toMatch(/^apr-[0-9a-f]{24}$/);
    expect(approvalIdFor('insp-1', 'inadequate', 'case-review')).toBe(id);
    expect(approvalIdFor('insp-1', 'assurance-visit', 'case-review')).not.toBe(id);
  });

  it('answers a wait with the decision only once there is one, without the rationale or who decided (execution history keeps it)', () => {
    const decision: RecordedDecision = {
      approvalId: 'apr-1',
      kind: 'case-review',
      decision: 'full-inspection',
      rationale: 'The home needs a full inspection soon.',
      decidedBy: 'manager-1',
      decidedAt: '2026-12-24T09:30:00.000Z',
    };
    expect(decisionOutput({ approvalId: 'apr-1' })).toBeUndefined();
    expect(decisionOutput({ approvalId: 'apr-1', decision })).toEqual({
      approvalId: 'apr-1',
      decision: 'full-inspection',
      decidedAt: '2026-12-24T09:30:00.000Z',
    });
  });

  it('keys alert recipients by authority code, and placers by a hash of their address whatever its case', () => {
    const placer = (email: string) => alertRecipientKey({ kind: 'placer', name: 'Pat Parent', email });
    expect(alertRecipientKey({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles: ['host'] })).toBe(
      'la:E09000007',
    );
    expect(placer('Pat.Parent@family.example')).toBe(placer('pat.parent@family.example'));
    expect(placer('pat.parent@family.example')).toMatch(/^placer:[0-9a-f]{16}$/);
  });

  it('tells an authority why it is alerted: host, placing, or both', () => {
    const dcs = (roles: ('host' | 'placing')[]) =>
      alertAddressee({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles });
    expect(dcs(['host'])).toMatchObject({ role: 'host' });
    expect(dcs(['placing'])).toEqual({ kind: 'local-authority', authorityName: 'Camden', role: 'placing' });
    expect(dcs(['host', 'placing'])).toMatchObject({ role: 'placing-and-host' });
  });

  it('reminds by the end of the next working day, in London time', () => {
    // Fri 18 Dec 2026 → Mon 21 Dec 2026, also when the wait is re-armed after midnight by a retry
    const friday = { due: '2026-12-18T23:59:59.000Z' };
    expect(nextReminder(friday, new Date('2026-12-18T23:59:59.000Z')).due).toBe('2026-12-21T23:59:59.000Z');
    expect(nextReminder(friday, new Date('2026-12-19T00:01:00.000Z')).due).toBe('2026-12-21T23:59:59.000Z');
    expect(nextReminder(friday, new Date('2026-12-22T00:01:00.000Z')).due).toBe('2026-12-22T23:59:59.000Z');
    expect(timeLeft({ due: '2026-12-18T23:59:59.000Z' }, new Date('2026-12-18T23:59:59.000Z'))).toEqual({
      seconds: 3 * 24 * 3600,
      dueAt: '2026-12-18T23:59:59.000Z',
    });
  });

  it('takes the origin of a follow-up from the record', () => {
    const full = inadequateFullInspection();
    expect(followUpOrigin(full, 'inadequate')).toBe('full-inspection');
    expect(followUpOrigin(full, 'monitoring-visit')).toBe('inadequate');
    expect(followUpOrigin(assuranceVisit(), 'monitoring-visit')).toBe('assurance-visit');
  });

  it('publishes the monitoring visit’s report, and counts complaints from publication for children’s homes only', () => {
    expect(reportStageFor('monitoring-visit-latest')).toBe('publish');
    expect(reportStageFor('case-review')).toBeUndefined();
    expect(complaintsCountFromPublication('full-inspection')).toBe(true);
    expect(complaintsCountFromPublication('interim-inspection')).toBe(true);
    expect(complaintsCountFromPublication('assurance-visit')).toBe(false);
    expect(complaintsCountFromPublication('rfc-inspection')).toBe(false);
  });

  it('keys escalations by their occasion, so there is at most one a day', () => {
    expect(escalationDuty('inadequate', 'dcs-alert', parseLocalDate('2026-12-29'))).toBe('escalation:inadequate:dcs-alert:2026-12-29');
  });

  describe('escalationOccasion: the deadline, then the end of each working day after it', () => {
    // Wed 23 Dec 2026 23:59:59 GMT; 24 Dec and 29 Dec are the next working days (Christmas, Boxing Day substitute)
    const wednesday = { due: '2026-12-23T23:59:59.000Z' };
    it.each([
      ['before the deadline (called early)', wednesday, '2026-12-23T12:00:00.000Z', '2026-12-23'],
      ['at the deadline', wednesday, '2026-12-23T23:59:59.000Z', '2026-12-23'],
      ['a retry after midnight', wednesday, '2026-12-24T00:05:00.000Z', '2026-12-23'],
      ['during the next working day', wednesday, '2026-12-24T16:00:00.000Z', '2026-12-23'],
      ['at the first reminder', wednesday, '2026-12-24T23:59:59.000Z', '2026-12-24'],
      ['over Christmas and the weekend', wednesday, '2026-12-28T10:00:00.000Z', '2026-12-24'],
      ['a retry of the 29 Dec reminder', wednesday, '2026-12-30T00:01:00.000Z', '2026-12-29'],
      // "within N weeks" deadlines may fall on a Saturday: its own occasion, then Monday's reminder
      ['a Saturday deadline', { due: '2027-01-30T23:59:59.000Z' }, '2027-01-31T00:00:30.000Z', '2027-01-30'],
      ['after a Saturday deadline', { due: '2027-01-30T23:59:59.000Z' }, '2027-02-01T23:59:59.000Z', '2027-02-01'],
      // in British Summer Time the end of the day is 22:59:59 UTC
      ['a BST deadline retried after midnight', { due: '2027-06-02T22:59:59.000Z' }, '2027-06-02T23:00:30.000Z', '2027-06-02'],
      ['the BST reminder', { due: '2027-06-02T22:59:59.000Z' }, '2027-06-03T22:59:59.000Z', '2027-06-03'],
    ])('%s', (_case, step, now, occasion) => {
      expect(escalationOccasion(step, new Date(now))).toBe(occasion);
    });

    it('changes exactly when a REMINDER falls due, for a year of instants', () => {
      const reminders: number[] = [Date.parse(wednesday.due)];
      // the reminders counted independently: the end of every working day after the deadline
      for (let day = addCalendarDays(parseLocalDate('2026-12-23'), 1); day < '2027-12-31'; day = addCalendarDays(day, 1)) {
        if (isWorkingDay(day)) reminders.push(Date.parse(endOfLondonDay(day)));
      }
      const occasions = new Set<string>();
      for (let hour = 0; hour < 24 * 365; hour += 7) {
        const now = Date.parse(wednesday.due) + hour * 3_600_000;
        const latest = reminders.filter((instant) => instant <= now).at(-1)!;
        expect(escalationOccasion(wednesday, new Date(now))).toBe(londonDateOf(new Date(latest)));
        occasions.add(escalationOccasion(wednesday, new Date(now)));
      }
      expect(occasions.size).toBeGreaterThan(240);
    });
  });
});

describe('returnInspectionOf: the deadline a return inspection discharges on the earlier record', () => {
  const scheduled = (latest: string) => ({ latest: parseLocalDate(latest), scheduledAt: '2026-12-23T10:00:00.000Z' });
  const logged = (process: 'full-inspection' | 'rfc-inspection', inspectionStart: string, urn = 'SC123456') => ({
    process,
    establishment: { urn },
    dates: { inspectionStart: parseLocalDate(inspectionStart) },
  });

  it('is the one due first when a return full inspection and the 16-week one are both due', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-02-08'))).toEqual({
      ok: true,
      value: { visit: 'return-full-inspection', processes: ['inadequate'], stepId: 'monitoring-visit-latest' },
    });
  });

  it('skips the one already carried out', () => {
    const original = inadequateFullInspection({
      scheduled: {
        'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') },
        'return-full-inspection': { visit: 'return-full-inspection', ...scheduled('2027-02-16') },
      },
      actuals: { inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-10') } },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-04-05'))).toMatchObject({
      ok: true,
      value: { visit: 'full-inspection', stepId: 'full-inspection-latest' },
    });
  });

  it("is an RFC's next inspection (§45) for an RFC inspection, on the day after the earlier one ended", () => {
    const original = inadequateFullInspection({
      process: 'rfc-inspection',
      establishment: { urn: 'SC123456', name: 'Ash Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
      scheduled: { 'next-inspection': { visit: 'next-inspection', ...scheduled('2027-12-22') } },
    });
    expect(returnInspectionOf(original, logged('rfc-inspection', '2026-12-23'))).toEqual({
      ok: true,
      value: { visit: 'next-inspection', processes: ['rfc-inspection'], stepId: 'next-inspection-latest' },
    });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-23'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });

  it('refuses a start on the day the earlier inspection ended, and another establishment, naming the field', () => {
    const original = inadequateFullInspection({ scheduled: { 'full-inspection': { visit: 'full-inspection', ...scheduled('2027-04-13') } } });
    expect(returnInspectionOf(original, logged('full-inspection', '2026-12-22'))).toMatchObject({ ok: false, error: { field: 'dates.inspectionStart' } });
    expect(returnInspectionOf(original, logged('full-inspection', '2027-01-11', 'SC000001'))).toMatchObject({ ok: false, error: { field: 'followUpOf' } });
  });
});

describe('returnReasonFor: why a case review is held or a return visit is due', () => {
  it.each([
    ['full-inspection', 'inadequate-judgement'],
    ['interim-inspection', 'interim-decline'],
    ['assurance-visit', 'assurance-visit-serious-concerns'],
    ['rfc-inspection', 'inadequate-judgement'],
  ] as const)('is %s → %s', (process, reason) => {
    expect(returnReasonFor(process)).toBe(reason);
  });
});
