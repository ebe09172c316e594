import { describe, expect, it } from 'vitest';
import { DUE_LIST_PAGE_SIZE, duePage, type DueRow } from '../../functions/app/inspection-plan';
import { InspectionPlanQuery } from '../../functions/app/requests';
import { parseWith } from '../../functions/core/schemas';
import { showingWords } from '../../functions/web/establishments';

const rows = (count: number) => Array.from({ length: count }, (_, index) => ({ urn: `SC${200000 + index}` }) as DueRow);

describe('the due list, one page at a time', () => {
  it(`shows ${DUE_LIST_PAGE_SIZE} rows a page, in the list's order, with where they sit in the whole`, () => {
    const second = duePage(rows(DUE_LIST_PAGE_SIZE * 2 + 3), 2);
    expect(second).toMatchObject({ page: 2, pages: 3, total: DUE_LIST_PAGE_SIZE * 2 + 3, from: DUE_LIST_PAGE_SIZE + 1, to: DUE_LIST_PAGE_SIZE * 2 });
    expect(second.rows[0]!.urn).toBe(`SC${200000 + DUE_LIST_PAGE_SIZE}`);
  });

  it('refuses a page past the last with a 400 naming page and how many there are, never the last page instead; one empty page for an empty list', () => {
    expect(duePage(rows(DUE_LIST_PAGE_SIZE + 1), 2)).toMatchObject({ page: 2, pages: 2, from: DUE_LIST_PAGE_SIZE + 1, to: DUE_LIST_PAGE_SIZE + 1 });
    expect(() => duePage(rows(DUE_LIST_PAGE_SIZE + 1), 99)).toThrow(
      expect.objectContaining({ status: 400, errors: [{ field: 'page', message: 'is 99, but there are 2 pages of windows with these filters: choose a page from 1 to 2' }] }),
    );
    expect(() => duePage([], 2)).toThrow(expect.objectContaining({ errors: [{ field: 'page', message: expect.stringContaining('there is only 1 page') }] }));
    expect(duePage([], 1)).toMatchObject({ page: 1, pages: 1, total: 0, from: 0, to: 0, rows: [] });
  });

  it('says "Showing 1 window" for one, "all" when they fit on one page, and where the page sits otherwise', () => {
    expect(showingWords(duePage(rows(1), 1))).toBe('Showing 1 window.');
    expect(showingWords(duePage(rows(12), 1))).toBe('Showing all 12 windows.');
    expect(showingWords(duePage(rows(2850), 2))).toBe('Showing 51 to 100 of 2,850 windows.');
  });

  it('refuses a page that is not a page number, naming the field', () => {
    for (const page of ['0', '-1', '1.5', 'two', '']) {
      const parsed = parseWith(InspectionPlanQuery, { page });
      expect(parsed.ok, page).toBe(false);
      if (!parsed.ok) expect(parsed.errors[0]!.field).toBe('page');
    }
    expect(parseWith(InspectionPlanQuery, { page: '3' })).toEqual({ ok: true, value: { page: 3 } });
  });
});
