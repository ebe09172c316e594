/**
 * A web request as the pages see it: the signed-in user (the caller the JSON API reads from the Cognito claims), the
 * page path under /app, the query, the urlencoded form, the local runtime's extras, and "now".
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { config } from '../adapters/config';
import { displayNameOf, type Caller } from '../app';
import type { Group } from '../handlers';
import { ForbiddenError, SccifError } from '../core/errors';
import { bodyText, MAX_BODY_BYTES, PayloadTooLargeError } from '../middleware/http';

export interface WebUser extends Caller {
  /** The name shown in the header: the name claim, else the local part of the email. */
  displayName: string;
  isInspector: boolean;
  isManager: boolean;
  /**
   * A social care compliance inspector (group `compliance-inspectors`): decides the approvals of the kinds their group
   * decides (DECIDED_BY: the family centre's case discussion), on the approvals pages only.
   */
  isComplianceInspector: boolean;
}

/** Set by the local server only, and trusted only in the local runtime (LOCAL_RUNTIME): on AWS a client could send them. */
export interface LocalExtras {
  /** The virtual clock, a UTC instant. */
  clock: string;
  /** The local SES inbox. */
  inbox?: string;
}

export interface WebRequest {
  method: string;
  /** The page path below /app, without slashes at either end, e.g. `inspections/insp-1/outcome`. */
  path: string;
  /** The path and query the browser asked for, e.g. `/app/inspections?status=complete`. */
  url: string;
  /** What the route's pattern captured, e.g. `{ id }`. */
  params: Record<string, string>;
  query: Record<string, string>;
  form: URLSearchParams;
  user: WebUser;
  local?: LocalExtras;
  now: Date;
}

export class MethodNotAllowedError extends SccifError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
}

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/** The groups the pages serve: anyone else is refused at sign-in and on every page (403). */
export const SERVICE_GROUPS: readonly Group[] = ['inspectors', 'managers', 'compliance-inspectors'];

/** Whether a user of these groups may use the pages at all (what each may do is decided per page). */
export function servesGroups(groups: readonly string[]): boolean {
  return SERVICE_GROUPS.some((group) => groups.includes(group));
}

/** The signed-in user (from the session's verified ID token): 403 outside the three groups. */
export function webUserOf(identity: { id: string; email?: string; name?: string; groups: readonly string[] }): WebUser {
  const caller: Caller = { id: identity.id, name: identity.name, email: identity.email, groups: [...identity.groups] };
  const isInspector = caller.groups.includes('inspectors');
  const isManager = caller.groups.includes('managers');
  const isComplianceInspector = caller.groups.includes('compliance-inspectors');
  if (!servesGroups(caller.groups)) throw new ForbiddenError('this service is for inspectors, managers and compliance inspectors');
  return { ...caller, displayName: displayNameOf(caller), isInspector, isManager, isComplianceInspector };
}

/**
 * The local runtime's clock and inbox, when it forwarded the request; anything malformed is ignored, and so is
 * everything outside the local runtime.
 */
export function localExtras(event: APIGatewayProxyEvent, now: Date, inLocalRuntime = config.localRuntime === '1'): LocalExtras | undefined {
  if (!inLocalRuntime || header(event, 'x-sccif-local') !== '1') return undefined;
  const clock = header(event, 'x-sccif-clock');
  const inbox = header(event, 'x-sccif-inbox');
  let inboxUrl: string | undefined;
  try {
    const url = inbox ? new URL(inbox) : undefined;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) inboxUrl = url.href;
  } catch {
    inboxUrl = undefined;
  }
  const clockOk = clock !== undefined && /(Z|[+-]\d{2}:?\d{2})$/.test(clock) && !Number.isNaN(Date.parse(clock));
  return {
    clock: clockOk ? new Date(clock).toISOString() : now.toISOString(),
    ...(inboxUrl ? { inbox: inboxUrl } : {}),
  };
}

/** The urlencoded form of a POST (at most MAX_BODY_BYTES). */
export function formOf(event: APIGatewayProxyEvent): URLSearchParams {
  return new URLSearchParams(bodyText(event, () => new PayloadTooLargeError(`the form must be at most ${MAX_BODY_BYTES} bytes`)));
}

/** The page path below /app (`inspections/insp-1`), without slashes at either end. */
export function pagePath(event: APIGatewayProxyEvent): string {
  // From the resource path the request matched (an area serves several: /app/{proxy+}, /app/establishments/{proxy+}, …).
  const resource = event.resource?.startsWith('/app') ? event.resource.replace('{proxy+}', event.pathParameters?.proxy ?? '') : undefined;
  const proxy = resource ?? event.pathParameters?.proxy ?? event.path ?? '';
  return proxy.replace(/^\/app(?=\/|$)/, '').replace(/^\/+|\/+$/g, '');
}

export function queryOf(event: APIGatewayProxyEvent): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[key] = value;
  return query;
}

/** The URL the browser asked for, to return to after moving the local clock. */
export function urlOf(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `/app/${path}${search ? `?${search}` : ''}`;
}
