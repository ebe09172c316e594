import { bankHolidayName, dayOfWeek, isWorkingDay, type LocalDate } from '../calendar';
import { MONITORING_WINDOW_CLOSES, MONITORING_WINDOW_OPENS } from './monitoring-visit';
import { ASSURANCE_NEXT_STEPS, ASSURANCE_START, ASSURANCE_TIMEFRAME } from './sources';
import { defineProcess } from './types';


/**
 * Assurance visit to a secure children's home. Day numbers are working days; day 1 is the day the visit is
 * announced (by phone at about 09:00) and the visit is live from that call.
 */
export const assuranceVisit = defineProcess<'day1', 'serious-concerns' | 'monitoring-visit'>({
  id: 'assurance-visit',
  title: "Assurance visit to a secure children's home",
  source: ASSURANCE_TIMEFRAME,
  anchors: {
    day1: { label: 'the day the visit is announced', flag: 'day1' },
  },
  conditions: {
    'serious-concerns': { label: 'serious or widespread concerns were found', flag: 'serious-concerns' },
    // The case review "allows the manager to decide which action to take": the monitoring visit is due while the
    // review is pending and once it decides one, never after it decided otherwise.
    'monitoring-visit': {
      label: 'serious or widespread concerns were found; not required once the case review decides against a monitoring visit',
      flag: 'monitoring-visit',
    },
  },
  steps: [
    {
      id: 'announce',
      title: 'Visit announced by phone; the visit is live',
      actor: 'inspector',
      // A visit logged ahead of day 1 waits for the call to be recorded (the letter follows it): asked of whoever makes it.
      escalatesToLeadInspector: true,
      onAnchorDay: true,
      whenRecorded: 'Recording the call sends the provider the letter that confirms the arrangements and asks for Annex A and the records by 13:00 on day 1.',
      anchor: 'day1',
      rule: { kind: 'working-day-number', day: 1, at: '09:00' },
      source: ASSURANCE_START,
    },
    {
      id: 'annex-a-due',
      title: 'Annex A and records (safeguarding, incidents, isolation, complaints, notifications) due from the provider',
      actor: 'provider',
      anchor: 'day1',
      rule: { kind: 'working-day-number', day: 1, at: '13:00' },
      source: ASSURANCE_START,
    },
    {
      id: 'provider-letter',
      title: 'Letter emailed to the provider confirming arrangements and information requirements',
      actor: 'system',
      anchor: 'day1',
      rule: { kind: 'working-day-number', day: 1 },
      source: ASSURANCE_START,
    },
    {
      id: 'visit-end',
      title: 'Visit completes; verbal feedback given',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'day1',
      rule: { kind: 'working-day-number', day: 3 },
      source: ASSURANCE_TIMEFRAME,
      asAnchor: 'the end of the visit',
    },
    {
      id: 'draft-report-qa',
      title: 'Draft report and evidence submitted for quality assurance',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: 'day1',
      rule: { kind: 'working-day-number', day: 4 },
      source: ASSURANCE_TIMEFRAME,
    },
    {
      id: 'report-to-provider',
      title: 'Report sent to the provider for comments',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: { step: 'visit-end' },
      rule: { kind: 'working-days', days: 18 },
      source: ASSURANCE_TIMEFRAME,
      asAnchor: 'receiving the report',
    },
    {
      id: 'provider-comments',
      title: 'Provider returns comments on the report',
      actor: 'provider',
      anchor: { step: 'report-to-provider' },
      rule: { kind: 'working-days', days: 5 },
      source: ASSURANCE_TIMEFRAME,
    },
    {
      id: 'final-report-to-provider',
      title: 'Final report sent to the provider',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      after: ['report-to-provider', 'provider-comments'],
      anchor: { step: 'visit-end' },
      rule: { kind: 'working-days', days: 30 },
      source: ASSURANCE_TIMEFRAME,
      asAnchor: 'issue of the final report',
    },
    {
      id: 'complaint-window',
      title: 'Provider may submit a formal complaint',
      actor: 'provider',
      // The provider's right, not a duty: open from the final report until the 5th working day after it.
      kind: 'right',
      anchor: { step: 'final-report-to-provider' },
      rule: { kind: 'working-days', days: 5 },
      source: ASSURANCE_TIMEFRAME,
    },
    {
      id: 'publish',
      title: 'Final report published',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      after: ['final-report-to-provider'],
      anchor: { step: 'visit-end' },
      rule: { kind: 'working-days', days: 38 },
      source: ASSURANCE_TIMEFRAME,
    },
    {
      id: 'dcs-alert',
      title: 'Directors of children’s services of every relevant local authority emailed',
      actor: 'system',
      anchor: { step: 'visit-end' },
      rule: { kind: 'next-working-day' },
      source: ASSURANCE_NEXT_STEPS,
      when: 'serious-concerns',
    },
    {
      id: 'case-review',
      title: 'Case review held; manager decides the action',
      actor: 'manager',
      anchor: { step: 'visit-end' },
      rule: { kind: 'working-days', days: 5 },
      source: ASSURANCE_NEXT_STEPS,
      when: 'serious-concerns',
      recordedThrough: 'approval',
    },
    {
      id: 'monitoring-visit-earliest',
      title: 'Monitoring visit window opens',
      actor: 'inspector',
      anchor: { step: 'visit-end' },
      rule: MONITORING_WINDOW_OPENS,
      kind: 'window-opens',
      closedBy: 'monitoring-visit-latest',
      source: ASSURANCE_NEXT_STEPS,
      when: 'monitoring-visit',
    },
    {
      id: 'monitoring-visit-latest',
      title: 'Monitoring visit carried out',
      actor: 'inspector',
      escalatesToLeadInspector: true,
      anchor: { step: 'visit-end' },
      rule: MONITORING_WINDOW_CLOSES,
      source: ASSURANCE_NEXT_STEPS,
      when: 'monitoring-visit',
      recordedThrough: 'outcome',
    },
  ],
});

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Assurance visits, Timeframe: day 1 is the (working) day the visit is announced, and every later day counts from
 * it. Undefined when `day1` is a working day, else why it is not, in words.
 */
export function day1NotAWorkingDay(day1: LocalDate): string | undefined {
  if (isWorkingDay(day1)) return undefined;
  const holiday = bankHolidayName(day1);
  const why = holiday === undefined ? `a ${WEEKDAYS[dayOfWeek(day1)]}` : `a bank holiday (${holiday})`;
  return `an assurance visit is announced on a working day: ${day1} is ${why}`;
}

/**
 * Assurance visits, The start of the visit: the visit is live from the call that announces it, and the letter to the
 * provider follows the call. An assurance visit logged on or after its day 1 ("the day the visit was announced") was
 * announced: logging it records the call, on day 1. Logged ahead of day 1, nothing is recorded: the lead inspector
 * records the call when they make it, and the letter waits for it.
 */
export function announcementRecordedAtLogging(day1: LocalDate, today: LocalDate): { announce: LocalDate } | undefined {
  return day1 <= today ? { announce: day1 } : undefined;
}
