/**
 * The repository against a real DynamoDB API (dynalite in-process) and against the in-memory table on Maps: every
 * conditional path, the queues on the GSIs, pagination, and the table rules the repository relies on. One fresh table
 * per test.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InspectionRepository, type DocumentStore, type OpenApproval, type RepositoryOptions } from '../../functions/adapters/repository';
import type { Clock } from '../../functions/adapters/clock';
import { parseLocalDate } from '../../functions/core/calendar';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/core/errors';
import type { RecordedOutcome } from '../../functions/core/inspection';
import type { LocalAuthority } from '../../functions/core/schemas';
import { caseReviewDecision, inspectionRecord, newEmail, registerEntryBody } from './inspection-fixtures';
import { InMemoryDynamoDb } from '../../infra/local/memory-dynamodb';
import { startLocalDynamoDb, tableLayout } from './local-dynamodb';
import { MAX_SESSIONS_PER_USER, SessionStore, type StoredSession } from '../../functions/adapters/sessions';
import type { DueListShardView } from '../../functions/adapters/repository';
import type { EnforcementActionRecord } from '../../functions/core/enforcement';
import { RegisterEntry } from '../../functions/core/establishments';
import type { RequirementRecord } from '../../functions/core/requirements';

/** A table behind the repository: how the repository is given it, and a document client for raw reads and writes. */
interface TableBackend {
  repositoryOptions: Pick<RepositoryOptions, 'client' | 'documents'>;
  documents: DocumentStore;
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

let tables = 0;

/**
 * The same contract on both tables: dynalite over HTTP through the SDK (as on AWS), and the in-memory table on Maps
 * the bench's simulated year uses (infra/local/memory-dynamodb.ts), which takes the repository's document commands.
 */
const BACKENDS: [string, () => Promise<TableBackend>][] = [
  [
    'dynalite over HTTP',
    async () => {
      // Over loopback TCP, as on AWS over the network: the other harnesses reach dynalite in memory.
      const local = await startLocalDynamoDb({ transport: 'tcp' });
      return {
        repositoryOptions: { client: local.client },
        documents: DynamoDBDocumentClient.from(local.client),
        createTable: () => local.createTable(),
        stop: () => local.stop(),
      };
    },
  ],
  [
    'the in-memory table (Maps)',
    async () => {
      const memory = new InMemoryDynamoDb();
      return {
        repositoryOptions: { documents: memory.documents },
        documents: memory.documents,
        async createTable() {
          const name = `inspections-memory-${(tables += 1)}`;
          await memory.createTable(tableLayout(name));
          return name;
        },
        stop: async () => undefined,
      };
    },
  ],
];


describe.each(BACKENDS)('the repository on %s', (_backend, start) => {
  let dynamo: TableBackend;
  let tableName: string;
  let repo: InspectionRepository;
  let clockNow: Date;
  const clock: Clock = { now: () => clockNow };

  beforeAll(async () => {
    dynamo = await start();
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  beforeEach(async () => {
    tableName = await dynamo.createTable();
    clockNow = new Date('2026-12-21T09:00:00.000Z');
    repo = new InspectionRepository({ ...dynamo.repositoryOptions, tableName, clock });
  });

  async function rawItem(pk: string, sk: string) {
    const documents = dynamo.documents;
    return (await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;
  }

  function fullInspectionOutcome(recordedBy = 'inspector-1'): RecordedOutcome {
    return {
      outcome: {
        process: 'full-inspection',
        overall: 'inadequate',
        helpedAndProtected: 'inadequate',
        leadersAndManagers: 'requires-improvement',
        summaryOfConcerns: 'Restraint is not reviewed.',
      },
      recordedBy,
      recordedAt: '2026-12-22T17:00:00.000Z',
    } as RecordedOutcome;
  }

  describe('inspections', () => {
    it('stores an inspection and reads it back without the table keys', async () => {
      // Prepare
      const record = inspectionRecord();

      // Act
      const created = await repo.createInspection(record);
      const read = await repo.getInspection(record.id);

      // Assess
      expect(created).toEqual({ created: true, record });
      expect(read).toEqual(record);
      expect(await rawItem('INSPECTION#insp-0001', 'INSPECTION')).toMatchObject({
        gsi1pk: 'INSPECTION',
        gsi1sk: '2026-12-21T09:00:00.000Z#insp-0001',
      });
    });

    it('does not overwrite an inspection created twice: the second create returns the existing record', async () => {
      // Prepare
      await repo.createInspection(inspectionRecord());

      // Act
      const second = await repo.createInspection(inspectionRecord({ requestHash: 'other-hash' }));

      // Assess
      expect(second).toEqual({ created: false, existing: inspectionRecord() });
    });

    it('names the missing inspection in a NotFoundError', async () => {
      // Act
      const read = repo.requireInspection('nope');

      // Assess
      await expect(read).rejects.toThrow(NotFoundError);
      await expect(read).rejects.toThrow('inspection nope not found');
      expect(await repo.getInspection('nope')).toBeUndefined();
    });

    it('lists inspections newest first, page by page, with an opaque cursor', async () => {
      // Prepare
      for (let day = 1; day <= 5; day += 1) {
        await repo.createInspection(inspectionRecord({ id: `insp-${day}`, createdAt: `2027-01-0${day}T09:00:00.000Z` }));
      }

      // Act
      const first = await repo.listInspections({ limit: 2 });
      const second = await repo.listInspections({ limit: 2, cursor: first.cursor });
      const third = await repo.listInspections({ limit: 2, cursor: second.cursor });

      // Assess
      expect(first.items.map((item) => item.id)).toEqual(['insp-5', 'insp-4']);
      expect(second.items.map((item) => item.id)).toEqual(['insp-3', 'insp-2']);
      expect(third.items.map((item) => item.id)).toEqual(['insp-1']);
      expect(third.cursor).toBeUndefined();
      expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(first.items[0]).not.toHaveProperty('gsi1pk');
    });

    it.each([
      ['not base64url', 'not a cursor!'],
      ['base64url of something that is not JSON', Buffer.from('{{{').toString('base64url')],
      ['a key of another partition', Buffer.from(JSON.stringify({ pk: 'APPROVAL#a', sk: 'APPROVAL', gsi1pk: 'APPROVAL#pending', gsi1sk: 'x' })).toString('base64url')],
    ])('rejects a malformed cursor (%s) with a ValidationError naming the cursor', async (_label, cursor) => {
      // Act
      const listing = repo.listInspections({ cursor });

      // Assess
      await expect(listing).rejects.toBeInstanceOf(ValidationError);
      await expect(listing).rejects.toMatchObject({ errors: [{ field: 'cursor' }] });
    });

    it('rejects a page size outside 1 to 100, naming the limit', async () => {
      await expect(repo.listInspections({ limit: 0 })).rejects.toMatchObject({ name: 'ValidationError', errors: [{ field: 'limit' }] });
      await expect(repo.listInspections({ limit: 101 })).rejects.toMatchObject({ errors: [{ field: 'limit' }] });
    });
  });

  describe('updates to an inspection', () => {
    beforeEach(async () => {
      await repo.createInspection(inspectionRecord());
    });

    it('records the outcome once: a second outcome is not applied and the first is returned', async () => {
      // Prepare
      const first = fullInspectionOutcome('inspector-1');

      // Act
      const recorded = await repo.recordOutcome('insp-0001', 'outcome', first, 'in-progress', '2026-12-22T17:00:00.000Z');
      const again = await repo.recordOutcome('insp-0001', 'outcome', fullInspectionOutcome('someone-else'), 'complete', '2026-12-22T18:00:00.000Z');

      // Assess
      expect(recorded.recorded).toBe(true);
      expect(recorded.record).toMatchObject({ outcome: first, status: 'in-progress', updatedAt: '2026-12-22T17:00:00.000Z' });
      expect(again).toEqual({ recorded: false, record: recorded.record });
    });

    it('says an outcome for a missing inspection is NotFound', async () => {
      await expect(
        repo.recordOutcome('missing', 'outcome', fullInspectionOutcome(), 'in-progress', '2026-12-22T17:00:00.000Z'),
      ).rejects.toThrow('inspection missing not found');
    });

    it('records actual dates, creating the process map on the first and adding to it after', async () => {
      // Act
      await repo.recordActual('insp-0001', 'inadequate', 'case-review', parseLocalDate('2026-12-23'), '2026-12-23T10:00:00.000Z');
      const record = await repo.recordActual('insp-0001', 'inadequate', 'dcs-alert', parseLocalDate('2026-12-23'), '2026-12-23T11:00:00.000Z');

      // Assess
      expect(record.actuals).toEqual({ inadequate: { 'case-review': '2026-12-23', 'dcs-alert': '2026-12-23' } });
      expect(record.updatedAt).toBe('2026-12-23T11:00:00.000Z');
    });

    it('says an actual date for a missing inspection is NotFound', async () => {
      await expect(
        repo.recordActual('missing', 'inadequate', 'case-review', parseLocalDate('2026-12-23'), '2026-12-23T10:00:00.000Z'),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    describe('monitoring visits after further monitoring (§77): each visit keeps its own report', () => {
      const at = '2027-02-08T15:00:00.000Z';
      const further = {
        outcome: { process: 'monitoring-visit', outcome: 'further-monitoring', visitDate: parseLocalDate('2027-02-08'), stepsTowardsCancellation: ['cancellation-considered'] },
        recordedBy: 'inspector-1',
        recordedAt: at,
      } as RecordedOutcome<'monitoring-visit'>;
      const run = { executionName: 'insp-0001--monitoring-visit', startedAt: '2027-01-05T09:00:00.000Z', origin: 'inadequate' as const };
      const closed = { number: 1, outcome: further, actuals: { 'monitoring-visit-latest': parseLocalDate('2027-02-08') }, executionName: run.executionName };
      const second = { number: 2, executionName: 'insp-0001--monitoring-visit-2' };

      beforeEach(async () => {
        await repo.recordFollowUp('insp-0001', 'monitoring-visit', run, at);
        await repo.recordOutcome('insp-0001', 'monitoringOutcome', further, 'in-progress', at);
        await repo.recordActual('insp-0001', 'monitoring-visit', 'monitoring-visit-latest', parseLocalDate('2027-02-08'), at);
      });

      it('begins the next visit only with the report as read: a report recorded in between sends the caller round again', async () => {
        await repo.recordActual('insp-0001', 'monitoring-visit', 'publish', parseLocalDate('2027-03-10'), '2027-03-10T10:00:00.000Z', 1);
        const stale = await repo.beginNextMonitoringVisit('insp-0001', closed, second, '2027-03-10T10:00:01.000Z');
        expect(stale.begun).toBe(false);
        expect(stale.record.actuals['monitoring-visit']?.publish).toBe('2027-03-10');
        const fresh = await repo.beginNextMonitoringVisit('insp-0001', { ...closed, actuals: { ...closed.actuals, publish: parseLocalDate('2027-03-10') } }, second, '2027-03-10T10:00:02.000Z');
        expect(fresh.begun).toBe(true);
        expect(fresh.record.monitoringVisits?.[0]?.actuals.publish).toBe('2027-03-10');
      });

      it('records the 1st visit’s report on its own entry once the 2nd has begun, never on the 2nd visit', async () => {
        expect((await repo.beginNextMonitoringVisit('insp-0001', closed, second, '2027-02-09T09:00:00.000Z')).begun).toBe(true);
        // A write meant for the 1st visit as current, arriving after the 2nd began, is refused, naming the visit.
        await expect(
          repo.recordActual('insp-0001', 'monitoring-visit', 'publish', parseLocalDate('2027-03-10'), '2027-03-10T10:00:00.000Z', 1),
        ).rejects.toThrow(/monitoring visit 1 .* no longer the current one: record its step again, with "visit": 1/);
        await expect(
          repo.recordMonitoringReportNotPublished('insp-0001', { reason: 'r', decidedBy: 'm', decidedAt: at, on: parseLocalDate('2027-03-10') }, at, 1),
        ).rejects.toBeInstanceOf(ConflictError);
        const recorded = await repo.recordEarlierMonitoringVisitStep('insp-0001', 1, 'publish', parseLocalDate('2027-03-10'), '2027-03-10T10:00:00.000Z');
        expect(recorded.monitoringVisits?.[0]?.actuals).toEqual({ 'monitoring-visit-latest': '2027-02-08', publish: '2027-03-10' });
        expect(recorded.actuals['monitoring-visit']).toBeUndefined();
        expect(recorded.monitoringReportNotPublished).toBeUndefined();
        await expect(repo.recordEarlierMonitoringVisitStep('insp-0001', 2, 'publish', parseLocalDate('2027-03-10'), at)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('keeps a decision not to publish an earlier visit’s report once, with its date', async () => {
        await repo.beginNextMonitoringVisit('insp-0001', closed, second, '2027-02-09T09:00:00.000Z');
        const decision = { reason: 'Exceptional circumstances.', decidedBy: 'manager-1', decidedAt: at, on: parseLocalDate('2027-03-01') };
        const recorded = await repo.recordEarlierMonitoringVisitStep('insp-0001', 1, 'publish', decision.on, at, decision);
        expect(recorded.monitoringVisits?.[0]).toMatchObject({ notPublished: decision, actuals: { publish: '2027-03-01' } });
        await expect(repo.recordEarlierMonitoringVisitStep('insp-0001', 1, 'publish', decision.on, at, decision)).rejects.toBeInstanceOf(ConflictError);
      });
    });

    it('records a follow-up run once', async () => {
      // Prepare
      const run = { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:00:01.000Z', origin: 'full-inspection' as const };

      // Act
      const first = await repo.recordFollowUp('insp-0001', 'inadequate', run, run.startedAt);
      const second = await repo.recordFollowUp('insp-0001', 'inadequate', { ...run, startedAt: '2026-12-22T18:00:00.000Z' }, '2026-12-22T18:00:00.000Z');

      // Assess
      expect(first.started).toBe(true);
      expect(second.started).toBe(false);
      expect(second.record.followUps.inadequate).toEqual(run);
    });

    it('records a decision again for the same approval, and refuses another approval’s decision of the same kind', async () => {
      // Prepare
      const decision = caseReviewDecision();
      await repo.recordDecision('insp-0001', 'case-review', decision, '2026-12-23T10:00:00.000Z');

      // Act
      const retried = await repo.recordDecision('insp-0001', 'case-review', decision, '2026-12-23T10:00:05.000Z');
      const other = repo.recordDecision('insp-0001', 'case-review', caseReviewDecision({ approvalId: 'appr-2' }), '2026-12-23T11:00:00.000Z');

      // Assess
      expect(retried.decisions['case-review']).toEqual(decision);
      await expect(other).rejects.toBeInstanceOf(ConflictError);
    });

    it('records a scheduled visit and a status, bumping updatedAt each time', async () => {
      // Prepare
      const visit = { visit: 'monitoring-visit' as const, latest: parseLocalDate('2027-02-16'), scheduledAt: '2026-12-23T12:00:00.000Z' };

      // Act
      const scheduled = await repo.recordScheduledVisit('insp-0001', visit, '2026-12-23T12:00:00.000Z');
      const completed = await repo.setStatus('insp-0001', 'complete', '2027-03-01T09:00:00.000Z');

      // Assess
      expect(scheduled.scheduled['monitoring-visit']).toEqual(visit);
      expect(scheduled.updatedAt).toBe('2026-12-23T12:00:00.000Z');
      expect(completed).toMatchObject({ status: 'complete', updatedAt: '2027-03-01T09:00:00.000Z' });
      await expect(repo.setStatus('missing', 'complete', '2027-03-01T09:00:00.000Z')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps outcome task tokens in their own item, never on the record', async () => {
      // Act
      await repo.storeOutcomeToken('insp-0001', 'full-inspection', 'token-1', '2026-12-21T09:00:00.000Z');
      const record = await repo.getInspection('insp-0001');
      const token = await repo.getOutcomeToken('insp-0001', 'full-inspection');
      const staleClear = await repo.clearOutcomeToken('insp-0001', 'full-inspection', 'token-0');
      const afterStale = await repo.getOutcomeToken('insp-0001', 'full-inspection');
      const clear = await repo.clearOutcomeToken('insp-0001', 'full-inspection', 'token-1');

      // Assess
      expect(JSON.stringify(record)).not.toContain('token-1');
      expect(token).toBe('token-1');
      expect(staleClear).toEqual({ cleared: false });
      expect(afterStale).toBe('token-1');
      expect(clear).toEqual({ cleared: true });
      expect(await repo.getOutcomeToken('insp-0001', 'full-inspection')).toBeUndefined();
    });
  });

  describe('approvals', () => {
    const opening = (overrides: Partial<OpenApproval> = {}): OpenApproval => ({
      approvalId: 'appr-1',
      inspectionId: 'insp-0001',
      process: 'inadequate',
      kind: 'case-review',
      stepId: 'case-review',
      dueAt: '2026-12-23T23:59:59.000Z',
      taskToken: 'token-1',
      now: '2026-12-22T17:00:00.000Z',
      ...overrides,
    });

    it('queues pending approvals earliest due first, without their task tokens', async () => {
      // Prepare
      await repo.openApproval(opening({ approvalId: 'appr-late', dueAt: '2027-01-08T23:59:59.000Z' }));
      await repo.openApproval(opening({ approvalId: 'appr-soon', dueAt: '2026-12-23T23:59:59.000Z' }));

      // Act
      const queue = await repo.listPendingApprovals();

      // Assess
      expect(queue.map((approval) => approval.approvalId)).toEqual(['appr-soon', 'appr-late']);
      expect(queue[0]).toMatchObject({ status: 'pending', escalations: 0, createdAt: '2026-12-22T17:00:00.000Z' });
      expect(queue[0]).not.toHaveProperty('taskToken');
    });

    it('re-opens an approval with a fresh token: counted after an escalation (same due instant), not when its deadline moved, which moves it in the queue', async () => {
      // Prepare
      const first = await repo.openApproval(opening());
      await repo.openApproval(opening({ approvalId: 'appr-2', dueAt: '2026-12-30T23:59:59.000Z' }));

      // Act
      const retried = await repo.openApproval(opening());
      const escalated = await repo.openApproval(opening({ taskToken: 'token-2' }));
      const before = (await repo.listPendingApprovals()).map((approval) => approval.approvalId);
      const moved = await repo.openApproval(opening({ taskToken: 'token-3', dueAt: '2027-01-05T23:59:59.000Z' }));
      const queue = await repo.listPendingApprovals();

      // Assess
      expect(retried.escalations).toBe(0);
      expect(escalated).toMatchObject({ taskToken: 'token-2', dueAt: first.dueAt, escalations: 1, status: 'pending' });
      expect(moved).toMatchObject({ taskToken: 'token-3', dueAt: '2027-01-05T23:59:59.000Z', escalations: 1, status: 'pending' });
      expect(before).toEqual(['appr-1', 'appr-2']);
      expect(queue.map((approval) => approval.approvalId)).toEqual(['appr-2', 'appr-1']);
    });

    it('refuses a decision made with a stale token, and leaves the approval pending', async () => {
      // Prepare
      await repo.openApproval(opening({ taskToken: 'token-2' }));

      // Act
      const result = await repo.decideApproval('appr-1', { expectedToken: 'token-1', decision: caseReviewDecision() });

      // Assess
      expect(result.decided).toBe(false);
      expect(result.approval).toMatchObject({ status: 'pending', taskToken: 'token-2' });
      expect(result.approval.decision).toBeUndefined();
    });

    it('records a decision once and takes the approval off the queue; a second decision is refused', async () => {
      // Prepare
      await repo.openApproval(opening());
      const decision = caseReviewDecision();

      // Act
      const first = await repo.decideApproval('appr-1', { expectedToken: 'token-1', decision });
      const second = await repo.decideApproval('appr-1', {
        expectedToken: 'token-1',
        decision: caseReviewDecision({ decision: 'enforcement-action' } as never),
      });

      // Assess
      expect(first).toMatchObject({ decided: true, approval: { status: 'decided', decision } });
      expect(second).toMatchObject({ decided: false, approval: { status: 'decided', decision } });
      expect(await repo.listPendingApprovals()).toEqual([]);
    });

    it('keeps a decided approval decided when its wait is re-opened, and off the queue', async () => {
      // Prepare
      await repo.openApproval(opening());
      await repo.decideApproval('appr-1', { expectedToken: 'token-1', decision: caseReviewDecision() });

      // Act
      const reopened = await repo.openApproval(opening({ taskToken: 'token-2', dueAt: '2027-01-05T23:59:59.000Z' }));

      // Assess
      expect(reopened).toMatchObject({ status: 'decided', taskToken: 'token-2', decision: caseReviewDecision() });
      expect(await repo.listPendingApprovals()).toEqual([]);
    });

    it('closes a pending approval, but never a decided one', async () => {
      // Prepare
      await repo.openApproval(opening());
      await repo.openApproval(opening({ approvalId: 'appr-2' }));
      await repo.decideApproval('appr-2', { expectedToken: 'token-1', decision: caseReviewDecision({ approvalId: 'appr-2' }) });

      // Act
      const closed = await repo.closeApproval('appr-1');
      const notClosed = await repo.closeApproval('appr-2');

      // Assess
      expect(closed).toMatchObject({ closed: true, approval: { status: 'closed' } });
      expect(notClosed).toMatchObject({ closed: false, approval: { status: 'decided' } });
      expect(await repo.listPendingApprovals()).toEqual([]);
    });

    it('says a decision on a missing approval is NotFound', async () => {
      await expect(repo.decideApproval('missing', { expectedToken: 't', decision: caseReviewDecision() })).rejects.toThrow(
        'approval missing not found',
      );
    });
  });

  describe('the email outbox', () => {
    it('claims a new email for sending', async () => {
      // Act
      const { claim, email } = await repo.claimEmail(newEmail());

      // Assess
      expect(claim).toBe('claimed');
      expect(email).toMatchObject({ status: 'sending', attempts: 1, to: 'dcs@camden.example' });
      expect(await rawItem('INSPECTION#insp-0001', 'EMAIL#dcs-alert#E09000007')).toMatchObject({ status: 'sending' });
    });

    it('reports an email claimed by an attempt that has not finished as in flight', async () => {
      // Prepare
      await repo.claimEmail(newEmail());

      // Act
      const { claim } = await repo.claimEmail(newEmail());

      // Assess
      expect(claim).toBe('in-flight');
    });

    it('reclaims a failed email, counting the attempt and keeping the error (why it is late)', async () => {
      // Prepare
      await repo.claimEmail(newEmail());
      const failed = await repo.markEmailFailed(newEmail(), 'ThrottlingException: Maximum sending rate exceeded');

      // Act
      const { claim, email } = await repo.claimEmail(newEmail());

      // Assess
      expect(failed).toMatchObject({ status: 'failed', lastError: 'ThrottlingException: Maximum sending rate exceeded' });
      expect(claim).toBe('reclaimed');
      expect(email).toMatchObject({ status: 'sending', attempts: 2, lastError: 'ThrottlingException: Maximum sending rate exceeded' });
    });

    it('reclaims a claim older than the lease (by claimedAt, or by createdAt when it has none), never a younger claim or a sent email', async () => {
      // Prepare: claims whose claimedAt (or, before claims carried one, createdAt) is before or after the lease's start
      const staleBefore = '2026-12-23T09:05:00.000Z';
      const [old, young] = ['2026-12-23T09:00:00.000Z', '2026-12-23T09:06:00.000Z'];
      const cases: { recipientKey: string; createdAt: string; claimedAt: string | null; sent?: true; expected: string }[] = [
        { recipientKey: 'old-claim', createdAt: old, claimedAt: old, expected: 'reclaimed' },
        { recipientKey: 'young-claim', createdAt: young, claimedAt: young, expected: 'in-flight' },
        { recipientKey: 'reclaimed-lately', createdAt: old, claimedAt: young, expected: 'in-flight' },
        { recipientKey: 'old-untimed', createdAt: old, claimedAt: null, expected: 'reclaimed' },
        { recipientKey: 'young-untimed', createdAt: young, claimedAt: null, expected: 'in-flight' },
        { recipientKey: 'sent-long-ago', createdAt: old, claimedAt: old, sent: true, expected: 'already-sent' },
      ];
      for (const { recipientKey, createdAt, claimedAt, sent } of cases) {
        await repo.claimEmail(newEmail({ recipientKey, createdAt }));
        if (sent) await repo.markEmailSent(newEmail({ recipientKey }), `ses-${recipientKey}`, createdAt);
        await dynamo.documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: 'INSPECTION#insp-0001', sk: `EMAIL#dcs-alert#${recipientKey}` },
            ...(claimedAt === null
              ? { UpdateExpression: 'REMOVE claimedAt' }
              : { UpdateExpression: 'SET claimedAt = :at', ExpressionAttributeValues: { ':at': claimedAt } }),
          }),
        );
      }

      // Act
      const claims = [];
      for (const { recipientKey } of cases) claims.push((await repo.claimEmail(newEmail({ recipientKey, createdAt: '2026-12-23T09:10:00.000Z' }), staleBefore)).claim);

      // Assess
      expect(claims).toEqual(cases.map((entry) => entry.expected));
    });

    it('never sends a sent email again, and never marks it failed', async () => {
      // Prepare
      await repo.claimEmail(newEmail());
      await repo.markEmailSent(newEmail(), 'ses-message-1', '2026-12-23T09:00:01.000Z');

      // Act
      const failed = await repo.markEmailFailed(newEmail(), 'late failure');
      const { claim, email } = await repo.claimEmail(newEmail());

      // Assess
      expect(failed?.status).toBe('sent');
      expect(claim).toBe('already-sent');
      expect(email).toMatchObject({ status: 'sent', messageId: 'ses-message-1', sentAt: '2026-12-23T09:00:01.000Z' });
    });

    it('records a delivery event on the email SES sent, ignoring an older event and an unknown message', async () => {
      // Prepare
      await repo.claimEmail(newEmail());
      await repo.markEmailSent(newEmail(), 'ses-message-1', '2026-12-23T09:00:01.000Z');

      // Act
      const delivered = await repo.recordEmailEvent('ses-message-1', { status: 'delivered', at: '2026-12-23T09:00:05.000Z' });
      const complained = await repo.recordEmailEvent('ses-message-1', { status: 'complained', at: '2026-12-24T10:00:00.000Z' });
      const stale = await repo.recordEmailEvent('ses-message-1', { status: 'delivered', at: '2026-12-23T09:00:05.000Z' });
      const unknown = await repo.recordEmailEvent('ses-message-404', { status: 'bounced', at: '2026-12-23T09:00:05.000Z' });
      const emails = await repo.listEmails('insp-0001');

      // Assess
      expect(delivered).toMatchObject({ recorded: true, email: { delivery: { status: 'delivered' } } });
      expect(complained.recorded).toBe(true);
      expect(stale).toEqual({ recorded: false, reason: 'superseded' });
      expect(unknown).toEqual({ recorded: false, reason: 'unknown-message' });
      expect(emails).toHaveLength(1);
      expect(emails[0]?.delivery).toEqual({ status: 'complained', at: '2026-12-24T10:00:00.000Z' });
      expect(emails[0]).not.toHaveProperty('gsi2pk');
    });
  });

  describe('calls and audit', () => {
    const call = {
      authorityCode: 'E09000007',
      calledAt: '2026-12-24T10:00:00.000Z',
      spokeTo: 'Duty manager',
      outcome: 'receipt-confirmed' as const,
      recordedBy: 'inspector-1',
      recordedAt: '2026-12-24T10:05:00.000Z',
    };

    it('stores a call posted twice once', async () => {
      // Act
      const first = await repo.addCall('insp-0001', call);
      const second = await repo.addCall('insp-0001', { ...call, recordedAt: '2026-12-24T10:06:00.000Z' });

      // Assess
      expect(first).toEqual({ added: true });
      expect(second).toEqual({ added: false });
      expect(await repo.listCalls('insp-0001')).toEqual([call]);
    });

    it('keeps every audit event, even two at the same instant, oldest first', async () => {
      // Act
      await repo.audit('insp-0001', { at: '2026-12-24T10:00:00.000Z', actor: 'system', event: 'dcs-alert-sent' });
      await repo.audit('insp-0001', { at: '2026-12-24T10:00:00.000Z', actor: 'system', event: 'provider-copy-sent' });
      await repo.audit('insp-0001', { at: '2026-12-23T10:00:00.000Z', actor: 'manager-1', event: 'case-review-decided', detail: { approvalId: 'appr-1' } });

      // Assess
      const events = await repo.listAudit('insp-0001');
      expect(events.map((event) => event.event)).toEqual(
        expect.arrayContaining(['dcs-alert-sent', 'provider-copy-sent', 'case-review-decided']),
      );
      expect(events[0]).toEqual({ at: '2026-12-23T10:00:00.000Z', actor: 'manager-1', event: 'case-review-decided', detail: { approvalId: 'appr-1' } });
    });
  });

  describe('local authority reference data', () => {
    const authorities = (count: number, name = 'Council'): LocalAuthority[] =>
      Array.from({ length: count }, (_, index) => ({
        code: `E0900${String(index).padStart(4, '0')}`,
        name: `${name} ${index}`,
        dcs: { email: `dcs${index}@council.example` },
      }));

    it('writes more than one batch of 25 and reads the directory back', async () => {
      // Act
      await repo.putLocalAuthorities(authorities(30));
      const directory = await repo.listLocalAuthorities();

      // Assess
      expect(directory.all()).toHaveLength(30);
      expect(directory.require('E09000029').dcs.email).toBe('dcs29@council.example');
    });

    it('serves the directory from the container cache for 5 minutes', async () => {
      // Prepare
      await repo.putLocalAuthorities(authorities(1, 'Before'));
      await repo.listLocalAuthorities();
      await dynamo.documents.send(
        new PutCommand({ TableName: tableName, Item: { pk: 'REFERENCE', sk: 'LA#E09000000', code: 'E09000000', name: 'After 0', dcs: { email: 'new@council.example' } } }),
      );

      // Act
      clockNow = new Date('2026-12-21T09:04:59.000Z');
      const cached = await repo.listLocalAuthorities();
      clockNow = new Date('2026-12-21T09:05:00.000Z');
      const refreshed = await repo.listLocalAuthorities();

      // Assess
      expect(cached.require('E09000000').name).toBe('Before 0');
      expect(refreshed.require('E09000000').name).toBe('After 0');
    });
  });

  describe('the register, its stored due list, enforcement actions, requirements, digests and sessions', () => {
    const AT = '2026-12-21T09:00:00.000Z';
    const LATER = '2026-12-22T09:00:00.000Z';
    const entry = (urn: string, name: string): RegisterEntry => RegisterEntry.parse(registerEntryBody(urn, name));
    const namesIn = (shards: DueListShardView[]) => shards.flatMap((shard) => shard.entries.map((listed) => listed.name)).sort();

    it('adds an entry once, replaces it only at its version, imports over it, and lists the register by URN', async () => {
      expect(await repo.createEstablishment(entry('SC100001', 'Oak House'), AT)).toMatchObject({ created: true, entry: { version: 1, createdAt: AT } });
      expect(await repo.createEstablishment(entry('SC100001', 'Another'), LATER)).toMatchObject({ created: false, existing: { name: 'Oak House' } });
      expect(await repo.replaceEstablishment(entry('SC100001', 'Oak House South'), 1, LATER)).toMatchObject({ version: 2, createdAt: AT, updatedAt: LATER });
      await expect(repo.replaceEstablishment(entry('SC100001', 'Stale'), 1, LATER)).rejects.toBeInstanceOf(ConflictError);
      await expect(repo.replaceEstablishment(entry('SC999999', 'Nowhere'), 1, LATER)).rejects.toBeInstanceOf(NotFoundError);

      expect(await repo.importEstablishments([entry('SC100002', 'Birch Lodge'), entry('SC100001', 'Oak House')], LATER)).toEqual({ created: 1, replaced: 1 });

      expect((await repo.listEstablishments()).map(({ urn, name, version }) => [urn, name, version])).toEqual([
        ['SC100001', 'Oak House', 3],
        ['SC100002', 'Birch Lodge', 1],
      ]);
      expect(await repo.getEstablishment('SC100002')).toMatchObject({ name: 'Birch Lodge', createdAt: LATER });
    });

    it("builds a year's due list on its first read and keeps it current through each write", async () => {
      await repo.createEstablishment(entry('SC100001', 'Oak House'), AT);
      const built = await repo.dueList(2026);
      expect(namesIn(built)).toEqual(['Oak House']);

      await repo.createEstablishment(entry('SC100002', 'Birch Lodge'), LATER);
      await repo.replaceEstablishment(entry('SC100001', 'Oak House South'), 1, LATER);
      const after = await repo.dueList(2026);

      expect(namesIn(after)).toEqual(['Birch Lodge', 'Oak House South']);
      expect(namesIn(await repo.dueList(2027))).toEqual(['Birch Lodge', 'Oak House South']);
    });

    it('adds an enforcement action and a requirement once each, replaces each only at its version, and lists them in order', async () => {
      const action: EnforcementActionRecord = {
        id: 'insp-1--suspension--2026-12-21',
        urn: 'SC100001',
        inspectionId: 'insp-1',
        caseReview: { inspectionId: 'insp-1', approvalId: 'apr-1', kind: 'case-review', decidedOn: parseLocalDate('2026-12-21') },
        action: 'suspension',
        against: ['establishment'],
        issuedOn: parseLocalDate('2026-12-21'),
        recordedBy: 'manager-1',
        recordedAt: AT,
        updatedAt: AT,
        version: 1,
      };
      const requirement = (id: string, kind: RequirementRecord['kind'], recordedAt: string): RequirementRecord => ({
        id,
        inspectionId: 'insp-1',
        kind,
        text: `Text of ${id}`,
        recordedBy: 'inspector-1',
        recordedAt,
        updatedAt: recordedAt,
        version: 1,
      });

      expect(await repo.addEnforcementAction(action)).toEqual({ created: true, record: action });
      expect(await repo.addEnforcementAction({ ...action, note: 'again' })).toEqual({ created: false, existing: action });
      await repo.replaceEnforcementAction({ ...action, effectiveOn: parseLocalDate('2026-12-22'), version: 2 }, 1);
      await expect(repo.replaceEnforcementAction({ ...action, version: 2 }, 1)).rejects.toBeInstanceOf(ConflictError);
      expect(await repo.listEnforcementActions('SC100001')).toEqual([{ ...action, effectiveOn: '2026-12-22', version: 2 }]);

      await repo.addRequirement(requirement('C-2', 'recommendation', AT));
      await repo.addRequirement(requirement('R-1', 'requirement', LATER));
      expect(await repo.addRequirement(requirement('R-1', 'requirement', AT))).toMatchObject({ created: false, existing: { recordedAt: LATER } });
      await repo.replaceRequirement({ ...requirement('R-1', 'requirement', LATER), metInFullOn: parseLocalDate('2026-12-22'), version: 2 }, 1);
      await expect(repo.replaceRequirement({ ...requirement('R-1', 'requirement', LATER), version: 2 }, 1)).rejects.toBeInstanceOf(ConflictError);
      expect((await repo.listRequirements('insp-1')).map(({ id, version, metInFullOn }) => [id, version, metInFullOn])).toEqual([
        ['R-1', 2, '2026-12-22'],
        ['C-2', 1, undefined],
      ]);
    });

    it("records a digest's vacancy announcements once each, keeping the first instant", async () => {
      await repo.recordVacancyAnnouncements('manager-1', ['SC100001#2026-12-01', 'SC100002#2026-12-02'], AT);
      await repo.recordVacancyAnnouncements('manager-1', ['SC100001#2026-12-01'], LATER);

      expect(await repo.vacancyAnnouncements('manager-1')).toEqual(new Set(['SC100001#2026-12-01', 'SC100002#2026-12-02']));
      expect(await repo.vacancyAnnouncements('manager-2')).toEqual(new Set());
      const { Items } = await dynamo.documents.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'DIGEST#manager-1' } }));
      expect(Items?.map((item) => item.announcedAt)).toEqual([AT, AT]);
    });

    it("keeps a user's sessions, the oldest dropped past the limit, and deletes one", async () => {
      const sessions = new SessionStore(() => tableName, dynamo.documents);
      const session = (usableUntil: number): StoredSession => ({
        user: { id: 'user-1', email: 'ines.inspector@ofsted.local', name: 'Ines Inspector', groups: ['inspectors'] },
        csrfToken: 'csrf',
        tokensExpireAt: usableUntil,
        createdAt: 0,
        lastSeenAt: 0,
        usableUntil,
      });
      const NOW = Date.parse(AT);
      for (let index = 0; index <= MAX_SESSIONS_PER_USER; index += 1) await sessions.create(`session-${index}`, session(NOW + 60_000 + index), NOW);

      expect(await sessions.get('session-0')).toBeUndefined();
      expect(await sessions.get(`session-${MAX_SESSIONS_PER_USER}`)).toMatchObject({ usableUntil: NOW + 60_000 + MAX_SESSIONS_PER_USER });
      await sessions.delete('session-1');
      expect(await sessions.get('session-1')).toBeUndefined();
      expect(await sessions.get('session-2')).toMatchObject({ csrfToken: 'csrf' });
    });
  });

  describe('the table rules the repository relies on (DynamoDB\'s, on both tables)', () => {
    const key = { pk: 'INSPECTION#rules', sk: 'INSPECTION' };
    const put = (item: Record<string, unknown>, condition?: string) =>
      dynamo.documents.send(new PutCommand({ TableName: tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) }));
    const update = (expression: string, values: Record<string, unknown>, names?: Record<string, string>, condition?: string) =>
      dynamo.documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: expression,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(condition ? { ConditionExpression: condition } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );

    it('projects a Get and a Query to the paths named (a map path keeps its parent), and refuses overlapping paths', async () => {
      // Prepare
      await put({ ...key, status: 'open', writeId: 'w-1', outcome: { overall: 'good', summary: 'fine' } });
      const names = { '#s': 'sk', '#w': 'writeId', '#o': 'outcome', '#g': 'overall' };

      // Act
      const got = await dynamo.documents.send(new GetCommand({ TableName: tableName, Key: key, ProjectionExpression: '#w, #o.#g', ExpressionAttributeNames: { '#w': 'writeId', '#o': 'outcome', '#g': 'overall' } }));
      const queried = await dynamo.documents.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ProjectionExpression: '#s, #w, #o.#g', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':pk': key.pk } }),
      );
      const overlapping = dynamo.documents.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ProjectionExpression: '#o, #o.#g', ExpressionAttributeNames: { '#o': 'outcome', '#g': 'overall' }, ExpressionAttributeValues: { ':pk': key.pk } }),
      );
      const unused = dynamo.documents.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ProjectionExpression: '#w', ExpressionAttributeNames: { '#w': 'writeId', '#x': 'spare' }, ExpressionAttributeValues: { ':pk': key.pk } }),
      );

      // Assess
      expect(got.Item).toEqual({ writeId: 'w-1', outcome: { overall: 'good' } });
      expect(queried.Items).toEqual([{ sk: key.sk, writeId: 'w-1', outcome: { overall: 'good' } }]);
      await expect(overlapping).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(unused).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('answers UPDATED_NEW and UPDATED_OLD with the updated attributes only', async () => {
      // Prepare
      await put({ ...key, status: 'open', seq: 4 });
      const bump = (returnValues: 'UPDATED_NEW' | 'UPDATED_OLD') =>
        dynamo.documents.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'ADD #q :one', ExpressionAttributeNames: { '#q': 'seq' }, ExpressionAttributeValues: { ':one': 1 }, ReturnValues: returnValues }));

      // Act
      const added = await bump('UPDATED_NEW');
      const before = await bump('UPDATED_OLD');

      // Assess
      expect(added.Attributes).toEqual({ seq: 5 });
      expect(before.Attributes).toEqual({ seq: 5 });
      expect(await rawItem(key.pk, key.sk)).toEqual({ ...key, status: 'open', seq: 6 });
    });

    it('refuses a conditional put whose condition fails and leaves the item as it was', async () => {
      // Prepare
      await put({ ...key, version: 1 });

      // Act
      const second = put({ ...key, version: 2 }, 'attribute_not_exists(pk)');

      // Assess
      await expect(second).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
      expect(await rawItem(key.pk, key.sk)).toEqual({ ...key, version: 1 });
    });

    it('refuses a SET into a map that does not exist (the path is invalid), writing nothing', async () => {
      // Prepare
      await put({ ...key, actuals: {} });

      // Act
      const nested = update('SET #a.#p.#s = :d', { ':d': '2027-01-04' }, { '#a': 'actuals', '#p': 'inadequate', '#s': 'case-review' });

      // Assess
      await expect(nested).rejects.toMatchObject({ name: 'ValidationException' });
      expect(await rawItem(key.pk, key.sk)).toEqual({ ...key, actuals: {} });
    });

    it('refuses values that no expression uses, a change of a key attribute, and overlapping paths', async () => {
      // Prepare
      await put({ ...key, status: 'open', outcome: { overall: 'good' } });

      // Act
      const unused = update('SET #s = :s', { ':s': 'closed', ':spare': 1 }, { '#s': 'status' });
      const keyChange = update('SET #k = :k', { ':k': 'INSPECTION#other' }, { '#k': 'pk' });
      const overlap = update('SET #o = :o, #o.#g = :g', { ':o': {}, ':g': 'good' }, { '#o': 'outcome', '#g': 'overall' });

      // Assess
      await expect(unused).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(keyChange).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(overlap).rejects.toMatchObject({ name: 'ValidationException' });
      expect(await rawItem(key.pk, key.sk)).toEqual({ ...key, status: 'open', outcome: { overall: 'good' } });
    });

    it('reads every SET value from the item as it was, and ADD starts a missing number at 0', async () => {
      // Prepare
      await put({ ...key, history: ['a'], status: 'sending' });

      // Act
      const { Attributes: after } = await update(
        'SET #h = list_append(if_not_exists(#h, :empty), :next), #l = list_append(if_not_exists(#l, :empty), :next), #c = #s ADD #n :one',
        { ':empty': [], ':next': ['b'], ':one': 1 },
        { '#h': 'history', '#l': 'later', '#c': 'copy', '#s': 'status', '#n': 'attempts' },
      );

      // Assess
      expect(after).toEqual({ ...key, history: ['a', 'b'], later: ['b'], copy: 'sending', status: 'sending', attempts: 1 });
    });

    it('refuses an item larger than 400 KB', async () => {
      // Act
      const large = put({ ...key, summary: 'x'.repeat(410 * 1024) });

      // Assess
      await expect(large).rejects.toMatchObject({ name: 'ValidationException' });
      expect(await rawItem(key.pk, key.sk)).toBeUndefined();
    });

    it('keeps an index sparse and pages a query: LastEvaluatedKey once Limit is reached, even at the end', async () => {
      // Prepare
      for (const n of [3, 1, 2]) await put({ pk: `APPROVAL#${n}`, sk: 'APPROVAL', gsi1pk: 'APPROVAL#pending', gsi1sk: `2027-01-0${n}#${n}` });
      await put({ pk: 'APPROVAL#4', sk: 'APPROVAL' });
      const page = (start?: Record<string, unknown>) =>
        dynamo.documents.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :q',
            ExpressionAttributeValues: { ':q': 'APPROVAL#pending' },
            Limit: 3,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );

      // Act
      const first = await page();
      const second = await page(first.LastEvaluatedKey);

      // Assess
      expect(first.Items?.map((item) => item.pk)).toEqual(['APPROVAL#1', 'APPROVAL#2', 'APPROVAL#3']);
      expect(first.LastEvaluatedKey).toEqual({ pk: 'APPROVAL#3', sk: 'APPROVAL', gsi1pk: 'APPROVAL#pending', gsi1sk: '2027-01-03#3' });
      expect(second.Items).toEqual([]);
      expect(second.LastEvaluatedKey).toBeUndefined();
    });
  });
});
