/**
 * A withdrawn inspection (logged by mistake): what it counts for (nothing, in the register and the plan), what it
 * owes (nothing), and who outside Ofsted was told of it.
 */
import { describe, expect, it } from 'vitest';
import { amendmentBlocked } from '../../functions/core/amendments';
import { awaitedOf } from '../../functions/core/awaited';
import { currentJudgementOf, inadequateJudgementsOf, pastInspectionsOf, sameInspectionLogged } from '../../functions/core/establishment-history';
import type { InspectionRecord, Withdrawal } from '../../functions/core/inspection';
import { inspectionStatus, inspectionSummary, nextDeadline, overdueDeadlineCount, type OutboxEmail } from '../../functions/core/inspection-views';
import { approvalClosedNotices, emailedOutsideOfsted, withdrawalNotice, withdrawalRefusal } from '../../functions/core/withdrawal';
import { INADEQUATE_ON_22_DECEMBER, inspectionRecord } from '../adapters/inspection-fixtures';

const WITHDRAWAL: Withdrawal = { withdrawnBy: 'manager-1', withdrawnByName: 'Sam Okafor', withdrawnAt: '2027-01-05T10:00:00.000Z', reason: 'Logged against the wrong home.' };

const judgedInadequate = (overrides: Partial<InspectionRecord> = {}) =>
  inspectionRecord({
    status: 'in-progress',
    outcome: INADEQUATE_ON_22_DECEMBER,
    followUps: { inadequate: { executionName: 'insp-0001--inadequate', startedAt: '2026-12-22T17:00:01.000Z', origin: 'full-inspection' } },
    ...overrides,
  });
const withdrawn = (record: InspectionRecord): InspectionRecord => ({ ...record, status: 'withdrawn', withdrawal: WITHDRAWAL });

describe('a withdrawn inspection in the establishment’s history', () => {
  const earlier = inspectionRecord({
    id: 'insp-0000',
    status: 'in-progress',
    dates: { inspectionStart: '2025-06-02', inspectionEnd: '2025-06-03' } as InspectionRecord['dates'],
    outcome: { outcome: { process: 'full-inspection', overall: 'good', helpedAndProtected: 'good', leadersAndManagers: 'good' }, recordedBy: 'inspector-1', recordedAt: '2025-06-03T17:00:00.000Z' },
  });

  it('is not an inspection that happened, not an inadequate judgement, and not the current judgement', () => {
    const standing = judgedInadequate();
    expect(pastInspectionsOf([earlier, standing]).map((past) => past.inspectionId)).toEqual(['insp-0000', 'insp-0001']);
    expect(inadequateJudgementsOf([earlier, standing])).toHaveLength(1);
    expect(currentJudgementOf([earlier, standing])?.judgement).toBe('inadequate');

    const records = [earlier, withdrawn(standing)];
    expect(pastInspectionsOf(records).map((past) => past.inspectionId)).toEqual(['insp-0000']);
    expect(inadequateJudgementsOf(records)).toEqual([]);
    // The judgement before it stands again.
    expect(currentJudgementOf(records)).toMatchObject({ judgement: 'good', inspectionId: 'insp-0000' });
  });
});

describe('what a withdrawn inspection owes', () => {
  const now = new Date('2027-03-01T09:00:00.000Z');

  it('nothing: no deadline, none overdue, nothing awaited; its status is withdrawn', () => {
    const standing = judgedInadequate();
    expect(nextDeadline(standing, now)?.status).toBe('overdue');
    expect(overdueDeadlineCount(standing, now)).toBeGreaterThan(0);

    const record = withdrawn(standing);
    expect(nextDeadline(record, now)).toBeUndefined();
    expect(overdueDeadlineCount(record, now)).toBe(0);
    expect(awaitedOf(record, [])).toEqual([]);
    expect(inspectionStatus(record, now)).toBe('withdrawn');
    expect(inspectionSummary(record, now)).toMatchObject({ status: 'withdrawn' });
    expect(inspectionSummary(record, now).nextDeadline).toBeUndefined();
  });
});

describe('a withdrawn inspection’s judgements', () => {
  it('cannot be amended: the page offers no amendment, and says why', () => {
    expect(amendmentBlocked(judgedInadequate())).toBeUndefined();
    expect(amendmentBlocked(withdrawn(judgedInadequate()))).toBe('the inspection was withdrawn on Tuesday 5 January 2027 (logged by mistake)');
  });
});

