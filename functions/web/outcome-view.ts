/**
 * A recorded outcome in words, question by question (the questions of the outcome form), and the verdict of the
 * framework's rules on it (describeVerdict): what was accepted, the cautions, and what happens next.
 */
import { judgeOutcome } from '../app';
import { formatDateInWords } from '../core/email-content';
import type { InspectionRecord, RecordedOutcome } from '../core/inspection';
import { describeVerdict, type FourPointGrade, type InterimGrade } from '../core/judgements';
import { monitoringOrigin } from '../core/follow-ups';
import type { MonitoringOrigin, MonitoringOutcome } from '../core/regulations';
import type { LocalDate } from '../core/calendar';
import { CANCELLATION_STEP_WORDS, FOUR_POINT_WORDS, INTERIM_WORDS, monitoringOutcomeWords, processTitle } from './labels';
import type { CancellationStep } from '../core/schemas';
import { OUTCOME_QUESTIONS } from './outcome-form';

export interface SummaryRow {
  key: string;
  value: string;
  /** The value is a link there (another inspection's page). */
  href?: string;
}

export interface OutcomeView {
  title: string;
  recordedAt: string;
  rows: SummaryRow[];
  verdict: string[];
}

function answerWords(kind: string, answer: unknown, origin: MonitoringOrigin): string | undefined {
  if (answer === undefined || answer === null) return undefined;
  switch (kind) {
    case 'four-point':
    case 'improved-grade':
      return FOUR_POINT_WORDS[answer as FourPointGrade] ?? String(answer);
    case 'interim':
      return INTERIM_WORDS[answer as InterimGrade] ?? String(answer);
    case 'monitoring':
      return monitoringOutcomeWords(answer as MonitoringOutcome, origin) ?? String(answer);
    case 'yes-no':
      return answer === true ? 'Yes' : 'No';
    case 'date':
      return formatDateInWords(answer as LocalDate);
    case 'cancellation-steps':
      return (answer as CancellationStep[]).map((step) => CANCELLATION_STEP_WORDS[step] ?? step).join('; ');
    default:
      return String(answer);
  }
}

export function outcomeView(record: InspectionRecord, recorded: Pick<RecordedOutcome, 'outcome' | 'recordedAt'>): OutcomeView {
  const outcome = recorded.outcome;
  const answers = outcome as unknown as Record<string, unknown>;
  const rows: SummaryRow[] = [];
  const origin = monitoringOrigin(record);
  for (const question of OUTCOME_QUESTIONS[outcome.process]) {
    if (question.kind === 'heading') continue;
    const value = answerWords(question.kind, answers[question.name], origin);
    if (value !== undefined) rows.push({ key: question.label, value });
  }
  let verdict: string[];
  try {
    // What followed from the outcome ("Next: inadequate pathway …"): not once the inspection was withdrawn, when
    // nothing follows (found by a new-user walk: the withdrawn inspection still announced a return visit).
    verdict = describeVerdict(judgeOutcome(outcome, record)).filter((line) => !record.withdrawal || !line.startsWith('Next'));
  } catch {
    // A verdict that cannot be worked out again (e.g. a record from an older rule set) is not worth a broken page.
    verdict = [];
  }
  return {
    title: outcome.process === 'monitoring-visit' ? 'Outcome of the monitoring visit' : `Outcome: ${processTitle(outcome.process)}`,
    recordedAt: recorded.recordedAt,
    rows,
    verdict,
  };
}
