import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLogo } from '~/models/organisation.server';
import { notFound } from '~/utils/http.server';

/**
 * The municipality's logo, stored in the database by the admin (/admin/organisation). Public:
 * the login page shows the header too. The header asks for /logo?v=<stamp>; the stamp changes
 * with every upload, so that address may be cached for good, while any other is revalidated.
 * Only PNG, JPEG and WebP are ever stored (checked by their bytes), and nosniff (set for every
 * response by server.js, so not repeated here: Remix would append a second value) keeps the
 * browser from reading them as anything else.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const logo = await getLogo();
  if (!logo) throw notFound();
  const etag = `"logo-${logo.version}"`;
  const asked = new URL(request.url).searchParams.get('v');
  const headers = {
    'Content-Type': logo.type,
    'Content-Disposition': 'inline; filename="logo"',
    ETag: etag,
    'Cache-Control': asked === logo.version ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const ifNoneMatch = request.headers.get('If-None-Match') ?? '';
  if (ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(logo.bytes), { status: 200, headers: { ...headers, 'Content-Length': String(logo.bytes.length) } });
}
