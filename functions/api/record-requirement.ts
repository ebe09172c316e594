/**
 * POST /inspections/{id}/requirements (the lead inspector, managers): records a requirement (with its due date) or
 * a recommendation made at the inspection (RequirementRecorded; framework §44, §49). 201; the same again 200; a bad
 * field is a 400 naming it, and nothing is written.
 */
import { systemClock } from '../adapters/clock';
import { recordRequirement } from '../app';
import { RequirementRecorded } from '../core/requirements';
import { httpHandler, respond } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'record-requirement',
  groups: ['inspectors', 'managers'],
  body: RequirementRecorded,
  fn: async ({ body, pathParameters, user }) => {
    const result = await recordRequirement(inspectionIdFrom(pathParameters), body, user, systemClock.now());
    return respond(result.created ? 201 : 200, result.requirement);
  },
});
