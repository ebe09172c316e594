/**
 * Enforcement actions on the register (managers record them; inspectors and managers read them): each is linked to
 * the case review of the inspection that considered it (SCCIF 15.1, §70; RFC §44), kept on the establishment, and
 * written to that inspection's audit trail. Every rule is checked before anything is written.
 */
import { repository } from '../adapters/repository';
import { childNamedIn, KEPT_IN_HISTORY } from '../core/alerts';
import { londonDateOf } from '../core/calendar';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import {
  enforcementActionId,
  enforcementDateProblems,
  enforcementState,
  linkToCaseReview,
  type EnforcementState,
  type EnforcementActionDatesChange,
  type EnforcementActionRecord,
  type EnforcementActionRecorded,
  withChangedDates,
} from '../core/enforcement';
import { requireManager } from './access';
import type { Caller } from './caller';
import { requireEstablishment } from './establishments';

export interface EnforcementActionView extends EnforcementActionRecord {
  /** In force today: issued, taken effect, not ended, not withdrawn. */
  inForce: boolean;
  /** Where it stands today: in force, not yet in force, ended or withdrawn. */
  state: EnforcementState;
}

const view = (record: EnforcementActionRecord, now: Date): EnforcementActionView => {
  const state = enforcementState(record, londonDateOf(now));
  return { ...record, inForce: state === 'in-force', state };
};

function sameAction(a: EnforcementActionRecord, b: EnforcementActionRecord): boolean {
  const fields = ['action', 'against', 'issuedOn', 'effectiveOn', 'endsOn', 'withdrawnOn', 'note'] as const;
  return fields.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

/** Records an action as issued (managers): 201, the same again 200, a different one with its id 409. */
export async function recordEnforcementAction(
  urn: string,
  recorded: EnforcementActionRecorded,
  caller: Caller,
  now: Date,
): Promise<{ created: boolean; action: EnforcementActionView }> {
  requireManager(caller, 'record enforcement actions');
  const entry = await requireEstablishment(urn);
  const inspection = await repository().getInspection(recorded.inspectionId);
  if (!inspection || inspection.establishment.urn !== urn) {
    throw new ValidationError([{ field: 'inspectionId', message: `must be an inspection of establishment ${urn}: its case review considered the action` }]);
  }
  if (inspection.withdrawal) {
    throw new ValidationError([{ field: 'inspectionId', message: `must be an inspection that stands: ${inspection.id} was withdrawn (logged by mistake)` }]);
  }
  const today = londonDateOf(now);
  const linked = linkToCaseReview(
    recorded,
    inspection.decisions,
    (decision) => londonDateOf(decision.decidedAt),
    entry.registeredManager.status === 'vacant',
  );
  const problems = [
    ...(linked.ok ? [] : linked.errors),
    ...enforcementDateProblems(recorded.action, recorded, today),
    // Shown on the establishment's page and the inspection's: no child by their initials (found by a new-user walk).
    ...childNamedIn('note', recorded.note, inspection, KEPT_IN_HISTORY),
  ];
  if (!linked.ok || problems.length > 0) throw new ValidationError(problems);

  const at = now.toISOString();
  const record: EnforcementActionRecord = {
    ...recorded,
    id: enforcementActionId(recorded.inspectionId, recorded.action, recorded.issuedOn),
    urn,
    caseReview: linked.link,
    recordedBy: caller.id,
    recordedAt: at,
    updatedAt: at,
    version: 1,
  };
  const result = await repository().addEnforcementAction(record);
  if (!result.created) {
    if (sameAction(result.existing, record)) return { created: false, action: view(result.existing, now) };
    throw new ConflictError(`a ${recorded.action} issued on ${recorded.issuedOn} after inspection ${recorded.inspectionId} is already recorded; change its dates with PATCH`);
  }
  await repository().audit(recorded.inspectionId, {
    at,
    actor: caller.id,
    event: 'enforcement-action-recorded',
    detail: {
      actionId: record.id,
      action: record.action,
      against: record.against.join(','),
      issuedOn: record.issuedOn,
      caseReview: record.caseReview.approvalId,
      ...(record.effectiveOn ? { effectiveOn: record.effectiveOn } : {}),
      ...(record.endsOn ? { endsOn: record.endsOn } : {}),
      ...(record.withdrawnOn ? { withdrawnOn: record.withdrawnOn } : {}),
    },
  });
  return { created: true, action: view(record, now) };
}

async function requireAction(urn: string, id: string): Promise<EnforcementActionRecord> {
  await requireEstablishment(urn);
  const action = await repository().getEnforcementAction(urn, id);
  if (!action) throw new NotFoundError(`enforcement action ${id} is not recorded for establishment ${urn}`);
  return action;
}

/** Records later dates of an action (managers): took effect, ended, withdrawn; checked whole; optimistic lock. */
export async function changeEnforcementAction(
  urn: string,
  id: string,
  change: EnforcementActionDatesChange,
  caller: Caller,
  now: Date,
): Promise<EnforcementActionView> {
  requireManager(caller, 'record enforcement actions');
  const current = await requireAction(urn, id);
  if (change.version !== undefined && change.version !== current.version) {
    throw new ConflictError(`enforcement action ${id} is at version ${current.version}, not ${change.version}: reload it and try again`);
  }
  const { version: _version, note, ...dates } = change;
  const next: EnforcementActionRecord = {
    ...withChangedDates(current, dates),
    ...(note !== undefined ? { note } : {}),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  const inspection = note === undefined ? undefined : await repository().getInspection(current.inspectionId);
  const problems = [...enforcementDateProblems(next.action, next, londonDateOf(now)), ...(inspection ? childNamedIn('note', note, inspection, KEPT_IN_HISTORY) : [])];
  if (problems.length > 0) throw new ValidationError(problems);
  await repository().replaceEnforcementAction(next, current.version);
  await repository().audit(current.inspectionId, {
    at: next.updatedAt,
    actor: caller.id,
    event: 'enforcement-action-changed',
    // A cleared date is audited as "cleared" (it had a day before the change).
    detail: Object.fromEntries(
      Object.entries({ actionId: id, ...dates, ...(note !== undefined ? { note } : {}) })
        .filter(([, value]) => value !== undefined)
        .map(([field, value]) => [field, value === null ? 'cleared' : value]),
    ) as Record<string, string>,
  });
  return view(next, now);
}

/** The establishment's enforcement actions (inspectors and managers), oldest first, with whether each is in force. */
export async function listEnforcementActions(urn: string, now: Date, inspectionId?: string): Promise<{ items: EnforcementActionView[] }> {
  await requireEstablishment(urn);
  const items = await repository().listEnforcementActions(urn);
  return { items: items.filter((item) => inspectionId === undefined || item.inspectionId === inspectionId).map((item) => view(item, now)) };
}

/**
 * For the form: the establishment's entry and its inspections (not withdrawn) whose case review has been decided
 * (newest first), each with the London day of the decision and the enforcement it considered.
 */
export async function enforcementContext(urn: string) {
  const entry = await requireEstablishment(urn);
  const records = await repository().inspectionsOfEstablishment(urn);
  // Not a withdrawn inspection's (logged by mistake): an action cannot be linked to it (found by a new-user walk).
  const reviewed = records.filter((record) => !record.withdrawal).flatMap((record) =>
    (['case-review', 'interim-case-review', 'rfc-case-discussion'] as const).flatMap((kind) => {
      const decision = record.decisions[kind];
      return decision === undefined ? [] : [{ record, decision, decidedOn: londonDateOf(decision.decidedAt) }];
    }),
  );
  return { entry, reviewed };
}
