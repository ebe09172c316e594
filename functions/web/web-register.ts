/**
 * ANY /app/establishments, /app/establishments/{proxy+} and /app/inspection-plan (inspectors, managers): the web pages
 * of the register of establishments, their enforcement actions, and the inspection plan. A Lambda of its own, so
 * that the other areas do not carry the register's CSV import or the plan. How a request is answered: web-handler.ts.
 *
 * And /app/follow-ups/{inspectionId}/...: what follows an inspection's emails, recorded by the lead inspector: the
 * phone calls that confirm an alert was received (SCCIF 15.3, calls.ts) and the copies of a report sent to people who
 * placed a child (15.4, report-copies.ts). Here, not with the inspection's other forms, because the inspections'
 * Lambda is at its bundle budget; under a prefix of its own, because a path below /app/inspections would take that
 * path from the inspections' Lambda on API Gateway (the most specific resource answers, method or not).
 */
import { enforcementChangeForm, enforcementForm, submitEnforcement, submitEnforcementChange } from './enforcement';
import { establishmentPage, establishmentsPage, inspectionPlanPage } from './establishments';
import { callForm, submitCall } from './calls';
import { reportCopyForm, submitReportCopy } from './report-copies';
import { editEstablishmentForm, importRegisterForm, submitEstablishmentEdit, submitRegisterImport } from './register-forms';
import { route, webHandler } from './web-handler';

export const handler = webHandler({
  id: 'web-register',
  routes: [
    route('GET', 'establishments', establishmentsPage),
    route('GET', 'establishments/import', importRegisterForm),
    route('POST', 'establishments/import', submitRegisterImport),
    route('GET', 'establishments/:urn', establishmentPage),
    route('GET', 'establishments/:urn/edit', editEstablishmentForm),
    route('POST', 'establishments/:urn/edit', submitEstablishmentEdit),
    route('GET', 'establishments/:urn/enforcement-actions/new', enforcementForm),
    route('POST', 'establishments/:urn/enforcement-actions/new', submitEnforcement),
    route('GET', 'establishments/:urn/enforcement-actions/:actionId', enforcementChangeForm),
    route('POST', 'establishments/:urn/enforcement-actions/:actionId', submitEnforcementChange),
    route('GET', 'inspection-plan', inspectionPlanPage),
    route('GET', 'follow-ups/:id/calls', callForm),
    route('POST', 'follow-ups/:id/calls', submitCall),
    route('GET', 'follow-ups/:id/report-copies', reportCopyForm),
    route('POST', 'follow-ups/:id/report-copies', submitReportCopy),
  ],
});
