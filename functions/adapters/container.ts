/**
 * What a Lambda container builds on first use and keeps for its later invocations: the configuration read from the
 * environment, SDK clients (with the endpoint and credentials they resolved), the default repository and its
 * reference cache. Each adapter that keeps such state registers here how to drop it.
 *
 * `startNewContainer()` gives this process what a new container starts with: the environment read again at the next
 * use, each client created again. Nothing on AWS calls it (a container never sees another environment); test files
 * that share one module graph call it between files, each with its own table and endpoints (vitest.config.ts).
 */
const resets = new Set<() => void>();

/** Registers how to drop state kept since the container started (called by the adapter module, once). */
export function resetOnNewContainer(reset: () => void): void {
  resets.add(reset);
}

/** Drops every adapter's container state: the next use reads the environment and builds its clients again. */
export function startNewContainer(): void {
  for (const reset of resets) reset();
}
