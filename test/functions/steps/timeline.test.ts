/**
 * compute-timeline and measure-time-left: the deadlines a state machine waits on, from the regulations and the record,
 * and how long a callback wait may last before the step is escalated.
 */
import { describe, expect, it, vi } from 'vitest';
import { deadlinePath } from '../../../workflows/steps';
import { systemClock } from '../../../functions/adapters/clock';
import { repository, type NewEmail } from '../../../functions/adapters/repository';
import { NotFoundError, ValidationError } from '../../../functions/core/errors';
import { PROCESSES } from '../../../functions/core/regulations';
import { deadlineKey } from '../../../functions/core/deadlines';
import { parseLocalDate } from '../../../functions/core/calendar';
import { escalationDuty } from '../../../functions/core/escalations';
import type { ProcessId } from '../../../functions/core/regulations';
import { handler as computeTimeline } from '../../../functions/steps/compute-timeline';
import { handler as measureTimeLeft } from '../../../functions/steps/measure-time-left';
import {
  assuranceVisit,
  at,
  context,
  inadequateFullInspection,
  personalDataIn,
  stored,
  useStepEnvironment,
} from './step-harness';

useStepEnvironment({ now: '2026-12-23T10:00:00.000Z' });


describe('deadline keys', () => {
  it('are written the same way as the workflows read them, for every step id of the regulations', () => {
    const stepIds = Object.values(PROCESSES).flatMap((process) => process.steps.map((step) => step.id));
    expect(stepIds.length).toBeGreaterThan(20);
    // One deadlineKey (core/deadlines.ts): the workflows read each due instant where compute-timeline writes it.
    expect(stepIds.map((stepId) => `$.timeline.deadlines.${deadlineKey(stepId)}`)).toEqual(stepIds.map(deadlinePath));
    expect(deadlineKey('report-to-provider')).toBe('reportToProvider');
  });
});

