import type { LoaderFunctionArgs } from '@remix-run/node';
import { fileOf, getEditableVersion } from '~/models/framework-admin.server';
import { refusal, requireRole } from '~/utils/auth.server';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import { parseId } from '~/utils/notice';

/** The version as a JSON file in the import's own shape, so that it can be loaded again here or elsewhere. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const version = await getEditableVersion(parseId(params.id));
  if (!version) throw refusal('not_found');
  await writeAudit(db(), { userId: user.id, action: 'strategy.export', entityType: 'framework_version', entityId: version.id, details: { key: version.key } });
  return new Response(`${JSON.stringify(fileOf(version), null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${version.key}.json"`,
    },
  });
}
