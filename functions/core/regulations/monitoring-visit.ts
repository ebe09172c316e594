import { CHILDRENS_HOME_PUBLISH } from './full-inspection';
import { homesFramework, SCCIF_15_1 } from './sources';
import { defineProcess, type DeadlineRule } from './types';

/** No seed sets a time limit for the monitoring report: tracked with the full inspection's (see the step's note). */
const MONITORING_REPORT_PUBLISH: DeadlineRule = CHILDRENS_HOME_PUBLISH;

/**
 * The return window after an inadequate judgement or serious assurance-visit concerns: 6 to 8 weeks.
 * Both the inadequate pathway and the assurance visit read these two rules from here.
 */
export const MONITORING_WINDOW_OPENS = { kind: 'weeks', weeks: 6 } as const satisfies DeadlineRule;
export const MONITORING_WINDOW_CLOSES = { kind: 'weeks', weeks: 8 } as const satisfies DeadlineRule;
/** The usual window in words ("6 to 8 weeks"), for the messages and options that name it. */
export const MONITORING_WINDOW_WEEKS = `${MONITORING_WINDOW_OPENS.weeks} to ${MONITORING_WINDOW_CLOSES.weeks} weeks`;

/** Outcome (b) of a monitoring visit: "schedule a full inspection (usually within 16 weeks from the original inspection)". */
export const FULL_INSPECTION_AFTER_INADEQUATE: DeadlineRule = { kind: 'weeks', weeks: 16 };

/** The three outcomes a monitoring visit after an inadequate judgement may reach (SCCIF 15.1; children's homes framework §77). */
export const MONITORING_OUTCOMES = ['further-monitoring', 'full-inspection', 'improved-judgement'] as const;

/**
 * The outcomes of a monitoring visit after serious assurance-visit concerns (assurance visits guidance 2021, next
 * steps): the visit checks "that the manager and responsible person have taken sufficient steps to safeguard and
 * protect the welfare of children". An assurance visit has no graded judgement, so neither has its monitoring visit:
 * sufficient steps were taken, or further monitoring follows.
 */
export const ASSURANCE_MONITORING_OUTCOMES = ['sufficient-steps-taken', 'further-monitoring'] as const;

/** Every outcome a monitoring visit may record, whichever process started it. */
export const MONITORING_VISIT_OUTCOMES = ['further-monitoring', 'full-inspection', 'improved-judgement', 'sufficient-steps-taken'] as const satisfies readonly (
  | (typeof MONITORING_OUTCOMES)[number]
  | (typeof ASSURANCE_MONITORING_OUTCOMES)[number]
)[];
export type MonitoringOutcome = (typeof MONITORING_VISIT_OUTCOMES)[number];

/** What started a monitoring visit: an inadequate judgement (the inadequate pathway) or serious assurance-visit concerns. */
export type MonitoringOrigin = 'inadequate' | 'assurance-visit';

/** The outcomes a monitoring visit started by `origin` may reach. */
export function monitoringOutcomesFor(origin: MonitoringOrigin): readonly MonitoringOutcome[] {
  return origin === 'assurance-visit' ? ASSURANCE_MONITORING_OUTCOMES : MONITORING_OUTCOMES;
}

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
      closedBy: 'monitoring-visit-latest',
      source: SCCIF_15_1,
    },
    {
      id: 'monitoring-visit-latest',
      title: 'Monitoring visit carried out',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'inspection-end',
      rule: MONITORING_WINDOW_CLOSES,
      source: SCCIF_15_1,
      recordedThrough: 'outcome',
    },
    {
      id: 'publish',
      title: 'Monitoring visit report published',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: { step: 'monitoring-visit-latest' },
      rule: MONITORING_REPORT_PUBLISH,
      source: homesFramework('§71'),
      note:
        'The framework and the assurance visits guidance say that any monitoring visit results in a published report (§71; "next steps") ' +
        'but give it no time limit: it is tracked with the 25 working days of a full inspection report (§82).',
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
