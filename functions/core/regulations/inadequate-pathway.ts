import {
  FULL_INSPECTION_AFTER_INADEQUATE,
  MONITORING_WINDOW_CLOSES,
  MONITORING_WINDOW_OPENS,
} from './monitoring-visit';
import { cite, homesFramework, SCCIF_15_1, SCCIF_15_2, SCCIF_15_3 } from './sources';
import { defineProcess } from './types';

/**
 * A children's home judged inadequate for overall experiences and progress (or an interim decline taken to case
 * review): urgent case review, LA alerts, DfE for secure homes, a return within 6-8 weeks, and a full inspection
 * within 16 weeks of the original inspection when the monitoring visit decides so.
 */
export const inadequatePathway = defineProcess<'inspection-end', 'secure' | 'full-inspection-outcome' | 'after-interim'>({
  id: 'inadequate',
  title: 'Inadequate judgement: urgent case review, alerts and return visits',
  source: SCCIF_15_1,
  anchors: {
    'inspection-end': { label: 'the inspection', flag: 'inspection-end' },
  },
  conditions: {
    secure: { label: "the home is a secure children's home", flag: 'secure' },
    'full-inspection-outcome': {
      label: 'the monitoring visit decided to schedule a full inspection',
      flag: 'full-inspection-outcome',
    },
    'after-interim': {
      label: "an interim inspection's case review started the pathway (it held the case review and decided the alert)",
      flag: 'after-interim',
    },
  },
  steps: [
    {
      id: 'case-review',
      title: 'Urgent case review held; manager approves the decision',
      actor: 'manager',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_1,
      note:
        `${cite(SCCIF_15_1)} says "urgent" without a number. It is due with the LA alert (by the end of the next working ` +
        'day, 15.3), the other urgent step that follows the judgement.',
      recordedThrough: 'approval',
      // SCCIF 15.1: one urgent case review; after an interim inspection it is the interim's own.
      unless: 'after-interim',
    },
    {
      id: 'dcs-alert',
      title: 'Directors of children’s services of every relevant local authority emailed',
      actor: 'system',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_3,
      // 15.3: after an interim decline the interim's case review decides the alert, on the interim timeline.
      unless: 'after-interim',
    },
    {
      id: 'dfe-informed',
      title: 'Department for Education informed (continued approval of the secure home)',
      actor: 'system',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_2,
      when: 'secure',
      // 15.2 is about a secure home "judged inadequate": an interim decline taken to the pathway is not a judgement.
      unless: 'after-interim',
      note: `${cite(SCCIF_15_2)} gives no time limit; it is tracked with the LA alerts.`,
    },
    {
      id: 'monitoring-visit-earliest',
      title: 'Return visit window opens (monitoring visit or full inspection)',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_OPENS,
      kind: 'window-opens',
      closedBy: 'monitoring-visit-latest',
      source: homesFramework('§71'),
    },
    {
      id: 'monitoring-visit-latest',
      title: 'Return visit carried out (monitoring visit or full inspection)',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_CLOSES,
      source: homesFramework('§71'),
      recordedThrough: 'outcome',
    },
    {
      id: 'full-inspection-latest',
      title: 'Full inspection carried out (monitoring outcome: schedule a full inspection)',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: FULL_INSPECTION_AFTER_INADEQUATE,
      source: SCCIF_15_1,
      // SCCIF 15.1 (b) / §77: due only when the monitoring visit's outcome is "schedule a full inspection".
      when: 'full-inspection-outcome',
      recordedThrough: 'logged-inspection',
    },
  ],
});
