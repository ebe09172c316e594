/**
 * A person records that a step happened, with its London date (the report sent to the provider, the visit ended,
 * Annex A received, ...): the lead inspector or a manager, provider-side steps included. The fact is stored, the
 * steps counted from it move, and the run waiting for it (await-step) is answered, which sends what the seeds
 * require on that fact. The rules of what may be recorded: core/recorded-steps.ts.
 */
import { repository } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { ForbiddenError } from '../core/errors';
import { timelinesFor, type InspectionRecord } from '../core/inspection';
import { planStepRecord, type StepRecorded } from '../core/recorded-steps';
import type { ProcessId } from '../core/regulations';
import type { Caller } from './caller';
import { timelineView } from './timeline-view';

export interface RecordStep {
  inspectionId: string;
  stepId: string;
  request: StepRecorded;
}

const isManager = (caller: Caller) => caller.groups.includes('managers');

/** The lead inspector and managers record what happened on an inspection. */
function checkMayRecord(record: InspectionRecord, caller: Caller): void {
  if (record.inspectorId !== caller.id && !isManager(caller)) {
    throw new ForbiddenError('only the lead inspector of this inspection or a manager may record its steps');
  }
}

/** Answers the run's wait for the step, if one is waiting; a wait that starts later finds the step recorded itself. */
export async function answerStepWait(inspectionId: string, process: ProcessId, stepId: string): Promise<void> {
  const store = repository();
  const token = await store.getStepToken(inspectionId, process, stepId);
  const done = (await store.requireInspection(inspectionId)).actuals[process]?.[stepId];
  if (token === undefined || done === undefined) return;
  await workflows().sendTaskSuccess(token, { stepId, done });
  await store.clearStepToken(inspectionId, process, stepId, token);
}

export async function recordStep({ inspectionId, stepId, request }: RecordStep, caller: Caller, now: Date) {
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkMayRecord(record, caller);
  const plan = planStepRecord({ timelines: timelinesFor(record), stepId, request, now, callerIsManager: isManager(caller) });

  let updated = record;
  if (plan.change === 'record') {
    const at = now.toISOString();
    updated = await store.recordActual(inspectionId, plan.process, stepId, plan.on, at);
    await store.audit(inspectionId, {
      at,
      actor: caller.id,
      event: plan.correction ? 'step-record-corrected' : 'step-recorded',
      detail: {
        process: plan.process,
        stepId,
        on: plan.on,
        ...(request.at ? { at: request.at } : {}),
        ...(request.note ? { note: request.note } : {}),
        ...(plan.correction ? { from: plan.correction.from, reason: plan.correction.reason } : {}),
      },
    });
  }
  // Answered even when nothing changed: heals a crash between the write and the answer of an earlier request.
  await answerStepWait(inspectionId, plan.process, stepId);
  return {
    recorded: { process: plan.process, stepId, on: plan.on, changed: plan.change === 'record' },
    timelines: timelinesFor(updated).map((timeline) => timelineView(timeline, now)),
  };
}
