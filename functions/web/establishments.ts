/**
 * The register and the inspection plan, as pages (peers of GET /establishments, GET /establishments/{urn} and
 * GET /inspection-plan, over the same operations and queries):
 * - GET /app/establishments: the register, filterable by type;
 * - GET /app/establishments/{urn}: the entry, vacancy warnings, current judgement, inspections and this year's plan;
 * - GET /app/inspection-plan: the windows due, closing soon and overdue, filterable by year, authority, type and risk.
 * Provider contact addresses are not shown; the register's own data (names, dates) is.
 */
import {
  EstablishmentQuery,
  getEstablishment,
  InspectionPlanQuery,
  listEnforcementActions,
  duePage,
  inspectionPlanDue,
  type DuePage,
  ListEstablishmentsQuery,
  listEstablishments,
  localAuthorities,
  decidedWords,
} from '../app';
import { ENFORCEMENT_ACTION_TITLES, ENFORCEMENT_SUBJECT_TITLES } from '../core/enforcement';
import { ValidationError } from '../core/errors';
import { inspectionYearOf, windowStatus, type PlanWindow, type WindowStatus } from '../core/inspection-plan';
import { PLAN_YEARS } from '../core/regulations/inspection-plan';
import { londonDateOf, type LocalDate } from '../core/calendar';
import { formatDateInWords } from '../core/email-content';
import { riskOf } from '../app/inspection-plan';
import { RISKS } from '../core/inspection-views';
import { ESTABLISHMENT_KINDS, parseWith } from '../core/schemas';
import { fieldTable, formErrors, NO_ERRORS } from './form-errors';
import { authorityOptions } from './form-fields';
import { ENFORCEMENT_STATE_TAGS, ESTABLISHMENT_KIND_WORDS, PAST_INSPECTION_WORDS, PLAN_RISK_TAGS, processTitle, RISK_TAGS, sentenceCase } from './labels';
import { bannerOf, page, type Banner, type PageHandler } from './page';
import { statusWords, withCallsOwed } from './status-words';

const WINDOW_STATUS_WORDS: Record<WindowStatus, string> = {
  met: 'Met',
  overdue: 'Overdue',
  open: 'Open',
  'not-yet-open': 'Not yet open',
};

const kindOptions = (selected: string | undefined) =>
  ESTABLISHMENT_KINDS.map((value) => ({ value, text: ESTABLISHMENT_KIND_WORDS[value], selected: value === selected }));

export const establishmentsPage: PageHandler = async ({ query, user }) => {
  const filters = { ...(query.kind ? { kind: query.kind } : {}) };
  const parsed = parseWith(ListEstablishmentsQuery, filters);
  const options = { kinds: kindOptions(query.kind) };
  const directory = await localAuthorities();
  if (!parsed.ok) {
    const kindField = fieldTable([{ path: 'kind', id: 'kind', label: 'Type', choices: ESTABLISHMENT_KIND_WORDS }]);
    const errors = formErrors(parsed.errors, kindField.fieldsOf, kindField.order);
    return page('establishments', 'Establishments', { errors, options, rows: [] }, { nav: 'register', hasErrors: true });
  }
  const { items } = await listEstablishments(parsed.value);
  const rows = items.map((entry) => ({
    urn: entry.urn,
    name: entry.name,
    kind: ESTABLISHMENT_KIND_WORDS[entry.kind],
    authority: directory.get(entry.hostAuthority)?.name ?? entry.hostAuthority,
    status: sentenceCase(entry.status),
    manager: entry.registeredManager.status === 'vacant' ? `Vacant since ${formatDateInWords(entry.registeredManager.since)}` : entry.registeredManager.name,
  }));
  return page('establishments', 'Establishments', { errors: NO_ERRORS, options, rows, canImport: user.isManager }, { nav: 'register' });
};

function windowRow(window: PlanWindow, now: Date) {
  const { status, workingDaysLeft } = windowStatus(window, londonDateOf(now));
  return {
    title: window.title,
    opens: window.opens,
    closes: window.closes,
    status: WINDOW_STATUS_WORDS[status],
    workingDaysLeft: status === 'met' ? undefined : workingDaysLeft,
    overdue: status === 'overdue',
    risk: PLAN_RISK_TAGS[riskOf(status, workingDaysLeft)],
    // "Met by the monitoring visit on …": what met it, not "this inspection" (no referent on a list or a register page).
    met: window.met && { ...window.met, by: PAST_INSPECTION_WORDS[window.met.kind] },
    rule: window.rule,
    source: window.source,
  };
}

