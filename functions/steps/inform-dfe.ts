/**
 * Notices to the Department for Education about a secure children's home (SCCIF 15.2; assurance visits "next
 * steps"): an inadequate judgement, serious or widespread concerns, the case review's proposed actions, and the
 * outcome of a monitoring visit. Other establishments are skipped.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { sendOnce, type SendOnceResult } from '../adapters/mailer';
import { repository } from '../adapters/repository';
import { londonDateOf } from '../core/calendar';
import type { DfeNoticeInput } from '../core/email-content';
import { ValidationError } from '../core/errors';
import { inspectionEndDate, timelineFor, type InspectionRecord } from '../core/inspection';
import { checkProcessOf, InspectionIdText, isCaseReviewOption, ProcessIdText, returnReasonFor } from '../core/step-rules';
import { stepHandler } from '../middleware/step';

export const NOTICES = ['inadequate-judgement', 'serious-concerns', 'proposed-actions', 'monitoring-outcome'] as const;
export type Notice = (typeof NOTICES)[number];

export const Input = z.strictObject({ inspectionId: InspectionIdText, process: ProcessIdText, notice: z.enum(NOTICES) });
export type Input = z.infer<typeof Input>;

export type Output = { status: SendOnceResult['status'] } | { skipped: true };

/** SCCIF 15.2: the 'dfe-informed' step of the inadequate pathway. */
const DFE_INFORMED = 'dfe-informed';

function missing(field: string, notice: Notice): never {
  throw new ValidationError([{ field, message: `is required on the inspection for the ${notice} notice to DfE` }]);
}

function summaryOf(record: InspectionRecord, notice: Notice): string {
  return record.outcome?.outcome.summaryOfConcerns ?? missing('outcome.summaryOfConcerns', notice);
}

function notice(record: InspectionRecord, kind: Notice): DfeNoticeInput {
  const common = {
    template: 'dfeNotice',
    inspectionId: record.id,
    establishment: { urn: record.establishment.urn, name: record.establishment.name },
  } as const;
  switch (kind) {
    case 'inadequate-judgement': {
      const after = returnReasonFor(record.process);
      if (after === 'assurance-visit-serious-concerns') {
        throw new ValidationError([{ field: 'notice', message: 'an assurance visit gives DfE the serious-concerns notice, not inadequate-judgement' }]);
      }
      return { ...common, kind, after, inspectionEndDate: inspectionEndDate(record), summaryOfConcerns: summaryOf(record, kind) };
    }
    case 'serious-concerns':
      return { ...common, kind, visitEndDate: inspectionEndDate(record), summaryOfConcerns: summaryOf(record, kind) };
    case 'proposed-actions': {
      const caseReview = record.decisions['case-review'] ?? missing('decisions.case-review', kind);
      if (!isCaseReviewOption(caseReview.decision)) missing('decisions.case-review.decision', kind);
      return {
        ...common,
        kind,
        after: returnReasonFor(record.process),
        caseReviewDate: londonDateOf(caseReview.decidedAt),
        decision: caseReview.decision,
        rationale: caseReview.rationale,
      };
    }
    case 'monitoring-outcome': {
      const monitoring = record.monitoringOutcome?.outcome ?? missing('monitoringOutcome', kind);
      return {
        ...common,
        kind,
        visitDate: monitoring.visitDate,
        outcome: monitoring.outcome,
        ...(monitoring.summaryOfConcerns === undefined ? {} : { summary: monitoring.summaryOfConcerns }),
      };
    }
  }
}

export async function lambdaHandler({ inspectionId, process, notice: kind }: Input, _context?: Context): Promise<Output> {
  const now = systemClock.now();
  const at = now.toISOString();
  const store = repository();
  const record = await store.requireInspection(inspectionId);
  checkProcessOf(record, process);
  if (record.establishment.kind !== 'secure-childrens-home') return { skipped: true };

  const tracked = process === 'inadequate' && kind === 'inadequate-judgement';
  const dueAt = tracked ? timelineFor(record, process).steps.find((step) => step.id === DFE_INFORMED)?.due : undefined;
  const { status } = await sendOnce({
    inspectionId,
    duty: `dfe-${kind}`,
    recipientKey: 'dfe',
    to: config.dfeEmail,
    recipient: { kind: 'dfe' },
    template: notice(record, kind),
    ...(dueAt === undefined ? {} : { dueAt }),
    now: at,
  });
  if (tracked && status !== 'in-flight' && !record.actuals[process]?.[DFE_INFORMED]) {
    await store.recordActual(inspectionId, process, DFE_INFORMED, londonDateOf(now), at);
  }
  if (status === 'sent') {
    await store.audit(inspectionId, { at, actor: 'system', event: 'dfe-informed', detail: { process, notice: kind } });
  }
  return { status };
}

export const handler = stepHandler(Input, lambdaHandler, { name: 'inform-dfe' });
