/**
 * PATCH /establishments/{urn}/enforcement-actions/{actionId} (managers): records an action's later dates (took
 * effect, ended, withdrawn) and note; `version` from GET makes a concurrent change a 409; a bad date is a 400 naming
 * the field, and nothing is written.
 */
import { systemClock } from '../adapters/clock';
import { changeEnforcementAction } from '../app';
import { EnforcementActionDatesChange } from '../core/enforcement';
import { httpHandler } from '../middleware/http';
import { enforcementActionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'change-enforcement-action',
  groups: ['managers'],
  body: EnforcementActionDatesChange,
  fn: ({ body, pathParameters, user }) =>
    changeEnforcementAction(pathParameters.urn ?? '', enforcementActionIdFrom(pathParameters), body, user, systemClock.now()),
});
