import type { LoaderFunctionArgs } from '@remix-run/node';
import { assessmentRows, auditExport, fileResponse, toXlsx } from '~/models/export.server';
import { periodOfRequest, reportScopeFor } from '~/models/report-page.server';
import { yearlyNumbers } from '~/models/report.server';
import { requireUser } from '~/utils/auth.server';
import { forbidden } from '~/utils/http.server';
import { serverTranslator } from '~/utils/language.server';

/** The counted assessments of the period and the numbers per principle as an Excel workbook. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const period = periodOfRequest(request);
  const scope = reportScopeFor(user, period);
  if (!scope) throw forbidden();
  const [table, numbers] = await Promise.all([assessmentRows(scope), yearlyNumbers(scope)]);
  const file = await toXlsx(table, numbers, serverTranslator(request, user));
  await auditExport(user, 'xlsx', period);
  return fileResponse(file, 'xlsx', period);
}
