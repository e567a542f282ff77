/**
 * A shell block of the doc run command by command: each command is run here, mapped to what it
 * does here, or listed as not checked with why. RULES classifies every command; one that matches
 * no rule fails the check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { block, commandsOf, type Tag } from './doc';
import { ROOT } from './paths';
import { check, fail, notChecked } from './report';
import { cleanEnv, type Ran, sh, today } from './shell';

export interface Context {
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

export function substitute(text: string, ctx: Context): string {
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
export async function runBlock(tag: Tag, ctx: Context): Promise<Ran[]> {
  const results: Ran[] = [];
  let cwd = ctx.home;
  for (const cmd of commandsOf(block(tag).body)) {
    const action = classify(cmd);
    if (!action) {
      fail(`[${tag}] no rule in scripts/deploy-check/commands.ts for the doc's command: ${cmd}`);
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

export function ranWith(results: Ran[], needle: string): Ran | undefined {
  return results.find((r) => r.cmd.includes(needle));
}
