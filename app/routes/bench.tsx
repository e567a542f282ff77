import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { notFound, requireUser } from '~/utils/auth.server';
import { readForm } from '~/utils/form.server';

/**
 * The benchmark's bare route (docs/decisions/013): the same server, root layout and
 * session check as every page, but a loader that returns a constant, a minimal component and
 * an action that only reads the form and redirects. Pages are measured as ratios against it.
 * It exists only when the server is started with LINSSI_BENCH_ROUTE=1; otherwise it is 404.
 */
const enabled = () => process.env.LINSSI_BENCH_ROUTE === '1';

export const meta: MetaFunction = () => [{ title: 'Vertailusivu – Linssi' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!enabled()) throw notFound();
  // Signed in, as every page is: what the bare route leaves out is only each page's own work.
  await requireUser(request);
  return { text: 'Vertailusivu' };
}

export async function action({ request }: ActionFunctionArgs) {
  if (!enabled()) throw notFound();
  await requireUser(request);
  await readForm(request);
  return redirect('/bench');
}

export default function Bare() {
  const { text } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{text}</h1>
    </div>
  );
}
