// npm run test:deploy (npx tsx scripts/deploy-check.ts): runs the commands of docs/deploy.md on this
// machine, in temporary directories, and checks what they do.
//
// How the doc and this check stay in sync
// ---------------------------------------
// Every command or config block of docs/deploy.md is a fenced block whose info string carries a
// tag, e.g. ```sh deploy-check:setup-one-machine. This script reads the blocks from the doc (it has
// no copy of any command or config of its own) and:
//   - fails when a sh/ini/nginx/sql/crontab/conf block has no tag, when a tag is unknown here, or
//     when a block this check expects is missing;
//   - classifies every command line of a shell block with the RULES below: a command is either run
//     (the paths /srv/linssi, /etc/linssi, /var/lib/linssi, /var/backups/linssi and the example
//     host names replaced by this checkout, temporary directories and 127.0.0.1), mapped to what
//     it does here (`systemctl start/stop linssi` starts/stops the app server(s) this check runs),
//     or listed as "not checked" with the reason (installing packages, creating users, systemd
//     itself). A command that matches no rule fails the check: a new command in the doc needs a
//     rule here, so nothing in the doc goes untested silently;
//   - starts the server exactly as the systemd unit block says (ExecStart in WorkingDirectory with
//     only the environment file block's variables), and puts in front of it a stand-in for nginx
//     (a few lines of node:http) that sets the request headers the nginx block's proxy_set_header
//     lines set, with nginx's defaults for the rest (Host: the upstream address): if the doc's
//     nginx block lost a header the app needs, the login through it fails here;
//   - runs the cron blocks' command fields as cron would (`\%` → `%`, the file's SHELL and PATH,
//     the user's home as working directory), with `$(date +%F)` evaluated by the shell;
//   - on PostgreSQL, puts the doc's pg_hba.conf lines in front of the throwaway server's trust
//     lines, so that the linssi role must use its password (DATABASE_URL, ~linssi/.pgpass) as on a
//     real database server; the client binaries are those of pgBinDir(), and PGPORT carries the
//     throwaway server's port where the doc relies on the default 5432;
//   - runs a few test-only commands of its own, labelled "(test only)": users created after a
//     backup, to prove that a restore really replaced the database;
//   - checks the environment variable table of section 3 against the variables the code reads
//     (process.env.* in app/, db/, server.js and the schema in app/utils/env.server.ts), both ways,
//     and against the README's Configuration table.
// Checks that need tools this machine lacks say so in a "not checked - …" line: `nginx -t` runs
// only when nginx is installed (/usr/sbin/nginx, nginx on PATH, or NGINX_BIN=path/to/nginx);
// `systemd-analyze verify` only when systemd-analyze exists; the PostgreSQL part only when
// PostgreSQL's binaries are found (scripts/pg-server.ts: PG_BIN, pg_config, /usr/lib/postgresql).
//
// Every server (app, the nginx stand-ins, PostgreSQL) listens on 127.0.0.1 only and is stopped by
// its own handle or PID. Prints `ok - …` / `FAIL - …` per check and, last, `N passed, N failed`;
// exits 1 on any failure. KEEP_TMP=1 keeps the temporary directory.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type PgServer, freePort, pgBinDir, startPgServer } from './pg-server';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT, MB, TIMEOUT_DEFAULTS } from '../server/limits.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = path.join(ROOT, 'docs', 'deploy.md');
const started = Date.now();

// ─── Reporting ───────────────────────────────────────────────────────────────────────────────

let passed = 0;
let failed = 0;

function ok(name: string) {
  passed++;
  console.log(`ok - ${name}`);
}

function fail(name: string, detail?: string) {
  failed++;
  console.log(`FAIL - ${name}`);
  if (detail) for (const line of detail.trimEnd().split('\n').slice(-25)) console.log(`#   ${line}`);
}

function check(condition: unknown, name: string, detail?: string): boolean {
  if (condition) ok(name);
  else fail(name, detail);
  return Boolean(condition);
}

function notChecked(what: string, why: string) {
  console.log(`not checked - ${what}: ${why}`);
}

// ─── The doc's blocks ────────────────────────────────────────────────────────────────────────

interface Block {
  tag: string;
  lang: string;
  body: string;
  line: number;
}

/** The languages whose blocks must be tagged: every command and config block. */
const TAGGED_LANGS = new Set(['sh', 'bash', 'shell', 'ini', 'nginx', 'sql', 'crontab', 'conf', 'systemd']);

/** Every tag this check knows; each must occur once in the doc. */
const KNOWN_TAGS = [
  'install',
  'env-file-create',
  'env-one-machine',
  'setup-one-machine',
  'systemd-unit',
  'start-one-machine',
  'nginx-one-machine',
  'nginx-enable',
  'cron-sqlite',
  'restore-sqlite',
  'upgrade-one-machine',
  'pg-database',
  'postgresql-conf',
  'pg-hba',
  'env-several',
  'setup-several',
  'start-several',
  'nginx-balancer',
  'pgpass',
  'cron-postgres',
  'restore-postgres',
  'switch-postgres',
  'upgrade-several-first',
  'upgrade-several-others',
] as const;
type Tag = (typeof KNOWN_TAGS)[number];

const docText = fs.readFileSync(DOC, 'utf8');
const blocks = new Map<string, Block>();

function readBlocks() {
  const lines = docText.split('\n');
  let open: { lang: string; tag: string | null; line: number; body: string[] } | null = null;
  let problems = 0;
  lines.forEach((text, index) => {
    if (!open) {
      const m = /^```(\S*)\s*(.*)$/.exec(text);
      if (!m) return;
      const tag = /deploy-check:([\w-]+)/.exec(m[2] ?? '')?.[1] ?? null;
      open = { lang: m[1] ?? '', tag, line: index + 1, body: [] };
      return;
    }
    if (/^```\s*$/.test(text)) {
      const b = open;
      open = null;
      if (!b.tag) {
        if (TAGGED_LANGS.has(b.lang)) {
          problems++;
          fail(`docs/deploy.md:${b.line}: a \`${b.lang}\` block without a deploy-check:… tag`);
        }
        return;
      }
      if (!(KNOWN_TAGS as readonly string[]).includes(b.tag)) {
        problems++;
        fail(`docs/deploy.md:${b.line}: deploy-check:${b.tag} is not a block this check knows (add it to KNOWN_TAGS and a handler)`);
        return;
      }
      if (blocks.has(b.tag)) {
        problems++;
        fail(`docs/deploy.md:${b.line}: deploy-check:${b.tag} occurs twice`);
        return;
      }
      blocks.set(b.tag, { tag: b.tag, lang: b.lang, body: `${b.body.join('\n')}\n`, line: b.line });
      return;
    }
    open.body.push(text);
  });
  const missing = KNOWN_TAGS.filter((t) => !blocks.has(t));
  for (const t of missing) {
    problems++;
    fail(`docs/deploy.md has no block deploy-check:${t}`);
  }
  if (problems === 0) ok(`docs/deploy.md: ${blocks.size} tagged blocks, every command and config block tagged, none missing`);
}

function block(tag: Tag): Block {
  const b = blocks.get(tag);
  if (!b) throw new Error(`docs/deploy.md has no block deploy-check:${tag}`);
  return b;
}

/** The commands of a shell block: comment and blank lines dropped, `\` continuations joined. */
function commandsOf(body: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push((current + line).trim());
    current = '';
  }
  return out;
}

/** NAME=value lines of an environment file block. */
function parseEnvFile(body: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(t);
    if (!m) throw new Error(`not a plain NAME=value line (systemd and the shell must both read it): ${t}`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

// ─── Environment variables the code reads ────────────────────────────────────────────────────

function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out;
}

function codeVariables(): Set<string> {
  const vars = new Set<string>();
  const files = [...filesUnder(path.join(ROOT, 'app'), ['.ts', '.tsx']), ...filesUnder(path.join(ROOT, 'db'), ['.ts']), path.join(ROOT, 'server.js')];
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) vars.add(m[1]!);
  }
  const schema = fs.readFileSync(path.join(ROOT, 'app', 'utils', 'env.server.ts'), 'utf8');
  const body = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(schema)?.[1] ?? '';
  for (const m of body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)) vars.add(m[1]!);
  return vars;
}

/** The backticked names in the first column of the table under `heading` of a markdown text. */
function tableVariables(text: string, heading: RegExp): Set<string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  const vars = new Set<string>();
  if (start < 0) return vars;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,3} /.test(line)) break;
    if (!line.startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) vars.add(m[1]!);
  }
  return vars;
}

