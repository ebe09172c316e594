/**
 * The in-process transport (infra/local/in-process-transport.ts): HTTP from this process's clients to a server in
 * this process, in memory, with what a TCP connection gives (streaming both ways with backpressure, keep-alive,
 * a dropped connection, timeouts, the server's close) and nothing else (other hosts go over the network).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type RequestOptions, type Server, type ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { withLocalTransport } from '../../functions/adapters/sdk-transport';
import { LocalFaults } from '../../infra/local/faults';
import { InProcessAgent, InProcessSocket, serveInProcess } from '../../infra/local/in-process-transport';
import { tableLayout } from '../adapters/local-dynamodb';

const servers: Server[] = [];

/** An SDK client to the server on `port`, in memory, with one attempt and the request timeout given (ms). */
function inProcessClient(port: number, requestTimeout: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { httpAgent: new InProcessAgent(), requestTimeout, throwOnRequestTimeout: true },
  });
}

async function listening(listener: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).filter((server) => server.listening).map(close));
});

interface Answer {
  status: number;
  body: Buffer;
  reused: boolean;
  socket: unknown;
}

function send(options: RequestOptions, body?: Readable | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', method: body === undefined ? 'GET' : 'POST', ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), reused: outgoing.reusedSocket, socket: outgoing.socket }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    if (body instanceof Readable) body.pipe(outgoing);
    else outgoing.end(body);
  });
}

/** `count` chunks of 64 KiB, each its index repeated: 2 MiB for 32, far beyond any stream's buffer (16-64 KiB). */
function chunks(count: number): Buffer[] {
  return Array.from({ length: count }, (_, index) => Buffer.alloc(64 * 1024, index % 251));
}

const sha256 = (data: Buffer | Buffer[]) => createHash('sha256').update(Buffer.concat([data].flat())).digest('hex');

