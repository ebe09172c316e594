/**
 * The local runtime's identity provider: the endpoints of a Cognito user pool domain that the web pages' sign-in uses
 * (functions/adapters/identity.ts), under `/_local/auth`, so that the local sign-in drives the very session code
 * that runs on AWS:
 *
 *   GET  /oauth2/authorize        the sign-in page (authorization code with PKCE S256 only; client and redirect checked)
 *   POST /oauth2/authorize        checks the password, answers with a one-time code bound to the PKCE challenge
 *   POST /oauth2/token            code + verifier → ID token (RS256, Cognito's claims) and refresh token; refresh
 *   GET  /logout                  back to the registered sign-out URL
 *   GET  /.well-known/jwks.json   the signing key
 *
 * Its ID tokens are also the local `Bearer` tokens of the JSON API (POST /_local/sign-in), checked by signature, so no
 * token table grows with use. Codes live 5 minutes; refresh tokens are kept for at most MAX_REFRESH_TOKENS sign-ins.
 */
import { createHash, generateKeyPair, generateKeyPairSync, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { LocalUser } from './api-gateway';

export const LOCAL_CLIENT_ID = 'sccif-local-web';
/** Seconds an ID token is valid for (Cognito's default for this stack: 1 hour). */
const ID_TOKEN_SECONDS = 3600;
const CODE_MS = 5 * 60 * 1000;
const MAX_REFRESH_TOKENS = 1000;
const MAX_PENDING_CODES = 1000;

export interface LocalAccount extends LocalUser {
  password: string;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class AuthProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export class LocalIdentityProvider {
  private keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly kid = randomBytes(8).toString('hex');
  private readonly codes = new Map<string, { user: LocalUser; challenge: string; redirectUri: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, LocalUser>();

  constructor(
    /** The app's own origin (http://127.0.0.1:PORT): the issuer and the registered URLs derive from it. */
    private readonly appBaseUrl: string,
    private readonly accounts: readonly LocalAccount[],
  ) {}

  /**
   * Makes the signing key off the main thread (libuv's pool): an RSA key takes 100-600 ms of CPU, so not while
   * `npm start` starts (the machine's cores are busy loading it) but once it is ready (LocalServer.warmUp).
   */
  prepareKeys(): void {
    if (this.keyPair) return;
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
      if (!error) this.keyPair ??= { privateKey, publicKey };
    });
  }

  /** The signing key: the one made in the background, or made now when a token is needed before it is ready. */
  private get keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    return (this.keyPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }

  get issuer(): string {
    return `${this.appBaseUrl}/_local/auth`;
  }

  get callbackUrl(): string {
    return `${this.appBaseUrl}/app/auth/callback`;
  }

  get signedOutUrl(): string {
    return `${this.appBaseUrl}/app/auth/signed-out`;
  }

  jwks() {
    return { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** The account for an email and password, or undefined. */
  account(email: string, password: string): LocalUser | undefined {
    const account = this.accounts.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
    if (!account || !sameSecret(account.password, password)) return undefined;
    const { password: _password, ...user } = account;
    return user;
  }

  /** What the web handler sent: only this client, its registered callback and PKCE with S256. */
  parseAuthorize(query: URLSearchParams): AuthorizeRequest {
    const problem = (message: string) => new AuthProblem(400, 'invalid_request', message);
    if (query.get('response_type') !== 'code') throw problem('response_type must be code (the implicit flow is not offered)');
    if (query.get('client_id') !== LOCAL_CLIENT_ID) throw problem('unknown client_id');
    if (query.get('redirect_uri') !== this.callbackUrl) throw problem('redirect_uri is not the registered callback URL');
    if (query.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(query.get('code_challenge') ?? '')) {
      throw problem('PKCE is required: code_challenge with code_challenge_method S256');
    }
    const state = query.get('state') ?? '';
    if (!state) throw problem('state is required');
    return { clientId: LOCAL_CLIENT_ID, redirectUri: this.callbackUrl, state, codeChallenge: query.get('code_challenge')! };
  }

  /** The browser's way back to the app with a one-time code. */
  issueCode(user: LocalUser, request: AuthorizeRequest, nowMs: number): string {
    for (const [code, entry] of this.codes) if (entry.expiresAt < nowMs) this.codes.delete(code);
    if (this.codes.size >= MAX_PENDING_CODES) this.codes.delete(this.codes.keys().next().value!);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { user, challenge: request.codeChallenge, redirectUri: request.redirectUri, expiresAt: nowMs + CODE_MS });
    return `${request.redirectUri}?${new URLSearchParams({ code, state: request.state }).toString()}`;
  }

  /** POST /oauth2/token. */
  token(form: URLSearchParams, nowMs: number) {
    const invalid = (message: string) => new AuthProblem(400, 'invalid_grant', message);
    if (form.get('client_id') !== LOCAL_CLIENT_ID) throw new AuthProblem(400, 'invalid_client', 'unknown client_id');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const entry = this.codes.get(code);
      this.codes.delete(code);
      if (!entry || entry.expiresAt < nowMs) throw invalid('the code is unknown, used or expired');
      if (form.get('redirect_uri') !== entry.redirectUri) throw invalid('redirect_uri does not match');
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (!sameSecret(challenge, entry.challenge)) throw invalid('code_verifier does not match the code_challenge');
      const refreshToken = randomBytes(32).toString('base64url');
      if (this.refreshTokens.size >= MAX_REFRESH_TOKENS) this.refreshTokens.delete(this.refreshTokens.keys().next().value!);
      this.refreshTokens.set(refreshToken, entry.user);
      return { id_token: this.idToken(entry.user), refresh_token: refreshToken, expires_in: ID_TOKEN_SECONDS, token_type: 'Bearer' };
    }
    if (grant === 'refresh_token') {
      const user = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!user) throw invalid('the refresh token is unknown or revoked');
      return { id_token: this.idToken(user), expires_in: ID_TOKEN_SECONDS, token_type: 'Bearer' };
    }
    throw new AuthProblem(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  /** GET /logout: only back to the registered sign-out URL. */
  logout(query: URLSearchParams): string {
    if (query.get('client_id') !== LOCAL_CLIENT_ID) throw new AuthProblem(400, 'invalid_request', 'unknown client_id');
    if (query.get('logout_uri') !== this.signedOutUrl) throw new AuthProblem(400, 'invalid_request', 'logout_uri is not the registered sign-out URL');
    return this.signedOutUrl;
  }

  /** An ID token with the claims Cognito puts in one (iat/exp on the process's clock, virtual in the runtime). */
  idToken(user: LocalUser): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid: this.kid, typ: 'JWT' };
    const payload = {
      sub: user.id,
      email: user.email,
      name: user.name,
      'cognito:groups': [...user.groups],
      aud: LOCAL_CLIENT_ID,
      iss: this.issuer,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp: now + ID_TOKEN_SECONDS,
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), this.keys.privateKey))}`;
  }

  /** The user of a valid, unexpired ID token of this provider (a JSON API Bearer token), else undefined. */
  userOfIdToken(token: string): LocalUser | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.keys.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (claims.iss !== this.issuer || claims.aud !== LOCAL_CLIENT_ID || typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
      const account = this.accounts.find((candidate) => candidate.id === claims.sub);
      if (!account) return undefined;
      const { password: _password, ...user } = account;
      return user;
    } catch {
      return undefined;
    }
  }
}
