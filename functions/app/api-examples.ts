/**
 * One example request and response per JSON API route, for the API reference (./api-reference.ts) and README.
 * Taken from the local runtime (`npm start`, 29 November 2026) and shortened: long lists show one item (`…` says
 * so nowhere: a list in an example is not the whole list). Each request body is parsed with its route's schema by a
 * test, each caller is a local account of one of the route's groups, and each response is type-checked here against
 * what the operation returns (only the type: the types are erased, nothing here reads the table).
 */
import type { amendOutcome } from './amend-outcome';
import type { decideApproval } from './decide-approval';
import type { changeEnforcementAction, listEnforcementActions, recordEnforcementAction } from './enforcement';
import type { addEstablishment, changeEstablishment, getEstablishment, importRegister, listEstablishments } from './establishments';
import type { getInspection } from './get-inspection';
import type { inspectionPlanDue } from './inspection-plan';
import type { listApprovals } from './list-approvals';
import type { listInspections } from './list-inspections';
import type { listNotifications } from './list-notifications';
import type { logInspection } from './log-inspection';
import type { changeNextVisitWindow } from './next-visit-window';
import type { correctChildren } from './correct-children';
import type { recordCall } from './record-call';
import type { recordReportCopy } from './record-report-copy';
import type { recordOutcome } from './record-outcome';
import type { recordStep } from './record-step';
import type { withdrawInspection } from './withdraw-inspection';
import type { listRequirements, markRequirementMet, recordRequirement } from './requirements';
import type { JsonRouteId } from '../handlers';

/** What an example may show of a result: any part of it, with text where the type is a branded string. */
type Shown<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? readonly Shown<U>[]
    : T extends object
      ? { [K in keyof T]?: Shown<T[K]> }
      : T;
type ResultOf<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
const shows = <T>(value: Shown<T>): Shown<T> => value;

