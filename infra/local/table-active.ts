/**
 * Waits until a table just created in dynalite is ACTIVE. CreateTable answers CREATING and dynalite (createTableMs 0)
 * flips it on a 0 ms timer, which the next request can beat when it travels in memory (in-process-transport.ts).
 * A table that is not ACTIVE after 1,000 looks is an error, not a wait for ever.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export async function tableActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`table ${tableName} never became ACTIVE`);
}
