/**
 * The web pages' sign-in and session (functions/web/session.ts), as API Gateway calls the web handler: the
 * authorization-code flow with PKCE against the local runtime's identity provider (its endpoints answered through a
 * stubbed fetch: the same provider `npm start` serves), the session cookie, expiry, refresh, sign-out, the CSRF
 * token and Origin check, and each refusal with its status and the data left unchanged.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { MAX_SESSIONS_PER_USER, sessionStore } from '../../../functions/adapters/sessions';
import { ABSOLUTE_LIMIT_MS, IDLE_LIMIT_MS, safeReturnPath, SESSION_COOKIE, SIGN_IN_COOKIE } from '../../../functions/web/session';
import { LOCAL_CLIENT_ID, LocalIdentityProvider } from '../../../infra/local/auth-server';
import { APP_BASE_URL, MANAGER, pendingApproval, sfnCalls, storedInspection } from '../api/api-harness';
import { getPage, h1Of, open, postForm, sessionFor, type SignedIn, useWebHarness } from './web-harness';

const harness = useWebHarness('2026-12-23T10:00:00.000Z', async () => {
  await storedInspection();
});

const RATIONALE = 'Serious concerns about restraint; leadership is responsive.';
const DECISION = { decision: 'monitoring-visit', enforcementActions: 'none', rationale: RATIONALE };
const ACCOUNT = { ...MANAGER, password: 'manager-pass' };

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The local identity provider behind fetch, as the web handler reaches Cognito's domain on AWS. */
function identityProvider(): LocalIdentityProvider {
  const provider = new LocalIdentityProvider(APP_BASE_URL, [ACCOUNT]);
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (!url.href.startsWith(provider.issuer)) return realFetch(input, init);
    const endpoint = url.pathname.slice(new URL(provider.issuer).pathname.length);
    try {
      if (endpoint === '/.well-known/jwks.json') return Response.json(provider.jwks());
      if (endpoint === '/oauth2/token') return Response.json(provider.token(new URLSearchParams(String(init?.body ?? '')), Date.now()));
    } catch (error) {
      return Response.json({ error: (error as Error).message }, { status: 400 });
    }
    return new Response('not found', { status: 404 });
  });
  return provider;
}

/** Signs the manager in through the provider, as a browser does: returns the session cookie and the form token. */
async function signInThroughProvider(provider: LocalIdentityProvider, next = '/app/approvals'): Promise<SignedIn & { setCookies: string[] }> {
  const started = await rawOpen({ path: '/app/auth/sign-in', query: { next } });
  expect(started.status).toBe(303);
  const authorize = new URL(started.location!);
  const pending = started.setCookies.find((line) => line.startsWith(`${SIGN_IN_COOKIE}=`))!;
  const request = provider.parseAuthorize(authorize.searchParams);
  const back = new URL(provider.issueCode({ id: ACCOUNT.id, email: ACCOUNT.email, name: ACCOUNT.name, groups: ACCOUNT.groups }, request, Date.now()));
  const callback = await rawOpen({
    path: '/app/auth/callback',
    query: Object.fromEntries(back.searchParams),
    headers: { cookie: pending.split(';')[0]! },
  });
  expect(callback.status, callback.html).toBe(303);
  expect(callback.location).toBe(next);
  const session = callback.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
  const cookie = session.split(';')[0]!;
  const page = await rawOpen({ path: next, headers: { cookie } });
  const csrfToken = /name="csrf" value="([\w-]+)"/.exec(page.html)?.[1] ?? '';
  return { cookie, csrfToken, setCookies: callback.setCookies };
}

/** A request without the harness's automatic session: what a browser with only these headers sends. */
async function rawOpen(request: { method?: 'GET' | 'POST'; path: string; query?: Record<string, string>; headers?: Record<string, string>; form?: Record<string, string> }) {
  const captured: { multi?: Record<string, string[]> } = {};
  const response = await open({ ...request, raw: true, capture: captured });
  return { ...response, setCookies: captured.multi?.['set-cookie'] ?? [] };
}

