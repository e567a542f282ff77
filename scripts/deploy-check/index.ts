// npm run test:deploy (npx tsx scripts/deploy-check/index.ts): runs the commands of docs/deploy.md on this
// machine, in temporary directories, and checks what they do.
//
// How the doc and this check stay in sync
// ---------------------------------------
// Every command or config block of docs/deploy.md is a fenced block whose info string carries a
// tag, e.g. ```sh deploy-check:setup-one-machine. This script reads the blocks from the doc (it has
// no copy of any command or config of its own) and:
//   - fails when a sh/ini/nginx/sql/crontab/conf block has no tag, when a tag is unknown here, or
//     when a block this check expects is missing;
//   - classifies every command line of a shell block with the RULES of commands.ts: a command is either run
//     (the paths /srv/linssi, /etc/linssi, /var/lib/linssi, /var/backups/linssi and the example
//     host names replaced by this checkout, temporary directories and 127.0.0.1), mapped to what
//     it does here (`systemctl start/stop linssi` starts/stops the app server(s) this check runs),
//     or listed as "not checked" with the reason (installing packages, creating users, systemd
//     itself). A command that matches no rule fails the check: a new command in the doc needs a
//     rule here, so nothing in the doc goes untested silently;
//   - starts the server exactly as the systemd unit block says (ExecStart in WorkingDirectory with
//     only the environment file block's variables), and puts in front of it a stand-in for nginx
//     (a few lines of node:http) that sets the request headers the nginx block's proxy_set_header
//     lines set, with nginx's defaults for the rest (Host: the upstream address): if the doc's
//     nginx block lost a header the app needs, the login through it fails here;
//   - runs the cron blocks' command fields as cron would (`\%` → `%`, the file's SHELL and PATH,
//     the user's home as working directory), with `$(date +%F)` evaluated by the shell;
//   - on PostgreSQL, puts the doc's pg_hba.conf lines in front of the throwaway server's trust
//     lines, so that the linssi role must use its password (DATABASE_URL, ~linssi/.pgpass) as on a
//     real database server; the client binaries are those of pgBinDir(), and PGPORT carries the
//     throwaway server's port where the doc relies on the default 5432;
//   - runs a few test-only commands of its own, labelled "(test only)": users created after a
//     backup, to prove that a restore really replaced the database;
//   - checks the environment variable table of section 3 against the variables the code reads
//     (process.env.* in app/, db/, server.js and the schema in app/utils/env.server.ts), both ways,
//     and against the README's Configuration table.
// Checks that need tools this machine lacks say so in a "not checked - …" line: `nginx -t` runs
// only when nginx is installed (/usr/sbin/nginx, nginx on PATH, or NGINX_BIN=path/to/nginx);
// `systemd-analyze verify` only when systemd-analyze exists; the PostgreSQL part only when
// PostgreSQL's binaries are found (scripts/pg-server.ts: PG_BIN, pg_config, /usr/lib/postgresql).
//
// Every server (app, the nginx stand-ins, PostgreSQL) listens on 127.0.0.1 only and is stopped by
// its own handle or PID. Prints `ok - …` / `FAIL - …` per check and, last, `N passed, N failed`;
// exits 1 on any failure. KEEP_TMP=1 keeps the temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { live } from './app-server';
import { blocks, readBlocks } from './doc';
import { fakes, stopFake } from './nginx';
import { oneMachine } from './one-machine';
import { ROOT } from './paths';
import { check, fail, tally } from './report';
import { pgServers, severalMachines } from './several-machines';
import { cleanEnv, sh } from './shell';
import { checkVariables, codeVariables } from './variables';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-deploy-check-'));
fs.chmodSync(tmp, 0o755);

async function cleanup() {
  for (const s of [...pgServers]) s.stop();
  for (const f of [...fakes]) await stopFake(f).catch(() => undefined);
  for (const s of [...live]) await s.stop().catch(() => undefined);
  if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => {
      console.log(`# ${signal}: stopped early; the servers it started are stopped`);
      console.log(`${tally.passed} passed, ${tally.failed + 1} failed`);
      process.exit(130);
    });
  });
}

try {
  readBlocks();
  const code = codeVariables();
  checkVariables(code);
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
    console.log('# build/index.js is missing: npm run build');
    const r = await sh('npm run build', { cwd: ROOT, env: cleanEnv() });
    check(r.code === 0, 'npm run build', r.out + r.err);
  }
  if (tally.failed === 0 || blocks.size > 0) {
    await oneMachine(tmp, code).catch((error) => fail('section 1 ran to the end', String(error?.stack ?? error)));
    await severalMachines(tmp, code).catch((error) => fail('section 2 ran to the end', String(error?.stack ?? error)));
  }
} finally {
  await cleanup();
}
console.log(`# ${((Date.now() - tally.started) / 1000).toFixed(0)} s${process.env.KEEP_TMP ? `; kept ${tmp}` : ''}`);
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
