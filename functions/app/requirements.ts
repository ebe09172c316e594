/**
 * Requirements and recommendations made at an inspection (children's homes framework §33, §44, §49; RFC §26,
 * §40-41): the lead inspector or a manager records them, with a requirement's due date, and later records a
 * requirement as met in full; inspectors and managers read them. §74: an improved judgement at the monitoring
 * visit reads them (improvedJudgementRequirementCheck).
 */
import { repository } from '../adapters/repository';
import { childNamedIn, KEPT_IN_HISTORY } from '../core/alerts';
import { londonDateOf } from '../core/calendar';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { inspectionStartDate } from '../core/inspection';
import {
  improvedJudgementRequirementProblems,
  metInFullProblems,
  requirementId,
  requirementOverdue,
  requirementProblems,
  type RequirementMet,
  type RequirementRecord,
  type RequirementRecorded,
} from '../core/requirements';
import type { FieldError, OutcomeRecorded } from '../core/schemas';
import { requireChange } from './access';
import type { Caller } from './caller';

export interface RequirementView extends RequirementRecord {
  overdue: boolean;
}

const view = (record: RequirementRecord, now: Date): RequirementView => ({ ...record, overdue: requirementOverdue(record, londonDateOf(now)) });

/** Records a requirement or recommendation (lead inspector or manager): 201, the same again 200. */
export async function recordRequirement(
  inspectionId: string,
  item: RequirementRecorded,
  caller: Caller,
  now: Date,
): Promise<{ created: boolean; requirement: RequirementView }> {
  const inspection = await repository().requireInspection(inspectionId);
  requireChange(inspection, caller, 'record its requirements and recommendations');
  // Shown on the inspection's page and kept: no child by their initials (as every other free text is held to).
  const problems = [...requirementProblems(item, inspectionStartDate(inspection)), ...childNamedIn('text', item.text, inspection, KEPT_IN_HISTORY)];
  if (problems.length > 0) throw new ValidationError(problems);
  const at = now.toISOString();
  const record: RequirementRecord = {
    ...item,
    id: requirementId(item.kind, item.text),
    inspectionId,
    recordedBy: caller.id,
    recordedAt: at,
    updatedAt: at,
    version: 1,
  };
  const result = await repository().addRequirement(record);
  if (!result.created) {
    const same = result.existing.dueOn === record.dueOn && result.existing.regulation === record.regulation;
    if (same) return { created: false, requirement: view(result.existing, now) };
    throw new ConflictError(`this ${item.kind} is already recorded (${result.existing.id}) with another due date or regulation`);
  }
  await repository().audit(inspectionId, {
    at,
    actor: caller.id,
    event: `${item.kind}-recorded`,
    detail: { requirementId: record.id, ...(record.dueOn ? { dueOn: record.dueOn } : {}), ...(record.regulation ? { regulation: record.regulation } : {}) },
  });
  return { created: true, requirement: view(record, now) };
}

/** Records a requirement as met in full on a day (lead inspector or manager); the same day again is harmless. */
export async function markRequirementMet(
  inspectionId: string,
  id: string,
  met: RequirementMet,
  caller: Caller,
  now: Date,
): Promise<RequirementView> {
  const inspection = await repository().requireInspection(inspectionId);
  requireChange(inspection, caller, 'record its requirements as met');
  const current = await repository().getRequirement(inspectionId, id);
  if (!current) throw new NotFoundError(`requirement ${id} is not recorded for inspection ${inspectionId}`);
  if (met.version !== undefined && met.version !== current.version) {
    throw new ConflictError(`requirement ${id} is at version ${current.version}, not ${met.version}: reload it and try again`);
  }
  const problems = metInFullProblems(current, met.metInFullOn, inspectionStartDate(inspection), londonDateOf(now));
  if (problems.length > 0) throw new ValidationError(problems);
  if (current.metInFullOn === met.metInFullOn) return view(current, now);
  const at = now.toISOString();
  const next: RequirementRecord = { ...current, metInFullOn: met.metInFullOn, metRecordedBy: caller.id, updatedAt: at, version: current.version + 1 };
  await repository().replaceRequirement(next, current.version);
  await repository().audit(inspectionId, { at, actor: caller.id, event: 'requirement-met-in-full', detail: { requirementId: id, metInFullOn: met.metInFullOn } });
  return view(next, now);
}

/** The inspection's requirements and recommendations (inspectors and managers). */
export async function listRequirements(inspectionId: string, now: Date): Promise<{ items: RequirementView[] }> {
  await repository().requireInspection(inspectionId);
  return { items: (await repository().listRequirements(inspectionId)).map((record) => view(record, now)) };
}

/**
 * §74 against the record: an improved judgement at a monitoring visit is refused (naming allRequirementsMet) while a
 * requirement recorded at the inspection is not met in full by the visit's date. Other outcomes: no problem.
 */
export async function improvedJudgementRequirementCheck(inspectionId: string, outcome: OutcomeRecorded): Promise<FieldError[]> {
  if (outcome.process !== 'monitoring-visit' || outcome.outcome !== 'improved-judgement') return [];
  return improvedJudgementRequirementProblems(await repository().listRequirements(inspectionId), outcome.visitDate);
}
