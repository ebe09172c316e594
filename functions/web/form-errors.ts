/**
 * Turns the `FieldError`s of the core schemas and route logic into what a GOV.UK form shows: an error summary at the
 * top (each item linking to its field) and one inline message per field, in the order of the form.
 *
 * The rules stay where they are: a form only says which of its fields a path (`dates.inspectionEnd`) belongs to and
 * how to name it; the message of the rule is kept, worded as a sentence about that field.
 */
import type { FieldError } from '../core/schemas';

export interface FormField {
  /** The id of the element the summary links to and the inline message belongs to. */
  id: string;
  /** Where the summary link goes, when not `#id` (a date input links to its day field). */
  href?: string;
  /** The field's name in a sentence, e.g. "Last day on site". */
  label: string;
  /**
   * The API's words for a rule, in the form's words: a message matching a pattern is shown as its sentence instead
   * (the API names body paths and values, e.g. `is before inspectionStart "2026-11-24"`; a page names what it asked).
   * `$1`, `$2` … in the sentence take the parts the pattern captures (a pattern matching the whole message).
   */
  inFormWords?: readonly (readonly [RegExp, string])[];
  /** What to say when nothing was given, e.g. "Enter the establishment name". */
  whenMissing?: string;
  /** A date: a date that does not exist is "must be a real date". */
  date?: boolean;
  /** A choice (a filter's select, typed into the address by hand): its values in words, said instead of the raw values. */
  choices?: Readonly<Record<string, string>>;
}

export interface ErrorSummaryItem {
  text: string;
  href?: string;
}

export interface FormErrors {
  summary: ErrorSummaryItem[];
  /** Inline message by field id. */
  byField: Record<string, string>;
}

/** The fields of a form, in order: a path that is not a field of the form gives undefined. */
export type FieldsOf = (path: string) => FormField | undefined;

const MISSING = [/^is required$/, /^is required: must be one of/, /^is required: "none", or/, /^must not be empty$/];
const NOT_A_DATE = /is not a real calendar date|is not a date in the form YYYY-MM-DD/;
/** A date whose year part has 1 to 3 digits, as the schema quotes it. */
const SHORT_YEAR = /^"\d{1,3}-[^"]*" is not a date in the form YYYY-MM-DD/;

/** "A, B or C". */
function inWords(options: readonly string[]): string {
  return options.length < 2 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}

function sentence(field: FormField, message: string): string {
  const rule = field.inFormWords?.find(([pattern]) => pattern.test(message));
  // A sentence with $1, $2 … takes those parts of the message (a pattern matching all of it, dates and all).
  if (rule !== undefined) return rule[1].includes('$') ? message.replace(rule[0], rule[1]) : rule[1];
  if (field.whenMissing && MISSING.some((pattern) => pattern.test(message))) return field.whenMissing;
  // The schema lists the raw values ("childrens-home"); a page names the choices as its select does.
  if (field.choices && /^must be one of\b/.test(message)) return `${field.label} must be one of: ${inWords(Object.values(field.choices))}`;
  // A year typed short ("27"): said so, as the GOV.UK date pattern does (found by a new-user walk: "must be a real date").
  if (field.date && SHORT_YEAR.test(message)) return `${field.label} must have a year of 4 numbers, for example 2027`;
  if (field.date && NOT_A_DATE.test(message)) return `${field.label} must be a real date`;
  // Rules of the framework are already sentences ("Overall 'good' is not allowed: ... (… §37)").
  if (/^[A-Z]/.test(message)) return message;
  const worded = message.replace(/^must be true\b/, 'must be yes').replace(/^must be false\b/, 'must be no');
  // "names a child …: it is emailed …" reads on as one sentence after the label (not "Label: names …: it is …").
  if (/^(is|must|cannot|can|names)\b/.test(worded)) return `${field.label} ${worded}`;
  return `${field.label}: ${worded}`;
}

export function formErrors(errors: readonly FieldError[], fieldsOf: FieldsOf, order: (id: string) => number): FormErrors {
  const byField: Record<string, string> = {};
  const placed: { order: number; item: ErrorSummaryItem }[] = [];
  errors.forEach((error, index) => {
    const field = fieldsOf(error.field);
    if (!field) {
      const text = error.field === '(root)' ? error.message : `${error.field}: ${error.message}`;
      placed.push({ order: Number.MAX_SAFE_INTEGER - errors.length + index, item: { text } });
      return;
    }
    // One message per field (GOV.UK: show the first problem with a field).
    if (byField[field.id] !== undefined) return;
    const text = sentence(field, error.message);
    byField[field.id] = text;
    placed.push({ order: order(field.id), item: { text, href: field.href ?? `#${field.id}` } });
  });
  return { summary: placed.sort((a, b) => a.order - b.order).map(({ item }) => item), byField };
}

/** Builds the field lookup and order of a form whose fields are known in advance. */
export function fieldTable(fields: readonly (FormField & { path: string })[]): { fieldsOf: FieldsOf; order: (id: string) => number } {
  const byPath = new Map(fields.map((field) => [field.path, field] as const));
  const ids = fields.map((field) => field.id);
  return {
    fieldsOf: (path) => byPath.get(path),
    order: (id) => {
      const index = ids.indexOf(id);
      return index === -1 ? ids.length : index;
    },
  };
}

export const NO_ERRORS: FormErrors = { summary: [], byField: {} };
