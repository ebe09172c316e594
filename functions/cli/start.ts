/**
 * `npm start`: until the local runtime lands, prints the deadlines of a sample inspection of each process.
 */
import { parseLocalDate } from '../core/calendar';
import { buildTimeline, PROCESSES } from '../core/regulations';
import { renderTable } from './deadlines';

const inspectionEnd = parseLocalDate('2027-03-25');
const samples = [
  buildTimeline(PROCESSES['assurance-visit'], {
    anchors: { day1: parseLocalDate('2026-12-18') },
    conditions: { 'serious-concerns': true },
  }),
  buildTimeline(PROCESSES['full-inspection'], { anchors: { 'inspection-end': inspectionEnd } }),
  buildTimeline(PROCESSES.inadequate, { anchors: { 'inspection-end': inspectionEnd }, conditions: { secure: true } }),
  buildTimeline(PROCESSES['rfc-inspection'], {
    anchors: { 'inspection-end': inspectionEnd },
    conditions: { inadequate: true },
  }),
];
process.stdout.write(`${samples.map(renderTable).join('\n\n')}\n`);
