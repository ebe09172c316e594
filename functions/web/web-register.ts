/**
 * ANY /app/establishments, /app/establishments/{proxy+} and /app/inspection-plan (inspectors, managers): the web pages
 * of the register of establishments, their enforcement actions, and the inspection plan. A Lambda of its own, so
 * that the other areas do not carry the register's CSV import or the plan. How a request is answered: web-handler.ts.
 */
import { enforcementChangeForm, enforcementForm, submitEnforcement, submitEnforcementChange } from './enforcement';
import { establishmentPage, establishmentsPage, inspectionPlanPage } from './establishments';
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
  ],
});
