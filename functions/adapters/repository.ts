/**
 * The inspection table (single-table design, keys as in infra/constructs/data.ts):
 *
 *   INSPECTION#<id> / INSPECTION                       the inspection; gsi1 INSPECTION / <createdAt>#<id>
 *   INSPECTION#<id> / TOKEN#<outcomeOf>                task token of an outcome wait (never on the record)
 *   INSPECTION#<id> / EMAIL#<duty>#<recipientKey>      outbox item; gsi2 MESSAGE#<messageId> / EMAIL once sent
 *   INSPECTION#<id> / CALL#<calledAt>#<authorityCode>  phone call to a local authority
 *   INSPECTION#<id> / AUDIT#<at>#<random>              audit event
 *   APPROVAL#<id>   / APPROVAL                         approval; gsi1 APPROVAL#pending / <dueAt>#<id> while pending
 *   REFERENCE       / LA#<code>                        local authority and its DCS
 *   ESTABLISHMENT#<urn> / ESTABLISHMENT                the register entry; gsi1 ESTABLISHMENT / <urn>
 *   (an inspection also carries gsi2 ESTABLISHMENT#<urn> / <createdAt>#<id>: the establishment's history)
 *   INSPECTION#digest-<day> / EMAIL#daily-digest#<address>   the managers' daily digest's outbox item (one per London
 *                                                      day and manager; no inspection record: the outbox is keyed so)
 *   DIGEST#<address> / VACANCY#<urn>#<vacantSince>#<weeks>    a vacancy threshold announced to a manager (once)
 *   DUELIST / YEARS                                    the inspection years whose due list is stored (a number set)
 *   DUELIST#<year> / SHARD#<nn>                        one of 16 parts of a year's stored due list: gzipped JSON (base64) of
 *                                                      { <urn>: { seq, entry } } (core/due-list.ts), with a version
 *                                                      (the conditional put's) and a writeId (new at every write)
 *   DUELIST#<year> / BUILT                             the year's due list has been built from the whole register
 *   ESTABLISHMENT#<urn> / PLAN#SEQUENCE                numbers the writes that change an establishment's plan
 *
 * Every write is a single-item (conditional) write, so the same code runs on DynamoDB and on dynalite, which has no
 * transactions. Expected condition failures come back as typed results or named errors, never as SDK errors.
 * The repository never reads the clock for data: callers pass the instants to store.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BatchWriteCommandInput, DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { LocalDate } from '../core/calendar';
import { dueListEntry, type DueListEntry } from '../core/due-list';
import type { EmailTemplateInput } from '../core/email-content';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import type { DeliveryEventStatus, EmailRecipient } from '../core/inspection-views';
import type {
  ChildrenCorrection,
  FollowUpRun,
  EarlierMonitoringVisit,
  NextVisitWindowChange,
  InspectionRecord,
  InspectionStatus,
  Withdrawal,
  OutcomeAmendment,
  NotPublishedDecision,
  RecordedDecision,
  RecordedOutcome,
  ScheduledVisit,
} from '../core/inspection';
import { loadLocalAuthorities, type LocalAuthorityDirectory } from '../core/local-authorities';
import type { ProcessId } from '../core/regulations';
import type { EnforcementActionRecord } from '../core/enforcement';
import type { RegisterEntry, StoredRegisterEntry } from '../core/establishments';
import type { RequirementRecord } from '../core/requirements';
import type { ReportCopySent } from '../core/report-copies';
import type { ApprovalKind, Child, LocalAuthority, PhoneCallRecorded } from '../core/schemas';
import { systemClock, type Clock } from './clock';
import { config } from './config';
import { resetOnNewContainer } from './container';
import { dynamoDbSdk } from './dynamodb-sdk';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type Page<T> = { items: T[]; cursor?: string };

/**
 * An inspection being logged of an establishment, claimed before it is written (app/log-inspection.ts): its days, for
 * the duplicate check of another log of the same home that the inspections' index may not show yet.
 */
export interface LoggingClaim {
  /** The inspection as it is to be written, without its children (what the check reads: its id, process and days). */
  inspection: InspectionRecord;
  /** When it was claimed (ISO). */
  at: string;
}

export type ApprovalStatus = 'pending' | 'decided' | 'closed';

export interface Approval {
  approvalId: string;
  inspectionId: string;
  process: ProcessId;
  kind: ApprovalKind;
  /** The timeline step the approval is due with. */
  stepId: string;
  dueAt: string;
  status: ApprovalStatus;
  /** Step Functions task token of the current wait: never send it to a browser. */
  taskToken: string;
  createdAt: string;
  /** How many times the wait was re-opened with a fresh token after an escalation. */
  escalations: number;
  decision?: RecordedDecision;
}

/** An approval as the queue shows it: without its task token. */
export type ApprovalSummary = Omit<Approval, 'taskToken'>;

export interface OpenApproval {
  approvalId: string;
  inspectionId: string;
  process: ProcessId;
  kind: ApprovalKind;
  stepId: string;
  dueAt: string;
  taskToken: string;
  now: string;
}

export interface EmailKey {
  inspectionId: string;
  /** What the email discharges, e.g. `dcs-alert` or `report-to-provider`. */
  duty: string;
  /** Who, within the duty, e.g. a local authority code or a lower-cased address. */
  recipientKey: string;
}

export type { EmailRecipient };

export interface NewEmail extends EmailKey {
  to: string;
  recipient: EmailRecipient;
  template: EmailTemplateInput;
  subject: string;
  createdAt: string;
  dueAt?: string;
}

export type EmailStatus = 'sending' | 'sent' | 'failed';
export type DeliveryStatus = DeliveryEventStatus;
export interface DeliveryEvent {
  status: DeliveryStatus;
  at: string;
}

export interface OutboxItem extends NewEmail {
  status: EmailStatus;
  attempts: number;
  /** UTC instant of the attempt that holds (or last held) the claim: a "sending" claim older than the lease is stale. */
  claimedAt?: string;
  sentAt?: string;
  messageId?: string;
  delivery?: DeliveryEvent;
  /** The error of the last failed attempt; kept once a later attempt succeeds, as the reason the email was late. */
  lastError?: string;
}

/**
 * claimed: first attempt, the caller sends. reclaimed: a failed attempt, or a "sending" claim older than the lease
 * (its attempt died, perhaps after SES accepted it), the caller sends again. already-sent: nothing to do.
 * in-flight: another attempt holds a claim younger than the lease: do not send now.
 */
export type EmailClaim = 'claimed' | 'reclaimed' | 'already-sent' | 'in-flight';

/** A call as posted (PhoneCallRecorded), with who recorded it and when. */
export interface PhoneCall extends PhoneCallRecorded {
  recordedBy: string;
  recordedAt: string;
}

export interface AuditEvent {
  at: string;
  /** A user id, or `system` for steps. */
  actor: string;
  event: string;
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * What the repository needs of a table: lib-dynamodb's document client `send`. The local runtime's simulated year
 * passes an in-memory table (infra/local/memory-dynamodb.ts) that takes the same commands.
 */
export type DocumentStore = Pick<DynamoDBDocumentClient, 'send'>;

export interface RepositoryOptions {
  /** Defaults to the module's client (endpoint from AWS_ENDPOINT_URL_DYNAMODB when set). */
  client?: DynamoDBClient;
  /** A document client to use instead of one over `client`. */
  documents?: DocumentStore;
  /** Defaults to config.tableName (TABLE_NAME), read on first use. */
  tableName?: string;
  /** Only for the reference-data cache. */
  clock?: Clock;
}

// ---------------------------------------------------------------------------------------------------------------
// Keys and expressions

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
const INSPECTIONS = 'INSPECTION';
const PENDING_APPROVALS = 'APPROVAL#pending';
const REFERENCE = 'REFERENCE';
const ESTABLISHMENTS = 'ESTABLISHMENT';
const establishmentKey = (urn: string) => ({ pk: `ESTABLISHMENT#${urn}`, sk: 'ESTABLISHMENT' });
const historyPk = (urn: string) => `ESTABLISHMENT#${urn}`;
const MAX_PAGE = 100;
const DEFAULT_PAGE = 25;
const REFERENCE_CACHE_MS = 5 * 60 * 1000;
const BATCH_SIZE = 25;
const BATCH_ATTEMPTS = 8;

const inspectionPk = (id: string) => `INSPECTION#${id}`;
const digestPk = (recipientKey: string) => `DIGEST#${recipientKey}`;
const inspectionKey = (id: string) => ({ pk: inspectionPk(id), sk: 'INSPECTION' });
const approvalKey = (id: string) => ({ pk: `APPROVAL#${id}`, sk: 'APPROVAL' });
const tokenKey = (id: string, outcomeOf: ProcessId) => ({ pk: inspectionPk(id), sk: `TOKEN#${outcomeOf}` });
const stepTokenKey = (id: string, process: ProcessId, stepId: string) => ({ pk: inspectionPk(id), sk: `STEPTOKEN#${process}#${stepId}` });
const enforcementKey = (urn: string, id: string) => ({ pk: historyPk(urn), sk: `ENFORCEMENT#${id}` });
const requirementKey = (inspectionId: string, id: string) => ({ pk: inspectionPk(inspectionId), sk: `REQUIREMENT#${id}` });
const emailKey = (key: EmailKey) => ({ pk: inspectionPk(key.inspectionId), sk: `EMAIL#${key.duty}#${key.recipientKey}` });

type Item = Record<string, unknown>;
type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

function withoutKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}

