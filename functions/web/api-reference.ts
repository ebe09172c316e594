/**
 * GET /app/api-reference (inspectors, managers): the API reference as a page, and GET /app/openapi.json: the same
 * OpenAPI 3.1 document the local runtime serves at /openapi.json (functions/app/api-reference.ts), served on AWS by
 * this Lambda. Both need a session, like every page: the document describes routes, not records, but the service is
 * for staff only.
 */
import { API_EXAMPLES } from '../app/api-examples';
import { openApiDocument } from '../app/api-reference';
import { apiRouteViews, LOCAL_EXAMPLES } from '../app/api-reference-view';
import { config } from '../adapters/config';
import { page, type PageHandler } from './page';

/** The document, with the JSON API where callers address it: the pages' base URL (the API's stage, or a custom domain). */
export function openApiJson(serverUrl: string, local: boolean): string {
  return JSON.stringify(openApiDocument({ target: local ? 'local' : 'aws', serverUrl }));
}

export const apiReferencePage: PageHandler = async (request) => {
  const document = openApiDocument({ target: request.local ? 'local' : 'aws' });
  const examples = request.local ? LOCAL_EXAMPLES : { baseUrl: config.appBaseUrl, auth: 'bearer' as const };
  return page('api-reference', 'API reference', { routes: apiRouteViews(document, API_EXAMPLES, examples) });
};
