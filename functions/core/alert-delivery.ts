/**
 * An alert to a director of children's services (SCCIF 15.3) or to a person who placed a child themselves (15.4) that
 * SES reported bounced or rejected: the lead inspector is told, once per alert, to reach them another way (found by a
 * new-user walk: the page showed "not received", and nobody was told). So too for the copy of the report that person
 * is sent (15.4), once per report copy (found by a later walk: it bounced again, and nobody was told). Pure: the
 * caller passes the record and the outbox email, and sends what this returns.
 */
import type { AlertNotDeliveredInput, EmailTemplateInput } from './email-content';
import type { InspectionRecord } from './inspection';
import { DCS_ALERT_DUTY, refused, type DeliveryEventStatus } from './inspection-views';

/** The outbox duty of the notice: one per alert not delivered (its recipientKey is the alert's). */
export const ALERT_NOT_DELIVERED_DUTY = 'alert-not-delivered';

/**
 * The outbox duty of the notice about a report copy (duty `report-copy:<process>`, a later monitoring visit's with
 * `:visit-<n>`): `report-copy-not-delivered:<process>…`, one per copy not delivered.
 */
export const reportCopyNotDeliveredDuty = (reportCopyDuty: string) => reportCopyDuty.replace(/^report-copy:/, 'report-copy-not-delivered:');

/** The outbox emails a notice is about: the alerts, and the copies of the report sent to people who placed a child. */
export const isReportCopy = (duty: string) => duty.startsWith('report-copy:');
export const mayNotBeDelivered = (duty: string) => duty === DCS_ALERT_DUTY || isReportCopy(duty);

/** The outbox email the notice is about: the alert as stored, with the delivery event SES reported. */
export interface UndeliveredAlert {
  duty: string;
  recipientKey: string;
  to: string;
  template: EmailTemplateInput;
  delivery?: { status: DeliveryEventStatus; at: string };
}

export interface AlertNotDeliveredNotice {
  duty: string;
  recipientKey: string;
  to: string;
  template: AlertNotDeliveredInput;
}

/** The notice to send the lead inspector, or none: not an alert or a report copy, delivered, or no lead inspector's address known. */
export function alertNotDeliveredNotice(record: InspectionRecord, alert: UndeliveredAlert, baseUrl: string): AlertNotDeliveredNotice | undefined {
  const { delivery, template } = alert;
  if (!delivery || !refused(alert) || !record.inspectorEmail) return undefined;
  const about =
    alert.duty === DCS_ALERT_DUTY && template.template === 'dcsAlert'
      ? {
          duty: ALERT_NOT_DELIVERED_DUTY,
          alerted: template.recipient.kind === 'placer' ? { kind: 'placer' as const, name: template.recipient.name } : { kind: 'dcs' as const, authorityName: template.recipient.authorityName },
        }
      : isReportCopy(alert.duty) && template.template === 'reportCopyForPlacer'
        ? { duty: reportCopyNotDeliveredDuty(alert.duty), alerted: { kind: 'placer' as const, name: template.placerName }, reportCopy: true as const }
        : undefined;
  if (!about) return undefined;
  return {
    duty: about.duty,
    recipientKey: alert.recipientKey,
    to: record.inspectorEmail,
    template: {
      template: 'alertNotDelivered',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      leadInspectorName: record.inspectorName,
      alerted: about.alerted,
      ...('reportCopy' in about ? { reportCopy: true } : {}),
      to: alert.to,
      status: delivery.status === 'rejected' ? 'rejected' : 'bounced',
      at: delivery.at,
      baseUrl,
    },
  };
}
