// npm run user:create -- --username anna --name "Anna Admin" --role admin [--role manager]
//                        [--department Yleishallinto] [--leads Sivistystoimi] [--password …]
// Creates a user from the command line, so that a production install needs no demo data.
// Without --password a random one is generated and printed once. The same rules hold as for the
// admin's form: userCreateSchema for the username, name, e-mail and roles, departments
// in use only, and the password length of /password (12–128 characters).
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { setupDatabase } from '../db/base-data';
import { PASSWORD_MAX, PASSWORD_MIN, peopleErrorsOf, userCreateSchema } from '../app/domain/people';
import { isRole, ROLES } from '../app/domain/roles';
import { createUser } from '../app/models/user.server';

function fail(message: string): never {
  console.error(`user:create: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', multiple: true, default: [] },
    department: { type: 'string', multiple: true, default: [] },
    leads: { type: 'string', multiple: true, default: [] },
    password: { type: 'string' },
    email: { type: 'string' },
  },
});

const username = values.username?.trim().toLowerCase();
if (!username || !/^[a-z0-9._-]{2,64}$/.test(username)) fail('--username is required: 2–64 letters a–z, digits, . _ -');
const displayName = values.name?.trim();
if (!displayName) fail('--name is required (the name shown in the app)');
const roles = values.role ?? [];
if (roles.length === 0) fail(`at least one --role is required: ${ROLES.join(', ')}`);
for (const role of roles) if (!isRole(role)) fail(`unknown role ${role}: use ${ROLES.join(', ')}`);
const generated = !values.password;
const password = values.password ?? crypto.randomBytes(15).toString('base64url');
if ([...password].length < PASSWORD_MIN) fail(`the password must be at least ${PASSWORD_MIN} characters`);
if ([...password].length > PASSWORD_MAX) fail(`the password must be at most ${PASSWORD_MAX} characters`);
// The form's schema (departments are checked below, by name, against the ones in use).
const checked = userCreateSchema.safeParse({ username, displayName, email: values.email ?? '', roles, memberOf: [], leads: [] });
if (!checked.success) {
  const option: Record<string, string> = { username: '--username', displayName: '--name', email: '--email', roles: '--role' };
  fail(
    Object.entries(peopleErrorsOf(checked.error))
      .map(([field, error]) => `${option[field] ?? field}: ${error.code}`)
      .join('; '),
  );
}

const db = createDb();
try {
  await setupDatabase(db);
  if (await db('users').where({ username }).first()) fail(`a user named ${username} exists already`);
  // Only departments in use, as the admin's form offers them.
  const departments = new Map((await db('departments').where({ active: true }).select('id', 'name')).map((d) => [d.name.toLowerCase(), d.id]));
  const lookup = (name: string) => departments.get(name.toLowerCase()) ?? fail(`unknown department ${name}: ${[...departments.keys()].join(', ')}`);
  const id = await createUser(
    {
      username: checked.data.username,
      displayName: checked.data.displayName,
      password,
      roles: checked.data.roles,
      memberOf: [...new Set((values.department ?? []).map(lookup))],
      leads: [...new Set((values.leads ?? []).map(lookup))],
      email: checked.data.email,
    },
    db,
  );
  console.log(`Created user ${username} (id ${id}) with roles ${roles.join(', ')}.`);
  if (generated) console.log(`Password (shown once): ${password}`);
} finally {
  await db.destroy();
}
