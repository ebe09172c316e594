/**
 * PATCH /inspections/{id}/children (managers): corrects the children recorded when the inspection was logged. The body
 * is `{ children, reason }`, the whole list as it should have been logged (400 naming each field). Once the DCS alerts
 * were sent, every recipient the corrected list adds is alerted now and every recipient alerted in error is told so
 * (core/children-corrections.ts); the same request again completes an interrupted one.
 */
import { systemClock } from '../adapters/clock';
import { correctChildren } from '../app';
import { ChildrenCorrected } from '../core/schemas';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'correct-children',
  groups: ['managers'],
  body: ChildrenCorrected,
  fn: ({ body, pathParameters, user }) => correctChildren({ inspectionId: inspectionIdFrom(pathParameters), correction: body }, user, systemClock.now()),
});
