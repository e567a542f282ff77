/**
 * Issue 6, item 14: axe (WCAG 2.0/2.1 A and AA) on every page of the app, in Finnish and in
 * English, as each of the roles official (valmistelija), manager (esimies), group (elinvoima) and
 * admin (paakayttaja), and the public pages anonymously. The pages are read from app/routes (files
 * with a default export); a page file without a row in EXPECTED below fails by name.
 * The table, the URL rules and the ids are copied from test/integration/route-matrix.test.ts
 * (the expectations there were derived from the loaders); here only the cases that give a role
 * 200 are opened in Chromium (and their status is checked again).
 *
 * Item 15: the checklist filled with the keyboard alone (Tab / Shift+Tab, arrow keys, typing,
 * Enter), with and without JavaScript; the error state (error summary focused and linked to the
 * fields, aria-invalid, aria-describedby) and a visible focus on the radios and the textareas.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, reportMissingChromium } from '../support/browser';
import { Client, location } from '../support/client';
import { ROOT } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import {
  PRINCIPLE_KEYS,
  byId,
  clickAndWait,
  createDraftOn,
  dateFromToday,
  expectNoAxeViolations,
  go,
  loggedInPage,
  newPage,
  radioId,
  rationaleId,
  settle,
} from './helpers';

reportMissingChromium();

// ---------------------------------------------------------------------------------------------
// The routes, from the file system.

const ROUTES_DIR = path.join(ROOT, 'app', 'routes');

type Kind = 'page' | 'resource' | 'action-only';

interface RouteFile {
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
function splitSegments(name: string): string[] {
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

const exportsName = (source: string, name: string) =>
  new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+(const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(source);

function intentsOf(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of [/case\s+'([\w-]+)'/g, /intent\s*===\s*'([\w-]+)'/g, /'intent'\)\s*!==\s*'([\w-]+)'/g, /name="intent"\s+value="([\w-]+)"/g]) {
    for (const m of source.matchAll(pattern)) found.add(m[1]!);
  }
  return [...found].sort();
}

function routeFiles(): RouteFile[] {
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

type Params = Record<string, string>;

/**
 * The URL of a flat route (Remix v2): dots → '/', `_index` → nothing, a leading-underscore segment
 * is a pathless layout (nothing), a trailing `_` is dropped, `[x]` → literal x, `$param` → the
 * value in `params`. Throws, naming the file, for a parameter without a value.
 */
