/**
 * HTTP to a server in this same process without TCP: an http.Agent whose connection to a registered `host:port` is one
 * end of an in-memory socket pair, the other end handed to that http.Server as a new connection. The request is
 * written and parsed, and the answer written and parsed, by Node's own HTTP code on both sides, and the server's
 * request listeners (faults, the Date stamp, the Host check) see what they see over TCP; only the kernel's loopback
 * is skipped. Measured (SDK → dynalite, 1,500 GetItem + 150 Query, warm): -22 % CPU, -55 % system time.
 *
 * The local runtime and the test harnesses register their servers (`serveInProcess`): their own SDK clients then reach
 * them in memory through the adapters' seam (functions/adapters/sdk-transport.ts); the servers still listen on their
 * ports for everything else (curl, browsers, other processes). A host:port nobody registered goes over the network,
 * as before. Nothing on AWS imports this module.
 *
 * What a socket of the pair does as a TCP socket would:
 * - bytes arrive in order, on a later tick (never inside the writer's call), with backpressure: a write completes
 *   once the reader has room for it;
 * - the server's side runs in the async context of the server's registration, not in that of the request's caller
 *   (over TCP a connection's events never run in the client's context: the local runtime's virtual clock tells a
 *   handler's own timers from the engine's by that context, see virtual-clock.ts);
 * - `end()` is a FIN (the other side reads to its end), `destroy()` a close: the other side reads what was already
 *   sent, then its end; a request that had no answer fails with "socket hang up" (ECONNRESET), as over TCP;
 * - `setTimeout()` is an inactivity timeout on Node's own clock, unref'd (the SDK's socket timeout, the server's
 *   keep-alive timeout); `ref()`/`unref()` hold nothing: the server's listening socket keeps the process alive;
 * - when the server closes, its in-memory connections are closed too and its route is removed.
 */
