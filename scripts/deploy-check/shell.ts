/** Running a command line with /bin/sh in a clean environment. */
import { spawn, spawnSync } from 'node:child_process';

export interface Ran {
  cmd: string;
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs a command line with /bin/sh (asynchronously: the nginx stand-ins in this process keep serving). */
export function sh(cmd: string, options: { cwd: string; env: Record<string, string>; timeoutMs?: number; shell?: string }): Promise<Ran> {
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
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
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

export const today = spawnSync('date', ['+%F'], { encoding: 'utf8' }).stdout.trim();
