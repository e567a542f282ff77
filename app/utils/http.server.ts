import { parseId } from './params';

/**
 * The one way a loader or action refuses: `throw notFound()` (no such thing, or not yours to see:
 * the two look the same), `throw forbidden()`, `throw conflict()`, or `throw refusal(verdict)` for a
 * verdict of `judge` (app/domain/workflow.ts). The error page (root ErrorBoundary) shows them.
 */

export const forbidden = () => new Response('Forbidden', { status: 403 });
export const notFound = () => new Response('Not Found', { status: 404 });
export const conflict = () => new Response('Conflict', { status: 409 });

/** The HTTP answer to a refused workflow step: 404 (not yours to see), 403 (not yours to do), 409 (not now). */
export function refusal(reason: 'not_found' | 'forbidden' | 'conflict'): Response {
  return reason === 'not_found' ? notFound() : reason === 'forbidden' ? forbidden() : conflict();
}

/** The id a page is about (a route's `$id`, a form's hidden id): 404 when there is none, as for an unknown one. */
export function requireId(raw: string | null | undefined): number {
  const id = parseId(raw);
  if (id === null) throw notFound();
  return id;
}
