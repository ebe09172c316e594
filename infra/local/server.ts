/**
 * The local HTTP front: exactly the API Gateway routes (same handlers, API-Gateway-shaped events), the virtual-clock
 * routes and a health check. Binds 127.0.0.1 only.
 *
 * Sign-in as on AWS: the web pages (/app/*) authenticate themselves with their session cookie (functions/web/session.ts),
 * against a local identity provider with Cognito's endpoints (./auth-server.ts); this server never authenticates a
 * page request and never reads an Authorization header for one. The JSON API routes take what the Cognito authorizer
 * takes, a Bearer ID token (from POST /_local/sign-in), or HTTP Basic with a local account (no session is kept).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { parseWith, formatIssues } from '../../functions/core/schemas';
import type { ApiResponse, LocalUser } from './api-gateway';
import { LOCAL_ACCOUNTS } from './accounts';
import { AuthProblem, LOCAL_CLIENT_ID, LocalIdentityProvider, type LocalAccount } from './auth-server';
import { FaultRequest } from './faults';
import type { LocalRuntime } from './runtime';
import { renderSignIn, SIGN_IN_PAGE_HEADERS } from './sign-in-page';

export type { LocalAccount } from './auth-server';
const ASSET_ROOTS = [
  fileURLToPath(new URL('../../node_modules/govuk-frontend/dist/govuk', import.meta.url)),
  fileURLToPath(new URL('../../functions/web/assets', import.meta.url)),
];
const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};
const CLOCK_STEPS: Record<string, number | 'next'> = { day: 24 * 60 * 60 * 1000, week: 7 * 24 * 60 * 60 * 1000, next: 'next' };

function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  response.end();
}

export const MAX_BODY_BYTES = 256 * 1024;

export { LOCAL_ACCOUNTS } from './accounts';

const ClockAdvance = z.union([
  z.strictObject({ days: z.number().check(z.int(), z.gte(1), z.lte(3650)) }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
  z.strictObject({ toNextDeadline: z.literal(true) }),
]);

const SignIn = z.strictObject({ email: z.string().check(z.minLength(1), z.maxLength(320)), password: z.string().check(z.minLength(1), z.maxLength(200)) });

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The body, at most MAX_BODY_BYTES. A larger one is read to its end and dropped, then answered 413: closing the
 * socket mid-upload would reset the connection before the client could read the answer.
 */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new HttpProblem(413, 'PayloadTooLarge', `the request body is over ${MAX_BODY_BYTES} bytes`));
      else resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

/** A path whose percent-encoding is malformed (`/inspections/%E0%A4%A`) is the client's mistake: 400, not 500. */
function checkPathEncoding(pathname: string): void {
  try {
    decodeURIComponent(pathname);
  } catch {
    throw new HttpProblem(400, 'BadRequest', 'the path has a malformed percent-encoding');
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'ValidationError', 'body: is not valid JSON');
  }
}

/** The web sign-in's session module (its logger and session store), imported on first use rather than at start. */
const sessionModule = () => import('../../functions/web/session');

export class LocalServer {
  private server?: Server;
  private identity?: LocalIdentityProvider;
  url = '';

  private local?: LocalRuntime;

  constructor(private readonly accounts: readonly LocalAccount[] = LOCAL_ACCOUNTS) {}

  /**
   * Starts answering with the runtime. The server listens first, so that its URL is known (with `--port 0`) before
   * the runtime starts and the handlers read their settings (APP_BASE_URL and the sign-in's).
   */
  serve(runtime: LocalRuntime): void {
    this.local = runtime;
  }

  /**
   * The work left out of start-up, done once it is ready (each would otherwise be done by the first request that
   * needs it): the sign-in's RSA key (off the main thread), the handlers' modules and the SES package.
   */
  warmUp(): Promise<void> {
    this.provider.prepareKeys();
    return this.runtime.warmUp();
  }

