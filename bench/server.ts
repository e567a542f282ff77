/**
 * The benchmark's view of the app: the production server (node server.js) started on loopback
 * on a generated database, logging in through the login form, and load through autocannon.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { freePort } from '../scripts/pg-server';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface BenchServer {
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to the first 200 from its ready path (/login). */
  startMs: number;
  /** Resident memory now, in MiB (Linux: /proc). */
  rssMiB: () => number | null;
  logs: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts server.js; `readyPath` is the page that must answer 200 before it counts as started (the
 * minimal app, served with LINSSI_BENCH_APP, has no /login).
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = [], readyPath = '/login'): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECURE_COOKIES: 'false',
      LINSSI_BENCH_ROUTE: '1',
      // The benchmark logs in a few times from one address; the throttle is not what is measured.
      LOGIN_ADDRESS_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`The server exited:\n${output}`);
    if (performance.now() - started > 120_000) throw new Error(`The server did not answer in 120 s:\n${output}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    startMs,
    logs: () => output,
    rssMiB: () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
        return kb ? Number(kb[1]) / 1024 : null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => !exited && process.kill(child.pid!, 'SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Logs in through the login form; returns the Cookie header of the session. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(url).origin },
    body: new URLSearchParams({ username, password }),
    redirect: 'manual',
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('linssi_session='));
  if (response.status !== 302 || !cookie) throw new Error(`Login as ${username} failed: ${response.status}`);
  return cookie;
}

export interface LoadFigures {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Responses other than the expected status, connection errors and timeouts: a valid run has none. */
  unexpected: number;
  /** For a page: the bare route's run just before it, at the same load (its baseline). */
  bare?: { rps: number; meanMs: number; p95Ms: number };
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  cookie: string;
  /** The status every response must have: 200 for pages, 302 for a save. */
  expect: number;
  request: autocannon.Request;
}

/** autocannon for a fixed time; the latencies of every response are kept, so p95 is exact. */
export async function load(options: LoadOptions): Promise<LoadFigures> {
  const latencies: number[] = [];
  let unexpected = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        // A POST carries the page's own Origin, as a browser's does (the server refuses one without).
        headers: {
          cookie: options.cookie,
          'content-type': 'application/x-www-form-urlencoded',
          ...(options.request.method && options.request.method !== 'GET' ? { origin: new URL(options.url).origin } : {}),
        },
        requests: [options.request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status !== options.expect) unexpected++;
    });
  });
  latencies.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    connections: options.connections,
    seconds,
    requests: latencies.length,
    rps: latencies.length / seconds,
    meanMs: latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    unexpected: unexpected + result.errors + result.timeouts,
  };
}

export interface Weight {
  /** JavaScript the page loads (its script and module-preload links), gzip-compressed, in bytes. */
  js: number;
  css: number;
  /** The HTML document itself, gzip-compressed. */
  html: number;
  files: number;
}

/** What a browser downloads for a page: the HTML, its scripts and its style sheets, each gzip-compressed as a reverse proxy would send them. */
export async function weigh(url: string, pathname: string, cookie: string): Promise<Weight> {
  const response = await fetch(url + pathname, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status}`);
  const html = await response.text();
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g))
    scripts.add(m[1] ?? m[2]!);
  for (const m of html.matchAll(/<script[^>]*src="([^"]+)"/g)) scripts.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g)) styles.add(m[1] ?? m[2]!);
  // Inline module imports (Remix's route modules are imported from an inline script).
  for (const m of html.matchAll(/import\s*(?:\*\s*as\s*\w+\s*from\s*)?"(\/build\/[^"]+\.js)"/g)) scripts.add(m[1]!);
  const gz = (text: string | Buffer) => zlib.gzipSync(text, { level: 6 }).length;
  const size = async (href: string) => {
    const r = await fetch(new URL(href, url), { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${href}: ${r.status}`);
    return gz(Buffer.from(await r.arrayBuffer()));
  };
  let js = 0;
  let css = 0;
  for (const s of scripts) js += await size(s);
  for (const s of styles) css += await size(s);
  return { js, css, html: gz(html), files: scripts.size + styles.size };
}
