/**
 * POST /inspections/{id}/report-copies (the lead inspector and managers: app/access.ts): records that the lead inspector
 * sent a person who placed a child their copy of the report (SCCIF 15.4), with the London day and how
 * (recordReportCopy). 201 the first time, 200 for the same fact again, 409 for another day or means.
 */
import { systemClock } from '../adapters/clock';
import { recordReportCopy } from '../app';
import { ReportCopyRecorded } from '../core/schemas';
import { httpHandler, respond } from '../middleware/http';
import { inspectionIdFrom } from '../middleware/path-parameters';

export const handler = httpHandler({
  name: 'record-report-copy',
  groups: ['inspectors', 'managers'],
  body: ReportCopyRecorded,
  fn: async ({ body, pathParameters, user }) => {
    const recorded = await recordReportCopy({ inspectionId: inspectionIdFrom(pathParameters), copy: body }, user, systemClock.now());
    return respond(recorded.created ? 201 : 200, recorded);
  },
});
