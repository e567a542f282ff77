/**
 * People: admins create users with a temporary password shown once, edit their roles
 * and departments, reset passwords, deactivate and reactivate users; a user with a temporary
 * password is sent to /password until they change it. Only admins reach the admin pages; every
 * change is audited without any password in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  type AuditRow,
  auditSince,
  checkedBoxes,
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
  showServerLogsOnFailure,
  tableRows,
  userId,
  visibleText,
} from './helpers';

let server: TestServer;
let admin: Client;
/** Department ids by name, from the database. */
let dept: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  admin = await new Client(server.url).login('paakayttaja');
  dept = new Map(dbAll<{ id: number; name: string }>(server, 'SELECT id, name FROM departments').map((d) => [d.name, String(d.id)]));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

// Finnish messages as the specification words them (not read from the app's catalog).
const MSG = {
  required: 'Tämä kenttä on pakollinen.',
  usernameTaken: 'Tämä käyttäjätunnus on jo käytössä.',
  invalidUsername: 'Käyttäjätunnuksessa voi olla pieniä kirjaimia a–z, numeroita sekä merkit . _ - (2–64 merkkiä).',
  roleRequired: 'Valitse vähintään yksi rooli.',
  invalidEmail: 'Anna sähköpostiosoite muodossa nimi@kunta.fi.',
  passwordTooShort: 'Salasanan pitää olla vähintään 12 merkkiä pitkä.',
  passwordTooLong: 'Salasana voi olla enintään 128 merkkiä pitkä.',
  passwordMismatch: 'Salasanat eivät ole samat.',
  wrongPassword: 'Nykyinen salasana on väärin.',
  samePassword: 'Uuden salasanan pitää olla eri kuin nykyinen.',
  summaryTitle: 'Lomakkeessa on korjattavaa',
} as const;

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  active: number;
  must_change_password: number;
  password_hash: string;
}
const userRow = (username: string) => dbGet<UserRow>(server, 'SELECT * FROM users WHERE username = ?', username);
const rolesOf = (id: number) => dbAll<{ role: string }>(server, 'SELECT role FROM user_roles WHERE user_id = ? ORDER BY role', id).map((r) => r.role);
const linksOf = (id: number, relation: string) =>
  dbAll<{ name: string }>(
    server,
    'SELECT d.name FROM user_departments ud JOIN departments d ON d.id = ud.department_id WHERE ud.user_id = ? AND ud.relation = ? ORDER BY d.name',
    id,
    relation,
  ).map((r) => r.name);
const sessionsOf = (id: number) => count(server, 'sessions', 'user_id = ?', id);

/** The temporary password shown on the page. */
function shownPassword(html: string): string {
  const match = /<code id="temporary-password"[^>]*>([^<]+)<\/code>/.exec(html);
  if (!match) throw new Error('No temporary password on the page');
  return match[1]!.trim();
}

/** Audit rows must never hold a password (nor a hash of one). */
function expectNoSecrets(rows: AuditRow[], ...secrets: string[]) {
  for (const row of rows) {
    for (const secret of secrets) expect(row.details, `${row.action} details`).not.toContain(secret);
    expect(row.details).not.toMatch(/scrypt\$/);
    expect(row.details.toLowerCase()).not.toContain('password_hash');
  }
}

interface NewUserFields {
  username: string;
  displayName: string;
  email?: string;
  roles?: string[];
  memberOf?: string[];
  leads?: string[];
}
function userForm(f: NewUserFields): Record<string, string | string[]> {
  return {
    username: f.username,
    displayName: f.displayName,
    email: f.email ?? '',
    roles: f.roles ?? ['official'],
    memberOf: (f.memberOf ?? []).map((n) => dept.get(n)!),
    leads: (f.leads ?? []).map((n) => dept.get(n)!),
  };
}

/** Creates a user through the admin form; returns the id and the temporary password shown. */
async function createThroughForm(f: NewUserFields): Promise<{ id: number; password: string; html: string; res: Response }> {
  const res = await admin.post('/admin/users/new', userForm(f));
  expect(res.status, `create ${f.username}`).toBe(200);
  const html = await htmlOf(res);
  return { id: userId(server, f.username), password: shownPassword(html), html, res };
}

