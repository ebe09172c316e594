import { CHILDRENS_HOME_PUBLISH } from './full-inspection';
import { homesFramework, SCCIF_15_1 } from './sources';
import { defineProcess, type DeadlineRule } from './types';

/** No seed sets a time limit for the monitoring report: tracked with the full inspection's (see the step's note). */
const MONITORING_REPORT_PUBLISH: DeadlineRule = CHILDRENS_HOME_PUBLISH;

/**
 * The return window after an inadequate judgement or serious assurance-visit concerns: 6 to 8 weeks.
 * Both the inadequate pathway and the assurance visit read these two rules from here.
 */
export const MONITORING_WINDOW_OPENS: DeadlineRule = { kind: 'weeks', weeks: 6 };
export const MONITORING_WINDOW_CLOSES: DeadlineRule = { kind: 'weeks', weeks: 8 };

/** Outcome (b) of a monitoring visit: "schedule a full inspection (usually within 16 weeks from the original inspection)". */
export const FULL_INSPECTION_AFTER_INADEQUATE: DeadlineRule = { kind: 'weeks', weeks: 16 };

/** The three outcomes a monitoring visit may reach (SCCIF 15.1; children's homes framework §77). */
export const MONITORING_OUTCOMES = ['further-monitoring', 'full-inspection', 'improved-judgement'] as const;
export type MonitoringOutcome = (typeof MONITORING_OUTCOMES)[number];

/**
 * A monitoring visit after an inadequate full inspection. It must happen inside the 6-8 week window counted from
 * the original inspection; with outcome (b) a full inspection follows within 16 weeks of that original inspection.
 */
export const monitoringVisit = defineProcess<'inspection-end', 'full-inspection-outcome'>({
  id: 'monitoring-visit',
  title: 'Monitoring visit after an inadequate judgement',
  source: SCCIF_15_1,
  anchors: {
    'inspection-end': { label: 'the end of the original inspection', flag: 'inspection-end' },
  },
  conditions: {
    'full-inspection-outcome': {
      label: 'the monitoring visit decided to schedule a full inspection',
      flag: 'full-inspection-outcome',
    },
  },
  steps: [
    {
      id: 'monitoring-visit-earliest',
      title: 'Monitoring visit window opens',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_OPENS,
      kind: 'window-opens',
      source: SCCIF_15_1,
    },
    {
      id: 'monitoring-visit-latest',
      title: 'Monitoring visit carried out',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_CLOSES,
      source: SCCIF_15_1,
      recordedThrough: 'outcome',
    },
    {
      id: 'publish',
      title: 'Monitoring visit report published',
      actor: 'inspector',
      anchor: { step: 'monitoring-visit-latest' },
      rule: MONITORING_REPORT_PUBLISH,
      source: homesFramework('§71'),
      note:
        'The seeds say that any monitoring visit results in a published report (§71; assurance visits, "next steps") ' +
        'but give no time limit: it is tracked with the 25 working days of a full inspection report (§82).',
      asAnchor: 'publication of the report',
    },
    {
      id: 'full-inspection-latest',
      title: 'Full inspection carried out',
      actor: 'inspector',
      anchor: 'inspection-end',
      rule: FULL_INSPECTION_AFTER_INADEQUATE,
      source: SCCIF_15_1,
      when: 'full-inspection-outcome',
      recordedThrough: 'logged-inspection',
    },
  ],
});
