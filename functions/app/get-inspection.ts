/**
 * One inspection with the timelines of its process and of every follow-up process it started, each step with
 * where it stands now.
 *
 * Shown: what a screen needs. Children appear by initials and placement only (a placer's contact details stay in
 * the record), the provider by name only.
 */
import { repository } from '../adapters/repository';
import { awaitedOf } from '../core/awaited';
import { inspectionStartDate, timelinesFor, type InspectionRecord } from '../core/inspection';
import type { LocalDate } from '../core/calendar';
import { sameInspectionLogged, withdrawnOnTheSameDays } from '../core/establishment-history';
import { inspectionStatus, notificationLedger } from '../core/inspection-views';
import { currentJudgement, monitoringVisitsOf } from '../core/monitoring-visits';
import { stepCorrections, stepNotes } from '../core/recorded-steps';
import { inspectionBrief, returnInspectionsOf, type ReturnInspectionSummary } from '../core/return-visits';
import type { Child } from '../core/schemas';
import type { Caller } from './caller';
import { ledgerFor } from './list-notifications';
import { timelineView } from './timeline-view';

function childView({ initials, placement }: Child) {
  return placement.lookedAfter
    ? { initials, placement: { lookedAfter: true as const, placingAuthority: placement.placingAuthority } }
    : { initials, placement: { lookedAfter: false as const } };
}

/** The return inspections logged of this one (their `followUpOf`): read from the establishment's inspections. */
async function returnInspectionsFor(record: InspectionRecord): Promise<ReturnInspectionSummary[]> {
  return (await relatedInspections(record)).returnInspections;
}

/** Another inspection of the home, in brief. */
type Brief = { id: string; process: InspectionRecord['process']; startedOn: LocalDate };

/**
 * The establishment's inspections related to this one, read once: its return inspections, and the earlier inspection
 * this one is the return inspection of (`followUpOf`), in brief (a walk found "Return inspection of insp-…", no dates).
 */
async function relatedInspections(
  record: InspectionRecord,
): Promise<{ returnInspections: ReturnInspectionSummary[]; returnOf?: ReturnInspectionSummary; loggedAgain?: Brief; replacesWithdrawn?: Brief[] }> {
  const records = await repository().inspectionsOfEstablishment(record.establishment.urn);
  const earlier = record.followUpOf === undefined ? undefined : records.find((candidate) => candidate.id === record.followUpOf);
  const returnOf = earlier && inspectionBrief(earlier);
  // A withdrawn inspection logged again with its days, and the way back (found by new-user walks: no way between them).
  const again = record.withdrawal ? sameInspectionLogged(records, record, record.id) : undefined;
  const replaced = record.withdrawal ? [] : withdrawnOnTheSameDays(records, record);
  const brief = (other: InspectionRecord) => ({ id: other.id, process: other.process, startedOn: inspectionStartDate(other) });
  return {
    returnInspections: returnInspectionsOf(record, records),
    ...(returnOf ? { returnOf } : {}),
    ...(again ? { loggedAgain: brief(again) } : {}),
    ...(replaced.length > 0 ? { replacesWithdrawn: replaced.map(brief) } : {}),
  };
}

function inspectionView(record: InspectionRecord, now: Date, returnInspections: readonly ReturnInspectionSummary[]) {
  return {
    id: record.id,
    process: record.process,
    status: inspectionStatus(record, now),
    // Who withdrew it (logged by mistake), when and why; null while it stands.
    withdrawal: record.withdrawal ?? null,
    establishment: record.establishment,
    provider: { name: record.provider.name },
    inspectorId: record.inspectorId,
    dates: record.dates,
    children: record.children.map(childView),
    // The judgements (or concerns) and the summary of concerns, as recorded.
    outcome: record.outcome?.outcome ?? null,
    monitoringOutcome: record.monitoringOutcome?.outcome ?? null,
    // §74: the judgement now, the latest a monitoring visit improved it to, with the original kept.
    currentJudgement: currentJudgement(record) ?? null,
    // Every monitoring visit, numbered (§77: further monitoring), each with its own outcome and report.
    monitoringVisits: monitoringVisitsOf(record).map(({ recordedBy: _recordedBy, ...visit }) => visit),
    decisions: record.decisions,
    // SCCIF 15.1: a manager's decision not to publish the monitoring visit's report, with its reason.
    monitoringReportNotPublished: record.monitoringReportNotPublished ?? null,
    scheduled: record.scheduled,
    followUps: record.followUps,
    // The earlier inspection whose return inspection this is.
    followUpOf: record.followUpOf ?? null,
    // The later inspections logged as this one's return inspection, with their overall judgement once recorded.
    returnInspections,
  };
}

export async function getInspection(inspectionId: string, now: Date) {
  const record = await repository().requireInspection(inspectionId);
  return {
    inspection: inspectionView(record, now, await returnInspectionsFor(record)),
    timelines: timelinesFor(record).map((timeline) => timelineView(timeline, now)),
  };
}

/**
 * The inspection as stored, its notifications ledger (recipients' addresses only for whom may see them), and the
 * local authorities to name in it (the web page).
 */
export async function inspectionWithLedger(inspectionId: string, caller: Caller, now: Date) {
  const record = await repository().requireInspection(inspectionId);
  const [emails, calls, reportCopies, directory, pending, { returnInspections, returnOf, loggedAgain, replacesWithdrawn }, audit, entry] = await Promise.all([
    repository().listEmails(record.id),
    repository().listCalls(record.id),
    repository().listReportCopies(record.id),
    repository().listLocalAuthorities(),
    repository().listPendingApprovals(),
    relatedInspections(record),
    repository().listAudit(record.id),
    repository().getEstablishment(record.establishment.urn),
  ]);
  return {
    record,
    // Whether the establishment has a page: its URN is on the register.
    onRegister: entry !== undefined,
    directory,
    returnInspections,
    // The earlier inspection this one is the return inspection of, when it is one.
    ...(returnOf ? { returnOf } : {}),
    // Withdrawn, the inspection logged again with its days, when there is one; standing, the withdrawn ones it replaced.
    ...(loggedAgain ? { loggedAgain } : {}),
    ...(replacesWithdrawn ? { replacesWithdrawn } : {}),
    // The corrections of recorded steps' dates, shown beside their steps.
    corrections: stepCorrections(audit),
    // The notes recorded with steps, shown beside their steps.
    notes: stepNotes(audit),
    ledger: ledgerFor(notificationLedger({ record, emails, calls, reportCopies, now }), record, caller),
    // What the inspection awaits, and of whom (the status words of the page).
    awaited: awaitedOf(record, pending),
    // Its approvals waiting for a decision, for a link to each from its page.
    pendingApprovals: pending.filter((approval) => approval.inspectionId === record.id).map(({ approvalId, kind }) => ({ approvalId, kind })),
  };
}
