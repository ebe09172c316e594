/**
 * ANY /app/api-reference and /app/openapi.json (inspectors, managers): the API reference page and its OpenAPI
 * document (api-reference.ts). A Lambda of its own: the document is built from every route's zod schemas and examples,
 * which no other page needs. How a request is answered: web-handler.ts.
 */
import { config } from '../adapters/config';
import { ForbiddenError } from '../core/errors';
import { apiReferencePage, openApiJson } from './api-reference';
import { isStaff } from './page';
import { route, securityHeaders, webHandler } from './web-handler';

export const handler = webHandler({
  id: 'web-api-reference',
  routes: [route('GET', 'api-reference', apiReferencePage)],
  async signedIn({ method, path, user, local }) {
    if (path !== 'openapi.json' || method !== 'GET') return undefined;
    // As the API reference page: for inspectors and managers (a compliance inspector uses the approvals pages only).
    if (!isStaff(user)) throw new ForbiddenError('this page is for inspectors and managers');
    return { statusCode: 200, headers: { ...securityHeaders(), 'content-type': 'application/json' }, body: openApiJson(config.appBaseUrl, local !== undefined) };
  },
});
