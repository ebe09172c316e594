/**
 * Fault injection in the local runtime, for tests and for people rehearsing incidents: the local DynamoDB, SES and
 * Step Functions endpoints refuse connections, throttle or answer slowly for a while of virtual time.
 *
 *   refuse    the connection is dropped before any answer (as a refused or reset connection looks to the SDK)
 *   throttle  the service's own throttling error (DynamoDB ThrottlingException, SES 429 TooManyRequestsException,
 *             Step Functions ThrottlingException)
 *   slow      the answer comes after SLOW_MS of real time, longer than the SES request timeout; a request whose caller
 *             gave up meanwhile is dropped unanswered, as if it never reached the service
 *
 * A fault lasts `forMinutes` of the virtual clock (so moving the clock forward ends it). Handlers are not told:
 * they see what they would see on AWS, through their real SDK clients.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import * as z from 'zod/mini';

export const FAULT_SERVICES = ['ses', 'dynamodb', 'stepfunctions'] as const;
export const FAULT_MODES = ['refuse', 'throttle', 'slow'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];
export type FaultMode = (typeof FAULT_MODES)[number];

/** Real time a slow answer takes: longer than the mailer's SES request timeout (5 s). */
export const SLOW_MS = 6_000;

export const FaultRequest = z.strictObject({
  service: z.enum(FAULT_SERVICES),
  mode: z.enum(FAULT_MODES),
  /** Minutes of virtual time, at most a year. */
  forMinutes: z.number().check(z.gt(0), z.lte(366 * 24 * 60)),
});
export type FaultRequest = z.infer<typeof FaultRequest>;

export interface Fault {
  service: FaultService;
  mode: FaultMode;
  /** UTC instants (virtual clock). */
  from: string;
  until: string;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

const THROTTLED: Record<FaultService, { status: number; headers: Record<string, string>; body: unknown }> = {
  dynamodb: {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  },
  ses: {
    status: 429,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
    body: { message: 'Maximum sending rate exceeded.' },
  },
  stepfunctions: {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
  },
};

export class LocalFaults {
  private faults: Fault[] = [];
  /** Requests each kind of fault has hit, for tests and the GET listing. */
  readonly hits: Record<FaultService, number> = { ses: 0, dynamodb: 0, stepfunctions: 0 };

  /** `now` reads the virtual clock (Date is faked once the runtime is up). */
  constructor(private readonly now: () => number = () => Date.now()) {}

  add(request: FaultRequest): Fault {
    const from = this.now();
    const fault: Fault = {
      service: request.service,
      mode: request.mode,
      from: new Date(from).toISOString(),
      until: new Date(from + Math.round(request.forMinutes * 60_000)).toISOString(),
    };
    this.faults.push(fault);
    return fault;
  }

  /** The faults still in effect. */
  list(): Fault[] {
    const now = this.now();
    this.faults = this.faults.filter((fault) => Date.parse(fault.until) > now);
    return [...this.faults];
  }

  clear(): number {
    const cleared = this.list().length;
    this.faults = [];
    return cleared;
  }

  active(service: FaultService): Fault | undefined {
    return this.list().find((fault) => fault.service === service);
  }

  /** Puts the faults of `service` in front of every request the server answers. */
  install(server: Server, service: FaultService): void {
    const listeners = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    const pass: Listener = (request, response) => {
      for (const listener of listeners) listener.call(server, request, response);
    };
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const fault = this.active(service);
      if (!fault) return pass(request, response);
      this.hits[service] += 1;
      if (fault.mode === 'refuse') {
        request.socket.destroy();
        return;
      }
      if (fault.mode === 'throttle') {
        const answer = THROTTLED[service];
        request.resume();
        request.on('end', () => {
          // The virtual clock's Date, as every local endpoint answers (see stampVirtualDates in runtime.ts).
          response.writeHead(answer.status, { ...answer.headers, date: new Date().toUTCString() });
          response.end(JSON.stringify(answer.body));
        });
        return;
      }
      // slow: the body is buffered by the listeners once they are called; hold the request, then pass it on unless
      // its caller has gone.
      request.pause();
      let gone = false;
      response.once('close', () => {
        gone = true;
      });
      request.socket.once('close', () => {
        gone = true;
      });
      realSetTimeout(() => {
        if (gone || request.socket.destroyed) return;
        pass(request, response);
        request.resume();
      }, SLOW_MS);
    });
  }
}

/** Node's own setTimeout, taken before the virtual clock replaces the global: a slow answer takes real time. */
const realSetTimeout = globalThis.setTimeout;
