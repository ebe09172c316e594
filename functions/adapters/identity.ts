/**
 * The web sign-in's identity provider: an OAuth 2.0 authorization server with the authorization-code flow and PKCE
 * (RFC 7636, S256 only). On AWS that is the Cognito user pool's managed login (its domain's /oauth2/authorize,
 * /oauth2/token and /logout endpoints); in the local runtime, a local server with the same endpoints
 * (infra/local/auth-server.ts). The client is public (no secret): PKCE binds the code to this browser's sign-in.
 *
 * ID tokens are verified with aws-jwt-verify (signature against the issuer's JWKS, issuer, audience = the app
 * client, expiry, token_use = id) before anything in them is believed. The JWKS is fetched with Node's fetch (the
 * library's own fetcher speaks https only; the local issuer is plain http on loopback), and cached by the library.
 */
import { createHash, randomBytes } from 'node:crypto';
// The verifier alone (the package's index also loads the Cognito and ALB verifiers).
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as z from 'zod/mini';
import { config } from './config';
import { resetOnNewContainer } from './container';

/** The identity provider refused a code or a refresh token, or answered something unexpected. */
export class IdentityProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Who signed in, from a verified ID token. */
export interface VerifiedIdentity {
  id: string;
  email?: string;
  name?: string;
  groups: string[];
}

export interface Tokens {
  identity: VerifiedIdentity;
  /** Absent when a refresh answers without a new one (Cognito keeps the old refresh token valid). */
  refreshToken?: string;
  /** Seconds the ID token is valid for. */
  expiresIn: number;
}

/** What the browser keeps between the redirect to the provider and the callback. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
}

const TokenResponse = z.object({
  id_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  expires_in: z.number().check(z.int(), z.gt(0)),
  token_type: z.string(),
});

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

/** A fresh state and PKCE code verifier (43+ characters of base64url, RFC 7636 §4.1). */
export function newPendingSignIn(): PendingSignIn {
  return { state: random(32), codeVerifier: random(48) };
}

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

const fetchJson: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new IdentityProviderError(`${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

let verifier: { issuer: string; verify: (token: string) => Promise<Record<string, unknown>> } | undefined;
resetOnNewContainer(() => {
  verifier = undefined;
});

function idTokenVerifier() {
  const issuer = config.authIssuer;
  if (verifier?.issuer === issuer) return verifier;
  const rsa = JwtVerifier.create(
    {
      issuer,
      audience: config.authClientId,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: fetchJson }) },
  );
  verifier = { issuer, verify: async (token) => (await rsa.verify(token)) as Record<string, unknown> };
  return verifier;
}

function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  return typeof claim === 'string' ? claim.split(',').map((group) => group.trim()).filter(Boolean) : [];
}

/** Verifies an ID token and reads who it names. */
export async function verifyIdToken(token: string): Promise<VerifiedIdentity> {
  let claims: Record<string, unknown>;
  try {
    claims = await idTokenVerifier().verify(token);
  } catch (error) {
    throw new IdentityProviderError('the ID token did not verify', { cause: error });
  }
  const { sub, email, name } = claims;
  if (typeof sub !== 'string' || sub === '') throw new IdentityProviderError('the ID token names no subject');
  return {
    id: sub,
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    ...(typeof name === 'string' && name.trim() !== '' ? { name: name.trim() } : {}),
    groups: groupsOf(claims['cognito:groups']),
  };
}

/** Where the provider sends the browser back with the code: a page of this service. */
export function callbackUrl(): string {
  return `${config.appBaseUrl}/app/auth/callback`;
}

/** Where the provider sends the browser after signing out. */
export function signedOutUrl(): string {
  return `${config.appBaseUrl}/app/auth/signed-out`;
}

/** The provider's sign-in page for this pending sign-in. */
export function authorizeUrl(pending: PendingSignIn): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.authClientId,
    redirect_uri: callbackUrl(),
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: challengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return `${config.authBaseUrl}/oauth2/authorize?${query.toString()}`;
}

/** The provider's sign-out: ends its own session too, then comes back to signedOutUrl(). */
export function logoutUrl(): string {
  const query = new URLSearchParams({ client_id: config.authClientId, logout_uri: signedOutUrl() });
  return `${config.authBaseUrl}/logout?${query.toString()}`;
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
  let response: Response;
  try {
    response = await fetch(`${config.authBaseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: config.authClientId, ...form }).toString(),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new IdentityProviderError('the token endpoint did not answer', { cause: error });
  }
  if (!response.ok) throw new IdentityProviderError(`the token endpoint refused the ${form.grant_type} grant (${response.status})`);
  const parsed = TokenResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new IdentityProviderError('the token endpoint answered an unexpected body');
  return {
    identity: await verifyIdToken(parsed.data.id_token),
    ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}),
    expiresIn: parsed.data.expires_in,
  };
}

/** Exchanges the authorization code (with the PKCE verifier) for verified tokens. */
export function exchangeCode(code: string, pending: PendingSignIn): Promise<Tokens> {
  return tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: callbackUrl(), code_verifier: pending.codeVerifier });
}

/** New tokens from the refresh token: fails once the user is disabled, signed out globally or the token expired. */
export function refreshTokens(refreshToken: string): Promise<Tokens> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
}
