/**
 * The inspection record as the system keeps it, and what is derived from it: the timelines of its process and of
 * the follow-up processes it started. Timelines are never stored: they are rebuilt from the regulations, the
 * record's anchor dates, its conditions and the actual dates of the steps done.
 */
import type { LocalDate } from './calendar';
import { buildTimeline, PROCESSES, type ProcessId, type Timeline } from './regulations';
import type {
  ApprovalKind,
  ApprovalOption,
  Child,
  Contact,
  EnforcementConsidered,
  Establishment,
  InspectionLogged,
  LoggableProcess,
  OutcomeRecorded,
} from './schemas';

export type InspectionStatus =
  | 'awaiting-outcome'
  | 'in-progress'
  | 'awaiting-approval'
  | 'complete'
  | 'failed';

export interface RecordedOutcome<P extends OutcomeRecorded['process'] = OutcomeRecorded['process']> {
  outcome: Extract<OutcomeRecorded, { process: P }>;
  recordedBy: string;
  /** UTC instant. */
  recordedAt: string;
}

/**
 * A change to the recorded judgements after quality assurance, before the report was sent (children's homes
 * framework §99; residential family centres framework §67, §75): approved by the manager who submitted it.
 */
export interface OutcomeAmendment {
  /** The manager who approved the amendment (their user id). */
  amendedBy: string;
  /** UTC instant. */
  amendedAt: string;
  reason: string;
  /** §99: the London day the registered manager was called and told the reasons. */
  registeredManagerCalledOn: LocalDate;
  /** The outcome as it was, with who recorded it and when. */
  before: RecordedOutcome;
  after: OutcomeRecorded;
}

export interface RecordedDecision {
  approvalId: string;
  kind: ApprovalKind;
  decision: ApprovalOption;
  rationale: string;
  /** Case reviews: the enforcement considered, none or which actions against whom (SCCIF 15.1, §70). */
  enforcement?: EnforcementConsidered;
  decidedBy: string;
  decidedAt: string;
}

export interface ScheduledVisit {
  /** What is scheduled: a monitoring visit, a return full inspection, further monitoring, the next RFC inspection. */
  visit: 'monitoring-visit' | 'return-full-inspection' | 'full-inspection' | 'further-monitoring' | 'next-inspection';
  earliest?: LocalDate;
  /** Absent when the sources set no time limit (further monitoring is decided case by case). */
  latest?: LocalDate;
  scheduledAt: string;
}

export interface FollowUpRun {
  /** Execution name: `<inspectionId>--<process>`, so the same follow-up never starts twice. */
  executionName: string;
  startedAt: string;
  origin: ProcessId;
}

export interface InspectionRecord {
  id: string;
  process: LoggableProcess;
  idempotencyKey: string;
  /** Hash of the logged event: the same key with a different body is a conflict, not a retry. */
  requestHash: string;
  establishment: Establishment;
  provider: Contact;
  /** The lead inspector (their user id). */
  inspectorId: string;
  /** The lead inspector's name as it appears in letters (from the signed-in user who logged it). */
  inspectorName: string;
  /** Who logged the inspection (their user id). */
  loggedBy: string;
  dates: InspectionLogged['dates'];
  /** Initials only. Never logged, never in an email subject. */
  children: Child[];
  status: InspectionStatus;
  createdAt: string;
  updatedAt: string;
  /** London days on which steps actually happened, per process then step id. */
  actuals: Partial<Record<ProcessId, Record<string, LocalDate>>>;
  /** The outcome of the inspection or visit itself. */
  outcome?: RecordedOutcome;
  /** The outcome of the monitoring visit that followed (inadequate pathway or serious assurance concerns). */
  monitoringOutcome?: RecordedOutcome<'monitoring-visit'>;
  /** Amendments of `outcome`, oldest first (absent until the first). */
  amendments?: OutcomeAmendment[];
  decisions: Partial<Record<ApprovalKind, RecordedDecision>>;
  scheduled: Partial<Record<ScheduledVisit['visit'], ScheduledVisit>>;
  followUps: Partial<Record<ProcessId, FollowUpRun>>;
  /** The earlier inspection whose return inspection (or RFC next inspection) this one is. */
  followUpOf?: string;
  /** The execution of the logged process. */
  executionName: string;
}

/** Execution name of a process run for an inspection (Step Functions names: letters, digits, - and _). */
export function executionNameFor(inspectionId: string, processId: ProcessId): string {
  return `${inspectionId}--${processId}`;
}

