/**
 * The copies of a report the lead inspector sends to people who placed a child themselves (SCCIF 15.4), recorded as
 * facts (functions/core/report-copies.ts): which copies are to send, and what a request to record one may say.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { ALERT_SENT_IN_ERROR_DUTY, DCS_ALERT_DUTY } from '../../functions/core/inspection-views';
import { reportCopiesDue, reportCopyOf, sameReportCopy, type ReportCopyDue } from '../../functions/core/report-copies';
import { placerCopies } from '../../functions/core/reports';
import { inspectionRecord } from '../adapters/inspection-fixtures';

const PAT = 'placer:00000000000000aa';
const LEE = 'placer:00000000000000bb';
const record = inspectionRecord({
  children: [
    { initials: 'AB', placement: { lookedAfter: false, placedBy: { name: 'Pat Parent', email: 'pat@parent.example' } } },
    { initials: 'CD', placement: { lookedAfter: false, placedBy: { name: 'Lee Carer', email: 'lee@carer.example' } } },
  ],
});
const alertTo = (recipientKey: string, to: string) => ({ duty: DCS_ALERT_DUTY, status: 'sent' as const, recipientKey, to, recipient: { kind: 'placer' as const } });
const ALERTS = [alertTo(PAT, 'pat@parent.example'), alertTo(LEE, 'lee@carer.example')];
const FINAL_ON = parseLocalDate('2027-01-20');

/** The notices as issue-report sends them (core/reports.ts placerCopies), as the outbox holds them. */
function notices(process: 'full-inspection' | 'interim-inspection' = 'full-inspection', issuedOn: LocalDate = FINAL_ON) {
  return placerCopies(record, process, ALERTS, issuedOn).map((copy) => ({ ...copy, status: 'sent' as const }));
}

describe('reportCopiesDue', () => {
  it('lists one copy a notice, with its process, the day the report was final and the person’s name', () => {
    expect(reportCopiesDue([...ALERTS, ...notices()])).toEqual([
      { duty: 'report-copy:full-inspection', recipientKey: PAT, process: 'full-inspection', issuedOn: FINAL_ON, stage: 'published', placerName: 'Pat Parent' },
      { duty: 'report-copy:full-inspection', recipientKey: LEE, process: 'full-inspection', issuedOn: FINAL_ON, stage: 'published', placerName: 'Lee Carer' },
    ]);
  });

  it('keeps a notice that failed or bounced (the report still goes, by post), and none to a person told their alert was sent in error', () => {
    const [pat, lee] = notices();
    const failed = { ...pat!, status: 'failed' as const };
    expect(reportCopiesDue([failed, lee!]).map((copy) => copy.recipientKey)).toEqual([PAT, LEE]);
    const toldInError = { duty: ALERT_SENT_IN_ERROR_DUTY, status: 'sent' as const, recipientKey: LEE };
    expect(reportCopiesDue([failed, lee!, toldInError]).map((copy) => copy.recipientKey)).toEqual([PAT]);
  });

  it('is empty before any report is final: the alerts alone promise a copy, they are not one', () => {
    expect(reportCopiesDue(ALERTS)).toEqual([]);
  });
});

describe('reportCopyOf', () => {
  const due = reportCopiesDue(notices());
  const today = parseLocalDate('2027-01-22');
  const request = { recipientKey: PAT, sentOn: parseLocalDate('2027-01-21'), how: 'post' as const };

  it('names the copy of a person told of one report, sent between the day it was final and today', () => {
    expect(reportCopyOf(due, request, today)).toEqual({ copy: due[0], problems: [] });
    expect(reportCopyOf(due, { ...request, sentOn: FINAL_ON }, today).problems).toEqual([]);
    expect(reportCopyOf(due, { ...request, sentOn: today }, today).problems).toEqual([]);
  });

  it('refuses a day before the report was final, or after today, naming sentOn', () => {
    expect(reportCopyOf(due, { ...request, sentOn: parseLocalDate('2027-01-19') }, today).problems).toEqual([
      { field: 'sentOn', message: 'cannot be before the report was published, on Wednesday 20 January 2027' },
    ]);
    expect(reportCopyOf(due, { ...request, sentOn: parseLocalDate('2027-01-23') }, today).problems).toEqual([
      { field: 'sentOn', message: 'Saturday 23 January 2027 is in the future: record a copy once it has been sent' },
    ]);
  });

  it('refuses a person not told a copy is coming, naming recipientKey and those who were', () => {
    expect(reportCopyOf(due, { ...request, recipientKey: 'placer:00000000000000cc' }, today).problems).toEqual([
      {
        field: 'recipientKey',
        message: `"placer:00000000000000cc" was not told a copy of the report is coming: a copy is recorded for a person who placed a child and was sent that notice (SCCIF 15.4); sent to: ${PAT}, ${LEE}`,
      },
    ]);
    expect(reportCopyOf([], request, today).problems).toEqual([
      {
        field: 'recipientKey',
        message: `"${PAT}" was not told a copy of the report is coming: a copy is recorded for a person who placed a child and was sent that notice (SCCIF 15.4); none has been sent for this inspection (it is sent when the report is final)`,
      },
    ]);
  });

  it('asks which report when the person was told of two, and refuses one they were not told of', () => {
    const two: ReportCopyDue[] = reportCopiesDue([...notices(), ...notices('interim-inspection', parseLocalDate('2027-01-21'))]);
    expect(reportCopyOf(two, request, today).problems).toEqual([
      { field: 'process', message: 'is required: this person was told of more than one report (full-inspection, interim-inspection)' },
    ]);
    expect(reportCopyOf(two, { ...request, process: 'rfc-inspection' }, today).problems).toEqual([
      { field: 'process', message: 'must be one of the reports this person was told of: full-inspection, interim-inspection' },
    ]);
    const interim = reportCopyOf(two, { ...request, process: 'interim-inspection' }, today);
    expect(interim.copy).toMatchObject({ duty: 'report-copy:interim-inspection', recipientKey: PAT });
    // The day is checked against the report named: the interim one was final a day later.
    expect(reportCopyOf(two, { ...request, process: 'interim-inspection', sentOn: FINAL_ON }, today).problems).toEqual([
      { field: 'sentOn', message: 'cannot be before the report was published, on Thursday 21 January 2027' },
    ]);
  });
});

describe('sameReportCopy', () => {
  it('is the same fact when the day and the means are', () => {
    const held = { sentOn: parseLocalDate('2027-01-21'), how: 'post' as const };
    expect(sameReportCopy(held, { ...held })).toBe(true);
    expect(sameReportCopy(held, { ...held, how: 'email' })).toBe(false);
    expect(sameReportCopy(held, { ...held, sentOn: parseLocalDate('2027-01-22') })).toBe(false);
  });
});
