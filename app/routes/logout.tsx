import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, destroySession } from '~/utils/session.server';

export async function action({ request }: ActionFunctionArgs) {
  await destroySession(request);
  throw redirect('/login?reason=logout', { headers: { 'Set-Cookie': clearSessionCookie() } });
}

/** Logging out changes state, so it is a POST; a GET here only goes home. */
export function loader() {
  throw redirect('/');
}
