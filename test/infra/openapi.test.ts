import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { API_EXAMPLES } from '../../functions/app/api-examples';
import { ErrorBody, openApiDocument, UnauthorizedBody, ValidationErrorBody, WEB_SESSION_COOKIE, type JsonSchema } from '../../functions/app/api-reference';
import {
  EstablishmentChange,
  InspectionPlanQuery,
  ListEnforcementActionsQuery,
  ListEstablishmentsQuery,
  ListInspectionsQuery,
  RegisterImport,
} from '../../functions/app/requests';
import { EnforcementActionDatesChange, EnforcementActionRecorded } from '../../functions/core/enforcement';
import { NotFoundError, ValidationError } from '../../functions/core/errors';
import { RegisterEntry } from '../../functions/core/establishments';
import { StepRecorded } from '../../functions/core/recorded-steps';
import { RequirementMet, RequirementRecorded } from '../../functions/core/requirements';
import { parseRegisterCsv } from '../../functions/core/register-import';
import { approvalDecisionFor, ChildrenCorrected, InspectionLogged, InspectionWithdrawn, OutcomeAmended, OutcomeRecorded, NextVisitWindowChanged, parseWith, PhoneCallRecorded, ReportCopyRecorded } from '../../functions/core/schemas';
import { HANDLERS, isWebHandler } from '../../functions/handlers';
import { httpErrors } from '../../functions/middleware/http';
import { SESSION_COOKIE } from '../../functions/web/session';
import { LOCAL_ACCOUNTS, LocalServer } from '../../infra/local/server';
import type { CfnTemplate } from '../../infra/local/template';
import { loadTemplate } from '../../infra/local/template-cache';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

type Route = `${string} ${string}`;

/** Every method of the synthesized REST API as `METHOD /path` (ANY is GET and POST: functions/handlers.ts). */
function templateRoutes(template: CfnTemplate): Route[] {
  const resources = Object.fromEntries(Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::ApiGateway::Resource'));
  const pathOf = (resourceId: unknown): string => {
    const parts: string[] = [];
    let ref = (resourceId as { Ref?: string }).Ref;
    while (ref && resources[ref]) {
      parts.unshift(String(resources[ref]!.Properties?.PathPart));
      ref = (resources[ref]!.Properties?.ParentId as { Ref?: string } | undefined)?.Ref;
    }
    return `/${parts.join('/')}`;
  };
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::ApiGateway::Method' && resource.Properties?.HttpMethod !== 'OPTIONS')
    .flatMap((method) => {
      const path = pathOf(method.Properties?.ResourceId);
      const httpMethod = String(method.Properties?.HttpMethod);
      return httpMethod === 'ANY' ? [`GET ${path}`, `POST ${path}`] : [`${httpMethod} ${path}`];
    })
    .sort() as Route[];
}

const documentRoutes = (document: ReturnType<typeof openApiDocument>): Route[] =>
  Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method): Route => `${method.toUpperCase()} ${path}`))
    .sort();

/**
 * The synthesized stack, as the local runtime loads it: from the cache of the current sources' synthesis
 * (infra/local/template-cache.ts; test/infra/stack.test.ts checks it equals a synthesis), or synthesized when they
 * changed. Synthesizing here again cost ~2.5 s of CPU, and loading aws-cdk-lib as much again in a worker that had not.
 */
let template: CfnTemplate;
beforeAll(async () => {
  template = (await loadTemplate(repositoryRoot)).template;
}, 60_000);

describe('the OpenAPI document and the API Gateway routes', () => {
  it('documents every route of the synthesized stack, and no route the stack lacks, with the same methods', () => {
    const deployed = templateRoutes(template);
    const documented = documentRoutes(openApiDocument({ target: 'aws' }));
    expect(deployed.length).toBeGreaterThan(15);
    expect(documented.filter((route) => !deployed.includes(route)), 'documented but not deployed').toEqual([]);
    expect(deployed.filter((route) => !documented.includes(route)), 'deployed but not documented').toEqual([]);
  });

  it('documents the same routes for the local runtime as for AWS', () => {
    expect(documentRoutes(openApiDocument({ target: 'local' }))).toEqual(documentRoutes(openApiDocument({ target: 'aws' })));
  });
});