describe('signing in (authorization code with PKCE)', () => {
  it('sends the browser to the provider with a fresh state and an S256 challenge, kept in a __Host- cookie', async () => {
    const response = await rawOpen({ path: '/app/auth/sign-in', query: { next: '/app/approvals' } });

    expect(response.status).toBe(303);
    const authorize = new URL(response.location!);
    expect(authorize.origin + authorize.pathname).toBe(`${APP_BASE_URL}/_local/auth/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: LOCAL_CLIENT_ID,
      redirect_uri: `${APP_BASE_URL}/app/auth/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(response.setCookies).toEqual([expect.stringMatching(new RegExp(`^${SIGN_IN_COOKIE}=[\\w-]+; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=600$`))]);
  });

  it('exchanges the code, verifies the ID token and opens a session in an HttpOnly, Secure, SameSite=Lax __Host- cookie', async () => {
    const provider = identityProvider();

    const signedIn = await signInThroughProvider(provider);

    expect(signedIn.setCookies).toContainEqual(expect.stringMatching(new RegExp(`^${SESSION_COOKIE}=[\\w-]{43}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=28800$`)));
    expect(signedIn.setCookies).toContainEqual(`${SIGN_IN_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
    const page = await rawOpen({ path: '/app/approvals', headers: { cookie: signedIn.cookie } });
    expect(page.status).toBe(200);
    expect(page.html).toContain(MANAGER.name);
  });

  it('refuses a callback whose state is not the one this browser started with: 400, no session', async () => {
    const provider = identityProvider();
    const started = await rawOpen({ path: '/app/auth/sign-in' });
    const request = provider.parseAuthorize(new URL(started.location!).searchParams);
    const back = new URL(provider.issueCode(MANAGER, { ...request, state: 'forged-state' }, Date.now()));

    const callback = await rawOpen({
      path: '/app/auth/callback',
      query: Object.fromEntries(back.searchParams),
      headers: { cookie: started.setCookies[0]!.split(';')[0]! },
    });

    expect(callback.status).toBe(400);
    expect(h1Of(callback.html)).toEqual(['You could not be signed in']);
    expect(callback.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('refuses a code presented without this browser’s PKCE verifier (another browser’s sign-in cookie): 400', async () => {
    const provider = identityProvider();
    const victim = await rawOpen({ path: '/app/auth/sign-in' });
    const attacker = await rawOpen({ path: '/app/auth/sign-in' });
    const victimRequest = provider.parseAuthorize(new URL(victim.location!).searchParams);
    const attackerState = new URL(attacker.location!).searchParams.get('state')!;
    // The victim's code, replayed with the attacker's state and cookie: the verifier does not match the challenge.
    const code = new URL(provider.issueCode(MANAGER, victimRequest, Date.now())).searchParams.get('code')!;

    const callback = await rawOpen({ path: '/app/auth/callback', query: { code, state: attackerState }, headers: { cookie: attacker.setCookies[0]!.split(';')[0]! } });

    expect(callback.status).toBe(400);
    expect(callback.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('returns only to a page of this service after signing in (never another site)', () => {
    for (const next of ['/%5Cevil.example/x', '/\\evil.example/x', '//evil.example/x', 'https://evil.example/', '/app/../x', '/x', '/app/auth/sign-out', '/app\t/x']) {
      expect(safeReturnPath(next), next).toBe('/app/inspections');
    }
    expect(safeReturnPath('/app/inspections/insp-1?tab=emails')).toBe('/app/inspections/insp-1?tab=emails');
  });

  it('answers a sign-in started with an off-site next by returning to the inspections', async () => {
    const response = await rawOpen({ path: '/app/auth/sign-in', query: { next: '/%5Cevil.example/x' } });
    const pending = JSON.parse(Buffer.from(response.setCookies[0]!.split(';')[0]!.split('=')[1]!, 'base64url').toString('utf8')) as { next: string };

    expect(pending.next).toBe('/app/inspections');
  });
});

describe('the session', () => {
  it('never signs in from an Authorization header or from authorizer claims: a GET is sent to sign in', async () => {
    const basic = await rawOpen({ path: '/app/approvals', headers: { authorization: `Basic ${Buffer.from('maya.manager@ofsted.local:manager-pass').toString('base64')}` } });

    expect(basic.status).toBe(303);
    expect(basic.location).toBe('/app/auth/sign-in?next=%2Fapp%2Fapprovals');
  });

  it('refuses a form sent with Basic credentials only: 401, the approval still pending', async () => {
    await pendingApproval();

    const response = await rawOpen({
      method: 'POST',
      path: '/app/approvals/apr-0001',
      form: DECISION,
      headers: { authorization: `Basic ${Buffer.from('maya.manager@ofsted.local:manager-pass').toString('base64')}`, origin: APP_BASE_URL },
    });

    expect(response.status).toBe(401);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
  });

  it('ends after 30 idle minutes: sent to sign in, the session deleted', async () => {
    const signedIn = await sessionFor(MANAGER);
    const id = signedIn.cookie.split('=')[1]!;
    const stored = (await sessionStore().get(id))!;
    await sessionStore().put(id, { ...stored, lastSeenAt: stored.lastSeenAt - IDLE_LIMIT_MS - 1000, usableUntil: stored.lastSeenAt - 1000 });

    const response = await getPage('/app/approvals', undefined, undefined, { cookie: signedIn.cookie });

    expect(response.status).toBe(303);
    expect(response.location).toMatch(/^\/app\/auth\/sign-in/);
    expect(await sessionStore().get(id)).toBeUndefined();
  });

  it('never lasts beyond 8 hours after sign-in, however busy', async () => {
    const signedIn = await sessionFor(MANAGER);
    const id = signedIn.cookie.split('=')[1]!;
    const stored = (await sessionStore().get(id))!;
    const createdAt = stored.createdAt - ABSOLUTE_LIMIT_MS + 60_000;
    await sessionStore().put(id, { ...stored, createdAt, lastSeenAt: stored.lastSeenAt - 120_000 });

    expect((await getPage('/app/approvals', undefined, undefined, { cookie: signedIn.cookie })).status).toBe(200);
    expect((await sessionStore().get(id))!.usableUntil).toBe(createdAt + ABSOLUTE_LIMIT_MS);
  });

  it(`keeps at most ${MAX_SESSIONS_PER_USER} sessions per user: the oldest ends`, async () => {
    const sessions: SignedIn[] = [];
    for (let index = 0; index <= MAX_SESSIONS_PER_USER; index += 1) sessions.push(await sessionFor({ ...MANAGER, id: 'manager-bounded' }));

    expect((await getPage('/app/approvals', undefined, undefined, { cookie: sessions[0]!.cookie })).status).toBe(303);
    expect((await getPage('/app/approvals', undefined, undefined, { cookie: sessions.at(-1)!.cookie })).status).toBe(200);
  });

  it('refreshes an expired ID token with the refresh token, and ends when the provider refuses it', async () => {
    const provider = identityProvider();
    const signedIn = await signInThroughProvider(provider);
    const id = signedIn.cookie.split('=')[1]!;
    const stored = (await sessionStore().get(id))!;
    await sessionStore().put(id, { ...stored, tokensExpireAt: Date.now() - 1 });

    expect((await rawOpen({ path: '/app/approvals', headers: { cookie: signedIn.cookie } })).status).toBe(200);
    const refreshed = (await sessionStore().get(id))!;
    expect(refreshed.tokensExpireAt).toBeGreaterThan(stored.tokensExpireAt);

    await sessionStore().put(id, { ...refreshed, tokensExpireAt: 0, refreshToken: 'revoked' });
    expect((await rawOpen({ path: '/app/approvals', headers: { cookie: signedIn.cookie } })).status).toBe(303);
    expect(await sessionStore().get(id)).toBeUndefined();
  });

  it('signs out: the session deleted, the cookie cleared, then the provider’s logout', async () => {
    const signedIn = await sessionFor(MANAGER);

    const response = await rawOpen({ method: 'POST', path: '/app/auth/sign-out', form: { csrf: signedIn.csrfToken }, headers: { cookie: signedIn.cookie, origin: APP_BASE_URL } });

    expect(response.status).toBe(303);
    expect(response.location).toBe(
      `${APP_BASE_URL}/_local/auth/logout?client_id=${LOCAL_CLIENT_ID}&logout_uri=${encodeURIComponent(`${APP_BASE_URL}/app/auth/signed-out`)}`,
    );
    expect(response.setCookies).toEqual([`${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`]);
    expect((await getPage('/app/approvals', undefined, undefined, { cookie: signedIn.cookie })).status).toBe(303);
  });

  it('does not sign out on a cross-site form: 403, still signed in', async () => {
    const signedIn = await sessionFor(MANAGER);

    const response = await rawOpen({ method: 'POST', path: '/app/auth/sign-out', form: {}, headers: { cookie: signedIn.cookie, origin: 'https://evil.example' } });

    expect(response.status).toBe(403);
    expect((await getPage('/app/approvals', undefined, undefined, { cookie: signedIn.cookie })).status).toBe(200);
  });
});

describe('CSRF: a state change needs this service’s own form', () => {
  it('adds the session’s token to every POST form on a page', async () => {
    await pendingApproval();
    const signedIn = await sessionFor(MANAGER);

    const page = await getPage('/app/approvals/apr-0001', undefined, undefined, { cookie: signedIn.cookie });

    const forms = [...page.html.matchAll(/<form\b[^>]*method="post"[^>]*>(<input type="hidden" name="csrf" value="([\w-]+)">)?/g)];
    expect(forms.length).toBeGreaterThanOrEqual(2); // the decision and sign-out
    for (const form of forms) expect(form[2]).toBe(signedIn.csrfToken);
  });

  const refusals: [string, (signedIn: SignedIn) => { form: Record<string, string>; headers: Record<string, string> }][] = [
    ['without the token', (s) => ({ form: { ...DECISION }, headers: { cookie: s.cookie, origin: APP_BASE_URL } })],
    ['with another session’s token', (s) => ({ form: { ...DECISION, csrf: 'x'.repeat(43) }, headers: { cookie: s.cookie, origin: APP_BASE_URL } })],
    ['from another site (Origin)', (s) => ({ form: { ...DECISION, csrf: s.csrfToken }, headers: { cookie: s.cookie, origin: 'https://evil.example' } })],
    ['from another site (Referer, no Origin)', (s) => ({ form: { ...DECISION, csrf: s.csrfToken }, headers: { cookie: s.cookie, referer: 'https://evil.example/page' } })],
    ['with neither Origin nor Referer', (s) => ({ form: { ...DECISION, csrf: s.csrfToken }, headers: { cookie: s.cookie } })],
    ['from an opaque origin (sandboxed frame)', (s) => ({ form: { ...DECISION, csrf: s.csrfToken }, headers: { cookie: s.cookie, origin: 'null' } })],
  ];

  it.each(refusals)('refuses a decision %s: 403, the approval still pending, the run not resumed', async (_name, build) => {
    await pendingApproval();
    const signedIn = await sessionFor(MANAGER);
    const { form, headers } = build(signedIn);

    const response = await rawOpen({ method: 'POST', path: '/app/approvals/apr-0001', form, headers });

    expect(response.status).toBe(403);
    expect(h1Of(response.html)).toEqual(['You do not have permission to see this page']);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('pending');
    expect(sfnCalls.succeeded(harness)).toHaveLength(0);
  });

  it('accepts the same decision from the page’s own form', async () => {
    await pendingApproval();

    const response = await postForm('/app/approvals/apr-0001', MANAGER, DECISION);

    expect(response.status).toBe(303);
    expect((await repository().getApproval('apr-0001'))?.status).toBe('decided');
  });
});

describe('headers on every page, sign-in included', () => {
  it.each(['/app/auth/sign-in', '/app/auth/signed-out', '/app/nothing-here'])('%s', async (path) => {
    // `open` checks CSP (frame-ancestors, form-action), nosniff, Referrer-Policy and HSTS on every response.
    const response = await rawOpen({ path });
    expect(response.status).toBeLessThan(500);
  });
});