/** Logs in a user with a temporary password and changes it; returns the logged-in client. */
async function loginAndChange(username: string, temporary: string, newPassword: string): Promise<Client> {
  const client = await new Client(server.url).login(username, temporary);
  const res = await client.post('/password', { currentPassword: temporary, newPassword, repeatPassword: newPassword, redirectTo: '/' });
  expect(res.status, 'password change').toBe(302);
  return client;
}

describe('access', () => {
  let targetId: number;
  beforeAll(() => {
    targetId = userId(server, 'perusturva');
  });

  const routes = () => [
    { method: 'GET', path: '/admin/users' },
    { method: 'GET', path: '/admin/users?status=all&q=a' },
    { method: 'GET', path: '/admin/users/new' },
    { method: 'GET', path: `/admin/users/${targetId}` },
    { method: 'GET', path: `/admin/users/${targetId}?confirm=deactivate` },
    { method: 'POST', path: '/admin/users/new', form: userForm({ username: 'tunkeilija', displayName: 'Tunkeilija', roles: ['admin'] }) },
    { method: 'POST', path: `/admin/users/${targetId}`, form: { intent: 'save', displayName: 'Muutettu', email: '', roles: ['admin'] } },
    { method: 'POST', path: `/admin/users/${targetId}`, form: { intent: 'resetPassword' } },
    { method: 'POST', path: `/admin/users/${targetId}`, form: { intent: 'deactivate' } },
    { method: 'POST', path: `/admin/users/${targetId}`, form: { intent: 'reactivate' } },
  ];

  for (const username of ['valmistelija', 'esimies', 'elinvoima']) {
    it(`refuses every users page and action to ${username} with 403, changing nothing`, async () => {
      const client = await new Client(server.url).login(username);
      const before = { users: count(server, 'users'), audit: lastAuditId(server), target: userRow('perusturva'), sessions: sessionsOf(targetId) };
      for (const r of routes()) {
        const res = r.method === 'GET' ? await client.get(r.path) : await client.post(r.path, r.form!);
        expect(res.status, `${r.method} ${r.path}`).toBe(403);
      }
      expect(count(server, 'users')).toBe(before.users);
      expect(userRow('perusturva')).toEqual(before.target);
      expect(sessionsOf(targetId)).toBe(before.sessions);
      expect(auditSince(server, before.audit).filter((a) => a.action.startsWith('user.'))).toEqual([]);
    });
  }

  it('sends anonymous visitors of every users page and action to the login page', async () => {
    const client = new Client(server.url);
    const before = count(server, 'users');
    for (const r of routes()) {
      const res = r.method === 'GET' ? await client.get(r.path) : await client.post(r.path, r.form!);
      expect(res.status, `${r.method} ${r.path}`).toBe(302);
      const target = new URL(location(res)!, server.url);
      expect(target.pathname, `${r.method} ${r.path}`).toBe('/login');
      expect(target.searchParams.get('redirectTo')).toBe(r.path);
    }
    for (const res of [await client.get('/password'), await client.post('/password', { currentPassword: 'x', newPassword: 'y', repeatPassword: 'y' })]) {
      expect(res.status).toBe(302);
      expect(new URL(location(res)!, server.url).pathname).toBe('/login');
    }
    expect(count(server, 'users')).toBe(before);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await admin.get('/admin/users/999999')).status).toBe(404);
    expect((await admin.post('/admin/users/999999', { intent: 'deactivate' })).status).toBe(404);
  });
});

