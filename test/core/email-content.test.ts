/**
 * Email content: every template's subject names the URN and a purpose and nothing else; the body states each
 * deadline in words (London time) with its rule and source; HTML escapes everything; plain text and HTML carry the
 * same facts; approval links carry the opaque approval id only.
 *
 * Days used below (see test/core/calendar.test.ts): Mon 21 Dec 2026 is day 1 of an assurance visit, which ends on
 * Wed 23 Dec 2026. BST ends on Sun 25 Oct 2026 (01:00 UTC) and starts on Sun 28 Mar 2027 (01:00 UTC).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import {
  approvalRequest,
  dcsAlert,
  emailDeadline,
  EmailContentError,
  escalation,
  escapeHtml,
  formatDateInWords,
  formatInstantInWords,
  renderEmail,
  SIGN_OFF,
  type AlertEvent,
  type ApprovalRequestInput,
  type DcsAlertInput,
  type EmailTemplateInput,
  type RenderedEmail,
} from '../../functions/core/email-content';
import { assuranceVisit, buildTimeline, fullInspection, inadequatePathway } from '../../functions/core/regulations';

const day = (text: string): LocalDate => parseLocalDate(text);

const URN = 'SC123456';
const INJECTION = `<script>alert("x")</script> & 'quoted' <img src=x onerror=alert(1)>`;
/** Inspector free text, which may name children by initials: body only, never the subject. */
const SUMMARY = 'Child AB was restrained 4 times in a week without review.\nStaff did not record the missing episodes of CD.';
const establishment = { urn: URN, name: 'Larch House Secure Unit' };
const BASE_URL = 'https://sccif.example.gov.uk';

const assurance = buildTimeline(assuranceVisit, {
  anchors: { day1: day('2026-12-21') },
  conditions: { 'serious-concerns': true },
}).steps;
const childrensHome = buildTimeline(fullInspection, { anchors: { 'inspection-end': day('2026-10-22') } }).steps;
/** Inadequate judgement on Thu 22 Oct 2026 (BST): case review due Fri 23 Oct, 23:59 BST = 22:59:59Z. */
const inadequateBst = buildTimeline(inadequatePathway, { anchors: { 'inspection-end': day('2026-10-22') } }).steps;
/** Inadequate judgement on Fri 23 Oct 2026: case review due Mon 26 Oct, after the clocks go back: 23:59:59Z. */
const inadequateGmt = buildTimeline(inadequatePathway, { anchors: { 'inspection-end': day('2026-10-23') } }).steps;

const dcsAlertInput = (overrides: Partial<DcsAlertInput> = {}): DcsAlertInput => ({
  template: 'dcsAlert',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  event: 'inadequate-full-inspection',
  eventEndDate: day('2026-10-22'),
  summaryOfConcerns: SUMMARY,
  leadInspectorName: 'Priya Shah',
  recipient: { kind: 'local-authority', authorityName: 'Camden', role: 'placing' },
  ...overrides,
});

const approvalInput = (overrides: Partial<ApprovalRequestInput> = {}): ApprovalRequestInput => ({
  template: 'approvalRequest',
  approvalId: 'apr-01J9ZK3QX7',
  approvalKind: 'case-review',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  managerName: 'Sam Okafor',
  deadline: emailDeadline(assurance, 'case-review'),
  baseUrl: BASE_URL,
  ...overrides,
});

/** One input per template (and per variant), as a handler would store it in an outbox item. */
/** The templates about one establishment (the daily digest, about many, has its own tests: test/core/daily-digest.test.ts). */
type EstablishmentEmail = Exclude<EmailTemplateInput, { template: 'dailyDigest' }>;

const FIXTURES: Record<string, EstablishmentEmail> = {
  providerLetter: {
    template: 'providerLetter',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    providerName: 'Jordan Reeve',
    leadInspectorName: 'Priya Shah',
    annexADue: emailDeadline(assurance, 'annex-a-due'),
    visitEnd: emailDeadline(assurance, 'visit-end'),
    practicalArrangements: 'Inspectors arrive on site at about 10:30 on day 2.\nFeedback at 15:00 on day 3.',
    sentOn: day('2026-12-21'),
  },
  'dcsAlert (local authority)': dcsAlertInput(),
  'dcsAlert (placer)': dcsAlertInput({ recipient: { kind: 'placer', name: 'Alex Morgan' } }),
  providerCopyOfAlert: {
    template: 'providerCopyOfAlert',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    providerName: 'Jordan Reeve',
    event: 'assurance-visit-serious-concerns',
    eventEndDate: day('2026-12-23'),
    summaryOfConcerns: SUMMARY,
    alertSentOn: day('2026-12-24'),
    alertedAuthorities: ['Camden', 'Hartlepool'],
    placersAlerted: 1,
  },
  'dfeNotice (inadequate-judgement)': {
    template: 'dfeNotice',
    kind: 'inadequate-judgement',
    after: 'inadequate-judgement',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    inspectionEndDate: day('2026-10-22'),
    summaryOfConcerns: SUMMARY,
  },
  'dfeNotice (serious-concerns)': {
    template: 'dfeNotice',
    kind: 'serious-concerns',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    visitEndDate: day('2026-12-23'),
    summaryOfConcerns: SUMMARY,
  },
  'dfeNotice (proposed-actions)': {
    template: 'dfeNotice',
    kind: 'proposed-actions',
    after: 'assurance-visit-serious-concerns',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    caseReviewDate: day('2027-01-04'),
    decision: 'monitoring-visit',
    rationale: 'Leaders have begun to act; a return within 6 to 8 weeks tests whether the restraint reviews hold.',
  },
  'dfeNotice (monitoring-outcome)': {
    template: 'dfeNotice',
    kind: 'monitoring-outcome',
    origin: 'inadequate',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    visitDate: day('2027-02-10'),
    outcome: 'full-inspection',
    summary: 'Restraint reviews now take place; records of missing episodes are incomplete.',
  },
  approvalRequest: approvalInput(),
  escalation: {
    template: 'escalation',
    inspectionId: 'insp-01J9ZK3',
    processTitle: "Assurance visit to a secure children's home",
    establishment,
    managerName: 'Sam Okafor',
    seniorManagerName: 'Ruth Adeyemi',
    step: emailDeadline(assurance, 'report-to-provider'),
    workingDaysOverdue: 2,
    overdueOn: parseLocalDate('2027-01-25'),
    baseUrl: BASE_URL,
  },
  'reportIssued (report-to-provider)': {
    template: 'reportIssued',
    stage: 'report-to-provider',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    providerName: 'Jordan Reeve',
    activity: 'assurance-visit',
    activityEndDate: day('2026-12-23'),
    commentsDue: emailDeadline(assurance, 'provider-comments'),
  },
  'reportIssued (final-report-to-provider)': {
    template: 'reportIssued',
    stage: 'final-report-to-provider',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    providerName: 'Jordan Reeve',
    activity: 'assurance-visit',
    activityEndDate: day('2026-12-23'),
    complaintWindowEnds: emailDeadline(assurance, 'complaint-window'),
  },
  'reportIssued (publish)': {
    template: 'reportIssued',
    stage: 'publish',
    inspectionId: 'insp-01J9ZK3',
    establishment,
    providerName: 'Jordan Reeve',
    activity: 'full-inspection',
    activityEndDate: day('2026-10-22'),
    publishedOn: day('2026-11-26'),
    complaintWindowEnds: emailDeadline(childrensHome, 'complaint-window'),
  },
};

