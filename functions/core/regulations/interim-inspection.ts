import { childrensHomeReportSteps } from './full-inspection';
import { cite, homesFramework, SCCIF_15_1 } from './sources';
import { defineProcess, type DeadlineRule } from './types';

/** §92: the interim report is published "usually within 25 days" of the end of the inspection (calendar days). */
const INTERIM_PUBLISH: DeadlineRule = { kind: 'days', days: 25 };

/**
 * Interim inspection of a children's home (three-point scale). Declined effectiveness leads the inspector and a
 * manager to consider a case review (§89), which may start the inadequate pathway.
 *
 * §92 says "published ... usually within 25 days": calendar days, as the seed words it (§82 says working days for the
 * full inspection).
 */
export const interimInspection = defineProcess<'inspection-end', 'declined'>({
  id: 'interim-inspection',
  title: "Interim inspection of a children's home",
  source: homesFramework('§83-92'),
  anchors: {
    'inspection-end': { label: 'the end of the inspection', flag: 'inspection-end' },
  },
  conditions: {
    declined: { label: 'judged declined in effectiveness', flag: 'declined' },
  },
  steps: [
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
      title: 'Case review held; inspector and manager decide what follows',
      actor: 'manager',
      anchor: 'inspection-end',
      rule: { kind: 'next-working-day' },
      source: SCCIF_15_1,
      when: 'declined',
      recordedThrough: 'approval',
      note:
        `${cite(homesFramework('§89'))}: a decline leads to a case review; it decides whether the local authorities are ` +
        'alerted, which is due by the end of the next working day (15.3), so the review is due then.',
    },
  ],
});
