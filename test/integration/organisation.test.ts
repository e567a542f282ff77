/**
 * The organisation: municipality's name and logo, the decision-making bodies and the
 * departments, administered by admins only at /admin/organisation; the logo served at /logo.
 * Deactivating a body or department keeps its history. Every change is in the audit log.
 * Expected values are written out by hand (Finnish messages, demo data) or read from the database.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  type AuditRow,
  allListedIds,
  auditSince,
  cookieOf,
  count,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  fieldError,
  htmlOf,
  inputValue,
  lastAuditId,
  location,
  organisation,
  selectOptions,
  showServerLogsOnFailure,
  tableRows,
  userId,
  versionOf,
  visibleText,
  withoutScripts,
} from './helpers';

const PAGE = '/admin/organisation';

// Finnish messages, written out from the specification of the forms.
const MSG = {
  required: 'Tämä kenttä on pakollinen.',
  tooLong: 'Teksti on liian pitkä: enintään 200 merkkiä.',
  nameTaken: 'Tällä nimellä on jo yksi. Valitse toinen nimi.',
  fileTooLarge: 'Tiedosto on liian suuri: enintään 200 kt.',
  invalidImageType: 'Logon pitää olla PNG-, JPEG- tai WebP-kuva.',
  imageTooLarge: 'Kuva on liian suuri: enintään 2000 × 2000 kuvapistettä.',
};

let server: TestServer;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  server = await startServer();
  for (const username of ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja']) clients[username] = await new Client(server.url).login(username);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const admin = () => clients.paakayttaja!;

// ---------------------------------------------------------------------------------------------
// A real PNG, built here: signature, IHDR, one IDAT of deflated scanlines, IEND.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A width × height RGB PNG of one colour. */
function png(width: number, height: number, rgb: [number, number, number] = [0, 82, 155]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Posts the logo form as a browser does (multipart), with the client's session. */
async function uploadLogo(client: Client | null, content: Uint8Array | string, filename = 'logo.png', type = 'image/png', intent = 'logo') {
  const form = new FormData();
  form.append('intent', intent);
  form.append('logo', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }), filename);
  const session = client ? cookieOf(client, 'linssi_session') : undefined;
  const headers: Record<string, string> = { Origin: server.url, ...(session ? { Cookie: `linssi_session=${session}` } : {}) };
  return fetch(`${server.url}${PAGE}`, { method: 'POST', body: form, headers, redirect: 'manual' });
}

const settings = () =>
  Object.fromEntries(dbAll<{ key: string; value: string }>(server, 'SELECT key, value FROM settings ORDER BY key').map((r) => [r.key, r.value]));
const bodies = () => dbAll<{ id: number; name: string; sort_order: number; active: number }>(server, 'SELECT * FROM bodies ORDER BY sort_order, name, id');
const departments = () =>
  dbAll<{ id: number; name: string; sort_order: number; active: number }>(server, 'SELECT * FROM departments ORDER BY sort_order, name, id');
const idOf = (table: 'bodies' | 'departments', name: string) => Number(dbGet<{ id: number }>(server, `SELECT id FROM ${table} WHERE name = ?`, name)!.id);

/** Runs `step` and returns the audit rows it wrote. */
async function auditOf(step: () => Promise<unknown>): Promise<AuditRow[]> {
  const since = lastAuditId(server);
  await step();
  return auditSince(server, since);
}

/** The header's brand part (the app name, the logo, the municipality). */
function brandOf(html: string): string {
  return /<div class="site-header__brand">([\s\S]*?)<\/div>/.exec(withoutScripts(html))?.[1] ?? '';
}

/** The <li> of a body or department on the organisation page. */
function itemOf(html: string, kind: 'body' | 'department', id: number): string {
  return new RegExp(`<li\\b[^>]*id="${kind}-${id}"[^>]*>([\\s\\S]*?)</li>`).exec(withoutScripts(html))?.[1] ?? '';
}

async function page(client: Client = admin()) {
  const res = await client.get(PAGE);
  expect(res.status).toBe(200);
  return htmlOf(res);
}

// ---------------------------------------------------------------------------------------------

