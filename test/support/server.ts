import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BASE_DB, ROOT, TMP } from './paths';

export interface TestServer {
  url: string;
  dbFile: string;
  pid: number;
  logs: () => string;
  stop: () => Promise<void>;
}

/**
 * A copy of the built app for one server: server.js, build/, public/ and package.json, with
 * node_modules linked. A rebuild while tests run (another terminal, a helper) cannot pull the
 * files from under a running server.
 */
function copyApp(dir: string): string {
  const app = path.join(dir, 'app');
  fs.mkdirSync(app, { recursive: true });
  for (const name of ['server.js', 'package.json']) fs.copyFileSync(path.join(ROOT, name), path.join(app, name));
  for (const name of ['build', 'public']) fs.cpSync(path.join(ROOT, name), path.join(app, name), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  return app;
}

/**
 * Starts the real production server (node server.js) on 127.0.0.1 and a free port, on its own
 * copy of the base database and of the build. Stop it with stop(): it is ended by its own PID.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = path.join(TMP, `server-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'linssi.db');
  fs.copyFileSync(BASE_DB, dbFile);
  const app = copyApp(dir);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: app,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: `file:${dbFile}`,
      PORT: '0',
      HOST: '127.0.0.1',
      SECURE_COOKIES: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${output}`)), 20_000);
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
    dbFile,
    pid: child.pid!,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid!, 'SIGTERM');
      const timeout = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
