/**
 * The local HTTP front: exactly the API Gateway routes (same handlers, API-Gateway-shaped events), local sign-in
 * that yields the claims the Cognito authorizer would pass, the virtual-clock routes and a health check.
 * Binds 127.0.0.1 only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { parseWith, formatIssues } from '../../functions/core/schemas';
import type { LocalUser } from './api-gateway';
import type { LocalRuntime } from './runtime';
import { renderSignIn } from './sign-in-page';

const SESSION_COOKIE = 'sccif_session';
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

/** Only same-site paths: never an open redirect. */
function safeNext(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/app/inspections';
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export const MAX_BODY_BYTES = 256 * 1024;

export interface LocalAccount extends LocalUser {
  password: string;
}

/** The seeded local users: one inspector and two managers (the second approves when the first is conflicted). */
export const LOCAL_ACCOUNTS: readonly LocalAccount[] = [
  { id: 'local-inspector-ines', email: 'ines.inspector@ofsted.local', name: 'Ines Inspector', groups: ['inspectors'], password: 'inspector-pass' },
  { id: 'local-manager-maya', email: 'maya.manager@ofsted.local', name: 'Maya Manager', groups: ['managers'], password: 'manager-pass' },
  { id: 'local-manager-omar', email: 'omar.manager@ofsted.local', name: 'Omar Manager', groups: ['managers'], password: 'manager-pass' },
];

const ClockAdvance = z.union([
  z.strictObject({ days: z.number().int().min(1).max(3650) }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
  z.strictObject({ toNextDeadline: z.literal(true) }),
]);

const SignIn = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });

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

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpProblem(413, 'PayloadTooLarge', `the request body is over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'ValidationError', 'body: is not valid JSON');
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class LocalServer {
  private readonly sessions = new Map<string, LocalUser>();
  private server?: Server;
  url = '';

  constructor(
    private readonly runtime: LocalRuntime,
    private readonly accounts: readonly LocalAccount[] = LOCAL_ACCOUNTS,
  ) {}

  async listen(port: number): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (error instanceof HttpProblem) return send(response, error.status, { error: error.error, message: error.message });
        process.stderr.write(`local server: ${(error as Error).name}\n${(error as Error).stack ?? ''}\n`);
        send(response, 500, { error: 'InternalError', message: 'Something went wrong; the error was logged' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Signs a local user in: the token stands for the Cognito ID token and yields the same claims. */
  signIn(email: string, password: string): { token: string; user: LocalUser } | undefined {
    const account = this.accounts.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
    if (!account || !sameSecret(account.password, password)) return undefined;
    const token = randomBytes(32).toString('base64url');
    const { password: _password, ...user } = account;
    this.sessions.set(token, user);
    return { token, user };
  }

  /** The caller from `Authorization: Bearer <token>` (from sign-in) or `Basic` with a local account. */
  authenticate(header: string | undefined): LocalUser | undefined {
    if (!header) return undefined;
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer') return this.sessions.get(value);
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator < 0) return undefined;
      return this.signIn(decoded.slice(0, separator), decoded.slice(separator + 1))?.user;
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const body = await readBody(request);

    if (url.pathname === '/health' && method === 'GET') {
      return send(response, 200, this.health());
    }
    if (url.pathname === '/' && method === 'GET') return redirect(response, '/app/inspections');
    if (url.pathname.startsWith('/assets/') && method === 'GET') return this.asset(url.pathname.slice('/assets/'.length), response);
    if (url.pathname === '/sign-in') return this.signInPage(method, url, body, response);
    if (url.pathname === '/sign-out') {
      const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
      if (token) this.sessions.delete(token);
      return redirect(response, '/sign-in', { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
    }
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

    const sessionToken = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const cookieUser = sessionToken ? this.sessions.get(sessionToken) : undefined;
    const user = this.authenticate(request.headers.authorization) ?? cookieUser;
    const isPage = url.pathname === '/app' || url.pathname.startsWith('/app/');
    if (!user && isPage) return redirect(response, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
    if (!user) {
      // What API Gateway answers when the Cognito authorizer rejects the call.
      return send(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer, Basic realm="sccif-local"' });
    }

    if (cookieUser && method !== 'GET' && !this.sameOrigin(request)) {
      // A cookie rides along on cross-site requests: a state change needs this origin's own form.
      throw new HttpProblem(403, 'Forbidden', 'cross-site request refused');
    }
    if (url.pathname === '/app/_local/clock' && method === 'POST') {
      const form = new URLSearchParams(body ?? '');
      const step = CLOCK_STEPS[form.get('advance') ?? ''];
      if (!step) throw new HttpProblem(400, 'ValidationError', 'advance: choose day, week or next');
      if (step === 'next') await this.runtime.advanceToNextTimer();
      else await this.runtime.advanceBy(step);
      return redirect(response, safeNext(form.get('next') ?? this.refererPath(request)));
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
      headers: {
        'content-type': String(request.headers['content-type'] ?? 'application/json'),
        // Local-only page extras: the clock panel and the inbox link (API Gateway never sends these).
        ...(isPage
          ? { 'x-sccif-local': '1', 'x-sccif-clock': this.runtime.clock.now().toISOString(), 'x-sccif-inbox': `${this.runtime.urls.ses}/` }
          : {}),
      },
    });
    response.writeHead(result.statusCode, { 'content-type': 'application/json', ...(result.headers ?? {}) });
    response.end(result.body);
  }

  private sameOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin ?? request.headers.referer;
    if (!origin) return false;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }

  private refererPath(request: IncomingMessage): string | undefined {
    try {
      const referer = new URL(String(request.headers.referer ?? ''));
      return referer.host === request.headers.host ? referer.pathname + referer.search : undefined;
    } catch {
      return undefined;
    }
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

  private signInPage(method: string, url: URL, body: string | undefined, response: ServerResponse): void {
    const html = (status: number, page: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
      response.end(page);
    };
    if (method === 'GET') {
      return html(200, renderSignIn({ next: safeNext(url.searchParams.get('next')), accounts: this.accounts }));
    }
    if (method !== 'POST') throw new HttpProblem(405, 'MethodNotAllowed', `${method} is not allowed on /sign-in`);
    const form = new URLSearchParams(body ?? '');
    const email = form.get('email') ?? '';
    const next = safeNext(form.get('next'));
    const session = this.signIn(email, form.get('password') ?? '');
    if (!session) {
      return html(400, renderSignIn({ next, email, error: 'Enter the email address and password of a local user', accounts: this.accounts }));
    }
    redirect(response, next, { 'set-cookie': `${SESSION_COOKIE}=${session.token}; Path=/; HttpOnly; SameSite=Strict` });
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
        stateMachines: this.runtime.engine.stateMachineArns().length,
        clock: this.runtime.clock.now().toISOString(),
      },
    };
  }
}
