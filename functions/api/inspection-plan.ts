/**
 * GET /inspection-plan?year=YYYY[&hostAuthority=][&kind=][&risk=] (inspectors, managers): every window of every
 * open establishment in the inspection year (default: the current one), with its status, working days left and
 * risk, most urgent first; met windows name the inspection that met them.
 */
import { systemClock } from '../adapters/clock';
import { InspectionPlanQuery, inspectionPlanDue } from '../app';
import { ValidationError } from '../core/errors';
import { parseWith } from '../core/schemas';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'inspection-plan',
  groups: ['inspectors', 'managers'],
  fn: async ({ queryStringParameters }) => {
    const query = parseWith(InspectionPlanQuery, queryStringParameters);
    if (!query.ok) throw new ValidationError(query.errors);
    return inspectionPlanDue(query.value, systemClock.now());
  },
});
