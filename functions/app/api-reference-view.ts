/**
 * The API reference for people: every route of the OpenAPI document (./api-reference.ts) with its parameters, body
 * fields, statuses and an example, read from the document itself, so that the page (/app/api-reference) and README's
 * API section (npm run docs) say what /openapi.json says.
 */
import type { JsonSchema, OpenApiDocument } from './api-reference';

export interface FieldView {
  name: string;
  type: string;
  required: string;
  notes: string;
}

export interface RouteView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  who: string;
  parameters: (FieldView & { in: string })[];
  /** The body's component name and, when it is one of several shapes, what tells them apart. */
  body?: { name: string; variants: string[]; contentType: string };
  fields: FieldView[];
  responses: { status: string; description: string }[];
  example?: { curl: string; status: number; response: string };
}

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  'x-groups': string[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { example?: unknown }> }>;
}

const asList = (value: unknown): JsonSchema[] => (Array.isArray(value) ? (value as JsonSchema[]) : []);

/** A JSON Schema's type in a few words: `"a" | "b"`, `string (date)`, `array of object`. */
export function typeText(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const choices = asList(schema.oneOf ?? schema.anyOf);
  if (choices.length > 0) return [...new Set(choices.map(typeText))].join(' or ');
  if (schema.type === 'array') return `array of ${typeText(schema.items as JsonSchema | undefined)}`;
  if (schema.type === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') return 'map';
  return typeof schema.type === 'string' ? schema.type : 'any';
}

/** The rules a JSON Schema states besides its type, in words. */
function constraintsOf(schema: JsonSchema): string {
  const notes: string[] = [];
  const { minLength, maxLength, minimum, maximum, minItems, maxItems, pattern, format, description } = schema as Record<string, unknown>;
  if (typeof description === 'string') notes.push(description);
  const range = (min: unknown, max: unknown, unit: string) => {
    // zod writes the safe-integer bounds of every integer: not a rule anyone set.
    const low = typeof min === 'number' && min > Number.MIN_SAFE_INTEGER ? min : undefined;
    const high = typeof max === 'number' && max < Number.MAX_SAFE_INTEGER ? max : undefined;
    if (low !== undefined && high !== undefined) notes.push(`${low} to ${high}${unit}`);
    else if (low !== undefined && low > 0) notes.push(`at least ${low}${unit}`);
    else if (high !== undefined) notes.push(`at most ${high}${unit}`);
  };
  range(minLength, maxLength, ' characters');
  range(minimum, maximum, '');
  range(minItems, maxItems, ' items');
  if (typeof pattern === 'string' && format === undefined) notes.push(`pattern \`${pattern}\``);
  if (schema.type === 'object' && schema.properties) notes.push(`fields: ${Object.keys(schema.properties as object).join(', ')}`);
  return notes.join('; ');
}

/** What tells the shapes of a one-of body apart: a title, or the field every shape fixes to a constant. */
function variantLabel(variant: JsonSchema): string {
  if (typeof variant.title === 'string') return variant.title;
  const fixed = Object.entries((variant.properties ?? {}) as Record<string, JsonSchema>).find(([, schema]) => schema.const !== undefined);
  return fixed ? `${fixed[0]} = ${JSON.stringify(fixed[1].const)}` : 'one shape';
}

/** The body's fields, across its shapes: required "yes" in every shape, else the shapes that require it. */
export function bodyFields(schema: JsonSchema): FieldView[] {
  const variants = asList(schema.oneOf ?? schema.anyOf);
  const shapes = variants.length > 0 ? variants : [schema];
  const names = [...new Set(shapes.flatMap((shape) => Object.keys((shape.properties ?? {}) as object)))];
  return names.map((name) => {
    const holding = shapes.filter((shape) => Object.hasOwn((shape.properties ?? {}) as object, name));
    const requiring = shapes.filter((shape) => asRequired(shape).includes(name));
    const types = [...new Set(holding.map((shape) => typeText((shape.properties as Record<string, JsonSchema>)[name])))];
    const notes = [...new Set(holding.map((shape) => constraintsOf((shape.properties as Record<string, JsonSchema>)[name] ?? {})).filter(Boolean))];
    const required =
      requiring.length === shapes.length ? 'yes' : requiring.length === 0 ? 'no' : `with ${requiring.map(variantLabel).join(', ')}`;
    const onlyIn = holding.length < shapes.length ? `only with ${holding.map(variantLabel).join(', ')}` : '';
    return { name, type: types.join(' | '), required, notes: [onlyIn, ...notes].filter(Boolean).join('; ') };
  });
}

const asRequired = (schema: JsonSchema): string[] => (Array.isArray(schema.required) ? (schema.required as string[]) : []);

/** JSON indented by 2, with each object or list that fits in `width` characters on one line. */
export function compactJson(value: unknown, width = 110, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + compactJson(item, width, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, width, inner)}`).join(',\n')}\n${indent}}`;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export interface ExampleTarget {
  /** Where the API is: `localhost:3000` (the local runtime's default port), or the stage URL on AWS. */
  baseUrl: string;
  /** `basic`: as the example's local account (local runtime only); `bearer`: with an ID token in $ID_TOKEN. */
  auth: 'basic' | 'bearer';
}

export const LOCAL_EXAMPLES: ExampleTarget = { baseUrl: 'localhost:3000', auth: 'basic' };

/** The example as a curl command. */
function curlOf(method: string, path: string, as: string, body: unknown, query: Record<string, string> | undefined, target: ExampleTarget): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  const url = `${target.baseUrl.replace(/\/+$/, '')}${path}${search}`;
  const credentials = target.auth === 'basic' ? `-u ${as}` : `-H "Authorization: Bearer $ID_TOKEN"`;
  const parts = [`curl ${credentials}`, ...(method === 'GET' ? [] : [`-X ${method}`]), search ? shellQuote(url) : url];
  if (body !== undefined) parts.push(`-H 'content-type: application/json'`, `-d ${shellQuote(JSON.stringify(body))}`);
  return parts.join(' ');
}

