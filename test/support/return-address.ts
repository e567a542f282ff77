/**
 * Hostile return addresses, and the check that an address the app sends a browser to stays on the
 * site, for the unit test of safeRedirect and the integration test of every place that takes a
 * return address. Node's URL is the WHATWG URL parser browsers use (tabs and newlines dropped, a
 * backslash read as a slash in http(s), `.`/`..`/`%2e` segments resolved), so "where a browser
 * goes" is computed with it here, never with the app's code.
 */
import fc from 'fast-check';

/** Each percent-escape (%XX) as its byte, as a careless proxy or a second decoding would read it. */
function percentDecoded(address: string) {
  return address.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * What is wrong with `address` as a place to send a browser that is at any of `bases` (pages of
 * one site), or null: it must be a path of printable ASCII starting with exactly one slash, resolve
 * to the site's origin and to itself (a fixed point: resolving it again changes nothing), and stay
 * on the site even with its escapes decoded up to three times.
 */
export function offSiteProblem(address: unknown, bases: string[]): string | null {
  if (typeof address !== 'string') return 'not a string';
  if (!address.startsWith('/')) return 'does not start with /';
  if (address.startsWith('//') || address.startsWith('/\\')) return 'starts with // or /\\';
  if (!/^[\x21-\x7e]*$/.test(address) || address.includes('\\')) return 'has a control, space, backslash or non-ASCII character';
  for (const base of bases) {
    const origin = new URL(base).origin;
    const once: URL = new URL(address, base);
    if (once.origin !== origin) return `resolves to ${once.origin} from ${base}`;
    const path: string = `${once.pathname}${once.search}${once.hash}`;
    if (path !== address) return `resolves to another path (${path}) from ${base}`;
    const twice = new URL(path, once.href);
    if (twice.origin !== origin || twice.href !== once.href) return `is not a fixed point from ${base}`;
    let decoded = address;
    for (let round = 1; round <= 3; round++) {
      decoded = percentDecoded(decoded);
      let target: URL;
      try {
        target = new URL(decoded, base);
      } catch {
        return `decoded ${round}× does not parse`;
      }
      if (target.origin !== origin) return `decoded ${round}× resolves to ${target.origin}`;
      if (target.pathname.startsWith('//')) return `decoded ${round}× has a path starting with //`;
    }
  }
  return null;
}

// Pieces of hostile return addresses: separators and their encodings, dot segments and their
// encodings (also double and triple), control and invisible characters, look-alike Unicode, schemes,
// user info, hosts (also IDN and numeric), and ordinary path pieces between them.
export const PREFIXES = [
  '',
  '/',
  '//',
  '///',
  '\\',
  '\\\\',
  '/\\',
  '\\/',
  ' /',
  '\t/',
  '\n/',
  '\u0000/',
  '／',
  '＼',
  '/／',
  '%2f',
  '%2F',
  '/%2f',
  '/%5c',
  'http:',
  'https:',
  'HTTPS:',
  'http://',
  'https://',
  'http:/',
  'http:\\\\',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  'data:',
  'vbscript:',
  'ftp://',
  'file:///',
  'blob:',
  'mailto:',
  '/.',
  '/..',
  '/./',
  '/../',
  '/%2e/',
  '/%2e%2e/',
  '/.%2e/',
  '/%252e/',
  '/x/../',
];
export const PIECES = [
  '.',
  '..',
  '...',
  '%2e',
  '%2E',
  '%2e%2e',
  '.%2e',
  '%2e.',
  '%252e',
  '%252E%252E',
  '%25252e',
  '%u002e',
  '．',
  '。',
  '%EF%BC%8E',
  '/',
  '//',
  '\\',
  '\\\\',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252f',
  '%255c',
  '%25252f',
  '／',
  '＼',
  '%EF%BC%8F',
  '%ef%bc%bc',
  '∕',
  '⁄',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '%00',
  '%09',
  '%0a',
  '%0D',
  '%20',
  ' ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '\u200e',
  '\u202e',
  '\ud800',
  '\udfff',
  '\u{1f600}',
  '@',
  ':',
  '?',
  '#',
  '&',
  ';',
  '=',
  '%',
  '%%',
  '%zz',
  '%e0',
  '%40',
  '%3a',
  '%3f',
  '%23',
  'evil.example',
  'EVIL.EXAMPLE',
  'evil.example:443',
  'evil.example.',
  'user:pass@evil.example',
  '@evil.example',
  'ｅｖｉｌ.example',
  'xn--80ak6aa92e.com',
  'аpple.com',
  'bücher.example',
  '127.0.0.1',
  '0x7f.1',
  '2130706433',
  '[::1]',
  'localhost',
  'javascript:alert(1)',
  'http:evil.example',
  'https:evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\/evil.example',
  'decisions',
  'login',
  'a',
  '12',
  'redirectTo=',
  '?redirectTo=//evil.example',
];

/** A hostile return address: a prefix, then up to ten pieces, some of them arbitrary characters. */
export const hostileAddress = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), {
      maxLength: 10,
    }),
  )
  .map(([prefix, pieces]) => prefix + pieces.join(''));

/**
 * Written out: the ways off the site through normalisation that got past the check of the raw string
 * (each resolves to a path beginning with //), and the ones it already stopped.
 */
export const KNOWN_HOSTILE = [
  '/.//evil.example',
  '/..//evil.example',
  '/x/..//evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/.%2e//evil.example',
  '/a/%2e%2e//evil.example',
  '/.//evil.example/%2F..',
  '/./\\evil.example',
  '/.\\/evil.example',
  '/%2e/\t/evil.example',
  '/.\n//evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\/evil.example',
  '/\t/evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  '／／evil.example',
  '/%2F%2Fevil.example',
  '/%252e%252e//evil.example',
];
