/**
 * `npm run -s bench:plan`: the inspection plan at national scale (issue 15, item 8): 2,800 children's homes and 50
 * family centres, each with a history of inspections, planned for one inspection year and turned into the due list
 * (status, working days left, risk), as GET /inspection-plan does after reading the table. Then the due list as a
 * user gets it: the same register in the local runtime's table (in-memory adapters), read by GET /inspection-plan's
 * application function and by the Inspection plan page (read, plan, render one page of the GOV.UK table). Prints its
 * figures with the load average, which on a shared machine says how much they mean.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { addCalendarDays, parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { inspectionPlan, windowStatus, type PastInspection, type PlanInput } from '../../functions/core/inspection-plan';
import { DUE_LIST_PAGE_SIZE, riskOf } from '../../functions/app/inspection-plan';
import { RegisterEntry } from '../../functions/core/establishments';
import { LocalAuthorities } from '../../functions/core/schemas';
import { LocalRuntime } from '../../infra/local/runtime';
import { runHandler } from '../../infra/local/virtual-clock';

const HOMES = 2800;
const CENTRES = 50;
const YEAR = 2026;
const TODAY = parseLocalDate('2026-11-29');
const RUNS = 7;

function establishments(): PlanInput[] {
  const inputs: PlanInput[] = [];
  for (let index = 0; index < HOMES + CENTRES; index += 1) {
    const centre = index >= HOMES;
    const registered = addCalendarDays(parseLocalDate('2005-01-03'), (index * 37) % 7800);
    const history: PastInspection[] = [];
    for (let visit = 0; visit < 6; visit += 1) {
      const date: LocalDate = addCalendarDays(parseLocalDate('2024-04-10'), ((index * 13 + visit * 97) % 950));
      if (date >= registered && date <= TODAY) history.push({ date, kind: visit % 2 === 0 ? 'full' : 'interim' });
    }
    inputs.push({
      type: centre ? 'residential-family-centre' : index % 40 === 0 ? 'secure-childrens-home' : 'childrens-home',
      registered,
      year: YEAR,
      history,
      providesEducation: !centre && index % 5 === 0,
      ...(index % 60 === 0 ? { inadequateJudgements: [{ date: addCalendarDays(TODAY, -30) }] } : {}),
    });
  }
  return inputs;
}

const inputs = establishments();
const timings: number[] = [];
let windows = 0;
for (let run = 0; run < RUNS; run += 1) {
  const started = performance.now();
  windows = 0;
  for (const input of inputs) {
    for (const window of inspectionPlan(input).windows) {
      const { status, workingDaysLeft } = windowStatus(window, TODAY);
      riskOf(status, workingDaysLeft);
      windows += 1;
    }
  }
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(RUNS / 2)]!;
process.stdout.write(
  `inspection plan ${YEAR}: ${inputs.length} establishments (${HOMES} homes, ${CENTRES} family centres), ${windows} windows\n` +
    `compute + due list: median ${median.toFixed(0)} ms, best ${timings[0]!.toFixed(0)} ms, worst ${timings.at(-1)!.toFixed(0)} ms over ${RUNS} runs (first run includes warm-up)\n`,
);

// -- The due list as a user gets it: table → plan → page -------------------------------------------------------------

const PAGE_RUNS = 21;
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

function registerEntries(): RegisterEntry[] {
  return inputs.map((input, index) =>
    RegisterEntry.parse({
      urn: `SC${String(300000 + index)}`,
      name: `Bench Home ${index}`,
      kind: input.type,
      hostAuthority: index % 2 === 0 ? 'E06000001' : 'E06000002',
      registeredOn: input.registered,
      providesEducation: input.providesEducation ?? false,
      registeredManager: index % 50 === 0 ? { status: 'vacant', since: addCalendarDays(TODAY, -150) } : { status: 'in-post', name: 'Sam Patel', since: input.registered },
      providerContact: { name: 'Provider Office', email: 'office@provider.example' },
    }),
  );
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const percentile = (times: number[], share: number) => times[Math.min(times.length - 1, Math.ceil(share * times.length) - 1)]!;

const describeTimes = (times: number[]) =>
  `p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms over ${times.length} runs`;

/** Figures for the JSON line at the end. */
const summary: Record<string, number> = {};
const record = (name: string, times: number[]) => {
  summary[`${name}P50Ms`] = Math.round(percentile(times, 0.5));
  summary[`${name}P95Ms`] = Math.round(percentile(times, 0.95));
};