// SCCIF 15.4: the copy notice to a parent who placed a child, and the lead inspector's task to send each the report.
FIXTURES.reportCopyForPlacer = {
  template: 'reportCopyForPlacer',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  placerName: 'Alex Morgan',
  activity: 'full-inspection',
  activityEndDate: day('2026-10-22'),
  stage: 'published',
  issuedOn: day('2026-11-26'),
  leadInspector: { name: 'Priya Shah', email: 'priya.shah@ofsted.example' },
};
FIXTURES.reportCopiesToSend = {
  template: 'reportCopiesToSend',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  leadInspectorName: 'Priya Shah',
  stage: 'published',
  issuedOn: day('2026-11-26'),
  placers: [{ name: 'Alex Morgan', email: 'alex@parent.example' }],
  baseUrl: BASE_URL,
};

// A manager changed the 2nd monitoring visit's window from 6-8 to 2-3 weeks after the 1st visit (Thu 14 Jan 2027).
FIXTURES.windowChanged = {
  template: 'windowChanged',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  leadInspectorName: 'Priya Shah',
  changedBy: 'Sam Okafor',
  changedAt: '2027-01-15T10:30:00.000Z',
  visit: 2,
  countedFrom: day('2027-01-14'),
  from: { earliestWeeks: 6, latestWeeks: 8, earliest: day('2027-02-25'), latest: day('2027-03-11') },
  to: { earliestWeeks: 2, latestWeeks: 3, earliest: day('2027-01-28'), latest: day('2027-02-04') },
  reason: 'The home has not acted on the compliance notice: we return sooner.',
  baseUrl: BASE_URL,
};

// A manager withdrew the inspection, logged by mistake (app/withdraw-inspection.ts): the lead inspector is told.
FIXTURES.inspectionWithdrawn = {
  template: 'inspectionWithdrawn',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  processTitle: "Full inspection of a children's home",
  dates: { inspectionStart: day('2027-01-11'), inspectionEnd: day('2027-01-13') },
  leadInspectorName: 'Priya Shah',
  withdrawnBy: 'Sam Okafor',
  withdrawnAt: '2027-01-15T10:30:00.000Z',
  reason: 'Logged against the wrong home: it was Rowan House.',
  emailedOutside: ['the provider', 'directors of children’s services'],
  baseUrl: BASE_URL,
};

// The withdrawal closed the urgent case review asked of the managers: they are told it is no longer needed.
FIXTURES.approvalNoLongerNeeded = {
  template: 'approvalNoLongerNeeded',
  approvalKind: 'case-review',
  process: 'inadequate',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  managerName: 'Regulatory Inspection Manager',
  askedAt: '2027-01-13T16:00:05.000Z',
  withdrawnBy: 'Sam Okafor',
  withdrawnAt: '2027-01-15T10:30:00.000Z',
  baseUrl: BASE_URL,
};

// The children were corrected after the alerts (app/correct-children.ts): an authority alerted in error is told. (The
// notice to a parent's old address names no home, so the checks below, which inject into its name, do not fit it: its
// own are in test/core/children-corrections.test.ts.)
FIXTURES.dcsAlertSentInError = {
  template: 'dcsAlertSentInError',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  event: 'inadequate-full-inspection',
  eventEndDate: day('2027-01-13'),
  alertSentOn: day('2027-01-14'),
  correctedOn: day('2027-01-18'),
  leadInspectorName: 'Priya Shah',
  recipient: { kind: 'local-authority', authorityName: 'Camden', role: 'placing' },
};

// A case review decided enforcement (steps/record-decision.ts): the lead inspector and the compliance inspectors are told.
FIXTURES.decisionRecorded = {
  template: 'decisionRecorded',
  approvalKind: 'case-review',
  process: 'inadequate',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  addressee: { kind: 'lead-inspector', name: 'Priya Shah' },
  decidedBy: 'Sam Okafor',
  decidedAt: '2027-01-15T10:30:00.000Z',
  decision: 'Carry out a monitoring visit',
  enforcement: 'a compliance notice, against the establishment',
  enforcementDecided: true,
  rationale: 'Restraint records show repeated failures; a compliance notice is proportionate.',
  baseUrl: BASE_URL,
};

// An alert bounced (steps/record-email-event.ts): the lead inspector is told, for a director and for a placer.
FIXTURES['alertNotDelivered (dcs)'] = {
  template: 'alertNotDelivered',
  inspectionId: 'insp-01J9ZK3',
  establishment,
  leadInspectorName: 'Priya Shah',
  alerted: { kind: 'dcs', authorityName: 'Camden' },
  to: 'dcs@camden.example.gov.uk',
  status: 'bounced',
  at: '2026-12-23T10:00:04.000Z',
  baseUrl: BASE_URL,
};
FIXTURES['alertNotDelivered (placer)'] = { ...FIXTURES['alertNotDelivered (dcs)'], alerted: { kind: 'placer', name: 'Alex Morgan' }, status: 'rejected' } as EstablishmentEmail;
// The copy of the report to that person bounced too (SCCIF 15.4).
FIXTURES['alertNotDelivered (report copy)'] = { ...FIXTURES['alertNotDelivered (placer)'], reportCopy: true, status: 'bounced' } as EstablishmentEmail;

// The same report email again after a manager corrected the day the report was sent (app/record-step.ts).
FIXTURES['reportIssued (report-to-provider, corrected by a manager)'] = {
  ...(FIXTURES['reportIssued (report-to-provider)'] as Extract<EstablishmentEmail, { template: 'reportIssued' }>),
  correctedDay: day('2027-01-04'),
};

/** Free-text fields of a fixture (anything an inspector, provider or reference data typed). */
function freeText(input: EstablishmentEmail): string[] {
  const values: string[] = [input.establishment.name];
  for (const key of [
    'providerName',
    'leadInspectorName',
    'summaryOfConcerns',
    'practicalArrangements',
    'rationale',
    'summary',
    'managerName',
    'seniorManagerName',
    'changedBy',
    'reason',
  ]) {
    const value = (input as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') values.push(value);
  }
  if (input.template === 'dcsAlert') {
    values.push(input.recipient.kind === 'placer' ? input.recipient.name : input.recipient.authorityName);
  }
  if (input.template === 'providerCopyOfAlert') values.push(...input.alertedAuthorities);
  if (input.template === 'alertNotDelivered') values.push(input.alerted.kind === 'placer' ? input.alerted.name : input.alerted.authorityName);
  return values;
}

/** The visible lines of an HTML email: tags out, entities decoded (the inverse of escapeHtml). */
function htmlLines(html: string): string[] {
  const body = html.slice(html.indexOf('<body>'));
  const text = body
    .replace(/<br>/g, '\n')
    .replace(/<\/(p|li|h1|blockquote|ul)>|<ul>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

function textLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim().replace(/^- /, '')).filter((line) => line !== '');
}

/** Both renderings, for "text and HTML both say X". */
function both(rendered: RenderedEmail): [string, string] {
  return [rendered.text, htmlLines(rendered.html).join('\n')];
}

function withEstablishmentName(input: EstablishmentEmail, name: string): EmailTemplateInput {
  return { ...input, establishment: { ...input.establishment, name } } as EmailTemplateInput;
}

describe('escapeHtml', () => {
  it('escapes markup, quotes and ampersands', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`Tom & Jerry's "home"`)).toBe('Tom &amp; Jerry&#39;s &quot;home&quot;');
  });

  it('escapes an ampersand once, so an existing entity is shown as typed', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves plain text alone', () => {
    expect(escapeHtml('Larch House, SC123456')).toBe('Larch House, SC123456');
  });
});

