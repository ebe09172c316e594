/**
 * Schedules a return visit inside its statutory window (VISIT_WINDOWS in core/return-visits.ts), on the record for the
 * inspector and managers only: the provider is never told when Ofsted will return (children's homes framework §10:
 * all inspections are unannounced). The output holds the kind of visit and London dates only.
 */
import * as z from 'zod';
import type { LocalDate } from '../core/calendar';
import type { ScheduledVisit } from '../core/inspection';
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
}

export async function lambdaHandler({ inspectionId, process, visit }: Input, { at, store, record, timeline }: InspectionStep): Promise<Output> {
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

export const handler = inspectionStepHandler(Input, lambdaHandler, { name: 'schedule-visit' });
