/**
 * Schedules a return visit inside its statutory window (VISIT_WINDOWS in core/return-visits.ts), on the record for the
 * inspector and managers only: the provider is never told when Ofsted will return (children's homes framework §10:
 * all inspections are unannounced). The output holds the kind of visit and London dates only.
 */
import * as z from 'zod/mini';
import type { LocalDate } from '../core/calendar';
import type { ScheduledVisit } from '../core/inspection';
import { ValidationError } from '../core/errors';
import { begunMonitoringVisit, closedMonitoringVisit, monitoringReportExecutionName, nextMonitoringVisit } from '../core/monitoring-visits';
import { VISIT_WINDOWS, visitWindow } from '../core/return-visits';
import { InspectionIdText, ProcessIdText } from '../core/step-payloads';
import { inspectionStepHandler, type InspectionStep } from '../middleware/inspection-step';

const VISITS = Object.keys(VISIT_WINDOWS) as [ScheduledVisit['visit'], ...ScheduledVisit['visit'][]];

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, visit: z.enum(VISITS) });
export type Input = z.infer<typeof Input>;

export interface Output {
  visit: ScheduledVisit['visit'];
  earliest?: LocalDate;
  latest?: LocalDate;
  /** Further monitoring: the visit that begins, numbered, and the name its run starts under. */
  number?: number;
  executionName?: string;
  /** Further monitoring: the visit before, whose report a run of its own waits for (under this name). */
  previous?: { number: number; reportExecutionName: string };
}

export async function lambdaHandler(input: Input, step: InspectionStep): Promise<Output> {
  if (input.visit === 'further-monitoring') return beginFurtherMonitoring(input, step);
  const { inspectionId, process, visit } = input;
  const { at, store, record, timeline } = step;
  const { earliest, latest } = visitWindow(timeline, visit);
  const output: Output = {
    visit,
    ...(earliest === undefined ? {} : { earliest }),
    ...(latest === undefined ? {} : { latest }),
  };

  const existing = record.scheduled[visit];
  if (!existing || existing.earliest !== earliest || existing.latest !== latest) {
    await store.recordScheduledVisit(inspectionId, { ...output, scheduledAt: at }, at);
    const detail = { process, visit, earliest: earliest ?? null, latest: latest ?? null };
    await store.audit(inspectionId, { at, actor: 'system', event: 'visit-scheduled', detail });
  }

  return output;
}

/**
 * Further monitoring (children's homes framework §77; assurance visits, next steps): the monitoring visit whose outcome
 * chose it becomes an earlier visit, and the next one, numbered, becomes current, with the window set with that
 * outcome (default 6 to 8 weeks from the visit). Run as soon as that outcome is recorded: the earlier visit keeps its
 * own report, recorded against it (a run of its own waits for it). A retry finds the visit begun and returns it again.
 */
async function beginFurtherMonitoring({ inspectionId, process }: Input, { at, store, record }: InspectionStep): Promise<Output> {
  // The current visit chose further monitoring: the next begins. Otherwise this is a retry after the next began (its
  // own outcome cannot be recorded yet, its run starts after this step): the visit begun is returned again.
  let next = nextMonitoringVisit(record);
  if (next) {
    let current = record;
    // Round again when the visit's report was recorded in between: it goes with the closed visit.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { begun, record: now } = await store.beginNextMonitoringVisit(inspectionId, closedMonitoringVisit(current)!, next, at);
      if (begun) {
        const detail = { process, number: next.number, earliest: next.earliest, latest: next.latest };
        await store.audit(inspectionId, { at, actor: 'system', event: 'further-monitoring-visit-begun', detail });
        break;
      }
      if (nextMonitoringVisit(now)?.number !== next.number) break;
      current = now;
    }
  } else {
    next = begunMonitoringVisit(record);
    if (!next) throw new ValidationError([{ field: 'visit', message: 'the current monitoring visit did not choose further monitoring' }]);
  }
  const { number, executionName, earliest, latest } = next;
  const existing = record.scheduled['further-monitoring'];
  if (existing?.earliest !== earliest || existing.latest !== latest) {
    await store.recordScheduledVisit(inspectionId, { visit: 'further-monitoring', earliest, latest, scheduledAt: at }, at);
    const detail = { process, visit: 'further-monitoring', number, earliest, latest };
    await store.audit(inspectionId, { at, actor: 'system', event: 'visit-scheduled', detail });
  }
  const previous = { number: number - 1, reportExecutionName: monitoringReportExecutionName(inspectionId, number - 1) };
  return { visit: 'further-monitoring', earliest, latest, number, executionName, previous };
}

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'schedule-visit' });