describe('dates in words, London time', () => {
  it.each([
    // BST ends at 01:00 UTC on Sun 25 Oct 2026.
    ['2026-10-24T22:59:59.000Z', 'Saturday 24 October 2026 at 23:59 (London time)'],
    ['2026-10-25T00:59:59.000Z', 'Sunday 25 October 2026 at 01:59 (London time)'],
    ['2026-10-25T01:00:00.000Z', 'Sunday 25 October 2026 at 01:00 (London time)'],
    ['2026-10-25T22:59:59.000Z', 'Sunday 25 October 2026 at 22:59 (London time)'],
    ['2026-10-25T23:59:59.000Z', 'Sunday 25 October 2026 at 23:59 (London time)'],
    // BST starts at 01:00 UTC on Sun 28 Mar 2027.
    ['2027-03-27T23:59:59.000Z', 'Saturday 27 March 2027 at 23:59 (London time)'],
    ['2027-03-28T22:59:59.000Z', 'Sunday 28 March 2027 at 23:59 (London time)'],
    ['2027-03-28T23:00:00.000Z', 'Monday 29 March 2027 at 00:00 (London time)'],
    // Annex A: 13:00 on day 1, in GMT.
    ['2026-12-21T13:00:00.000Z', 'Monday 21 December 2026 at 13:00 (London time)'],
    // An instant written with its BST offset is the same instant.
    ['2026-10-24T23:59:59+01:00', 'Saturday 24 October 2026 at 23:59 (London time)'],
  ])('%s is %s', (instant, words) => {
    expect(formatInstantInWords(instant)).toBe(words);
  });

  it('shows a London day in words', () => {
    expect(formatDateInWords(day('2026-12-23'))).toBe('Wednesday 23 December 2026');
    expect(formatDateInWords(day('2028-02-29'))).toBe('Tuesday 29 February 2028');
  });

  it('refuses an instant without an offset, which would be read in the machine’s own zone', () => {
    expect(() => formatInstantInWords('2026-10-25T22:59:59')).toThrow(EmailContentError);
    expect(() => formatInstantInWords('not a date')).toThrow(EmailContentError);
  });

  it('shows a deadline due at the end of a BST day on that day, and one after the clocks go back on its own day', () => {
    const beforeChange = renderEmail(approvalInput({ deadline: emailDeadline(inadequateBst, 'case-review') }));
    const afterChange = renderEmail(approvalInput({ deadline: emailDeadline(inadequateGmt, 'case-review') }));
    expect(beforeChange.text).toContain('Friday 23 October 2026 at 23:59 (London time)');
    expect(afterChange.text).toContain('Monday 26 October 2026 at 23:59 (London time)');
  });
});

describe.each(Object.entries(FIXTURES))('%s', (_name, input) => {
  const rendered = renderEmail(input);

  it('names the establishment’s URN in the subject', () => {
    expect(rendered.subject).toContain(URN);
  });

  it('keeps free text out of the subject: no summary, no names, no children’s initials', () => {
    for (const value of freeText(input)) {
      for (const line of value.split('\n')) expect(rendered.subject).not.toContain(line);
    }
    expect(rendered.subject).not.toMatch(/\b(AB|CD)\b/);
    expect(rendered.subject).not.toMatch(/[\r\n]/);
  });

  it('carries the same facts in plain text and HTML', () => {
    const html = new Set(htmlLines(rendered.html));
    for (const line of textLines(rendered.text)) expect(html, line).toContain(line);
    expect(htmlLines(rendered.html).length).toBe(textLines(rendered.text).length);
  });

  it('escapes injected markup in every free-text field', () => {
    const hostile = renderEmail(withEstablishmentName(input, `Larch ${INJECTION}`));
    expect(hostile.html).not.toMatch(/<script/i);
    expect(hostile.html).not.toMatch(/<img/i);
    expect(hostile.html).toContain(escapeHtml(INJECTION));
    expect(hostile.text).toContain(INJECTION);
    expect(hostile.subject).toBe(rendered.subject);
  });

  it('signs off as Ofsted, Social Care Regulation', () => {
    expect(rendered.text).toContain(SIGN_OFF);
    expect(rendered.html).toContain(escapeHtml(SIGN_OFF));
  });

  it('renders the same email from an outbox item (a JSON round trip)', () => {
    expect(renderEmail(JSON.parse(JSON.stringify(input)) as EmailTemplateInput)).toEqual(rendered);
  });

  it('never lists a child: the only initials in the body are those the inspector typed into free text', () => {
    const withoutFreeText = freeText(input).reduce((text, value) => text.split(value).join(''), rendered.text);
    const summaryLines = SUMMARY.split('\n');
    const rest = summaryLines.reduce((text, line) => text.split(line).join(''), withoutFreeText);
    expect(rest).not.toMatch(/\b(AB|CD)\b/);
  });
});

describe('providerLetter (assurance visit, day 1)', () => {
  const letter = renderEmail(FIXTURES.providerLetter!);

  it('asks for Annex A and the records by 13:00 on day 1, with the rule and the source', () => {
    for (const output of both(letter)) {
      expect(output).toContain('Monday 21 December 2026 at 13:00 (London time)');
      expect(output).toContain('13:00 London time on day 1 (days are working days; day 1 is the day the visit is announced)');
      expect(output).toContain("Assurance visits: secure children's homes (Ofsted, updated 19 March 2021), The start of the visit");
      for (const item of ['a completed Annex A form', 'records of safeguarding concerns', 'significant incidents', 'periods of isolation', 'complaints', 'the outcome of notifications']) {
        expect(output).toContain(item);
      }
    }
  });

  it('gives the visit dates from day 1 to the end of the visit, and the lead inspector', () => {
    for (const output of both(letter)) {
      expect(output).toContain('Monday 21 December 2026 (day 1) to Wednesday 23 December 2026 (the end of the visit)');
      expect(output).toContain('Lead inspector: Priya Shah');
      expect(output).toContain('Inspectors arrive on site at about 10:30 on day 2.');
    }
  });

  it('says the visit was announced by telephone today when it is sent on day 1', () => {
    for (const output of both(letter)) {
      expect(output).toContain('Priya Shah, the lead inspector, announced by telephone today. The visit started with that call.');
    }
  });

  it('says the information is already due when the letter is sent after 13:00 on day 1 (found by a new-user walk), and asks by 13:00 before', () => {
    const morning = renderEmail({ ...FIXTURES.providerLetter!, sentAt: '2026-12-21T09:30:00.000Z' } as EmailTemplateInput);
    const afternoon = renderEmail({ ...FIXTURES.providerLetter!, sentAt: '2026-12-21T14:00:00.000Z' } as EmailTemplateInput);
    const daysLater = renderEmail({ ...FIXTURES.providerLetter!, sentOn: day('2026-12-23') } as EmailTemplateInput);
    expect(morning.text).toContain('Please send us the following by Monday 21 December 2026 at 13:00 (London time):');
    for (const late of [afternoon, daysLater]) {
      expect(late.text).toContain('Please send us the following as soon as you can: it was due by Monday 21 December 2026 at 13:00 (London time), before this letter was sent.');
      expect(late.text).not.toContain('Please send us the following by');
    }
  });

  it('names the day of the call, not "today", when it is sent after day 1 (a visit logged late)', () => {
    const late = renderEmail({ ...FIXTURES.providerLetter!, sentOn: day('2026-12-22') } as EmailTemplateInput);
    for (const output of both(late)) {
      expect(output).toContain('Priya Shah, the lead inspector, announced by telephone on Monday 21 December 2026. The visit started with that call.');
      expect(output).not.toContain('today');
    }
  });

  it('says the call is to come when it is sent before day 1 (a visit logged ahead of its call)', () => {
    const early = renderEmail({ ...FIXTURES.providerLetter!, sentOn: day('2026-12-18') } as EmailTemplateInput);
    for (const output of both(early)) {
      expect(output).toContain('Priya Shah, the lead inspector, will announce by telephone on Monday 21 December 2026. The visit starts with that call.');
      expect(output).not.toContain('today');
    }
  });

  it('refuses a step that is not the annex-a-due step', () => {
    const wrong = { ...FIXTURES.providerLetter!, annexADue: emailDeadline(assurance, 'announce') } as EmailTemplateInput;
    expect(() => renderEmail(wrong)).toThrow(/annexADue must be the "annex-a-due" step/);
  });
});