function resolve(document: OpenApiDocument, schema: JsonSchema): { name?: string; schema: JsonSchema } {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { schema };
  const name = ref.replace('#/components/schemas/', '');
  return { name, schema: (document.components.schemas as Record<string, JsonSchema>)[name] ?? {} };
}

/** Every route of the document, in its order, for the page and README. */
export function apiRouteViews(
  document: OpenApiDocument,
  examples: Record<string, { as: string; path: string; query?: Record<string, string> } | undefined> = {},
  target: ExampleTarget = LOCAL_EXAMPLES,
): RouteView[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([lowerMethod, operation]): RouteView => {
      const method = lowerMethod.toUpperCase();
      const content = operation.requestBody ? Object.entries(operation.requestBody.content)[0] : undefined;
      const body = content ? resolve(document, content[1].schema) : undefined;
      const success = Object.entries(operation.responses).find(([, response]) => response.content?.['application/json']?.example !== undefined);
      const example = examples[operation.operationId];
      return {
        id: operation.operationId,
        method,
        path,
        summary: operation.summary,
        description: operation.description,
        who: operation['x-groups'].join(', '),
        parameters: operation.parameters.map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          type: typeText(parameter.schema),
          required: parameter.required ? 'yes' : 'no',
          notes: [parameter.description ?? '', constraintsOf(parameter.schema)].filter(Boolean).join('; '),
        })),
        ...(content && body
          ? {
              body: {
                name: body.name ?? 'body',
                variants: asList(body.schema.oneOf ?? body.schema.anyOf).map(variantLabel),
                contentType: content[0],
              },
            }
          : {}),
        fields: body ? bodyFields(body.schema) : [],
        responses: Object.entries(operation.responses).map(([status, response]) => ({ status, description: response.description })),
        ...(example && success
          ? {
              example: {
                curl: curlOf(method, example.path, example.as, content?.[1].example, example.query, target),
                status: Number(success[0]),
                response: compactJson(success[1].content?.['application/json']?.example),
              },
            }
          : {}),
      };
    }),
  );
}
