/**
 * The lead inspector (or a manager: access.ts) records a phone call to a local authority that was alerted for the inspection (SCCIF 15.3: the
 * alert email is followed up by phone to ensure receipt), or to a person who placed a child whose alert was not
 * delivered (15.4: the call tells them instead). The call is dated between the alert email it confirms
 * and now. The same call (time and authority) recorded twice is stored once: `created` says whether this one was new.
 */
import { repository, type OutboxItem } from '../adapters/repository';
import { formatInstantInWords } from '../core/email-content';
import { childNamedIn, KEPT_IN_HISTORY } from '../core/alerts';
import { ConflictError, ValidationError } from '../core/errors';
import { alertsSentInError, DCS_ALERT_DUTY, undeliveredPlacerAlerts, type OutboxEmail } from '../core/inspection-views';
import type { InspectionRecord } from '../core/inspection';
import type { FieldError, PhoneCallRecorded } from '../core/schemas';
import { requireChange } from './access';
import type { Caller } from './caller';

export interface RecordCall {
  inspectionId: string;
  call: PhoneCallRecorded;
}

/** Clocks differ: a call a few minutes "in the future" is a phone's clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The local authorities whose DCS was alerted for the inspection (a call can only confirm an alert), sorted by code:
 * not by an alert they were told was sent to them in error (found by a new-user walk: its receipt could be "confirmed").
 * Outbox items say so by the notice sent; the ledger's emails by `sentInError`.
 */
export function alertedAuthorityCodes(
  emails: readonly (Pick<OutboxEmail, 'duty' | 'recipient' | 'recipientKey'> & { status?: OutboxEmail['status']; sentInError?: true })[],
): string[] {
  const told = alertsSentInError(emails.flatMap(({ duty, status, recipientKey }) => (status === undefined ? [] : [{ duty, status, recipientKey }])));
  return [
    ...new Set(
      emails
        .filter((email) => email.duty === DCS_ALERT_DUTY && email.recipient.authorityCode !== undefined && email.sentInError !== true && !told.has(email.recipientKey))
        .map((email) => email.recipient.authorityCode as string),
    ),
  ].sort();
}

/** The alerts to people who placed a child themselves (SCCIF 15.4) that bounced or were rejected: their keys, sorted. */
function refusedPlacerKeys(record: InspectionRecord, emails: readonly OutboxItem[]): string[] {
  return undeliveredPlacerAlerts(record, emails)
    .map(({ key }) => key)
    .sort();
}

/** A local authority a call can be about: alerted for the inspection, with its name from the reference data. */
export interface AlertedAuthority {
  code: string;
  name: string;
}


/** A person who placed a child themselves whose alert was not delivered: a call can be about them (SCCIF 15.4). */
export interface RefusedPlacer {
  key: string;
  /** As the inspection was logged with it. */
  name: string;
}

/**
 * Whom a call can be about: the alerted local authorities, with their names from the reference data, and the people
 * who placed a child whose alert was not delivered (the emails are read once for both).
 */
export async function callees(record: InspectionRecord): Promise<{ alerted: AlertedAuthority[]; placers: RefusedPlacer[] }> {
  const [emails, directory] = await Promise.all([repository().listEmails(record.id), repository().listLocalAuthorities()]);
  return {
    alerted: alertedAuthorityCodes(emails).map((code) => ({ code, name: directory.get(code)?.name ?? code })),
    placers: refusedPlacers(record, emails),
  };
}

function refusedPlacers(record: InspectionRecord, emails: readonly OutboxItem[]): RefusedPlacer[] {
  return undeliveredPlacerAlerts(record, emails).map(({ key, name }) => ({ key, name: name ?? 'The person who placed a child' }));
}

/** Calls are recorded to the minute (the pages ask for hours and minutes): an alert sent at 09:00:30 allows a call at 09:00. */
const MINUTE_MS = 60 * 1000;

/**
 * The alert email to the authority that a call confirms: when SES accepted it, or, not yet known to be accepted,
 * when it was first attempted (it cannot have arrived earlier). The earliest of them if there are several.
 */
