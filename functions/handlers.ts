/**
 * Every Lambda handler of the system, in one list: the stack builds one function per entry, the workflows look up
 * step functions by id, and the local runtime maps the same ids to the same modules.
 *
 * Runtime knowledge, so it lives with the functions: infra/ imports it, nothing under functions/ or workflows/
 * imports infra/.
 */

/**
 * What a handler may touch; the stack turns each into a CDK grant. `table-write` puts and updates items;
 * `table-delete` is for the handlers that clear a task token (repository clearOutcomeToken / clearStepToken).
 */
export type Access =
  | 'table-read'
  | 'table-write'
  | 'table-delete'
  | 'mail'
  | 'start-execution'
  | 'task-response'
  /** Publish to the operations topic (SNS): notices that must not depend on SES. */
  | 'operations-notice'
  /** Create EventBridge Scheduler one-time schedules that start a later run (long clocks). */
  | 'schedule'
  /** List the members of the user pool's groups (the managers the daily digest goes to). */
  | 'manager-directory'
  /** Stop an inspection's runs (ListExecutions, StopExecution) and delete its later runs' schedules (withdrawal). */
  | 'stop-runs';

/**
 * Cognito groups. `compliance-inspectors` are social care compliance inspectors: they decide a residential family
 * centre's case discussion (RFC framework §42-44), and nothing else a manager decides.
 */
export type Group = 'inspectors' | 'managers' | 'compliance-inspectors';

/** Who decides approvals: managers, and compliance inspectors (their own kind only; the app layer checks which). */
const DECIDERS: readonly Group[] = ['managers', 'compliance-inspectors'];

export interface StepHandler {
  kind: 'step';
  id: string;
  description: string;
  access: readonly Access[];
}

export interface ApiHandler {
  kind: 'api';
  id: string;
  description: string;
  /** `ANY` serves GET and POST (the web pages). */
  method: 'GET' | 'POST' | 'PATCH' | 'ANY';
  /** API Gateway resource path, e.g. `/inspections/{id}`. */
  path: string;
  /** Further resource paths of the same function: the web pages of one area are served from a few paths. */
  morePaths?: readonly string[];
  /** Cognito groups allowed to call the route (checked again in the handler; per inspection: app/access.ts). */
  groups: readonly Group[];
  access: readonly Access[];
  /**
   * How callers are authenticated: by the Cognito authorizer from a Bearer ID token (the default), or, for the
   * web pages, by the handler itself from its session cookie (functions/web/session.ts).
   */
  authentication?: 'web-session';
}

export type HandlerDefinition = StepHandler | ApiHandler;

const step = <Id extends string>(id: Id, description: string, access: readonly Access[]) =>
  ({ kind: 'step', id, description, access }) as const satisfies StepHandler;

const api = <Id extends string>(
  id: Id,
  method: ApiHandler['method'],
  path: string,
  groups: readonly Group[],
  description: string,
  access: readonly Access[],
) => ({ kind: 'api', id, description, method, path, groups, access }) as const satisfies ApiHandler;

const BOTH: readonly Group[] = ['inspectors', 'managers'];

