/**
 * The API reference: an OpenAPI 3.1 document built from the handler registry (functions/handlers.ts: method, path,
 * groups, authentication) and the zod schemas the handlers parse with (zod 4's JSON Schema output, `io: 'input'`:
 * what a client sends, before defaults and transforms). Pure: no AWS code, no clock. Served by the local runtime at
 * `GET /openapi.json`, by the web Lambda at `/app/openapi.json` and as a page at `/app/api-reference`, and written into
 * README by `npm run docs`; a test checks it against the API Gateway routes of the synthesized stack.
 *
 * Where JSON Schema cannot say what the schema checks (a body parsed in two halves, a body whose schema depends on
 * the record it is about), the route's body is an explicit override built from the same zod schemas, never dropped.
 */
import * as z from 'zod/mini';
import { EnforcementActionDatesChange, EnforcementActionRecorded } from '../core/enforcement';
import { RegisterEntry } from '../core/establishments';
import { StepRecorded } from '../core/recorded-steps';
import { PROCESSES } from '../core/regulations';
import { RequirementMet, RequirementRecorded } from '../core/requirements';
import {
  AMENDABLE_PROCESSES,
  AmendmentDetails,
  APPROVAL_KINDS,
  approvalDecisionFor,
  InspectionIdText,
  InspectionLogged,
  InspectionWithdrawn,
  LocalDateText,
  OutcomeRecorded,
  NextVisitWindowChanged,
  ChildrenCorrected,
  PhoneCallRecorded,
  ReportCopyRecorded,
  Urn,
} from '../core/schemas';
import { HANDLERS, isWebHandler, routePaths, type ApiHandler, type Group, type JsonRouteId } from '../handlers';
import { ENFORCEMENT_ACTION_ID, REQUIREMENT_ID } from '../middleware/path-parameters';
import { API_EXAMPLES, type ApiExample } from './api-examples';
import {
  EstablishmentChange,
  EstablishmentQuery,
  InspectionPlanQuery,
  ListEnforcementActionsQuery,
  ListEstablishmentsQuery,
  ListInspectionsQuery,
  RegisterImport,
} from './requests';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/** The error bodies the API answers (functions/middleware/http.ts, httpErrors). */
export const ErrorBody = z.strictObject({
  error: z.string().register(z.globalRegistry, { description: 'The error class: ForbiddenError, NotFoundError, ConflictError, GoneError, PayloadTooLargeError, InternalError' }),
  message: z.string().register(z.globalRegistry, { description: 'What went wrong, in words' }),
});
export const ValidationErrorBody = z.strictObject({
  error: z.literal('ValidationError'),
  message: z.string().register(z.globalRegistry, { description: 'Every field and its rule, joined with "; "' }),
  errors: z.array(z.strictObject({ field: z.string().register(z.globalRegistry, { description: 'The field, as a dotted path (`dates.inspectionEnd`)' }), message: z.string() })),
});
/** What API Gateway's Cognito authorizer answers without a valid token (and the local runtime likewise). */
export const UnauthorizedBody = z.strictObject({ message: z.literal('Unauthorized') });

/** The web pages' session cookie (functions/web/session.ts SESSION_COOKIE; a test keeps them equal). */
export const WEB_SESSION_COOKIE = '__Host-sccif-session';

type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 413;

interface PathParameter {
  description: string;
  schema: z.core.$ZodType;
}

/** What the registry does not say about a JSON route: its body, query, statuses and one example. */
interface RouteDoc {
  /** The component name and zod schema of the body, or an explicit override (with the reason JSON Schema needs it). */
  body?: { name: string; schema: z.core.$ZodType } | { name: string; override: () => JsonSchema; why: string };
  query?: z.ZodMiniObject;
  /** Success statuses and what each means. */
  success: Partial<Record<200 | 201 | 202, string>>;
  /** Error statuses this route answers besides 401 and 403 (every route has those); each with when. */
  errors: Partial<Record<ErrorStatus, string>>;
  /**
   * The body's rules across fields (zod refinements), which JSON Schema output leaves out: named here so a reader
   * knows they exist; the 400 names the field and the rule.
   */
  rules?: string;
}

