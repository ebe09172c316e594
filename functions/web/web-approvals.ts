/**
 * ANY /app/approvals and /app/approvals/{proxy+} (managers, compliance inspectors): the approvals waiting for a
 * decision, and the decision forms that resume a run. Every signed-in user may open them; the pages check who decides
 * which kind (DECIDERS). A Lambda of its own, beside the inspections' pages. How a request is answered: web-handler.ts.
 */
import { approvalPage, approvalsPage, submitDecision } from './approvals';
import { route, webHandler } from './web-handler';

export const handler = webHandler({
  id: 'web-approvals',
  routes: [
    route('GET', 'approvals', approvalsPage, 'signed-in'),
    route('GET', 'approvals/:id', approvalPage, 'signed-in'),
    route('POST', 'approvals/:id', submitDecision, 'signed-in'),
  ],
});