function checkVariables(code: Set<string>) {
  const doc = tableVariables(docText, /^## 3\. Environment variables/);
  const readme = tableVariables(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /^## Configuration/);
  const invented = [...doc].filter((v) => !code.has(v));
  check(
    doc.size > 0 && invented.length === 0,
    `section 3's table names only variables the code reads (${[...doc].join(', ')})`,
    `not read by the code: ${invented.join(', ')}`,
  );
  const undocumented = [...code].filter((v) => !doc.has(v));
  check(
    undocumented.length === 0,
    'every variable the app reads (process.env in app/, db/, server.js; the env schema) is in section 3',
    `missing from section 3: ${undocumented.join(', ')}`,
  );
  const notCopied = [...readme].filter((v) => !doc.has(v));
  check(readme.size > 0 && notCopied.length === 0, "every variable of the README's Configuration table is in section 3", `missing: ${notCopied.join(', ')}`);
}

// ─── Running commands ────────────────────────────────────────────────────────────────────────

interface Ran {
  cmd: string;
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs a command line with /bin/sh (asynchronously: the nginx stand-ins in this process keep serving). */
function sh(cmd: string, options: { cwd: string; env: Record<string, string>; timeoutMs?: number; shell?: string }): Promise<Ran> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(options.shell ?? '/bin/sh', ['-c', cmd], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ cmd, code, out, err, ms: Date.now() - t0 });
    });
  });
}

/** The variables the app and the scripts read are never inherited from the caller's shell. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...extra };
}

const today = spawnSync('date', ['+%F'], { encoding: 'utf8' }).stdout.trim();

// ─── App servers ─────────────────────────────────────────────────────────────────────────────

interface Unit {
  sections: Record<string, Record<string, string>>;
  text: string;
}

function parseUnit(text: string): Unit {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = sections[section[1]!] ??= {};
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line);
    if (kv && current) current[kv[1]!] = kv[2]!;
  }
  return { sections, text };
}

const live = new Set<AppServer>();

class AppServer {
  output = '';
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts ExecStart of the unit in its WorkingDirectory with the environment file's variables only (as systemd would). */
  static async start(name: string, unit: Unit, envFile: string, port: number, extra: Record<string, string> = {}, drop: string[] = []): Promise<AppServer> {
    const service = unit.sections.Service ?? {};
    const [program, ...args] = (service.ExecStart ?? '').split(/\s+/);
    const bin = program && fs.existsSync(program) ? program : process.execPath;
    const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };
    for (const [k, v] of Object.entries(parseEnvFile(fs.readFileSync(envFile, 'utf8')))) if (!drop.includes(k)) env[k] = v;
    Object.assign(env, extra, { PORT: String(port) });
    const child = spawn(bin, args, { cwd: service.WorkingDirectory, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new AppServer(name, child, port);
    live.add(server);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${server.output}`)), 30_000);
      const onData = () => {
        if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(server.output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      void server.exit.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}:\n${server.output}`));
      });
    });
    return server;
  }

  /** SIGTERM by its own PID, as systemctl stop does; SIGKILL after 15 s (TimeoutStopSec). */
  async stop(): Promise<{ code: number | null; ms: number }> {
    const t0 = Date.now();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.child.pid!, 'SIGTERM');
      const timer = setTimeout(() => this.child.exitCode === null && process.kill(this.child.pid!, 'SIGKILL'), 15_000);
      await this.exit;
      clearTimeout(timer);
    }
    live.delete(this);
    return { code: (await this.exit).code, ms: Date.now() - t0 };
  }
}

// ─── HTTP: a browser and a stand-in for nginx ────────────────────────────────────────────────

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, method: string, pathname: string, headers: Record<string, string>, body?: string, localAddress?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        localAddress,
        agent: false,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${pathname}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What a browser at https://HOST/ sends: Host HOST, and with a form post Origin https://HOST.
 * It keeps cookies, follows no redirects, and connects from `localAddress` (another loopback
 * address than the proxy's own, so that the address the app records can be told apart).
 */
class Browser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  constructor(
    readonly port: number,
    readonly host: string,
    readonly localAddress = '127.0.0.2',
  ) {}

  private headers(extra: Record<string, string> = {}) {
    const h: Record<string, string> = { Host: this.host, 'User-Agent': 'deploy-check', ...extra };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return h;
  }

  private remember(res: Res) {
    const lines = res.headers['set-cookie'] ?? [];
    this.setCookies.push(...lines);
    for (const line of lines) {
      const pair = line.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(pathname: string) {
    return this.remember(await request(this.port, 'GET', pathname, this.headers(), undefined, this.localAddress));
  }

  async post(pathname: string, form: Record<string, string>, extra: Record<string, string> = {}) {
    const body = new URLSearchParams(form).toString();
    const headers = this.headers({
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: `https://${this.host}`,
      'Sec-Fetch-Site': 'same-origin',
      ...extra,
    });
    return this.remember(await request(this.port, 'POST', pathname, headers, body, this.localAddress));
  }

  async login(username: string, password: string, extra: Record<string, string> = {}) {
    await this.get('/login');
    return this.post('/login', { username, password, redirectTo: '/' }, extra);
  }
}

interface NginxConf {
  text: string;
  serverName: string;
  headers: Array<[string, string]>;
  proxyPass: string;
  upstreamName: string | null;
  upstreams: string[];
}

function parseNginx(text: string): NginxConf {
  const serverName = /server_name\s+([^\s;]+)\s*;/.exec(text)?.[1] ?? '';
  const headers = [...text.matchAll(/^\s*proxy_set_header\s+(\S+)\s+(.+?)\s*;\s*$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]);
  const proxyPass = /proxy_pass\s+(\S+?)\s*;/.exec(text)?.[1] ?? '';
  const up = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(text);
  const upstreams = up ? [...up[2]!.matchAll(/^\s*server\s+(\S+?)[\s;]/gm)].map((m) => m[1]!) : [];
  return { text, serverName, headers, proxyPass, upstreamName: up?.[1] ?? null, upstreams };
}

/** nginx's hop-by-hop headers: not passed to the upstream (nginx sets Host and Connection itself). */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

/**
 * A stand-in for nginx's TLS server block: it answers plain http on 127.0.0.1 as if it were
 * https (the variable $scheme is "https"), passes each request to the next upstream in turn (round
 * robin; on "connection refused" to the one after, as nginx's proxy_next_upstream error does), and
 * builds the upstream request's headers as nginx does: the client's headers, Host: $proxy_host and
 * Connection: close by default, then each proxy_set_header of the doc's block (an empty value
 * removes the header).
 */
class FakeNginx {
  served: number[] = [];
  private next = 0;
  private server: http.Server;
  port = 0;
  constructor(
    readonly conf: NginxConf,
    readonly targets: number[],
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.port = (this.server.address() as { port: number }).port))));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private vars(req: http.IncomingMessage, proxyHost: string): Record<string, string> {
    const hostHeader = req.headers.host ?? '';
    const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const xff = req.headers['x-forwarded-for'];
    return {
      host: (hostHeader.replace(/:\d+$/, '') || this.conf.serverName).toLowerCase(),
      http_host: hostHeader,
      scheme: 'https',
      https: 'on',
      server_port: '443',
      server_name: this.conf.serverName,
      remote_addr: remote,
      proxy_add_x_forwarded_for: xff ? `${xff}, ${remote}` : remote,
      proxy_host: proxyHost,
      request_uri: req.url ?? '/',
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const proxyHost = this.conf.proxyPass.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    headers.host = proxyHost;
    headers.connection = 'close';
    try {
      const vars = this.vars(req, proxyHost);
      for (const [name, template] of this.conf.headers) {
        const value = template.replace(/^"(.*)"$/, '$1').replace(/\$\{?(\w+)\}?/g, (_, v: string) => {
          if (!(v in vars)) throw new Error(`the stand-in does not know nginx's $${v}`);
          return vars[v]!;
        });
        if (value === '') delete headers[name.toLowerCase()];
        else headers[name.toLowerCase()] = value;
      }
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      return;
    }
    if (body.length) headers['content-length'] = String(body.length);
    const first = this.next++ % this.targets.length;
    for (let i = 0; i < this.targets.length; i++) {
      const index = (first + i) % this.targets.length;
      try {
        const upstream = await new Promise<http.IncomingMessage>((resolve, reject) => {
          const out = http.request({ host: '127.0.0.1', port: this.targets[index], method: req.method, path: req.url, headers, agent: false }, resolve);
          out.on('error', reject);
          out.end(body);
        });
        const data: Buffer[] = [];
        for await (const c of upstream) data.push(c as Buffer);
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upstream.headers))
          if (!['connection', 'keep-alive', 'transfer-encoding'].includes(k) && v !== undefined) out[k] = v;
        out['content-length'] = String(Buffer.concat(data).length);
        this.served.push(index);
        res.writeHead(upstream.statusCode ?? 502, out).end(Buffer.concat(data));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') {
          res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(error));
          return;
        }
      }
    }
    res.writeHead(502, { 'Content-Type': 'text/plain' }).end('no upstream');
  }
}