const RecordId = InspectionIdText;
const STEP_IDS = [...new Set(Object.values(PROCESSES).flatMap((process) => process.steps.map((step) => step.id)))].sort();

const PATH_PARAMETERS: Record<string, PathParameter> = {
  id: { description: 'The inspection id (`insp-…`) or, under /approvals, the approval id (`apr-…`)', schema: RecordId },
  urn: { description: "The establishment's Ofsted URN", schema: Urn },
  stepId: { description: 'A step id of the regulations (README, "The processes and their deadlines")', schema: z.enum(STEP_IDS as [string, ...string[]]) },
  actionId: { description: 'The enforcement action id, `<inspectionId>--<action>--<issuedOn>` (from POST or GET)', schema: z.string().check(z.regex(ENFORCEMENT_ACTION_ID)) },
  requirementId: { description: 'The requirement id (`R-…`; a recommendation’s is `C-…`), from POST or GET', schema: z.string().check(z.regex(REQUIREMENT_ID)) },
};

const jsonSchemaOf = (schema: z.core.$ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    override: (context) => {
      // A London date: a string that the schema turns into a LocalDate.
      if (context.zodSchema === LocalDateText) Object.assign(context.jsonSchema, { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    },
  }) as JsonSchema;
  return rest;
};

const variantsOf = (schema: JsonSchema): JsonSchema[] => (schema.oneOf ?? schema.anyOf ?? [schema]) as JsonSchema[];
const propertiesOf = (schema: JsonSchema) => (schema.properties ?? {}) as Record<string, JsonSchema>;
const requiredOf = (schema: JsonSchema) => (schema.required ?? []) as string[];

/**
 * POST /inspections/{id}/outcome/amendments: the outcome body of an amendable process plus the amendment's details,
 * flat. The schema parses the two halves apart (so each error names the field as the outcome route does), which JSON
 * Schema cannot see through: each amendable variant of OutcomeRecorded, with AmendmentDetails' fields added.
 */
function outcomeAmendedSchema(): JsonSchema {
  const details = jsonSchemaOf(AmendmentDetails);
  const amendable = variantsOf(jsonSchemaOf(OutcomeRecorded)).filter((variant) =>
    (AMENDABLE_PROCESSES as readonly unknown[]).includes(propertiesOf(variant).process?.const),
  );
  return {
    oneOf: amendable.map((variant) => ({
      ...variant,
      properties: { ...propertiesOf(variant), ...propertiesOf(details) },
      required: [...requiredOf(variant), ...requiredOf(details)],
    })),
  };
}

/**
 * POST /approvals/{id}/decision: the body is parsed once the approval is read, with its kind's schema (a case
 * review's options also depend on its process). Documented as one of the kinds' schemas.
 */
function approvalDecisionSchema(): JsonSchema {
  return { oneOf: APPROVAL_KINDS.map((kind) => ({ title: kind, ...jsonSchemaOf(approvalDecisionFor(kind)) })) };
}

/**
 * POST /establishments/{urn}/inspections: POST /inspections' body without `establishment` (from the register) and
 * with `provider` optional (the register's provider contact).
 */
function establishmentInspectionSchema(): JsonSchema {
  return {
    oneOf: variantsOf(jsonSchemaOf(InspectionLogged)).map((variant) => {
      const { establishment: _fromRegister, ...properties } = propertiesOf(variant);
      return { ...variant, properties, required: requiredOf(variant).filter((name) => name !== 'establishment' && name !== 'provider') };
    }),
  };
}

