/**
 * The children table of a form: initials and placement only (Annex A), one row per child. The log form
 * (log-inspection-form.ts) and a manager's correction of the children (children-correction.ts) show the same rows, read
 * them the same way and name their errors alike. A new form shows one row and "Add another child" adds one (GOV.UK's
 * add-another pattern, without script), up to the children one inspection takes (a secure children's home can have
 * dozens). A row left blank is left out.
 */
import { MAX_CHILDREN, type Child } from '../core/schemas';
import type { FormField } from './form-errors';
import type { Field, formFields, Option } from './form-fields';
import { textOf, yesNoOf } from './page';

export const MAX_CHILD_ROWS = MAX_CHILDREN;

/** The rows to show, and the row just added (focused), if any. */
export interface ChildRows {
  shown: number;
  added?: number;
}

function childFields(row: number): Record<'initials' | 'lookedAfter' | 'placingAuthority' | 'placerName' | 'placerEmail', FormField> {
  const id = (suffix: string) => `children-${row}-${suffix}`;
  return {
    initials: {
      id: id('initials'),
      label: `Initials of child ${row}`,
      whenMissing: `Enter the initials of child ${row}`,
      // The schema's "must be a child's initials" after the label read as circular (found by a new-user walk).
      inFormWords: [[/^must be a child's initials\b/, `Enter the initials of child ${row} as 1 to 4 letters, for example JT: never a name`]],
    },
    lookedAfter: {
      id: id('looked-after'),
      label: `Whether child ${row} is looked after`,
      whenMissing: `Select whether child ${row} is looked after by a local authority`,
    },
    placingAuthority: {
      id: id('placing-authority'),
      label: `Placing local authority of child ${row}`,
      whenMissing: `Select the placing local authority of child ${row}`,
    },
    placerName: {
      id: id('placer-name'),
      label: `Name of the person who placed child ${row}`,
      whenMissing: `Enter the name of the person who placed child ${row}`,
    },
    placerEmail: {
      id: id('placer-email'),
      label: `Email address of the person who placed child ${row}`,
      whenMissing: `Enter the email address of the person who placed child ${row}`,
    },
  };
}

/** A child row's fields in the order shown: initials, looked after, placing authority, placer's name and email. */
const CHILD_FIELD_ORDER = Object.values(childFields(1)).map((field) => field.id.slice('children-1-'.length));
const CHILD_FIELD = /^children-(\d+)-(.+)$/;

/** The rows the form was sent with: the highest row any of its fields names (an empty row still sends its initials). */
export function rowsSent(form: URLSearchParams): number {
  let rows = 1;
  for (const key of form.keys()) {
    const row = Number(CHILD_FIELD.exec(key)?.[1]);
    if (Number.isInteger(row) && row <= MAX_CHILD_ROWS && row > rows) rows = row;
  }
  return rows;
}

/** The field of a schema path under `children`; `rows[i]` is the form row of the i-th child of the body. */
export function childFieldOf(rows: readonly number[], path: string): FormField | undefined {
  if (path === 'children') return childFields(1).initials;
  const child = /^children\.(\d+)(?:\.(.*))?$/.exec(path);
  if (!child) return undefined;
  const fields = childFields(rows[Number(child[1])] ?? 1);
  const rest = child[2] ?? '';
  if (rest === 'placement' || rest === 'placement.lookedAfter') return fields.lookedAfter;
  if (rest === 'placement.placingAuthority') return fields.placingAuthority;
  if (rest === 'placement.placedBy' || rest === 'placement.placedBy.name') return fields.placerName;
  if (rest === 'placement.placedBy.email') return fields.placerEmail;
  return fields.initials;
}

/** Where a child row's field comes in the error summary, after `before` fields; undefined for any other field. */
export function childFieldOrder(id: string, before: number): number | undefined {
  const child = CHILD_FIELD.exec(id);
  const field = CHILD_FIELD_ORDER.indexOf(child?.[2] ?? '');
  if (!child || field === -1) return undefined;
  return before + (Number(child[1]) - 1) * CHILD_FIELD_ORDER.length + field;
}

function childRow(form: URLSearchParams, row: number): Record<string, unknown> | undefined {
  const value = (suffix: string) => textOf(form, `children-${row}-${suffix}`);
  const lookedAfter = yesNoOf(form, `children-${row}-looked-after`);
  const initials = value('initials');
  const placingAuthority = value('placing-authority');
  const placerName = value('placer-name');
  const placerEmail = value('placer-email');
  if (!initials && lookedAfter === undefined && !placingAuthority && !placerName && !placerEmail) return undefined;
  const placedBy = placerName || placerEmail ? { ...(placerName ? { name: placerName } : {}), ...(placerEmail ? { email: placerEmail } : {}) } : undefined;
  const placement =
    lookedAfter === true
      ? { lookedAfter: true, ...(placingAuthority ? { placingAuthority } : {}) }
      : lookedAfter === false
        ? { lookedAfter: false, ...(placedBy ? { placedBy } : {}) }
        : {};
  // Initials are capital letters: typing them in lower case, or with full stops or spaces ("j.t."), is not a mistake
  // worth an error (found by a new-user walk: "J.T." refused). A word with a capital then small letters ("Rob S") is a
  // name, not initials: left for the schema to refuse (found by a new-user walk: it was saved as "ROBS").
  const spaced = initials !== undefined && /^[A-Za-z](?:[.\s]+[A-Za-z])*\.?$/.test(initials);
  const oneCase = initials !== undefined && (/^[a-z]+$/.test(initials) || /^[A-Z]+$/.test(initials));
  const tidied = initials !== undefined && (spaced || oneCase) ? initials.replace(/[.\s]/g, '').toUpperCase() : initials;
  return { ...(tidied ? { initials: tidied } : {}), placement };
}

/** The children of the rows sent, blank rows left out, and the form row of each. */
export function childrenSent(form: URLSearchParams): { children: Record<string, unknown>[]; rows: number[] } {
  const rows: number[] = [];
  const children: Record<string, unknown>[] = [];
  for (let row = 1, sent = rowsSent(form); row <= sent; row += 1) {
    const child = childRow(form, row);
    if (!child) continue;
    rows.push(row);
    children.push(child);
  }
  return { children, rows };
}

/** The form's values of recorded children, one row each: what a correction starts from. */
export function childValues(children: readonly Child[]): Record<string, string> {
  const values: Record<string, string> = {};
  children.forEach(({ initials, placement }, index) => {
    const id = (suffix: string) => `children-${index + 1}-${suffix}`;
    values[id('initials')] = initials;
    values[id('looked-after')] = placement.lookedAfter ? 'yes' : 'no';
    if (placement.lookedAfter) values[id('placing-authority')] = placement.placingAuthority;
    else {
      values[id('placer-name')] = placement.placedBy.name;
      values[id('placer-email')] = placement.placedBy.email;
    }
  });
  return values;
}

/** The rows' fields, in order: a heading, then initials, looked after, placing authority, placer's name and email. */
export function childRowFields(build: ReturnType<typeof formFields>, rows: ChildRows, authorities: readonly Option[]): Field[] {
  const fields: Field[] = [];
  for (let row = 1; row <= rows.shown; row += 1) {
    const ids = childFields(row);
    fields.push(
      build.heading(`child-${row}`, `Child ${row}`, undefined, 3),
      build.input(ids.initials.id, `Initials of child ${row}`, { classes: 'govuk-input--width-4', spellcheck: false, autofocus: row === rows.added }),
      build.yesNo(ids.lookedAfter.id, `Is child ${row} looked after by a local authority?`),
      build.select(ids.placingAuthority.id, `Placing local authority of child ${row}`, [...authorities], {
        hint: 'If the child is looked after',
        placeholder: 'Select a local authority',
      }),
      build.input(ids.placerName.id, `Name of the person who placed child ${row}`, { hint: 'If the child is not looked after, for example a parent' }),
      build.input(ids.placerEmail.id, `Email address of the person who placed child ${row}`, { type: 'email', spellcheck: false }),
    );
  }
  return fields;
}
