import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BASE_DB, ROOT, SCRATCH } from './paths';
import { TEST_PG_URL, copyOfBase, sqliteFileOf } from './test-db';

export interface TestServer {
  url: string;
  /** The server's DATABASE_URL: a SQLite file (file:…) or a PostgreSQL database. */
  databaseUrl: string;
  /** The SQLite file; '' on PostgreSQL. */
  dbFile: string;
  pid: number;
  /** The server's own folder (its copy of the app; on SQLite its database, unless it shares another's). */
  dir: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/**
 * A copy of the built app for one server: server.js, server/, build/, public/ and package.json, with
 * node_modules linked. A rebuild while tests run (another terminal, a helper) cannot pull the
 * files from under a running server.
 */
function copyApp(dir: string): string {
  const app = path.join(dir, 'app');
  fs.mkdirSync(app, { recursive: true });
  for (const name of ['server.js', 'package.json']) fs.copyFileSync(path.join(ROOT, name), path.join(app, name));
  for (const name of ['build', 'public', 'server']) fs.cpSync(path.join(ROOT, name), path.join(app, name), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  return app;
}

/**
 * The server's own database: a copy of the base database (SQLite: a file copy; PostgreSQL: a new
 * database made from the base as its template), unless env.DATABASE_URL names another server's.
 */
function ownDatabase(dir: string, name: string, env: Record<string, string>) {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, drop: () => {} };
  if (TEST_PG_URL) return copyOfBase(name);
  const dbFile = path.join(dir, 'linssi.db');
  fs.copyFileSync(BASE_DB, dbFile);
  return { databaseUrl: `file:${dbFile}`, drop: () => {} };
}

const START_LIMIT_MS = 45_000;

/**
 * Starts the real production server (node server.js) on 127.0.0.1 and a free port, on its own
 * copy of the base database and of the build. Stop it with stop(): it is ended by its own PID.
 * With TEST_DATABASE_URL set the database is PostgreSQL (npm run test:pg).
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const name = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const dir = path.join(SCRATCH, `server-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const { databaseUrl, drop } = ownDatabase(dir, name, env);
  const dbFile = databaseUrl.startsWith('file:') ? sqliteFileOf(databaseUrl) : '';
  const app = copyApp(dir);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: app,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      SECURE_COOKIES: 'false',
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    // Within a second on a quiet machine; the margin is for a loaded one (two test files at a
    // time, each with its servers, beside whatever else the machine runs), under vitest's
    // hookTimeout so that a server that never starts fails here, with its output.
    const timer = setTimeout(() => reject(new Error(`Server did not start in ${START_LIMIT_MS / 1000} s:\n${output}`)), START_LIMIT_MS);
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    databaseUrl,
    dbFile,
    pid: child.pid!,
    dir,
    logs: () => output,
    stop: async () => {
      // A server that has already ended (a test killed it) keeps its files for the test to read.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid!, 'SIGTERM');
      const timeout = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
      fs.rmSync(dir, { recursive: true, force: true });
      drop();
    },
  };
}
