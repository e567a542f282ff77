/** The cron blocks: their lines read and run as cron would, and the retention of old backups. */
import fs from 'node:fs';
import path from 'node:path';
import { type Context, substitute } from './commands';
import { type Tag } from './doc';
import { check, fail } from './report';
import { type Ran, cleanEnv, sh } from './shell';

interface CronJob {
  schedule: string[];
  user: string;
  command: string;
}

export function parseCron(body: string): { env: Record<string, string>; jobs: CronJob[] } {
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

/**
 * Runs a cron line's command as cron would: the file's SHELL and PATH, the user's HOME as working
 * directory. For pg_dump the check adds the throwaway server's binaries in front of PATH and its
 * port as PGPORT (the doc's host has the default port 5432).
 */
export async function runCronJob(
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
export function oldBackups(dir: string, ext: string): [string, string] {
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
export function checkCleanupCovers(tag: Tag, command: string, dir: string) {
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
