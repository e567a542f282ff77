/** Static checks of an nginx block: TLS, the redirect, the proxy headers, the body limits, and `nginx -t` where nginx exists. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT, MB, TIMEOUT_DEFAULTS } from '../../server/limits.js';
import { type Tag } from './doc';
import { type NginxConf } from './nginx';
import { check, fail, notChecked } from './report';

export function checkNginxBlock(tag: Tag, conf: NginxConf, expect: { proxyPass?: string; upstream?: boolean }) {
  const t = conf.text;
  const h = new Map(conf.headers.map(([k, v]) => [k.toLowerCase(), v]));
  check(/listen\s+80\s*;[\s\S]*?return\s+301\s+https:\/\/\$host\$request_uri\s*;/.test(t), `[${tag}] a server on port 80 redirects to https:// (return 301)`);
  check(
    /listen\s+443\s+ssl/.test(t) && /ssl_certificate\s+\S+;/.test(t) && /ssl_certificate_key\s+\S+;/.test(t),
    `[${tag}] a TLS server on 443 with ssl_certificate and ssl_certificate_key`,
  );
  check(
    h.get('x-forwarded-proto') === '$scheme' && h.has('x-forwarded-host') && h.has('x-forwarded-for') && h.get('host') === '$host',
    `[${tag}] proxy_set_header Host $host, X-Forwarded-Host, X-Forwarded-Proto $scheme, X-Forwarded-For`,
    conf.headers.map(([k, v]) => `${k} ${v}`).join('\n'),
  );
  checkBodyLimits(tag, conf);
  if (expect.proxyPass)
    check(
      conf.proxyPass === expect.proxyPass,
      `[${tag}] proxy_pass ${expect.proxyPass} (the environment file's HOST and PORT)`,
      `proxy_pass is ${conf.proxyPass}`,
    );
  if (expect.upstream) {
    check(
      conf.upstreamName !== null && conf.proxyPass === `http://${conf.upstreamName}` && conf.upstreams.length >= 2,
      `[${tag}] proxy_pass to an upstream of ${conf.upstreams.length} app servers`,
    );
    const upstreamBody = /upstream\s+\w+\s*\{([^}]*)\}/.exec(t)?.[1] ?? '';
    check(!/\b(ip_hash|hash|sticky|least_conn)\b/.test(upstreamBody), `[${tag}] round robin, no sticky sessions (no ip_hash/hash/sticky)`);
    if (/\bkeepalive\s+\d+\s*;/.test(upstreamBody)) {
      const idle = /\bkeepalive_timeout\s+(\d+)s?\s*;/.exec(upstreamBody);
      const appSeconds = TIMEOUT_DEFAULTS.keepAlive.seconds;
      check(
        idle !== null && Number(idle[1]) < appSeconds,
        `[${tag}] the upstream's keepalive_timeout (${idle?.[1] ?? "nginx's default 60"} s) is below the app's keep-alive timeout (${appSeconds} s): nginx never reuses a connection the app is closing`,
      );
    }
  }
}

/** nginx's size syntax (1m, 512k, 1048576) in bytes. */
function nginxBytes(value: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (!m) return Number.NaN;
  const unit = m[2]!.toLowerCase();
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? MB : unit === 'g' ? 1024 * MB : 1);
}

/**
 * The body limits of the block are the app's (server/limits.js): the server's client_max_body_size
 * is the default, and each route with its own limit has an exact location with that limit, which
 * passes to the same place as `location /`.
 */
function checkBodyLimits(tag: Tag, conf: NginxConf) {
  const t = conf.text;
  const locations = new Map<string, string>();
  for (const m of t.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)) locations.set(`${m[1] ? '=' : ''}${m[2]}`, m[3]!);
  let outside = t;
  for (const m of t.matchAll(/location\s+[^{]*\{[^}]*\}/g)) outside = outside.replace(m[0], '');
  const server = /client_max_body_size\s+(\S+?)\s*;/.exec(outside);
  check(
    server !== null && nginxBytes(server[1]!) === DEFAULT_BODY_LIMIT,
    `[${tag}] client_max_body_size of the server is the app's default body limit, ${DEFAULT_BODY_LIMIT / MB} MB (${server?.[1] ?? "none: nginx's default 1m"})`,
  );
  const root = locations.get('/');
  check(root !== undefined && !/client_max_body_size/.test(root), `[${tag}] location / takes the server's limit`);
  for (const [route, bytes] of Object.entries(BODY_LIMITS)) {
    const block = locations.get(`=${route}`);
    const size = block ? /client_max_body_size\s+(\S+?)\s*;/.exec(block)?.[1] : undefined;
    const pass = block ? /proxy_pass\s+(\S+?)\s*;/.exec(block)?.[1] : undefined;
    check(
      size !== undefined && nginxBytes(size) === bytes && pass === conf.proxyPass,
      `[${tag}] location = ${route} has the app's limit for it, ${bytes / MB} MB, and passes to ${conf.proxyPass} (${block ? `client_max_body_size ${size ?? 'missing'}, proxy_pass ${pass ?? 'missing'}` : 'no such location'})`,
    );
  }
  const extra = [...locations.keys()].filter((k) => k !== '/' && !Object.hasOwn(BODY_LIMITS, k.replace(/^=/, '')));
  check(extra.length === 0, `[${tag}] no other locations (their proxy settings would not be checked here)`, extra.join(', '));
}

function nginxBinary(): string | null {
  if (process.env.NGINX_BIN) return fs.existsSync(process.env.NGINX_BIN) ? process.env.NGINX_BIN : null;
  if (fs.existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** nginx -t -c on the block, inside a minimal nginx.conf, with a self-signed certificate. */
export function nginxTest(tag: Tag, conf: NginxConf, dir: string) {
  const bin = nginxBinary();
  if (!bin) {
    notChecked(
      `[${tag}] nginx -t`,
      'nginx is not installed (no /usr/sbin/nginx, none on PATH, NGINX_BIN not set); `apt-get install nginx` would make this check run',
    );
    return;
  }
  const openssl = spawnSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).stdout.trim();
  if (!openssl) {
    notChecked(`[${tag}] nginx -t`, 'openssl is not installed, so there is no certificate to test the TLS server with');
    return;
  }
  const ngx = path.join(dir, `nginx-${tag}`);
  fs.mkdirSync(ngx, { recursive: true });
  const cert = path.join(ngx, 'fullchain.pem');
  const key = path.join(ngx, 'privkey.pem');
  const made = spawnSync(
    openssl,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${conf.serverName}`],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) {
    fail(`[${tag}] openssl made a self-signed certificate`, made.stderr);
    return;
  }
  const site = conf.text.replace(/(ssl_certificate\s+)\S+;/, `$1${cert};`).replace(/(ssl_certificate_key\s+)\S+;/, `$1${key};`);
  fs.writeFileSync(path.join(ngx, 'linssi.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `    ${n}_temp_path ${path.join(ngx, n)};`).join('\n');
  fs.writeFileSync(
    path.join(ngx, 'nginx.conf'),
    `pid ${path.join(ngx, 'nginx.pid')};\nerror_log ${path.join(ngx, 'error.log')};\nevents {}\nhttp {\n    access_log off;\n${temp}\n    include ${path.join(ngx, 'linssi.conf')};\n}\n`,
  );
  const t = spawnSync(bin, ['-t', '-p', ngx, '-c', path.join(ngx, 'nginx.conf')], { encoding: 'utf8' });
  const output = `${t.stdout}${t.stderr}`;
  check(t.status === 0 && /test is successful/.test(output), `[${tag}] nginx -t -c accepts the block (${bin}, self-signed certificate)`, output);
}
