/**
 * Requirements and recommendations made at an inspection (children's homes framework §33, §44, §49; RFC framework
 * §26, §40-41): a requirement says what the registered person must do to meet the regulations, by a date; a
 * recommendation says where practice can improve, with no date. A requirement is later recorded as met in full, on a
 * day. §74: a monitoring visit may award an improved judgement only when "all requirements that have been made will
 * have had to be met in full" (requirementsMetInFull).
 *
 * Pure: no clock, no I/O. "Today" comes in as a London date.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { formatLondonDate, type LocalDate } from './calendar';
import { citeSources, homesFramework, rfcFramework, SCCIF_15_1 } from './regulations/sources';
import { LocalDateText, text, type FieldError } from './schemas';

export const REQUIREMENT_KINDS = ['requirement', 'recommendation'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

/** §44 (requirements), §49 (recommendations); RFC §26, §40-41. */
/**
 * The paragraphs behind a requirement's due date and a recommendation's having none, in both frameworks: a schema's
 * rule does not know the establishment (found by a new-user walk: a family centre's recommendation cited the children's
 * homes framework alone).
 */
const REQUIREMENT_WORDS_SOURCE = citeSources([homesFramework('§44'), rfcFramework('§40')]);
const RECOMMENDATION_WORDS_SOURCE = citeSources([homesFramework('§49'), rfcFramework('§41')]);

export const REQUIREMENTS_SOURCE = citeSources([homesFramework('§44'), homesFramework('§49'), rfcFramework('§40'), rfcFramework('§41')]);
/** §74: an improved judgement at a monitoring visit needs every requirement met in full. */
export const IMPROVED_JUDGEMENT_REQUIREMENTS_SOURCE = citeSources([homesFramework('§74'), SCCIF_15_1]);

/** POST /inspections/{id}/requirements. */
export const RequirementRecorded = z
  .strictObject({
    kind: z.enum(REQUIREMENT_KINDS),
    /** What the registered person must do (a requirement) or could do better (a recommendation). */
    text: text({ min: 10, max: 2000, multiline: true }),
    /** The regulation (requirement) or the standard of the Guide (recommendation) it relates to, e.g. "Regulation 12". */
    regulation: z.optional(text({ min: 1, max: 200 })),
    /** A requirement's due date: by when it must be met. A recommendation has none. */
    dueOn: z.optional(LocalDateText),
  })
  .check(z.superRefine((item, ctx) => {
    if (item.kind === 'requirement' && item.dueOn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: `is required for a requirement: the date by which it must be met (${REQUIREMENT_WORDS_SOURCE})` });
    }
    if (item.kind === 'recommendation' && item.dueOn !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: `applies to requirements only: a recommendation has no due date (${RECOMMENDATION_WORDS_SOURCE})` });
    }
  }));
export type RequirementRecorded = z.output<typeof RequirementRecorded>;

/** PATCH /inspections/{id}/requirements/{requirementId}: the requirement met in full, on a day. */
export const RequirementMet = z.strictObject({
  version: z.optional(z.number().check(z.int(), z.gte(1))),
  metInFullOn: LocalDateText,
});
export type RequirementMet = z.output<typeof RequirementMet>;

export interface RequirementRecord {
  /** A digest of the kind and text: the same item recorded twice is one record. */
  id: string;
  inspectionId: string;
  kind: RequirementKind;
  text: string;
  regulation?: string;
  dueOn?: LocalDate;
  /** The London day the requirement was met in full (requirements only). */
  metInFullOn?: LocalDate;
  metRecordedBy?: string;
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
  version: number;
}

export function requirementId(kind: RequirementKind, itemText: string): string {
  return `${kind === 'requirement' ? 'R' : 'C'}-${createHash('sha256').update(`${kind}\n${itemText}`).digest('hex').slice(0, 12)}`;
}

/** A new item's dates: a requirement's due date is after the inspection's first day. */
export function requirementProblems(item: RequirementRecorded, inspectionStart: LocalDate): FieldError[] {
  if (item.dueOn !== undefined && item.dueOn <= inspectionStart) {
    return [{ field: 'dueOn', message: `must be after the inspection began (${formatLondonDate(inspectionStart)})` }];
  }
  return [];
}

/** The day a requirement was met: not a recommendation, not before the inspection, not in the future. */
export function metInFullProblems(item: Pick<RequirementRecord, 'kind'>, metInFullOn: LocalDate, inspectionStart: LocalDate, today: LocalDate): FieldError[] {
  if (item.kind !== 'requirement') {
    return [{ field: 'metInFullOn', message: `applies to requirements only: a recommendation is not "met in full" (${RECOMMENDATION_WORDS_SOURCE})` }];
  }
  if (metInFullOn < inspectionStart) {
    return [{ field: 'metInFullOn', message: `must not be before the inspection that made the requirement (${formatLondonDate(inspectionStart)})` }];
  }
  if (metInFullOn > today) {
    return [{ field: 'metInFullOn', message: `must not be in the future: record it once it has been met (today is ${formatLondonDate(today)}, London)` }];
  }
  return [];
}

/** The requirements (not recommendations) not met in full by a day. */
export function outstandingRequirements<T extends Pick<RequirementRecord, 'kind' | 'metInFullOn'>>(items: readonly T[], on: LocalDate): T[] {
  return items.filter((item) => item.kind === 'requirement' && (item.metInFullOn === undefined || item.metInFullOn > on));
}

/**
 * §74: every requirement made has been met in full by the day (recommendations do not count). True when none was
 * recorded: the system then cannot tell, and the inspector's own answer (allRequirementsMet) stands alone.
 */
export function requirementsMetInFull(items: readonly Pick<RequirementRecord, 'kind' | 'metInFullOn'>[], on: LocalDate): boolean {
  return outstandingRequirements(items, on).length === 0;
}

/** A requirement past its due date and not met: overdue. */
export function requirementOverdue(item: Pick<RequirementRecord, 'kind' | 'dueOn' | 'metInFullOn'>, today: LocalDate): boolean {
  return item.kind === 'requirement' && item.metInFullOn === undefined && item.dueOn !== undefined && item.dueOn < today;
}

/**
 * §74 read against the record: an improved judgement at a monitoring visit on `visitDate` is refused while a recorded
 * requirement is not met in full by that day. Names `allRequirementsMet`, the answer it contradicts.
 */
export function improvedJudgementRequirementProblems(
  items: readonly Pick<RequirementRecord, 'kind' | 'metInFullOn' | 'text'>[],
  visitDate: LocalDate,
): FieldError[] {
  const outstanding = outstandingRequirements(items, visitDate);
  if (outstanding.length === 0) return [];
  const count = outstanding.length;
  return [
    {
      field: 'allRequirementsMet',
      message:
        `an improved judgement needs every requirement met in full (${IMPROVED_JUDGEMENT_REQUIREMENTS_SOURCE}): ${count} ` +
        `${count === 1 ? 'requirement was' : 'requirements were'} not recorded as met by the visit on ${formatLondonDate(visitDate)}`,
    },
  ];
}
