/**
 * Every action's input through its schema. A property-based test (fast-check)
 * posts thousands of random and hostile form bodies to every route that exports an action:
 * missing and repeated fields, 100 000-character strings, numbers where text belongs and text
 * where numbers belong, SQL and HTML fragments, NUL bytes, lone surrogates, bidi controls,
 * unknown intents, invalid percent-encoding and invalid UTF-8 in the raw body, multipart bodies
 * (with files where the route takes them) and broken ones.
 *
 * The claims: the server never answers 500 (or more); a refused form page always shows a message;
 * after the run no row in the database breaks the domain's rules; and markup typed into a
 * decision comes back escaped.
 *
 * The routes are found by reading app/routes, so a new action without a fuzz specification fails
 * the first test. A failing run prints the shrunk request (long strings abbreviated) and the
 * server's log for its request id; the full body is also written under .tmp/fuzz-failures/.
 *
 * How many runs, from which seed: on SQLite each specification's own number of runs; on
 * PostgreSQL (npm run test:pg, after npm test in CI) a third of them: the inputs are the same on
 * both, and what PostgreSQL adds, its own types, lengths and errors, is reached by a third. Every
 * run starts from a new seed, printed first, so that runs over time reach more inputs than one
 * fixed seed would. Environment:
 *   FUZZ_RUNS=<share>  the share of each specification's runs (1 = all of them; 0.1 for a quick look)
 *   FUZZ_SEED=<n>      replay a run: the seed it printed (or that fast-check printed on failure)
 *   FUZZ_PATH=<path>   with FUZZ_SEED and -t '<the failing test's name>': only the shrunk case
 *                      fast-check printed ("path").
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { onPostgres, sqliteViewOf } from '../support/test-db';
import {
  Client,
  PROJECT_KEYS,
  SCORED_KEYS,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  draftIn,
  htmlOf,
  location,
  organisation,
  showServerLogsOnFailure,
  statusOf,
  versionOf,
  visibleText,
} from './helpers';

// ---------------------------------------------------------------------------------------------
// The routes with an action, read from the source.

const ROUTES_DIR = path.resolve(import.meta.dirname, '..', '..', 'app', 'routes');
const ACTION_EXPORT = /export (async )?function action|export const action/;

function actionRoutes(): string[] {
  return fs
    .readdirSync(ROUTES_DIR, { withFileTypes: true })
    .flatMap((entry) => {
      // A route may also be a folder with route.tsx in it.
      if (entry.isDirectory()) {
        const file = ['route.tsx', 'route.ts', 'route.jsx', 'route.js'].map((f) => path.join(ROUTES_DIR, entry.name, f)).find((f) => fs.existsSync(f));
        return file && ACTION_EXPORT.test(fs.readFileSync(file, 'utf8')) ? [entry.name] : [];
      }
      if (!/\.(tsx|ts|jsx|js)$/.test(entry.name)) return [];
      return ACTION_EXPORT.test(fs.readFileSync(path.join(ROUTES_DIR, entry.name), 'utf8')) ? [entry.name.replace(/\.(tsx|ts|jsx|js)$/, '')] : [];
    })
    .sort();
}

/** Remix v2 flat routes: dots are slashes ([.] is a dot), _index and pathless `_x` segments vanish, $param is a value. */
function urlOf(route: string, params: Record<string, string>): string {
  const segments: string[] = [];
  let current = '';
  let escaped = false;
  for (const ch of route) {
    if (ch === '[') escaped = true;
    else if (ch === ']') escaped = false;
    else if (ch === '.' && !escaped) {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  const parts = segments
    .filter((s) => s !== '_index' && !s.startsWith('_'))
    .map((s) => s.replace(/_$/, ''))
    .map((s) => {
      if (!s.startsWith('$')) return s;
      const value = params[s.slice(1)];
      if (value === undefined) throw new Error(`No value for ${s} in ${route}`);
      return encodeURIComponent(value);
    });
  return `/${parts.join('/')}`;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const HUGE = 'x'.repeat(100_000);
const HUGE_UNICODE = 'Ä€😀'.repeat(25_000);
const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

const hostileConstants = [
  '',
  ' ',
  '\t\n\r\n',
  HUGE,
  HUGE_UNICODE,
  `'; DROP TABLE decisions; --`,
  `" OR 1=1 --`,
  `1; DELETE FROM users`,
  XSS,
  IMG,
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(1000),
  '\uD800',
  'x\uDFFFy',
  '\u202E\u2066evil\u2069\u202C',
  '\u200B\uFEFF\u00AD',
  '\u0007\u001b[31m\u007f',
  '0',
  '-1',
  '-0',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '2147483648',
  '3.5',
  '0x1F',
  '１２３',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"__proto__":{"admin":true}}',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  '%00',
  '%E2%80%AE',
  '${7*7}',
  '{{7*7}}',
  '\r\n\r\nX-Injected: 1',
  '🏳️‍🌈'.repeat(2000),
  'e\u0301'.repeat(5000),
  '2026-02-30',
  '31.2.2026',
  '0.0.0000',
  '1.1.99999',
  '9999-12-31',
  '0000-01-01',
  '//evil.example',
  'https://evil.example/',
  '/\\evil.example',
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...hostileConstants) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Text a person could type: letters, Finnish, digits, punctuation, now and then long. */
const plainText = (max = 80): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('Koulun peruskorjaus', 'Päätös 2026', 'Ääni ja öljy', 'Tie nro 5', 'Å', 'Perustelu: vaikutus on myönteinen.'),
    fc.string({ minLength: 1, maxLength: max }),
  );

const dates = fc.oneof(
  fc.constantFrom('17.12.2026', '1.1.2027', '2026-12-17', '29.2.2028', '15.3.2026'),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

// ---------------------------------------------------------------------------------------------
// Form bodies.

interface TextPart {
  name: string;
  value: string;
}
interface FilePart {
  name: string;
  filename: string;
  type: string;
  bytes: Uint8Array;
}
type Part = TextPart | FilePart;
const isFile = (p: Part): p is FilePart => 'bytes' in p;

/** How the body goes on the wire. */
type Encoding =
  | { kind: 'urlencoded' }
  | { kind: 'raw'; junk: Array<{ at: number; bytes: number[] }> }
  | { kind: 'multipart'; broken: 'no' | 'noEnd' | 'noBoundaryParam' | 'badHeaders' | 'truncated' };

/** A field's parts at a hostility level: 0 is a valid-looking form, 3 is mostly hostile. */
type FieldArb = (level: number) => fc.Arbitrary<Part[]>;

function field(name: string, valid: fc.Arbitrary<string>): FieldArb {
  return (level) =>
    level === 0
      ? valid.map((value) => [{ name, value }])
      : fc.oneof(
          { weight: 10, arbitrary: valid.map((value) => [{ name, value }]) },
          { weight: 2 * level, arbitrary: hostile.map((value) => [{ name, value }]) },
          { weight: level, arbitrary: fc.constant<Part[]>([]) },
          {
            weight: level,
            arbitrary: fc.array(fc.oneof(valid, hostile), { minLength: 2, maxLength: 3 }).map((values) => values.map((value) => ({ name, value }))),
          },
        );
}

/** A group of checkboxes (or a multi-select): any subset of the options, plus hostile values above level 0. */
function list(name: string, options: string[]): FieldArb {
  return (level) =>
    (level === 0 ? fc.subarray(options) : fc.tuple(fc.subarray(options), fc.array(hostile, { maxLength: level })).map(([a, b]) => [...a, ...b])).map((values) =>
      values.map((value) => ({ name, value })),
    );
}

/** A field that is sometimes there (a checkbox). */
function optional(name: string, valid: fc.Arbitrary<string>): FieldArb {
  return (level) => fc.option(field(name, valid)(level), { nil: undefined, freq: 2 }).map((parts) => parts ?? []);
}

const extraNames = fc.oneof(
  fc.constantFrom('intent', 'version', 'id', '__proto__', 'constructor', '_data', '_action', 'answers.x.answer', '', 'title[]', 'a'.repeat(5000)),
  fc.string({ maxLength: 12 }),
);
const extras = (level: number): fc.Arbitrary<Part[]> =>
  level === 0 ? fc.constant([]) : fc.array(fc.record({ name: extraNames, value: hostile }), { maxLength: level });

function fileArb(name: string, contents: fc.Arbitrary<Uint8Array>): FieldArb {
  return (level) =>
    fc
      .record({
        filename:
          level === 0
            ? fc.constantFrom('tiedosto.csv', 'logo.png', 'strategia.json')
            : fc.oneof(fc.constantFrom('a.csv', '', '../../etc/passwd', XSS, 'ä.png'), hostile),
        type: fc.constantFrom('application/octet-stream', 'text/csv', 'image/png', 'application/json', 'text/html', ''),
        bytes: level === 0 ? contents : fc.oneof(contents, fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(0))),
      })
      .map((f) => [{ name, ...f }]);
}

const junkBytes = fc.constantFrom(
  ...['%', '%Z', '%G0', '%C3', '%C3%28', '%ED%A0%80', '%F4%90%80%80', '%C0%AF', '%FF%FE', '%00', '&', '=', '&=&', '%%%', '+', '%u0041'].map((s) => [
    ...Buffer.from(s),
  ]),
  [0xff],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xc0, 0x80],
  [0x00],
  [0xfe, 0xff, 0x00, 0x3c],
);

