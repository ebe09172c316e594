/**
 * The managers' daily digest on the virtual clock (issue 15, items 5 and 6): the runtime fires the synthesized
 * template's recurring schedule (07:00 London, every day) through the real handler, outbox and SES inbox. Seven weeks
 * of a register of two homes: a window entering the 10-working-day horizon, a vacancy crossing 20 then 26 weeks,
 * quiet days and weekends without an email, and repeated runs that never send a day's digest twice. Each manager (the
 * local accounts with the manager role, as the user pool's `managers` group on AWS) gets their own digest.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNTS } from '../../infra/local/accounts';
import { LocalRuntime } from '../../infra/local/runtime';
import { runHandler } from '../../infra/local/virtual-clock';
import { addCalendarDays, isWorkingDay, parseLocalDate, workingDaysBetween, type LocalDate } from '../../functions/core/calendar';
import { formatDateInWords } from '../../functions/core/email-content';
import { RegisterEntry } from '../../functions/core/establishments';
import { PLAN_CLOSING_SOON_WORKING_DAYS } from '../../functions/core/regulations/inspection-plan';
import { LocalAuthorities } from '../../functions/core/schemas';
import { quietInfoLines, repositoryRoot } from './harness';

const FIRST_DAY = parseLocalDate('2026-09-07'); // Monday
const LAST_DAY = parseLocalDate('2026-10-23'); // Friday
// Alder House, registered 10 November 2025 (second half of 2025-26): its first inspection is due by 30 September 2026 (§12).
const WINDOW_CLOSES = parseLocalDate('2026-09-30');
// Beech House: no registered manager since 23 April 2026: 20 weeks on Thursday 10 September, 26 weeks on Thursday 22 October.
const VACANT_SINCE = parseLocalDate('2026-04-23');
const TWENTY_WEEKS = parseLocalDate('2026-09-10');
const TWENTY_SIX_WEEKS = parseLocalDate('2026-10-22');

let runtime: LocalRuntime;
/** The managers: every local account in the managers group. */
const MANAGERS = LOCAL_ACCOUNTS.filter((account) => account.groups.includes('managers'));
const [MAYA, OMAR] = MANAGERS.map((account) => account.email) as [string, string];

const subjectOf = (day: LocalDate) => `Inspection plan digest for ${formatDateInWords(day)}`;

/** The digests a manager received (Maya's by default), oldest first. */
async function digests(to = MAYA): Promise<{ subject: string; text: string; to: string[] }[]> {
  return (await runtime.inbox())
    .filter((mail) => mail.subject.startsWith('Inspection plan digest for ') && mail.destination.to.includes(to))
    .map((mail) => ({ subject: mail.subject, text: mail.body.text ?? '', to: mail.destination.to }));
}

/** The statuses of the last `runs` firings, per manager. */
const lastStatuses = (runs: number) => runtime.schedules!.fired.slice(-runs).map((firing) => (firing.result as { recipients: { status: string }[] }).recipients.map((recipient) => recipient.status));

function days(from: LocalDate, to: LocalDate): LocalDate[] {
  const list: LocalDate[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) list.push(day);
  return list;
}

/** The first day the window is within the horizon: the digest names it from then on. */
const ENTERS_HORIZON = days(FIRST_DAY, WINDOW_CLOSES).find((day) => workingDaysBetween(day, WINDOW_CLOSES) <= PLAN_CLOSING_SOON_WORKING_DAYS)!;

