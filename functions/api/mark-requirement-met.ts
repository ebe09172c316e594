/**
 * PATCH /inspections/{id}/requirements/{requirementId} (the lead inspector, managers): `{ metInFullOn, version? }`
 * records a requirement as met in full on that day (§74 reads it when a monitoring visit proposes an improved
 * judgement). A recommendation, a day before the inspection or in the future is a 400 naming `metInFullOn`.
 */
import { systemClock } from '../adapters/clock';
import { markRequirementMet } from '../app';
import { RequirementMet } from '../core/requirements';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom, requirementIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'mark-requirement-met',
  groups: ['inspectors', 'managers'],
  body: RequirementMet,
  fn: ({ body, pathParameters, user }) =>
    markRequirementMet(inspectionIdFrom(pathParameters), requirementIdFrom(pathParameters), body, user, systemClock.now()),
});
