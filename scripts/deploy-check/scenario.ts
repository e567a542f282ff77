/** What both scenarios set up: the stand-in directories for /etc, /var/lib and /var/backups, and the environment file. */
import fs from 'node:fs';
import path from 'node:path';
import { type Context, substitute } from './commands';
import { block, parseEnvFile, type Tag } from './doc';
import { ROOT } from './paths';
import { check, fail } from './report';

/** The scenario's stand-ins for /etc/linssi, /var/lib/linssi and /var/backups/linssi, and the doc's paths mapped onto them. */
export function scenarioDirs(dir: string) {
  const dirs = { etc: path.join(dir, 'etc'), lib: path.join(dir, 'lib'), backups: path.join(dir, 'backups') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const subst: Array<[string, string]> = [
    ['/srv/linssi', ROOT],
    ['/etc/linssi', dirs.etc],
    ['/var/lib/linssi', dirs.lib],
    ['/var/backups/linssi', dirs.backups],
  ];
  return { ...dirs, subst };
}

/** Writes the doc's environment block to the (temporary) /etc/linssi/linssi.env, with PORT set to `port`. */
export function writeEnvFile(tag: Tag, ctx: Context, file: string, port: number, code: Set<string>): Record<string, string> | null {
  let env: Record<string, string>;
  try {
    env = parseEnvFile(substitute(block(tag).body, ctx));
  } catch (error) {
    fail(`[${tag}] ${(error as Error).message}`);
    return null;
  }
  const unknown = Object.keys(env).filter((k) => !code.has(k));
  check(
    unknown.length === 0,
    `[${tag}] plain NAME=value lines, each a variable the app reads (${Object.keys(env).join(', ')})`,
    `not read by the app: ${unknown.join(', ')}`,
  );
  check(env.NODE_ENV === 'production' && env.TRUST_PROXY === 'true', `[${tag}] NODE_ENV=production and TRUST_PROXY=true`);
  env.PORT = String(port);
  fs.writeFileSync(
    file,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return env;
}
