import { cite, rfcFramework } from './sources';
import { defineProcess, type DeadlineRule } from './types';

/** §63: the report goes to the provider within 10 working days of the end of the inspection. */
const RFC_REPORT_TO_PROVIDER: DeadlineRule = { kind: 'working-days', days: 10 };

/** Full inspection of a residential family centre (five judgements). */
export const rfcInspection = defineProcess<'inspection-end', 'inadequate'>({
  id: 'rfc-inspection',
  title: 'Full inspection of a residential family centre',
  source: rfcFramework('§62-63'),
  anchors: {
    'inspection-end': { label: 'the end of the inspection', flag: 'inspection-end' },
  },
  conditions: {
    inadequate: { label: 'judged inadequate for overall experiences of children and parents', flag: 'inadequate' },
  },
  steps: [
    {
      id: 'report-to-provider',
      title: 'Report sent to the provider for a factual accuracy check',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'inspection-end',
      rule: RFC_REPORT_TO_PROVIDER,
      source: rfcFramework('§63'),
      asAnchor: 'receiving the report',
    },
    {
      id: 'provider-comments',
      title: 'Provider returns factual accuracy comments',
      actor: 'provider',
      anchor: { step: 'report-to-provider' },
      rule: { kind: 'working-days', days: 5 },
      source: rfcFramework('§63'),
    },
    {
      id: 'publish',
      title: 'Final report published',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      after: ['report-to-provider', 'provider-comments'],
      anchor: 'inspection-end',
      rule: { kind: 'working-days', days: 20 },
      source: rfcFramework('§63'),
    },
    {
      id: 'case-discussion',
      title: 'Case discussion held with a social care compliance inspector; its decision recorded',
      actor: 'compliance-inspector',
      anchor: 'inspection-end',
      rule: RFC_REPORT_TO_PROVIDER,
      source: rfcFramework('§42'),
      when: 'inadequate',
      recordedThrough: 'approval',
      note: `${cite(rfcFramework('§42'))} gives no time limit: it is due with the report to the provider (§63), whose requirements it informs.`,
    },
    {
      id: 'next-inspection-latest',
      title: 'Next inspection carried out',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: { kind: 'months', months: 12 },
      source: rfcFramework('§45'),
      when: 'inadequate',
      recordedThrough: 'logged-inspection',
    },
  ],
});
