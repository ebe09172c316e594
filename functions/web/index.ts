/**
 * The web pages (GOV.UK Design System), for functions/api/web.ts: the page handlers, what they return, the request
 * they take, the error pages and the renderer.
 */
export { approvalPage, approvalsPage, submitDecision } from './approvals';
export { callForm, submitCall } from './calls';
export { errorPage } from './error-pages';
export { inspectionPage } from './inspection';
export { inspectionsPage } from './inspections';
export { moveLocalClock } from './local-clock';
export { logInspectionForm, submitLogInspection } from './log-inspection-form';
export { outcomeForm, submitOutcome } from './outcome-form';
export { redirect, type Nav, type PageHandler, type PageResult } from './page';
export { render } from './render';
export {
  formOf,
  localExtras,
  MethodNotAllowedError,
  pagePath,
  queryOf,
  urlOf,
  webUser,
  type LocalExtras,
  type WebRequest,
  type WebUser,
} from './request';
