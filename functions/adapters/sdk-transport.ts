/**
 * The one seam between the adapters' SDK clients and how their requests travel. On AWS nothing registers anything
 * here: every client is built with exactly the settings its adapter gives, and its requests go over the network.
 *
 * The local runtime and the test harnesses serve the AWS APIs from HTTP servers in their own process (dynalite, the
 * SES, Step Functions, Scheduler and SNS endpoints). They register here an http.Agent factory
 * (infra/local/in-process-transport.ts) whose connections to those servers are in memory rather than loopback TCP:
 * the same requests, parsed by the same HTTP code and answered by the same servers, for about a fifth less CPU.
 * Each client gets its own agent, so that destroying a client (a new container, functions/adapters/container.ts)
 * closes only its own connections.
 */
import type { Agent } from 'node:http';

let newLocalAgent: (() => Agent) | undefined;

/** Registers (or, with `undefined`, removes) the agent factory of the process's local servers. Never called on AWS. */
export function useLocalHttpAgent(newAgent: (() => Agent) | undefined): void {
  newLocalAgent = newAgent;
}

/**
 * An SDK client's configuration: `config` itself (on AWS, and whenever no local agent is registered), or `config`
 * with a local agent added to its request handler's options (the timeouts and attempts it sets are kept).
 */
export function withLocalTransport<Config extends object>(config: Config): Config {
  if (!newLocalAgent) return config;
  const given = (config as { requestHandler?: unknown }).requestHandler;
  // A handler instance (not options) is the caller's own transport: left alone.
  if (given && typeof (given as { handle?: unknown }).handle === 'function') return config;
  return { ...config, requestHandler: { ...(given as object | undefined), httpAgent: newLocalAgent() } };
}