describe('the list', () => {
  it('lists active users with their roles and departments, searches by name or username, and filters by status', async () => {
    const res = await admin.get('/admin/users');
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    expect(html).toContain('href="/admin/users/new"');
    const rows = tableRows(html);
    const eero = rows.find((r) => r.cells[0] === 'Eero Esimies');
    expect(eero, 'Eero Esimies listed').toBeDefined();
    expect(eero!.cells).toEqual(['Eero Esimies', 'esimies', 'Esimies', 'Sivistystoimi', 'Yleishallinto, Sivistystoimi', 'Käytössä']);
    expect(eero!.html).toContain(`href="/admin/users/${userId(server, 'esimies')}"`);
    expect(rows.map((r) => r.cells[1])).toEqual(expect.arrayContaining(['valmistelija', 'elinvoima', 'paakayttaja']));

    const byName = tableRows(await htmlOf(await admin.get(`/admin/users?q=${encodeURIComponent('Pääkäyt')}`)));
    expect(byName.map((r) => r.cells[1])).toEqual(['paakayttaja']);
    const byUsername = tableRows(await htmlOf(await admin.get('/admin/users?q=ESIM')));
    expect(byUsername.map((r) => r.cells[1])).toEqual(['esimies']);
    const none = await htmlOf(await admin.get('/admin/users?q=eiketaan'));
    expect(tableRows(none)).toEqual([]);
    expect(visibleText(none)).toContain('Ehtoja vastaavia käyttäjiä ei löytynyt.');
    // The search form keeps what was typed.
    expect(inputValue(await htmlOf(await admin.get('/admin/users?q=esim')), 'q')).toBe('esim');
  });

  it('shows a deactivated user under "Käytöstä poistetut" and "Kaikki" only', async () => {
    const { id } = await createThroughForm({ username: 'listalta.pois', displayName: 'Listalta Pois' });
    expect((await admin.post(`/admin/users/${id}`, { intent: 'deactivate' })).status).toBe(302);
    const names = async (query: string) => tableRows(await htmlOf(await admin.get(`/admin/users${query}`))).map((r) => r.cells[1]);
    expect(await names('?q=listalta')).toEqual([]);
    expect(await names('?status=inactive&q=listalta')).toEqual(['listalta.pois']);
    expect(await names('?status=all&q=listalta')).toEqual(['listalta.pois']);
    expect(await names('?status=inactive')).not.toContain('valmistelija');
    const row = tableRows(await htmlOf(await admin.get('/admin/users?status=all&q=listalta')))[0]!;
    expect(row.cells[5]).toBe('Poistettu käytöstä');
  });
});

