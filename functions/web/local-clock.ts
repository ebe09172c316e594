/**
 * POST /app/_local/clock (local runtime only): the clock panel's buttons. The page does not move the clock: it sends
 * the browser to the local server's route that does, with the page to come back to.
 */
import { NotFoundError } from '../core/errors';
import { redirect, type PageHandler } from './page';

const ADVANCES = ['day', 'week', 'next'] as const;

/** Only a page of this service is a place to come back to (never another site). */
function returnPath(next: string | null): string {
  return next && /^\/app\/[^/\\]/.test(next) ? next : '/app/inspections';
}

export const moveLocalClock: PageHandler = async ({ form, local }) => {
  if (!local) throw new NotFoundError('page not found');
  const advance = ADVANCES.find((value) => value === form.get('advance')) ?? 'day';
  const query = new URLSearchParams({ advance, next: returnPath(form.get('next')) });
  return redirect(`/_local/clock/advance-form?${query.toString()}`);
};
