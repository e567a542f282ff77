/** HTTP as a browser at https://HOST/ speaks it: cookies, form posts with Origin, no redirects followed. */
import http from 'node:http';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(port: number, method: string, pathname: string, headers: Record<string, string>, body?: string, localAddress?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        localAddress,
        agent: false,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${pathname}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What a browser at https://HOST/ sends: Host HOST, and with a form post Origin https://HOST.
 * It keeps cookies, follows no redirects, and connects from `localAddress` (another loopback
 * address than the proxy's own, so that the address the app records can be told apart).
 */
export class Browser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  constructor(
    readonly port: number,
    readonly host: string,
    readonly localAddress = '127.0.0.2',
  ) {}

  private headers(extra: Record<string, string> = {}) {
    const h: Record<string, string> = { Host: this.host, 'User-Agent': 'deploy-check', ...extra };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return h;
  }

  private remember(res: Res) {
    const lines = res.headers['set-cookie'] ?? [];
    this.setCookies.push(...lines);
    for (const line of lines) {
      const pair = line.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(pathname: string) {
    return this.remember(await request(this.port, 'GET', pathname, this.headers(), undefined, this.localAddress));
  }

  async post(pathname: string, form: Record<string, string>, extra: Record<string, string> = {}) {
    const body = new URLSearchParams(form).toString();
    const headers = this.headers({
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: `https://${this.host}`,
      'Sec-Fetch-Site': 'same-origin',
      ...extra,
    });
    return this.remember(await request(this.port, 'POST', pathname, headers, body, this.localAddress));
  }

  async login(username: string, password: string, extra: Record<string, string> = {}) {
    await this.get('/login');
    return this.post('/login', { username, password, redirectTo: '/' }, extra);
  }
}
