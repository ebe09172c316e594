/**
 * GET /approvals (managers): the pending approvals, earliest due first, each with the inspection it is about and
 * whether the caller can decide it (listApprovals). Never a task token.
 */
import { systemClock } from '../adapters/clock';
import { listApprovals } from '../app';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'list-approvals',
  // Managers, and compliance inspectors for the case discussions they decide (app: deciderGroupOf).
  groups: ['managers', 'compliance-inspectors'],
  fn: ({ user }) => listApprovals(user, systemClock.now()),
});
