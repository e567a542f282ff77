/**
 * The posted form of an action. A body that is not a form a browser sends (another Content-Type,
 * a multipart body cut short or without its boundary) is answered 400, never a 500: fetch's
 * formData() throws a TypeError for those (found by test/integration/fuzz.test.ts). A body that
 * passed its route's limit while it was read (server/limits.js stops it and has already answered
 * 413) ends the action with that status, as an expected refusal, not as an error for the log.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (isBodyTooLarge(error)) throw new Response('Payload Too Large', { status: 413 });
    if (error instanceof TypeError) throw new Response('Bad Request: not a form', { status: 400 });
    throw error;
  }
}

/** Whether reading a request's body failed because server/limits.js stopped it at the route's limit. */
export function isBodyTooLarge(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'BodyTooLargeError') return true;
  }
  return false;
}