  private get runtime(): LocalRuntime {
    if (!this.local) throw new HttpProblem(503, 'Starting', 'the local runtime is still starting');
    return this.local;
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (error instanceof HttpProblem || error instanceof AuthProblem) return send(response, error.status, { error: error.error, message: error.message });
        process.stderr.write(`local server: ${(error as Error).name}\n${(error as Error).stack ?? ''}\n`);
        send(response, 500, { error: 'InternalError', message: 'Something went wrong; the error was logged' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.identity = new LocalIdentityProvider(this.url, this.accounts);
    return this.url;
  }

  /** The handlers' settings that point at this server (LocalRuntimeOptions.settings), as the stack sets them on AWS. */
  handlerSettings(): Record<string, string> {
    return {
      APP_BASE_URL: this.url,
      AUTH_BASE_URL: this.provider.issuer,
      AUTH_ISSUER: this.provider.issuer,
      AUTH_CLIENT_ID: LOCAL_CLIENT_ID,
    };
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private get provider(): LocalIdentityProvider {
    if (!this.identity) throw new Error('the local server is not listening');
    return this.identity;
  }

  /** Signs a local user in for the JSON API: an ID token, as Cognito's, valid for an hour of the (virtual) clock. */
  signIn(email: string, password: string): { token: string; user: LocalUser } | undefined {
    const user = this.provider.account(email, password);
    return user ? { token: this.provider.idToken(user), user } : undefined;
  }

  /** The caller of a JSON API route from `Authorization: Bearer <ID token>` or `Basic` with a local account. */
  authenticate(header: string | undefined): LocalUser | undefined {
    if (!header) return undefined;
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer') return this.provider.userOfIdToken(value);
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator < 0) return undefined;
      return this.provider.account(decoded.slice(0, separator), decoded.slice(separator + 1));
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    checkPathEncoding(url.pathname);

    if (url.pathname === '/health' && method === 'GET') {
      return send(response, 200, this.health());
    }
    // The API reference (OpenAPI 3.1), without sign-in: it describes the routes and holds no record; the page is
    // /app/api-reference.
    if (url.pathname === '/openapi.json' && method === 'GET') {
      // Imported here, not at start: it holds every route's schemas and examples, which /health does not need.
      const { openApiDocument } = await import('../../functions/app/api-reference');
      return send(response, 200, openApiDocument({ target: 'local', serverUrl: this.url }));
    }
    // The pages' origin is this server's URL (APP_BASE_URL): cookies, the sign-in's callback and the Origin check are
    // bound to it, so a browser that came in by another name (localhost) is sent there first.
    const canonical = new URL(this.url);
    if (method === 'GET' && request.headers.host !== canonical.host && (url.pathname === '/' || url.pathname === '/app' || url.pathname.startsWith('/app/'))) {
      return redirect(response, `${this.url}${url.pathname}${url.search}`);
    }
    // The service's address, with or without the pages' prefix, opens the inspections (a walk found /app answering
    // raw JSON "no route /app").
    if ((url.pathname === '/' || url.pathname === '/app' || url.pathname === '/app/') && method === 'GET') return redirect(response, '/app/inspections');
    if (url.pathname.startsWith('/assets/') && method === 'GET') return this.asset(url.pathname.slice('/assets/'.length), response);
    // The web pages' own sign-in (the same route as on AWS); only ever back to a page of this service.
    if (url.pathname === '/sign-in' && method === 'GET') {
      const { safeReturnPath } = await sessionModule();
      return redirect(response, `/app/auth/sign-in?${new URLSearchParams({ next: safeReturnPath(url.searchParams.get('next')) }).toString()}`);
    }
    if (url.pathname.startsWith('/_local/auth/')) return this.identityProvider(method, url, body, response);
    if (url.pathname === '/_local/sign-in' && method === 'POST') {
      const parsed = parseWith(SignIn, parseJson(body));
      if (!parsed.ok) throw new HttpProblem(400, 'ValidationError', formatIssues(parsed.errors));
      const session = this.signIn(parsed.value.email, parsed.value.password);
      if (!session) throw new HttpProblem(401, 'Unauthorized', 'unknown email or wrong password');
      return send(response, 200, session);
    }

    if (url.pathname === '/_local/inbox' && method === 'GET') {
      response.writeHead(302, { location: `${this.runtime.urls.ses}/` });
      return void response.end();
    }
    const isPage = url.pathname === '/app' || url.pathname.startsWith('/app/');
    if (isPage) return this.page(request, method, url, body, response);

    const user = this.authenticate(request.headers.authorization);
    if (!user) {
      // What API Gateway answers when the Cognito authorizer rejects the call.
      return send(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer, Basic realm="sccif-local"' });
    }

    if (url.pathname === '/_local/faults') return this.faults(method, body, user, response);
    if (url.pathname === '/_local/schedules') {
      // EventBridge Scheduler's recurring schedules (the daily digest): their next occurrences and what fired.
      if (method !== 'GET') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /_local/schedules`);
      const schedules = this.runtime.schedules;
      return send(response, 200, { next: schedules?.next() ?? [], fired: schedules?.fired ?? [] });
    }
    if (url.pathname === '/_local/schedules/daily-digest/run') {
      // "Run it now", as an occurrence would: managers only (the digest is theirs). Once a day per manager still holds.
      if (method !== 'POST') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}`);
      if (!user.groups.includes('managers')) throw new HttpProblem(403, 'Forbidden', 'only managers may run the daily digest');
      if (!this.runtime.schedules) throw new HttpProblem(409, 'Conflict', 'this runtime does not fire recurring schedules');
      const fired = await this.runtime.schedules.runNow('send-daily-digest');
      return send(response, 200, { fired });
    }
    if (url.pathname === '/_local/operations') {
      if (method !== 'GET') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /_local/operations`);
      return send(response, 200, { notices: this.runtime.operationsNotices });
    }
    if (url.pathname === '/_local/clock') {
      if (method === 'GET') return send(response, 200, this.clockState());
      throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /_local/clock`);
    }
    if (url.pathname === '/_local/clock/advance') {
      if (method !== 'POST') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /_local/clock/advance`);
      const parsed = parseWith(ClockAdvance, parseJson(body));
      if (!parsed.ok) {
        throw new HttpProblem(400, 'ValidationError', `${formatIssues(parsed.errors)} (send { "days": n }, { "to": "<ISO instant>" } or { "toNextDeadline": true })`);
      }
      await this.advance(parsed.value);
      return send(response, 200, this.clockState());
    }

    const result = await this.runtime.callApi({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(body === undefined ? {} : { body }),
      user,
      headers: { 'content-type': String(request.headers['content-type'] ?? 'application/json') },
    });
    this.write(response, result);
  }

  private write(response: ServerResponse, result: ApiResponse): void {
    response.writeHead(result.statusCode, { 'content-type': 'application/json', ...(result.headers ?? {}), ...(result.multiValueHeaders ?? {}) });
    response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  /**
   * A web page: forwarded as API Gateway forwards it to the web handler (no authorizer on /app), with the headers
   * the handler reads (cookies, Origin, Referer) and the local runtime's panel extras. The clock panel's form is
   * checked by the handler like any other (session, Origin, CSRF token): only when it accepts it (303 to the advance
   * it asks for) does this server move the clock.
   */
  private async page(request: IncomingMessage, method: string, url: URL, body: string | undefined, response: ServerResponse): Promise<void> {
    const forwarded: Record<string, string> = {};
    for (const name of ['content-type', 'cookie', 'origin', 'referer', 'accept', 'host']) {
      const value = request.headers[name];
      if (typeof value === 'string') forwarded[name] = value;
    }
    const result = await this.runtime.callApi({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(body === undefined ? {} : { body }),
      headers: {
        ...forwarded,
        // Local-only page extras: the clock panel and the inbox link (API Gateway never sends these).
        'x-sccif-local': '1',
        'x-sccif-clock': this.runtime.clock.now().toISOString(),
        'x-sccif-inbox': `${this.runtime.urls.ses}/`,
      },
    });
    const location = result.headers?.location;
    if (url.pathname === '/app/_local/clock' && method === 'POST' && result.statusCode === 303 && location?.startsWith('/_local/clock/advance-form?')) {
      const asked = new URLSearchParams(location.slice(location.indexOf('?') + 1));
      const step = CLOCK_STEPS[asked.get('advance') ?? ''];
      if (!step) throw new HttpProblem(400, 'ValidationError', 'advance: choose day, week or next');
      if (step === 'next') await this.runtime.advanceToNextTimer();
      else await this.runtime.advanceBy(step);
      const { safeReturnPath } = await sessionModule();
      return redirect(response, safeReturnPath(asked.get('next')));
    }
    this.write(response, result);
  }

  /** The local identity provider's endpoints (./auth-server.ts). */
  private identityProvider(method: string, url: URL, body: string | undefined, response: ServerResponse): void {
    const endpoint = url.pathname.slice('/_local/auth'.length);
    const provider = this.provider;
    const html = (status: number, page: string) => {
      response.writeHead(status, SIGN_IN_PAGE_HEADERS);
      response.end(page);
    };
    const nowMs = Date.now();
    if (endpoint === '/.well-known/jwks.json' && method === 'GET') return send(response, 200, provider.jwks());
    if (endpoint === '/logout' && method === 'GET') return redirect(response, provider.logout(url.searchParams));
    if (endpoint === '/oauth2/token' && method === 'POST') return send(response, 200, provider.token(new URLSearchParams(body ?? ''), nowMs));
    if (endpoint === '/oauth2/authorize' && method === 'GET') {
      const authorize = provider.parseAuthorize(url.searchParams);
      return html(200, renderSignIn({ query: url.searchParams, accounts: this.accounts, state: authorize.state }));
    }
    if (endpoint === '/oauth2/authorize' && method === 'POST') {
      const form = new URLSearchParams(body ?? '');
      const query = new URLSearchParams(form.get('authorize') ?? '');
      const authorize = provider.parseAuthorize(query);
      const email = form.get('email') ?? '';
      const user = provider.account(email, form.get('password') ?? '');
      if (!user) {
        return html(400, renderSignIn({ query, email, error: 'Enter the email address and password of a local user', accounts: this.accounts, state: authorize.state }));
      }
      return redirect(response, provider.issueCode(user, authorize, nowMs));
    }
    throw new HttpProblem(404, 'NotFound', `no route ${url.pathname}`);
  }

  private async asset(relative: string, response: ServerResponse): Promise<void> {
    const normalised = path.posix.normalize(relative);
    if (normalised.startsWith('..') || normalised.includes('/../')) throw new HttpProblem(404, 'NotFound', 'no such asset');
    // govuk-frontend keeps its CSS at the package root and fonts/images under assets/.
    const candidates = ASSET_ROOTS.flatMap((root) => [path.join(root, normalised), path.join(root, 'assets', normalised)]);
    for (const file of candidates) {
      try {
        const content = await readFile(file);
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'public, max-age=3600',
        });
        return void response.end(content);
      } catch {
        // try the next place
      }
    }
    throw new HttpProblem(404, 'NotFound', `no asset ${relative}`);
  }

  private async advance(request: z.infer<typeof ClockAdvance>): Promise<void> {
    const now = this.runtime.clock.now();
    if ('days' in request) return this.runtime.advanceBy(request.days * 24 * 60 * 60 * 1000);
    if ('to' in request) {
      const target = new Date(request.to);
      if (target.getTime() < now.getTime()) {
        throw new HttpProblem(400, 'ValidationError', `to: ${request.to} is before the current time ${now.toISOString()}: the clock only moves forward`);
      }
      return this.runtime.advanceTo(target);
    }
    const next = await this.runtime.advanceToNextTimer();
    if (!next) throw new HttpProblem(409, 'NothingWaiting', 'no workflow is waiting on a deadline');
  }

  /** Fault injection (infra/local/faults.ts): managers only, as rehearsing an incident is an operations task. */
  private faults(method: string, body: string | undefined, user: LocalUser, response: ServerResponse): void {
    if (!user.groups.includes('managers')) throw new HttpProblem(403, 'Forbidden', 'only managers may inject faults');
    const faults = this.runtime.faults;
    if (method === 'GET') return send(response, 200, { now: this.runtime.clock.now().toISOString(), faults: faults.list(), hits: faults.hits });
    if (method === 'DELETE') return send(response, 200, { cleared: faults.clear() });
    if (method !== 'POST') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /_local/faults`);
    const parsed = parseWith(FaultRequest, parseJson(body));
    if (!parsed.ok) {
      throw new HttpProblem(400, 'ValidationError', `${formatIssues(parsed.errors)} (send { "service": "ses" | "dynamodb" | "stepfunctions", "mode": "refuse" | "throttle" | "slow", "forMinutes": n })`);
    }
    return send(response, 201, { fault: faults.add(parsed.value), faults: faults.list() });
  }

  private clockState() {
    return { now: this.runtime.clock.now().toISOString(), nextDeadline: this.runtime.clock.nextTimerAt()?.toISOString() ?? null };
  }

  private health() {
    return {
      status: 'ok',
      components: {
        api: this.url,
        dynamodb: this.runtime.urls.dynamodb,
        ses: this.runtime.urls.ses,
        stepFunctions: this.runtime.urls.stepFunctions,
        operationsTopic: this.runtime.urls.sns,
        scheduler: this.runtime.urls.scheduler,
        stateMachines: this.runtime.engine.stateMachineArns().length,
        clock: this.runtime.clock.now().toISOString(),
      },
    };
  }
}
