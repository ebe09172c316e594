/**
 * A real DynamoDB API for tests: dynalite in-process on a loopback port, with the table laid out as in
 * infra/constructs/data.ts (pk/sk, gsi1 and gsi2, every attribute projected). By default this process's SDK clients
 * (the harness's own and the adapters') reach it in memory (infra/local/in-process-transport.ts), the same HTTP
 * without loopback TCP; `{ transport: 'tcp' }` keeps TCP (the repository's contract tests do, so that path stays tested).
 * A test's reset puts the table back to a snapshot in dynalite's own store (snapshotTable, restoreTable), below its API.
 */
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type BatchWriteItemCommandOutput,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { tableActive } from '../../infra/local/table-active';
import { tableLayout } from '../support/table-layout';
import { inProcessRequestHandler, serveInProcess } from '../../infra/local/in-process-transport';

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const requireHere = createRequire(import.meta.url);
// dynalite ships no types.
const dynalite = requireHere('dynalite') as Dynalite;

/** One entry of a LevelDB batch, with its encodings (abstract-level). */
type RawOperation = { type: 'del'; key: string; keyEncoding: 'utf8' } | { type: 'put'; key: string; value: Buffer; keyEncoding: 'utf8'; valueEncoding: 'buffer' };

/** What this file uses of dynalite's store: its LevelDB (memory-level), every table's items and index entries in one. */
export interface DynaliteStore {
  db: {
    iterator(options: { gte: string; lt: string; keyEncoding: 'utf8'; valueEncoding: 'buffer' }): { all(): Promise<[string, Buffer][]> };
    batch(operations: RawOperation[]): Promise<void>;
  };
}

/**
 * dynalite's server and the store it serves (dynalite/db's `create`, which dynalite calls once per server and does not
 * expose): the store is read and written directly by snapshotTable and restoreTable.
 */
export function startDynalite(options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number } = {}): { server: Server; store: DynaliteStore } {
  const db = requireHere(`${path.dirname(requireHere.resolve('dynalite'))}/db/index.js`) as { create(options: object): DynaliteStore };
  const create = db.create;
  let store: DynaliteStore | undefined;
  db.create = (createOptions) => (store = create(createOptions));
  try {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...options });
    if (!store) throw new Error('dynalite did not create its store through dynalite/db');
    return { server, store };
  } finally {
    db.create = create;
  }
}

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

/** One string for an attribute value whatever the order of its map's attributes. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return value instanceof Uint8Array ? `b:${Buffer.from(value).toString('base64')}` : JSON.stringify(value);
}

/**
 * One request to DynamoDB's JSON API at `endpoint`, not through an SDK client: for a whole-table read through the API
 * (scanWire), where the client's signing, middleware and schema-driven parsing of every item cost several times the
 * request itself. dynalite checks the form of the signature, not its value. The answer is the wire format.
 */
export async function dynamoJson<T>(endpoint: string, operation: 'Scan', body: object): Promise<T> {
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

/**
 * A table as dynalite stores it: every entry of its items and of its indexes' items (dynalite keeps each index as
 * copies of the items it projects), by LevelDB key, as the bytes stored (the item's DynamoDB JSON).
 */
export type TableSnapshot = ReadonlyMap<string, Buffer>;

/** The keys (pk, sk) of the items restoreTable deleted or put back: those a test had added, changed or deleted. */
export type RestoredKeys = readonly { pk: string; sk: string }[];

// dynalite/db keeps a table's items under `item-<table>~` and each index's under `index-global~<table>~<index>~` or
// `index-local~…` in one LevelDB. Table names have no "~" (DynamoDB allows letters, digits, "_", "-", "."), and "\x7f"
// follows "~": each range holds every key of one table's prefix and nothing else.
const ITEM_PREFIX = (tableName: string) => `item-${tableName}~`;
const tablePrefixes = (tableName: string) => [ITEM_PREFIX(tableName), `index-global~${tableName}~`, `index-local~${tableName}~`];

async function storedEntries(store: DynaliteStore, prefix: string): Promise<[string, Buffer][]> {
  return store.db.iterator({ gte: prefix, lt: `${prefix.slice(0, -1)}\x7f`, keyEncoding: 'utf8', valueEncoding: 'buffer' }).all();
}

/** Every stored item of a table, as DynamoDB JSON bytes (what a Scan returns, without the request). */
export async function storedItems(store: DynaliteStore, tableName: string): Promise<Buffer[]> {
  return (await storedEntries(store, ITEM_PREFIX(tableName))).map(([, value]) => value);
}

/** Every entry of a table in dynalite's store now, for restoreTable. */
export async function snapshotTable(store: DynaliteStore, tableName: string): Promise<TableSnapshot> {
  const snapshot = new Map<string, Buffer>();
  for (const prefix of tablePrefixes(tableName)) for (const [key, value] of await storedEntries(store, prefix)) snapshot.set(key, value);
  return snapshot;
}

/**
 * Puts a table back to a snapshot in dynalite's store, below its API: deletes every entry (item or index entry) the
 * snapshot does not have, puts back every entry of the snapshot that is missing or holds other bytes, and leaves the
 * rest, in one LevelDB batch. The table then holds exactly the snapshot's items and index entries, as emptying it and
 * writing them again would (the API tests' 153 local authorities cost 153 deletes and 153 puts before every test that
 * way), without dropping the table (see emptyTable), and without a Scan and BatchWriteItem through dynalite's API,
 * which parsed and wrote every item as JSON again (~9 ms of CPU a restore of the 153 authorities, 0.3 ms so). Call it
 * between requests (a test's reset): dynalite's own writes do not wait for it. Returns the keys of the items it
 * rewrote.
 */
export async function restoreTable(store: DynaliteStore, tableName: string, snapshot: TableSnapshot): Promise<RestoredKeys> {
  const itemPrefix = ITEM_PREFIX(tableName);
  const operations: RawOperation[] = [];
  const rewritten: Buffer[] = [];
  const unchanged = new Set<string>();
  for (const prefix of tablePrefixes(tableName)) {
    for (const [key, value] of await storedEntries(store, prefix)) {
      const kept = snapshot.get(key);
      if (kept?.equals(value)) unchanged.add(key);
      else if (!kept) {
        operations.push({ type: 'del', key, keyEncoding: 'utf8' });
        if (prefix === itemPrefix) rewritten.push(value);
      }
    }
  }
  for (const [key, value] of snapshot) {
    if (unchanged.has(key)) continue;
    operations.push({ type: 'put', key, value, keyEncoding: 'utf8', valueEncoding: 'buffer' });
    if (key.startsWith(itemPrefix)) rewritten.push(value);
  }
  if (operations.length > 0) await store.db.batch(operations);
  return rewritten.map((value) => {
    const { pk, sk } = JSON.parse(value.toString('utf8')) as WireItem;
    return { pk: pk!.S!, sk: sk!.S! };
  });
}

let tableCount = 0;

export { tableLayout };

export async function startLocalDynamoDb(options: { transport?: 'in-process' | 'tcp' } = {}): Promise<LocalDynamoDb> {
  const { server, store } = startDynalite();
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
    snapshotTable: (name) => snapshotTable(store, name),
    restoreTable: (name, snapshot) => restoreTable(store, name, snapshot),
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
