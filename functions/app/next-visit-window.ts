/**
 * A manager changes the window of the monitoring visit that further monitoring began (children's homes framework
 * §71: the timing is decided case by case; §77), until that visit's outcome is recorded. The lead inspector records
 * further monitoring with the default window (record-outcome); this is how a manager sets another one afterwards.
 * The window is kept on the earlier visit's outcome that set it, the scheduled visit shows it, the audit trail keeps
 * the old and new weeks and the reason, and the run waiting for the visit measures its deadline again
 * (moved-deadlines.ts): a window closing earlier is escalated when it closes. The lead inspector, who makes the visit,
 * is emailed the new window (once per change; the same request again sends what an interrupted one did not).
 */
import { config } from '../adapters/config';
import { sendEach } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { childNamedIn, KEPT_IN_HISTORY } from '../core/alerts';
import { formatLondonDate, londonDateOf } from '../core/calendar';
import { ConflictError, ValidationError } from '../core/errors';
import { windowChanged as windowChangedEmail } from '../core/email-content';
import { changedMonitoringWindow, windowChangeNotice } from '../core/monitoring-visits';
import type { InspectionRecord } from '../core/inspection';
import type { NextVisitWindowChanged } from '../core/schemas';
import { requireManager, requireNotWithdrawn } from './access';
import { displayNameOf, type Caller } from './caller';
import { remeasureMovedWaits } from './moved-deadlines';

export interface ChangeNextVisitWindow {
  inspectionId: string;
  change: NextVisitWindowChanged;
}

const weeksText = ({ earliestWeeks, latestWeeks }: { earliestWeeks: number; latestWeeks: number }) => `${earliestWeeks} to ${latestWeeks} weeks`;

export async function changeNextVisitWindow({ inspectionId, change }: ChangeNextVisitWindow, caller: Caller, now: Date) {
  requireManager(caller, "change a monitoring visit's window");
  const store = repository();
  const weeks = { earliestWeeks: change.earliestWeeks, latestWeeks: change.latestWeeks };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const record = await store.requireInspection(inspectionId);
    requireNotWithdrawn(record, "change a monitoring visit's window");
    const window = changedMonitoringWindow(record, weeks);
    if (typeof window === 'string') throw new ConflictError(window);
    // Kept in the audit trail: children appear only as initials.
    const named = childNamedIn('reason', change.reason, record, KEPT_IN_HISTORY);
    if (named.length > 0) throw new ValidationError(named);
    const answer = { visit: window.number, ...weeks, earliest: window.earliest, latest: window.latest };
    if (window.from.earliestWeeks === weeks.earliestWeeks && window.from.latestWeeks === weeks.latestWeeks) {
      // The same change again (a retry after the email failed, say): its notice is sent if it was not.
      const last = record.monitoringVisits?.at(-1)?.windowChanges?.at(-1);
      const repeated = last !== undefined && last.to.earliestWeeks === weeks.earliestWeeks && last.to.latestWeeks === weeks.latestWeeks;
      return { ...answer, changed: false, leadInspectorEmailed: repeated ? await tellLeadInspector(record, caller, now) : false };
    }
    // A window already closed would only make the visit overdue at once: never what a manager means.
    const today = londonDateOf(now);
    if (window.latest < today) {
      throw new ValidationError([
        {
          field: 'latestWeeks',
          message: `would close the window on ${formatLondonDate(window.latest)}, before today (${formatLondonDate(today)}): give a week on or after today`,
        },
      ]);
    }
    const at = now.toISOString();
    const scheduled = record.scheduled['further-monitoring'] ? { earliest: window.earliest, latest: window.latest } : undefined;
    const entry = { at, by: caller.id, byName: displayNameOf(caller).slice(0, 200), reason: change.reason, from: window.from, to: weeks };
    const updated = await store.changeNextVisitWindow(inspectionId, window.number, weeks, scheduled, entry);
    // The visit's outcome recorded, or the next visit begun, in between: read again to say so.
    if (!updated) continue;
    await store.audit(inspectionId, {
      at,
      actor: caller.id,
      event: 'next-visit-window-changed',
      detail: { visit: window.number, from: weeksText(window.from), to: weeksText(weeks), earliest: window.earliest, latest: window.latest, reason: change.reason },
    });
    await remeasureMovedWaits(record, updated);
    return { ...answer, changed: true, leadInspectorEmailed: await tellLeadInspector(updated, caller, now) };
  }
  throw new ConflictError('this monitoring visit changed while its window was being changed: try again');
}

/**
 * Emails the lead inspector the latest change of the window (at most once per change: the outbox). False when the
 * record has no lead inspector's address (a manager logged the inspection).
 */
async function tellLeadInspector(record: InspectionRecord, caller: Caller, now: Date): Promise<boolean> {
  const notice = windowChangeNotice(record, config.appBaseUrl);
  if (!notice) return false;
  const at = now.toISOString();
  const sending = await sendEach([
    {
      inspectionId: record.id,
      duty: notice.duty,
      recipientKey: 'lead-inspector',
      to: notice.to,
      recipient: { kind: 'inspector' },
      template: notice.template,
      render: windowChangedEmail,
      now: at,
    },
  ]);
  if (sending.sent > 0) {
    await repository().audit(record.id, { at, actor: caller.id, event: 'window-change-sent', detail: { visit: notice.template.visit, to: 'lead-inspector' } });
  }
  sending.settle(() => `the window was changed, but the lead inspector's email was not sent; sending the same change again sends it`);
  return true;
}
