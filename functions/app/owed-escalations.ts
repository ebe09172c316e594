/**
 * The escalations a wait on a step owes now, as escalate-overdue sends them and measure-time-left waits for them: the
 * core's owedEscalations (its own step and the later steps it holds back), less a catch-up whose cadence occasion
 * was sent (catchUpsDue), each with whether it has gone.
 */
import { catchUpsDue, owedEscalations, type OwedEscalation } from '../core/escalations';
import type { ProcessId } from '../core/regulations';
import type { InspectionStep } from '../middleware/inspection-step';

export async function owedNow(
  { now, store, record, timeline }: Pick<InspectionStep, 'now' | 'store' | 'record' | 'timeline'>,
  process: ProcessId,
  stepId: string,
): Promise<{ escalation: OwedEscalation; sent: boolean }[]> {
  const owed = owedEscalations(record, process, timeline, stepId, now);
  const duties = [...new Set(owed.flatMap(({ duty, standsInFor }) => (standsInFor ? [duty, standsInFor] : [duty])))];
  // Sent: the senior manager's copy, which every escalation has (the managers' is left out the day they were asked for
  // the decision already overdue: askedAlreadyOverdue), or the managers' (a copy that failed is sent on the retry).
  const sentTo = async (duty: string) =>
    (await store.findEmail({ inspectionId: record.id, duty, recipientKey: 'senior-manager' })) ?? store.findEmail({ inspectionId: record.id, duty, recipientKey: 'manager' });
  const found = await Promise.all(duties.map(sentTo));
  const sent = new Set(duties.filter((_, index) => found[index]));
  return catchUpsDue(owed, sent).map((escalation) => ({ escalation, sent: sent.has(escalation.duty) }));
}
