/**
 * The judgement scales and their words (children's homes framework §35, §83, §86; residential family centres
 * framework): a module of their own, so that what names a judgement (a record's view, a timeline's title) does not
 * bring the judgement rules (judgements.ts, which re-exports these) into its bundle.
 */

/** Children's homes framework §35, residential family centres framework: the four-point scale, best first. */
export const FOUR_POINT = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
export type FourPointGrade = (typeof FOUR_POINT)[number];

/** Children's homes framework §83, §86: the interim inspection's three-point scale. */
export const INTERIM = ['improved', 'sustained', 'declined'] as const;
export type InterimGrade = (typeof INTERIM)[number];

export const FOUR_POINT_LABELS: Record<FourPointGrade, string> = {
  outstanding: 'outstanding',
  good: 'good',
  'requires-improvement': 'requires improvement',
  inadequate: 'inadequate',
};

/** A four-point grade in the framework's words ("requires improvement"); a value that is not one, as it is. */
export function fourPointWords(grade: string): string {
  return FOUR_POINT_LABELS[grade as FourPointGrade] ?? grade;
}

export const INTERIM_LABELS: Record<InterimGrade, string> = {
  improved: 'improved effectiveness',
  sustained: 'sustained effectiveness',
  declined: 'declined in effectiveness',
};
