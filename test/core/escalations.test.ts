/** When the managers are reminded and how each escalation is keyed (functions/core/escalations.ts). */
import { describe, expect, it } from 'vitest';
import { addCalendarDays, endOfLondonDay, isWorkingDay, londonDateOf, parseLocalDate } from '../../functions/core/calendar';
import { escalationDuty, escalationOccasion, nextReminder, timeLeft } from '../../functions/core/escalations';

describe('escalations', () => {
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
