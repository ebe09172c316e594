import type { StepDefinition } from './types';

/**
 * Every step a person does is recorded as a fact with its date (POST /inspections/{id}/steps/{stepId}). This says why a
 * step cannot be recorded there, or undefined when it can: the system does it (and records it), it only opens a
 * window, or another form records it.
 */
export function notRecordableReason(step: Pick<StepDefinition<string, string>, 'actor' | 'kind' | 'recordedThrough'>): string | undefined {
  if (step.kind === 'window-opens') return 'opens a window: there is nothing to record';
  if (step.actor === 'system') return 'is done by the system, which records it when it sends the email';
  switch (step.recordedThrough) {
    case 'approval':
      return 'is recorded by the manager’s decision on the approval';
    case 'outcome':
      return 'is recorded with the outcome of the visit (its visit date)';
    case 'logged-inspection':
      return 'is met by logging the return inspection';
    case undefined:
      return undefined;
  }
}