import { AsyncResource } from 'node:async_hooks';
import { Agent, type AgentOptions, type ClientRequestArgs, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { useLocalHttpAgent } from '../../functions/adapters/sdk-transport';

/** Node's own timers, taken at load: a faked clock (the runtime's virtual one, a test's) does not move sockets. */
const nativeSetTimeout = globalThis.setTimeout;
const nativeClearTimeout = globalThis.clearTimeout;

type WriteCallback = (error?: Error | null) => void;

/** One end of an in-memory connection: a Duplex with the parts of net.Socket that Node's HTTP code uses. */
export class InProcessSocket extends Duplex {
  /** The other end. */
  peer!: InProcessSocket;
  /** Never "connecting": the connection exists as soon as the pair does. */
  readonly connecting = false;
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly remoteAddress = '127.0.0.1';
  /** The inactivity timeout in ms (0: none), as net.Socket#timeout. */
  timeout = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The peer's write waiting for this end's reader to want more (backpressure). */
  private blockedWrite: WriteCallback | undefined;
  /** The peer's end (or its close) has been pushed: nothing more comes in. */
  private inputEnded = false;

  constructor(
    /** The async context this end's events run in. */
    private readonly scope: AsyncResource,
    allowHalfOpen: boolean,
    readonly localPort: number,
    readonly remotePort: number,
  ) {
    super({ allowHalfOpen });
  }

  address(): AddressInfo {
    return { address: this.localAddress, family: this.remoteFamily, port: this.localPort };
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  /** As net.Socket#setTimeout: 'timeout' after `ms` without reads or writes; 0 turns it off. */
  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    if (ms === 0) {
      if (this.timer) nativeClearTimeout(this.timer);
      this.timer = undefined;
      if (callback) this.removeListener('timeout', callback);
      return this;
    }
    if (callback) this.once('timeout', callback);
    if (this.timer) nativeClearTimeout(this.timer);
    this.timer = nativeSetTimeout(() => {
      this.timer = undefined;
      this.scope.runInAsyncScope(() => this.emit('timeout'));
    }, ms);
    this.timer.unref();
    return this;
  }

  /** Activity: the inactivity timeout starts again (net.Socket's name for it; Node's HTTP server calls it too). */
  _unrefTimer(): void {
    this.timer?.refresh();
  }

  /** As net.Socket#destroySoon: end, then close once everything written has gone. */
  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  override _read(): void {
    const blocked = this.blockedWrite;
    if (!blocked) return;
    this.blockedWrite = undefined;
    this.peer.scope.runInAsyncScope(blocked);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: WriteCallback): void {
    this._unrefTimer();
    this.peer.receive(chunk, callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: WriteCallback): void {
    this._unrefTimer();
    this.peer.receive(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  override _final(callback: WriteCallback): void {
    this.peer.receive(null, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) nativeClearTimeout(this.timer);
    this.timer = undefined;
    // A write of the peer's that waited for this end to read will never be read: over TCP the peer learns that the
    // connection is gone from the end of its input (below), not from a failed write.
    const blocked = this.blockedWrite;
    this.blockedWrite = undefined;
    if (blocked) this.peer.scope.runInAsyncScope(blocked);
    this.peer.receive(null, undefined);
    callback(error);
  }

  /**
   * Bytes from the peer (`null`: its end), on a later tick and in this end's async context. The peer's write
   * completes when this end has room, or at once when this end is gone (its bytes go nowhere, as to a closed socket).
   */
  private receive(chunk: Buffer | null, written: WriteCallback | undefined): void {
    process.nextTick(() =>
      this.scope.runInAsyncScope(() => {
        if (this.destroyed || this.inputEnded) {
          if (written) this.peer.scope.runInAsyncScope(written);
          return;
        }
        this._unrefTimer();
        if (chunk === null) this.inputEnded = true;
        const room = this.push(chunk);
        if (!written) return;
        if (room || chunk === null) this.peer.scope.runInAsyncScope(written);
        else this.blockedWrite = written;
      }),
    );
  }
}

interface Route {
  server: Server;
  /** The async context the server's side of each connection runs in: that of its registration. */
  scope: AsyncResource;
  /** Its connections still open. */
  connections: Set<InProcessSocket>;
}

/** Registered servers by `host:port`, as a request names them. */
const routes = new Map<string, Route>();
let nextPort = 40_000;

/** A request's `host:port`, as routes are keyed. */
function routeKey(host: string | null | undefined, port: number | string | null | undefined): string {
  return `${(host ?? 'localhost').toLowerCase()}:${port ?? 80}`;
}

/**
 * Serves `server`'s connections from this process's SDK clients in memory (see the top of this file), at the
 * address it listens on (loopback: as 127.0.0.1 and localhost). Call it once the server listens or before: the route
 * follows each 'listening' and goes at 'close', with the connections it still has. Returns the undo.
 */
export function serveInProcess(server: Server): () => void {
  const route: Route = { server, scope: new AsyncResource('InProcessServer'), connections: new Set() };
  let keys: string[] = [];
  const add = () => {
    const address = server.address();
    if (!address || typeof address === 'string') return;
    const hosts = address.address === '127.0.0.1' || address.address === '::1' ? ['127.0.0.1', 'localhost', '[::1]'] : [address.address];
    keys = hosts.map((host) => routeKey(host, address.port));
    for (const key of keys) routes.set(key, route);
    useLocalHttpAgent(newInProcessAgent);
  };
  const remove = () => {
    for (const key of keys) if (routes.get(key) === route) routes.delete(key);
    keys = [];
    for (const connection of route.connections) connection.destroy();
    route.connections.clear();
    // Nothing left to serve in memory: the SDK clients made from now on are the stock ones again.
    if (routes.size === 0) useLocalHttpAgent(undefined);
  };
  server.on('listening', add);
  server.on('close', remove);
  if (server.listening) add();
  return () => {
    server.off('listening', add);
    server.off('close', remove);
    remove();
  };
}

/** A new in-memory connection to a registered server: the client's end. */
function connect(route: Route): InProcessSocket {
  const address = route.server.address() as AddressInfo;
  const clientPort = (nextPort = nextPort >= 65_000 ? 40_000 : nextPort + 1);
  // The client's end runs in the caller's context, as a socket created there would.
  const client = new InProcessSocket(new AsyncResource('InProcessSocket'), false, clientPort, address.port);
  const serverEnd = route.scope.runInAsyncScope(
    () => new InProcessSocket(new AsyncResource('InProcessSocket'), (route.server as { allowHalfOpen?: boolean }).allowHalfOpen ?? false, address.port, clientPort),
  );
  client.peer = serverEnd;
  serverEnd.peer = client;
  route.connections.add(serverEnd);
  serverEnd.once('close', () => route.connections.delete(serverEnd));
  route.scope.runInAsyncScope(() => route.server.emit('connection', serverEnd));
  return client;
}

/**
 * An http.Agent (keep-alive, 50 sockets per host, as the SDK's own) whose connections to a registered server are
 * in memory; to any other host:port it connects over the network as http.Agent does.
 */
export class InProcessAgent extends Agent {
  constructor(options: AgentOptions = {}) {
    super({ keepAlive: true, maxSockets: 50, ...options });
  }

  override createConnection(options: ClientRequestArgs, callback?: (error: Error | null, socket: Duplex) => void): Duplex | null | undefined {
    const route = routes.get(routeKey(options.host ?? options.hostname, options.port));
    if (!route) return super.createConnection(options, callback);
    return connect(route);
  }
}

function newInProcessAgent(): Agent {
  return new InProcessAgent();
}

/** `requestHandler` options for an SDK client made outside the adapters (a harness's own client, the runtime's). */
export function inProcessRequestHandler(): { httpAgent: Agent } {
  return { httpAgent: new InProcessAgent() };
}
