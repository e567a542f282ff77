import { Transform } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './components/nonce';
import { RequestLanguageContext } from './utils/i18n';
import { languageOf } from './utils/language.server';
import { isPostgres, sqliteSettings } from '../db/connection';
import { closeDb, db } from './utils/db.server';
import { env } from './utils/env.server';

// The page of a request refused before it reaches Remix (server.js, server/limits.js).
export { limitPage, limitText } from './utils/limit-page.server';

const ABORT_DELAY = 5_000;

// Fail at start, not at the first request, if the environment is wrong.
env();

/**
 * Called by server.js before it listens: SQLite must run in WAL mode with synchronous=FULL,
 * foreign keys on and a busy timeout, or the server does not start.
 */
export async function startupCheck(): Promise<string> {
  const conn = db();
  if (isPostgres(conn)) return 'database: PostgreSQL';
  const s = await sqliteSettings(conn);
  const ok = s.journalMode === 'wal' && s.synchronous === 2 && s.foreignKeys === 1 && s.busyTimeout > 0;
  const line = `database: SQLite journal_mode=${s.journalMode} synchronous=${s.synchronous === 2 ? 'FULL' : s.synchronous} foreign_keys=${s.foreignKeys ? 'ON' : 'OFF'} busy_timeout=${s.busyTimeout}`;
  if (!ok) throw new Error(`Refusing to start: ${line}`);
  return line;
}

/** Called by server.js on SIGTERM/SIGINT: the database pool must close for the process to end. */
export async function shutdown() {
  await closeDb();
}

/**
 * react-dom 18.3.1's Node stream pads its 2 KB chunks with NUL bytes when a multi-byte
 * character (ä, –) does not fit at a chunk's end (facebook/react#31134): the text is all
 * there, with extra NULs. A NUL byte never occurs inside UTF-8 text and never in our HTML,
 * so dropping them restores the page exactly (test/integration/rendering.test.ts).
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  const waitForAll = isbot(request.headers.get('user-agent') ?? '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RequestLanguageContext.Provider value={languageOf(request)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RequestLanguageContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors in loaders and actions: the details go to the server log under the request's id; the
 * user sees a generic page with that id to quote, never the error itself.
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  const id = typeof context.requestId === 'string' ? context.requestId : '-';
  console.error(`[error ${id}] ${request.method} ${new URL(request.url).pathname}`, error);
}
