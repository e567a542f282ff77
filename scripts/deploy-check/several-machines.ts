/** Section 2 of the doc: PostgreSQL, several app servers behind nginx's upstream, backups, a restore, the switch from SQLite and a rolling upgrade. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type PgServer, freePort, pgBinDir, startPgServer } from '../pg-server';
import { AppServer } from './app-server';
import { Browser, request } from './browser';
import { type Context, ranWith, runBlock, substitute } from './commands';
import { checkCleanupCovers, oldBackups, parseCron, runCronJob } from './cron';
import { block, parseEnvFile } from './doc';
import { type FakeNginx, parseNginx, startFake, stopFake } from './nginx';
import { checkNginxBlock, nginxTest } from './nginx-checks';
import { ROOT } from './paths';
import { check, fail, notChecked, ok } from './report';
import { scenarioDirs, writeEnvFile } from './scenario';
import { cleanEnv, sh, today } from './shell';
import { parseUnit } from './systemd';

export const pgServers = new Set<PgServer>();

async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function severalMachines(tmp: string, code: Set<string>) {
  console.log('# 2. Several machines (PostgreSQL)');
  const bin = pgBinDir();
  if (!bin) {
    notChecked('section 2 (several machines)', 'PostgreSQL binaries not found (apt-get install postgresql, or set PG_BIN)');
    return;
  }
  const pgConf = block('postgresql-conf').body;
  const maxConnections = Number(/^max_connections\s*=\s*(\d+)/m.exec(pgConf)?.[1] ?? NaN);
  check(Number.isFinite(maxConnections), `[postgresql-conf] max_connections = ${maxConnections}`);
  notChecked('[postgresql-conf] listen_addresses', 'the throwaway server listens on 127.0.0.1 only');

  let server: PgServer | null = null;
  const apps: AppServer[] = [];
  const proxies: FakeNginx[] = [];
  try {
    server = await startPgServer(Number.isFinite(maxConnections) ? { max_connections: String(maxConnections) } : {});
    pgServers.add(server);
    ok(`a throwaway PostgreSQL (${bin}) on 127.0.0.1:${server.port}, max_connections ${maxConnections}`);
    const dir = path.join(tmp, 'several');
    const d = scenarioDirs(dir);
    const ctx: Context = {
      name: 'several machines',
      dir,
      home: d.lib,
      pg: { bin, port: server.port },
      subst: [
        ...d.subst,
        ['db.kunta.example:5432', `127.0.0.1:${server.port}`],
        ['db.kunta.example', '127.0.0.1'],
        ['10.0.0.11', '127.0.0.1'],
        ['10.0.0.12', '127.0.0.1'],
      ],
    };

    // The role and the database, as the doc's SQL.
    const sqlFile = path.join(dir, 'pg-database.sql');
    fs.writeFileSync(sqlFile, block('pg-database').body);
    const psql = await sh(`${path.join(bin, 'psql')} -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${server.port} -U postgres -d postgres -f ${sqlFile}`, {
      cwd: dir,
      env: cleanEnv(),
    });
    check(psql.code === 0, '[pg-database] the SQL runs in psql as postgres (CREATE ROLE, CREATE DATABASE)', psql.out + psql.err);

    // Environment file.
    const docEnv = parseEnvFile(block('env-several').body);
    const envFile = path.join(d.etc, 'linssi.env');
    const [portA, portB] = [await freePort(), await freePort()];
    const env = writeEnvFile('env-several', ctx, envFile, portA, code);
    if (!env) return;
    const url = env.DATABASE_URL ?? '';

    // The doc's pg_hba.conf lines, in front of the throwaway server's trust lines: from here on the
    // linssi role needs its password (scram-sha-256), as on a real database server.
    const hba = path.join(server.dir, 'data', 'pg_hba.conf');
    if (fs.existsSync(hba)) {
      fs.writeFileSync(hba, `${substitute(block('pg-hba').body, ctx)}${fs.readFileSync(hba, 'utf8')}`);
      await pgQuery(server.adminUrl, 'SELECT pg_reload_conf()');
      const noPassword = new URL(url);
      noPassword.password = '';
      const refused = await pgQuery(noPassword.toString(), 'SELECT 1').then(
        () => 'connected',
        (error: Error) => error.message,
      );
      const accepted = await pgQuery(url, 'SELECT 1').then(
        () => 'connected',
        (error: Error) => error.message,
      );
      check(
        refused !== 'connected' && accepted === 'connected',
        `[pg-hba] the lines are in force: linssi without a password is refused (${refused}), with DATABASE_URL's password it connects`,
      );
    } else {
      notChecked('[pg-hba] the pg_hba.conf lines', `no ${hba}: the throwaway server uses trust authentication`);
    }
    check(
      /^postgres:\/\//.test(docEnv.DATABASE_URL ?? '') && docEnv.DATABASE_POOL_MAX !== undefined,
      `[env-several] DATABASE_URL=postgres://… and DATABASE_POOL_MAX=${docEnv.DATABASE_POOL_MAX}`,
    );
    const pool = Number(docEnv.DATABASE_POOL_MAX ?? 10);

    // The app servers never migrate: node server.js on the new, empty database.
    const unit = parseUnit(substitute(block('systemd-unit').body, ctx));
    try {
      const bare = await AppServer.start('app on the empty database', unit, envFile, portA);
      apps.push(bare);
      const page = await request(portA, 'GET', '/login', { Host: 'localhost' });
      const tables = await pgQuery<{ n: number }>(url, "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      check(
        tables[0]?.n === 0 && page.status === 500,
        `node server.js on the new, empty database creates no tables (0) and fails its first request (${page.status}): the app servers never migrate`,
      );
      await bare.stop();
      apps.splice(apps.indexOf(bare), 1);
    } catch (error) {
      fail('node server.js starts on the empty database', String(error));
    }

    // Migrations once, from one machine, and the administrator.
    const setup = await runBlock('setup-several', ctx);
    const migrations = await pgQuery<{ n: number }>(url, 'SELECT COUNT(*)::int AS n FROM knex_migrations');
    check(
      /Database is up to date/.test(ranWith(setup, 'db:setup')?.out ?? '') && (migrations[0]?.n ?? 0) > 0,
      `[setup-several] db:setup migrated the PostgreSQL database as the linssi role (${migrations[0]?.n} migrations)`,
    );
    const created = ranWith(setup, 'user:create');
    const password = /Password \(shown once\): (\S+)/.exec(created?.out ?? '')?.[1];
    const username = /--username (\S+)/.exec(created?.cmd ?? '')?.[1] ?? '';
    if (!check(password, `[setup-several] user:create printed ${username}'s password once`, created ? created.out + created.err : 'user:create did not run'))
      return;

    // Two app servers.
    const byName = new Map<string, AppServer>();
    const ports: Record<string, number> = { A: portA, B: portB };
    const startApp = async (name: 'A' | 'B') => {
      try {
        const s = await AppServer.start(`app server ${name}`, unit, envFile, ports[name]!);
        apps.push(s);
        byName.set(name, s);
        ok(`app server ${name}: node server.js on 127.0.0.1:${ports[name]} (${/database: [^\n]*/.exec(s.output)?.[0] ?? ''})`);
      } catch (error) {
        fail(`app server ${name} starts`, String(error));
      }
    };
    const stopApp = async (name: 'A' | 'B') => {
      const s = byName.get(name);
      if (!s) return;
      const { code: exit, ms } = await s.stop();
      apps.splice(apps.indexOf(s), 1);
      byName.delete(name);
      check(exit === 0 && /SIGTERM: closing/.test(s.output), `app server ${name} stopped: SIGTERM, graceful, exit 0 in ${(ms / 1000).toFixed(1)} s`, s.output);
    };
    const serviceOf = (names: Array<'A' | 'B'>) => async (op: 'start' | 'stop' | 'restart') => {
      for (const n of names) {
        if (op !== 'start') await stopApp(n);
        if (op !== 'stop') await startApp(n);
      }
    };
    await runBlock('start-several', { ...ctx, service: serviceOf(['A', 'B']) });
    if (byName.size !== 2) return;

    // The load balancer.
    const lbConf = parseNginx(block('nginx-balancer').body);
    checkNginxBlock('nginx-balancer', lbConf, { upstream: true });
    nginxTest('nginx-balancer', lbConf, dir);
    check(
      lbConf.upstreams.length * pool + 10 <= maxConnections,
      `pool sizing: ${lbConf.upstreams.length} app servers × DATABASE_POOL_MAX ${pool} + 10 ≤ max_connections ${maxConnections}`,
    );
    const upstreamPorts = lbConf.upstreams.map((_, i) => [portA, portB][i] ?? portB);
    const lb = await startFake(lbConf, upstreamPorts);
    proxies.push(lb);
    const host = lbConf.serverName;

    // Log in and load pages: each request goes to the other server.
    const admin = new Browser(lb.port, host);
    const from = lb.served.length;
    const login = await admin.login(username, password!);
    check(login.status === 302, `the login form post through the balancer: ${login.status}`, login.body.slice(0, 300));
    const pages = ['/guide', '/archive', '/admin/users', '/admin/organisation', '/admin/strategy', '/privacy'];
    const statuses: string[] = [];
    for (const p of pages) statuses.push(`${p} ${(await admin.get(p)).status}`);
    const seq = lb.served.slice(from);
    const alternates = seq.every((s, i) => i === 0 || s !== seq[i - 1]);
    check(
      statuses.every((s) => s.endsWith(' 200')),
      `the session works on both servers: ${statuses.join(', ')}`,
    );
    check(alternates && new Set(seq.slice(2)).size === 2, `round robin: the requests went to servers ${seq.map((i) => 'AB'[i]).join(' ')}`);

    // A write on one server is seen on the other.
    const departments = await pgQuery<{ id: number; name: string }>(url, 'SELECT id, name FROM departments WHERE active ORDER BY id LIMIT 1');
    const bodies = await pgQuery<{ id: number }>(url, 'SELECT id FROM bodies WHERE active ORDER BY id LIMIT 1');
    const official = 'olli.official';
    const officialPassword = 'official-password-1';
    const made = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username ${official} --name "Olli Official" --role official --department "${departments[0]?.name}" --password ${officialPassword}'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(made.code === 0, `(test only) user:create ${official}, an official of ${departments[0]?.name}`, made.out + made.err);
    const writer = new Browser(lb.port, host);
    await writer.login(official, officialPassword);
    const title = `Deploy check ${Date.now()}`;
    const n0 = lb.served.length;
    const create = await writer.post('/decisions/new', {
      title,
      caseNumber: '',
      bodyId: String(bodies[0]?.id),
      departmentId: String(departments[0]?.id),
      meetingDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      description: 'Written on one app server, read on the other.',
    });
    const location = create.headers.location ?? '';
    const show = await writer.get(location);
    const [w, r] = lb.served.slice(n0);
    check(
      create.status === 302 && /^\/decisions\/\d+\/checklist/.test(location) && show.status === 200 && show.body.includes(title) && w !== r,
      `a draft created on server ${'AB'[w ?? 0]} opens on server ${'AB'[r ?? 0]} (${create.status} ${location}, ${show.status})`,
      create.body.slice(0, 500),
    );

    // Login throttling is shared: 10 failures for one name, spread over both servers, lock it.
    const attacker = new Browser(lb.port, host);
    const n1 = lb.served.length;
    const tries: number[] = [];
    for (let i = 0; i < 11; i++)
      tries.push((await attacker.post('/login', { username: 'nobody.here', password: `wrong-password-${i}`, redirectTo: '/' })).status);
    const spread = new Set(lb.served.slice(n1)).size === 2;
    check(
      spread && tries.slice(0, 10).every((s) => s === 401) && tries[10] === 429,
      `login throttling across servers: 10 failures on both servers, then 429 (${tries.join(' ')})`,
    );

    // The pool: a burst of requests stays within N × DATABASE_POOL_MAX connections.
    await Promise.all(Array.from({ length: 40 }, () => admin.get('/guide')));
    const conns = await pgQuery<{ n: number }>(
      url,
      "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = 'linssi' AND usename = 'linssi' AND pid <> pg_backend_pid()",
    );
    check((conns[0]?.n ?? 0) <= 2 * pool, `40 concurrent requests: ${conns[0]?.n} connections from the 2 app servers (≤ 2 × ${pool})`);

    // Rolling upgrade: db:setup once, on the first server; the other keeps serving meanwhile.
    const during: number[] = [];
    const rolling = (name: 'A' | 'B') => async (op: 'start' | 'stop' | 'restart') => {
      await serviceOf([name])(op);
      if (op === 'stop') for (let i = 0; i < 4; i++) during.push((await admin.get('/guide')).status);
    };
    const first = await runBlock('upgrade-several-first', { ...ctx, service: rolling('A') });
    check(/Database is up to date/.test(ranWith(first, 'db:setup')?.out ?? ''), '[upgrade-several-first] db:setup ran once, from the first server');
    const others = await runBlock('upgrade-several-others', { ...ctx, service: rolling('B') });
    check(!ranWith(others, 'db:setup'), '[upgrade-several-others] the other servers do not run db:setup');
    check(
      during.length === 8 && during.every((s) => s === 200),
      `while one server was stopped the balancer served every request from the other (${during.join(' ')})`,
    );
    const n2 = lb.served.length;
    const afterRoll = [(await admin.get('/admin/users')).status, (await admin.get('/admin/users')).status];
    check(
      afterRoll.every((s) => s === 200) && new Set(lb.served.slice(n2)).size === 2,
      `after the rolling restart the same session works on both servers (${afterRoll.join(' ')})`,
    );

    // Backups: .pgpass and the pg_dump cron line.
    await runBlock('pgpass', ctx);
    const pgpass = path.join(d.lib, '.pgpass');
    check(fs.existsSync(pgpass) && (fs.statSync(pgpass).mode & 0o077) === 0, '[pgpass] ~linssi/.pgpass written, readable by its owner only');
    const cron = parseCron(block('cron-postgres').body);
    const dumpJob = cron.jobs.find((j) => j.command.includes('pg_dump'));
    const dump = path.join(d.backups, `linssi-${today}.dump`);
    if (check(dumpJob && /-Fc\b/.test(dumpJob.command) && dumpJob.user === 'linssi', '[cron-postgres] a nightly pg_dump -Fc line, run as linssi') && dumpJob) {
      const [old, recent] = oldBackups(d.backups, 'dump');
      const r = await runCronJob('cron-postgres', ctx, cron.env, dumpJob, bin, { PGPORT: String(server.port) });
      if (r) {
        const list = spawnSync(path.join(bin, 'pg_restore'), ['--list', dump], { encoding: 'utf8' });
        check(
          fs.existsSync(dump) && list.status === 0 && /TABLE DATA public users/.test(list.stdout),
          `[cron-postgres] pg_dump wrote ${path.basename(dump)}, a custom-format archive with the users' data (pg_dump of ${bin})`,
          r.out + r.err + list.stderr,
        );
        check(!fs.existsSync(old) && fs.existsSync(recent), '[cron-postgres] the clean-up deleted a 20-day-old dump and kept a 5-day-old one');
        checkCleanupCovers('cron-postgres', dumpJob.command, d.backups);
      }
    }

    // Restore into a new database and compare.
    await runBlock('restore-postgres', { ...ctx, todaysBackup: true });
    const restoredUrl = url.replace(/\/linssi$/, '/linssi_restored');
    const tables = ['users', 'decisions', 'assessments', 'knex_migrations'];
    const count = async (u: string) => {
      const out: Record<string, number> = {};
      for (const t of tables) out[t] = (await pgQuery<{ n: number }>(u, `SELECT COUNT(*)::int AS n FROM ${t}`))[0]?.n ?? -1;
      return out;
    };
    try {
      const [orig, copy] = [await count(url), await count(restoredUrl)];
      const show2 = (c: Record<string, number>) => tables.map((t) => `${t} ${c[t]}`).join(', ');
      check(
        tables.every((t) => orig[t] === copy[t]) && (orig.users ?? 0) >= 2 && (orig.decisions ?? 0) >= 1,
        `pg_restore into a new database: the same rows (${show2(copy)})`,
        `original: ${show2(orig)}\nrestored: ${show2(copy)}`,
      );
    } catch (error) {
      fail('the restored database can be read', String(error));
    }

    // Then put it in use: a change made after the dump must be gone.
    const lateRun = await sh(
      `sh -c 'set -a && . ${envFile} && npm run --silent user:create -- --username after.dump --name "After Dump" --role official --password after-dump-password'`,
      { cwd: ROOT, env: cleanEnv({ HOME: d.lib }) },
    );
    check(lateRun.code === 0, '(test only) a user after.dump created after the dump', lateRun.out + lateRun.err);
    await runBlock('switch-postgres', { ...ctx, service: serviceOf(['A', 'B']) });
    const back = new Browser(lb.port, host);
    const relogin = await back.login(username, password!);
    const decisionPage = location.replace(/\/checklist.*$/, '');
    const page = await back.get(decisionPage);
    check(relogin.status === 302 && (await back.get('/admin/users')).status === 200, `after the switch ${username} logs in through the balancer`);
    check(
      page.status === 200 && page.body.includes(title),
      `after the switch the draft from before the dump opens (GET ${decisionPage} as the admin: ${page.status})`,
    );
    check(
      (await new Browser(lb.port, host).login('after.dump', 'after-dump-password')).status === 401,
      'after the switch the user created after the dump is gone (login 401): the restored copy is in use',
    );
  } finally {
    for (const p of proxies) await stopFake(p);
    for (const s of [...apps]) await s.stop();
    if (server) {
      pgServers.delete(server);
      server.stop();
    }
  }
}