export const HANDLERS = [
  // Steps of the state machines (functions/steps/<id>.ts).
  step('compute-timeline', 'Computes the process timeline from the regulations and records it', ['table-write']),
  step('measure-time-left', 'Seconds until a step is due (or until the next reminder when overdue)', ['table-read']),
  step('send-provider-letter', 'Emails the assurance-visit letter to the provider', ['table-write', 'mail']),
  step('alert-local-authorities', 'Emails the DCS of every relevant LA (and placers of children not looked after)', [
    'table-write',
    'mail',
  ]),
  step('forward-alert-to-provider', 'Forwards the LA alert to the provider', ['table-write', 'mail']),
  step('inform-dfe', 'Informs the Department for Education (secure children’s homes)', ['table-write', 'mail']),
  step('request-approval', 'Stores the task token and asks a manager for a decision', [
    'table-write',
    'mail',
    'task-response',
  ]),
  step('await-outcome', 'Stores the task token until the inspector records the outcome', ['table-write', 'table-delete', 'task-response']),
  step('await-step', 'Stores the task token until a person records that the step happened', ['table-write', 'table-delete', 'task-response']),
  step('record-decision', 'Records a manager’s decision on the inspection; tells the lead inspector, and the compliance inspectors of enforcement decided', ['table-write', 'mail']),
  step('schedule-visit', 'Schedules a return visit or inspection inside its statutory window (never told to the provider)', ['table-write']),
  step('escalate-overdue', 'Emails the manager and a senior manager when a step is overdue', ['table-write', 'mail']),
  step('issue-report', 'Issues a report stage (to provider, final, published) and tells the provider', [
    'table-write',
    'mail',
  ]),
  step('record-failure', 'Records that a workflow failed and tells the manager', ['table-write', 'mail']),
  step('notify-operations', 'Tells operations (SNS, not SES) that a step keeps failing; the run waits and tries again', [
    'table-write',
    'operations-notice',
  ]),
  step('record-email-event', 'Records SES delivery, bounce and complaint events per recipient; tells the lead inspector of an alert not delivered', ['table-write', 'mail']),
  step('start-later', 'Starts a later run of the process at a step’s due instant (EventBridge Scheduler): a clock longer than a run may last', [
    'table-write',
    'schedule',
    'start-execution',
  ]),
  step('record-run-failure', 'Marks the inspection failed when a run fails, times out or is stopped, and tells operations (SNS)', [
    'table-write',
    'operations-notice',
  ]),
  // Scheduled (EventBridge Scheduler, a recurring schedule: infra/constructs/daily-digest.ts).
  step('send-daily-digest', 'Emails each manager, once a working day, the plan windows closing soon and the registered-manager vacancies past 20 or 26 weeks', [
    'table-write',
    'mail',
    'manager-directory',
  ]),
  // HTTP API (functions/api/<id>.ts).
  // A return inspection answers the earlier run's wait for it (and forgets the wait's token).
  api('log-inspection', 'POST', '/inspections', ['inspectors'], 'Logs an inspection and starts its process', [
    'table-write',
    'table-delete',
    'start-execution',
    'task-response',
  ]),
  api('list-inspections', 'GET', '/inspections', BOTH, 'Lists inspections with their next deadline', ['table-read']),
  api('get-inspection', 'GET', '/inspections/{id}', BOTH, 'An inspection with its timeline', ['table-read']),
  api('record-outcome', 'POST', '/inspections/{id}/outcome', BOTH, 'Records judgements or concerns', [
    'table-write',
    'table-delete',
    'task-response',
  ]),
  api('record-step', 'POST', '/inspections/{id}/steps/{stepId}', BOTH, 'Records that a step happened, with its date', [
    'table-write',
    'table-delete',
    'task-response',
  ]),
  api(
    'amend-outcome',
    'POST',
    '/inspections/{id}/outcome/amendments',
    ['managers'],
    'Amends judgements after quality assurance (§99); starts the inadequate pathway or corrects alerts',
    ['table-write', 'start-execution', 'mail'],
  ),
  api(
    'change-next-visit-window',
    'PATCH',
    '/inspections/{id}/next-visit-window',
    ['managers'],
    'Changes the window of the monitoring visit further monitoring began (§71, §77); the waiting run measures it again and the lead inspector is emailed',
    ['table-write', 'table-delete', 'task-response', 'mail'],
  ),
  api(
    'correct-children',
    'PATCH',
    '/inspections/{id}/children',
    ['managers'],
    'Corrects the children recorded at an inspection; once the alerts were sent, alerts whom the correction adds and tells whom it removes that their alert was sent in error',
    ['table-write', 'mail'],
  ),
  api(
    'withdraw-inspection',
    'POST',
    '/inspections/{id}/withdrawal',
    ['managers'],
    'Withdraws an inspection logged by mistake: its runs stopped, its approvals closed, the register and the plan leave it out; its lead inspector emailed; a return it had discharged waited for again',
    ['table-write', 'start-execution', 'stop-runs', 'mail'],
  ),
  api('record-call', 'POST', '/inspections/{id}/calls', BOTH, 'Records a phone call to an alerted LA, or to a person who placed a child whose alert was not delivered', ['table-write']),
  api('record-report-copy', 'POST', '/inspections/{id}/report-copies', BOTH, 'Records that the lead inspector sent a person who placed a child their copy of the report', ['table-write']),
  api('list-notifications', 'GET', '/inspections/{id}/notifications', BOTH, 'Every email and its delivery', [
    'table-read',
  ]),
  api('list-approvals', 'GET', '/approvals', DECIDERS, 'The manager’s approval queue', ['table-read']),
  api('decide-approval', 'POST', '/approvals/{id}/decision', DECIDERS, 'Records a decision and resumes the run', [
    'table-write',
    'task-response',
  ]),
  // The register of establishments and the inspection plan (children's homes framework §9-17; RFC framework §10-13).
  api('list-establishments', 'GET', '/establishments', BOTH, 'The register of establishments', ['table-read']),
  api('add-establishment', 'POST', '/establishments', ['managers'], 'Adds an establishment to the register', ['table-write']),
  api('import-register', 'POST', '/establishments/import', ['managers'], 'Imports the register from a CSV', ['table-write']),
  api('get-establishment', 'GET', '/establishments/{urn}', BOTH, 'An establishment, its inspections and its plan', [
    'table-read',
  ]),
  api(
    'log-establishment-inspection',
    'POST',
    '/establishments/{urn}/inspections',
    ['inspectors'],
    'Logs an inspection of an establishment on the register and starts its process',
    ['table-write', 'table-delete', 'start-execution', 'task-response'],
  ),
  api('change-establishment', 'PATCH', '/establishments/{urn}', ['managers'], 'Changes a register entry', ['table-write']),
  // Enforcement actions (SCCIF 15.1, §70; RFC §44) on the establishment; requirements and recommendations (§44, §49, §74) on the inspection.
  api('record-enforcement-action', 'POST', '/establishments/{urn}/enforcement-actions', ['managers'], 'Records an enforcement action, linked to its case review', [
    'table-write',
  ]),
  api('list-enforcement-actions', 'GET', '/establishments/{urn}/enforcement-actions', BOTH, 'An establishment’s enforcement actions', ['table-read']),
  api(
    'change-enforcement-action',
    'PATCH',
    '/establishments/{urn}/enforcement-actions/{actionId}',
    ['managers'],
    'Records when an enforcement action took effect, ended or was withdrawn, or clears such a date (null)',
    ['table-write'],
  ),
  api('record-requirement', 'POST', '/inspections/{id}/requirements', BOTH, 'Records a requirement or recommendation', ['table-write']),
  api('list-requirements', 'GET', '/inspections/{id}/requirements', BOTH, 'An inspection’s requirements and recommendations', ['table-read']),
  api('mark-requirement-met', 'PATCH', '/inspections/{id}/requirements/{requirementId}', BOTH, 'Records a requirement as met in full', [
    'table-write',
  ]),
  // Writes: a year's stored due list is built on the year's first request (functions/adapters/repository.ts).
  api('inspection-plan', 'GET', '/inspection-plan', BOTH, 'Inspection windows due, closing soon and overdue', [
    'table-write',
  ]),
  // The web pages for inspectors and managers (GOV.UK Design System), server-rendered: one Lambda per area, so that
  // each carries only its own pages (functions/web/<id>.ts lists them). `web` has every /app path the others do not
  // (API Gateway routes a request to the most specific resource path; so does the local runtime).
  // Mail: a manager's amendment of judgements from the pages may withdraw alerts (the same operation as amend-outcome).
  // Every area reads and writes sessions (the table), deleting those that have ended.
  {
    ...api('web', 'ANY', '/app/{proxy+}', BOTH, 'Web pages: sign-in, inspections, timelines and their forms', [
      'table-write',
      'table-delete',
      'start-execution',
      'task-response',
      'mail',
    ]),
    authentication: 'web-session',
  },
  {
    // Compliance inspectors too: the case discussions they decide (the pages check who decides what).
    ...api('web-approvals', 'ANY', '/app/approvals', DECIDERS, 'Web pages: the approvals and their decisions', ['table-write', 'table-delete', 'task-response']),
    morePaths: ['/app/approvals/{proxy+}'],
    authentication: 'web-session',
  },
  {
    ...api('web-register', 'ANY', '/app/establishments', BOTH, 'Web pages: the register, enforcement actions and the inspection plan; the follow-ups of the emails (phone calls, copies of reports sent)', [
      'table-write',
      'table-delete',
    ]),
    morePaths: ['/app/establishments/{proxy+}', '/app/inspection-plan', '/app/follow-ups/{proxy+}'],
    authentication: 'web-session',
  },
  {
    // Its own Lambda: a manager's corrections (withdrawing, amending judgements, changing a visit window). The one area
    // whose pages stop runs (stop-runs), so that no other page's role may; and the inspections' bundle stays under its
    // budget without these forms.
    ...api('web-corrections', 'ANY', '/app/withdrawals', ['managers'], "Web pages: a manager's corrections: withdrawing an inspection, amending its judgements, changing a visit window, correcting the children recorded", [
      'table-write',
      'table-delete',
      'start-execution',
      'task-response',
      'stop-runs',
      'mail',
    ]),
    // One prefix for both forms: each path costs API Gateway resources, and the stack is near CloudFormation's 500.
    morePaths: ['/app/withdrawals/{proxy+}', '/app/corrections/{proxy+}'],
    authentication: 'web-session',
  },
  {
    ...api('web-api-reference', 'ANY', '/app/api-reference', BOTH, 'Web pages: the API reference and its OpenAPI document', [
      'table-write',
      'table-delete',
    ]),
    morePaths: ['/app/openapi.json'],
    authentication: 'web-session',
  },
] as const satisfies readonly HandlerDefinition[];

