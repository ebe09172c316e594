/**
 * The managers' daily digest (issue 15, item 6), invoked by an EventBridge Scheduler recurring schedule each morning
 * (infra/constructs/daily-digest.ts; locally the runtime fires the same schedule on the virtual clock). The windows
 * closing soon and the vacancy warnings come from the register and the plan; core/daily-digest.ts decides what the
 * email says and whether there is one.
 *
 * Each manager gets their own: the members of the user pool's `managers` group (enabled, with a verified address;
 * functions/adapters/directory.ts; locally the local accounts with the manager role).
 *
 * Once per London day per manager, however often it runs: the email goes through the outbox keyed by
 * (digest-<day>, daily-digest, <address>), whose conditional put is the idempotency key. The day is the schedule's
 * (`scheduledTime`), so a retry after midnight still counts as that day's digest, and a run after the day's email
 * answers "already-sent" for that manager (read from the outbox first, before deciding what there is to say).
 * Vacancy announcements are recorded after the email is sent; if that write fails, the next day's digest repeats
 * them (a rare duplicate, never a loss).
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { membersOf } from '../adapters/directory';
import { sendOnce } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { inspectionPlanDue } from '../app';
import { addCalendarDays, londonDateOf, workingDayOnOrBefore, type LocalDate } from '../core/calendar';
import { dailyDigest, type DigestVacancyWarning } from '../core/daily-digest';
import { dailyDigestEmail } from '../core/email-content';
import { vacancyWarnings } from '../core/establishments';
import { inspectionYearOf } from '../core/inspection-plan';
import { InstantText } from '../core/step-payloads';
import { stepHandler } from '../middleware/step';

export const Input = z.strictObject({
  /**
   * The instant the schedule fired for (EventBridge Scheduler's <aws.scheduler.scheduled-time>, which the schedule's
   * input always carries; the local "run now" passes the present instant).
   */
  scheduledTime: InstantText.check(
    z.refine((instant: string) => {
      const year = inspectionYearOf(londonDateOf(instant));
      return year >= 2000 && year <= 2100;
    }, 'must fall in the inspection years the plan covers (1 April 2000 to 31 March 2101)'),
  ),
});
export type Input = z.infer<typeof Input>;

export const DIGEST_DUTY = 'daily-digest';

/** The outbox "inspection" of a day's digest: one partition per London day. */
export const digestOutboxId = (day: LocalDate) => `digest-${day}`;

export interface Output {
  day: LocalDate;
  /** Per manager (by user id, never by address: outputs are kept by the schedulers). */
  recipients: { manager: string; status: 'sent' | 'already-sent' | 'not-a-working-day' | 'nothing-to-say'; windows: number; vacancies: number }[];
}

/** Each manager the digest goes to, keyed by the lower-cased address (the outbox's and the announcements' key). */
async function recipients(): Promise<{ manager: string; recipientKey: string; to: string; name?: string }[]> {
  const managers = await membersOf('managers');
  const byKey = new Map(
    managers.map((member) => [member.email.toLowerCase(), { manager: member.id, recipientKey: member.email.toLowerCase(), to: member.email, ...(member.name ? { name: member.name } : {}) }]),
  );
  return [...byKey.values()];
}

export async function lambdaHandler({ scheduledTime }: Input): Promise<Output> {
  const now = systemClock.now();
  const scheduled = new Date(scheduledTime);
  const day = londonDateOf(scheduled);
  const store = repository();
  // On the first working day of an inspection year, the year before's rows too: its windows closed unmet on its last day.
  const year = inspectionYearOf(day);
  const firstWorkingDayOfYear = inspectionYearOf(workingDayOnOrBefore(addCalendarDays(day, -1))) < year;
  const [{ rows }, previousYearRows, entries] = await Promise.all([
    inspectionPlanDue({}, scheduled),
    firstWorkingDayOfYear && year > 2000 ? inspectionPlanDue({ year: year - 1 }, scheduled).then((previous) => previous.rows) : undefined,
    store.listEstablishments(),
  ]);
  const vacancies: DigestVacancyWarning[] = entries.flatMap((entry) =>
    vacancyWarnings(entry, day).map((warning) => ({ ...warning, vacantSince: entry.registeredManager.since })),
  );

  const results: Output['recipients'] = [];
  // The day's digests already sent: a later run says so, whatever there would be to say now.
  const sentToday = new Set((await store.listEmails(digestOutboxId(day))).filter((email) => email.status === 'sent').map((email) => email.recipientKey));
  for (const { manager, recipientKey, to, name } of await recipients()) {
    if (sentToday.has(recipientKey)) {
      results.push({ manager, status: 'already-sent', windows: 0, vacancies: 0 });
      continue;
    }
    const announced = await store.vacancyAnnouncements(recipientKey);
    // Each digest greets its manager by name (the user pool's, or the local account's).
    const decision = dailyDigest({ today: day, rows, ...(previousYearRows ? { previousYearRows } : {}), vacancies, announced, ...(name ? { managerName: name } : {}), baseUrl: config.appBaseUrl });
    if (!decision.send) {
      results.push({ manager, status: decision.reason, windows: 0, vacancies: 0 });
      continue;
    }
    const at = now.toISOString();
    const { status } = await sendOnce({
      inspectionId: digestOutboxId(day),
      duty: DIGEST_DUTY,
      recipientKey,
      to,
      recipient: { kind: 'manager' },
      template: decision.template,
      render: dailyDigestEmail,
      now: at,
    });
    if (status === 'sent') await store.recordVacancyAnnouncements(recipientKey, decision.announces, at);
    results.push({ manager, status, windows: decision.template.windows.length + decision.template.moreWindows, vacancies: decision.template.vacancies.length });
  }
  return { day, recipients: results };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'send-daily-digest' });