describe('access: admins only', () => {
  const posts: Array<Record<string, string>> = [
    { intent: 'name', name: 'Murtokunta' },
    { intent: 'logoRemove' },
    { intent: 'create', kind: 'body', name: 'Murtolautakunta' },
    { intent: 'rename', kind: 'body', id: '1', name: 'Murtovaltuusto' },
    { intent: 'move', kind: 'department', id: '2', direction: 'up' },
    { intent: 'deactivate', kind: 'department', id: '1' },
    { intent: 'reactivate', kind: 'body', id: '1' },
  ];

  for (const username of ['valmistelija', 'esimies', 'elinvoima']) {
    it(`refuses ${username} (403) every request, changing nothing`, async () => {
      const client = clients[username]!;
      const before = { settings: settings(), bodies: bodies(), departments: departments(), audit: count(server, 'audit_log') };
      expect((await client.get(PAGE)).status).toBe(403);
      expect((await client.get(`${PAGE}?notice=name.saved`)).status).toBe(403);
      for (const form of posts) expect((await client.post(PAGE, form)).status, JSON.stringify(form)).toBe(403);
      expect((await uploadLogo(client, png(2, 2))).status).toBe(403);
      expect({ settings: settings(), bodies: bodies(), departments: departments(), audit: count(server, 'audit_log') }).toEqual(before);
    });
  }

  it('sends anonymous visitors to the login page, changing nothing', async () => {
    const anonymous = new Client(server.url);
    const before = { settings: settings(), bodies: bodies(), departments: departments() };
    const get = await anonymous.get(PAGE);
    expect(get.status).toBe(302);
    expect(location(get)).toMatch(/^\/login/);
    for (const form of posts) {
      const res = await anonymous.post(PAGE, form);
      expect(res.status).toBe(302);
      expect(location(res)).toMatch(/^\/login/);
    }
    const upload = await uploadLogo(null, png(2, 2));
    expect(upload.status).toBe(302);
    expect(location(upload)).toMatch(/^\/login/);
    expect({ settings: settings(), bodies: bodies(), departments: departments() }).toEqual(before);
  });

  it('shows the page to an admin, linked from the admin menu, with every section and the no-JavaScript forms', async () => {
    const html = await page();
    expect(html).toContain('href="/admin/organisation"');
    expect(html).toMatch(/<title>Organisaatio – Linssi<\/title>/);
    const text = visibleText(html);
    for (const heading of ['Kunnan nimi', 'Logo', 'Toimielimet', 'Hallintokunnat']) expect(text).toContain(heading);
    expect(inputValue(html, 'municipality-name')).toBe('Vesannon kunta');
    const logoForm = /<form\b[^>]*enctype="multipart\/form-data"[^>]*>/i.exec(html)?.[0] ?? '';
    expect(logoForm).toContain('method="post"');
    // Every demo body and department is listed, with its number of decisions.
    for (const d of departments()) {
      const n = count(server, 'decisions', 'department_id = ?', d.id);
      expect(visibleText(itemOf(html, 'department', d.id))).toContain(`Päätösesityksiä: ${n}`);
    }
    for (const b of bodies()) expect(visibleText(itemOf(html, 'body', b.id))).toContain(b.name);
  });

  it('serves /logo to anyone, 404 while no logo is stored', async () => {
    const res = await new Client(server.url).get('/logo');
    expect(res.status).toBe(404);
  });
});