const fakes = new Set<FakeNginx>();
const pgServers = new Set<PgServer>();
async function startFake(conf: NginxConf, targets: number[]) {
  const fake = new FakeNginx(conf, targets);
  await fake.listen();
  fakes.add(fake);
  return fake;
}
async function stopFake(fake: FakeNginx) {
  fakes.delete(fake);
  await fake.close();
}

// ─── Static checks of config blocks ──────────────────────────────────────────────────────────

function checkNginxBlock(tag: Tag, conf: NginxConf, expect: { proxyPass?: string; upstream?: boolean }) {
  const t = conf.text;
  const h = new Map(conf.headers.map(([k, v]) => [k.toLowerCase(), v]));
  check(/listen\s+80\s*;[\s\S]*?return\s+301\s+https:\/\/\$host\$request_uri\s*;/.test(t), `[${tag}] a server on port 80 redirects to https:// (return 301)`);
  check(
    /listen\s+443\s+ssl/.test(t) && /ssl_certificate\s+\S+;/.test(t) && /ssl_certificate_key\s+\S+;/.test(t),
    `[${tag}] a TLS server on 443 with ssl_certificate and ssl_certificate_key`,
  );
  check(
    h.get('x-forwarded-proto') === '$scheme' && h.has('x-forwarded-host') && h.has('x-forwarded-for') && h.get('host') === '$host',
    `[${tag}] proxy_set_header Host $host, X-Forwarded-Host, X-Forwarded-Proto $scheme, X-Forwarded-For`,
    conf.headers.map(([k, v]) => `${k} ${v}`).join('\n'),
  );
  checkBodyLimits(tag, conf);
  if (expect.proxyPass)
    check(
      conf.proxyPass === expect.proxyPass,
      `[${tag}] proxy_pass ${expect.proxyPass} (the environment file's HOST and PORT)`,
      `proxy_pass is ${conf.proxyPass}`,
    );
  if (expect.upstream) {
    check(
      conf.upstreamName !== null && conf.proxyPass === `http://${conf.upstreamName}` && conf.upstreams.length >= 2,
      `[${tag}] proxy_pass to an upstream of ${conf.upstreams.length} app servers`,
    );
    const upstreamBody = /upstream\s+\w+\s*\{([^}]*)\}/.exec(t)?.[1] ?? '';
    check(!/\b(ip_hash|hash|sticky|least_conn)\b/.test(upstreamBody), `[${tag}] round robin, no sticky sessions (no ip_hash/hash/sticky)`);
    if (/\bkeepalive\s+\d+\s*;/.test(upstreamBody)) {
      const idle = /\bkeepalive_timeout\s+(\d+)s?\s*;/.exec(upstreamBody);
      const appSeconds = TIMEOUT_DEFAULTS.keepAlive.seconds;
      check(
        idle !== null && Number(idle[1]) < appSeconds,
        `[${tag}] the upstream's keepalive_timeout (${idle?.[1] ?? "nginx's default 60"} s) is below the app's keep-alive timeout (${appSeconds} s): nginx never reuses a connection the app is closing`,
      );
    }
  }
}

/** nginx's size syntax (1m, 512k, 1048576) in bytes. */
function nginxBytes(value: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (!m) return Number.NaN;
  const unit = m[2]!.toLowerCase();
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? MB : unit === 'g' ? 1024 * MB : 1);
}

/**
 * The body limits of the block are the app's (server/limits.js): the server's client_max_body_size
 * is the default, and each route with its own limit has an exact location with that limit, which
 * passes to the same place as `location /`.
 */
function checkBodyLimits(tag: Tag, conf: NginxConf) {
  const t = conf.text;
  const locations = new Map<string, string>();
  for (const m of t.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)) locations.set(`${m[1] ? '=' : ''}${m[2]}`, m[3]!);
  let outside = t;
  for (const m of t.matchAll(/location\s+[^{]*\{[^}]*\}/g)) outside = outside.replace(m[0], '');
  const server = /client_max_body_size\s+(\S+?)\s*;/.exec(outside);
  check(
    server !== null && nginxBytes(server[1]!) === DEFAULT_BODY_LIMIT,
    `[${tag}] client_max_body_size of the server is the app's default body limit, ${DEFAULT_BODY_LIMIT / MB} MB (${server?.[1] ?? "none: nginx's default 1m"})`,
  );
  const root = locations.get('/');
  check(root !== undefined && !/client_max_body_size/.test(root), `[${tag}] location / takes the server's limit`);
  for (const [route, bytes] of Object.entries(BODY_LIMITS)) {
    const block = locations.get(`=${route}`);
    const size = block ? /client_max_body_size\s+(\S+?)\s*;/.exec(block)?.[1] : undefined;
    const pass = block ? /proxy_pass\s+(\S+?)\s*;/.exec(block)?.[1] : undefined;
    check(
      size !== undefined && nginxBytes(size) === bytes && pass === conf.proxyPass,
      `[${tag}] location = ${route} has the app's limit for it, ${bytes / MB} MB, and passes to ${conf.proxyPass} (${block ? `client_max_body_size ${size ?? 'missing'}, proxy_pass ${pass ?? 'missing'}` : 'no such location'})`,
    );
  }
  const extra = [...locations.keys()].filter((k) => k !== '/' && !Object.hasOwn(BODY_LIMITS, k.replace(/^=/, '')));
  check(extra.length === 0, `[${tag}] no other locations (their proxy settings would not be checked here)`, extra.join(', '));
}

function nginxBinary(): string | null {
  if (process.env.NGINX_BIN) return fs.existsSync(process.env.NGINX_BIN) ? process.env.NGINX_BIN : null;
  if (fs.existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** nginx -t -c on the block, inside a minimal nginx.conf, with a self-signed certificate. */
function nginxTest(tag: Tag, conf: NginxConf, dir: string) {
  const bin = nginxBinary();
  if (!bin) {
    notChecked(
      `[${tag}] nginx -t`,
      'nginx is not installed (no /usr/sbin/nginx, none on PATH, NGINX_BIN not set); `apt-get install nginx` would make this check run',
    );
    return;
  }
  const openssl = spawnSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).stdout.trim();
  if (!openssl) {
    notChecked(`[${tag}] nginx -t`, 'openssl is not installed, so there is no certificate to test the TLS server with');
    return;
  }
  const ngx = path.join(dir, `nginx-${tag}`);
  fs.mkdirSync(ngx, { recursive: true });
  const cert = path.join(ngx, 'fullchain.pem');
  const key = path.join(ngx, 'privkey.pem');
  const made = spawnSync(
    openssl,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${conf.serverName}`],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) {
    fail(`[${tag}] openssl made a self-signed certificate`, made.stderr);
    return;
  }
  const site = conf.text.replace(/(ssl_certificate\s+)\S+;/, `$1${cert};`).replace(/(ssl_certificate_key\s+)\S+;/, `$1${key};`);
  fs.writeFileSync(path.join(ngx, 'linssi.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `    ${n}_temp_path ${path.join(ngx, n)};`).join('\n');
  fs.writeFileSync(
    path.join(ngx, 'nginx.conf'),
    `pid ${path.join(ngx, 'nginx.pid')};\nerror_log ${path.join(ngx, 'error.log')};\nevents {}\nhttp {\n    access_log off;\n${temp}\n    include ${path.join(ngx, 'linssi.conf')};\n}\n`,
  );
  const t = spawnSync(bin, ['-t', '-p', ngx, '-c', path.join(ngx, 'nginx.conf')], { encoding: 'utf8' });
  const output = `${t.stdout}${t.stderr}`;
  check(t.status === 0 && /test is successful/.test(output), `[${tag}] nginx -t -c accepts the block (${bin}, self-signed certificate)`, output);
}

function systemdVerify(unitText: string, dir: string) {
  const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  if (!analyze) {
    notChecked('[systemd-unit] systemd-analyze verify', 'systemd-analyze is not installed');
    return;
  }
  const unitDir = path.join(dir, 'systemd');
  fs.mkdirSync(unitDir, { recursive: true });
  const file = path.join(unitDir, 'linssi.service');
  fs.writeFileSync(file, unitText);
  const r = spawnSync(analyze, ['verify', file], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`.trim();
  check(r.status === 0 && output === '', '[systemd-unit] systemd-analyze verify: no errors or warnings', output);
}

// ─── Cron ────────────────────────────────────────────────────────────────────────────────────

interface CronJob {
  schedule: string[];
  user: string;
  command: string;
}

function parseCron(body: string): { env: Record<string, string>; jobs: CronJob[] } {
  const env: Record<string, string> = {};
  const jobs: CronJob[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const assign = /^([A-Z_]+)=(.*)$/.exec(line);
    if (assign) {
      env[assign[1]!] = assign[2]!;
      continue;
    }
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) throw new Error(`not a /etc/cron.d line: ${line}`);
    jobs.push({ schedule: m.slice(1, 6), user: m[6]!, command: m[7]! });
  }
  return { env, jobs };
}

/** What cron hands to the shell: `\%` becomes `%`; an unescaped `%` would end the command there. */
function cronCommand(field: string): string {
  let out = '';
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '\\' && field[i + 1] === '%') {
      out += '%';
      i++;
    } else if (field[i] === '%') {
      throw new Error(`an unescaped % at column ${i + 1}: cron would end the command there (write \\%)`);
    } else out += field[i];
  }
  return out;
}