/** What the establishment's page says after a form saved (found by a new-user walk: saving led back with no word). */
const BANNERS: Record<string, Banner> = {
  changed: { heading: 'Register entry changed', text: 'The entry below shows your changes.' },
  unchanged: { heading: 'Nothing changed', text: 'Every field was as the register already had it, so nothing was saved.' },
  enforcement: { heading: 'Enforcement action recorded', text: 'It is shown under "Enforcement actions" below.' },
  'enforcement-changed': { heading: 'Enforcement action updated', text: 'Its dates and state are shown under "Enforcement actions" below.' },
};

export const establishmentPage: PageHandler = async ({ params, query, now, user }) => {
  const asked = parseWith(EstablishmentQuery, query.year === undefined ? {} : { year: query.year });
  if (!asked.ok) throw new ValidationError(asked.errors);
  const found = await getEstablishment(params.urn ?? '', now, asked.value);
  const directory = await localAuthorities();
  const { entry } = found;
  const { items: actions } = await listEnforcementActions(entry.urn, now);
  const base = `/app/establishments/${encodeURIComponent(entry.urn)}`;
  const banner = bannerOf(BANNERS, query.done);
  return page(
    'establishment',
    entry.name,
    {
      ...(banner ? { banner } : {}),
      entry: {
        ...entry,
        kind: ESTABLISHMENT_KIND_WORDS[entry.kind],
        authority: directory.get(entry.hostAuthority)?.name ?? entry.hostAuthority,
        status: sentenceCase(entry.status),
      },
      currentJudgement: found.currentJudgement && { ...found.currentJudgement, words: sentenceCase(found.currentJudgement.words) },
      vacancyWarnings: found.vacancyWarnings,
      inspections: found.inspections.map((row) => ({
        id: row.id,
        process: processTitle(row.process),
        // Two inspections of the same kind are told apart by their first day, and a return inspection says so, as
        // the inspections list does (found by a new-user walk: two rows both "Full inspection of a children's home").
        started: formatDateInWords(row.startedOn),
        returnInspection: row.followUpOf !== undefined,
        status: row.withdrawal
          ? `Withdrawn on ${formatDateInWords(londonDateOf(row.withdrawal.withdrawnAt))}: ${row.withdrawal.reason}`
          : withCallsOwed(statusWords(row.status, row.awaited, now, undefined, row.nextDeadline), row.status, row.callsOutstanding),
        reference: row.id,
        risk: RISK_TAGS[row.risk],
      })),
      plan: found.plan
        ? {
            year: found.plan.year,
            // A window of a later year listed now (§12's first inspection, a return visit known already): said so.
            windows: found.plan.windows.map((window) => ({ ...windowRow(window, now), ...(window.opens > found.plan!.yearCloses ? { laterYear: true } : {}) })),
          }
        : undefined,
      planYears: planYears(base, entry.registeredOn, asked.value.year, now),
      enforcement: actions.map((action) => ({
        action: ENFORCEMENT_ACTION_TITLES[action.action],
        against: action.against.map((subject) => ENFORCEMENT_SUBJECT_TITLES[subject]).join(' and '),
        issuedOn: action.issuedOn,
        effectiveOn: action.effectiveOn,
        endsOn: action.endsOn,
        withdrawnOn: action.withdrawnOn,
        state: ENFORCEMENT_STATE_TAGS[action.state],
        inspectionId: action.inspectionId,
        caseReviewOn: action.caseReview.decidedOn,
        // A family centre's is a case discussion (RFC §42-44), not a case review (found by a new-user walk).
        caseReviewWords: decidedWords(action.caseReview.kind),
        change: user.isManager ? `${base}/enforcement-actions/${encodeURIComponent(action.id)}` : undefined,
      })),
      logInspection: user.isInspector && entry.status !== 'closed' ? `/app/inspections/new?urn=${encodeURIComponent(entry.urn)}` : undefined,
      manage: user.isManager ? { edit: `${base}/edit`, enforcement: `${base}/enforcement-actions/new` } : undefined,
    },
    { nav: 'register' },
  );
};

/**
 * The inspection year whose plan the establishment page shows (?year=, default the current one), and links to the
 * years either side (none before the year of registration) and, from further away, back to the current year.
 */
function planYears(base: string, registeredOn: LocalDate, asked: number | undefined, now: Date) {
  const current = inspectionYearOf(londonDateOf(now));
  const year = asked ?? current;
  const link = (to: number) => ({ year: to, href: to === current ? `${base}#plan` : `${base}?year=${to}#plan` });
  return {
    year,
    registered: inspectionYearOf(registeredOn),
    ...(year - 1 >= inspectionYearOf(registeredOn) ? { previous: link(year - 1) } : {}),
    next: link(year + 1),
    // Back to this year, when it is not one of the years either side.
    ...(Math.abs(year - current) > 1 ? { current: link(current) } : {}),
  };
}

