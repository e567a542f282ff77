// The production server: Express around Remix, with the security headers and a clean shutdown.
// See docs/decisions/005-server-express.md.
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import { applyServerLimits, describeLimits, limitRequests, remixHandler, serverOptions, timeoutsFrom } from './server/limits.js';

const root = path.dirname(fileURLToPath(import.meta.url));
// The benchmark serves its minimal Remix app (bench/minimal) through this same server, so that the
// two differ only in the app (docs/decisions/013): the folder of that app's build and public files.
const appRoot = process.env.LINSSI_BENCH_APP ? path.resolve(root, process.env.LINSSI_BENCH_APP) : root;
const production = process.env.NODE_ENV === 'production';

// What one request may cost: body, headers, time (server/limits.js, docs/decisions/016).
const limits = timeoutsFrom({
  HEADERS_TIMEOUT_SECONDS: process.env.HEADERS_TIMEOUT_SECONDS,
  REQUEST_TIMEOUT_SECONDS: process.env.REQUEST_TIMEOUT_SECONDS,
  KEEP_ALIVE_TIMEOUT_SECONDS: process.env.KEEP_ALIVE_TIMEOUT_SECONDS,
});
if (limits.error) {
  console.error(limits.error);
  process.exit(1);
}

let build;
try {
  build = await import(pathToFileURL(path.join(appRoot, 'build', 'index.js')).href);
} catch (error) {
  console.error('The app has not been built: run `npm run build` (or `npm start`, which builds when needed).');
  console.error(error);
  process.exit(1);
}

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', process.env.TRUST_PROXY === 'true');

app.use((req, res, next) => {
  // A short id for each request: an error page shows it, and the server log has the details under it.
  res.locals.requestId = crypto.randomBytes(6).toString('hex');
  res.setHeader('X-Request-Id', res.locals.requestId);
  const nonce = crypto.randomBytes(16).toString('base64');
  res.locals.cspNonce = nonce;
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (production && process.env.SECURE_COOKIES !== 'false') {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  next();
});

// Too many header lines (431); a body over its route's limit (413), by its Content-Length or as it
// streams: Remix reads the body only through the counting stream this sets up.
app.use(limitRequests(build.entry.module.limitPage, build.entry.module.limitText));

// A state change is accepted only when the browser says it comes from this site itself, and is
// refused before it reaches an action otherwise (docs/decisions/015-cross-site-requests.md):
// - with an Origin: it must be exactly this app's own (scheme, host and port; "null" never is);
// - without one: Sec-Fetch-Site must say same-origin (no Origin and no Sec-Fetch-Site: refused);
// - Sec-Fetch-Site, when sent, must be same-origin whatever the Origin. Referer is not looked at.
app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.get('Origin');
  const site = req.get('Sec-Fetch-Site');
  const own = `${req.protocol}://${req.get('Host')}`;
  const fromHere = (origin === undefined ? site === 'same-origin' : origin === own) && (site === undefined || site === 'same-origin');
  if (!fromHere) {
    res.status(403).type('text/plain').send('Cross-site request refused');
    return;
  }
  next();
});

app.use('/build', express.static(path.join(appRoot, 'public/build'), { immutable: true, maxAge: '1y' }));
app.use(express.static(path.join(appRoot, 'public'), { maxAge: '1h' }));

// Pages are behind login and hold unpublished drafts: no cache keeps a copy.
app.use((req, res, next) => {
  // The logo is public and versioned by its URL (/logo?v=…): it sets its own caching.
  if (req.path !== '/logo') res.setHeader('Cache-Control', 'no-store');
  next();
});

app.all(
  '*',
  remixHandler({
    build,
    mode: production ? 'production' : 'development',
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, requestId: res.locals.requestId, clientAddress: req.ip ?? '' }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// The database settings are checked before the first request can come.
try {
  const checked = await build.entry.module.startupCheck?.();
  if (checked) console.log(checked);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const server = http.createServer(serverOptions(limits.timeouts), app);
applyServerLimits(server, limits.timeouts);
console.log(describeLimits(limits.timeouts));
server.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === 'object' && address ? address.port : port;
  console.log(`Linssi listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${shown}`);
});

let stopping = false;
/**
 * SIGTERM: stop taking connections, let the requests in flight finish (idle keep-alive connections
 * are closed as they become idle), then close the database and exit; whatever still hangs after
 * 8 s is cut, so the process always ends within 10 s.
 */
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  const closed = new Promise((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections?.(), 50);
  server.closeIdleConnections?.();
  const deadline = setTimeout(() => server.closeAllConnections?.(), 8_000);
  try {
    await closed;
    clearInterval(idle);
    clearTimeout(deadline);
    await build.entry.module.shutdown?.();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
