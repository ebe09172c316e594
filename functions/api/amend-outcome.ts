/**
 * POST /inspections/{id}/outcome/amendments (managers): amends the recorded judgements after quality assurance and
 * before the report is sent to the provider (children's homes framework §99; residential family centres framework
 * §67, §75). The body is the outcome body of the inspection's process plus `reason` and `registeredManagerCalledOn`.
 * The lead inspector proposes the change; the manager's submission is the approval. The judgement rules run again
 * (400 naming the field); no outcome yet or the report already sent is a 409 (amendOutcome).
 */
import { systemClock } from '../adapters/clock';
import { amendOutcome } from '../app';
import { OutcomeAmended } from '../core/schemas';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'amend-outcome',
  groups: ['managers'],
  body: OutcomeAmended,
  fn: ({ body, pathParameters, user }) =>
    amendOutcome({ inspectionId: inspectionIdFrom(pathParameters), amendment: body }, user, systemClock.now()),
});