describe('creating a user', () => {
  it('creates the user with a temporary password shown once; they log in, must change it, and land where they were going', async () => {
    const audit = lastAuditId(server);
    const { id, password, html, res } = await createThroughForm({
      username: 'uusi.kayttaja',
      displayName: 'Uusi Käyttäjä',
      email: 'Uusi.Kayttaja@Vesanto.fi',
      roles: ['official', 'manager'],
      memberOf: ['Sivistystoimi'],
      leads: ['Sivistystoimi', 'Perusturva'],
    });
    expect(res.headers.get('Cache-Control')).toContain('no-store');
    expect(visibleText(html)).toContain('Käyttäjä luotu');
    // Readable and long enough, and not in the URL.
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(password).toMatch(/^[a-z0-9-]+$/);
    expect(res.headers.get('Location')).toBeNull();

    const row = userRow('uusi.kayttaja')!;
    expect(row.display_name).toBe('Uusi Käyttäjä');
    expect(row.email).toBe('uusi.kayttaja@vesanto.fi');
    expect(row.must_change_password).toBe(1);
    expect(row.active).toBe(1);
    expect(row.password_hash).not.toContain(password);
    expect(rolesOf(id)).toEqual(['manager', 'official']);
    expect(linksOf(id, 'member')).toEqual(['Sivistystoimi']);
    expect(linksOf(id, 'lead')).toEqual(['Perusturva', 'Sivistystoimi']);

    const rows = auditSince(server, audit);
    const created = rows.filter((a) => a.action === 'user.create');
    expect(created).toHaveLength(1);
    expect(created[0]!.user_id).toBe(userId(server, 'paakayttaja'));
    expect(created[0]!.entity_type).toBe('user');
    expect(created[0]!.entity_id).toBe(id);
    expect(JSON.parse(created[0]!.details)).toMatchObject({ username: 'uusi.kayttaja', roles: ['official', 'manager'] });
    expectNoSecrets(rows, password);
    expect(server.logs()).not.toContain(password);

    // A second password made for another user is a different one.
    const other = await createThroughForm({ username: 'toinen.uusi', displayName: 'Toinen Uusi' });
    expect(other.password).not.toBe(password);

    // The user logs in with the shown password and is sent to /password wherever they go.
    const user = new Client(server.url);
    const login = await user.post('/login', { username: 'uusi.kayttaja', password, redirectTo: '/decisions' });
    expect(login.status).toBe(302);
    expect(location(login)).toBe('/decisions');
    const forced = await user.get('/decisions');
    expect(forced.status).toBe(302);
    expect(location(forced)).toBe('/password?redirectTo=%2Fdecisions');
    const elsewhere = await user.get('/archive?q=x');
    expect(new URL(location(elsewhere)!, server.url).searchParams.get('redirectTo')).toBe('/archive?q=x');
    // A POST elsewhere is refused the same way, and changes nothing.
    const posted = await user.post('/decisions/new', { title: 'Ei saa syntyä' });
    expect(new URL(location(posted)!, server.url).pathname).toBe('/password');
    expect(count(server, 'decisions', 'author_id = ?', id)).toBe(0);

    const page = await user.get('/password?redirectTo=%2Fdecisions');
    expect(page.status).toBe(200);
    const pageHtml = await htmlOf(page);
    expect(visibleText(pageHtml)).toContain('Sinulle on annettu väliaikainen salasana');
    expect(pageHtml).toMatch(/<input type="hidden" name="redirectTo" value="\/decisions"\/>/);

    // A second session of the same user, to be ended by the change.
    const otherDevice = await new Client(server.url).login('uusi.kayttaja', password);
    expect(sessionsOf(id)).toBe(2);

    const mismatch = await user.post('/password', {
      currentPassword: password,
      newPassword: 'oma uusi salasana 1',
      repeatPassword: 'oma uusi salasana 2',
      redirectTo: '/decisions',
    });
    expect(mismatch.status).toBe(400);
    expect(fieldError(await htmlOf(mismatch), 'repeatPassword')).toBe(MSG.passwordMismatch);
    expect(userRow('uusi.kayttaja')!.must_change_password).toBe(1);

    const before = lastAuditId(server);
    const changed = await user.post('/password', {
      currentPassword: password,
      newPassword: 'oma uusi salasana 1',
      repeatPassword: 'oma uusi salasana 1',
      redirectTo: '/decisions',
    });
    expect(changed.status).toBe(302);
    expect(location(changed)).toBe('/decisions');
    expect(userRow('uusi.kayttaja')!.must_change_password).toBe(0);
    expect((await user.get('/decisions')).status).toBe(200);
    // The other device's session has ended; this one goes on.
    expect(sessionsOf(id)).toBe(1);
    const ended = await otherDevice.get('/decisions');
    expect(new URL(location(ended)!, server.url).pathname).toBe('/login');
    const changeRows = auditSince(server, before).filter((a) => a.action === 'user.password_change');
    expect(changeRows).toHaveLength(1);
    expect(changeRows[0]!.user_id).toBe(id);
    expect(changeRows[0]!.outcome).toBe('success');
    expectNoSecrets(auditSince(server, before), password, 'oma uusi salasana 1');

    // The old password no longer works, the new one does, without a detour.
    expect((await new Client(server.url).post('/login', { username: 'uusi.kayttaja', password })).status).toBe(401);
    const again = await new Client(server.url).login('uusi.kayttaja', 'oma uusi salasana 1');
    expect((await again.get('/decisions')).status).toBe(200);
  });

  it('refuses a username that is taken, no role and a bad e-mail: messages at the fields, typed values kept, nothing saved', async () => {
    const users = count(server, 'users');
    const audit = lastAuditId(server);
    const res = await admin.post(
      '/admin/users/new',
      userForm({
        username: 'valmistelija',
        displayName: 'Toinen Veera',
        email: 'veera(at)vesanto',
        roles: [],
        memberOf: ['Perusturva'],
        leads: ['Tekninen toimi'],
      }),
    );
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'username')).toBe(MSG.usernameTaken);
    expect(fieldError(html, 'roles')).toBe(MSG.roleRequired);
    expect(fieldError(html, 'email')).toBe(MSG.invalidEmail);
    expect(visibleText(html)).toContain(MSG.summaryTitle);
    expect(inputValue(html, 'username')).toBe('valmistelija');
    expect(inputValue(html, 'displayName')).toBe('Toinen Veera');
    expect(inputValue(html, 'email')).toBe('veera(at)vesanto');
    expect(checkedBoxes(html, 'memberOf')).toEqual([dept.get('Perusturva')]);
    expect(checkedBoxes(html, 'leads')).toEqual([dept.get('Tekninen toimi')]);
    expect(html).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"/);
    expect(count(server, 'users')).toBe(users);
    expect(auditSince(server, audit)).toEqual([]);
    expect(html).not.toContain('id="temporary-password"');
  });

  it('refuses a username with other characters, an empty name and an unknown department', async () => {
    const users = count(server, 'users');
    const res = await admin.post('/admin/users/new', {
      username: 'matti meikäläinen',
      displayName: '  ',
      email: '',
      roles: ['official'],
      memberOf: ['999999'],
    });
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'username')).toBe(MSG.invalidUsername);
    expect(fieldError(html, 'displayName')).toBe(MSG.required);
    expect(checkedBoxes(html, 'roles')).toEqual(['official']);
    expect(count(server, 'users')).toBe(users);
    const unknownDept = await admin.post('/admin/users/new', { username: 'matti.m', displayName: 'Matti M', roles: ['official'], memberOf: ['999999'] });
    expect(unknownDept.status).toBe(400);
    expect(fieldError(await htmlOf(unknownDept), 'memberOf')).toBe('Valitse hallintokunta luettelosta.');
    expect(count(server, 'users')).toBe(users);
  });

  it('shows the form in English to an admin who uses English', async () => {
    const english = await new Client(server.url).login('paakayttaja');
    await english.post('/language', { language: 'en', redirectTo: '/' });
    const res = await english.post('/admin/users/new', userForm({ username: 'x', displayName: 'X', roles: [] }));
    const html = await htmlOf(res);
    expect(fieldError(html, 'roles')).toBe('Choose at least one role.');
    expect(fieldError(html, 'username')).toContain('A user name may contain');
    await english.post('/language', { language: 'fi', redirectTo: '/' });
  });
});

