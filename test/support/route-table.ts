/**
 * The app's routes read from app/routes, how a file name becomes a URL (Remix v2 flat routes),
 * and the table of what each actor may expect from each route: shared by the route matrix
 * (test/integration/route-matrix.test.ts, HTTP statuses) and the every-page accessibility test
 * (test/e2e/every-page.test.ts, axe on each page an actor may open). A route file without a row
 * fails both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

// ---------------------------------------------------------------------------------------------
// The routes, from the file system.

export const ROUTES_DIR = path.join(ROOT, 'app', 'routes');

export type Kind = 'page' | 'resource' | 'action-only';

export interface RouteFile {
  /** The file name in app/routes (or folder/route.tsx). */
  file: string;
  /** The key of EXPECTED: the file name (for a folder route, the folder's name). */
  name: string;
  routeId: string;
  segments: string[];
  hasLoader: boolean;
  hasAction: boolean;
  hasDefault: boolean;
  multipart: boolean;
  intents: string[];
}

/** Splits a flat-route name at the dots that are not inside [ ] (an escaped literal dot). */
export function splitSegments(name: string): string[] {
  const segments: string[] = [];
  let current = '';
  let inBrackets = false;
  for (const ch of name) {
    if (ch === '[') inBrackets = true;
    if (ch === ']') inBrackets = false;
    if (ch === '.' && !inBrackets) {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  return segments;
}

export const exportsName = (source: string, name: string) =>
  new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+(const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(source);

export function intentsOf(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of [/case\s+'([\w-]+)'/g, /intent\s*===\s*'([\w-]+)'/g, /'intent'\)\s*!==\s*'([\w-]+)'/g, /name="intent"\s+value="([\w-]+)"/g]) {
    for (const m of source.matchAll(pattern)) found.add(m[1]!);
  }
  // The intents an action names to intentOf (app/utils/form.server.ts).
  for (const m of source.matchAll(/intentOf\([^,]+,\s*\[([^\]]*)\]/g)) {
    for (const name of m[1]!.matchAll(/'([\w-]+)'/g)) found.add(name[1]!);
  }
  return [...found].sort();
}

export function routeFiles(): RouteFile[] {
  const routes: RouteFile[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    // remix.config.js ignores dot files and tests.
    if (entry.name.startsWith('.') || /\.test\./.test(entry.name)) continue;
    let name: string;
    let file: string;
    if (entry.isDirectory()) {
      const index = ['route.tsx', 'route.ts', 'route.jsx', 'route.js'].find((f) => fs.existsSync(path.join(ROUTES_DIR, entry.name, f)));
      if (!index) continue;
      name = entry.name;
      file = path.join(entry.name, index);
    } else {
      if (!/\.(tsx|ts|jsx|js)$/.test(entry.name)) continue;
      name = entry.name.replace(/\.(tsx|ts|jsx|js)$/, '');
      file = entry.name;
    }
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8');
    routes.push({
      file,
      name: entry.isDirectory() ? entry.name : entry.name,
      routeId: `routes/${name}`,
      segments: splitSegments(name),
      hasLoader: exportsName(source, 'loader'),
      hasAction: exportsName(source, 'action'),
      hasDefault: /export\s+default\b/.test(source),
      multipart: /multipart\/form-data|parseMultipartFormData/.test(source),
      intents: intentsOf(source),
    });
  }
  return routes.sort((a, b) => a.file.localeCompare(b.file));
}

export type Params = Record<string, string>;

/**
 * The URL of a flat route (Remix v2): dots → '/', `_index` → nothing, a leading-underscore segment
 * is a pathless layout (nothing), a trailing `_` is dropped, `[x]` → literal x, `$param` → the
 * value in `params`. Throws, naming the file, for a parameter without a value.
 */
export function urlOf(route: Pick<RouteFile, 'file' | 'segments'>, params: Params): string {
  const parts: string[] = [];
  for (const raw of route.segments) {
    if (raw === '_index') continue;
    if (raw.startsWith('_')) continue;
    let segment = raw.endsWith('_') && !raw.endsWith(']') ? raw.slice(0, -1) : raw;
    if (segment.startsWith('(')) throw new Error(`${route.file}: optional segment ${segment} is not supported by route-matrix.test.ts`);
    if (segment === '$') throw new Error(`${route.file}: splat route; give it a case in route-matrix.test.ts`);
    if (segment.startsWith('$')) {
      const value = params[segment.slice(1)];
      if (value === undefined) throw new Error(`${route.file}: no value for the URL parameter ${segment} in its EXPECTED case`);
      parts.push(encodeURIComponent(value));
      continue;
    }
    segment = segment.replace(/\[([^\]]*)\]/g, '$1');
    parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

export const ROUTES = routeFiles();

// ---------------------------------------------------------------------------------------------
// The expected table.

export const ACTORS = ['anonymous', 'valmistelija', 'esimies', 'elinvoima', 'paakayttaja', 'tekninen', 'johtaja'] as const;
export type Actor = (typeof ACTORS)[number];
export const STAFF = ACTORS.filter((a) => a !== 'anonymous');

/**
 * 200 · 403 · 404 · 409 (the state does not allow it: a "locked" page) ·
 * 'login': a redirect to /login?redirectTo=<the URL> · 'redirect': a redirect anywhere but /login.
 */
export type Expected = 200 | 403 | 404 | 409 | 'login' | 'redirect';
export type Row = Record<Actor, Expected>;

export interface Fixture {
  /** valmistelija's draft, in a department esimies leads and johtaja does not. */
  draft: number;
  /** valmistelija's submitted assessment, in a department esimies leads and johtaja does not. */
  submitted: number;
  /** valmistelija's approved one, the same kind of department. */
  approved: number;
  /** valmistelija's decided, non-confidential one. */
  decided: number;
  /** valmistelija's decided, confidential one, in a department esimies leads and johtaja does not. */
  confidential: number;
  /** tekninen's submitted one, in a department johtaja leads and esimies does not. */
  foreignSubmitted: number;
  /** tekninen's decided, non-confidential one, the same kind of department. */
  foreignDecided: number;
  round: number;
  activeVersion: number;
  activeDimension: number;
  activePrinciple: number;
  draftVersion: number;
  draftDimension: number;
  draftPrinciple: number;
  user: number;
}

export interface Case {
  label: string;
  params?: (f: Fixture) => Params;
  expect: Row;
}

export interface Entry {
  /** page: has a default export; resource: a loader and no UI; action-only: an action and no UI. */
  kind: Kind;
  cases: Case[];
}

export const everyone = (s: Expected): Row => Object.fromEntries(ACTORS.map((a) => [a, s])) as Row;
/** Anonymous to the login page; each staff member `s`. */
export const staff = (s: Expected): Row => ({ ...everyone(s), anonymous: 'login' });
/** Anonymous to the login page; the listed actors 200 (or `ok`), the other staff 403. */
export const only = (allowed: Actor[], ok: Expected = 200): Row =>
  Object.fromEntries(ACTORS.map((a) => [a, a === 'anonymous' ? 'login' : allowed.includes(a) ? ok : 403])) as Row;
export const one = (expect: Row, label = ''): Case[] => [{ label, expect }];

export const OFFICIALS: Actor[] = ['valmistelija', 'tekninen'];
export const MANAGERS: Actor[] = ['esimies', 'johtaja'];
export const GROUP_ADMIN: Actor[] = ['elinvoima', 'paakayttaja'];
export const ADMIN: Actor[] = ['paakayttaja'];
/** report*: reportScopeFor: the group and admins everything, a manager the departments they lead, an official nothing (403). */
export const REPORTERS: Actor[] = [...MANAGERS, ...GROUP_ADMIN];

export const adminPage = (params?: (f: Fixture) => Params): Case[] => [{ label: '', params, expect: only(ADMIN) }];

export const EXPECTED: Record<string, Entry> = {
  // requireUser
  '_index.tsx': { kind: 'page', cases: one(staff(200)) },
  'archive.tsx': { kind: 'page', cases: one(staff(200)) },
  'decisions.all.tsx': { kind: 'page', cases: one(staff(200)) },
  'guide._index.tsx': { kind: 'page', cases: one(staff(200)) },
  'guide.principles.$key.tsx': {
    kind: 'page',
    cases: [
      { label: 'a scored principle', params: () => ({ key: 'pienuus' }), expect: staff(200) },
      { label: 'a strategy project', params: () => ({ key: 'jalkauttaminen' }), expect: staff(200) },
      { label: 'an unknown key', params: () => ({ key: 'ei-ole-olemassa' }), expect: staff(404) },
    ],
  },
  // requireSignedIn
  'password.tsx': { kind: 'page', cases: one(staff(200)) },
  // getOptionalUser: public pages
  'accessibility.tsx': { kind: 'page', cases: one(everyone(200)) },
  'privacy.tsx': { kind: 'page', cases: one(everyone(200)) },
  // A kept form after an expired session: without a token of one's own it says there is none (200).
  'resume.tsx': { kind: 'page', cases: one(staff(200)) },
  // A signed-in user is sent on (redirectTo, by default '/').
  'login.tsx': { kind: 'page', cases: one({ ...everyone('redirect'), anonymous: 200 }) },
  // Public; the demo data has no logo (checked in beforeAll): 404 for everyone.
  'logo.tsx': { kind: 'resource', cases: one(everyone(404), 'no logo uploaded') },
  // The benchmark's bare route: requireUser. The route matrix and the every-page test start their
  // servers with LINSSI_BENCH_ROUTE=1; without it the route is 404 for everyone (bench.test.ts).
  'bench.tsx': { kind: 'page', cases: one(staff(200)) },
  // Their loaders only redirect to '/', for anyone.
  'logout.tsx': { kind: 'action-only', cases: one(everyone('redirect')) },
  'language.tsx': { kind: 'action-only', cases: one(everyone('redirect')) },
  // requireRole(official)
  'decisions._index.tsx': { kind: 'page', cases: one(only(OFFICIALS)) },
  'decisions.new.tsx': { kind: 'page', cases: one(only(OFFICIALS)) },
  // requireRole(manager, group, admin)
  'overview.tsx': { kind: 'page', cases: one(only(REPORTERS)) },
  // requireUser + reportScopeFor
  'report.tsx': { kind: 'page', cases: one(only(REPORTERS)) },
  'report[.]csv.tsx': { kind: 'resource', cases: one(only(REPORTERS)) },
  'report[.]docx.tsx': { kind: 'resource', cases: one(only(REPORTERS)) },
  'report[.]json.tsx': { kind: 'resource', cases: one(only(REPORTERS)) },
  'report[.]xlsx.tsx': { kind: 'resource', cases: one(only(REPORTERS)) },
  // requireRole(manager)
  'reviews.tsx': { kind: 'page', cases: one(only(MANAGERS)) },
  'survey._index.tsx': { kind: 'page', cases: one(only(MANAGERS)) },
  'survey.$id.tsx': {
    kind: 'page',
    cases: [
      { label: 'a round', params: (f) => ({ id: String(f.round) }), expect: only(MANAGERS) },
      { label: 'an unknown round', params: () => ({ id: '999999' }), expect: only(MANAGERS, 404) },
    ],
  },
  // requireRole(group, admin)
  'evaluation._index.tsx': { kind: 'page', cases: one(only(GROUP_ADMIN)) },
  'evaluation.$id.tsx': {
    kind: 'page',
    cases: [
      { label: 'a round', params: (f) => ({ id: String(f.round) }), expect: only(GROUP_ADMIN) },
      { label: 'an unknown round', params: () => ({ id: '999999' }), expect: only(GROUP_ADMIN, 404) },
    ],
  },

  // The decision routes: canViewDecision, then judge(action).
  'decisions.$id._index.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 200, elinvoima: 200, paakayttaja: 200, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'tekninen’s submitted one, in a department johtaja leads',
        params: (f) => ({ id: String(f.foreignSubmitted) }),
        expect: { anonymous: 'login', valmistelija: 404, esimies: 404, elinvoima: 200, paakayttaja: 200, tekninen: 200, johtaja: 200 },
      },
      { label: 'a decided, non-confidential one', params: (f) => ({ id: String(f.decided) }), expect: staff(200) },
      {
        label: 'a decided, confidential one',
        params: (f) => ({ id: String(f.confidential) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 200, elinvoima: 200, paakayttaja: 200, tekninen: 404, johtaja: 404 },
      },
      { label: 'an unknown id', params: () => ({ id: '999999' }), expect: staff(404) },
    ],
  },
  'decisions.$id.checklist.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'a decided, non-confidential one (the author: locked, 409)',
        params: (f) => ({ id: String(f.decided) }),
        expect: { anonymous: 'login', valmistelija: 409, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 403, johtaja: 403 },
      },
      {
        label: 'a decided, confidential one',
        params: (f) => ({ id: String(f.confidential) }),
        expect: { anonymous: 'login', valmistelija: 409, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 404, johtaja: 404 },
      },
    ],
  },
  'decisions.$id.edit.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'a decided, non-confidential one',
        params: (f) => ({ id: String(f.decided) }),
        expect: { anonymous: 'login', valmistelija: 409, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 403, johtaja: 403 },
      },
    ],
  },
  'decisions.$id.history.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 200, elinvoima: 200, paakayttaja: 200, tekninen: 404, johtaja: 404 },
      },
      { label: 'a decided, non-confidential one', params: (f) => ({ id: String(f.decided) }), expect: staff(200) },
      {
        label: 'a decided, confidential one',
        params: (f) => ({ id: String(f.confidential) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 200, elinvoima: 200, paakayttaja: 200, tekninen: 404, johtaja: 404 },
      },
    ],
  },
  // judge('approve'): a manager who leads the department and is not the author; from 'submitted' (else 409).
  'decisions.$id.review.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft (not submitted: the manager sees it locked)',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 403, esimies: 409, elinvoima: 403, paakayttaja: 403, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'valmistelija’s submitted one',
        params: (f) => ({ id: String(f.submitted) }),
        expect: { anonymous: 'login', valmistelija: 403, esimies: 200, elinvoima: 403, paakayttaja: 403, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'tekninen’s submitted one, in a department johtaja leads',
        params: (f) => ({ id: String(f.foreignSubmitted) }),
        expect: { anonymous: 'login', valmistelija: 404, esimies: 404, elinvoima: 403, paakayttaja: 403, tekninen: 403, johtaja: 200 },
      },
      {
        label: 'tekninen’s decided, public one (seen by all, reviewed by none)',
        params: (f) => ({ id: String(f.foreignDecided) }),
        expect: { anonymous: 'login', valmistelija: 403, esimies: 403, elinvoima: 403, paakayttaja: 403, tekninen: 403, johtaja: 409 },
      },
    ],
  },
  // judge('decide'): the author or an admin; from 'approved' (else 409).
  'decisions.$id.decision.tsx': {
    kind: 'page',
    cases: [
      {
        label: 'valmistelija’s draft (not approved)',
        params: (f) => ({ id: String(f.draft) }),
        expect: { anonymous: 'login', valmistelija: 409, esimies: 403, elinvoima: 403, paakayttaja: 409, tekninen: 404, johtaja: 404 },
      },
      {
        label: 'valmistelija’s approved one',
        params: (f) => ({ id: String(f.approved) }),
        expect: { anonymous: 'login', valmistelija: 200, esimies: 403, elinvoima: 403, paakayttaja: 200, tekninen: 404, johtaja: 404 },
      },
    ],
  },
  // The loader only sends any signed-in user on to the decision page (which does its own check).
  'decisions.$id.strategy.tsx': {
    kind: 'action-only',
    cases: [{ label: 'valmistelija’s draft', params: (f) => ({ id: String(f.draft) }), expect: staff('redirect') }],
  },

  // Admin pages (admin.tsx, the layout, is the same URL as admin._index): requireRole(admin).
  // admin-access.test.ts covers them in depth (data URLs, every intent); here one row each.
  'admin.tsx': { kind: 'page', cases: adminPage() },
  'admin._index.tsx': { kind: 'page', cases: adminPage() },
  'admin.audit.tsx': { kind: 'page', cases: adminPage() },
  'admin.import.tsx': { kind: 'page', cases: adminPage() },
  'admin.organisation.tsx': { kind: 'page', cases: adminPage() },
  'admin.users._index.tsx': { kind: 'page', cases: adminPage() },
  'admin.users.new.tsx': { kind: 'page', cases: adminPage() },
  'admin.users.$id.tsx': {
    kind: 'page',
    cases: [
      { label: 'valmistelija', params: (f) => ({ id: String(f.user) }), expect: only(ADMIN) },
      { label: 'an unknown user', params: () => ({ id: '999999' }), expect: only(ADMIN, 404) },
    ],
  },
  'admin.strategy._index.tsx': { kind: 'page', cases: adminPage() },
  'admin.strategy.$id._index.tsx': {
    kind: 'page',
    cases: [
      { label: 'the active version', params: (f) => ({ id: String(f.activeVersion) }), expect: only(ADMIN) },
      { label: 'an unknown version', params: () => ({ id: '999999' }), expect: only(ADMIN, 404) },
    ],
  },
  'admin.strategy.$id.preview.tsx': { kind: 'page', cases: adminPage((f) => ({ id: String(f.draftVersion) })) },
  'admin.strategy.$id.export.tsx': { kind: 'resource', cases: adminPage((f) => ({ id: String(f.activeVersion) })) },
  'admin.strategy.$id.dimensions.$dimensionId.tsx': {
    kind: 'page',
    cases: [
      { label: 'of a draft version', params: (f) => ({ id: String(f.draftVersion), dimensionId: String(f.draftDimension) }), expect: only(ADMIN) },
      {
        label: 'of the active version (not editable)',
        params: (f) => ({ id: String(f.activeVersion), dimensionId: String(f.activeDimension) }),
        expect: only(ADMIN, 409),
      },
    ],
  },
  'admin.strategy.$id.principles.$principleId.tsx': {
    kind: 'page',
    cases: [
      { label: 'of a draft version', params: (f) => ({ id: String(f.draftVersion), principleId: String(f.draftPrinciple) }), expect: only(ADMIN) },
      {
        label: 'of the active version (not editable)',
        params: (f) => ({ id: String(f.activeVersion), principleId: String(f.activePrinciple) }),
        expect: only(ADMIN, 409),
      },
    ],
  },
};
