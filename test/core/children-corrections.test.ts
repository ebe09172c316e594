/** Correcting the children recorded at an inspection: what is owed to those the alert reached, or should have (SCCIF 15.3, 15.4). */
import { describe, expect, it } from 'vitest';
import { alertRecipientKey } from '../../functions/core/alerts';
import { parseLocalDate } from '../../functions/core/calendar';
import { ALERT_SENT_IN_ERROR_DUTY, childrenChanges, childrenCorrectionPlan, sameChildren } from '../../functions/core/children-corrections';
import { renderEmail } from '../../functions/core/email-content';
import type { RecordedOutcome } from '../../functions/core/inspection';
import { notificationLedger } from '../../functions/core/inspection-views';
import { loadLocalAuthorities } from '../../functions/core/local-authorities';
import type { Child } from '../../functions/core/schemas';
import { inspectionRecord } from '../adapters/inspection-fixtures';

const directory = loadLocalAuthorities([
  { code: 'E09000007', name: 'Camden', dcs: { name: 'Dana Director', email: 'dcs@camden.example' } },
  { code: 'E08000003', name: 'Manchester', dcs: { name: 'Max Director', email: 'dcs@manchester.example' } },
  { code: 'E08000025', name: 'Birmingham', dcs: { name: 'Bea Director', email: 'dcs@birmingham.example' } },
]);
const day = parseLocalDate;
const outcome = {
  outcome: { process: 'full-inspection', overall: 'inadequate', helpedAndProtected: 'inadequate', leadersAndManagers: 'inadequate', summaryOfConcerns: 'Restraint is used without review.' },
  recordedBy: 'inspector-1',
  recordedAt: '2026-12-22T17:30:00.000Z',
} as RecordedOutcome;
const record = inspectionRecord({ outcome });
const la = (initials: string, placingAuthority: string): Child => ({ initials, placement: { lookedAfter: true, placingAuthority } });
const parent = (initials: string, name: string, email: string): Child => ({ initials, placement: { lookedAfter: false, placedBy: { name, email } } });

