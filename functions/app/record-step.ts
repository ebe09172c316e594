/**
 * A person records that a step happened, with its London date (the report sent to the provider, the visit ended,
 * Annex A received, ...): the lead inspector or a manager, provider-side steps included. The fact is stored, the
 * steps counted from it move, and the run waiting for it (await-step) is answered, which sends what the seeds
 * require on that fact. The rules of what may be recorded: core/recorded-steps.ts.
 */
import { sendEach } from '../adapters/mailer';
import { childNamedIn, KEPT_IN_HISTORY } from '../core/alerts';
import { repository } from '../adapters/repository';
import type { LocalDate } from '../core/calendar';
import { reportIssued as reportIssuedEmail } from '../core/email-content';
import { ordinalOf, replyToLeadInspector, timelineFor, timelinesFor, type InspectionRecord } from '../core/inspection';
import { NotFoundError, ValidationError } from '../core/errors';
import { asOfMonitoringVisit, awaitedEarlierReports, currentMonitoringVisitNumber, visitDuty, visitOfDuty } from '../core/monitoring-visits';
import { isReportingProcess, isReportStep, reportCorrection, reportCorrectionDuty, reportCorrectionsOf, reportDuty } from '../core/reports';
import { planStepRecord, STEP_CORRECTED_EVENT, type StepRecorded } from '../core/recorded-steps';
import type { ProcessId } from '../core/regulations';
import { isManager, mayChange, requireChange } from './access';
import { displayNameOf, type Caller } from './caller';
import { remeasureMovedWaits } from './moved-deadlines';
import { answerStepWait } from './step-waits';
import { timelineView } from './timeline-view';

export interface RecordStep {
  inspectionId: string;
  stepId: string;
  request: StepRecorded;
}

/** The lead inspector of the inspection and managers record what happened on it (the pages ask the same). */
export function mayRecordSteps(record: InspectionRecord, caller: Caller): boolean {
  return mayChange(record, caller);
}

/**
 * The monitoring visit a request names, when it is an earlier one (a later visit has begun): its number and the
 * record as it stood for it. Undefined for the current visit's steps, and for every other process.
 */
function earlierVisit(record: InspectionRecord, request: StepRecorded): { number: number; record: InspectionRecord } | undefined {
  if (request.visit === undefined || request.visit === currentMonitoringVisitNumber(record)) return undefined;
  const asOf = asOfMonitoringVisit(record, request.visit);
  if (!asOf) throw new NotFoundError(`inspection ${record.id} has no monitoring visit ${request.visit}`);
  return { number: request.visit, record: asOf };
}

/**
 * A monitoring visit's report asked for without a visit while an earlier visit's report is still to come: which visit
 * is meant cannot be guessed (the current one's, or the earlier one's), so the request must say.
 */
function requireVisitWhenMeantEarlier(record: InspectionRecord, stepId: string, request: StepRecorded): void {
  if (request.visit !== undefined || request.process !== 'monitoring-visit' || stepId !== 'publish') return;
  const awaited = awaitedEarlierReports(record);
  if (awaited.length === 0) return;
  const current = currentMonitoringVisitNumber(record);
  const which =
    awaited.length === 1 && !record.monitoringOutcome
      ? `the ${ordinalOf(current)} monitoring visit has no outcome yet; for the report of the ${ordinalOf(awaited[0]!.number)} monitoring visit send "visit": ${awaited[0]!.number}`
      : `more than one monitoring visit's report is awaited: send "visit" with the number of the visit it belongs to (${[...awaited.map((visit) => visit.number), ...(record.monitoringOutcome ? [current] : [])].join(' or ')})`;
  throw new ValidationError([{ field: 'visit', message: `is required: ${which}` }]);
}

/**
 * A manager corrected the day of a report stage whose email had already told the provider that day and any deadline
 * counted from it (comments, complaints): the provider gets the email again with the corrected day and its deadline,
 * once per correction. Sent on a repeated request too, so that a retry sends what an interrupted one did not. Not sent when
 * the stage's email has not gone yet: it will be sent with the corrected day.
 */
