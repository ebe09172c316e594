/**
 * POST /inspections/{id}/steps/{stepId} (the lead inspector, managers): records that a step happened, with its London
 * date (recordStep). Answers 200 with the inspection's updated timelines; the same date again changes nothing.
 */
import { systemClock } from '../adapters/clock';
import { recordStep } from '../app';
import { StepRecorded } from '../core/recorded-steps';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom, stepIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'record-step',
  groups: ['inspectors', 'managers'],
  body: StepRecorded,
  fn: ({ body, pathParameters, user }) =>
    recordStep({ inspectionId: inspectionIdFrom(pathParameters), stepId: stepIdFrom(pathParameters), request: body }, user, systemClock.now()),
});
