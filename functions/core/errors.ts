/**
 * Named errors. Handlers throw them; the HTTP middleware turns them into status codes; state machines match them
 * by name in Retry and Catch (ValidationError and NotFoundError are never retried).
 */
import type { FieldError } from './schemas';

/** Errors that retrying cannot fix (bad input, missing record): state machines fail fast on them, mailers rethrow them. */
export const NON_RETRYABLE_ERRORS: readonly string[] = ['ValidationError', 'NotFoundError'];

export abstract class SccifError extends Error {
  abstract readonly status: number;
  /**
   * The class's name, written out: Lambda reports it as the error's type, which Retry and Catch match
   * (NON_RETRYABLE_ERRORS), and the bundles are minified, so `new.target.name` would be a letter such as 'W'.
   */
  abstract override readonly name: string;
}

/** Bad input: names each field and the rule it broke. */
export class ValidationError extends SccifError {
  override readonly name = 'ValidationError';
  readonly status: number = 400;
  constructor(
    readonly errors: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '), options);
  }
}

/**
 * Input that names what is stored already: the same inspection logged again (the same home, overlapping days, another
 * request). A 409, with the field named as for any bad input (the forms show it beside the field). Its name stays
 * ValidationError: retrying does not fix it.
 */
export class AlreadyLoggedError extends ValidationError {
  override readonly status: number = 409;
}

export class UnauthorizedError extends SccifError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
}

export class ForbiddenError extends SccifError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
}

export class NotFoundError extends SccifError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
}

/** The request conflicts with the record's state (e.g. a decision already made, an outcome already recorded). */
export class ConflictError extends SccifError {
  override readonly name = 'ConflictError';
  readonly status = 409;
}

/** A change to an inspection a manager withdrew (logged by mistake): a conflict the pages word as such, with the way back. */
export class WithdrawnError extends ConflictError {
  constructor(
    message: string,
    readonly inspectionId: string,
  ) {
    super(message);
  }
}

/** The thing existed but is no longer actionable (e.g. an approval whose run has ended). */
export class GoneError extends SccifError {
  override readonly name = 'GoneError';
  readonly status = 410;
}
