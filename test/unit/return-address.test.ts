import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirect } from '~/domain/return-address';
import { KNOWN_HOSTILE, hostileAddress, offSiteProblem } from '../support/return-address';

/*
 * Every return address the app takes (login, language switch, password change, a kept form) goes
 * through safeRedirect. Whatever comes in, what comes out must be a path on this site as a browser
 * reads it (test/support/return-address.ts: the WHATWG URL parser, as in browsers).
 */

const OWN = 'https://linssi.example';
/** A Location header is resolved against the address of the request that got it: a few of them. */
const BASES = [OWN, `${OWN}/decisions/12/checklist?notice=x`, `${OWN}/a/b/`, 'http://127.0.0.1:3000/login?redirectTo=%2F'];

describe('safeRedirect', () => {
  it('sends no hostile return address off the site: 6,000 generated ones', () => {
    fc.assert(
      fc.property(hostileAddress, (address) => {
        const result = safeRedirect(address);
        const problem = offSiteProblem(result, BASES);
        if (problem) throw new Error(`${JSON.stringify(address)} → ${JSON.stringify(result)}: ${problem}`);
      }),
      { numRuns: 6_000 },
    );
  });

  it('sends no arbitrary string off the site: 4,000 of any Unicode, any URL and any path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.webUrl(), fc.webPath()), (address) => {
        expect(offSiteProblem(safeRedirect(address), BASES), JSON.stringify(address)).toBeNull();
      }),
      { numRuns: 4_000 },
    );
  });

  it.each(KNOWN_HOSTILE)('keeps %j on the site', (address) => {
    const result = safeRedirect(address);
    expect(offSiteProblem(result, BASES), `${JSON.stringify(address)} → ${JSON.stringify(result)}`).toBeNull();
  });

  it('gives the fallback for what is not a string, and for an address that would leave', () => {
    for (const value of [undefined, null, 42, ['/decisions'], { toString: () => '/decisions' }]) expect(safeRedirect(value)).toBe('/');
    expect(safeRedirect('/.//evil.example', '/decisions')).toBe('/decisions');
    expect(safeRedirect('https://evil.example', '/decisions')).toBe('/decisions');
    expect(safeRedirect('/.//evil.example', '//evil.example')).toBe('/');
  });

  it('keeps the app’s own addresses as they are (written out), and a generated 1,000 of the same form', () => {
    for (const address of [
      '/',
      '/decisions',
      '/decisions/all?page=2',
      '/decisions/12/checklist?notice=draftSaved',
      '/admin/users?q=anna&status=active&page=3',
      '/guide/principles/koti-maalla',
      '/archive?q=%2F%2Fx&effect=negative',
      '/report?from=2025-09-01&to=2026-08-31#numbers',
    ]) {
      expect(safeRedirect(address)).toBe(address);
    }
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const query = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9-]{0,8}$/)), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), query, (segments, pairs) => {
        const address = `/${segments.join('/')}${pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
        expect(safeRedirect(address)).toBe(address);
      }),
      { numRuns: 1_000 },
    );
  });

  it('writes a non-ASCII address as the browser would send it (percent-encoded UTF-8)', () => {
    expect(safeRedirect('/archive?q=päätös')).toBe('/archive?q=p%C3%A4%C3%A4t%C3%B6s');
  });
});