function alertTo(emails: readonly OutboxItem[], call: Pick<PhoneCallRecorded, 'authorityCode' | 'placer'>): { at: string; sent: boolean } | undefined {
  const times = emails
    .filter((email) => email.duty === DCS_ALERT_DUTY && (call.placer === undefined ? email.recipient.authorityCode === call.authorityCode : email.recipientKey === call.placer))
    .map((email) => (email.sentAt === undefined ? { at: email.createdAt, sent: false } : { at: email.sentAt, sent: true }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return times[0];
}

/** A call cannot confirm receipt of an email before it was sent: dated at or after the alert's minute. */
function beforeAlert(call: Pick<PhoneCallRecorded, 'calledAt'>, alert: { at: string; sent: boolean } | undefined): FieldError[] {
  if (alert === undefined) return [];
  const alertMinute = Math.floor(Date.parse(alert.at) / MINUTE_MS) * MINUTE_MS;
  if (Date.parse(call.calledAt) >= alertMinute) return [];
  const when = formatInstantInWords(alert.at);
  return [
    {
      field: 'calledAt',
      message: alert.sent
        ? `cannot be before the alert email it confirms was sent, on ${when}`
        : `cannot be before the alert email it confirms was sent: it was first attempted on ${when}, and is not yet confirmed as sent`,
    },
  ];
}

type CallTime = Pick<PhoneCallRecorded, 'authorityCode' | 'placer' | 'calledAt'>;

/** What is wrong with when a call is said to be made: in the future, or, once whom it was to is known, before their alert. */
function callTimeProblems(emails: readonly OutboxItem[], call: CallTime, now: Date): FieldError[] {
  if (Date.parse(call.calledAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
    return [{ field: 'calledAt', message: `${call.calledAt} is in the future: record a call once it has been made` }];
  }
  return call.authorityCode === undefined && call.placer === undefined ? [] : beforeAlert(call, alertTo(emails, call));
}

/**
 * The problems with a call's time, for a form whose other fields are still to put right, so that they show with the
 * rest, not after them (found by a new-user walk: "before the alert email was sent" came only in a second round).
 */
export async function callTimeProblemsOf(record: InspectionRecord, call: CallTime, now: Date): Promise<FieldError[]> {
  return callTimeProblems(await repository().listEmails(record.id), call, now);
}

/** The same call: who answered, what came of it and the notes, as recorded. */
function sameCall(held: PhoneCallRecorded, call: PhoneCallRecorded): boolean {
  return held.spokeTo === call.spokeTo && held.outcome === call.outcome && (held.notes ?? '') === (call.notes ?? '');
}

export async function recordCall({ inspectionId: id, call }: RecordCall, caller: Caller, now: Date) {
  const record = await repository().requireInspection(id);
  requireChange(record, caller, 'record its phone calls');
  const emails = await repository().listEmails(id);
  const alerted = alertedAuthorityCodes(emails);

  const problems: FieldError[] = [];
  if (call.placer !== undefined) {
    // A person who placed a child is called when their alert was not delivered (SCCIF 15.4): it tells them instead.
    const refused = refusedPlacerKeys(record, emails);
    if (!refused.includes(call.placer)) {
      problems.push({
        field: 'placer',
        message:
          `"${call.placer}" is not an alert to a person who placed a child that was not delivered: a call to them is recorded when their alert ` +
          (refused.length === 0 ? 'bounced or was rejected, and none did for this inspection' : `bounced or was rejected (${refused.join(', ')})`),
      });
    }
  } else if (call.authorityCode !== undefined && !alerted.includes(call.authorityCode)) {
    // Alerted at all (the notices of alerts sent in error left unread, without their status): then told it was in error.
    const inError = alertedAuthorityCodes(emails.map(({ status: _status, ...email }) => email)).includes(call.authorityCode);
    problems.push({
      field: 'authorityCode',
      message:
        (inError
          ? `"${call.authorityCode}" was told its alert was sent to it in error (the children were corrected): there is no receipt to confirm; `
          : `"${call.authorityCode}" was not alerted for this inspection: calls confirm receipt of an alert (SCCIF 15.3); `) +
        (alerted.length === 0 ? 'no local authority has been alerted yet' : `alerted: ${alerted.join(', ')}`),
    });
  }
  problems.push(...callTimeProblems(emails, call, now));
  // The notes are kept in the inspection's history and shown on its page: no child by their initials (found by a
  // new-user walk: the reasons and rationales were held to it, the call notes were not).
  problems.push(...childNamedIn('spokeTo', call.spokeTo, record, KEPT_IN_HISTORY), ...childNamedIn('notes', call.notes, record, KEPT_IN_HISTORY));
  if (problems.length > 0) throw new ValidationError(problems);

  const { added } = await repository().addCall(id, { ...call, recordedBy: caller.id, recordedAt: now.toISOString() });
  if (!added) {
    // One call per minute to one authority or person: the same call again (a retried request) is answered as the first
    // was; another at that minute is refused, not dropped (found by a new-user walk: it was dropped without a word).
    const held = (await repository().listCalls(id)).find(
      (other) => other.calledAt === call.calledAt && other.authorityCode === call.authorityCode && other.placer === call.placer,
    );
    if (held !== undefined && !sameCall(held, call)) {
      throw new ConflictError(
        `a call at ${formatInstantInWords(call.calledAt)} to the same ${call.placer === undefined ? 'local authority' : 'person'} is already recorded` +
          `${held.spokeTo === undefined ? '' : `, with ${held.spokeTo}`}: record another call at the minute it was made`,
      );
    }
  }
  return { inspectionId: id, call, created: added };
}