function urlOf(route: Pick<RouteFile, 'file' | 'segments'>, params: Params): string {
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

const ROUTES = routeFiles();

// ---------------------------------------------------------------------------------------------
// The expected table.

const ACTORS = ['anonymous', 'valmistelija', 'esimies', 'elinvoima', 'paakayttaja', 'tekninen', 'johtaja'] as const;
type Actor = (typeof ACTORS)[number];

/**
 * 200 · 403 · 404 · 409 (the state does not allow it: a "locked" page) ·
 * 'login': a redirect to /login?redirectTo=<the URL> · 'redirect': a redirect anywhere but /login.
 */
type Expected = 200 | 403 | 404 | 409 | 'login' | 'redirect';
type Row = Record<Actor, Expected>;

interface Fixture {
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

interface Case {
  label: string;
  params?: (f: Fixture) => Params;
  expect: Row;
}

interface Entry {
  /** page: has a default export; resource: a loader and no UI; action-only: an action and no UI. */
  kind: Kind;
  cases: Case[];
}

const everyone = (s: Expected): Row => Object.fromEntries(ACTORS.map((a) => [a, s])) as Row;
/** Anonymous to the login page; each staff member `s`. */
const staff = (s: Expected): Row => ({ ...everyone(s), anonymous: 'login' });
/** Anonymous to the login page; the listed actors 200 (or `ok`), the other staff 403. */
const only = (allowed: Actor[], ok: Expected = 200): Row =>
  Object.fromEntries(ACTORS.map((a) => [a, a === 'anonymous' ? 'login' : allowed.includes(a) ? ok : 403])) as Row;
const one = (expect: Row, label = ''): Case[] => [{ label, expect }];

const OFFICIALS: Actor[] = ['valmistelija', 'tekninen'];
const MANAGERS: Actor[] = ['esimies', 'johtaja'];
const GROUP_ADMIN: Actor[] = ['elinvoima', 'paakayttaja'];
const ADMIN: Actor[] = ['paakayttaja'];
/** report*: reportScopeFor: the group and admins everything, a manager the departments they lead, an official nothing (403). */
const REPORTERS: Actor[] = [...MANAGERS, ...GROUP_ADMIN];

const adminPage = (params?: (f: Fixture) => Params): Case[] => [{ label: '', params, expect: only(ADMIN) }];

const EXPECTED: Record<string, Entry> = {
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
      { label: 'of the active version (not editable)', params: (f) => ({ id: String(f.activeVersion), dimensionId: String(f.activeDimension) }), expect: only(ADMIN, 409) },
    ],
  },
  'admin.strategy.$id.principles.$principleId.tsx': {
    kind: 'page',
    cases: [
      { label: 'of a draft version', params: (f) => ({ id: String(f.draftVersion), principleId: String(f.draftPrinciple) }), expect: only(ADMIN) },
      { label: 'of the active version (not editable)', params: (f) => ({ id: String(f.activeVersion), principleId: String(f.activePrinciple) }), expect: only(ADMIN, 409) },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Known axe violations (page file, role, language, rule). Each is reported as an app bug; the rule
// is left out of that page's check only, with a warning at run time. Empty means none is known.

interface KnownViolation {
  file: string;
  actor: Actor;
  language: Language;
  rule: string;
  note: string;
}
const KNOWN_VIOLATIONS: KnownViolation[] = [];

// ---------------------------------------------------------------------------------------------
// The database (read only) and the ids.

function dbAll<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const dbGet = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => dbAll<T>(sql, ...params)[0];
function userId(username: string): number {
  const row = dbGet<{ id: number }>('SELECT id FROM users WHERE username = ?', username);
  if (!row) throw new Error(`No user ${username}`);
  return row.id;
}
function leads(username: string): number[] {
  return dbAll<{ department_id: number }>("SELECT department_id FROM user_departments WHERE relation = 'lead' AND user_id = ?", userId(username)).map(
    (r) => r.department_id,
  );
}
function pick(what: string, author: string, status: string, confidential: boolean, ledBy: string, notLedBy: string): number {
  const led = leads(ledBy);
  const notLed = leads(notLedBy);
  const row = dbGet<{ id: number }>(
    `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal = 1
      WHERE d.author_id = ? AND a.status = ? AND d.confidential = ?
        AND d.department_id IN (${led.map(() => '?').join(',') || 'NULL'})
        AND d.department_id NOT IN (${notLed.map(() => '?').join(',') || 'NULL'})
      ORDER BY d.id LIMIT 1`,
    userId(author),
    status,
    confidential ? 1 : 0,
    ...led,
    ...notLed,
  );
  if (!row) throw new Error(`The demo data has no ${what}`);
  return row.id;
}

let server: TestServer;
let browser: Browser;
let fixture: Fixture;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
  const elinvoima = await new Client(server.url).login('elinvoima');
  const paakayttaja = await new Client(server.url).login('paakayttaja');
  const opened = await elinvoima.post('/evaluation', {});
  expect(opened.status, 'the group opens a round').toBe(302);
  const round = Number(/^\/evaluation\/(\d+)/.exec(location(opened) ?? '')?.[1]);
  const activeVersion = Number(dbGet<{ id: number }>("SELECT id FROM framework_versions WHERE status = 'active' ORDER BY id LIMIT 1")!.id);
  const copied = await paakayttaja.post('/admin/strategy', { intent: 'copy', versionId: String(activeVersion) });
  expect(copied.status, 'the admin copies the active strategy version').toBe(302);
  const draftVersion = Number(dbGet<{ id: number }>("SELECT MAX(id) AS id FROM framework_versions WHERE status = 'draft'")!.id);
  const firstOf = (table: string, versionId: number) => Number(dbGet<{ id: number }>(`SELECT MIN(id) AS id FROM ${table} WHERE version_id = ?`, versionId)!.id);
  fixture = {
    draft: pick('draft', 'valmistelija', 'draft', false, 'esimies', 'johtaja'),
    submitted: pick('submitted', 'valmistelija', 'submitted', false, 'esimies', 'johtaja'),
    approved: pick('approved', 'valmistelija', 'approved', false, 'esimies', 'johtaja'),
    decided: pick('decided', 'valmistelija', 'decided', false, 'esimies', 'johtaja'),
    confidential: pick('confidential decided', 'valmistelija', 'decided', true, 'esimies', 'johtaja'),
    foreignSubmitted: pick('submitted of tekninen', 'tekninen', 'submitted', false, 'johtaja', 'esimies'),
    foreignDecided: pick('decided of tekninen', 'tekninen', 'decided', false, 'johtaja', 'esimies'),
    round,
    activeVersion,
    activeDimension: firstOf('dimensions', activeVersion),
    activePrinciple: firstOf('principles', activeVersion),
    draftVersion,
    draftDimension: firstOf('dimensions', draftVersion),
    draftPrinciple: firstOf('principles', draftVersion),
    user: userId('valmistelija'),
  };
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state === 'fail' && server) console.log(`--- server log ---\n${server.logs().slice(-4000)}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// Item 14.

type Language = 'fi' | 'en';
const ROLES = ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja'] as const;
const PAGES = ROUTES.filter((r) => r.hasDefault);

/** For an actor: every (file, label, URL) that EXPECTED says gives them 200, one per URL. */
function visitsOf(actor: Actor): Array<{ file: string; label: string; url: string }> {
  const seen = new Set<string>();
  const visits: Array<{ file: string; label: string; url: string }> = [];
  for (const route of PAGES) {
    for (const c of EXPECTED[route.name]?.cases ?? []) {
      if (c.expect[actor] !== 200) continue;
      const url = urlOf(route, c.params ? c.params(fixture) : {});
      if (seen.has(url)) continue;
      seen.add(url);
      visits.push({ file: route.name, label: c.label, url });
    }
  }
  return visits;
}

/** Switches the interface language with the header's buttons ("In English" / "Suomeksi"). */
async function switchLanguage(page: Page, language: Language) {
  await go(page, '/accessibility');
  if ((await page.evaluate(() => document.documentElement.lang)) !== language) {
    await clickAndWait(page, () => page.locator(`.language-switch button[value="${language}"]`).click());
    await page.waitForFunction((want) => document.documentElement.lang === want, language);
  }
  await go(page, '/accessibility');
  expect(await page.evaluate(() => document.documentElement.lang), 'the language after the switch').toBe(language);
}

const counts = { axeRuns: 0 };

/** Opens every visit and runs axe; returns the failures (status or violations), one string each. */
async function checkAll(page: Page, actor: Actor, language: Language, visits: Array<{ file: string; label: string; url: string }>): Promise<string[]> {
  const failures: string[] = [];
  for (const visit of visits) {
    const where = `${visit.file}${visit.label ? ` (${visit.label})` : ''} as ${actor} in ${language}`;
    const response = await go(page, visit.url);
    if (response?.status() !== 200) {
      failures.push(`${where}: GET ${visit.url} → ${response?.status()} (expected 200)`);
      continue;
    }
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== language) failures.push(`${where}: <html lang="${lang}">, expected ${language}`);
    const known = KNOWN_VIOLATIONS.filter((k) => k.file === visit.file && k.actor === actor && k.language === language);
    counts.axeRuns++;
    try {
      if (known.length === 0) await expectNoAxeViolations(page, where);
      else {
        console.warn(`KNOWN_VIOLATIONS: ${where}: rules ${known.map((k) => k.rule).join(', ')} not checked (${known.map((k) => k.note).join('; ')})`);
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .disableRules(known.map((k) => k.rule))
          .analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe violations on ${where}`).toEqual([]);
      }
    } catch (error) {
      failures.push((error as Error).message.split('\n\n')[0]!);
    }
  }
  return failures;
}

