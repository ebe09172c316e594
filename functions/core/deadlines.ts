/**
 * A timeline as the state machines read it: each step's due instant under a JSONPath-safe key (workflows/steps.ts
 * builds its `deadlinePath` from the same `deadlineKey`), and the step a state machine names.
 */
import { ValidationError } from './errors';
import type { Timeline, TimelineStep } from './regulations';

/** `report-to-provider` → `reportToProvider`: JSONPath dot notation cannot address hyphenated keys. */
export function deadlineKey(stepId: string): string {
  return stepId.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Every step of a timeline, by its camelCase key, with its due instant (UTC ISO-8601). */
export function deadlinesOf(timeline: Timeline): Record<string, string> {
  return Object.fromEntries(timeline.steps.map((step) => [deadlineKey(step.id), step.due]));
}

/** The step of a timeline the state machine named; a ValidationError naming `field` when there is none. */
export function stepOf(timeline: Timeline, stepId: string, field = 'stepId'): TimelineStep {
  const step = timeline.steps.find((candidate) => candidate.id === stepId);
  if (!step) {
    throw new ValidationError([
      {
        field,
        message: `"${stepId}" is not a step of this inspection's ${timeline.process} timeline (steps: ${timeline.steps
          .map((candidate) => candidate.id)
          .join(', ')})`,
      },
    ]);
  }
  return step;
}