const ROUTES: Record<JsonRouteId, RouteDoc> = {
  'log-inspection': {
    body: { name: 'InspectionLogged', schema: InspectionLogged },
    success: { 201: 'Logged; its process has started', 200: 'Already logged under this idempotencyKey: the same inspection' },
    errors: {
      400: 'A field breaks a rule (named in `errors`)',
      409: 'Another body was sent before under this idempotencyKey; or the same inspection is logged already (the same establishment on overlapping days: `errors` names the field and that inspection)',
    },
    rules:
      "the establishment's kind fits the process (an assurance visit: a secure children's home; an RFC inspection: a residential family centre); " +
      'inspectionEnd is not before inspectionStart; the dates are within a year of today; inspectorId is only ever the caller’s own; ' +
      'without followUpOf, a full or family centre inspection of an establishment with exactly one earlier inspection waiting for its return inspection is that return inspection (the answer’s `followUpOf` names it); ' +
      'an assurance visit logged on or after its day 1 was announced: logging it records the call (step `announce`, on day 1) and the letter to the provider follows at once; logged before day 1, the letter waits until the call is recorded',
  },
  'list-inspections': {
    query: ListInspectionsQuery,
    success: { 200: 'A page of inspections, newest first; follow `cursor` while there is one; a complete inspection whose DCS alert still awaits phone calls confirming receipt (SCCIF 15.3) counts them in `callsOutstanding`' },
    errors: { 400: 'A filter is not one of its values' },
  },
  'get-inspection': { success: { 200: 'The inspection and the timelines of its processes' }, errors: { 404: 'No such inspection' } },
  'record-outcome': {
    body: { name: 'OutcomeRecorded', schema: OutcomeRecorded },
    success: { 200: 'Recorded; the verdict of the judgement rules and the follow-up processes it starts' },
    errors: { 400: 'A field or a limiting rule of the framework', 404: 'No such inspection', 409: 'The outcome is already recorded, or the inspection has not ended yet (its last day on site, or an assurance visit’s day 1, is still to come)' },
    rules:
      'summaryOfConcerns is required where the outcome can lead to an alert to local authorities (an inadequate judgement, a decline, enough cause for concern); ' +
      "the framework's limiting judgements; the process is the one the inspection awaits",
  },
  'record-step': {
    body: { name: 'StepRecorded', schema: StepRecorded },
    success: { 200: "Recorded (or the same day again: nothing changed; a correction answers `correctedFrom`, the day it replaced); the inspection's timelines" },
    errors: {
      400: 'The step is not recordable, or the day is in the future or before its anchor',
      404: 'No such inspection, or the inspection has no such step',
      409: 'A different day is already recorded (a manager corrects it with `correction`)',
    },
    rules: '`reason` is required with `correction` or `notPublished`, which do not go together; `at` falls on the day `on`',
  },
  'amend-outcome': {
    body: {
      name: 'OutcomeAmended',
      override: outcomeAmendedSchema,
      why: 'the schema parses the outcome and the amendment details apart, so each error names its field as POST /outcome does',
    },
    success: { 200: 'Amended: the judgements that changed and what follows' },
    errors: { 400: 'A field or a limiting rule; no graded judgement changed', 404: 'No such inspection', 409: 'No outcome yet, or the report was already sent' },
    rules: 'the rules of POST /inspections/{id}/outcome; registeredManagerCalledOn is not in the future nor before the inspection ended',
  },
  'change-next-visit-window': {
    body: { name: 'NextVisitWindowChanged', schema: NextVisitWindowChanged },
    success: {
      200: "The visit's window in weeks and London days (`changed: false` when it already had it); `leadInspectorEmailed` when the lead inspector's address is known and the change was emailed to them",
    },
    errors: {
      400: 'A field; earliestWeeks after latestWeeks; a window that would close before today; a child named in `reason`',
      404: 'No such inspection',
      409: 'No monitoring visit begun by further monitoring, or its outcome is already recorded',
    },
    rules:
      "weeks count from the visit that chose further monitoring; a window closing earlier is escalated when it closes; when the lead inspector's email fails (502) the window is changed and the same request again sends it",
  },
  'correct-children': {
    body: { name: 'ChildrenCorrected', schema: ChildrenCorrected },
    success: {
      200: 'Corrected (`changed: false` when the same correction came before: what it owes is sent if it was not). Once the DCS alerts were sent (`alertsSent`), every local authority or person the corrected children add was alerted now (`alerts`) and every one alerted in error was told so and asked to delete it (`sentInErrorNotices`; a person who placed a child whose email address was corrected, the same name at another address, is alerted at the new one, and the old one is told, naming no one, that an email reached it in error), and a provider already sent a copy of the alert was sent an updated one naming the authorities it now stands with (`providerCopyUpdated`); a recipient told of an error and added back later is alerted again; the lead inspector is told whom, and, when the correction takes the children past SCCIF 15.3’s large number of placing authorities with no arrangements decided, to agree them with their manager; a 502 when an email failed: the children are corrected, and the same request again sends it',
    },
    errors: {
      400: 'A field; a placing authority not in the reference data; the children as recorded; a child named in `reason` (the children recorded before or after)',
      404: 'No such inspection',
      409: 'The inspection was withdrawn',
    },
    rules: '`children` is the whole list as it should have been logged (initials only); the host authority is alerted whatever the children (SCCIF 15.3)',
  },
  'withdraw-inspection': {
    body: { name: 'InspectionWithdrawn', schema: InspectionWithdrawn },
    success: {
      200: 'Withdrawn, for an inspection logged by mistake (another home, wrong dates, twice): its runs stopped, its later runs cancelled, its approvals closed, and the emails already sent outside Ofsted listed (nobody outside Ofsted is emailed); `alreadyWithdrawn` when the same request came before; `leadInspectorEmailed` when its lead inspector was told (a 502 when that email failed: all else is done, and the same request again sends it). Afterwards nothing more is recorded on it (409), and the register and the plan leave it out',
    },
    errors: { 400: '`reason` missing, under 10 characters, or naming a child', 404: 'No such inspection', 409: 'Already withdrawn with another reason' },
  },
  'record-call': {
    body: { name: 'PhoneCallRecorded', schema: PhoneCallRecorded },
    success: { 201: 'Recorded', 200: 'The same call (time and authority, or person; who answered, outcome and notes) was already recorded' },
    errors: {
      400: 'A field; an authority not alerted, or told its alert was sent in error; a placer whose alert was delivered; a time before the alert or in the future; notes naming a child of the inspection by their initials',
      404: 'No such inspection',
      409: 'Another call at that minute to the same authority or person is recorded, with other details: nothing is changed',
    },
    rules:
      'exactly one of authorityCode (an alerted local authority, SCCIF 15.3) and placer (the `recipientKey` of an alert to a person who placed a child that bounced or was rejected, 15.4: the call tells them what it says); ' +
      'spokeTo is required unless outcome is no-answer (no one answered)',
  },
  'record-report-copy': {
    body: { name: 'ReportCopyRecorded', schema: ReportCopyRecorded },
    success: { 201: 'Recorded', 200: 'The same copy (day and means) was already recorded' },
    errors: {
      400:
        'A field; recipientKey not that of a `report-copy:<process>` email in the notifications (the notice to a person who placed a child that the lead inspector sends them the report, SCCIF 15.4: sent when the report is final), or of a person told their alert was sent in error; ' +
        'process missing when that person was told of more than one report; sentOn before the report was final or in the future',
      404: 'No such inspection',
      409: 'This copy is already recorded with another day or means: nothing is changed',
    },
  },
  'list-notifications': {
    success: {
      200: 'Every email with its delivery, the alert duties met or missed (missedBecause: sent-late, not-sent, not-received when the address refused it and no call confirmed receipt in time, or being-sent just after the late judgements or decision that set it off), the phone follow-ups of the authorities, and those of people who placed a child whose alert was not delivered (placerFollowUps)',
    },
    errors: { 404: 'No such inspection' },
  },
  'list-approvals': { success: { 200: "The caller's pending approvals, earliest due first" }, errors: {} },
  'decide-approval': {
    body: {
      name: 'ApprovalDecision',
      override: approvalDecisionSchema,
      why: "the decision is parsed with the schema of the approval's kind, known only once the approval is read",
    },
    success: { 200: 'Recorded; the waiting run resumes' },
    errors: {
      400: "A decision its kind does not allow (a case review's options depend on its process); a full inspection as the return visit when a monitoring visit is already recorded (§71)",
      404: 'No such approval',
      409: 'Already decided (a different decision)',
      410: 'The run that asked for it has ended',
    },
    rules:
      'a case review after an inadequate judgement chooses "monitoring-visit" or "full-inspection"; "enforcement-action" names actions; ' +
      '"no-further-action" has enforcement "none"',
  },
  'list-establishments': {
    query: ListEstablishmentsQuery,
    success: { 200: 'The register, by URN' },
    errors: { 400: 'A filter is not one of its values' },
  },
  'add-establishment': {
    body: { name: 'RegisterEntry', schema: RegisterEntry },
    success: { 201: 'Added', 200: 'The same entry was already on the register' },
    errors: { 400: 'A field, or an unknown host authority', 409: 'Another entry has this URN' },
    rules: "providesEducation only for children's homes; registeredOn and registeredManager.since are not in the future; the registered manager is not in post, nor the post vacant, since before the registration",
  },
  'import-register': {
    body: { name: 'RegisterImport', schema: RegisterImport },
    success: { 200: 'Imported: how many entries were created and replaced' },
    errors: { 400: 'A bad row (each line and column named); nothing is written', 413: 'Over 256 KB: split the file' },
  },
  'get-establishment': {
    query: EstablishmentQuery,
    success: { 200: 'The entry, its inspections, open processes, vacancy warnings and the plan of the inspection year asked for (default: this one)' },
    errors: { 400: 'year is not a year YYYY', 404: 'Not on the register' },
  },
  'log-establishment-inspection': {
    body: {
      name: 'EstablishmentInspectionLogged',
      override: establishmentInspectionSchema,
      why: 'the establishment comes from the register and the provider defaults to its contact, before InspectionLogged parses the whole',
    },
    success: { 201: 'Logged; its process has started', 200: 'Already logged under this idempotencyKey' },
    errors: { 400: 'A field; `establishment` sent', 404: 'Not on the register', 409: 'The establishment is closed, another body under this idempotencyKey, or the same inspection logged already' },
    rules: 'those of POST /inspections, with the establishment from the register',
  },
  'change-establishment': {
    body: { name: 'EstablishmentChange', schema: EstablishmentChange },
    success: { 200: 'The entry after the change' },
    errors: { 400: 'The entry after the change breaks a rule (`change.<field>`)', 404: 'Not on the register', 409: '`version` is not the current one' },
    rules: '`change` names at least one field; the entry after the change passes the rules of POST /establishments; a registered manager’s post changed between in post and vacant gives the day of the change (`since` is not the day the previous state began)',
  },
  'record-enforcement-action': {
    body: { name: 'EnforcementActionRecorded', schema: EnforcementActionRecorded },
    success: {
      201: 'Recorded, linked to the case review that considered it, and in the inspection’s audit trail',
      200: 'The same action (inspection, action, issue day and details) was already recorded',
    },
    errors: {
      400:
        'A field; no case review of `inspectionId` (an inspection of this establishment) decided on enforcement; an `action` or `against` it did not consider; ' +
        '`against` the registered manager while the post is vacant; `issuedOn` before the case review; a date the action does not have (`effectiveOn`, `endsOn`), ' +
        'in the future (`issuedOn`, `withdrawnOn`), before `issuedOn`, or `endsOn` not after `effectiveOn`; a `note` naming a child of the inspection by their initials (nothing is written)',
      404: 'Not on the register',
      409: 'This action, issued that day after that inspection, is recorded with other details: change its dates with PATCH',
    },
  },
  'list-enforcement-actions': {
    query: ListEnforcementActionsQuery,
    success: { 200: 'The actions, oldest first, each with its dates, its case review and whether it is in force today' },
    errors: { 400: '`inspectionId` is not an inspection id', 404: 'Not on the register' },
  },
  'change-enforcement-action': {
    body: { name: 'EnforcementActionDatesChange', schema: EnforcementActionDatesChange },
    success: { 200: 'The action after the change' },
    errors: {
      400: 'The action after the change breaks a date rule of POST …/enforcement-actions (the field named), or its `note` names a child of the inspection by their initials, and nothing is written',
      404: 'Not on the register, or no such action',
      409: '`version` is not the current one',
    },
    rules: 'names at least one of effectiveOn, endsOn, withdrawnOn or note',
  },
  'record-requirement': {
    body: { name: 'RequirementRecorded', schema: RequirementRecorded },
    success: { 201: 'Recorded', 200: 'The same item (kind and text) was already recorded, with the same due date and regulation' },
    errors: {
      400: 'A field; `dueOn` not after the inspection began; `text` naming a child of the inspection by their initials',
      404: 'No such inspection',
      409: 'The same item is recorded with another due date or regulation',
    },
    rules: 'a requirement has `dueOn`, a recommendation has none',
  },
  'list-requirements': {
    success: { 200: 'The requirements and recommendations, each requirement with the day it was met in full and whether it is overdue' },
    errors: { 404: 'No such inspection' },
  },
  'mark-requirement-met': {
    body: { name: 'RequirementMet', schema: RequirementMet },
    success: { 200: 'The requirement, met in full on that day (the same day again: unchanged)' },
    errors: {
      400: '`metInFullOn` on a recommendation, before the inspection began or in the future',
      404: 'No such inspection, or no such requirement of it',
      409: '`version` is not the current one',
    },
  },
  'inspection-plan': {
    query: InspectionPlanQuery,
    success: { 200: 'Every window of every open establishment in the year, most urgent first' },
    errors: { 400: 'A filter is not one of its values, or `page` is past the last page (the message says how many there are)' },
  },
};

