/**
 * An inspection's days as summary rows, for every page that names them (the inspection, an approval, the withdrawal):
 * its own module, so that those pages' Lambdas do not carry the inspection page.
 */
import { formatDateInWords } from '../core/email-content';
import type { InspectionRecord } from '../core/inspection';
import type { SummaryRow } from './outcome-view';

/** The inspection's dates as summary rows: day 1 of an assurance visit, or the first and last days on site. */
export function datesRows(dates: InspectionRecord['dates']): SummaryRow[] {
  if ('day1' in dates) return [{ key: 'Day 1 (visit announced)', value: formatDateInWords(dates.day1) }];
  return [
    { key: 'First day on site', value: formatDateInWords(dates.inspectionStart) },
    { key: 'Last day on site', value: formatDateInWords(dates.inspectionEnd) },
  ];
}