describe('withdrawalRefusal', () => {
  it('lets a standing inspection be withdrawn, and the same reason again (a retry); refuses another reason, naming who withdrew it', () => {
    expect(withdrawalRefusal({}, 'Logged twice.')).toBeUndefined();
    expect(withdrawalRefusal({ withdrawal: WITHDRAWAL }, WITHDRAWAL.reason)).toBeUndefined();
    expect(withdrawalRefusal({ withdrawal: WITHDRAWAL }, 'Another reason.')).toBe(
      'this inspection was already withdrawn on Tuesday 5 January 2027 by Sam Okafor, with the reason: Logged against the wrong home.',
    );
  });
});

describe('emailedOutsideOfsted', () => {
  const email = (overrides: Partial<OutboxEmail>): OutboxEmail => ({
    duty: 'dcs-alert',
    recipientKey: 'dcs:E09000007',
    to: 'dcs@camden.example',
    recipient: { kind: 'dcs', authorityCode: 'E09000007' },
    status: 'sent',
    sentAt: '2026-12-23T09:00:00.000Z',
    ...overrides,
  });

  it('lists the sent emails to the provider, local authorities, placers and the DfE, oldest first; not Ofsted’s own, nor those never sent', () => {
    const emails = [
      email({ duty: 'provider-copy-of-alert', recipientKey: 'provider', to: 'ri@willow.example', recipient: { kind: 'provider' }, sentAt: '2026-12-23T10:00:00.000Z' }),
      email({}),
      email({ duty: 'dfe-notice', recipientKey: 'dfe', recipient: { kind: 'dfe' }, sentAt: '2026-12-23T09:30:00.000Z' }),
      email({ duty: 'dcs-alert', recipientKey: 'placer:pat', to: 'pat@example.org', recipient: { kind: 'placer' }, sentAt: '2026-12-23T09:10:00.000Z' }),
      email({ recipientKey: 'dcs:E08000003', to: 'dcs@manchester.example', status: 'failed', sentAt: undefined }),
      email({ duty: 'escalation:full-inspection:judgements-recorded:1', recipientKey: 'manager', recipient: { kind: 'manager' } }),
      email({ duty: 'approval-request', recipientKey: 'managers', recipient: { kind: 'manager' } }),
    ];
    expect(emailedOutsideOfsted(emails).map((sent) => sent.recipientKey)).toEqual(['dcs:E09000007', 'placer:pat', 'dfe', 'provider']);
  });
});

describe('withdrawalNotice (the lead inspector’s email)', () => {
  const sent = (kind: OutboxEmail['recipient']['kind']) => ({ recipient: { kind }, sentAt: '2026-12-23T09:00:00.000Z' });

  it('tells the lead inspector who withdrew it, why, and who outside Ofsted had been emailed, by kind', () => {
    const record = withdrawn(judgedInadequate({ inspectorEmail: 'ann.inspector@ofsted.example' }));
    const notice = withdrawalNotice(record, [sent('dcs'), sent('manager'), sent('provider'), sent('dcs')], 'https://sccif.example');
    expect(notice).toMatchObject({
      to: 'ann.inspector@ofsted.example',
      template: { template: 'inspectionWithdrawn', withdrawnBy: 'Sam Okafor', reason: WITHDRAWAL.reason, emailedOutside: ['the provider', 'directors of children’s services'] },
    });
  });

  it('tells nobody when the lead inspector’s address is unknown, when they withdrew it themselves, or before it is withdrawn', () => {
    expect(withdrawalNotice(withdrawn(judgedInadequate()), [], 'https://sccif.example')).toBeUndefined();
    const own = { ...withdrawn(judgedInadequate({ inspectorEmail: 'ann.inspector@ofsted.example' })), withdrawal: { ...WITHDRAWAL, withdrawnBy: 'inspector-1' } };
    expect(withdrawalNotice(own, [], 'https://sccif.example')).toBeUndefined();
    expect(withdrawalNotice(judgedInadequate({ inspectorEmail: 'ann.inspector@ofsted.example' }), [], 'https://sccif.example')).toBeUndefined();
  });
});

