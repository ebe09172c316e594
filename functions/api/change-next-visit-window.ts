/**
 * PATCH /inspections/{id}/next-visit-window (managers): the window, in weeks from the visit that chose further
 * monitoring, of the monitoring visit it began, with the reason (app/next-visit-window.ts). 200 with the visit's new
 * window (`changed: false` when it already had it); 409 when no visit has a window to change.
 */
import { systemClock } from '../adapters/clock';
import { changeNextVisitWindow } from '../app';
import { NextVisitWindowChanged } from '../core/schemas';
import { httpHandler } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'change-next-visit-window',
  groups: ['managers'],
  body: NextVisitWindowChanged,
  fn: ({ body, pathParameters, user }) => changeNextVisitWindow({ inspectionId: inspectionIdFrom(pathParameters), change: body }, user, systemClock.now()),
});