export type HandlerId = (typeof HANDLERS)[number]['id'];
export type StepHandlerId = Extract<(typeof HANDLERS)[number], { kind: 'step' }>['id'];
export type ApiHandlerId = Extract<(typeof HANDLERS)[number], { kind: 'api' }>['id'];
/** The web pages' Lambdas (authenticated by their session cookie). */
export type WebHandlerId = Extract<(typeof HANDLERS)[number], { authentication: 'web-session' }>['id'];
/** The JSON API's routes. */
export type JsonRouteId = Exclude<ApiHandlerId, WebHandlerId>;

export const isWebHandler = (handler: HandlerDefinition): handler is ApiHandler & { authentication: 'web-session' } =>
  handler.kind === 'api' && handler.authentication === 'web-session';

/** Every API Gateway resource path of a route. */
export const routePaths = (handler: ApiHandler): readonly string[] => [handler.path, ...(handler.morePaths ?? [])];

/**
 * Source file of a handler, relative to the repository root: functions/steps/<id>.ts, functions/api/<id>.ts, and
 * the web pages' handlers beside their pages (functions/web/handler.ts, functions/web/<id>.ts for the other areas), so
 * that api and web stay peers.
 */
export function handlerEntry(handler: HandlerDefinition): string {
  if (handler.kind === 'step') return `functions/steps/${handler.id}.ts`;
  if (!isWebHandler(handler)) return `functions/api/${handler.id}.ts`;
  return handler.id === 'web' ? 'functions/web/handler.ts' : `functions/web/${handler.id}.ts`;
}
