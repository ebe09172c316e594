/**
 * The DynamoDB SDK modules (the client and lib-dynamodb's document client and commands), loaded on first use by a
 * dynamic import, once per container: importing an adapter loads no SDK code, so a cold start does not pay for it
 * before the handler runs. The first call that reaches DynamoDB pays instead (the bench reports both).
 */
import { withLocalTransport } from './sdk-transport';

async function load() {
  const [{ DynamoDBClient }, documents] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
  const { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } = documents;
  /**
   * A client for the container, without the SDK's logger middleware: we give the SDK no logger, yet that middleware
   * runs each command's input and output through the sensitive-data filter before calling the logger it does not have
   * (every item of every Query, walked). Measured against dynalite: ~30 % of a 50-item Query's CPU, client and server.
   */
  const newClient = () => {
    const client = new DynamoDBClient(withLocalTransport({}));
    client.middlewareStack.remove('loggerMiddleware');
    return client;
  };
  return { DynamoDBClient, newClient, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand };
}

let loading: ReturnType<typeof load> | undefined;

export function dynamoDbSdk(): ReturnType<typeof load> {
  return (loading ??= load());
}