describe('dcsAlert', () => {
  it("names each source document once in a placer's 'Why you are receiving this' (found by a new-user walk: SCCIF's long title twice)", () => {
    const text = dcsAlert(dcsAlertInput({ recipient: { kind: 'placer', name: 'Alex Morgan' } })).text;
    const why = text.split('\n').find((line) => line.includes('Why you are receiving this'));
    expect(why).toMatch(/, 15\.4 and 15\.3$/);
    expect(why!.match(/SCCIF/g)).toHaveLength(1);
  });

  const EVENTS: AlertEvent[] = ['inadequate-full-inspection', 'interim-decline-agreed-at-case-review', 'assurance-visit-serious-concerns'];

  it.each(EVENTS)('says the %s finding is an indication, subject to confirmation on publication (SCCIF 15.3)', (event) => {
    for (const recipient of [dcsAlertInput().recipient, { kind: 'placer' as const, name: 'Alex Morgan' }]) {
      for (const output of both(dcsAlert(dcsAlertInput({ event, recipient })))) {
        expect(output).toMatch(/indication/);
        expect(output).toMatch(/subject to confirmation/);
      }
    }
  });

  it('says an assurance visit report will state whether serious or widespread concerns were found', () => {
    const alert = dcsAlert(dcsAlertInput({ event: 'assurance-visit-serious-concerns', eventEndDate: day('2026-12-23') }));
    for (const output of both(alert)) {
      expect(output).toContain('which will state whether serious or widespread concerns were found');
      expect(output).toContain('Wednesday 23 December 2026');
      expect(output).toContain('Serious and widespread concerns: next steps');
    }
  });

  it.each([
    ['placing', 'because children placed by your authority live at this home.'],
    ['host', 'because the home is in your area.'],
    ['placing-and-host', 'because children placed by your authority live at this home, and the home is in your area.'],
  ] as const)('says why a %s authority is told', (role, words) => {
    const alert = dcsAlert(dcsAlertInput({ recipient: { kind: 'local-authority', authorityName: 'Camden', role } }));
    for (const output of both(alert)) expect(output).toContain(words);
  });

  it('carries the summary of the main concerns, the end date, the reference and the phone follow-up', () => {
    for (const output of both(dcsAlert(dcsAlertInput()))) {
      expect(output).toContain('Child AB was restrained 4 times in a week without review.');
      expect(output).toContain('Thursday 22 October 2026');
      expect(output).toContain('Reference: insp-01J9ZK3');
      expect(output).toContain('telephone call to confirm that you have received it');
      expect(output).toContain("SCCIF: children's homes, section 15 'Inadequate judgements: next steps', 15.3");
    }
  });

  it('addresses the director by name when known, else by role', () => {
    expect(dcsAlert(dcsAlertInput()).text).toMatch(/^Dear Director of Children’s Services,/);
    const named = dcsAlertInput({ recipient: { kind: 'local-authority', authorityName: 'Camden', role: 'host', dcsName: 'Dr Lee' } });
    expect(dcsAlert(named).text).toMatch(/^Dear Dr Lee,/);
  });

  it('addresses a person who placed a child themselves by name, in plain words (SCCIF 15.4)', () => {
    const alert = dcsAlert(dcsAlertInput({ recipient: { kind: 'placer', name: 'Alex Morgan' } }));
    for (const output of both(alert)) {
      expect(output).toContain('Dear Alex Morgan,');
      expect(output).toContain('you placed a child at Larch House Secure Unit yourself');
      expect(output).toContain('We will send you a copy of the report when it is final.');
      // Calls confirm receipt with local authorities (recorded per authority); a parent is not promised one.
      expect(output).not.toMatch(/telephone/i);
      expect(output).toContain('15.4');
      expect(output).not.toContain('director of children’s services');
    }
  });

  it('tells a placer and a director how to reach the lead inspector: by replying, when the address is known (found by a new-user walk)', () => {
    const withAddress = { leadInspectorName: 'Ines Inspector', leadInspectorEmail: 'ines.inspector@ofsted.example' };
    const placer = dcsAlert(dcsAlertInput({ recipient: { kind: 'placer', name: 'Alex Morgan' }, ...withAddress }));
    const director = dcsAlert(dcsAlertInput(withAddress));
    for (const output of both(placer)) {
      expect(output).toContain('If you have questions about this, reply to this email to reach the lead inspector, Ines Inspector (ines.inspector@ofsted.example).');
    }
    for (const output of both(director)) expect(output).toContain('To reach the lead inspector, Ines Inspector, reply to this email (ines.inspector@ofsted.example).');
    // Without the address, no promise of a reply that reaches anyone.
    for (const output of both(dcsAlert(dcsAlertInput({ recipient: { kind: 'placer', name: 'Alex Morgan' } })))) expect(output).not.toMatch(/reply to this email/);
  });

  it('puts neither the provider nor the authority in the subject', () => {
    expect(dcsAlert(dcsAlertInput()).subject).toBe('Ofsted alert: home judged inadequate (indicative judgement), URN SC123456');
  });
});

describe('alertNotDelivered', () => {
  it('tells the lead inspector whom the alert did not reach, how, and what to do instead (SCCIF 15.3 call; 15.4 another way)', () => {
    const dcs = renderEmail(FIXTURES['alertNotDelivered (dcs)']!);
    const placer = renderEmail(FIXTURES['alertNotDelivered (placer)']!);
    expect(dcs.subject).toBe('Alert not delivered, URN SC123456');
    expect(dcs.text).toContain(
      'The alert about Larch House Secure Unit was not delivered to the director of children’s services of Camden: the email to dcs@camden.example.gov.uk bounced on Wednesday 23 December 2026 at 10:00 (London time).',
    );
    expect(dcs.text).toMatch(/The telephone call that confirms receipt \(SCCIF[^)]*15\.3[^)]*\) is now how they are alerted: phone the authority/);
    expect(placer.text).toContain('not delivered to Alex Morgan, who placed a child at the home themselves: the email to dcs@camden.example.gov.uk was rejected on');
    expect(placer.text).toMatch(/They must still be told \(SCCIF[^)]*15\.4[^)]*\): find another way to reach them/);
    for (const email of [dcs, placer]) expect(email.text).toContain(`${BASE_URL}/app/inspections/insp-01J9ZK3`);
  });

  it('tells the lead inspector of a copy of the report that did not reach a person who placed a child, and to send it another way', () => {
    const copy = renderEmail(FIXTURES['alertNotDelivered (report copy)']!);
    expect(copy.subject).toBe('Copy of the report not delivered, URN SC123456');
    for (const output of both(copy)) {
      expect(output).toContain('about their copy of the report on Larch House Secure Unit was not delivered: the email to dcs@camden.example.gov.uk bounced on');
      expect(output).toMatch(/They must still be sent a copy of the report \(SCCIF[^)]*15\.4[^)]*\): send it another way, for example by post or through the home\./);
      expect(output).not.toContain('what the alert says');
    }
    const toDirector = { ...FIXTURES['alertNotDelivered (dcs)'], reportCopy: true } as Parameters<typeof renderEmail>[0];
    expect(() => renderEmail(toDirector)).toThrow(/person who placed a child/);
  });
});

