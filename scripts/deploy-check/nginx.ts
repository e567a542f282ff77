/** The nginx block read (server name, proxy headers, upstreams), and a stand-in for nginx in a few lines of node:http. */
import http from 'node:http';

export interface NginxConf {
  text: string;
  serverName: string;
  headers: Array<[string, string]>;
  proxyPass: string;
  upstreamName: string | null;
  upstreams: string[];
}

export function parseNginx(text: string): NginxConf {
  const serverName = /server_name\s+([^\s;]+)\s*;/.exec(text)?.[1] ?? '';
  const headers = [...text.matchAll(/^\s*proxy_set_header\s+(\S+)\s+(.+?)\s*;\s*$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]);
  const proxyPass = /proxy_pass\s+(\S+?)\s*;/.exec(text)?.[1] ?? '';
  const up = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(text);
  const upstreams = up ? [...up[2]!.matchAll(/^\s*server\s+(\S+?)[\s;]/gm)].map((m) => m[1]!) : [];
  return { text, serverName, headers, proxyPass, upstreamName: up?.[1] ?? null, upstreams };
}

/** nginx's hop-by-hop headers: not passed to the upstream (nginx sets Host and Connection itself). */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

/**
 * A stand-in for nginx's TLS server block: it answers plain http on 127.0.0.1 as if it were
 * https (the variable $scheme is "https"), passes each request to the next upstream in turn (round
 * robin; on "connection refused" to the one after, as nginx's proxy_next_upstream error does), and
 * builds the upstream request's headers as nginx does: the client's headers, Host: $proxy_host and
 * Connection: close by default, then each proxy_set_header of the doc's block (an empty value
 * removes the header).
 */
export class FakeNginx {
  served: number[] = [];
  private next = 0;
  private server: http.Server;
  port = 0;
  constructor(
    readonly conf: NginxConf,
    readonly targets: number[],
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.port = (this.server.address() as { port: number }).port))));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private vars(req: http.IncomingMessage, proxyHost: string): Record<string, string> {
    const hostHeader = req.headers.host ?? '';
    const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const xff = req.headers['x-forwarded-for'];
    return {
      host: (hostHeader.replace(/:\d+$/, '') || this.conf.serverName).toLowerCase(),
      http_host: hostHeader,
      scheme: 'https',
      https: 'on',
      server_port: '443',
      server_name: this.conf.serverName,
      remote_addr: remote,
      proxy_add_x_forwarded_for: xff ? `${xff}, ${remote}` : remote,
      proxy_host: proxyHost,
      request_uri: req.url ?? '/',
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const proxyHost = this.conf.proxyPass.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    headers.host = proxyHost;
    headers.connection = 'close';
    try {
      const vars = this.vars(req, proxyHost);
      for (const [name, template] of this.conf.headers) {
        const value = template.replace(/^"(.*)"$/, '$1').replace(/\$\{?(\w+)\}?/g, (_, v: string) => {
          if (!(v in vars)) throw new Error(`the stand-in does not know nginx's $${v}`);
          return vars[v]!;
        });
        if (value === '') delete headers[name.toLowerCase()];
        else headers[name.toLowerCase()] = value;
      }
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      return;
    }
    if (body.length) headers['content-length'] = String(body.length);
    const first = this.next++ % this.targets.length;
    for (let i = 0; i < this.targets.length; i++) {
      const index = (first + i) % this.targets.length;
      try {
        const upstream = await new Promise<http.IncomingMessage>((resolve, reject) => {
          const out = http.request({ host: '127.0.0.1', port: this.targets[index], method: req.method, path: req.url, headers, agent: false }, resolve);
          out.on('error', reject);
          out.end(body);
        });
        const data: Buffer[] = [];
        for await (const c of upstream) data.push(c as Buffer);
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upstream.headers))
          if (!['connection', 'keep-alive', 'transfer-encoding'].includes(k) && v !== undefined) out[k] = v;
        out['content-length'] = String(Buffer.concat(data).length);
        this.served.push(index);
        res.writeHead(upstream.statusCode ?? 502, out).end(Buffer.concat(data));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') {
          res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(error));
          return;
        }
      }
    }
    res.writeHead(502, { 'Content-Type': 'text/plain' }).end('no upstream');
  }
}

export const fakes = new Set<FakeNginx>();

export async function startFake(conf: NginxConf, targets: number[]) {
  const fake = new FakeNginx(conf, targets);
  await fake.listen();
  fakes.add(fake);
  return fake;
}
export async function stopFake(fake: FakeNginx) {
  fakes.delete(fake);
  await fake.close();
}
