/**
 * SCCIF 15.4: a person who placed a child in the home themselves (a parent) is sent a copy of the inspection report by
 * the lead inspector. When the report is final the system tells each of them it is coming (the `report-copy:<process>`
 * notice, core/reports.ts) and asks the lead inspector to send it; the lead inspector records that they did, with the
 * day and how (a person's step: a recorded fact, never assumed). One fact per notice: the notice's duty and its
 * recipient's key name the copy.
 */
import type { LocalDate } from './calendar';
import { formatDateInWords } from './email-content';
import { alertsSentInError, type OutboxEmail } from './inspection-views';
import type { FieldError, ReportCopyMeans, ReportCopyRecorded } from './schemas';

export const REPORT_COPY_MEANS_WORDS: Record<ReportCopyMeans, string> = { email: 'by email', post: 'by post', 'by-hand': 'by hand' };

const COPY_DUTY = /^report-copy:([a-z-]+)$/;

/** As stored: with the notice it answers, who recorded it and when. */
export interface ReportCopySent extends Omit<ReportCopyRecorded, 'process'> {
  /** The notice's duty, `report-copy:<process>`. */
  duty: string;
  recordedBy: string;
  recordedAt: string;
}

/** A copy the lead inspector is to send: a notice told the person it is coming. */
export interface ReportCopyDue {
  duty: string;
  recipientKey: string;
  process: string;
  /** The day the report became final (the notice's): a copy cannot be sent before it. */
  issuedOn: LocalDate;
  /** How it became final: published, or (an assurance visit's) sent to the provider as the final report. */
  stage: 'published' | 'final-report-to-provider';
  placerName: string;
}

/** How the report became final, in words: "published", or "sent to the provider as final". */
export function reportFinalWords(copy: Pick<ReportCopyDue, 'stage'>): string {
  return copy.stage === 'published' ? 'published' : 'sent to the provider as final';
}

type Notice = Pick<OutboxEmail, 'duty' | 'recipientKey' | 'status'> & { template?: unknown };

/** The template fields of a copy notice (core/email-content.ts ReportCopyForPlacerInput) that name the copy. */
function noticeFields(template: unknown): Pick<ReportCopyDue, 'issuedOn' | 'stage' | 'placerName'> | undefined {
  if (typeof template !== 'object' || template === null) return undefined;
  const fields = template as { template?: unknown; issuedOn?: unknown; placerName?: unknown; stage?: unknown };
  return fields.template === 'reportCopyForPlacer' && typeof fields.issuedOn === 'string' && typeof fields.placerName === 'string'
    ? { issuedOn: fields.issuedOn as LocalDate, stage: fields.stage === 'published' ? 'published' : 'final-report-to-provider', placerName: fields.placerName }
    : undefined;
}

/**
 * The copies to send: one per notice, delivered or not (a notice that bounced still promised the report: it goes by
 * post), except to a person later told their alert was sent to them in error (they will not be sent the report).
 */
export function reportCopiesDue(emails: readonly Notice[]): ReportCopyDue[] {
  const inError = alertsSentInError(emails);
  return emails.flatMap((email) => {
    const process = COPY_DUTY.exec(email.duty)?.[1];
    const fields = noticeFields(email.template);
    if (process === undefined || fields === undefined || inError.has(email.recipientKey)) return [];
    return [{ duty: email.duty, recipientKey: email.recipientKey, process, ...fields }];
  });
}

/** The copy a request names, or what is wrong with it, each problem naming its field. */
export function reportCopyOf(
  due: readonly ReportCopyDue[],
  request: ReportCopyRecorded,
  today: LocalDate,
): { copy: ReportCopyDue; problems: [] } | { copy?: undefined; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const mine = due.filter((copy) => copy.recipientKey === request.recipientKey);
  const chosen = request.process === undefined ? mine : mine.filter((copy) => copy.process === request.process);
  if (mine.length === 0) {
    const told = [...new Set(due.map((copy) => copy.recipientKey))].sort();
    problems.push({
      field: 'recipientKey',
      message:
        `"${request.recipientKey}" was not told a copy of the report is coming: a copy is recorded for a person who placed a child and was sent that notice (SCCIF 15.4); ` +
        (told.length === 0 ? 'none has been sent for this inspection (it is sent when the report is final)' : `sent to: ${told.join(', ')}`),
    });
  } else if (chosen.length !== 1) {
    const reports = mine.map((copy) => copy.process).sort();
    problems.push({
      field: 'process',
      message: request.process === undefined ? `is required: this person was told of more than one report (${reports.join(', ')})` : `must be one of the reports this person was told of: ${reports.join(', ')}`,
    });
  }
  const copy = chosen.length === 1 ? chosen[0] : undefined;
  if (request.sentOn > today) problems.push({ field: 'sentOn', message: `${formatDateInWords(request.sentOn)} is in the future: record a copy once it has been sent` });
  else if (copy !== undefined && request.sentOn < copy.issuedOn) {
    problems.push({ field: 'sentOn', message: `cannot be before the report was ${reportFinalWords(copy)}, on ${formatDateInWords(copy.issuedOn)}` });
  }
  return copy !== undefined && problems.length === 0 ? { copy, problems: [] } : { problems };
}

/** Whether a recorded copy answers a notice (or a copy due): the notice's duty and its recipient's key name the copy. */
export const isCopyOf = (fact: Pick<ReportCopySent, 'duty' | 'recipientKey'>, notice: Pick<ReportCopyDue, 'duty' | 'recipientKey'>): boolean =>
  fact.duty === notice.duty && fact.recipientKey === notice.recipientKey;

/** The same fact: recorded again (a retried request), it is answered as the first was. */
export const sameReportCopy = (held: Pick<ReportCopySent, 'sentOn' | 'how'>, request: Pick<ReportCopyRecorded, 'sentOn' | 'how'>): boolean =>
  held.sentOn === request.sentOn && held.how === request.how;