async function tellProviderOfCorrection(
  record: InspectionRecord,
  process: ProcessId,
  stepId: string,
  day: LocalDate,
  visit: number | undefined,
  /** This request changed the day; else it repeats one that did (the correction is sent only if it was begun). */
  corrected: boolean,
  caller: Caller,
  now: Date,
) {
  // Every report stage the provider was emailed: its deadline moves with the day, and a publication's day alone is a fact
  // they were told (a monitoring visit's report).
  if (!isReportingProcess(process) || !isReportStep(stepId)) return;
  const asOf = visit === undefined ? record : asOfMonitoringVisit(record, visit);
  if (!asOf) return;
  const emails = await repository().listEmails(record.id);
  const told = emails.some(
    (email) => email.duty === visitDuty(asOf, process, reportDuty(process, stepId)) && email.recipientKey === 'provider' && email.status === 'sent',
  );
  if (!told) return;
  // This visit's corrections of the stage so far (a duty names its visit after the 1st: visitDuty).
  const ofVisit = visitDuty(asOf, process, '');
  const earlier = reportCorrectionsOf(
    emails
      .filter((email) => email.recipientKey === 'provider' && visitOfDuty(email.duty) === visitOfDuty(ofVisit) && email.duty.endsWith(ofVisit))
      .map((email) => email.duty.slice(0, email.duty.length - ofVisit.length)),
    process,
    stepId,
  );
  // A new correction is the next one; the same request again resends the latest of its day, if it was begun.
  const repeated = earlier.filter((correction) => correction.day === day).at(-1);
  if (!corrected && !repeated) return;
  const duty = visitDuty(asOf, process, corrected ? reportCorrectionDuty(process, stepId, day, earlier.length) : repeated!.duty);
  const at = now.toISOString();
  const steps = timelineFor(asOf, process).steps;
  const sending = await sendEach([
    {
      inspectionId: record.id,
      duty,
      recipientKey: 'provider',
      to: record.provider.email,
      recipient: { kind: 'provider' },
      ...replyToLeadInspector(record),
      template: reportCorrection(asOf, process, stepId, steps, day),
      render: reportIssuedEmail,
      now: at,
    },
  ]);
  if (sending.sent > 0) {
    await repository().audit(record.id, { at, actor: caller.id, event: 'report-correction-sent', detail: { process, stepId, on: day, ...(visit === undefined ? {} : { visit }) } });
  }
  sending.settle(() => `the corrected report email of inspection ${record.id} was not sent; sending the same correction again sends it`);
}

export async function recordStep({ inspectionId, stepId, request }: RecordStep, caller: Caller, now: Date) {
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  requireChange(record, caller, 'record its steps');
  requireVisitWhenMeantEarlier(record, stepId, request);
  // The note and the reason are kept in the history and shown on the page: children appear only as initials, and
  // not even those here (found by a new-user walk: the window form refused what a correction's reason accepted).
  const named = [...childNamedIn('note', request.note, record, KEPT_IN_HISTORY), ...childNamedIn('reason', request.reason, record, KEPT_IN_HISTORY)];
  if (named.length > 0) throw new ValidationError(named);
  const earlier = earlierVisit(record, request);
  const plan = planStepRecord({ timelines: timelinesFor(earlier?.record ?? record), stepId, request, now, callerIsManager: isManager(caller) });

  let updated = record;
  // A monitoring visit's step says which visit it went on (in the answer and the audit trail).
  const visit = plan.process === 'monitoring-visit' ? (earlier?.number ?? currentMonitoringVisitNumber(record)) : undefined;
  if (plan.change === 'record') {
    const at = now.toISOString();
    const notPublished = plan.notPublished && { reason: plan.notPublished.reason, decidedBy: caller.id, decidedAt: at, on: plan.on };
    if (earlier) {
      // Its own entry, the decision not to publish with the date, in one write.
      updated = await store.recordEarlierMonitoringVisitStep(inspectionId, earlier.number, stepId, plan.on, at, notPublished);
    } else {
      // SCCIF 15.1: the decision not to publish is stored first, so the report stage that follows never tells the
      // provider the report is published.
      // A monitoring visit's step goes on that visit only: not on the next, should it begin in between.
      const ofVisit = plan.process === 'monitoring-visit' ? currentMonitoringVisitNumber(record) : undefined;
      if (notPublished) await store.recordMonitoringReportNotPublished(inspectionId, notPublished, at, ofVisit);
      updated = await store.recordActual(inspectionId, plan.process, stepId, plan.on, at, ofVisit);
    }
    await store.audit(inspectionId, {
      at,
      actor: caller.id,
      event: plan.notPublished ? 'monitoring-report-not-published' : plan.correction ? STEP_CORRECTED_EVENT : 'step-recorded',
      detail: {
        process: plan.process,
        stepId,
        ...(visit === undefined ? {} : { visit }),
        on: plan.on,
        ...(request.at ? { at: request.at } : {}),
        ...(request.note ? { note: request.note } : {}),
        // The page shows a correction and a note beside its step, with who made it (stepCorrections, stepNotes).
        byName: displayNameOf(caller).slice(0, 200),
        ...(plan.correction ? { from: plan.correction.from, reason: plan.correction.reason } : {}),
        ...(plan.notPublished ? { reason: plan.notPublished.reason } : {}),
      },
    });
  }
  // Answered even when nothing changed: heals a crash between the write and the answer of an earlier request.
  await answerStepWait(inspectionId, plan.process, stepId, plan.on, earlier?.number);
  // The steps counted from this one moved: a run waiting on one measures its deadline again.
  if (plan.change === 'record') await remeasureMovedWaits(record, updated);
  if (request.correction) {
    const corrected = plan.change === 'record' && plan.correction !== undefined;
    await tellProviderOfCorrection(updated, plan.process, stepId, plan.on, earlier?.number, corrected, caller, now);
  }
  return {
    recorded: {
      process: plan.process,
      stepId,
      ...(visit === undefined ? {} : { visit }),
      on: plan.on,
      changed: plan.change === 'record',
      // The date it replaced, when this request corrected one.
      ...(plan.change === 'record' && plan.correction ? { correctedFrom: plan.correction.from } : {}),
    },
    timelines: timelinesFor(updated).map((timeline) => timelineView(timeline, now)),
  };
}
