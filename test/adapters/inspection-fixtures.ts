/** Records and emails for adapter tests: plain data, nothing personal beyond placeholder initials. */
import { parseLocalDate } from '../../functions/core/calendar';
import type { InspectionRecord, RecordedDecision } from '../../functions/core/inspection';
import { emailDeadline, type ApprovalRequestInput } from '../../functions/core/email-content';
import { assuranceVisit, buildTimeline } from '../../functions/core/regulations';
import type { NewEmail } from '../../functions/adapters/repository';
import type { MonitoringOutcomeFindings } from '../../functions/core/judgements';

/** Every condition under which a monitoring visit may secure an improved judgement (§77) holds. */
export const EVERY_IMPROVED_CONDITION = {
  concernsDiscrete: true,
  wouldOtherwiseBeHigher: true,
  goodTrackRecord: true,
  leadershipOrProtectionConcerns: false,
  rectifiableQuickly: true,
  allRequirementsMet: true,
} as const satisfies Omit<MonitoringOutcomeFindings, 'outcome'>;

/** A full inspection's outcome judged inadequate on Tuesday 22 December 2026 (the fixture's last day on site). */
export const INADEQUATE_ON_22_DECEMBER = {
  outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Restraint.' },
  recordedBy: 'inspector-1',
  recordedAt: '2026-12-22T17:00:00.000Z',
} as const satisfies InspectionRecord['outcome'];

export function inspectionRecord(overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  return {
    id: 'insp-0001',
    process: 'full-inspection',
    idempotencyKey: 'log-insp-0001',
    requestHash: 'hash',
    establishment: { urn: 'SC123456', name: 'Willow House', kind: 'childrens-home', hostAuthority: 'E09000007' },
    provider: { name: 'Willow Care Ltd', email: 'ri@willow.example' },
    inspectorId: 'inspector-1',
    inspectorName: 'Ann Inspector',
    loggedBy: 'inspector-1',
    dates: { inspectionStart: parseLocalDate('2026-12-21'), inspectionEnd: parseLocalDate('2026-12-22') },
    children: [{ initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E08000003' } }],
    status: 'awaiting-outcome',
    createdAt: '2026-12-21T09:00:00.000Z',
    updatedAt: '2026-12-21T09:00:00.000Z',
    actuals: {},
    decisions: {},
    scheduled: {},
    followUps: {},
    executionName: 'insp-0001--full-inspection',
    ...overrides,
  };
}

export function caseReviewDecision(overrides: Partial<RecordedDecision> = {}): RecordedDecision {
  return {
    approvalId: 'appr-1',
    kind: 'case-review',
    decision: 'monitoring-visit',
    rationale: 'Concerns are serious but leadership is responsive.',
    decidedBy: 'manager-1',
    decidedAt: '2026-12-23T10:00:00.000Z',
    ...overrides,
  } as RecordedDecision;
}

const assuranceSteps = buildTimeline(assuranceVisit, {
  anchors: { day1: parseLocalDate('2026-12-21') },
  conditions: { 'serious-concerns': true },
}).steps;

/** A template the mailer sends (rendered by email-content's approvalRequest): the manager's approval request. */
export const approvalTemplate: ApprovalRequestInput = {
  template: 'approvalRequest',
  approvalId: 'appr-1',
  approvalKind: 'case-review',
  inspectionId: 'insp-0001',
  establishment: { urn: 'SC123456', name: 'Willow House' },
  managerName: 'Sam Okafor',
  deadline: emailDeadline(assuranceSteps, 'case-review'),
  baseUrl: 'https://sccif.example.gov.uk',
};

export function newEmail(overrides: Partial<NewEmail> = {}): NewEmail {
  return {
    inspectionId: 'insp-0001',
    duty: 'dcs-alert',
    recipientKey: 'E09000007',
    to: 'dcs@camden.example',
    recipient: { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host'] },
    template: approvalTemplate,
    subject: 'Inadequate judgement: SC123456',
    createdAt: '2026-12-23T09:00:00.000Z',
    dueAt: '2026-12-23T23:59:59.000Z',
    ...overrides,
  };
}

/** A register entry as POST /establishments takes it: a children's home in Camden, its manager in post. */
export function registerEntryBody(urn: string, name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    urn,
    name,
    kind: 'childrens-home',
    hostAuthority: 'E09000007',
    registeredOn: '2019-06-01',
    registeredManager: { status: 'in-post', name: 'Sam Patel', since: '2020-01-06' },
    providerContact: { name: 'Care Ltd', email: 'office@care.example' },
    ...overrides,
  };
}
