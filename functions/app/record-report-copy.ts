/**
 * The lead inspector (or a manager: access.ts) records that they sent a person who placed a child in the home their copy
 * of the report (SCCIF 15.4), with the London day and how. The copy is named by the notice that told the person it was
 * coming (core/report-copies.ts); it is sent on or after the day the report became final, and by today. Recorded once:
 * the same fact again is answered as the first was (`created` false); another day or means is refused (409).
 */
import { repository } from '../adapters/repository';
import { londonDateOf } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { isCopyOf, REPORT_COPY_MEANS_WORDS, reportCopiesDue, reportCopyOf, sameReportCopy, type ReportCopyDue } from '../core/report-copies';
import type { ReportCopyRecorded } from '../core/schemas';
import { requireChange } from './access';
import type { Caller } from './caller';

export interface RecordReportCopy {
  inspectionId: string;
  copy: ReportCopyRecorded;
}

const WHAT = 'record the copies of its report sent';

/** The copies a person who placed a child was told of, with whether (and when) the lead inspector sent each. */
export async function reportCopies(record: InspectionRecord): Promise<(ReportCopyDue & { sentOn?: string })[]> {
  const [emails, sent] = await Promise.all([repository().listEmails(record.id), repository().listReportCopies(record.id)]);
  return reportCopiesDue(emails).map((copy) => {
    const held = sent.find((fact) => isCopyOf(fact, copy));
    return held === undefined ? copy : { ...copy, sentOn: held.sentOn };
  });
}

export async function recordReportCopy({ inspectionId: id, copy: request }: RecordReportCopy, caller: Caller, now: Date) {
  const record = await repository().requireInspection(id);
  requireChange(record, caller, WHAT);
  const found = reportCopyOf(reportCopiesDue(await repository().listEmails(id)), request, londonDateOf(now));
  if (found.copy === undefined) throw new ValidationError(found.problems);
  const { duty, recipientKey } = found.copy;
  const { added } = await repository().addReportCopy(id, { duty, recipientKey, sentOn: request.sentOn, how: request.how, recordedBy: caller.id, recordedAt: now.toISOString() });
  if (!added) {
    const held = (await repository().listReportCopies(id)).find((fact) => isCopyOf(fact, found.copy));
    if (held !== undefined && !sameReportCopy(held, request)) {
      throw new ConflictError(`this copy of the report is already recorded as sent on ${formatDateInWords(held.sentOn)} ${REPORT_COPY_MEANS_WORDS[held.how]}`);
    }
  }
  return { inspectionId: id, copy: { recipientKey, process: found.copy.process, sentOn: request.sentOn, how: request.how }, created: added };
}