export type Target = 'aws' | 'local';

export interface OpenApiOptions {
  /** `local`: the local runtime also takes HTTP Basic with a local account for the JSON API. */
  target: Target;
  /** Where the API is served (the stage URL on AWS, the local runtime's URL). */
  serverUrl?: string;
}

const pathParameterNames = (path: string): string[] => [...path.matchAll(/\{([A-Za-z]+)\+?\}/g)].map((match) => match[1] ?? '');

const whoMay = (groups: readonly Group[]) => groups.join(', ');

function parametersOf(handler: ApiHandler, doc: RouteDoc | undefined) {
  const path = pathParameterNames(handler.path).map((name) => {
    const known = PATH_PARAMETERS[name];
    if (!known) throw new Error(`no description of the path parameter {${name}} of ${handler.path}`);
    return { name, in: 'path', required: true, description: known.description, schema: jsonSchemaOf(known.schema) };
  });
  const querySchema = doc?.query ? jsonSchemaOf(doc.query) : undefined;
  const query = Object.entries(propertiesOf(querySchema ?? {})).map(([name, schema]) => ({
    name,
    in: 'query',
    required: requiredOf(querySchema ?? {}).includes(name),
    schema,
  }));
  return [...path, ...query];
}

const response = (description: string, schemaRef?: string, example?: unknown) => ({
  description,
  ...(schemaRef || example !== undefined
    ? { content: { 'application/json': { ...(schemaRef ? { schema: { $ref: schemaRef } } : {}), ...(example !== undefined ? { example } : {}) } } }
    : {}),
});

