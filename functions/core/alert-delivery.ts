/**
 * An alert to a director of children's services (SCCIF 15.3) or to a person who placed a child themselves (15.4) that
 * SES reported bounced or rejected: the lead inspector is told, once per alert, to reach them another way (found by a
 * new-user walk: the page showed "not received", and nobody was told). Pure: the caller passes the record and the
 * outbox email, and sends what this returns.
 */
import type { AlertNotDeliveredInput, EmailTemplateInput } from './email-content';
import type { InspectionRecord } from './inspection';
import { DCS_ALERT_DUTY, refused, type DeliveryEventStatus } from './inspection-views';

/** The outbox duty of the notice: one per alert not delivered (its recipientKey is the alert's). */
export const ALERT_NOT_DELIVERED_DUTY = 'alert-not-delivered';

/** The outbox email the notice is about: the alert as stored, with the delivery event SES reported. */
export interface UndeliveredAlert {
  duty: string;
  recipientKey: string;
  to: string;
  template: EmailTemplateInput;
  delivery?: { status: DeliveryEventStatus; at: string };
}

export interface AlertNotDeliveredNotice {
  duty: typeof ALERT_NOT_DELIVERED_DUTY;
  recipientKey: string;
  to: string;
  template: AlertNotDeliveredInput;
}

/** The notice to send the lead inspector, or none: not an alert, delivered, or no lead inspector's address known. */
export function alertNotDeliveredNotice(record: InspectionRecord, alert: UndeliveredAlert, baseUrl: string): AlertNotDeliveredNotice | undefined {
  const { delivery } = alert;
  if (alert.duty !== DCS_ALERT_DUTY || !delivery || !refused(alert) || !record.inspectorEmail || alert.template.template !== 'dcsAlert') return undefined;
  const addressee = alert.template.recipient;
  return {
    duty: ALERT_NOT_DELIVERED_DUTY,
    recipientKey: alert.recipientKey,
    to: record.inspectorEmail,
    template: {
      template: 'alertNotDelivered',
      inspectionId: record.id,
      establishment: { urn: record.establishment.urn, name: record.establishment.name },
      leadInspectorName: record.inspectorName,
      alerted: addressee.kind === 'placer' ? { kind: 'placer', name: addressee.name } : { kind: 'dcs', authorityName: addressee.authorityName },
      to: alert.to,
      status: delivery.status === 'rejected' ? 'rejected' : 'bounced',
      at: delivery.at,
      baseUrl,
    },
  };
}
