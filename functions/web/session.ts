/**
 * Sign-in sessions of the web pages, the same code on AWS and in the local runtime:
 *
 * - Sign-in: `GET /app/auth/sign-in?next=…` sends the browser to the identity provider (authorization code + PKCE)
 *   with a fresh state; the state, the code verifier and where to come back to wait in a short-lived cookie.
 *   `GET /app/auth/callback` checks the state, exchanges the code, verifies the ID token and opens a session.
 * - The session: a random id in an HttpOnly, Secure, SameSite=Lax `__Host-` cookie (this host only, path /, never
 *   readable by scripts); the record in the table (functions/adapters/sessions.ts). It ends after 30 minutes without
 *   use or 8 hours after sign-in, whichever is first; when the ID token expires it is refreshed with the refresh
 *   token (a disabled user is signed out there). Times are wall-clock time, never the local runtime's virtual time.
 * - CSRF: every POST must come from this service's own origin (Origin, else Referer) AND carry the session's token
 *   (a hidden `csrf` field the handler adds to every POST form). Authorization headers are never read: a browser's
 *   cached Basic credentials do not sign anyone in.
 * - Sign-out: `POST /app/auth/sign-out` (a form, so it carries the token) deletes the session and sends the browser
 *   to the provider's logout, which comes back to `GET /app/auth/signed-out`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { wallClock } from '../adapters/clock';
import { config } from '../adapters/config';
import {
  authorizeUrl,
  exchangeCode,
  IdentityProviderError,
  logoutUrl,
  newPendingSignIn,
  refreshTokens,
  type PendingSignIn,
} from '../adapters/identity';
import { logger } from '../middleware/logger';
import { sessionStore, type StoredSession } from '../adapters/sessions';
import { ForbiddenError, SccifError } from '../core/errors';
import { messagePage, redirect, type PageResult } from './page';
import { servesGroups } from './request';

export const SESSION_COOKIE = '__Host-sccif-session';
export const SIGN_IN_COOKIE = '__Host-sccif-sign-in';
export const CSRF_FIELD = 'csrf';
export const IDLE_LIMIT_MS = 30 * 60 * 1000;
export const ABSOLUTE_LIMIT_MS = 8 * 60 * 60 * 1000;
/** How long the browser has to come back from the provider's sign-in page. */
const SIGN_IN_WAIT_SECONDS = 10 * 60;
/** A page view within this long of the last one does not rewrite the session. */
const TOUCH_EVERY_MS = 60 * 1000;
const HOME = '/app/inspections';

/** A state-changing request that did not come from this service's own form. */
export class CsrfError extends SccifError {
  override readonly name = 'CsrfError';
  readonly status = 403;
}

export interface Session {
  id: string;
  stored: StoredSession;
}

export interface AuthResult {
  page: PageResult;
  cookies: string[];
}

const cookie = (name: string, value: string, maxAgeSeconds: number) =>
  `${name}=${value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
const clearCookie = (name: string) => cookie(name, '', 0);

function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

function cookiesOf(event: APIGatewayProxyEvent): Map<string, string> {
  const cookies = new Map<string, string>();
  const headers = [headerOf(event, 'cookie'), ...(event.multiValueHeaders?.cookie ?? event.multiValueHeaders?.Cookie ?? [])];
  for (const header of headers) {
    for (const part of (header ?? '').split(';')) {
      const separator = part.indexOf('=');
      if (separator < 0) continue;
      const name = part.slice(0, separator).trim();
      if (!cookies.has(name)) cookies.set(name, part.slice(separator + 1).trim());
    }
  }
  return cookies;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A page of this service to go to after signing in, as a path: anything else (another site, `//host`, `/\host`,
 * a path outside /app) becomes the inspections list. Never an open redirect.
 */
export function safeReturnPath(next: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return HOME;
  try {
    const base = 'https://sccif.invalid';
    const url = new URL(next, base);
    if (url.origin !== base || !url.pathname.startsWith('/app/') || url.pathname.startsWith('/app/auth/')) return HOME;
    return url.pathname + url.search;
  } catch {
    return HOME;
  }
}

/** The origin the pages are served from (scheme, host and port of APP_BASE_URL). */
export function appOrigin(): string {
  return new URL(config.appBaseUrl).origin;
}

