import type { LoaderFunctionArgs } from '@remix-run/node';
import { periodOfRequest, reportScopeFor } from '~/models/report-page.server';
import { yearlyNumbers } from '~/models/report.server';
import { requireUser } from '~/utils/auth.server';
import { forbidden } from '~/utils/http.server';

/** The yearly numbers as JSON (the shape of `npm run report -- --format json`), for the logged-in group, admins and managers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = reportScopeFor(user, periodOfRequest(request));
  if (!scope) throw forbidden();
  const numbers = await yearlyNumbers(scope);
  return new Response(JSON.stringify(numbers, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
