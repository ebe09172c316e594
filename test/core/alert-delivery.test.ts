/** The notice to the lead inspector of an alert not delivered (functions/core/alert-delivery.ts). */
import { describe, expect, it } from 'vitest';
import { alertNotDeliveredNotice, type UndeliveredAlert } from '../../functions/core/alert-delivery';
import type { DcsAlertInput } from '../../functions/core/email-content';
import { inspectionRecord } from '../adapters/inspection-fixtures';

const BASE = 'https://sccif.example.gov.uk';
const record = inspectionRecord({ inspectorEmail: 'ann.inspector@ofsted.example', inspectorName: 'Ann Inspector' });

function alert(recipient: DcsAlertInput['recipient'], overrides: Partial<UndeliveredAlert> = {}): UndeliveredAlert {
  const template = { template: 'dcsAlert', recipient } as DcsAlertInput;
  return { duty: 'dcs-alert', recipientKey: 'la:E09000007', to: 'dcs@camden.example', template, delivery: { status: 'bounced', at: '2026-12-23T10:00:05.000Z' }, ...overrides };
}

describe('alertNotDeliveredNotice', () => {
  it('tells the lead inspector, keyed by the alert, naming the authority or the person and the address', () => {
    const dcs = alertNotDeliveredNotice(record, alert({ kind: 'local-authority', authorityName: 'Camden', role: 'host' }), BASE);
    expect(dcs).toEqual({
      duty: 'alert-not-delivered',
      recipientKey: 'la:E09000007',
      to: 'ann.inspector@ofsted.example',
      template: {
        template: 'alertNotDelivered',
        inspectionId: record.id,
        establishment: { urn: record.establishment.urn, name: record.establishment.name },
        leadInspectorName: 'Ann Inspector',
        alerted: { kind: 'dcs', authorityName: 'Camden' },
        to: 'dcs@camden.example',
        status: 'bounced',
        at: '2026-12-23T10:00:05.000Z',
        baseUrl: BASE,
      },
    });
    const placer = alertNotDeliveredNotice(record, alert({ kind: 'placer', name: 'Pat Parent' }, { delivery: { status: 'rejected', at: '2026-12-23T10:00:01.000Z' } }), BASE);
    expect(placer?.template).toMatchObject({ alerted: { kind: 'placer', name: 'Pat Parent' }, status: 'rejected' });
  });

  it('sends nothing for a delivered or complained-of alert, an email that is not an alert, or no lead inspector address', () => {
    const camden = { kind: 'local-authority', authorityName: 'Camden', role: 'host' } as const;
    expect(alertNotDeliveredNotice(record, alert(camden, { delivery: { status: 'delivered', at: '2026-12-23T10:00:05.000Z' } }), BASE)).toBeUndefined();
    expect(alertNotDeliveredNotice(record, alert(camden, { delivery: { status: 'complained', at: '2026-12-23T10:00:05.000Z' } }), BASE)).toBeUndefined();
    expect(alertNotDeliveredNotice(record, { ...alert(camden), delivery: undefined } as UndeliveredAlert, BASE)).toBeUndefined();
    expect(alertNotDeliveredNotice(record, alert(camden, { duty: 'provider-letter' }), BASE)).toBeUndefined();
    const { inspectorEmail: _none, ...withoutAddress } = record;
    expect(alertNotDeliveredNotice(withoutAddress, alert(camden), BASE)).toBeUndefined();
  });
});

describe('alertNotDeliveredNotice for the copy of the report to a person who placed a child (SCCIF 15.4)', () => {
  const copy = (overrides: Partial<UndeliveredAlert> = {}): UndeliveredAlert => ({
    duty: 'report-copy:full-inspection',
    recipientKey: 'placer:pat.parent@family.example',
    to: 'pat.parent@family.example',
    template: { template: 'reportCopyForPlacer', placerName: 'Pat Parent' } as UndeliveredAlert['template'],
    delivery: { status: 'bounced', at: '2027-02-10T10:00:05.000Z' },
    ...overrides,
  });

  it('tells the lead inspector under a duty of its own (the alert’s notice may have gone already), naming the person', () => {
    const notice = alertNotDeliveredNotice(record, copy(), BASE);
    expect(notice).toMatchObject({
      duty: 'report-copy-not-delivered:full-inspection',
      recipientKey: 'placer:pat.parent@family.example',
      to: 'ann.inspector@ofsted.example',
      template: { template: 'alertNotDelivered', alerted: { kind: 'placer', name: 'Pat Parent' }, reportCopy: true, status: 'bounced' },
    });
    // A later monitoring visit's copy keeps its visit in the duty.
    expect(alertNotDeliveredNotice(record, copy({ duty: 'report-copy:monitoring-visit:visit-2' }), BASE)?.duty).toBe('report-copy-not-delivered:monitoring-visit:visit-2');
  });

  it('sends nothing for a copy delivered, or an email that is not a report copy with a report copy’s template', () => {
    expect(alertNotDeliveredNotice(record, copy({ delivery: { status: 'delivered', at: '2027-02-10T10:00:05.000Z' } }), BASE)).toBeUndefined();
    expect(alertNotDeliveredNotice(record, copy({ duty: 'report:full-inspection:publish' }), BASE)).toBeUndefined();
  });
});
