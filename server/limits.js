// What one request may cost the server: the size of its body (by route), its headers, and how long
// it may take to arrive. Imported by server.js; the nginx blocks of docs/deploy.md set the same
// body limits (scripts/deploy-check/nginx-checks.ts compares them with BODY_LIMITS). See
// docs/decisions/016-request-limits.md.
import { Transform } from 'node:stream';
import remixNode from '@remix-run/node';

// A CommonJS package: its names are read from the default export.
const { createReadableStreamFromReadable, createRequestHandler: createRemixHandler, writeReadableStreamToWritable } = remixNode;

export const MB = 1024 * 1024;

/** The body limit of every route not listed below: the largest form is well under it. */
export const DEFAULT_BODY_LIMIT = 1 * MB;

/**
 * The routes that take a file, each with room for its file's own limit (checked by the route,
 * which answers at the field) plus the rest of the form. Matched on the exact path: any other
 * spelling of a path gets the default, the smaller limit.
 */
export const BODY_LIMITS = Object.freeze({
  // The CSV import: files up to 5 MB (app/routes/admin.import.tsx, MAX_MB).
  '/admin/import': 6 * MB,
  // A strategy version as a JSON file: up to 1024 kB (app/routes/admin.strategy._index.tsx, MAX_KB).
  '/admin/strategy': 2 * MB,
  // The municipality's logo: up to 200 kB (app/domain/organisation.ts, LOGO_MAX_KB); a larger
  // picture up to 2 MB still gets the message at the field.
  '/admin/organisation': 2 * MB,
});

/** The most header lines a request may have (a browser sends 10–20; nginx adds a few). */
export const MAX_HEADERS = 100;
/** The most bytes of the request line and headers together (Node's default, set explicitly). */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The timeouts, in seconds, and the environment variables that change them. */
export const TIMEOUT_DEFAULTS = Object.freeze({
  headers: { env: 'HEADERS_TIMEOUT_SECONDS', seconds: 10 },
  request: { env: 'REQUEST_TIMEOUT_SECONDS', seconds: 60 },
  keepAlive: { env: 'KEEP_ALIVE_TIMEOUT_SECONDS', seconds: 5 },
});

/** The start-up log line that says which limits hold. */
export function describeLimits(timeouts) {
  const mb = (bytes) => `${Math.round((bytes / MB) * 10) / 10} MB`;
  const routes = Object.entries(BODY_LIMITS)
    .map(([p, bytes]) => `${p} ${mb(bytes)}`)
    .join(', ');
  const s = (ms) => `${ms / 1000} s`;
  return `limits: body ${mb(DEFAULT_BODY_LIMIT)} (${routes}), headers ${MAX_HEADERS} lines and ${MAX_HEADER_BYTES / 1024} KiB, headers timeout ${s(timeouts.headers)}, request timeout ${s(timeouts.request)}, keep-alive timeout ${s(timeouts.keepAlive)}`;
}

/** The body limit of a request's path (without its query). */
export function bodyLimitOf(pathname) {
  return Object.hasOwn(BODY_LIMITS, pathname) ? BODY_LIMITS[pathname] : DEFAULT_BODY_LIMIT;
}

/**
 * The timeouts in milliseconds from the environment's values (seconds, decimals allowed), or an
 * error message naming the bad variable.
 */
export function timeoutsFrom(values) {
  const out = {};
  for (const [name, { env, seconds }] of Object.entries(TIMEOUT_DEFAULTS)) {
    const raw = values[env];
    if (raw === undefined || raw === '') {
      out[name] = seconds * 1000;
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 3600) return { error: `${env} must be a number of seconds above 0 and at most 3600 (it is "${raw}")` };
    out[name] = Math.round(n * 1000);
  }
  if (out.headers > out.request) return { error: `${TIMEOUT_DEFAULTS.headers.env} must not be longer than ${TIMEOUT_DEFAULTS.request.env}` };
  return { timeouts: out };
}

/**
 * The options of http.createServer and the properties of the server that bound each request.
 * Node checks the headers and request timeouts on a timer (connectionsCheckingInterval, 30 s by
 * default): it runs at a quarter of the shortest timeout, so a timeout is kept to within 25 %.
 */
