/**
 * POST /inspections/{id}/outcome (the lead inspector and managers: app/access.ts): records the judgements (or, for an assurance visit, whether serious
 * or widespread concerns were found; for a monitoring visit, its outcome) once, after checking them against the
 * limiting rules of the framework, then resumes the run that waits for them (recordOutcome). A rule the outcome
 * breaks is a 400 naming the field it is about; an outcome already recorded is a 409.
 */
import { systemClock } from '../adapters/clock';
import { recordOutcome } from '../app';
import { OutcomeRecorded } from '../core/schemas';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'record-outcome',
  groups: ['inspectors', 'managers'],
  body: OutcomeRecorded,
  fn: ({ body, pathParameters, user }) =>
    recordOutcome({ inspectionId: inspectionIdFrom(pathParameters), outcome: body }, user, systemClock.now()),
});
