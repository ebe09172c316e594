/**
 * POST /establishments/{urn}/enforcement-actions (managers): records an enforcement action as issued
 * (EnforcementActionRecorded), linked to the case review of `inspectionId` that considered it (SCCIF 15.1, §70).
 * 201 with the record; the same again 200; a different one with the same action, day and inspection 409; a broken
 * rule is a 400 naming the field, and nothing is written.
 */
import { systemClock } from '../adapters/clock';
import { recordEnforcementAction } from '../app';
import { EnforcementActionRecorded } from '../core/enforcement';
import { httpHandler, respond } from '../middleware/http';

export const handler = httpHandler({
  name: 'record-enforcement-action',
  groups: ['managers'],
  body: EnforcementActionRecorded,
  fn: async ({ body, pathParameters, user }) => {
    const result = await recordEnforcementAction(pathParameters.urn ?? '', body, user, systemClock.now());
    return respond(result.created ? 201 : 200, result.action);
  },
});
