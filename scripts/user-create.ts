// npm run user:create -- --username anna --name "Anna Admin" --role admin [--role manager]
//                        [--department Yleishallinto] [--leads Sivistystoimi] [--password …]
// Creates a user from the command line, so that a production install needs no demo data.
// Without --password a random one is generated and printed once.
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { setupDatabase } from '../db/base-data';
import { isRole, ROLES } from '../app/domain/roles';
import { createUser } from '../app/models/user.server';

const MIN_PASSWORD = 12;

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
if (password.length < MIN_PASSWORD) fail(`the password must be at least ${MIN_PASSWORD} characters`);

const db = createDb();
try {
  await setupDatabase(db);
  if (await db('users').where({ username }).first()) fail(`a user named ${username} exists already`);
  const departments = new Map((await db('departments').select('id', 'name')).map((d) => [d.name.toLowerCase(), d.id]));
  const lookup = (name: string) => departments.get(name.toLowerCase()) ?? fail(`unknown department ${name}: ${[...departments.keys()].join(', ')}`);
  const id = await createUser(
    {
      username,
      displayName,
      password,
      roles: roles.filter(isRole),
      memberOf: (values.department ?? []).map(lookup),
      leads: (values.leads ?? []).map(lookup),
      email: values.email ?? null,
    },
    db,
  );
  console.log(`Created user ${username} (id ${id}) with roles ${roles.join(', ')}.`);
  if (generated) console.log(`Password (shown once): ${password}`);
} finally {
  await db.destroy();
}