describe('providerCopyOfAlert', () => {
  const copy = renderEmail(FIXTURES.providerCopyOfAlert!);

  it('lists the local authorities alerted by name and repeats the summary and the indication', () => {
    for (const output of both(copy)) {
      expect(output).toContain('Thursday 24 December 2026');
      expect(output).toContain('Camden');
      expect(output).toContain('Hartlepool');
      expect(output).toContain('1 person who placed a child in the home themselves (a child who is not looked after)');
      expect(output).toContain('Staff did not record the missing episodes of CD.');
      expect(output).toContain('subject to confirmation');
      expect(output).not.toContain('@');
    }
    // Two people: the plural (found by a new-user walk: "1 person who placed children").
    const two = renderEmail({ ...FIXTURES.providerCopyOfAlert!, placersAlerted: 2 } as EmailTemplateInput);
    expect(two.text).toContain('We also wrote to 2 people who placed children in the home themselves (children who are not looked after)');
  });

  it('refuses an empty list of authorities: the host authority is always alerted', () => {
    const empty = { ...FIXTURES.providerCopyOfAlert!, alertedAuthorities: [] } as EmailTemplateInput;
    expect(() => renderEmail(empty)).toThrow(EmailContentError);
  });
});

describe('dfeNotice', () => {
  it('tells DfE a secure children’s home was judged inadequate, for its continued approval (SCCIF 15.2)', () => {
    for (const output of both(renderEmail(FIXTURES['dfeNotice (inadequate-judgement)']!))) {
      expect(output).toContain('judged the home inadequate');
      expect(output).toContain('continued approval of the home');
      expect(output).toContain("section 15 'Inadequate judgements: next steps', 15.2");
      expect(output).toContain('subject to confirmation');
    }
  });

  it('tells DfE about serious concerns at an assurance visit', () => {
    for (const output of both(renderEmail(FIXTURES['dfeNotice (serious-concerns)']!))) {
      expect(output).toContain('found serious or widespread concerns');
      expect(output).toContain('continued approval of the home');
      expect(output).toContain('Serious and widespread concerns: next steps');
    }
  });

  it('gives the case review’s decision and rationale', () => {
    for (const output of both(renderEmail(FIXTURES['dfeNotice (proposed-actions)']!))) {
      expect(output).toContain('The case review held on Monday 4 January 2027');
      expect(output).toContain('decided to carry out a monitoring visit.');
      expect(output).toContain('Leaders have begun to act');
    }
  });

  it('words a decline at an interim inspection as a decline, in the notice and the proposed actions', () => {
    const notice = renderEmail({ ...FIXTURES['dfeNotice (inadequate-judgement)']!, after: 'interim-decline' } as EmailTemplateInput);
    expect(notice.subject).toBe('Secure children’s home declined in effectiveness, URN SC123456');
    const actions = renderEmail({ ...FIXTURES['dfeNotice (proposed-actions)']!, after: 'interim-decline' } as EmailTemplateInput);
    for (const output of [...both(notice), ...both(actions)]) {
      expect(output).toContain('declined in effectiveness');
      expect(output).not.toContain('judged the home inadequate');
      expect(output).not.toContain('was judged inadequate');
    }
    for (const output of both(actions)) expect(output).toContain("section 15 'Inadequate judgements: next steps'");
  });

  it('gives the outcome of a monitoring visit after an inadequate judgement, citing SCCIF 15.1 and 15.2', () => {
    for (const output of both(renderEmail(FIXTURES['dfeNotice (monitoring-outcome)']!))) {
      expect(output).toContain('monitoring visit on Wednesday 10 February 2027 after the home was judged inadequate.');
      expect(output).toContain('schedule a full inspection (usually within 16 weeks of the original inspection)');
      expect(output).toContain('15.1');
      expect(output).toContain('15.2');
      expect(output).not.toContain('Serious and widespread concerns: next steps');
    }
  });

  it('names the visit by its number once further monitoring numbered them (found by a new-user walk), and not before', () => {
    const second = renderEmail({ ...FIXTURES['dfeNotice (monitoring-outcome)']!, visitNumber: 2 } as EmailTemplateInput);
    expect(second.subject).toBe('2nd monitoring visit outcome for a secure children’s home, URN SC123456');
    expect(second.text).toContain('We carried out the 2nd monitoring visit on Wednesday 10 February 2027');
    const first = renderEmail(FIXTURES['dfeNotice (monitoring-outcome)']!);
    expect(first.subject).toBe('Monitoring visit outcome for a secure children’s home, URN SC123456');
    expect(first.text).toContain('We carried out a monitoring visit on Wednesday 10 February 2027');
  });

  it('gives the outcome of a monitoring visit after an assurance visit in the assurance guidance’s words and source, not SCCIF 15.1', () => {
    const notice = renderEmail({ ...FIXTURES['dfeNotice (monitoring-outcome)']!, origin: 'assurance-visit', outcome: 'further-monitoring' } as EmailTemplateInput);
    for (const output of both(notice)) {
      expect(output).toContain('after serious or widespread concerns at an assurance visit.');
      expect(output).toContain('The outcome: carry out another monitoring visit.');
      expect(output).not.toContain('cancellation');
      expect(output).toContain('Serious and widespread concerns: next steps');
      expect(output).not.toContain('15.1');
    }
  });
});