// ─── Running a shell block ───────────────────────────────────────────────────────────────────

interface Context {
  name: string;
  dir: string;
  /** Replacements of the doc's paths and host names, longest first. */
  subst: Array<[string, string]>;
  /** The linssi user's home here (the HOME of `sudo -u linssi -H`). */
  home: string;
  pg?: { bin: string; port: number };
  /** What `systemctl start|stop|restart linssi` does in this block. */
  service?: (op: 'start' | 'stop' | 'restart') => Promise<void>;
  /** `systemctl status linssi`. */
  status?: () => void;
  /** Backup file names with the doc's example date are read as today's. */
  todaysBackup?: boolean;
}

function substitute(text: string, ctx: Context): string {
  let out = text;
  for (const [from, to] of ctx.subst) out = out.split(from).join(to);
  if (ctx.todaysBackup) out = out.replace(/linssi-\d{4}-\d{2}-\d{2}\.(db|dump)\b/g, `linssi-${today}.$1`);
  return out;
}

type Action =
  | { kind: 'cd'; dir: string }
  | { kind: 'run'; cmd: string; as: 'linssi' | 'postgres' | 'client' }
  | { kind: 'skip'; why: string }
  | { kind: 'service'; op: 'start' | 'stop' | 'restart' }
  | { kind: 'status' }
  | { kind: 'build' };

const SYSTEM = 'changes this machine (system users, packages, /etc); the check runs as the current user in temporary directories';
const NO_SYSTEMD = 'needs systemd as PID 1; the check starts and stops `node server.js` itself, as the unit file says';

/** Every command of the doc's shell blocks matches one of these; the first match decides. */
const RULES: Array<[RegExp, (m: RegExpExecArray) => Action]> = [
  [/^cd (\S+)$/, (m) => ({ kind: 'cd', dir: m[1]! })],
  [/^curl \S+ \S+\/setup_\d+\.x \| sudo bash -$/, () => ({ kind: 'skip', why: `adds NodeSource's package repository: ${SYSTEM}` })],
  [/^sudo apt-get install /, () => ({ kind: 'skip', why: `installs packages: ${SYSTEM}` })],
  [/^sudo useradd /, () => ({ kind: 'skip', why: SYSTEM })],
  [/^sudo install /, () => ({ kind: 'skip', why: `${SYSTEM}; it creates the same directories and files there` })],
  [/^sudo editor /, () => ({ kind: 'skip', why: 'opens an editor; the check writes the lines of the next block to the file itself' })],
  [/^sudo git (clone|pull)\b/, () => ({ kind: 'skip', why: 'fetches over the network into /srv/linssi; the check uses this checkout as /srv/linssi' })],
  [/^sudo npm ci$/, () => ({ kind: 'skip', why: "would reinstall this checkout's node_modules (others use it); the check uses the installed ones" })],
  [/^sudo npm run build$/, () => ({ kind: 'build' })],
  [/^sudo systemctl (daemon-reload|reload nginx|reload postgresql)$/, () => ({ kind: 'skip', why: NO_SYSTEMD })],
  [/^sudo systemctl (?:enable --now|start) linssi$/, () => ({ kind: 'service', op: 'start' })],
  [/^sudo systemctl (stop|restart) linssi$/, (m) => ({ kind: 'service', op: m[1] as 'stop' | 'restart' })],
  [/^systemctl status linssi$/, () => ({ kind: 'status' })],
  [/^sudo ln -s \S+ \/etc\/nginx\/sites-enabled\/\S*$/, () => ({ kind: 'skip', why: `enables the site in /etc/nginx: ${SYSTEM}` })],
  [/^sudo nginx -t$/, () => ({ kind: 'skip', why: 'the check runs nginx -t -c on a copy of the block instead (see the nginx lines)' })],
  [/^sudo -u linssi -H (.+)$/, (m) => ({ kind: 'run', cmd: m[1]!, as: 'linssi' })],
  [/^sudo -u postgres ((?:psql|createdb|dropdb) .+)$/, (m) => ({ kind: 'run', cmd: m[1]!, as: 'postgres' })],
  [/^((?:pg_dump|pg_restore|psql|createdb|dropdb) .+)$/, (m) => ({ kind: 'run', cmd: m[1]!, as: 'client' })],
];

function classify(cmd: string): Action | null {
  for (const [re, make] of RULES) {
    const m = re.exec(cmd);
    if (m) return make(m);
  }
  return null;
}

/** The command as a reader would name it: without the sudo and environment-file wrapper. */
function label(cmd: string): string {
  const short = cmd.replace(/^sudo -u \w+ -H sh -c '(?:set -a && \. \S+ && )?(.*)'$/, '$1').replace(/^sudo -u \w+ (-H )?/, '');
  return short.length > 110 ? `${short.slice(0, 107)}…` : short;
}

/** Runs (or maps, or lists as not checked) every command of a shell block, in order. */
async function runBlock(tag: Tag, ctx: Context): Promise<Ran[]> {
  const results: Ran[] = [];
  let cwd = ctx.home;
  for (const cmd of commandsOf(block(tag).body)) {
    const action = classify(cmd);
    if (!action) {
      fail(`[${tag}] no rule in scripts/deploy-check.ts for the doc's command: ${cmd}`);
      continue;
    }
    switch (action.kind) {
      case 'cd': {
        cwd = substitute(action.dir, ctx);
        check(fs.existsSync(cwd), `[${tag}] cd ${action.dir} (${cwd})`);
        break;
      }
      case 'skip':
        notChecked(`[${tag}] ${cmd}`, action.why);
        break;
      case 'build':
        if (fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
          notChecked(`[${tag}] ${cmd}`, 'build/index.js exists; not rebuilt (others may be serving this checkout)');
        } else {
          const r = await sh('npm run build', { cwd: ROOT, env: cleanEnv() });
          check(r.code === 0, `[${tag}] npm run build (build/index.js was missing)`, r.out + r.err);
        }
        break;
      case 'service':
        if (!ctx.service) fail(`[${tag}] ${cmd}: the check has no app server to ${action.op} here`);
        else await ctx.service(action.op);
        break;
      case 'status':
        if (ctx.status) ctx.status();
        else notChecked(`[${tag}] ${cmd}`, NO_SYSTEMD);
        break;
      case 'run': {
        const line = substitute(action.cmd, ctx);
        const extra: Record<string, string> = {};
        if (action.as === 'linssi') {
          extra.HOME = ctx.home;
          // The throwaway server's client binaries and port, for pg_restore run as linssi.
          if (ctx.pg) Object.assign(extra, { PATH: `${ctx.pg.bin}:${process.env.PATH}`, PGPORT: String(ctx.pg.port) });
        } else {
          if (!ctx.pg) {
            fail(`[${tag}] ${cmd}: needs PostgreSQL`);
            break;
          }
          Object.assign(extra, { PATH: `${ctx.pg.bin}:${process.env.PATH}`, PGHOST: '127.0.0.1', PGPORT: String(ctx.pg.port) });
          if (action.as === 'postgres') extra.PGUSER = 'postgres';
        }
        const r = await sh(line, { cwd, env: cleanEnv(extra) });
        results.push(r);
        check(r.code === 0, `[${tag}] ${label(cmd)} (exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s)`, r.out + r.err);
        break;
      }
    }
  }
  return results;
}

function ranWith(results: Ran[], needle: string): Ran | undefined {
  return results.find((r) => r.cmd.includes(needle));
}

/**
 * Runs a cron line's command as cron would: the file's SHELL and PATH, the user's HOME as working
 * directory. For pg_dump the check adds the throwaway server's binaries in front of PATH and its
 * port as PGPORT (the doc's host has the default port 5432).
 */