function jsonOperation(handler: ApiHandler & { id: JsonRouteId }, target: Target) {
  const doc = ROUTES[handler.id];
  const example: ApiExample = API_EXAMPLES[handler.id];
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(doc.success)) {
    // The example response is the one of its status; the other success statuses carry the same shape.
    responses[status] = response(description, undefined, Number(status) === example.status ? example.response : undefined);
  }
  for (const [status, description] of Object.entries(doc.errors)) {
    responses[status] = response(description, status === '400' ? '#/components/schemas/ValidationError' : '#/components/schemas/Error');
  }
  responses['401'] = response('No valid ID token (answered by API Gateway’s Cognito authorizer)', '#/components/schemas/Unauthorized');
  responses['403'] = response(`Not in one of the groups ${whoMay(handler.groups)}, or not allowed on this record (README, "Who may read and change what")`, '#/components/schemas/Error');
  return {
    operationId: handler.id,
    summary: handler.description,
    description:
      `Who: ${whoMay(handler.groups)}.` +
      (doc.body && 'why' in doc.body ? ` The body schema is written out here because ${doc.body.why}.` : '') +
      (doc.rules ? ` Also checked, beyond the schema: ${doc.rules}.` : ''),
    tags: [tagOf(handler.path)],
    'x-groups': [...handler.groups],
    security: target === 'local' ? [{ cognitoIdToken: [] }, { localBasic: [] }] : [{ cognitoIdToken: [] }],
    parameters: parametersOf(handler, doc),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: `#/components/schemas/${doc.body.name}` },
                ...(example.body !== undefined ? { example: example.body } : {}),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

