/**
 * Web sign-in sessions, in the inspection table (keys as in infra/constructs/data.ts):
 *
 *   SESSION#<sha256 of the session id> / SESSION   one signed-in browser: who, CSRF token, refresh token, times
 *   USER#<sub>                         / SESSIONS  the user's open sessions (at most MAX_SESSIONS_PER_USER)
 *
 * The cookie holds the session id; the table holds only its hash, so reading the table never yields a usable
 * cookie. `expiresAt` (epoch seconds) is the table's time-to-live attribute: DynamoDB removes a session some time
 * after it can no longer be used; the code never trusts that and checks the times itself (functions/web/session.ts).
 * Single-item writes only, so the same code runs on dynalite.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbSdk } from './dynamodb-sdk';
import { config } from './config';
import { resetOnNewContainer } from './container';
import type { DocumentStore } from './repository';
import type { VerifiedIdentity } from './identity';

/** A user signed in on more browsers than this loses the oldest session. */
export const MAX_SESSIONS_PER_USER = 5;

export interface StoredSession {
  user: VerifiedIdentity;
  /** The token every state-changing form carries back (synchroniser token). */
  csrfToken: string;
  refreshToken?: string;
  /** When the ID token behind the session stops being valid, epoch ms: then the session refreshes it. */
  tokensExpireAt: number;
  createdAt: number;
  lastSeenAt: number;
  /** The last instant it may be used (idle or absolute limit, whichever comes first), epoch ms. */
  usableUntil: number;
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');
const sessionKey = (sessionId: string) => ({ pk: `SESSION#${hashOf(sessionId)}`, sk: 'SESSION' });
const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'SESSIONS' });

/** The container's DynamoDB client, created on first use: importing this module builds nothing. */
let documentClient: DynamoDBDocumentClient | undefined;
resetOnNewContainer(() => {
  documentClient?.destroy();
  documentClient = undefined;
  defaultStore = undefined;
});
/** The SDK's commands and a document store: the one given, else the container's client (loaded on first use). */
async function sdk(given: DocumentStore | undefined) {
  const loaded = await dynamoDbSdk();
  if (given) return { ...loaded, documents: given };
  documentClient ??= loaded.DynamoDBDocumentClient.from(loaded.newClient(), { marshallOptions: { removeUndefinedValues: true } });
  return { ...loaded, documents: documentClient as DocumentStore };
}

interface OpenSession {
  hash: string;
  usableUntil: number;
}

export class SessionStore {
  /**
   * `tableName` defaults to config.tableName (TABLE_NAME), read on each use; `documents` (a document-level client, as
   * the repository takes: the tests' in-memory table) to the container's DynamoDB client.
   */
  constructor(
    private readonly tableName: () => string = () => config.tableName,
    private readonly documents?: DocumentStore,
  ) {}

  async get(sessionId: string): Promise<StoredSession | undefined> {
    const { documents, GetCommand } = await sdk(this.documents);
    const { Item } = await documents.send(new GetCommand({ TableName: this.tableName(), Key: sessionKey(sessionId), ConsistentRead: true }));
    return Item ? (Item.session as StoredSession) : undefined;
  }

  /** Writes a session (new or refreshed). */
  async put(sessionId: string, session: StoredSession): Promise<void> {
    const { documents, PutCommand } = await sdk(this.documents);
    await documents.send(
      new PutCommand({
        TableName: this.tableName(),
        Item: { ...sessionKey(sessionId), session, expiresAt: Math.ceil(session.usableUntil / 1000) },
      }),
    );
  }

  /** Writes a new session and keeps the user's open sessions to MAX_SESSIONS_PER_USER (the oldest go). */
  async create(sessionId: string, session: StoredSession, now: number): Promise<void> {
    await this.put(sessionId, session);
    const { documents, DeleteCommand, GetCommand, PutCommand } = await sdk(this.documents);
    const key = userKey(session.user.id);
    const { Item } = await documents.send(new GetCommand({ TableName: this.tableName(), Key: key, ConsistentRead: true }));
    const open = ((Item?.sessions ?? []) as OpenSession[]).filter((entry) => entry.usableUntil > now);
    open.push({ hash: hashOf(sessionId), usableUntil: session.usableUntil });
    const evicted = open.splice(0, Math.max(0, open.length - MAX_SESSIONS_PER_USER));
    for (const entry of evicted) {
      await documents.send(new DeleteCommand({ TableName: this.tableName(), Key: { pk: `SESSION#${entry.hash}`, sk: 'SESSION' } }));
    }
    const lastUsable = Math.max(...open.map((entry) => entry.usableUntil));
    await documents.send(new PutCommand({ TableName: this.tableName(), Item: { ...key, sessions: open, expiresAt: Math.ceil(lastUsable / 1000) } }));
  }

  async delete(sessionId: string): Promise<void> {
    const { documents, DeleteCommand } = await sdk(this.documents);
    await documents.send(new DeleteCommand({ TableName: this.tableName(), Key: sessionKey(sessionId) }));
  }
}

let defaultStore: SessionStore | undefined;

export function sessionStore(): SessionStore {
  defaultStore ??= new SessionStore();
  return defaultStore;
}

/** Replaces the container's session store (a table in memory); `undefined` restores the default. */
export function useSessionStore(replacement: SessionStore | undefined): void {
  defaultStore = replacement;
}
