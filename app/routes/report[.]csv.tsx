import type { LoaderFunctionArgs } from '@remix-run/node';
import { assessmentCsv, assessmentRows, auditExport, fileResponse } from '~/models/export.server';
import { periodOfRequest, reportScopeFor } from '~/models/report-page.server';
import { requireUser } from '~/utils/auth.server';
import { forbidden } from '~/utils/http.server';
import { serverTranslator } from '~/utils/language.server';

/** The counted assessments of the period as CSV for Excel in Finnish: one row each, one column per principle. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const period = periodOfRequest(request);
  const scope = reportScopeFor(user, period);
  if (!scope) throw forbidden();
  const csv = assessmentCsv(await assessmentRows(scope), serverTranslator(request, user));
  await auditExport(user, 'csv', period);
  return fileResponse(csv, 'csv', period);
}
