/**
 * Outages in the middle of the inadequate pathway (issue 12): the local runtime's fault injection (infra/local/faults.ts)
 * makes SES refuse connections, or DynamoDB throttle every request, for 6 hours of virtual time right after the
 * inspector records the inadequate judgement. Whatever is down, once it is back:
 *   - every run succeeds, in the end state its process calls for, and nothing went to the failure path;
 *   - every email was sent exactly once (the SES store, matched to the outbox by message id);
 *   - operations were told, through the operations topic (SNS), not SES;
 * and for SES, the notifications list shows each DCS alert as delayed, with the reason.
 * Both outages happen in one run of the pathway, hours apart (SES from the judgement, DynamoDB from an hour before the
 * urgent case review's deadline the next working day), and each test checks its own outage on it: running the pathway
 * once for each was 1.5-2 s more CPU for the same checks. Run alone (-t), a test runs the pathway itself.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SES_MAX_ATTEMPTS, useEmailService } from '../../functions/adapters/mailer';
import { InspectionRepository, repository, useRepository } from '../../functions/adapters/repository';
import { addWorkingDays, londonDateOf, londonTimeOn } from '../../functions/core/calendar';
import { EXPECTED_RUNS, expectEmailsExactlyOnce, expectRuns, inadequateInspectionFlow, USERS } from './e2e-flows';
import { advanceTo, call, execution, request, startTestRuntime, type TestRuntime } from './runtime-driver';
import { zeroDelayRetries } from '../support/zero-delay-retries';

const HOUR = 3_600_000;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime('2027-01-04T08:00:00Z', 'servers');
  // The handlers' SDK clients with the attempts the adapters give them (DynamoDB's default 3, SES_MAX_ATTEMPTS) and
  // the same retryable errors, without the back-off sleep: in a 6-hour outage every attempt fails, and the sleeps
  // (real time, seconds per call) were most of what this file spent. Step Functions' retries still wait on the
  // virtual clock, which is what these tests are about.
  // Without the SDK's logger middleware, as the adapters' own DynamoDB client (functions/adapters/dynamodb-sdk.ts).
  const dynamodb = new DynamoDBClient({ retryStrategy: zeroDelayRetries(3) });
  dynamodb.middlewareStack.remove('loggerMiddleware');
  useRepository(new InspectionRepository({ client: dynamodb }));
  useEmailService(new SESv2Client({ retryStrategy: zeroDelayRetries(SES_MAX_ATTEMPTS) }));
}, 120_000);

afterAll(async () => {
  useRepository(undefined);
  useEmailService(undefined);
  await rt?.stop();
});

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  rt.runtime.faults.clear();
  return () => {
    vi.restoreAllMocks();
  };
});

interface ThroughOutages {
  inspectionId: string;
  /** When SES started refusing (the judgement). */
  outageFrom: number;
  /** Operations notices and DynamoDB fault hits before the pathway. */
  noticesBefore: number;
  dynamodbHitsBefore: number;
}

let throughOutages: Promise<ThroughOutages> | undefined;

/**
 * The inadequate pathway with SES refusing every connection from the moment the inspector records the inadequate
 * judgement, for 6 hours (the clock then runs 8 hours on), and DynamoDB throttling every request from an hour before
 * the urgent case review is due (end of the next working day) for 6 hours: the escalation at the deadline meets the
 * outage (the case review is decided late). Run once for both tests.
 */
