/** Section 1 of the doc: one machine with SQLite, nginx in front, cron backups, a restore and an upgrade. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../pg-server';
import { AppServer } from './app-server';
import { Browser } from './browser';
import { type Context, ranWith, runBlock, substitute } from './commands';
import { checkCleanupCovers, oldBackups, parseCron, runCronJob } from './cron';
import { block, parseEnvFile } from './doc';
import { type FakeNginx, parseNginx, startFake, stopFake } from './nginx';
import { checkNginxBlock, nginxTest } from './nginx-checks';
import { ROOT } from './paths';
import { check, fail, ok } from './report';
import { scenarioDirs, writeEnvFile } from './scenario';
import { cleanEnv, sh, today } from './shell';
import { parseUnit, systemdVerify } from './systemd';

function sqliteCount(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(
      db
        .prepare(sql)
        .pluck()
        .get(...params),
    );
  } finally {
    db.close();
  }
}

export async function oneMachine(tmp: string, code: Set<string>) {
  console.log('# 1. One machine (SQLite)');
  const dir = path.join(tmp, 'one');
  const d = scenarioDirs(dir);
  const ctx: Context = {
    name: 'one machine',
    dir,
    home: d.lib,
    subst: d.subst,
  };
  const servers: AppServer[] = [];
  const proxies: FakeNginx[] = [];
  try {
    await runBlock('install', ctx);
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    check(nodeMajor >= 20, `Node.js 20 or later (${process.version})`);

    await runBlock('env-file-create', ctx);
    const envFile = path.join(d.etc, 'linssi.env');
    const docEnv = parseEnvFile(block('env-one-machine').body);
    const appPort = await freePort();
    const env = writeEnvFile('env-one-machine', ctx, envFile, appPort, code);
    if (!env) return;
    check(docEnv.HOST === '127.0.0.1', '[env-one-machine] HOST=127.0.0.1: only nginx on the same machine reaches the app');
    const dbFile = (env.DATABASE_URL ?? '').replace(/^file:/, '');

    // Database and first administrator.
    const setup = await runBlock('setup-one-machine', ctx);
    check(/Database is up to date/.test(ranWith(setup, 'db:setup')?.out ?? ''), '[setup-one-machine] db:setup says the database is up to date');
    const created = ranWith(setup, 'user:create');
    const password = /Password \(shown once\): (\S+)/.exec(created?.out ?? '')?.[1];
    const username = /--username (\S+)/.exec(created?.cmd ?? '')?.[1] ?? '';
    if (
      !check(
        password && fs.existsSync(dbFile),
        `[setup-one-machine] user:create printed ${username}'s password once; the database is ${dbFile}`,
        created ? created.out + created.err : 'user:create did not run',
      )
    )
      return;
    check(
      sqliteCount(dbFile, 'SELECT COUNT(*) FROM users WHERE username = ?', username) === 1 &&
        sqliteCount(dbFile, "SELECT COUNT(*) FROM settings WHERE key = 'demo_users'") === 0,
      '[setup-one-machine] the administrator exists, and there is no demo data',
    );

    // The systemd unit.
    const unit = parseUnit(substitute(block('systemd-unit').body, ctx));
    const raw = parseUnit(block('systemd-unit').body).sections.Service ?? {};
    check(raw.Restart === 'always', '[systemd-unit] Restart=always');
    check(raw.User === 'linssi' && raw.Group === 'linssi', '[systemd-unit] runs as the dedicated user linssi');
    check(/^\S*\/node server\.js$/.test(raw.ExecStart ?? ''), `[systemd-unit] ExecStart runs node server.js (${raw.ExecStart})`);
    check(
      raw.WorkingDirectory === '/srv/linssi' && raw.EnvironmentFile === '/etc/linssi/linssi.env',
      '[systemd-unit] WorkingDirectory=/srv/linssi, EnvironmentFile=/etc/linssi/linssi.env',
    );
    check(
      (raw.KillSignal ?? 'SIGTERM') === 'SIGTERM' && Number(raw.TimeoutStopSec ?? 90) >= 10,
      '[systemd-unit] stops with SIGTERM and waits at least the 10 s the app needs at most',
    );
    check(
      raw.ReadWritePaths === '/var/lib/linssi' && path.dirname(docEnv.DATABASE_URL?.replace(/^file:/, '') ?? '') === '/var/lib/linssi',
      "[systemd-unit] ReadWritePaths is the database's directory",
    );
    systemdVerify(unit.text, dir);

    // Start, as `systemctl enable --now linssi`.
    let app: AppServer | null = null;
    const service = async (op: 'start' | 'stop' | 'restart') => {
      if ((op === 'stop' || op === 'restart') && app) {
        const s = app;
        const { code: exit, ms } = await s.stop();
        servers.splice(servers.indexOf(s), 1);
        check(
          exit === 0 && /SIGTERM: closing/.test(s.output) && ms < 10_000,
          `systemctl ${op} linssi: SIGTERM, graceful shutdown, exit 0 in ${(ms / 1000).toFixed(1)} s`,
          s.output,
        );
        app = null;
      }
      if (op === 'start' || op === 'restart') {
        try {
          app = await AppServer.start('app', unit, envFile, appPort);
          servers.push(app);
          ok(
            `systemctl ${op === 'restart' ? 'restart' : 'start'} linssi: node server.js listens on 127.0.0.1:${appPort} (${/database: [^\n]*/.exec(app.output)?.[0] ?? ''})`,
          );
        } catch (error) {
          fail(`systemctl ${op} linssi: node server.js starts`, String(error));
        }
      }
    };
    await runBlock('start-one-machine', {
      ...ctx,
      service,
      status: () => check(app && app.child.exitCode === null, 'systemctl status linssi: the server is running'),
    });
    if (!app) return;

    // nginx.
    const nginxConf = parseNginx(block('nginx-one-machine').body);
    checkNginxBlock('nginx-one-machine', nginxConf, { proxyPass: `http://${docEnv.HOST}:${docEnv.PORT}` });
    nginxTest('nginx-one-machine', nginxConf, dir);
    await runBlock('nginx-enable', ctx);

    const proxy = await startFake(nginxConf, [appPort]);
    proxies.push(proxy);
    const host = nginxConf.serverName;
    const browser = new Browser(proxy.port, host);
    const loginPage = await browser.get('/login');
    check(loginPage.status === 200, `GET https://${host}/login through the nginx stand-in: 200`, `${loginPage.status} ${loginPage.body.slice(0, 300)}`);
    check(/max-age=\d+/.test(String(loginPage.headers['strict-transport-security'] ?? '')), 'the app sends HSTS (NODE_ENV=production)');

    // A failed login with a forged X-Forwarded-For: the address recorded must be the browser's.
    const wrong = await browser.login(username, 'not-the-password-at-all', { 'X-Forwarded-For': '203.0.113.9' });
    check(wrong.status === 401, `a wrong password through the proxy is refused: ${wrong.status}`);
    const addresses = (() => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db.prepare('SELECT address FROM login_failures').pluck().all() as string[];
      } finally {
        db.close();
      }
    })();
    check(
      addresses.length === 1 && addresses[0] === '127.0.0.2',
      `login throttling counts the browser's own address (127.0.0.2), not the proxy's (127.0.0.1) nor a forged X-Forwarded-For (recorded: ${addresses.join(', ')})`,
    );

    const login = await browser.login(username, password!);
    const cookie = (login.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-linssi_session='));
    check(
      login.status === 302 && cookie && /;\s*Secure/i.test(cookie),
      `the login form post through the proxy with TRUST_PROXY=true: ${login.status} and a Secure __Host- session cookie`,
      login.body.slice(0, 500),
    );
    const users = await browser.get('/admin/users');
    check(
      users.status === 200 && users.body.includes(username),
      `the session works: GET /admin/users as ${username} is 200`,
      `${users.status} ${users.headers.location ?? ''}`,
    );
    const foreign = await browser.post('/logout', {}, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    check(foreign.status === 403, `a form post from another site through the proxy is still refused: ${foreign.status}`);

    // The same without TRUST_PROXY: the doc says every form post is refused.
    const plainPort = await freePort();
    try {
      const plain = await AppServer.start('app without TRUST_PROXY', unit, envFile, plainPort, {}, ['TRUST_PROXY']);
      servers.push(plain);
      const plainProxy = await startFake(nginxConf, [plainPort]);
      proxies.push(plainProxy);
      const refused = await new Browser(plainProxy.port, host).login(username, password!);
      check(
        refused.status === 403 && /Cross-site request refused/.test(refused.body),
        `without TRUST_PROXY=true the same login through the proxy is refused: 403 "${refused.body.trim()}"`,
      );
      await plain.stop();
      servers.splice(servers.indexOf(plain), 1);
    } catch (error) {
      fail('a second app server without TRUST_PROXY starts', String(error));
    }

    // Backups: the cron lines, while the server runs.
    const cron = parseCron(block('cron-sqlite').body);
    const backupJob = cron.jobs.find((j) => j.command.includes('db:backup'));
    const restoreJob = cron.jobs.find((j) => j.command.includes('db:restore'));
    check(
      backupJob && backupJob.schedule.slice(2).every((f) => f === '*') && backupJob.user === 'linssi',
      '[cron-sqlite] a nightly db:backup line, run as linssi',
    );
    check(
      restoreJob && restoreJob.schedule[4] !== '*' && restoreJob.schedule[2] === '*' && restoreJob.user === 'linssi',
      '[cron-sqlite] a weekly db:restore line into a scratch file, run as linssi',
    );
    const todays = path.join(d.backups, `linssi-${today}.db`);
    if (backupJob) {
      const [old, recent] = oldBackups(d.backups, 'db');
      const r = await runCronJob('cron-sqlite', ctx, cron.env, backupJob);
      if (r) {
        check(
          /integrity ok, foreign keys ok/.test(r.out) && fs.existsSync(todays),
          `[cron-sqlite] db:backup while the server runs wrote ${path.basename(todays)} ($(date +%F)), checked`,
          r.out + r.err,
        );
        check(!fs.existsSync(old) && fs.existsSync(recent), '[cron-sqlite] the clean-up deleted a 20-day-old copy and kept a 5-day-old one');
        checkCleanupCovers('cron-sqlite', backupJob.command, d.backups);
        check(
          fs.existsSync(todays) && sqliteCount(todays, 'SELECT COUNT(*) FROM users WHERE username = ?', username) === 1,
          `[cron-sqlite] the copy opens and holds ${username}`,
        );
      }
    }
    if (restoreJob) {
      const r = await runCronJob('cron-sqlite', ctx, cron.env, restoreJob);
      if (r) {
        const scratch = fs.readdirSync(d.lib).filter((f) => f.startsWith('restore-test'));
        check(
          /integrity ok, foreign keys ok/.test(r.out) && scratch.length === 0,
          '[cron-sqlite] the weekly restore test restored the copy into a scratch file, checked it, removed it',
          r.out + r.err,
        );
        check(fs.existsSync(dbFile) && sqliteCount(dbFile, 'SELECT COUNT(*) FROM users') >= 1, '[cron-sqlite] the restore test left the live database alone');
      }
    }

    // A change after the backup, which the restore must undo.
    const later = 'after.backup';
    const laterPassword = 'after-backup-password-1';
    const laterRun = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username ${later} --name "After Backup" --role official --password ${laterPassword}'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(
      laterRun.code === 0 && (await new Browser(proxy.port, host).login(later, laterPassword)).status === 302,
      `(test only) a user ${later} created after the backup can log in`,
      laterRun.out + laterRun.err,
    );

    await runBlock('restore-sqlite', { ...ctx, service, todaysBackup: true });
    if (app) {
      const after = new Browser(proxy.port, host);
      check((await after.login(later, laterPassword)).status === 401, `after db:restore the user created after the backup is gone (login 401)`);
      check((await new Browser(proxy.port, host).login(username, password!)).status === 302, `after db:restore ${username} logs in through the proxy`);
    }

    // Upgrade.
    const upgrade = await runBlock('upgrade-one-machine', { ...ctx, service });
    const before = fs.readdirSync(d.backups).filter((f) => f.startsWith('before-upgrade-') && f.endsWith('.db'));
    check(before.length === 1 && ranWith(upgrade, 'db:backup')?.code === 0, `[upgrade-one-machine] a checked backup before the upgrade: ${before.join(', ')}`);
    check(/Database is up to date/.test(ranWith(upgrade, 'db:setup')?.out ?? ''), '[upgrade-one-machine] db:setup ran after the new build');
    if (app) {
      const again = new Browser(proxy.port, host);
      const r = await again.login(username, password!);
      check(
        r.status === 302 && (await again.get('/admin/users')).status === 200,
        `[upgrade-one-machine] after the upgrade ${username} logs in and the pages load`,
      );
    }
  } finally {
    for (const p of proxies) await stopFake(p);
    for (const s of servers) await s.stop();
  }
}
