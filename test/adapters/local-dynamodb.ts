/**
 * A real DynamoDB API for tests: dynalite in-process on a loopback port, with the table laid out as in
 * infra/constructs/data.ts (pk/sk, gsi1 and gsi2, every attribute projected).
 */
import { createRequire } from 'node:module';
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

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
// dynalite ships no types.
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

export interface LocalDynamoDb {
  client: DynamoDBClient;
  endpoint: string;
  createTable(name?: string): Promise<string>;
  /** Deletes every item of a table, which stays: see emptyTable. */
  emptyTable(name: string): Promise<void>;
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
  for (let index = 0; index < deletes.length; index += 25) {
    let requests: WriteRequest[] | undefined = deletes.slice(index, index + 25);
    // dynalite processes every request; DynamoDB may hand some back: send those again.
    while (requests && requests.length > 0) {
      const written: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = written.UnprocessedItems?.[tableName];
    }
  }
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

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  return {
    client,
    endpoint,
    async createTable(name = `inspections-${(tableCount += 1)}`) {
      await client.send(new CreateTableCommand(tableLayout(name)));
      return name;
    },
    emptyTable: (name) => emptyTable(client, name),
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
