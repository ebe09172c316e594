/**
 * ANY /app/withdrawals/{inspectionId} (managers): withdrawing an inspection logged by mistake (withdraw-inspection.ts).
 * A Lambda of its own, beside the inspections' pages: it alone may stop runs and delete schedules (stop-runs). How a
 * request is answered: web-handler.ts.
 */
import { route, webHandler } from './web-handler';
import { submitWithdrawal, withdrawalForm } from './withdraw-inspection';

export const handler = webHandler({
  id: 'web-withdrawal',
  routes: [route('GET', 'withdrawals/:id', withdrawalForm), route('POST', 'withdrawals/:id', submitWithdrawal)],
});
