/**
 * The records a screen shows as they are stored: an inspection, an approval with the inspection it is about, the
 * local authorities of the reference data. The pages build their own views of them; the queries that shape a
 * view for the JSON API are in their own files (get-inspection, list-approvals, ...).
 */
import { repository, type Approval } from '../adapters/repository';
import type { InspectionRecord } from '../core/inspection';
import type { LocalAuthorityDirectory } from '../core/local-authorities';

export type { Approval };

/** The inspection, or a NotFoundError. */
export function readInspection(inspectionId: string): Promise<InspectionRecord> {
  return repository().requireInspection(inspectionId);
}

/** The approval and the inspection it is about, or a NotFoundError. */
export async function readApproval(approvalId: string): Promise<{ approval: Approval; record: InspectionRecord }> {
  const approval = await repository().requireApproval(approvalId);
  return { approval, record: await repository().requireInspection(approval.inspectionId) };
}

/** The approval as it is now (after a decision was refused, say), if it still exists. */
export function findApproval(approvalId: string): Promise<Approval | undefined> {
  return repository().getApproval(approvalId);
}

export function localAuthorities(): Promise<LocalAuthorityDirectory> {
  return repository().listLocalAuthorities();
}
