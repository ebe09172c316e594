import { cite, homesFramework, SCCIF_15_3 } from './sources';
import { defineProcess, type DeadlineRule, type StepDefinition } from './types';

/**
 * Report deadlines for children's home inspections. The full inspection (§81-82) and the interim inspection
 * (§91-92) share the same numbers, so both read them from here.
 */
export const CHILDRENS_HOME_REPORT_TO_PROVIDER: DeadlineRule = { kind: 'working-days', days: 10 };
export const CHILDRENS_HOME_PROVIDER_COMMENTS: DeadlineRule = { kind: 'working-days', days: 5 };
export const CHILDRENS_HOME_PUBLISH: DeadlineRule = { kind: 'working-days', days: 25 };
/** §104: complaints no more than 10 working days after publication of any report. */
export const CHILDRENS_HOME_COMPLAINT_WINDOW: DeadlineRule = { kind: 'working-days', days: 10 };

const JUDGEMENTS_RECORDED_ID = 'judgements-recorded';

/** The report steps of a children's home inspection, citing the given paragraphs. */
export function childrensHomeReportSteps(paragraphs: {
  toProvider: string;
  comments: string;
  publish: string;
  /** The publication rule, where it is not §82's 25 working days (§92: the interim report, "usually within 25 days"). */
  publishRule?: DeadlineRule;
  publishNote?: string;
}): StepDefinition<'inspection-end', never>[] {
  return [
    {
      id: 'report-to-provider',
      title: 'Report sent to the provider for a factual accuracy check',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'inspection-end',
      rule: CHILDRENS_HOME_REPORT_TO_PROVIDER,
      source: homesFramework(paragraphs.toProvider),
      asAnchor: 'receiving the report',
      // The report gives the judgements: it goes to the provider once they are recorded, and the provider's time for
      // comments starts no earlier (found by a walk: sent "on day 1 on site", before any judgement existed).
      after: [JUDGEMENTS_RECORDED_ID],
    },
    {
      id: 'provider-comments',
      title: 'Provider returns factual accuracy comments',
      actor: 'provider',
      anchor: { step: 'report-to-provider' },
      rule: CHILDRENS_HOME_PROVIDER_COMMENTS,
      source: homesFramework(paragraphs.comments),
    },
    {
      id: 'publish',
      title: 'Final report published',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      after: ['report-to-provider', 'provider-comments'],
      anchor: 'inspection-end',
      rule: paragraphs.publishRule ?? CHILDRENS_HOME_PUBLISH,
      ...(paragraphs.publishNote ? { note: paragraphs.publishNote } : {}),
      source: homesFramework(paragraphs.publish),
      asAnchor: 'publication of the report',
    },
    {
      id: 'complaint-window',
      title: 'Provider may complain about the report',
      actor: 'provider',
      // The provider's right, not a duty: open from publication until the 10th working day after it.
      kind: 'right',
      anchor: { step: 'publish' },
      rule: CHILDRENS_HOME_COMPLAINT_WINDOW,
      source: homesFramework('§104'),
    },
  ];
}

/**
 * The judgements of a full or interim inspection are recorded by the end of the next working day after it: an
 * inadequate judgement (or an interim decline the case review agrees to alert) is due to the local authorities by
 * then (SCCIF 15.3), so judgements recorded later make the alert late. Overdue, the lead inspector is escalated to
 * with the managers.
 */
export const JUDGEMENTS_RECORDED: StepDefinition<'inspection-end', never> = {
  id: JUDGEMENTS_RECORDED_ID,
  title: 'Judgements recorded',
  actor: 'inspector',
  anchor: 'inspection-end',
  rule: { kind: 'next-working-day' },
  source: SCCIF_15_3,
  recordedThrough: 'judgements',
  escalatesToLeadInspector: true,
  note:
    `${cite(SCCIF_15_3)} gives no deadline for the judgements themselves; an inadequate judgement (after an interim ` +
    'inspection, a decline or enough cause for concern the urgent case review agrees to alert) must reach the local ' +
    'authorities by the end of the next working day after the inspection, so the judgements are due then.',
};

/** Full inspection of a children's home (four-point scale). Overall inadequate starts the inadequate pathway. */
export const fullInspection = defineProcess<'inspection-end'>({
  id: 'full-inspection',
  title: "Full inspection of a children's home",
  source: homesFramework('§79-82'),
  anchors: {
    'inspection-end': { label: 'the end of the inspection', flag: 'inspection-end' },
  },
  conditions: {},
  steps: [JUDGEMENTS_RECORDED, ...childrensHomeReportSteps({ toProvider: '§81', comments: '§82', publish: '§82' })],
});
