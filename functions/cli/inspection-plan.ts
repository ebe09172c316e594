/**
 * `npm run -s deadlines -- inspection-plan --type childrens-home|secure-childrens-home|rfc --registered YYYY-MM-DD
 *  --year YYYY [--last-full YYYY-MM-DD] [--last-interim YYYY-MM-DD] [--education [--last-education YYYY-MM-DD]]
 *  [--inadequate YYYY-MM-DD] [--cycle-start YYYY] [--json]`
 *
 * Prints one establishment's inspection plan for an inspection year (1 April to 31 March) from the plan rules.
 */
import { parseArgs } from 'node:util';
import { formatLondonDate, parseLocalDate, type LocalDate } from '../core/calendar';
import { inspectionPlan, PlanError, type InspectionPlan, type PastInspection } from '../core/inspection-plan';
import { ESTABLISHMENT_KINDS, type EstablishmentKind } from '../core/schemas';
import { textTable } from './text-table';

/** `--type` takes the register's kinds, and `rfc` for a residential family centre. */
const TYPE_ALIASES: Record<string, EstablishmentKind> = { rfc: 'residential-family-centre' };
const TYPES = ['childrens-home', 'secure-childrens-home', 'rfc'] as const;

export const PLAN_USAGE =
  `usage: deadlines inspection-plan --type <${TYPES.join('|')}> --registered YYYY-MM-DD --year YYYY ` +
  '[--last-full YYYY-MM-DD] [--last-interim YYYY-MM-DD] [--education [--last-education YYYY-MM-DD]] ' +
  '[--inadequate YYYY-MM-DD] [--cycle-start YYYY] [--json]';

export interface PlanRequest {
  plan: InspectionPlan;
  json: boolean;
}

/** Throws `message` as the CLI's one line (the caller prefixes and exits 2). */
export function parsePlanArgs(argv: readonly string[], fail: (message: string) => never): PlanRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        type: { type: 'string' },
        registered: { type: 'string' },
        year: { type: 'string' },
        'last-full': { type: 'string' },
        'last-interim': { type: 'string' },
        education: { type: 'boolean' },
        'last-education': { type: 'string' },
        inadequate: { type: 'string' },
        'cycle-start': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    return fail(`inspection-plan: ${(error as Error).message.split('\n')[0]}`);
  }
  const date = (flag: string): LocalDate | undefined => {
    const value = values[flag];
    if (typeof value !== 'string') return undefined;
    try {
      return parseLocalDate(value);
    } catch (error) {
      return fail(`--${flag}: ${(error as Error).message}`);
    }
  };
  const wholeYear = (flag: string): number | undefined => {
    const value = values[flag];
    if (typeof value !== 'string') return undefined;
    if (!/^\d{4}$/.test(value)) return fail(`--${flag}: "${value}" is not a year in the form YYYY`);
    return Number(value);
  };

  const typeText = values.type;
  if (typeof typeText !== 'string') return fail(`inspection-plan needs --type <${TYPES.join('|')}>`);
  const type = TYPE_ALIASES[typeText] ?? ESTABLISHMENT_KINDS.find((kind) => kind === typeText);
  if (!type) return fail(`--type: unknown type "${typeText}"; expected one of: ${TYPES.join(', ')}`);
  const registered = date('registered');
  if (!registered) return fail('inspection-plan needs --registered YYYY-MM-DD (the date of registration)');
  const year = wholeYear('year');
  if (year === undefined) return fail('inspection-plan needs --year YYYY (2026 is 1 April 2026 to 31 March 2027)');
  const history: PastInspection[] = [];
  const lastFull = date('last-full');
  if (lastFull) history.push({ date: lastFull, kind: 'full' });
  const lastInterim = date('last-interim');
  if (lastInterim) history.push({ date: lastInterim, kind: 'interim' });
  const inadequate = date('inadequate');
  const lastEducation = date('last-education');
  const cycleStart = wholeYear('cycle-start');
  if (cycleStart !== undefined && type !== 'residential-family-centre') return fail('--cycle-start: applies to --type rfc only (residential family centres framework 2014 §10)');

  try {
    const plan = inspectionPlan({
      type,
      registered,
      year,
      history,
      providesEducation: values.education === true,
      ...(lastEducation ? { lastEducation } : {}),
      ...(inadequate ? { inadequateJudgements: [{ date: inadequate }] } : {}),
      ...(cycleStart !== undefined ? { rfcCycleStartYear: cycleStart } : {}),
    });
    return { plan, json: values.json === true };
  } catch (error) {
    if (error instanceof PlanError) return fail(`--${kebab(error.field)}: ${error.message}`);
    throw error;
  }
}

const FIELD_FLAGS: Record<string, string> = { lastEducation: 'last-education', history: 'last-full' };
function kebab(field: string): string {
  return FIELD_FLAGS[field] ?? field;
}

export function renderPlanJson(plan: InspectionPlan): string {
  return JSON.stringify(
    {
      process: plan.process,
      type: plan.type,
      year: plan.year,
      yearOpens: plan.yearOpens,
      yearCloses: plan.yearCloses,
      windows: plan.windows.map((window) => ({
        id: window.id,
        title: window.title,
        opens: window.opens,
        closes: window.closes,
        rule: window.rule,
        source: window.source,
        explanation: window.explanation,
        ...(window.met ? { met: window.met } : {}),
      })),
    },
    null,
    2,
  );
}

export function renderPlanTable(plan: InspectionPlan): string {
  const rows = plan.windows.map((window) => [
    window.id,
    formatLondonDate(window.opens),
    formatLondonDate(window.closes),
    window.met ? `met ${window.met.late ? 'late, ' : ''}${formatLondonDate(window.met.on)}` : '',
    window.source,
  ]);
  return textTable(
    `Inspection plan ${plan.year}-${String(plan.year + 1).slice(2)} (${formatLondonDate(plan.yearOpens)} to ${formatLondonDate(plan.yearCloses)}), ${plan.type}`,
    ['window', 'opens', 'closes', 'met', 'source'],
    rows,
  );
}
