/**
 * Who performs an operation: the signed-in user as the identity provider (Cognito) describes them. Read from the
 * claims once, by the HTTP middleware (API) or the web request; the operations take it as an argument.
 */
export interface Caller {
  /** The identity provider's user id (`sub`). */
  id: string;
  /** The name claim, trimmed; undefined when absent or blank. */
  name: string | undefined;
  email: string | undefined;
  groups: string[];
}

/** The caller's name for letters and pages: the name claim, else the local part of their email, else their id. */
export function displayNameOf(caller: Caller): string {
  return caller.name || caller.email?.split('@')[0] || caller.id;
}
