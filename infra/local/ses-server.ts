/**
 * The SES API with an inbox (aws-ses-v2-local), started on its first request rather than at start-up: the package
 * loads express, nodemailer and a zod of its own, about a quarter of `npm start`'s CPU before /health answers.
 *
 * The port is ours from the start (a plain Node server, bound to loopback, that the runtime's virtual Date header,
 * host check and faults hook into as before). A request that arrives before the package is loaded waits for it: its
 * body stays buffered in the paused request, so an email sent in the first moments is delivered, never lost.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AcceptedEmail } from './ses-event-rule';

type StartSesServer = (config: { host: string; port: number }) => Promise<Server>;

/** aws-ses-v2-local's request handler (its express app), taken from a server it starts and that is closed at once. */
async function loadSesApp(): Promise<RequestListener> {
  // A CommonJS module with `exports.default`: tsx hands back that function as the default, plain node (the bundle
  // `npm start` runs) the whole `exports` object.
  const sesModule = (await import('aws-ses-v2-local')) as unknown as { default: StartSesServer | { default: StartSesServer } };
  const start = typeof sesModule.default === 'function' ? sesModule.default : sesModule.default.default;
  const own = await start({ host: '127.0.0.1', port: 0 });
  const [app] = own.listeners('request') as RequestListener[];
  // The package keeps its inbox in a module-level store: a server started after another in the same process (test
  // files sharing a worker) would show that one's emails. A new server starts with an empty inbox, as a new process.
  await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}/clear-store`, { method: 'POST' });
  await new Promise<void>((resolve) => own.close(() => resolve()));
  if (!app) throw new Error('aws-ses-v2-local started a server without a request handler');
  return app;
}

export interface LocalSesServer {
  server: Server;
  url: string;
  /** Loads the SES package now (the first request would): `npm start` calls it once /health answers. */
  load(): Promise<void>;
  /** Calls `listener` for each email SES accepts from now on (ses-event-rule.ts sends its events). */
  onAccepted(listener: (email: AcceptedEmail) => void): void;
}

/** The SESv2 SendEmail path (POST). */
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** The request as aws-ses-v2-local's express app leaves it: the JSON body parsed. */
interface ParsedRequest extends IncomingMessage {
  body?: { ConfigurationSetName?: unknown; Destination?: { ToAddresses?: unknown; CcAddresses?: unknown; BccAddresses?: unknown } };
}

/** The email a SendEmail request and its answer describe, when SES accepted it. */
function acceptedEmail(request: ParsedRequest, answer: string): AcceptedEmail | undefined {
  let messageId: unknown;
  try {
    messageId = (JSON.parse(answer) as { MessageId?: unknown }).MessageId;
  } catch {
    return undefined;
  }
  if (typeof messageId !== 'string') return undefined;
  const destination = request.body?.Destination ?? {};
  const listed = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const configurationSet = request.body?.ConfigurationSetName;
  return {
    messageId,
    recipients: [...listed(destination.ToAddresses), ...listed(destination.CcAddresses), ...listed(destination.BccAddresses)],
    ...(typeof configurationSet === 'string' ? { configurationSet } : {}),
  };
}

/** Calls `listener` with the email once `response` has answered a SendEmail request with success. */
function watchSend(request: ParsedRequest, response: ServerResponse, listener: (email: AcceptedEmail) => void): void {
  const chunks: Buffer[] = [];
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    const [chunk] = args;
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
    return end(...args);
  }) as ServerResponse['end'];
  response.once('finish', () => {
    if (response.statusCode !== 200) return;
    const email = acceptedEmail(request, Buffer.concat(chunks).toString('utf8'));
    if (email) listener(email);
  });
}

/** The package's answer to GET /store while its inbox is empty (its express app sends `{ templates, emails }`). */
const EMPTY_STORE = JSON.stringify({ templates: {}, emails: [] });

export async function startSesServer(port = 0): Promise<LocalSesServer> {
  let app: Promise<RequestListener> | undefined;
  let accepted: ((email: AcceptedEmail) => void) | undefined;
  const load = () => (app ??= loadSesApp());
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Nothing has reached SES yet (the package loads on the first request): the inbox is empty, and GET /store says
    // so without loading it. A process that never sends an email and is asked for its inbox (the restart tests read
    // every process's before killing it) would otherwise load the package for that answer alone (0.5-0.7 s of CPU).
    if (app === undefined && request.method === 'GET' && request.url === '/store') {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(EMPTY_STORE) });
      response.end(EMPTY_STORE);
      return;
    }
    if (accepted && request.method === 'POST' && request.url?.split('?')[0] === SEND_EMAIL_PATH) watchSend(request, response, accepted);
    load().then(
      (handle) => handle(request, response),
      (error: unknown) => {
        process.stderr.write(`local SES server: ${(error as Error).stack ?? String(error)}\n`);
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('the local SES server could not start\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    load: async () => void (await load()),
    onAccepted: (listener) => {
      accepted = listener;
    },
  };
}