export function serverOptions(timeouts) {
  return {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: timeouts.headers,
    requestTimeout: timeouts.request,
    keepAliveTimeout: timeouts.keepAlive,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(timeouts.headers, timeouts.request) / 4))),
  };
}

/** Applies the limits that are properties of the server (and repeats those of the options). */
export function applyServerLimits(server, timeouts) {
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  server.keepAliveTimeout = timeouts.keepAlive;
  // One more than allowed: Node silently drops the lines past maxHeadersCount, so the count the
  // middleware sees can only tell "too many" if Node keeps one more.
  server.maxHeadersCount = MAX_HEADERS + 1;
  // A client that announces a body (Expect: 100-continue) too large for its route is told so
  // before it sends it, instead of being invited to send it.
  server.on('checkContinue', (req, res) => {
    const declared = declaredLength(req);
    if (declared === null || declared <= bodyLimitOf(pathOf(req.url))) res.writeContinue();
    server.emit('request', req, res);
  });
}

function pathOf(url) {
  const q = (url ?? '/').indexOf('?');
  return q < 0 ? (url ?? '/') : url.slice(0, q);
}

/** The Content-Length as a number; null without one. */
function declaredLength(req) {
  const value = req.headers['content-length'];
  if (value === undefined) return null;
  return /^\d+$/.test(value) ? Number(value) : Number.POSITIVE_INFINITY;
}

/** The language of the limits' pages: the language cookie the app sets (at login too), Finnish otherwise. */
export function languageOf(req) {
  const cookies = req.headers.cookie ?? '';
  const match = /(?:^|;\s*)linssi_lang=(fi|en)(?:;|$)/.exec(cookies);
  return match ? match[1] : 'fi';
}

/** Where the page's link goes back to: the path the form was posted to, if it is a plain local path. */
function backPath(req) {
  const p = pathOf(req.originalUrl ?? req.url);
  return /^\/(?![/\\])[^\\\s]*$/.test(p) ? p : '/';
}

/**
 * Answers a refused request and closes its connection: the response says Connection: close, and
 * once it is written nothing more of the body is read. The socket is half-closed and what the client
 * still sends is dropped for at most LINGER_MS (so that it can read the answer instead of a reset),
 * then the socket is destroyed.
 */
