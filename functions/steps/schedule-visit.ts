/**
 * Schedules a return visit inside its statutory window (VISIT_WINDOWS in core/step-rules.ts) and, for a monitoring
 * visit, tells the provider the window. The output holds the kind of visit and London dates only.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { sendOnce } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import type { LocalDate } from '../core/calendar';
import { emailDeadline } from '../core/email-content';
import { inspectionEndDate, timelineFor, type ScheduledVisit } from '../core/inspection';
import { checkProcessOf, InspectionIdText, ProcessIdText, returnReasonFor, stepOf, VISIT_WINDOWS } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

const VISITS = Object.keys(VISIT_WINDOWS) as [ScheduledVisit['visit'], ...ScheduledVisit['visit'][]];

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, visit: z.enum(VISITS) });
export type Input = z.infer<typeof Input>;

export interface Output {
  visit: ScheduledVisit['visit'];
  earliest?: LocalDate;
  latest?: LocalDate;
}

export async function lambdaHandler({ inspectionId, process, visit }: Input, _context?: Context): Promise<Output> {
  const at = systemClock.now().toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  const timeline = timelineFor(record, process);
  const window = VISIT_WINDOWS[visit];
  const earliest = window.earliest === undefined ? undefined : stepOf(timeline, window.earliest, 'visit').dueLondonDate;
  const latest = window.latest === undefined ? undefined : stepOf(timeline, window.latest, 'visit').dueLondonDate;
  const output: Output = {
    visit,
    ...(earliest === undefined ? {} : { earliest }),
    ...(latest === undefined ? {} : { latest }),
  };

  const existing = record.scheduled[visit];
  if (!existing || existing.earliest !== earliest || existing.latest !== latest) {
    await store.recordScheduledVisit(inspectionId, { ...output, scheduledAt: at }, at);
    await store.audit(inspectionId, {
      at,
      actor: 'system',
      event: 'visit-scheduled',
      detail: { process, visit, earliest: earliest ?? null, latest: latest ?? null },
    });
  }

  if (visit === 'monitoring-visit') {
    const { status } = await sendOnce({
      inspectionId,
      duty: 'monitoring-visit-scheduled',
      recipientKey: 'provider',
      to: record.provider.email,
      recipient: { kind: 'provider' },
      template: {
        template: 'monitoringVisitScheduled',
        inspectionId,
        establishment: { urn: record.establishment.urn, name: record.establishment.name },
        providerName: record.provider.name,
        after: returnReasonFor(record.process),
        originalEndDate: inspectionEndDate(record),
        earliest: emailDeadline(timeline.steps, 'monitoring-visit-earliest'),
        latest: emailDeadline(timeline.steps, 'monitoring-visit-latest'),
      },
      now: at,
    });
    if (status === 'sent') {
      await store.audit(inspectionId, { at, actor: 'system', event: 'monitoring-visit-window-sent', detail: { process } });
    }
  }
  return output;
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'schedule-visit' });