type Broken = Extract<Encoding, { kind: 'multipart' }>['broken'];
/** Multipart bodies a browser never sends: cut short, without the closing boundary or the boundary parameter, with bad part headers. */
const brokenMultipart: fc.Arbitrary<Encoding> = fc.record({
  kind: fc.constant('multipart' as const),
  broken: fc.constantFrom<Broken>('noEnd', 'noBoundaryParam', 'badHeaders', 'truncated'),
});

/**
 * How a route's bodies are sent: mostly as a browser would, some with junk bytes in the raw body,
 * some as multipart. Broken multipart only to the routes that take files (and parse multipart
 * themselves); the other routes get it in a test of their own below.
 */
function encodingArb(takesFiles: boolean): fc.Arbitrary<Encoding> {
  const multipart = takesFiles
    ? fc.oneof({ weight: 3, arbitrary: fc.constant({ kind: 'multipart' as const, broken: 'no' as const }) }, { weight: 2, arbitrary: brokenMultipart })
    : fc.constant({ kind: 'multipart' as const, broken: 'no' as const });
  return fc.oneof(
    { weight: takesFiles ? 2 : 8, arbitrary: fc.constant({ kind: 'urlencoded' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        junk: fc.array(fc.record({ at: fc.nat(), bytes: junkBytes }), { minLength: 1, maxLength: 4 }),
      }),
    },
    { weight: takesFiles ? 8 : 1, arbitrary: multipart },
  );
}

interface FormBody {
  level: number;
  parts: Part[];
  encoding: Encoding;
}

/** Long strings and bytes shortened, for the failure message and fast-check's counterexample. */
function abbreviate(value: string): string {
  if (value.length <= 120) return JSON.stringify(value);
  const distinct = new Set(value).size;
  return distinct <= 3 ? `${JSON.stringify(value.slice(0, 12))}… (${value.length} chars)` : `${JSON.stringify(value.slice(0, 80))}… (${value.length} chars)`;
}
function describeBody(body: FormBody): string {
  const parts = body.parts.map((p) =>
    isFile(p)
      ? `${p.name}=<file ${abbreviate(p.filename)} ${p.type || '(no type)'} ${p.bytes.length} bytes: ${abbreviate(Buffer.from(p.bytes.slice(0, 200)).toString('latin1'))}>`
      : `${abbreviate(p.name)}=${abbreviate(p.value)}`,
  );
  return `level ${body.level}, ${JSON.stringify(body.encoding)}\n    ${parts.join('\n    ')}`;
}

function formBody(fields: FieldArb[], takesFiles = false): fc.Arbitrary<FormBody> {
  return fc
    .integer({ min: 0, max: 3 })
    .chain((level) =>
      fc.record({
        level: fc.constant(level),
        parts: fc.tuple(...fields.map((f) => f(level)), extras(level)).map((groups) => groups.flat()),
        encoding: encodingArb(takesFiles),
      }),
    )
    .map((body) => Object.assign(body, { [fc.toStringMethod]: () => describeBody(body) }));
}

/** Replaces {{token}} in a text with the value resolved just before the request. */
function substitute(text: string, tokens: Record<string, string>): string {
  return text.includes('{{') ? text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => tokens[name] ?? whole) : text;
}

function urlencode(parts: Part[]): string {
  const params = new URLSearchParams();
  for (const p of parts) params.append(p.name, isFile(p) ? Buffer.from(p.bytes).toString('latin1') : p.value);
  return params.toString();
}

