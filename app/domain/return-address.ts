/**
 * Only a path on this site may be a place to return to after login. Browsers drop tabs and
 * newlines from URLs and read a backslash as a slash, so "/\t/evil.example" would leave the
 * site: any control character or backslash, or a path that resolves to another origin, falls back.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to) || to.startsWith('//')) return fallback;
  try {
    const resolved = new URL(to, 'http://linssi.invalid');
    if (resolved.origin !== 'http://linssi.invalid') return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