describe("the municipality's name", () => {
  it('is saved, shown in the header of every page (the login page too) and audited', async () => {
    const rows = await auditOf(async () => {
      const res = await admin().post(PAGE, { intent: 'name', name: '  Keiteleen   kunta ' });
      expect(res.status).toBe(302);
      expect(location(res)).toMatch(/^\/admin\/organisation\?notice=name.saved/);
    });
    expect(settings().municipality_name).toBe('Keiteleen kunta');
    const after = await admin().get(`${PAGE}?notice=name.saved`);
    expect(visibleText(await htmlOf(after))).toContain('Kunnan nimi tallennettiin.');
    for (const client of [clients.valmistelija!, new Client(server.url)]) {
      const res = await client.get(client === clients.valmistelija ? '/' : '/login');
      expect(res.status).toBe(200);
      const brand = visibleText(brandOf(await htmlOf(res)));
      expect(brand).toContain('Keiteleen kunta');
      expect(brand).not.toContain('Vesannon kunta');
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'organisation.name', user_id: userId(server, 'paakayttaja'), outcome: 'success' });
    expect(JSON.parse(rows[0]!.details)).toEqual({ from: 'Vesannon kunta', to: 'Keiteleen kunta' });
  });

  it('is required and at most 200 characters; the typed value is kept and nothing is saved', async () => {
    const before = { settings: settings(), audit: count(server, 'audit_log') };
    const empty = await admin().post(PAGE, { intent: 'name', name: '   ' });
    expect(empty.status).toBe(400);
    const emptyHtml = await htmlOf(empty);
    expect(fieldError(emptyHtml, 'municipality-name')).toBe(MSG.required);
    expect(emptyHtml).toMatch(/<input[^>]*id="municipality-name"[^>]*aria-invalid="true"/);
    const long = 'Å'.repeat(201);
    const tooLong = await admin().post(PAGE, { intent: 'name', name: long });
    expect(tooLong.status).toBe(400);
    const html = await htmlOf(tooLong);
    expect(fieldError(html, 'municipality-name')).toBe(MSG.tooLong);
    expect(inputValue(html, 'municipality-name')).toBe(long);
    expect(visibleText(html)).toContain('Lomakkeessa on korjattavaa');
    expect({ settings: settings(), audit: count(server, 'audit_log') }).toEqual(before);
  });
});

describe('the logo', () => {
  const image = png(120, 60);

  it('takes a PNG, served at /logo with identical bytes and its type, shown in the header; audited', async () => {
    const rows = await auditOf(async () => {
      const res = await uploadLogo(admin(), image, 'vaakuna.png');
      expect(res.status).toBe(302);
      expect(location(res)).toMatch(/^\/admin\/organisation\?notice=logo.saved/);
    });
    const stored = settings();
    expect(stored.logo_type).toBe('image/png');
    expect(stored.logo_version).toMatch(/^[a-z0-9]+$/);
    expect(Buffer.from(stored.logo!, 'base64').equals(image)).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'organisation.logo', user_id: userId(server, 'paakayttaja') });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ type: 'image/png', bytes: image.length, width: 120, height: 60 });

    const res = await new Client(server.url).get('/logo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag');
    expect(etag).toContain(stored.logo_version);
    expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);

    // The header (login page included) shows it with the municipality's name as its text alternative.
    const login = await htmlOf(await new Client(server.url).get('/login'));
    const img = /<img\b[^>]*>/.exec(brandOf(login))?.[0] ?? '';
    expect(img).toContain(`src="/logo?v=${stored.logo_version}"`);
    expect(img).toContain(`alt="${settings().municipality_name}"`);
    expect(img).toContain('height="40"');
    expect(img).toContain('width="80"');

    // The versioned address may be kept for good; a matching ETag answers 304.
    const versioned = await new Client(server.url).get(`/logo?v=${stored.logo_version}`);
    // (server.js puts no-store on every other response before the app answers, and leaves /logo
    // alone: Remix would append to it, and the browser would keep no copy.)
    expect(versioned.headers.get('cache-control')).toContain('public, max-age=31536000, immutable');
    const unversioned = await new Client(server.url).get('/logo?v=old');
    expect(unversioned.headers.get('cache-control')).not.toContain('immutable');
    const again = await new Client(server.url).get('/logo', { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
  });

  it('refuses a text file named .png and an SVG (by their bytes): invalidImageType, nothing saved', async () => {
    const before = { settings: settings(), audit: count(server, 'audit_log') };
    for (const [content, name, type] of [
      ['Tämä ei ole kuva vaan tekstiä.', 'logo.png', 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'logo.svg', 'image/svg+xml'],
      ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'logo.png', 'image/png'],
    ] as const) {
      const res = await uploadLogo(admin(), content, name, type);
      expect(res.status, name).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'logo')).toBe(MSG.invalidImageType);
      expect(html).toMatch(/<input[^>]*id="logo"[^>]*aria-invalid="true"/);
    }
    expect({ settings: settings(), audit: count(server, 'audit_log') }).toEqual(before);
  });

  it('refuses a small file of too many pixels (a decompression bomb): imageTooLarge, nothing saved', async () => {
    const before = { settings: settings(), audit: count(server, 'audit_log') };
    // A real, valid PNG of 2001 × 1 (a few hundred bytes); the limit is 2000 a side.
    const wide = png(2001, 1);
    expect(wide.length).toBeLessThan(200 * 1024);
    const res = await uploadLogo(admin(), wide);
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'logo')).toBe(MSG.imageTooLarge);
    expect(html).toMatch(/<input[^>]*id="logo"[^>]*aria-invalid="true"/);
    expect({ settings: settings(), audit: count(server, 'audit_log') }).toEqual(before);
    // The field's hint names the limit before anyone runs into it.
    expect(visibleText(await htmlOf(await admin().get(PAGE)))).toContain('enintään 200 kt ja 2000 × 2000 kuvapistettä');
  });

  it('refuses a file over 200 kB: fileTooLarge, nothing saved', async () => {
    const before = { settings: settings(), audit: count(server, 'audit_log') };
    const big = Buffer.concat([png(4, 4), Buffer.alloc(200 * 1024)]);
    const res = await uploadLogo(admin(), big);
    expect(res.status).toBe(413);
    expect(fieldError(await htmlOf(res), 'logo')).toBe(MSG.fileTooLarge);
    expect({ settings: settings(), audit: count(server, 'audit_log') }).toEqual(before);
  });

  it('a new logo gets a new address; removing it is audited and /logo then answers 404', async () => {
    const first = settings().logo_version;
    const second = png(40, 40, [255, 255, 255]);
    expect((await uploadLogo(admin(), second)).status).toBe(302);
    const version = settings().logo_version;
    expect(version).not.toBe(first);
    const served = await new Client(server.url).get('/logo');
    expect(Buffer.from(await served.arrayBuffer()).equals(second)).toBe(true);

    const rows = await auditOf(async () => {
      const res = await admin().post(PAGE, { intent: 'logoRemove' });
      expect(res.status).toBe(302);
    });
    expect(rows.map((r) => r.action)).toEqual(['organisation.logo_remove']);
    expect(Object.keys(settings()).filter((k) => k.startsWith('logo'))).toEqual([]);
    expect((await new Client(server.url).get('/logo')).status).toBe(404);
    expect(brandOf(await htmlOf(await new Client(server.url).get('/login')))).not.toContain('<img');
    // Removing when there is none changes nothing and writes nothing.
    const none = await auditOf(() => admin().post(PAGE, { intent: 'logoRemove' }));
    expect(none).toEqual([]);
  });
});

