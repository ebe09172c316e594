/**
 * Named errors. Handlers throw them; the HTTP middleware turns them into status codes; state machines match them
 * by name in Retry and Catch (ValidationError and NotFoundError are never retried).
 */
import type { FieldError } from './schemas';

/** Errors that retrying cannot fix (bad input, missing record): state machines fail fast on them, mailers rethrow them. */
export const NON_RETRYABLE_ERRORS: readonly string[] = ['ValidationError', 'NotFoundError'];

export abstract class SccifError extends Error {
  abstract readonly status: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: names each field and the rule it broke. */
export class ValidationError extends SccifError {
  readonly status = 400;
  constructor(
    readonly errors: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '), options);
  }
}

export class UnauthorizedError extends SccifError {
  readonly status = 401;
}

export class ForbiddenError extends SccifError {
  readonly status = 403;
}

export class NotFoundError extends SccifError {
  readonly status = 404;
}

/** The request conflicts with the record's state (e.g. a decision already made, an outcome already recorded). */
export class ConflictError extends SccifError {
  readonly status = 409;
}

/** The thing existed but is no longer actionable (e.g. an approval whose run has ended). */
export class GoneError extends SccifError {
  readonly status = 410;
}
