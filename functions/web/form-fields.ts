/**
 * The fields of the forms, ready for templates/form-fields.njk: each with its id, label or legend, hint, the value
 * to show again and its inline error. Radios and date inputs sit in a fieldset with a legend.
 */
import type { LocalAuthorityDirectory } from '../core/local-authorities';
import type { FormErrors } from './form-errors';

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

/** A London day as a date field's three boxes (`<prefix>-day`, `-month`, `-year`): a form that shows a date recorded. */
export function dateValues(prefix: string, day: string | undefined): Record<string, string> {
  if (day === undefined) return {};
  const [year = '', month = '', date = ''] = day.split('-');
  return { [`${prefix}-day`]: String(Number(date)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

/** The local authorities as a list to choose from: by name, as a person looks for one (the directory keeps its own order). */
export function authorityOptions(directory: LocalAuthorityDirectory, selected?: string): (Option & { selected: boolean })[] {
  return [...directory.all()]
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((authority) => ({ value: authority.code, text: authority.name, selected: authority.code === selected }));
}

type Values = Record<string, string>;

interface Common {
  id: string;
  hint?: string;
  error?: string;
}

export type Field =
  | (Common & { kind: 'radios'; name: string; legend: string; inline: boolean; items: (Option & { checked: boolean })[] })
  | (Common & { kind: 'checkboxes'; name: string; legend: string; items: (Option & { checked: boolean; exclusive?: boolean })[] })
  | (Common & { kind: 'date'; legend: string; values: { day: string; month: string; year: string } })
  | (Common & { kind: 'textarea'; name: string; label: string; value: string })
  | (Common & { kind: 'select'; name: string; label: string; items: (Option & { selected: boolean })[] })
  | (Common & {
      kind: 'input';
      name: string;
      label: string;
      value: string;
      type?: string;
      classes?: string;
      autocomplete?: string;
      spellcheck?: boolean;
      /** Focused when the page opens: the row "Add another child" has just added, as GOV.UK's add-another pattern does. */
      autofocus?: boolean;
    })
  | { kind: 'heading'; id: string; text: string; level: 2 | 3; hint?: string };

interface Builder {
  values: Values;
  errors: FormErrors;
  /** The values of fields that take several (checkboxes), to show them ticked again. */
  lists?: Record<string, readonly string[]>;
}

function common(id: string, hint: string | undefined, errors: FormErrors): Common {
  const error = errors.byField[id];
  return { id, ...(hint ? { hint } : {}), ...(error ? { error } : {}) };
}

export function formFields({ values, errors, lists = {} }: Builder) {
  return {
    /** Checkboxes; an `exclusive` option ("None") unticks the others (GOV.UK "none" option). */
    checkboxes(name: string, legend: string, options: readonly (Option & { exclusive?: boolean })[], hint?: string): Field {
      const ticked = lists[name] ?? [];
      return {
        kind: 'checkboxes',
        ...common(name, hint, errors),
        name,
        legend,
        items: options.map((option) => ({ ...option, checked: ticked.includes(option.value) })),
      };
    },
    radios(name: string, legend: string, options: readonly Option[], extra: { hint?: string; inline?: boolean } = {}): Field {
      return {
        kind: 'radios',
        ...common(name, extra.hint, errors),
        name,
        legend,
        inline: extra.inline ?? false,
        items: options.map((option) => ({ ...option, checked: values[name] === option.value })),
      };
    },
    yesNo(name: string, legend: string, hint?: string): Field {
      return this.radios(name, legend, [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], { inline: true, ...(hint ? { hint } : {}) });
    },
    date(id: string, legend: string, hint?: string): Field {
      return {
        kind: 'date',
        ...common(id, hint, errors),
        legend,
        values: { day: values[`${id}-day`] ?? '', month: values[`${id}-month`] ?? '', year: values[`${id}-year`] ?? '' },
      };
    },
    textarea(id: string, label: string, hint?: string): Field {
      return { kind: 'textarea', ...common(id, hint, errors), name: id, label, value: values[id] ?? '' };
    },
    select(id: string, label: string, options: readonly Option[], extra: { hint?: string; placeholder?: string } = {}): Field {
      const items = options.map((option) => ({ ...option, selected: values[id] === option.value }));
      return {
        kind: 'select',
        ...common(id, extra.hint, errors),
        name: id,
        label,
        items: extra.placeholder ? [{ value: '', text: extra.placeholder, selected: !values[id] }, ...items] : items,
      };
    },
    input(
      id: string,
      label: string,
      extra: { hint?: string; type?: string; classes?: string; autocomplete?: string; spellcheck?: boolean; autofocus?: boolean } = {},
    ): Field {
      const { hint, ...rest } = extra;
      return { kind: 'input', ...common(id, hint, errors), name: id, label, value: values[id] ?? '', ...rest };
    },
    heading(id: string, text: string, hint?: string, level: 2 | 3 = 2): Field {
      return { kind: 'heading', id, text, level, ...(hint ? { hint } : {}) };
    },
  };
}
