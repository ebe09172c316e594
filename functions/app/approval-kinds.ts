/** Each kind of approval in words, as sentences about it say it ("the case review of your own inspection"). */
import type { ApprovalKind } from '../core/schemas';

export const KIND_WORDS: Record<ApprovalKind, string> = {
  'case-review': 'case review',
  'interim-case-review': 'case review decision',
  'la-contact-arrangements': 'local authority contact arrangements',
  'rfc-case-discussion': 'case discussion',
};