describe('compute-timeline', () => {
  it('gives every step of the logged process its due instant under a JSONPath-safe key', async () => {
    // Prepare: a full inspection that ended on Tue 22 Dec 2026
    const record = await stored(inadequateFullInspection());

    // Act
    const output = await computeTimeline({ inspectionId: record.id, process: 'full-inspection' }, context);

    // Assess: 10 working days pass over Christmas, Boxing Day's substitute and New Year's Day
    expect(output).toEqual({
      process: 'full-inspection',
      deadlines: {
        judgementsRecorded: '2026-12-23T23:59:59.000Z',
        reportToProvider: '2027-01-08T23:59:59.000Z',
        providerComments: '2027-01-15T23:59:59.000Z',
        publish: '2027-01-29T23:59:59.000Z',
        complaintWindow: '2027-02-12T23:59:59.000Z',
      },
    });
    expect(personalDataIn(output, record)).toEqual([]);
  });

  it('records the inadequate pathway as a follow-up of the full inspection once, however often it runs', async () => {
    // Prepare
    const record = await stored(inadequateFullInspection());

    // Act
    const first = await computeTimeline({ inspectionId: record.id, process: 'inadequate' }, context);
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-23T10:05:00.000Z'));
    const retried = await computeTimeline({ inspectionId: record.id, process: 'inadequate' }, context);

    // Assess
    expect(retried).toEqual(first);
    expect(first.deadlines).toMatchObject({
      caseReview: '2026-12-23T23:59:59.000Z',
      dcsAlert: '2026-12-23T23:59:59.000Z',
      monitoringVisitEarliest: '2027-02-02T23:59:59.000Z',
      monitoringVisitLatest: '2027-02-16T23:59:59.000Z',
    });
    // No full inspection is due until a monitoring visit decides so (15.1 (b)); no DfE notice for a non-secure home.
    expect(first.deadlines).not.toHaveProperty('fullInspectionLatest');
    expect(first.deadlines).not.toHaveProperty('dfeInformed');
    const after = await repository().requireInspection(record.id);
    expect(after.followUps).toEqual({
      inadequate: { executionName: `${record.id}--inadequate`, startedAt: '2026-12-23T10:00:00.000Z', origin: 'full-inspection' },
    });
    const audit = await repository().listAudit(record.id);
    expect(audit.filter((event) => event.event === 'follow-up-recorded')).toHaveLength(1);
  });

  it('records a monitoring visit as a follow-up of the inadequate pathway when there is one', async () => {
    // Prepare
    const record = await stored(
      inadequateFullInspection({
        followUps: { inadequate: { executionName: 'x--inadequate', startedAt: '2026-12-22T17:00:00.000Z', origin: 'full-inspection' } },
      }),
    );

    // Act
    const output = await computeTimeline({ inspectionId: record.id, process: 'monitoring-visit' }, context);

    // Assess
    expect(Object.keys(output.deadlines)).toEqual(['monitoringVisitEarliest', 'monitoringVisitLatest', 'publish']);
    const after = await repository().requireInspection(record.id);
    expect(after.followUps['monitoring-visit']).toMatchObject({ origin: 'inadequate', executionName: `${record.id}--monitoring-visit` });
  });

  it('records a monitoring visit as a follow-up of the assurance visit otherwise, counted from the end of the visit', async () => {
    // Prepare: the visit ends on day 3, Wed 23 Dec 2026
    const record = await stored(assuranceVisit());

    // Act
    const output = await computeTimeline({ inspectionId: record.id, process: 'monitoring-visit' }, context);

    // Assess: 6 and 8 weeks after 23 Dec; the report 25 working days after the planned visit (§71, tracked with §82)
    expect(output.deadlines).toEqual({
      monitoringVisitEarliest: '2027-02-03T23:59:59.000Z',
      monitoringVisitLatest: '2027-02-17T23:59:59.000Z',
      publish: '2027-03-24T23:59:59.000Z',
    });
    const after = await repository().requireInspection(record.id);
    expect(after.followUps['monitoring-visit']?.origin).toBe('assurance-visit');
  });

  it('moves an inspection awaiting its outcome on once the outcome is recorded, and leaves it otherwise', async () => {
    // Prepare
    const withOutcome = await stored(inadequateFullInspection({ status: 'awaiting-outcome' }));
    const { outcome: _none, ...withoutOutcomeRecord } = inadequateFullInspection({ status: 'awaiting-outcome' });
    const withoutOutcome = await stored(withoutOutcomeRecord);

    // Act
    await computeTimeline({ inspectionId: withOutcome.id, process: 'full-inspection' }, context);
    await computeTimeline({ inspectionId: withoutOutcome.id, process: 'full-inspection' }, context);

    // Assess
    expect((await repository().requireInspection(withOutcome.id)).status).toBe('in-progress');
    expect((await repository().requireInspection(withoutOutcome.id)).status).toBe('awaiting-outcome');
  });

  it.each([
    [{ inspectionId: 'insp-1', process: 'full-inspektion' }, 'process'],
    [{ inspectionId: 'insp 1', process: 'full-inspection' }, 'inspectionId'],
    [{ process: 'full-inspection' }, 'inspectionId'],
    [{ inspectionId: 'insp-1', process: 'full-inspection', extra: true }, 'extra'],
  ])('rejects %j with a ValidationError naming %s', async (event, field) => {
    const running = computeTimeline(event, context);
    await expect(running).rejects.toBeInstanceOf(ValidationError);
    await expect(running).rejects.toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('rejects a process that is not this inspection’s nor one of its follow-ups, naming the process', async () => {
    const record = await stored(inadequateFullInspection());
    const running = computeTimeline({ inspectionId: record.id, process: 'rfc-inspection' }, context);
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'process' }] });
  });

  it('fails with a NotFoundError for an inspection that does not exist', async () => {
    await expect(computeTimeline({ inspectionId: 'insp-missing', process: 'full-inspection' }, context)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

/** The managers' escalation of a step for a working day, in the outbox as escalate-overdue leaves it. */
async function escalated(inspectionId: string, process: ProcessId, stepId: string, day: string): Promise<void> {
  const key = { inspectionId, duty: escalationDuty(process, stepId, parseLocalDate(day)), recipientKey: 'manager' };
  const template = { template: 'escalation' } as unknown as NewEmail['template'];
  await repository().claimEmail({ ...key, to: 'rim@ofsted.example', recipient: { kind: 'manager' }, template, subject: 'Escalation', createdAt: `${day}T00:00:00.000Z` });
  await repository().markEmailSent(key, undefined, `${day}T00:00:00.000Z`);
}

/** measure-time-left of one step of an inspection, at the instant given. */
function measurer(inspectionId: string, process: ProcessId, stepId: string) {
  return async (now: string) => {
    vi.mocked(systemClock.now).mockReturnValue(at(now));
    return measureTimeLeft({ inspectionId, process, stepId }, context);
  };
}

describe('measure-time-left', () => {
  it('waits until the step is due while it is not', async () => {
    // Prepare: report-to-provider is due Fri 8 Jan 2027 23:59:59 London (GMT)
    const record = await stored(inadequateFullInspection());
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-08T23:00:00.000Z'));

    // Act
    const output = await measureTimeLeft({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);

    // Assess
    expect(output).toEqual({ seconds: 3599, dueAt: '2027-01-08T23:59:59.000Z' });
  });

  it('rounds a part second up, so the wait never ends before the deadline', async () => {
    const record = await stored(inadequateFullInspection());
    vi.mocked(systemClock.now).mockReturnValue(at('2027-01-08T23:59:58.500Z'));
    const output = await measureTimeLeft({ inspectionId: record.id, process: 'full-inspection', stepId: 'report-to-provider' }, context);
    expect(output.seconds).toBe(1);
  });

  it('once overdue, waits until the next escalation (the start of the next working day it escalates on), keeping the statutory due', async () => {
    // Prepare: dcs-alert was due Wed 23 Dec 2026; its first escalation went as the deadline passed (for Thu 24 Dec)
    const record = await stored(inadequateFullInspection());
    await escalated(record.id, 'inadequate', 'dcs-alert', '2026-12-24');
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-24T12:00:00.000Z'));

    // Act
    const output = await measureTimeLeft({ inspectionId: record.id, process: 'inadequate', stepId: 'dcs-alert' }, context);
    await escalated(record.id, 'inadequate', 'dcs-alert', '2026-12-29');
    vi.mocked(systemClock.now).mockReturnValue(at('2026-12-29T00:00:00.000Z'));
    const afterSecond = await measureTimeLeft({ inspectionId: record.id, process: 'inadequate', stepId: 'dcs-alert' }, context);

    // Assess: the next working day is Tue 29 Dec (Christmas, a weekend, Boxing Day's substitute), then Wed 30 Dec
    expect(output).toEqual({ seconds: (Date.parse('2026-12-29T00:00:00.000Z') - Date.parse('2026-12-24T12:00:00.000Z')) / 1000, dueAt: '2026-12-23T23:59:59.000Z' });
    expect(afterSecond).toEqual({ seconds: 24 * 3600, dueAt: '2026-12-23T23:59:59.000Z' });
  });

  it('counts the weekly escalation in London time across Easter and the change to summer time, also when re-armed after midnight', async () => {
    // Prepare: publish was due Fri 29 Jan 2027; weekly escalations go on its 35th working day overdue (Fri 19 Mar) and
    // its 40th. Good Friday and Easter Monday pass, and the clocks go forward on Sun 28 Mar, so the 40th, Tue 30 Mar,
    // starts at 23:00 UTC on Monday
    const record = await stored(inadequateFullInspection());
    await escalated(record.id, 'full-inspection', 'publish', '2027-03-19');
    const measureAt = measurer(record.id, 'full-inspection', 'publish');

    // Act
    const onTime = await measureAt('2027-03-19T00:00:00.000Z');
    const retried = await measureAt('2027-03-19T00:00:40.000Z');

    // Assess
    expect(onTime.seconds).toBe((Date.parse('2027-03-29T23:00:00.000Z') - Date.parse('2027-03-19T00:00:00.000Z')) / 1000);
    expect(retried.seconds).toBe((Date.parse('2027-03-29T23:00:00.000Z') - Date.parse('2027-03-19T00:00:40.000Z')) / 1000);
  });

  it('wakes a wait on the report to the provider for the publication it holds back: at its deadline, then on its own cadence', async () => {
    // Prepare: report-to-provider was due Fri 8 Jan 2027 and its 15th working day overdue (Fri 29 Jan) was escalated;
    // publication is due by the end of that Friday.
    const record = await stored(inadequateFullInspection());
    await escalated(record.id, 'full-inspection', 'report-to-provider', '2027-01-29');
    const measureAt = measurer(record.id, 'full-inspection', 'report-to-provider');

    // Act
    const beforePublication = await measureAt('2027-01-29T12:00:00.000Z');
    const unsent = await measureAt('2027-02-01T09:00:00.000Z');
    await escalated(record.id, 'full-inspection', 'publish', '2027-02-01');
    const sent = await measureAt('2027-02-01T09:00:00.000Z');

    // Assess: the due instant stays the report's. Monday 1 Feb, publication's 1st working day overdue, unsent: at once
    // (the report's 16th working day is off its cadence, its 15th sent). Sent: publication's 2nd, Tue 2 Feb, comes
    // before the report's own next escalation, its 20th, Fri 5 Feb.
    expect(beforePublication).toEqual({ seconds: 12 * 3600 - 1, dueAt: '2027-01-08T23:59:59.000Z' });
    expect(unsent).toEqual({ seconds: 1, dueAt: '2027-01-08T23:59:59.000Z' });
    expect(sent.seconds).toBe(15 * 3600);
  });

  it('a wait that starts with its step overdue and not yet escalated that day ends at once on a working day, or at the start of the next one', async () => {
    // Prepare: dcs-alert was due Wed 23 Dec 2026 and nothing was escalated (the wait started after the deadline)
    const record = await stored(inadequateFullInspection());
    const measureAt = measurer(record.id, 'inadequate', 'dcs-alert');

    // Act and assess: on Thu 24 Dec, its 1st working day overdue, at once; on Sat 26 Dec, at the start of Tue 29 Dec
    expect(await measureAt('2026-12-24T12:00:00.000Z')).toEqual({ seconds: 1, dueAt: '2026-12-23T23:59:59.000Z' });
    expect((await measureAt('2026-12-26T12:00:00.000Z')).seconds).toBe((Date.parse('2026-12-29T00:00:00.000Z') - Date.parse('2026-12-26T12:00:00.000Z')) / 1000);
    // Once that day's escalation is in the outbox, the wait lasts until the next one.
    await escalated(record.id, 'inadequate', 'dcs-alert', '2026-12-24');
    expect((await measureAt('2026-12-24T12:00:00.000Z')).seconds).toBe((Date.parse('2026-12-29T00:00:00.000Z') - Date.parse('2026-12-24T12:00:00.000Z')) / 1000);
  });

  it('rejects a step that is not in the timeline with a ValidationError naming stepId', async () => {
    // Prepare: a full inspection has no final report stage
    const record = await stored(inadequateFullInspection());

    // Act
    const running = measureTimeLeft({ inspectionId: record.id, process: 'full-inspection', stepId: 'final-report-to-provider' }, context);

    // Assess
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'stepId' }] });
  });

  it('rejects a missing stepId with a ValidationError naming it', async () => {
    const running = measureTimeLeft({ inspectionId: 'insp-1', process: 'full-inspection' }, context);
    await expect(running).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'stepId' }] });
  });
});
