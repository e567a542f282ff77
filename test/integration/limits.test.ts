/**
 * What one request may cost the server (docs/decisions/016):
 * a body over its route's limit is refused with 413 before Remix reads it (by Content-Length, or
 * as it streams, chunked too) and the connection is closed; the server's memory stays flat under
 * eight concurrent huge bodies; too many or too large headers get 431; a client that sends its
 * headers or its body too slowly is cut off, and an idle keep-alive connection is closed, each
 * after its timeout. Raw sockets and node:http, so that the test controls every byte.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client';
import { ROOT, TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { FI, cookieOf, count, fieldError, htmlOf } from './helpers';

const MB = 1024 * 1024;

let server: TestServer; // the defaults
let quick: TestServer; // short timeouts, set through the environment
let adminCookie = '';

beforeAll(async () => {
  [server, quick] = await Promise.all([
    startServer(),
    startServer({ HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '1.5', KEEP_ALIVE_TIMEOUT_SECONDS: '1' }),
  ]);
  const admin = await new Client(server.url).login('paakayttaja');
  adminCookie = `linssi_session=${cookieOf(admin, 'linssi_session')}`;
});

afterAll(async () => {
  await Promise.all([server?.stop(), quick?.stop()]);
});

const portOf = (s: TestServer) => Number(new URL(s.url).port);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from the start of the request to the end of the answer. */
  ms: number;
  /** Whether the server closed the connection (seen within 2.5 s of the answer: the server drops what still comes for up to 1 s). */
  closed: boolean;
  /** The body bytes the client had handed to its socket when the answer came. */
  sent: number;
}

/**
 * A POST whose body is made lazily, 64 KiB at a time, up to `total` bytes (never held in memory):
 * chunked unless `contentLength` is given. Resolves with the answer, whether or not the whole
 * body was sent; `closed` tells whether the server then closed the connection.
 */
function post(
  s: TestServer,
  urlPath: string,
  total: number,
  opts: { contentLength?: number; headers?: Record<string, string>; fill?: number; prefix?: Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    const piece = Buffer.alloc(64 * 1024, opts.fill ?? 0x61);
    let prefix = opts.prefix ?? Buffer.alloc(0);
    const body = new Readable({
      read() {
        if (sent >= total) return void this.push(null);
        let chunk: Buffer;
        if (prefix.length) {
          chunk = prefix.subarray(0, Math.min(prefix.length, total - sent));
          prefix = prefix.subarray(chunk.length);
        } else chunk = piece.subarray(0, Math.min(piece.length, total - sent));
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url, ...opts.headers };
    if (opts.contentLength !== undefined) headers['Content-Length'] = String(opts.contentLength);
    else headers['Transfer-Encoding'] = 'chunked';
    const req = http.request({ host: '127.0.0.1', port: portOf(s), path: urlPath, method: 'POST', headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const sentThen = sent;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        const ms = performance.now() - started;
        const socket = req.socket;
        const done = (closed: boolean) =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), ms, closed, sent: sentThen });
        if (!socket || socket.destroyed || socket.readyState === 'closed') return done(true);
        const timer = setTimeout(() => done(false), 2500);
        socket.once('close', () => {
          clearTimeout(timer);
          done(true);
        });
      });
    });
    // Writing into a connection the server has closed fails (EPIPE, ECONNRESET): expected once
    // the answer has come.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    body.on('error', () => {});
    body.pipe(req);
  });
}

/** The server's resident memory in MB, read from /proc (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** An urlencoded login form of exactly `size` bytes: the demo user's name and password, padded. */
function loginFormOf(size: number): Buffer {
  const head = 'username=valmistelija&password=valmistelija-demo&pad=';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length, 0x78)]);
}

