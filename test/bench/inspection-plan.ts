/**
 * `npm run -s bench:plan`: the inspection plan at national scale (issue 15, item 8): 2,800 children's homes and 50
 * family centres, each with a history of inspections, planned for one inspection year and turned into the due list
 * (status, working days left, risk), as GET /inspection-plan does after reading the table. Prints its figures.
 */
import { performance } from 'node:perf_hooks';
import { addCalendarDays, parseLocalDate, type LocalDate } from '../../functions/core/calendar';
import { inspectionPlan, windowStatus, type PastInspection, type PlanInput } from '../../functions/core/inspection-plan';
import { riskOf } from '../../functions/app/inspection-plan';

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
