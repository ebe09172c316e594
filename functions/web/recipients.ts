/**
 * Who an email went to, in the words the pages use (the notifications ledger, the withdrawal page): its own module so
 * that a Lambda of pages naming recipients does not carry the inspection page.
 */
import type { AuthorityRole } from '../core/alerts';
import { londonDateOf } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import type { EmailRecipient } from '../core/inspection-views';
import type { LocalAuthorityDirectory } from '../core/local-authorities';
import { dutyWords, sentenceCase } from './labels';

export function authorityName(directory: LocalAuthorityDirectory, code: string): string {
  return directory.get(code)?.name ?? code;
}

export const ROLE_WORDS = (roles: readonly (AuthorityRole | string)[] | undefined): string => {
  if (!roles || roles.length === 0) return '';
  const host = roles.includes('host');
  const placing = roles.includes('placing');
  if (host && placing) return 'host and placing authority';
  return host ? 'host authority' : placing ? 'placing authority' : '';
};

export function recipientOf(recipient: EmailRecipient, to: string | undefined, directory: LocalAuthorityDirectory) {
  switch (recipient.kind) {
    case 'dcs': {
      const code = recipient.authorityCode;
      const name = code ? authorityName(directory, code) : (recipient.authorityName ?? 'A local authority');
      const roles = ROLE_WORDS(recipient.roles);
      return { name: `Director of children's services, ${name}`, detail: roles ? sentenceCase(roles) : undefined, address: to };
    }
    case 'placer':
      return { name: 'The person who placed a child who is not looked after', detail: undefined, address: undefined };
    case 'provider':
      // Its address, as a DCS's: an email that bounced names the address that refused it (found by a new-user walk).
      return { name: 'The provider', detail: undefined, address: to };
    case 'dfe':
      return { name: 'Department for Education', detail: undefined, address: undefined };
    case 'manager':
      return { name: 'Regulatory inspection managers', detail: undefined, address: undefined };
    case 'senior-manager':
      return { name: 'Senior manager (senior HMI)', detail: undefined, address: undefined };
    case 'inspector':
      return { name: 'The lead inspector', detail: undefined, address: undefined };
    case 'compliance-inspectors':
      return { name: 'Social care compliance inspectors', detail: undefined, address: undefined };
  }
}

/**
 * Each person or body outside Ofsted emailed about an inspection, once, with what they were sent and when, oldest
 * first: "Director of children's services, Leeds (dcs@leeds.example): Alert to the director of children's services,
 * Tuesday 5 January 2027" (found by a new-user walk: who was emailed, but not with what).
 */
export function emailedWords(
  emails: readonly { duty: string; recipient: EmailRecipient; to?: string; sentAt: string }[],
  directory: LocalAuthorityDirectory,
  /**
   * For a manager who is to tell them of a withdrawal: the people who placed a child, by their address (lower case),
   * named with it (found by a new-user walk: "tell them yourself", with no name or address to do it with).
   */
  placers?: ReadonlyMap<string, string>,
): string[] {
  const sent = new Map<string, string[]>();
  for (const { duty, recipient, to, sentAt } of emails) {
    const { name, address } = recipientOf(recipient, to, directory);
    const placer = recipient.kind === 'placer' && to !== undefined ? placers?.get(to.toLowerCase()) : undefined;
    const who = placer !== undefined ? `${placer} (${to}), who placed a child who is not looked after` : address ? `${name} (${address})` : name;
    sent.set(who, [...(sent.get(who) ?? []), `${dutyWords(duty, recipient.kind)}, ${formatDateInWords(londonDateOf(sentAt))}`]);
  }
  return [...sent].map(([who, what]) => `${who}: ${what.join('; ')}`);
}

/** The people who placed a child themselves, by their address (lower case): their names, for a manager to contact them. */
export { placerNamesOf as placersOf } from '../core/inspection-views';
