/**
 * Builds API-Gateway-shaped (REST, proxy) events for the API handlers, as the Cognito authorizer would pass them,
 * so the local runtime calls the same handlers with the same input shape as AWS.
 */
import { randomUUID } from 'node:crypto';
import { HANDLERS, routePaths, type ApiHandler } from '../../functions/handlers';

export interface LocalUser {
  id: string;
  email: string;
  name: string;
  groups: readonly string[];
}

export interface ApiRequest {
  method: string;
  /** The request path, e.g. `/inspections/insp-123/outcome`. */
  path: string;
  query?: Record<string, string>;
  body?: string;
  user?: LocalUser;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** Headers with several values (the web pages' Set-Cookie). */
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  /** A binary body (fonts, images), base64-encoded as API Gateway's Lambda proxy integration expects. */
  isBase64Encoded?: boolean;
}

/**
 * Every resource path of every route, the greedy ones (`{proxy+}`) last and the longest of those first: as API Gateway
 * matches, the most specific resource path wins (`/app/establishments/{proxy+}` before `/app/{proxy+}`).
 */
const ROUTES = (HANDLERS.filter((handler) => handler.kind === 'api') as readonly ApiHandler[])
  .flatMap((route) => routePaths(route).map((path) => ({ route, path })))
  .sort((a, b) => Number(a.path.includes('+}')) - Number(b.path.includes('+}')) || (a.path.includes('+}') ? b.path.length - a.path.length : 0))
  .map(({ route, path }) => {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        // `{proxy+}` is API Gateway's greedy parameter: the rest of the path.
        const greedy = name.endsWith('+');
        names.push(greedy ? name.slice(0, -1) : name);
        return greedy ? '(.+)' : '([^/]+)';
      })}/?$`,
    );
    return { route, path, pattern, names };
  });

/** The API route a request matches: its handler definition, resource path and path parameters, or undefined. */
export function matchRoute(
  method: string,
  path: string,
): { route: ApiHandler; resourcePath: string; pathParameters: Record<string, string> } | undefined {
  for (const { route, path: resourcePath, pattern, names } of ROUTES) {
    if (route.method !== method && route.method !== 'ANY') continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
    return { route, resourcePath, pathParameters };
  }
  return undefined;
}

/** Whether any route has this path (for 405 versus 404). */
export function pathExists(path: string): boolean {
  return ROUTES.some(({ pattern }) => pattern.test(path));
}

/** `resourcePath`: the one of the route's paths the request matched (matchRoute), by default its first. */
export function apiGatewayEvent(request: ApiRequest, route: ApiHandler, pathParameters: Record<string, string>, resourcePath = route.path) {
  return {
    resource: resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers: { 'content-type': 'application/json', ...(request.headers ?? {}) },
    multiValueHeaders: {},
    queryStringParameters: request.query && Object.keys(request.query).length > 0 ? request.query : null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: request.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      resourcePath,
      httpMethod: request.method,
      path: `/v1${request.path}`,
      stage: 'v1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: '127.0.0.1' },
      // What the Cognito user pool authorizer passes: the ID token's claims, groups as one comma-separated string.
      authorizer: request.user
        ? {
            claims: {
              sub: request.user.id,
              email: request.user.email,
              name: request.user.name,
              'cognito:groups': request.user.groups.join(','),
            },
          }
        : null,
    },
  };
}
