/**
 * POST /approvals/{id}/decision (managers): records a manager's decision on an approval, then resumes the run
 * waiting for it (decideApproval). The body is any JSON: which decisions are allowed depends on the approval's
 * kind, known once it is read; a late, reused, unknown or forged decision is a 4xx, never a 5xx.
 */
import * as z from 'zod/mini';
import { systemClock } from '../adapters/clock';
import { decideApproval } from '../app';
import { httpHandler } from '../middleware/http';
import { approvalIdFrom } from '../middleware/path-parameters';

/** Any JSON: the decision is parsed with the options of the approval's kind. */
const AnyJson = z.unknown();

export const handler = httpHandler({
  name: 'decide-approval',
  // Managers, and compliance inspectors for the case discussions they decide (app: deciderGroupOf).
  groups: ['managers', 'compliance-inspectors'],
  body: AnyJson,
  fn: ({ body, pathParameters, user }) =>
    decideApproval({ approvalId: approvalIdFrom(pathParameters), decision: body }, user, systemClock.now()),
});
