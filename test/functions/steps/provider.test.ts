/**
 * What the provider is sent and when: the assurance-visit letter (send-provider-letter), each report stage
 * (issue-report) and the window of a return visit (schedule-visit).
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/adapters/clock';
import { repository } from '../../../functions/adapters/repository';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { InspectionRecord, RecordedOutcome } from '../../../functions/core/inspection';
import { handler as issueReport } from '../../../functions/steps/issue-report';
import { handler as scheduleVisit } from '../../../functions/steps/schedule-visit';
import { handler as sendProviderLetter } from '../../../functions/steps/send-provider-letter';
import {
  assuranceVisit,
  at,
  context,
  inadequateFullInspection,
  personalDataIn,
  sentEmails,
  stored,
  SUMMARY,
  useStepEnvironment,
} from './step-harness';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  ses.restore();
  sfn.restore();
});

useStepEnvironment({ now: '2026-12-21T09:20:00.000Z', ses, sfn });


const now = (instant: string) => vi.mocked(systemClock.now).mockReturnValue(at(instant));

const monitoringOutcome: RecordedOutcome<'monitoring-visit'> = {
  outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: parseLocalDate('2027-02-09') },
  recordedBy: 'inspector-1',
  recordedAt: '2027-02-09T17:00:00.000Z',
};

function rfcInspection(overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  return inadequateFullInspection({
    process: 'rfc-inspection',
    establishment: { urn: '1234567', name: 'Birch Family Centre', kind: 'residential-family-centre', hostAuthority: 'E09000007' },
    outcome: {
      outcome: {
        process: 'rfc-inspection',
        overall: 'inadequate',
        assessment: 'inadequate',
        helpedAndProtected: 'requires-improvement',
        leadersAndManagers: 'inadequate',
        partners: 'good',
        immediateRiskOfHarm: false,
        breachOfRegulationsConstitutingOffence: false,
        breachOfRegistrationConditions: false,
        lastInspectionInadequate: true,
        summaryOfConcerns: SUMMARY,
      },
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-22T16:00:00.000Z',
    },
    ...overrides,
  });
}

describe('send-provider-letter', () => {
  it('emails the provider the arrangements and the 13:00 deadline once, and marks the letter sent on day 1', async () => {
    // Prepare: day 1 is Mon 21 Dec 2026
    const { outcome: _none, ...record } = assuranceVisit({ status: 'awaiting-outcome', inspectorEmail: 'ann.inspector@ofsted.example' });
    await stored(record);

    // Act
    const output = await sendProviderLetter({ inspectionId: record.id, process: 'assurance-visit' }, context);
    const retried = await sendProviderLetter({ inspectionId: record.id, process: 'assurance-visit' }, context);

    // Assess
    expect(output).toEqual({ status: 'sent' });
    expect(retried).toEqual({ status: 'already-sent' });
    const emails = sentEmails(ses);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: record.provider.email, subject: 'Assurance visit: arrangements and information requested, URN SC654321' });
    expect(emails[0]!.text).toContain('Please send us the following by Monday 21 December 2026 at 13:00 (London time)');
    expect(emails[0]!.text).toContain('Monday 21 December 2026 (day 1) to Wednesday 23 December 2026');
    // Where to send it: a reply reaches the lead inspector, when their address is known (new-user walk: none was given).
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ReplyToAddresses).toEqual(['ann.inspector@ofsted.example']);
    expect(emails[0]!.text).toContain(`Reply to this email to send them to the lead inspector, ${record.inspectorName} (ann.inspector@ofsted.example).`);
    const after = await repository().requireInspection(record.id);
    expect(after.actuals['assurance-visit']).toEqual({ 'provider-letter': '2026-12-21' });
    const [email] = await repository().listEmails(record.id);
    expect(email).toMatchObject({ duty: 'provider-letter', recipientKey: 'provider', dueAt: '2026-12-21T23:59:59.000Z' });
  });

  it('says the visit was announced "today" when sent on day 1, and names day 1 when sent later', async () => {
    // Prepare: day 1 is Mon 21 Dec 2026; the second visit's letter goes out on Tue 22 Dec (logged late)
    const { outcome: _none, ...onDay1 } = assuranceVisit({ status: 'awaiting-outcome' });
    const { outcome: _too, ...late } = assuranceVisit({ id: 'insp-late', status: 'awaiting-outcome' });
    await stored(onDay1);
    await stored(late);

    // Act
    await sendProviderLetter({ inspectionId: onDay1.id, process: 'assurance-visit' }, context);
    now('2026-12-22T08:30:00.000Z');
    await sendProviderLetter({ inspectionId: late.id, process: 'assurance-visit' }, context);

    // Assess
    const [sentOnDay1, sentLate] = sentEmails(ses);
    expect(sentOnDay1!.text).toContain('announced by telephone today. The visit started with that call.');
    expect(sentLate!.text).toContain('announced by telephone on Monday 21 December 2026. The visit started with that call.');
    expect(sentLate!.text).not.toContain('today');
  });

  it('refuses an inspection that is not an assurance visit, naming the process', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(sendProviderLetter({ inspectionId: record.id, process: 'assurance-visit' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'process' }],
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('rejects another process with a ValidationError naming it', async () => {
    await expect(sendProviderLetter({ inspectionId: 'insp-1', process: 'full-inspection' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'process' }],
    });
  });
});

describe('issue-report', () => {
  const recorded = (process: string, steps: Record<string, string>) => ({ actuals: { [process]: steps } }) as Partial<InspectionRecord>;

  it('tells the provider once, with the comments deadline counted from the day the report was recorded as sent', async () => {
    // Prepare: the inspector recorded the report as sent on Thu 7 Jan 2027, a day before it is due
    const record = await stored(inadequateFullInspection(recorded('full-inspection', { 'report-to-provider': '2027-01-07' })));
    now('2027-01-07T15:00:00.000Z');

    // Act
    const output = await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);
    const retried = await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);

    // Assess: comments within 5 working days of receiving it, Thu 14 Jan
    expect(output).toEqual({ stage: 'report-to-provider', issuedOn: '2027-01-07', sent: 1 });
    expect(retried).toEqual({ stage: 'report-to-provider', issuedOn: '2027-01-07', sent: 0 });
    const emails = sentEmails(ses);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe('Report for your comments: full inspection ended 22 December 2026, URN SC123456');
    expect(emails[0]!.text).toContain('Please send us any comments by Thursday 14 January 2027 at 23:59 (London time)');
    expect(emails[0]!.text).toContain('full inspection of Willow House (URN SC123456) that ended on Tuesday 22 December 2026');
    expect((await repository().requireInspection(record.id)).actuals['full-inspection']).toEqual({ 'judgements-recorded': '2026-12-22', 'report-to-provider': '2027-01-07' });
    expect(personalDataIn(output, record)).toEqual([]);
    const [email] = await repository().listEmails(record.id);
    expect(email).toMatchObject({ duty: 'report:full-inspection:report-to-provider', dueAt: '2027-01-08T23:59:59.000Z' });
  });

  it('lets the provider reply to the lead inspector: Reply-To and a line naming them, when their address is known (new-user walk: no way to send comments)', async () => {
    const record = await stored(inadequateFullInspection({ ...recorded('full-inspection', { 'report-to-provider': '2027-01-07' }), inspectorEmail: 'ann.inspector@ofsted.example' }));
    now('2027-01-07T15:00:00.000Z');

    await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);

    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input.ReplyToAddresses).toEqual(['ann.inspector@ofsted.example']);
    expect(sentEmails(ses)[0]!.text).toContain(`Reply to this email to send your comments to the lead inspector, ${record.inspectorName} (ann.inspector@ofsted.example).`);
  });

  it('counts the comments from a report recorded late, not from its due day', async () => {
    const record = await stored(inadequateFullInspection(recorded('full-inspection', { 'report-to-provider': '2027-01-12' })));
    now('2027-01-13T09:00:00.000Z');
    await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);
    // 5 working days after Tue 12 Jan: Tue 19 Jan
    expect(sentEmails(ses)[0]!.text).toContain('Please send us any comments by Tuesday 19 January 2027');
  });

  it('refuses to tell the provider about a stage nobody recorded, naming stepId', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'stepId' }],
    });
    expect(sentEmails(ses)).toHaveLength(0);
  });

  it('tells the provider of a children’s home how long complaints stay open after publication (§104)', async () => {
    const record = await stored(inadequateFullInspection(recorded('full-inspection', { publish: '2027-01-29' })));
    now('2027-01-29T12:00:00.000Z');
    await issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'publish' }, context);
    const [email] = sentEmails(ses);
    expect(email!.subject).toBe('Report published: full inspection ended 22 December 2026, URN SC123456');
    expect(email!.text).toContain('was published on Friday 29 January 2027');
    expect(email!.text).toContain('If you wish to complain about the report, please do so by Friday 12 February 2027');
  });

  it('sends an assurance visit’s final report with the complaint window counted from it', async () => {
    const record = await stored(assuranceVisit(recorded('assurance-visit', { 'final-report-to-provider': '2027-02-03' })));
    now('2027-02-03T12:00:00.000Z');
    await issueReport({ inspectionId: record.id, process: 'assurance-visit', stepId: 'final-report-to-provider' }, context);
    const [email] = sentEmails(ses);
    expect(email!.subject).toBe('Final report: assurance visit ended 23 December 2026, URN SC654321');
    expect(email!.text).toContain('please do so by Wednesday 10 February 2027');
  });

  it('publishes an assurance visit’s report without a complaint window (it counted from the final report)', async () => {
    const record = await stored(assuranceVisit(recorded('assurance-visit', { publish: '2027-02-17' })));
    now('2027-02-17T12:00:00.000Z');
    await issueReport({ inspectionId: record.id, process: 'assurance-visit', stepId: 'publish' }, context);
    expect(sentEmails(ses)[0]!.text).not.toContain('complain');
  });

  it('tells the provider the monitoring visit’s report was published, naming the day of the visit', async () => {
    // Prepare: the visit (recorded with its outcome) on Tue 9 Feb; the report recorded as published on Wed 10 Feb
    const record = await stored(
      inadequateFullInspection({
        monitoringOutcome,
        actuals: {
          'monitoring-visit': { 'monitoring-visit-latest': parseLocalDate('2027-02-09'), publish: parseLocalDate('2027-02-10') },
          inadequate: { 'monitoring-visit-latest': parseLocalDate('2027-02-09') },
        },
        followUps: {
          inadequate: { executionName: 'x--inadequate', startedAt: '2026-12-22T17:00:00.000Z', origin: 'full-inspection' },
          'monitoring-visit': { executionName: 'x--monitoring-visit', startedAt: '2027-01-05T10:00:00.000Z', origin: 'inadequate' },
        },
      }),
    );
    now('2027-02-10T12:00:00.000Z');

    // Act
    const output = await issueReport({ inspectionId: record.id, process: 'monitoring-visit', stepId: 'publish' }, context);

    // Assess
    expect(output).toEqual({ stage: 'publish', issuedOn: '2027-02-10', sent: 1 });
    expect(sentEmails(ses)[0]!.text).toContain('monitoring visit to Willow House (URN SC123456) on Tuesday 9 February 2027');
  });

  it('rejects a report stage the process does not have, naming stepId', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(
      issueReport({ inspectionId: record.id, process: 'full-inspection', stepId: 'final-report-to-provider' }, context),
    ).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'stepId' }] });
  });

  it.each([
    [{ inspectionId: 'insp-1', process: 'inadequate', stepId: 'publish' }, 'process'],
    [{ inspectionId: 'insp-1', process: 'full-inspection', stepId: 'case-review' }, 'stepId'],
  ])('rejects %j with a ValidationError naming %s', async (event, field) => {
    await expect(issueReport(event, context)).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field }] });
  });
});

describe('schedule-visit', () => {
  beforeEach(() => {
    now('2026-12-24T10:00:00.000Z');
  });

  it('schedules the monitoring visit within 6 to 8 weeks of the inspection, and never tells the provider when (CHF §10: unannounced)', async () => {
    // Prepare: the inspection ended Tue 22 Dec 2026
    const record = await stored(inadequateFullInspection());

    // Act
    const output = await scheduleVisit({ inspectionId: record.id, process: 'inadequate', visit: 'monitoring-visit' }, context);
    const retried = await scheduleVisit({ inspectionId: record.id, process: 'inadequate', visit: 'monitoring-visit' }, context);

    // Assess
    expect(output).toEqual({ visit: 'monitoring-visit', earliest: '2027-02-02', latest: '2027-02-16' });
    expect(retried).toEqual(output);
    expect(sentEmails(ses)).toEqual([]);
    const after = await repository().requireInspection(record.id);
    expect(after.scheduled['monitoring-visit']).toEqual({ ...output, scheduledAt: '2026-12-24T10:00:00.000Z' });
    expect((await repository().listAudit(record.id)).filter((event) => event.event === 'visit-scheduled')).toHaveLength(1);
    expect(personalDataIn(output, record)).toEqual([]);
  });

  it('schedules a return full inspection in the same window without emailing', async () => {
    const record = await stored(inadequateFullInspection());
    const output = await scheduleVisit({ inspectionId: record.id, process: 'inadequate', visit: 'return-full-inspection' }, context);
    expect(output).toEqual({ visit: 'return-full-inspection', earliest: '2027-02-02', latest: '2027-02-16' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('schedules the full inspection within 16 weeks of the original inspection', async () => {
    // The monitoring visit decided to schedule a full inspection (15.1 (b)).
    const record = await stored(
      inadequateFullInspection({
        monitoringOutcome: { ...monitoringOutcome, outcome: { ...monitoringOutcome.outcome, outcome: 'full-inspection' } } as RecordedOutcome<'monitoring-visit'>,
      }),
    );
    const output = await scheduleVisit({ inspectionId: record.id, process: 'inadequate', visit: 'full-inspection' }, context);
    expect(output).toEqual({ visit: 'full-inspection', latest: '2027-04-13' });
  });

  it('begins the 2nd monitoring visit as soon as the 1st chose further monitoring, its report still to come: numbered, its own run name, 6 to 8 weeks on (§71, §77), once on a retry', async () => {
    const record = await stored(
      inadequateFullInspection({
        monitoringOutcome: { ...monitoringOutcome, outcome: { ...monitoringOutcome.outcome, stepsTowardsCancellation: ['notice-of-proposal-to-cancel'] } },
        followUps: { 'monitoring-visit': { executionName: 'insp-0001--monitoring-visit', startedAt: '2026-12-24T10:00:00.000Z', origin: 'inadequate' } },
        actuals: { 'monitoring-visit': { 'monitoring-visit-latest': parseLocalDate('2027-02-09') } },
      }),
    );
    const input = { inspectionId: record.id, process: 'inadequate' as const, visit: 'further-monitoring' as const };
    const begun = {
      visit: 'further-monitoring',
      earliest: '2027-03-23',
      latest: '2027-04-06',
      number: 2,
      executionName: `${record.id}--monitoring-visit-2`,
      // The 1st visit's report is waited for by a run of its own.
      previous: { number: 1, reportExecutionName: `${record.id}--monitoring-visit-report` },
    };
    expect(await scheduleVisit(input, context)).toEqual(begun);
    const after = await repository().requireInspection(record.id);
    expect(after).toMatchObject({ monitoringVisitNumber: 2, followUps: { 'monitoring-visit': { executionName: `${record.id}--monitoring-visit-2` } } });
    expect(after.monitoringOutcome).toBeUndefined();
    expect(after.actuals['monitoring-visit']).toBeUndefined();
    expect(after.monitoringVisits).toMatchObject([{ number: 1, actuals: { 'monitoring-visit-latest': '2027-02-09' }, executionName: 'insp-0001--monitoring-visit' }]);
    expect(after.monitoringVisits?.[0]?.actuals.publish).toBeUndefined();
    expect(after.scheduled['further-monitoring']).toMatchObject({ earliest: '2027-03-23', latest: '2027-04-06' });

    // A retry returns the visit begun and begins no 3rd.
    expect(await scheduleVisit(input, context)).toEqual(begun);
    expect((await repository().requireInspection(record.id)).monitoringVisits).toHaveLength(1);
  });

  it('refuses to begin further monitoring when the current visit did not choose it, naming the visit', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(scheduleVisit({ inspectionId: record.id, process: 'inadequate', visit: 'further-monitoring' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('schedules a residential family centre’s next inspection within 12 months of an inadequate one (§45)', async () => {
    const record = await stored(rfcInspection());
    const output = await scheduleVisit({ inspectionId: record.id, process: 'rfc-inspection', visit: 'next-inspection' }, context);
    expect(output).toEqual({ visit: 'next-inspection', latest: '2027-12-22' });
  });

  it('rejects a visit whose window the timeline does not have, naming the visit', async () => {
    const record = await stored(inadequateFullInspection());
    await expect(
      scheduleVisit({ inspectionId: record.id, process: 'full-inspection', visit: 'monitoring-visit' }, context),
    ).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'visit' }] });
  });

  it('rejects an unknown visit with a ValidationError naming it', async () => {
    await expect(scheduleVisit({ inspectionId: 'insp-1', process: 'inadequate', visit: 'picnic' }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'visit' }],
    });
  });
});
