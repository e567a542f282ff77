/**
 * The route matching the server runs, with this repository's patches to it (patches/, ADR 022):
 * the matcher reuses a route tree's ranked branches and each path's compiled pattern. Every answer
 * below is written by hand from the routes, not computed by the matcher; and a tree changed after
 * its first match (a route added or replaced) is matched as changed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as RemixRouter from '@remix-run/router';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// What the server loads: the CommonJS builds (the browser's bundle is not patched).
const { matchRoutes } = require('@remix-run/router') as typeof RemixRouter;

type R = RemixRouter.AgnosticRouteObject;

/** A tree shaped like the app's flat routes: a root with index, nested, parameter, dotted and splat routes. */
function tree(): R[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'index', index: true },
        { id: 'decisions', path: 'decisions', children: [{ id: 'decisions-index', index: true }] },
        { id: 'decision', path: 'decisions/:id', children: [{ id: 'decision-index', index: true }] },
        { id: 'checklist', path: 'decisions/:id/checklist' },
        { id: 'all', path: 'decisions/all' },
        { id: 'csv', path: 'report.csv' },
        { id: 'report', path: 'report' },
        {
          id: 'admin',
          path: 'admin',
          children: [
            { id: 'admin-index', index: true },
            { id: 'user', path: 'users/:id' },
          ],
        },
        { id: 'Case', path: 'Case', caseSensitive: true },
        { id: 'optional', path: 'guide/:key?' },
        { id: 'files', path: 'files/*' },
      ],
    },
  ];
}

// The same release's UMD build, which the patches leave as it came: the reference for the comparison below.
const upstream = require('@remix-run/router/dist/router.umd.js') as typeof RemixRouter;

const ids = (routes: R[], url: string) => matchRoutes(routes, url)?.map((m) => m.route.id) ?? null;
const params = (routes: R[], url: string) => matchRoutes(routes, url)?.at(-1)?.params ?? null;

describe('route matching (patched)', () => {
  it('is the patched build that the server loads', () => {
    const patched = ['@remix-run/router/dist/router.cjs.js', '@remix-run/react/dist/server.js', 'react-router-dom/server.js'];
    for (const file of patched) {
      const source = fs.readFileSync(path.join(path.dirname(require.resolve('patch-package/package.json')), '..', file), 'utf8');
      expect(source, `${file}: run \`npx patch-package\` (npm ci runs it)`).toContain('Linssi patch');
    }
  });

  it('matches each address to the routes written for it, the same on every repeat', () => {
    const routes = tree();
    const expected: Array<[string, string[] | null]> = [
      ['/', ['root', 'index']],
      ['/decisions', ['root', 'decisions', 'decisions-index']],
      ['/decisions/', ['root', 'decisions', 'decisions-index']],
      ['/decisions/all', ['root', 'all']],
      ['/decisions/12', ['root', 'decision', 'decision-index']],
      ['/decisions/12/checklist', ['root', 'checklist']],
      ['/decisions/12/checklist/', ['root', 'checklist']],
      ['/decisions/12/other', null],
      ['/report.csv', ['root', 'csv']],
      ['/reportxcsv', null],
      ['/REPORT', ['root', 'report']],
      ['/admin', ['root', 'admin', 'admin-index']],
      ['/admin/users/7', ['root', 'admin', 'user']],
      ['/Case', ['root', 'Case']],
      ['/case', null],
      ['/guide', ['root', 'optional']],
      ['/guide/pienuus', ['root', 'optional']],
      ['/files', ['root', 'files']],
      ['/files/a/b.pdf', ['root', 'files']],
      ['/filesx', null],
      ['/nothing', null],
    ];
    for (let round = 0; round < 3; round++) for (const [url, want] of expected) expect(ids(routes, url), `${url} (round ${round + 1})`).toEqual(want);
    expect(params(routes, '/decisions/12/checklist')).toEqual({ id: '12' });
    expect(params(routes, '/admin/users/7')).toEqual({ id: '7' });
    expect(params(routes, '/guide/pienuus')).toEqual({ key: 'pienuus' });
    expect(params(routes, '/guide')).toEqual({ key: undefined });
    expect(params(routes, '/files/a/b.pdf')).toEqual({ '*': 'a/b.pdf' });
    expect(params(routes, '/decisions/%C3%A4')).toEqual({ id: 'ä' });
  });

  it('sees a route added to a tree it has matched before, and a route replaced in it', () => {
    const routes = tree();
    expect(ids(routes, '/survey')).toBeNull();
    routes[0]!.children!.push({ id: 'survey', path: 'survey' });
    expect(ids(routes, '/survey')).toEqual(['root', 'survey']);
    const admin = routes[0]!.children!.find((r) => r.id === 'admin')!;
    admin.children!.push({ id: 'audit', path: 'audit' });
    expect(ids(routes, '/admin/audit')).toEqual(['root', 'admin', 'audit']);
    const at = routes[0]!.children!.findIndex((r) => r.id === 'report');
    routes[0]!.children![at] = { id: 'report-2', path: 'report' };
    expect(ids(routes, '/report')).toEqual(['root', 'report-2']);
  });

  it('keeps trees apart: the same paths in another tree answer with that tree’s routes', () => {
    const a = tree();
    const b = tree();
    expect(matchRoutes(a, '/report')!.at(-1)!.route).toBe(a[0]!.children!.find((r) => r.id === 'report'));
    expect(matchRoutes(b, '/report')!.at(-1)!.route).toBe(b[0]!.children!.find((r) => r.id === 'report'));
  });

  it('answers as the unpatched release does, for thousands of addresses made from the routes’ own segments', () => {
    const routes = tree();
    const reference = tree();
    const segments = [
      'decisions',
      '12',
      'checklist',
      'all',
      'admin',
      'users',
      '7',
      'report.csv',
      'report',
      'REPORT',
      'Case',
      'case',
      'guide',
      'pienuus',
      'files',
      'a',
      '%C3%A4',
      '',
      'x',
    ];
    // A fixed sequence (a linear congruential generator), so that a failure names an address that comes back.
    let seed = 20261203;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const shape = (found: ReturnType<typeof matchRoutes>) =>
      found?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;
    let matched = 0;
    for (let n = 0; n < 3000; n++) {
      const parts = Array.from({ length: 1 + next(4) }, () => segments[next(segments.length)]);
      const url = `/${parts.join('/')}${next(4) === 0 ? '/' : ''}`;
      const mine = shape(matchRoutes(routes, url));
      expect(mine, url).toEqual(shape(upstream.matchRoutes(reference, url)));
      if (mine) matched++;
    }
    // Both halves of the comparison exercised: addresses that match and addresses that do not.
    expect(matched).toBeGreaterThan(300);
    expect(matched).toBeLessThan(2700);
  });
});
