import { childrensHomeReportSteps, JUDGEMENTS_RECORDED } from './full-inspection';
import { MONITORING_WINDOW_CLOSES, MONITORING_WINDOW_OPENS } from './monitoring-visit';
import { cite, homesFramework, SCCIF_15_1, SCCIF_15_3 } from './sources';
import { defineProcess, type DeadlineRule } from './types';

/** §92: the interim report is published "usually within 25 days" of the end of the inspection (calendar days). */
const INTERIM_PUBLISH: DeadlineRule = { kind: 'days', days: 25 };

/**
 * Interim inspection of a children's home (three-point scale). A decline, or enough cause for concern, leads to an
 * urgent case review (SCCIF 15.1; §69, §89) due by the end of the next working day: it decides whether the local
 * authorities are alerted (15.3, due by that same end of day) and what follows: a return visit, compliance action
 * or the whole inadequate pathway (whose own case review and alert it replaces).
 *
 * §92 says "published ... usually within 25 days": calendar days, as the seed words it (§82 says working days for the
 * full inspection).
 */
export const interimInspection = defineProcess<'inspection-end', 'case-review' | 'return-visit'>({
  id: 'interim-inspection',
  title: "Interim inspection of a children's home",
  source: homesFramework('§83-92'),
  anchors: {
    'inspection-end': { label: 'the end of the inspection', flag: 'inspection-end' },
  },
  conditions: {
    'case-review': { label: 'judged declined in effectiveness, or enough cause for concern', flag: 'case-review' },
    'return-visit': { label: 'the case review decided a return visit', flag: 'return-visit' },
  },
  steps: [
    JUDGEMENTS_RECORDED,
    ...childrensHomeReportSteps({
      toProvider: '§91',
      comments: '§92',
      publish: '§92',
      // §92: "published ... usually within 25 days": the seed says days, not working days (unlike §82).
      publishRule: INTERIM_PUBLISH,
      publishNote: `${cite(homesFramework('§92'))} says "usually within 25 days" (calendar days), unlike the 25 working days of §82.`,
    }),
    {
      id: 'case-review',
      title: 'Urgent case review held; inspector and manager decide whether to alert the local authorities and what follows',
      actor: 'manager',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_1,
      when: 'case-review',
      recordedThrough: 'approval',
      note:
        `${cite(SCCIF_15_1)} and ${cite(homesFramework('§69'))}: a decline or enough cause for concern leads to an urgent ` +
        'case review; it decides whether the local authorities are alerted, which is due by the end of the next working ' +
        `day (${cite(SCCIF_15_3)}), so the review is due then.`,
    },
    {
      id: 'dcs-alert',
      title: 'Directors of children’s services of every relevant local authority emailed, where the case review agreed',
      actor: 'system',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_3,
      when: 'case-review',
      note: `${cite(SCCIF_15_3)}: "where ... it has been agreed at the case review"; a late case review makes a late alert.`,
    },
    {
      id: 'return-visit-earliest',
      title: 'Return visit window opens',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_OPENS,
      kind: 'window-opens',
      closedBy: 'return-visit',
      source: SCCIF_15_1,
      when: 'return-visit',
    },
    {
      id: 'return-visit',
      title: 'Return visit carried out (decided at the case review)',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_CLOSES,
      source: SCCIF_15_1,
      when: 'return-visit',
      note:
        `${cite(SCCIF_15_1)} leaves the scheduling of future inspections after an interim case review to the inspector ` +
        `and manager; the return is tracked within the window the case review sets, by default the 6 to 8 weeks of ${cite(homesFramework('§71'))}.`,
    },
  ],
});