describe('editing a user', () => {
  it('saves the name, e-mail, roles and departments, with an audit row of what changed', async () => {
    const { id } = await createThroughForm({ username: 'muokattava', displayName: 'Muokattava Henkilö', roles: ['official'], memberOf: ['Sivistystoimi'] });
    const page = await htmlOf(await admin.get(`/admin/users/${id}`));
    expect(inputValue(page, 'displayName')).toBe('Muokattava Henkilö');
    expect(checkedBoxes(page, 'roles')).toEqual(['official']);
    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, {
      intent: 'save',
      displayName: 'Muokattu Henkilö',
      email: 'muokattu@vesanto.fi',
      roles: ['official', 'group'],
      memberOf: [dept.get('Perusturva')!],
      leads: [],
    });
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/admin/users/${id}?notice=userSaved`);
    expect(userRow('muokattava')).toMatchObject({ display_name: 'Muokattu Henkilö', email: 'muokattu@vesanto.fi' });
    expect(rolesOf(id)).toEqual(['group', 'official']);
    expect(linksOf(id, 'member')).toEqual(['Perusturva']);
    const rows = auditSince(server, audit);
    expect(rows.map((r) => r.action)).toEqual(['user.update']);
    expect(JSON.parse(rows[0]!.details)).toEqual({
      displayName: { from: 'Muokattava Henkilö', to: 'Muokattu Henkilö' },
      email: { from: null, to: 'muokattu@vesanto.fi' },
      roles: { added: ['group'], removed: [] },
      memberOf: { added: [Number(dept.get('Perusturva'))], removed: [Number(dept.get('Sivistystoimi'))] },
    });
    expect(visibleText(await htmlOf(await admin.get(location(res)!)))).toContain('Muutokset tallennettu.');

    // Saving the same again changes nothing and writes nothing.
    const same = lastAuditId(server);
    const again = await admin.post(`/admin/users/${id}`, {
      intent: 'save',
      displayName: 'Muokattu Henkilö',
      email: 'muokattu@vesanto.fi',
      roles: ['official', 'group'],
      memberOf: [dept.get('Perusturva')!],
    });
    expect(location(again)).toBe(`/admin/users/${id}?notice=userUnchanged`);
    expect(auditSince(server, same)).toEqual([]);
  });

  it('refuses no role and a bad e-mail, keeping what was typed and saving nothing', async () => {
    const id = userId(server, 'elinvoima');
    const before = { row: userRow('elinvoima'), roles: rolesOf(id), audit: lastAuditId(server) };
    const res = await admin.post(`/admin/users/${id}`, {
      intent: 'save',
      displayName: 'Elina Uusinimi',
      email: 'ei-osoite',
      roles: [],
      memberOf: [dept.get('Yleishallinto')!],
    });
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'roles')).toBe(MSG.roleRequired);
    expect(fieldError(html, 'email')).toBe(MSG.invalidEmail);
    expect(inputValue(html, 'displayName')).toBe('Elina Uusinimi');
    expect(checkedBoxes(html, 'roles')).toEqual([]);
    expect(userRow('elinvoima')).toEqual(before.row);
    expect(rolesOf(id)).toEqual(before.roles);
    expect(auditSince(server, before.audit)).toEqual([]);
  });

  it('keeps the admin role of the last active admin, with a clear message', async () => {
    const id = userId(server, 'paakayttaja');
    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, {
      intent: 'save',
      displayName: 'Paavo Pääkäyttäjä',
      email: '',
      roles: ['official'],
      memberOf: [dept.get('Yleishallinto')!],
    });
    expect(res.status).toBe(400);
    expect(fieldError(await htmlOf(res), 'roles')).toContain('vähintään yksi käytössä oleva pääkäyttäjä');
    expect(rolesOf(id)).toEqual(['admin']);
    expect(auditSince(server, audit)).toEqual([]);
  });
});

describe('deactivating and reactivating', () => {
  it('ends the user’s session at once, refuses their login and keeps their decisions', async () => {
    const { id, password } = await createThroughForm({ username: 'lahtija', displayName: 'Lauri Lähtijä', roles: ['official'], memberOf: ['Sivistystoimi'] });
    const user = await loginAndChange('lahtija', password, 'lähtijän oma salasana');
    const decision = await createDecision(user, draftFields(await organisation(user), { title: 'Lähtijän esitys' }));
    expect((await user.get('/decisions')).status).toBe(200);

    // A confirmation step first (a GET that changes nothing).
    const confirm = await admin.get(`/admin/users/${id}?confirm=deactivate`);
    expect(visibleText(await htmlOf(confirm))).toContain('Kyllä, poista käytöstä');
    expect(userRow('lahtija')!.active).toBe(1);

    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, { intent: 'deactivate' });
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/admin/users/${id}?notice=userDeactivated`);
    expect(userRow('lahtija')!.active).toBe(0);
    expect(sessionsOf(id)).toBe(0);

    const next = await user.get('/decisions');
    expect(next.status).toBe(302);
    expect(new URL(location(next)!, server.url).pathname).toBe('/login');
    expect((await new Client(server.url).post('/login', { username: 'lahtija', password: 'lähtijän oma salasana' })).status).toBe(401);
    expect(dbGet(server, 'SELECT title, author_id FROM decisions WHERE id = ?', decision)).toEqual({ title: 'Lähtijän esitys', author_id: id });

    const rows = auditSince(server, audit);
    expect(rows.filter((r) => r.action.startsWith('user.')).map((r) => [r.action, r.user_id, r.entity_id])).toEqual([
      ['user.deactivate', userId(server, 'paakayttaja'), id],
    ]);

    const reactivated = await admin.post(`/admin/users/${id}`, { intent: 'reactivate' });
    expect(location(reactivated)).toBe(`/admin/users/${id}?notice=userReactivated`);
    expect(userRow('lahtija')!.active).toBe(1);
    expect(
      auditSince(server, audit)
        .filter((r) => r.action.startsWith('user.'))
        .map((r) => r.action),
    ).toEqual(['user.deactivate', 'user.reactivate']);
    const back = await new Client(server.url).login('lahtija', 'lähtijän oma salasana');
    expect((await back.get('/decisions')).status).toBe(200);
  });

  it('does not let an admin deactivate themselves', async () => {
    const id = userId(server, 'paakayttaja');
    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, { intent: 'deactivate' });
    expect(res.status).toBe(409);
    expect(visibleText(await htmlOf(res))).toContain('Et voi poistaa omaa tunnustasi käytöstä.');
    expect(userRow('paakayttaja')!.active).toBe(1);
    expect(sessionsOf(id)).toBeGreaterThan(0);
    expect(auditSince(server, audit)).toEqual([]);
    expect((await admin.get('/admin/users')).status).toBe(200);
    // Their own page offers no deactivation, and says why.
    const own = await htmlOf(await admin.get(`/admin/users/${id}`));
    expect(own).not.toContain('?confirm=deactivate');
    expect(visibleText(own)).toContain('Et voi poistaa omaa tunnustasi käytöstä.');
  });
});

