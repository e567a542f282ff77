/**
 * The one check of every address the app sends a user back to after a step (login, the language
 * switch, a password change, a form kept over a login) and of every such address it writes into a
 * page. Whatever comes in, what comes out is a path on this site as a browser reads it.
 *
 * The input is only a suggestion: it is resolved against the app's origin with the WHATWG URL
 * parser (the one browsers use: it drops tabs and newlines, reads a backslash as a slash, resolves
 * `.` and `..` segments, also written `%2e`), and the result is what is checked, not the raw
 * string: "/.//evil.example" looks like a path but resolves to "//evil.example", another host.
 * The result must:
 * - start with exactly one "/" (not "//" nor "/\"), and be printable ASCII only (the parser
 *   percent-encodes everything else; a control character, space or backslash left means doubt);
 * - resolve, from any page of the site, to the site's own origin, and to itself (a fixed point:
 *   resolving it again changes nothing);
 * - stay on the site even read with its percent-escapes decoded, up to three times over (a proxy
 *   or a later step that decodes "%2F%2Fevil.example" must not find a way off either).
 * Anything else, and anything that is not a string, gives the fallback ("/"): the app's own
 * addresses are plain paths, so doubt costs nothing but a trip to the front page.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  const candidate = normalised(to);
  if (candidate !== null && isOwnPath(candidate)) return candidate;
  return isOwnPath(fallback) ? fallback : '/';
}

const MAX_LENGTH = 2000;
/** Any origin serves to resolve against; two schemes, so that nothing depends on the scheme. */
const BASES = ['http://linssi.invalid', 'https://linssi.invalid/a/b/c?d=e'];

/** What a browser would make of the address on this site: its path, query and fragment, or null. */
function normalised(to: unknown): string | null {
  if (typeof to !== 'string' || to.length > MAX_LENGTH) return null;
  // The raw string already has to look like a path; the real check is on the result below.
  if (!to.startsWith('/') || /^\/[/\\]/.test(to) || /[\u0000-\u001f\u007f\\]/.test(to)) return null;
  const resolved = resolve(to, BASES[0]!);
  if (!resolved || resolved.origin !== new URL(BASES[0]!).origin) return null;
  return pathOf(resolved);
}

/** Whether `path` is, by every reading above, a path on this site. */
export function isOwnPath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_LENGTH * 3) return false;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(path) || path.includes('\\')) return false;
  for (const base of BASES) {
    const origin = new URL(base).origin;
    const once = resolve(path, base);
    if (!once || once.origin !== origin || pathOf(once) !== path) return false;
    const twice = resolve(pathOf(once), once.href);
    if (!twice || twice.href !== once.href) return false;
    let decoded = path;
    for (let round = 0; round < 3; round++) {
      const next = percentDecoded(decoded);
      if (next === decoded) break;
      decoded = next;
      const target = resolve(decoded, base);
      if (!target || target.origin !== origin || target.pathname.startsWith('//')) return false;
    }
  }
  return true;
}

function resolve(address: string, base: string): URL | null {
  try {
    return new URL(address, base);
  } catch {
    return null;
  }
}

const pathOf = (url: URL) => `${url.pathname}${url.search}${url.hash}`;

/** Each %XX as its byte (never throws, unlike decodeURIComponent on a broken escape). */
function percentDecoded(address: string): string {
  return address.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