const LINGER_MS = 1000;
export function refuse(req, res, status, body, contentType) {
  if (res.headersSent) {
    // Too late for a status: the response in progress ends the connection when it ends.
    if (res.writableFinished) req.socket.destroy();
    else res.once('finish', () => req.socket.destroy());
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  closeAfter(req, res);
  res.end(body);
}

/**
 * After the response is written, reads nothing more of the request and ends the connection. Node
 * would destroy the socket at once (destroySoon), which with body bytes still unread sends a reset
 * that can make the client lose the answer; instead the socket is half-closed, what still comes is
 * dropped unparsed for at most LINGER_MS or LINGER_BYTES, then it is destroyed.
 */
const LINGER_BYTES = 8 * MB;
export function closeAfter(req, res) {
  if (res.locals?.closing) return;
  if (res.locals) res.locals.closing = true;
  res.shouldKeepAlive = false;
  const socket = req.socket;
  socket.destroySoon = function lingeringClose() {
    req.unpipe?.();
    // The HTTP parser is fed from 'data': without it, nothing more is parsed or kept.
    socket.removeAllListeners('data');
    let dropped = 0;
    socket.on('data', (chunk) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    socket.resume();
    if (socket.writable) socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

/** The 413 page, or a plain text for the Remix data requests (?_data=…) and fetches. */
function tooLargeAnswer(req, limit, render, say) {
  const language = languageOf(req);
  const mb = Math.round((limit / MB) * 10) / 10;
  const wantsData = /(?:^|[?&])_data=/.test(req.url ?? '') || !/text\/html/.test(req.headers.accept ?? '');
  const page = render?.({ language, kind: 'tooLarge', limitMb: mb, back: backPath(req) });
  if (!wantsData && page) return { body: page, type: 'text/html; charset=utf-8' };
  return { body: `${say({ language, kind: 'tooLarge', limitMb: mb })}\n`, type: 'text/plain; charset=utf-8' };
}

export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

/**
 * Express middleware, before Remix: too many header lines → 431; a body larger than its route's
 * limit → 413 at once by its Content-Length, or, as it streams (chunked too), as soon as the bytes
 * read pass the limit. The body reaches Remix only through res.locals.body, a stream that counts
 * it on its way and holds no more than its buffers (the route reads it at its own pace).
 * `render` makes the page and `say` the one-line text in the user's language (both from the build's
 * message catalogs: app/utils/limit-page.server.ts).
 */
export function limitRequests(render, say) {
  return (req, res, next) => {
    if (req.rawHeaders.length / 2 > MAX_HEADERS) {
      const language = languageOf(req);
      refuse(req, res, 431, `${say({ language, kind: 'tooManyHeaders', max: MAX_HEADERS })}\n`, 'text/plain; charset=utf-8');
      return;
    }
    const limit = bodyLimitOf(req.path);
    res.locals.bodyLimit = limit;
    const declared = declaredLength(req);
    if (declared !== null && declared > limit) {
      const { body, type } = tooLargeAnswer(req, limit, render, say);
      refuse(req, res, 413, body, type);
      return;
    }
    // A response that goes out before its request's body has all arrived (a redirect to the
    // login, a refusal, a file over its field's limit): the rest is never read, the connection
    // is closed instead, so that no client can keep a connection streaming into it.
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!req.complete) closeAfter(req, res);
      return writeHead.apply(this, args);
    };
    let read = 0;
    const counter = new Transform({
      transform(chunk, _encoding, callback) {
        read += chunk.length;
        if (read > limit) {
          callback(new BodyTooLargeError(limit));
          return;
        }
        callback(null, chunk);
      },
    });
    counter.on('error', (error) => {
      if (!(error instanceof BodyTooLargeError)) return;
      req.unpipe(counter);
      res.locals.tooLarge = true;
      const { body, type } = tooLargeAnswer(req, limit, render, say);
      refuse(req, res, 413, body, type);
    });
    req.on('error', (error) => counter.destroy(error));
    req.pipe(counter);
    res.locals.body = counter;
    next();
  };
}

/**
 * @remix-run/express's createRequestHandler (v2.17; server.js no longer imports the package), except that the Request's body is the counted stream
 * of limitRequests (res.locals.body), never the raw request; that the route's response is
 * dropped when the request was refused meanwhile (a 413 already sent); and that Remix runs in the
 * build's per-request scope (its `runInRequestScope`, when it exports one).
 */
export function remixHandler({ build, mode, getLoadContext }) {
  const handle = createRemixHandler(build, mode);
  // The app's per-request scope (app/utils/request-scope.server.ts): its loaders share what one request reads once.
  const inScope = build.entry?.module?.runInRequestScope ?? ((fn) => fn());
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const loadContext = await getLoadContext?.(req, res);
      const response = await inScope(() => handle(request, loadContext));
      if (res.locals.tooLarge || res.headersSent) {
        // Read to its end and dropped (cancelling it would make React log "destination closed").
        await response.body?.pipeTo(new WritableStream()).catch(() => {});
        return;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      if (res.locals.tooLarge) return;
      next(error);
    }
  };
}

/** As @remix-run/express's createRemixHeaders (v2.17, not exported by the package). */
function remixHeaders(requestHeaders) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/** As @remix-run/express's sendRemixResponse (v2.17, not exported by the package). */
async function sendRemixResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** As @remix-run/express's createRemixRequest (v2.17, not exported by the package), with the counted body. */
function remixRequest(req, res) {
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? [];
  const [, hostPort] = req.get('host')?.split(':') ?? [];
  const a = Number.parseInt(forwardedPort, 10);
  const b = Number.parseInt(hostPort, 10);
  const port = Number.isSafeInteger(a) ? a : Number.isSafeInteger(b) ? b : '';
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
  let controller = new AbortController();
  const init = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(res.locals.body ?? req);
    init.duplex = 'half';
  }
  // Abort the loaders and actions once no response can be written (close without finish).
  res.on('finish', () => (controller = null));
  res.on('close', () => controller?.abort());
  return new Request(url.href, init);
}