describe('approvalRequest', () => {
  const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAc0Lw6Yz+8p7kzF0XH/9Qm3gYw==' + 'x'.repeat(600);

  it('links to the approval by its opaque id and states the deadline, rule and source', () => {
    const request = approvalRequest(approvalInput());
    for (const output of both(request)) {
      expect(output).toContain('https://sccif.example.gov.uk/app/approvals/apr-01J9ZK3QX7');
      expect(output).toContain('Monday 4 January 2027 at 23:59 (London time)');
      expect(output).toContain('within 5 working days of the end of the visit');
      expect(output).toContain('Serious and widespread concerns: next steps');
    }
    expect(request.html).toContain('<a href="https://sccif.example.gov.uk/app/approvals/apr-01J9ZK3QX7">');
  });

  it('says a decision asked for after its deadline is already overdue, and since when, in the subject and first lines', () => {
    // The deadline is Monday 4 January 2027 at 23:59; asked for on Wednesday 6 January.
    const late = approvalRequest(approvalInput({ requestedAt: '2027-01-06T10:00:00.000Z' }));
    expect(late.subject).toMatch(/^Approval needed \(already overdue\): /);
    for (const output of both(late)) {
      expect(output).toContain('It is already overdue: it was due by Monday 4 January 2027 at 23:59 (London time), and has been overdue since then.');
      expect(output).not.toContain('Please decide by');
    }
    const onTime = approvalRequest(approvalInput({ requestedAt: '2027-01-04T10:00:00.000Z' }));
    expect(onTime.subject).toMatch(/^Approval needed: /);
    expect(onTime.text).toContain('Please decide by Monday 4 January 2027 at 23:59 (London time).');
    expect(onTime.text).not.toContain('overdue');
  });

  it('names the kind of decision in the subject and heading, and says in its first sentence what the decision decides', () => {
    const review = approvalRequest(approvalInput());
    expect(review.subject).toBe('Approval needed: urgent case review, URN SC123456');
    for (const output of both(review)) {
      expect(output).toContain('Decision needed: urgent case review');
      expect(output).toContain('on the urgent case review, which decides the return visit and the enforcement action considered. Please decide by');
      expect(output).not.toContain('case review decision');
    }
    expect(approvalRequest(approvalInput({ approvalKind: 'rfc-case-discussion' })).subject).toBe('Approval needed: case discussion, URN SC123456');
  });

  it('says what the decision follows: the inspection, its last day, its lead inspector and what it found (found by a new-user walk: the manager had to open the link to learn why)', () => {
    const follows = { activity: 'full-inspection' as const, endedOn: day('2027-01-13'), leadInspector: 'Ines Inspector', found: 'judged the home inadequate overall' };
    for (const output of both(approvalRequest(approvalInput({ follows })))) {
      expect(output).toContain('It follows the full inspection that ended on Wednesday 13 January 2027 (lead inspector: Ines Inspector), which judged the home inadequate overall.');
    }
    expect(approvalRequest(approvalInput()).text).not.toContain('It follows');
  });

  it("words an assurance visit's case review as its own: whether a monitoring visit follows, not a return visit after an inadequate judgement", () => {
    const review = approvalRequest(approvalInput({ process: 'assurance-visit' }));
    expect(review.subject).toBe('Approval needed: case review after an assurance visit, URN SC123456');
    for (const output of both(review)) {
      expect(output).toContain('on the case review after the assurance visit’s serious concerns, which decides whether a monitoring visit follows and the enforcement action considered.');
      expect(output).not.toContain('urgent case review');
    }
    expect(approvalRequest(approvalInput({ process: 'inadequate' })).subject).toBe('Approval needed: urgent case review, URN SC123456');
  });

  it('has no field for a task token, and shows none passed by mistake', () => {
    // @ts-expect-error: the input type has no taskToken field.
    const withToken: ApprovalRequestInput = { ...approvalInput(), taskToken: TASK_TOKEN };
    const request = approvalRequest(withToken);
    for (const output of [request.subject, request.text, request.html]) {
      expect(output).not.toContain(TASK_TOKEN.slice(0, 24));
    }
  });

  it('refuses a task token passed as the approval id', () => {
    expect(() => approvalRequest(approvalInput({ approvalId: TASK_TOKEN }))).toThrow(/never a task token/);
  });

  it('refuses a base URL that is not http(s) or carries a query', () => {
    expect(() => approvalRequest(approvalInput({ baseUrl: 'javascript:alert(1)' }))).toThrow(EmailContentError);
    expect(() => approvalRequest(approvalInput({ baseUrl: `${BASE_URL}/?token=abc` }))).toThrow(EmailContentError);
  });

  it('joins a base URL with a trailing slash without doubling it', () => {
    expect(approvalRequest(approvalInput({ baseUrl: `${BASE_URL}/` })).text).toContain(`${BASE_URL}/app/approvals/apr-01J9ZK3QX7`);
  });
});

