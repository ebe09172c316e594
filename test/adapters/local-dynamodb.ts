/**
 * A real DynamoDB API for tests: dynalite in-process on a loopback port, with the table laid out as in
 * infra/constructs/data.ts (pk/sk, gsi1 and gsi2, every attribute projected). By default this process's SDK clients
 * (the harness's own and the adapters') reach it in memory (infra/local/in-process-transport.ts), the same HTTP
 * without loopback TCP; `{ transport: 'tcp' }` keeps TCP (the repository's contract tests do, so that path stays tested).
 */
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type BatchWriteItemCommandOutput,
  type CreateTableCommandInput,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { tableActive } from '../../infra/local/table-active';
import { inProcessRequestHandler, serveInProcess } from '../../infra/local/in-process-transport';

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
// dynalite ships no types.
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

export interface LocalDynamoDb {
  client: DynamoDBClient;
  endpoint: string;
  createTable(name?: string): Promise<string>;
  /** Deletes every item of a table, which stays: see emptyTable. */
  emptyTable(name: string): Promise<void>;
  snapshotTable(name: string): Promise<TableSnapshot>;
  /** Puts a table back to a snapshot of it: see restoreTable. */
  restoreTable(name: string, snapshot: TableSnapshot): Promise<RestoredKeys>;
  stop(): Promise<void>;
}

/**
 * Deletes every item of a table (Scan, then BatchWriteItem deletes), for a test's fresh start. Dropping and
 * re-creating a table of the same name instead races in dynalite: DeleteTable answers before it removes the table
 * (a timer), so the new CreateTable can meet ResourceInUseException, or the old table's removal can land on the new
 * one and take the seeded items with it (the decide-approval tests failed so, 4 in 1 of 5 full runs).
 */
export async function emptyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  const deletes: WriteRequest[] = [];
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }),
    );
    for (const key of page.Items ?? []) deletes.push({ DeleteRequest: { Key: key } });
    start = page.LastEvaluatedKey;
  } while (start);
  await batchWrite(client, tableName, deletes);
}

/**
 * An item in DynamoDB's wire format (its JSON API: numbers and binary values as text), as a raw Scan returns it and a
 * raw BatchWriteItem takes it.
 */
export type WireItem = { pk?: { S?: string }; sk?: { S?: string } } & Record<string, unknown>;

/** A table's items by key, as snapshotTable read them: what restoreTable puts the table back to. */
export type TableSnapshot = ReadonlyMap<string, { item: WireItem; canonical: string; /** The item as scanned, in its attributes' order. */ json: string }>;

/** One string for an attribute value whatever the order of its map's attributes. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return value instanceof Uint8Array ? `b:${Buffer.from(value).toString('base64')}` : JSON.stringify(value);
}

// Every key attribute of the table is a string (tableLayout).
const keyOf = (item: WireItem) => `${item.pk?.S}|${item.sk?.S}`;

/**
 * One request to DynamoDB's JSON API at `endpoint`, not through an SDK client: for the harnesses' whole-table reads and
 * writes, where the client's signing, middleware and schema-driven parsing of every item cost several times the
 * request itself (restoring the API tests' 153 authorities: 15.5 ms of CPU through the client, ~6 ms so, on a loaded
 * machine). dynalite checks the form of the signature, not its value. The answer is the wire format.
 */
