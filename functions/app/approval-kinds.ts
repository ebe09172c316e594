/** Each kind of approval in words, as sentences about it say it ("the case review of your own inspection"). */
import type { Group } from '../handlers';
import { DECIDERS } from '../core/approvals';
import type { ApprovalKind } from '../core/schemas';

/**
 * Who decides each kind: managers, except the family centre's case discussion, held with and decided by a social care
 * compliance inspector (RFC framework §42-44).
 */
export const DECIDED_BY: Record<ApprovalKind, { group: Group; words: string }> = {
  'case-review': { group: DECIDERS['case-review'], words: 'a manager' },
  'interim-case-review': { group: DECIDERS['interim-case-review'], words: 'a manager' },
  'la-contact-arrangements': { group: DECIDERS['la-contact-arrangements'], words: 'a manager' },
  'rfc-case-discussion': { group: DECIDERS['rfc-case-discussion'], words: 'a social care compliance inspector (RFC framework §42-44)' },
};

export function decides(caller: { groups: readonly string[] }, kind: ApprovalKind): boolean {
  return caller.groups.includes(DECIDED_BY[kind].group);
}

export const KIND_WORDS: Record<ApprovalKind, string> = {
  'case-review': 'case review',
  'interim-case-review': 'case review decision',
  'la-contact-arrangements': 'local authority contact arrangements',
  'rfc-case-discussion': 'case discussion',
};

/**
 * A kind's decision in words ("case review decision"): the interim case review's words end with "decision" already,
 * which sentences adding it doubled (found by a new-user walk: "the case review decision decision").
 */
export function decisionWords(kind: ApprovalKind): string {
  const words = KIND_WORDS[kind];
  return words.endsWith(' decision') ? words : `${words} decision`;
}

/** What a manager decides, without the word "decision" ("Decide the case review"). */
export function decidedWords(kind: ApprovalKind): string {
  return KIND_WORDS[kind].replace(/ decision$/, '');
}