describe('the OpenAPI document', () => {
  /**
   * One validator for the four documents: it compiles the OpenAPI 3.1 schema on first use and keeps it (about 0.3 s a
   * compile); each validate() starts again from the document it is given (its version, its refs).
   */
  const validator = new Validator();

  it.each(['aws', 'local'] as const)('is valid OpenAPI 3.1 (%s)', async (target) => {
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument({ target, serverUrl: 'http://127.0.0.1:3000' }))));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the validator when it is broken (the check can fail)', async () => {
    const broken = JSON.parse(JSON.stringify(openApiDocument({ target: 'aws' })));
    broken.paths['/inspections/{id}'].get.parameters[0].in = 'body'; // OpenAPI 2's, gone in 3
    expect((await validator.validate(broken)).valid).toBe(false);
    delete broken.info;
    expect((await validator.validate(broken)).valid).toBe(false);
  });

  it('names every path parameter of every route, required', () => {
    for (const [path, item] of Object.entries(openApiDocument({ target: 'aws' }).paths)) {
      const names = [...path.matchAll(/\{([A-Za-z]+)\+?\}/g)].map((match) => match[1]);
      for (const operation of Object.values(item) as { parameters: { name: string; in: string; required: boolean }[] }[]) {
        expect(operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name), path).toEqual(names);
        expect(operation.parameters.filter((parameter) => parameter.in === 'path').every((parameter) => parameter.required)).toBe(true);
      }
    }
  });

  it('offers HTTP Basic only on the local runtime, and the web pages only their session cookie', () => {
    const aws = openApiDocument({ target: 'aws' });
    const local = openApiDocument({ target: 'local' });
    expect(Object.keys(aws.components.securitySchemes)).not.toContain('localBasic');
    expect(local.paths['/inspections']?.post).toMatchObject({ security: [{ cognitoIdToken: [] }, { localBasic: [] }] });
    expect(aws.paths['/app/{proxy+}']?.get).toMatchObject({ security: [{ webSession: [] }] });
    expect(WEB_SESSION_COOKIE).toBe(SESSION_COOKIE);
  });
});