/** The path the pages sit under on that origin, e.g. `/v1` for API Gateway's own URL (its stage), `` at the root. */
export function appBasePath(): string {
  return new URL(config.appBaseUrl).pathname.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// The session of a request

/** The signed-in session of this request, refreshed when its ID token expired; undefined when there is none. */
export async function currentSession(event: APIGatewayProxyEvent): Promise<Session | undefined> {
  const id = cookiesOf(event).get(SESSION_COOKIE);
  if (!id || !/^[\w-]{43}$/.test(id)) return undefined;
  const store = sessionStore();
  const stored = await store.get(id);
  if (!stored) return undefined;
  const now = wallClock.now().getTime();
  if (now > stored.usableUntil) {
    await store.delete(id);
    return undefined;
  }
  let changed = now - stored.lastSeenAt >= TOUCH_EVERY_MS;
  if (now >= stored.tokensExpireAt) {
    if (!stored.refreshToken) {
      await store.delete(id);
      return undefined;
    }
    try {
      const tokens = await refreshTokens(stored.refreshToken);
      stored.user = tokens.identity;
      stored.tokensExpireAt = now + tokens.expiresIn * 1000;
      if (tokens.refreshToken) stored.refreshToken = tokens.refreshToken;
      changed = true;
    } catch (error) {
      if (!(error instanceof IdentityProviderError)) throw error;
      logger.info('session ended: the identity provider refused to refresh it', { reason: error.message });
      await store.delete(id);
      return undefined;
    }
  }
  if (changed) {
    stored.lastSeenAt = now;
    stored.usableUntil = Math.min(stored.createdAt + ABSOLUTE_LIMIT_MS, now + IDLE_LIMIT_MS);
    await store.put(id, stored);
  }
  return { id, stored };
}

/**
 * Refuses a state-changing request that is not this service's own form: the Origin (or, without one, the Referer)
 * must be this service's origin, and the form must carry the session's CSRF token.
 */
export function checkCsrf(event: APIGatewayProxyEvent, form: URLSearchParams, session: Session): void {
  const source = headerOf(event, 'origin') ?? headerOf(event, 'referer');
  let origin: string | undefined;
  try {
    origin = source && source !== 'null' ? new URL(source).origin : undefined;
  } catch {
    origin = undefined;
  }
  if (origin !== appOrigin()) throw new CsrfError('the form was not sent from this service');
  const token = form.get(CSRF_FIELD) ?? '';
  if (!sameSecret(token, session.stored.csrfToken)) throw new CsrfError('the form has expired: go back, reload the page and send it again');
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-in, callback, sign-out (the routes under /app/auth)

interface PendingCookie extends PendingSignIn {
  next: string;
}

function readPending(event: APIGatewayProxyEvent): PendingCookie | undefined {
  const raw = cookiesOf(event).get(SIGN_IN_COOKIE);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PendingCookie>;
    if (typeof value.state !== 'string' || typeof value.codeVerifier !== 'string' || typeof value.next !== 'string') return undefined;
    return { state: value.state, codeVerifier: value.codeVerifier, next: value.next };
  } catch {
    return undefined;
  }
}

/** Sends the browser to the identity provider's sign-in page. */
export function startSignIn(next: string | undefined): AuthResult {
  const pending = newPendingSignIn();
  const value = Buffer.from(JSON.stringify({ ...pending, next: safeReturnPath(next) })).toString('base64url');
  return { page: redirect(authorizeUrl(pending)), cookies: [cookie(SIGN_IN_COOKIE, value, SIGN_IN_WAIT_SECONDS)] };
}

const TRY_AGAIN = { href: '/app/auth/sign-in', text: 'Sign in again' };

/** The provider sent the browser back: check the state, exchange the code, open the session. */
export async function completeSignIn(event: APIGatewayProxyEvent, query: Record<string, string>): Promise<AuthResult> {
  const pending = readPending(event);
  const clearPending = clearCookie(SIGN_IN_COOKIE);
  const refused = (paragraph: string, status = 400): AuthResult => ({
    page: messagePage(status, 'You could not be signed in', [paragraph], TRY_AGAIN),
    cookies: [clearPending],
  });
  if (query.error) return refused('The sign-in was cancelled or refused.');
  if (!pending || !query.state || !sameSecret(query.state, pending.state) || !query.code) {
    return refused('The sign-in had expired or did not start from this service.');
  }
  let tokens;
  try {
    tokens = await exchangeCode(query.code, pending);
  } catch (error) {
    if (!(error instanceof IdentityProviderError)) throw error;
    logger.warn('sign-in refused by the identity provider', { reason: error.message });
    return refused('The sign-in could not be completed.');
  }
  if (!servesGroups(tokens.identity.groups)) {
    throw new ForbiddenError('this service is for inspectors, managers and compliance inspectors');
  }
  const now = wallClock.now().getTime();
  const id = randomBytes(32).toString('base64url');
  const stored: StoredSession = {
    user: tokens.identity,
    csrfToken: randomBytes(32).toString('base64url'),
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    tokensExpireAt: now + tokens.expiresIn * 1000,
    createdAt: now,
    lastSeenAt: now,
    usableUntil: now + IDLE_LIMIT_MS,
  };
  await sessionStore().create(id, stored, now);
  return {
    page: redirect(pending.next),
    cookies: [cookie(SESSION_COOKIE, id, ABSOLUTE_LIMIT_MS / 1000), clearPending],
  };
}

/** Ends the session here and at the identity provider. */
export async function signOut(session: Session): Promise<AuthResult> {
  await sessionStore().delete(session.id);
  return { page: redirect(logoutUrl()), cookies: [clearCookie(SESSION_COOKIE)] };
}

export function signedOutPage(): AuthResult {
  return {
    page: messagePage(200, 'You have signed out', ['You have signed out of SCCIF Workflows.'], { href: '/app/auth/sign-in', text: 'Sign in' }),
    cookies: [clearCookie(SESSION_COOKIE)],
  };
}
