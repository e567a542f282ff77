import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditExport, exportReport, fileResponse, toDocx } from '~/models/export.server';
import { periodOfRequest, reportScopeFor } from '~/models/report-page.server';
import { requireUser } from '~/utils/auth.server';
import { forbidden } from '~/utils/http.server';
import { languageOf, serverTranslator } from '~/utils/language.server';

/** The yearly report to the council as a Word document for the agenda system. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const period = periodOfRequest(request);
  const scope = reportScopeFor(user, period);
  if (!scope) throw forbidden();
  const t = serverTranslator(request, user);
  const file = await toDocx(await exportReport(scope, t), t, languageOf(request, user));
  await auditExport(user, 'docx', period);
  return fileResponse(file, 'docx', period);
}
