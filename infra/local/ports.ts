/**
 * The ports `npm start` is asked to use: checked before anything binds them, and (infra/local/main.ts) before the
 * runtime's modules load, so that a port in use stops a start with one line, at once.
 */
import { createServer } from 'node:http';

/** A port the runtime was asked to use is taken: `npm start` says so in one line. */
export class PortInUseError extends Error {
  constructor(
    readonly component: string,
    readonly port: number,
  ) {
    super(`${component}: port ${port} on 127.0.0.1 is in use`);
    this.name = new.target.name;
  }
}

/** Fails with PortInUseError when `port` (not 0) cannot be bound on 127.0.0.1. */
export function ensurePortFree(component: string, port: number | undefined): Promise<void> {
  if (!port) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(component, port) : error));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