async function runCronJob(
  tag: Tag,
  ctx: Context,
  env: Record<string, string>,
  job: CronJob,
  pathPrefix = '',
  extraEnv: Record<string, string> = {},
): Promise<Ran | null> {
  let command: string;
  try {
    command = substitute(cronCommand(job.command), ctx);
  } catch (error) {
    fail(`[${tag}] the cron line's command: ${(error as Error).message}`);
    return null;
  }
  const cronPath = env.PATH ?? '/usr/bin:/bin';
  const r = await sh(command, {
    cwd: ctx.home,
    shell: env.SHELL ?? '/bin/sh',
    env: {
      ...cleanEnv({ HOME: ctx.home, LOGNAME: job.user, SHELL: env.SHELL ?? '/bin/sh' }),
      PATH: pathPrefix ? `${pathPrefix}:${cronPath}` : cronPath,
      ...extraEnv,
    },
  });
  check(
    r.code === 0,
    `[${tag}] the cron line "${job.schedule.join(' ')} ${job.user}" runs (exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s)`,
    `${command}\n${r.out}${r.err}`,
  );
  return r;
}

/** Two old files for the retention test: one 20 days old (to be deleted), one 5 days old (kept). */
function oldBackups(dir: string, ext: string): [string, string] {
  const old = path.join(dir, `linssi-2000-01-01.${ext}`);
  const recent = path.join(dir, `linssi-2000-01-02.${ext}`);
  for (const [file, days] of [
    [old, 20],
    [recent, 5],
  ] as const) {
    fs.writeFileSync(file, 'not a real backup: the retention test\n');
    const t = new Date(Date.now() - days * 86_400_000);
    fs.utimesSync(file, t, t);
  }
  return [old, recent];
}

/** Every file the backup left in the directory matches the clean-up's `find -name` pattern: nothing piles up. */
function checkCleanupCovers(tag: Tag, command: string, dir: string) {
  const glob = /-name '([^']+)'/.exec(command)?.[1];
  if (!glob) {
    fail(`[${tag}] the cron line deletes old copies with find -name '…'`);
    return;
  }
  const pattern = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^$()|[\]{}\\]/, '\\$&')))
    .join('');
  const re = new RegExp(`^${pattern}$`);
  const files = fs.readdirSync(dir);
  const stray = files.filter((f) => !re.test(f));
  check(
    stray.length === 0,
    `[${tag}] every file the backup wrote (${files.join(', ')}) matches the clean-up's -name '${glob}'`,
    `never deleted: ${stray.join(', ')}`,
  );
}

function sqliteCount(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(
      db
        .prepare(sql)
        .pluck()
        .get(...params),
    );
  } finally {
    db.close();
  }
}

// ─── 1. One machine ──────────────────────────────────────────────────────────────────────────