describe('escalation', () => {
  it('names the overdue step, its due instant, rule, source, working days overdue and the inspection link', () => {
    for (const output of both(renderEmail(FIXTURES.escalation!))) {
      expect(output).toContain('Dear Sam Okafor,');
      expect(output).toContain('Report sent to the provider for comments');
      // Which of the home's processes the step is of (found by a new-user walk: two escalations alike), as a fact: in the
      // sentence, a process title with a colon read badly (another walk).
      expect(output).toContain('This step for Larch House Secure Unit (URN SC123456) was due by');
      expect(output).toMatch(/Process:?\s*Assurance visit to a secure children's home/);
      expect(output).toContain('Thursday 21 January 2027 at 23:59 (London time)');
      expect(output).toContain('within 18 working days of the end of the visit');
      // What the rule counts from, with its day: the rule alone does not say which visit.
      expect(output).toMatch(/Counted from: the end of the visit, \w+day \d+ \w+ 202[67]/);
      expect(output).toContain("Assurance visits: secure children's homes (Ofsted, updated 19 March 2021), Timeframe");
      expect(output).toContain('2 working days overdue');
      expect(output).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    }
  });

  it('of a decision the compliance inspectors make: tells the managers who decides, links the approval, and asks the deciders in their own copy (found by a new-user walk)', () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const approval = { approvalId: 'apr-77', deciderName: 'Social Care Compliance Inspector', decidedByManagers: false };
    const managers = renderEmail({ ...fixture, approval });
    expect(managers.text).toContain('Dear Sam Okafor,');
    expect(managers.text).toContain('It is done when the Social Care Compliance Inspector decides it, on its approval; they have been sent this escalation too.');
    // Not the approval's link, which a manager cannot use (found by a new-user walk): the inspection's.
    expect(managers.text).not.toContain('/app/approvals/apr-77');
    expect(managers.text).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    const deciders = renderEmail({ ...fixture, approval, deciderCopy: true });
    expect(deciders.text).toContain('https://sccif.example.gov.uk/app/approvals/apr-77');
    expect(deciders.subject).toMatch(/^Escalation: your overdue step /);
    expect(deciders.text).toMatch(/^Dear Social Care Compliance Inspector,\n+This decision is yours to make: please make it now, on its approval \(below\)\. The manager \(Sam Okafor\) has been sent this escalation too\./);
    expect(deciders.text).not.toContain('It is done when');
    // A decision the managers make: the link, and no word of others deciding.
    const own = renderEmail({ ...fixture, approval: { ...approval, deciderName: 'Regulatory Inspection Manager', decidedByManagers: true } });
    expect(own.text).toContain('https://sccif.example.gov.uk/app/approvals/apr-77');
    expect(own.text).not.toContain('It is done when');
    expect(() => renderEmail({ ...fixture, deciderCopy: true })).toThrow(/decider’s copy/);
  });

  it('names no process when none is given (an escalation queued before it was)', () => {
    const { processTitle: _title, ...older } = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    expect(renderEmail(older).text).toContain('This step for Larch House Secure Unit (URN SC123456) was due by');
    expect(renderEmail(older).text).not.toContain('Process');
  });

  it('names the overdue steps it stands for, in both renderings, and none when there are none', () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const two = escalation({
      ...fixture,
      heldBack: [
        { title: 'Report sent to the provider for comments', due: '2027-01-21T23:59:59.000Z' },
        { title: 'Final report published', due: '2027-02-11T23:59:59.000Z' },
      ],
    });
    for (const output of both(two)) {
      expect(output).toContain('Until it is recorded, these steps cannot be recorded either. They are overdue too, and this escalation stands for them:');
      expect(output).toContain('Report sent to the provider for comments: due by Thursday 21 January 2027 at 23:59 (London time)');
      expect(output).toContain('Final report published: due by Thursday 11 February 2027 at 23:59 (London time)');
    }
    const one = escalation({ ...fixture, heldBack: [{ title: 'Final report published', due: '2027-02-11T23:59:59.000Z' }] });
    for (const output of both(one)) expect(output).toContain('this step cannot be recorded either. It is overdue too, and this escalation stands for it:');
    for (const output of both(escalation(fixture))) expect(output).not.toContain('Until it is recorded');
  });

  it("gives the senior manager's (senior HMI's) copy its own greeting, and says in the subject and first line that it is a copy for information", () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const copy = escalation({ ...fixture, seniorManagerCopy: true });
    expect(copy.subject).toBe('Copy for information: escalation: overdue step "Report sent to the provider for comments" (2 working days overdue), URN SC123456');
    for (const output of both(copy)) {
      expect(output).toMatch(/^Dear Ruth Adeyemi,\n+This is a copy for your information: the escalation below was sent to the manager \(Sam Okafor\), who is asked to act on it\./);
      expect(output).not.toContain('Dear Sam Okafor');
      expect(output).toContain('2 working days overdue');
    }
    const managers = escalation(fixture);
    expect(managers.subject).toBe('Escalation: overdue step "Report sent to the provider for comments" (2 working days overdue), URN SC123456');
    // The manager's greets the manager only: the senior manager has the copy.
    for (const output of both(managers)) expect(output).toMatch(/^Dear Sam Okafor,\n/);
  });

  it("greets the lead inspector by name on their own step's escalation, asks them to record it, and names the manager who has it too", () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const own = escalation({ ...fixture, leadInspectorName: 'Ines Inspector' });
    expect(own.subject).toBe('Escalation: your overdue step "Report sent to the provider for comments" (2 working days overdue), URN SC123456');
    for (const output of both(own)) {
      expect(output).toMatch(/^Dear Ines Inspector,\n+This step is yours to record, as the lead inspector: please record it now\. The manager \(Sam Okafor\) has been sent this escalation too\./);
      expect(output).not.toContain('Dear Sam Okafor');
      expect(output).toContain('2 working days overdue');
      expect(output).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    }
    expect(() => escalation({ ...fixture, leadInspectorName: 'Ines Inspector', seniorManagerCopy: true })).toThrow(/not both/);
  });

  it('says the first is the deadline passed and names its first working day overdue, not "On Monday it is 1 working day overdue" sent on the Friday night (found by a new-user walk)', () => {
    const one = escalation({ ...(FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>), workingDaysOverdue: 1, overdueOn: parseLocalDate('2027-01-22') });
    expect(one.text).toContain('Its deadline has passed: Friday 22 January 2027 is its first working day overdue.');
    expect(one.text).toContain('First working day overdue: Friday 22 January 2027');
    expect(one.text).not.toContain('Working days overdue');
    const three = escalation({ ...(FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>), workingDaysOverdue: 3, overdueOn: parseLocalDate('2027-01-26') });
    expect(three.text).toContain('Working days overdue: 3 (counting Tuesday 26 January 2027)');
  });

  it('says how a step met by logging a return inspection is done (found by a new-user walk: only "has not been recorded as done")', () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const toLog = escalation({ ...fixture, inspectionToLog: 'the full inspection' });
    for (const output of both(toLog)) {
      expect(output).toContain('It is done once an inspector logs the full inspection as this inspection');
      expect(output).toContain('“Log the return inspection”');
      // The managers, who do not log inspections, are asked to arrange it.
      expect(output).toContain('insp-01J9ZK3 as “Return inspection of” on the log form): please arrange it.');
    }
    expect(escalation(fixture).text).not.toContain('Log the return inspection');
    // The lead inspector logs it once it is carried out: not "please record it now" of a visit still to be arranged.
    for (const output of both(escalation({ ...fixture, inspectionToLog: 'the full inspection', leadInspectorName: 'Ines Inspector' }))) {
      expect(output).toContain('This step is met when the return inspection is logged, which is yours to do as the lead inspector once it has been carried out (below).');
      expect(output).not.toContain('please record it now');
    }
  });

  it('tells the cadence’s escalations of one step apart in the subject by how long it has been overdue (found by a new-user walk: five alike)', () => {
    const fixture = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const first = escalation({ ...fixture, workingDaysOverdue: 1, overdueOn: parseLocalDate('2027-01-22') });
    const fifth = escalation({ ...fixture, workingDaysOverdue: 5, overdueOn: parseLocalDate('2027-01-28') });
    expect(first.subject).toBe('Escalation: overdue step "Report sent to the provider for comments" (first working day overdue), URN SC123456');
    expect(fifth.subject).toBe('Escalation: overdue step "Report sent to the provider for comments" (5 working days overdue), URN SC123456');
    // A stopped run's notice names the step at risk with no count.
    const { overdueOn: _day, ...atRisk } = fixture;
    expect(escalation({ ...atRisk, workingDaysOverdue: 0 }).subject).toBe('Escalation: overdue step "Report sent to the provider for comments", URN SC123456');
  });

  it('never says "0 working days overdue": a stopped run’s notice names the step at risk, with no count', () => {
    const { overdueOn: _day, ...fixture } = FIXTURES.escalation as Extract<EmailTemplateInput, { template: 'escalation' }>;
    const notice = escalation({ ...fixture, workingDaysOverdue: 0 });
    expect(notice.text).toContain('and has not been recorded as done.');
    expect(notice.text).not.toMatch(/0 working days|Working days overdue/);
    expect(() => escalation({ ...fixture, workingDaysOverdue: 0, overdueOn: parseLocalDate('2027-01-22') })).toThrow(/at least 1 with overdueOn/);
  });
});

describe('reportCopiesToSend (SCCIF 15.4)', () => {
  const task = renderEmail(FIXTURES.reportCopiesToSend!);

  it('tells the lead inspector whom to send the report, and links to the page that records each copy sent', () => {
    for (const output of both(task)) {
      expect(output).toContain('Alex Morgan (alex@parent.example)');
      expect(output).toContain('published on Thursday 26 November 2026');
      expect(output).toContain('record the day and how you sent it');
    }
    expect(task.text).toContain(`${BASE_URL}/app/follow-ups/insp-01J9ZK3/report-copies`);
    expect(task.html).toContain(`href="${BASE_URL}/app/follow-ups/insp-01J9ZK3/report-copies"`);
  });

  it('leaves the link out of a task stored before it had one (no base URL), and still asks for the report to be sent', () => {
    const { baseUrl: _dropped, ...stored } = FIXTURES.reportCopiesToSend as Extract<EstablishmentEmail, { template: 'reportCopiesToSend' }>;
    const old = renderEmail(stored);
    expect(old.text).toContain('Please send them the report.');
    expect(old.text).not.toContain('/report-copies');
  });
});

describe('reportIssued', () => {
  it('asks for comments on the report by the deadline, with rule and source', () => {
    for (const output of both(renderEmail(FIXTURES['reportIssued (report-to-provider)']!))) {
      expect(output).toContain('assurance visit to Larch House Secure Unit (URN SC123456) that ended on Wednesday 23 December 2026');
      expect(output).toContain('Thursday 28 January 2027 at 23:59 (London time)');
      expect(output).toContain('within 5 working days of receiving the report');
      expect(output).toContain('Timeframe');
    }
  });

  it('gives the end of the complaint window with the final report', () => {
    for (const output of both(renderEmail(FIXTURES['reportIssued (final-report-to-provider)']!))) {
      expect(output).toContain('Monday 15 February 2027 at 23:59 (London time)');
      expect(output).toContain('within 5 working days of issue of the final report');
    }
  });

  it('says when the report was published and, for a children’s home, the complaint window (§104)', () => {
    for (const output of both(renderEmail(FIXTURES['reportIssued (publish)']!))) {
      expect(output).toContain('published on Thursday 26 November 2026');
      expect(output).toContain('Thursday 10 December 2026 at 23:59 (London time)');
      expect(output).toContain('§104');
    }
  });
});

