/**
 * GET /inspections/{id}/requirements (inspectors, managers): the requirements and recommendations made at the
 * inspection, each requirement with its due date, whether it is met in full (and on which day) and whether it is overdue.
 */
import { systemClock } from '../adapters/clock';
import { listRequirements } from '../app';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'list-requirements',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters }) => listRequirements(inspectionIdFrom(pathParameters), systemClock.now()),
});
