/**
 * GET /inspections/{id} (inspectors, managers): an inspection with the timelines of its process and of every
 * follow-up process it started, each step with where it stands now (getInspection). Children appear by initials
 * and placement only, the provider by name only.
 */
import { systemClock } from '../adapters/clock';
import { getInspection } from '../app';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'get-inspection',
  groups: ['inspectors', 'managers'],
  fn: ({ pathParameters }) => getInspection(inspectionIdFrom(pathParameters), systemClock.now()),
});