describe.runIf(hasChromium)('item 14: axe on every page, both languages, every role', () => {
  it('every page file (default export) has a row in EXPECTED, and every row names a page file', () => {
    const names = PAGES.map((r) => r.name);
    expect(names.filter((n) => !EXPECTED[n]), 'page files without a row here (add the URL and who gets 200)').toEqual([]);
    const pageRows = Object.keys(EXPECTED).filter((k) => EXPECTED[k]!.kind === 'page');
    expect(pageRows.filter((k) => !names.includes(k)), 'page rows without a page file').toEqual([]);
    // A file with a default export is a page; a row of another kind for it would skip it here.
    expect(names.filter((n) => EXPECTED[n] && EXPECTED[n]!.kind !== 'page'), 'page files whose row is not of kind page').toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(35);
  });

  it('every page file is opened by at least one role or anonymously', () => {
    // admin.tsx (the layout) is the same URL as admin._index.tsx: it is opened with it.
    const opened = new Set(
      PAGES.filter((r) => (EXPECTED[r.name]?.cases ?? []).some((c) => [...ROLES, 'anonymous' as const].some((a) => c.expect[a] === 200))).map((r) => r.name),
    );
    expect(PAGES.map((r) => r.name).filter((n) => !opened.has(n)), 'page files no one gets 200 for').toEqual([]);
  });

  it.each([...ROLES])('as %s: every page it gets 200 for, in Finnish and in English: 0 violations', async (actor) => {
    const visits = visitsOf(actor);
    expect(visits.length).toBeGreaterThan(5);
    const { context, page } = await loggedInPage(browser, server.url, actor);
    page.on('dialog', (d) => void d.accept());
    try {
      const failures: string[] = [];
      await switchLanguage(page, 'fi');
      failures.push(...(await checkAll(page, actor, 'fi', visits)));
      await switchLanguage(page, 'en');
      failures.push(...(await checkAll(page, actor, 'en', visits)));
      await switchLanguage(page, 'fi');
      console.log(`${actor}: ${visits.length} pages × 2 languages checked`);
      expect(failures, `failures as ${actor}`).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('anonymously: the public pages (login, accessibility, privacy), in Finnish and in English: 0 violations', async () => {
    const visits = visitsOf('anonymous');
    expect(visits.map((v) => v.url).sort()).toEqual(['/accessibility', '/login', '/privacy']);
    const { context, page } = await newPage(browser, { baseURL: server.url });
    try {
      const failures: string[] = [];
      await switchLanguage(page, 'fi');
      failures.push(...(await checkAll(page, 'anonymous', 'fi', visits)));
      await switchLanguage(page, 'en');
      failures.push(...(await checkAll(page, 'anonymous', 'en', visits)));
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Item 15.

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, what: string, options: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (options.max ?? 40); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  const at = await page.evaluate(() => `${document.activeElement?.tagName} #${document.activeElement?.id}`);
  throw new Error(`Tab did not reach ${what} (${selector}); the focus is on ${at}`);
}

/** The focused element shows a focus indicator: an outline or a box shadow. */
async function focusIsVisible(page: Page): Promise<{ ok: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    return { ok: outline || shadow, what: `${el.tagName}#${el.id} outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}` };
  });
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/**
 * Fills one principle with the keyboard: from where the focus is, Tab to its radio group, arrow
 * keys to the answer '1' (the second option: Right from the first), Tab to the rationale, typing.
 * Returns the focus checks.
 */
async function fillByKeyboard(page: Page, key: string, rationale: string, problems: string[]) {
  const radios = `input[type="radio"][name="answers.${key}.answer"]`;
  await tabTo(page, radios, `the radio group of ${key}`);
  const radioFocus = await focusIsVisible(page);
  if (!radioFocus.ok) problems.push(`no visible focus on the radio of ${key}: ${radioFocus.what}`);
  // Tab into a group without a choice lands on its first option ('2'); Right chooses the next ('1').
  await page.keyboard.press('ArrowRight');
  if ((await focusedId(page)) !== radioId(key, '1')) {
    // Already chosen (the focus lands on the chosen one): go to the first and one step right.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
  }
  expect(await page.locator(byId(radioId(key, '1'))).isChecked(), `${key}: the arrow key chose '1'`).toBe(true);
  await tabTo(page, `textarea[id="${rationaleId(key)}"]`, `the rationale of ${key}`, { max: 3 });
  const textFocus = await focusIsVisible(page);
  if (!textFocus.ok) problems.push(`no visible focus on the rationale of ${key}: ${textFocus.what}`);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (rationale) await page.keyboard.type(rationale);
}

const SUBMIT = 'button[type="submit"][name="intent"][value="submit"]';

describe.runIf(hasChromium)('item 15: the checklist with the keyboard alone', () => {
  it.each([true, false])('JavaScript %s: every principle is answered, an error is announced, and the checklist is sent', async (js) => {
    const { context, page } = await loggedInPage(browser, server.url, 'valmistelija', { javaScriptEnabled: js });
    page.on('dialog', (d) => void d.accept());
    const problems: string[] = [];
    try {
      const id = await createDraftOn(page, `Näppäimistöllä täytetty (${js ? 'JS' : 'ei JS'})`, dateFromToday(30));
      await go(page, `/decisions/${id}/checklist`);
      expect(PRINCIPLE_KEYS.length).toBe(7);
      const missing = PRINCIPLE_KEYS[2]!;
      // Start from the top of the page.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (const key of PRINCIPLE_KEYS) await fillByKeyboard(page, key, key === missing ? '' : `Perustelu periaatteelle ${key}, kirjoitettu näppäimistöllä.`, problems);
      // One rationale missing: send, and the errors are announced.
      await tabTo(page, SUBMIT, '"Lähetä tarkastettavaksi"');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Lähetä tarkastettavaksi');
      await clickAndWait(page, () => page.keyboard.press('Enter'));
      await settle(page);
      expect(new URL(page.url()).pathname, 'a refused submit stays on the checklist').toBe(`/decisions/${id}/checklist`);
      const summary = page.locator('.error-summary');
      expect(await summary.count(), 'the error summary is shown').toBe(1);
      const beforeForm = await page.evaluate(() => {
        const s = document.querySelector('.error-summary');
        const first = document.querySelector('form.checklist fieldset.scale');
        return Boolean(s && first && s.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      expect(beforeForm, 'the error summary is above the fields').toBe(true);
      if (js) {
        await page.waitForFunction(() => Boolean(document.activeElement?.closest('.error-summary')));
      }
      const field = rationaleId(missing);
      const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs, 'the summary links to the missing rationale only').toEqual([`#${field}`]);
      const textarea = page.locator(byId(field));
      expect(await textarea.getAttribute('aria-invalid')).toBe('true');
      expect((await textarea.getAttribute('aria-describedby')) ?? '').toContain(`${field}-error`);
      expect(await page.locator(byId(`${field}-error`)).count(), 'the error text exists').toBe(1);
      expect((await page.locator(byId(`${field}-error`)).innerText()).trim()).not.toBe('');
      // The answers chosen with the keyboard were kept.
      for (const key of PRINCIPLE_KEYS) expect(await page.locator(byId(radioId(key, '1'))).isChecked(), key).toBe(true);

      // The summary's link takes the focus to the field (Tab to it, Enter), and the rationale is typed.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(page, `.error-summary a[href="#${field}"]`, 'the error summary link');
      await page.keyboard.press('Enter');
      await page.waitForFunction((f) => document.activeElement?.id === f, field, { timeout: 3000 }).catch(() => undefined);
      if ((await focusedId(page)) !== field) {
        problems.push(`the error summary link #${field} did not move the focus to the field (focus on #${await focusedId(page)})`);
        // Reach the field with Shift+Tab from the summary's radio group instead.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await tabTo(page, `textarea[id="${field}"]`, `the rationale of ${missing}`, { max: 80 });
      }
      await page.keyboard.type('Perustelu lisätty virheilmoituksen jälkeen.');
      // Back to the submit button with Tab and Enter.
      await tabTo(page, SUBMIT, '"Lähetä tarkastettavaksi"', { max: 80 });
      await clickAndWait(page, () => page.keyboard.press('Enter'), new RegExp(`/decisions/${id}\\?notice=submitted`));
      await settle(page);
      expect(new URL(page.url()).search).toBe('?notice=submitted');
      const status = dbGet<{ status: string }>('SELECT status FROM assessments WHERE decision_id = ? AND is_proposal = 1', id)!.status;
      expect(status).toBe('submitted');
      expect(problems, 'keyboard and focus problems').toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
