/**
 * The queries and commands of the application layer that are not events of the core (core/schemas.ts): what the
 * JSON API's query strings and the register's bodies take, as zod schemas. Kept apart from the operations (which
 * read the table) so that the API reference (./api-reference.ts) is built from them without any AWS code.
 */
import * as z from 'zod';
import { ESTABLISHMENT_STATUSES, RegisterEntryChange } from '../core/establishments';
import type { InspectionStatus } from '../core/inspection';
import { RISKS } from '../core/inspection-views';
import { ESTABLISHMENT_KINDS, InspectionIdText, LOGGABLE_PROCESSES, LocalAuthorityCode } from '../core/schemas';

/** Every status, from a record keyed by the type: a status added to InspectionStatus and not listed fails to compile. */
const STATUSES: Record<InspectionStatus, true> = {
  'awaiting-outcome': true,
  'in-progress': true,
  'awaiting-approval': true,
  complete: true,
  failed: true,
};
export const INSPECTION_STATUSES = Object.keys(STATUSES) as [InspectionStatus, ...InspectionStatus[]];

const MAX_LIMIT = 100;

/** GET /inspections and the inspections list page. */
export const ListInspectionsQuery = z.strictObject({
  status: z.enum(INSPECTION_STATUSES).optional(),
  process: z.enum(LOGGABLE_PROCESSES).optional(),
  risk: z.enum(RISKS).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LIMIT))
    .optional(),
  cursor: z.string().min(1).max(4096).optional(),
});
export type ListInspectionsQuery = z.output<typeof ListInspectionsQuery>;

/** GET /establishments and the register page. */
export const ListEstablishmentsQuery = z.strictObject({
  kind: z.enum(ESTABLISHMENT_KINDS).optional(),
  hostAuthority: LocalAuthorityCode.optional(),
  status: z.enum(ESTABLISHMENT_STATUSES).optional(),
});
export type ListEstablishmentsQuery = z.output<typeof ListEstablishmentsQuery>;

/** PATCH /establishments/{urn}. */
export const EstablishmentChange = z.strictObject({
  /** The version the change was made against (from GET); a later change by someone else is then a 409. */
  version: z.number().int().min(1).optional(),
  change: RegisterEntryChange,
});
export type EstablishmentChange = z.output<typeof EstablishmentChange>;

/** POST /establishments/import: the register as a CSV file in the layout of Ofsted's published register. */
export const RegisterImport = z.strictObject({ csv: z.string().min(1, 'is empty') });

/** GET /establishments/{urn}/enforcement-actions: the actions after one inspection only. */
export const ListEnforcementActionsQuery = z.strictObject({ inspectionId: InspectionIdText.optional() });
export type ListEnforcementActionsQuery = z.output<typeof ListEnforcementActionsQuery>;

/** GET /inspection-plan and the plan page. */
export const InspectionPlanQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year YYYY (2026 is 1 April 2026 to 31 March 2027)')
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2100))
    .optional(),
  hostAuthority: LocalAuthorityCode.optional(),
  kind: z.enum(ESTABLISHMENT_KINDS).optional(),
  risk: z.enum(RISKS).optional(),
  /** One page of DUE_LIST_PAGE_SIZE rows (1 is the first); absent, the API answers every row. */
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'must be a page number: 1, 2, 3 and so on')
    .transform(Number)
    .optional(),
});
export type InspectionPlanQuery = z.output<typeof InspectionPlanQuery>;