/** The scenario's stand-ins for /etc/linssi, /var/lib/linssi and /var/backups/linssi, and the doc's paths mapped onto them. */
function scenarioDirs(dir: string) {
  const dirs = { etc: path.join(dir, 'etc'), lib: path.join(dir, 'lib'), backups: path.join(dir, 'backups') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const subst: Array<[string, string]> = [
    ['/srv/linssi', ROOT],
    ['/etc/linssi', dirs.etc],
    ['/var/lib/linssi', dirs.lib],
    ['/var/backups/linssi', dirs.backups],
  ];
  return { ...dirs, subst };
}

/** Writes the doc's environment block to the (temporary) /etc/linssi/linssi.env, with PORT set to `port`. */
function writeEnvFile(tag: Tag, ctx: Context, file: string, port: number, code: Set<string>): Record<string, string> | null {
  let env: Record<string, string>;
  try {
    env = parseEnvFile(substitute(block(tag).body, ctx));
  } catch (error) {
    fail(`[${tag}] ${(error as Error).message}`);
    return null;
  }
  const unknown = Object.keys(env).filter((k) => !code.has(k));
  check(
    unknown.length === 0,
    `[${tag}] plain NAME=value lines, each a variable the app reads (${Object.keys(env).join(', ')})`,
    `not read by the app: ${unknown.join(', ')}`,
  );
  check(env.NODE_ENV === 'production' && env.TRUST_PROXY === 'true', `[${tag}] NODE_ENV=production and TRUST_PROXY=true`);
  env.PORT = String(port);
  fs.writeFileSync(
    file,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return env;
}

async function oneMachine(tmp: string, code: Set<string>) {
  console.log('# 1. One machine (SQLite)');
  const dir = path.join(tmp, 'one');
  const d = scenarioDirs(dir);
  const ctx: Context = {
    name: 'one machine',
    dir,
    home: d.lib,
    subst: d.subst,
  };
  const servers: AppServer[] = [];
  const proxies: FakeNginx[] = [];
  try {
    await runBlock('install', ctx);
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    check(nodeMajor >= 20, `Node.js 20 or later (${process.version})`);

    await runBlock('env-file-create', ctx);
    const envFile = path.join(d.etc, 'linssi.env');
    const docEnv = parseEnvFile(block('env-one-machine').body);
    const appPort = await freePort();
    const env = writeEnvFile('env-one-machine', ctx, envFile, appPort, code);
    if (!env) return;
    check(docEnv.HOST === '127.0.0.1', '[env-one-machine] HOST=127.0.0.1: only nginx on the same machine reaches the app');
    const dbFile = (env.DATABASE_URL ?? '').replace(/^file:/, '');

    // Database and first administrator.
    const setup = await runBlock('setup-one-machine', ctx);
    check(/Database is up to date/.test(ranWith(setup, 'db:setup')?.out ?? ''), '[setup-one-machine] db:setup says the database is up to date');
    const created = ranWith(setup, 'user:create');
    const password = /Password \(shown once\): (\S+)/.exec(created?.out ?? '')?.[1];
    const username = /--username (\S+)/.exec(created?.cmd ?? '')?.[1] ?? '';
    if (
      !check(
        password && fs.existsSync(dbFile),
        `[setup-one-machine] user:create printed ${username}'s password once; the database is ${dbFile}`,
        created ? created.out + created.err : 'user:create did not run',
      )
    )
      return;
    check(
      sqliteCount(dbFile, 'SELECT COUNT(*) FROM users WHERE username = ?', username) === 1 &&
        sqliteCount(dbFile, "SELECT COUNT(*) FROM settings WHERE key = 'demo_users'") === 0,
      '[setup-one-machine] the administrator exists, and there is no demo data',
    );

    // The systemd unit.
    const unit = parseUnit(substitute(block('systemd-unit').body, ctx));
    const raw = parseUnit(block('systemd-unit').body).sections.Service ?? {};
    check(raw.Restart === 'always', '[systemd-unit] Restart=always');
    check(raw.User === 'linssi' && raw.Group === 'linssi', '[systemd-unit] runs as the dedicated user linssi');
    check(/^\S*\/node server\.js$/.test(raw.ExecStart ?? ''), `[systemd-unit] ExecStart runs node server.js (${raw.ExecStart})`);
    check(
      raw.WorkingDirectory === '/srv/linssi' && raw.EnvironmentFile === '/etc/linssi/linssi.env',
      '[systemd-unit] WorkingDirectory=/srv/linssi, EnvironmentFile=/etc/linssi/linssi.env',
    );
    check(
      (raw.KillSignal ?? 'SIGTERM') === 'SIGTERM' && Number(raw.TimeoutStopSec ?? 90) >= 10,
      '[systemd-unit] stops with SIGTERM and waits at least the 10 s the app needs at most',
    );
    check(
      raw.ReadWritePaths === '/var/lib/linssi' && path.dirname(docEnv.DATABASE_URL?.replace(/^file:/, '') ?? '') === '/var/lib/linssi',
      "[systemd-unit] ReadWritePaths is the database's directory",
    );
    systemdVerify(unit.text, dir);

    // Start, as `systemctl enable --now linssi`.
    let app: AppServer | null = null;
    const service = async (op: 'start' | 'stop' | 'restart') => {
      if ((op === 'stop' || op === 'restart') && app) {
        const s = app;
        const { code: exit, ms } = await s.stop();
        servers.splice(servers.indexOf(s), 1);
        check(
          exit === 0 && /SIGTERM: closing/.test(s.output) && ms < 10_000,
          `systemctl ${op} linssi: SIGTERM, graceful shutdown, exit 0 in ${(ms / 1000).toFixed(1)} s`,
          s.output,
        );
        app = null;
      }
      if (op === 'start' || op === 'restart') {
        try {
          app = await AppServer.start('app', unit, envFile, appPort);
          servers.push(app);
          ok(
            `systemctl ${op === 'restart' ? 'restart' : 'start'} linssi: node server.js listens on 127.0.0.1:${appPort} (${/database: [^\n]*/.exec(app.output)?.[0] ?? ''})`,
          );
        } catch (error) {
          fail(`systemctl ${op} linssi: node server.js starts`, String(error));
        }
      }
    };
    await runBlock('start-one-machine', {
      ...ctx,
      service,
      status: () => check(app && app.child.exitCode === null, 'systemctl status linssi: the server is running'),
    });
    if (!app) return;

    // nginx.
    const nginxConf = parseNginx(block('nginx-one-machine').body);
    checkNginxBlock('nginx-one-machine', nginxConf, { proxyPass: `http://${docEnv.HOST}:${docEnv.PORT}` });
    nginxTest('nginx-one-machine', nginxConf, dir);
    await runBlock('nginx-enable', ctx);

    const proxy = await startFake(nginxConf, [appPort]);
    proxies.push(proxy);
    const host = nginxConf.serverName;
    const browser = new Browser(proxy.port, host);
    const loginPage = await browser.get('/login');
    check(loginPage.status === 200, `GET https://${host}/login through the nginx stand-in: 200`, `${loginPage.status} ${loginPage.body.slice(0, 300)}`);
    check(/max-age=\d+/.test(String(loginPage.headers['strict-transport-security'] ?? '')), 'the app sends HSTS (NODE_ENV=production)');

    // A failed login with a forged X-Forwarded-For: the address recorded must be the browser's.
    const wrong = await browser.login(username, 'not-the-password-at-all', { 'X-Forwarded-For': '203.0.113.9' });
    check(wrong.status === 401, `a wrong password through the proxy is refused: ${wrong.status}`);
    const addresses = (() => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db.prepare('SELECT address FROM login_failures').pluck().all() as string[];
      } finally {
        db.close();
      }
    })();
    check(
      addresses.length === 1 && addresses[0] === '127.0.0.2',
      `login throttling counts the browser's own address (127.0.0.2), not the proxy's (127.0.0.1) nor a forged X-Forwarded-For (recorded: ${addresses.join(', ')})`,
    );

    const login = await browser.login(username, password!);
    const cookie = (login.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-linssi_session='));
    check(
      login.status === 302 && cookie && /;\s*Secure/i.test(cookie),
      `the login form post through the proxy with TRUST_PROXY=true: ${login.status} and a Secure __Host- session cookie`,
      login.body.slice(0, 500),
    );
    const users = await browser.get('/admin/users');
    check(
      users.status === 200 && users.body.includes(username),
      `the session works: GET /admin/users as ${username} is 200`,
      `${users.status} ${users.headers.location ?? ''}`,
    );
    const foreign = await browser.post('/logout', {}, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    check(foreign.status === 403, `a form post from another site through the proxy is still refused: ${foreign.status}`);

    // The same without TRUST_PROXY: the doc says every form post is refused.
    const plainPort = await freePort();
    try {
      const plain = await AppServer.start('app without TRUST_PROXY', unit, envFile, plainPort, {}, ['TRUST_PROXY']);
      servers.push(plain);
      const plainProxy = await startFake(nginxConf, [plainPort]);
      proxies.push(plainProxy);
      const refused = await new Browser(plainProxy.port, host).login(username, password!);
      check(
        refused.status === 403 && /Cross-site request refused/.test(refused.body),
        `without TRUST_PROXY=true the same login through the proxy is refused: 403 "${refused.body.trim()}"`,
      );
      await plain.stop();
      servers.splice(servers.indexOf(plain), 1);
    } catch (error) {
      fail('a second app server without TRUST_PROXY starts', String(error));
    }

    // Backups: the cron lines, while the server runs.
    const cron = parseCron(block('cron-sqlite').body);
    const backupJob = cron.jobs.find((j) => j.command.includes('db:backup'));
    const restoreJob = cron.jobs.find((j) => j.command.includes('db:restore'));
    check(
      backupJob && backupJob.schedule.slice(2).every((f) => f === '*') && backupJob.user === 'linssi',
      '[cron-sqlite] a nightly db:backup line, run as linssi',
    );
    check(
      restoreJob && restoreJob.schedule[4] !== '*' && restoreJob.schedule[2] === '*' && restoreJob.user === 'linssi',
      '[cron-sqlite] a weekly db:restore line into a scratch file, run as linssi',
    );
    const todays = path.join(d.backups, `linssi-${today}.db`);
    if (backupJob) {
      const [old, recent] = oldBackups(d.backups, 'db');
      const r = await runCronJob('cron-sqlite', ctx, cron.env, backupJob);
      if (r) {
        check(
          /integrity ok, foreign keys ok/.test(r.out) && fs.existsSync(todays),
          `[cron-sqlite] db:backup while the server runs wrote ${path.basename(todays)} ($(date +%F)), checked`,
          r.out + r.err,
        );
        check(!fs.existsSync(old) && fs.existsSync(recent), '[cron-sqlite] the clean-up deleted a 20-day-old copy and kept a 5-day-old one');
        checkCleanupCovers('cron-sqlite', backupJob.command, d.backups);
        check(
          fs.existsSync(todays) && sqliteCount(todays, 'SELECT COUNT(*) FROM users WHERE username = ?', username) === 1,
          `[cron-sqlite] the copy opens and holds ${username}`,
        );
      }
    }
    if (restoreJob) {
      const r = await runCronJob('cron-sqlite', ctx, cron.env, restoreJob);
      if (r) {
        const scratch = fs.readdirSync(d.lib).filter((f) => f.startsWith('restore-test'));
        check(
          /integrity ok, foreign keys ok/.test(r.out) && scratch.length === 0,
          '[cron-sqlite] the weekly restore test restored the copy into a scratch file, checked it, removed it',
          r.out + r.err,
        );
        check(fs.existsSync(dbFile) && sqliteCount(dbFile, 'SELECT COUNT(*) FROM users') >= 1, '[cron-sqlite] the restore test left the live database alone');
      }
    }

    // A change after the backup, which the restore must undo.
    const later = 'after.backup';
    const laterPassword = 'after-backup-password-1';
    const laterRun = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username ${later} --name "After Backup" --role official --password ${laterPassword}'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(
      laterRun.code === 0 && (await new Browser(proxy.port, host).login(later, laterPassword)).status === 302,
      `(test only) a user ${later} created after the backup can log in`,
      laterRun.out + laterRun.err,
    );

    await runBlock('restore-sqlite', { ...ctx, service, todaysBackup: true });
    if (app) {
      const after = new Browser(proxy.port, host);
      check((await after.login(later, laterPassword)).status === 401, `after db:restore the user created after the backup is gone (login 401)`);
      check((await new Browser(proxy.port, host).login(username, password!)).status === 302, `after db:restore ${username} logs in through the proxy`);
    }

    // Upgrade.
    const upgrade = await runBlock('upgrade-one-machine', { ...ctx, service });
    const before = fs.readdirSync(d.backups).filter((f) => f.startsWith('before-upgrade-') && f.endsWith('.db'));
    check(before.length === 1 && ranWith(upgrade, 'db:backup')?.code === 0, `[upgrade-one-machine] a checked backup before the upgrade: ${before.join(', ')}`);
    check(/Database is up to date/.test(ranWith(upgrade, 'db:setup')?.out ?? ''), '[upgrade-one-machine] db:setup ran after the new build');
    if (app) {
      const again = new Browser(proxy.port, host);
      const r = await again.login(username, password!);
      check(
        r.status === 302 && (await again.get('/admin/users')).status === 200,
        `[upgrade-one-machine] after the upgrade ${username} logs in and the pages load`,
      );
    }
  } finally {
    for (const p of proxies) await stopFake(p);
    for (const s of servers) await s.stop();
  }
}

// ─── 2. Several machines ─────────────────────────────────────────────────────────────────────

async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function severalMachines(tmp: string, code: Set<string>) {
  console.log('# 2. Several machines (PostgreSQL)');
  const bin = pgBinDir();
  if (!bin) {
    notChecked('section 2 (several machines)', 'PostgreSQL binaries not found (apt-get install postgresql, or set PG_BIN)');
    return;
  }
  const pgConf = block('postgresql-conf').body;
  const maxConnections = Number(/^max_connections\s*=\s*(\d+)/m.exec(pgConf)?.[1] ?? NaN);
  check(Number.isFinite(maxConnections), `[postgresql-conf] max_connections = ${maxConnections}`);
  notChecked('[postgresql-conf] listen_addresses', 'the throwaway server listens on 127.0.0.1 only');

  let server: PgServer | null = null;
  const apps: AppServer[] = [];
  const proxies: FakeNginx[] = [];
  try {
    server = await startPgServer(Number.isFinite(maxConnections) ? { max_connections: String(maxConnections) } : {});
    pgServers.add(server);
    ok(`a throwaway PostgreSQL (${bin}) on 127.0.0.1:${server.port}, max_connections ${maxConnections}`);
    const dir = path.join(tmp, 'several');
    const d = scenarioDirs(dir);
    const ctx: Context = {
      name: 'several machines',
      dir,
      home: d.lib,
      pg: { bin, port: server.port },
      subst: [
        ...d.subst,
        ['db.kunta.example:5432', `127.0.0.1:${server.port}`],
        ['db.kunta.example', '127.0.0.1'],
        ['10.0.0.11', '127.0.0.1'],
        ['10.0.0.12', '127.0.0.1'],
      ],
    };

    // The role and the database, as the doc's SQL.
    const sqlFile = path.join(dir, 'pg-database.sql');
    fs.writeFileSync(sqlFile, block('pg-database').body);
    const psql = await sh(`${path.join(bin, 'psql')} -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${server.port} -U postgres -d postgres -f ${sqlFile}`, {
      cwd: dir,
      env: cleanEnv(),
    });
    check(psql.code === 0, '[pg-database] the SQL runs in psql as postgres (CREATE ROLE, CREATE DATABASE)', psql.out + psql.err);

    // Environment file.
    const docEnv = parseEnvFile(block('env-several').body);
    const envFile = path.join(d.etc, 'linssi.env');
    const [portA, portB] = [await freePort(), await freePort()];
    const env = writeEnvFile('env-several', ctx, envFile, portA, code);
    if (!env) return;
    const url = env.DATABASE_URL ?? '';

    // The doc's pg_hba.conf lines, in front of the throwaway server's trust lines: from here on the
    // linssi role needs its password (scram-sha-256), as on a real database server.
    const hba = path.join(server.dir, 'data', 'pg_hba.conf');
    if (fs.existsSync(hba)) {
      fs.writeFileSync(hba, `${substitute(block('pg-hba').body, ctx)}${fs.readFileSync(hba, 'utf8')}`);
      await pgQuery(server.adminUrl, 'SELECT pg_reload_conf()');
      const noPassword = new URL(url);
      noPassword.password = '';
      const refused = await pgQuery(noPassword.toString(), 'SELECT 1').then(
        () => 'connected',
        (error: Error) => error.message,
      );
      const accepted = await pgQuery(url, 'SELECT 1').then(
        () => 'connected',
        (error: Error) => error.message,
      );
      check(
        refused !== 'connected' && accepted === 'connected',
        `[pg-hba] the lines are in force: linssi without a password is refused (${refused}), with DATABASE_URL's password it connects`,
      );
    } else {
      notChecked('[pg-hba] the pg_hba.conf lines', `no ${hba}: the throwaway server uses trust authentication`);
    }
    check(
      /^postgres:\/\//.test(docEnv.DATABASE_URL ?? '') && docEnv.DATABASE_POOL_MAX !== undefined,
      `[env-several] DATABASE_URL=postgres://… and DATABASE_POOL_MAX=${docEnv.DATABASE_POOL_MAX}`,
    );
    const pool = Number(docEnv.DATABASE_POOL_MAX ?? 10);

    // The app servers never migrate: node server.js on the new, empty database.
    const unit = parseUnit(substitute(block('systemd-unit').body, ctx));
    try {
      const bare = await AppServer.start('app on the empty database', unit, envFile, portA);
      apps.push(bare);
      const page = await request(portA, 'GET', '/login', { Host: 'localhost' });
      const tables = await pgQuery<{ n: number }>(url, "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      check(
        tables[0]?.n === 0 && page.status === 500,
        `node server.js on the new, empty database creates no tables (0) and fails its first request (${page.status}): the app servers never migrate`,
      );
      await bare.stop();
      apps.splice(apps.indexOf(bare), 1);
    } catch (error) {
      fail('node server.js starts on the empty database', String(error));
    }

    // Migrations once, from one machine, and the administrator.
    const setup = await runBlock('setup-several', ctx);
    const migrations = await pgQuery<{ n: number }>(url, 'SELECT COUNT(*)::int AS n FROM knex_migrations');
    check(
      /Database is up to date/.test(ranWith(setup, 'db:setup')?.out ?? '') && (migrations[0]?.n ?? 0) > 0,
      `[setup-several] db:setup migrated the PostgreSQL database as the linssi role (${migrations[0]?.n} migrations)`,
    );
    const created = ranWith(setup, 'user:create');
    const password = /Password \(shown once\): (\S+)/.exec(created?.out ?? '')?.[1];
    const username = /--username (\S+)/.exec(created?.cmd ?? '')?.[1] ?? '';
    if (!check(password, `[setup-several] user:create printed ${username}'s password once`, created ? created.out + created.err : 'user:create did not run'))
      return;

    // Two app servers.
    const byName = new Map<string, AppServer>();
    const ports: Record<string, number> = { A: portA, B: portB };
    const startApp = async (name: 'A' | 'B') => {
      try {
        const s = await AppServer.start(`app server ${name}`, unit, envFile, ports[name]!);
        apps.push(s);
        byName.set(name, s);
        ok(`app server ${name}: node server.js on 127.0.0.1:${ports[name]} (${/database: [^\n]*/.exec(s.output)?.[0] ?? ''})`);
      } catch (error) {
        fail(`app server ${name} starts`, String(error));
      }
    };
    const stopApp = async (name: 'A' | 'B') => {
      const s = byName.get(name);
      if (!s) return;
      const { code: exit, ms } = await s.stop();
      apps.splice(apps.indexOf(s), 1);
      byName.delete(name);
      check(exit === 0 && /SIGTERM: closing/.test(s.output), `app server ${name} stopped: SIGTERM, graceful, exit 0 in ${(ms / 1000).toFixed(1)} s`, s.output);
    };
    const serviceOf = (names: Array<'A' | 'B'>) => async (op: 'start' | 'stop' | 'restart') => {
      for (const n of names) {
        if (op !== 'start') await stopApp(n);
        if (op !== 'stop') await startApp(n);
      }
    };
    await runBlock('start-several', { ...ctx, service: serviceOf(['A', 'B']) });
    if (byName.size !== 2) return;

    // The load balancer.
    const lbConf = parseNginx(block('nginx-balancer').body);
    checkNginxBlock('nginx-balancer', lbConf, { upstream: true });
    nginxTest('nginx-balancer', lbConf, dir);
    check(
      lbConf.upstreams.length * pool + 10 <= maxConnections,
      `pool sizing: ${lbConf.upstreams.length} app servers × DATABASE_POOL_MAX ${pool} + 10 ≤ max_connections ${maxConnections}`,
    );
    const upstreamPorts = lbConf.upstreams.map((_, i) => [portA, portB][i] ?? portB);
    const lb = await startFake(lbConf, upstreamPorts);
    proxies.push(lb);
    const host = lbConf.serverName;

    // Log in and load pages: each request goes to the other server.
    const admin = new Browser(lb.port, host);
    const from = lb.served.length;
    const login = await admin.login(username, password!);
    check(login.status === 302, `the login form post through the balancer: ${login.status}`, login.body.slice(0, 300));
    const pages = ['/guide', '/archive', '/admin/users', '/admin/organisation', '/admin/strategy', '/privacy'];
    const statuses: string[] = [];
    for (const p of pages) statuses.push(`${p} ${(await admin.get(p)).status}`);
    const seq = lb.served.slice(from);
    const alternates = seq.every((s, i) => i === 0 || s !== seq[i - 1]);
    check(
      statuses.every((s) => s.endsWith(' 200')),
      `the session works on both servers: ${statuses.join(', ')}`,
    );
    check(alternates && new Set(seq.slice(2)).size === 2, `round robin: the requests went to servers ${seq.map((i) => 'AB'[i]).join(' ')}`);

    // A write on one server is seen on the other.
    const departments = await pgQuery<{ id: number; name: string }>(url, 'SELECT id, name FROM departments WHERE active ORDER BY id LIMIT 1');
    const bodies = await pgQuery<{ id: number }>(url, 'SELECT id FROM bodies WHERE active ORDER BY id LIMIT 1');
    const official = 'olli.official';
    const officialPassword = 'official-password-1';
    const made = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username ${official} --name "Olli Official" --role official --department "${departments[0]?.name}" --password ${officialPassword}'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(made.code === 0, `(test only) user:create ${official}, an official of ${departments[0]?.name}`, made.out + made.err);
    const writer = new Browser(lb.port, host);
    await writer.login(official, officialPassword);
    const title = `Deploy check ${Date.now()}`;
    const n0 = lb.served.length;
    const create = await writer.post('/decisions/new', {
      title,
      caseNumber: '',
      bodyId: String(bodies[0]?.id),
      departmentId: String(departments[0]?.id),
      meetingDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      description: 'Written on one app server, read on the other.',
    });
    const location = create.headers.location ?? '';
    const show = await writer.get(location);
    const [w, r] = lb.served.slice(n0);
    check(
      create.status === 302 && /^\/decisions\/\d+\/checklist/.test(location) && show.status === 200 && show.body.includes(title) && w !== r,
      `a draft created on server ${'AB'[w ?? 0]} opens on server ${'AB'[r ?? 0]} (${create.status} ${location}, ${show.status})`,
      create.body.slice(0, 500),
    );

    // Login throttling is shared: 10 failures for one name, spread over both servers, lock it.
    const attacker = new Browser(lb.port, host);
    const n1 = lb.served.length;
    const tries: number[] = [];
    for (let i = 0; i < 11; i++)
      tries.push((await attacker.post('/login', { username: 'nobody.here', password: `wrong-password-${i}`, redirectTo: '/' })).status);
    const spread = new Set(lb.served.slice(n1)).size === 2;
    check(
      spread && tries.slice(0, 10).every((s) => s === 401) && tries[10] === 429,
      `login throttling across servers: 10 failures on both servers, then 429 (${tries.join(' ')})`,
    );

    // The pool: a burst of requests stays within N × DATABASE_POOL_MAX connections.
    await Promise.all(Array.from({ length: 40 }, () => admin.get('/guide')));
    const conns = await pgQuery<{ n: number }>(
      url,
      "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = 'linssi' AND usename = 'linssi' AND pid <> pg_backend_pid()",
    );
    check((conns[0]?.n ?? 0) <= 2 * pool, `40 concurrent requests: ${conns[0]?.n} connections from the 2 app servers (≤ 2 × ${pool})`);

    // Rolling upgrade: db:setup once, on the first server; the other keeps serving meanwhile.
    const during: number[] = [];
    const rolling = (name: 'A' | 'B') => async (op: 'start' | 'stop' | 'restart') => {
      await serviceOf([name])(op);
      if (op === 'stop') for (let i = 0; i < 4; i++) during.push((await admin.get('/guide')).status);
    };
    const first = await runBlock('upgrade-several-first', { ...ctx, service: rolling('A') });
    check(/Database is up to date/.test(ranWith(first, 'db:setup')?.out ?? ''), '[upgrade-several-first] db:setup ran once, from the first server');
    const others = await runBlock('upgrade-several-others', { ...ctx, service: rolling('B') });
    check(!ranWith(others, 'db:setup'), '[upgrade-several-others] the other servers do not run db:setup');
    check(
      during.length === 8 && during.every((s) => s === 200),
      `while one server was stopped the balancer served every request from the other (${during.join(' ')})`,
    );
    const n2 = lb.served.length;
    const afterRoll = [(await admin.get('/admin/users')).status, (await admin.get('/admin/users')).status];
    check(
      afterRoll.every((s) => s === 200) && new Set(lb.served.slice(n2)).size === 2,
      `after the rolling restart the same session works on both servers (${afterRoll.join(' ')})`,
    );

    // Backups: .pgpass and the pg_dump cron line.
    await runBlock('pgpass', ctx);
    const pgpass = path.join(d.lib, '.pgpass');
    check(fs.existsSync(pgpass) && (fs.statSync(pgpass).mode & 0o077) === 0, '[pgpass] ~linssi/.pgpass written, readable by its owner only');
    const cron = parseCron(block('cron-postgres').body);
    const dumpJob = cron.jobs.find((j) => j.command.includes('pg_dump'));
    const dump = path.join(d.backups, `linssi-${today}.dump`);
    if (check(dumpJob && /-Fc\b/.test(dumpJob.command) && dumpJob.user === 'linssi', '[cron-postgres] a nightly pg_dump -Fc line, run as linssi') && dumpJob) {
      const [old, recent] = oldBackups(d.backups, 'dump');
      const r = await runCronJob('cron-postgres', ctx, cron.env, dumpJob, bin, { PGPORT: String(server.port) });
      if (r) {
        const list = spawnSync(path.join(bin, 'pg_restore'), ['--list', dump], { encoding: 'utf8' });
        check(
          fs.existsSync(dump) && list.status === 0 && /TABLE DATA public users/.test(list.stdout),
          `[cron-postgres] pg_dump wrote ${path.basename(dump)}, a custom-format archive with the users' data (pg_dump of ${bin})`,
          r.out + r.err + list.stderr,
        );
        check(!fs.existsSync(old) && fs.existsSync(recent), '[cron-postgres] the clean-up deleted a 20-day-old dump and kept a 5-day-old one');
        checkCleanupCovers('cron-postgres', dumpJob.command, d.backups);
      }
    }

    // Restore into a new database and compare.
    await runBlock('restore-postgres', { ...ctx, todaysBackup: true });
    const restoredUrl = url.replace(/\/linssi$/, '/linssi_restored');
    const tables = ['users', 'decisions', 'assessments', 'knex_migrations'];
    const count = async (u: string) => {
      const out: Record<string, number> = {};
      for (const t of tables) out[t] = (await pgQuery<{ n: number }>(u, `SELECT COUNT(*)::int AS n FROM ${t}`))[0]?.n ?? -1;
      return out;
    };
    try {
      const [orig, copy] = [await count(url), await count(restoredUrl)];
      const show2 = (c: Record<string, number>) => tables.map((t) => `${t} ${c[t]}`).join(', ');
      check(
        tables.every((t) => orig[t] === copy[t]) && (orig.users ?? 0) >= 2 && (orig.decisions ?? 0) >= 1,
        `pg_restore into a new database: the same rows (${show2(copy)})`,
        `original: ${show2(orig)}\nrestored: ${show2(copy)}`,
      );
    } catch (error) {
      fail('the restored database can be read', String(error));
    }

    // Then put it in use: a change made after the dump must be gone.
    const lateRun = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username after.dump --name "After Dump" --role official --password after-dump-password'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(lateRun.code === 0, '(test only) a user after.dump created after the dump', lateRun.out + lateRun.err);
    await runBlock('switch-postgres', { ...ctx, service: serviceOf(['A', 'B']) });
    const back = new Browser(lb.port, host);
    const relogin = await back.login(username, password!);
    const decisionPage = location.replace(/\/checklist.*$/, '');
    const page = await back.get(decisionPage);
    check(relogin.status === 302 && (await back.get('/admin/users')).status === 200, `after the switch ${username} logs in through the balancer`);
    check(
      page.status === 200 && page.body.includes(title),
      `after the switch the draft from before the dump opens (GET ${decisionPage} as the admin: ${page.status})`,
    );
    check(
      (await new Browser(lb.port, host).login('after.dump', 'after-dump-password')).status === 401,
      'after the switch the user created after the dump is gone (login 401): the restored copy is in use',
    );
  } finally {
    for (const p of proxies) await stopFake(p);
    for (const s of [...apps]) await s.stop();
    if (server) {
      pgServers.delete(server);
      server.stop();
    }
  }
}

// ─── Main ────────────────────────────────────────────────────────────────────────────────────

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-deploy-check-'));
fs.chmodSync(tmp, 0o755);

async function cleanup() {
  for (const s of [...pgServers]) s.stop();
  for (const f of [...fakes]) await stopFake(f).catch(() => undefined);
  for (const s of [...live]) await s.stop().catch(() => undefined);
  if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => {
      console.log(`# ${signal}: stopped early; the servers it started are stopped`);
      console.log(`${passed} passed, ${failed + 1} failed`);
      process.exit(130);
    });
  });
}

try {
  readBlocks();
  const code = codeVariables();
  checkVariables(code);
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
    console.log('# build/index.js is missing: npm run build');
    const r = await sh('npm run build', { cwd: ROOT, env: cleanEnv() });
    check(r.code === 0, 'npm run build', r.out + r.err);
  }
  if (failed === 0 || blocks.size > 0) {
    await oneMachine(tmp, code).catch((error) => fail('section 1 ran to the end', String(error?.stack ?? error)));
    await severalMachines(tmp, code).catch((error) => fail('section 2 ran to the end', String(error?.stack ?? error)));
  }
} finally {
  await cleanup();
}
console.log(`# ${((Date.now() - started) / 1000).toFixed(0)} s${process.env.KEEP_TMP ? `; kept ${tmp}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