/** Aliases every attribute name and value, so reserved words (status, to, token, name) never bite. */
class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly aliases = new Map<string, string>();

  /** `#n0.#n1` for the path ['actuals', 'assurance-visit']. */
  path(...segments: string[]): string {
    return segments
      .map((segment) => {
        let alias = this.aliases.get(segment);
        if (!alias) {
          alias = `#n${this.aliases.size}`;
          this.aliases.set(segment, alias);
          this.names[alias] = segment;
        }
        return alias;
      })
      .join('.');
  }

  value(value: unknown): string {
    const alias = `:v${Object.keys(this.values).length}`;
    this.values[alias] = value;
    return alias;
  }

  /** `SET a = :x, b = :y` from pairs of path and value. */
  set(assignments: ReadonlyArray<readonly [string[], unknown]>): string {
    return `SET ${assignments.map(([path, value]) => `${this.path(...path)} = ${this.value(value)}`).join(', ')}`;
  }

  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const InspectionCursor = z.strictObject({
  pk: z.string().check(z.startsWith('INSPECTION#')),
  sk: z.literal('INSPECTION'),
  gsi1pk: z.literal(INSPECTIONS),
  gsi1sk: z.string(),
});

function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

function decodeCursor(cursor: string): Item {
  const invalid = () => new ValidationError([{ field: 'cursor', message: 'is not a cursor returned by this list' }]);
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = InspectionCursor.safeParse(json);
  if (!parsed.success) throw invalid();
  return parsed.data;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < list.length; index += size) result.push(list.slice(index, index + size));
  return result;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// -- the stored due list (see "the stored due list" below) -----------------------------------------------------------

const DUE_LIST_SHARDS = 16;
const DUE_LIST_ATTEMPTS = 12;
const DUE_LIST_YEARS_KEY = { pk: 'DUELIST', sk: 'YEARS' };
const dueListPk = (year: number) => `DUELIST#${year}`;
const dueListShardKey = (year: number, shard: number) => ({ pk: dueListPk(year), sk: `SHARD#${String(shard).padStart(2, '0')}` });
const dueListBuiltKey = (year: number) => ({ pk: dueListPk(year), sk: 'BUILT' });
const planSequenceKey = (urn: string) => ({ pk: historyPk(urn), sk: 'PLAN#SEQUENCE' });
const loggingClaimsKey = (urn: string) => ({ pk: historyPk(urn), sk: 'LOGGING#CLAIMS' });

/** An establishment's entry in a stored due list, numbered by the write it reflects (0: the year's first build). */
interface NumberedDueEntry {
  seq: number;
  entry: DueListEntry;
}
type DueListShard = Record<string, NumberedDueEntry>;

/** A shard of a year's due list as read: its entries and the id of the write that made it (`<year>#…`, unique). */
export interface DueListShardView {
  writeId: string;
  entries: DueListEntry[];
}

/** The shard an establishment's entry lives in: FNV-1a of its URN. */
function dueListShardOf(urn: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < urn.length; index += 1) hash = Math.imul(hash ^ urn.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % DUE_LIST_SHARDS;
}

// Gzipped JSON as base64 text, not a binary attribute: the same item then goes through the SDK, dynalite's HTTP
// endpoint and the runtime's in-memory table (which hands attribute values to dynalite as they are).
// zlib is loaded when a shard is first read or written, not at import: most handlers never touch the due list, and
// loading zlib (with node:stream) was ~2 ms of every cold import (2026-11-29).
const zlib = () => process.getBuiltinModule('node:zlib');
const encodeShard = (shard: DueListShard): string => zlib().gzipSync(JSON.stringify(shard)).toString('base64');
const decodeShard = (text: string): DueListShard => JSON.parse(zlib().gunzipSync(Buffer.from(text, 'base64')).toString('utf8')) as DueListShard;

/** The later of two versions of the same record (its `updatedAt`); the one just written when they tie. */
const laterRecord = (written: InspectionRecord, read: InspectionRecord | undefined) =>
  read && read.updatedAt > written.updatedAt ? read : written;

// ---------------------------------------------------------------------------------------------------------------
// The repository

/** The container's DynamoDB client, created on first use: importing this module builds nothing. */
let moduleClient: DynamoDBClient | undefined;
resetOnNewContainer(() => {
  moduleClient?.destroy();
  moduleClient = undefined;
  defaultRepository = undefined;
});

const TRANSLATION = {
  marshallOptions: { removeUndefinedValues: true },
  unmarshallOptions: { wrapNumbers: false },
} as const;

/** 48 random bits as 12 hex digits (a v4 UUID's first 12 are random), drawn from crypto's cached pool: key suffixes. */
const randomSuffix = (): string => randomUUID().replace('-', '').slice(0, 12);

export class InspectionRepository {
  private documents: DocumentStore | undefined;
  private readonly client: DynamoDBClient | undefined;
  private readonly fixedTableName: string | undefined;
  private readonly clock: Clock;
  private authorities: { directory: LocalAuthorityDirectory; loadedAtMs: number } | undefined;