describe('bodies and departments', () => {
  it('adds a body: listed, offered for new drafts, audited', async () => {
    const rows = await auditOf(async () => {
      const res = await admin().post(PAGE, { intent: 'create', kind: 'body', name: 'Ympäristölautakunta' });
      expect(res.status).toBe(302);
      expect(location(res)).toMatch(/notice=body\.created/);
    });
    const id = idOf('bodies', 'Ympäristölautakunta');
    expect(bodies().at(-1)).toMatchObject({ id, name: 'Ympäristölautakunta', active: 1 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'body.create', entity_type: 'body', entity_id: id, user_id: userId(server, 'paakayttaja') });
    const org = await organisation(clients.valmistelija!);
    expect([...org.bodies.keys()].at(-1)).toBe('Ympäristölautakunta');
    const html = await htmlOf(await admin().get(`${PAGE}?notice=body.created&id=${id}`));
    expect(visibleText(html)).toContain('Lisätty toimielin: Ympäristölautakunta.');
  });

  it('refuses a name already in use, whatever its case: nameTaken at the field, the typed value kept, nothing saved', async () => {
    const before = { bodies: bodies(), audit: count(server, 'audit_log') };
    const res = await admin().post(PAGE, { intent: 'create', kind: 'body', name: 'kunnanhallitus' });
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'new-body')).toBe(MSG.nameTaken);
    expect(inputValue(html, 'new-body')).toBe('kunnanhallitus');
    expect(html).toContain('href="#new-body"');
    // The departments' add form is untouched.
    expect(fieldError(html, 'new-department')).toBeNull();
    const empty = await admin().post(PAGE, { intent: 'create', kind: 'department', name: '' });
    expect(empty.status).toBe(400);
    expect(fieldError(await htmlOf(empty), 'new-department')).toBe(MSG.required);
    expect({ bodies: bodies(), audit: count(server, 'audit_log') }).toEqual(before);
  });

  it('renames a body (audited), and refuses the name of another', async () => {
    const id = idOf('bodies', 'Ympäristölautakunta');
    const rows = await auditOf(async () => {
      const res = await admin().post(PAGE, { intent: 'rename', kind: 'body', id: String(id), name: 'Ympäristö- ja rakennuslautakunta' });
      expect(res.status).toBe(302);
    });
    expect(dbGet(server, 'SELECT name FROM bodies WHERE id = ?', id)).toEqual({ name: 'Ympäristö- ja rakennuslautakunta' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'body.rename', entity_id: id });
    expect(JSON.parse(rows[0]!.details)).toEqual({ from: 'Ympäristölautakunta', to: 'Ympäristö- ja rakennuslautakunta' });

    const before = { bodies: bodies(), audit: count(server, 'audit_log') };
    const taken = await admin().post(PAGE, { intent: 'rename', kind: 'body', id: String(id), name: 'Tekninen LAUTAKUNTA' });
    expect(taken.status).toBe(400);
    const html = await htmlOf(taken);
    expect(fieldError(html, `body-${id}-name`)).toBe(MSG.nameTaken);
    expect(inputValue(html, `body-${id}-name`)).toBe('Tekninen LAUTAKUNTA');
    expect(html).toMatch(new RegExp(`<details[^>]*open=""[^>]*>[\\s\\S]*?id="body-${id}-name"`));
    expect({ bodies: bodies(), audit: count(server, 'audit_log') }).toEqual(before);
    // An unknown id is 404.
    expect((await admin().post(PAGE, { intent: 'rename', kind: 'body', id: '99999', name: 'Uusi' })).status).toBe(404);
  });

  it('moves a department up and down: the order of the new-draft form follows; audited', async () => {
    const order = async () => [...(await organisation(clients.valmistelija!)).departments.keys()];
    expect(await order()).toEqual(['Yleishallinto', 'Sivistystoimi', 'Perusturva', 'Tekninen toimi']);
    const id = idOf('departments', 'Perusturva');
    const rows = await auditOf(async () => {
      expect((await admin().post(PAGE, { intent: 'move', kind: 'department', id: String(id), direction: 'up' })).status).toBe(302);
    });
    expect(await order()).toEqual(['Yleishallinto', 'Perusturva', 'Sivistystoimi', 'Tekninen toimi']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'department.move', entity_id: id });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ direction: 'up', from: 3, to: 2 });
    expect((await admin().post(PAGE, { intent: 'move', kind: 'department', id: String(id), direction: 'down' })).status).toBe(302);
    expect(await order()).toEqual(['Yleishallinto', 'Sivistystoimi', 'Perusturva', 'Tekninen toimi']);
    // The first one up: nothing moves, nothing is written.
    const first = idOf('departments', 'Yleishallinto');
    const none = await auditOf(() => admin().post(PAGE, { intent: 'move', kind: 'department', id: String(first), direction: 'up' }));
    expect(none).toEqual([]);
    expect(await order()).toEqual(['Yleishallinto', 'Sivistystoimi', 'Perusturva', 'Tekninen toimi']);
  });
});