describe('the in-process transport', () => {
  it('hands a registered server its requests in memory, and sends other hosts over the network', async () => {
    // Prepare: two servers that say what their connection is; only the first is registered.
    const seen = (request: IncomingMessage, response: ServerResponse) => {
      response.end(request.socket instanceof InProcessSocket ? 'in-process' : request.socket instanceof Socket ? 'tcp' : 'other');
    };
    const registered = await listening(seen);
    serveInProcess(registered.server);
    const other = await listening(seen);
    const agent = new InProcessAgent();

    // Act
    const inMemory = await send({ port: registered.port, agent });
    const byName = await send({ host: 'localhost', port: registered.port, agent });
    const overTcp = await send({ port: other.port, agent });
    // A client without the agent (curl, a browser, another process) still reaches the registered server over TCP.
    const stock = await send({ port: registered.port, agent: false });

    // Assess
    expect([inMemory, byName, overTcp, stock].map((answer) => answer.body.toString())).toEqual(['in-process', 'in-process', 'tcp', 'tcp']);
    expect(inMemory.socket).toBeInstanceOf(InProcessSocket);
    expect(overTcp.socket).toBeInstanceOf(Socket);
    agent.destroy();
  });

  it('streams a large body each way with backpressure, byte for byte', async () => {
    // Prepare: a server that reads the request slowly (paused between chunks), then streams back 2 MiB.
    const answer = chunks(32);
    let requestHash = '';
    let requestBytes = 0;
    const { server, port } = await listening((incoming, response) => {
      const hash = createHash('sha256');
      incoming.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        requestBytes += chunk.length;
        incoming.pause();
        setImmediate(() => incoming.resume());
      });
      incoming.on('end', () => {
        requestHash = hash.digest('hex');
        Readable.from(answer).pipe(response);
      });
    });
    serveInProcess(server);
    const agent = new InProcessAgent();
    const body = chunks(32);
    let pulled = 0;
    const source = new Readable({
      read() {
        this.push(pulled < body.length ? body[pulled++] : null);
      },
    });
    // How far ahead of the slow server the client's body ran: bounded when backpressure works.
    let maxAhead = 0;
    source.on('data', () => {
      maxAhead = Math.max(maxAhead, pulled * 64 * 1024 - requestBytes);
    });

    // Act
    const result = await send({ port, agent, method: 'POST' }, source);

    // Assess
    expect(requestHash).toBe(sha256(body));
    expect(requestBytes).toBe(2 * 1024 * 1024);
    expect(result.body.length).toBe(2 * 1024 * 1024);
    expect(sha256(result.body)).toBe(sha256(answer));
    expect(maxAhead).toBeLessThan(512 * 1024);
    agent.destroy();
  });

  it('keeps a connection alive between requests, and a destroyed agent closes it on the server', async () => {
    // Prepare
    const { server, port } = await listening((_request, response) => response.end('ok'));
    let connections = 0;
    server.on('connection', () => (connections += 1));
    serveInProcess(server);
    const agent = new InProcessAgent();

    // Act
    const first = await send({ port, agent });
    const second = await send({ port, agent });
    const third = await send({ port, agent, method: 'POST' }, 'a body');

    // Assess: one connection for three requests.
    expect([first.reused, second.reused, third.reused]).toEqual([false, true, true]);
    expect(connections).toBe(1);
    const serverEnd = (first.socket as InProcessSocket).peer;
    const closed = new Promise((resolve) => serverEnd.once('close', resolve));
    agent.destroy();
    await closed;
    expect(serverEnd.destroyed).toBe(true);
  });

  it('fails a request whose connection the server drops with ECONNRESET, as over TCP, and the next one succeeds', async () => {
    // Prepare: the local runtime's "refuse" fault drops the connection so.
    let drop = true;
    const { server, port } = await listening((incoming, response) => {
      if (drop) {
        drop = false;
        incoming.socket.destroy();
        return;
      }
      response.end('answered');
    });
    serveInProcess(server);
    const agent = new InProcessAgent();

    // Act
    const dropped = await send({ port, agent, method: 'POST' }, '{}').catch((error: NodeJS.ErrnoException) => error);
    const next = await send({ port, agent });

    // Assess
    expect(dropped).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(next.body.toString()).toBe('answered');
    agent.destroy();
  });

  it('lets the SDK time a slow answer out, and the server sees its caller gone', async () => {
    // Prepare: a server that never answers, as the "slow" fault holds a request.
    let callerGone: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (callerGone = resolve));
    const { server, port } = await listening((incoming) => {
      incoming.resume();
      incoming.socket.once('close', callerGone);
    });
    serveInProcess(server);
    const client = inProcessClient(port, 150);

    // Act
    const started = performance.now();
    const error = await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'p' } } })).catch((caught: Error) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(2_000);
    await gone;
    client.destroy();
  });

  it("keeps the local runtime's faults in the request path: refused, throttled and slow answers", async () => {
    // Prepare: a DynamoDB-like server behind the runtime's fault injection, served in memory.
    let answered = 0;
    const { server, port } = await listening((incoming, response) => {
      incoming.resume();
      incoming.on('end', () => {
        answered += 1;
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end('{}');
      });
    });
    const faults = new LocalFaults(() => Date.parse('2027-01-11T09:00:00Z'));
    faults.install(server, 'dynamodb');
    serveInProcess(server);
    const client = inProcessClient(port, 300);
    const get = () => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'p' } } })).then(() => 'answered', (error: Error & { code?: string }) => `${error.name} ${error.code ?? ''}`.trim());
    const during = async (mode: 'refuse' | 'throttle' | 'slow') => {
      faults.add({ service: 'dynamodb', mode, forMinutes: 1 });
      const result = await get();
      faults.clear();
      return result;
    };

    // Act
    const results = [await during('refuse'), await during('throttle'), await during('slow'), await get()];

    // Assess: what the SDK sees of each over TCP (a reset is retryable, as a timeout), then a normal answer.
    expect(results).toEqual(['TimeoutError ECONNRESET', 'ThrottlingException', 'TimeoutError ETIMEDOUT', 'answered']);
    expect(faults.hits.dynamodb).toBe(3);
    expect(answered).toBe(1);
    client.destroy();
  });

  it('times an idle connection out (socket.setTimeout), on the real clock', async () => {
    // Prepare
    const { server, port } = await listening(() => undefined);
    serveInProcess(server);
    const agent = new InProcessAgent();

    // Act: a request that waits for an answer that never comes, with a 100 ms inactivity timeout.
    const timedOut = await new Promise<boolean>((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port, agent }, () => reject(new Error('answered')));
      outgoing.setTimeout(100, () => {
        resolve(true);
        outgoing.destroy();
      });
      outgoing.on('error', () => undefined);
      outgoing.end();
    });

    // Assess
    expect(timedOut).toBe(true);
    agent.destroy();
  });

  it("runs the server's side outside the caller's async context", async () => {
    // Prepare: over TCP a request listener never sees the caller's AsyncLocalStorage store; the local runtime's
    // virtual clock relies on it (a handler's timers are real, the engine's virtual).
    const storage = new AsyncLocalStorage<string>();
    let seenByServer: string | undefined = 'not called';
    const { server, port } = await listening((_request, response) => {
      seenByServer = storage.getStore();
      response.end();
    });
    serveInProcess(server);
    const agent = new InProcessAgent();

    // Act
    const seenByCaller = await storage.run('handler', async () => {
      await send({ port, agent });
      return storage.getStore();
    });

    // Assess
    expect(seenByServer).toBeUndefined();
    expect(seenByCaller).toBe('handler');
    agent.destroy();
  });

  it('closes the connections of a server that closes, and sends its port to the network from then on', async () => {
    // Prepare
    const { server, port } = await listening((_request, response) => response.end('ok'));
    serveInProcess(server);
    const agent = new InProcessAgent();
    const first = await send({ port, agent });
    const clientEnd = first.socket as InProcessSocket;
    expect(withLocalTransport({})).toHaveProperty('requestHandler.httpAgent');

    // Act
    await close(server);

    // Assess: both ends closed, the port refused over TCP, and the adapters' clients stock again (nothing registered).
    expect(clientEnd.peer.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(clientEnd.destroyed).toBe(true);
    await expect(send({ port, agent })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const config = { maxAttempts: 4 };
    expect(withLocalTransport(config)).toBe(config);
    agent.destroy();
  });
});

