/**
 * The posted form of an action. A body that is not a form a browser sends (another Content-Type,
 * a multipart body cut short or without its boundary) is answered 400, never a 500: fetch's
 * formData() throws a TypeError for those (found by test/integration/fuzz.test.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (error instanceof TypeError) throw new Response('Bad Request: not a form', { status: 400 });
    throw error;
  }
}
