import { describe, expect, it } from 'vitest';
import { render } from '../../../functions/web/render';
import { loadLocalAuthorities } from '../../../functions/core/local-authorities';
import { authorityOptions } from '../../../functions/web/form-fields';

/** The plan page's words for a met window: late or on time, and the inspection that met it (the walk found "by this inspection" in a list). */
type Met = { on: string; by: string; inspectionId?: string; late?: true; early?: true };
const RETURN_WINDOW = { urn: 'SC100003', name: 'Willow View', authority: 'Derby', title: 'Return visit after an inadequate judgement', opens: '2027-01-07', closes: '2027-01-21' };
const html = (met: Met, window: typeof RETURN_WINDOW = RETURN_WINDOW) =>
  render('inspection-plan', {
    title: 'Inspection plan',
    errors: { summary: [], fields: {} },
    options: { authorities: [], kinds: [], risks: [] },
    query: { year: '2026' },
    year: 2026,
    rows: [{ ...window, met }],
  }).replace(/\s+/g, ' ');

describe('the inspection plan page, a met window', () => {
  it('says "Met late" and links the inspection on its day when the window was met after it closed', () => {
    const page = html({ on: '2027-02-22', by: 'the monitoring visit', inspectionId: 'insp-1', late: true });
    expect(page).toMatch(/Met late by <a class="govuk-link" href="\/app\/inspections\/insp-1">the monitoring visit on Monday 22 February 2027<\/a>/);
    expect(page).not.toContain('this inspection');
  });

  it('says "Met" for a window met in time, and names the day without a link when the inspection is not known', () => {
    const page = html({ on: '2027-01-12', by: 'the full inspection' });
    expect(page).toContain('Met by the full inspection on Tuesday 12 January 2027');
    expect(page).not.toContain('Met late');
  });
});

describe('the inspection plan page, a first inspection before its window', () => {
  it('says "Met early" and names the inspection that was the first', () => {
    const firstInspection = { urn: 'SC100002', name: 'Birch Lodge', authority: 'Blackburn with Darwen', title: 'First inspection of a newly registered home', opens: '2027-04-01', closes: '2027-09-30' };
    const page = html({ on: '2027-01-13', by: 'the full inspection', inspectionId: 'insp-1', early: true }, firstInspection);
    expect(page).toMatch(/Met early by <a class="govuk-link" href="\/app\/inspections\/insp-1">the full inspection on Wednesday 13 January 2027<\/a>/);
  });
});

describe('the local authorities to choose from on the plan, register and log forms', () => {
  const authority = (code: string, name: string) => ({ code, name, dcs: { name: `DCS of ${name}`, email: `dcs@${code.toLowerCase()}.la.example` } });

  it('are listed by name, not in the reference data’s GSS-code order (found by the walk), with the chosen one selected', () => {
    const directory = loadLocalAuthorities([authority('E06000001', 'Hartlepool'), authority('E06000002', 'Middlesbrough'), authority('E06000015', 'Derby')]);
    expect(authorityOptions(directory, 'E06000002')).toEqual([
      { value: 'E06000015', text: 'Derby', selected: false },
      { value: 'E06000001', text: 'Hartlepool', selected: false },
      { value: 'E06000002', text: 'Middlesbrough', selected: true },
    ]);
  });
});