export async function dynamoJson<T>(endpoint: string, operation: 'Scan' | 'BatchWriteItem', body: object): Promise<T> {
  const payload = JSON.stringify(body);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = httpRequest(
      endpoint,
      {
        method: 'POST',
        agent: keepAlive,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': Buffer.byteLength(payload),
          'x-amz-target': `DynamoDB_20120810.${operation}`,
          'x-amz-date': '20261223T100000Z',
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20261223/eu-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
  if (status !== 200) throw new Error(`${operation} answered ${status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
// One connection kept open per endpoint for these requests (fetch's streams cost as much as the SDK's parsing here).
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** Every item of a table, by consistent Scans sent raw (dynamoJson). */
export async function scanWire(endpoint: string, tableName: string): Promise<WireItem[]> {
  const items: WireItem[] = [];
  let start: WireItem | undefined;
  do {
    const page = await dynamoJson<{ Items?: WireItem[]; LastEvaluatedKey?: WireItem }>(endpoint, 'Scan', {
      TableName: tableName,
      ConsistentRead: true,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function batchWrite(client: DynamoDBClient, tableName: string, writes: WriteRequest[]): Promise<void> {
  for (let index = 0; index < writes.length; index += 25) {
    let requests: WriteRequest[] | undefined = writes.slice(index, index + 25);
    // dynalite processes every request; DynamoDB may hand some back: send those again.
    while (requests && requests.length > 0) {
      const written: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = written.UnprocessedItems?.[tableName];
    }
  }
}

type WireWrite = { DeleteRequest: { Key: WireItem } } | { PutRequest: { Item: WireItem } };

async function batchWriteWire(endpoint: string, tableName: string, writes: readonly WireWrite[]): Promise<void> {
  for (let index = 0; index < writes.length; index += 25) {
    let requests: readonly WireWrite[] | undefined = writes.slice(index, index + 25);
    // dynalite processes every request; DynamoDB may hand some back: send those again.
    while (requests && requests.length > 0) {
      const written: { UnprocessedItems?: Record<string, WireWrite[]> } = await dynamoJson(endpoint, 'BatchWriteItem', { RequestItems: { [tableName]: requests } });
      requests = written.UnprocessedItems?.[tableName];
    }
  }
}

/** Every item of a table now, for restoreTable. */
export async function snapshotTable(endpoint: string, tableName: string): Promise<TableSnapshot> {
  return new Map((await scanWire(endpoint, tableName)).map((item) => [keyOf(item), { item, canonical: canonical(item), json: JSON.stringify(item) }]));
}

/** The keys (pk, sk) of the items restoreTable deleted or put back: those a test had added, changed or deleted. */
export type RestoredKeys = readonly { pk: string; sk: string }[];

/**
 * Puts a table back to a snapshot: deletes every item the snapshot does not have, puts back every item of the
 * snapshot that is missing or differs in any attribute, and leaves the items that are as they were. The table then
 * holds exactly the snapshot's items, as emptying it and writing them again would (the API tests' 153 local
 * authorities cost 153 deletes and 153 puts before every test that way), without dropping the table (see emptyTable).
 * Returns the keys it rewrote.
 */
export async function restoreTable(endpoint: string, tableName: string, snapshot: TableSnapshot): Promise<RestoredKeys> {
  const writes: WireWrite[] = [];
  const unchanged = new Set<string>();
  for (const item of await scanWire(endpoint, tableName)) {
    const key = keyOf(item);
    const kept = snapshot.get(key);
    // The same JSON is the same item; an item read back with its attributes in another order is compared canonically.
    if (kept && (kept.json === JSON.stringify(item) || kept.canonical === canonical(item))) unchanged.add(key);
    else if (!kept) writes.push({ DeleteRequest: { Key: { pk: item.pk!, sk: item.sk! } } });
  }
  for (const [key, { item }] of snapshot) if (!unchanged.has(key)) writes.push({ PutRequest: { Item: item } });
  await batchWriteWire(endpoint, tableName, writes);
  return writes.map((write) => {
    const key = 'DeleteRequest' in write ? write.DeleteRequest.Key : write.PutRequest.Item;
    return { pk: key.pk!.S!, sk: key.sk!.S! };
  });
}

let tableCount = 0;

const index = (name: 'gsi1' | 'gsi2') => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
    { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** The table as infra/constructs/data.ts lays it out. */
export function tableLayout(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((attribute) => ({
      AttributeName: attribute,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [index('gsi1'), index('gsi2')],
  };
}

export async function startLocalDynamoDb(options: { transport?: 'in-process' | 'tcp' } = {}): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const inProcess = (options.transport ?? 'in-process') === 'in-process';
  if (inProcess) serveInProcess(server as unknown as HttpServer);
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(inProcess ? { requestHandler: inProcessRequestHandler() } : {}),
  });

  return {
    client,
    endpoint,
    async createTable(name = `inspections-${(tableCount += 1)}`) {
      await client.send(new CreateTableCommand(tableLayout(name)));
      await tableActive(client, name);
      return name;
    },
    emptyTable: (name) => emptyTable(client, name),
    snapshotTable: (name) => snapshotTable(endpoint, name),
    restoreTable: (name, snapshot) => restoreTable(endpoint, name, snapshot),
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
