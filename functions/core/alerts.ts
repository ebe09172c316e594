/**
 * Alerts to directors of children's services, and the copy to the provider: every rule of SCCIF 15.3 and 15.4 (and of
 * the assurance visit's "next steps") that decides who is alerted, with what, under which key, and what the provider
 * is told of it.
 *
 * Who: the DCS of the placing authority of every child currently placed in the home, and of the host authority (the
 * LA where the home is located), each once (15.3). A child who is not looked after has no placing LA; whoever placed
 * them (e.g. parents) is alerted instead (15.4). Children's initials never leave this module: recipients carry
 * authorities and placers only.
 *
 * Whether: the workflows decide (an interim decline is alerted only when its case review agreed: the interim
 * inspection starts the inadequate pathway with `alertLocalAuthorities` false otherwise, and the pathway routes on it).
 */
import { createHash } from 'node:crypto';
import { londonDateOf, type LocalDate } from './calendar';
import type { AlertAddressee, AlertedAs, AlertEvent, DcsAlertInput, ProviderCopyOfAlertInput } from './email-content';
import { NotFoundError, ValidationError } from './errors';
import { inspectionEndDate, leadInspectorContact, type InspectionRecord } from './inspection';
import { alertsSentInError, DCS_ALERT_DUTY, type EmailRecipient, type OutboxEmail } from './inspection-views';
import type { LocalAuthorityDirectory } from './local-authorities';
import type { ProcessId } from './regulations';
import { cite, SCCIF_15_3 } from './regulations/sources';
import type { FieldError, LoggableProcess, Placement } from './schemas';

export type AuthorityRole = 'host' | 'placing';

export interface DcsRecipient {
  kind: 'dcs';
  authorityCode: string;
  authorityName: string;
  email: string;
  /** `host` and/or `placing`: an authority that hosts the home and places a child there is alerted once, with both. */
  roles: AuthorityRole[];
}

/** Whoever placed a child who is not looked after (SCCIF 15.4). */
export interface PlacerRecipient {
  kind: 'placer';
  name: string;
  email: string;
}

export type AlertRecipient = DcsRecipient | PlacerRecipient;

export interface AlertSubject {
  hostAuthority: string;
  /** Only the placement is read; initials are never needed to choose recipients. */
  children: readonly { placement: Placement }[];
}