/** A multipart form with one file field of `fileBytes` bytes, and the whole body's size. */
function multipart(field: string, filename: string, type: string, fileBytes: number, extra: Record<string, string> = {}) {
  const boundary = '----limits-test-boundary';
  const fields = Object.entries(extra)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const head = Buffer.from(
    `${fields}--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { head, tail, size: head.length + fileBytes + tail.length, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart form whose file is `fileBytes` bytes of `fill` (streamed, with Content-Length). */
async function upload(urlPath: string, field: string, fileBytes: number, extra: Record<string, string> = {}, accept = 'text/html') {
  const m = multipart(field, 'file.bin', 'application/octet-stream', fileBytes, extra);
  // The file's bytes, then the closing boundary; the Readable in post() repeats `fill`, so the
  // tail is sent as a prefix of nothing: build the whole body lazily instead.
  return postParts(urlPath, m.contentType, [m.head, fileBytes, m.tail], { Cookie: adminCookie, Accept: accept });
}

/** A POST of parts given as buffers or as counts of filler bytes, with its exact Content-Length. */
function postParts(urlPath: string, contentType: string, parts: (Buffer | number)[], headers: Record<string, string>): Promise<Answer> {
  const total = parts.reduce<number>((n, p) => n + (typeof p === 'number' ? p : p.length), 0);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const queue = [...parts];
    const piece = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const body = new Readable({
      read() {
        const next = queue[0];
        if (next === undefined) return void this.push(null);
        if (typeof next !== 'number') {
          queue.shift();
          sent += next.length;
          return void this.push(next);
        }
        const n = Math.min(next, piece.length);
        if (next - n === 0) queue.shift();
        else queue[0] = next - n;
        sent += n;
        this.push(piece.subarray(0, n));
      },
    });
    const req = http.request({
      host: '127.0.0.1',
      port: portOf(server),
      path: urlPath,
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Content-Length': String(total), Origin: server.url, ...headers },
      agent: false,
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
          closed: res.headers.connection === 'close',
          sent,
        }),
      );
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    body.pipe(req);
  });
}

/** The text of a page's element by id, tags removed. */
const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html)?.[1]?.trim() ?? null;
const fieldErrorText = (html: string) =>
  /class="field__error"[^>]*>([\s\S]*?)<\/p>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim() ?? null;

/** A raw connection: what the server sends, and when it closes. */
function connect(s: TestServer) {
  const socket = net.connect(portOf(s), '127.0.0.1');
  let received = '';
  const opened = performance.now();
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - opened)));
  return { socket, received: () => received, closed, opened };
}

describe('request bodies', () => {
  it('a Content-Length over the limit is answered 413 at once, without the body being sent', async () => {
    const c = connect(server);
    c.socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: text/html\r\nContent-Length: ${600 * MB}\r\n\r\n`,
    );
    // Not one byte of the body is sent: the answer cannot have waited for it.
    const ms = await c.closed;
    const status = /^HTTP\/1\.1 (\d+)/.exec(c.received())?.[1];
    expect(status).toBe('413');
    expect(c.received()).toMatch(/\r\nConnection: close\r\n/i);
    expect(ms).toBeLessThan(3000);
    // A client that asks first (Expect: 100-continue, as curl does for large files) is told 413
    // instead of being invited to send; within the limit it gets its 100 Continue.
    const asks = connect(server);
    asks.socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: ${600 * MB}\r\n\r\n`);
    await asks.closed;
    expect(asks.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(asks.received()).not.toMatch(/100 Continue/);
    const small = connect(server);
    small.socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\n`,
    );
    while (!small.received().includes('\r\n\r\n')) await new Promise((r) => setTimeout(r, 10));
    expect(small.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    small.socket.destroy();
  });

  it('a chunked body streaming past the limit is cut off with 413 and its connection closed; what was read is bounded', async () => {
    const before = count(server, 'audit_log');
    const answer = await post(server, '/login', 450 * MB, { prefix: Buffer.from('username=valmistelija&password=valmistelija-demo&pad=') });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    // The client could hand its socket no more than the limit and the buffers on the way.
    expect(answer.sent).toBeLessThan(32 * MB);
    expect(answer.ms).toBeLessThan(5000);
    // The login was not done: no audit row.
    expect(count(server, 'audit_log')).toBe(before);
  });

  it('a body of exactly the limit (1 MB) is read and acted on; one byte more is refused, chunked or by Content-Length', async () => {
    const exact = loginFormOf(MB);
    expect(exact.length).toBe(1048576);
    for (const contentLength of [MB, undefined]) {
      const ok = await post(server, '/login', MB, { prefix: exact, contentLength });
      expect(ok.status, `exact, ${contentLength ? 'Content-Length' : 'chunked'}`).toBe(302);
      expect(ok.headers['set-cookie']?.join(' ')).toMatch(/linssi_session=/);
      const over = await post(server, '/login', MB + 1, { prefix: loginFormOf(MB + 1), contentLength: contentLength ? MB + 1 : undefined });
      expect(over.status, `one more, ${contentLength ? 'Content-Length' : 'chunked'}`).toBe(413);
      expect(over.headers['set-cookie']).toBeUndefined();
    }
  });

  it("a text over its field's limit but inside the route's (900 kB of title) still gets the message at the field, and nothing is saved", async () => {
    const official = await new Client(server.url).login('valmistelija');
    const before = count(server, 'decisions');
    const res = await official.post('/decisions/new', { title: 'a'.repeat(900_000), caseNumber: 'VES/1/2026', description: 'Kuvaus' });
    expect(res.status).toBe(400);
    expect(fieldError(await htmlOf(res), 'title')).toBe(FI.tooLong(300));
    expect(count(server, 'decisions')).toBe(before);
  });

  it('the 413 page is in the language of the cookie (Finnish by default), with the limit and a link back; a data request gets 413 too', async () => {
    const fi = await post(server, '/decisions/new', 2 * MB, { contentLength: 2 * MB, headers: { Accept: 'text/html' } });
    expect(fi.status).toBe(413);
    expect(fi.headers['content-type']).toMatch(/^text\/html/);
    expect(fi.body).toMatch(/<html lang="fi">/);
    expect(textOf(fi.body, 'limit-message')).toBe('Tähän osoitteeseen voi lähettää enintään 1 Mt. Mitään ei tallennettu.');
    expect(fi.body).toContain('<a href="/decisions/new">Takaisin lomakkeeseen</a>');
    expect(fi.headers['content-security-policy']).toContain("default-src 'self'");

    const en = await post(server, '/decisions/new', 2 * MB, { contentLength: 2 * MB, headers: { Accept: 'text/html', Cookie: 'linssi_lang=en' } });
    expect(en.status).toBe(413);
    expect(en.body).toMatch(/<html lang="en">/);
    expect(textOf(en.body, 'limit-message')).toBe('At most 1 MB can be sent to this address. Nothing was saved.');
    expect(en.body).toContain('<a href="/decisions/new">Back to the form</a>');

    const data = await post(server, '/decisions/new?_data=routes%2Fdecisions.new', 2 * MB, {
      contentLength: 2 * MB,
      headers: { Accept: '*/*', Cookie: 'linssi_lang=en' },
    });
    expect(data.status).toBe(413);
    expect(data.body.trim()).toBe('Request body too large: at most 1 MB.');
  });

  it('the CSV import takes up to 6 MB (a file over its 5 MB gets the message at the field); more is refused with the page', async () => {
    // 5.5 MB: inside the route's limit, over the field's: the import page says so at the field.
    const field = await upload('/admin/import', 'file', 5.5 * MB);
    expect(field.status).toBe(413);
    expect(fieldErrorText(field.body)).toBe('Tiedosto on liian suuri: enintään 5 Mt.');
    // Exactly 6 MB in all: still the route (the field's message), not the server's page.
    const m = multipart('file', 'file.bin', 'application/octet-stream', 0);
    const exact = await upload('/admin/import', 'file', 6 * MB - m.size);
    expect(exact.sent).toBe(6 * MB);
    expect(fieldErrorText(exact.body)).toBe('Tiedosto on liian suuri: enintään 5 Mt.');
    // One byte more: the server's page, with the route's limit.
    const over = await upload('/admin/import', 'file', 6 * MB - m.size + 1);
    expect(over.status).toBe(413);
    expect(textOf(over.body, 'limit-message')).toBe('Tähän osoitteeseen voi lähettää enintään 6 Mt. Mitään ei tallennettu.');
  });

  it('the logo form takes up to 2 MB (a picture over 200 kB gets the message at the field), the strategy file too (over 1024 kB at the field)', async () => {
    const logo = await upload('/admin/organisation', 'logo', 1.5 * MB, { intent: 'logo' });
    expect(logo.status).toBe(413);
    expect(fieldErrorText(logo.body)).toBe('Tiedosto on liian suuri: enintään 200 kt.');
    const logoOver = await upload('/admin/organisation', 'logo', 2 * MB, { intent: 'logo' });
    expect(logoOver.status).toBe(413);
    expect(textOf(logoOver.body, 'limit-message')).toBe('Tähän osoitteeseen voi lähettää enintään 2 Mt. Mitään ei tallennettu.');

    const strategy = await upload('/admin/strategy', 'file', 1.5 * MB);
    expect(strategy.status).toBe(413);
    expect(strategy.body).not.toContain('id="limit-message"');
    const strategyOver = await upload('/admin/strategy', 'file', 2 * MB);
    expect(strategyOver.status).toBe(413);
    expect(textOf(strategyOver.body, 'limit-message')).toBe('Tähän osoitteeseen voi lähettää enintään 2 Mt. Mitään ei tallennettu.');
  });

  it('memory stays flat under eight concurrent 200–450 MB streamed bodies, and a page still answers meanwhile', async () => {
    // Warm: the first requests load code and fill caches.
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/login`)).text();
    const base = rssMb(server.pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 20);
    const sizes = [200, 250, 300, 350, 400, 450, 450, 450];
    const targets = ['/login', '/admin/import', '/decisions/new', '/login', '/admin/organisation', '/language', '/login', '/admin/strategy'];
    const bodies = Promise.all(sizes.map((mb, i) => post(server, targets[i]!, mb * MB, { headers: i % 2 ? { Cookie: adminCookie } : {} })));
    const page = (async () => {
      const started = performance.now();
      const res = await fetch(`${server.url}/login`);
      await res.text();
      return { status: res.status, ms: performance.now() - started };
    })();
    const [answers, normal] = await Promise.all([bodies, page]);
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(server.pid));
    expect(peak - base, `RSS ${base.toFixed(0)} → ${peak.toFixed(0)} MB`).toBeLessThan(100);
    for (const [i, a] of answers.entries()) {
      expect(a.status, targets[i]).toBeGreaterThanOrEqual(300);
      expect(a.closed, `${targets[i]} closed`).toBe(true);
    }
    expect(answers.filter((a) => a.status === 413).length).toBeGreaterThanOrEqual(5);
    expect(normal.status).toBe(200);
    expect(normal.ms).toBeLessThan(3000);
  });
});

describe('headers and timeouts', () => {
  const headerLines = (n: number) => Array.from({ length: n }, (_, i) => `X-Filler-${i}: ${i}\r\n`).join('');

  async function rawGet(s: TestServer, extra: string): Promise<string> {
    const c = connect(s);
    c.socket.write(`GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`);
    await c.closed;
    return /^HTTP\/1\.1 (\d+)/.exec(c.received())?.[1] ?? '(none)';
  }

  it('at most 100 header lines (101 → 431) and 16 KiB of headers (more → 431)', async () => {
    // Host and Connection are two of the lines.
    expect(await rawGet(server, headerLines(98))).toBe('200');
    expect(await rawGet(server, headerLines(99))).toBe('431');
    expect(await rawGet(server, headerLines(2000))).toBe('431');
    const line = (size: number) => `X-Big: ${'a'.repeat(size)}\r\n`;
    expect(await rawGet(server, line(15 * 1024))).toBe('200');
    expect(await rawGet(server, line(17 * 1024))).toBe('431');
  });

  it('the start-up line states the defaults: headers 10 s, request 60 s, keep-alive 5 s; the environment changes them', () => {
    expect(server.logs()).toContain('headers 100 lines and 16 KiB, headers timeout 10 s, request timeout 60 s, keep-alive timeout 5 s');
    expect(quick.logs()).toContain('headers timeout 1 s, request timeout 1.5 s, keep-alive timeout 1 s');
  });

  it('a timeout that is not a number of seconds stops the server at start, naming the variable', async () => {
    // Checked before anything else is loaded: the process ends at once (a started server would
    // hang here until the timeout and fail the test).
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['server.js'], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(TMP, 'limits-never.db')}`, ...env },
        encoding: 'utf8',
        timeout: 10_000,
      });
    const notNumber = run({ REQUEST_TIMEOUT_SECONDS: 'soon' });
    expect(notNumber.status).toBe(1);
    expect(notNumber.stderr).toContain('REQUEST_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 3600 (it is "soon")');
    const longer = run({ HEADERS_TIMEOUT_SECONDS: '90' });
    expect(longer.status).toBe(1);
    expect(longer.stderr).toContain('HEADERS_TIMEOUT_SECONDS must not be longer than REQUEST_TIMEOUT_SECONDS');
  });

  it('cuts off slow headers, a trickling body and idle keep-alive connections after their timeouts (the keep-alive at its default 5 s)', async () => {
    // Slow headers: one byte every 100 ms, never the end of the headers. Headers timeout 1 s.
    const slowHeaders = (async () => {
      const c = connect(quick);
      const text = 'GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
      let i = 0;
      const timer = setInterval(() => (i < text.length && !c.socket.destroyed ? c.socket.write(text[i++]!) : undefined), 100);
      const ms = await c.closed;
      clearInterval(timer);
      return { ms, status: /^HTTP\/1\.1 (\d+)/.exec(c.received())?.[1] };
    })();
    // A trickling body: 10 bytes every 100 ms of a 10,000-byte form. Request timeout 1.5 s.
    const trickle = (async () => {
      const c = connect(quick);
      c.socket.write(
        'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n',
      );
      const timer = setInterval(() => !c.socket.destroyed && c.socket.write('aaaaaaaaaa'), 100);
      const ms = await c.closed;
      clearInterval(timer);
      return { ms, status: /^HTTP\/1\.1 (\d+)/.exec(c.received())?.[1] };
    })();
    // Idle keep-alive connections: one page, then nothing.
    const idle = async (s: TestServer) => {
      const c = connect(s);
      c.socket.write('GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      while (!/<\/html>/.test(c.received())) await new Promise((r) => setTimeout(r, 10));
      const answeredAt = performance.now() - c.opened;
      const ms = await c.closed;
      return {
        idleMs: ms - answeredAt,
        status: /^HTTP\/1\.1 (\d+)/.exec(c.received())?.[1],
        advertised: /\r\nKeep-Alive: timeout=(\d+)\r\n/i.exec(c.received())?.[1],
      };
    };
    const [headers, body, idleQuick, idleDefault] = await Promise.all([slowHeaders, trickle, idle(quick), idle(server)]);
    // Not before its timeout, to the timer's precision; and well before the next longer setting
    // (the defaults: headers 10 s, request 60 s, keep-alive 5 s). The margins above allow for a
    // loaded machine, where timers fire late (vitest runs two integration files at a time).
    expect(headers.status).toBe('408');
    expect(headers.ms).toBeGreaterThan(900);
    expect(headers.ms).toBeLessThan(4000);
    expect(body.status).toBe('408');
    expect(body.ms).toBeGreaterThan(1400);
    expect(body.ms).toBeLessThan(4500);
    // The answer advertises the timeout (Keep-Alive: timeout=N); Node closes the connection one
    // second after it, its margin against a client sending just as it closes.
    expect(idleQuick.status).toBe('200');
    expect(idleQuick.advertised).toBe('1');
    expect(idleQuick.idleMs).toBeGreaterThan(1900);
    expect(idleQuick.idleMs).toBeLessThan(4500);
    expect(idleDefault.status).toBe('200');
    expect(idleDefault.advertised).toBe('5');
    expect(idleDefault.idleMs).toBeGreaterThan(5900);
    expect(idleDefault.idleMs).toBeLessThan(8500);
  });
});
