import type { StepDefinition } from './types';

type RecordedStep = Pick<StepDefinition<string, string>, 'actor' | 'kind' | 'recordedThrough'>;

/** How each kind of step comes to be done: who records it, and why the steps route refuses it when it does. */
const HOW_RECORDED = {
  person: { by: 'the lead inspector or a manager', refusal: undefined },
  window: { by: 'nothing (a window opens)', refusal: 'opens a window: there is nothing to record' },
  right: { by: 'nothing (the provider’s right, not a duty)', refusal: 'is the provider’s right within a window, not a step to record' },
  system: { by: 'the system, when it sends the email', refusal: 'is done by the system, which records it when it sends the email' },
  approval: { by: "the manager's decision", refusal: 'is recorded by the manager’s decision on the approval' },
  'compliance-approval': {
    by: "the social care compliance inspector's decision",
    refusal: 'is recorded by the social care compliance inspector’s decision on the approval',
  },
  outcome: { by: 'the visit outcome (visit date)', refusal: 'is recorded with the outcome of the visit (its visit date)' },
  judgements: { by: 'recording the judgements', refusal: 'is recorded when the judgements are recorded (POST /inspections/{id}/outcome)' },
  'logged-inspection': { by: 'logging the return inspection', refusal: 'is met by logging the return inspection' },
} as const satisfies Record<string, { by: string; refusal: string | undefined }>;

/**
 * Every step a person does is recorded as a fact with its date (POST /inspections/{id}/steps/{stepId}); the system
 * records the emails it sends; a window opening is nothing to record; a few steps are recorded through another form.
 */
export function howRecorded(step: RecordedStep): (typeof HOW_RECORDED)[keyof typeof HOW_RECORDED] {
  if (step.kind === 'window-opens') return HOW_RECORDED.window;
  if (step.kind === 'right') return HOW_RECORDED.right;
  if (step.actor === 'system') return HOW_RECORDED.system;
  if (step.recordedThrough === 'approval' && step.actor === 'compliance-inspector') return HOW_RECORDED['compliance-approval'];
  return HOW_RECORDED[step.recordedThrough ?? 'person'];
}

/** Why a step cannot be recorded through the steps route, or undefined when it can. */
export function notRecordableReason(step: RecordedStep): string | undefined {
  return howRecorded(step).refusal;
}