describe('sameInspectionLogged (the same inspection logged twice)', () => {
  const full = inspectionRecord({ status: 'in-progress' }); // Willow House, 21-22 December 2026
  const on = (inspectionStart: string, inspectionEnd: string) => ({ dates: { inspectionStart, inspectionEnd } as InspectionRecord['dates'] });

  it('finds a standing inspection of the home whose days overlap, whatever its process; not the days either side', () => {
    expect(sameInspectionLogged([full], on('2026-12-22', '2026-12-23'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([full], on('2026-12-18', '2026-12-21'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([{ ...full, process: 'interim-inspection' }], on('2026-12-21', '2026-12-21'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([full], on('2026-12-23', '2026-12-24'), 'insp-new')).toBeUndefined();
    expect(sameInspectionLogged([full], on('2026-12-17', '2026-12-20'), 'insp-new')).toBeUndefined();
  });

  it('leaves out the same request again, the inspection it returns to, and a withdrawn or failed one', () => {
    expect(sameInspectionLogged([full], on('2026-12-21', '2026-12-22'), 'insp-0001')).toBeUndefined();
    expect(sameInspectionLogged([full], { ...on('2026-12-22', '2026-12-23'), followUpOf: 'insp-0001' }, 'insp-new')).toBeUndefined();
    expect(sameInspectionLogged([withdrawn(full)], on('2026-12-21', '2026-12-22'), 'insp-new')).toBeUndefined();
    expect(sameInspectionLogged([{ ...full, status: 'failed' }], on('2026-12-21', '2026-12-22'), 'insp-new')).toBeUndefined();
  });

  it('spans an assurance visit from its day 1 to the end of the visit (day 3), for the one logged too', () => {
    // Day 1 Monday 11 January 2027: the visit ends on day 3, Wednesday 13 January.
    const visit = inspectionRecord({ process: 'assurance-visit', status: 'in-progress', dates: { day1: '2027-01-11' } as InspectionRecord['dates'] });
    const day1 = (date: string) => ({ dates: { day1: date } as InspectionRecord['dates'] });
    expect(sameInspectionLogged([visit], day1('2027-01-12'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([visit], day1('2027-01-13'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([visit], day1('2027-01-09'), 'insp-new')?.id).toBe('insp-0001');
    expect(sameInspectionLogged([visit], day1('2027-01-14'), 'insp-new')).toBeUndefined();
    expect(sameInspectionLogged([visit], day1('2027-01-08'), 'insp-new')).toBeUndefined();
  });
});

describe('approvalClosedNotices (the decisions a withdrawal closed)', () => {
  const request = (duty: string, recipientKey: string, sentAt?: string) => ({
    duty,
    recipientKey,
    to: `${recipientKey}@ofsted.example`,
    recipient: { kind: 'manager' as const },
    ...(sentAt ? { sentAt } : {}),
    template: { managerName: 'Regulatory Inspection Manager' },
  });

  it('tells whoever each closed decision was asked of (its request email), greeting them as the request did', () => {
    const record = withdrawn(judgedInadequate());
    const emails = [
      request('approval-request:inadequate:case-review', 'managers', '2026-12-22T17:00:05.000Z'),
      request('approval-request:inadequate:la-contact-arrangements', 'managers', '2026-12-22T17:00:06.000Z'),
      request('dcs-alert', 'la:E09000007', '2026-12-22T17:00:07.000Z'),
    ];
    const notices = approvalClosedNotices(record, emails, [{ approvalId: 'apr-1', process: 'inadequate', kind: 'case-review' }], 'https://sccif.example');
    expect(notices).toEqual([
      expect.objectContaining({
        duty: 'approval-closed:apr-1',
        recipientKey: 'managers',
        to: 'managers@ofsted.example',
        template: expect.objectContaining({ approvalKind: 'case-review', managerName: 'Regulatory Inspection Manager', askedAt: '2026-12-22T17:00:05.000Z', withdrawnBy: 'Sam Okafor' }),
      }),
    ]);
  });

  it('tells nobody of a request never sent, nor before the inspection is withdrawn', () => {
    const emails = [request('approval-request:inadequate:case-review', 'managers')];
    const closed = [{ approvalId: 'apr-1', process: 'inadequate' as const, kind: 'case-review' as const }];
    expect(approvalClosedNotices(withdrawn(judgedInadequate()), emails, closed, 'https://sccif.example')).toEqual([]);
    expect(approvalClosedNotices(judgedInadequate(), [request('approval-request:inadequate:case-review', 'managers', '2026-12-22T17:00:05.000Z')], closed, 'https://sccif.example')).toEqual([]);
  });
});
