/**
 * What @middy/core's `node:stream`, `node:stream/promises` and `node:stream/web` imports become in a Lambda bundle
 * (BUNDLE_ALIASES in infra/bundling.ts). middy imports them statically for streamed responses (`streamifyResponse`),
 * which none of our handlers uses: every one returns its whole response. Loading them was ~5 ms of each cold import
 * (2026-11-29). Should a handler ever stream, it fails at once and says why, instead of streaming nothing.
 * test/infra/bundles.test.ts checks that only middy imports these and that middy's streaming path reaches this.
 */
export const STREAMING_NOT_BUNDLED =
  "@middy/core's streamed responses (streamifyResponse) are not bundled: infra/bundling.ts replaces node:stream with infra/middy-streaming-stub.ts";

function notBundled(what: string): never {
  throw new Error(`${what}: ${STREAMING_NOT_BUNDLED}`);
}

/** node:stream's `Readable` (middy calls `Readable.from(body)`). */
export const Readable = {
  from(): never {
    return notBundled('Readable.from');
  },
};

/** node:stream/promises' `pipeline`. */
export function pipeline(): never {
  return notBundled('pipeline');
}

/** node:stream/web's `ReadableStream` (middy asks `body instanceof ReadableStream`). */
export class ReadableStream {
  constructor() {
    notBundled('new ReadableStream');
  }

  static [Symbol.hasInstance](_value: unknown): boolean {
    return notBundled('instanceof ReadableStream');
  }
}
