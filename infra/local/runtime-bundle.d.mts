/** The types of runtime-bundle.mjs (plain JavaScript: node runs it before anything is built). */
export interface RuntimeBundle {
  /** The file URL of the bundle's main.mjs, to import. */
  entry: string;
  /** Built now (a source changed, or there was no cache), not taken from the cache. */
  built: boolean;
  /** How many files it was built from (each one's hash is checked at every start). */
  files: number;
  ms: number;
}

export function runtimeBundle(options?: {
  root?: string;
  cacheDir?: string;
  /** esbuild plugins after the builder's own (tests: a file saved while the build runs). */
  extraPlugins?: import('esbuild').Plugin[];
}): Promise<RuntimeBundle>;
