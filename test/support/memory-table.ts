/**
 * The handlers' table in memory, for the handler tests (API, web and step handlers): the repository's and the session
 * store's own code, sending the same lib-dynamodb commands, to the table on Maps the workflow tests and the bench's
 * year use (infra/local/memory-dynamodb.ts). That table is held to DynamoDB's contract by the repository's contract
 * tests, which run on it and on dynalite (test/adapters/repository.test.ts); dynalite over HTTP stays for the adapter,
 * fuzz, reliability and end-to-end tests, which test the SDK's path to DynamoDB (issue 14).
 *
 * Through dynalite the SDK's client path, the HTTP on both sides and dynalite's LevelDB were about half of these tests'
 * CPU (profiled 2026-11-30: 27 s of 60 s for test/functions, test/security and test/app).
 *
 * No DynamoDB endpoint is set: a handler that reached DynamoDB through the SDK, past the repository and the session
 * store, would fail (connection refused) instead of passing on a table nobody checks.
 */
import { InspectionRepository, useRepository } from '../../functions/adapters/repository';
import { SessionStore, useSessionStore } from '../../functions/adapters/sessions';
import { InMemoryDynamoDb, type TableSnapshot } from '../../infra/local/memory-dynamodb';
import { tableLayout } from './table-layout';

/** Nothing listens there. */
export const NO_DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';

export interface MemoryTable {
  readonly tableName: string;
  /** The table's items now, for restore. */
  snapshot(): TableSnapshot;
  /** Puts the table back to a snapshot; returns the keys (pk, sk) of the items written since, which it put back or deleted. */
  restore(snapshot: TableSnapshot): { pk: string; sk: string }[];
  /** Gives the handlers their default repository and session store back. */
  stop(): void;
}

/** Creates the table and points the handlers' repository and session store at it. */
export async function startMemoryTable(tableName: string): Promise<MemoryTable> {
  const dynamodb = new InMemoryDynamoDb();
  await dynamodb.createTable(tableLayout(tableName));
  useRepository(new InspectionRepository({ documents: dynamodb.documents, tableName }));
  useSessionStore(new SessionStore(() => tableName, dynamodb.documents));
  return {
    tableName,
    snapshot: () => dynamodb.snapshot(tableName),
    restore: (snapshot) => dynamodb.restore(tableName, snapshot) as { pk: string; sk: string }[],
    stop() {
      useRepository(undefined);
      useSessionStore(undefined);
    },
  };
}
