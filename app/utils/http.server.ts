/** The HTTP answers of a refusal: 403, 404, 409, thrown or returned by loaders and actions. */
export const forbidden = () => new Response('Forbidden', { status: 403 });
export const notFound = () => new Response('Not Found', { status: 404 });
export const conflict = () => new Response('Conflict', { status: 409 });

/** Throws 404 unless the condition holds: an id that is unknown and one that is not yours look the same. */
export function invariantFound<T>(value: T | null | undefined | false): asserts value is T {
  if (!value) throw notFound();
}

/** The HTTP answer to a refused workflow step: 404 (not yours to see), 403 (not yours to do), 409 (not now). */
export function refusal(reason: 'not_found' | 'forbidden' | 'conflict'): Response {
  return reason === 'not_found' ? notFound() : reason === 'forbidden' ? forbidden() : conflict();
}