/** The zod schema each route's handler parses its body with (for the two overrides, what the app layer parses). */
const BODY_PARSERS: Record<string, (body: unknown) => { ok: boolean; errors?: unknown }> = {
  'log-inspection': (body) => parseWith(InspectionLogged, body),
  'record-outcome': (body) => parseWith(OutcomeRecorded, body),
  'record-step': (body) => parseWith(StepRecorded, body),
  'amend-outcome': (body) => parseWith(OutcomeAmended, body),
  'record-call': (body) => parseWith(PhoneCallRecorded, body),
  'record-report-copy': (body) => parseWith(ReportCopyRecorded, body),
  'change-next-visit-window': (body) => parseWith(NextVisitWindowChanged, body),
  'withdraw-inspection': (body) => parseWith(InspectionWithdrawn, body),
  'correct-children': (body) => parseWith(ChildrenCorrected, body),
  // The example decides an urgent case review after an inadequate judgement.
  'decide-approval': (body) => parseWith(approvalDecisionFor('case-review', 'inadequate'), body),
  'add-establishment': (body) => parseWith(RegisterEntry, body),
  'import-register': (body) => parseWith(RegisterImport, body),
  // app/establishments.ts logInspectionOfEstablishment: the establishment comes from the register.
  'log-establishment-inspection': (body) =>
    parseWith(InspectionLogged, {
      ...(body as object),
      establishment: { urn: 'SC999001', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E08000035' },
      provider: { name: 'Rowan Care Ltd', email: 'office@rowancare.example' },
    }),
  'change-establishment': (body) => parseWith(EstablishmentChange, body),
  'record-enforcement-action': (body) => parseWith(EnforcementActionRecorded, body),
  'change-enforcement-action': (body) => parseWith(EnforcementActionDatesChange, body),
  'record-requirement': (body) => parseWith(RequirementRecorded, body),
  'mark-requirement-met': (body) => parseWith(RequirementMet, body),
};

/** The routes whose handler parses the body with this zod schema as it is (no override). */
const BODY_SCHEMAS: Record<string, z.core.$ZodType> = {
  'log-inspection': InspectionLogged,
  'record-outcome': OutcomeRecorded,
  'record-step': StepRecorded,
  'record-call': PhoneCallRecorded,
  'record-report-copy': ReportCopyRecorded,
  'change-next-visit-window': NextVisitWindowChanged,
  'withdraw-inspection': InspectionWithdrawn,
  'add-establishment': RegisterEntry,
  'import-register': RegisterImport,
  'change-establishment': EstablishmentChange,
  'record-enforcement-action': EnforcementActionRecorded,
  'change-enforcement-action': EnforcementActionDatesChange,
  'record-requirement': RequirementRecorded,
  'mark-requirement-met': RequirementMet,
};

type Def = { type?: string; checks?: { _zod?: { def?: { check?: string } } }[]; options?: z.core.$ZodType[]; shape?: Record<string, z.core.$ZodType> };
const defOf = (schema: unknown): Def => ((schema as { _zod?: { def?: Def } })._zod?.def ?? {});
const refined = (schema: unknown) => (defOf(schema).checks ?? []).some((check) => check._zod?.def?.check === 'custom');

/**
 * Whether the body has rules across fields, which JSON Schema output leaves out: a refinement of the body, of one of
 * its shapes, or of an object in one of its fields (a field's own refinements, such as the characters of a name, are
 * about that field alone).
 */
function hasCrossFieldRules(schema: z.core.$ZodType): boolean {
  const shapes = [schema, ...(defOf(schema).options ?? [])];
  return shapes.some(
    (shape) => refined(shape) || Object.values(defOf(shape).shape ?? {}).some((field) => ['object', 'union'].includes(defOf(field).type ?? '') && refined(field)),
  );
}

const QUERY_SCHEMAS: Record<string, z.core.$ZodType> = {
  'list-inspections': ListInspectionsQuery,
  'list-establishments': ListEstablishmentsQuery,
  'inspection-plan': InspectionPlanQuery,
  'list-enforcement-actions': ListEnforcementActionsQuery,
};

describe('the examples', () => {
  const document = openApiDocument({ target: 'local' });
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const bodySchemaOf = (id: string): JsonSchema | undefined => {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item) as { operationId: string; requestBody?: { content: Record<string, { schema: { $ref: string } }> } }[]) {
        if (operation.operationId !== id || !operation.requestBody) continue;
        const name = operation.requestBody.content['application/json']!.schema.$ref.replace('#/components/schemas/', '');
        return (document.components.schemas as Record<string, JsonSchema>)[name];
      }
    }
    return undefined;
  };
  const jsonRoutes = HANDLERS.filter((handler) => handler.kind === 'api').filter((handler) => !isWebHandler(handler));

  it.each(jsonRoutes.map((handler) => [handler.id, handler] as const))('%s: the request body parses with its schema and matches the document', (id) => {
    const example = API_EXAMPLES[id as keyof typeof API_EXAMPLES];
    const schema = bodySchemaOf(id);
    expect(example.body === undefined, 'a body exactly where the route takes one').toBe(schema === undefined);
    if (example.body === undefined || !schema) return;
    expect(BODY_PARSERS[id]!(example.body)).toMatchObject({ ok: true });
    const validate = ajv.compile(schema);
    expect(validate(example.body), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(Object.entries(QUERY_SCHEMAS))('%s: the query parses with its schema', (id, schema) => {
    const example = API_EXAMPLES[id as keyof typeof API_EXAMPLES];
    expect(example.query).toBeDefined();
    expect(parseWith(schema, example.query)).toMatchObject({ ok: true });
  });

  it('import-register: every row of the example CSV is a valid register row', () => {
    const { csv } = API_EXAMPLES['import-register'].body as { csv: string };
    expect(parseRegisterCsv(csv, new Map([['Leeds', 'E08000035']]))).toMatchObject({ ok: true });
  });

  it.each(jsonRoutes.map((handler) => [handler.id, handler] as const))('%s: the caller is a local account of the route’s groups, on the route’s path', (_id, handler) => {
    const example = API_EXAMPLES[handler.id as keyof typeof API_EXAMPLES];
    const account = LOCAL_ACCOUNTS.find((candidate) => `${candidate.email}:${candidate.password}` === example.as);
    expect(account, example.as).toBeDefined();
    expect(account!.groups.some((group) => (handler.groups as readonly string[]).includes(group))).toBe(true);
    const pattern = new RegExp(`^${handler.path.replace(/\{[A-Za-z]+\}/g, '[^/]+')}$`);
    expect(example.path).toMatch(pattern);
  });

  it.each(Object.entries(BODY_SCHEMAS))('%s: names the rules across fields that its JSON Schema leaves out', (id, schema) => {
    const operation = Object.values(document.paths)
      .flatMap((item) => Object.values(item) as { operationId: string; description: string }[])
      .find((candidate) => candidate.operationId === id)!;
    expect(operation.description.includes('Also checked, beyond the schema'), id).toBe(hasCrossFieldRules(schema));
  });

  it('the document’s JSON Schemas refuse what the zod schemas refuse (the overrides too)', () => {
    const amendment = { ...(API_EXAMPLES['amend-outcome'].body as object) } as Record<string, unknown>;
    delete amendment.reason;
    expect(parseWith(OutcomeAmended, amendment).ok).toBe(false);
    expect(ajv.validate(bodySchemaOf('amend-outcome')!, amendment)).toBe(false);
    const monitoring = { process: 'monitoring-visit', outcome: 'further-monitoring', reason: 'QA', registeredManagerCalledOn: '2026-11-27' };
    expect(parseWith(OutcomeAmended, monitoring).ok).toBe(false);
    expect(ajv.validate(bodySchemaOf('amend-outcome')!, monitoring)).toBe(false);
    const withEstablishment = { ...(API_EXAMPLES['log-establishment-inspection'].body as object), establishment: {} };
    expect(ajv.validate(bodySchemaOf('log-establishment-inspection')!, withEstablishment)).toBe(false);
    expect(ajv.validate(bodySchemaOf('decide-approval')!, { decision: 'approve-it', rationale: 'Because it is fine by me.' })).toBe(false);
  });
});

describe('the documented error bodies', () => {
  const answer = (error: Error) => {
    const request = { error, response: undefined as { statusCode: number; body: string } | undefined };
    (httpErrors().onError as (request: unknown) => void)(request);
    return { status: request.response!.statusCode, body: JSON.parse(request.response!.body) as unknown };
  };

  it('are what the API answers', () => {
    const invalid = answer(new ValidationError([{ field: 'dates.inspectionEnd', message: 'is required' }]));
    expect(invalid.status).toBe(400);
    expect(ValidationErrorBody.safeParse(invalid.body).success).toBe(true);
    const missing = answer(new NotFoundError('inspection not found'));
    expect(missing.status).toBe(404);
    expect(ErrorBody.safeParse(missing.body).success).toBe(true);
    expect(ErrorBody.safeParse(answer(new Error('boom')).body).success).toBe(true);
    expect(UnauthorizedBody.safeParse({ message: 'Unauthorized' }).success).toBe(true);
  });
});

describe('the local runtime', () => {
  it('serves the document at GET /openapi.json without sign-in, naming itself as the server', async () => {
    const server = new LocalServer();
    const url = await server.listen(0);
    try {
      const response = await fetch(`${url}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const document = (await response.json()) as { openapi: string; servers: { url: string }[]; components: { securitySchemes: object } };
      expect(document.openapi).toBe('3.1.0');
      expect(document.servers).toEqual([{ url }]);
      expect(Object.keys(document.components.securitySchemes)).toContain('localBasic');
      // Nothing else there: any other method is an API call, which needs a caller.
      expect((await fetch(`${url}/openapi.json`, { method: 'POST' })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
