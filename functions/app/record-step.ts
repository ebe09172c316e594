/**
 * A person records that a step happened, with its London date (the report sent to the provider, the visit ended,
 * Annex A received, ...): the lead inspector or a manager, provider-side steps included. The fact is stored, the
 * steps counted from it move, and the run waiting for it (await-step) is answered, which sends what the seeds
 * require on that fact. The rules of what may be recorded: core/recorded-steps.ts.
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import type { LocalDate } from '../core/calendar';
import { timelinesFor, type InspectionRecord } from '../core/inspection';
import { planStepRecord, type StepRecorded } from '../core/recorded-steps';
import type { ProcessId } from '../core/regulations';
import { isManager, mayChange, requireChange } from './access';
import type { Caller } from './caller';
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

/** Answers the run's wait for the step, if one is waiting; a wait that starts later finds the step recorded itself. */
async function answerStepWait(inspectionId: string, process: ProcessId, stepId: string, done: LocalDate): Promise<void> {
  const store = repository();
  const token = await store.getStepToken(inspectionId, process, stepId);
  if (token === undefined) return;
  await workflows().sendTaskSuccess(token, { stepId, done });
  await store.clearStepToken(inspectionId, process, stepId, token);
}

export async function recordStep({ inspectionId, stepId, request }: RecordStep, caller: Caller, now: Date) {
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  requireChange(record, caller, 'record its steps');
  const plan = planStepRecord({ timelines: timelinesFor(record), stepId, request, now, callerIsManager: isManager(caller) });

  let updated = record;
  if (plan.change === 'record') {
    const at = now.toISOString();
    // SCCIF 15.1: the decision not to publish is stored first, so the report stage that follows never tells the
    // provider the report is published.
    if (plan.notPublished) {
      await store.recordMonitoringReportNotPublished(inspectionId, { reason: plan.notPublished.reason, decidedBy: caller.id, decidedAt: at, on: plan.on }, at);
    }
    updated = await store.recordActual(inspectionId, plan.process, stepId, plan.on, at);
    await store.audit(inspectionId, {
      at,
      actor: caller.id,
      event: plan.notPublished ? 'monitoring-report-not-published' : plan.correction ? 'step-record-corrected' : 'step-recorded',
      detail: {
        process: plan.process,
        stepId,
        on: plan.on,
        ...(request.at ? { at: request.at } : {}),
        ...(request.note ? { note: request.note } : {}),
        ...(plan.correction ? { from: plan.correction.from, reason: plan.correction.reason } : {}),
        ...(plan.notPublished ? { reason: plan.notPublished.reason } : {}),
      },
    });
  }
  // Answered even when nothing changed: heals a crash between the write and the answer of an earlier request.
  await answerStepWait(inspectionId, plan.process, stepId, plan.on);
  return {
    recorded: { process: plan.process, stepId, on: plan.on, changed: plan.change === 'record' },
    timelines: timelinesFor(updated).map((timeline) => timelineView(timeline, now)),
  };
}