describe('windowChanged (to the lead inspector)', () => {
  const input = FIXTURES.windowChanged as Extract<EmailTemplateInput, { template: 'windowChanged' }>;

  it('greets the lead inspector, names the visit, who changed its window and when, the new and the old window, the reason and the page', () => {
    const rendered = renderEmail(input);
    expect(rendered.subject).toBe('Monitoring visit window changed, URN SC123456');
    for (const output of both(rendered)) {
      expect(output).toMatch(/^Dear Priya Shah,\n+Window changed: 2nd monitoring visit\n/);
      expect(output).toContain(
        'Sam Okafor changed the window of the 2nd monitoring visit to Larch House Secure Unit (URN SC123456) on Friday 15 January 2027 at 10:30 (London time). ' +
          'The visit is now due 2 to 3 weeks after the 1st monitoring visit on Thursday 14 January 2027: between Thursday 28 January 2027 and Thursday 4 February 2027. ' +
          'It was due 6 to 8 weeks after it: between Thursday 25 February 2027 and Thursday 11 March 2027.',
      );
      expect(output).toContain('if it is not recorded by the end of Thursday 4 February 2027, it is escalated.');
      expect(output).toContain('The home has not acted on the compliance notice: we return sooner.');
      expect(output).toContain('Window closes: Thursday 4 February 2027');
      // The step's "Rule set by" cites the same (found by a new-user walk: the email cited §77, the page §71 and SCCIF 15.1).
      expect(output).toContain("Source: Inspections of children's homes: framework for inspection (Ofsted, 2015), §71; SCCIF: children's homes, section 15 'Inadequate judgements: next steps', 15.1: the timing of visits after an inadequate judgement is set case by case");
      expect(output).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    }
  });

  it('names the last working day of a new window that closes on a bank holiday', () => {
    const easter = renderEmail({ ...input, countedFrom: day('2027-03-01'), to: { earliestWeeks: 3, latestWeeks: 4, earliest: day('2027-03-22'), latest: day('2027-03-29') } });
    expect(easter.text).toContain('Window closes: Monday 29 March 2027 (the last working day by then is Thursday 25 March 2027, as Good Friday, the weekend and Easter Monday are not working days)');
  });

  it('names a later visit with its own ordinal, and refuses a 1st visit or a window that closes before it opens', () => {
    expect(renderEmail({ ...input, visit: 3 }).text).toContain('Window changed: 3rd monitoring visit');
    expect(renderEmail({ ...input, visit: 3 }).text).toContain('after the 2nd monitoring visit on');
    expect(() => renderEmail({ ...input, visit: 1 })).toThrow(/visit must be a later monitoring visit/);
    expect(() => renderEmail({ ...input, to: { ...input.to, earliest: day('2027-02-05') } })).toThrow(/to: the window opens \(2027-02-05\) after it closes/);
  });
});

describe('approvalNoLongerNeeded (to whoever was asked for the decision)', () => {
  it('says which decision, asked when, is no longer needed, because who withdrew the inspection and when', () => {
    const rendered = renderEmail(FIXTURES.approvalNoLongerNeeded!);
    expect(rendered.subject).toBe('Decision no longer needed, URN SC123456');
    for (const output of both(rendered)) {
      expect(output).toMatch(/^Dear Regulatory Inspection Manager,\n+No longer needed: urgent case review\n/);
      expect(output).toContain(
        'The urgent case review for Larch House Secure Unit (URN SC123456) asked of you on Wednesday 13 January 2027 at 16:00 (London time) is no longer needed: ' +
          'Sam Okafor withdrew the inspection on Friday 15 January 2027 at 10:30 (London time), as logged by mistake.',
      );
      expect(output).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    }
  });
});

describe('inspectionWithdrawn (to the lead inspector)', () => {
  const input = FIXTURES.inspectionWithdrawn as Extract<EmailTemplateInput, { template: 'inspectionWithdrawn' }>;

  it('says who withdrew which inspection and when, why, who outside Ofsted had been emailed, and links to the page', () => {
    const rendered = renderEmail(input);
    expect(rendered.subject).toBe('Inspection withdrawn, URN SC123456');
    for (const output of both(rendered)) {
      expect(output).toMatch(/^Dear Priya Shah,\n+Inspection withdrawn: Larch House Secure Unit\n/);
      expect(output).toContain(
        "Sam Okafor withdrew the inspection of Larch House Secure Unit (URN SC123456), a full inspection of a children's home, on Friday 15 January 2027 at 10:30 (London time), as logged by mistake.",
      );
      expect(output).toContain('Logged against the wrong home: it was Rowan House.');
      expect(output).toContain('Before it was withdrawn, the provider and directors of children’s services had been emailed about it.');
      // "an interim inspection", not "a interim" (found by a new-user walk).
      expect(renderEmail({ ...input, processTitle: "Interim inspection of a children's home" }).text).toContain("(URN SC123456), an interim inspection of a children's home, on");
      expect(output).toContain('First day on site: Monday 11 January 2027');
      expect(output).toContain('If the inspection did take place, log it again with the right details.');
      expect(output).toContain('Last day on site: Wednesday 13 January 2027');
      expect(output).toContain('https://sccif.example.gov.uk/app/inspections/insp-01J9ZK3');
    }
  });

  it('says nothing of emails outside Ofsted when there were none', () => {
    expect(renderEmail({ ...input, emailedOutside: [] }).text).not.toContain('Before it was withdrawn');
    expect(renderEmail({ ...input, dates: { day1: day('2027-01-11') } }).text).toContain('Day 1 (visit announced): Monday 11 January 2027');
  });
});

describe('subjects', () => {
  it('refuses anything but a URN where the URN goes, so free text cannot reach a subject', () => {
    const sneaky = dcsAlertInput({ establishment: { urn: 'SC123456 AB restrained', name: 'Larch House' } });
    expect(() => dcsAlert(sneaky)).toThrow(/must be an Ofsted URN/);
    expect(() => dcsAlert(dcsAlertInput({ establishment: { urn: 'SC123456\r\nBcc: x@example.com', name: 'x' } }))).toThrow(
      EmailContentError,
    );
  });
});

describe('properties', () => {
  const hostileText = fc
    .array(
      fc.oneof(
        fc.string(),
        fc.constantFrom('<script>', '</script>', '<SCRIPT src=x>', '<ScRiPt', '"', "'", '&', '<', '>', '&lt;script', '\n'),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));

  it('never lets an unescaped <script into the HTML, and never lets free text change the subject', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(FIXTURES)), hostileText, hostileText, (input, name, summary) => {
        const base = renderEmail(input);
        const hostile = { ...input, establishment: { ...input.establishment, name } } as Record<string, unknown>;
        for (const key of ['summaryOfConcerns', 'rationale', 'summary', 'providerName', 'managerName']) {
          if (typeof hostile[key] === 'string') hostile[key] = summary;
        }
        const rendered = renderEmail(hostile as unknown as EmailTemplateInput);
        expect(rendered.html).not.toMatch(/<script/i);
        expect(rendered.html).toContain(escapeHtml(name));
        expect(rendered.subject).toBe(base.subject);
      }),
      { numRuns: 300 },
    );
  });
});
