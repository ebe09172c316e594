import { childrensHomeReportSteps } from './full-inspection';
import { homesFramework } from './sources';
import { defineProcess } from './types';

/**
 * Interim inspection of a children's home (three-point scale). Declined effectiveness leads the inspector and a
 * manager to consider a case review (§89), which may start the inadequate pathway.
 *
 * §92 says "published ... usually within 25 days"; this reads it as 25 working days, like §82 for full inspections.
 */
export const interimInspection = defineProcess<'inspection-end'>({
  id: 'interim-inspection',
  title: "Interim inspection of a children's home",
  source: homesFramework('§83-92'),
  anchors: {
    'inspection-end': { label: 'the end of the inspection', flag: 'inspection-end' },
  },
  conditions: {},
  steps: childrensHomeReportSteps({ toProvider: '§91', comments: '§92', publish: '§92' }),
});