function wire(body: FormBody, tokens: Record<string, string>): { bytes: Buffer; contentType: string } {
  const parts = body.parts.map((p) =>
    isFile(p) ? { ...p, name: substitute(p.name, tokens) } : { name: substitute(p.name, tokens), value: substitute(p.value, tokens) },
  );
  const { encoding } = body;
  if (encoding.kind === 'urlencoded') return { bytes: Buffer.from(urlencode(parts)), contentType: 'application/x-www-form-urlencoded' };
  if (encoding.kind === 'raw') {
    let bytes = Buffer.from(urlencode(parts));
    for (const { at, bytes: junk } of encoding.junk) {
      const i = bytes.length === 0 ? 0 : at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(junk), bytes.subarray(i)]);
    }
    return { bytes, contentType: 'application/x-www-form-urlencoded' };
  }
  const boundary = `----linssifuzz${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const name = p.name.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (encoding.broken === 'badHeaders') chunks.push(Buffer.from('Content-Disposition: form-data; name\r\nX: \u00ff\r\n'));
    if (isFile(p)) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"; filename="${p.filename.replace(/"/g, '%22').replace(/\r|\n/g, ' ')}"\r\n`));
      if (p.type) chunks.push(Buffer.from(`Content-Type: ${p.type}\r\n`));
      chunks.push(Buffer.from('\r\n'), Buffer.from(p.bytes), Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(p.value), Buffer.from('\r\n'));
    }
  }
  if (encoding.broken !== 'noEnd') chunks.push(Buffer.from(`--${boundary}--\r\n`));
  let bytes = Buffer.concat(chunks);
  if (encoding.broken === 'truncated') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
  return { bytes, contentType: encoding.broken === 'noBoundaryParam' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------------------------------------
// Sending, and what every answer must be.

let server: TestServer;
showServerLogsOnFailure(() => server);

type Role = 'official' | 'manager' | 'group' | 'admin' | 'other' | 'anonymous';
const clients = {} as Record<Exclude<Role, 'anonymous'>, Client>;
const clientOf = (role: Role) => (role === 'anonymous' ? new Client(server.url) : clients[role]);
const cookieHeader = (client: Client) => [...(client as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');

const stats = { requests: 0, retries: 0, byRoute: new Map<string, Map<number, number>>(), messageChecks: 0 };

/** The share of each specification's runs (see the top of the file). */
const RUN_SHARE = Number(Number(process.env.FUZZ_RUNS || (onPostgres ? 1 / 3 : 1)).toFixed(4));
const runsOf = (runs: number) => Math.max(10, Math.round(runs * RUN_SHARE));
/** fast-check's seed: a 32-bit integer, new on every run unless FUZZ_SEED replays one. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : crypto.randomInt(0x7fffffff);
const replay = { seed: SEED, ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) };
const replayHint = `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUN_SHARE}${onPostgres ? ' npm run test:pg -- --no-build' : ' npx vitest run --project integration'} test/integration/fuzz.test.ts`;
let failureNumber = 0;

function tally(route: string, status: number) {
  stats.requests++;
  const byStatus = stats.byRoute.get(route) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  stats.byRoute.set(route, byStatus);
}

/** A visible message on a refused page: an error summary, a field's error, a notice, or the error page. */
const ERROR_HEADINGS = [
  'Tapahtui virhe',
  'Sivua ei löytynyt',
  'Ei käyttöoikeutta',
  'Toimintoa ei voi tehdä',
  'An error occurred',
  'Page not found',
  'No access',
  'Action not possible',
];
function hasMessage(html: string): boolean {
  if (/class="[^"]*\b(error-summary|field__error|notice)\b/.test(html)) return true;
  const heading = /<main\b[^>]*>[\s\S]*?<h1\b[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
  return heading !== undefined && ERROR_HEADINGS.includes(heading);
}

/**
 * One POST. A connection the server closed after answering a large body early (413) may be
 * picked up again by fetch's pool and reset: such a request never reached the server, and is
 * sent once more. A second reset is a failure (the server may have died).
 */
async function post(url: string, headers: Record<string, string>, bytes: Uint8Array): Promise<Response> {
  const once = () => fetch(url, { method: 'POST', headers, body: new Uint8Array(bytes), redirect: 'manual' });
  try {
    return await once();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET' && code !== 'EPIPE') throw error;
    stats.retries++;
    return await once();
  }
}

async function send(route: string, role: Role, urlPath: string, body: FormBody, tokens: Record<string, string>, extraHeaders: Record<string, string> = {}) {
  const client = clientOf(role);
  const { bytes, contentType } = wire(body, tokens);
  const response = await post(server.url + urlPath, { Cookie: cookieHeader(client), 'Content-Type': contentType, Origin: server.url, ...extraHeaders }, bytes);
  const html = await htmlOf(response);
  tally(route, response.status);
  const problem =
    response.status >= 500
      ? `answered ${response.status}`
      : response.status >= 400 && (response.headers.get('content-type') ?? '').includes('text/html') && !hasMessage(html)
        ? `answered ${response.status} with a page that shows no message`
        : null;
  if (problem) {
    const dir = path.join(TMP, 'fuzz-failures');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${process.pid}-${++failureNumber}.body`);
    fs.writeFileSync(file, bytes);
    const requestId = response.headers.get('x-request-id') ?? '';
    const log = server
      .logs()
      .split('\n')
      .filter((line, i, lines) => requestId && (line.includes(requestId) || lines.slice(Math.max(0, i - 3), i).some((l) => l.includes(requestId))))
      .join('\n')
      .slice(0, 3000);
    throw new Error(
      `POST ${urlPath} as ${role} ${problem} (request ${requestId})\n` +
        `  Content-Type: ${contentType}\n  body (${bytes.length} bytes, saved as ${file}):\n    ${describeBody(body)}\n` +
        `  tokens: ${JSON.stringify(tokens)}\n  server log:\n${log}\n  page (main, as text): ${visibleText(/<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html).slice(0, 800)}`,
    );
  }
  if (response.status >= 400 && (response.headers.get('content-type') ?? '').includes('text/html')) stats.messageChecks++;
  return response;
}

// ---------------------------------------------------------------------------------------------
// Setting up the things the actions act on.

let org: Awaited<ReturnType<typeof organisation>>;
let fields: ReturnType<typeof draftFields>;
let editDraft = 0;
let checklistDraft = 0;
let reviewTarget = 0;
let roundId = 0;
let questionKeys: string[] = [];
let targetUserId = 0;
let fuzzBodyId = 0;
let fuzzDepartmentId = 0;
let departmentIds: string[] = [];
let frameworkExport = '';

const newDraft = () => createDecision(clients.official, fields);

/** An own draft of the official's that may still be edited (a submit by the fuzzer moves it on). */
async function editable(current: number): Promise<number> {
  return ['draft', 'returned'].includes(statusOf(server, current)) ? current : newDraft();
}

async function draftVersionId(): Promise<number> {
  const row = dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE status = 'draft' ORDER BY id DESC LIMIT 1");
  if (row) return row.id;
  const res = await clients.admin.post('/admin/strategy', { intent: 'copy', versionId: '1' });
  expect(res.status, 'copy a strategy version').toBe(302);
  return Number(/\/admin\/strategy\/(\d+)/.exec(location(res) ?? '')![1]);
}

const idsOf = (sql: string, ...params: unknown[]) => dbAll<{ id: number }>(server, sql, ...params).map((r) => String(r.id));
const BAD_IDS = ['0', '-1', 'abc', '1.5', '999999999', '99999999999999999999', ' 1', '1 OR 1=1', '%2e%2e', 'new'];

// ---------------------------------------------------------------------------------------------
// The specification of every action: who may use it, its URL's parameters, its fields.

interface Spec {
  as: Role;
  runs: number;
  /** Values for {{tokens}} in the parameters and fields, resolved before each request. */
  prepare?: () => Promise<Record<string, string>>;
  params?: () => fc.Arbitrary<Record<string, string>>;
  body: () => fc.Arbitrary<FormBody>;
}

const dateText = fc.oneof(dates, fc.constantFrom('', '17.12.2026'));

function decisionFields(): FieldArb[] {
  return [
    field('title', plainText(300)),
    field('caseNumber', fc.constantFrom('', 'VES/123/2019', 'SIV 12/2026', 'A-1.2:3_4')),
    field('bodyId', fc.constantFrom(...org.bodies.values())),
    field('departmentId', fc.constantFrom(...org.departments.values())),
    field('meetingDate', dateText),
    field('description', plainText(2000)),
    optional('confidential', fc.constantFrom('on', 'off')),
  ];
}

function checklistFields(): FieldArb[] {
  const answer = fc.constantFrom('2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap', '', '3', '+1', '−1', '1.0');
  return [
    field('version', fc.constantFrom('{{version}}', '{{version}}', '1', '0')),
    ...SCORED_KEYS.flatMap((key) => [
      field(`answers.${key}.answer`, answer),
      field(`answers.${key}.rationale`, plainText(200)),
      field(`answers.${key}.mitigation`, fc.oneof(fc.constant(''), plainText(200))),
    ]),
    list('projects', [...PROJECT_KEYS, ...SCORED_KEYS.slice(0, 1)]),
    field('intent', fc.constantFrom('save', 'submit', 'routine', 'save', 'submit', 'delete')),
    optional('routineRationale', plainText(200)),
  ];
}

const specs: Record<string, Spec> = {
  login: {
    as: 'anonymous',
    // Each login with a well-formed name hashes a password: slow on purpose, so fewer runs.
    runs: 80,
    body: () =>
      formBody([
        // A fresh name each time (the 11th failure for a name is refused), now and then a real one with its password.
        field(
          'username',
          fc.oneof(
            fc.uuid().map((u) => `fuzz-${u.slice(0, 8)}`),
            fc.constantFrom('valmistelija', 'VALMISTELIJA '),
          ),
        ),
        field('password', fc.constantFrom('valmistelija-demo', 'väärä', '', HUGE)),
        optional('redirectTo', fc.constantFrom('/decisions', '//evil.example', 'https://evil.example', '/\\evil', 'javascript:alert(1)')),
      ]),
  },
  logout: {
    as: 'anonymous',
    runs: 40,
    body: () => formBody([]),
  },
  // The benchmark's bare route (ADR 013): reads the form and redirects, whatever it holds.
  bench: {
    as: 'other',
    runs: 40,
    body: () => formBody([field('intent', fc.constantFrom('save', '', 'x')), field('text', hostile)]),
  },
  language: {
    as: 'other',
    runs: 100,
    body: () =>
      formBody([
        field('language', fc.constantFrom('fi', 'en', 'sv', 'FI', '')),
        field('redirectTo', fc.constantFrom('/', '/decisions', '//evil.example', 'https://evil.example/x', '/\\\\evil')),
      ]),
  },
  password: {
    as: 'other',
    runs: 120,
    body: () =>
      formBody([
        field('currentPassword', fc.constantFrom('perusturva-demo', 'väärä', '')),
        field('newPassword', fc.constantFrom('uusi-salasana-2026', 'lyhyt', 'perusturva-demo', HUGE)),
        field('repeatPassword', fc.constantFrom('uusi-salasana-2026', 'lyhyt', 'eri')),
        optional('redirectTo', fc.constantFrom('/decisions', '//evil.example', '/password')),
      ]),
  },
  'decisions.new': {
    as: 'official',
    runs: 300,
    body: () => formBody([...decisionFields(), optional('copyFrom', fc.oneof(fc.constantFrom('{{own}}', '1', '58'), fc.constantFrom(...BAD_IDS)))]),
    prepare: async () => ({ own: String(editDraft) }),
  },
  'decisions.$id.edit': {
    as: 'official',
    runs: 250,
    prepare: async () => {
      editDraft = await editable(editDraft);
      return { id: String(editDraft), version: String(versionOf(server, editDraft)) };
    },
    body: () => formBody([...decisionFields(), field('version', fc.constantFrom('{{version}}', '{{version}}', '0', '1'))]),
  },
  'decisions.$id.checklist': {
    as: 'official',
    runs: 350,
    prepare: async () => {
      checklistDraft = await editable(checklistDraft);
      return { id: String(checklistDraft), version: String(versionOf(server, checklistDraft)) };
    },
    body: () => formBody(checklistFields()),
  },
  'decisions.$id.strategy': {
    as: 'official',
    runs: 80,
    prepare: async () => {
      checklistDraft = await editable(checklistDraft);
      return { id: String(checklistDraft), version: String(versionOf(server, checklistDraft)) };
    },
    body: () => formBody([field('version', fc.constantFrom('{{version}}', '1')), field('target', fc.constantFrom('1', '2', '0', '{{version}}'))]),
  },
  'decisions.$id.review': {
    as: 'manager',
    runs: 200,
    prepare: async () => {
      if (statusOf(server, reviewTarget) !== 'submitted') reviewTarget = await draftIn(server, 'submitted', clients.official, clients.manager, fields);
      return { id: String(reviewTarget), version: String(versionOf(server, reviewTarget)) };
    },
    body: () =>
      formBody([
        field('version', fc.constantFrom('{{version}}', '{{version}}', '0')),
        field('intent', fc.constantFrom('approve', 'return', 'return', 'reject')),
        field('comment', fc.oneof(fc.constant(''), plainText(500))),
        ...SCORED_KEYS.slice(0, 3).map((key) => optional(`principleComments.${key}`, plainText(300))),
      ]),
  },
  'decisions.$id.decision': {
    as: 'official',
    runs: 150,
    prepare: async () => {
      const approved = dbGet<{ id: number }>(
        server,
        "SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id JOIN users u ON u.id = d.author_id WHERE a.status = 'approved' AND u.username = 'valmistelija' ORDER BY d.id DESC LIMIT 1",
      );
      const id = approved?.id ?? (await draftIn(server, 'approved', clients.official, clients.manager, fields));
      return { id: String(id), version: String(versionOf(server, id)) };
    },
    body: () =>
      formBody([
        field('version', fc.constantFrom('{{version}}', '{{version}}', '0')),
        field('outcome', fc.constantFrom('approved', 'amended', 'rejected', 'tabled', 'returned_for_preparation', 'hyväksytty')),
        field('minutesSection', fc.constantFrom('45', '§ 12', '1', '12345678901234567', '')),
        field('meetingDate', dateText),
      ]),
  },
  'evaluation._index': {
    as: 'group',
    runs: 80,
    body: () => formBody([field('from', dates), field('to', dates)]),
  },
  'evaluation.$id': {
    as: 'group',
    runs: 250,
    params: () =>
      fc.oneof({ weight: 9, arbitrary: fc.constant({ id: '{{round}}' }) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS).map((id) => ({ id })) }),
    prepare: async () => ({
      round: String(roundId),
      version: String(dbGet<{ version: number }>(server, 'SELECT version FROM evaluation_rounds WHERE id = ?', roundId)!.version),
    }),
    body: () =>
      formBody([
        field('intent', fc.constantFrom('texts', 'texts', 'survey-open', 'survey-close', 'summary', 'send', 'board', 'present', 'archive')),
        field('version', fc.constantFrom('{{version}}', '{{version}}', '0')),
        ...questionKeys
          .slice(0, 4)
          .flatMap((key) => [
            optional(`q.${key}`, plainText(300)),
            optional(`o.${key}`, fc.constantFrom('', 'vanha')),
            optional(`v.${key}`, fc.constantFrom('0', '1', '2')),
          ]),
        optional('summary', plainText(500)),
        optional('proposals', plainText(500)),
        optional('boardComments', plainText(500)),
        optional('sentOn', dateText),
        optional('presentedOn', dateText),
      ]),
  },
  'survey.$id': {
    as: 'manager',
    runs: 120,
    params: () =>
      fc.oneof({ weight: 9, arbitrary: fc.constant({ id: '{{round}}' }) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS).map((id) => ({ id })) }),
    prepare: async () => ({ round: String(roundId) }),
    body: () =>
      formBody([field('intent', fc.constantFrom('save', 'send', 'x')), ...questionKeys.slice(0, 4).map((key) => optional(`q.${key}`, plainText(300)))]),
  },
  'admin.organisation': {
    as: 'admin',
    // Its bodies are large (logos up to 600 kB): fewer runs.
    runs: 120,
    prepare: async () => ({ body: String(fuzzBodyId), department: String(fuzzDepartmentId) }),
    body: () =>
      formBody(
        [
          field('intent', fc.constantFrom('name', 'logo', 'logoRemove', 'create', 'rename', 'move', 'deactivate', 'reactivate', 'destroy')),
          field('kind', fc.constantFrom('body', 'department', 'user')),
          // Only the units made for the fuzzer, and ids that are none: the demo's units stay as they are.
          field('id', fc.oneof(fc.constantFrom('{{body}}', '{{department}}'), fc.constantFrom(...BAD_IDS))),
          field('name', fc.oneof(fc.constantFrom('Vesannon kunta', 'Fuzz-lautakunta', 'Uusi yksikkö'), plainText(250))),
          field('direction', fc.constantFrom('up', 'down', 'left')),
          fileArb(
            'logo',
            fc.oneof(
              {
                weight: 8,
                arbitrary: fc.constantFrom(
                  PNG,
                  Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
                  Buffer.from([0xff, 0xd8, 0xff, 0x00]),
                ),
              },
              { weight: 1, arbitrary: fc.constant(Buffer.alloc(600_000, 1)) },
            ),
          ),
        ],
        true,
      ),
  },
  'admin.users.new': {
    as: 'admin',
    runs: 150,
    body: () =>
      formBody([
        field(
          'username',
          fc.oneof(
            fc.uuid().map((u) => `fuzz.${u.slice(0, 8)}`),
            fc.constantFrom('valmistelija', 'Iso-Kirjain', 'ä', 'a', 'x'.repeat(65)),
          ),
        ),
        field('displayName', plainText(200)),
        field('email', fc.constantFrom('', 'testi@vesanto.fi', 'ei-sähköposti', `a@${'b'.repeat(260)}.fi`)),
        list('roles', ['official', 'manager', 'group', 'admin', 'root']),
        list('memberOf', departmentIds),
        list('leads', departmentIds),
      ]),
  },
  'admin.users.$id': {
    as: 'admin',
    runs: 150,
    params: () =>
      fc.oneof({ weight: 9, arbitrary: fc.constant({ id: '{{user}}' }) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS).map((id) => ({ id })) }),
    prepare: async () => ({ user: String(targetUserId) }),
    body: () =>
      formBody([
        field('intent', fc.constantFrom('save', 'save', 'resetPassword', 'deactivate', 'reactivate', 'delete')),
        field('username', fc.constantFrom('fuzz-kohde', 'fuzz-kohde-2', 'valmistelija', 'ÄÖ', '')),
        field('displayName', plainText(200)),
        field('email', fc.constantFrom('', 'kohde@vesanto.fi', 'ei-sähköposti')),
        // Never admin: the fuzzer's own admin rights are not at stake here, the target's are.
        list('roles', ['official', 'manager', 'group', 'root']),
        list('memberOf', departmentIds),
        list('leads', departmentIds),
      ]),
  },
  'admin.import': {
    as: 'admin',
    runs: 120,
    body: () => formBody([fileArb('file', csvFile())], true),
  },
  'admin.strategy._index': {
    as: 'admin',
    runs: 60,
    body: () =>
      formBody(
        [
          field('intent', fc.constantFrom('copy', 'import', '')),
          field('versionId', fc.oneof(fc.constant('1'), fc.constantFrom(...BAD_IDS))),
          fileArb('file', frameworkFile()),
        ],
        true,
      ),
  },
  'admin.strategy.$id._index': {
    as: 'admin',
    runs: 150,
    params: () =>
      fc.oneof({ weight: 9, arbitrary: fc.constant({ id: '{{draft}}' }) }, { weight: 1, arbitrary: fc.constantFrom('1', ...BAD_IDS).map((id) => ({ id })) }),
    prepare: async () => {
      const draft = await draftVersionId();
      return {
        draft: String(draft),
        dimension: oneId(idsOf('SELECT id FROM dimensions WHERE version_id = ?', draft)),
        principle: oneId(idsOf('SELECT id FROM principles WHERE version_id = ?', draft)),
        updatedAt: String(dbGet<{ updated_at: string | null }>(server, 'SELECT updated_at FROM framework_versions WHERE id = ?', draft)?.updated_at ?? ''),
      };
    },
    body: () =>
      formBody([
        field(
          'intent',
          fc.constantFrom('details', 'details', 'details', 'activate', 'delete', 'remove-dimension', 'remove-principle', 'move', 'move', 'publish'),
        ),
        field('key', fc.constantFrom('vesanto-2027', 'Iso', 'a', '-alku', 'vesanto-2018', 'x'.repeat(65))),
        field('name', plainText(300)),
        field('approvedBy', plainText(200)),
        field('approvedOn', dateText),
        field('validFrom', dates),
        field('validTo', dateText),
        field('visionName', plainText(300)),
        optional('updatedAt', fc.constantFrom('{{updatedAt}}', '2020-01-01T00:00:00.000Z')),
        field('id', fc.oneof(fc.constantFrom('{{dimension}}', '{{principle}}'), fc.constantFrom(...BAD_IDS))),
        field('what', fc.constantFrom('dimension', 'principle', 'user')),
        field('direction', fc.constantFrom('up', 'down', 'sideways')),
      ]),
  },
  'admin.strategy.$id.dimensions.$dimensionId': {
    as: 'admin',
    runs: 120,
    params: () =>
      fc.record({
        id: fc.oneof({ weight: 9, arbitrary: fc.constant('{{draft}}') }, { weight: 1, arbitrary: fc.constantFrom('1', ...BAD_IDS) }),
        dimensionId: fc.oneof(
          { weight: 5, arbitrary: fc.constant('new') },
          { weight: 4, arbitrary: fc.constant('{{dimension}}') },
          { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS) },
        ),
      }),
    prepare: async () => {
      const draft = await draftVersionId();
      return { draft: String(draft), dimension: oneId(idsOf('SELECT id FROM dimensions WHERE version_id = ?', draft)), updatedAt: '' };
    },
    body: () =>
      formBody([
        field(
          'key',
          fc.oneof(
            fc.uuid().map((u) => `ulottuvuus-${u.slice(0, 6)}`),
            fc.constantFrom('Iso', '-alku', 'visio', 'x'.repeat(65)),
          ),
        ),
        field('name', plainText(300)),
        field('question', plainText(500)),
        field('kind', fc.constantFrom('scored', 'linked', 'other')),
        field('evaluationQuestions', fc.oneof(plainText(200), fc.constant('Kysymys 1\nKysymys 2'))),
        optional('updatedAt', fc.constantFrom('2020-01-01T00:00:00.000Z')),
      ]),
  },
  'admin.strategy.$id.principles.$principleId': {
    as: 'admin',
    runs: 120,
    params: () =>
      fc.record({
        id: fc.oneof({ weight: 9, arbitrary: fc.constant('{{draft}}') }, { weight: 1, arbitrary: fc.constantFrom('1', ...BAD_IDS) }),
        principleId: fc.oneof(
          { weight: 5, arbitrary: fc.constant('new') },
          { weight: 4, arbitrary: fc.constant('{{principle}}') },
          { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS) },
        ),
      }),
    prepare: async () => {
      const draft = await draftVersionId();
      return {
        draft: String(draft),
        dimension: oneId(idsOf('SELECT id FROM dimensions WHERE version_id = ?', draft)),
        principle: oneId(idsOf('SELECT id FROM principles WHERE version_id = ?', draft)),
      };
    },
    body: () =>
      formBody([
        field('dimensionId', fc.oneof(fc.constant('{{dimension}}'), fc.constantFrom(...BAD_IDS))),
        field(
          'key',
          fc.oneof(
            fc.constant(''),
            fc.uuid().map((u) => `periaate-${u.slice(0, 6)}`),
            fc.constantFrom('Iso', '-alku', 'pienuus', 'x'.repeat(65)),
          ),
        ),
        field('title', plainText(300)),
        field('description', plainText(1000)),
        field('guidingQuestions', fc.oneof(plainText(200), fc.constant('Kysymys 1\nKysymys 2'))),
        optional('updatedAt', fc.constantFrom('2020-01-01T00:00:00.000Z')),
      ]),
  },
};

const oneId = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)] ?? '0';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A CSV import file: the real header and a few rows, their cells valid-looking or hostile. */
function csvFile(): fc.Arbitrary<Uint8Array> {
  const header = [
    'case_number',
    'title',
    'body',
    'department',
    'meeting_date',
    'preparer',
    'outcome',
    'confidential',
    'projects',
    ...SCORED_KEYS.map((k) => `score:${k}`),
    `reason:${SCORED_KEYS[0]}`,
  ];
  const cell = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostile.map((h) => h.slice(0, 2000)) });
  const row = fc.tuple(
    cell(fc.uuid().map((u) => `FUZZ/${u.slice(0, 6)}/2018`)),
    cell(plainText(300)),
    cell(fc.constantFrom(...org.bodies.keys())),
    cell(fc.constantFrom(...org.departments.keys())),
    cell(fc.constantFrom('2.10.2018', '2018-12-17', '31.2.2018')),
    cell(fc.constantFrom('', 'Valmistelija')),
    cell(fc.constantFrom('hyväksytty', 'hylätty', '')),
    cell(fc.constantFrom('ei', '0', 'kyllä')),
    cell(fc.constantFrom('', PROJECT_KEYS.slice(0, 2).join(' '))),
    ...SCORED_KEYS.map(() => cell(fc.constantFrom('2', '1', '0', 'ei liity', '−1', '?', '+2', '-3'))),
    cell(plainText(200)),
  );
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  return fc
    .record({ rows: fc.array(row, { minLength: 1, maxLength: 3 }), separator: fc.constantFrom(';', ','), bom: fc.boolean(), latin1: fc.boolean() })
    .map(({ rows, separator, bom, latin1 }) => {
      const text = [header, ...rows].map((r) => r.map(quote).join(separator)).join('\r\n');
      const bytes = latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
      return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
    });
}

/** A strategy file: the export of the demo's strategy, its texts now and then replaced with hostile ones. */
function frameworkFile(): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      key: fc.oneof(
        fc.uuid().map((u) => `fuzz-${u.slice(0, 8)}`),
        hostile,
      ),
      name: fc.oneof(plainText(300), hostile),
      principleTitle: fc.oneof(plainText(300), hostile),
      cut: fc.option(fc.nat()),
    })
    .map(({ key, name, principleTitle, cut }) => {
      let text = frameworkExport;
      try {
        const json = JSON.parse(frameworkExport) as Record<string, unknown>;
        const walk = (node: unknown, depth: number): void => {
          if (!node || typeof node !== 'object') return;
          const object = node as Record<string, unknown>;
          if (depth === 0) {
            if ('key' in object) object.key = key;
            if ('name' in object) object.name = name;
          }
          if ('title' in object && depth > 0) object.title = principleTitle;
          for (const value of Object.values(object)) walk(value, depth + 1);
        };
        walk(json, 0);
        text = JSON.stringify(json);
      } catch {
        // The export is not JSON: post it as it is.
      }
      if (cut !== null) text = text.slice(0, cut % (text.length + 1));
      return Buffer.from(text);
    });
}

// ---------------------------------------------------------------------------------------------

const START = Date.now();

beforeAll(async () => {
  console.log(`fuzz: seed ${SEED}, ${RUN_SHARE} of each specification's runs; to replay: ${replayHint}`);
  // The benchmark's bare route is on, so that its action is fuzzed too.
  server = await startServer({ LOGIN_ADDRESS_LIMIT: '100000', LINSSI_BENCH_ROUTE: '1' });
  clients.official = await new Client(server.url).login('valmistelija');
  clients.manager = await new Client(server.url).login('esimies');
  clients.group = await new Client(server.url).login('elinvoima');
  clients.admin = await new Client(server.url).login('paakayttaja');
  clients.other = await new Client(server.url).login('perusturva');
  org = await organisation(clients.official);
  fields = draftFields(org);
  editDraft = await newDraft();
  checklistDraft = await newDraft();
  reviewTarget = await draftIn(server, 'submitted', clients.official, clients.manager, fields);

  // An evaluation round, and the keys of its questions (read from its page).
  const opened = await clients.group.post('/evaluation', {});
  expect(opened.status).toBe(302);
  roundId = Number(/\/evaluation\/(\d+)/.exec(location(opened) ?? '')![1]);
  const roundPage = await htmlOf(await clients.group.get(`/evaluation/${roundId}`));
  questionKeys = [...new Set([...roundPage.matchAll(/name="q\.([^"]+)"/g)].map((m) => m[1]!))];
  expect(questionKeys.length, 'the round page has questions').toBeGreaterThan(0);

  // A body and a department, and a user, for the admin fuzzers to change.
  for (const kind of ['body', 'department'] as const) {
    const res = await clients.admin.post('/admin/organisation', { intent: 'create', kind, name: `Fuzz-${kind}` });
    expect(res.status, `create ${kind}`).toBeLessThan(400);
  }
  fuzzBodyId = dbGet<{ id: number }>(server, "SELECT id FROM bodies WHERE name = 'Fuzz-body'")!.id;
  fuzzDepartmentId = dbGet<{ id: number }>(server, "SELECT id FROM departments WHERE name = 'Fuzz-department'")!.id;
  departmentIds = [...idsOf('SELECT id FROM departments ORDER BY id'), '0', 'abc'];
  const created = await clients.admin.post('/admin/users/new', {
    username: 'fuzz-kohde',
    displayName: 'Fuzz Kohde',
    email: '',
    roles: 'official',
    memberOf: String(fuzzDepartmentId),
  });
  expect(created.status, 'create the target user').toBe(200);
  targetUserId = dbGet<{ id: number }>(server, "SELECT id FROM users WHERE username = 'fuzz-kohde'")!.id;

  const exported = await clients.admin.get('/admin/strategy/1/export');
  expect(exported.status).toBe(200);
  frameworkExport = await exported.text();

  // The demo data itself must pass the checks the fuzzed database is held to.
  expect(invariantViolations(), 'the demo data before fuzzing').toEqual({});
}, 120_000);

afterAll(async () => {
  const seconds = ((Date.now() - START) / 1000).toFixed(0);
  const lines = [...stats.byRoute].map(
    ([route, byStatus]) =>
      `  ${route}: ${[...byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
  );
  console.log(
    `fuzz: ${stats.requests} requests in ${seconds} s (${stats.retries} resent after a reset connection); ${stats.messageChecks} refused pages checked for a message; seed ${SEED} (${replayHint})\n${lines.join('\n')}`,
  );
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------

describe('every action', () => {
  it('has a fuzz specification here (the list is read from app/routes)', () => {
    const routes = actionRoutes();
    expect(routes.length).toBeGreaterThan(15);
    expect(Object.keys(specs).sort()).toEqual(routes);
  });

  it('maps file names to URLs as Remix does', () => {
    expect(urlOf('decisions.$id.checklist', { id: '5' })).toBe('/decisions/5/checklist');
    expect(urlOf('admin.strategy.$id._index', { id: '2' })).toBe('/admin/strategy/2');
    expect(urlOf('evaluation._index', {})).toBe('/evaluation');
    expect(urlOf('report[.]csv', {})).toBe('/report.csv');
  });
});

describe('markup typed into a decision', () => {
  it('comes back escaped on the decision page and in the list', async () => {
    const title = `${XSS}${IMG} Fuzz-otsikko`;
    const description = `Kuvaus ${XSS} ja ${IMG}`;
    const res = await clients.official.post('/decisions/new', { ...fields, title, description });
    expect(res.status).toBe(302);
    const id = Number(/\/decisions\/(\d+)\//.exec(location(res) ?? '')![1]);
    expect(dbGet<{ title: string }>(server, 'SELECT title FROM decisions WHERE id = ?', id)!.title).toBe(title);
    for (const page of [`/decisions/${id}`, `/decisions/${id}/checklist`, '/decisions', `/decisions/all?q=${encodeURIComponent('Fuzz-otsikko')}`]) {
      const html = await htmlOf(await clients.official.get(page));
      expect(html, page).not.toContain('<script>alert(1)');
      expect(html, page).not.toMatch(/<img src=x onerror/i);
      if (page !== `/decisions/${id}/checklist`) expect(html, page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('random and hostile form bodies', () => {
  for (const [route, spec] of Object.entries(specs)) {
    it(`${route} (as ${spec.as}) never answers 500 and always shows a message when it refuses`, async () => {
      const request = fc.record({
        params: spec.params ? spec.params() : fc.constant<Record<string, string>>({}),
        body: spec.body(),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ params, body }) => {
          const tokens = {
            id: '',
            ...(spec.prepare ? await spec.prepare() : {}),
          };
          const resolved = Object.fromEntries(Object.entries({ id: '{{id}}', ...params }).map(([k, v]) => [k, substitute(v, tokens)]));
          await send(route, spec.as, urlOf(route, resolved), body, tokens);
        }),
        { numRuns: runsOf(spec.runs), ...replay, endOnFailure: false, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false },
      );
    }, 120_000);
  }

  it('any action, posted a broken multipart body or a content type no form has, answers 400, not 500', async () => {
    const routes = Object.keys(specs).filter((r) => r !== 'logout');
    const broken = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        params: specs[route]!.params?.() ?? fc.constant<Record<string, string>>({}),
        body: fc.oneof(
          // The route's own fields, as a multipart body that is cut short or malformed.
          fc.tuple(specs[route]!.body(), brokenMultipart).map(([body, encoding]) => {
            const b: FormBody = { ...body, encoding };
            return Object.assign(b, { [fc.toStringMethod]: () => describeBody(b) });
          }),
          // Or anything under a content type that is not a form's.
          fc.record({
            contentType: fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=', 'x/y', ''),
            text: fc.oneof(fc.constant('{"title":"x"}'), hostile),
          }),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(broken, async ({ route, params, body }) => {
        const spec = specs[route]!;
        const tokens = { id: '', ...(spec.prepare ? await spec.prepare() : {}) };
        const urlPath = urlOf(route, Object.fromEntries(Object.entries({ id: '{{id}}', ...params }).map(([k, v]) => [k, substitute(v, tokens)])));
        if ('parts' in body) {
          await send(`(broken) ${route}`, spec.as, urlPath, body, tokens);
          return;
        }
        const response = await post(
          server.url + urlPath,
          { Cookie: cookieHeader(clientOf(spec.as)), 'Content-Type': body.contentType, Origin: server.url },
          Buffer.from(body.text),
        );
        await response.arrayBuffer();
        tally(`(content type) ${route}`, response.status);
        expect(
          response.status,
          `POST ${urlPath} as ${spec.as}, Content-Type: ${JSON.stringify(body.contentType)}, body ${abbreviate(body.text)} (request ${response.headers.get('x-request-id')})`,
        ).toBeLessThan(500);
      }),
      { numRuns: runsOf(200), ...replay },
    );
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The database after the run.

const ISO_DATE_GLOB = "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'";
const isDate = (column: string) => `(${column} ${ISO_DATE_GLOB} AND date(${column}) = ${column})`;

/** Every rule broken, by rule, with a few of the rows that break it. */
function invariantViolations(): Record<string, unknown[]> {
  // On PostgreSQL: a SQLite copy of its data, so that the same checks apply (test/support/test-db.ts).
  const db = sqliteViewOf(server);
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) =>
    value === null ? 1 : new RegExp(String(pattern), 'u').test(String(value)) ? 1 : 0,
  );
  const found: Record<string, unknown[]> = {};
  const check = (rule: string, sql: string) => {
    const rows = db.prepare(sql).all();
    if (rows.length) found[rule] = rows.slice(0, 5);
  };
  try {
    const integrity = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') found.integrity_check = integrity;
    check('foreign_key_check', 'PRAGMA foreign_key_check');

    // Every text column: no NUL byte, and no longer than its declared varchar(N).
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%'").all() as Array<{ name: string }>
    ).map((t) => t.name);
    for (const table of tables) {
      for (const column of db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string }>) {
        const type = column.type.toLowerCase();
        if (!/char|text|clob/.test(type)) continue;
        const where = table === 'settings' && column.name === 'value' ? "AND key NOT LIKE 'logo%'" : '';
        check(
          `${table}.${column.name} has no NUL`,
          `SELECT rowid, substr("${column.name}", 1, 80) AS value FROM "${table}" WHERE typeof("${column.name}") = 'text' AND instr("${column.name}", char(0)) > 0 ${where}`,
        );
        const max = /varchar\((\d+)\)/.exec(type)?.[1];
        if (max)
          check(
            `${table}.${column.name} ≤ ${max} chars`,
            `SELECT rowid, length("${column.name}") AS length FROM "${table}" WHERE length("${column.name}") > ${max}`,
          );
      }
    }

    check(
      'assessment_answers.score in −2..2, only with answer_kind scored',
      `
      SELECT * FROM assessment_answers
       WHERE (score IS NOT NULL AND (typeof(score) <> 'integer' OR score NOT BETWEEN -2 AND 2 OR answer_kind IS NOT 'scored'))
          OR (answer_kind = 'scored' AND score IS NULL AND (SELECT status FROM assessments a WHERE a.id = assessment_id) <> 'draft')`,
    );
    check(
      'assessment_answers.answer_kind is known',
      "SELECT * FROM assessment_answers WHERE answer_kind IS NOT NULL AND answer_kind NOT IN ('scored', 'not_relevant', 'knowledge_gap')",
    );
    check('assessments.status is known', "SELECT id, status FROM assessments WHERE status NOT IN ('draft', 'submitted', 'returned', 'approved', 'decided')");
    check('decisions.title non-empty, ≤ 300', 'SELECT id, length(title) FROM decisions WHERE length(trim(title)) = 0 OR length(title) > 300');
    check('decisions.meeting_date is a date', `SELECT id, meeting_date FROM decisions WHERE NOT ${isDate('meeting_date')}`);
    check('decisions.description ≤ limits', 'SELECT id, length(description) FROM decisions WHERE length(description) > 20000');
    check(
      'decisions.outcome is known',
      "SELECT id, outcome FROM decisions WHERE outcome IS NOT NULL AND outcome NOT IN ('approved', 'amended', 'rejected', 'tabled', 'returned_for_preparation')",
    );
    check(
      'decisions.case_number as the form allows',
      "SELECT id, case_number FROM decisions WHERE case_number IS NOT NULL AND case_number <> '' AND NOT regexp('^[\\p{L}\\p{N} /.:_-]+$', case_number)",
    );
    check('users.username', "SELECT id, username FROM users WHERE NOT regexp('^[a-z0-9._-]{2,64}$', username)");
    check('users.display_name non-empty', 'SELECT id FROM users WHERE length(trim(display_name)) = 0');
    check('user_roles.role is known', "SELECT * FROM user_roles WHERE role NOT IN ('official', 'manager', 'group', 'admin')");
    check('user_departments.relation is known', "SELECT * FROM user_departments WHERE relation NOT IN ('member', 'lead')");
    check('principles.key', "SELECT id, key FROM principles WHERE NOT regexp('^[a-z0-9][a-z0-9-]{0,63}$', key)");
    check('dimensions.key', "SELECT id, key FROM dimensions WHERE NOT regexp('^[a-z0-9][a-z0-9-]{0,63}$', key)");
    check('dimensions.kind', "SELECT id, kind FROM dimensions WHERE kind NOT IN ('scored', 'linked')");
    check('framework_versions.key', "SELECT id, key FROM framework_versions WHERE NOT regexp('^[a-z0-9][a-z0-9-]{0,63}$', key)");
    check(
      'framework_versions dates are real dates',
      `SELECT id, valid_from, valid_to, approved_on FROM framework_versions
        WHERE NOT ${isDate('valid_from')} OR (valid_to IS NOT NULL AND NOT ${isDate('valid_to')})
           OR (approved_on IS NOT NULL AND NOT ${isDate('approved_on')}) OR (valid_to IS NOT NULL AND valid_to < valid_from)`,
    );
    check('framework_versions.name non-empty', 'SELECT id FROM framework_versions WHERE length(trim(name)) = 0');
    check('framework_versions.status', "SELECT id, status FROM framework_versions WHERE status NOT IN ('draft', 'active')");
    check('principles.title non-empty', 'SELECT id FROM principles WHERE length(trim(title)) = 0');
    check(
      'bodies and departments have names',
      "SELECT 'body', id FROM bodies WHERE length(trim(name)) = 0 UNION ALL SELECT 'department', id FROM departments WHERE length(trim(name)) = 0",
    );
    check('municipality name non-empty', "SELECT * FROM settings WHERE key = 'municipality_name' AND length(trim(value)) = 0");
    check(
      'evaluation_rounds dates',
      `SELECT id FROM evaluation_rounds WHERE NOT ${isDate('period_from')} OR NOT ${isDate('period_to')} OR period_from > period_to
          OR (sent_on IS NOT NULL AND NOT ${isDate('sent_on')}) OR (presented_on IS NOT NULL AND NOT ${isDate('presented_on')})`,
    );
    check('reviews.outcome', "SELECT id, outcome FROM reviews WHERE outcome NOT IN ('approved', 'returned')");
    check(
      'JSON columns hold JSON',
      `SELECT 'audit_log', id FROM audit_log WHERE NOT json_valid(details)
       UNION ALL SELECT 'survey_responses', id FROM survey_responses WHERE NOT json_valid(answers)
       UNION ALL SELECT 'dimensions', id FROM dimensions WHERE NOT json_valid(evaluation_questions)
       UNION ALL SELECT 'principles', id FROM principles WHERE NOT json_valid(guiding_questions)
       UNION ALL SELECT 'framework_versions', id FROM framework_versions WHERE NOT json_valid(metadata)
       UNION ALL SELECT 'assessment_snapshots', id FROM assessment_snapshots WHERE NOT json_valid(content)`,
    );
  } finally {
    db.close();
  }
  return found;
}

describe('after the run', () => {
  it('the database holds no invalid row', () => {
    expect(invariantViolations()).toEqual({});
  });

  it(`sent a few thousand requests (times the share of runs, ${RUN_SHARE.toFixed(2)})`, () => {
    expect(stats.requests).toBeGreaterThan(2500 * RUN_SHARE);
    expect(stats.messageChecks).toBeGreaterThan(500 * RUN_SHARE);
  });
});