const runtime = await LocalRuntime.start({ repositoryRoot, startAt: new Date(`${TODAY}T09:00:00Z`), realTime: false, inMemory: true, seedReferenceData: false });
try {
  const [{ repository }, { inspectionPlanDue, changeEstablishment }, { inspectionPlanPage }, { render }, { handler: inspectionPlanHandler }, { apiGatewayEvent, matchRoute }] = await Promise.all([
    import('../../functions/adapters/repository'),
    import('../../functions/app'),
    import('../../functions/web/establishments'),
    import('../../functions/web/render'),
    import('../../functions/api/inspection-plan'),
    import('../../infra/local/api-gateway'),
  ]);
  await runHandler('bench', async () => {
    await repository().putLocalAuthorities(LocalAuthorities.parse(JSON.parse(readFileSync(path.join(repositoryRoot, 'config/local-authorities.json'), 'utf8'))));
    await repository().importEstablishments(registerEntries(), `${TODAY}T08:00:00.000Z`);
  });
  const now = new Date(`${TODAY}T09:00:00Z`);
  const user = { id: 'user-maya', email: 'maya.manager@ofsted.example', name: 'Maya Manager', groups: ['managers'] } as never;
  const readOnly = await timed(PAGE_RUNS, () => runHandler('inspection-plan', () => repository().listEstablishments()));
  // The year's first request builds its stored due list from the whole register; every later one reads it.
  const build = await timed(1, () => runHandler('inspection-plan', () => inspectionPlanDue({}, now)));
  const dueList = await timed(PAGE_RUNS, () => runHandler('inspection-plan', () => inspectionPlanDue({}, now)));
  record('dueListApp', dueList);
  // GET /inspection-plan as API Gateway calls the handler (Cognito claims, zod, JSON of every row or of one page).
  const apiCall = (query: Record<string, string>) => {
    const matched = matchRoute('GET', '/inspection-plan')!;
    const event = apiGatewayEvent({ method: 'GET', path: '/inspection-plan', query, user }, matched.route, matched.pathParameters);
    return async () => {
      const response = await runHandler('inspection-plan', () => inspectionPlanHandler(event as never, { functionName: 'sccif-inspection-plan' } as never));
      if (response.statusCode !== 200) throw new Error(`GET /inspection-plan answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
      return response.body.length;
    };
  };
  const apiAll = await timed(PAGE_RUNS, apiCall({ year: String(YEAR) }));
  const apiBytes = await apiCall({ year: String(YEAR) })();
  const apiPage = await timed(PAGE_RUNS, apiCall({ year: String(YEAR), page: '1' }));
  record('dueListApiAll', apiAll);
  record('dueListApiPage', apiPage);
  // A write that changes the plan (a manager changes an entry) refreshes the stored list before it returns.
  let changes = 0;
  const write = await timed(PAGE_RUNS, () =>
    runHandler('change-establishment', async () => {
      changes += 1;
      await changeEstablishment('SC300007', { change: { name: `Bench Home 7 (${changes})` } } as never, user, now);
    }),
  );
  record('planWrite', write);
  const afterWrite = await runHandler('inspection-plan', () => inspectionPlanDue({}, now));
  if (!afterWrite.rows.some((row) => row.name === `Bench Home 7 (${changes})`)) throw new Error('the due list missed the last change');
  // The read right after a write: the changed shard is read and placed again, the others are reused.
  const readsAfterWrites: number[] = [];
  for (let run = 0; run < PAGE_RUNS; run += 1) {
    changes += 1;
    await runHandler('change-establishment', () => changeEstablishment('SC300011', { change: { name: `Bench Home 11 (${changes})` } } as never, user, now));
    const started = performance.now();
    const due = await runHandler('inspection-plan', () => inspectionPlanDue({}, now));
    readsAfterWrites.push(performance.now() - started);
    if (!due.rows.some((row) => row.name === `Bench Home 11 (${changes})`)) throw new Error('the due list missed a change');
  }
  readsAfterWrites.sort((a, b) => a - b);
  record('dueListAfterWrite', readsAfterWrites);
  // The first request of a day places every window on the new day (a container's first request also decodes them).
  const newDay = await timed(7, (() => {
    let day = 0;
    return () => runHandler('inspection-plan', () => inspectionPlanDue({}, new Date(now.getTime() + (day += 1) * 86_400_000)));
  })());
  record('dueListNewDay', newDay);
  let rendered = 0;
  let shown = '';
  let lastTimes: number[] = [];
  const pageOf = async (query: Record<string, string>) => {
    const times = await timed(PAGE_RUNS, () =>
      runHandler('web-register', async () => {
        const result = await inspectionPlanPage({ method: 'GET', path: 'inspection-plan', url: '/app/inspection-plan', params: {}, query, form: new URLSearchParams(), user, now });
        if (result.kind !== 'page') throw new Error('the plan page did not render');
        const html = render(result.template, { ...result.context, title: result.title, hasErrors: false, user, navigation: [], currentUrl: '/app/inspection-plan', signedIn: true });
        rendered = html.length;
        shown = /Showing[^<]*/.exec(html)?.[0] ?? 'no rows';
      }),
    );
    lastTimes = times;
    return `${describeTimes(times)} (${shown} ${Math.round(rendered / 1024)} KB of HTML)`;
  };
  const firstPage = await pageOf({});
  record('dueListPage', lastTimes);
  // The last page by its number (a page past it is a 400 naming `page`).
  const lastPageNumber = Math.max(1, Math.ceil(afterWrite.rows.length / DUE_LIST_PAGE_SIZE));
  const lastPage = await pageOf({ page: String(lastPageNumber) });
  const overdue = await pageOf({ risk: 'overdue' });
  const [one, five, fifteen] = loadavg();
  process.stdout.write(
    `due list through the table (${inputs.length} establishments, in-memory adapters):\n` +
      `  reading the register (${inputs.length} entries, one Query): ${describeTimes(readOnly)}\n` +
      `  the year's first request (builds the stored due list): ${describeTimes(build)}\n` +
      `  due list (read the stored list + place it on the day): ${describeTimes(dueList)}\n` +
      `  GET /inspection-plan?year=${YEAR} (the handler, every row as JSON, ${Math.round(apiBytes / 1024)} KB): ${describeTimes(apiAll)}\n` +
      `  GET /inspection-plan?year=${YEAR}&page=1 (the handler, one page as JSON): ${describeTimes(apiPage)}\n` +
      `  a plan-changing write (PATCH an entry: write + refresh the stored list): ${describeTimes(write)}\n` +
      `  due list right after such a write (the changed part read and placed again): ${describeTimes(readsAfterWrites)}\n` +
      `  due list on the first request of a day (every window placed on the new day): ${describeTimes(newDay)}\n` +
      `  Inspection plan page, first page: ${firstPage}\n` +
      `  Inspection plan page, last page: ${lastPage}\n` +
      `  Inspection plan page, overdue only: ${overdue}\n` +
      `load average ${one!.toFixed(1)} / ${five!.toFixed(1)} / ${fifteen!.toFixed(1)} (1, 5, 15 min) on ${availableParallelism()} cores\n` +
      `${JSON.stringify({ ...summary, establishments: inputs.length, loadAverage1: Number(one!.toFixed(1)) })}\n`,
  );
} finally {
  await runtime.stop();
}
