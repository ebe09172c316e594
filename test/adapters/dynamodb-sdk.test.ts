import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDbSdk } from '../../functions/adapters/dynamodb-sdk';

describe("the container's DynamoDB client", () => {
  it("runs without the SDK's logger middleware (the one that filters every input and output for a logger we do not give it), and with every other middleware", async () => {
    // Prepare
    const stock = new DynamoDBClient({ region: 'eu-west-2' }).middlewareStack.identify();
    const { newClient } = await dynamoDbSdk();

    // Act
    const ours = newClient().middlewareStack.identify();

    // Assess: the stock client has it (so a rename in the SDK fails here rather than silently keeping it).
    expect(stock.filter((entry) => entry.startsWith('loggerMiddleware '))).toHaveLength(1);
    expect(ours).toEqual(stock.filter((entry) => !entry.startsWith('loggerMiddleware ')));
  });
});
