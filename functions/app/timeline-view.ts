/**
 * A timeline as the API shows it: every step with where it stands now (stepStatus), its due instant and London day,
 * the rule and the anchor that produced it, its source and how the date was reached (DOMAIN: every deadline the
 * system shows says which rule and which anchor event produced it).
 */
import { londonDateOf, type Anchor, type LocalDate } from '../core/calendar';
import { stepStatus, type Moment, type StepStatus } from '../core/inspection-views';
import { notYetRecordable } from '../core/recorded-steps';
import type { Timeline, TimelineStep } from '../core/regulations';

export interface TimelineStepView {
  id: string;
  title: string;
  actor: TimelineStep['actor'];
  kind: TimelineStep['kind'];
  /** True when a person records it (POST /inspections/{id}/steps/{stepId}). */
  recordable: boolean;
  /**
   * A recordable step not done that cannot be recorded today, and when it can: it counts from, or follows, a step not
   * recorded yet, or the provider's time for comments it follows is not over (core/recorded-steps.ts notYetRecordable).
   */
  notYetRecordable?: string;
  status: StepStatus;
  workingDaysLeft: number;
  due: string;
  dueLondonDate: LocalDate;
  rule: string;
  anchor: Anchor;
  source: string;
  explanation: string;
  /** The London day the step actually happened; null while it has not. */
  done: LocalDate | null;
  /** Done after its due day: by how many working days. */
  doneLateByWorkingDays?: number;
  /** Why the step is not required (a decision made it unnecessary): status `not-required`, never overdue. */
  notRequired?: string;
  note?: string;
  /** Who set its rule, when a person did rather than the regulations (a manager changed a visit's window, §71). */
  ruleSetBy?: string;
}

export interface TimelineView {
  process: string;
  title: string;
  steps: TimelineStepView[];
}

export function timelineView(timeline: Timeline, now: Moment): TimelineView {
  return {
    process: timeline.process,
    title: timeline.title,
    steps: timeline.steps.map((step) => {
      const { status, workingDaysLeft, doneLateByWorkingDays } = stepStatus(step, now);
      const blocked = step.recordable && step.done === undefined && step.notRequired === undefined ? notYetRecordable(timeline, step, londonDateOf(now)) : undefined;
      return {
        id: step.id,
        title: step.title,
        actor: step.actor,
        kind: step.kind,
        recordable: step.recordable,
        status,
        workingDaysLeft,
        due: step.due,
        dueLondonDate: step.dueLondonDate,
        rule: step.rule,
        anchor: step.anchor,
        source: step.source,
        explanation: step.explanation,
        done: step.done ?? null,
        ...(doneLateByWorkingDays === undefined ? {} : { doneLateByWorkingDays }),
        ...(step.notRequired === undefined ? {} : { notRequired: step.notRequired }),
        ...(step.note ? { note: step.note } : {}),
        ...(step.ruleSetBy ? { ruleSetBy: step.ruleSetBy } : {}),
        ...(blocked ? { notYetRecordable: blocked.inWords } : {}),
      };
    }),
  };
}