export interface ApiExample {
  /** A local account, `email:password` (infra/local/server.ts LOCAL_ACCOUNTS). */
  as: string;
  /** The path with its parameters filled in. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  status: number;
  response: unknown;
}

const INSPECTOR = 'ines.inspector@ofsted.local:inspector-pass';
const MANAGER = 'maya.manager@ofsted.local:manager-pass';
const SECOND_MANAGER = 'omar.manager@ofsted.local:manager-pass';

const INSPECTION_ID = 'insp-bd2ddb53993d0363152c';

const TIMELINE_STEP = {
  id: 'report-to-provider',
  title: 'Report sent to the provider for a factual accuracy check',
  actor: 'inspector',
  kind: 'deadline',
  recordable: true,
  status: 'on-track',
  workingDaysLeft: 9,
  due: '2026-12-10T23:59:59.000Z',
  dueLondonDate: '2026-12-10',
  rule: 'within 10 working days of the end of the inspection',
  anchor: { label: 'the end of the inspection', date: '2026-11-26', basis: 'given' },
  source: "Inspections of children's homes: framework for inspection (Ofsted, 2015), §81",
  explanation: 'end of the working day 10 after the end of the inspection (given: Thu 26 Nov 2026) = Thu 10 Dec 2026; passed over 4 weekend days',
  done: null,
} as const;

const REGISTER_ENTRY = {
  urn: 'SC999001',
  name: 'Rowan House',
  kind: 'childrens-home',
  hostAuthority: 'E08000035',
  registeredOn: '2024-04-02',
  providesEducation: false,
  registeredManager: { status: 'in-post', name: 'Dee Khan', since: '2024-04-02' },
  providerContact: { name: 'Rowan Care Ltd', email: 'office@rowancare.example' },
  status: 'active',
  createdAt: '2026-11-29T14:50:35.447Z',
  updatedAt: '2026-11-29T14:50:35.447Z',
  version: 1,
} as const;

const PLAN_WINDOW = {
  id: 'full-inspection',
  title: 'Full inspection',
  opens: '2026-04-01',
  closes: '2027-03-31',
  rule: 'at least one of the inspection period’s inspections is a full inspection (1 April to 31 March)',
  source: "Inspections of children's homes: framework for inspection (Ofsted, 2015), §15",
  explanation: 'the inspection period Wed 1 Apr 2026 to Wed 31 Mar 2027',
} as const;

/** Rowan House's full inspection (inadequate), whose case review considered restricting its accommodation. */
const REVIEWED_INSPECTION_ID = 'insp-64591a190ae49d696940';

const ENFORCEMENT_ACTION = {
  inspectionId: REVIEWED_INSPECTION_ID,
  action: 'restriction-of-accommodation',
  against: ['establishment'],
  issuedOn: '2026-11-29',
  effectiveOn: '2026-12-02',
  note: 'No new admissions until the missing-from-care procedures are in place.',
  id: `${REVIEWED_INSPECTION_ID}--restriction-of-accommodation--2026-11-29`,
  urn: 'SC999001',
  caseReview: { inspectionId: REVIEWED_INSPECTION_ID, approvalId: 'apr-36113e349588f2f171ad9412', kind: 'case-review', decidedOn: '2026-11-29' },
  recordedBy: 'local-manager-maya',
  recordedAt: '2026-11-29T16:06:22.929Z',
  updatedAt: '2026-11-29T16:06:22.929Z',
  version: 1,
  inForce: false,
  state: 'not-yet-in-force',
} as const;

const REQUIREMENT = {
  kind: 'requirement',
  text: 'Ensure that staff respond to every child missing from care in line with the home’s procedures.',
  regulation: 'Regulation 12',
  dueOn: '2026-12-14',
  id: 'R-94b829210606',
  inspectionId: REVIEWED_INSPECTION_ID,
  recordedBy: 'local-inspector-ines',
  recordedAt: '2026-11-29T16:06:23.329Z',
  updatedAt: '2026-11-29T16:06:23.329Z',
  version: 1,
  overdue: false,
} as const;

const REQUIREMENT_MET = {
  ...REQUIREMENT,
  updatedAt: '2026-11-29T16:06:23.509Z',
  version: 2,
  metInFullOn: '2026-11-29',
  metRecordedBy: 'local-inspector-ines',
} as const;

export const API_EXAMPLES: Record<JsonRouteId, ApiExample> = {
  'log-inspection': {
    as: INSPECTOR,
    path: '/inspections',
    body: {
      idempotencyKey: '3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b7c',
      process: 'full-inspection',
      establishment: { urn: 'SC654321', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E08000035' },
      provider: { name: 'Birch Care Ltd', email: 'ri@birchcare.example' },
      dates: { inspectionStart: '2026-11-23', inspectionEnd: '2026-11-26' },
      children: [{ initials: 'LM', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
    },
    status: 201,
    response: shows<ResultOf<typeof logInspection>['inspection']>({
      id: INSPECTION_ID,
      process: 'full-inspection',
      status: 'awaiting-outcome',
      executionName: `${INSPECTION_ID}--full-inspection`,
      timeline: { process: 'full-inspection', title: "Full inspection of a children's home", steps: [TIMELINE_STEP] },
    }),
  },
  'list-inspections': {
    as: MANAGER,
    path: '/inspections',
    query: { status: 'awaiting-approval', limit: '1' },
    status: 200,
    response: shows<ResultOf<typeof listInspections>>({
      items: [
        {
          id: INSPECTION_ID,
          process: 'full-inspection',
          establishment: { name: 'Birch Lodge', urn: 'SC654321', kind: 'childrens-home' },
          status: 'awaiting-approval',
          startedOn: '2026-11-24',
          nextDeadline: {
            process: 'inadequate',
            step: { id: 'case-review', title: 'Urgent case review held; manager approves the decision', due: '2026-11-27T23:59:59.000Z', dueLondonDate: '2026-11-27' },
            status: 'overdue',
            workingDaysLeft: 0,
          },
          risk: 'overdue',
        },
      ],
      cursor: 'eyJwayI6IklOU1BFQ1RJT04jaW5zcC1iZDJkZGI1Mzk5M2QwMzYzMTUyYyJ9',
    }),
  },
  'get-inspection': {
    as: MANAGER,
    path: `/inspections/${INSPECTION_ID}`,
    status: 200,
    response: shows<ResultOf<typeof getInspection>>({
      inspection: {
        id: INSPECTION_ID,
        process: 'full-inspection',
        status: 'awaiting-approval',
        establishment: { urn: 'SC654321', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E08000035' },
        provider: { name: 'Birch Care Ltd' },
        inspectorId: 'local-inspector-ines',
        dates: { inspectionStart: '2026-11-23', inspectionEnd: '2026-11-26' },
        children: [{ initials: 'LM', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
        outcome: {
          process: 'full-inspection',
          overall: 'inadequate',
          helpedAndProtected: 'inadequate',
          leadersAndManagers: 'requires-improvement',
          summaryOfConcerns: 'Children go missing without a response.',
        },
        followUps: { inadequate: { executionName: `${INSPECTION_ID}--inadequate`, startedAt: '2026-11-29T14:50:16.687Z', origin: 'full-inspection' } },
      },
      timelines: [{ process: 'full-inspection', title: "Full inspection of a children's home", steps: [TIMELINE_STEP] }],
    }),
  },
  'record-outcome': {
    as: INSPECTOR,
    path: `/inspections/${INSPECTION_ID}/outcome`,
    body: {
      process: 'full-inspection',
      overall: 'inadequate',
      helpedAndProtected: 'inadequate',
      leadersAndManagers: 'requires-improvement',
      summaryOfConcerns: 'Children go missing without a response.',
    },
    status: 200,
    response: shows<ResultOf<typeof recordOutcome>>({
      verdict: ["Accepted: the framework's limiting rules hold.", 'Next: Inadequate pathway. Overall experiences and progress judged inadequate: an urgent case review considers enforcement action …'],
      cautions: [],
      followUps: [{ process: 'inadequate', title: 'Inadequate pathway', source: "Children's homes framework 2015 §69, §71; SCCIF 15.1, 15.3" }],
    }),
  },
  'record-step': {
    as: INSPECTOR,
    path: `/inspections/${INSPECTION_ID}/steps/report-to-provider`,
    body: { on: '2026-11-27' },
    status: 200,
    response: shows<ResultOf<typeof recordStep>>({
      recorded: { process: 'full-inspection', stepId: 'report-to-provider', on: '2026-11-27', changed: true },
      timelines: [{ process: 'full-inspection', steps: [{ ...TIMELINE_STEP, status: 'done', done: '2026-11-27' }] }],
    }),
  },
  'amend-outcome': {
    as: SECOND_MANAGER,
    path: '/inspections/insp-e0a252a739eeda6c6469/outcome/amendments',
    body: {
      process: 'full-inspection',
      overall: 'good',
      helpedAndProtected: 'good',
      leadersAndManagers: 'good',
      reason: 'Quality assurance found the evidence supports good throughout.',
      registeredManagerCalledOn: '2026-11-27',
    },
    status: 200,
    response: shows<ResultOf<typeof amendOutcome>>({
      changed: ['overall', 'leadersAndManagers'],
      verdict: ["Accepted: the framework's limiting rules hold.", 'No follow-up process starts.'],
      cautions: [],
      followUps: [],
    }),
  },
  'change-next-visit-window': {
    as: MANAGER,
    path: `/inspections/${INSPECTION_ID}/next-visit-window`,
    body: { earliestWeeks: 3, latestWeeks: 4, reason: 'The home has not yet acted on the compliance notice: we return sooner.' },
    status: 200,
    response: shows<ResultOf<typeof changeNextVisitWindow>>({
      visit: 2,
      earliestWeeks: 3,
      latestWeeks: 4,
      earliest: '2027-02-23',
      latest: '2027-03-02',
      changed: true,
      leadInspectorEmailed: true,
    }),
  },
  'correct-children': {
    as: MANAGER,
    path: '/inspections/insp-e0a252a739eeda6c6469/children',
    body: {
      children: [
        { initials: 'JT', placement: { lookedAfter: true, placingAuthority: 'E08000025' } },
        { initials: 'AB', placement: { lookedAfter: true, placingAuthority: 'E09000033' } },
      ],
      reason: "The second child's placing authority was logged as Birmingham: it is Westminster, as the home's records show.",
    },
    status: 200,
    response: shows<ResultOf<typeof correctChildren>>({
      changed: true,
      children: 2,
      alertsSent: true,
      alerts: { recipients: 1, sent: 1, alreadySent: 0 },
      sentInErrorNotices: { recipients: 0, sent: 0, alreadySent: 0 },
      providerCopyUpdated: true,
    }),
  },
  'withdraw-inspection': {
    as: MANAGER,
    path: `/inspections/${INSPECTION_ID}/withdrawal`,
    body: { reason: 'Logged against the wrong home: the inspection was of Rowan House, logged again there.' },
    status: 200,
    response: shows<ResultOf<typeof withdrawInspection>>({
      inspectionId: INSPECTION_ID,
      status: 'withdrawn',
      withdrawal: {
        withdrawnBy: 'local-manager-maya',
        withdrawnByName: 'Maya Manager',
        withdrawnAt: '2026-11-29T15:10:04.512Z',
        reason: 'Logged against the wrong home: the inspection was of Rowan House, logged again there.',
      },
      alreadyWithdrawn: false,
      runsStopped: [`${INSPECTION_ID}--full-inspection`],
      laterRunsCancelled: 0,
      approvalsClosed: 0,
      emailedOutsideOfsted: [],
      leadInspectorEmailed: true,
      decisionsNoLongerNeeded: 0,
    }),
  },
  'record-call': {
    as: INSPECTOR,
    path: `/inspections/${INSPECTION_ID}/calls`,
    body: { authorityCode: 'E08000025', calledAt: '2026-11-29T14:55:00Z', spokeTo: "Duty manager, children's services", outcome: 'receipt-confirmed' },
    status: 201,
    response: shows<ResultOf<typeof recordCall>>({
      inspectionId: INSPECTION_ID,
      call: { authorityCode: 'E08000025', calledAt: '2026-11-29T14:55:00.000Z', spokeTo: "Duty manager, children's services", outcome: 'receipt-confirmed' },
      created: true,
    }),
  },
  'record-report-copy': {
    as: INSPECTOR,
    path: `/inspections/${INSPECTION_ID}/report-copies`,
    body: { recipientKey: 'placer:0123456789abcdef', sentOn: '2027-01-20', how: 'post' },
    status: 201,
    response: shows<ResultOf<typeof recordReportCopy>>({
      inspectionId: INSPECTION_ID,
      copy: { recipientKey: 'placer:0123456789abcdef', process: 'full-inspection', sentOn: '2027-01-20', how: 'post' },
      created: true,
    }),
  },
  'list-notifications': {
    as: MANAGER,
    path: `/inspections/${INSPECTION_ID}/notifications`,
    status: 200,
    response: shows<ResultOf<typeof listNotifications>>({
      inspectionId: INSPECTION_ID,
      addressesShown: true,
      emails: [
        {
          duty: 'dcs-alert',
          recipientKey: 'la:E08000025',
          to: 'dcs@birmingham.la.example',
          recipient: { kind: 'dcs', authorityCode: 'E08000025', authorityName: 'Birmingham', roles: ['placing'] },
          messageId: 'ses-510828315',
          sentAt: '2026-11-29T14:50:16.827Z',
          delivery: 'sent, awaiting delivery report',
          alert: { due: '2026-11-27T23:59:59.000Z', dueFrom: 'email', outcome: 'missed', missedBecause: 'sent-late' },
        },
      ],
      unsentAlerts: [],
      phoneFollowUps: [{ authorityCode: 'E08000025', authorityName: 'Birmingham', roles: ['placing'], required: true, state: 'outstanding', calls: [] }],
      placerFollowUps: [],
      summary: { alertsDue: 2, alertsSentOnTime: 0, alertsLate: 2, alertsMissing: 0, alertsNotReceived: 0, alertsBeingSent: 0, callsOutstanding: 2 },
    }),
  },
  'list-approvals': {
    as: MANAGER,
    path: '/approvals',
    status: 200,
    response: shows<ResultOf<typeof listApprovals>>({
      items: [
        {
          approvalId: 'apr-86f1217a0689254264438c52',
          inspectionId: INSPECTION_ID,
          establishment: { name: 'Birch Lodge', urn: 'SC654321' },
          kind: 'case-review',
          process: 'inadequate',
          stepId: 'case-review',
          dueAt: '2026-11-27T23:59:59.000Z',
          createdAt: '2026-11-29T14:50:17.147Z',
          escalations: 0,
          canDecide: true,
        },
      ],
    }),
  },
  'decide-approval': {
    as: MANAGER,
    path: '/approvals/apr-86f1217a0689254264438c52/decision',
    body: { decision: 'monitoring-visit', enforcement: 'none', rationale: 'Return with a monitoring visit inside six to eight weeks.' },
    status: 200,
    response: shows<ResultOf<typeof decideApproval>>({ approvalId: 'apr-86f1217a0689254264438c52', decision: 'monitoring-visit', delivered: true }),
  },
  'list-establishments': {
    as: MANAGER,
    path: '/establishments',
    query: { kind: 'childrens-home', hostAuthority: 'E08000035' },
    status: 200,
    response: shows<ResultOf<typeof listEstablishments>>({ items: [REGISTER_ENTRY] }),
  },
  'add-establishment': {
    as: MANAGER,
    path: '/establishments',
    body: {
      urn: 'SC999001',
      name: 'Rowan House',
      kind: 'childrens-home',
      hostAuthority: 'E08000035',
      registeredOn: '2024-04-02',
      registeredManager: { status: 'in-post', name: 'Dee Khan', since: '2024-04-02' },
      providerContact: { name: 'Rowan Care Ltd', email: 'office@rowancare.example' },
    },
    status: 201,
    response: shows<ResultOf<typeof addEstablishment>['entry']>(REGISTER_ENTRY),
  },
  'import-register': {
    as: MANAGER,
    path: '/establishments/import',
    body: {
      csv:
        'URN,Setting name,Provision type,Local authority code,Registration date,Registration status,Registered manager,Registered manager since,Provider contact,Provider email\n' +
        "SC999002,Elm Court,Children's home,E08000035,2023-06-01,Active,Lee Ward,2023-06-01,Elm Care Ltd,office@elmcare.example\n",
    },
    status: 200,
    response: shows<ResultOf<typeof importRegister>>({ imported: 1, created: 1, replaced: 0 }),
  },
  'get-establishment': {
    as: MANAGER,
    path: '/establishments/SC999001',
    status: 200,
    response: shows<ResultOf<typeof getEstablishment>>({
      entry: REGISTER_ENTRY,
      inspections: [],
      openProcesses: [],
      vacancyWarnings: [],
      plan: { process: 'inspection-plan', type: 'childrens-home', year: 2026, yearOpens: '2026-04-01', yearCloses: '2027-03-31', windows: [PLAN_WINDOW] },
    }),
  },
  'log-establishment-inspection': {
    as: INSPECTOR,
    path: '/establishments/SC999001/inspections',
    body: {
      idempotencyKey: '5b8d2e4f-6a1c-4d3e-9f7b-8c2a1e0d4b6f',
      process: 'interim-inspection',
      dates: { inspectionStart: '2026-11-25', inspectionEnd: '2026-11-26' },
      children: [{ initials: 'JB', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
    },
    status: 201,
    response: shows<ResultOf<typeof logInspection>['inspection']>({
      id: 'insp-0b4fc27d3144d95b50f8',
      process: 'interim-inspection',
      status: 'awaiting-outcome',
      executionName: 'insp-0b4fc27d3144d95b50f8--interim-inspection',
      timeline: { process: 'interim-inspection', title: "Interim inspection of a children's home", steps: [TIMELINE_STEP] },
    }),
  },
  'change-establishment': {
    as: MANAGER,
    path: '/establishments/SC999001',
    body: { version: 1, change: { registeredManager: { status: 'vacant', since: '2026-11-20' } } },
    status: 200,
    response: shows<ResultOf<typeof changeEstablishment>>({
      ...REGISTER_ENTRY,
      registeredManager: { status: 'vacant', since: '2026-11-20' },
      updatedAt: '2026-11-29T14:50:35.867Z',
      version: 2,
    }),
  },
  'record-enforcement-action': {
    as: MANAGER,
    path: '/establishments/SC999001/enforcement-actions',
    body: {
      inspectionId: REVIEWED_INSPECTION_ID,
      action: 'restriction-of-accommodation',
      against: ['establishment'],
      issuedOn: '2026-11-29',
      effectiveOn: '2026-12-02',
      note: 'No new admissions until the missing-from-care procedures are in place.',
    },
    status: 201,
    response: shows<ResultOf<typeof recordEnforcementAction>['action']>(ENFORCEMENT_ACTION),
  },
  'list-enforcement-actions': {
    as: INSPECTOR,
    path: '/establishments/SC999001/enforcement-actions',
    query: { inspectionId: REVIEWED_INSPECTION_ID },
    status: 200,
    response: shows<ResultOf<typeof listEnforcementActions>>({ items: [ENFORCEMENT_ACTION] }),
  },
  'change-enforcement-action': {
    as: MANAGER,
    path: `/establishments/SC999001/enforcement-actions/${ENFORCEMENT_ACTION.id}`,
    body: { version: 1, endsOn: '2027-01-29' },
    status: 200,
    response: shows<ResultOf<typeof changeEnforcementAction>>({ ...ENFORCEMENT_ACTION, endsOn: '2027-01-29', updatedAt: '2026-11-29T16:06:23.229Z', version: 2 }),
  },
  'record-requirement': {
    as: INSPECTOR,
    path: `/inspections/${REVIEWED_INSPECTION_ID}/requirements`,
    body: {
      kind: 'requirement',
      text: 'Ensure that staff respond to every child missing from care in line with the home’s procedures.',
      regulation: 'Regulation 12',
      dueOn: '2026-12-14',
    },
    status: 201,
    response: shows<ResultOf<typeof recordRequirement>['requirement']>(REQUIREMENT),
  },
  'list-requirements': {
    as: MANAGER,
    path: `/inspections/${REVIEWED_INSPECTION_ID}/requirements`,
    status: 200,
    response: shows<ResultOf<typeof listRequirements>>({
      items: [
        REQUIREMENT_MET,
        {
          kind: 'recommendation',
          text: 'Share learning from return home interviews with all staff.',
          id: 'C-678dbaf96f4d',
          inspectionId: REVIEWED_INSPECTION_ID,
          recordedBy: 'local-inspector-ines',
          recordedAt: '2026-11-29T16:06:23.389Z',
          updatedAt: '2026-11-29T16:06:23.389Z',
          version: 1,
          overdue: false,
        },
      ],
    }),
  },
  'mark-requirement-met': {
    as: INSPECTOR,
    path: `/inspections/${REVIEWED_INSPECTION_ID}/requirements/R-94b829210606`,
    body: { version: 1, metInFullOn: '2026-11-29' },
    status: 200,
    response: shows<ResultOf<typeof markRequirementMet>>(REQUIREMENT_MET),
  },
  'inspection-plan': {
    as: MANAGER,
    path: '/inspection-plan',
    query: { year: '2026', hostAuthority: 'E08000035' },
    status: 200,
    response: shows<ResultOf<typeof inspectionPlanDue>>({
      year: 2026,
      today: '2026-11-29',
      rows: [
        { ...PLAN_WINDOW, urn: 'SC999001', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E08000035', status: 'open', workingDaysLeft: 83, risk: 'on-track' },
      ],
    }),
  },
};