describe('deactivating a department keeps its history', () => {
  const NAME = 'Tekninen toimi';
  let id: number;
  let draft: number;
  let org: Awaited<ReturnType<typeof organisation>>;

  beforeAll(async () => {
    id = idOf('departments', NAME);
    org = await organisation(clients.valmistelija!);
    draft = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Katuvalojen uusiminen', department: NAME, body: 'Tekninen lautakunta' }));
  });

  it('is audited; the department is no longer offered for new drafts', async () => {
    const decided = count(server, 'decisions d JOIN assessments a ON a.decision_id = d.id', "d.department_id = ? AND a.status = 'decided'", id);
    expect(decided).toBeGreaterThan(0);
    const rows = await auditOf(async () => {
      const res = await admin().post(PAGE, { intent: 'deactivate', kind: 'department', id: String(id) });
      expect(res.status).toBe(302);
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'department.deactivate', entity_type: 'department', entity_id: id });
    expect(dbGet(server, 'SELECT active FROM departments WHERE id = ?', id)).toEqual({ active: 0 });

    const html = await htmlOf(await clients.valmistelija!.get('/decisions/new'));
    const labels = selectOptions(html, 'departmentId').map((o) => o.label);
    expect(labels).not.toContain(NAME);
    expect(labels).toContain('Sivistystoimi');
    // The admin still sees it, marked deactivated, with its decisions.
    const item = visibleText(itemOf(await page(), 'department', id));
    expect(item).toContain('Poistettu käytöstä');
    expect(item).toContain(`Päätösesityksiä: ${count(server, 'decisions', 'department_id = ?', id)}`);
    expect(item).toContain('Ota uudelleen käyttöön');
  });

  it('a draft cannot be moved to another deactivated department by a hand-made request, nor a new one made for it', async () => {
    const other = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Toisen hallintokunnan esitys', department: 'Sivistystoimi' }));
    const before = dbGet(server, 'SELECT department_id FROM decisions WHERE id = ?', other);
    const edit = await clients.valmistelija!.post(`/decisions/${other}/edit`, {
      ...draftFields(org, { title: 'Siirto lakkautettuun', department: NAME, body: 'Tekninen lautakunta' }),
      version: String(versionOf(server, other)),
    });
    expect(edit.status).toBe(400);
    expect(fieldError(await htmlOf(edit), 'departmentId')).toBeTruthy();
    expect(dbGet(server, 'SELECT department_id FROM decisions WHERE id = ?', other)).toEqual(before);
    const decisions = count(server, 'decisions');
    const created = await clients.valmistelija!.post(
      '/decisions/new',
      draftFields(org, { title: 'Uusi lakkautettuun', department: NAME, body: 'Tekninen lautakunta' }),
    );
    expect(created.status).toBe(400);
    expect(count(server, 'decisions')).toBe(decisions);
  });

  it('an existing draft still shows its department and can still be edited', async () => {
    const view = await clients.valmistelija!.get(`/decisions/${draft}`);
    expect(view.status).toBe(200);
    expect(visibleText(await htmlOf(view))).toContain(NAME);
    const edit = await clients.valmistelija!.post(`/decisions/${draft}/edit`, {
      ...draftFields(org, { title: 'Katuvalojen uusiminen LED-valoiksi', department: NAME, body: 'Tekninen lautakunta' }),
      version: String(versionOf(server, draft)),
    });
    expect(edit.status).toBe(302);
    expect(dbGet(server, 'SELECT title, department_id FROM decisions WHERE id = ?', draft)).toEqual({
      title: 'Katuvalojen uusiminen LED-valoiksi',
      department_id: id,
    });
  });

  it('its decided decisions are still found in the archive and counted in the report', async () => {
    const expected = dbAll<{ id: number }>(
      server,
      "SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id WHERE d.department_id = ? AND a.status = 'decided' AND NOT d.confidential ORDER BY d.id",
      id,
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((await allListedIds(clients.valmistelija!, `/archive?department=${id}`)).sort((a, b) => a - b)).toEqual(expected);
    // The decision page of a decided one still names it.
    expect(visibleText(await htmlOf(await clients.valmistelija!.get(`/decisions/${expected[0]}`)))).toContain(NAME);
    const report = await clients.elinvoima!.get('/report?from=1.1.2024&to=31.12.2026');
    expect(report.status).toBe(200);
    const rows = tableRows(await htmlOf(report), '<caption>Hallintokunnittain');
    expect(rows.map((r) => r.cells[0])).toContain(NAME);
  });

  it('reactivating brings it back to new drafts; audited', async () => {
    const rows = await auditOf(async () => {
      expect((await admin().post(PAGE, { intent: 'reactivate', kind: 'department', id: String(id) })).status).toBe(302);
    });
    expect(rows.map((r) => [r.action, r.entity_id])).toEqual([['department.reactivate', id]]);
    const html = await htmlOf(await clients.valmistelija!.get('/decisions/new'));
    expect(selectOptions(html, 'departmentId').map((o) => o.label)).toContain(NAME);
  });
});
