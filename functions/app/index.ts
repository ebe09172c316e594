/**
 * The application layer: the operations users perform and the queries behind their screens, as plain functions
 * taking a typed command (or query) and the caller. The JSON API (functions/api) and the web pages (functions/web)
 * are peers over it: each translates HTTP or a form into a command and the result back, and neither imports the
 * other. Below it: the core (rules) and the adapters (table, workflows).
 */
export { fourEyesRefusal, isInspector, isManager, leads, mayChange, maySeeRecipients, requireChange, requireNotWithdrawn } from './access';
export { amendOutcome, type AmendmentFollowThrough, type AmendOutcome } from './amend-outcome';
export { DECIDED_BY, decidedWords, decides, decisionWords, KIND_WORDS } from './approval-kinds';
export { displayNameOf, type Caller } from './caller';
export { decideApproval, type DecideApproval } from './decide-approval';
export {
  addEstablishment,
  changeEstablishment,
  findEstablishment,
  getEstablishment,
  importRegister,
  listEstablishments,
  logInspectionOfEstablishment,
  loggedFromRegister,
} from './establishments';
export {
  changeEnforcementAction,
  enforcementContext,
  listEnforcementActions,
  recordEnforcementAction,
  type EnforcementActionView,
} from './enforcement';
export { getInspection, inspectionWithLedger } from './get-inspection';
export { DUE_LIST_PAGE_SIZE, duePage, inspectionPlanDue, type DuePage, type DueRow } from './inspection-plan';
export { judgeOutcome, lastRfcJudgement } from './judge-outcome';
export { listApprovals } from './list-approvals';
export { listInspections } from './list-inspections';
export { ledgerFor, listNotifications, type LedgerView } from './list-notifications';
export { loggedDaysProblems, logInspection, withDaysProblems } from './log-inspection';
export { changeNextVisitWindow, type ChangeNextVisitWindow } from './next-visit-window';
export { correctChildren, type CorrectChildren } from './correct-children';
export { findApproval, localAuthorities, readApproval, readInspection, type Approval } from './read-records';
export { recordReportCopy, reportCopies, type RecordReportCopy } from './record-report-copy';
export { alertedAuthorityCodes, callees, callTimeProblemsOf, recordCall, type AlertedAuthority, type RecordCall, type RefusedPlacer } from './record-call';
export { awaitedOutcome, recordOutcome, type RecordOutcome } from './record-outcome';
export {
  listRequirements,
  markRequirementMet,
  recordRequirement,
  type RequirementView,
} from './requirements';
export { mayRecordSteps, recordStep, type RecordStep } from './record-step';
export { timelineView, type TimelineStepView, type TimelineView } from './timeline-view';
export { withdrawalPreview, withdrawInspection, type WithdrawInspection } from './withdraw-inspection';
export {
  EstablishmentChange,
  INSPECTION_STATUSES,
  EstablishmentQuery,
  InspectionPlanQuery,
  ListEnforcementActionsQuery,
  ListEstablishmentsQuery,
  ListInspectionsQuery,
  RegisterImport,
} from './requests';
