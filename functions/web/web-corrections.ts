/**
 * A manager's corrections to an inspection, each a page of its own (managers only): withdrawing an inspection logged by
 * mistake (ANY /app/withdrawals/{inspectionId}: withdraw-inspection.ts), amending its judgements after quality
 * assurance (/app/corrections/{inspectionId}/judgements: amend-outcome-form.ts) and changing the window of the
 * monitoring visit further monitoring began (/app/corrections/{inspectionId}/visit-window: next-visit-window.ts), and
 * correcting the children recorded (/app/corrections/{inspectionId}/children: children-correction.ts). A Lambda of its own, beside the
 * inspections' pages: it alone may stop runs and delete schedules (stop-runs), and the inspections' bundle does not
 * carry these forms. How a request is answered: web-handler.ts.
 */
import { amendOutcomeForm, submitAmendment } from './amend-outcome-form';
import { childrenCorrectionForm, submitChildrenCorrection } from './children-correction';
import { nextVisitWindowForm, submitNextVisitWindow } from './next-visit-window';
import { route, webHandler } from './web-handler';
import { submitWithdrawal, withdrawalForm } from './withdraw-inspection';

export const handler = webHandler({
  id: 'web-corrections',
  routes: [
    route('GET', 'withdrawals/:id', withdrawalForm),
    route('POST', 'withdrawals/:id', submitWithdrawal),
    route('GET', 'corrections/:id/judgements', amendOutcomeForm),
    route('POST', 'corrections/:id/judgements', submitAmendment),
    route('GET', 'corrections/:id/visit-window', nextVisitWindowForm),
    route('POST', 'corrections/:id/visit-window', submitNextVisitWindow),
    route('GET', 'corrections/:id/children', childrenCorrectionForm),
    route('POST', 'corrections/:id/children', submitChildrenCorrection),
  ],
});
