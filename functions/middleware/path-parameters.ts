/**
 * The `{id}` of a route's path (an API route's or a web page's). An id that no record can have (empty, too long, odd characters) is "not found",
 * decided here rather than by the table: DynamoDB rejects keys over its size limit with an error, not a miss.
 */
import { NotFoundError } from '../core/errors';

const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function idFrom(pathParameters: Record<string, string>, what: string): string {
  const id = pathParameters.id ?? '';
  if (!RECORD_ID.test(id)) throw new NotFoundError(`${what} not found`);
  return id;
}

export const inspectionIdFrom = (pathParameters: Record<string, string>): string => idFrom(pathParameters, 'inspection');
export const approvalIdFrom = (pathParameters: Record<string, string>): string => idFrom(pathParameters, 'approval');

/** The `{stepId}` of a route: a step id of the regulations (`report-to-provider`), else "not found". */
export function stepIdFrom(pathParameters: Record<string, string>): string {
  const stepId = pathParameters.stepId ?? '';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stepId) || stepId.length > 64) throw new NotFoundError('step not found');
  return stepId;
}

/** What an `{actionId}` looks like (`<inspectionId>--<action>--<issuedOn>`); the API reference documents it. */
export const ENFORCEMENT_ACTION_ID = /^[A-Za-z0-9._:-]{1,200}$/;
/** What a `{requirementId}` looks like (`R-<hex>` a requirement, `C-<hex>` a recommendation). */
export const REQUIREMENT_ID = /^[RC]-[0-9a-f]{12}$/;

/** The `{actionId}` of an enforcement action's route, else "not found". */
export function enforcementActionIdFrom(pathParameters: Record<string, string>): string {
  const id = pathParameters.actionId ?? '';
  if (!ENFORCEMENT_ACTION_ID.test(id)) throw new NotFoundError('enforcement action not found');
  return id;
}

/** The `{requirementId}` of a requirement's route, else "not found". */
export function requirementIdFrom(pathParameters: Record<string, string>): string {
  const id = pathParameters.requirementId ?? '';
  if (!REQUIREMENT_ID.test(id)) throw new NotFoundError('requirement not found');
  return id;
}
