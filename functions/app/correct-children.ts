/**
 * A manager corrects the children recorded when an inspection was logged (their initials, whether each is looked
 * after, their placing authority or who placed them): the only way, before, was to withdraw the inspection and log it
 * again, which told no one already alerted. Managers only, as the other corrections (the lead inspector asks them).
 *
 * The record's children are replaced (the list as it was kept in `childrenCorrections`, the audit trail keeping the
 * counts and the reason), then, once the DCS alerts were sent, what core/children-corrections.ts says is owed: the alert
 * to every recipient the corrected children call for with no alert standing, and to every recipient alerted in error a
 * notice asking them to delete it. Then, beside them: a parent's copy of a report already published (SCCIF 15.4), the
 * provider's updated copy of the alert (15.3), and the lead inspector's emails (whom to telephone; whom to send the
 * report). Each email is sent once (outbox keyed by duty and recipient): the same request again completes what an
 * interrupted one left undone, except the lead inspector's, which follow what this request sent.
 */
import { config } from '../adapters/config';
import { sendEach, type SendEachResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { childNamedIn, contactArrangementsNeeded, KEPT_IN_HISTORY, placingAuthorityCount, PROVIDER_COPY_DUTY, providerCopyOfAlert, unknownPlacingAuthorities } from '../core/alerts';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { ALERT_SENT_IN_ERROR_DUTY, childrenCorrectionPlan, sameChildren, type ChildrenCorrectionPlan } from '../core/children-corrections';
import {
  childrenCorrected as childrenCorrectedEmail,
  dcsAlert as dcsAlertEmail,
  dcsAlertSentInError as dcsAlertSentInErrorEmail,
  providerCopyOfAlert as providerCopyOfAlertEmail,
  reportCopiesToSend as reportCopiesToSendEmail,
  reportCopyForPlacer as reportCopyForPlacerEmail,
  type AlertAddressee,
} from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import { replyToLeadInspector, type InspectionRecord } from '../core/inspection';
import { alertStep, DCS_ALERT_DUTY } from '../core/inspection-views';
import type { ProcessId } from '../core/regulations';
import { placerCopies, placerCopyStage, reportCopiesTask } from '../core/reports';
import type { ChildrenCorrected } from '../core/schemas';
import { requireManager, requireNotWithdrawn } from './access';
import { displayNameOf, type Caller } from './caller';

export interface CorrectChildren {
  inspectionId: string;
  correction: ChildrenCorrected;
}

export interface ChildrenCorrectionFollowThrough {
  /** Whether the DCS alerts had been sent: only then is anyone emailed. */
  alertsSent: boolean;
  /** The alerts sent now to recipients the correction adds (or sent before, by an earlier try). */
  alerts: { recipients: number; sent: number; alreadySent: number };
  /** The notices to recipients alerted in error. */
  sentInErrorNotices: { recipients: number; sent: number; alreadySent: number };
  /** The provider was sent an updated copy of the alert, naming the authorities it now stands with. */
  providerCopyUpdated: boolean;
}

const counts = ({ recipients, sent, alreadySent }: Pick<SendEachResult, 'recipients' | 'sent' | 'alreadySent'>) => ({ recipients, sent, alreadySent });

async function followThrough(record: InspectionRecord, caller: Caller, now: Date): Promise<ChildrenCorrectionFollowThrough> {
  const store = repository();
  const at = now.toISOString();
  const plan = childrenCorrectionPlan(record, record.children, await store.listEmails(record.id), await store.listLocalAuthorities(), londonDateOf(now));
  const due = alertStep(record)?.due;
  const replyTo = replyToLeadInspector(record);
  // Notices first: a recipient told of an error hears it before anything else does.
  const notices = await sendEach(
    plan.notices.map(({ recipientKey, to, recipient, template }) => ({
      inspectionId: record.id,
      duty: ALERT_SENT_IN_ERROR_DUTY,
      recipientKey,
      to,
      ...replyTo,
      recipient,
      template,
      render: dcsAlertSentInErrorEmail,
      now: at,
    })),
  );
  // Past the report stage that confirms the judgement (SCCIF 15.4's copy for parents is sent then): the alert says so,
  // and a parent it reaches is sent the copy of the report now.
  const stage = placerCopyStage(record.process);
  const confirmedOn = stage === undefined ? undefined : record.actuals[record.process]?.[stage];
  const alerts = await sendEach(
    plan.alerts.map(({ recipientKey, to, recipient, template }) => ({
      template: confirmedOn === undefined ? template : { ...template, reportConfirmedOn: confirmedOn },
      inspectionId: record.id,
      duty: DCS_ALERT_DUTY,
      recipientKey,
      to,
      ...replyTo,
      recipient,
      render: dcsAlertEmail,
      ...(due === undefined ? {} : { dueAt: due }),
      now: at,
    })),
  );
  const owedCopies = confirmedOn === undefined || !plan.alertsSent ? [] : placerCopies(record, record.process, await store.listEmails(record.id), confirmedOn);
  // The lead inspector sends the report itself (the copy says so): told to whom, for the copies this correction owes.
  const newCopies = owedCopies.filter((copy) => plan.alerts.some((alert) => alert.recipientKey === copy.recipientKey));
  const task = reportCopiesTask(record, newCopies, `report-copy-task:correction-${record.childrenCorrections?.length ?? 0}`, config.appBaseUrl);
  const copies =
    owedCopies.length === 0
      ? undefined
      : await sendEach([
          ...owedCopies.map((copy) => ({ inspectionId: record.id, ...copy, recipient: { kind: 'placer' as const }, ...replyTo, render: reportCopyForPlacerEmail, now: at })),
          ...(task === undefined ? [] : [{ inspectionId: record.id, ...task, recipient: { kind: 'inspector' as const }, render: reportCopiesToSendEmail, now: at }]),
        ]);
  const providerCopy = await updateProviderCopy(record, at, confirmedOn);
  const leadInspector = await tellLeadInspector(record, plan, caller, at);
  if (alerts.sent > 0 || notices.sent > 0) {
    await store.audit(record.id, {
      at,
      actor: caller.id,
      event: 'children-correction-sent',
      detail: { alertsSent: alerts.sent, sentInErrorNotices: notices.sent, failed: alerts.failed + notices.failed },
    });
  }
  copies?.settle((notSent, of) => `${notSent} of ${of} copies of the report owed to people alerted after a correction (inspection ${record.id}) were not sent; sending the same correction again sends them`);
  leadInspector?.settle(() => `the lead inspector of inspection ${record.id} could not be emailed about the correction: tell them whom it alerted, to telephone`);
  providerCopy?.settle(() => `the updated copy of the alert to the provider of inspection ${record.id} was not sent; sending the same correction again sends it`);
  notices.settle((notSent, of) => `${notSent} of ${of} notices of alerts sent in error (inspection ${record.id}) were not sent; sending the same correction again sends only those`);
  alerts.settle((notSent, of) => `${notSent} of ${of} alerts owed after correcting the children of inspection ${record.id} were not sent; sending the same correction again sends only those`);
  return { alertsSent: plan.alertsSent, alerts: counts(alerts), sentInErrorNotices: counts(notices), providerCopyUpdated: providerCopy !== undefined && providerCopy.sent > 0 };
}

/**
 * SCCIF 15.3: "Where there are a large number of placing authorities, the inspector should discuss arrangements for
 * contacting them with their manager". The run asks when it alerts; a correction after that which takes the children
 * past the number (they were not past it before), with no arrangements decided, says so to the lead inspector.
 */
function contactArrangementsOwed(record: InspectionRecord): { contactArrangements?: { placingAuthorities: number; above: number } } {
  const above = config.contactArrangementsAbove;
  const before = record.childrenCorrections?.at(-1)?.before ?? [];
  if (record.decisions['la-contact-arrangements'] !== undefined || !contactArrangementsNeeded(record, above) || contactArrangementsNeeded({ children: before }, above)) return {};
  return { contactArrangements: { placingAuthorities: placingAuthorityCount(record.children), above } };
}

/**
 * The lead inspector follows the alerts up by telephone (SCCIF 15.3): when a correction alerted someone or told someone
 * of an error, they are told whom, once per correction. Undefined when nothing was owed or their address is not known.
 */
async function tellLeadInspector(record: InspectionRecord, plan: ChildrenCorrectionPlan, caller: Caller, at: string): Promise<SendEachResult | undefined> {
  const correction = record.childrenCorrections?.at(-1);
  if (!record.inspectorEmail || !correction || (plan.alerts.length === 0 && plan.notices.length === 0)) return undefined;
  const names = (addressees: readonly AlertAddressee[]) => addressees.flatMap((addressee) => (addressee.kind === 'local-authority' ? [addressee.authorityName] : []));
  const placers = (addressees: readonly AlertAddressee[]) => addressees.filter((addressee) => addressee.kind === 'placer').length;
  const alerted = plan.alerts.map((alert) => alert.template.recipient);
  const told = plan.notices.filter((notice) => !notice.template.addressCorrected).map((notice) => notice.template.recipient);
  const placersReaddressed = plan.notices.length - told.length;
  return sendEach([
    {
      inspectionId: record.id,
      duty: `children-correction:${record.childrenCorrections?.length ?? 0}`,
      recipientKey: 'lead-inspector',
      to: record.inspectorEmail,
      recipient: { kind: 'inspector' },
      template: {
        template: 'childrenCorrected',
        inspectionId: record.id,
        establishment: { urn: record.establishment.urn, name: record.establishment.name },
        leadInspectorName: record.inspectorName,
        correctedBy: correction.correctedByName ?? displayNameOf(caller),
        correctedAt: correction.correctedAt,
        alertedAuthorities: names(alerted),
        placersAlerted: placers(alerted),
        toldInErrorAuthorities: names(told),
        placersToldInError: placers(told),
        ...(placersReaddressed > 0 ? { placersReaddressed } : {}),
        ...contactArrangementsOwed(record),
        reason: correction.reason,
        baseUrl: config.appBaseUrl,
      },
      render: childrenCorrectedEmail,
      now: at,
    },
  ]);
}

/**
 * SCCIF 15.3: the email to local authorities is forwarded to the provider. Once it was, and a correction changed whom the
 * alert stands with, the provider is sent an updated copy naming them (keyed by the correction, so once each; found by a
 * new-user walk: the provider's copy kept naming an authority told the alert was sent in error). Undefined when no copy
 * is owed.
 */
async function updateProviderCopy(record: InspectionRecord, at: string, reportConfirmedOn: LocalDate | undefined): Promise<SendEachResult | undefined> {
  const emails = await repository().listEmails(record.id);
  const copies = emails.filter((email) => email.duty === PROVIDER_COPY_DUTY && email.status === 'sent' && email.template?.template === 'providerCopyOfAlert');
  const last = copies.sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '')).at(-1);
  if (last?.template?.template !== 'providerCopyOfAlert') return undefined;
  const process = (Object.keys(record.actuals) as ProcessId[]).find((id) => record.actuals[id]?.[DCS_ALERT_DUTY] !== undefined) ?? 'inadequate';
  const copy = providerCopyOfAlert(record, process, emails, DCS_ALERT_DUTY, at);
  const was = last.template;
  if (copy.template.alertedAuthorities.join('\n') === was.alertedAuthorities.join('\n') && (copy.template.placersAlerted ?? 0) === (was.placersAlerted ?? 0)) return undefined;
  return sendEach([
    {
      inspectionId: record.id,
      duty: PROVIDER_COPY_DUTY,
      recipientKey: `provider:correction-${record.childrenCorrections?.length ?? 0}`,
      to: record.provider.email,
      recipient: { kind: 'provider' },
      ...replyToLeadInspector(record),
      template: { ...copy.template, correctedOn: londonDateOf(at), ...(reportConfirmedOn === undefined ? {} : { reportConfirmedOn }) },
      render: providerCopyOfAlertEmail,
      now: at,
    },
  ]);
}

