/**
 * A small HTTP client for integration tests: keeps cookies like a browser, never follows
 * redirects by itself (tests look at them), and posts forms as a browser without JavaScript does:
 * with the page's own Origin (every current browser sends Origin on a POST; the server refuses a
 * state change without it, ADR 015). A header given as null is not sent: `{ Origin: null }` posts
 * as a client that sends no Origin.
 */
export class Client {
  private cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, { headers: { Cookie: this.cookieHeader(), ...headers }, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  /** The origin a browser on this client's pages sends: scheme, host and port of its base. */
  get origin(): string {
    return new URL(this.base).origin;
  }

  async post(path: string, form: Record<string, string | string[]> | URLSearchParams, headers: Record<string, string | null> = {}) {
    const body = form instanceof URLSearchParams ? form : new URLSearchParams();
    if (!(form instanceof URLSearchParams)) {
      for (const [key, value] of Object.entries(form)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
    }
    const all: Record<string, string | null> = { Cookie: this.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.origin };
    // A header given in any letter case replaces the default one.
    for (const [name, value] of Object.entries(headers)) {
      for (const known of Object.keys(all)) if (known.toLowerCase() === name.toLowerCase()) delete all[known];
      all[name] = value;
    }
    const response = await fetch(this.base + path, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null)),
      body,
      redirect: 'manual',
    });
    this.remember(response);
    return response;
  }

  /** Logs in through the login form; throws unless it redirects. */
  async login(username: string, password = `${username}-demo`) {
    const response = await this.post('/login', { username, password });
    if (response.status !== 302) throw new Error(`Login as ${username} failed: ${response.status}`);
    return this;
  }

  /**
   * The same browser (the same cookies, shared from now on) talking to another base URL: behind a
   * load balancer one browser's requests reach different app servers.
   */
  at(base: string): Client {
    const other = new Client(base);
    other.cookies = this.cookies;
    return other;
  }

  hasCookies() {
    return this.cookies.size > 0;
  }
}

export const location = (response: Response) => response.headers.get('Location');
