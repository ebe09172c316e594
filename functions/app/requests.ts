/**
 * The queries and commands of the application layer that are not events of the core (core/schemas.ts): what the
 * JSON API's query strings and the register's bodies take, as zod schemas. Kept apart from the operations (which
 * read the table) so that the API reference (./api-reference.ts) is built from them without any AWS code.
 */
import * as z from 'zod/mini';
import { ESTABLISHMENT_STATUSES, RegisterEntryChange } from '../core/establishments';
import type { InspectionStatus } from '../core/inspection';
import { INSPECTION_RISKS, RISKS } from '../core/inspection-views';
import { PLAN_YEARS } from '../core/regulations/inspection-plan';
import { ESTABLISHMENT_KINDS, InspectionIdText, LOGGABLE_PROCESSES, LocalAuthorityCode } from '../core/schemas';

/** Every status, from a record keyed by the type: a status added to InspectionStatus and not listed fails to compile. */
const STATUSES: Record<InspectionStatus, true> = {
  'awaiting-outcome': true,
  'in-progress': true,
  'awaiting-approval': true,
  complete: true,
  failed: true,
  withdrawn: true,
};
export const INSPECTION_STATUSES = Object.keys(STATUSES) as [InspectionStatus, ...InspectionStatus[]];

const MAX_LIMIT = 100;

/** GET /inspections and the inspections list page. */
export const ListInspectionsQuery = z.strictObject({
  status: z.optional(z.enum(INSPECTION_STATUSES)),
  process: z.optional(z.enum(LOGGABLE_PROCESSES)),
  risk: z.optional(z.enum(INSPECTION_RISKS)),
  limit: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)), z.transform(Number)),
      z.number().check(z.int(), z.gte(1), z.lte(MAX_LIMIT)),
    ),
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});
export type ListInspectionsQuery = z.output<typeof ListInspectionsQuery>;

/** GET /establishments and the register page. */
export const ListEstablishmentsQuery = z.strictObject({
  kind: z.optional(z.enum(ESTABLISHMENT_KINDS)),
  hostAuthority: z.optional(LocalAuthorityCode),
  status: z.optional(z.enum(ESTABLISHMENT_STATUSES)),
});
export type ListEstablishmentsQuery = z.output<typeof ListEstablishmentsQuery>;

/** PATCH /establishments/{urn}. */
export const EstablishmentChange = z.strictObject({
  /** The version the change was made against (from GET); a later change by someone else is then a 409. */
  version: z.optional(z.number().check(z.int(), z.gte(1))),
  change: RegisterEntryChange,
});
export type EstablishmentChange = z.output<typeof EstablishmentChange>;

/** POST /establishments/import: the register as a CSV file in the layout of Ofsted's published register. */
export const RegisterImport = z.strictObject({ csv: z.string().check(z.minLength(1, 'is empty')) });

/** GET /establishments/{urn}/enforcement-actions: the actions after one inspection only. */
export const ListEnforcementActionsQuery = z.strictObject({ inspectionId: z.optional(InspectionIdText) });
export type ListEnforcementActionsQuery = z.output<typeof ListEnforcementActionsQuery>;

/** An inspection year in a query: `2026` is 1 April 2026 to 31 March 2027. */
const InspectionYearText = z.pipe(
  z.pipe(z.string().check(z.regex(/^\d{4}$/, 'must be a year YYYY (2026 is 1 April 2026 to 31 March 2027)')), z.transform(Number)),
  z.number().check(z.int(), z.gte(PLAN_YEARS.first), z.lte(PLAN_YEARS.last)),
);

/** GET /inspection-plan and the plan page. */
export const InspectionPlanQuery = z.strictObject({
  year: z.optional(InspectionYearText),
  hostAuthority: z.optional(LocalAuthorityCode),
  kind: z.optional(z.enum(ESTABLISHMENT_KINDS)),
  risk: z.optional(z.enum(RISKS)),
  /** One page of DUE_LIST_PAGE_SIZE rows (1 is the first); absent, the API answers every row. */
  page: z.optional(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a page number: 1, 2, 3 and so on')), z.transform(Number))),
});
export type InspectionPlanQuery = z.output<typeof InspectionPlanQuery>;

/** GET /establishments/{urn}?year=YYYY: the plan of that inspection year (default: the current one). */
export const EstablishmentQuery = z.strictObject({ year: z.optional(InspectionYearText) });
export type EstablishmentQuery = z.output<typeof EstablishmentQuery>;
