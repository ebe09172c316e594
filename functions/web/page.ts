/**
 * What a page handler returns: a page to render (template, title, context, status) or a redirect (303 after a
 * successful POST, so a refresh never posts twice). The layout's own context (user, navigation, local panel) is
 * added by the web handler.
 */
import { ForbiddenError } from '../core/errors';
import type { WebRequest, WebUser } from './request';

export type Nav = 'inspections' | 'log' | 'approvals' | 'register' | 'plan';

export interface RenderedPage {
  kind: 'page';
  status: number;
  /** `templates/<template>.njk`. */
  template: string;
  /** The page's own part of the <title>: "<title> – SCCIF Workflows – GOV.UK". */
  title: string;
  /** The service navigation item this page belongs to. */
  nav?: Nav;
  /** A form re-rendered with errors: the <title> starts with "Error: ". */
  hasErrors?: boolean;
  context: Record<string, unknown>;
}

export interface Redirect {
  kind: 'redirect';
  location: string;
  /** 308: the browser sends the same request there (a form posted to where it moved from); else 303 (GET it). */
  keepMethod?: true;
}

export type PageResult = RenderedPage | Redirect;

export type PageHandler = (request: WebRequest) => Promise<PageResult>;

export function page(
  template: string,
  title: string,
  context: Record<string, unknown>,
  options: { status?: number; nav?: Nav; hasErrors?: boolean } = {},
): RenderedPage {
  return {
    kind: 'page',
    status: options.status ?? (options.hasErrors ? 400 : 200),
    template,
    title,
    ...(options.nav ? { nav: options.nav } : {}),
    ...(options.hasErrors ? { hasErrors: true } : {}),
    context,
  };
}

/** The page of an establishment on the register. */
export function establishmentHref(urn: string): string {
  return `/app/establishments/${encodeURIComponent(urn)}`;
}

/** A success banner: a heading and a line. */
export interface Banner {
  heading: string;
  text: string;
}

/** The banner a page shows after a form saved (?done=…); an unknown `done` (or one of Object's own names) shows none. */
export function bannerOf(banners: Readonly<Record<string, Banner>>, done: string | undefined): Banner | undefined {
  return done !== undefined && Object.hasOwn(banners, done) ? banners[done] : undefined;
}

export function redirect(location: string, options: { keepMethod?: true } = {}): Redirect {
  return { kind: 'redirect', location, ...options };
}

/** A message page (an outcome already recorded, a decision already made, an error): a heading and paragraphs. */
export function messagePage(
  status: number,
  title: string,
  paragraphs: readonly string[],
  link?: { href: string; text: string },
  nav?: Nav,
): RenderedPage {
  return page('message', title, { heading: title, paragraphs, ...(link ? { link } : {}) }, { status, ...(nav ? { nav } : {}) });
}

export function requireInspector(user: WebUser): void {
  if (!user.isInspector) throw new ForbiddenError('only inspectors can use this page');
}

export function requireManager(user: WebUser): void {
  if (!user.isManager) throw new ForbiddenError('only managers can use this page');
}

/** Inspectors and managers: every page but the approvals (which compliance inspectors use too). */
export function isStaff(user: WebUser): boolean {
  return user.isInspector || user.isManager;
}

/** Who decides approvals of some kind: managers, and compliance inspectors (their own kinds: DECIDED_BY). */
export function requireDecider(user: WebUser): void {
  if (!user.isManager && !user.isComplianceInspector) throw new ForbiddenError('only managers and compliance inspectors can use this page');
}

/** Text fields of a form: trimmed; empty is absent. */
export function textOf(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name)?.trim();
  return value ? value : undefined;
}

/** A yes/no radio: true, false or absent. */
export function yesNoOf(form: URLSearchParams, name: string): boolean | undefined {
  const value = form.get(name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** Every field of a form as strings, to put back into the inputs when it is shown again. */
export function valuesOf(form: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (!(key in values)) values[key] = value;
  return values;
}

/**
 * A GOV.UK date input (`<id>-day`, `<id>-month`, `<id>-year`) as `YYYY-MM-DD` for the schema to check; absent when
 * all three are empty. Nothing is corrected here: 30/02/2027 becomes "2027-02-30", which the schema rejects.
 */
export function dateOf(form: URLSearchParams, id: string): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (form.get(`${id}-${part}`) ?? '').trim());
  if (!day && !month && !year) return undefined;
  return `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
}