function byKey(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * The recipients of a DCS alert, in a fixed order: the host authority first, then placing authorities by code,
 * then placers by email. Throws UnknownLocalAuthorityError for a code missing from the directory.
 */
export function alertRecipients({ hostAuthority, children }: AlertSubject, directory: LocalAuthorityDirectory): AlertRecipient[] {
  const host = directory.require(hostAuthority);

  const placingCodes = new Set<string>();
  // Keyed by lower-cased email: the same parent placing two children is alerted once, under the first name given.
  const placers = new Map<string, PlacerRecipient>();
  for (const { placement } of children) {
    if (placement.lookedAfter) {
      placingCodes.add(placement.placingAuthority);
    } else {
      const key = placement.placedBy.email.toLowerCase();
      if (!placers.has(key)) placers.set(key, { kind: 'placer', name: placement.placedBy.name, email: placement.placedBy.email });
    }
  }

  const dcs = (code: string, roles: AuthorityRole[]): DcsRecipient => {
    const authority = directory.require(code);
    return { kind: 'dcs', authorityCode: authority.code, authorityName: authority.name, email: authority.dcs.email, roles };
  };

  const hostRecipient = dcs(host.code, placingCodes.has(host.code) ? ['host', 'placing'] : ['host']);
  const placingRecipients = [...placingCodes]
    .filter((code) => code !== host.code)
    .sort(byKey)
    .map((code) => dcs(code, ['placing']));
  const placerRecipients = [...placers.entries()].sort(([a], [b]) => byKey(a, b)).map(([, placer]) => placer);

  return [hostRecipient, ...placingRecipients, ...placerRecipients];
}

/** Every local authority code given must be in the reference data (the alerts go to its DCS): each not there, by field. */
export function notInDirectory(codes: readonly { field: string; code: string }[], directory: LocalAuthorityDirectory): FieldError[] {
  return codes
    .filter(({ code }) => directory.get(code) === undefined)
    .map(({ field, code }) => ({ field, message: `"${code}" is not a local authority in the reference data` }));
}

/** The children's placing authorities that are not in the reference data, each naming its field (`children.N.…`). */
export function unknownPlacingAuthorities(children: readonly { placement: Placement }[], directory: LocalAuthorityDirectory): FieldError[] {
  return notInDirectory(
    children.flatMap(({ placement }, index) => (placement.lookedAfter ? [{ field: `children.${index}.placement.placingAuthority`, code: placement.placingAuthority }] : [])),
    directory,
  );
}

/** The number of distinct placing authorities (local authorities) of the children placed in the home now. */
export function placingAuthorityCount(children: readonly { placement: Placement }[]): number {
  return new Set(children.flatMap(({ placement }) => (placement.lookedAfter ? [placement.placingAuthority] : []))).size;
}

/**
 * SCCIF 15.3: "Where there are a large number of placing authorities, the inspector should discuss arrangements for
 * contacting them with their manager": more than `above` (a configured number).
 */
export function contactArrangementsNeeded(record: Pick<InspectionRecord, 'children'>, above: number): boolean {
  return placingAuthorityCount(record.children) > above;
}

/** The event an alert reports, from the process the inspector logged. */
export function alertEventFor(loggedProcess: LoggableProcess): AlertEvent {
  switch (loggedProcess) {
    case 'full-inspection':
      return 'inadequate-full-inspection';
    case 'interim-inspection':
      return 'interim-decline-agreed-at-case-review';
    case 'assurance-visit':
      return 'assurance-visit-serious-concerns';
    case 'rfc-inspection':
      throw new ValidationError([
        { field: 'process', message: 'residential family centre inspections do not alert local authorities (RFC framework §40-45)' },
      ]);
  }
}

/** 15.3: the alert, and the copy to the provider, must include a summary of the main concerns. */
export function summaryOfConcernsOf(record: InspectionRecord): string {
  const summaryOfConcerns = record.outcome?.outcome.summaryOfConcerns;
  if (summaryOfConcerns === undefined) {
    throw new ValidationError([
      {
        field: 'outcome.summaryOfConcerns',
        message: `is required to alert local authorities: the alert must include a summary of the main concerns (${cite(SCCIF_15_3)})`,
      },
    ]);
  }
  return summaryOfConcerns;
}

/** The outbox key of one alert recipient: the authority code, or a hash of the placer's address (no address in keys). */
export function alertRecipientKey(recipient: AlertRecipient): string {
  if (recipient.kind === 'dcs') return `la:${recipient.authorityCode}`;
  return `placer:${createHash('sha256').update(recipient.email.toLowerCase()).digest('hex').slice(0, 16)}`;
}

function alertedAs(roles: readonly string[]): AlertedAs {
  const host = roles.includes('host');
  const placing = roles.includes('placing');
  if (host && placing) return 'placing-and-host';
  return host ? 'host' : 'placing';
}

/** The recipient as the alert email addresses it. */
export function alertAddressee(recipient: AlertRecipient, dcsName?: string): AlertAddressee {
  if (recipient.kind === 'placer') return { kind: 'placer', name: recipient.name };
  return {
    kind: 'local-authority',
    authorityName: recipient.authorityName,
    role: alertedAs(recipient.roles),
    ...(dcsName === undefined ? {} : { dcsName }),
  };
}

/** One alert to send: the outbox key and recipient, the address, and the email. */
export interface PlannedAlert {
  recipientKey: string;
  to: string;
  recipient: EmailRecipient;
  template: DcsAlertInput;
}

/**
 * Every alert an inspection's record calls for, in the order of alertRecipients. A ValidationError when the record
 * has no summary of concerns or its process alerts nobody; UnknownLocalAuthorityError for a code not in the directory.
 */
export function alertPlan(record: InspectionRecord, directory: LocalAuthorityDirectory): PlannedAlert[] {
  const summaryOfConcerns = summaryOfConcernsOf(record);
  const recipients = alertRecipients({ hostAuthority: record.establishment.hostAuthority, children: record.children }, directory);
  const event = alertEventFor(record.process);
  const eventEndDate = inspectionEndDate(record);
  const establishment = { urn: record.establishment.urn, name: record.establishment.name };
  return recipients.map((recipient) => {
    const dcsName = recipient.kind === 'dcs' ? directory.get(recipient.authorityCode)?.dcs.name : undefined;
    return {
      recipientKey: alertRecipientKey(recipient),
      to: recipient.email,
      recipient:
        recipient.kind === 'dcs'
          ? { kind: 'dcs', authorityCode: recipient.authorityCode, authorityName: recipient.authorityName, roles: recipient.roles }
          : { kind: 'placer' },
      template: {
        template: 'dcsAlert',
        inspectionId: record.id,
        establishment,
        event,
        eventEndDate,
        summaryOfConcerns,
        leadInspectorName: record.inspectorName,
        ...(record.inspectorEmail ? { leadInspectorEmail: record.inspectorEmail } : {}),
        recipient: alertAddressee(recipient, dcsName),
      },
    };
  });
}

/** The duty of the provider's copy of the alert. */
export const PROVIDER_COPY_DUTY = 'dcs-alert-provider-copy';

/**
 * The alert forwarded to the provider (15.3 "shared with the provider"), from the outbox: what was actually sent. It
 * names the local authorities emailed, never their addresses, and counts, not names, the people who placed children
 * themselves (15.4). A NotFoundError when no local authority was emailed yet.
 */
export function providerCopyOfAlert(
  record: InspectionRecord,
  process: ProcessId,
  emails: readonly Pick<OutboxEmail, 'duty' | 'status' | 'recipient' | 'recipientKey' | 'sentAt'>[],
  duty: string,
  at: string,
): { template: ProviderCopyOfAlertInput; authorities: number; placers: number } {
  const summaryOfConcerns = summaryOfConcernsOf(record);
  // Those standing: not an alert withdrawn as sent in error (core/children-corrections.ts).
  const inError = alertsSentInError(emails);
  const alerts = emails.filter((email) => email.duty === duty && email.status === 'sent' && !inError.has(email.recipientKey));
  // The host authority first, then the placing authorities by name, as the alerts go out (alertRecipients).
  const nameOf = (email: (typeof alerts)[number]) => email.recipient.authorityName ?? email.recipient.authorityCode ?? email.recipientKey;
  const hostFirst = (email: (typeof alerts)[number]) => (email.recipient.roles?.includes('host') ? 0 : 1);
  const authorities = [
    ...new Set(
      alerts
        .filter((email) => email.recipient.kind === 'dcs')
        .sort((a, b) => hostFirst(a) - hostFirst(b) || nameOf(a).localeCompare(nameOf(b), 'en-GB'))
        .map(nameOf),
    ),
  ];
  const placers = alerts.filter((email) => email.recipient.kind === 'placer').length;
  if (authorities.length === 0) {
    throw new NotFoundError(`inspection ${record.id} has no ${duty} email sent to a local authority to forward`);
  }
  const firstSentAt = alerts
    .map((email) => email.sentAt)
    .filter((sentAt): sentAt is string => sentAt !== undefined)
    .sort()[0];
  const alertSentOn: LocalDate = record.actuals[process]?.[DCS_ALERT_DUTY] ?? londonDateOf(firstSentAt ?? at);
  return {
    template: {
      template: 'providerCopyOfAlert',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      providerName: record.provider.name,
      event: alertEventFor(record.process),
      eventEndDate: inspectionEndDate(record),
      summaryOfConcerns,
      alertSentOn,
      alertedAuthorities: authorities,
      placersAlerted: placers,
      ...leadInspectorContact(record),
    },
    authorities: authorities.length,
    placers,
  };
}

/** Why free text kept in an inspection's history (audit trail, page) must not name a child: childNamedIn's `why`. */
export const KEPT_IN_HISTORY = "it is kept in the inspection's history, so give it without identifying any child, by name or by initials";

/**
 * A field of free text that is emailed (the summary of concerns to every alerted authority, the provider and DfE; a
 * case review's rationale to DfE) or kept in the history naming a child of the inspection by their initials, as a
 * whole word, as people write initials: "AB", "A.B.", "A. B.", "A B", "A-B", "A/B" (new-user walks wrote them): the form
 * asks for the concerns "without identifying any child, by name or by initials", and this holds it. In capitals only:
 * initials in lower case are words too often ("an", "at", "it"). Single-letter initials are not looked for (they are
 * words: "I", "A"). The problem does not repeat the initials, so that an error logged never carries them.
 */
export function childNamedIn(
  field: string,
  text: string | undefined,
  /** The children as recorded now, and as recorded before each correction (a child corrected away is a child still). */
  record: Pick<InspectionRecord, 'children'> & Partial<Pick<InspectionRecord, 'childrenCorrections'>>,
  /** Why it matters, and what to write instead: the text is emailed, by default. */
  why = 'it is emailed as written, so describe the concerns without identifying any child, by name or by initials',
): { field: string; message: string }[] {
  if (text === undefined) return [];
  const children = [...record.children, ...(record.childrenCorrections ?? []).flatMap((correction) => correction.before)];
  const named = children.some(({ initials }) => {
    if (initials.length < 2) return false;
    // Each letter, then a full stop (and a space), a space, a hyphen, a slash or nothing before the next; a full stop
    // after the last.
    const written = initials.split('').join('(?:\\.\\s?|[\\s/-])?');
    return new RegExp(`(?<![A-Za-z])${written}\\.?(?![A-Za-z])`).test(text);
  });
  if (!named) return [];
  return [{ field, message: `names a child of this inspection by their initials: ${why}` }];
}
