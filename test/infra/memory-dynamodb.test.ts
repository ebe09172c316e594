/**
 * The in-memory table's snapshot and restore (a handler test's fresh start, test/support/memory-table.ts): what a test
 * added, replaced or deleted is put back, with its index entries, and nothing else is rewritten.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { InMemoryDynamoDb } from '../../infra/local/memory-dynamodb';
import { tableLayout } from '../support/table-layout';

const TABLE = 'inspections-snapshots';

async function table() {
  const dynamodb = new InMemoryDynamoDb();
  await dynamodb.createTable(tableLayout(TABLE));
  const send = dynamodb.documents.send.bind(dynamodb.documents) as (command: unknown) => Promise<Record<string, any>>;
  const put = (item: Record<string, unknown>) => send(new PutCommand({ TableName: TABLE, Item: item }));
  const get = async (pk: string, sk: string) => (await send(new GetCommand({ TableName: TABLE, Key: { pk, sk } }))).Item;
  const byIndex = async (value: string) =>
    ((await send(new QueryCommand({ TableName: TABLE, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :v', ExpressionAttributeValues: { ':v': value } }))).Items ?? []).map(
      (item: Record<string, unknown>) => item.pk,
    );
  return { dynamodb, send, put, get, byIndex };
}

describe('InMemoryDynamoDb snapshot and restore', () => {
  it('puts back what was added, replaced and deleted since, with their index entries, and names only those keys', async () => {
    // Prepare
    const { dynamodb, send, put, get, byIndex } = await table();
    await put({ pk: 'A', sk: 'X', gsi1pk: 'LIST', gsi1sk: 'A', name: 'kept' });
    await put({ pk: 'B', sk: 'X', gsi1pk: 'LIST', gsi1sk: 'B', name: 'replaced later' });
    await put({ pk: 'C', sk: 'X', gsi1pk: 'LIST', gsi1sk: 'C', name: 'deleted later' });
    const snapshot = dynamodb.snapshot(TABLE);
    await put({ pk: 'B', sk: 'X', gsi1pk: 'OTHER', gsi1sk: 'B', name: 'replaced' });
    await send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'C', sk: 'X' } }));
    await put({ pk: 'D', sk: 'X', gsi1pk: 'LIST', gsi1sk: 'D', name: 'added' });

    // Act
    const rewritten = dynamodb.restore(TABLE, snapshot);

    // Assess
    expect(rewritten.map((key) => key.pk).sort()).toEqual(['B', 'C', 'D']);
    expect(await get('B', 'X')).toMatchObject({ name: 'replaced later' });
    expect(await get('C', 'X')).toMatchObject({ name: 'deleted later' });
    expect(await get('D', 'X')).toBeUndefined();
    expect(await byIndex('LIST')).toEqual(['A', 'B', 'C']);
    expect(await byIndex('OTHER')).toEqual([]);
  });

  it('rewrites nothing when nothing changed, and a snapshot is not changed by later writes', async () => {
    // Prepare
    const { dynamodb, put, get } = await table();
    await put({ pk: 'A', sk: 'X', name: 'first' });
    const snapshot = dynamodb.snapshot(TABLE);

    // Act
    const unchanged = dynamodb.restore(TABLE, snapshot);
    await put({ pk: 'A', sk: 'X', name: 'second' });
    const restored = dynamodb.restore(TABLE, snapshot);

    // Assess
    expect(unchanged).toEqual([]);
    expect(restored).toEqual([{ pk: 'A', sk: 'X' }]);
    expect(await get('A', 'X')).toEqual({ pk: 'A', sk: 'X', name: 'first' });
  });
});
