/**
 * The test table's snapshot and restore (test/adapters/local-dynamodb.ts), which the API tests' reset relies on:
 * after restoreTable the table holds exactly the snapshot's items, whatever a test added, changed or deleted.
 */
import { DeleteItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonical, scanWire, startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb';

let dynamo: LocalDynamoDb;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
});

afterAll(async () => {
  await dynamo?.stop();
});

const item = (sk: string, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> => ({
  pk: { S: 'REF' },
  sk: { S: sk },
  name: { S: `name ${sk}` },
  nested: { M: { b: { N: '2' }, a: { L: [{ S: 'x' }, { BOOL: true }] } } },
  ...extra,
});

/** The table's items as DynamoDB's API reads them (a Scan), not as the store holds them: what the handlers see. */
const contents = async (name: string) => (await scanWire(dynamo.endpoint, name)).map(canonical).sort();

it('puts back changed, deleted and indexed items and removes added ones, leaving the table as snapshotted', async () => {
  const table = await dynamo.createTable();
  for (let index = 0; index < 60; index += 1) {
    await dynamo.client.send(new PutItemCommand({ TableName: table, Item: item(`LA#${String(index).padStart(3, '0')}`) }));
  }
  const snapshot = await dynamo.snapshotTable(table);
  const before = await contents(table);
  expect(before).toHaveLength(60);

  await dynamo.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'REF' }, sk: { S: 'LA#007' } } }));
  await dynamo.client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: 'REF' }, sk: { S: 'LA#008' } },
      UpdateExpression: 'SET #n = :n, gsi1pk = :g, gsi1sk = :g',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': { S: 'changed' }, ':g': { S: 'G' } },
    }),
  );
  await dynamo.client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'REF' }, sk: { S: 'LA#009' } }, UpdateExpression: 'REMOVE nested' }));
  for (let index = 0; index < 30; index += 1) {
    await dynamo.client.send(new PutItemCommand({ TableName: table, Item: item(`INSPECTION#${index}`, { gsi2pk: { S: 'DUE' }, gsi2sk: { S: `${index}` } }) }));
  }
  expect(await contents(table)).not.toEqual(before);

  // It names what it rewrote (the API harness drops the cached directory when one of the directory's items is among them).
  const rewritten = await dynamo.restoreTable(table, snapshot);
  expect(rewritten.map(({ pk, sk }) => `${pk}|${sk}`).sort()).toEqual(
    ['REF|LA#007', 'REF|LA#008', 'REF|LA#009', ...Array.from({ length: 30 }, (_, index) => `REF|INSPECTION#${index}`)].sort(),
  );
  expect(await contents(table)).toEqual(before);
  // Nothing left to put back: nothing rewritten.
  expect(await dynamo.restoreTable(table, snapshot)).toEqual([]);
  // The indexes hold only what the snapshot's items put there.
  for (const [indexName, key] of [['gsi1', 'gsi1pk'], ['gsi2', 'gsi2pk']] as const) {
    const found = await dynamo.client.send(
      new QueryCommand({ TableName: table, IndexName: indexName, KeyConditionExpression: `${key} = :k`, ExpressionAttributeValues: { ':k': { S: key === 'gsi1pk' ? 'G' : 'DUE' } } }),
    );
    expect(found.Count).toBe(0);
  }
});
