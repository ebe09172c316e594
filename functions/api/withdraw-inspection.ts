/**
 * POST /inspections/{id}/withdrawal (managers): withdraws an inspection logged by mistake. Its runs are stopped, its
 * later runs cancelled and its approvals closed; the register and the plan leave it out. The body is `{ reason }`
 * (400 naming it); already withdrawn with another reason is a 409; the same request again completes an interrupted one.
 * The answer lists who outside Ofsted was already emailed about it (nobody is emailed again: core/withdrawal.ts).
 */
import { systemClock } from '../adapters/clock';
import { withdrawInspection } from '../app';
import { InspectionWithdrawn } from '../core/schemas';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'withdraw-inspection',
  groups: ['managers'],
  body: InspectionWithdrawn,
  fn: ({ body, pathParameters, user }) => withdrawInspection({ inspectionId: inspectionIdFrom(pathParameters), withdrawal: body }, user, systemClock.now()),
});
