import { rfcFramework } from './sources';
import { defineProcess } from './types';

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
      anchor: 'inspection-end',
      rule: { kind: 'working-days', days: 10 },
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
      anchor: 'inspection-end',
      rule: { kind: 'working-days', days: 20 },
      source: rfcFramework('§63'),
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