beforeAll(async () => {
  // 05:00 London (BST) on the first Monday: before its 07:00 digest.
  quietInfoLines();
  runtime = await LocalRuntime.start({ repositoryRoot, startAt: new Date(`${FIRST_DAY}T04:00:00Z`), realTime: false, recurringSchedules: true, seedReferenceData: false });
  const { repository } = await import('../../functions/adapters/repository');
  await runHandler('test-setup', async () => {
    await repository().putLocalAuthorities(LocalAuthorities.parse(JSON.parse(readFileSync(path.join(repositoryRoot, 'config/local-authorities.json'), 'utf8'))));
    const entries = [
      { urn: 'SC200001', name: 'Alder House', registeredOn: '2025-11-10', registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2025-11-10' } },
      { urn: 'SC200002', name: 'Beech House', registeredOn: '2020-01-06', registeredManager: { status: 'vacant', since: VACANT_SINCE } },
    ].map((entry) =>
      RegisterEntry.parse({ ...entry, kind: 'childrens-home', hostAuthority: 'E06000001', providerContact: { name: 'Provider Office', email: 'office@provider.example' } }),
    );
    for (const entry of entries) await repository().createEstablishment(entry, `${FIRST_DAY}T04:00:00.000Z`);
  });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the managers’ daily digest, on the virtual clock', () => {
  it('reads its schedule from the synthesized template: every day at 07:00 London time', () => {
    expect(runtime.schedules?.definitions).toEqual([
      expect.objectContaining({ handlerId: 'send-daily-digest', expression: 'cron(0 7 * * ? *)', timeZone: 'Europe/London' }),
    ]);
    expect(runtime.schedules?.next()[0]?.at).toBe(`${FIRST_DAY}T06:00:00.000Z`);
    // A recurring schedule is never "the next deadline" (else advancing to the next deadline would never end).
    expect(runtime.clock.nextTimerAt()).toBeUndefined();
  });

  it('sends nothing on a quiet working day', async () => {
    await runtime.advanceTo(new Date(`${FIRST_DAY}T12:00:00Z`));
    expect(runtime.schedules?.fired.map((firing) => firing.scheduledTime)).toEqual([`${FIRST_DAY}T06:00:00Z`]);
    expect(MANAGERS).toHaveLength(2);
    expect(runtime.schedules?.fired[0]?.result).toMatchObject({
      day: FIRST_DAY,
      recipients: MANAGERS.map((account) => ({ manager: account.id, status: 'nothing-to-say' })),
    });
    expect(await digests()).toEqual([]);
  });

  it('announces the vacancy on the day it passes 20 weeks, once, however often the digest runs that day', async () => {
    await runtime.advanceTo(new Date(`${TWENTY_WEEKS}T12:00:00Z`));
    for (let run = 0; run < 3; run += 1) await runtime.schedules!.runNow('send-daily-digest');
    await runtime.settle();
    // The 07:00 run sent it to each manager; the three manual runs after it answer "already sent", not "nothing to say".
    expect(lastStatuses(3)).toEqual([0, 1, 2].map(() => ['already-sent', 'already-sent']));
    const sent = await digests();
    expect(sent.map((mail) => mail.subject)).toEqual([subjectOf(TWENTY_WEEKS)]);
    expect(sent[0]!.to).toEqual([MAYA]);
    // Each manager has their own email, with the same news.
    const omars = await digests(OMAR);
    expect(omars.map((mail) => [mail.subject, mail.to])).toEqual([[subjectOf(TWENTY_WEEKS), [OMAR]]]);
    // Each greets its manager by name (the directory's), never "Dear manager,".
    expect(sent[0]!.text).toMatch(/^Dear Maya Manager,/);
    expect(omars[0]!.text).toMatch(/^Dear Omar Manager,/);
    expect(omars[0]!.text.replace('Omar Manager', 'Maya Manager')).toBe(sent[0]!.text);
    expect(sent[0]!.text).toContain('Beech House (SC200002) has had no registered manager since Thursday 23 April 2026: 20 weeks on Thursday 10 September 2026');
    expect(sent[0]!.text).toContain('/app/establishments/SC200002');
    expect(sent[0]!.text).not.toContain('SC200001');
  });

  it('names the window from the day it enters the 10-working-day horizon, and every working day until it closes', async () => {
    await runtime.advanceTo(new Date(`${WINDOW_CLOSES}T12:00:00Z`));
    const sent = await digests();
    const expected = [TWENTY_WEEKS, ...days(ENTERS_HORIZON, WINDOW_CLOSES).filter(isWorkingDay)];
    expect(sent.map((mail) => mail.subject)).toEqual(expected.map(subjectOf));
    for (const mail of sent.slice(1)) {
      expect(mail.text).toContain('Alder House (URN SC200001): First inspection');
      // The vacancy was announced at 20 weeks: not again until it passes 26.
      expect(mail.text).not.toContain('SC200002');
    }
    expect(sent.at(-1)!.text).toContain('closes today');
  });

  it('sends one digest a day per manager: repeated runs on a working day send nothing more, and say so', async () => {
    const before = [(await digests(MAYA)).length, (await digests(OMAR)).length];
    for (let run = 0; run < 3; run += 1) await runtime.schedules!.runNow('send-daily-digest');
    await runtime.settle();
    expect([(await digests(MAYA)).length, (await digests(OMAR)).length]).toEqual(before);
    expect(lastStatuses(3)).toEqual([0, 1, 2].map(() => ['already-sent', 'already-sent']));
  });

  it('names the window closed unmet on the working day after, announces the vacancy again when it passes 26 weeks, and nothing on the quiet days between', async () => {
    await runtime.advanceTo(new Date(`${LAST_DAY}T12:00:00Z`));
    const sent = await digests();
    const after = sent.slice(sent.findIndex((mail) => mail.subject === subjectOf(WINDOW_CLOSES)) + 1);
    // The window closed on Wednesday 30 September unmet: named on Thursday 1 October, the first working day after, and
    // only then (found by a new-user walk: no word of windows that closed unmet); counted as overdue after that.
    const CLOSED_NEXT_DAY = parseLocalDate('2026-10-01');
    expect(after.map((mail) => mail.subject)).toEqual([subjectOf(CLOSED_NEXT_DAY), subjectOf(TWENTY_SIX_WEEKS)]);
    expect(after[0]!.text).toContain('Windows closed without an inspection');
    expect(after[0]!.text).toContain('Alder House (URN SC200001): First inspection of a newly registered home, closed Wednesday 30 September 2026');
    expect(after[1]!.text).not.toContain('Windows closed without an inspection');
    expect(after[1]!.text).toContain('26 weeks');
    expect(after[1]!.text).toContain('more than 26 weeks without a registered manager makes leadership and management inadequate');
    expect(after[1]!.text).toMatch(/1 window of the plan is overdue|windows of the plan are overdue/);
  });

  it('never sent a digest at a weekend, nor two on one day to a manager; both managers got the same days', async () => {
    const subjects = (await digests()).map((mail) => mail.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect((await digests(OMAR)).map((mail) => mail.subject)).toEqual(subjects);
    for (const day of days(FIRST_DAY, LAST_DAY).filter((candidate) => !isWorkingDay(candidate))) expect(subjects).not.toContain(subjectOf(day));
    // Every day of the seven weeks had its 07:00 occurrence.
    expect(runtime.schedules!.fired.filter((firing) => firing.scheduledTime.endsWith('T06:00:00Z')).length).toBe(days(FIRST_DAY, LAST_DAY).length);
    expect(runtime.schedules!.fired.filter((firing) => firing.error)).toEqual([]);
  });
});
