/**
 * The one seam between the adapters' SDK clients and how their requests travel. On AWS nothing registers anything
 * here: every client is built with exactly the settings its adapter gives, and its requests go over the network.
 *
 * The local runtime and the test harnesses serve the AWS APIs from HTTP servers in their own process (dynalite, the
 * SES, Step Functions, Scheduler and SNS endpoints). They register here an http.Agent factory
 * (infra/local/in-process-transport.ts) whose connections to those servers are in memory rather than loopback TCP:
 * the same requests, parsed by the same HTTP code and answered by the same servers, for about a fifth less CPU.
 * Each client gets its own agent, so that destroying a client (a new container, functions/adapters/container.ts)
 * closes only its own connections. Their requests carry a signature of SigV4's form without computing it (localSigner).
 */
import type { Agent } from 'node:http';

let newLocalAgent: (() => Agent) | undefined;

/** Registers (or, with `undefined`, removes) the agent factory of the process's local servers. Never called on AWS. */
export function useLocalHttpAgent(newAgent: (() => Agent) | undefined): void {
  newLocalAgent = newAgent;
}

/** What the SDK hands a request signer (@smithy/types' HttpRequest and RequestSigningArguments, in the parts used). */
interface SignedRequest {
  headers: Record<string, string>;
}
interface SigningArguments {
  signingDate?: Date;
  signingRegion?: string;
  signingService?: string;
}

const ZEROS = '0'.repeat(64);

/**
 * The signer of the requests to the local servers: an Authorization header of SigV4's form (a credential scope,
 * the signed headers, a signature of zeros) and its X-Amz-Date, without the SHA-256 of the body, the canonical request
 * and the HMAC chain behind a real one. None of those servers checks a signature's value (dynalite refuses a request
 * only without that form; aws-ses-v2-local and the runtime's own endpoints read no Authorization header), and computing
 * it was ~15 % of the CPU of each request to dynalite (A/B in one process, warm, 2026-11-30). One object for every
 * client: given as `signer`, the SDK does not build a signer for each request as it does from its configuration.
 */
export const localSigner = {
  async sign<Request extends SignedRequest>(request: Request, options: SigningArguments = {}): Promise<Request> {
    const iso = (options.signingDate ?? new Date()).toISOString();
    const amzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    request.headers['x-amz-date'] = amzDate;
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/${options.signingRegion ?? 'local'}/${options.signingService ?? 'local'}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${ZEROS}`;
    return request;
  },
};

/**
 * An SDK client's configuration: `config` itself (on AWS, and whenever no local agent is registered), or `config`
 * with a local agent added to its request handler's options (the timeouts and attempts it sets are kept) and the
 * local signer (localSigner).
 */
export function withLocalTransport<Config extends object>(config: Config): Config {
  if (!newLocalAgent) return config;
  const given = (config as { requestHandler?: unknown }).requestHandler;
  // A handler instance (not options) is the caller's own transport: left alone.
  if (given && typeof (given as { handle?: unknown }).handle === 'function') return config;
  return { ...config, requestHandler: { ...(given as object | undefined), httpAgent: newLocalAgent() }, signer: localSigner };
}