/** An alert sent to a DCS or a placer, as the outbox keeps it. */
const alertTo = (recipientKey: string, to: string, recipient: object, status: 'sent' | 'failed' = 'sent') => ({
  duty: 'dcs-alert',
  status,
  recipientKey,
  to,
  recipient: recipient as { kind: 'dcs' | 'placer' },
  sentAt: '2026-12-23T09:00:00.000Z',
});
const camden = alertTo('la:E09000007', 'dcs@camden.example', { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host'] });
const manchester = alertTo('la:E08000003', 'dcs@manchester.example', { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', roles: ['placing'] });

describe('what a correction of the children owes', () => {
  it('before any alert was sent: nothing (the alert step reads the corrected children when it runs)', () => {
    expect(childrenCorrectionPlan(record, [la('AB', 'E08000025')], [], directory, day('2026-12-23'))).toEqual({ alertsSent: false, alerts: [], notices: [] });
    // A failed send is not an alert sent.
    expect(childrenCorrectionPlan(record, [la('AB', 'E08000025')], [{ ...manchester, status: 'failed' }], directory, day('2026-12-23')).alertsSent).toBe(false);
  });

  it('after the alerts: the authority added is alerted with the same alert, the one removed told it was in error, the host neither', () => {
    const plan = childrenCorrectionPlan(record, [la('AB', 'E08000025')], [camden, manchester], directory, day('2026-12-24'));
    expect(plan.alertsSent).toBe(true);
    expect(plan.alerts.map((alert) => [alert.recipientKey, alert.to])).toEqual([['la:E08000025', 'dcs@birmingham.example']]);
    expect(plan.alerts[0]?.template).toMatchObject({ template: 'dcsAlert', event: 'inadequate-full-inspection', summaryOfConcerns: 'Restraint is used without review.' });
    expect(plan.notices.map((notice) => [notice.recipientKey, notice.to])).toEqual([['la:E08000003', 'dcs@manchester.example']]);
    expect(plan.notices[0]?.template).toMatchObject({ alertSentOn: '2026-12-23', correctedOn: '2026-12-24', recipient: { kind: 'local-authority', authorityName: 'Manchester', role: 'placing' } });
  });

  it('keeps the host authority whatever the children, even when none is placed there any more', () => {
    const placedByHost = alertTo('la:E09000007', 'dcs@camden.example', { kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', roles: ['host', 'placing'] });
    const plan = childrenCorrectionPlan(record, [], [placedByHost], directory, day('2026-12-24'));
    expect(plan).toMatchObject({ alertsSent: true, alerts: [], notices: [] });
  });

  it('a parent who placed a child: added, alerted by name; removed, told in error; a recipient told once only', () => {
    const pat = parent('CD', 'Pat Parent', 'Pat@Family.example');
    const withPat = childrenCorrectionPlan(record, [la('AB', 'E08000003'), pat], [camden, manchester], directory, day('2026-12-24'));
    expect(withPat.alerts.map((alert) => alert.template.recipient)).toEqual([{ kind: 'placer', name: 'Pat Parent' }]);
    const patKey = withPat.alerts[0]!.recipientKey;
    const patAlert = alertTo(patKey, 'Pat@Family.example', { kind: 'placer' });
    const without = childrenCorrectionPlan(record, [la('AB', 'E08000003')], [camden, manchester, patAlert], directory, day('2026-12-28'));
    expect(without.notices.map((notice) => notice.recipientKey)).toEqual([patKey]);
    // The copy of the report that followed is withdrawn with it.
    const copy = { ...patAlert, duty: 'report-copy:full-inspection', sentAt: '2027-01-20T09:00:00.000Z' };
    const withCopy = childrenCorrectionPlan(record, [la('AB', 'E08000003')], [camden, manchester, patAlert, copy], directory, day('2027-01-25'));
    expect(renderEmail({ ...withCopy.notices[0]!.template, recipient: { kind: 'placer', name: 'Pat Parent' } }).text).toContain(
      'that email, and the one about our report on Wednesday 20 January 2027, were sent to you in error. You will not be sent the report.',
    );
    const told = { ...patAlert, duty: ALERT_SENT_IN_ERROR_DUTY };
    expect(childrenCorrectionPlan(record, [la('AB', 'E08000003')], [camden, manchester, patAlert, told], directory, day('2026-12-29')).notices).toEqual([]);
  });

  it("a parent's email address corrected: the new address alerted, the old one told, naming no one, that an email reached it in error", () => {
    const first = childrenCorrectionPlan(record, [la('AB', 'E08000003'), parent('CD', 'Pat Parent', 'pat@old.example')], [camden, manchester], directory, day('2026-12-24'));
    const sent = { ...alertTo(first.alerts[0]!.recipientKey, 'pat@old.example', { kind: 'placer' }), template: first.alerts[0]!.template };
    const copy = { ...sent, duty: 'report-copy:full-inspection', template: undefined, sentAt: '2027-01-20T09:00:00.000Z' };
    const moved = childrenCorrectionPlan(record, [la('AB', 'E08000003'), parent('CD', ' pat parent', 'pat@new.example')], [camden, manchester, sent, copy], directory, day('2027-01-25'));
    expect(moved.alerts.map((alert) => [alert.to, alert.template.recipient])).toEqual([['pat@new.example', { kind: 'placer', name: ' pat parent' }]]);
    expect(moved.notices.map((notice) => [notice.to, notice.template.addressCorrected])).toEqual([['pat@old.example', true]]);
    const notice = renderEmail(moved.notices[0]!.template);
    expect(notice.subject).toBe('Ofsted: an email sent to this address in error, URN SC123456');
    expect(notice.text).toContain(
      'On Wednesday 23 December 2026 and Wednesday 20 January 2027 we sent emails to this address about the children’s home with the unique reference number SC123456. They were meant for someone else',
    );
    expect(notice.text).toContain('Please delete our emails and any copies, and do not act on them.');
    // Whoever reads it may be a stranger: no name, no home's name, nothing of what was found.
    expect(notice.text).toContain('Dear Sir or Madam,');
    expect(notice.text).not.toContain('Pat Parent');
    expect(notice.text).not.toContain(record.establishment.name);
    expect(notice.text).not.toMatch(/inadequate/i);
    expect(notice.text).not.toContain('pat@new.example');
    expect(notice.text).not.toContain('You will not be sent the report');
    expect(notice.text).not.toContain('Restraint');
    // Another parent removed at the same time is told in error as before.
    const other = { ...alertTo('placer:other', 'sam@family.example', { kind: 'placer' }), template: { ...first.alerts[0]!.template, recipient: { kind: 'placer' as const, name: 'Sam Smith' } } };
    const both = childrenCorrectionPlan(record, [la('AB', 'E08000003'), parent('CD', 'Pat Parent', 'pat@new.example')], [camden, manchester, sent, other], directory, day('2027-01-25'));
    expect(both.notices.map((n) => [n.to, n.template.addressCorrected ?? false])).toEqual([['pat@old.example', true], ['sam@family.example', false]]);
  });

  it('a recipient told of an error and then added back is alerted again, under the next key; removed again, told again (found by a new-user walk)', () => {
    const toldManchester = { ...manchester, duty: ALERT_SENT_IN_ERROR_DUTY };
    const back = childrenCorrectionPlan(record, [la('AB', 'E08000003')], [camden, manchester, toldManchester], directory, day('2026-12-28'));
    expect(back.alerts.map((alert) => [alert.recipientKey, alert.to])).toEqual([['la:E08000003~2', 'dcs@manchester.example']]);
    // It says why it comes again: the notice was itself a mistake (found by a new-user walk).
    const again_ = renderEmail(back.alerts[0]!.template);
    expect(again_.text).toContain('On Wednesday 23 December 2026 we told you that our earlier email about this home had been sent to you in error.');
    expect(again_.text).toContain('please read this email, which replaces it, and act on it');
    expect(back.notices).toEqual([]);
    const again = alertTo('la:E08000003~2', 'dcs@manchester.example', { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', roles: ['placing'] });
    // Alerted again: nothing more is owed while the child stays.
    expect(childrenCorrectionPlan(record, [la('AB', 'E08000003')], [camden, manchester, toldManchester, again], directory, day('2026-12-29'))).toMatchObject({ alerts: [], notices: [] });
    const removedAgain = childrenCorrectionPlan(record, [], [camden, manchester, toldManchester, again], directory, day('2026-12-30'));
    expect(removedAgain.notices.map((notice) => notice.recipientKey)).toEqual(['la:E08000003~2']);
  });

  it('an alert withdrawn by an amendment of the judgement: nothing is alerted again', () => {
    const withdrawn = { ...camden, duty: 'dcs-alert-correction' };
    expect(childrenCorrectionPlan(record, [la('AB', 'E08000025')], [camden, manchester, withdrawn], directory, day('2026-12-24')).alertsSent).toBe(false);
  });

  it('the notice says the alert was sent in error and asks for it to be deleted, naming no child and no concern', () => {
    const [notice] = childrenCorrectionPlan(record, [la('AB', 'E08000025')], [camden, manchester], directory, day('2026-12-24')).notices;
    const email = renderEmail(notice!.template);
    expect(email.subject).toBe('Ofsted: earlier alert sent to you in error, URN SC123456');
    expect(email.text).toContain('as director of children’s services for Manchester');
    expect(email.text).toContain('Wednesday 23 December 2026');
    expect(email.text).toContain('the alert was sent to you in error');
    expect(email.text).toContain('Please delete our earlier email and any copies of it');
    expect(email.text).not.toMatch(/\bAB\b/);
    expect(email.text).not.toContain('Restraint');
    const toParent = renderEmail({ ...notice!.template, recipient: { kind: 'placer', name: 'Pat Parent' } });
    expect(toParent.text).toContain('Dear Pat Parent,');
    expect(toParent.text).toContain('because our records showed that you had placed a child there');
  });

  it('an alert sent after the report confirmed the judgement says so, not that the judgement is indicative', () => {
    const [alert] = childrenCorrectionPlan(record, [la('AB', 'E08000025')], [camden, manchester], directory, day('2027-01-25')).alerts;
    const email = renderEmail({ ...alert!.template, reportConfirmedOn: day('2027-01-20') });
    expect(email.text).toContain('Our report, published on Wednesday 20 January 2027, confirmed this judgement.');
    expect(email.text).not.toContain('subject to confirmation');
    expect(email.subject).toBe('Ofsted alert: home judged inadequate, URN SC123456');
    expect(renderEmail(alert!.template).subject).toBe('Ofsted alert: home judged inadequate (indicative judgement), URN SC123456');
    expect(renderEmail(alert!.template).text).toContain('It is subject to confirmation by Ofsted on publication of the report.');
  });

  it("the provider's updated copy after the report: it quotes what the alerts now say, and that it replaces the first", () => {
    const email = renderEmail({
      template: 'providerCopyOfAlert',
      inspectionId: 'insp-0001',
      establishment: { urn: 'SC123456', name: 'Willow House' },
      providerName: 'Willow Care Ltd',
      event: 'inadequate-full-inspection',
      eventEndDate: day('2026-12-22'),
      summaryOfConcerns: 'Restraint is used without review.',
      alertSentOn: day('2026-12-23'),
      alertedAuthorities: ['Camden', 'Birmingham'],
      placersAlerted: 0,
      correctedOn: day('2027-01-25'),
      reportConfirmedOn: day('2027-01-20'),
    });
    expect(email.subject).toBe('Updated copy of Ofsted alert to local authorities, URN SC123456');
    expect(email.text).toContain('This copy replaces the one we sent you before.');
    expect(email.text).toContain('Our report, published on Wednesday 20 January 2027, confirmed this judgement.');
    expect(email.text).not.toContain('subject to confirmation');
  });

  it('the notifications list: a recipient told of an error is due neither the alert nor a call', () => {
    const corrected = { ...record, children: [la('AB', 'E08000025')], followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:31:00.000Z', origin: 'full-inspection' as const } } };
    const notice = { ...manchester, duty: ALERT_SENT_IN_ERROR_DUTY };
    const birmingham = alertTo(alertRecipientKey({ kind: 'dcs', authorityCode: 'E08000025', authorityName: 'Birmingham', email: 'dcs@birmingham.example', roles: ['placing'] }), 'dcs@birmingham.example', { kind: 'dcs', authorityCode: 'E08000025', authorityName: 'Birmingham', roles: ['placing'] });
    const ledger = notificationLedger({ record: corrected, emails: [camden, manchester, notice, birmingham] as never, calls: [], now: '2026-12-24T10:00:00.000Z' as never });
    expect(ledger.phoneFollowUps.map((followUp) => followUp.authorityCode).sort()).toEqual(['E08000025', 'E09000007']);
    expect(ledger.summary.alertsDue).toBe(2);
  });
});

describe('the calls and report copies after an alert sent in error', () => {
  const withPathway = { ...record, followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:31:00.000Z', origin: 'full-inspection' as const } } };
  const toldManchester = { ...manchester, duty: ALERT_SENT_IN_ERROR_DUTY, sentAt: '2026-12-24T09:00:00.000Z' };
  const again = { ...alertTo('la:E08000003~2', 'dcs@manchester.example', { kind: 'dcs', authorityCode: 'E08000003', authorityName: 'Manchester', roles: ['placing'] }), sentAt: '2026-12-28T09:00:00.000Z' };
  const call = (calledAt: string) => ({ authorityCode: 'E08000003', calledAt, spokeTo: 'Duty officer', outcome: 'receipt-confirmed' as const, recordedBy: 'inspector-1', recordedAt: calledAt });

  it('an authority alerted again: a call before the new alert confirms nothing of it', () => {
    const ledger = notificationLedger({ record: withPathway, emails: [camden, manchester, toldManchester, again] as never, calls: [call('2026-12-23T10:00:00.000Z')] as never, now: '2026-12-28T10:00:00.000Z' as never });
    const followUp = ledger.phoneFollowUps.find((entry) => entry.authorityCode === 'E08000003');
    expect(followUp).toMatchObject({ required: true, state: 'outstanding' });
    expect(followUp?.calls).toHaveLength(1);
  });

  it('an authority told of the error and called: listed as not required because of it, with its name', () => {
    const corrected = { ...withPathway, children: [la('AB', 'E08000025')] };
    const ledger = notificationLedger({ record: corrected, emails: [camden, manchester, toldManchester] as never, calls: [call('2026-12-23T10:00:00.000Z')] as never, now: '2026-12-28T10:00:00.000Z' as never });
    expect(ledger.phoneFollowUps.find((entry) => entry.authorityCode === 'E08000003')).toMatchObject({ required: false, sentInError: true, authorityName: 'Manchester' });
  });
});

describe('two lists of children alike', () => {
  it('compares initials and placements in any order, emails in any case', () => {
    expect(sameChildren([parent('CD', 'Pat', 'Pat@X.example')], [parent('CD', 'Pat', 'pat@x.example')])).toBe(true);
    expect(sameChildren([la('AB', 'E08000003')], [la('AB', 'E08000025')])).toBe(false);
    expect(sameChildren([la('AB', 'E08000003'), la('CD', 'E08000003')], [la('CD', 'E08000003'), la('AB', 'E08000003')])).toBe(true);
    expect(sameChildren([la('AB', 'E08000003'), la('AB', 'E08000003')], [la('AB', 'E08000003')])).toBe(false);
    expect(sameChildren([], [])).toBe(true);
  });
});

describe('what a correction changed', () => {
  it('matches children by their initials: removed, added, changed; those alike and the order left out', () => {
    const before = [la('AB', 'E08000003'), la('CD', 'E09000007'), parent('EF', 'Pat Parent', 'pat@old.example'), la('GH', 'E08000025')];
    const after = [la('GH', 'E08000025'), la('AB', 'E08000025'), parent('EF', 'Pat Parent', 'PAT@new.example'), la('JK', 'E08000003')];
    expect(childrenChanges(before, after)).toEqual({
      removed: [la('CD', 'E09000007')],
      added: [la('JK', 'E08000003')],
      changed: [
        { before: la('AB', 'E08000003'), after: la('AB', 'E08000025') },
        { before: parent('EF', 'Pat Parent', 'pat@old.example'), after: parent('EF', 'Pat Parent', 'PAT@new.example') },
      ],
    });
    // Two children with the same initials: the one alike is matched first, the other changed.
    expect(childrenChanges([la('AB', 'E08000003'), la('AB', 'E09000007')], [la('AB', 'E09000007'), la('AB', 'E08000025')]).changed).toEqual([
      { before: la('AB', 'E08000003'), after: la('AB', 'E08000025') },
    ]);
    expect(childrenChanges(before, [...before].reverse())).toEqual({ removed: [], added: [], changed: [] });
  });
});