const tagOf = (path: string): string => (path.startsWith('/app') ? 'web pages' : (path.split('/')[1] ?? ''));

/**
 * ANY on a path of a web area (/app/{proxy+}, /app/establishments, …): the server-rendered pages, signed in by their own
 * session cookie (no authorizer). One operation per path and method: its id names the area, and the path when the area
 * has several.
 */
function webOperation(handler: ApiHandler, path: string, method: 'get' | 'post') {
  const pathSuffix = path === handler.path ? '' : `-${path.replace(/^\/app\//, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
  return {
    operationId: `${handler.id}-${method}${pathSuffix}`,
    summary: `${handler.description} (${method === 'get' ? 'pages' : 'form submissions'})`,
    description:
      'HTML for browsers (GOV.UK Design System), not JSON. Signed in by the session cookie (sign-in at /app/auth/sign-in through Cognito managed login); ' +
      'an Authorization header is never read. ' +
      (method === 'post' ? 'Forms carry the session’s CSRF token and must come from the service’s own origin.' : 'Without a session, a 303 to the sign-in.'),
    tags: ['web pages'],
    'x-groups': [...handler.groups],
    security: [{ webSession: [] }],
    parameters: path.includes('{proxy+}')
      ? [{ name: 'proxy', in: 'path', required: true, description: 'The rest of the page’s path, e.g. `inspections`, `approvals/apr-…`', schema: { type: 'string' } }]
      : [],
    ...(method === 'post'
      ? { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } } } } }
      : {}),
    responses: {
      ...(method === 'get' ? { 200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } } : {}),
      303: { description: method === 'get' ? 'To the sign-in (no session)' : 'Done: to the page to show next' },
      ...(method === 'post' ? { 400: { description: 'The form again, with its errors', content: { 'text/html': { schema: { type: 'string' } } } } } : {}),
      403: { description: 'Not allowed (HTML)', content: { 'text/html': { schema: { type: 'string' } } } },
      404: { description: 'No such page (HTML)', content: { 'text/html': { schema: { type: 'string' } } } },
    },
  };
}

/** The OpenAPI 3.1 document of every route of functions/handlers.ts. */
export function openApiDocument(options: OpenApiOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const handler of HANDLERS) {
    if (handler.kind !== 'api') continue;
    if (isWebHandler(handler)) {
      for (const path of routePaths(handler)) {
        const item = (paths[path] ??= {});
        item.get = webOperation(handler, path, 'get');
        item.post = webOperation(handler, path, 'post');
      }
    } else {
      const item = (paths[handler.path] ??= {});
      item[handler.method.toLowerCase()] = jsonOperation(handler as ApiHandler & { id: JsonRouteId }, options.target);
    }
  }
  const bodies = Object.fromEntries(
    Object.values(ROUTES).flatMap((doc) => (doc.body ? [[doc.body.name, 'schema' in doc.body ? jsonSchemaOf(doc.body.schema) : doc.body.override()]] : [])),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'SCCIF Workflows API',
      version: '1',
      description:
        "Children's social care inspection processes (SCCIF): log inspections, record outcomes, steps and calls, decide approvals, keep the register. " +
        'Request bodies are JSON, at most 256 KB; a field that breaks a rule is a 400 naming it. Generated from functions/handlers.ts and the zod schemas (functions/app/api-reference.ts).',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl.replace(/\/+$/, '') }] } : {}),
    tags: [...new Set(HANDLERS.flatMap((handler) => (handler.kind === 'api' ? [tagOf(handler.path)] : [])))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cognitoIdToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            options.target === 'local'
              ? 'An ID token from POST /_local/sign-in { "email", "password" } (the local identity provider, Cognito-shaped)'
              : 'A Cognito user pool ID token (API Gateway’s Cognito authorizer; groups from `cognito:groups`)',
        },
        ...(options.target === 'local'
          ? { localBasic: { type: 'http', scheme: 'basic', description: 'Local runtime only: a local account’s email and password (never accepted by the pages)' } }
          : {}),
        webSession: { type: 'apiKey', in: 'cookie', name: WEB_SESSION_COOKIE, description: 'The web pages’ session (functions/web/session.ts)' },
      },
      schemas: {
        ...bodies,
        Error: jsonSchemaOf(ErrorBody),
        ValidationError: jsonSchemaOf(ValidationErrorBody),
        Unauthorized: jsonSchemaOf(UnauthorizedBody),
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