describe('an admin’s own password', () => {
  it('is not reset from the users page (that would end the admin’s own session): 409, nothing changes, /password is offered', async () => {
    const id = userId(server, 'paakayttaja');
    const hash = dbGet<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE id = ?', id)!.password_hash;
    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, { intent: 'resetPassword' });
    expect(res.status).toBe(409);
    expect(dbGet<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE id = ?', id)!.password_hash).toBe(hash);
    expect(auditSince(server, audit)).toEqual([]);
    expect(sessionsOf(id)).toBeGreaterThan(0);
    const own = await htmlOf(await admin.get(`/admin/users/${id}`));
    expect(own).not.toContain('?confirm=reset');
    expect(own).toContain('href="/password"');
  });
});

describe('resetting a password', () => {
  it('gives a new temporary password once, ends the user’s sessions and requires a change at the next login', async () => {
    const { id, password: first } = await createThroughForm({ username: 'unohtaja', displayName: 'Unto Unohtaja' });
    const user = await loginAndChange('unohtaja', first, 'unohtajan salasana');
    expect((await user.get('/')).status).toBe(200);

    const audit = lastAuditId(server);
    const res = await admin.post(`/admin/users/${id}`, { intent: 'resetPassword' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toContain('no-store');
    const html = await htmlOf(res);
    const password = shownPassword(html);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(password).not.toBe(first);
    expect(userRow('unohtaja')!.must_change_password).toBe(1);
    expect(sessionsOf(id)).toBe(0);
    expect(new URL(location(await user.get('/'))!, server.url).pathname).toBe('/login');
    // The page shown later has no password on it.
    expect(await htmlOf(await admin.get(`/admin/users/${id}`))).not.toContain(password);

    expect((await new Client(server.url).post('/login', { username: 'unohtaja', password: 'unohtajan salasana' })).status).toBe(401);
    const again = await new Client(server.url).login('unohtaja', password);
    expect(location(await again.get('/'))).toBe('/password?redirectTo=%2F');

    const rows = auditSince(server, audit);
    expect(rows.filter((r) => r.action.startsWith('user.')).map((r) => [r.action, r.entity_id])).toEqual([['user.password_reset', id]]);
    expectNoSecrets(rows, password, first, 'unohtajan salasana');
    expect(server.logs()).not.toContain(password);
  });
});

describe('changing one’s own password', () => {
  let temporary: string;
  let client: Client;
  beforeAll(async () => {
    ({ password: temporary } = await createThroughForm({ username: 'vaihtaja', displayName: 'Vilma Vaihtaja' }));
    client = await new Client(server.url).login('vaihtaja', temporary);
  });

  const post = (currentPassword: string, newPassword: string, repeatPassword = newPassword) =>
    client.post('/password', { currentPassword, newPassword, repeatPassword, redirectTo: '/' });

  it.each([
    ['a too short new password', () => [temporary, 'lyhyt sala1'], 'newPassword', MSG.passwordTooShort],
    ['a too long new password', () => [temporary, 'x'.repeat(129)], 'newPassword', MSG.passwordTooLong],
    ['the same password again', () => [temporary, temporary], 'newPassword', MSG.samePassword],
    ['a wrong current password', () => ['väärä nykyinen salasana', 'kelpaava uusi salasana'], 'currentPassword', MSG.wrongPassword],
    ['an empty current password', () => ['', 'kelpaava uusi salasana'], 'currentPassword', MSG.required],
  ] as const)('refuses %s with a message at the field and keeps no password on the page', async (_, values, field, message) => {
    const [current = '', next = ''] = values();
    const hash = userRow('vaihtaja')!.password_hash;
    const res = await post(current, next);
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, field)).toBe(message);
    expect(html).not.toContain(`value="${next}"`);
    expect(userRow('vaihtaja')!.password_hash).toBe(hash);
    expect(userRow('vaihtaja')!.must_change_password).toBe(1);
  });

  it('accepts exactly 12 characters of any kind, and a redirectTo off the site goes home', async () => {
    const res = await client.post('/password', {
      currentPassword: temporary,
      newPassword: 'aaaaaaaaaaaa',
      repeatPassword: 'aaaaaaaaaaaa',
      redirectTo: '//evil.example',
    });
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/');
    expect(userRow('vaihtaja')!.must_change_password).toBe(0);
    // A voluntary change without redirectTo comes back to the page with a message.
    const voluntary = await client.post('/password', { currentPassword: 'aaaaaaaaaaaa', newPassword: 'toinen salasana', repeatPassword: 'toinen salasana' });
    expect(location(voluntary)).toBe('/password?notice=passwordChanged');
    expect(visibleText(await htmlOf(await client.get('/password?notice=passwordChanged')))).toContain('Salasana on vaihdettu.');
  });
});
