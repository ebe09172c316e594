/**
 * GET /app/assets/<file>: GOV.UK Frontend's stylesheet, fonts and images, served by the web handler itself so the
 * pages look the same on AWS (where /app/{proxy+} is the only web route) as locally. Public, no session needed.
 *
 * The files come from the installed govuk-frontend package (dist/govuk), or beside a bundled Lambda's entry file
 * (`govuk-frontend-dist/govuk`, copied there by infra/constructs/function.ts). The stylesheet names its fonts and
 * images at `/assets/...`: those URLs are rewritten to where this handler serves them. Binary files are answered
 * base64-encoded (API Gateway turns them back into bytes for the binary media types of the REST API).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError } from '../core/errors';

const TYPES: Record<string, { type: string; binary: boolean }> = {
  '.css': { type: 'text/css; charset=utf-8', binary: false },
  '.svg': { type: 'image/svg+xml', binary: false },
  '.json': { type: 'application/json', binary: false },
  '.woff2': { type: 'font/woff2', binary: true },
  '.woff': { type: 'font/woff', binary: true },
  '.png': { type: 'image/png', binary: true },
  '.ico': { type: 'image/x-icon', binary: true },
};

/** The binary media types the REST API must declare for these assets to reach browsers as bytes. */
export const BINARY_ASSET_TYPES = Object.values(TYPES)
  .filter((entry) => entry.binary)
  .map((entry) => entry.type);

let root: string | undefined;

function assetRoot(): string {
  if (root) return root;
  const bundled = join(fileURLToPath(new URL('.', import.meta.url)), 'govuk-frontend-dist', 'govuk');
  root = existsSync(bundled) ? bundled : join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist', 'govuk');
  return root;
}

/** The stylesheet sits at the package's root, fonts and images under assets/. */
function candidates(relative: string): string[] {
  const base = assetRoot();
  return [join(base, relative), join(base, 'assets', relative)].filter((file) => file.startsWith(base + sep));
}

export async function assetOf(relative: string, basePath: string): Promise<APIGatewayProxyResult> {
  const kind = TYPES[extname(relative)];
  const clean = normalize(relative);
  if (!kind || !/^[\w./-]+$/.test(relative) || clean.startsWith('..')) throw new NotFoundError('no such asset');
  for (const file of candidates(clean)) {
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      continue;
    }
    const headers = {
      'content-type': kind.type,
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    };
    if (kind.binary) return { statusCode: 200, headers, body: content.toString('base64'), isBase64Encoded: true };
    const text = content.toString('utf8');
    return { statusCode: 200, headers, body: extname(file) === '.css' ? text.replaceAll('url(/assets/', `url(${basePath}/app/assets/`) : text };
  }
  throw new NotFoundError('no such asset');
}