describe("the adapters' seam", () => {
  it('leaves a client configuration as it is when no server is served in memory (AWS)', () => {
    const config = { maxAttempts: 4, requestHandler: { requestTimeout: 5_000 } };
    expect(withLocalTransport(config)).toBe(config);
  });

  it("adds the in-memory agent to a client's request handler options, keeping its timeouts", async () => {
    const { server } = await listening(() => undefined);
    serveInProcess(server);
    const config = withLocalTransport({ maxAttempts: 4, requestHandler: { requestTimeout: 5_000, throwOnRequestTimeout: true } });
    expect(config.maxAttempts).toBe(4);
    expect(config.requestHandler).toMatchObject({ requestTimeout: 5_000, throwOnRequestTimeout: true });
    expect((config.requestHandler as { httpAgent?: unknown }).httpAgent).toBeInstanceOf(InProcessAgent);
  });

  it('carries DynamoDB requests from an SDK client to dynalite', async () => {
    // Prepare: dynalite served in memory; a client as the adapters build one (endpoint from the environment aside).
    const dynalite = (await import('dynalite')).default as unknown as (options: object) => Server;
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serveInProcess(server);
    let inMemory = 0;
    server.on('request', (incoming: IncomingMessage) => {
      if (incoming.socket instanceof InProcessSocket) inMemory += 1;
    });
    const client = new DynamoDBClient(
      withLocalTransport({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );

    // Act
    await client.send(new CreateTableCommand(tableLayout('transport')));
    // dynalite makes the table ACTIVE on a 0 ms timer, which a request in memory can beat.
    while ((await client.send(new DescribeTableCommand({ TableName: 'transport' }))).Table?.TableStatus !== 'ACTIVE');
    await client.send(new PutItemCommand({ TableName: 'transport', Item: { pk: { S: 'p' }, sk: { S: 's' }, note: { S: 'x'.repeat(100_000) } } }));
    const { Item: item } = await client.send(new GetItemCommand({ TableName: 'transport', Key: { pk: { S: 'p' }, sk: { S: 's' } } }));

    // Assess
    expect(item?.note?.S).toHaveLength(100_000);
    expect(inMemory).toBeGreaterThanOrEqual(4);
    client.destroy();
  });
});