/** The day the inspection (or assurance visit) ended: actual when recorded, planned otherwise. */
export function inspectionEndDate(record: InspectionRecord): LocalDate {
  if ('inspectionEnd' in record.dates) return record.dates.inspectionEnd;
  const visitEnd = record.actuals['assurance-visit']?.['visit-end'];
  if (visitEnd) return visitEnd;
  const timeline = timelineFor(record, 'assurance-visit');
  const planned = timeline.steps.find((step) => step.id === 'visit-end');
  if (!planned) throw new Error('assurance-visit timeline has no visit-end step');
  return planned.dueLondonDate;
}

function anchorsFor(record: InspectionRecord, processId: ProcessId): Record<string, LocalDate> {
  if (processId === 'assurance-visit') {
    if (!('day1' in record.dates)) throw new Error(`inspection ${record.id} is not an assurance visit`);
    return { day1: record.dates.day1 };
  }
  return { 'inspection-end': inspectionEndDate(record) };
}

function conditionsFor(record: InspectionRecord, processId: ProcessId): Record<string, boolean> {
  const outcome = record.outcome?.outcome;
  switch (processId) {
    case 'assurance-visit': {
      const serious = outcome?.process === 'assurance-visit' && outcome.seriousOrWidespreadConcerns;
      const reviewed = record.decisions['case-review']?.decision;
      return { 'serious-concerns': serious, 'monitoring-visit': serious && (reviewed === undefined || reviewed === 'monitoring-visit') };
    }
    case 'inadequate':
      return {
        secure: record.establishment.kind === 'secure-childrens-home',
        'full-inspection-outcome': record.monitoringOutcome?.outcome.outcome === 'full-inspection',
      };
    case 'rfc-inspection':
      return { inadequate: outcome?.process === 'rfc-inspection' && outcome.overall === 'inadequate' };
    case 'monitoring-visit':
      return {
        'full-inspection-outcome':
          record.followUps['monitoring-visit']?.origin === 'inadequate' &&
          record.monitoringOutcome?.outcome.outcome === 'full-inspection',
      };
    case 'interim-inspection':
      return { declined: outcome?.process === 'interim-inspection' && outcome.effectiveness === 'declined' };
    case 'full-inspection':
      return {};
  }
}

/** The timeline of one process of this inspection, from the regulations and the record. */
export function timelineFor(record: InspectionRecord, processId: ProcessId): Timeline {
  return buildTimeline(PROCESSES[processId], {
    anchors: anchorsFor(record, processId),
    conditions: conditionsFor(record, processId),
    actuals: record.actuals[processId] ?? {},
  });
}

/** The logged process first, then every follow-up process started for the inspection. */
export function timelinesFor(record: InspectionRecord): Timeline[] {
  const processes: ProcessId[] = [record.process];
  for (const processId of Object.keys(record.followUps) as ProcessId[]) {
    if (!processes.includes(processId)) processes.push(processId);
  }
  return processes.map((processId) => timelineFor(record, processId));
}

/**
 * What a state machine needs to route on once an outcome is recorded: the judgements and flags only, never free
 * text (execution history keeps step outputs, so concerns summaries and names stay out of it).
 */
export type WorkflowOutcome =
  | { process: 'full-inspection'; overall: string; secure: boolean }
  | { process: 'interim-inspection'; effectiveness: string; secure: boolean }
  | { process: 'rfc-inspection'; overall: string; secure: false }
  | { process: 'assurance-visit'; seriousOrWidespreadConcerns: boolean; concernsSerious: boolean; secure: boolean }
  | { process: 'monitoring-visit'; outcome: string; secure: boolean };

export function workflowOutcome(record: InspectionRecord, outcomeOf: 'monitoring-visit' | LoggableProcess): WorkflowOutcome | undefined {
  const secure = record.establishment.kind === 'secure-childrens-home';
  if (outcomeOf === 'monitoring-visit') {
    const monitoring = record.monitoringOutcome?.outcome;
    return monitoring ? { process: 'monitoring-visit', outcome: monitoring.outcome, secure } : undefined;
  }
  const outcome = record.outcome?.outcome;
  if (!outcome || outcome.process !== outcomeOf) return undefined;
  switch (outcome.process) {
    case 'full-inspection':
      return { process: outcome.process, overall: outcome.overall, secure };
    case 'interim-inspection':
      return { process: outcome.process, effectiveness: outcome.effectiveness, secure };
    case 'rfc-inspection':
      return { process: outcome.process, overall: outcome.overall, secure: false };
    case 'assurance-visit':
      return {
        process: outcome.process,
        seriousOrWidespreadConcerns: outcome.seriousOrWidespreadConcerns,
        concernsSerious: outcome.concernsSerious ?? false,
        secure,
      };
  }
}
