/**
 * An inspector records a phone call to a local authority that was alerted for the inspection (SCCIF 15.3: the
 * alert email is followed up by phone to ensure receipt). The same call (time and authority) recorded twice is
 * stored once: `created` says whether this one was new.
 */
import { repository } from '../adapters/repository';
import { ValidationError } from '../core/errors';
import { DCS_ALERT_DUTY, type OutboxEmail } from '../core/inspection-views';
import type { FieldError, PhoneCallRecorded } from '../core/schemas';
import type { Caller } from './caller';

export interface RecordCall {
  inspectionId: string;
  call: PhoneCallRecorded;
}

/** Clocks differ: a call a few minutes "in the future" is a phone's clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The local authorities whose DCS was alerted for the inspection (a call can only confirm an alert), sorted by code. */
export function alertedAuthorityCodes(emails: readonly Pick<OutboxEmail, 'duty' | 'recipient'>[]): string[] {
  return [
    ...new Set(
      emails
        .filter((email) => email.duty === DCS_ALERT_DUTY && email.recipient.authorityCode !== undefined)
        .map((email) => email.recipient.authorityCode as string),
    ),
  ].sort();
}

/** A local authority a call can be about: alerted for the inspection, with its name from the reference data. */
export interface AlertedAuthority {
  code: string;
  name: string;
}

export async function alertedAuthorities(inspectionId: string): Promise<AlertedAuthority[]> {
  const [emails, directory] = await Promise.all([repository().listEmails(inspectionId), repository().listLocalAuthorities()]);
  return alertedAuthorityCodes(emails).map((code) => ({ code, name: directory.get(code)?.name ?? code }));
}

export async function recordCall({ inspectionId: id, call }: RecordCall, caller: Caller, now: Date) {
  await repository().requireInspection(id);
  const alerted = alertedAuthorityCodes(await repository().listEmails(id));

  const problems: FieldError[] = [];
  if (!alerted.includes(call.authorityCode)) {
    problems.push({
      field: 'authorityCode',
      message:
        `"${call.authorityCode}" was not alerted for this inspection: calls confirm receipt of an alert (SCCIF 15.3); ` +
        (alerted.length === 0 ? 'no local authority has been alerted yet' : `alerted: ${alerted.join(', ')}`),
    });
  }
  if (Date.parse(call.calledAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push({ field: 'calledAt', message: `${call.calledAt} is in the future: record a call once it has been made` });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const { added } = await repository().addCall(id, { ...call, recordedBy: caller.id, recordedAt: now.toISOString() });
  return { inspectionId: id, call, created: added };
}
