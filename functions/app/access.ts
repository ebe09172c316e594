/**
 * Who may do what to an inspection: decided here once, read by the operations (functions/app), the JSON API and the
 * pages alike. The caller is who the identity provider says (Cognito claims), never what a request body says.
 *
 * - Reading: every inspector and manager reads every inspection, its timelines and its notifications ledger
 *   (inspectors cover for one another, and a return inspection is often led by another inspector). Users in
 *   neither group read nothing (the routes' groups refuse them).
 * - Recipients' email addresses (DCSs, placers, in the ledger) are shown only to managers and the inspection's lead
 *   inspector; everyone else sees who was emailed (the authority, "the provider") but not the address.
 * - Changing (recording the outcome, a step, a phone call): the lead inspector and managers; nobody, once a manager
 *   withdrew the inspection (logged by mistake: 409).
 * - Withdrawing an inspection logged by mistake: managers only.
 * - Amending judgements (§99): managers only.
 * - Deciding an approval (four eyes): a manager who neither led nor logged the inspection, nor recorded or amended
 *   its judgements.
 */
import { formatLondonDate, londonDateOf } from '../core/calendar';
import { ForbiddenError, WithdrawnError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import type { Caller } from './caller';

type Record = Pick<InspectionRecord, 'inspectorId'>;

export const isManager = (caller: Pick<Caller, 'groups'>): boolean => caller.groups.includes('managers');
export const isInspector = (caller: Pick<Caller, 'groups'>): boolean => caller.groups.includes('inspectors');

/** The caller is the inspection's lead inspector (the staff id recorded when it was logged: the logger's own). */
export function leads(record: Record, caller: Pick<Caller, 'id'>): boolean {
  return record.inspectorId === caller.id;
}

/** The lead inspector or a manager. */
const leadOrManager = (record: Record, caller: Caller): boolean => isManager(caller) || leads(record, caller);

/** The lead inspector of the inspection and managers record what happened on it, until a manager withdraws it. */
export function mayChange(record: Record & Pick<InspectionRecord, 'withdrawal'>, caller: Caller): boolean {
  return record.withdrawal === undefined && leadOrManager(record, caller);
}

/** Refuses anyone but the lead inspector and managers (403), and everyone once the inspection was withdrawn (409). */
export function requireChange(record: Record & Pick<InspectionRecord, 'id' | 'withdrawal'>, caller: Caller, what: string): void {
  if (!leadOrManager(record, caller)) {
    throw new ForbiddenError(`only the lead inspector of this inspection or a manager may ${what}`);
  }
  requireNotWithdrawn(record, what);
}

/** Refuses (409) a change to an inspection a manager withdrew: it was logged by mistake, and nothing more is recorded on it. */
export function requireNotWithdrawn(record: Pick<InspectionRecord, 'id' | 'withdrawal'>, what: string): void {
  const { withdrawal } = record;
  if (withdrawal) {
    throw new WithdrawnError(
      `this inspection was withdrawn on ${formatLondonDate(londonDateOf(withdrawal.withdrawnAt))} by ${withdrawal.withdrawnByName} (logged by mistake): nobody may ${what}`,
      record.id,
    );
  }
}

/** Refuses (403) anyone but a manager. */
export function requireManager(caller: Caller, what: string): void {
  if (!isManager(caller)) throw new ForbiddenError(`only a manager may ${what}`);
}

/** Recipients' email addresses: the lead inspector and managers only. */
export function maySeeRecipients(record: Record, caller: Caller): boolean {
  return leadOrManager(record, caller);
}

/**
 * Why the caller may not decide an approval on this inspection (four eyes), or undefined when they may: not a
 * manager; or they led it, logged it, recorded its judgements (or a monitoring visit's outcome) or amended them.
 */
export function fourEyesRefusal(
  record: Pick<InspectionRecord, 'inspectorId' | 'loggedBy' | 'outcome' | 'monitoringOutcome' | 'amendments'>,
  caller: Caller,
): string | undefined {
  // Who may decide each kind of approval (managers; compliance inspectors for the family centre's case discussion)
  // is decided with the kind (approval-kinds.ts); four eyes is about this inspection only.
  if (leads(record, caller)) return 'you led this inspection';
  if (record.loggedBy === caller.id) return 'you logged this inspection';
  if (record.outcome?.recordedBy === caller.id || record.monitoringOutcome?.recordedBy === caller.id) return 'you recorded its judgements';
  if (record.amendments?.some((amendment) => amendment.amendedBy === caller.id)) return 'you amended its judgements';
  return undefined;
}