export async function correctChildren({ inspectionId: id, correction }: CorrectChildren, caller: Caller, now: Date) {
  requireManager(caller, 'correct the children recorded at an inspection');
  const store = repository();
  const { children, reason } = correction;
  const unknown = unknownPlacingAuthorities(children, await store.listLocalAuthorities());
  if (unknown.length > 0) throw new ValidationError(unknown);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const record = await store.requireInspection(id);
    requireNotWithdrawn(record, 'correct its children');
    // Kept in the history: it names no child, of the list as it was or as it is now.
    const named = childNamedIn('reason', reason, { children: [...record.children, ...children] }, KEPT_IN_HISTORY);
    if (named.length > 0) throw new ValidationError(named);
    const answer = (followed: ChildrenCorrectionFollowThrough, changed: boolean) => ({ changed, children: children.length, ...followed });
    if (sameChildren(record.children, children)) {
      const last = record.childrenCorrections?.at(-1);
      // The same correction again (a retry after an email failed): what it owes is sent if it was not.
      if (last !== undefined && last.reason === reason) return answer(await followThrough(record, caller, now), false);
      throw new ValidationError([{ field: 'children', message: 'are as recorded: a correction must change at least one child' }]);
    }
    // What the correction will owe, worked out before anything is written: a record it cannot be carried out on (no
    // summary of concerns to alert with) is refused whole, not left half done.
    childrenCorrectionPlan(record, children, await store.listEmails(id), await store.listLocalAuthorities(), londonDateOf(now));
    const at = now.toISOString();
    const updated = await store.correctChildren(id, record.updatedAt, children, {
      correctedBy: caller.id,
      correctedByName: displayNameOf(caller).slice(0, 200),
      correctedAt: at,
      reason,
      before: record.children,
    });
    // Changed in between (a step recorded, say): read it again.
    if (!updated) continue;
    await store.audit(id, { at, actor: caller.id, event: 'children-corrected', detail: { before: record.children.length, after: children.length, reason } });
    return answer(await followThrough(updated, caller, now), true);
  }
  throw new ConflictError('this inspection changed while its children were being corrected: try again');
}