function pathwayThroughOutages(): Promise<ThroughOutages> {
  return (throughOutages ??= (async () => {
    const noticesBefore = rt.runtime.operationsNotices.length;
    const dynamodbHitsBefore = rt.runtime.faults.hits.dynamodb;
    let outageFrom = 0;
    const inspectionId = await inadequateInspectionFlow(rt.runtime, {
      lateCaseReview: true,
      outcome: async (runtime, id, body, user) => {
        if (body.process !== 'full-inspection') return call(runtime, user, 'POST', `/inspections/${id}/outcome`, body);
        runtime.faults.add({ service: 'ses', mode: 'refuse', forMinutes: 360 });
        outageFrom = runtime.clock.now().getTime();
        const answer = await request(runtime, user, 'POST', `/inspections/${id}/outcome`, body);
        await advanceTo(runtime, new Date(outageFrom + 3 * HOUR));
        // Halfway through: the pathway is held at its first step, not failed.
        expect(execution(runtime, id, 'inadequate')?.status).toBe('RUNNING');
        expect(runtime.faults.list()).toHaveLength(1);
        await advanceTo(runtime, new Date(outageFrom + 8 * HOUR));
        expect(runtime.faults.list()).toHaveLength(0);

        const lastDay = londonDateOf(new Date(outageFrom));
        await advanceTo(runtime, londonTimeOn(addWorkingDays(lastDay, 1).date, '23:00'));
        runtime.faults.add({ service: 'dynamodb', mode: 'throttle', forMinutes: 360 });
        await advanceTo(runtime, londonTimeOn(addWorkingDays(lastDay, 2).date, '03:00'));
        // In the outage: the escalation at the deadline is held in its retry loop, the run is not failed.
        expect(execution(runtime, id, 'inadequate')?.status).toBe('RUNNING');
        expect(runtime.faults.list()).toHaveLength(1);
        // Back at 05:00; by 07:00 the run has left its retry loop and waits for the review again.
        await advanceTo(runtime, londonTimeOn(addWorkingDays(lastDay, 2).date, '07:00'));
        expect(runtime.faults.list()).toHaveLength(0);
        return answer;
      },
    });
    return { inspectionId, outageFrom, noticesBefore, dynamodbHitsBefore };
  })());
}

function expectOperationsTold(inspectionId: string, noticesBefore: number, state: string): void {
  const notices = rt.runtime.operationsNotices.slice(noticesBefore).filter((notice) => notice.message.includes(inspectionId));
  expect(notices.length, 'operations notices about the inspection').toBeGreaterThan(0);
  expect(notices.some((notice) => notice.message.includes(`"${state}"`))).toBe(true);
  // Identifiers and error names only: never the children's initials or an address.
  for (const notice of notices) expect(`${notice.subject} ${notice.message}`).not.toMatch(/\b(QX|ZJ|MW|KB)\b|@/);
}

describe('SES refusing connections for 6 hours in the middle of the inadequate pathway', () => {
  it(
    'delivers every alert exactly once after recovery, the runs succeed, the ledger shows the alerts delayed with the reason, and operations were told',
    async () => {
      const { inspectionId, outageFrom, noticesBefore } = await pathwayThroughOutages();

      expectRuns(rt.runtime, inspectionId, EXPECTED_RUNS.inadequate);
      await expectEmailsExactlyOnce(rt.runtime, [inspectionId]);
      const alerts = (await repository().listEmails(inspectionId)).filter((email) => email.duty === 'dcs-alert');
      expect(alerts.length).toBeGreaterThan(0);
      for (const alert of alerts) expect(Date.parse(alert.sentAt!)).toBeGreaterThanOrEqual(outageFrom + 6 * HOUR);

      const ledger = await call(rt.runtime, USERS.inspector, 'GET', `/inspections/${inspectionId}/notifications`);
      expect(ledger.status, ledger.raw).toBe(200);
      const ledgerAlerts = (ledger.body.emails as { duty: string; delayed?: { failedAttempts: number; reason: string } }[]).filter(
        (email) => email.duty === 'dcs-alert',
      );
      expect(ledgerAlerts).toHaveLength(alerts.length);
      for (const alert of ledgerAlerts) {
        expect(alert.delayed?.failedAttempts).toBeGreaterThan(1);
        expect(alert.delayed?.reason).toMatch(/\w/);
      }
      expectOperationsTold(inspectionId, noticesBefore, 'Alert local authorities');
    },
    300_000,
  );
});

describe('DynamoDB throttling every request for 6 hours in the middle of the inadequate pathway', () => {
  it(
    'escalates the overdue case review once DynamoDB is back: the runs succeed, every email is sent exactly once, and operations were told',
    async () => {
      const { inspectionId, noticesBefore, dynamodbHitsBefore } = await pathwayThroughOutages();

      expectRuns(rt.runtime, inspectionId, EXPECTED_RUNS.inadequate);
      await expectEmailsExactlyOnce(rt.runtime, [inspectionId]);
      expect(rt.runtime.faults.hits.dynamodb).toBeGreaterThan(dynamodbHitsBefore);
      expectOperationsTold(inspectionId, noticesBefore, 'Escalate overdue: Request approval: Urgent case review');
    },
    300_000,
  );
});
