/**
 * GET/POST /app/follow-ups/{inspectionId}/report-copies (the lead inspector and managers; web-register.ts says why this path): records that the lead inspector sent
 * a person who placed a child their copy of the report (SCCIF 15.4), with the schema (ReportCopyRecorded) and the logic
 * (recordReportCopy) of POST /inspections/{id}/report-copies. `?to=` picks the person, from the notifications' row.
 */
import { readInspection, recordReportCopy, reportCopies, requireChange } from '../app';
import { londonDateOf } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { ConflictError, ValidationError } from '../core/errors';
import type { InspectionRecord } from '../core/inspection';
import { REPORT_COPY_MEANS_WORDS, reportCopyOf, reportFinalWords } from '../core/report-copies';
import { parseWith, REPORT_COPY_MEANS, ReportCopyRecorded, type FieldError } from '../core/schemas';
import { inspectionIdFrom } from '../middleware/path-parameters';
import { fieldTable, formErrors, NO_ERRORS, type FormErrors } from './form-errors';
import { dateValues, formFields } from './form-fields';
import { dateOf, page, redirect, textOf, valuesOf, type PageHandler, type PageResult } from './page';

const WHAT = 'record the copies of its report sent';

const FIELDS = fieldTable([
  { path: 'recipientKey', id: 'recipientKey', label: 'Who you sent it to', whenMissing: 'Select who you sent the report to' },
  { path: 'sentOn', id: 'sentOn', href: '#sentOn-day', date: true, label: 'Date you sent it', whenMissing: 'Enter the date you sent the report' },
  { path: 'how', id: 'how', label: 'How you sent it', whenMissing: 'Select how you sent the report' },
]);

async function formPage(record: InspectionRecord, values: Record<string, string>, errors: FormErrors): Promise<PageResult> {
  // One radio a copy still to send (a person told of two reports is asked of each: the key carries the process).
  const toSend = (await reportCopies(record)).filter((copy) => copy.sentOn === undefined);
  const build = formFields({ values, errors });
  return page(
    'report-copies',
    `Record a copy of the report sent – ${record.establishment.name}`,
    {
      record: { id: record.id, name: record.establishment.name, urn: record.establishment.urn },
      fields:
        toSend.length === 0
          ? []
          : [
              build.radios(
                'recipientKey',
                'Who you sent it to',
                toSend.map((copy) => ({ value: `${copy.recipientKey} ${copy.process}`, text: copy.placerName, hint: `Told when the report was ${reportFinalWords(copy)}, on ${formatDateInWords(copy.issuedOn)}, that it is coming` })),
              ),
              build.date('sentOn', 'Date you sent it', 'Today’s date is filled in: change it if you sent it on another day. For example, 23 12 2026'),
              build.radios('how', 'How you sent it', REPORT_COPY_MEANS.map((value) => ({ value, text: REPORT_COPY_MEANS_WORDS[value].replace(/^by/, 'By') }))),
            ],
      errors,
    },
    { nav: 'inspections', hasErrors: errors.summary.length > 0 },
  );
}

export const reportCopyForm: PageHandler = async ({ params, query, user, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, WHAT);
  const chosen = (await reportCopies(record)).find((copy) => copy.recipientKey === query.to && copy.sentOn === undefined);
  return formPage(record, { ...dateValues('sentOn', londonDateOf(now)), ...(chosen ? { recipientKey: `${chosen.recipientKey} ${chosen.process}` } : {}) }, NO_ERRORS);
};

export const submitReportCopy: PageHandler = async ({ params, user, form, now }) => {
  const record = await readInspection(inspectionIdFrom(params));
  requireChange(record, user, WHAT);
  // The form asks the person and the report with one radio: a problem with either is shown beside it.
  const showErrors = (errors: readonly FieldError[]) =>
    formPage(record, valuesOf(form), formErrors(errors.map((error) => (error.field === 'process' ? { ...error, field: 'recipientKey' } : error)), FIELDS.fieldsOf, FIELDS.order));
  const [recipientKey, process] = (textOf(form, 'recipientKey') ?? '').split(' ');
  const fields = { recipientKey: recipientKey || undefined, process: process || undefined, sentOn: dateOf(form, 'sentOn'), how: textOf(form, 'how') };
  const parsed = parseWith(ReportCopyRecorded, fields);
  if (!parsed.ok) {
    // How it was sent missing, the person and the day are checked too: all the problems at once, not in rounds.
    const rest = parseWith(ReportCopyRecorded, { ...fields, how: REPORT_COPY_MEANS[0] });
    const more = rest.ok ? reportCopyOf(await reportCopies(record), rest.value, londonDateOf(now)).problems : [];
    return showErrors([...parsed.errors, ...more]);
  }
  try {
    await recordReportCopy({ inspectionId: record.id, copy: parsed.value }, user, now);
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.errors);
    if (error instanceof ConflictError) return showErrors([{ field: 'recipientKey', message: error.message }]);
    throw error;
  }
  return redirect(`/app/inspections/${encodeURIComponent(record.id)}?done=report-copy`);
};
