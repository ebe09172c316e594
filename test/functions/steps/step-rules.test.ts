/**
 * The small rules the step handlers share (functions/core/step-rules.ts): pure, so tested without a table.
 */
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../../functions/core/calendar';
import type { RecordedDecision } from '../../../functions/core/inspection';
import {
  alertAddressee,
  alertRecipientKey,
  approvalIdFor,
  complaintsCountFromPublication,
  decisionOutput,
  escalationDuty,
  followUpOrigin,
  nextReminder,
  reportStageFor,
  timeLeft,
} from '../../../functions/core/step-rules';
import { assuranceVisit, inadequateFullInspection } from './step-harness';

describe('step rules', () => {
  it('names an approval opaquely and the same way every time, by inspection, process and kind', () => {
    const id = approvalIdFor('insp-1', 'inadequate', 'case-review');
    expect(id).toMatch(/^apr-[0-9a-f]{24}$/);
    expect(approvalIdFor('insp-1', 'inadequate', 'case-review')).toBe(id);
    expect(approvalIdFor('insp-1', 'assurance-visit', 'case-review')).not.toBe(id);
  });

  it('answers a wait with the decision only once there is one, without the rationale or who decided (execution history keeps it)', () => {
    const decision: RecordedDecision = {
      approvalId: 'apr-1',
      kind: 'case-review',
      decision: 'full-inspection',
      rationale: 'The home needs a full inspection soon.',
      decidedBy: 'manager-1',
      decidedAt: '2026-12-24T09:30:00.000Z',
    };
    expect(decisionOutput({ approvalId: 'apr-1' })).toBeUndefined();
    expect(decisionOutput({ approvalId: 'apr-1', decision })).toEqual({
      approvalId: 'apr-1',
      decision: 'full-inspection',
      decidedAt: '2026-12-24T09:30:00.000Z',
    });
  });

  it('keys alert recipients by authority code, and placers by a hash of their address whatever its case', () => {
    const placer = (email: string) => alertRecipientKey({ kind: 'placer', name: 'Pat Parent', email });
    expect(alertRecipientKey({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles: ['host'] })).toBe(
      'la:E09000007',
    );
    expect(placer('Pat.Parent@family.example')).toBe(placer('pat.parent@family.example'));
    expect(placer('pat.parent@family.example')).toMatch(/^placer:[0-9a-f]{16}$/);
  });

  it('tells an authority why it is alerted: host, placing, or both', () => {
    const dcs = (roles: ('host' | 'placing')[]) =>
      alertAddressee({ kind: 'dcs', authorityCode: 'E09000007', authorityName: 'Camden', email: 'dcs@camden.la.example', roles });
    expect(dcs(['host'])).toMatchObject({ role: 'host' });
    expect(dcs(['placing'])).toEqual({ kind: 'local-authority', authorityName: 'Camden', role: 'placing' });
    expect(dcs(['host', 'placing'])).toMatchObject({ role: 'placing-and-host' });
  });

  it('reminds by the end of the next working day, in London time', () => {
    // Fri 18 Dec 2026 → Mon 21 Dec 2026
    expect(nextReminder(new Date('2026-12-18T15:00:00.000Z')).due).toBe('2026-12-21T23:59:59.000Z');
    expect(timeLeft({ due: '2026-12-18T23:59:59.000Z' }, new Date('2026-12-18T23:59:59.000Z'))).toEqual({
      seconds: 3 * 24 * 3600,
      dueAt: '2026-12-18T23:59:59.000Z',
    });
  });

  it('takes the origin of a follow-up from the record', () => {
    const full = inadequateFullInspection();
    expect(followUpOrigin(full, 'inadequate')).toBe('full-inspection');
    expect(followUpOrigin(full, 'monitoring-visit')).toBe('inadequate');
    expect(followUpOrigin(assuranceVisit(), 'monitoring-visit')).toBe('assurance-visit');
  });

  it('publishes the monitoring visit’s report, and counts complaints from publication for children’s homes only', () => {
    expect(reportStageFor('monitoring-visit-latest')).toBe('publish');
    expect(reportStageFor('case-review')).toBeUndefined();
    expect(complaintsCountFromPublication('full-inspection')).toBe(true);
    expect(complaintsCountFromPublication('interim-inspection')).toBe(true);
    expect(complaintsCountFromPublication('assurance-visit')).toBe(false);
    expect(complaintsCountFromPublication('rfc-inspection')).toBe(false);
  });

  it('keys escalations by the London day, so there is at most one a day', () => {
    expect(escalationDuty('inadequate', 'dcs-alert', parseLocalDate('2026-12-29'))).toBe('escalation:inadequate:dcs-alert:2026-12-29');
  });
});
