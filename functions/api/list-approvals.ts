/**
 * GET /approvals (managers): the pending approvals, earliest due first, each with the inspection it is about and
 * whether the caller can decide it (listApprovals). Never a task token.
 */
import { listApprovals } from '../app';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'list-approvals',
  groups: ['managers'],
  fn: ({ user }) => listApprovals(user),
});