  constructor(options: RepositoryOptions = {}) {
    this.documents = options.documents;
    this.client = options.client;
    this.fixedTableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** The document store and the SDK's commands (loaded on first use: dynamodb-sdk.ts). */
  private async sdk() {
    const sdk = await dynamoDbSdk();
    this.documents ??= sdk.DynamoDBDocumentClient.from(this.client ?? (moduleClient ??= sdk.newClient()), TRANSLATION);
    return { ...sdk, documents: this.documents };
  }

  private get table(): string {
    return this.fixedTableName ?? config.tableName;
  }

  // -- low-level helpers ------------------------------------------------------------------------------------------

  private async getItem(key: Item): Promise<Item | undefined> {
    const { documents, GetCommand } = await this.sdk();
    const { Item: item } = await documents.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return item;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const { documents, QueryCommand } = await this.sdk();
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await documents.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async queryPartition(pk: string, skPrefix: string): Promise<Item[]> {
    const x = new Expression();
    return this.queryAll({
      KeyConditionExpression: `${x.path('pk')} = ${x.value(pk)} AND begins_with(${x.path('sk')}, ${x.value(skPrefix)})`,
      ...x.attributes(),
    });
  }

  /** Puts an item only if its key is new; false when it already existed. */
  private putNew(item: Item): Promise<boolean> {
    return this.putWhere(item, (x) => `attribute_not_exists(${x.path('pk')})`);
  }

  /** Puts an item if the condition holds on what is stored; false when it did not. */
  private async putWhere(item: Item, condition: (x: Expression) => string): Promise<boolean> {
    const { documents, PutCommand } = await this.sdk();
    const x = new Expression();
    try {
      await documents.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: condition(x), ...x.attributes() }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** UpdateItem returning ALL_NEW, or undefined when the condition failed. */
  private async update(key: Item, x: Expression, updateExpression: string, condition: string): Promise<Item | undefined> {
    const { documents, UpdateCommand } = await this.sdk();
    try {
      const { Attributes: attributes } = await documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: updateExpression,
          ConditionExpression: condition,
          ReturnValues: 'ALL_NEW',
          ...x.attributes(),
        }),
      );
      return attributes;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Updates the inspection when it exists and `extraCondition` holds. `applied: false` carries the record as it is;
   * a missing inspection is a NotFoundError.
   */
  private async updateInspection(
    id: string,
    assignments: ReadonlyArray<readonly [string[], unknown]>,
    extraCondition?: (x: Expression) => string,
  ): Promise<{ applied: boolean; record: InspectionRecord }> {
    const x = new Expression();
    const updateExpression = x.set(assignments);
    const exists = `attribute_exists(${x.path('pk')})`;
    const condition = extraCondition ? `${exists} AND (${extraCondition(x)})` : exists;
    const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
    if (updated) return { applied: true, record: withoutKeys<InspectionRecord>(updated) };
    return { applied: false, record: await this.requireInspection(id) };
  }

  // -- inspections --------------------------------------------------------------------------------------------------

  /** Stores a new inspection; a record with the same id already there comes back as `existing`. */
  async createInspection(
    record: InspectionRecord,
  ): Promise<{ created: true; record: InspectionRecord } | { created: false; existing: InspectionRecord }> {
    const item = {
      ...record,
      ...inspectionKey(record.id),
      gsi1pk: INSPECTIONS,
      gsi1sk: `${record.createdAt}#${record.id}`,
      gsi2pk: historyPk(record.establishment.urn),
      gsi2sk: `${record.createdAt}#${record.id}`,
    };
    if (await this.putNew(item)) {
      await this.refreshDueList([record.establishment.urn], [record]);
      return { created: true, record };
    }
    const existing = await this.requireInspection(record.id);
    // A retry after a crash between the write and the due list's refresh heals it here.
    await this.refreshDueList([existing.establishment.urn], [existing]);
    return { created: false, existing };
  }

  async getInspection(id: string): Promise<InspectionRecord | undefined> {
    const item = await this.getItem(inspectionKey(id));
    return item ? withoutKeys<InspectionRecord>(item) : undefined;
  }

  async requireInspection(id: string): Promise<InspectionRecord> {
    const record = await this.getInspection(id);
    if (!record) throw new NotFoundError(`inspection ${id} not found`);
    return record;
  }

  /** Newest first. `cursor` is opaque: the one returned by the previous page. */
  async listInspections(options: { limit?: number; cursor?: string } = {}): Promise<Page<InspectionRecord>> {
    const { documents, QueryCommand } = await this.sdk();
    const limit = options.limit ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new ValidationError([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE}` }]);
    }
    const x = new Expression();
    const page = await documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: `${x.path('gsi1pk')} = ${x.value(INSPECTIONS)}`,
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
        ...x.attributes(),
      }),
    );
    const cursor = encodeCursor(page.LastEvaluatedKey);
    const items = (page.Items ?? []).map((item) => withoutKeys<InspectionRecord>(item));
    return cursor ? { items, cursor } : { items };
  }

  /** Records an outcome once: a second outcome for the same field is not applied (`recorded: false`). */
  async recordOutcome<F extends 'outcome' | 'monitoringOutcome'>(
    id: string,
    field: F,
    value: NonNullable<InspectionRecord[F]>,
    status: InspectionStatus,
    at: string,
  ): Promise<{ recorded: boolean; record: InspectionRecord }> {
    const { applied, record } = await this.updateInspection(
      id,
      [
        [[field], value],
        [['status'], status],
        [['updatedAt'], at],
      ],
      (x) => `attribute_not_exists(${x.path(field)})`,
    );
    await this.refreshDueList([record.establishment.urn], [record]);
    return { recorded: applied, record };
  }

  /**
   * Replaces the outcome with an amended one and appends the amendment to the history, in one conditional write:
   * only while the outcome is still the one the amendment was made against (`before.recordedAt`) and the report has
   * not been sent to the provider. `amended: false` carries the record as it is (the caller says why).
   */
  async amendOutcome(
    id: string,
    process: ProcessId,
    outcome: RecordedOutcome,
    amendment: OutcomeAmendment,
    at: string,
  ): Promise<{ amended: boolean; record: InspectionRecord }> {
    const x = new Expression();
    const history = x.path('amendments');
    const updateExpression =
      `SET ${x.path('outcome')} = ${x.value(outcome)}, ${x.path('updatedAt')} = ${x.value(at)}, ` +
      `${history} = list_append(if_not_exists(${history}, ${x.value([])}), ${x.value([amendment])})`;
    const condition =
      `attribute_exists(${x.path('pk')}) AND ${x.path('outcome', 'recordedAt')} = ${x.value(amendment.before.recordedAt)} AND ` +
      `attribute_not_exists(${x.path('actuals', process, 'report-to-provider')})`;
    const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
    if (updated) return { amended: true, record: await this.plannedAfter(withoutKeys<InspectionRecord>(updated)) };
    return { amended: false, record: await this.requireInspection(id) };
  }

  /**
   * Replaces the children recorded at an inspection, keeping the list as it was in `childrenCorrections`: only if the
   * record is as read (`updatedAt`) and not withdrawn; otherwise undefined, and the caller reads it again.
   */
  async correctChildren(id: string, seenUpdatedAt: string, children: readonly Child[], correction: ChildrenCorrection): Promise<InspectionRecord | undefined> {
    const x = new Expression();
    const history = x.path('childrenCorrections');
    const updateExpression =
      `SET ${x.path('children')} = ${x.value(children)}, ${x.path('updatedAt')} = ${x.value(correction.correctedAt)}, ` +
      `${history} = list_append(if_not_exists(${history}, ${x.value([])}), ${x.value([correction])})`;
    const condition =
      `attribute_exists(${x.path('pk')}) AND ${x.path('updatedAt')} = ${x.value(seenUpdatedAt)} AND ${x.path('status')} <> ${x.value('withdrawn')}`;
    const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
    return updated ? withoutKeys<InspectionRecord>(updated) : undefined;
  }

  /**
   * The London day a step actually happened (a later call for the same step corrects it). With `ofVisit`, a step of
   * the current monitoring visit, written only while that visit is still current: when the next visit has begun in
   * the meantime (further monitoring), the step is not put on the new visit (ConflictError).
   */
  async recordActual(id: string, process: ProcessId, stepId: string, date: LocalDate, at: string, ofVisit?: number): Promise<InspectionRecord> {
    const stillCurrent = (x: Expression) => {
      if (ofVisit === undefined) return '';
      const number = x.path('monitoringVisitNumber');
      return ofVisit === 1 ? ` AND (attribute_not_exists(${number}) OR ${number} = ${x.value(1)})` : ` AND ${number} = ${x.value(ofVisit)}`;
    };
    // A nested SET needs its parent map, and `if_not_exists` cannot create one in the same expression: try the
    // step inside an existing process map, else create the map; a concurrent writer sends us round again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const x = new Expression();
      const intoExisting = await this.update(
        inspectionKey(id),
        x,
        x.set([
          [['actuals', process, stepId], date],
          [['updatedAt'], at],
        ]),
        `attribute_exists(${x.path('actuals', process)})${stillCurrent(x)}`,
      ).catch((error: unknown) => {
        // Should DynamoDB check the path before the condition, a missing map is this ValidationException.
        if (error instanceof Error && error.name === 'ValidationException' && /document path/i.test(error.message)) return undefined;
        throw error;
      });
      if (intoExisting) return this.plannedAfter(withoutKeys<InspectionRecord>(intoExisting));

      const y = new Expression();
      const withNewMap = await this.update(
        inspectionKey(id),
        y,
        y.set([
          [['actuals', process], { [stepId]: date }],
          [['updatedAt'], at],
        ]),
        `attribute_exists(${y.path('pk')}) AND attribute_not_exists(${y.path('actuals', process)})${stillCurrent(y)}`,
      );
      if (withNewMap) return this.plannedAfter(withoutKeys<InspectionRecord>(withNewMap));
      const now = await this.requireInspection(id);
      if (ofVisit !== undefined && (now.monitoringVisitNumber ?? 1) !== ofVisit) {
        throw new ConflictError(`monitoring visit ${ofVisit} of inspection ${id} is no longer the current one: record its step again, with "visit": ${ofVisit}`);
      }
    }
    throw new ConflictError(`inspection ${id}: the actual date of ${process}/${stepId} kept changing while being recorded`);
  }

  /**
   * Takes back the day a step happened, only while it is still `date` (a return inspection logged of this one and then
   * withdrawn: app/withdraw-inspection.ts). `reopened: false` when the step holds another day, or none.
   */
  async reopenActual(id: string, process: ProcessId, stepId: string, date: LocalDate, at: string): Promise<{ reopened: boolean }> {
    const x = new Expression();
    const step = x.path('actuals', process, stepId);
    const updated = await this.update(inspectionKey(id), x, `${x.set([[['updatedAt'], at]])} REMOVE ${step}`, `${step} = ${x.value(date)}`).catch((error: unknown) => {
      // No such process map: nothing to take back.
      if (error instanceof Error && error.name === 'ValidationException' && /document path/i.test(error.message)) return undefined;
      throw error;
    });
    if (updated) await this.plannedAfter(withoutKeys<InspectionRecord>(updated));
    return { reopened: updated !== undefined };
  }

  /**
   * Records a follow-up run once. `started: false` when one was already recorded. Starting the execution is
   * idempotent by its name, so callers start it whatever this returns.
   */
  async recordFollowUp(
    id: string,
    process: ProcessId,
    run: FollowUpRun,
    at: string,
  ): Promise<{ started: boolean; record: InspectionRecord }> {
    const { applied, record } = await this.updateInspection(
      id,
      [
        [['followUps', process], run],
        [['updatedAt'], at],
      ],
      (x) => `attribute_not_exists(${x.path('followUps', process)})`,
    );
    await this.refreshDueList([record.establishment.urn], [record]);
    return { started: applied, record };
  }

  /**
   * Records a manager's decision. Recording the same approval's decision again is harmless (a step retry); a
   * different decision for the same kind is a ConflictError.
   */
  async recordDecision(id: string, kind: ApprovalKind, decision: RecordedDecision, at: string): Promise<InspectionRecord> {
    const { applied, record } = await this.updateInspection(
      id,
      [
        [['decisions', kind], decision],
        [['updatedAt'], at],
      ],
      (x) => {
        const recorded = x.path('decisions', kind);
        return `attribute_not_exists(${recorded}) OR ${x.path('decisions', kind, 'approvalId')} = ${x.value(decision.approvalId)}`;
      },
    );
    if (!applied) throw new ConflictError(`inspection ${id} already has a ${kind} decision from another approval`);
    // The plan reads the return visit a case review chose (inadequateJudgementsOf, decidedVisitsOf): its window is that visit's.
    return kind === 'case-review' || kind === 'interim-case-review' ? this.plannedAfter(record) : record;
  }

  /** Records a manager's decision not to publish the monitoring visit's report (SCCIF 15.1), once. */
  /** The decision not to publish the current monitoring visit's report, only while visit `ofVisit` is current. */
  async recordMonitoringReportNotPublished(id: string, decision: NotPublishedDecision, at: string, ofVisit = 1): Promise<InspectionRecord> {
    const { applied, record } = await this.updateInspection(
      id,
      [
        [['monitoringReportNotPublished'], decision],
        [['updatedAt'], at],
      ],
      (x) => {
        const number = x.path('monitoringVisitNumber');
        const current = ofVisit === 1 ? `(attribute_not_exists(${number}) OR ${number} = ${x.value(1)})` : `${number} = ${x.value(ofVisit)}`;
        return `attribute_not_exists(${x.path('monitoringReportNotPublished')}) AND ${current}`;
      },
    );
    if (!applied && (record.monitoringVisitNumber ?? 1) !== ofVisit) {
      throw new ConflictError(`monitoring visit ${ofVisit} of inspection ${id} is no longer the current one: record its step again, with "visit": ${ofVisit}`);
    }
    return record;
  }

  /**
   * A step of earlier monitoring visit `number` (its report published, or a manager's decision not to publish it),
   * recorded once a later visit has begun: in the visit's own entry of `monitoringVisits`, only while that entry is
   * still the visit's. NotFoundError when the inspection has no such earlier visit.
   */
  async recordEarlierMonitoringVisitStep(
    id: string,
    number: number,
    stepId: string,
    date: LocalDate,
    at: string,
    notPublished?: NotPublishedDecision,
  ): Promise<InspectionRecord> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const index = (await this.requireInspection(id)).monitoringVisits?.findIndex((visit) => visit.number === number) ?? -1;
      if (index < 0) throw new NotFoundError(`inspection ${id} has no earlier monitoring visit ${number}`);
      const x = new Expression();
      const visit = `${x.path('monitoringVisits')}[${index}]`;
      const updateExpression =
        `SET ${visit}.${x.path('actuals', stepId)} = ${x.value(date)}, ` +
        (notPublished ? `${visit}.${x.path('notPublished')} = ${x.value(notPublished)}, ` : '') +
        `${x.path('updatedAt')} = ${x.value(at)}`;
      const condition = `${visit}.${x.path('number')} = ${x.value(number)}` + (notPublished ? ` AND attribute_not_exists(${visit}.${x.path('notPublished')})` : '');
      const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
      if (updated) return this.plannedAfter(withoutKeys<InspectionRecord>(updated));
      // A decision already taken is a conflict; another writer moving the list sends us round again.
      if (notPublished && (await this.requireInspection(id)).monitoringVisits?.[index]?.notPublished) {
        throw new ConflictError(`the report of monitoring visit ${number} already has a decision not to publish it`);
      }
    }
    throw new ConflictError(`monitoring visit ${number} of inspection ${id} changed while its step was recorded; try again`);
  }

  /**
   * Further monitoring (children's homes framework §77): the current monitoring visit becomes an earlier one and visit
   * `next.number` becomes current, its run recorded under its own execution name, in one conditional write. Only while
   * the current visit is the one before `next`: a retry finds it done (`begun: false`) and writes nothing.
   */
  async beginNextMonitoringVisit(
    id: string,
    closed: EarlierMonitoringVisit,
    next: { number: number; executionName: string },
    at: string,
  ): Promise<{ begun: boolean; record: InspectionRecord }> {
    const x = new Expression();
    const earlier = x.path('monitoringVisits');
    const number = x.path('monitoringVisitNumber');
    const updateExpression =
      `SET ${earlier} = list_append(if_not_exists(${earlier}, ${x.value([])}), ${x.value([closed])}), ` +
      `${number} = ${x.value(next.number)}, ` +
      `${x.path('followUps', 'monitoring-visit', 'executionName')} = ${x.value(next.executionName)}, ` +
      `${x.path('followUps', 'monitoring-visit', 'startedAt')} = ${x.value(at)}, ` +
      `${x.path('updatedAt')} = ${x.value(at)} ` +
      `REMOVE ${x.path('monitoringOutcome')}, ${x.path('actuals', 'monitoring-visit')}, ${x.path('monitoringReportNotPublished')}`;
    const current = closed.number === 1 ? `(attribute_not_exists(${number}) OR ${number} = ${x.value(1)})` : `${number} = ${x.value(closed.number)}`;
    // The closed visit keeps its report as read: a report recorded (or a decision not to publish it) in between sends
    // the caller round again with the record as it is now, never lost with the current visit's steps.
    const publish = x.path('actuals', 'monitoring-visit', 'publish');
    const notPublished = x.path('monitoringReportNotPublished');
    const reportAsRead =
      (closed.actuals.publish === undefined ? `attribute_not_exists(${publish})` : `${publish} = ${x.value(closed.actuals.publish)}`) +
      ` AND ${closed.notPublished === undefined ? 'attribute_not_exists' : 'attribute_exists'}(${notPublished})`;
    const condition =
      `attribute_exists(${x.path('pk')}) AND attribute_exists(${x.path('followUps', 'monitoring-visit')}) AND ` +
      `${current} AND ${x.path('monitoringOutcome', 'recordedAt')} = ${x.value(closed.outcome.recordedAt)} AND ${reportAsRead}`;
    const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
    if (updated) return { begun: true, record: await this.plannedAfter(withoutKeys<InspectionRecord>(updated)) };
    return { begun: false, record: await this.requireInspection(id) };
  }

  /**
   * A manager's new window for monitoring visit `number`, begun by further monitoring (§77): kept on the earlier visit's
   * outcome that set it, and on the scheduled visit, in one conditional write. Only while visit `number` is current and
   * its outcome not recorded: undefined otherwise (read the record again to say why). The change is appended to the
   * earlier visit's `windowChanges`.
   */
  async changeNextVisitWindow(
    id: string,
    number: number,
    window: { earliestWeeks: number; latestWeeks: number },
    scheduled: { earliest: LocalDate; latest: LocalDate } | undefined,
    change: NextVisitWindowChange,
  ): Promise<InspectionRecord | undefined> {
    const index = number - 2;
    const at = change.at;
    const x = new Expression();
    const previous = `${x.path('monitoringVisits')}[${index}]`;
    const changes = `${previous}.${x.path('windowChanges')}`;
    const updateExpression =
      `SET ${previous}.${x.path('outcome', 'outcome', 'nextVisitWindow')} = ${x.value(window)}, ` +
      `${changes} = list_append(if_not_exists(${changes}, ${x.value([])}), ${x.value([change])}), ` +
      (scheduled
        ? `${x.path('scheduled', 'further-monitoring', 'earliest')} = ${x.value(scheduled.earliest)}, ` +
          `${x.path('scheduled', 'further-monitoring', 'latest')} = ${x.value(scheduled.latest)}, `
        : '') +
      `${x.path('updatedAt')} = ${x.value(at)}`;
    const condition =
      `${x.path('monitoringVisitNumber')} = ${x.value(number)} AND attribute_not_exists(${x.path('monitoringOutcome')}) AND ` +
      `${previous}.${x.path('number')} = ${x.value(number - 1)}` +
      (scheduled ? ` AND attribute_exists(${x.path('scheduled', 'further-monitoring')})` : '');
    const updated = await this.update(inspectionKey(id), x, updateExpression, condition);
    return updated ? this.plannedAfter(withoutKeys<InspectionRecord>(updated)) : undefined;
  }

  /** Records (or re-records) a scheduled visit. */
  async recordScheduledVisit(id: string, visit: ScheduledVisit, at: string): Promise<InspectionRecord> {
    const { record } = await this.updateInspection(id, [
      [['scheduled', visit.visit], visit],
      [['updatedAt'], at],
    ]);
    return record;
  }

  /** Sets where a run stands; never over `withdrawn` (a step still in flight as a manager withdrew the inspection). */
  async setStatus(id: string, status: InspectionStatus, at: string): Promise<InspectionRecord> {
    const { record } = await this.updateInspection(
      id,
      [
        [['status'], status],
        [['updatedAt'], at],
      ],
      (x) => `${x.path('status')} <> ${x.value('withdrawn')}`,
    );
    return record;
  }

  /**
   * Withdraws the inspection (status `withdrawn`, with who, when and why), once: `withdrawn: false` carries the record
   * as it is when it was withdrawn before. The plan is refreshed either way (a retry heals an interrupted refresh).
   */
  async withdrawInspection(id: string, withdrawal: Withdrawal): Promise<{ withdrawn: boolean; record: InspectionRecord }> {
    const { applied, record } = await this.updateInspection(
      id,
      [
        [['status'], 'withdrawn'],
        [['withdrawal'], withdrawal],
        [['updatedAt'], withdrawal.withdrawnAt],
      ],
      (x) => `${x.path('status')} <> ${x.value('withdrawn')}`,
    );
    return { withdrawn: applied, record: await this.plannedAfter(record) };
  }

  // -- outcome task tokens (separate items: records never carry tokens) ---------------------------------------------

  async storeOutcomeToken(id: string, outcomeOf: ProcessId, token: string, at: string): Promise<void> {
    const { documents, PutCommand } = await this.sdk();
    await documents.send(
      new PutCommand({ TableName: this.table, Item: { ...tokenKey(id, outcomeOf), inspectionId: id, outcomeOf, token, storedAt: at } }),
    );
  }

  async getOutcomeToken(id: string, outcomeOf: ProcessId): Promise<string | undefined> {
    const item = await this.getItem(tokenKey(id, outcomeOf));
    return typeof item?.token === 'string' ? item.token : undefined;
  }

  /** Deletes the token; with `expectedToken`, only if it is still that token (a newer wait keeps its own). */
  async clearOutcomeToken(id: string, outcomeOf: ProcessId, expectedToken?: string): Promise<{ cleared: boolean }> {
    const { documents, DeleteCommand } = await this.sdk();
    const x = new Expression();
    const condition =
      expectedToken === undefined
        ? `attribute_exists(${x.path('pk')})`
        : `${x.path('token')} = ${x.value(expectedToken)}`;
    try {
      await documents.send(
        new DeleteCommand({ TableName: this.table, Key: tokenKey(id, outcomeOf), ConditionExpression: condition, ...x.attributes() }),
      );
      return { cleared: true };
    } catch (error) {
      if (isConditionFailure(error)) return { cleared: false };
      throw error;
    }
  }

  // -- recorded-step task tokens (a wait for a person to record a step) ---------------------------------------------

  async storeStepToken(id: string, process: ProcessId, stepId: string, token: string, at: string): Promise<void> {
    const { documents, PutCommand } = await this.sdk();
    await documents.send(
      new PutCommand({ TableName: this.table, Item: { ...stepTokenKey(id, process, stepId), inspectionId: id, process, stepId, token, storedAt: at } }),
    );
  }

  async getStepToken(id: string, process: ProcessId, stepId: string): Promise<string | undefined> {
    const item = await this.getItem(stepTokenKey(id, process, stepId));
    return typeof item?.token === 'string' ? item.token : undefined;
  }

  /** Deletes the token only if it is still `expectedToken` (a newer wait keeps its own). */
  async clearStepToken(id: string, process: ProcessId, stepId: string, expectedToken: string): Promise<{ cleared: boolean }> {
    const { documents, DeleteCommand } = await this.sdk();
    const x = new Expression();
    try {
      await documents.send(
        new DeleteCommand({
          TableName: this.table,
          Key: stepTokenKey(id, process, stepId),
          ConditionExpression: `${x.path('token')} = ${x.value(expectedToken)}`,
          ...x.attributes(),
        }),
      );
      return { cleared: true };
    } catch (error) {
      if (isConditionFailure(error)) return { cleared: false };
      throw error;
    }
  }

  // -- approvals ----------------------------------------------------------------------------------------------------

  private approvalItem(approval: Approval): Item {
    const queue = approval.status === 'pending' ? { gsi1pk: PENDING_APPROVALS, gsi1sk: `${approval.dueAt}#${approval.approvalId}` } : {};
    return { ...approval, ...approvalKey(approval.approvalId), ...queue };
  }

  /**
   * Opens an approval, or re-opens it with a fresh task token and due instant after an escalation (counted) or after
   * its deadline moved (core/moved-deadlines.ts; not counted).
   * A decided or closed approval keeps its status and decision, so the caller can answer the new wait at once.
   */
  async openApproval(input: OpenApproval): Promise<Approval> {
    const { documents, PutCommand } = await this.sdk();
    const { now, ...fields } = input;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.getApproval(input.approvalId);
      if (!current) {
        const approval: Approval = { ...fields, status: 'pending', createdAt: now, escalations: 0 };
        if (await this.putNew(this.approvalItem(approval))) return approval;
        continue;
      }
      if (current.taskToken === input.taskToken && current.dueAt === input.dueAt) return current;
      const next: Approval = {
        ...current,
        taskToken: input.taskToken,
        dueAt: input.dueAt,
        // A new wait for the same due instant follows an escalation; one for a new due instant, a moved deadline.
        escalations: current.escalations + (current.taskToken !== input.taskToken && current.dueAt === input.dueAt ? 1 : 0),
      };
      const x = new Expression();
      const unchanged = `${x.path('taskToken')} = ${x.value(current.taskToken)} AND ${x.path('status')} = ${x.value(current.status)}`;
      try {
        await documents.send(
          new PutCommand({ TableName: this.table, Item: this.approvalItem(next), ConditionExpression: unchanged, ...x.attributes() }),
        );
        return next;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new ConflictError(`approval ${input.approvalId} kept changing while it was being opened`);
  }

  async getApproval(id: string): Promise<Approval | undefined> {
    const item = await this.getItem(approvalKey(id));
    return item ? withoutKeys<Approval>(item) : undefined;
  }

  async requireApproval(id: string): Promise<Approval> {
    const approval = await this.getApproval(id);
    if (!approval) throw new NotFoundError(`approval ${id} not found`);
    return approval;
  }

  /** The pending queue, earliest due first; without task tokens. */
  async listPendingApprovals(): Promise<ApprovalSummary[]> {
    const x = new Expression();
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: `${x.path('gsi1pk')} = ${x.value(PENDING_APPROVALS)}`,
      ScanIndexForward: true,
      ...x.attributes(),
    });
    return items.map((item) => {
      const { taskToken: _token, ...summary } = withoutKeys<Approval>(item);
      return summary;
    });
  }

  /**
   * Records the decision if the approval is still pending with the token the caller read. `decided: false` carries
   * the approval as it is: decided already, closed, or re-opened with a newer token (read it again and retry).
   */
  async decideApproval(
    id: string,
    { expectedToken, decision }: { expectedToken: string; decision: RecordedDecision },
  ): Promise<{ decided: boolean; approval: Approval }> {
    const x = new Expression();
    const updated = await this.update(
      approvalKey(id),
      x,
      `${x.set([
        [['status'], 'decided'],
        [['decision'], decision],
      ])} REMOVE ${x.path('gsi1pk')}, ${x.path('gsi1sk')}`,
      `${x.path('status')} = ${x.value('pending')} AND ${x.path('taskToken')} = ${x.value(expectedToken)}`,
    );
    if (updated) return { decided: true, approval: withoutKeys<Approval>(updated) };
    return { decided: false, approval: await this.requireApproval(id) };
  }

  /** Takes a pending approval off the queue (its run ended); a decided one stays decided. */
  async closeApproval(id: string): Promise<{ closed: boolean; approval: Approval }> {
    const x = new Expression();
    const updated = await this.update(
      approvalKey(id),
      x,
      `${x.set([[['status'], 'closed']])} REMOVE ${x.path('gsi1pk')}, ${x.path('gsi1sk')}`,
      `${x.path('status')} = ${x.value('pending')}`,
    );
    if (updated) return { closed: true, approval: withoutKeys<Approval>(updated) };
    return { closed: false, approval: await this.requireApproval(id) };
  }

  // -- outbox -------------------------------------------------------------------------------------------------------

  /**
   * Claims the right to send one email. Only `claimed` and `reclaimed` may send. A "sending" claim made before
   * `staleBefore` (an instant: the attempt's time minus the lease) is taken over: its attempt is presumed dead.
   */
  async claimEmail(email: NewEmail, staleBefore?: string): Promise<{ claim: EmailClaim; email: OutboxItem }> {
    const claimed: OutboxItem = { ...email, status: 'sending', attempts: 1, claimedAt: email.createdAt };
    if (await this.putNew({ ...claimed, ...emailKey(email) })) return { claim: 'claimed', email: claimed };

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const x = new Expression();
      const status = x.path('status');
      const claimedAt = x.path('claimedAt');
      // failed, or sending with a claim older than the lease (or no claimedAt and created before it). Written without
      // parentheses, as AND binds tighter than OR: the local runtime's DynamoDB (dynalite) backtracks at each nested
      // parenthesis, and the nested form took ~7 ms of CPU to parse at every reclaim, the flat one ~0.1 ms.
      const stale =
        staleBefore === undefined
          ? ''
          : ` OR ${status} = ${x.value('sending')} AND ${claimedAt} < ${x.value(staleBefore)}` +
            ` OR ${status} = ${x.value('sending')} AND attribute_not_exists(${claimedAt}) AND ${x.path('createdAt')} < ${x.value(staleBefore)}`;
      const reclaimed = await this.update(
        emailKey(email),
        x,
        `${x.set([
          [['status'], 'sending'],
          [['to'], email.to],
          [['recipient'], email.recipient],
          [['template'], email.template],
          [['subject'], email.subject],
          [['claimedAt'], email.createdAt],
        ])} ADD ${x.path('attempts')} ${x.value(1)}`,
        `${status} = ${x.value('failed')}${stale}`,
      );
      if (reclaimed) return { claim: 'reclaimed', email: withoutKeys<OutboxItem>(reclaimed) };

      const current = await this.getItem(emailKey(email));
      if (!current) {
        if (await this.putNew({ ...claimed, ...emailKey(email) })) return { claim: 'claimed', email: claimed };
        continue;
      }
      const existing = withoutKeys<OutboxItem>(current);
      if (existing.status === 'sent') return { claim: 'already-sent', email: existing };
      if (existing.status === 'sending') return { claim: 'in-flight', email: existing };
    }
    throw new ConflictError(`email ${email.duty} for inspection ${email.inspectionId} kept changing while being claimed`);
  }

  async markEmailSent(key: EmailKey, messageId: string | undefined, sentAt: string): Promise<OutboxItem> {
    const x = new Expression();
    const assignments: Array<readonly [string[], unknown]> = [
      [['status'], 'sent'],
      [['sentAt'], sentAt],
    ];
    if (messageId !== undefined) {
      assignments.push([['messageId'], messageId], [['gsi2pk'], `MESSAGE#${messageId}`], [['gsi2sk'], 'EMAIL']);
    }
    // lastError stays: on a sent email it says why it was late.
    const updated = await this.update(emailKey(key), x, x.set(assignments), `attribute_exists(${x.path('pk')})`,
    );
    if (!updated) throw new NotFoundError(`email ${key.duty} for inspection ${key.inspectionId} not found`);
    return withoutKeys<OutboxItem>(updated);
  }

  /** Marks a sending attempt failed, so the next attempt reclaims it. A sent email is never downgraded. */
  async markEmailFailed(key: EmailKey, errorMessage: string): Promise<OutboxItem | undefined> {
    const x = new Expression();
    const updated = await this.update(
      emailKey(key),
      x,
      x.set([
        [['status'], 'failed'],
        [['lastError'], errorMessage.slice(0, 500)],
      ]),
      `${x.path('status')} = ${x.value('sending')}`,
    );
    if (updated) return withoutKeys<OutboxItem>(updated);
    const current = await this.getItem(emailKey(key));
    return current ? withoutKeys<OutboxItem>(current) : undefined;
  }

  /**
   * Records an SES delivery event on the email it belongs to. An event older than the one recorded is ignored
   * (events may arrive out of order); an unknown message id is not an error.
   */
  async recordEmailEvent(
    messageId: string,
    event: DeliveryEvent,
  ): Promise<{ recorded: true; email: OutboxItem } | { recorded: false; reason: 'unknown-message' | 'superseded' }> {
    const { documents, QueryCommand } = await this.sdk();
    const x = new Expression();
    const found = await documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: `${x.path('gsi2pk')} = ${x.value(`MESSAGE#${messageId}`)}`,
        Limit: 1,
        ...x.attributes(),
      }),
    );
    const item = found.Items?.[0];
    if (!item) return { recorded: false, reason: 'unknown-message' };
    const y = new Expression();
    const updated = await this.update(
      { pk: item.pk, sk: item.sk },
      y,
      y.set([[['delivery'], event]]),
      `attribute_not_exists(${y.path('delivery')}) OR ${y.path('delivery', 'at')} <= ${y.value(event.at)}`,
    );
    if (!updated) return { recorded: false, reason: 'superseded' };
    return { recorded: true, email: withoutKeys<OutboxItem>(updated) };
  }

  /** One outbox item, whatever its status, or undefined when that email was never claimed. */
  async findEmail(key: EmailKey): Promise<OutboxItem | undefined> {
    const item = await this.getItem(emailKey(key));
    return item ? withoutKeys<OutboxItem>(item) : undefined;
  }

  async listEmails(inspectionId: string): Promise<OutboxItem[]> {
    const items = await this.queryPartition(inspectionPk(inspectionId), 'EMAIL#');
    return items.map((item) => withoutKeys<OutboxItem>(item));
  }

  // -- calls and audit ----------------------------------------------------------------------------------------------

  /** Stores a phone call once: the same call (time and authority) posted twice is stored once. */
  async addCall(inspectionId: string, call: PhoneCall): Promise<{ added: boolean }> {
    const item = { ...call, inspectionId, pk: inspectionPk(inspectionId), sk: `CALL#${call.calledAt}#${call.authorityCode ?? call.placer}` };
    return { added: await this.putNew(item) };
  }

  async listCalls(inspectionId: string): Promise<PhoneCall[]> {
    const items = await this.queryPartition(inspectionPk(inspectionId), 'CALL#');
    return items.map((item) => {
      const { inspectionId: _inspection, ...call } = withoutKeys<PhoneCall & { inspectionId: string }>(item);
      return call;
    });
  }

  /** Stores that a copy of the report was sent (SCCIF 15.4) once a notice: `added` false when one is held already. */
  async addReportCopy(inspectionId: string, copy: ReportCopySent): Promise<{ added: boolean }> {
    return { added: await this.putNew({ ...copy, pk: inspectionPk(inspectionId), sk: `REPORTCOPY#${copy.duty}#${copy.recipientKey}` }) };
  }

  async listReportCopies(inspectionId: string): Promise<ReportCopySent[]> {
    return (await this.queryPartition(inspectionPk(inspectionId), 'REPORTCOPY#')).map((item) => withoutKeys<ReportCopySent>(item));
  }

  async audit(inspectionId: string, event: AuditEvent): Promise<void> {
    const { documents, PutCommand } = await this.sdk();
    const sk = `AUDIT#${event.at}#${randomSuffix()}`;
    await documents.send(new PutCommand({ TableName: this.table, Item: { ...event, pk: inspectionPk(inspectionId), sk } }));
  }

  /** Oldest first. */
  async listAudit(inspectionId: string): Promise<AuditEvent[]> {
    const items = await this.queryPartition(inspectionPk(inspectionId), 'AUDIT#');
    return items.map((item) => withoutKeys<AuditEvent>(item));
  }

  // -- reference data -----------------------------------------------------------------------------------------------

  /** Writes the directory (25 items a batch, unprocessed items retried with back-off). */
  async putLocalAuthorities(list: readonly LocalAuthority[]): Promise<void> {
    await this.batchPut(
      'local authorities',
      list.map((authority) => ({ ...authority, pk: REFERENCE, sk: `LA#${authority.code}` })),
    );
    this.authorities = undefined;
  }

  /** Puts items 25 a batch, unprocessed items retried with back-off. */
  private async batchPut(what: string, items: readonly Item[]): Promise<void> {
    const { documents, BatchWriteCommand } = await this.sdk();
    for (const chunk of chunks(items, BATCH_SIZE)) {
      let requests: WriteRequests = chunk.map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt >= BATCH_ATTEMPTS) {
          throw new Error(`${what}: ${requests.length} writes still unprocessed after ${BATCH_ATTEMPTS} attempts`);
        }
        if (attempt > 0) await pause(Math.min(50 * 2 ** attempt, 2000));
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = result.UnprocessedItems?.[this.table] ?? [];
      }
    }
  }

  // -- the register of establishments -------------------------------------------------------------------------------

  private establishmentItem(entry: StoredRegisterEntry): Item {
    return { ...entry, ...establishmentKey(entry.urn), gsi1pk: ESTABLISHMENTS, gsi1sk: entry.urn };
  }

  /** Adds an entry; an entry with the same URN already there comes back as `existing`. */
  async createEstablishment(
    entry: RegisterEntry,
    at: string,
  ): Promise<{ created: true; entry: StoredRegisterEntry } | { created: false; existing: StoredRegisterEntry }> {
    const stored: StoredRegisterEntry = { ...entry, createdAt: at, updatedAt: at, version: 1 };
    if (await this.putNew(this.establishmentItem(stored))) {
      await this.refreshDueList([entry.urn]);
      return { created: true, entry: stored };
    }
    const existing = await this.getEstablishment(entry.urn);
    if (!existing) throw new ConflictError(`establishment ${entry.urn} was written and removed at once; try again`);
    return { created: false, existing };
  }

  async getEstablishment(urn: string): Promise<StoredRegisterEntry | undefined> {
    const item = await this.getItem(establishmentKey(urn));
    return item ? withoutKeys<StoredRegisterEntry>(item) : undefined;
  }

  /** Replaces an entry if it is still at `version` (optimistic lock); ConflictError when someone changed it first. */
  async replaceEstablishment(entry: RegisterEntry, version: number, at: string): Promise<StoredRegisterEntry> {
    const { documents, PutCommand } = await this.sdk();
    const current = await this.getEstablishment(entry.urn);
    if (!current) throw new NotFoundError(`establishment ${entry.urn} is not on the register`);
    const stored: StoredRegisterEntry = { ...entry, createdAt: current.createdAt, updatedAt: at, version: version + 1 };
    const x = new Expression();
    try {
      await documents.send(
        new PutCommand({
          TableName: this.table,
          Item: this.establishmentItem(stored),
          ConditionExpression: `${x.path('version')} = ${x.value(version)}`,
          ...x.attributes(),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConflictError(`establishment ${entry.urn} was changed by someone else; reload it and try again`);
      }
      throw error;
    }
    await this.refreshDueList([entry.urn]);
    return stored;
  }

  /** Every entry of the register, by URN. */
  async listEstablishments(): Promise<StoredRegisterEntry[]> {
    const x = new Expression();
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: `${x.path('gsi1pk')} = ${x.value(ESTABLISHMENTS)}`,
      ...x.attributes(),
    });
    return items.map((item) => withoutKeys<StoredRegisterEntry>(item));
  }

  /**
   * Writes imported entries, each replacing the entry with its URN (its version moves on; its creation is kept).
   * Checked in full by the caller before: a write failure part-way is retried by importing the same file again.
   */
  async importEstablishments(entries: readonly RegisterEntry[], at: string): Promise<{ created: number; replaced: number }> {
    const { documents, PutCommand } = await this.sdk();
    const existing = new Map((await this.listEstablishments()).map((entry) => [entry.urn, entry]));
    const stored = entries.map((entry): StoredRegisterEntry => {
      const before = existing.get(entry.urn);
      return { ...entry, createdAt: before?.createdAt ?? at, updatedAt: at, version: (before?.version ?? 0) + 1 };
    });
    // PutItem, 25 at a time (functions get no BatchWriteItem): each write is the whole entry, so a retry is harmless.
    for (const chunk of chunks(stored, BATCH_SIZE)) {
      await Promise.all(
        chunk.map((entry) => documents.send(new PutCommand({ TableName: this.table, Item: this.establishmentItem(entry) }))),
      );
    }
    await this.refreshDueList(entries.map((entry) => entry.urn));
    const replaced = entries.filter((entry) => existing.has(entry.urn)).length;
    return { created: entries.length - replaced, replaced };
  }

  /** The establishment's logging claims and their version (0 when none was ever written), read consistently. */
  async loggingClaims(urn: string): Promise<{ version: number; claims: LoggingClaim[] }> {
    const item = await this.getItem(loggingClaimsKey(urn));
    return { version: Number(item?.version ?? 0), claims: (item?.claims as LoggingClaim[] | undefined) ?? [] };
  }

  /**
   * Writes the establishment's logging claims as version `version + 1` if they are still at `version`; false when
   * another log wrote them first (its claim is then to be checked against).
   */
  async claimLogging(urn: string, version: number, claims: readonly LoggingClaim[]): Promise<boolean> {
    const item = { ...loggingClaimsKey(urn), version: version + 1, claims };
    return version === 0 ? this.putNew(item) : this.putWhere(item, (x) => `${x.path('version')} = ${x.value(version)}`);
  }

  /** The inspections logged against an establishment, newest first. */
  async inspectionsOfEstablishment(urn: string): Promise<InspectionRecord[]> {
    const x = new Expression();
    const items = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: `${x.path('gsi2pk')} = ${x.value(historyPk(urn))}`,
      ScanIndexForward: false,
      ...x.attributes(),
    });
    return items.map((item) => withoutKeys<InspectionRecord>(item));
  }

  // -- enforcement actions (on the establishment) and requirements (on the inspection) -----------------------------

  /** Puts a whole record if it is still at `version` (optimistic lock); ConflictError when someone changed it first. */
  private async putAtVersion(item: Item, version: number, what: string): Promise<void> {
    if (!(await this.putWhere(item, (x) => `${x.path('version')} = ${x.value(version)}`))) {
      throw new ConflictError(`${what} was changed by someone else; reload it and try again`);
    }
  }

  /** Adds an enforcement action; one already there with its id comes back as `existing`. */
  async addEnforcementAction(
    record: EnforcementActionRecord,
  ): Promise<{ created: true; record: EnforcementActionRecord } | { created: false; existing: EnforcementActionRecord }> {
    if (await this.putNew({ ...record, ...enforcementKey(record.urn, record.id) })) return { created: true, record };
    const existing = await this.getEnforcementAction(record.urn, record.id);
    if (!existing) throw new ConflictError(`enforcement action ${record.id} was written and removed at once; try again`);
    return { created: false, existing };
  }

  async getEnforcementAction(urn: string, id: string): Promise<EnforcementActionRecord | undefined> {
    const item = await this.getItem(enforcementKey(urn, id));
    return item ? withoutKeys<EnforcementActionRecord>(item) : undefined;
  }

  /** Replaces an action's record if it is still at `version`. */
  async replaceEnforcementAction(record: EnforcementActionRecord, version: number): Promise<void> {
    await this.putAtVersion({ ...record, ...enforcementKey(record.urn, record.id) }, version, `enforcement action ${record.id}`);
  }

  /** The establishment's enforcement actions, oldest issue first. */
  async listEnforcementActions(urn: string): Promise<EnforcementActionRecord[]> {
    const items = await this.queryPartition(historyPk(urn), 'ENFORCEMENT#');
    return items
      .map((item) => withoutKeys<EnforcementActionRecord>(item))
      .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.id.localeCompare(b.id));
  }

  /** Adds a requirement or recommendation; one already there with its id comes back as `existing`. */
  async addRequirement(
    record: RequirementRecord,
  ): Promise<{ created: true; record: RequirementRecord } | { created: false; existing: RequirementRecord }> {
    if (await this.putNew({ ...record, ...requirementKey(record.inspectionId, record.id) })) return { created: true, record };
    const existing = await this.getRequirement(record.inspectionId, record.id);
    if (!existing) throw new ConflictError(`requirement ${record.id} was written and removed at once; try again`);
    return { created: false, existing };
  }

  async getRequirement(inspectionId: string, id: string): Promise<RequirementRecord | undefined> {
    const item = await this.getItem(requirementKey(inspectionId, id));
    return item ? withoutKeys<RequirementRecord>(item) : undefined;
  }

  async replaceRequirement(record: RequirementRecord, version: number): Promise<void> {
    await this.putAtVersion({ ...record, ...requirementKey(record.inspectionId, record.id) }, version, `requirement ${record.id}`);
  }

  /** The inspection's requirements, then its recommendations, each in the order they were recorded. */
  async listRequirements(inspectionId: string): Promise<RequirementRecord[]> {
    const items = await this.queryPartition(inspectionPk(inspectionId), 'REQUIREMENT#');
    return items
      .map((item) => withoutKeys<RequirementRecord>(item))
      .sort((a, b) => Number(a.kind !== 'requirement') - Number(b.kind !== 'requirement') || a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id));
  }

  // -- the stored due list ------------------------------------------------------------------------------------------
  //
  // GET /inspection-plan reads one partition per inspection year instead of planning the whole register: each year's
  // due list is stored in DUE_LIST_SHARDS items, built on the year's first request and from then on kept current by
  // every write above that changes what the plan reads (the register; an inspection's dates, outcome, follow-ups and
  // monitoring visits), before that write returns: the list is never stale after a write.
  //
  // Concurrent writers cannot lose an update. A writer numbers its write (PLAN#SEQUENCE, an atomic ADD) after
  // making it, then reads the establishment and computes its entry: an entry numbered n reflects every write numbered
  // up to n. Shards are replaced with a conditional put on their version (read, merge, put; retried on a clash), and a
  // merge keeps, per establishment, the entry with the higher number, whatever order the writers land in. The year's
  // build lists the year first and then reads: a write before the listing is in what the build reads, a write after
  // it refreshes the year itself; the build's entries are numbered 0, so they only fill gaps.
  //
  // On AWS an establishment's records are read through gsi2 (eventually consistent, usually within a second); the
  // writer puts the record it has just written over what the index returns, so its own write is never missed.

  /** The inspection years whose due list is stored and kept. */
  private async dueListYears(): Promise<number[]> {
    const years = (await this.getItem(DUE_LIST_YEARS_KEY))?.years as Set<number> | undefined;
    return years ? [...years].sort((a, b) => a - b) : [];
  }

  /** Decoded shards by the id of the write that made them: a shard not written since the last read is not read again. */
  private readonly decodedShards = new Map<string, DueListEntry[]>();

  /**
   * A year's stored due list, shard by shard, each with the id of the write that made it (a new id per write); undefined
   * when the year has not been built. One small consistent Query of the shards' ids, then only the shards changed since
   * this container last read them.
   */
  private async storedDueList(year: number): Promise<DueListShardView[] | undefined> {
    const x = new Expression();
    const heads = await this.queryAll({
      KeyConditionExpression: `${x.path('pk')} = ${x.value(dueListPk(year))}`,
      ProjectionExpression: `${x.path('sk')}, ${x.path('writeId')}`,
      ConsistentRead: true,
      ...x.attributes(),
    });
    if (!heads.some((head) => head.sk === dueListBuiltKey(year).sk)) return undefined;
    const shards = heads.filter((head) => String(head.sk).startsWith('SHARD#'));
    // Forget what was decoded for this year's shards before, except what is current.
    const current = new Set(shards.map((head) => String(head.writeId)));
    for (const writeId of this.decodedShards.keys()) {
      if (writeId.startsWith(`${year}#`) && !current.has(writeId)) this.decodedShards.delete(writeId);
    }
    return Promise.all(
      shards.map(async (head): Promise<DueListShardView> => {
        const cached = this.decodedShards.get(String(head.writeId));
        if (cached) return { writeId: String(head.writeId), entries: cached };
        const item = await this.getItem({ pk: dueListPk(year), sk: head.sk });
        const writeId = String(item?.writeId);
        const entries = item ? Object.values(decodeShard(String(item.rows))).map((numbered) => numbered.entry) : [];
        this.decodedShards.set(writeId, entries);
        return { writeId, entries };
      }),
    );
  }

  /**
   * A year's due list (core/due-list.ts DueListEntry per establishment on the register), built on first use, as its
   * shards, each named by the write that made it: a caller may keep what it computed from a shard under that name.
   */
  async dueList(year: number): Promise<DueListShardView[]> {
    const stored = await this.storedDueList(year);
    if (stored) return stored;
    await this.buildDueList(year);
    const built = await this.storedDueList(year);
    if (!built) throw new Error(`the due list of ${year} was built but cannot be read`);
    return built;
  }

  /** Builds a year's due list from the whole register and every inspection (once per year; a second build is harmless). */
  private async buildDueList(year: number): Promise<void> {
    const x = new Expression();
    // Listed first, read after: see the comment at the top of this section.
    const { documents, PutCommand, UpdateCommand } = await this.sdk();
    await documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: DUE_LIST_YEARS_KEY,
        UpdateExpression: `ADD ${x.path('years')} ${x.value(new Set([year]))}`,
        ...x.attributes(),
      }),
    );
    const [entries, records] = await Promise.all([this.listEstablishments(), this.inspectionsByUrn()]);
    await this.mergeDueList(
      year,
      entries.map((entry) => ({ seq: 0, entry: dueListEntry(entry, records.get(entry.urn) ?? [], year) })),
    );
    await documents.send(new PutCommand({ TableName: this.table, Item: { ...dueListBuiltKey(year), establishments: entries.length } }));
  }

  /** Every inspection record, by its establishment's URN. */
  private async inspectionsByUrn(): Promise<Map<string, InspectionRecord[]>> {
    const x = new Expression();
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: `${x.path('gsi1pk')} = ${x.value(INSPECTIONS)}`,
      ...x.attributes(),
    });
    const byUrn = new Map<string, InspectionRecord[]>();
    for (const item of items) {
      const record = withoutKeys<InspectionRecord>(item);
      const list = byUrn.get(record.establishment.urn) ?? [];
      list.push(record);
      byUrn.set(record.establishment.urn, list);
    }
    return byUrn;
  }

  /** After an update returning the record: the due list refreshed for its establishment, then the record. */
  private async plannedAfter(record: InspectionRecord): Promise<InspectionRecord> {
    await this.refreshDueList([record.establishment.urn], [record]);
    return record;
  }

  /**
   * After a write that may change what the plan reads: each stored year gets these establishments' entries,
   * numbered after the write and computed from what is stored then (`written`: records just written, put over what
   * the index returns). Establishments not on the register have no entry.
   */
  private async refreshDueList(urns: readonly string[], written: readonly InspectionRecord[] = []): Promise<void> {
    const years = await this.dueListYears();
    if (years.length === 0) return;
    const unique = [...new Set(urns)];
    const numbers = new Map<string, number>();
    const { documents, UpdateCommand } = await this.sdk();
    for (const chunk of chunks(unique, BATCH_SIZE)) {
      await Promise.all(
        chunk.map(async (urn) => {
          const x = new Expression();
          const { Attributes: attributes } = await documents.send(
            new UpdateCommand({
              TableName: this.table,
              Key: planSequenceKey(urn),
              UpdateExpression: `ADD ${x.path('seq')} ${x.value(1)}`,
              ReturnValues: 'UPDATED_NEW',
              ...x.attributes(),
            }),
          );
          numbers.set(urn, Number(attributes?.seq));
        }),
      );
    }
    // Read after numbering: one entry or a few read each; an import reads the whole register and every inspection.
    const many = unique.length > BATCH_SIZE;
    const [entries, allRecords] = many
      ? await Promise.all([
          this.listEstablishments().then((all) => all.filter((entry) => numbers.has(entry.urn))),
          this.inspectionsByUrn(),
        ])
      : [(await Promise.all(unique.map((urn) => this.getEstablishment(urn)))).filter((entry) => entry !== undefined), undefined];
    const numbered: { seq: number; entry: StoredRegisterEntry; records: InspectionRecord[] }[] = [];
    for (const entry of entries) {
      const read = allRecords ? (allRecords.get(entry.urn) ?? []) : await this.inspectionsOfEstablishment(entry.urn);
      const byId = new Map(read.map((record) => [record.id, record]));
      for (const record of written) {
        if (record.establishment.urn === entry.urn) byId.set(record.id, laterRecord(record, byId.get(record.id)));
      }
      numbered.push({ seq: numbers.get(entry.urn) ?? 0, entry, records: [...byId.values()] });
    }
    for (const year of years) {
      await this.mergeDueList(
        year,
        numbered.map(({ seq, entry, records }) => ({ seq, entry: dueListEntry(entry, records, year) })),
      );
    }
  }

  /** Merges numbered entries into a year's shards: per establishment the higher number wins. */
  private async mergeDueList(year: number, incoming: readonly NumberedDueEntry[]): Promise<void> {
    const byShard = new Map<number, NumberedDueEntry[]>();
    for (const numbered of incoming) {
      const shard = dueListShardOf(numbered.entry.urn);
      byShard.set(shard, [...(byShard.get(shard) ?? []), numbered]);
    }
    await Promise.all([...byShard].map(([shard, entries]) => this.mergeDueListShard(year, shard, entries)));
  }

  /** Read, merge, put on the version read; a writer that got there first sends us round again. */
  private async mergeDueListShard(year: number, shard: number, incoming: readonly NumberedDueEntry[]): Promise<void> {
    const key = dueListShardKey(year, shard);
    for (let attempt = 0; attempt < DUE_LIST_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await pause(Math.random() * Math.min(10 * 2 ** attempt, 500));
      const item = await this.getItem(key);
      const version = item ? Number(item.version) : 0;
      const rows: DueListShard = item ? decodeShard(String(item.rows)) : {};
      let changed = false;
      for (const numbered of incoming) {
        const current = rows[numbered.entry.urn];
        if (current === undefined || numbered.seq > current.seq) {
          rows[numbered.entry.urn] = numbered;
          changed = true;
        }
      }
      if (!changed) return;
      const writeId = `${year}#${shard}#${version + 1}#${randomSuffix()}`;
      const written = await this.putWhere({ ...key, version: version + 1, writeId, rows: encodeShard(rows) }, (x) =>
        item ? `${x.path('version')} = ${x.value(version)}` : `attribute_not_exists(${x.path('pk')})`,
      );
      if (written) return;
    }
    throw new ConflictError(`the due list of ${year} kept changing while being written; try again`);
  }

  // -- the managers' daily digest ------------------------------------------------------------------------------------

  /** The vacancy announcements (core/daily-digest.ts vacancyAnnouncementKey) already made to a digest recipient. */
  async vacancyAnnouncements(recipientKey: string): Promise<Set<string>> {
    const items = await this.queryPartition(digestPk(recipientKey), 'VACANCY#');
    return new Set(items.map((item) => String(item.sk).slice('VACANCY#'.length)));
  }

  /** Records announcements made to a recipient; one already recorded keeps its first instant (conditional put). */
  async recordVacancyAnnouncements(recipientKey: string, keys: readonly string[], at: string): Promise<void> {
    for (const chunk of chunks(keys, BATCH_SIZE)) {
      await Promise.all(chunk.map((key) => this.putNew({ pk: digestPk(recipientKey), sk: `VACANCY#${key}`, announcedAt: at })));
    }
  }

  /** The local authority directory, read at most every 5 minutes per container. */
  async listLocalAuthorities(): Promise<LocalAuthorityDirectory> {
    const nowMs = this.clock.now().getTime();
    if (this.authorities && nowMs - this.authorities.loadedAtMs < REFERENCE_CACHE_MS) return this.authorities.directory;
    const items = await this.queryPartition(REFERENCE, 'LA#');
    const directory = loadLocalAuthorities(items.map((item) => withoutKeys<LocalAuthority>(item)));
    this.authorities = { directory, loadedAtMs: nowMs };
    return directory;
  }
}

let defaultRepository: InspectionRepository | undefined;

/** The container's repository over the module client and TABLE_NAME. */
export function repository(): InspectionRepository {
  defaultRepository ??= new InspectionRepository();
  return defaultRepository;
}

/** Replaces the container's repository (the local runtime's in-memory table); `undefined` restores the default. */
export function useRepository(replacement: InspectionRepository | undefined): void {
  defaultRepository = replacement;
}