const PLAN_FIELDS = fieldTable([
  { path: 'year', id: 'year', label: 'Inspection year' },
  { path: 'hostAuthority', id: 'hostAuthority', label: 'Local authority' },
  { path: 'kind', id: 'kind', label: 'Type', choices: ESTABLISHMENT_KIND_WORDS },
  { path: 'risk', id: 'risk', label: 'Risk', choices: Object.fromEntries(RISKS.map((risk) => [risk, PLAN_RISK_TAGS[risk].text])) },
  { path: 'page', id: 'page', label: 'Page' },
]);

/** "Showing 51 to 100 of 2,850 windows", or for a list on one page "Showing all 12 windows" and "Showing 1 window". */
export function showingWords({ from, to, total, pages }: Pick<DuePage, 'from' | 'to' | 'total' | 'pages'>): string {
  const count = (n: number) => n.toLocaleString('en-GB');
  if (total === 1) return 'Showing 1 window.';
  if (pages === 1) return `Showing all ${count(total)} windows.`;
  return `Showing ${count(from)} to ${count(to)} of ${count(total)} windows.`;
}

/** GOV.UK pagination for the due list: previous, next and the pages around the current one, keeping the filters. */
function pagination(shown: DuePage, filters: Record<string, string>) {
  const href = (page: number) => `/app/inspection-plan?${new URLSearchParams({ ...filters, page: String(page) }).toString()}`;
  const around = [1, shown.page - 1, shown.page, shown.page + 1, shown.pages].filter((page, index, all) => page >= 1 && page <= shown.pages && all.indexOf(page) === index).sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  around.forEach((page, index) => {
    if (index > 0 && page - around[index - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: page, href: href(page), current: page === shown.page });
  });
  return {
    ...shown,
    rows: undefined,
    showing: showingWords(shown),
    items: shown.pages > 1 ? items : [],
    ...(shown.page > 1 ? { previous: { href: href(shown.page - 1) } } : {}),
    ...(shown.page < shown.pages ? { next: { href: href(shown.page + 1) } } : {}),
  };
}

export const inspectionPlanPage: PageHandler = async ({ query, now }) => {
  const filters = Object.fromEntries(
    (['year', 'hostAuthority', 'kind', 'risk', 'page'] as const).flatMap((name) => (query[name] ? [[name, query[name]]] : [])),
  );
  const directory = await localAuthorities();
  const options = {
    authorities: authorityOptions(directory, query.hostAuthority),
    kinds: kindOptions(query.kind),
    risks: RISKS.map((value) => ({ value, text: PLAN_RISK_TAGS[value].text, selected: value === query.risk })),
  };
  const parsed = parseWith(InspectionPlanQuery, filters);
  if (!parsed.ok) {
    const errors = formErrors(parsed.errors, PLAN_FIELDS.fieldsOf, PLAN_FIELDS.order);
    return page('inspection-plan', 'Inspection plan', { errors, options, query, rows: [] }, { nav: 'plan', hasErrors: true });
  }
  const due = await inspectionPlanDue(parsed.value, now);
  // One page of the list: the page renders in the same time for a national register as for a county's.
  let shown: DuePage;
  try {
    shown = duePage(due.rows, parsed.value.page ?? 1);
  } catch (error) {
    // A page past the last: said on the page, with the filters kept (the pagination links lead back to page 1).
    if (!(error instanceof ValidationError)) throw error;
    const errors = formErrors(error.errors, PLAN_FIELDS.fieldsOf, PLAN_FIELDS.order);
    return page('inspection-plan', 'Inspection plan', { errors, options, query, rows: [] }, { nav: 'plan', hasErrors: true });
  }
  const rows = shown.rows.map((row) => ({
    ...windowRow(row, now),
    urn: row.urn,
    name: row.name,
    authority: directory.get(row.hostAuthority)?.name ?? row.hostAuthority,
  }));
  return page(
    'inspection-plan',
    'Inspection plan',
    {
      errors: NO_ERRORS,
      options,
      query: { ...query, year: String(due.year) },
      year: due.year,
      // The year before's unmet windows, while there is a plan for it (found by a new-user walk: the link went back year
      // by year to a 400 at 1999).
      previousYear: due.year > PLAN_YEARS.first ? due.year - 1 : undefined,
      rows,
      paging: pagination(shown, filters),
    },
    { nav: 'plan' },
  );
};
